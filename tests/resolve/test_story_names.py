"""What a story's mentions say about its names: the one longer name a short one stands for
(never a town's for the plant or the city hall named after it), and what an acronym stands
for, written out in brackets or made of a name's initials."""

from __future__ import annotations

from tests.resolve.helpers import entity_of, mentions, prepared, records, rerun, resolve

from corroborator.config import Settings
from corroborator.resolve.names import clean, fold_name
from corroborator.resolve.story_names import StoryNames, read_story
from corroborator.store import Store


def _story(text: str, *names: tuple[str, str]) -> StoryNames:
    return read_story([m | {"around": text} for m in mentions(text, *names)])


def _stands_for(story: StoryNames, text: str, kind: str = "ORG") -> str | None:
    name = clean(text, kind)
    assert name is not None
    found = story.long_form(name)
    return found[0].text if found else None


def test_a_short_name_stands_for_the_one_longer_name_with_only_generic_words_besides() -> None:
    text = (
        "Shots were fired at Ardent City Hall. Ardent was full. The Ardent Hall concert was sold out. "
        "Police sealed the shopping centre Ardent City. Mayor Ina Rook spoke in Kelm. "
        "Kelm City Hall said the Ardent Group paid for repairs. Kelm was quiet."
    )
    story = _story(
        text,
        ("Ardent City Hall", "ORG"),
        ("Ardent", "ORG"),
        ("Ardent Hall", "ORG"),
        ("Ardent City", "GPE"),
        ("Kelm", "GPE"),
        ("Kelm City Hall", "ORG"),
        ("Ardent Group", "ORG"),
        ("Kelm", "GPE"),
    )
    assert _stands_for(story, "Ardent Hall") == "Ardent City Hall"
    assert _stands_for(story, "Ardent City", "GPE") == "Ardent City Hall"  # beside 'shopping centre'
    assert _stands_for(story, "Ardent") is None  # the hall or the group: two longer names
    assert _stands_for(story, "Kelm", "GPE") is None  # a town, not its city hall


def test_a_town_stays_apart_from_the_plant_and_a_group_from_its_branch() -> None:
    text = (
        "Water left the Velna dam. Velna was flooded. The Dorn Front and the Dorn Front Eastern Wing fought."
    )
    story = _story(
        text,
        ("Velna dam", "FAC"),
        ("Velna", "ORG"),
        ("Dorn Front", "ORG"),
        ("Dorn Front Eastern Wing", "ORG"),
    )
    assert _stands_for(story, "Velna") is None
    assert _stands_for(story, "Dorn Front") is None


def test_an_acronym_stands_for_its_written_out_name_else_for_the_one_name_of_its_initials() -> None:
    text = (
        "The Moldovan Grain Office (MGO) said the silos were full. The MGO and the Velna Nuclear Power "
        "Plant agreed. VNPP staff stayed. Kelm said KYIV would not."
    )
    story = _story(
        text,
        ("Moldovan Grain Office", "ORG"),
        ("MGO", "ORG"),
        ("Velna Nuclear Power Plant", "FAC"),
        ("VNPP", "ORG"),
        ("Kelm", "GPE"),
        ("KYIV", "GPE"),
    )
    assert _stands_for(story, "MGO") == "Moldovan Grain Office"
    assert _stands_for(story, "Mgo") == "Moldovan Grain Office"  # written out: any spelling
    assert _stands_for(story, "VNPP") == "Velna Nuclear Power Plant"
    assert _stands_for(story, "Vnpp") is None  # initials only for an acronym in capitals
    assert _stands_for(story, "KYIV", "GPE") is None
    assert fold_name("Velna NPP") == story.acronyms["VNPP"].surname


ARTICLES = {
    "a1": ("silo", "The MGO said the silos at Ardent were full.", [("MGO", "ORG"), ("Ardent", "ORG")]),
    "a2": (
        "silo",
        "The Moldovan Grain Office (MGO) met at Ardent City Hall.",
        [("Moldovan Grain Office", "ORG"), ("MGO", "ORG"), ("Ardent City Hall", "ORG")],
    ),
    "a3": ("port", "The MGO in this story is a port's mooring group.", [("MGO", "ORG")]),
}


def test_an_acronym_and_a_short_name_join_their_long_names_in_any_order(
    store: Store, settings: Settings
) -> None:
    ids = prepared(store, settings, ARTICLES, "ORG")
    resolve(store, settings, ids, ["a1", "a2", "a3"])
    for order in (["a1", "a2", "a3"], ["a2", "a3", "a1"]):
        rerun(store, settings, ids, order)
        owner = entity_of(store, ids)
        assert owner[("a1", 0)] == owner[("a2", 0)] == owner[("a2", 1)], order
        assert owner[("a1", 1)] == owner[("a2", 2)], order
        assert owner[("a3", 0)] != owner[("a2", 0)]  # another story, where nothing defines it
    reasons = {e.reason for e in records(store)[owner[("a2", 0)]].evidence}
    assert "an acronym the story writes out" in reasons


def test_a_credit_in_brackets_defines_nothing_and_a_city_beside_a_town_keeps_it_a_town() -> None:
    text = "The Grain Office (AP) said Kelm city and Kelm were dry. Kelm City Hall agreed."
    story = _story(text, ("Grain Office", "ORG"), ("Kelm", "GPE"), ("Kelm", "GPE"), ("Kelm City Hall", "ORG"))
    assert "AP" not in story.acronyms
    assert _stands_for(story, "Kelm", "GPE") is None
