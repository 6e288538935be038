"""Corroborator: who says what across news reports, who confirms it, and where accounts conflict.

Analyse texts held in memory with :func:`analyze`, or open a store with :class:`Corroborator`:

    import corroborator

    result = corroborator.analyze([
        {"outlet": "Harbour Gazette", "text": "The ferry to Vellmar will stop in March, the operator said."},
        {"outlet": "Coast Radio", "text": "The operator denied that the Vellmar ferry will stop."},
    ])
    for group in result.claim_groups:
        print(group.verdict, group.label)

    with corroborator.Corroborator("news.db") as news:
        news.ingest(["saved-pages/", "dump.jsonl"])
        news.analyze()
        print(news.report(news.stories()[0], format="md"))

The lower level stays public: :class:`Store`, :func:`ingest_sources`, :func:`analyze_store`
(the pipeline over a store), :func:`export_records`, :func:`load_settings`.

Names are imported when first used, so that ``import corroborator`` stays cheap (spaCy,
trafilatura and the store's drivers load only when a step needs them).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Each public name, and the module (and name there) it comes from.
_EXPORTS: dict[str, tuple[str, str]] = {
    "Analysis": ("corroborator.api", "Analysis"),
    "Corroborator": ("corroborator.api", "Corroborator"),
    "analyze": ("corroborator.api", "analyze"),
    "Settings": ("corroborator.config", "Settings"),
    "load_settings": ("corroborator.config", "load_settings"),
    "ConfigError": ("corroborator.errors", "ConfigError"),
    "CorroboratorError": ("corroborator.errors", "CorroboratorError"),
    "FetchError": ("corroborator.errors", "FetchError"),
    "IngestError": ("corroborator.errors", "IngestError"),
    "NotFound": ("corroborator.errors", "NotFound"),
    "NotYetAvailable": ("corroborator.errors", "NotYetAvailable"),
    "StoreBusy": ("corroborator.errors", "StoreBusy"),
    "StoreError": ("corroborator.errors", "StoreError"),
    "export_records": ("corroborator.export", "export_records"),
    "write_csv": ("corroborator.export", "write_csv"),
    "write_jsonl": ("corroborator.export", "write_jsonl"),
    # Under other names: `corroborator.ingest` stays the subpackage, `analyze` is the in-memory one.
    "IngestSummary": ("corroborator.ingest", "IngestSummary"),
    "ingest_sources": ("corroborator.ingest", "ingest"),
    "analyze_store": ("corroborator.pipeline", "analyze"),
    "Stage": ("corroborator.pipeline", "Stage"),
    "StageReport": ("corroborator.pipeline", "StageReport"),
    "stages": ("corroborator.pipeline", "stages"),
    "Store": ("corroborator.store", "Store"),
}

__all__ = [
    "Analysis",
    "ConfigError",
    "Corroborator",
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
    "analyze_store",
    "export_records",
    "ingest_sources",
    "load_settings",
    "stages",
    "write_csv",
    "write_jsonl",
]


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'corroborator' has no attribute '{name}'") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # the next use is an ordinary lookup
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from corroborator.api import Analysis, Corroborator, analyze
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
    from corroborator.ingest import IngestSummary
    from corroborator.ingest import ingest as ingest_sources
    from corroborator.pipeline import Stage, StageReport, stages
    from corroborator.pipeline import analyze as analyze_store
    from corroborator.store import Store
