"""`export`, `datasette-metadata`, `config`, `demo` and `eval`: reading results out."""

from __future__ import annotations

import functools
import json
import sys
import tempfile
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from pydantic import BaseModel
from rich.markup import escape
from rich.table import Table

from corroborator.cli.common import (
    ConfigOption,
    DbOption,
    OutputOption,
    console,
    open_store,
    out,
    settings_from,
)
from corroborator.errors import ConfigError, NotYetAvailable
from corroborator.export import export_header, export_records, record_type, write_csv, write_json, write_jsonl
from corroborator.export.kinds import claim_review_records
from corroborator.provenance import provenance
from corroborator.store.datasette_metadata import datasette_metadata


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    json = "json"


def export_cmd(
    kind: Annotated[
        str,
        typer.Argument(help="articles, copy-groups, attributions, claims, quantities, claim-reviews, ..."),
    ],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.jsonl,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start a CSV file with a UTF-8 byte order mark, for Excel.")
    ] = False,
    output: OutputOption = None,
    link_base: Annotated[
        str | None,
        typer.Option("--link-base", help="claim-reviews: the web app's URL, for each review's url."),
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Write stored results as JSON Lines, CSV or one JSON document (with its provenance).

    A JSON Lines or CSV file written with -o gets FILE.provenance.json beside it: when, by
    which version, with which settings and from which corpus it was made."""
    if bom and format is not Format.csv:
        raise ConfigError("--bom applies to --format csv only: JSON Lines are read as UTF-8 without it")
    if link_base is not None and kind != "claim-reviews":
        raise ConfigError(f"--link-base applies to claim-reviews only, not to {kind}")
    if link_base is not None and not link_base.startswith(("http://", "https://")):
        raise ConfigError(f"--link-base '{link_base}' is not an http(s) URL: give the web app's address")
    settings = settings_from(config, **{"store.db": db})
    with open_store(settings, create=False) as store:
        linked = link_base is not None
        records = claim_review_records(store, link_base) if linked else export_records(kind, store)
        made = provenance(store, settings)
        as_csv = functools.partial(write_csv, bom=bom, model=record_type(kind))
        as_json = functools.partial(write_json, kind=kind, made=made)
        writers: dict[Format, Callable[[Iterable[BaseModel], TextIO], int]] = {
            Format.jsonl: write_jsonl,
            Format.csv: as_csv,
            Format.json: as_json,
        }
        writer = writers[format]
        if output is None:
            count = writer(records, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as stream:
                count = writer(records, stream)
    if output is not None and format is not Format.json:
        beside = output.with_name(output.name + ".provenance.json")
        header = export_header(kind, made) | {"file": output.name, "records": count}
        beside.write_text(json.dumps(header, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    console.print(f"exported {count} {kind}" + (f" to {output}" if output else ""))


def datasette_metadata_cmd(
    db: DbOption = None, config: ConfigOption = None, output: OutputOption = None
) -> None:
    """Write Datasette metadata for the store: descriptions, labels, search, internal tables hidden.

    Open the store with it: `datasette corroborator.db -m metadata.json`."""
    settings = settings_from(config, **{"store.db": db})
    with open_store(settings, create=False) as store:
        written = json.dumps(datasette_metadata(store), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        out.print(written, end="", markup=False, highlight=False)
        return
    output.write_text(written, encoding="utf-8")
    opened = escape(f"datasette {settings.store.db} -m {output}")
    console.print(f"wrote Datasette metadata to {escape(str(output))}: open the store with `{opened}`")


def config_cmd(config: ConfigOption = None, db: DbOption = None) -> None:
    """Print the effective settings and where each value came from."""
    settings = settings_from(config, **{"store.db": db})
    table = Table("setting", "value", "from")
    for name, value, origin in settings.items():
        table.add_row(name, repr(value), origin)
    out.print(table)


def demo_cmd(
    output: Annotated[Path, typer.Option("--out", help="Folder for the demo database and exports.")] = Path(
        "corroborator-demo"
    ),
    config: ConfigOption = None,
) -> None:
    """Analyse the bundled demo corpus into a fresh database and say what was found."""
    from corroborator.demo import run_demo

    settings = settings_from(config, **{"store.db": str(output / "demo.db")})
    result = run_demo(output, settings)
    summary = result.ingest
    out.print(f"[bold]Demo corpus[/]: {summary.new} articles stored ({summary.failed} failed) in {result.db}")
    for source, reason in summary.failures:
        out.print(f"  failed {source}: {reason}")
    for report in result.stages:
        out.print(f"Stage {report.name}: {report.done} {report.unit}, {report.failed} failed")
    with open_store(settings, create=False) as store:
        from corroborator.export import export_records as records
        from corroborator.store.parses import parse_summary

        groups = [g for g in records("copy-groups", store) if getattr(g, "size", 1) > 1]
        with store.reading() as connection:
            parsed = parse_summary(connection)
    for row in parsed:
        what = "parsed" if row["status"] == "parsed" else row["note"]
        out.print(
            f"[bold]{what}[/]: {row['articles']} article(s), {row['sentences']} sentences, "
            f"{row['tokens']} tokens" + (f", {row['mentions']} entity mentions" if row["mentions"] else "")
        )
    out.print(f"[bold]Copy groups[/] with more than one article: {len(groups)}")
    for group in groups:
        outlets = ", ".join(m.outlet for m in group.members)  # type: ignore[attr-defined]
        out.print(f"  {group.id}: {group.size} copies ({outlets})")  # type: ignore[attr-defined]
    score = result.copy_groups
    out.print(
        f"Copy groups against the demo gold: precision {score.precision:.2f}, "
        f"recall {score.recall:.2f}, F1 {score.f1:.2f} ({score.exact_groups}/{score.gold_groups} groups exact)"
    )
    stories = result.stories
    out.print(
        f"[bold]Stories[/]: {stories.found} found ({stories.gold} in the demo gold, {stories.exact_stories} "
        f"exactly), BCubed F1 {stories.bcubed_f1:.2f}"
    )
    with open_store(settings, create=False) as store:
        from corroborator.store.stories import iter_stories

        with store.reading() as connection:
            largest: str | None = None
            for story in iter_stories(connection):
                largest = largest or story.id
                out.print(
                    f"  {story.id}: {story.n_articles} articles, {story.n_outlets} outlets, "
                    f"{story.n_copy_groups} copy groups: {escape(story.label)}"
                )
    entities = result.entities
    out.print(
        f"[bold]Entities[/]: merges against the demo gold names, precision {entities.precision:.2f}, "
        f"recall {entities.recall:.2f} ({entities.wrong_merges} forbidden merges)"
    )
    aligned = result.claim_groups
    out.print(
        f"[bold]Claim groups[/]: against the demo gold, pairwise precision {aligned.precision:.2f}, recall "
        f"{aligned.recall:.2f}, F1 {aligned.f1:.2f}; conflicts found {aligned.conflict_recall:.2f} of the gold's "
        f"({aligned.false_conflicts} false); verdicts right {aligned.verdict_accuracy:.2f}"
    )
    with open_store(settings, create=False) as store:
        from corroborator.store.claim_groups import iter_claim_groups

        with store.reading() as connection:
            carried = sorted(
                (g for g in iter_claim_groups(connection) if g.n_articles > 1),
                key=lambda g: (-g.n_articles, g.id),
            )[:5]
    for group in carried:
        out.print(
            f"  {group.verdict.value if group.verdict else '-'}: {group.n_articles} articles, "
            f"{group.n_origins} origins: {escape(group.label[:90])}"
        )
    out.print("[bold]Where to look[/]:")
    for path in result.exports:
        out.print(f"  {path}")
    out.print(f"  corroborator export articles --db {result.db} --format csv")
    out.print(f"  corroborator stories --db {result.db}")
    out.print(f"  corroborator entities --db {result.db}")
    out.print(f"  corroborator export claim-groups --db {result.db} --format csv")
    out.print(
        f"  corroborator report {largest or 'STORY'} --db {result.db} -o dossier.html   (the largest story's dossier)"
    )
    out.print(f"  corroborator serve --db {result.db}   (the web app on http://127.0.0.1:8000)")
    metadata = result.db.parent / "metadata.json"
    out.print(f"  corroborator datasette-metadata --db {result.db} -o {metadata}")
    out.print(
        f"  datasette {result.db} -m {metadata}   (search, descriptions; or: sqlite-utils tables {result.db})"
    )


BENCHMARK_NAMES = (
    "copy-groups",
    "demo-attributions",
    "demo-claim-groups",
    "demo-claims",
    "demo-entities",
    "demo-quantities",
    "demo-sources",
    "demo-stories",
    "zyte",
    "polnear",
    "newssd",
    "ecbplus",
    "realnews",
    "ggt",
)


def eval_cmd(
    benchmark: Annotated[
        str,
        typer.Argument(help=", ".join(BENCHMARK_NAMES[:-1]) + " or " + BENCHMARK_NAMES[-1]),
    ],
    db: DbOption = None,
    gold: Annotated[Path | None, typer.Option("--gold", help="Gold file (default: the demo's).")] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Benchmark folder (zyte, polnear, newssd, ecbplus, realnews, ggt)."),
    ] = None,
    split: Annotated[
        str | None, typer.Option("--split", help="polnear: dev or train; newssd: val or train; ggt: dev.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    config: ConfigOption = None,
) -> None:
    """Score the pipeline against gold data."""
    if benchmark == "copy-groups":
        scores = _copy_group_scores(db, gold, config)
    elif benchmark == "zyte":
        from corroborator.eval.zyte import score_zyte

        folder = _need_data(benchmark, data, "the zyte-extraction benchmark folder")
        scores = score_zyte(folder, workers=settings_from(config).pipeline.workers).as_dict()
    elif benchmark in ("polnear", "newssd"):
        from corroborator.eval.newssd import score_newssd
        from corroborator.eval.polnear import score_polnear

        what, score, default = {
            "polnear": ("the PolNeAR folder holding train/ and dev/", score_polnear, "dev"),
            "newssd": ("the NewsSD folder holding train.csv and val.csv", score_newssd, "val"),
        }[benchmark]
        result = score(_need_data(benchmark, data, what), split or default)  # type: ignore[operator]
        if not as_json:
            out.print(result.table())
            return
        scores = result.as_dict()
    elif benchmark == "ggt":
        from corroborator.eval.ggt import score_ggt

        ggt = score_ggt(
            _need_data(benchmark, data, "the ggt-quotes folder holding dev.jsonl"), split or "dev"
        )
        if not as_json:
            out.print(ggt.table())
            return
        scores = ggt.as_dict()
    elif benchmark == "ecbplus":
        from corroborator.eval.ecbplus import score_ecbplus

        folder = _need_data(benchmark, data, "the ECB+ folder holding docs.jsonl")
        ecb = score_ecbplus(folder, settings_from(config))
        if not as_json:
            out.print(ecb.table())
            return
        scores = ecb.as_dict()
    elif benchmark == "realnews":
        from corroborator.eval.realnews import score_realnews, table

        folder = _need_data(benchmark, data, "a real-news folder holding articles.jsonl and gold.json")
        real = score_realnews(folder, settings_from(config), db)
        if not as_json:
            out.print(table(real, folder.resolve().name), markup=False)
            return
        scores = real.as_dict()
    elif benchmark == "demo-stories":
        from corroborator.eval.demo_stories import score_demo_stories

        scores = score_demo_stories(settings_from(config)).as_dict()
    elif benchmark == "demo-attributions":
        from corroborator.eval.demo_attributions import score_demo_attributions

        scores = score_demo_attributions(settings_from(config)).as_dict()
    elif benchmark == "demo-entities":
        from corroborator.eval.demo_entities import score_demo_entities

        scores = score_demo_entities(settings_from(config)).as_dict()
    elif benchmark == "demo-claim-groups":
        from corroborator.eval.demo_claim_groups import score_demo_claim_groups

        groups = score_demo_claim_groups(settings_from(config))
        if not as_json:
            out.print(groups.table())
            return
        scores = groups.as_dict()
    elif benchmark == "demo-claims":
        from corroborator.eval.demo_claims import score_demo_claims

        scores = score_demo_claims().as_dict()
    elif benchmark == "demo-sources":
        from corroborator.eval.demo_sources import score_demo_sources

        scores = score_demo_sources().as_dict()
    elif benchmark == "demo-quantities":
        from corroborator.eval.demo_quantities import score_demo_quantities

        scores = score_demo_quantities().as_dict()
    else:
        raise NotYetAvailable(
            f"eval {benchmark} is not available yet: its stage is not part of this version "
            f"(available: {', '.join(BENCHMARK_NAMES)})"
        )
    if as_json:
        out.print_json(json.dumps(scores))
        return
    out.print(f"{benchmark}: " + ", ".join(f"{key} {value}" for key, value in scores.items()))


def _need_data(benchmark: str, data: Path | None, what: str) -> Path:
    if data is None:
        raise ConfigError(f"eval {benchmark} needs --data DIR ({what})")
    return data


def _copy_group_scores(db: str | None, gold: Path | None, config: Path | None) -> dict[str, Any]:
    from corroborator.demo import gold_path, run_demo
    from corroborator.eval import score_copy_groups

    if db is None:
        with tempfile.TemporaryDirectory() as folder:
            settings = settings_from(config, **{"store.db": str(Path(folder) / "demo.db")})
            return run_demo(Path(folder), settings).copy_groups.as_dict()
    settings = settings_from(config, **{"store.db": db})
    with open_store(settings, create=False) as store:
        return score_copy_groups(store, gold or gold_path()).as_dict()
