"""`watch`: poll feeds, sitemaps and URL lists, and keep stories and dossiers current."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.markup import escape

from corroborator.cli.common import ConfigOption, DbOption, WorkersOption, console, open_store, settings_from
from corroborator.cli.present_cmds import ReportFormat
from corroborator.pipeline import Cycle, Watch, parse_duration


def watch_cmd(
    sources: Annotated[
        list[str], typer.Argument(help="RSS/Atom feeds, sitemaps or URL lists (addresses or files) to poll.")
    ],
    every: Annotated[
        str, typer.Option("--every", help="Time between two polls of a source: 30s, 10m, 1h.")
    ] = "10m",
    dossiers: Annotated[
        Path | None,
        typer.Option("--dossiers", help="Folder where the dossier of each story is kept current."),
    ] = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Dossier format.")
    ] = ReportFormat.html,
    once: Annotated[
        bool, typer.Option("--once", help="Poll once, analyse, write the dossiers and exit.")
    ] = False,
    db: DbOption = None,
    config: ConfigOption = None,
    workers: WorkersOption = None,
) -> None:
    """Poll feeds, sitemaps and URL lists; ingest and analyse what is new; keep dossiers current.
    Ctrl-C or SIGTERM stops it, keeping everything committed (run it again to go on)."""
    interval = parse_duration(every)
    settings = settings_from(
        config, **{"store.db": db, "ingest.workers": workers, "pipeline.workers": workers}
    )
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a service manager like by Ctrl-C
    with open_store(settings) as store:
        watch = Watch(sources, store, settings, interval, dossiers, format.value)
        console.print(
            f"watching {len(watch.sources)} source(s) into {escape(settings.store.db)} every {every}"
            + ("" if dossiers is None else f", dossiers in {escape(str(dossiers))}")
            + ("" if once else "; Ctrl-C stops")
        )
        watch.run(once=once, on_cycle=lambda cycle: _print_cycle(cycle, watch))


def _interrupt(_signal: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _print_cycle(cycle: Cycle, watch: Watch) -> None:
    summary = cycle.ingested
    got = "nothing polled" if summary is None else f"{summary.new} new, {summary.unchanged} unchanged"
    failed = sum(report.failed for report in cycle.analysed)
    line = (
        f"[bold]cycle {cycle.number}[/] at {time.strftime('%H:%M:%S')}: {got}; "
        f"{_count(len(cycle.changed), 'story', 'stories')} changed"
    )
    if watch.dossiers is not None:
        line += f", {_count(len(cycle.written), 'dossier', 'dossiers')} written"
    if failed:
        line += f", {failed} failed in analysis"
    console.print(f"{line} ({cycle.seconds:.1f} s)")
    for source, reason, pause in cycle.down:
        console.print(f"  [red]down[/] {escape(source)}: {escape(reason)}; next try in {_duration(pause)}")
    if summary is not None:
        for source, reason in summary.failures:
            if source not in watch.sources:  # a whole source's failure is told above
                console.print(f"  [red]failed[/] {escape(source)}: {escape(reason)}")
    for source in cycle.resting:
        console.print(f"  [yellow]resting[/] {escape(source)}: backed off after failing")


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _duration(seconds: float) -> str:
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"
