"""Helpers of the web tests: a store the app may change, a logged-in client."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from corroborator.config import Settings
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
