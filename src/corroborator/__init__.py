"""Corroborator: who says what across news reports, who confirms it, and where accounts conflict.

The public API: open a :class:`Store`, :func:`ingest_sources` into it, :func:`analyze`
what is stored, and read results with :func:`export_records`.

    from corroborator import Store, analyze, ingest_sources, load_settings

    settings = load_settings(overrides={"store.db": "news.db"})
    with Store(settings.store.db) as store:
        ingest_sources(["saved-pages/"], store, settings.ingest)
        analyze(store, settings)
"""

from corroborator.config import Settings, load_settings
from corroborator.errors import (
    ConfigError,
    CorroboratorError,
    FetchError,
    IngestError,
    NotFound,
    NotYetAvailable,
    StoreBusy,
    StoreError,
)
from corroborator.export import export_records, write_csv, write_jsonl

# Imported under another name: `corroborator.ingest` stays the subpackage.
from corroborator.ingest import IngestSummary
from corroborator.ingest import ingest as ingest_sources
from corroborator.pipeline import Stage, StageReport, analyze, stages
from corroborator.store import Store

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "CorroboratorError",
    "FetchError",
    "IngestError",
    "IngestSummary",
    "NotFound",
    "NotYetAvailable",
    "Settings",
    "Stage",
    "StageReport",
    "Store",
    "StoreBusy",
    "StoreError",
    "__version__",
    "analyze",
    "export_records",
    "ingest_sources",
    "load_settings",
    "stages",
    "write_csv",
    "write_jsonl",
]
