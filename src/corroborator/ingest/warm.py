"""Imported by the worker processes' fork server: parsers and the language model are
loaded once there, and every worker forked from it starts with them in memory."""

from corroborator.ingest import parse as _parse  # noqa: F401  (trafilatura, feedparser, lxml)
from corroborator.ingest.meta import detect_language

detect_language("Warm-up text for the language identifier.")
