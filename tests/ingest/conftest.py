"""Fixtures for the ingestion tests: settings with overrides, and the stored articles read back."""

from __future__ import annotations

import socket
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select

from corroborator.config import IngestSettings, load_settings
from corroborator.models import Article
from corroborator.store import Store
from corroborator.store.articles import article_from_row, outlet_names
from corroborator.store.tables import articles

MakeSettings = Callable[..., IngestSettings]
Stored = Callable[[], list[Article]]


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Name lookups other than the local host fail: no ingestion test may reach the internet
    (a feed entry shorter than ingest.feed_full_text_chars would otherwise fetch its link)."""
    lookup = socket.getaddrinfo

    def local_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in ("localhost", "::1") and not name.startswith("127."):
            raise OSError(f"the ingestion tests stay offline: a test tried to look up {name}")
        return lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)


QUICK_FETCH: dict[str, Any] = {
    "ingest.workers": 1,
    "ingest.robots": False,
    "ingest.host_delay": 0,
    "ingest.backoff": 0.01,
}


@pytest.fixture
def make_settings(tmp_path: Path) -> MakeSettings:
    """``make_settings(timeout=0.5, ...)``: ingest settings with those keys overridden.

    One worker unless a test asks for more, no config file or environment, and, unless a
    test asks for them, no robots.txt (a local server has none), no pause between requests,
    short pauses between retries and a cache of the test's own.
    """

    def build(**ingest: Any) -> IngestSettings:
        overrides: dict[str, Any] = {"store.db": str(tmp_path / "test.db"), **QUICK_FETCH}
        overrides["ingest.cache_dir"] = str(tmp_path / "cache")
        overrides.update({f"ingest.{key}": value for key, value in ingest.items()})
        return load_settings(overrides=overrides, environ={}).ingest

    return build


@pytest.fixture
def stored(store: Store) -> Stored:
    """Every stored article (all revisions), ordered by source and place in it."""

    def read() -> list[Article]:
        with store.reading() as connection:
            rows = connection.execute(
                select(articles).order_by(articles.c.source, articles.c.source_location, articles.c.revision)
            ).mappings()
            return [article_from_row(row) for row in rows]

    return read


@pytest.fixture
def outlets(store: Store) -> Callable[[], dict[str, str]]:
    """Stored outlets, id to display name."""

    def read() -> dict[str, str]:
        with store.reading() as connection:
            return outlet_names(connection)

    return read


@pytest.fixture
def peak_memory() -> Callable[[Callable[[], Any]], tuple[Any, int]]:
    """``peak_memory(read)``: what ``read()`` returns, and the most memory Python held while it ran
    (for readers that must not hold a large input whole)."""

    def measure(read: Callable[[], Any]) -> tuple[Any, int]:
        tracemalloc.start()
        try:
            result = read()
            return result, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    return measure


@pytest.fixture
def threaded_httpserver() -> Iterator[HTTPServer]:
    """A local server that answers requests in threads, for handlers that sleep on purpose
    (the shared ``httpserver`` answers one request at a time, so a sleeper would stall it)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()
