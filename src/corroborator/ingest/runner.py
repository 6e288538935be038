"""The ingest job: expand sources, parse in parallel, write in batches, summarise.

Each batch is one transaction, so an interrupted run (Ctrl-C, kill -9) keeps every
batch it finished and nothing half-written; ids are content hashes, so a rerun
stores only what is missing.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.ingest.jsonl import TOO_DEEP, too_deep
from corroborator.ingest.parse import Outcome, known_id, process
from corroborator.ingest.units import Note, Skipped, Unit, expand, unexpected
from corroborator.models import ArticleDraft, Provenance, SourceKind
from corroborator.parallel import chunked, ordered_map
from corroborator.store import Store, add_articles
from corroborator.store.articles import existing_ids
from corroborator.store.runs import start_ingest_run, update_ingest_run


@dataclass
class IngestSummary:
    """What an ingest did: articles new, unchanged and revised, inputs failed (with the reason)
    and skipped, and notes on stored articles (a date set aside)."""

    new: int = 0
    unchanged: int = 0
    revised: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    skips: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # on stored articles (a date set aside)
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


def ingest_records(
    records: Iterable[Mapping[str, Any]],
    store: Store,
    settings: IngestSettings,
    source: str = "records",
    on_item: Progress | None = None,
) -> IngestSummary:
    """Ingest records given in memory, each read like one line of a JSONL file (``text`` or
    ``html``, ``id``, ``url``, ``title``, ``outlet``, ...); a bad one fails alone, named
    ``source[N]`` (N counted from 1)."""
    with store.writing("ingest"):
        return _ingest([source], store, settings, on_item, _record_units(records, source))


def _record_units(records: Iterable[Mapping[str, Any]], source: str) -> Iterator[Unit | IngestError]:
    for number, record in enumerate(records, start=1):
        where = f"{source}[{number}]"
        if not isinstance(record, Mapping):
            yield IngestError(where, f"a record must be a mapping (a dict), not {type(record).__name__}")
            continue
        if too_deep(record):
            yield IngestError(where, TOO_DEEP)
            continue
        try:  # what a JSONL line would hold: a record that cannot be one fails here, with its reason
            as_json = json.loads(json.dumps(dict(record), default=_json_value, allow_nan=False))
        except (TypeError, ValueError) as error:
            yield IngestError(where, f"{error}: give text, numbers, true/false, lists and mappings")
            continue
        provenance = Provenance(kind=SourceKind.JSONL, source=source, location=f"item {number}")
        yield Unit("record", where, provenance, record=as_json)


def _json_value(value: object) -> str:
    """A date or time as ISO text (read as a publication time like any other); nothing else."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"a {type(value).__name__} is not a JSON value")


def _ingest(
    sources: list[str],
    store: Store,
    settings: IngestSettings,
    on_item: Progress | None,
    given: Iterator[Unit | IngestError] | None = None,
) -> IngestSummary:
    summary = IngestSummary()
    with store.transaction() as connection:
        summary.run_id = start_ingest_run(connection, sources)
    batch = _Batch()
    work = functools.partial(process, settings=settings)
    units = _mark_stored(expand(sources, settings) if given is None else given, store)
    for item, results in ordered_map(
        work,
        units,
        workers=settings.workers,
        passthrough=lambda item: not isinstance(item, Unit),
        preload=["corroborator.ingest.warm"],
        on_lost=_lost,
        weigh=_weight,
        chunk_weight=CHUNK_BYTES,
    ):
        outcomes = [item] if results is None else list(results)
        drafts = sum(isinstance(outcome, ArticleDraft) for outcome in outcomes)
        for outcome in outcomes:
            batch.take(outcome, summary, _place(item, outcome, drafts))
            if on_item is not None:
                on_item(1)
        if len(batch.drafts) >= settings.batch_size or batch.chars >= BATCH_CHARS:
            batch.flush(store, summary)
    batch.flush(store, summary, finished=True)
    return summary


CHUNK_BYTES = 32_000_000  # of input sent to a worker at once (16 records of 20 MB were 320 MB)


def _weight(item: object) -> int:
    """About how many bytes of input a unit holds or names."""
    if not isinstance(item, Unit):
        return 0
    if item.record is not None:
        return sum(len(value) for value in item.record.values() if isinstance(value, str))
    if item.data is not None:
        return len(item.data)
    if item.path is not None:
        try:
            return os.path.getsize(item.path)
        except OSError:
            return 0
    return 0


def _lost(unit: Unit, reason: str) -> list[Outcome]:
    """A unit whose worker process died (killed for memory, a crash in a C extension): its
    one failure, and the run goes on with a new worker."""
    return [IngestError(unit.source, f"stopped: {reason}; the other inputs are kept")]


def _place(item: object, outcome: object, drafts: int) -> str:
    """How a failure to store ``outcome`` names its input: the unit, and the entry inside
    it when the unit gave several articles (a feed)."""
    source = str(getattr(item, "source", ""))
    if isinstance(outcome, ArticleDraft) and drafts > 1 and outcome.provenance.location:
        return f"{source} {outcome.provenance.location}"
    return source


@dataclass(frozen=True)
class _AlreadyStored:
    source: str


def _mark_stored(
    items: Iterator[Unit | IngestError | Skipped | Note], store: Store, chunk: int = 256
) -> Iterator[Any]:
    """Pass the items on, replacing the records already stored by a marker, so that a
    rerun over a large dump costs one lookup per chunk instead of a parse per record.  A
    chunk also ends at CHUNK_BYTES of input, so that large records are not held 256 at a time."""
    for block in chunked(items, chunk, _weight, CHUNK_BYTES):
        ids = {n: known_id(item) for n, item in enumerate(block) if isinstance(item, Unit)}
        wanted = [i for i in ids.values() if i is not None]
        if wanted:
            with store.reading() as connection:
                present = existing_ids(connection, wanted)
        else:
            present = set()
        for number, item in enumerate(block):
            yield _AlreadyStored(item.source) if ids.get(number) in present else item


# A batch is also written when its texts reach this many characters: 200 articles of up to
# ingest.max_bytes each would otherwise be held at once (50 of 20 MB took 1.2 GB).
BATCH_CHARS = 64_000_000


@dataclass
class _Batch:
    """Drafts (with the inputs they came from) and failures gathered since the last transaction."""

    drafts: list[tuple[str, ArticleDraft]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    chars: int = 0  # of the drafts' texts

    def take(self, outcome: object, summary: IngestSummary, source: str) -> None:
        if isinstance(outcome, ArticleDraft):
            self.drafts.append((source, outcome))
            self.chars += len(outcome.text)
        elif isinstance(outcome, IngestError):
            self.fail(summary, outcome.source, outcome.reason)
        elif isinstance(outcome, Note):
            summary.notes.append((outcome.source, outcome.reason))
        elif isinstance(outcome, _AlreadyStored):
            summary.unchanged += 1
        elif isinstance(outcome, Skipped):
            summary.skipped += 1
            summary.skips.append((outcome.source, outcome.reason))

    def fail(self, summary: IngestSummary, source: str, reason: str) -> None:
        summary.failed += 1
        summary.failures.append((source, reason))
        self.failures.append((source, reason))

    def flush(self, store: Store, summary: IngestSummary, *, finished: bool = False) -> None:
        """Store the drafts and the run's counts in one transaction.  When the store refuses
        the batch, each draft is stored alone, so that only the one at fault fails."""
        try:
            self._write(store, summary, self.drafts, finished=finished)
        except Exception:  # noqa: BLE001 - whatever one row raises, it is told below, with its input
            for source, draft in self.drafts:
                try:
                    self._write(store, summary, [(source, draft)])
                except Exception as error:  # noqa: BLE001 - that row's failure line
                    self.fail(summary, source, unexpected(error, "storing it"))
            self._write(store, summary, [], finished=finished)
        self.drafts.clear()
        self.chars = 0

    def _write(
        self,
        store: Store,
        summary: IngestSummary,
        drafts: list[tuple[str, ArticleDraft]],
        *,
        finished: bool = False,
    ) -> None:
        assert summary.run_id is not None
        with store.transaction() as connection:
            statuses = [result.status for result in add_articles(connection, [draft for _, draft in drafts])]
            counts = summary.counts()
            for status in statuses:
                counts[status.value] += 1
            update_ingest_run(connection, summary.run_id, counts, self.failures, finished=finished)
        # Counted once the transaction holds: a refused batch counts nothing.
        summary.new, summary.unchanged, summary.revised = (
            counts["new"],
            counts["unchanged"],
            counts["revised"],
        )
        self.failures.clear()
