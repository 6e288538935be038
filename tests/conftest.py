"""Shared fixtures: settings and a fresh SQLite store per test (a real file, never a mock)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from corroborator.config import Settings, load_settings
from corroborator.store import Store


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Defaults with the store in tmp_path, one worker (tests that want two say so), and no
    time budget per article, so that the per-article stages run in the test's own process
    (tests of the budget set one); the HTTP cache is the test's own."""
    return load_settings(
        overrides={
            "store.db": str(tmp_path / "test.db"),
            "ingest.workers": 1,
            "pipeline.workers": 1,
            "pipeline.article_seconds": 0,
            "ingest.cache_dir": str(tmp_path / "http-cache"),
        },
        environ={},
    )


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store(settings.store.db) as opened:
        yield opened
