"""Ingestion: files, folders, JSONL and WARC dumps, URLs and feeds into stored articles."""

from corroborator.ingest.runner import IngestSummary, ingest, ingest_records

__all__ = ["IngestSummary", "ingest", "ingest_records"]
