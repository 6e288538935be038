"""How long a new feed item takes to reach its story's dossier under `corroborator watch`.

A local server (pytest-httpserver, never the internet) serves an RSS feed of ``--items``
items about one made-up event (``tests/pipeline/feeds.py``); `corroborator watch` polls it
every ``--every`` into a new store and keeps Markdown dossiers in a folder.  Once the first
dossiers are written, one item is added to the feed.  Printed: when the server first served
the feed holding the new item (the fetch), when a dossier first held it, and the latency
between the two (the goal: under 60 s), then how the watch stopped on Ctrl-C (SIGINT).

    python benchmarks/watch_latency.py [--items 5] [--every 10s] [--workers 1]
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the feed the tests serve
from tests.pipeline.feeds import Feed

GOAL = 60.0


class Served:
    """The feed, and when the server first sent it with the item being watched for."""

    def __init__(self) -> None:
        self.feed = Feed()
        self.awaited: str | None = None
        self.fetched: float | None = None

    def answer(self, _request: Request) -> Response:
        xml = self.feed.xml()
        if self.awaited is not None and self.fetched is None and self.awaited in xml:
            self.fetched = time.monotonic()
        return Response(xml, content_type="application/rss+xml")


def _holding(folder: Path, number: int) -> bool:
    """Whether a dossier holds item ``number`` (by its title)."""
    title = re.compile(rf"Port Ellery, update {number}\b")
    return any(title.search(path.read_text(encoding="utf-8")) for path in folder.glob("dossier-*.md"))


def _wait(condition: object, seconds: float, process: subprocess.Popen[bytes], what: str) -> float:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"watch exited ({process.returncode}) while waiting for {what}")
        if condition():  # type: ignore[operator]
            return time.monotonic()
        time.sleep(0.05)
    raise SystemExit(f"gave up after {seconds:g} s waiting for {what}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5, help="items in the feed at the start")
    parser.add_argument("--every", default="10s", help="watch's polling interval")
    parser.add_argument("--workers", type=int, default=1, help="worker processes of ingest and analysis")
    args = parser.parse_args()

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # not a line per request
    served = Served()
    for number in range(args.items):
        served.feed.add(number)
    server = HTTPServer()
    server.expect_request("/feed.xml").respond_with_handler(served.answer)
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    server.start()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        folder = work / "dossiers"
        env = {
            **os.environ,
            "CORROBORATOR_INGEST__CACHE_DIR": str(work / "cache"),
            "CORROBORATOR_INGEST__HOST_DELAY": "0",  # one host, one feed: no one to be polite to
        }
        command = [sys.executable, "-m", "corroborator", "watch", server.url_for("/feed.xml")]
        command += ["--every", args.every, "--dossiers", str(folder), "--format", "md"]
        command += ["--db", str(work / "watch.db"), "--workers", str(args.workers)]
        started = time.monotonic()
        process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
        try:
            last = args.items - 1
            ready = _wait(
                lambda: folder.exists() and _holding(folder, last), 300, process, "the first dossiers"
            )
            print(f"first cycle (start, model loading, {args.items} items analysed): {ready - started:.1f} s")
            served.awaited = served.feed.add(args.items)
            added = time.monotonic()
            seen = _wait(lambda: _holding(folder, args.items), 300, process, "the new item in a dossier")
            assert served.fetched is not None
            print(f"new item added to the feed; fetched {served.fetched - added:.1f} s later (the interval)")
            latency = seen - served.fetched
            verdict = "within" if latency < GOAL else "OVER"
            print(
                f"latency from fetch to the item in its story's dossier: {latency:.1f} s ({verdict} {GOAL:g} s)"
            )
        finally:
            process.send_signal(signal.SIGINT)
            _out, err = process.communicate(timeout=120)
            server.clear()
            server.stop()
            sys.stderr.write(err.decode())  # the watch's own lines, one per cycle
        print(f"Ctrl-C: exit code {process.returncode}")


if __name__ == "__main__":
    main()
