"""Writing records as JSON Lines (nested, one record a line) or CSV (flat, for spreadsheets)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from pydantic import BaseModel

from corroborator.export.columns import FORMULA_STARTS, Column, columns_of
from corroborator.provenance import SCHEMA_VERSION, Provenance


def write_jsonl(records: Iterable[BaseModel], stream: TextIO) -> int:
    """Write each record as one line of JSON, exactly as stored; return how many were written."""
    count = 0
    for record in records:
        stream.write(record.model_dump_json() + "\n")
        count += 1
    return count


def export_header(kind: str, made: Provenance) -> dict[str, Any]:
    """What an export says about itself: its shape's version, its kind and its provenance."""
    return {"schema_version": SCHEMA_VERSION, "kind": kind, "provenance": made.model_dump(mode="json")}


def write_json(records: Iterable[BaseModel], stream: TextIO, *, kind: str, made: Provenance) -> int:
    """Write one JSON document: ``schema_version``, ``kind``, ``provenance``, then ``records``
    (written one at a time, so a large export is never held whole); return how many."""
    header = json.dumps(export_header(kind, made), ensure_ascii=False)
    stream.write(header[:-1] + ', "records": [')
    count = 0
    for record in records:
        stream.write(("\n" if count == 0 else ",\n") + record.model_dump_json())
        count += 1
    stream.write("\n]}\n")
    return count


BOM = "\ufeff"
"""Excel reads a CSV file as UTF-8 only when it starts with this mark (else ’, « » and Cyrillic
come out garbled); other programs do not need it, so it is written on request (``--bom``)."""


def write_csv(
    records: Iterable[BaseModel], stream: TextIO, *, bom: bool = False, model: type[BaseModel] | None = None
) -> int:
    """Write records as CSV that a spreadsheet opens as it is; return how many records were written.

    One row per record, or per member for a record with a ``members`` list (the record's own
    columns prefixed ``group_`` and repeated). The columns follow the records' type (``model``,
    else the first record's), so every row has the same ones whatever its values, and an export
    with no records still has its header row (see :mod:`corroborator.export.columns`).
    """
    if bom:
        stream.write(BOM)
    writer = csv.writer(stream)
    columns: list[Column] | None = None
    if model is not None:
        columns = columns_of(model)
        writer.writerow([column.name for column in columns])
    count = 0
    for record in records:
        if columns is None:
            columns = columns_of(type(record))
            writer.writerow([column.name for column in columns])
        writer.writerows(_rows(record, columns))
        count += 1
    return count


def _rows(record: BaseModel, columns: list[Column]) -> list[list[Any]]:
    data = record.model_dump(
        mode="json", by_alias=False
    )  # columns are named by field (JSON-LD keys start with @)
    members = data.get("members")
    if not isinstance(members, list) or not any(column.of_member for column in columns):
        return [[column.cell(data, None) for column in columns]]
    # A group with no members still gets its row, with empty member cells.
    return [[column.cell(data, member) for column in columns] for member in members or [{}]]


__all__ = ["BOM", "FORMULA_STARTS", "export_header", "write_csv", "write_json", "write_jsonl"]
