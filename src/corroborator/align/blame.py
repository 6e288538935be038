"""Conflicts of responsibility between the claim groups of a story, from each claim's stance
(:mod:`corroborator.align.responsibility`). Two groups conflict when a claim of one and a
claim of the other do, the claims read being those that speak for their group (a blame few of
its claims make is set aside):

- a group that clears an actor against every group that blames it (the blamers not the
  actor itself, nor the same claimant or party), at most :data:`MAX_LINKS`, largest first;
- a group that dismisses a source's accounts against the groups whose blame comes from it;
- two groups that blame different countries for one event (claims close in meaning), or a
  sole blame against a blame of countries only (named doers are never set against one
  another: "IS" and "the Islamic State" may be one group);
- a dismissal that names neither source nor doer against the claims just before it;
- a claim its report sets against someone's account ("contradicts Putin") against that
  account's groups.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from corroborator.align.origins import fold_name
from corroborator.align.responsibility import (
    COUNTRIES,
    EVALUATIVE,
    Stance,
    claimant_actor,
    doers,
    read_stance,
    tag,
)
from corroborator.align.stances import StanceConflict
from corroborator.align.units import Unit, negative, points_back

MAX_LINKS = 8  # groups one denial or dismissal is linked to, largest first
BLAME_SIM = 0.22  # meaning two blaming claims need to be taken as one event's
PER_GROUP = 6  # blaming claims of each group compared with another group's


@dataclass(frozen=True)
class _Said:
    """One claim's stance, with who says it."""

    unit: int
    stance: Stance
    actor: str | None  # the claimant's country
    name: str  # the claimant's name, folded


def blame_conflicts(
    units: Sequence[Unit],
    groups: Sequence[Sequence[int]],
    sides: Sequence[str | None] | None,
    similarity: Callable[[int, int], float],
) -> list[StanceConflict]:
    """Conflicts of responsibility between groups (rules in the module docstring); two groups
    conflict when a claim of one and a claim of the other do. ``similarity`` compares two
    claims (unit indices) by meaning."""
    said = [_representative(_readings(units, members, sides)) for members in groups]
    order = sorted(range(len(groups)), key=lambda g: (-len(groups[g]), g))
    found: list[StanceConflict] = []
    seen: set[frozenset[int]] = set()

    def add(a: int, b: int, kind: str, why: str) -> None:
        if a != b and frozenset((a, b)) not in seen:
            seen.add(frozenset((a, b)))
            found.append(StanceConflict(a, b, kind, why))

    blaming = [g for g in order if any(s.stance.blamed for s in said[g])]
    for d, readings in enumerate(said):
        clearing = [s for s in readings if s.stance.cleared or s.stance.dismissed]
        linked = 0
        for g in blaming:
            why = _contested(units, clearing, said[g]) if clearing and g != d else None
            if why:
                add(g, d, "denial", why)
                linked += 1
                if linked == MAX_LINKS:
                    break
    for i, a in enumerate(blaming):
        for b in blaming[i + 1 :]:
            why = _opposed(units, said[a], said[b], similarity)
            if why:
                add(a, b, "blame", why)
    return found


def _readings(
    units: Sequence[Unit], members: Sequence[int], sides: Sequence[str | None] | None
) -> list[_Said]:
    found = []
    for i in members:
        unit = units[i]
        if unit.status == "opinion":
            continue
        side = sides[i] if sides is not None else None
        stance = read_stance(unit, side)
        if stance:
            found.append(_Said(i, stance, claimant_actor(unit, side), fold_name(unit.claimant)))
    return found


def _representative(readings: list[_Said]) -> list[_Said]:
    """The readings without the blames few of the group's claims make: a group most of whose
    claims blame one side, with one claim that blames the other, speaks for the first."""
    counts: Counter[str] = Counter(actor for s in readings for actor in s.stance.blamed)
    if not counts:
        return readings
    top = max(counts.values())
    held = {actor for actor, n in counts.items() if 2 * n >= top}
    return [s for s in readings if not s.stance.blamed or s.stance.blamed <= held]


def _contested(units: Sequence[Unit], clearing: Sequence[_Said], blaming: Sequence[_Said]) -> str | None:
    """Why claims that clear an actor, or dismiss a source, contest claims that blame."""
    for c in clearing:
        for b in blaming:
            if not b.stance.blamed or b.name == c.name:
                continue
            if b.actor is not None and b.actor == c.actor:
                continue  # a party does not contest its own account
            cleared = b.stance.blamed & c.stance.cleared - {b.actor}
            blamer, clearer = units[b.unit].claimant, units[c.unit].claimant
            if cleared:
                return f"{_names(cleared)} blamed by {blamer}, cleared by {clearer}"
            if b.actor and b.actor in c.stance.dismissed:
                return f"the account of {b.actor} ({blamer}) dismissed by {clearer}"
    return None


def _opposed(
    units: Sequence[Unit], a: Sequence[_Said], b: Sequence[_Said], similarity: Callable[[int, int], float]
) -> str | None:
    """Why two groups hold different doers responsible, or None: two claims that blame
    different countries, or each the other's speaker, or one that blames a doer alone and one
    that blames countries (named doers are never set against one another otherwise: "IS" and
    "the Islamic State" may be one group)."""
    for x in [s for s in a if s.stance.blamed][:PER_GROUP]:
        for y in [s for s in b if s.stance.blamed][:PER_GROUP]:
            held_x, held_y = x.stance.blamed, y.stance.blamed
            if held_x & held_y or x.name == y.name or (x.actor is not None and x.actor == y.actor):
                continue
            countries_x, countries_y = held_x & COUNTRIES, held_y & COUNTRIES
            if countries_x and countries_y:
                why = f"blamed on {_names(countries_x)} and on {_names(countries_y)}"
            elif _names_speaker(held_x, units[y.unit], y.actor) or _names_speaker(
                held_y, units[x.unit], x.actor
            ):
                why = f"each blamed on the other side: on {_names(held_x)} and on {_names(held_y)}"
            elif x.stance.sole and countries_y == held_y:
                why = f"blamed on {_names(held_x)} alone and on {_names(held_y)}"
            elif y.stance.sole and countries_x == held_x:
                why = f"blamed on {_names(held_y)} alone and on {_names(held_x)}"
            else:
                continue
            if similarity(x.unit, y.unit) >= BLAME_SIM:
                return f"{why}: {units[x.unit].claimant} against {units[y.unit].claimant}"
    return None


def _names_speaker(held: frozenset[str], unit: Unit, actor: str | None) -> bool:
    """Whether a blame falls on the one who makes the other claim ("Putin" on "Vladimir Putin",
    "hamas" on "Hamas officials"), so that each side blames the other, whatever the doers are."""
    speaker = {actor} if actor else set()
    speaker |= {fold_name(name) for name in doers(unit.claimant)}
    return any(set(who.split()) <= set(name.split()) for who in held for name in speaker if who and name)


RECALLED = 3  # claims before a vague dismissal that it may answer


def dismissed_before(
    units: Sequence[Unit], groups: Sequence[Sequence[int]], sides: Sequence[str | None] | None
) -> list[StanceConflict]:
    """A dismissal that names neither a source nor a doer ("we do not comment on any kind of
    fake", "these are lies") answers the claims just before it in its article: up to
    :data:`RECALLED` of them, made by others (not the article's own voice, not the dismisser's
    party), back to the dismisser's party's last word."""
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    by_article: dict[str, list[int]] = {}
    for i, unit in enumerate(units):
        if i in group_of and unit.external.get("start") is not None:
            by_article.setdefault(unit.article_id, []).append(i)
    found = []
    for members in by_article.values():
        members.sort(key=lambda i: units[i].external["start"])
        for position, i in enumerate(members):
            unit, side = units[i], sides[i] if sides is not None else None
            if not _vague_dismissal(unit, side):
                continue
            answered = 0
            for j in reversed(members[:position]):
                other = sides[j] if sides is not None else None
                if side is not None and other == side:
                    break
                if negative(units[j]) or units[j].claimant == units[j].outlet or _same(units[i], units[j]):
                    continue
                if group_of[j] != group_of[i]:
                    why = f"dismissed by {unit.claimant} right after {units[j].claimant} said it"
                    found.append(StanceConflict(group_of[j], group_of[i], "denial", why))
                answered += 1
                if answered == RECALLED:
                    break
    return found


def _vague_dismissal(unit: Unit, side: str | None) -> bool:
    if not EVALUATIVE.search(unit.text) or points_back(unit.text):
        return False
    stance = read_stance(unit, side)
    return not (stance.blamed or stance.dismissed or stance.cleared - {claimant_actor(unit, side)})


# A report that sets one account against another's ("X contradicts Putin", "contrary to the
# Russian claim"): the one it names is the account contradicted.
_FRAMED = re.compile(
    r"\b(?i:contradict(?:s|ed|ing)?|contrary\s+to|at\s+odds\s+with|unlike)\s+(?:(?i:the)\s+)?"
    r"(?P<who>⟨@?[a-z .]+⟩|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})"
)
FRAMED_LINKS = 3  # groups of the contradicted account linked, the closest in meaning first


def framed_contradictions(
    units: Sequence[Unit],
    groups: Sequence[Sequence[int]],
    sides: Sequence[str | None] | None,
    similarity: Callable[[int, int], float],
) -> list[StanceConflict]:
    """A claim whose report sets it against someone's account ("contradicts Putin", "contrary
    to the Russian claim") conflicts with the groups of that someone's claims closest to it in
    meaning (at least :data:`BLAME_SIM`, at most :data:`FRAMED_LINKS`)."""
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    found = []
    for i, unit in enumerate(units):
        match = _FRAMED.search(tag(unit.text)) if i in group_of else None
        if match is None:
            continue
        who = match.group("who")
        country = who[1:-1].lstrip("@") if who.startswith("⟨") else None
        name = set(fold_name(who).split()) if country is None else set()
        closest: dict[int, float] = {}
        for j, other in enumerate(units):
            g = group_of.get(j)
            if g is None or g == group_of[i] or _same(unit, other):
                continue
            theirs = claimant_actor(other, sides[j] if sides is not None else None)
            if (country and theirs == country) or (name and name <= set(fold_name(other.claimant).split())):
                close = similarity(i, j)
                if close >= BLAME_SIM and close > closest.get(g, 0.0):
                    closest[g] = close
        for g in sorted(closest, key=lambda g: (-closest[g], g))[:FRAMED_LINKS]:
            why = f"{unit.claimant}'s account is set against {who.strip('⟨⟩@')}'s by the report"
            found.append(StanceConflict(g, group_of[i], "denial", why))
    return found


def _same(a: Unit, b: Unit) -> bool:
    """One claimant under two names ("Vladimir Putin", "President Vladimir Putin")."""
    words_a, words_b = set(fold_name(a.claimant).split()), set(fold_name(b.claimant).split())
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


def _names(actors: set[str] | frozenset[str]) -> str:
    return " and ".join(sorted(actors))
