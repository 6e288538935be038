"""An ordered, bounded parallel map over a stream: the corpus is never held in memory.

Per-article stages and parsing use it with worker processes; with one worker and no time
budget it runs inline (no process start-up cost, easy to debug).  Items travel in chunks
so that the cost of sending work to another process is paid once per chunk, not once per
item.  A later backend (Dask) fits the same shape: a pure function over items, results
consumed in order: ``backend`` hands the chunks to one (``pipeline.dask_backend``).

With a time budget, every chunk runs in a worker process the map owns, and a chunk that
overruns its budget (a chunk of n items gets n budgets) has its worker killed and
replaced: a loop inside a C extension cannot be interrupted any other way.  The chunk's
items are then run again one at a time, each with its own budget, so that only the item
at fault is given up (``on_lost``); a worker that dies (killed by the kernel for memory, a
crash in a C extension) is handled the same way.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Many = Callable[[list[T]], list[R]]


WARM_SECONDS = 120.0  # a worker's warm-up (imports, a model load) may take this long on top of a budget


class Backend(Protocol):
    """Somewhere else to compute chunks (a Dask cluster), behind the same promises as the
    map's own processes: results in input order, a bounded number of chunks in flight, a
    chunk that fails as a whole run again one item at a time."""

    def run(
        self,
        compute: Many[T, R],
        chunks: Iterator[list[T]],
        skip: Callable[[T], bool],
        budget: float | None,
        on_lost: Callable[[T, str], R] | None,
        idle: Callable[[], None] | None,
        idle_every: float,
    ) -> Iterator[tuple[T, R | None]]: ...


class WorkerLost(RuntimeError):
    """A worker process died or overran its budget and the caller gave no ``on_lost``."""


def ordered_map(
    function: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int = 1,
    chunksize: int = 16,
    passthrough: Callable[[T], bool] | None = None,
    preload: Sequence[str] = (),
    many: Many[T, R] | None = None,
    budget: float | None = None,
    on_lost: Callable[[T, str], R] | None = None,
    idle: Callable[[], None] | None = None,
    idle_every: float = 30.0,
    warm: Callable[[], None] | None = None,
    weigh: Callable[[T], int] | None = None,
    chunk_weight: int = 0,
    backend: Backend | None = None,
) -> Iterator[tuple[T, R | None]]:
    """Yield ``(item, function(item))`` in input order.

    At most ``4 * workers`` chunks are in flight, so memory stays bounded whatever
    the length of ``items``.  Items for which ``passthrough`` is true are not
    computed and come back as ``(item, None)`` in their place.  ``preload`` names
    modules the fork server imports once, so that every worker starts with them (and
    whatever they load at import, such as a model) already in memory.  ``many``, when
    given, computes a whole chunk at once (a batch for spaCy's ``nlp.pipe``).

    ``budget`` is the seconds one item may take; an item given up (over its budget, or its
    worker died) comes back as ``on_lost(item, reason)``, or raises WorkerLost.  While the
    map waits on a slow item, ``idle()`` is called every ``idle_every`` seconds (to commit
    what is already done, for instance).  ``warm()`` runs once in each worker before its
    first job (a model load), outside any budget.  With ``weigh``, a chunk also ends when its
    items weigh ``chunk_weight`` together (bytes, say), so that a chunk of large items is
    not held, sent and computed all at once.

    With ``backend``, chunks are computed there instead (``workers``, ``preload`` and
    ``warm`` are then the backend's business).
    """
    skip = passthrough or (lambda _item: False)
    compute: Many[T, R] = many or functools.partial(_each, function)
    chunks = chunked(iter(items), chunksize, weigh, chunk_weight)
    if backend is not None:
        yield from backend.run(compute, chunks, skip, budget, on_lost, idle, idle_every)
        return
    if workers <= 1 and not budget:
        if many is None:  # one item at a time: nothing is computed ahead of its turn
            for item in items:
                yield item, (None if skip(item) else function(item))
            return
        for chunk in chunks:
            wanted = [item for item in chunk if not skip(item)]
            results = iter(compute(wanted) if wanted else [])
            for item in chunk:
                yield item, (None if skip(item) else next(results))
        return
    pool = _Pool(compute, max(1, workers), preload, budget, on_lost, warm)
    try:
        yield from pool.run(chunks, skip, idle, idle_every)
    finally:
        pool.close()


def _refers_to_main(work: object) -> bool:
    """Whether sending ``work`` to a worker names something defined in the caller's script (a
    stage a user wrote there): then the worker needs the script, as Python gives it by default."""
    try:
        return b"__main__" in bytes(ForkingPickler.dumps(work))
    except Exception:  # noqa: BLE001 - unpicklable work fails at the start, with Python's own message
        return True


@contextmanager
def _script_not_rerun(script_free: bool) -> Iterator[None]:
    """Start a worker without running the caller's script again in it.

    Python starts a forkserver worker by running the main script again (as ``__mp_main__``) so
    that what it defines can be unpickled there; a script with no ``if __name__ == "__main__":``
    guard would start its whole run again in every worker, which Python refuses.  Work that
    names nothing from the script does not need it, so the script's path is hidden while the
    worker starts (``multiprocessing.spawn.get_preparation_data`` reads it then).
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if not script_free or main is None or path is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


def _each(function: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [function(item) for item in chunk]


def chunked(
    stream: Iterator[T], size: int, weigh: Callable[[T], int] | None = None, most: int = 0
) -> Iterator[list[T]]:
    """Lists of at most ``size`` items from ``stream``, each ended early once its items weigh
    ``most`` together (when ``weigh`` is given)."""
    if weigh is None or most <= 0:
        while chunk := list(islice(stream, size)):
            yield chunk
        return
    chunk, weight = [], 0
    for item in stream:
        chunk.append(item)
        weight += weigh(item)
        if len(chunk) >= size or weight >= most:
            yield chunk
            chunk, weight = [], 0
    if chunk:
        yield chunk


@dataclass(eq=False)
class _Job(Generic[T]):
    """Items computed together in one worker, and what came back."""

    slot: _Slot[T]
    items: list[T]
    results: list[Any] | None = None
    error: BaseException | None = None
    deadline: float = 0.0

    def split(self) -> list[_Job[T]]:
        """This job's items as jobs of one item each, in its place in its chunk."""
        singles = [_Job(self.slot, [item]) for item in self.items]
        at = self.slot.jobs.index(self)
        self.slot.jobs[at : at + 1] = singles
        return singles

    def lose(self, reason: str, on_lost: Callable[[T, str], Any] | None) -> None:
        """Give up this job of one item: ``on_lost`` says what stands for its result."""
        if on_lost is None:
            self.error = WorkerLost(reason)
        else:
            self.results = [on_lost(self.items[0], reason)]


@dataclass(eq=False)
class _Slot(Generic[T]):
    """One chunk in input order; its items may be split over several jobs."""

    chunk: list[tuple[T, bool]]
    jobs: list[_Job[T]] = field(default_factory=list)

    @classmethod
    def of(cls, chunk: list[T], skip: Callable[[T], bool]) -> _Slot[T]:
        """The chunk with one job for its items that are not skipped (none if all are)."""
        slot = cls([(item, skip(item)) for item in chunk])
        wanted = [item for item, skipped in slot.chunk if not skipped]
        if wanted:
            slot.jobs.append(_Job(slot, wanted))
        return slot

    def done(self) -> bool:
        return all(job.results is not None or job.error is not None for job in self.jobs)


@dataclass(eq=False)
class _Worker:
    process: Any  # multiprocessing's Process for the context in use
    connection: Connection
    job: _Job[Any] | None = None
    ready: bool = False  # warmed up: its job's budget runs from then


class _Pool(Generic[T, R]):
    """Worker processes fed one job at a time, so that the map knows when each job started
    and which process to replace when it overruns."""

    def __init__(
        self,
        compute: Many[T, R],
        size: int,
        preload: Sequence[str],
        budget: float | None,
        on_lost: Callable[[T, str], R] | None,
        warm: Callable[[], None] | None,
    ) -> None:
        self.compute, self.size, self.budget, self.on_lost = compute, size, budget, on_lost
        self.warm = warm
        self.context = multiprocessing.get_context("forkserver")
        if preload:
            # Takes effect only before the fork server's first start in this process.
            self.context.set_forkserver_preload(list(preload))
        self.workers: list[_Worker] = []
        self.ready: deque[_Job[T]] = deque()
        self.script_free = "__main__" not in preload and not _refers_to_main((compute, warm))

    def run(
        self,
        chunks: Iterator[list[T]],
        skip: Callable[[T], bool],
        idle: Callable[[], None] | None,
        idle_every: float,
    ) -> Iterator[tuple[T, R | None]]:
        def step(timeout: float | None) -> None:
            self._dispatch()
            self._collect(timeout)

        return drive(chunks, skip, 4 * self.size, self.ready.extend, step, idle, idle_every)

    def _dispatch(self) -> None:
        for worker in list(self.workers):
            if worker.job is None and not worker.process.is_alive():
                self._retire(worker)
        while self.ready:
            free = next((w for w in self.workers if w.job is None), None)
            if free is None and len(self.workers) >= self.size:
                return
            worker = free or self._start()
            job = self.ready.popleft()
            worker.job = job
            job.deadline = self._deadline(job, worker.ready)
            worker.connection.send(job.items)

    def _deadline(self, job: _Job[T], ready: bool) -> float:
        return time.monotonic() + (self.budget or 0) * len(job.items) + (0 if ready else WARM_SECONDS)

    def _collect(self, idle_timeout: float | None) -> None:
        """Wait for the next result, death or overrun among the busy workers."""
        busy = [worker for worker in self.workers if worker.job is not None]
        if not busy:
            return
        timeout = idle_timeout
        if self.budget:
            left = max(0.0, min(w.job.deadline for w in busy if w.job) - time.monotonic())
            timeout = left if timeout is None else min(left, timeout)
        waitables: list[Any] = [w.connection for w in busy] + [w.process.sentinel for w in busy]
        ready = set(wait(waitables, timeout))
        for worker in busy:
            job = worker.job
            assert job is not None
            if worker.connection in ready:
                try:
                    status, value = worker.connection.recv()
                except (EOFError, OSError):
                    self._lose(worker, _death(worker.process))
                    continue
                if status == "ready":
                    worker.ready = True
                    job.deadline = self._deadline(job, True)
                    continue
                worker.job = None
                if status == "ok":
                    job.results = value
                else:
                    job.error = value
            elif worker.process.sentinel in ready:
                self._lose(worker, _death(worker.process))
            elif self.budget and time.monotonic() >= job.deadline:
                seconds = self.budget * len(job.items)
                self._lose(
                    worker, f"took longer than its {seconds:g} s budget (its worker process was replaced)"
                )

    def _lose(self, worker: _Worker, reason: str) -> None:
        """Give up the worker's job: a job of several items is run again one item at a
        time; a single item is lost with the reason."""
        job = worker.job
        assert job is not None
        self._retire(worker)
        if len(job.items) > 1:
            self.ready.extendleft(reversed(job.split()))
            return
        job.lose(reason, self.on_lost)

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(
            target=_serve,
            args=(self.compute, self.warm, theirs, os.getpid()),
            daemon=True,
            name="corroborator-worker",
        )
        with _script_not_rerun(self.script_free):
            process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.connection.close()
        self.workers.remove(worker)

    def close(self) -> None:
        for worker in list(self.workers):
            if worker.job is None:
                worker.connection.close()  # the worker reads the end of its input and exits
        for worker in list(self.workers):
            worker.process.join(2 if worker.job is None else 0)
            self._retire(worker)


def drive(
    chunks: Iterator[list[T]],
    skip: Callable[[T], bool],
    limit: int,
    send: Callable[[list[_Job[T]]], None],
    step: Callable[[float | None], None],
    idle: Callable[[], None] | None,
    idle_every: float,
) -> Iterator[tuple[T, Any]]:
    """The loop every kind of worker shares: keep ``limit`` chunks in flight, their jobs
    handed to ``send``; yield the oldest chunk's results once all its jobs are done, else
    ``step(timeout)`` to wait for news (at most ``idle_every`` seconds when there is an
    ``idle`` to call while nothing comes back)."""
    slots: deque[_Slot[T]] = deque()
    exhausted = False
    last_news = time.monotonic()
    while True:
        while not exhausted and len(slots) < limit:
            chunk = next(chunks, None)
            if chunk is None:
                exhausted = True
                break
            slots.append(_Slot.of(chunk, skip))
            send(slots[-1].jobs)
        if slots and slots[0].done():
            yield from _results(slots.popleft())
            last_news = time.monotonic()
            continue
        if not slots:
            return
        step(idle_every if idle is not None else None)
        if idle is not None and time.monotonic() - last_news >= idle_every:
            idle()
            last_news = time.monotonic()


def _results(slot: _Slot[T]) -> Iterator[tuple[T, Any]]:
    results: list[Any] = []
    for job in slot.jobs:
        if job.error is not None:
            raise job.error
        assert job.results is not None
        results.extend(job.results)
    computed = iter(results)
    for item, skipped in slot.chunk:
        yield item, (None if skipped else next(computed))


def _death(process: Any) -> str:
    process.join(1)
    code = process.exitcode
    how = f"was killed by signal {-code}" if code is not None and code < 0 else f"exited with code {code}"
    if code == -signal.SIGKILL:
        how += " (out of memory?)"
    return f"its worker process {how}"


def _serve(
    compute: Many[Any, Any], warm: Callable[[], None] | None, connection: Connection, owner: int
) -> None:
    """A worker's loop: say ``("ready", None)`` once warm, then compute each job sent and
    send back ``("ok", results)`` or ``("error", e)``."""
    # Ctrl-C is the main process's to handle: it stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(owner, os.getppid()), daemon=True).start()
    if warm is not None:
        warm()
    connection.send(("ready", None))
    while True:
        try:
            items = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", compute(items))
        except Exception as error:  # noqa: BLE001 - sent back to be raised in the main process
            reply = ("error", error)
        try:
            connection.send(reply)
        except Exception as error:  # noqa: BLE001 - an unpicklable result or exception
            connection.send(("error", RuntimeError(f"{error.__class__.__name__}: {error}")))


def _exit_with(owner: int, parent: int) -> None:
    """Stop this worker when the process that started it is gone (killed with -9): a job
    stuck in C code would otherwise run on, orphaned, for as long as it lasts."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent or not _alive(owner):
            os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
