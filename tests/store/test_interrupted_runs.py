"""Killing an ingest or an analysis part-way (SIGKILL or Ctrl-C), on SQLite and on PostgreSQL,
loses nothing and duplicates nothing: the rerun finishes the work and the store ends as an
uninterrupted run leaves it."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from tests.store.helpers import count_rows, demo_sources, exports, fresh_database

RECORDS = 2000
CLI = [sys.executable, "-m", "corroborator"]
INTERRUPTED = "interrupted: everything committed so far is kept"
SIGNALS = pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
BACKENDS = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)


@pytest.fixture
def new_store(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """``new_store()``: the address of a new, empty store of the test's backend."""
    backend = request.node.callspec.params["backend"]
    made = 0

    def make() -> str:
        nonlocal made
        made += 1
        if backend == "postgres":
            return fresh_database(request.getfixturevalue("postgres_url"))
        return str(tmp_path / f"store-{made}.db")

    return make


def _write_records(path: Path) -> None:
    with path.open("w", encoding="utf-8") as stream:
        for number in range(RECORDS):
            text = f"Dispatch {number}: the council met again about the flooded bridge. " * 12
            record = {
                "id": f"rec-{number}",
                "url": f"https://town{number % 7}.example/{number}",
                "text": text,
            }
            stream.write(json.dumps(record) + "\n")


def _start(args: list[str], db: str, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*CLI, *args, "--db", db],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _interrupt_when(
    process: subprocess.Popen[bytes], ready: Callable[[], bool], sig: signal.Signals
) -> tuple[int, str]:
    deadline = time.monotonic() + 120
    while not ready() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    process.send_signal(sig)
    _out, err = process.communicate(timeout=120)
    return process.returncode, err.decode()


def _assert_stopped(sig: signal.Signals, code: int, err: str) -> None:
    if sig is signal.SIGINT:
        assert code == 130, err
        assert INTERRUPTED in err
        assert "Traceback" not in err
    else:
        assert code == -signal.SIGKILL


def _external_ids(db: str) -> list[str]:
    engine = create_engine(db if "://" in db else f"sqlite:///{db}")
    with engine.connect() as connection:
        ids = list(connection.execute(text("select external_id from articles")).scalars())
        if engine.dialect.name == "sqlite":
            assert connection.execute(text("pragma integrity_check")).scalar_one() == "ok"
    engine.dispose()
    return ids


@pytest.mark.slow
@BACKENDS
@SIGNALS
def test_interrupted_ingest_resumes_without_losses_or_duplicates(
    tmp_path: Path, new_store: Callable[[], str], backend: str, sig: signal.Signals
) -> None:
    source, db = tmp_path / "records.jsonl", new_store()
    _write_records(source)
    small = {"CORROBORATOR_INGEST__BATCH_SIZE": "25", "CORROBORATOR_INGEST__WORKERS": "1"}
    process = _start(["ingest", str(source)], db, **small)
    code, err = _interrupt_when(process, lambda: count_rows(db, "articles") >= 100, sig)
    stored_at_stop = count_rows(db, "articles")
    assert 0 < stored_at_stop < RECORDS, "the run must be stopped part-way for this test to mean anything"
    _assert_stopped(sig, code, err)
    rerun = subprocess.run([*CLI, "ingest", str(source), "--db", db], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{RECORDS - stored_at_stop} new, {stored_at_stop} unchanged" in rerun.stderr
    ids = _external_ids(db)
    assert len(ids) == len(set(ids)) == RECORDS
    assert set(ids) == {f"rec-{n}" for n in range(RECORDS)}


ONE_WORKER = {"CORROBORATOR_PIPELINE__WORKERS": "1", "CORROBORATOR_INGEST__WORKERS": "1"}
# Small batches, so that a stop lands between commits of a stage, with some of it done; on
# PostgreSQL the articles a killed run had claimed are taken over once its claims run out.
SMALL_BATCHES = {
    **ONE_WORKER,
    "CORROBORATOR_PIPELINE__BATCH_SIZE": "2",
    "CORROBORATOR_NLP__BATCH_SIZE": "2",
    "CORROBORATOR_STORE__LEASE": "5",
}
ARTICLE_STAGES = 5  # dedupe, parse, extract, stories, entities: one row per article each


def _ingested(db: str) -> str:
    done = subprocess.run([*CLI, "ingest", *demo_sources(), "--db", db], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return db


_WHOLE: dict[str, str] = {}  # backend -> a store analysed without interruption, made once


@pytest.mark.slow
@pytest.mark.parametrize(
    ("backend", "sig"),
    [
        # An analysis stopped part-way on SQLite is also tested in process (tests/pipeline);
        # each of these takes half a minute or more.
        pytest.param("sqlite", signal.SIGKILL, id="kill-9-sqlite"),
        pytest.param("postgres", signal.SIGKILL, id="kill-9-postgres", marks=pytest.mark.postgres),
        pytest.param("postgres", signal.SIGINT, id="ctrl-c-postgres", marks=pytest.mark.postgres),
    ],
)
def test_interrupted_analysis_resumes_to_the_uninterrupted_result(
    new_store: Callable[[], str], backend: str, sig: signal.Signals
) -> None:
    if backend not in _WHOLE:
        whole = _ingested(new_store())
        assert (
            subprocess.run([*CLI, "analyze", "--db", whole], env={**os.environ, **ONE_WORKER}).returncode == 0
        )
        _WHOLE[backend] = whole
    whole, stopped = _WHOLE[backend], _ingested(new_store())
    articles = count_rows(stopped, "articles")

    process = _start(["analyze"], stopped, **SMALL_BATCHES)
    # Stopped inside the parse stage: the dedupe stage done, some articles parsed.
    code, err = _interrupt_when(process, lambda: count_rows(stopped, "stage_runs") >= articles + 4, sig)
    runs_at_stop = count_rows(stopped, "stage_runs")
    assert articles < runs_at_stop < articles * ARTICLE_STAGES, "stopped part-way, or the test means nothing"
    _assert_stopped(sig, code, err)

    rerun = subprocess.run(
        [*CLI, "analyze", "--db", stopped], env={**os.environ, **ONE_WORKER}, capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stderr
    assert not re.search(r"Stage \w+: .*\b\d+ failures?\b", rerun.stderr)  # every stage: "no failures"
    assert count_rows(stopped, "stage_runs") == count_rows(whole, "stage_runs"), rerun.stderr
    assert exports(stopped) == exports(whole)
