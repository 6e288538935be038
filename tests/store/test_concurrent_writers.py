"""Two writers on one store: both finish cleanly (or, on SQLite, the second says the store is
busy), and the store ends as one writer run after the other would leave it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tests.store.helpers import demo_sources, exports, fresh_database

from corroborator.errors import StoreBusy
from corroborator.store import Store

CLI = [sys.executable, "-m", "corroborator"]
BUSY = "is busy: another corroborator run is writing to it"


def _env(wait: float) -> dict[str, str]:
    return {
        **os.environ,
        "CORROBORATOR_STORE__WAIT": str(wait),
        "CORROBORATOR_INGEST__WORKERS": "1",
        "CORROBORATOR_PIPELINE__WORKERS": "1",
    }


def _run(args: list[str], db: str, wait: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args, "--db", db], env=_env(wait), capture_output=True, text=True)


def _at_once(args: list[str], db: str, wait: float = 600) -> list[tuple[int, str]]:
    """Start the same command twice at the same moment; each one's exit code and stderr."""
    processes = [
        subprocess.Popen(
            [*CLI, *args, "--db", db],
            env=_env(wait),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    return [(process.wait(timeout=900), process.communicate()[1]) for process in processes]


def _assert_clean(outcomes: list[tuple[int, str]]) -> None:
    for code, err in outcomes:
        assert "Traceback" not in err, err
        assert code == 0, err


def test_a_second_writer_on_a_sqlite_store_waits_for_the_first(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    held = threading.Event()

    def second_run() -> None:
        with Store(db, wait=30) as second, second.writing("ingest"):
            held.set()

    with Store(db) as first:
        with first.writing("analyze"):
            waiter = threading.Thread(target=second_run)
            waiter.start()
            assert not held.wait(0.5), "the second writer must wait while the first holds the store"
        assert held.wait(10)
        waiter.join(10)


def test_a_second_writer_that_cannot_wait_is_told_the_store_is_busy_and_by_whom(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    with (
        Store(str(db)) as first,
        Store(str(db), wait=0) as second,
        first.writing("analyze"),
        pytest.raises(StoreBusy) as busy,
        second.writing("ingest"),
    ):
        pass
    message = str(busy.value)
    assert message.startswith(f"the store '{db}' {BUSY} (analyze, process {os.getpid()}, started ")
    assert "try again when it ends" in message
    assert "\n" not in message


def test_the_same_store_may_be_held_again_by_the_run_that_holds_it(tmp_path: Path) -> None:
    with Store(str(tmp_path / "store.db"), wait=0) as store, store.writing("run"), store.writing("ingest"):
        pass
    with Store(str(tmp_path / "store.db"), wait=0) as other, other.writing("analyze"):
        pass  # released when the outer block ended


def test_readers_are_not_kept_waiting_by_a_writer(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    with Store(db) as writer, writer.writing("analyze"), Store(db, create=False, wait=0) as reader:
        assert reader.count_articles() == 0


@pytest.mark.slow
def test_the_cli_says_the_store_is_busy_in_one_line_and_exits_75(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    with Store(db) as holder, holder.writing("analyze"):
        result = _run(["ingest", *demo_sources()], db, wait=0)
    assert result.returncode == 75
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: the store '{db}' {BUSY} (analyze, process {os.getpid()}, started ")


@pytest.mark.slow
def test_two_ingests_at_once_on_sqlite_store_each_article_once(tmp_path: Path) -> None:
    single, double = str(tmp_path / "single.db"), str(tmp_path / "double.db")
    assert _run(["ingest", *demo_sources()], single).returncode == 0
    outcomes = _at_once(["ingest", *demo_sources()], double)
    _assert_clean(outcomes)
    assert sorted("19 new" in err for _code, err in outcomes) == [False, True]
    assert exports(double) == exports(single)


@pytest.mark.slow
def test_two_analyses_at_once_on_sqlite_give_the_single_run_result(tmp_path: Path) -> None:
    single, double = tmp_path / "single.db", tmp_path / "double.db"
    assert _run(["ingest", *demo_sources()], str(single)).returncode == 0
    shutil.copy(single, double)
    assert _run(["analyze"], str(single)).returncode == 0
    _assert_clean(_at_once(["analyze"], str(double)))
    assert exports(str(double)) == exports(str(single))


# On PostgreSQL both runs go on side by side.


@pytest.mark.slow
@pytest.mark.postgres
def test_two_ingests_at_once_on_a_new_postgresql_database_migrate_once_and_store_each_article_once(
    postgres_url: str,
) -> None:
    single, double = fresh_database(postgres_url), fresh_database(postgres_url)
    assert _run(["ingest", *demo_sources()], single).returncode == 0
    outcomes = _at_once(["ingest", *demo_sources()], double)
    _assert_clean(outcomes)
    assert sum(int(re.findall(r"(\d+) new,", err)[0]) for _code, err in outcomes) == 19
    assert exports(double) == exports(single)


@pytest.mark.slow
@pytest.mark.postgres
def test_two_analyses_at_once_on_postgresql_give_the_single_run_result(postgres_url: str) -> None:
    single, double = fresh_database(postgres_url), fresh_database(postgres_url)
    for db in (single, double):
        assert _run(["ingest", *demo_sources()], db).returncode == 0
    assert _run(["analyze"], single).returncode == 0
    _assert_clean(_at_once(["analyze"], double))
    assert exports(double) == exports(single)
