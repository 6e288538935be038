"""The entities stage on institutions every country has: a bare "Defence Ministry" joins its
story's one country's form whatever order the articles come in, stays apart between two
countries, and a user's split or merge of it survives a re-run."""

from __future__ import annotations

from tests.resolve.helpers import entity_of, prepared, records, rerun, resolve

from corroborator.config import Settings
from corroborator.resolve import manual
from corroborator.store import Store

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
    return prepared(store, settings, ARTICLES, "ORG")


def test_a_bare_institution_takes_its_storys_one_country_in_any_order(
    store: Store, settings: Settings
) -> None:
    ids = _prepared(store, settings)
    resolve(store, settings, ids, ["h2", "h1", "h3", "h4"])  # the bare one first
    owner = entity_of(store, ids)
    moldova = owner[("h1", 0)]
    assert {owner[(key, 0)] for key in ("h1", "h2", "h3", "h4")} == {moldova}
    record = records(store)[moldova]
    assert "Moldova" in record.name
    assert {"Moldova's Defence Ministry", "Defence Ministry", "Defense Ministry of Moldova"} <= set(
        record.aliases
    )
    reasons = {e.reason for e in record.evidence}
    assert "bare name: the one qualified form in the story" in reasons
    bare = next(e for e in record.evidence if e.reason.startswith("bare name"))
    assert (bare.b, bare.score) == ("Defence Ministry", 0.85)
    assert not bare.by_user

    rerun(store, settings, ids, ["h4", "h3", "h1", "h2"])  # the bare one last
    again = entity_of(store, ids)
    assert len({again[(key, 0)] for key in ("h1", "h2", "h3", "h4")}) == 1


def test_a_bare_institution_stays_apart_between_two_countries(store: Store, settings: Settings) -> None:
    ids = _prepared(store, settings)
    warnings = resolve(store, settings, ids, ["b1", "b2", "b3", "h1"])
    owner = entity_of(store, ids)
    georgia, armenia = owner[("b1", 0)], owner[("b1", 1)]
    assert georgia != armenia
    assert owner[("b3", 0)] == armenia  # one country's form in the same story: joined by country
    assert owner[("b3", 1)] == armenia  # its article names one country: that one, before the story
    assert owner[("b1", 2)] not in (georgia, armenia)  # its article names two
    assert owner[("b2", 0)] not in (georgia, armenia, owner[("b1", 2)])  # its story names two
    assert owner[("h1", 0)] not in (georgia, armenia)  # another country, in another story
    assert any("left apart" in warning and "Georgia's Defence Ministry" in warning for warning in warnings)
    found = records(store)
    reasons = {e.reason for e in found[armenia].evidence}
    assert "bare name: the one qualified form in the article" in reasons
    assert found[owner[("b2", 0)]].evidence == []


def test_a_users_split_and_merge_of_a_bare_institution_survive_arerun(
    store: Store, settings: Settings
) -> None:
    ids = _prepared(store, settings)
    order = ["h1", "h2", "h3", "h4", "b1", "b2", "b3"]
    resolve(store, settings, ids, order)
    owner = entity_of(store, ids)
    moldova, georgia = owner[("h1", 0)], owner[("b1", 0)]
    with store.transaction() as connection:
        split_id = manual.split(connection, moldova, ["Moldova's Defence Ministry"])
    assert entity_of(store, ids)[("h1", 0)] == split_id
    rerun(store, settings, ids, order)
    after = entity_of(store, ids)
    assert after[("h1", 0)] == split_id  # the user's split holds
    assert after[("h2", 0)] == after[("h3", 0)] == moldova != split_id

    with store.transaction() as connection:
        manual.merge(connection, georgia, after[("b2", 0)])
    rerun(store, settings, ids, order)
    merged = entity_of(store, ids)
    assert merged[("b2", 0)] == georgia  # the user's merge holds
    assert any(e.by_user and e.reason == "user merge" for e in records(store)[georgia].evidence)
