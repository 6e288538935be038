"""Corroborator: who says what across news reports, who confirms it, and where accounts conflict.

The public API: open a :class:`Store`, :func:`ingest` sources into it, :func:`analyze`
what is stored, and read results with :func:`export_records`.

    from corroborator import Store, analyze, ingest, load_settings

    settings = load_settings(overrides={"store.db": "news.db"})
    with Store(settings.store.db) as store:
        ingest(["saved-pages/"], store, settings.ingest)
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
    StoreError,
)
from corroborator.export import export_records, write_csv, write_jsonl
from corroborator.ingest import IngestSummary, ingest
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
    "StoreError",
    "__version__",
    "analyze",
    "export_records",
    "ingest",
    "load_settings",
    "stages",
    "write_csv",
    "write_jsonl",
]
