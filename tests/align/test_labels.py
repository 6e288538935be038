"""A claim group's label, on hand-made claims."""

from __future__ import annotations

import pytest
from tests.align.helpers import encode, unit

from corroborator.align.assemble import align_story
from corroborator.align.labels import reads_alone, tidy

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
    ],
)
def test_what_reads_on_its_own(text: str, reads: bool) -> None:
    assert reads_alone(text) is reads


def test_tidy_keeps_the_words_and_drops_the_edges() -> None:
    assert tidy("“that the crane fell") == "the crane fell"
    assert tidy("the crane fell\n• Quay closed") == "the crane fell"
    assert tidy("whether   the crane fell") == "the crane fell"
