"""Exports: stored results as JSON Lines or CSV, one record shape per kind."""

from corroborator.export.kinds import export_records, exporters
from corroborator.export.writers import write_csv, write_jsonl

__all__ = ["export_records", "exporters", "write_csv", "write_jsonl"]
