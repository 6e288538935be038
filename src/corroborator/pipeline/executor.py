"""Where a run's per-article work is computed (``pipeline.executor``), chosen once per run.

``inline`` computes in the main process (easy to debug; no time budget can be kept, since
nothing can stop work running in the process that would stop it); ``processes`` in worker
processes the run starts (``pipeline.workers``), and ``dask`` on a dask.distributed cluster
(``pipeline.scheduler``, see ``pipeline.dask_backend``).  The cluster and its workers, with
their models loaded, live for the whole run, every stage's work going to the same ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from corroborator.config import PipelineSettings
from corroborator.parallel import Backend


@dataclass(frozen=True)
class Executor:
    kind: str
    workers: int
    backend: Backend | None = None

    def options(self, budget: float | None) -> dict[str, Any]:
        """``ordered_map``'s keywords for this executor, with the per-item time budget."""
        return {
            "workers": self.workers,
            "budget": None if self.kind == "inline" else budget,
            "backend": self.backend,
        }


INLINE = Executor("inline", 1)


@contextmanager
def open_executor(settings: PipelineSettings, warms: Sequence[Callable[[], None]] = ()) -> Iterator[Executor]:
    """The executor ``settings`` name, ready for work; a cluster started for it is stopped
    on leaving.  ``warms`` load each stage's models once in every Dask worker."""
    if settings.executor == "inline":
        yield INLINE
        return
    if settings.executor == "processes":
        yield Executor("processes", settings.workers)
        return
    from corroborator.pipeline.dask_backend import DaskBackend  # distributed takes a second to import

    backend = DaskBackend.connect(settings.scheduler, warms)
    try:
        yield Executor("dask", backend.threads, backend)
    finally:
        backend.close()
