"""A claim group's label, on hand-made claims."""

from __future__ import annotations

from tests.align.helpers import encode, unit

from corroborator.align.assemble import align_story

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
