"""Polite fetching as a server sees it: the pause between requests to one host, and what a
second run of the same URLs costs with the HTTP cache.

A local server (pytest-httpserver, never the internet) serves ``--pages`` pages, each with
an ETag; the URLs are ingested twice with ``--workers`` processes and ``--delay`` seconds of
``ingest.host_delay``.  Printed: the gaps between requests as the server saw them (the
smallest must not be under the delay), each run's time, and how many requests of the second
run were conditional and answered 304.

    python benchmarks/polite_fetch.py [--pages 10] [--delay 0.25] [--workers 2]
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import threading
import time
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from corroborator.config import load_settings
from corroborator.ingest import ingest
from corroborator.store import Store


class Site:
    """Pages with ETags, and when each request arrived."""

    def __init__(self) -> None:
        self.seen: list[tuple[float, bool]] = []  # (arrival, conditional)
        self.lock = threading.Lock()

    def answer(self, request: Request) -> Response:
        number = request.path.rsplit("/", 1)[1]
        tag = f'"page-{number}"'
        with self.lock:
            self.seen.append((time.monotonic(), request.headers.get("If-None-Match") == tag))
        if request.headers.get("If-None-Match") == tag:
            return Response(status=304, headers={"ETag": tag})
        body = (
            f"<html><head><title>Ferry {number}</title></head><body><article><h1>Ferry {number}</h1>"
            f"<p>Ferry {number} ran again on Monday after storms kept it in harbour for a week, the "
            "operator said.</p><p>Tickets for the cancelled crossings stay valid until the end of the "
            "month, it added.</p></article></body></html>"
        )
        return Response(body, content_type="text/html", headers={"ETag": tag, "Cache-Control": "no-cache"})


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--delay", type=float, default=0.25, help="ingest.host_delay, in seconds")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="polite-fetch-"))
    site = Site()
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        for number in range(args.pages):
            server.expect_request(f"/ferry/{number}").respond_with_handler(site.answer)
        urls = [server.url_for(f"/ferry/{number}") for number in range(args.pages)]
        settings = load_settings(
            overrides={
                "store.db": str(folder / "fetch.db"),
                "ingest.workers": args.workers,
                "ingest.robots": False,
                "ingest.host_delay": args.delay,
                "ingest.cache_dir": str(folder / "cache"),
            },
            environ={},
        ).ingest
        with Store(str(folder / "fetch.db")) as store:
            started = time.monotonic()
            first = ingest(urls, store, settings)
            first_seconds = time.monotonic() - started
            arrivals = sorted(when for when, _conditional in site.seen)
            site.seen.clear()
            started = time.monotonic()
            second = ingest(urls, store, settings)
            second_seconds = time.monotonic() - started
    finally:
        server.stop()
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    conditional = sum(conditional for _when, conditional in site.seen)
    print(
        f"run 1: {first.new} new of {args.pages} in {first_seconds:.2f} s with {args.workers} workers; "
        f"gaps the server saw: smallest {min(gaps):.3f} s, mean {sum(gaps) / len(gaps):.3f} s "
        f"(ingest.host_delay {args.delay:g} s)"
    )
    print(
        f"run 2: {second.unchanged} unchanged in {second_seconds:.2f} s; {conditional} of {len(site.seen)} "
        "requests conditional, answered 304"
    )


if __name__ == "__main__":
    main()
