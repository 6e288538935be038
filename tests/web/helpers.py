"""Helpers of the web tests: a store the app may change, a logged-in client."""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi.testclient import TestClient

from corroborator.config import Settings, load_settings
from corroborator.store import Store
from corroborator.web import create_app
from corroborator.web.access import hash_password

PASSWORD = "quay-crane-2031"
PASSWORD_HASH = hash_password(PASSWORD)


def writable(settings: Settings) -> Settings:
    """``settings`` with the test password set, so that the app allows changes."""
    server = settings.server.model_copy(update={"password_hash": PASSWORD_HASH})
    return settings.model_copy(update={"server": server})


def logged_in(client: TestClient) -> str:
    """Log ``client`` in through the page; returns the session's form token."""
    response = client.post("/login", data={"password": PASSWORD})
    assert response.status_code == 200, response.text
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/ingest").text)
    assert token, "the logged-in ingest page carries the form token"
    return token.group(1)


def client_for(settings: Settings) -> TestClient:
    """A client of the app over ``settings``' store, sent to a host name the app answers to."""
    return TestClient(create_app(settings), base_url="http://localhost")


def api_writer() -> dict[str, str]:
    return {"Authorization": f"Bearer {PASSWORD}"}


def copied(db: Path, folder: Path) -> Settings:
    """Writable settings over a copy of the store ``db`` (tests that change the data work on
    a copy, so that the session's demo stays as the other tests expect it)."""
    with Store(str(db)) as store, store.transaction() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = folder / "copy.db"
    shutil.copy(db, copy)
    return writable(load_settings(overrides={"store.db": str(copy), "pipeline.workers": 1}, environ={}))


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The app over ``settings``' store, served by uvicorn in a thread; yields its base URL."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the web app did not start within 20 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def shot(page: Any, name: str, full_page: bool = False) -> None:
    """A screenshot kept in test-artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)
