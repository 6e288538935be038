"""Writing records as JSON Lines (nested, one record a line) or CSV (flat)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from pydantic import BaseModel


def write_jsonl(records: Iterable[BaseModel], stream: TextIO) -> int:
    count = 0
    for record in records:
        stream.write(record.model_dump_json() + "\n")
        count += 1
    return count


# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)" in
# an article's title); a tab or a carriage return can start one too.  Such a text cell is
# written with an apostrophe before it, the usual rule (OWASP's "CSV injection"): spreadsheets
# show the text as it is and hide the apostrophe.  JSON Lines are written as stored.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A value as a CSV cell: nested values as JSON text, formula-like text neutralised."""
    if isinstance(value, dict | list):
        return json.dumps(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _flat_rows(record: BaseModel) -> list[dict[str, Any]]:
    """CSV rows of a record: one per member for records with a ``members`` list
    (the group's fields repeated), nested values as JSON text."""
    data = record.model_dump(mode="json")
    members = data.pop("members", None)
    base = {key: _cell(value) for key, value in data.items()}
    if members is None:
        return [base]
    prefix = "group_"
    return [
        {
            **{prefix + key: value for key, value in base.items()},
            **{key: _cell(value) for key, value in member.items()},
        }
        for member in members
    ]


def write_csv(records: Iterable[BaseModel], stream: TextIO) -> int:
    writer: csv.DictWriter[str] | None = None
    count = 0
    for record in records:
        for row in _flat_rows(record):
            if writer is None:
                writer = csv.DictWriter(stream, fieldnames=list(row), extrasaction="ignore")
                writer.writeheader()
            writer.writerow(row)
        count += 1
    return count
