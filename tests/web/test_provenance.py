"""Where a dossier or an export came from: every one says when (UTC), by which version, with
which settings and from which corpus it was made; JSON carries ``schema_version``; the
Markdown dossier links each finding to its article; claim groups a person judged export as
schema.org ClaimReview records."""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient
from tests.web.helpers import api_writer, client_for, copied
from typer.testing import CliRunner

from corroborator import __version__
from corroborator.cli.app import app
from corroborator.config import load_settings
from corroborator.provenance import SCHEMA_VERSION, provenance, settings_digest
from corroborator.report import made_dossier, render_markdown, report
from corroborator.store import Store

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def _check_made(made: dict[str, Any], db: Path, n_articles: int) -> None:
    at = datetime.fromisoformat(made["generated_at"])
    assert at.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - at) < timedelta(minutes=5)
    assert made["version"] == __version__
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", made["settings_digest"])
    assert made["corpus"]["store"] == str(db)
    assert made["corpus"]["n_articles"] == n_articles
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", made["corpus"]["articles_digest"])


def _n_articles(db: Path) -> int:
    with Store(str(db)) as store:
        return provenance(store).corpus.n_articles


def test_the_json_dossier_states_its_shape_and_how_it_was_made(demo: Any) -> None:
    with Store(str(demo.db)) as store:
        dossier = json.loads(report(store, demo.story, "json", settings=demo.settings))
    assert dossier["schema_version"] == SCHEMA_VERSION
    _check_made(dossier["provenance"], demo.db, _n_articles(demo.db))
    assert dossier["provenance"]["settings_digest"] == settings_digest(demo.settings)
    jsonschema.validate(dossier, json.loads((SCHEMAS / "dossier.schema.json").read_text()))


def test_the_corpus_digest_follows_the_articles_and_the_settings_digest_the_settings(
    demo: Any, tmp_path: Path
) -> None:
    with Store(str(demo.db)) as store:
        first, again = provenance(store), provenance(store)
    assert first.corpus.articles_digest == again.corpus.articles_digest
    fewer = copied(demo.db, tmp_path)
    with Store(fewer.store.db) as store, store.transaction() as connection:
        from sqlalchemy import text

        connection.execute(
            text("UPDATE articles SET is_current = 0 WHERE id = :id"), {"id": demo.hostile_article}
        )
    with Store(fewer.store.db) as store:
        changed = provenance(store)
    assert changed.corpus.n_articles == first.corpus.n_articles - 1
    assert changed.corpus.articles_digest != first.corpus.articles_digest
    other = load_settings(overrides={"align.link": 0.5}, environ={})
    assert settings_digest(other) != settings_digest(load_settings(environ={}))
    # Where the store is and the server's password say nothing about the findings.
    moved = load_settings(overrides={"store.db": "elsewhere.db"}, environ={})
    assert settings_digest(moved) == settings_digest(load_settings(environ={}))
    assert settings_digest(demo.settings) == settings_digest(
        demo.settings.model_copy(update={"server": load_settings(environ={}).server})
    )


def test_a_password_in_the_store_url_never_reaches_a_dossier() -> None:
    """The corpus names the store as messages do: a PostgreSQL URL with its password hidden."""
    store = Store("postgresql+psycopg://desk:s3cret@127.0.0.1:9/news", check=False)
    try:
        assert "s3cret" not in store.shown
        assert store.shown.startswith("postgresql+psycopg://desk:")
    finally:
        store.close()


def test_the_html_and_markdown_dossiers_say_how_they_were_made(demo: Any) -> None:
    with Store(str(demo.db)) as store:
        html = report(store, demo.story, "html", settings=demo.settings)
        markdown = report(store, demo.story, "md", settings=demo.settings)
    digest = settings_digest(demo.settings)
    for text in (html, markdown):
        assert "How this dossier was made" in text
        assert f"Corroborator {__version__}" in text
        assert digest in text
        assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", text)
    assert f"{_n_articles(demo.db)} articles, ids digest" in markdown


def test_every_finding_of_the_markdown_dossier_links_to_its_article_and_offsets(demo: Any) -> None:
    with Store(str(demo.db)) as store, store.reading():
        dossier = made_dossier(store, demo.story)
    markdown = render_markdown(dossier)
    urls = {t.article_id: t.url for t in dossier.timeline + dossier.opinion}
    findings = [line for line in markdown.splitlines() if "characters " in line]
    assert len(findings) > 10
    for line in findings:
        for article_id, start, end in re.findall(r"\(([0-9a-f]+), characters (\d+)-(\d+)\)", line):
            url = urls[article_id]
            assert url.startswith("https://"), url
            assert f"](<{url}>) ({article_id}, characters {start}-{end})" in line, line
    # A cell of the matrix leads to the article behind it.
    matrix = [line for line in markdown.splitlines() if line.startswith("| claims about")]
    assert matrix
    assert all("](<https://" in line for line in matrix)


def test_an_article_whose_url_is_not_http_is_named_but_never_linked(demo: Any) -> None:
    with Store(str(demo.db)) as store:
        markdown = report(store, demo.hostile_story, "md")
    assert "](<javascript:" not in markdown  # the article's URL is javascript:alert(...)
    assert "](javascript:" not in markdown
    assert "](<" not in markdown, "a finding of this story is linked though no article has an http URL"
    assert f"({demo.hostile_article}, characters " in markdown


def test_exports_carry_their_shape_and_provenance(demo: Any, tmp_path: Path) -> None:
    runner = CliRunner()
    document = tmp_path / "claims.json"
    result = runner.invoke(app, ["export", "claims", "--db", str(demo.db), "-f", "json", "-o", str(document)])
    assert result.exit_code == 0, result.output
    exported = json.loads(document.read_text(encoding="utf-8"))
    assert (exported["schema_version"], exported["kind"]) == (SCHEMA_VERSION, "claims")
    _check_made(exported["provenance"], demo.db, _n_articles(demo.db))
    assert len(exported["records"]) > 20
    assert {"id", "article_id", "span", "status"} <= set(exported["records"][0])
    lines = tmp_path / "claims.jsonl"
    result = runner.invoke(app, ["export", "claims", "--db", str(demo.db), "-o", str(lines)])
    assert result.exit_code == 0, result.output
    beside = json.loads((tmp_path / "claims.jsonl.provenance.json").read_text(encoding="utf-8"))
    assert (beside["schema_version"], beside["file"]) == (SCHEMA_VERSION, "claims.jsonl")
    assert (
        beside["records"] == len(lines.read_text(encoding="utf-8").splitlines()) == len(exported["records"])
    )
    assert beside["provenance"]["corpus"] == exported["provenance"]["corpus"]


def test_the_api_export_gives_a_json_document_on_request_and_refuses_other_formats(demo: Any) -> None:
    client = client_for(demo.settings)
    document = client.get("/api/export/stories?format=json")
    assert document.status_code == 200
    body = document.json()
    assert body["schema_version"] == SCHEMA_VERSION
    assert body["provenance"]["corpus"]["n_articles"] == _n_articles(demo.db)
    assert document.headers["x-schema-version"] == SCHEMA_VERSION
    dossier = client.get(f"/api/stories/{demo.story}/dossier").json()
    assert dossier["schema_version"] == SCHEMA_VERSION
    _check_made(dossier["provenance"], demo.db, _n_articles(demo.db))
    refused = client.get("/api/export/stories?format=xml")
    assert refused.status_code == 400
    assert "no export format 'xml': use jsonl or json" in refused.json()["error"]["message"]


@pytest.fixture
def client(tmp_path: Path, demo: Any) -> TestClient:
    return client_for(copied(demo.db, tmp_path))


def test_a_group_a_person_judged_exports_as_a_schema_org_claim_review(
    client: TestClient, demo: Any, tmp_path: Path
) -> None:
    before = client.get("/api/export/claim-reviews").text
    assert before == "", "no one has judged a group yet: nothing to publish"
    group = demo.groups[0]
    made = client.post(
        f"/api/claim-groups/{group.id}/corrections",
        json={
            "kind": "verdict",
            "verdict": "disputed",
            "by": "Ines Okafor",
            "reason": "the ministry's count",
        },
        headers=api_writer(),
    )
    assert made.status_code == 200, made.text
    [now] = made.json()["group_ids"]
    reviews = [json.loads(line) for line in client.get("/api/export/claim-reviews").text.splitlines()]
    [review] = reviews
    assert (review["@context"], review["@type"]) == ("https://schema.org", "ClaimReview")
    assert review["identifier"] == now
    assert review["author"] == {"@type": "Person", "name": "Ines Okafor"}
    assert review["reviewRating"]["alternateName"] == "disputed"
    assert review["reviewRating"]["ratingExplanation"] == "the ministry's count"
    assert review["claimReviewed"] == review["itemReviewed"]["text"]
    assert review["datePublished"] == made.json()["at"][:10]
    appearances = review["itemReviewed"]["appearance"]
    assert appearances
    assert all(a["url"].startswith("https://") for a in appearances)
    assert all(a["@type"] == "CreativeWork" for a in appearances)
    jsonschema.validate(review, json.loads((SCHEMAS / "claim-reviews.schema.json").read_text()))
    # In a spreadsheet too: one row per review, the JSON-LD keys named by field.
    sheet = tmp_path / "reviews.csv"
    db = client.app.state.settings.store.db  # type: ignore[attr-defined]
    result = CliRunner().invoke(app, ["export", "claim-reviews", "--db", db, "-f", "csv", "-o", str(sheet)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    [row] = rows
    assert (row["context"], row["type"], row["reviewRating_alternateName"], row["author_name"]) == (
        "https://schema.org",
        "ClaimReview",
        "disputed",
        "Ines Okafor",
    )
    assert row["itemReviewed_appearance_url"].split("; ") == [a["url"] for a in appearances]


def test_claim_reviews_link_to_their_group_page_when_given_the_app_address(
    client: TestClient, demo: Any, tmp_path: Path
) -> None:
    made = client.post(
        f"/api/claim-groups/{demo.groups[1].id}/corrections",
        json={"kind": "reviewed", "by": "Ines Okafor", "reason": "read all four reports"},
        headers=api_writer(),
    )
    assert made.status_code == 200, made.text
    [now] = made.json()["group_ids"]
    db = client.app.state.settings.store.db  # type: ignore[attr-defined]
    out = tmp_path / "reviews.jsonl"
    runner = CliRunner()
    base = ["export", "claim-reviews", "--db", db, "-o", str(out)]
    result = runner.invoke(app, [*base, "--link-base", "https://desk.example/app/"])
    assert result.exit_code == 0, result.output
    [review] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert review["url"] == f"https://desk.example/app/claim-groups/{now}"
    assert review["reviewBody"] == "Ines Okafor: read all four reports"
    shown = client.get(f"/api/claim-groups/{now}").json()
    assert (
        review["reviewRating"]["alternateName"] == shown["verdict"]
    )  # the aligner's, which the reviewer saw
    for args, reason in (
        (["--link-base", "javascript:alert(1)"], "--link-base 'javascript:alert(1)' is not an http(s) URL"),
        (["--link-base", "https://desk.example"], None),
    ):
        result = runner.invoke(app, [*base, *args] if reason else ["export", "claims", "--db", db, *args])
        assert result.exit_code != 0
        said = result.output + str(result.exception or "")  # the CLI's entry point prints the error's line
        assert (reason or "--link-base applies to claim-reviews only, not to claims") in said
    assert out.read_text(encoding="utf-8").count("\n") == 1, (
        "a refused export left the earlier file as it was"
    )
