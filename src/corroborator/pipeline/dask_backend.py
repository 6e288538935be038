"""Per-article work on a dask.distributed cluster (``pipeline.executor = "dask"``).

The cluster is either started for the run (``pipeline.scheduler = "local:N"``: N worker
processes of one thread each) or reached at a running scheduler's address
(``tcp://HOST:8786``), whose workers may sit on other machines with the package installed.
A worker plugin loads the stages' models once per worker process, when the worker starts
(or restarts), so that no chunk pays for a model load and the loads never count against a
chunk's time budget.

The map over the cluster keeps ``parallel.ordered_map``'s promises: results in input order,
at most ``4 * threads`` chunks in flight.  What differs from the map's own processes:

- a worker that dies mid-chunk has its chunk run again by the scheduler on another worker
  (up to ``distributed.scheduler.allowed-failures`` times); results are taken once per chunk,
  so nothing is doubled.  A chunk that keeps killing workers comes back as ``KilledWorker``
  and is then run one item at a time, so that only the item at fault is given up;
- a time budget is watched from the driver: it asks the workers every second which chunks
  they are executing, and a chunk over its budget is cancelled and its worker restarted
  (its process ends itself and its nanny starts another; a worker started with
  ``--no-nanny`` is not replaced).  A worker stuck in C code that holds the GIL cannot
  answer, so the driver waits for it.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import dask
from distributed import Client, Future, KilledWorker, LocalCluster, WorkerPlugin, wait
from distributed import Worker as DaskWorker

from corroborator.errors import SchedulerUnreachable
from corroborator.parallel import Many, _Job, drive

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger(__name__)

CONNECT_SECONDS = 10.0  # how long a scheduler address is tried before the run gives up
POLL_SECONDS = 1.0  # with a budget, how often the workers are asked what they are executing
NO_WORKERS_SECONDS = 60.0  # a cluster left without workers this long stops the run


class WarmModels(WorkerPlugin):
    """Runs each stage's ``warm()`` (a model load) once in every worker process, at its start."""

    name = "corroborator-models"

    def __init__(self, warms: Sequence[Callable[[], None]]) -> None:
        self.warms = list(warms)

    def setup(self, worker: DaskWorker) -> None:
        for warm in self.warms:
            warm()


def _executing(dask_worker: DaskWorker) -> list[str]:
    """The keys a worker is executing now (run on it by ``Client.run``)."""
    return [str(task.key) for task in dask_worker.state.executing]


async def _die() -> None:
    """End this worker's process at once (run on it by ``Client.run``): its nanny starts another."""
    os.kill(os.getpid(), signal.SIGKILL)


class DaskBackend:
    """A client of a dask.distributed cluster, for ``ordered_map(..., backend=...)``."""

    def __init__(self, client: Client, cluster: LocalCluster | None, address: str) -> None:
        self.client, self.cluster, self.address = client, cluster, address
        self.threads = max(1, sum(client.nthreads().values()))

    @classmethod
    def connect(cls, scheduler: str, warms: Sequence[Callable[[], None]] = ()) -> DaskBackend:
        """Start a local cluster (``local:N``) or reach the scheduler at an address, and have
        every worker load the models through ``warms``."""
        cluster = None
        if scheduler.startswith("local:"):
            # A worker holds only the chunk it executes, so that restarting one over its budget
            # costs no other chunk an attempt (a death counts against all a worker holds).
            with dask.config.set({"distributed.scheduler.worker-saturation": 1.0}):
                cluster = LocalCluster(
                    n_workers=int(scheduler.removeprefix("local:")),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # any free port: two runs on one machine must not clash
                    silence_logs=logging.ERROR,
                )
            address = cluster.scheduler_address
        else:
            address = scheduler
        try:
            client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
        except OSError as error:
            raise SchedulerUnreachable(
                f"cannot reach the Dask scheduler at {scheduler} ({error}): start one there with "
                "`dask scheduler` and workers with `dask worker ADDRESS`, or set pipeline.scheduler "
                "to local:N"
            ) from error
        try:
            client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except TimeoutError as error:
            client.close()
            raise SchedulerUnreachable(
                f"the Dask scheduler at {scheduler} has no workers: start some with "
                f"`dask worker {address}` on machines with corroborator installed"
            ) from error
        if warms:
            client.register_plugin(WarmModels(warms))
        return cls(client, cluster, address)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def run(
        self,
        compute: Many[T, R],
        chunks: Iterator[list[T]],
        skip: Callable[[T], bool],
        budget: float | None,
        on_lost: Callable[[T, str], R] | None,
        idle: Callable[[], None] | None,
        idle_every: float,
    ) -> Iterator[tuple[T, R | None]]:
        return _Run(self, compute, budget, on_lost).results(chunks, skip, idle, idle_every)


class _Run:
    """One ordered map over the cluster: chunks submitted in order, taken back in order."""

    def __init__(
        self, backend: DaskBackend, compute: Many[Any, Any], budget: float | None, on_lost: Any
    ) -> None:
        self.client, self.budget, self.on_lost = backend.client, budget, on_lost
        self.address = backend.address
        self.had_workers = time.monotonic()
        self.compute, self.limit = compute, 4 * backend.threads
        self.futures: dict[Future[Any], _Job[Any]] = {}
        self.restarts = 0  # workers this map restarted (over a budget)
        self.retried: set[int] = set()  # ids of jobs given another try after such a restart
        self.started: dict[str, float] = {}  # key: when a worker was first seen executing it
        self.polled = 0.0

    def results(
        self,
        chunks: Iterator[list[Any]],
        skip: Callable[[Any], bool],
        idle: Callable[[], None] | None,
        idle_every: float,
    ) -> Iterator[tuple[Any, Any]]:
        try:
            yield from drive(chunks, skip, self.limit, self._submit_all, self._collect, idle, idle_every)
        finally:
            if self.futures:
                self.client.cancel(list(self.futures))

    def _submit_all(self, jobs: list[_Job[Any]]) -> None:
        for job in jobs:
            self._submit(job)

    def _submit(self, job: _Job[Any]) -> None:
        self.futures[self.client.submit(self.compute, job.items, pure=False)] = job

    def _collect(self, idle_timeout: float | None) -> None:
        """Wait for the next chunk to finish or fail, or for a budget to run out."""
        timeout = min(idle_timeout or NO_WORKERS_SECONDS, POLL_SECONDS if self.budget else NO_WORKERS_SECONDS)
        try:
            with self.client.as_current():
                done = wait(list(self.futures), timeout=timeout, return_when="FIRST_COMPLETED").done
        except TimeoutError:
            done = set()
            self._check_workers()
        for future in done:
            job = self.futures.pop(future)
            if future.status == "finished":
                job.results = future.result()
                continue
            error = future.exception()
            if isinstance(error, KilledWorker) and self.restarts and id(job) not in self.retried:
                # A restart of ours may be what killed it (the worker had just been given it,
                # before the scheduler heard of the restart): it gets one more try.
                self.retried.add(id(job))
                self._submit(job)
            elif isinstance(error, KilledWorker):
                self._lose(job, "its Dask worker died every time it ran this work")
            else:
                job.error = error
        if self.budget:
            self._watch(self.budget)

    def _check_workers(self) -> None:
        """Stop, rather than wait for ever, when the cluster has lost all its workers."""
        if self.client.nthreads():
            self.had_workers = time.monotonic()
        elif time.monotonic() - self.had_workers >= NO_WORKERS_SECONDS:
            raise SchedulerUnreachable(
                f"the Dask scheduler at {self.address} has had no workers for {NO_WORKERS_SECONDS:g} s: "
                f"start some with `dask worker {self.address}`, then run analyze again (what is done is kept)"
            )

    def _watch(self, budget: float) -> None:
        """Cancel the chunks over their budget and restart the workers executing them."""
        now = time.monotonic()
        if now - self.polled < POLL_SECONDS:
            return
        self.polled = now
        executing = self.client.run(_executing, on_error="ignore")
        where = {key: worker for worker, keys in executing.items() for key in keys}
        self.started = {key: self.started.get(key, now) for key in where}
        for future, job in list(self.futures.items()):
            key = str(future.key)
            began = self.started.get(key)
            if began is None or now - began < budget * len(job.items):
                continue
            del self.futures[future], self.started[key]
            future.cancel()
            self._replace(where[key])
            self.restarts += 1
            seconds = budget * len(job.items)
            self._lose(job, f"took longer than its {seconds:g} s budget (its Dask worker was restarted)")

    def _replace(self, worker: str) -> None:
        """End the worker's process; its nanny starts another, and the scheduler gives what
        else it held to other workers.  (Asking the nanny to kill it instead proved to leave
        the cluster without workers now and then.)"""
        self.client.run(_die, workers=[worker], wait=False)  # no answer will come

    def _lose(self, job: _Job[Any], reason: str) -> None:
        if len(job.items) > 1:
            for single in job.split():
                self._submit(single)
            return
        job.lose(reason, self.on_lost)
