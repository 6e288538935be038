"""Two writers on one store: both finish cleanly (or, on SQLite, the second says the store is
busy), and the store ends as one writer run after the other would leave it."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tests.store.helpers import count_rows, demo_sources, exports, fresh_database

from corroborator.errors import StoreBusy
from corroborator.store import Store
from corroborator.store.tables import outlets
from corroborator.store.upsert import upsert

CLI = [sys.executable, "-m", "corroborator"]
BUSY = "is busy: another corroborator run is writing to it"


def _env(wait: float, **more: str) -> dict[str, str]:
    return {
        **os.environ,
        "CORROBORATOR_STORE__WAIT": str(wait),
        "CORROBORATOR_INGEST__WORKERS": "1",
        "CORROBORATOR_PIPELINE__WORKERS": "1",
        **more,
    }


def _run(args: list[str], db: str, wait: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args, "--db", db], env=_env(wait), capture_output=True, text=True)


def _at_once(args: list[str], db: str, wait: float = 600, **env: str) -> list[tuple[int, str]]:
    """Start the same command twice at the same moment; each one's exit code and stderr."""
    processes = [
        subprocess.Popen(
            [*CLI, *args, "--db", db],
            env=_env(wait, **env),
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


def _writing_elsewhere(db: Path) -> sqlite3.Connection:
    """Another process's write in progress (sqlite-utils, a script): a write transaction left open."""
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO outlets (id, name) VALUES ('elsewhere.example', 'Elsewhere')")
    return other


def test_a_write_that_meets_another_process_writing_says_the_store_is_busy_and_keeps_what_is_stored(
    tmp_path: Path,
) -> None:
    db = tmp_path / "store.db"
    with Store(str(db)) as first, first.transaction() as connection:
        upsert(connection, outlets, {"id": "kept.example", "name": "Kept"})
    other = _writing_elsewhere(db)
    try:
        with (
            Store(str(db), wait=0) as second,
            pytest.raises(StoreBusy) as busy,
            second.transaction() as connection,
        ):
            upsert(connection, outlets, {"id": "late.example", "name": "Late"})
    finally:
        other.rollback()
        other.close()
    assert str(busy.value) == (
        f"the store '{db}' is busy: another process is writing to it; try again when it ends, "
        "or use PostgreSQL for runs side by side (waited 1 s; store.wait sets how long)"
    )
    assert count_rows(str(db), "outlets") == 1


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
def test_two_ingests_at_once_on_postgresql_store_each_article_once(
    postgres_url: str,
) -> None:
    single, double = fresh_database(postgres_url), fresh_database(postgres_url)
    assert _run(["ingest", *demo_sources()], single).returncode == 0
    outcomes = _at_once(["ingest", *demo_sources()], double)
    _assert_clean(outcomes)
    assert sum(int(re.findall(r"(\d+) new,", err)[0]) for _code, err in outcomes) == 19
    assert exports(double) == exports(single)


def _done(err: str) -> dict[str, int]:
    """Articles (or stories) each stage did, from a run's summary lines."""
    done: dict[str, int] = {}
    for stage, rest in re.findall(r"^Stage (\w+): (.*)$", err, re.MULTILINE):
        counted = re.match(r"(\d+) (?:articles?|stor(?:y|ies)) done", rest)
        done[stage] = int(counted.group(1)) if counted else 0  # "nothing to do, ..."
    return done


@pytest.mark.slow
@pytest.mark.postgres
def test_two_analyses_at_once_on_postgresql_give_the_single_run_result_each_article_processed_once(
    postgres_url: str,
) -> None:
    single, double = fresh_database(postgres_url), fresh_database(postgres_url)
    for db in (single, double):
        assert _run(["ingest", *demo_sources()], db).returncode == 0
    alone = _run(["analyze"], single)
    assert alone.returncode == 0
    # Small claims, so that the two runs take turns at the articles of parse and extract.
    outcomes = _at_once(["analyze"], double, CORROBORATOR_PIPELINE__BATCH_SIZE="3")
    _assert_clean(outcomes)
    once = _done(alone.stderr)
    assert once["parse"] == 19
    first, second = (_done(err) for _code, err in outcomes)
    assert {stage: first[stage] + second[stage] for stage in once} == once
    assert exports(double) == exports(single)
    assert count_rows(double, "stage_claims") == 0  # both runs let go of what they claimed
