"""The entities stage where the parser's kinds disagree: one town tagged now as a place, now
as an organisation or a person, is one entity in any order; a surname tagged as a place joins
its article's person; a country never does."""

from __future__ import annotations

from tests.resolve.helpers import entity_of, mentions, prepared, rerun, resolve

from corroborator.config import Settings
from corroborator.resolve.article import group_article
from corroborator.store import Store

ARTICLES = {
    "t1": ("flood", "Water reached Stara Vodyanka overnight.", [("Stara Vodyanka", "GPE")]),
    "t2": ("flood", "In Staraya Vodyanka, boats took people off roofs.", [("Staraya Vodyanka", "PERSON")]),
    "t3": ("flood", "The Stara Vodyanka council asked for pumps.", [("Stara Vodyanka", "ORG")]),
    "t4": ("flood", "Ostap Velykyi flew over Stara Vodyanka.", ["Ostap Velykyi", ("Stara Vodyanka", "GPE")]),
}


def test_one_town_tagged_as_three_kinds_is_one_entity_in_any_order(store: Store, settings: Settings) -> None:
    ids = prepared(store, settings, ARTICLES, "PERSON")
    resolve(store, settings, ids, ["t1", "t2", "t3", "t4"])
    for order in (["t1", "t2", "t3", "t4"], ["t2", "t3", "t4", "t1"], ["t3", "t2", "t1", "t4"]):
        rerun(store, settings, ids, order)
        owner = entity_of(store, ids)
        town = owner[("t1", 0)]
        assert owner[("t2", 0)] == owner[("t3", 0)] == owner[("t4", 1)] == town, order
        assert owner[("t4", 0)] != town


def test_a_surname_tagged_as_a_place_joins_the_articles_one_person_but_a_country_does_not() -> None:
    text = "Ostap Velykyi spoke in Moldova on Monday. Velykyi said Moldova would help."
    named = mentions(text, "Ostap Velykyi", ("Moldova", "GPE"), ("Velykyi", "GPE"), ("Moldova", "GPE"))
    grouped = group_article(named, text)
    assert sorted((c.kind, len(c.mention_ids)) for c in grouped.clusters) == [("GPE", 2), ("PERSON", 2)]
    text = "Ostap Moldova spoke. Moldova sent help."
    grouped = group_article(mentions(text, "Ostap Moldova", ("Moldova", "GPE")), text)
    assert sorted(c.kind for c in grouped.clusters) == ["GPE", "PERSON"]
