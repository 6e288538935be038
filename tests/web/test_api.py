"""The REST API and the pages' bad inputs: one error shape, an empty story, a search
with SQL and pattern characters, an upload that is not an article."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from tests.web.helpers import api_writer, client_for, copied, logged_in, writable

from corroborator.config import load_settings
from corroborator.report import build_dossier, render_html
from corroborator.store import Store
from corroborator.store.stories import ensure_story


@pytest.fixture(scope="module")
def client(demo: Any) -> TestClient:
    return client_for(demo.settings)


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/api/stories/no-such-story/dossier", "no story 'no-such-story'"),
        ("/api/articles/0000", "no article '0000'"),
        ("/api/entities/0000", "no entity '0000'"),
        ("/api/claim-groups/0000", "no claim group '0000'"),
        ("/api/jobs/0000", "no ingest job '0000'"),
        ("/api/nowhere", "nothing at /api/nowhere"),
    ],
)
def test_every_api_error_has_one_shape(client: TestClient, path: str, words: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"error": {"status": 404, "message": response.json()["error"]["message"]}}
    assert words in response.json()["error"]["message"]


def test_pages_give_a_404_page_with_the_same_message(client: TestClient) -> None:
    response = client.get("/stories/no-such-story")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "no story &#39;no-such-story&#39;" in response.text


def test_search_words_are_text_not_patterns(client: TestClient, demo: Any) -> None:
    found = client.get("/api/stories", params={"q": "Kursk"}).json()["stories"]
    assert demo.story in [s["id"] for s in found]
    for query in ["%", "_", "\\", "' OR '1'='1", "drone%' --", ".*", "[a-z]+", "(drone"]:
        response = client.get("/api/stories", params={"q": query})
        assert response.status_code == 200, query
        assert response.json()["stories"] == [], query


def test_filters_narrow_the_story_list(client: TestClient, demo: Any) -> None:
    everything = client.get("/api/stories").json()
    assert {"single-party", "disputed"} <= set(everything["filters"]["verdicts"])
    by_verdict = client.get("/api/stories", params={"verdict": "disputed"}).json()["stories"]
    assert {demo.story, demo.hostile_story} <= {s["id"] for s in by_verdict}
    for story in by_verdict:
        rows = client.get(f"/api/stories/{story['id']}/dossier").json()["matrix"]
        assert "disputed" in [row["verdict"] for row in rows]
    later = client.get("/api/stories", params={"published_from": "2031-01-01"}).json()["stories"]
    assert [s["id"] for s in later] == [demo.hostile_story]
    russian = client.get("/api/stories", params={"language": "ru"}).json()["stories"]
    assert russian
    assert demo.hostile_story not in [s["id"] for s in russian]


def test_the_api_shows_what_the_pages_show(client: TestClient, demo: Any) -> None:
    dossier = client.get(f"/api/stories/{demo.story}/dossier").json()
    assert dossier["main_claim"]["group_id"] == demo.groups[0].id
    article = client.get(f"/api/articles/{demo.hostile_article}").json()
    assert article["claims"]
    assert article["text"].startswith("The harbour board")
    statements = client.get(f"/api/claim-groups/{demo.groups[0].id}/statements").json()
    assert len(statements) == len(demo.groups[0].members)
    page = client.get(f"/claim-groups/{demo.groups[0].id}").text
    assert page.count("<mark>") == len(statements)
    assert all(f"highlight={s['evidence']['start']}-{s['evidence']['end']}" in page for s in statements)
    schema = client.get("/openapi.json").json()
    for path in (
        "/api/stories",
        "/api/articles/{article_id}",
        "/api/entities/{entity_id}/merge",
        "/api/outlets",
    ):
        assert path in schema["paths"]
    exported = client.get("/api/export/claims")
    assert exported.status_code == 200
    assert exported.text.count("\n") > 100


def test_an_empty_story_has_a_dossier_that_says_so(tmp_path: Path) -> None:
    with Store(str(tmp_path / "empty.db")) as store:
        with store.transaction() as connection:
            ensure_story(connection, "story-empty", None)
        with store.reading() as connection:
            dossier = build_dossier(connection, "story-empty")
    assert dossier.headline.n_articles == 0
    assert dossier.matrix == []
    assert dossier.timeline == []
    assert "no articles left" in render_html(dossier)


def test_an_upload_that_is_not_an_article_shows_the_ingest_reason(tmp_path: Path) -> None:
    settings = load_settings(
        overrides={"store.db": str(tmp_path / "up.db"), "ingest.workers": 1, "pipeline.workers": 1},
        environ={},
    )
    settings = writable(settings)
    Store(settings.store.db).close()
    client = client_for(settings)
    token = logged_in(client)
    response = client.post(
        "/ingest",
        data={"csrf": token},
        files={"files": ("picture.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")},
        follow_redirects=True,
    )
    assert response.status_code == 200
    deadline = time.monotonic() + 120
    while "refresh" in response.text and time.monotonic() < deadline:
        time.sleep(0.5)
        response = client.get(str(response.url))
    assert "<b>done</b>" in response.text
    assert "picture.png: " in response.text
    assert "0 new" in response.text
    # The job's outcome outlives the server: a new app over the same store still shows it.
    restarted = client_for(settings)
    again = restarted.get(str(response.url))
    assert "<b>done</b>" in again.text
    assert "picture.png: " in again.text
    empty = client.post("/ingest", data={"urls": "", "csrf": token})
    assert empty.status_code == 400
    assert "give at least one URL or file" in empty.text


def test_split_through_the_api_makes_a_new_entity(tmp_path: Path, demo: Any) -> None:
    client = client_for(copied(demo.db, tmp_path))
    several = [e for e in client.get("/api/entities").json() if len(e["aliases"]) > 1]
    assert several, "the demo has an entity with two spellings"
    entity = several[0]
    aliases = {"aliases": entity["aliases"][1:]}
    response = client.post(f"/api/entities/{entity['id']}/split", json=aliases, headers=api_writer())
    assert response.status_code == 200, response.text
    new_id = response.json()["entity_id"]
    assert client.get(f"/api/entities/{new_id}").json()["entity"]["aliases"] == entity["aliases"][1:]
    assert client.get(f"/api/entities/{entity['id']}").json()["entity"]["aliases"] == entity["aliases"][:1]
    refused = client.post(
        f"/api/entities/{entity['id']}/merge", json={"other": entity["id"]}, headers=api_writer()
    )
    assert refused.status_code == 400
    assert "cannot be merged with itself" in refused.json()["error"]["message"]


def test_serve_command_serves_the_api(demo: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "corroborator", "serve", "--db", str(demo.db), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/outlets", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the server did not answer within 30 s"
                time.sleep(0.2)
        assert response.status_code == 200
        assert len(response.json()) >= 10
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_every_export_link_on_the_story_list_works(client: TestClient) -> None:
    page = client.get("/").text
    links = re.findall(r'href="(/api/export/[^"]+)"', page)
    assert "/api/export/articles" in links
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        assert all(line.startswith("{") for line in response.text.splitlines()), link


def test_the_api_docs_are_served_from_the_installed_files(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "http" not in page.text  # nothing from a CDN
    for name, kind in (
        ("swagger-ui-bundle.js", "javascript"),
        ("swagger-ui.css", "css"),
        ("start.js", "javascript"),
    ):
        asset = client.get(f"/docs/assets/{name}")
        assert asset.status_code == 200
        assert kind in asset.headers["content-type"]
        assert len(asset.content) > 100
    assert client.get("/docs/assets/..%2Fapp.py").status_code == 404
    assert client.get("/docs/assets/index.html").status_code == 404
    assert "/docs" not in client.get("/openapi.json").json()["paths"]


def test_a_job_a_stopped_server_left_unfinished_reads_as_interrupted(tmp_path: Path) -> None:
    from corroborator.store.jobs import save_job

    settings = load_settings(overrides={"store.db": str(tmp_path / "jobs.db")}, environ={})
    with Store(settings.store.db) as store, store.transaction() as connection:
        job = {"id": "abc123", "state": "analysing", "stage": "extract", "done": 3}
        save_job(connection, {**job, "summary": {"new": 2}, "failures": [], "error": None, "stories": []})
    client = client_for(settings)
    shown = client.get("/api/jobs/abc123").json()
    assert shown["state"] == "interrupted"
    assert "add the sources again" in shown["error"]
    assert shown["summary"] == {"new": 2}
    page = client.get("/jobs/abc123").text
    assert "<b>interrupted</b>" in page
    assert "refresh" not in page


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/entities?limit=1e23", 422, "query.limit"),
        ("/api/entities?limit=100000000000000000000000", 422, "less than or equal to 5000"),
        ("/api/entities?limit=0", 422, "greater than or equal to 1"),
        ("/api/stories?q=" + "+".join(["crane"] * 1000), 400, "at most 20 words"),
        ("/api/entities?q=" + "x" * 5000, 400, "at most 100 characters"),
    ],
)
def test_oversized_queries_get_the_error_shape_not_a_crash(
    client: TestClient, path: str, status: int, words: str
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert words in response.json()["error"]["message"]


def test_an_unexpected_failure_is_still_an_error_in_the_one_shape(
    demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("a fault deep in the store")

    monkeypatch.setattr("corroborator.web.api.views.outlets", broken)
    client = TestClient(
        client_for(demo.settings).app, base_url="http://localhost", raise_server_exceptions=False
    )
    response = client.get("/api/outlets")
    assert response.status_code == 500
    assert response.json()["error"]["message"].startswith("the server failed on this request (RuntimeError)")
    assert "a fault deep" not in response.text  # no internals to a client


@pytest.mark.parametrize("highlight", ["9" * 5000, "0-" + "9" * 5000, "9" * 5000 + "-1", "-", "5-2"])
def test_a_huge_or_odd_highlight_is_ignored_not_a_crash(
    client: TestClient, demo: Any, highlight: str
) -> None:
    response = client.get(f"/articles/{demo.hostile_article}?highlight={highlight}")
    assert response.status_code == 200
    assert 'hl"' not in response.text.partition('id="text"')[2].partition("</div>")[0]
    marked = client.get(f"/articles/{demo.hostile_article}?highlight=0-20")
    assert 'hl"' in marked.text.partition('id="text"')[2].partition("</div>")[0]


def test_a_speakers_entity_page_lists_what_they_are_quoted_as_saying(client: TestClient) -> None:
    found = [e for e in client.get("/api/entities").json() if "dashkin" in e["name"].lower()]
    assert len(found) == 1, "the demo spells the commander several ways, as one entity"
    view = client.get(f"/api/entities/{found[0]['id']}").json()
    assert len(view["quotes"]) >= 3
    assert len({q["outlet"] for q in view["quotes"]}) >= 3
    page = client.get(f"/entities/{found[0]['id']}")
    assert view["quotes"][0]["text"][:40] in page.text.replace("&#34;", '"').replace("&#39;", "'")
