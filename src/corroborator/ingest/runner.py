"""The ingest job: expand sources, parse in parallel, write in batches, summarise.

Each batch is one transaction, so an interrupted run (Ctrl-C, kill -9) keeps every
batch it finished and nothing half-written; ids are content hashes, so a rerun
stores only what is missing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.ingest.parse import known_id, process
from corroborator.ingest.units import Skipped, Unit, expand
from corroborator.models import ArticleDraft
from corroborator.parallel import ordered_map
from corroborator.store import AddStatus, Store, add_articles
from corroborator.store.articles import existing_ids
from corroborator.store.runs import start_ingest_run, update_ingest_run


@dataclass
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    revised: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    skips: list[tuple[str, str]] = field(default_factory=list)
    run_id: int | None = None

    @property
    def stored(self) -> int:
        """Articles that are in the store after the run (new, revised or already there)."""
        return self.new + self.unchanged + self.revised

    def counts(self) -> dict[str, int]:
        return {
            "new": self.new,
            "unchanged": self.unchanged,
            "revised": self.revised,
            "failed": self.failed,
            "skipped": self.skipped,
        }


Progress = Callable[[int], None]


def ingest(
    sources: list[str],
    store: Store,
    settings: IngestSettings,
    on_item: Progress | None = None,
) -> IngestSummary:
    """Ingest every source into ``store``; failures are collected, never raised (but a
    SQLite store that another run holds longer than its wait raises StoreBusy)."""
    with store.writing("ingest"):
        return _ingest(sources, store, settings, on_item)


def _ingest(
    sources: list[str], store: Store, settings: IngestSettings, on_item: Progress | None
) -> IngestSummary:
    summary = IngestSummary()
    with store.transaction() as connection:
        summary.run_id = start_ingest_run(connection, sources)
    batch = _Batch()
    work = functools.partial(process, settings=settings)
    units = _mark_stored(expand(sources, settings), store)
    for item, results in ordered_map(
        work,
        units,
        workers=settings.workers,
        passthrough=lambda item: not isinstance(item, Unit),
        preload=["corroborator.ingest.warm"],
    ):
        outcomes = [item] if results is None else list(results)
        for outcome in outcomes:
            batch.take(outcome, summary)
            if on_item is not None:
                on_item(1)
        if len(batch.drafts) >= settings.batch_size:
            batch.flush(store, summary)
    batch.flush(store, summary, finished=True)
    return summary


@dataclass(frozen=True)
class _AlreadyStored:
    source: str


def _mark_stored(
    items: Iterator[Unit | IngestError | Skipped], store: Store, chunk: int = 256
) -> Iterator[Any]:
    """Pass the items on, replacing the records already stored by a marker, so that a
    rerun over a large dump costs one lookup per chunk instead of a parse per record."""
    while block := list(islice(items, chunk)):
        ids = {n: known_id(item) for n, item in enumerate(block) if isinstance(item, Unit)}
        wanted = [i for i in ids.values() if i is not None]
        if wanted:
            with store.reading() as connection:
                present = existing_ids(connection, wanted)
        else:
            present = set()
        for number, item in enumerate(block):
            yield _AlreadyStored(item.source) if ids.get(number) in present else item


@dataclass
class _Batch:
    """Drafts and failures gathered since the last transaction."""

    drafts: list[ArticleDraft] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def take(self, outcome: object, summary: IngestSummary) -> None:
        if isinstance(outcome, ArticleDraft):
            self.drafts.append(outcome)
        elif isinstance(outcome, IngestError):
            summary.failed += 1
            summary.failures.append((outcome.source, outcome.reason))
            self.failures.append((outcome.source, outcome.reason))
        elif isinstance(outcome, _AlreadyStored):
            summary.unchanged += 1
        elif isinstance(outcome, Skipped):
            summary.skipped += 1
            summary.skips.append((outcome.source, outcome.reason))

    def flush(self, store: Store, summary: IngestSummary, *, finished: bool = False) -> None:
        """Store the drafts and the run's counts in one transaction."""
        assert summary.run_id is not None
        with store.transaction() as connection:
            for result in add_articles(connection, self.drafts):
                if result.status is AddStatus.NEW:
                    summary.new += 1
                elif result.status is AddStatus.REVISED:
                    summary.revised += 1
                else:
                    summary.unchanged += 1
            update_ingest_run(connection, summary.run_id, summary.counts(), self.failures, finished=finished)
        self.drafts.clear()
        self.failures.clear()
