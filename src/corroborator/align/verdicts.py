"""Verdicts: how well a claim group is supported, and whether it stands disputed.

- opinion-only: every member is opinion (or from an opinion piece);
- single-source: one copy group carries it;
- single-party: several copy groups, but one origin, or every origin of one party, or no two
  origins shown to be independent (origins of no known party could be of any side, so they
  confirm nothing alone);
- corroborated: origins of two known, different sides, or two independent origins (outlets'
  own reporting, independent monitors);
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

import re
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
    fragments: frozenset[str] = frozenset(),
) -> Support:
    """The support verdict from the members' statuses and genres, the copy groups and the
    origins (origin -> party); ``fragments`` are origins that the group holds only through a
    few words cut from their sentence ("the matter", "any involvement") or through the word
    that two parties spoke (:func:`exchange`): beside an origin that states the claim, such a
    piece confirms nothing."""
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
    if len(fragments) < n_origins:
        origins = {key: party for key, party in origins.items() if key not in fragments}
    known = [party for party in origins.values() if party is not None]
    sides = set(known)
    unknown = len(origins) - len(known)
    besides = f", and {unknown} of no known side" if unknown else ""
    if len(fragments) < n_origins and fragments:
        besides += f", and {len(fragments)} only through a fragment"
    if len(sides) >= 2 or (sides == {INDEPENDENT} and len(known) >= 2):
        return Support(
            Verdict.CORROBORATED,
            f"{len(origins)} independent origins ({', '.join(sorted(sides))}{besides})",
            n_origins,
        )
    if sides and sides != {INDEPENDENT}:
        party = sides.pop()
        return Support(
            Verdict.SINGLE_PARTY, f"{n_origins} origins, every known one {party}{besides}", n_origins
        )
    independents = f"one independent origin and {unknown}" if sides else str(unknown)
    return Support(
        Verdict.SINGLE_PARTY,
        f"{n_origins} origins, {independents} of no known side: not shown to be independent",
        n_origins,
    )


# "A and B discussed ...", "the two leaders had a phone conversation about ...".
_NAMES = r"(?:[A-Z][\w'\u2019.-]*\s+){1,5}"
_EXCHANGE = re.compile(
    rf"^(?:that\s+)?(?:{_NAMES}and\s+{_NAMES}|(?:the\s+)?two\s+\w+\s+)(?:have\s+|also\s+)?"
    r"(?:discussed|talked|spoke|met|held\s+talks|(?:had|held)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:conversation|call|talks|meeting))\b"
)


def exchange(text: str) -> bool:
    """Whether the claim only says that two parties spoke ("A and B discussed the situation",
    "A and B had a phone conversation about the flood"): each side's account of a call or a
    meeting is its own, and the other side's word that the call took place confirms no more
    than that."""
    return bool(_EXCHANGE.match(text.strip()))
