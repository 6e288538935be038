"""Verdicts: how well a claim group is supported, and whether it stands disputed.

- opinion-only: every member is opinion (or from an opinion piece);
- single-source: one copy group carries it;
- single-party: several copy groups, but one origin, or every origin of one party;
- corroborated: two or more independent origins, not all of one party;
- disputed: a conflict with another group stands (see below).

A group with a standing conflict is disputed: the corpus does not say which side is right, so
no side is declared settled. One exception: a corroborated group whose every opponent is
single-source, single-party or opinion-only stays corroborated (a figure confirmed by both
sides is not unsettled because one source or one party says otherwise); the conflict is still
in its reasons, and the weaker side is disputed.  The support level is always given
first in the reasons, so a disputed group still says what stands behind it (the running
example's "46 drones": its support, and disputed by a conflicting count).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from corroborator.align.parties import INDEPENDENT
from corroborator.models import Verdict


@dataclass(frozen=True)
class Support:
    verdict: Verdict
    reason: str
    n_origins: int


def support(
    statuses: Sequence[str],
    genres: Sequence[str],
    n_copy_groups: int,
    origins: dict[str, str | None],
) -> Support:
    """The support verdict from the members' statuses and genres, the copy groups and the
    origins (origin -> party)."""
    n_origins = len(origins)
    if all(s == "opinion" or g == "opinion" for s, g in zip(statuses, genres, strict=True)):
        return Support(Verdict.OPINION_ONLY, "only in opinion: the author's own view", n_origins)
    if n_copy_groups <= 1:
        return Support(Verdict.SINGLE_SOURCE, "carried by one copy group only", n_origins)
    if n_origins <= 1:
        who = next(iter(origins), "no named source")
        return Support(
            Verdict.SINGLE_PARTY,
            f"{n_copy_groups} copy groups, all from one origin: {who}",
            n_origins,
        )
    parties = set(origins.values())
    # An origin of no known party may be of any side: it is not taken as the same party.
    if len(parties) == 1 and None not in parties and INDEPENDENT not in parties:
        return Support(
            Verdict.SINGLE_PARTY, f"{n_origins} origins, every one of them {parties.pop()}", n_origins
        )
    named = sorted(p for p in parties if p)
    sides = f" ({', '.join(named)}{', and unknown' if None in parties else ''})" if named else ""
    return Support(Verdict.CORROBORATED, f"{n_origins} independent origins{sides}", n_origins)
