"""Same-sentence claims, self-denials and the civilian-harm and completion conflicts, on hand-made claims."""

from __future__ import annotations

from tests.align.helpers import encode, unit

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
