"""Killing an ingest part-way (SIGKILL or Ctrl-C) loses nothing and duplicates nothing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

RECORDS = 2000
CLI = [sys.executable, "-m", "corroborator"]


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


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as connection:
            return int(connection.execute("select count(*) from articles").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def _start(source: Path, db: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CORROBORATOR_INGEST__BATCH_SIZE": "25", "CORROBORATOR_INGEST__WORKERS": "1"}
    return subprocess.Popen(
        [*CLI, "ingest", str(source), "--db", str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _interrupt_part_way(source: Path, db: Path, sig: signal.Signals) -> tuple[int, int, str]:
    process = _start(source, db)
    deadline = time.monotonic() + 60
    while _count(db) < 100 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    process.send_signal(sig)
    _out, err = process.communicate(timeout=60)
    return _count(db), process.returncode, err.decode()


def _assert_complete(db: Path) -> None:
    with sqlite3.connect(db) as connection:
        ids = [row[0] for row in connection.execute("select external_id from articles")]
        (integrity,) = connection.execute("pragma integrity_check").fetchone()
    assert integrity == "ok"
    assert len(ids) == RECORDS
    assert len(set(ids)) == RECORDS
    assert set(ids) == {f"rec-{n}" for n in range(RECORDS)}


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_interrupted_ingest_resumes_without_losses_or_duplicates(tmp_path: Path, sig: signal.Signals) -> None:
    source, db = tmp_path / "records.jsonl", tmp_path / "store.db"
    _write_records(source)
    stored_at_stop, code, err = _interrupt_part_way(source, db, sig)
    assert 0 < stored_at_stop < RECORDS, "the run must be stopped part-way for this test to mean anything"
    if sig is signal.SIGINT:
        assert code == 130
        assert "interrupted: everything committed so far is kept" in err
    else:
        assert code == -signal.SIGKILL
    rerun = subprocess.run([*CLI, "ingest", str(source), "--db", str(db)], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{RECORDS - stored_at_stop} new, {stored_at_stop} unchanged" in rerun.stderr
    _assert_complete(db)
