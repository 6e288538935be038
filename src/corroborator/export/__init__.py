"""Exports: stored results as JSON Lines, CSV or one JSON document, one record shape per kind."""

from corroborator.export.kinds import export_records, exporters, record_type
from corroborator.export.writers import export_header, write_csv, write_json, write_jsonl

__all__ = [
    "export_header",
    "export_records",
    "exporters",
    "record_type",
    "write_csv",
    "write_json",
    "write_jsonl",
]
