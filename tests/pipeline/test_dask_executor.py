"""The Dask executor on a real local cluster of two worker processes: results in input order
and bounded, models loaded once per worker by the plugin, a killed worker's chunk redone and
never doubled, a chunk over its time budget cancelled and its worker restarted, and a
scheduler that cannot be reached reported in one line without losing what is stored."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import partial
from itertools import count, islice
from pathlib import Path

import cloudpickle
import dask
import pytest
from distributed import LocalCluster
from sqlalchemy import func, select

import corroborator.pipeline.dask_backend as dask_backend
from corroborator.config import load_settings
from corroborator.errors import SchedulerUnreachable
from corroborator.models import ArticleDraft, Provenance, SourceKind
from corroborator.parallel import WorkerLost, ordered_map
from corroborator.pipeline import analyze
from corroborator.pipeline.dask_backend import DaskBackend
from corroborator.store import Store, add_articles
from corroborator.store.tables import articles, stage_runs

# ---- functions the workers run ------------------------------------------------------------

# Workers cannot import a test module: its functions travel by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def _square_each(items: list[int]) -> list[int]:
    return [item * item for item in items]


def _note_pid(path: str) -> None:
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(f"{os.getpid()}\n")


def _pid_of_each(items: list[int]) -> list[int]:
    return [os.getpid() for _ in items]


def _die_once_on_seven(log: str, marker: str, items: list[int]) -> list[int]:
    """Log every item computed; the first time 7 comes up, its worker process dies."""
    with open(log, "a", encoding="utf-8") as stream:
        stream.write("".join(f"{item}\n" for item in items))
    if 7 in items and not os.path.exists(marker):
        Path(marker).touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return [item * 10 for item in items]


def _always_die_on_three(items: list[int]) -> list[int]:
    if 3 in items:
        os.kill(os.getpid(), signal.SIGKILL)
    return [item + 100 for item in items]


def _slow_on_five(items: list[int]) -> list[int]:
    if 5 in items:
        time.sleep(60)  # in Python, but a thread cannot be stopped from outside: only its process
    return [-item for item in items]


def _lost(item: int, reason: str) -> str:
    return f"lost {item}: {reason}"


# ---- a cluster shared by the tests of this module ---------------------------------------


def _cluster(folder: Path) -> Iterator[tuple[DaskBackend, Path]]:
    warmed = folder / "warmed.txt"
    # One retry after a worker dies, so that a chunk that always kills its worker is given up soon.
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        cluster = DaskBackend.connect("local:2", [lambda: _note_pid(str(warmed))])
    try:
        yield cluster, warmed
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DaskBackend, Path]]:
    yield from _cluster(tmp_path_factory.mktemp("dask"))


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[tuple[DaskBackend, Path]]:
    """A cluster of its own for a test that kills workers."""
    yield from _cluster(tmp_path)


@pytest.mark.slow
def test_results_come_back_in_input_order_with_passed_through_items_in_place(
    backend: tuple[DaskBackend, Path],
) -> None:
    cluster, _ = backend
    mapped = list(
        ordered_map(
            lambda item: item * item,
            range(50),
            chunksize=3,
            many=_square_each,
            passthrough=lambda item: item % 7 == 0,
            backend=cluster,
        )
    )
    assert mapped == [(n, None if n % 7 == 0 else n * n) for n in range(50)]


@pytest.mark.slow
def test_at_most_four_chunks_per_worker_thread_are_taken_from_an_endless_stream(
    backend: tuple[DaskBackend, Path],
) -> None:
    cluster, _ = backend
    drawn = count()

    def endless() -> Iterator[int]:
        for n in count():
            next(drawn)
            yield n

    first = list(islice(ordered_map(abs, endless(), chunksize=5, many=_square_each, backend=cluster), 3))
    assert first == [(0, 0), (1, 1), (2, 4)]
    assert next(drawn) <= (4 * cluster.threads + 1) * 5


@pytest.mark.slow
def test_the_plugin_loads_the_models_once_in_each_worker_process(backend: tuple[DaskBackend, Path]) -> None:
    cluster, warmed = backend
    pids = [pid for _n, pid in ordered_map(abs, range(40), chunksize=2, many=_pid_of_each, backend=cluster)]
    warm_pids = warmed.read_text(encoding="utf-8").split()
    # Workers restarted by other tests warm again, each once: no pid twice, every chunk's among them.
    assert len(warm_pids) == len(set(warm_pids)) >= 2
    assert {str(pid) for pid in pids} <= set(warm_pids)


@pytest.mark.slow
def test_a_worker_killed_mid_chunk_has_its_chunk_redone_and_nothing_doubled(
    fresh: tuple[DaskBackend, Path], tmp_path: Path
) -> None:
    cluster, _ = fresh
    log, marker = tmp_path / "computed.txt", tmp_path / "died"
    mapped = list(
        ordered_map(
            abs,
            range(30),
            chunksize=4,
            many=partial(_die_once_on_seven, str(log), str(marker)),
            backend=cluster,
        )
    )
    assert mapped == [(n, n * 10) for n in range(30)]
    assert marker.exists()
    computed = [int(line) for line in log.read_text(encoding="utf-8").split()]
    assert computed.count(7) == 2  # once in the worker that died, once again elsewhere
    assert sorted(set(computed)) == list(range(30))


@pytest.mark.slow
def test_an_item_that_always_kills_its_worker_is_given_up_alone(fresh: tuple[DaskBackend, Path]) -> None:
    cluster, _ = fresh
    mapped = dict(
        ordered_map(abs, range(8), chunksize=4, many=_always_die_on_three, on_lost=_lost, backend=cluster)
    )
    assert mapped.pop(3) == "lost 3: its Dask worker died every time it ran this work"
    assert mapped == {n: n + 100 for n in range(8) if n != 3}


@pytest.mark.slow
def test_an_item_over_its_budget_is_given_up_and_its_worker_restarted(
    fresh: tuple[DaskBackend, Path],
) -> None:
    cluster, _ = fresh
    before = set(cluster.client.nthreads())
    started = time.monotonic()
    mapped = dict(
        ordered_map(
            abs, range(6), chunksize=3, many=_slow_on_five, budget=1.0, on_lost=_lost, backend=cluster
        )
    )
    assert time.monotonic() - started < 45
    assert mapped.pop(5) == "lost 5: took longer than its 1 s budget (its Dask worker was restarted)"
    assert mapped == {n: -n for n in range(6) if n != 5}
    cluster.client.wait_for_workers(1, timeout=30)
    deadline = time.monotonic() + 30
    while set(cluster.client.nthreads()) <= before and time.monotonic() < deadline:
        time.sleep(0.5)
    assert set(cluster.client.nthreads()) - before  # a restarted worker comes back at a new address


@pytest.mark.slow
def test_without_on_lost_a_lost_item_raises(fresh: tuple[DaskBackend, Path]) -> None:
    cluster, _ = fresh
    with pytest.raises(WorkerLost, match="died every time"):
        list(ordered_map(abs, [3], many=_always_die_on_three, backend=cluster))


# ---- a scheduler that cannot be reached ---------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _stored(db: Path) -> tuple[int, int]:
    with Store(str(db)) as store, store.reading() as connection:
        n_articles = connection.execute(select(func.count()).select_from(articles)).scalar_one()
        n_runs = connection.execute(select(func.count()).select_from(stage_runs)).scalar_one()
    return n_articles, n_runs


def _store_with_deduplicated_articles(db: Path) -> None:
    drafts = [
        ArticleDraft(
            text=f"The river authority opened flood gate {n} on Sunday, an engineer said.",
            url=f"https://river.example/{n}",
            language="en",
            provenance=Provenance(kind=SourceKind.JSONL, source="river.jsonl"),
        )
        for n in range(3)
    ]
    with Store(str(db)) as store:
        with store.transaction() as connection:
            add_articles(connection, drafts)
        settings = load_settings(overrides={"store.db": str(db), "pipeline.executor": "inline"}, environ={})
        analyze(store, settings, names=("dedupe",))


def test_an_unreachable_scheduler_is_named_with_what_to_do_and_nothing_stored_is_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_backend, "CONNECT_SECONDS", 1.0)
    db = tmp_path / "kept.db"
    _store_with_deduplicated_articles(db)
    before = _stored(db)
    assert before == (3, 3)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    settings = load_settings(
        overrides={"store.db": str(db), "pipeline.executor": "dask", "pipeline.scheduler": address},
        environ={},
    )
    with Store(str(db)) as store, pytest.raises(SchedulerUnreachable) as raised:
        analyze(store, settings)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"cannot reach the Dask scheduler at {address} (")
    assert "`dask scheduler`" in message
    assert "local:N" in message
    assert raised.value.exit_code == 69
    assert _stored(db) == before


def test_a_scheduler_without_workers_is_named_with_what_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_backend, "CONNECT_SECONDS", 1.0)
    with (
        LocalCluster(n_workers=0, processes=False, dashboard_address=None) as empty,
        pytest.raises(SchedulerUnreachable) as raised,
    ):
        DaskBackend.connect(empty.scheduler_address)
    assert str(raised.value) == (
        f"the Dask scheduler at {empty.scheduler_address} has no workers: start some with "
        f"`dask worker {empty.scheduler_address}` on machines with corroborator installed"
    )


@pytest.mark.slow
def test_the_cli_exits_non_zero_with_one_line_when_the_scheduler_is_unreachable(tmp_path: Path) -> None:
    db = tmp_path / "kept.db"
    _store_with_deduplicated_articles(db)
    before = _stored(db)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    environ = {
        **os.environ,
        "CORROBORATOR_PIPELINE__EXECUTOR": "dask",
        "CORROBORATOR_PIPELINE__SCHEDULER": address,
    }
    result = subprocess.run(
        [sys.executable, "-m", "corroborator", "analyze", "--db", str(db)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
    )
    assert result.returncode == 69
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith(f"error: cannot reach the Dask scheduler at {address}")
    assert _stored(db) == before


def test_a_scheduler_setting_that_is_no_address_is_refused_with_the_forms_it_takes() -> None:
    with pytest.raises(Exception, match=r"'localhost:8786' is neither local:N nor a scheduler address"):
        load_settings(overrides={"pipeline.scheduler": "localhost:8786"}, environ={})
    with pytest.raises(Exception, match=r"'local:0' asks for no workers"):
        load_settings(overrides={"pipeline.scheduler": "local:0"}, environ={})
