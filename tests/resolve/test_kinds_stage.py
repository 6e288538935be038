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


TOWNS = {
    "v1": ("dam", "Boats left Vodyanka for Nova Vodyanka.", [("Vodyanka", "GPE"), ("Nova Vodyanka", "GPE")]),
    "v2": ("dam", "Water rose in Vodyanka.", [("Vodyanka", "GPE")]),
    "v3": (
        "dam",
        "Nova Vodyanka was cut off, and Vodyanka too.",
        [("Nova Vodyanka", "PERSON"), ("Vodyanka", "PERSON")],
    ),
    "v4": ("dam", "Vodyanka said the water had gone.", [("Vodyanka", "PERSON")]),
    "p1": ("port", "Lina Kelm said the port was shut.", ["Lina Kelm"]),
    "p2": ("port", "Kelm said the ships would wait.", ["Kelm"]),
    "p3": ("port", "Ships waited off Kelm.", [("Kelm", "GPE")]),
}


def test_a_town_tagged_as_a_person_joins_the_place_unless_someone_has_that_last_name(
    store: Store, settings: Settings
) -> None:
    ids = prepared(store, settings, TOWNS, "PERSON")
    resolve(store, settings, ids, ["v3", "v4", "v1", "v2", "p3", "p2", "p1"])
    owner = entity_of(store, ids)
    town, new_town = owner[("v1", 0)], owner[("v1", 1)]
    assert town != new_town
    assert owner[("v2", 0)] == owner[("v3", 1)] == owner[("v4", 0)] == town  # not Nova Vodyanka's surname
    assert owner[("v3", 0)] == new_town
    assert owner[("p2", 0)] == owner[("p1", 0)] != owner[("p3", 0)]  # someone's last name: Lina Kelm
