"""Exports: stored results as JSON Lines or CSV, one record shape per kind."""

from corroborator.export.kinds import export_records, exporters, record_type
from corroborator.export.writers import write_csv, write_jsonl

__all__ = ["export_records", "exporters", "record_type", "write_csv", "write_jsonl"]
