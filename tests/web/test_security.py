"""The server on a newsroom network: no server paths through the web ingest, read-only
unless a password is set, forms that another site cannot post, only known host names,
fetches that cannot reach the local network (directly, through a redirect or a feed
entry), capped uploads, a bounded job queue and an overall download deadline."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from tests.web.helpers import PASSWORD, api_writer, client_for, logged_in, writable

from corroborator.cli.present_cmds import exposure
from corroborator.config import IngestSettings, Settings, load_settings
from corroborator.errors import Busy, ConfigError, CorroboratorError, FetchError
from corroborator.ingest import fetch as fetching
from corroborator.ingest.fetch import fetch, refused_address
from corroborator.store import Store
from corroborator.web.access import SESSION_COOKIE, check_password, hash_password
from corroborator.web.jobs import Jobs

SECRET = "the contents of a private server file 7f3a"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    made = load_settings(
        overrides={"store.db": str(tmp_path / "web.db"), "ingest.workers": 1, "pipeline.workers": 1},
        environ={},
    )
    Store(made.store.db).close()
    return made


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "notes.txt").write_text(SECRET + " " + "word " * 80, encoding="utf-8")
    return folder / "notes.txt"


def _server(settings: Settings, **changes: Any) -> Settings:
    return settings.model_copy(update={"server": settings.server.model_copy(update=changes)})


def _wait(client: TestClient, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not end within 120 s")


# ---------------------------------------------------------------- server paths and read-only


@pytest.mark.parametrize("kind", ["file", "folder", "file-url"])
def test_the_web_ingest_never_reads_a_path_on_the_server(
    settings: Settings, secret_file: Path, kind: str
) -> None:
    source = {"file": str(secret_file), "folder": str(secret_file.parent), "file-url": secret_file.as_uri()}[
        kind
    ]
    client = client_for(writable(settings))
    refused = client.post("/api/ingest", json={"urls": [source]}, headers=api_writer())
    assert refused.status_code == 400
    assert "is not an http(s) URL" in refused.json()["error"]["message"]
    token = logged_in(client)
    page = client.post("/ingest", data={"urls": source, "csrf": token})
    assert page.status_code == 400
    assert "never paths on the server" in page.text
    assert SECRET not in client.get("/api/export/articles").text


def test_a_server_without_a_password_is_read_only(settings: Settings) -> None:
    client = client_for(settings)
    changes = (
        ("/api/ingest", {"urls": ["https://news.example/a"]}),
        ("/api/entities/x/merge", {"other": "y"}),
    )
    for path, body in changes:
        response = client.post(path, json=body, headers=api_writer())
        assert response.status_code == 403
        assert "read-only" in response.json()["error"]["message"]
    assert client.post("/login", data={"password": PASSWORD}).status_code == 403
    assert "read-only" in client.get("/ingest").text
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("header", [None, "Bearer wrong-password", "Basic " + PASSWORD, "Bearer "])
def test_api_changes_need_the_password(settings: Settings, header: str | None) -> None:
    client = client_for(writable(settings))
    headers = {"Authorization": header} if header else {}
    response = client.post("/api/entities/x/split", json={"aliases": ["a"]}, headers=headers)
    assert response.status_code == 403
    assert "Authorization: Bearer" in response.json()["error"]["message"]


def test_a_wrong_password_does_not_log_in(settings: Settings) -> None:
    client = client_for(writable(settings))
    response = client.post("/login", data={"password": "not-the-password"})
    assert response.status_code == 403
    assert "wrong password" in response.text
    assert SESSION_COOKIE not in client.cookies


# ---------------------------------------------------------------- forms from other sites


def test_a_form_post_needs_the_session_and_its_token(settings: Settings) -> None:
    client = client_for(writable(settings))
    without_login = client.post("/entities/x/merge", data={"other": "y", "csrf": "anything"})
    assert without_login.status_code == 403
    assert "log in first" in without_login.text
    token = logged_in(client)
    for forged in ("", "x" * 43, token[:-1]):
        response = client.post("/entities/x/merge", data={"other": "y", "csrf": forged})
        assert response.status_code == 403, forged
        assert "out of date or came from another site" in response.text
    # With the token the request reaches the merge, which then says the ids are unknown.
    allowed = client.post("/entities/x/merge", data={"other": "y", "csrf": token}, follow_redirects=False)
    assert allowed.status_code == 303
    assert "not merged" in unquote(allowed.headers["location"])


@pytest.mark.parametrize("header", ["Origin", "Referer"])
def test_a_post_from_another_origin_is_refused_even_with_the_token(settings: Settings, header: str) -> None:
    client = client_for(writable(settings))
    token = logged_in(client)
    other = "http://evil.example" if header == "Origin" else "http://evil.example/page"
    for path in ("/entities/x/merge", "/ingest", "/logout"):
        response = client.post(path, data={"other": "y", "csrf": token}, headers={header: other})
        assert response.status_code == 403, path
        assert "another site" in response.text
    same = client.post(
        "/logout", data={"csrf": token}, headers={"Origin": "http://localhost"}, follow_redirects=False
    )
    assert same.status_code == 303


def test_the_session_cookie_is_http_only_and_strict(settings: Settings) -> None:
    client = client_for(writable(settings))
    response = client.post("/login", data={"password": PASSWORD}, follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie


def test_logging_out_ends_the_session(settings: Settings) -> None:
    client = client_for(writable(settings))
    token = logged_in(client)
    session = client.cookies[SESSION_COOKIE]
    client.post("/logout", data={"csrf": token})
    client.cookies.set(SESSION_COOKIE, session)  # a stolen copy of the cookie is worth nothing now
    response = client.post("/entities/x/merge", data={"other": "y", "csrf": token})
    assert response.status_code == 403
    assert "log in first" in response.text


# ---------------------------------------------------------------- host names


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("localhost", True),
        ("localhost:8000", True),
        ("127.0.0.1:8000", True),
        ("[::1]:8000", True),
        ("news-desk.internal:8000", True),
        ("evil.example", False),
        ("localhost.evil.example", False),
        ("", False),
    ],
)
def test_only_known_host_names_are_served(settings: Settings, host: str, allowed: bool) -> None:
    client = client_for(_server(settings, hosts=["news-desk.internal"]))
    for path in ("/", "/api/outlets"):
        response = client.get(path, headers={"Host": host})
        assert (response.status_code == 200) is allowed, (host, path)
        if not allowed:
            assert response.status_code == 400
            assert "unknown host" in response.text
    assert (
        "unknown host"
        in client.get("/api/outlets", headers={"Host": "evil.example"}).json()["error"]["message"]
    )


def test_the_start_up_line_says_what_is_exposed(settings: Settings) -> None:
    [local] = exposure(settings, "127.0.0.1")
    assert local.startswith("read-only")
    assert "public addresses only" in local
    warning, _ = exposure(writable(settings), "0.0.0.0")
    assert warning.startswith("WARNING: listening on 0.0.0.0")


# ---------------------------------------------------------------- uploads and jobs


def test_an_upload_over_the_cap_is_refused_while_it_streams(settings: Settings) -> None:
    client = client_for(writable(_server(settings, max_upload_bytes=20_000)))
    token = logged_in(client)
    big = {"files": ("big.txt", b"word " * 10_000, "text/plain")}
    declared = client.post("/ingest", data={"csrf": token}, files=big)
    assert declared.status_code == 413
    assert "server.max_upload_bytes" in declared.text

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap must hold while reading
        for _ in range(100):
            yield b"x" * 1000

    streamed = client.post(
        "/api/ingest/files",
        content=chunks(),
        headers={**api_writer(), "Content-Type": "multipart/form-data; boundary=zzz"},
    )
    assert streamed.status_code == 413
    assert "server.max_upload_bytes" in streamed.json()["error"]["message"]
    with Store(settings.store.db) as store, store.reading() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM articles").scalar() == 0


def test_an_uploaded_file_is_stored_through_the_api(settings: Settings) -> None:
    client = client_for(writable(settings))
    text = b"The harbour board approved the new crane on Tuesday after a long debate. " * 5
    files = {"files": ("crane.txt", text, "text/plain")}
    response = client.post("/api/ingest/files", files=files, headers=api_writer())
    assert response.status_code == 202, response.text
    job = _wait(client, response.json()["id"])
    assert job["state"] == "done", job
    assert job["summary"]["new"] == 1


def test_the_job_queue_is_bounded(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def held(*_: Any, **__: Any) -> Any:
        release.wait(30)
        raise CorroboratorError("stopped by the test")

    monkeypatch.setattr("corroborator.web.jobs.ingest", held)
    bounded = _server(settings, max_queued_jobs=1)
    with Store(settings.store.db) as store:
        jobs = Jobs(store, bounded)
        try:
            first = jobs.start(["https://news.example/a"], [])
            deadline = time.monotonic() + 10
            while jobs.get(first.id).state == "queued" and time.monotonic() < deadline:  # type: ignore[union-attr]
                time.sleep(0.05)
            jobs.start(["https://news.example/b"], [])  # waits behind the first
            with pytest.raises(Busy, match=re.escape("server.max_queued_jobs")):
                jobs.start(["https://news.example/c"], [])
        finally:
            release.set()
            jobs._runner.shutdown(wait=True)


# ---------------------------------------------------------------- fetching (loopback servers only)


class _Site(BaseHTTPRequestHandler):
    """Pages, a redirect, a feed and a trickle, on a loopback address."""

    redirect_to = ""
    feed_link = ""

    def do_GET(self) -> None:
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.end_headers()
            return
        if self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>x</p>")
                self.wfile.flush()
                time.sleep(0.1)
            return
        if self.path == "/feed.xml":
            body = (
                '<?xml version="1.0"?><rss version="2.0"><channel><title>Quay news</title>'
                f"<item><title>Crane</title><link>{self.feed_link}</link><description>short</description></item>"
                "</channel></rss>"
            ).encode()
            kind = "application/rss+xml"
        else:
            body = (
                b"<html><body><article><p>"
                + b"The quay crane was approved. " * 30
                + b"</p></article></body></html>"
            )
            kind = "text/html"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    _Site.redirect_to = f"http://127.0.0.2:{server.server_port}/page"
    _Site.feed_link = f"http://127.0.0.2:{server.server_port}/page"
    yield base
    server.shutdown()


@pytest.fixture
def only_127_0_0_1_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat 127.0.0.1 as if it were a public address, so that a redirect or a feed link to
    another loopback address (127.0.0.2) stands for one to the local network."""
    monkeypatch.setattr(fetching, "refused_address", lambda address: address != "127.0.0.1")


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.5", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("224.0.0.1", True),
        ("::1", True),
        ("fe80::1%eth0", True),
        ("fd00:ec2::254", True),
        ("::ffff:127.0.0.1", True),
        ("93.184.215.14", False),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", False),
    ],
)
def test_which_addresses_are_out_of_reach(address: str, refused: bool) -> None:
    assert refused_address(address) is refused


def test_server_mode_refuses_a_loopback_url(site: str) -> None:
    with pytest.raises(
        FetchError, match=re.escape("refused: 127.0.0.1, a loopback, private or link-local address")
    ):
        fetch(f"{site}/page", IngestSettings(refuse_private=True))
    assert b"quay crane" in fetch(f"{site}/page", IngestSettings()).content  # the command line may


@pytest.mark.usefixtures("only_127_0_0_1_public")
def test_a_redirect_to_the_local_network_is_refused(site: str) -> None:
    assert b"quay crane" in fetch(f"{site}/page", IngestSettings(refuse_private=True)).content
    with pytest.raises(FetchError, match=re.escape("refused: 127.0.0.2")):
        fetch(f"{site}/moved", IngestSettings(refuse_private=True))


def test_a_name_that_resolves_to_the_local_network_is_refused(
    site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = int(site.rsplit(":", 1)[1])
    real = fetching.socket.getaddrinfo
    monkeypatch.setattr(
        fetching.socket,
        "getaddrinfo",
        lambda host, *rest, **kw: real("127.0.0.1" if host == "rebind.example" else host, *rest, **kw),
    )
    with pytest.raises(FetchError, match=re.escape("rebind.example resolves to 127.0.0.1")):
        fetch(f"http://rebind.example:{port}/page", IngestSettings(refuse_private=True))


@pytest.mark.usefixtures("only_127_0_0_1_public")
def test_a_feed_entry_linking_to_the_local_network_is_refused_in_a_web_job(
    site: str, settings: Settings
) -> None:
    client = client_for(writable(settings))
    response = client.post("/api/ingest", json={"urls": [f"{site}/feed.xml"]}, headers=api_writer())
    job = _wait(client, response.json()["id"])
    assert job["summary"]["new"] == 0
    assert any("refused: 127.0.0.2" in failure for failure in job["failures"]), job["failures"]


def test_a_web_job_cannot_fetch_the_local_network(site: str, settings: Settings) -> None:
    client = client_for(writable(settings))
    response = client.post("/api/ingest", json={"urls": [f"{site}/page"]}, headers=api_writer())
    job = _wait(client, response.json()["id"])
    assert job["summary"]["new"] == 0
    assert any("server.allow_private_fetch" in failure for failure in job["failures"]), job["failures"]
    client = client_for(writable(_server(settings, allow_private_fetch=True)))
    response = client.post("/api/ingest", json={"urls": [f"{site}/page"]}, headers=api_writer())
    assert _wait(client, response.json()["id"])["summary"]["new"] == 1


def test_a_trickling_server_meets_the_overall_deadline(site: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"ingest.deadline"):
        fetch(f"{site}/trickle", IngestSettings(deadline=1.0, timeout=5.0))
    assert time.monotonic() - started < 3.5


# ---------------------------------------------------------------- the password's hash


def test_a_password_hash_checks_only_its_password() -> None:
    stored = hash_password("harbour-master")
    assert stored.startswith("scrypt$")
    assert "harbour-master" not in stored
    assert check_password("harbour-master", stored)
    assert not check_password("harbour-master ", stored)
    assert hash_password("harbour-master") != stored  # salted
    with pytest.raises(ConfigError, match="at least 8 characters"):
        hash_password("short")
    with pytest.raises(ConfigError, match="corroborator password"):
        check_password("harbour-master", "plain-text-password")


def test_guessing_the_password_is_slowed_after_ten_tries(settings: Settings) -> None:
    client = client_for(writable(settings))
    for _ in range(10):
        assert client.post("/login", data={"password": "a-wrong-guess"}).status_code == 403
    refused = client.post("/login", data={"password": PASSWORD})  # even the right one, for a minute
    assert refused.status_code == 403
    assert "wait a minute" in refused.text
    api = client.post("/api/ingest", json={"urls": ["https://news.example/a"]}, headers=api_writer())
    assert "wait a minute" in api.json()["error"]["message"]
