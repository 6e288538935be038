"""A claim group's label, on hand-made claims."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.align.helpers import encode, unit

from corroborator.align.assemble import EntityFacts, align_story
from corroborator.align.labels import antecedents, group_label, reads_alone, tidy
from corroborator.align.units import Unit

WIRE = "the army said its units had driven the raiders out of the border district by April"
ASIDE = "the raiders had crossed into the border district in August, the army said"


def test_the_label_is_the_text_most_articles_carry() -> None:
    copies = [unit(f"w{i}", WIRE, f"paper{i}.example", copy_group="cg-wire") for i in range(4)]
    asides = [
        unit("a1", ASIDE, "own.example"),
        unit("a2", ASIDE.replace("in August", "last August"), "other.example"),
    ]
    [group] = align_story("s", [*copies, *asides], encode).groups
    assert sorted(group.claim_ids) == ["a1", "a2", "w0", "w1", "w2", "w3"]
    # Two outlets' asides are nearer each other than the wire; four copies of the wire
    # outweigh them.
    assert group.label == WIRE
    [alone] = align_story("s", asides, encode).groups
    assert alone.label != WIRE


def test_a_label_drops_the_complementiser_and_reads_on_its_own() -> None:
    units = [
        unit(
            "a", "that the harbour crane had collapsed onto two moored barges", "one.example", copy_group="c1"
        ),
        unit("b", "that the harbour crane had collapsed onto two barges", "two.example", copy_group="c2"),
    ]
    [group] = align_story("s", units, encode).groups
    assert group.label.startswith("the harbour crane had collapsed")


def test_a_fragment_takes_its_sentence() -> None:
    fragment = unit(
        "a",
        "responsibility for the blast",
        "one.example",
        claimant="the dockers' union",
        context="The dockers' union claimed responsibility for the blast at the quay.",
    )
    [group] = align_story("s", [fragment], encode).groups
    assert group.label == "The dockers' union claimed responsibility for the blast at the quay."


@pytest.mark.parametrize(
    ("text", "context", "label"),
    [
        (
            "she had ordered the quay closed before the storm arrived",
            "She said she had ordered the quay closed before the storm arrived.",
            "[Mayor Ilse Brandt] had ordered the quay closed before the storm arrived",
        ),
        (
            "We will rebuild every berth by the spring",
            "“We will rebuild every berth by the spring,” she said.",
            "[Mayor Ilse Brandt]: “We will rebuild every berth by the spring”",
        ),
    ],
)
def test_an_opening_pronoun_takes_its_speakers_name(text: str, context: str, label: str) -> None:
    said = unit(
        "a", text, "one.example", claimant="she", source_resolved="Mayor Ilse Brandt", context=context
    )
    [group] = align_story("s", [said], encode).groups
    assert group.label == label


def test_a_dummy_it_is_never_given_a_speaker() -> None:
    said = unit(
        "a",
        "it was obvious that the crane had been overloaded",
        "one.example",
        claimant="Mayor Ilse Brandt",
        context="It was obvious that the crane had been overloaded, Mayor Ilse Brandt said.",
    )
    [group] = align_story("s", [said], encode).groups
    assert not group.label.startswith("[")


def _sentence(claim_id: str, text: str, start: int, **fields: object) -> Unit:
    own = {"claimant": "port.example", "chain": ("port.example",), "status": "asserted"}
    return unit(
        claim_id, text, "port.example", article_id="art", external={"start": start}, **{**own, **fields}
    )


PEOPLE = {"e1": ("Ilse Brandt", "Brandt"), "e2": ("Tomas Wirth",), "e3": ("Anna Kolb",)}


def test_an_opening_he_or_she_of_the_outlets_own_sentence_takes_the_person_just_before() -> None:
    first = "Ilse Brandt, the harbour master, closed the quay on Monday."
    second = "She has run the port of Velna for eleven years."
    units = [
        _sentence("a", first, 0, article_people=("e1",)),
        _sentence("b", second, len(first) + 1, article_people=("e1",)),
    ]
    assert antecedents(units, PEOPLE) == {1: "Ilse Brandt"}
    facts = {key: EntityFacts(names[0], names[1:]) for key, names in PEOPLE.items()}
    labels = {g.claim_ids[0]: g.label for g in align_story("s", units, encode, entities=facts).groups}
    assert labels["b"] == "[Ilse Brandt] has run the port of Velna for eleven years."


def test_they_after_a_list_of_names_stands_for_the_whole_list_as_written() -> None:
    first = "The court named Tomas Wirth, Jan Ober and Anna Kolb."
    second = "They will stay in custody until June."
    units = [
        _sentence("a", first, 0, article_people=("e2", "e3")),
        _sentence("b", second, len(first) + 1, article_people=("e2", "e3")),
    ]
    assert antecedents(units, PEOPLE) == {1: "Tomas Wirth, Jan Ober and Anna Kolb"}
    # Not adjacent, or the pronoun not at the start: nothing is guessed.
    apart = [units[0], replace(units[1], external={"start": len(first) + 40})]
    assert antecedents(apart, PEOPLE) == {}


def test_own_voice_text_is_never_given_a_speaker() -> None:
    text = "It had stood on the quay since the harbour opened"
    own = unit("a", text, "one.example", claimant="one.example", chain=("one.example",), status="asserted")
    [group] = align_story("s", [own], encode).groups
    assert group.label == text


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("the harbour crane collapsed onto two barges", True),
        ("it collapsed onto two barges", False),
        ("which collapsed onto two barges on Monday", False),
        ("the comments", False),
        ("crane collapsed • barges sank • quay closed", False),
        ("Leave a reply", False),
        ("US inspectors found cracks in the harbour crane", True),
        ("all necessary repairs were being made", False),
        ("the UK and Norway of sabotaging the harbour crane", False),
    ],
)
def test_what_reads_on_its_own(text: str, reads: bool) -> None:
    assert reads_alone(text) is reads


def test_tidy_keeps_the_words_and_drops_the_edges() -> None:
    assert tidy("“that the crane fell") == "the crane fell"
    assert tidy("the crane fell\n• Quay closed") == "the crane fell"
    assert tidy("whether   the crane fell") == "the crane fell"


def test_it_opening_a_body_s_report_takes_the_body_s_name() -> None:
    speaker = "Norway's Coastal Security Service (CSS), the successor to the Old Harbour Watch"
    found = unit("a", "it had stopped a smuggling boat near the island", claimant=speaker)
    assert group_label([0], [found]) == f"[{speaker}] had stopped a smuggling boat near the island"
    person = unit("b", "it had stopped a smuggling boat near the island", claimant="Maria Lund")
    assert group_label([0], [person]) == "it had stopped a smuggling boat near the island"
