"""People's corrections of a story's claim groups, applied on every alignment.

The aligner groups the story's claims afresh on each run; the corrections are then laid
over its result in the order they were made, so that a merge, split or move, two origins
marked as one source, a verdict set by hand and a review all hold after a re-run. Each is
anchored to claims (whose ids are stable), never to a group id (which changes with the
group's members): a merge joins the groups that hold most of its two sets of claims now.

Pure: the align stage passes the corrections and stores what became of each (the groups it
holds for, or why it no longer can: its claims were re-extracted away, the group it named
is gone).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from corroborator.align.units import Unit
from corroborator.models import ClaimGroup, CorrectionKind, GroupCorrection

MEMBERSHIP = frozenset((CorrectionKind.MERGE, CorrectionKind.SPLIT, CorrectionKind.MOVE))


@dataclass(frozen=True)
class Outcome:
    """What became of one correction on this alignment: the claims that witness where it
    holds (one per group it shaped), or why it no longer can."""

    witnesses: tuple[str, ...] = ()
    note: str | None = None


def _holder(anchors: Sequence[str], group_of: Mapping[str, int]) -> int | None:
    """The group that holds most of the anchor claims now (the first such on a tie)."""
    counts = Counter(group_of[claim] for claim in anchors if claim in group_of)
    if not counts:
        return None
    best = max(counts.values())
    return min(group for group, n in counts.items() if n == best)


class _Groups:
    """The groups as lists of unit indices, with each aligned claim's group."""

    def __init__(self, groups: Sequence[Sequence[int]], units: Sequence[Unit]) -> None:
        self.units = units
        self.groups = [list(group) for group in groups]
        self.group_of = {units[i].claim_id: n for n, group in enumerate(self.groups) for i in group}

    def move(self, claim: str, target: int) -> None:
        index = next(i for i in self.groups[self.group_of[claim]] if self.units[i].claim_id == claim)
        self.groups[self.group_of[claim]].remove(index)
        self.groups[target].append(index)
        self.group_of[claim] = target

    def first(self, group: int) -> tuple[str, ...]:
        members = self.groups[group]
        return (self.units[min(members)].claim_id,) if members else ()


def _merge(groups: _Groups, correction: GroupCorrection) -> Outcome:
    kept = _holder(correction.claims, groups.group_of)
    other = _holder(correction.targets, groups.group_of)
    if kept is None or other is None:
        return Outcome(note="one of the two groups it merged is gone: none of its claims is aligned now")
    for claim in [c for c, g in groups.group_of.items() if g == other and other != kept]:
        groups.move(claim, kept)
    return Outcome(groups.first(kept))


def _split(groups: _Groups, correction: GroupCorrection) -> Outcome:
    chosen = [claim for claim in correction.claims if claim in groups.group_of]
    if not chosen:
        return Outcome(note="none of the claims it split off is aligned now")
    left = _holder(chosen, groups.group_of)
    assert left is not None
    groups.groups.append([])
    new = len(groups.groups) - 1
    for claim in chosen:
        groups.move(claim, new)
    return Outcome(groups.first(new) + groups.first(left))


def _move(groups: _Groups, correction: GroupCorrection) -> Outcome:
    claim = correction.claims[0]
    if claim not in groups.group_of:
        return Outcome(note=f"claim {claim} is not aligned now")
    target = _holder([c for c in correction.targets if c != claim], groups.group_of)
    if target is None:
        return Outcome(note="the group it moved the claim into is gone: none of its claims is aligned now")
    left = groups.group_of[claim]
    groups.move(claim, target)
    return Outcome((claim, *groups.first(left)))


_REGROUP = {CorrectionKind.MERGE: _merge, CorrectionKind.SPLIT: _split, CorrectionKind.MOVE: _move}


def regroup(
    groups: Sequence[Sequence[int]], units: Sequence[Unit], corrections: Sequence[GroupCorrection]
) -> tuple[list[list[int]], dict[int, Outcome]]:
    """The groups after every merge, split and move, in the order they were made (groups
    in unit order, none empty), and what became of each of those corrections."""
    found = _Groups(groups, units)
    outcomes = {
        correction.id: _REGROUP[correction.kind](found, correction)
        for correction in corrections
        if correction.kind in MEMBERSHIP
    }
    regrouped = sorted((sorted(group) for group in found.groups if group), key=lambda group: group[0])
    return regrouped, outcomes


def same_sources(
    labels: Mapping[str, str], corrections: Sequence[GroupCorrection]
) -> tuple[dict[str, str], dict[int, Outcome]]:
    """Origin name -> the origin it counts under, from the marks that two origins are one
    source (the second counts under the first), and what became of each mark."""
    present = set(labels.values())
    same: dict[str, str] = {}
    outcomes = {}
    for correction in corrections:
        if correction.kind is not CorrectionKind.SAME_SOURCE:
            continue
        first, second = correction.origins
        missing = [name for name in (first, second) if name not in present]
        if missing:
            outcomes[correction.id] = Outcome(note=f"origin '{missing[0]}' is not in this story now")
            continue
        root = same.get(first, first)
        same.update({name: root for name, to in same.items() if to == second})
        same[second] = root
        outcomes[correction.id] = Outcome()
    return same, outcomes


def overrule(
    groups: Sequence[ClaimGroup], corrections: Sequence[GroupCorrection]
) -> tuple[list[ClaimGroup], dict[int, Outcome]]:
    """The groups with the verdicts set by hand (the newest wins, its reason first), and
    where each verdict and review landed."""
    group_of = {claim: n for n, group in enumerate(groups) for claim in group.claim_ids}
    shown = list(groups)
    outcomes = {}
    for correction in corrections:
        if correction.kind not in (CorrectionKind.VERDICT, CorrectionKind.REVIEWED):
            continue
        held = _holder(correction.claims, group_of)
        if held is None:
            outcomes[correction.id] = Outcome(
                note="the group it was made on is gone: none of its claims is aligned now"
            )
            continue
        group = shown[held]
        outcomes[correction.id] = Outcome((group.claim_ids[0],) if group.claim_ids else ())
        if correction.kind is CorrectionKind.VERDICT and correction.verdict is not None:
            was = group.verdict.value if group.verdict else "none"
            why = (
                f"verdict set by hand to {correction.verdict.value} (the aligner's: {was}) "
                f"by {correction.by} on {correction.at:%Y-%m-%d}: {correction.reason}"
            )
            shown[held] = group.model_copy(
                update={"verdict": correction.verdict, "reasons": [why, *group.reasons]}
            )
    return shown, outcomes


def settle(
    story_id: str,
    groups: Sequence[ClaimGroup],
    corrections: Sequence[GroupCorrection],
    outcomes: Mapping[int, Outcome],
    same: Mapping[str, str],
) -> tuple[list[ClaimGroup], list[GroupCorrection]]:
    """Each correction with the groups it holds for now (or why none), and each group with
    the corrections that hold for it (``same``: the origins marked as one, see ``same_sources``)."""
    group_of = {claim: group.id for group in groups for claim in group.claim_ids}
    settled = []
    for correction in corrections:
        outcome = outcomes.get(correction.id, Outcome(note="its claims are not in this story now"))
        if correction.kind is CorrectionKind.SAME_SOURCE and outcome.note is None:
            name = same.get(correction.origins[0], correction.origins[0])
            ids = [group.id for group in groups if name in group.origins]
        else:
            ids = list(dict.fromkeys(group_of[c] for c in outcome.witnesses if c in group_of))
        settled.append(
            correction.model_copy(update={"story_id": story_id, "group_ids": ids, "note": outcome.note})
        )
    held = {group.id: [c for c in settled if group.id in c.group_ids and c.note is None] for group in groups}
    return [group.model_copy(update={"corrections": held[group.id]}) for group in groups], settled
