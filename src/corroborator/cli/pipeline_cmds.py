"""`ingest`, `analyze` and `run`: thin commands over the library's jobs."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from corroborator.cli.common import (
    ConfigOption,
    DbOption,
    OutletOption,
    WorkersOption,
    console,
    open_store,
    settings_from,
)
from corroborator.cli.progress import StageBars, bars
from corroborator.config import Settings
from corroborator.ingest import IngestSummary, ingest
from corroborator.pipeline import StageReport, analyze
from corroborator.store import Store

SourcesArgument = Annotated[
    list[str], typer.Argument(help="Files, folders, URLs or feeds (txt, html, jsonl, warc, rss/atom).")
]


def run_ingest(sources: list[str], store: Store, settings: Settings) -> IngestSummary:
    with bars() as progress:
        task = progress.add_task("ingest", total=None)
        summary = ingest(sources, store, settings.ingest, on_item=lambda n: progress.advance(task, n))
    print_ingest_summary(summary, settings)
    return summary


def print_ingest_summary(summary: IngestSummary, settings: Settings) -> None:
    console.print(
        f"[bold]Ingest into {escape(settings.store.db)}[/]: {summary.new} new, {summary.unchanged} unchanged, "
        f"{summary.revised} revised, {summary.failed} failed, {summary.skipped} skipped"
    )
    _print_lines("[red]failed[/]", summary.failures, "failed", shown=len(summary.failures))
    _print_lines("[yellow]note[/]", summary.notes, "notes")
    _print_lines("[yellow]skipped[/]", summary.skips, "skipped")


def _print_lines(label: str, lines: list[tuple[str, str]], what: str, shown: int = 20) -> None:
    """One line per input (the first ``shown``), then how many more there are."""
    for source, reason in lines[:shown]:
        console.print(f"  {label} {escape(source)}: {escape(reason)}")
    if len(lines) > shown:
        console.print(f"  ... and {len(lines) - shown} more {what}")


def run_analyze(store: Store, settings: Settings) -> list[StageReport]:
    with bars() as progress:
        stages = StageBars(progress)
        reports = analyze(store, settings, on_progress=stages.advance, on_stage=stages.start)
        stages.close()
    for report in reports:
        what = report.unit.removesuffix("s").replace("storie", "story")
        # A version carries the settings it depends on ("7:use-m3:0.22:..."): its number is shown.
        version = f"(version {report.version.split(':')[0]})"
        if report.done == report.failed == 0:
            console.print(f"[bold]Stage {report.name}[/]: nothing to do, every {what} up to date {version}")
            continue
        console.print(
            f"[bold]Stage {report.name}[/]: {counted(report.done, what, report.unit)} done, "
            f"{counted(report.failed, 'failure', 'failures')}, "
            f"{counted(len(report.warnings), 'warning', 'warnings')} {version}"
        )
        for item_id, reason in report.failures:
            console.print(f"  [red]failed[/] {what} {item_id}: {escape(reason)}")
        for item_id, warning in report.warnings[:20]:
            console.print(f"  [yellow]warning[/] {what} {item_id}: {escape(warning)}")
        if len(report.warnings) > 20:
            console.print(f"  ... and {len(report.warnings) - 20} more warnings")
    return reports


def counted(n: int, one: str, many: str) -> str:
    """A count in words: "no failures", "1 story", "12 articles"."""
    return f"no {many}" if n == 0 else f"1 {one}" if n == 1 else f"{n} {many}"


def ingest_cmd(
    sources: SourcesArgument,
    db: DbOption = None,
    config: ConfigOption = None,
    workers: WorkersOption = None,
    outlet: OutletOption = None,
) -> None:
    """Store articles from files, folders, JSONL/CSV/WARC dumps, URLs, RSS/Atom feeds and sitemaps."""
    settings = settings_from(config, **{"store.db": db, "ingest.workers": workers, "ingest.outlet": outlet})
    with open_store(settings) as store:
        summary = run_ingest(sources, store, settings)
    if summary.stored == 0:
        raise typer.Exit(1)


def analyze_cmd(db: DbOption = None, config: ConfigOption = None, workers: WorkersOption = None) -> None:
    """Run every stage on the articles it has not processed yet (resumable)."""
    settings = settings_from(config, **{"store.db": db, "pipeline.workers": workers})
    with open_store(settings, create=False) as store:
        run_analyze(store, settings)


def run_cmd(
    sources: SourcesArgument,
    db: DbOption = None,
    config: ConfigOption = None,
    workers: WorkersOption = None,
    outlet: OutletOption = None,
) -> None:
    """Ingest the sources, then analyse everything not yet analysed."""
    settings = settings_from(
        config,
        **{"store.db": db, "ingest.workers": workers, "pipeline.workers": workers, "ingest.outlet": outlet},
    )
    with open_store(settings) as store, store.writing("run"):
        summary = run_ingest(sources, store, settings)
        run_analyze(store, settings)
    if summary.stored == 0:
        raise typer.Exit(1)
