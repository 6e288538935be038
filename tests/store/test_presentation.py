"""The story search and what the pages read, on SQLite and on a real PostgreSQL server:
a query's characters are text (no LIKE wildcard, no escape, no SQL), case does not matter."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from corroborator.models import ArticleDraft, PartialTime, Precision, Provenance, SourceKind
from corroborator.store import Store, add_articles
from corroborator.store.presentation import StoryFilter, filter_choices, outlet_rows, search_stories
from corroborator.store.stories import ensure_story, set_member
from corroborator.store.tables import metadata

TEXTS = {
    "story-ferry": (
        "Ferry strike ends",
        "Dock workers agreed a 5% raise_in pay after the C:\\ports talks.",
        "en",
    ),
    "story-choir": ("Choir tour opens", "The choir sang in the old hall on Friday evening.", "en"),
    "story-rail": ("Новая линия", "Поезда пошли по новой линии в понедельник.", "ru"),
}


def _fill(store: Store) -> None:
    drafts = []
    for number, (story_id, (title, body, language)) in enumerate(TEXTS.items()):
        drafts.append(
            ArticleDraft(
                url=f"https://paper{number}.example/{story_id}",
                title=title,
                text=body,
                language=language,
                published=PartialTime(value=f"2030-0{number + 1}-15", precision=Precision.DAY),
                provenance=Provenance(
                    kind=SourceKind.URL, source=f"https://paper{number}.example/{story_id}"
                ),
            )
        )
    with store.transaction() as connection:
        results = add_articles(connection, drafts)
        for story_id, result in zip(TEXTS, results, strict=True):
            ensure_story(connection, story_id, None)
            set_member(connection, result.article_id, story_id)


def _check(store: Store) -> None:
    with store.reading() as connection:

        def found(**wanted: str) -> list[str]:
            return sorted(search_stories(connection, StoryFilter(**wanted)))

        assert found() == sorted(TEXTS)
        assert found(text="FERRY dock") == ["story-ferry"]
        assert found(text="5%") == ["story-ferry"]
        assert found(text="raise_in") == ["story-ferry"]
        assert found(text="C:\\ports") == ["story-ferry"]
        for query in ("%", "_", "\\"):  # in the ferry story's text, and only there
            assert found(text=query) == ["story-ferry"], query
        for query in ("5_", "%raise", "d_ck", "' OR '1'='1", "ferry' --", ".*", "[a-z]", "(choir"):
            assert found(text=query) == [], query
        assert found(text="линии") == ["story-rail"]
        assert found(language="ru") == ["story-rail"]
        assert found(outlet="paper1.example") == ["story-choir"]
        assert found(published_from="2030-02-01") == ["story-choir", "story-rail"]
        assert found(published_to="2030-02-15") == ["story-choir", "story-ferry"]
        assert found(verdict="disputed") == []
        choices = filter_choices(connection)
        assert choices["languages"] == ["en", "ru"]
        assert len(choices["outlets"]) == 3
        assert {row["n_stories"] for row in outlet_rows(connection)} == {1}


def test_search_on_sqlite(tmp_path: Path) -> None:
    with Store(str(tmp_path / "search.db")) as store:
        _fill(store)
        _check(store)


@pytest.mark.postgres
def test_search_on_postgresql(postgres_url: str) -> None:
    with Store(postgres_url) as store:
        with store.transaction() as connection:
            for table in reversed(metadata.sorted_tables):
                connection.execute(text(f'TRUNCATE "{table.name}" CASCADE'))
        _fill(store)
        _check(store)
