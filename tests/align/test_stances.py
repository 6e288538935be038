"""Same-sentence claims, self-denials and the civilian-harm, completion and ground conflicts, on hand-made claims."""

from __future__ import annotations

import pytest
from tests.align.helpers import encode, quantity, unit

from corroborator.align.assemble import align_story
from corroborator.align.grouping import group_units
from corroborator.align.units import Unit
from corroborator.models import ConflictKind, RelationKind

ARMY = "the Northern Army command"
GOVERNOR = "the provincial governor"


def _conflicts(units: list[Unit]) -> set[tuple[frozenset[str], ConflictKind | None]]:
    groups = align_story("s", units, encode).groups
    members = {g.id: frozenset(g.claim_ids) for g in groups}
    return {
        (members[r.source] | members[r.target], r.conflict)
        for g in groups
        for r in g.relations
        if r.kind is RelationKind.CONFLICTS and r.source != r.target
    }


def test_two_claims_of_one_sentence_by_different_claimants_stay_apart() -> None:
    sentence = (
        "The convoy reached Dalsk on Monday, its first visit since the army said it had retaken the valley."
    )
    units = [
        unit(
            "a",
            "The convoy reached Dalsk on Monday, its first visit",
            claimant="wire.example",
            context=sentence,
        ),
        unit("b", "it had retaken the valley", claimant=ARMY, context=sentence),
    ]
    grouping = group_units(units, encode)
    assert len(grouping.groups) == 2
    # The same two claims from two sentences of one claimant may still join.
    joined = [
        unit(
            "c",
            "the convoy reached Dalsk on Monday",
            claimant=ARMY,
            context="The convoy reached Dalsk on Monday.",
        ),
        unit(
            "d",
            "the convoy reached Dalsk on Monday",
            claimant=ARMY,
            article_id="other",
            context="On Monday the convoy reached Dalsk.",
        ),
    ]
    assert len(group_units(joined, encode).groups) == 1


def test_a_party_does_not_deny_its_own_account() -> None:
    units = [
        unit("a", "its strikes hit depots and a rail yard near Velna", "one.example", claimant=ARMY),
        unit(
            "b",
            "that its strikes hit homes near Velna",
            "one.example",
            claimant=ARMY,
            status="denied",
            denials=("denied",),
        ),
    ]
    assert not _conflicts(units)


def test_a_denial_of_harm_to_civilians_conflicts_with_reports_of_it_by_another_party() -> None:
    units = [
        unit(
            "deny",
            "targeting civilians",
            "one.example",
            claimant="Russia's Defence Ministry",
            status="denied",
            denials=("denied",),
            context="Russia's Defence Ministry denied targeting civilians.",
        ),
        unit(
            "only",
            "its missiles had struck only military airfields and no residential areas had been hit",
            "one.example",
            claimant="Russia's Defence Ministry",
        ),
        unit(
            "kids",
            "two children were killed when a missile hit their school in Rivne",
            "two.example",
            claimant="Ukraine's emergency service",
        ),
        unit(
            "fire",
            "falling debris set fire to apartment blocks in the city centre",
            "three.example",
            claimant="the mayor of Rivne",
        ),
        unit(
            "drones",
            "Russia launched 90 drones at the region overnight",
            "two.example",
            claimant="Ukraine's air force",
        ),
    ]
    found = _conflicts(units)
    harm = {pair for pair, kind in found if kind is ConflictKind.DENIAL}
    assert frozenset({"deny", "kids"}) in harm
    assert frozenset({"only", "fire"}) in harm
    assert not any("drones" in pair for pair, _kind in found)


def test_military_targets_claimed_conflict_with_a_denial_that_any_target_was_military() -> None:
    units = [
        unit(
            "depots",
            "its cruise missiles hit enemy reserves and depots holding foreign weapons near Dalsk",
            "one.example",
            claimant=ARMY,
        ),
        unit("none", "none of the buildings hit had any military use", "two.example", claimant=GOVERNOR),
        unit("own", "not one of its missiles hit a military site by mistake", "three.example", claimant=ARMY),
    ]
    found = dict(_conflicts(units))
    assert found[frozenset({"depots", "none"})] is ConflictKind.DENIAL
    assert frozenset({"depots", "own"}) not in found


def test_a_strike_from_outside_conflicts_with_a_blast_from_within() -> None:
    units = [
        unit(
            "shelled",
            "the shelling destroyed the sluice gates of the Velna weir overnight",
            "one.example",
            claimant=ARMY,
        ),
        unit(
            "charge",
            "an explosive charge placed inside the weir's base was set off",
            "two.example",
            claimant="independent engineers",
        ),
        unit(
            "impossible",
            "it was impossible to bring the weir down from the outside",
            "three.example",
            claimant=GOVERNOR,
        ),
    ]
    found = dict(_conflicts(units))
    assert found[frozenset({"shelled", "charge"})] is ConflictKind.DENIAL
    assert found[frozenset({"shelled", "impossible"})] is ConflictKind.DENIAL
    assert frozenset({"charge", "impossible"}) not in found


def test_harm_reported_by_the_denier_itself_is_no_conflict() -> None:
    units = [
        unit("deny", "targeting civilians", claimant=ARMY, status="denied", denials=("denied",)),
        unit("own", "two residential houses were damaged by falling debris", claimant=ARMY),
    ]
    assert not _conflicts(units)


def test_over_against_still_going_conflicts_only_when_the_later_report_says_it_goes_on() -> None:
    friday, saturday, sunday = "2025-06-06T18:00Z", "2025-06-07T09:00Z", "2025-06-08T20:00Z"
    units = [
        unit(
            "done",
            'that the hostage exchange had "now been completed"',
            "one.example",
            claimant="the mediator",
            published=friday,
        ),
        unit(
            "goes",
            "the exchange will continue on Saturday and Sunday",
            "one.example",
            claimant=GOVERNOR,
            published=friday,
        ),
        unit(
            "next",
            "the final stage was scheduled for Sunday morning",
            "two.example",
            claimant="officials",
            published=saturday,
        ),
        unit(
            "ended",
            "both sides completed the exchange on Sunday evening",
            "three.example",
            claimant="the mediator",
            published=sunday,
        ),
    ]
    status = {pair for pair, kind in _conflicts(units) if kind is ConflictKind.STATUS}
    assert frozenset({"done", "goes"}) in status
    assert frozenset({"done", "next"}) in status
    # Sunday's "completed" does not contradict Friday's or Saturday's "still to come".
    assert not any("ended" in pair for pair in status)


def test_a_denial_with_no_words_of_its_own_is_not_matched_by_its_sentence() -> None:
    sentence = "Kyiv says it did not, and I see no reason to doubt that."
    units = [
        unit(
            "claim",
            "Ukrainian drones were sent after the presidential helicopter",
            "one.example",
            claimant=ARMY,
        ),
        unit(
            "deny",
            "it did not",
            "blog.example",
            claimant="Kyiv",
            status="denied",
            denials=("did not",),
            context=sentence,
        ),
        unit(
            "view",
            "no reason to doubt that",
            "blog.example",
            claimant="blog.example",
            status="opinion",
            context=sentence,
        ),
    ]
    assert not {pair for pair, kind in _conflicts(units) if kind is ConflictKind.DENIAL}


def test_two_claims_of_one_sentence_by_one_claimant_stay_apart_unless_one_is_a_fragment() -> None:
    sentence = "The governor put the toll at 14 dead, adding that rescuers were still searching the rubble."
    toll = unit("a", "put the toll at 14 dead", claimant=GOVERNOR, context=sentence)
    search = unit("b", "that rescuers were still searching the rubble", claimant=GOVERNOR, context=sentence)
    assert len(group_units([toll, search], encode).groups) == 2
    # A fragment ("told local radio") leans on its sentence and may join what the sentence says.
    told = "The governor told local radio that rescuers were still searching the rubble."
    fragment = unit("c", "local radio", claimant=GOVERNOR, context=told)
    content = unit("d", "that rescuers were still searching the rubble", claimant=GOVERNOR, context=told)
    assert len(group_units([fragment, content], encode).groups) == 1


def test_a_figure_with_no_time_takes_the_time_its_group_gives_it() -> None:
    sunday, monday = ("2025-05-25", "2025-05-25"), ("2025-05-26", "2025-05-26")
    shared = "people were killed in the shelling of the market in Dalsk"
    units = [
        unit(
            "a",
            f"12 {shared} on Sunday",
            "one.example",
            claimant=GOVERNOR,
            quantities=(quantity(12, "people", "killed", window=sunday),),
        ),
        unit(
            "b",
            f"12 {shared}",
            "two.example",
            claimant=GOVERNOR,
            quantities=(quantity(12, "people", "killed"),),
        ),
        unit(
            "c",
            f"15 {shared} on Monday",
            "three.example",
            claimant="the mayor",
            quantities=(quantity(15, "people", "killed", window=monday),),
        ),
    ]
    numeric = {pair for pair, kind in _conflicts(units) if kind is ConflictKind.NUMERIC}
    # "b" counts Sunday's dead like "a": no conflict with Monday's 15.
    assert not numeric


RUSSIA = "Russia's Defence Ministry"
UKRAINE = "Ukraine's General Staff"


def test_a_denial_that_points_back_stands_with_its_grounds_and_contests_the_ground_taken() -> None:
    sentence = f"{UKRAINE} rejected that claim, saying its units were still holding positions near Sudzha."
    units = [
        unit(
            "taken",
            "its troops had driven the Ukrainian units out of the border district",
            "one.example",
            claimant=RUSSIA,
        ),
        unit("retaken", "the district had been fully retaken", "two.example", claimant=RUSSIA),
        unit(
            "pointer",
            "that claim",
            "two.example",
            article_id="article-retaken",
            claimant=UKRAINE,
            status="denied",
            denials=("rejected",),
            context=sentence,
        ),
        unit(
            "grounds",
            "its units were still holding positions near Sudzha",
            "two.example",
            article_id="article-retaken",
            claimant=UKRAINE,
            context=sentence,
        ),
        unit(
            "blog",
            "the generals boast they liberated the province, and nobody believes them",
            "blog.example",
            claimant="blog.example",
            status="opinion",
            genre="opinion",
        ),
    ]
    story = align_story("s", units, encode)
    group_of = {c: g.id for g in story.groups for c in g.claim_ids}
    assert group_of["pointer"] == group_of["grounds"]
    found = _conflicts(units)
    held = frozenset({"pointer", "grounds"})
    assert any(pair == held | {"taken"} for pair, _kind in found)
    assert any(pair == held | {"retaken"} for pair, _kind in found)
    assert not any("blog" in pair for pair, _kind in found)


@pytest.mark.parametrize(
    ("taker", "taken", "holder", "held"),
    [
        # one party on both sides
        (RUSSIA, "its troops had driven the enemy out of the border district", RUSSIA, "along the river"),
        # no ground taken: talks walked out of
        (RUSSIA, "Moscow had withdrawn from the grain talks", UKRAINE, "along the river"),
        # a side's own withdrawal is no ground taken from the other side
        (RUSSIA, "its troops had withdrawn from the town to new positions", UKRAINE, "in the town"),
        # two places named, none shared: two pieces of ground
        (RUSSIA, "its forces had fully retaken the village of Orlivka", UKRAINE, "near Tetkino"),
    ],
)
def test_ground_taken_and_held_is_no_conflict_without_two_parties_and_one_ground(
    taker: str, taken: str, holder: str, held: str
) -> None:
    units = [
        unit("taken", taken, claimant=taker),
        unit("held", f"its units were still holding positions {held}", "b.example", claimant=holder),
    ]
    assert not _conflicts(units)


def test_ground_retaken_and_held_in_the_same_place_conflicts() -> None:
    units = [
        unit("took", "its forces had fully retaken the village of Orlivka", claimant=RUSSIA),
        unit("held", "its units were still holding positions in Orlivka", "b.example", claimant=UKRAINE),
    ]
    assert _conflicts(units)


def test_a_pointer_denied_in_two_articles_is_two_claims() -> None:
    first = unit("a", "that claim", status="denied", denials=("denied",), context="Kyiv denied that claim.")
    second = unit(
        "b",
        "that claim",
        status="denied",
        denials=("rejected",),
        context="The mayor rejected that claim on air.",
    )
    grouping = group_units([first, second], encode)
    assert grouping.node_of[0] != grouping.node_of[1]
    # Copies of one sentence still fold into one node.
    copy = unit("c", "that claim", status="denied", denials=("denied",), context="Kyiv denied that claim.")
    assert group_units([first, copy], encode).node_of == [0, 0]
