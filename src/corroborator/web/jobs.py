"""Ingest jobs started from the page or the API: the sources are stored, then analysed,
one job at a time on the app's one job thread, while the page polls the job for its
progress.  A job takes http(s) URLs and uploaded files only, never a path on the server, and
its fetches never reach loopback, private or link-local addresses unless
``server.allow_private_fetch``; at most ``server.max_queued_jobs`` wait at once.

A job holds what a person needs to follow it: its step, how many items that step has
done, the ingest counts and the one-line reason of each input that failed. Jobs are kept in
the store (at each change of state, and at most every :data:`SAVE_EVERY` seconds of
progress), so a finished job's outcome outlives the server; one that a stopped server left
unfinished reads as interrupted, with what to do."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO

from corroborator.config import Settings
from corroborator.errors import Busy, CorroboratorError
from corroborator.ingest import ingest
from corroborator.ingest.units import is_url
from corroborator.pipeline import analyze
from corroborator.store import Store
from corroborator.store.jobs import interrupt_unfinished, load_job, save_job
from corroborator.store.presentation import articles_from
from corroborator.store.stories import story_of
from corroborator.web.models import JobView


@dataclass
class Job:
    id: str
    state: str = "queued"
    stage: str | None = None
    done: int = 0
    summary: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    error: str | None = None
    stories: list[str] = field(default_factory=list)

    def view(self) -> JobView:
        return JobView(
            id=self.id,
            state=self.state,
            stage=self.stage,
            done=self.done,
            summary=dict(self.summary),
            failures=list(self.failures),
            error=self.error,
            stories=list(self.stories),
        )


SAVE_EVERY = 1.0  # seconds between two saves of a running job's progress


class Jobs:
    """The jobs of one app; one runs at a time (analysis uses every worker it is given)."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        refuse_private = not settings.server.allow_private_fetch
        ingest_settings = settings.ingest.model_copy(update={"refuse_private": refuse_private})
        self.settings = settings.model_copy(update={"ingest": ingest_settings})
        self._jobs: dict[str, Job] = {}
        self._runner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="corroborator-job")
        self._waiting = 0
        self._count = threading.Lock()
        with store.transaction() as connection:
            interrupt_unfinished(connection)

    def get(self, job_id: str) -> Job | None:
        if job_id in self._jobs:
            return self._jobs[job_id]
        with self.store.reading() as connection:
            row = load_job(connection, job_id)
        if row is None:
            return None
        return Job(**{name: row[name] for name in Job.__dataclass_fields__})

    def _save(self, job: Job) -> None:
        with self.store.transaction() as connection:
            save_job(connection, asdict(job))

    def start(self, urls: list[str], uploads: list[tuple[str, BinaryIO]]) -> Job:
        """Queue ingesting http(s) ``urls`` and uploaded files ``(name, stream)``; returns the
        job.  Raises when a source is not a URL or too many jobs are waiting."""
        refused = [source for source in urls if not is_url(source)]
        if refused:
            raise CorroboratorError(
                f"'{refused[0][:200]}' is not an http(s) URL: the web app fetches web addresses "
                "and takes uploaded files, never paths on the server"
            )
        with self._count:
            if self._waiting >= self.settings.server.max_queued_jobs:
                raise Busy(
                    f"{self._waiting} ingest jobs are waiting already (server.max_queued_jobs): "
                    "try again when one has finished"
                )
            self._waiting += 1
        job = Job(id=uuid.uuid4().hex[:12])
        self._jobs[job.id] = job
        self._save(job)
        folder = Path(tempfile.mkdtemp(prefix="corroborator-upload-")) if uploads else None
        paths = []
        try:
            for number, (name, stream) in enumerate(uploads):
                assert folder is not None
                path = folder / _file_name(name, number)
                with path.open("wb") as out:
                    shutil.copyfileobj(stream, out, 1 << 20)
                paths.append(str(path))
            self._runner.submit(self._run, job, [*urls, *paths], folder)
        except Exception as error:
            # The job never runs: its place in the queue and its files are given back.
            with self._count:
                self._waiting -= 1
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
            job.state, job.error = "failed", f"the upload could not be kept: {error}"
            self._save(job)
            if isinstance(error, OSError):
                raise CorroboratorError(
                    f"the upload could not be kept on the server ({error.strerror}): try again, or send less"
                ) from error
            raise
        return job

    def _run(self, job: Job, sources: list[str], folder: Path | None) -> None:
        saved = time.monotonic()

        def advance(_stage: str | None = None, step: int = 1) -> None:
            nonlocal saved
            if _stage is not None and _stage != job.stage:
                job.stage, job.done = _stage, 0
            job.done += step
            if time.monotonic() - saved >= SAVE_EVERY:
                self._save(job)
                saved = time.monotonic()

        with self._count:
            self._waiting -= 1
        try:
            job.state, job.stage = "ingesting", "ingest"
            self._save(job)
            summary = ingest(sources, self.store, self.settings.ingest, on_item=lambda n: advance(None, n))
            job.summary = summary.counts()
            job.failures = [f"{_shown(source, folder)}: {reason}" for source, reason in summary.failures]
            job.failures += [f"{_shown(source, folder)}: {reason}" for source, reason in summary.skips]
            job.state = "analysing"
            self._save(job)
            analyze(self.store, self.settings, on_progress=advance)
            with self.store.reading() as connection:
                placed = story_of(connection, articles_from(connection, sources))
            job.stories = sorted(set(placed.values()))
            job.state = "done"
        except CorroboratorError as error:
            job.state, job.error = "failed", str(error)
        except Exception as error:  # re-raised: recorded first so that the page shows it, not a hang
            job.state, job.error = "failed", f"the job stopped on an unexpected error: {error!r}"
            raise
        finally:
            self._save(job)
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


def _file_name(name: str, number: int) -> str:
    """A name the file system takes for the upload: its own name, cut to at most about
    120 bytes (the extension kept, which says how to read it), numbered to be unique."""
    base = Path(name.replace("\x00", "")).name or f"upload-{number}"
    suffix = "".join(Path(base).suffixes)[-20:]
    stem = base[: len(base) - len(suffix)].encode("utf-8")[:120].decode("utf-8", "ignore")
    return f"{number:05d}-{stem}{suffix}"


def _shown(source: str, folder: Path | None) -> str:
    """An uploaded file by the name it was uploaded with, not its temporary path."""
    if folder is not None and source.startswith(str(folder)):
        return source[len(str(folder)) + 1 :].split("-", 1)[-1]
    return source
