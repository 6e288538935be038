"""The store in Datasette: the demo store opened with the metadata `datasette-metadata` writes,
searched through Datasette's own API, with internal tables hidden and names shown for ids; and
the search tables kept in step with what the pipeline writes."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from datasette.app import Datasette
from sqlalchemy import text

from corroborator.errors import StoreError
from corroborator.models import ArticleDraft, Provenance, SourceKind
from corroborator.store import Store, add_article
from corroborator.store.datasette_metadata import (
    DESCRIPTIONS,
    INTERNAL,
    VIEW_DESCRIPTIONS,
    datasette_metadata,
)
from corroborator.store.migrate import alembic_config
from corroborator.store.tables import metadata


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corroborator", *args], capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store `corroborator demo` builds."""
    folder = tmp_path_factory.mktemp("datasette")
    built = _cli("demo", "--out", str(folder))
    assert built.returncode == 0, built.stderr
    return folder / "demo.db"


@pytest.fixture(scope="module")
def written(demo_db: Path) -> dict[str, Any]:
    """The metadata as the command writes it to a file."""
    target = demo_db.parent / "metadata.json"
    result = _cli("datasette-metadata", "--db", str(demo_db), "-o", str(target))
    assert result.returncode == 0, result.stderr
    loaded: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return loaded


def _get(demo_db: Path, meta: dict[str, Any], path: str) -> Any:
    async def fetch() -> Any:
        response = await Datasette([str(demo_db)], metadata=meta).client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(fetch())


def test_searching_the_demo_store_in_datasette_finds_articles_and_claim_groups(
    demo_db: Path, written: dict[str, Any]
) -> None:
    articles = _get(demo_db, written, "/demo/articles.json?_search=helicopter&_shape=objects&_size=100")
    rows = articles["rows"]
    assert rows
    assert all("helicopter" in f"{row['title']} {row['text']}".lower() for row in rows)
    assert any("Putin's helicopter" in (row["title"] or "") for row in rows)
    everything = _get(demo_db, written, "/demo/articles.json?_shape=objects&_size=100")["rows"]
    assert len(rows) < len(everything)  # a search, not the whole table
    groups = _get(demo_db, written, "/demo/claim_groups.json?_search=Kyiv&_shape=objects")
    assert groups["rows"]
    assert all("kyiv" in row["label"].lower() for row in groups["rows"])
    nothing = _get(demo_db, written, "/demo/claim_groups.json?_search=zeppelin&_shape=objects")
    assert nothing["rows"] == []


def test_internal_tables_are_hidden_and_the_rest_described(demo_db: Path, written: dict[str, Any]) -> None:
    database = _get(demo_db, written, "/demo.json")
    hidden = {table["name"] for table in database["tables"] if table["hidden"]}
    shown = {table["name"] for table in database["tables"] if not table["hidden"]}
    assert {"minhash_bands", "story_terms", "story_postings", "parses", "alembic_version"} <= hidden
    assert {"articles_fts", "claim_groups_fts"} <= hidden  # Datasette hides search tables itself
    assert shown == set(DESCRIPTIONS)
    assert {view["name"] for view in database["views"]} == set(VIEW_DESCRIPTIONS)
    table = _get(demo_db, written, "/demo/claim_groups.json?_size=0")
    assert written["databases"]["demo"]["tables"]["claim_groups"]["description"].startswith("One claim")
    assert table["table"] == "claim_groups"


def test_foreign_keys_show_names_instead_of_hashes(demo_db: Path, written: dict[str, Any]) -> None:
    claims = _get(demo_db, written, "/demo/claims.json?_labels=on&_shape=objects&_size=5")
    article = claims["rows"][0]["article_id"]
    with Store(str(demo_db)) as store, store.reading() as connection:
        title = connection.execute(
            text("select title from articles where id = :id"), {"id": article["value"]}
        )
        assert article["label"] == title.scalar_one()
    members = _get(demo_db, written, "/demo/claim_group_members.json?_labels=on&_shape=objects&_size=5")
    group = members["rows"][0]["claim_group_id"]
    assert group["label"]
    assert group["label"] != group["value"]


def test_the_views_put_claims_beside_their_article_and_outlet(demo_db: Path, written: dict[str, Any]) -> None:
    rows = _get(demo_db, written, "/demo/claims_with_articles.json?_shape=objects&_size=1000")["rows"]
    with Store(str(demo_db)) as store, store.reading() as connection:
        claims = connection.execute(text("select count(*) from claims")).scalar_one()
    assert len(rows) == claims
    assert all(row["outlet"] and row["article_id"] for row in rows)
    by_outlet = _get(demo_db, written, "/demo/claims_by_outlet.json?_shape=objects&_size=1000")["rows"]
    grouped = sum(row["claims"] for row in by_outlet)
    assert grouped == sum(1 for row in rows if row["claim_group_id"])
    assert len({row["outlet_id"] for row in by_outlet}) > 1


def test_every_table_is_either_described_or_hidden() -> None:
    declared = set(metadata.tables)
    assert declared == set(DESCRIPTIONS) | (set(INTERNAL) - {"alembic_version"})


def _draft(body: str, title: str) -> ArticleDraft:
    return ArticleDraft(
        text=body,
        title=title,
        url="https://quay.example/ferry",
        provenance=Provenance(kind=SourceKind.JSONL, source="quay.jsonl", location="line 1"),
    )


def _found(store: Store, word: str) -> list[str]:
    with store.reading() as connection:
        rows = connection.execute(
            text(
                "select a.title from articles_fts f join articles a on a.rowid = f.rowid where articles_fts match :w"
            ),
            {"w": word},
        )
        return list(rows.scalars())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(str(tmp_path / "search.db")) as opened:
        yield opened


def test_search_follows_articles_as_they_are_written_revised_and_deleted(store: Store) -> None:
    with store.transaction() as connection:
        add_article(
            connection, _draft("The ferry to the lighthouse was cancelled by the gale.", "Gale stops ferry")
        )
    assert _found(store, "lighthouse") == ["Gale stops ferry"]
    with store.transaction() as connection:
        connection.execute(
            text("update articles set title = 'Ferry back on', text = 'Sailings resumed at noon.'")
        )
    assert _found(store, "lighthouse") == []
    assert _found(store, "sailings") == ["Ferry back on"]
    with store.transaction() as connection:
        connection.execute(text("delete from articles"))
    assert _found(store, "sailings") == []


def test_datasette_metadata_needs_a_sqlite_store(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "is_sqlite", False)
    monkeypatch.setattr(store, "shown", "postgresql://desk@db/news")
    with pytest.raises(StoreError) as refused:
        datasette_metadata(store)
    assert str(refused.value) == (
        "Datasette opens SQLite files only, and 'postgresql://desk@db/news' is not one: "
        "pass --db with the path of a SQLite store"
    )


def test_a_store_made_before_search_existed_gets_its_articles_indexed_when_upgraded(store: Store) -> None:
    with store.transaction() as connection:
        add_article(connection, _draft("Harbour cranes stood idle through the strike.", "Cranes idle"))
    with store.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0010")
    with store.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    assert _found(store, "cranes") == ["Cranes idle"]
