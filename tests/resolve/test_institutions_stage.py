"""The entities stage on institutions every country has: a bare "Defence Ministry" joins its
story's one country's form whatever order the articles come in, stays apart between two
countries, and a user's split or merge of it survives a re-run."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from tests.resolve.test_stage import BEFORE, _add, _store_mentions

from corroborator.config import Settings
from corroborator.export import export_records
from corroborator.models.records import EntityRecord
from corroborator.pipeline import analyze
from corroborator.resolve import manual
from corroborator.resolve.stage import EntitiesStage
from corroborator.store import Store
from corroborator.store import entities as entity_store
from corroborator.store.articles import get_articles
from corroborator.store.stories import ensure_story, set_member
from corroborator.store.tables import mentions

# (story, text, ORG names in the order they occur); the countries around them are plain text.
ARTICLES = {
    "h1": (
        "harbour",
        "Moldova's Defence Ministry said two patrol boats left port at dawn.",
        ["Defence Ministry"],
    ),
    "h2": (
        "harbour",
        "The boats were back by noon, according to the Defence Ministry.",
        ["the Defence Ministry"],
    ),
    "h3": (
        "harbour",
        "The Defense Ministry of Moldova later showed photos of the crews.",
        ["Defense Ministry"],
    ),
    "h4": (
        "harbour",
        "The Moldovan Ministry of Defence thanked the crews.",
        ["The Moldovan Ministry of Defence"],
    ),
    "b1": (
        "border",
        "Georgia's Defence Ministry and Armenia's Defence Ministry reported drills. "
        "The Defence Ministry called them routine.",
        ["Defence Ministry", "Defence Ministry", "The Defence Ministry"],
    ),
    "b2": (
        "border",
        "The Defence Ministry would not say how many troops took part.",
        ["The Defence Ministry"],
    ),
    "b3": (
        "border",
        "Armenia's Defence Ministry published a map of the drills. The Defence Ministry said more would follow.",
        ["Defence Ministry", "The Defence Ministry"],
    ),
}


def _prepared(store: Store, settings: Settings) -> dict[str, str]:
    """The articles parsed, given the test's own mentions, and placed in their stories."""
    ids = _add(store, {key: text for key, (_story, text, _names) in ARTICLES.items()})
    analyze(store, settings, BEFORE)
    found = {}
    for key, (_story, text, names) in ARTICLES.items():
        spans, start = [], 0
        for name in names:
            at = text.index(name, start)
            spans.append((at, at + len(name), name, "ORG"))
            start = at + len(name)
        found[key] = spans
    _store_mentions(store, ids, found)
    with store.transaction() as connection:
        for key, (story, _text, _names) in ARTICLES.items():
            ensure_story(connection, f"story-{story}", None)
            set_member(connection, ids[key], f"story-{story}", pinned=True)
    return ids


def _resolve(store: Store, settings: Settings, ids: dict[str, str], order: Sequence[str]) -> list[str]:
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


def _rerun(store: Store, settings: Settings, ids: dict[str, str], order: Sequence[str]) -> None:
    """Clear these articles' entities and run the stage over them again, in this order."""
    with store.transaction() as connection:
        for key in order:
            entity_store.clear_article(connection, ids[key])
    _resolve(store, settings, ids, order)


def _entity_of(store: Store, ids: dict[str, str]) -> dict[tuple[str, int], str]:
    """(article key, mention number in text order) -> entity id."""
    back = {article_id: key for key, article_id in ids.items()}
    query = select(mentions.c.article_id, mentions.c.entity_id).order_by(
        mentions.c.article_id, mentions.c.start_char
    )
    owner: dict[tuple[str, int], str] = {}
    with store.reading() as connection:
        for article_id, entity_id in connection.execute(query):
            key = back[article_id]
            owner[(key, sum(1 for k, _n in owner if k == key))] = entity_id
    return owner


def _records(store: Store) -> dict[str, EntityRecord]:
    return {r.id: r for r in export_records("entities", store)}  # type: ignore[attr-defined]


def test_a_bare_institution_takes_its_storys_one_country_in_any_order(
    store: Store, settings: Settings
) -> None:
    ids = _prepared(store, settings)
    _resolve(store, settings, ids, ["h2", "h1", "h3", "h4"])  # the bare one first
    owner = _entity_of(store, ids)
    moldova = owner[("h1", 0)]
    assert {owner[(key, 0)] for key in ("h1", "h2", "h3", "h4")} == {moldova}
    record = _records(store)[moldova]
    assert "Moldova" in record.name
    assert {"Moldova's Defence Ministry", "Defence Ministry", "Defense Ministry of Moldova"} <= set(
        record.aliases
    )
    reasons = {e.reason for e in record.evidence}
    assert "bare name: the one qualified form in the story" in reasons
    bare = next(e for e in record.evidence if e.reason.startswith("bare name"))
    assert (bare.b, bare.score) == ("Defence Ministry", 0.85)
    assert not bare.by_user

    _rerun(store, settings, ids, ["h4", "h3", "h1", "h2"])  # the bare one last
    again = _entity_of(store, ids)
    assert len({again[(key, 0)] for key in ("h1", "h2", "h3", "h4")}) == 1


def test_a_bare_institution_stays_apart_between_two_countries(store: Store, settings: Settings) -> None:
    ids = _prepared(store, settings)
    warnings = _resolve(store, settings, ids, ["b1", "b2", "b3", "h1"])
    owner = _entity_of(store, ids)
    georgia, armenia = owner[("b1", 0)], owner[("b1", 1)]
    assert georgia != armenia
    assert owner[("b3", 0)] == armenia  # one country's form in the same story: joined by country
    assert owner[("b3", 1)] == armenia  # its article names one country: that one, before the story
    assert owner[("b1", 2)] not in (georgia, armenia)  # its article names two
    assert owner[("b2", 0)] not in (georgia, armenia, owner[("b1", 2)])  # its story names two
    assert owner[("h1", 0)] not in (georgia, armenia)  # another country, in another story
    assert any("left apart" in warning and "Georgia's Defence Ministry" in warning for warning in warnings)
    records = _records(store)
    reasons = {e.reason for e in records[armenia].evidence}
    assert "bare name: the one qualified form in the article" in reasons
    assert records[owner[("b2", 0)]].evidence == []


def test_a_users_split_and_merge_of_a_bare_institution_survive_a_rerun(
    store: Store, settings: Settings
) -> None:
    ids = _prepared(store, settings)
    order = ["h1", "h2", "h3", "h4", "b1", "b2", "b3"]
    _resolve(store, settings, ids, order)
    owner = _entity_of(store, ids)
    moldova, georgia = owner[("h1", 0)], owner[("b1", 0)]
    with store.transaction() as connection:
        split_id = manual.split(connection, moldova, ["Moldova's Defence Ministry"])
    assert _entity_of(store, ids)[("h1", 0)] == split_id
    _rerun(store, settings, ids, order)
    after = _entity_of(store, ids)
    assert after[("h1", 0)] == split_id  # the user's split holds
    assert after[("h2", 0)] == after[("h3", 0)] == moldova != split_id

    with store.transaction() as connection:
        manual.merge(connection, georgia, after[("b2", 0)])
    _rerun(store, settings, ids, order)
    merged = _entity_of(store, ids)
    assert merged[("b2", 0)] == georgia  # the user's merge holds
    assert any(e.by_user and e.reason == "user merge" for e in _records(store)[georgia].evidence)
