"""Stored-mention dicts for hand-written article texts, as the entities stage reads them, and
a store of such articles placed in stories and resolved in a chosen order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from tests.resolve.test_stage import BEFORE, _add, _store_mentions

from corroborator.config import Settings
from corroborator.export import export_records
from corroborator.models.records import EntityRecord
from corroborator.pipeline import analyze
from corroborator.resolve.stage import EntitiesStage
from corroborator.store import Store
from corroborator.store import entities as entity_store
from corroborator.store.articles import get_articles
from corroborator.store.stories import ensure_story, set_member
from corroborator.store.tables import mentions as mention_table

# article key -> (story, text, names in the order they occur, each a name or (name, label))
Articles = Mapping[str, tuple[str, str, Sequence[str | tuple[str, str]]]]


def mentions(text: str, *names: str | tuple[str, str], label: str = "PERSON") -> list[dict[str, object]]:
    """Each name (or ``(name, label)``) found in the text in order, as a mention of ``label``."""
    found, start = [], 0
    for named in names:
        name, kind = named if isinstance(named, tuple) else (named, label)
        at = text.index(name, start)
        found.append(
            {"id": f"m{at}", "start_char": at, "end_char": at + len(name), "text": name, "label": kind}
        )
        start = at + len(name)
    return found


def prepared(store: Store, settings: Settings, articles: Articles, label: str) -> dict[str, str]:
    """The articles parsed, given the test's own mentions (of ``label`` unless named with
    their own), and placed in their stories; returns article key -> id."""
    ids = _add(store, {key: text for key, (_story, text, _names) in articles.items()})
    analyze(store, settings, BEFORE)
    found = {}
    for key, (_story, text, names) in articles.items():
        found[key] = [
            (m["start_char"], m["end_char"], m["text"], m["label"])
            for m in mentions(text, *names, label=label)
        ]
    _store_mentions(store, ids, found)  # type: ignore[arg-type]
    with store.transaction() as connection:
        for key, (story, _text, _names) in articles.items():
            ensure_story(connection, f"story-{story}", None)
            set_member(connection, ids[key], f"story-{story}", pinned=True)
    return ids


def resolve(store: Store, settings: Settings, ids: dict[str, str], order: Sequence[str]) -> list[str]:
    """The entities stage over these articles, in this order; returns its warnings."""
    stage = EntitiesStage(settings)
    warnings: list[str] = []
    with store.reading() as connection:
        inputs = stage.load_inputs(connection, [ids[key] for key in order])
        articles = {a.id: a for a in get_articles(connection, [ids[key] for key in order])}
    for key in order:
        result = stage.compute(articles[ids[key]], inputs[ids[key]])
        warnings.extend(result.warnings)
        with store.transaction() as connection:
            stage.commit(connection, articles[ids[key]], result)
    return warnings


def rerun(store: Store, settings: Settings, ids: dict[str, str], order: Sequence[str]) -> None:
    """Clear these articles' entities and run the stage over them again, in this order."""
    with store.transaction() as connection:
        for key in order:
            entity_store.clear_article(connection, ids[key])
    resolve(store, settings, ids, order)


def entity_of(store: Store, ids: dict[str, str]) -> dict[tuple[str, int], str]:
    """(article key, mention number in text order) -> entity id."""
    back = {article_id: key for key, article_id in ids.items()}
    query = select(mention_table.c.article_id, mention_table.c.entity_id).order_by(
        mention_table.c.article_id, mention_table.c.start_char
    )
    owner: dict[tuple[str, int], str] = {}
    with store.reading() as connection:
        for article_id, entity_id in connection.execute(query):
            key = back[article_id]
            owner[(key, sum(1 for k, _n in owner if k == key))] = entity_id
    return owner


def records(store: Store) -> dict[str, EntityRecord]:
    return {r.id: r for r in export_records("entities", store)}  # type: ignore[attr-defined]
