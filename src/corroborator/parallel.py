"""An ordered, bounded parallel map over a stream: the corpus is never held in memory.

Per-article stages and parsing use it with worker processes; with one worker it runs
inline (no process start-up cost, easy to debug).  Items travel in chunks so that the
cost of sending work to another process is paid once per chunk, not once per item.
A later backend (Dask) fits the same shape: a pure function over items, results
consumed in order.
"""

from __future__ import annotations

import functools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _apply(function: Callable[[T], R], chunk: list[tuple[T, bool]]) -> list[R | None]:
    return [None if skip else function(item) for item, skip in chunk]


def ordered_map(
    function: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int = 1,
    chunksize: int = 16,
    passthrough: Callable[[T], bool] | None = None,
    preload: Sequence[str] = (),
) -> Iterator[tuple[T, R | None]]:
    """Yield ``(item, function(item))`` in input order.

    At most ``4 * workers`` chunks are in flight, so memory stays bounded whatever
    the length of ``items``.  Items for which ``passthrough`` is true are not
    computed and come back as ``(item, None)`` in their place.  ``preload`` names
    modules the fork server imports once, so that every worker starts with them (and
    whatever they load at import, such as a model) already in memory.
    """
    skip = passthrough or (lambda _item: False)
    if workers <= 1:
        for item in items:
            yield item, (None if skip(item) else function(item))
        return
    context = multiprocessing.get_context("forkserver")
    if preload:
        # Takes effect only before the fork server's first start in this process.
        context.set_forkserver_preload(list(preload))
    work = functools.partial(_apply, function)
    stream = iter(items)
    pending: deque[tuple[list[tuple[T, bool]], Future[list[R | None]] | None]] = deque()
    pool: ProcessPoolExecutor | None = None  # started at the first item to compute
    try:
        while True:
            chunk = [(item, skip(item)) for item in islice(stream, chunksize)]
            if chunk:
                future = None
                if not all(skipped for _item, skipped in chunk):
                    pool = pool or ProcessPoolExecutor(max_workers=workers, mp_context=context)
                    future = pool.submit(work, chunk)
                pending.append((chunk, future))
            if pending and (not chunk or len(pending) >= 4 * workers):
                done, waiting = pending.popleft()
                results = waiting.result() if waiting is not None else [None] * len(done)
                for (item, _skip), result in zip(done, results, strict=True):
                    yield item, result
            if not chunk and not pending:
                return
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
