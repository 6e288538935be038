"""Following stories as they develop: poll feeds, sitemaps and URL lists, ingest what is
new, analyse it, and rewrite the dossiers of the stories it changed.

It sits on top of the flow like ``analyze``: each cycle is one ingest (whose batches are
committed as they come) and one resumable analysis, so a cycle stopped part-way keeps what
it committed and the next cycle (or a rerun) finishes the rest.  A source that fails is
tried again later, each failure in a row doubling its pause (up to ``MAX_BACKOFF``).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from corroborator.config import Settings
from corroborator.errors import ConfigError
from corroborator.ingest import IngestSummary, ingest
from corroborator.pipeline.runner import StageReport, analyze
from corroborator.store import Store
from corroborator.store.align_inputs import aligned_fingerprints

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")

MAX_BACKOFF = 3600.0  # a source down for long is still tried at least hourly
DOSSIER_PREFIX = "dossier-"


def parse_duration(text: str) -> float:
    """Seconds in a duration written like ``30s``, ``10m``, ``1h``, ``1h30m`` or ``45`` (seconds)."""
    spoken = text.strip().lower().replace(" ", "")
    parts = list(_DURATION.finditer(spoken))
    if not spoken or not parts or "".join(part.group(0) for part in parts) != spoken:
        raise ConfigError(f"'{text}' is not a duration: write it like 30s, 10m, 1h or 1h30m")
    seconds = sum(float(part.group(1)) * _UNITS[part.group(2) or "s"] for part in parts)
    if seconds <= 0:
        raise ConfigError(f"'{text}' is no time at all: give a duration above zero, like 30s or 10m")
    return seconds


@dataclass
class _Backoff:
    failures: int = 0
    due: float = 0.0  # on the watch's clock


@dataclass
class Cycle:
    """What one cycle did: its number, the sources it polled (those due) and those it let rest
    (backed off after failing), the sources that failed (with the reason and the seconds until the next try), the
    ingest's summary, the analysis' reports, the stories that changed and the dossiers written."""

    number: int
    polled: list[str] = field(default_factory=list)
    resting: list[str] = field(default_factory=list)
    down: list[tuple[str, str, float]] = field(default_factory=list)
    ingested: IngestSummary | None = None
    analysed: list[StageReport] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    seconds: float = 0.0


class Watch:
    """Polls ``sources`` every ``every`` seconds into ``store``; with ``dossiers`` (a folder),
    keeps one dossier file per story there in ``format`` (html, md or json)."""

    def __init__(
        self,
        sources: list[str],
        store: Store,
        settings: Settings,
        every: float,
        dossiers: Path | None = None,
        format: str = "html",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not sources:
            raise ConfigError("nothing to watch: give at least one feed, sitemap or URL list")
        if every <= 0:
            raise ConfigError(f"the interval must be above zero seconds, not {every:g}")
        from corroborator.report import renderers

        renderers.get(format)  # an unknown format fails now, not after the first ingest
        self.sources = list(dict.fromkeys(sources))
        self.store, self.settings, self.every = store, settings, every
        self.dossiers, self.format, self.clock = dossiers, format, clock
        self.cycles = 0
        self._backoff = {source: _Backoff() for source in self.sources}
        if dossiers is not None:
            try:
                dossiers.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise ConfigError(
                    f"cannot keep dossiers in '{dossiers}': {error.strerror or error}; give a folder you can write"
                ) from error

    def due(self) -> list[str]:
        """The sources whose turn it is (those backed off after a failure wait longer)."""
        now = self.clock()
        return [source for source in self.sources if self._backoff[source].due <= now]

    def cycle(self) -> Cycle:
        """Poll the sources that are due, ingest and analyse what is new, rewrite the dossiers
        of the stories that changed.  Fetch failures are reported in the cycle, never raised."""
        self.cycles += 1
        started = self.clock()
        report = Cycle(self.cycles, polled=self.due())
        report.resting = [
            source
            for source in self.sources
            if source not in report.polled and self._backoff[source].failures > 0
        ]
        with self.store.writing("watch"):
            before = self._fingerprints()
            if report.polled:
                report.ingested = ingest(report.polled, self.store, self.settings.ingest)
                report.down = self._note_failures(report.polled, report.ingested)
            report.analysed = analyze(self.store, self.settings)
            after = self._fingerprints()
            report.changed = sorted(story for story, mark in after.items() if before.get(story) != mark)
            if self.dossiers is not None:
                report.written, report.removed = self._write_dossiers(report.changed, set(after))
        report.seconds = self.clock() - started
        return report

    def next_poll(self) -> float:
        """Seconds from now until the next source is due."""
        now = self.clock()
        return max(0.0, min(backoff.due for backoff in self._backoff.values()) - now)

    def run(self, *, once: bool = False, on_cycle: Callable[[Cycle], None] | None = None) -> int:
        """Cycle until interrupted (KeyboardInterrupt, raised between or inside cycles: what
        was committed stays); with ``once``, one cycle.  Returns the number of cycles done."""
        while True:
            report = self.cycle()
            if on_cycle is not None:
                on_cycle(report)
            if once:
                return self.cycles
            time.sleep(self.next_poll())

    def _note_failures(self, polled: list[str], summary: IngestSummary) -> list[tuple[str, str, float]]:
        """Back off each polled source that failed as a whole (not one entry of it); a source
        that answered is due again after one interval."""
        failed = {source: reason for source, reason in summary.failures if source in self._backoff}
        now, down = self.clock(), []
        for source in polled:
            backoff = self._backoff[source]
            if source not in failed:
                backoff.failures, backoff.due = 0, now + self.every
                continue
            backoff.failures += 1
            pause = min(self.every * 2**backoff.failures, max(MAX_BACKOFF, self.every))
            backoff.due = now + pause
            down.append((source, failed[source], pause))
        return down

    def _fingerprints(self) -> dict[str, str]:
        with self.store.reading() as connection:
            return aligned_fingerprints(connection)

    def dossier_path(self, story_id: str) -> Path:
        assert self.dossiers is not None
        return self.dossiers / f"{DOSSIER_PREFIX}{story_id}.{self.format}"

    def _write_dossiers(self, changed: list[str], current: set[str]) -> tuple[list[Path], list[Path]]:
        """Rewrite the dossiers of the stories that changed and of those that have none yet;
        remove those of stories that are gone (merged or split into others)."""
        from corroborator.report import report

        assert self.dossiers is not None
        wanted = sorted(set(changed) | {story for story in current if not self.dossier_path(story).exists()})
        written = []
        for story in wanted:
            path = self.dossier_path(story)
            partial = path.with_name(path.name + ".partial")
            partial.write_text(report(self.store, story, self.format), encoding="utf-8")
            os.replace(partial, path)  # a reader never sees half a dossier
            written.append(path)
        removed = []
        for path in sorted(self.dossiers.glob(f"{DOSSIER_PREFIX}*.{self.format}")):
            story = path.name.removeprefix(DOSSIER_PREFIX).removesuffix(f".{self.format}")
            if story not in current:
                path.unlink()
                removed.append(path)
        return written, removed
