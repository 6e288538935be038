"""`watch`: polling a local feed, ingesting only what is new, keeping the stories and their
dossiers current, riding out a feed that is down, and stopping cleanly on Ctrl-C or SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import create_engine, text
from tests.pipeline.feeds import Feed
from tests.store.helpers import count_rows
from werkzeug import Request, Response

from corroborator.config import Settings
from corroborator.errors import ConfigError
from corroborator.pipeline import Watch, parse_duration
from corroborator.store import Store
from corroborator.store.stories import story_of

CLI = [sys.executable, "-m", "corroborator"]
QUICK = {"ingest.robots": False, "ingest.host_delay": 0, "ingest.backoff": 0.01, "ingest.retries": 0}
QUICK_ENV = {
    "CORROBORATOR_INGEST__ROBOTS": "false",
    "CORROBORATOR_INGEST__HOST_DELAY": "0",
    "CORROBORATOR_INGEST__RETRIES": "0",
    "CORROBORATOR_INGEST__WORKERS": "1",
    "CORROBORATOR_PIPELINE__WORKERS": "1",
}


@pytest.mark.parametrize(
    ("written", "seconds"), [("30s", 30), ("10m", 600), ("1h", 3600), ("1h30m", 5400), ("45", 45)]
)
def test_durations_are_read_in_seconds_minutes_and_hours(written: str, seconds: float) -> None:
    assert parse_duration(written) == seconds


@pytest.mark.parametrize("written", ["", "ten minutes", "10x", "0s", "-5m"])
def test_a_duration_that_is_not_one_is_refused_with_how_to_write_it(written: str) -> None:
    with pytest.raises(ConfigError, match="like 30s"):
        parse_duration(written)


class Clock:
    """A clock the test moves by hand, so that backing off needs no waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def feed(httpserver: HTTPServer) -> tuple[Feed, str]:
    served = Feed()
    httpserver.expect_request("/feed.xml").respond_with_handler(
        lambda _request: Response(served.xml(), content_type="application/rss+xml")
    )
    return served, httpserver.url_for("/feed.xml")


@pytest.fixture
def quick(settings: Settings) -> Settings:
    return settings.model_copy(update={"ingest": settings.ingest.model_copy(update=_keys(QUICK))})


def _keys(overrides: dict[str, object]) -> dict[str, object]:
    return {key.removeprefix("ingest."): value for key, value in overrides.items()}


@pytest.mark.slow
def test_a_new_item_is_ingested_alone_and_reaches_its_storys_dossier(
    feed: tuple[Feed, str], quick: Settings, store: Store, tmp_path: Path
) -> None:
    served, url = feed
    for number in range(3):
        served.add(number)
    clock = Clock()
    watch = Watch([url], store, quick, every=600, dossiers=tmp_path / "dossiers", format="md", clock=clock)
    first = watch.cycle()
    assert first.ingested is not None
    assert first.ingested.new == 3
    assert first.down == []
    assert first.written
    assert all(path.exists() for path in first.written)
    assert "update 3" not in "".join(path.read_text() for path in first.written)

    served.add(3)
    clock.now += 600
    second = watch.cycle()
    assert second.ingested is not None
    assert (second.ingested.new, second.ingested.unchanged) == (1, 3)
    with store.reading() as connection:
        new_id = connection.execute(text("select id from articles where title like '%update 3'")).scalar_one()
        story = story_of(connection, [new_id])[new_id]
    assert story in second.changed
    dossier = watch.dossier_path(story)
    assert dossier in second.written
    assert "update 3" in dossier.read_text(encoding="utf-8")


def test_a_cycle_with_nothing_new_changes_no_story_and_writes_no_dossier(
    feed: tuple[Feed, str], quick: Settings, store: Store, tmp_path: Path
) -> None:
    served, url = feed
    served.add(0)
    clock = Clock()
    watch = Watch([url], store, quick, every=600, dossiers=tmp_path / "dossiers", format="json", clock=clock)
    assert watch.cycle().written
    clock.now += 599
    assert watch.due() == []
    assert watch.next_poll() == 1
    clock.now += 1
    again = watch.cycle()
    assert again.ingested is not None
    assert (again.ingested.new, again.ingested.unchanged) == (0, 1)
    assert again.changed == []
    assert again.written == []


def test_a_feed_that_is_down_is_backed_off_and_read_once_it_recovers(
    httpserver: HTTPServer, quick: Settings, store: Store
) -> None:
    served, broken = Feed(), [True]
    served.add(0)

    def answer(_request: Request) -> Response:
        if broken[0]:
            return Response("the feed server is having a bad day", status=500)
        return Response(served.xml(), content_type="application/rss+xml")

    httpserver.expect_request("/feed.xml").respond_with_handler(answer)
    url, clock = httpserver.url_for("/feed.xml"), Clock()
    watch = Watch([url], store, quick, every=60, clock=clock)

    down = watch.cycle()
    assert [(source, pause) for source, _reason, pause in down.down] == [(url, 120)]
    assert "HTTP 500" in down.down[0][1]
    clock.now += 60  # one interval: a healthy feed would be due, the failed one rests
    assert watch.due() == []
    resting = watch.cycle()
    assert resting.polled == []
    assert resting.resting == [url]

    broken[0] = False
    clock.now += 60
    assert watch.due() == [url]
    back = watch.cycle()
    assert back.down == []
    assert back.ingested is not None
    assert back.ingested.new == 1
    clock.now += 60
    assert watch.due() == [url]  # a recovered feed is polled at the usual interval again


def test_a_dossier_folder_that_is_a_file_is_refused_in_one_line(
    quick: Settings, store: Store, tmp_path: Path
) -> None:
    taken = tmp_path / "notes.txt"
    taken.write_text("kept", encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"cannot keep dossiers in '.*notes\.txt'.*give a folder you can write"
    ):
        Watch(["http://127.0.0.1:9/feed.xml"], store, quick, every=60, dossiers=taken)
    assert taken.read_text(encoding="utf-8") == "kept"


def test_nothing_to_watch_or_no_interval_is_refused(quick: Settings, store: Store) -> None:
    with pytest.raises(ConfigError, match="nothing to watch"):
        Watch([], store, quick, every=60)
    with pytest.raises(ConfigError, match="above zero"):
        Watch(["feed.xml"], store, quick, every=0)


def _watch_command(url: str, db: Path, *more: str) -> list[str]:
    return [*CLI, "watch", url, "--db", str(db), *more]


def _watch_once(url: str, db: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _watch_command(url, db, "--once", *more),
        capture_output=True,
        text=True,
        env={**os.environ, **QUICK_ENV},
        timeout=300,
    )


@pytest.mark.slow
def test_once_polls_analyses_writes_the_dossiers_and_exits(feed: tuple[Feed, str], tmp_path: Path) -> None:
    served, url = feed
    served.add(0)
    served.add(1)
    folder = tmp_path / "dossiers"
    done = _watch_once(url, tmp_path / "w.db", "--dossiers", str(folder), "--every", "30s")
    assert done.returncode == 0, done.stderr
    assert "cycle 1" in done.stderr
    assert "2 new, 0 unchanged" in done.stderr
    dossiers = list(folder.glob("dossier-*.html"))
    assert dossiers
    assert any("update 1" in path.read_text(encoding="utf-8") for path in dossiers)


def test_a_bad_interval_is_refused_before_anything_is_fetched(tmp_path: Path) -> None:
    done = subprocess.run(
        _watch_command("http://127.0.0.1:9/feed.xml", tmp_path / "w.db", "--every", "soon"),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "'soon' is not a duration" in done.stderr
    assert not (tmp_path / "w.db").exists()


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_stopping_during_a_cycle_keeps_the_store_and_a_rerun_completes(
    feed: tuple[Feed, str], tmp_path: Path, sig: signal.Signals
) -> None:
    served, url = feed
    for number in range(6):
        served.add(number)
    db, folder = tmp_path / "w.db", tmp_path / "dossiers"
    process = subprocess.Popen(
        _watch_command(url, db, "--every", "1s", "--dossiers", str(folder)),
        env={**os.environ, **QUICK_ENV},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    # Stopped once the articles are committed and before the first cycle ends (its analysis).
    while count_rows(str(db), "articles") < 6 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    process.send_signal(sig)
    _out, err = process.communicate(timeout=120)
    stopped = err.decode()
    assert process.returncode == 130, stopped
    assert "interrupted: everything committed so far is kept" in stopped
    assert "Traceback" not in stopped
    assert "cycle 1" not in stopped, (
        "the stop must land inside the first cycle for this test to mean anything"
    )
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        assert connection.execute(text("pragma integrity_check")).scalar_one() == "ok"
        assert connection.execute(text("select count(*) from articles")).scalar_one() == 6
    engine.dispose()

    rerun = _watch_once(url, db, "--dossiers", str(folder))
    assert rerun.returncode == 0, rerun.stderr
    assert "0 new, 6 unchanged" in rerun.stderr
    assert count_rows(str(db), "story_members") == 6
    dossiers = list(folder.glob("dossier-*.html"))
    assert dossiers
    assert all(not path.name.endswith(".partial") for path in folder.iterdir())
    assert any("update 5" in path.read_text(encoding="utf-8") for path in dossiers)
