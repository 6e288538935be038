"""Conflicts of stance on five questions that war reporting contests again and again, found
by their words, since the two sides rarely share any:

- **civilian harm**: "the ministry denied targeting civilians" or "no residential areas were
  hit" or "strikes aimed solely at military sites" against "children were killed in their
  homes" or "debris fell on residential buildings", stated by another party. A denial is
  linked to every group most of whose claims report harm to civilians (at most
  :data:`MAX_LINKS`, largest first).
- **military targets**: "the missiles hit military reserves and arms depots" against "none of
  the targets had military ties", stated by another party (the same linking as civilian harm,
  a group counting when half of its claims say so).
- **cause of a destruction**: "the shelling destroyed the valves" against "a charge inside
  the dam's base", "it had been mined" or "impossible to blow it up from outside", stated by
  another party (linked as civilian harm is, a group counting when half of its claims say so).
- **completion**: "the swap has been completed" against "the exchange will continue on
  Sunday" or "the final stage is planned for Sunday", when the claim that it goes on was
  published no earlier than the one that it is over (a report on Friday that it continues
  does not contradict one on Sunday that it ended).
- **control of ground**: "Russian forces drove out the Ukrainian troops" or "the region had
  been fully retaken" against "its units were still holding positions in parts of Kursk",
  stated by another party (at most :data:`MAX_LINKS` groups for each holder, largest first).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from corroborator.align.origins import fold_name
from corroborator.align.units import Unit, negative, points_back
from corroborator.extract.windows import MONTHS, WEEKDAYS
from corroborator.resolve.institutions import NATIONS

MAX_LINKS = 5

CIVILIAN = re.compile(
    r"\b(?:civilians?|children|child|kids|babies|residents|residential|homes?|houses?|apartments?|"
    r"blocks of flats|hospitals?|schools?|kindergartens?|families|non-combatants)\b"
)
HARM = re.compile(
    r"\b(?:kill\w*|dead|died|deaths?|injur\w*|wound\w*|hit|struck|damag\w*|destroy\w*|fell|fire|"
    r"burn\w*|target\w*|shell\w*|bomb\w*|attack\w*)\b"
)
HARM_DENIED = re.compile(
    r"\bno (?:civilians?|residential|homes|houses|civilian (?:areas|targets|sites))\b|"
    r"\b(?:solely|only|exclusively)\b[^.;]{0,40}\bmilitary\b|\bnot (?:target\w*|hit|strike|struck) civilian"
)
EVENT = r"(?:swap|exchange|deal|handover|hand-over|release|withdrawal|evacuation|operation|ceasefire|talks|vote|count)"
DONE = re.compile(
    rf"\b{EVENT}\b[^.;]{{0,60}}\b(?:completed?|finished|concluded|over|ended|done)\b|"
    rf"\b(?:completed?|finished|concluded|ended)\b[^.;]{{0,40}}\b{EVENT}\b"
)
GOING = re.compile(
    rf"\b{EVENT}\b[^.;]{{0,40}}\b(?:will|would) (?:continue|go on|resume)\b|"
    rf"\b{EVENT}\b[^.;]{{0,30}}\b(?:continues|continuing|is ongoing|(?:is|was) still under ?way)\b|"
    r"\b(?:next|final|last|remaining|further|third|second) (?:stages?|phases?|rounds?)\b[^.;]{0,40}"
    r"\b(?:planned|scheduled|expected|due|set|to follow|would follow)\b|"
    r"\b(?:had|has|have) yet to (?:cross|return|be (?:freed|released|exchanged))\b"
)

# Ground taken from the other side ("drove out the troops", "the region was retaken") against
# ground still held ("its units were still holding positions"). "Withdrew" and "retreated"
# are left out: their subject is as often the speaker's own side.
LOST = re.compile(
    r"\b(?:driv(?:en|e|es|ing)|drove|push(?:ed|es|ing)?|forc(?:ed|es|ing)|kick(?:ed)?|threw|thrown)\b"
    r"(?:\s+[\w'’-]+){0,5}?\s+(?:out|back)\b|"
    r"\b(?:expell\w*|ousted|retak(?:en|e|es|ing)|retook|recaptur\w*|liberat\w*|"
    r"regain\w*(?: full)? control|(?:fully|completely) (?:cleared|freed|controlled))\b"
)
HELD = re.compile(
    r"\b(?:still|continu\w* to|remain\w*|keep|kept)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:hold\w*|held|control\w*|in control|fight\w*|present|operat\w*|deployed|stationed|dug in)\b"
)

# Either needs words of ground or of the forces on it: "pushed back the vote" takes no ground.
GROUND = re.compile(
    r"\b(?:troops|forces|units|soldiers|army|brigades?|battalions?|positions?|ground|territor(?:y|ies)|"
    r"regions?|villages?|towns?|cit(?:y|ies)|settlements?|areas?|districts?|oblasts?|provinces?|front|lines?|"
    r"border)\b"
)


@dataclass(frozen=True)
class StanceConflict:
    a: int  # group index
    b: int
    kind: str  # "denial" or "status"
    reason: str


def harms_civilians(unit: Unit) -> bool:
    text = unit.text.lower()
    return (
        not negative(unit)
        and not HARM_DENIED.search(text)
        and bool(CIVILIAN.search(text) and HARM.search(text))
    )


# What a strike hit, said to be military ("hit reserves and depots holding weapons"), against
# "none of the targets had military ties".
MILITARY = re.compile(
    r"\b(?:hit\w*|struck|strik\w*|target\w*|destroy\w*)\b[^.;]{0,60}\b(?:military|army|arms|weapons?|"
    r"ammunition|depots?|reserves|troops|command posts?|air ?bases?|barracks)\b"
)
NOT_MILITARY = re.compile(
    r"\b(?:no|none of|not|never|neither)\b[^.;]{0,30}\b(?:military|army|combat)\b|"
    r"\b(?:purely|only|entirely) civilian\b"
)


def _states(unit: Unit, claim: re.Pattern[str], against: re.Pattern[str]) -> bool:
    """The unit states ``claim`` outright: not negated, and not saying ``against`` too."""
    text = unit.text.lower()
    return not negative(unit) and not against.search(text) and bool(claim.search(text))


def hit_military(unit: Unit) -> bool:
    return _states(unit, MILITARY, NOT_MILITARY)


def denies_military(unit: Unit) -> bool:
    return bool(NOT_MILITARY.search(unit.text.lower()))


# What destroyed it: a strike from outside ("shelling destroyed the valves") against a blast from
# within ("a charge inside the dam's base", "it had been mined") or "impossible from outside".
_WRECKED = r"(?:destroy\w*|destruction|breach\w*|collaps\w*|damag\w*|broke|wreck\w*)"
_STRIKE = r"(?:shell\w*|strikes?|struck|missiles?|rockets?|artillery|bombard\w*|air ?strikes?)"
OUTSIDE = re.compile(
    rf"\b{_STRIKE}\b[^.;]{{0,80}}\b{_WRECKED}\b|\b{_WRECKED}\b[^.;]{{0,40}}\bby (?:\w+ ){{0,3}}?{_STRIKE}\b"
)
WITHIN = re.compile(
    r"\b(?:from within|from inside|internal explosion|was mined|been mined|had mined|mined and)\b|"
    r"\b(?:charges?|explosives?|bombs?)\b[^.;]{0,40}\b(?:inside|within|planted|placed)\b|"
    r"\b(?:impossible|unrealistic|could not|couldn't|cannot|can't|not possible)\b[^.;]{0,60}"
    r"\b(?:from (?:the )?outside|by shelling|by (?:a |an )?(?:strike|missile|rocket))"
)


def struck_from_outside(unit: Unit) -> bool:
    return _states(unit, OUTSIDE, WITHIN)


def blown_from_within(unit: Unit) -> bool:
    return bool(WITHIN.search(unit.text.lower()))


def denies_harm(unit: Unit) -> bool:
    text = unit.text.lower()
    return bool(HARM_DENIED.search(text)) or (negative(unit) and bool(CIVILIAN.search(text)))


def stance_conflicts(
    units: Sequence[Unit], groups: Sequence[Sequence[int]], sides: Sequence[str | None] | None
) -> list[StanceConflict]:
    """The civilian-harm, military-target, cause, completion and ground conflicts between groups
    (rules in the module docstring)."""
    return [
        *_harm_conflicts(units, groups, sides),
        *_completion_conflicts(units, groups),
        *_control_conflicts(units, groups, sides),
    ]


def _harm_conflicts(
    units: Sequence[Unit], groups: Sequence[Sequence[int]], sides: Sequence[str | None] | None
) -> list[StanceConflict]:
    return [
        *_contested(units, groups, sides, harms_civilians, denies_harm, "harm to civilians", False),
        *_contested(units, groups, sides, hit_military, denies_military, "military targets", True),
        *_contested(
            units, groups, sides, struck_from_outside, blown_from_within, "a strike from outside", True
        ),
    ]


def _contested(
    units: Sequence[Unit],
    groups: Sequence[Sequence[int]],
    sides: Sequence[str | None] | None,
    reports: Callable[[Unit], bool],
    denies: Callable[[Unit], bool],
    what: str,
    half: bool,
) -> list[StanceConflict]:
    """A group most of whose claims deny something (``denies``) against every group most of
    whose claims report it (``reports``; half of them when ``half``), reported by others."""
    said = {i: reports(units[i]) for members in groups for i in members}
    reported = sorted(
        (
            g
            for g, members in enumerate(groups)
            if 2 * sum(said[i] for i in members) >= len(members) + (not half)
        ),
        key=lambda g: (-len(groups[g]), g),
    )
    found = []
    for d, members in enumerate(groups):
        deniers = [i for i in members if denies(units[i])]
        if not deniers or 2 * len(deniers) < len(members):
            continue
        names = {fold_name(units[i].claimant) for i in deniers}
        parties = {sides[i] for i in deniers} if sides is not None else {None}
        linked = 0
        for h in reported:
            reporters = [i for i in groups[h] if said[i]]
            if h == d or all(
                fold_name(units[i].claimant) in names or (sides is not None and sides[i] in parties - {None})
                for i in reporters
            ):
                continue
            reporter, denier = units[reporters[0]].claimant, units[deniers[0]].claimant
            found.append(StanceConflict(h, d, "denial", f"{what} reported by {reporter}, denied by {denier}"))
            linked += 1
            if linked == MAX_LINKS:
                break
    return found


def _completion_conflicts(units: Sequence[Unit], groups: Sequence[Sequence[int]]) -> list[StanceConflict]:
    # Each group's earliest "it is over" and latest "it goes on", so that the work grows with
    # the groups that speak of it, not with their claims.
    over: dict[int, tuple[str, int]] = {}
    going: dict[int, tuple[str, int]] = {}
    for g, members in enumerate(groups):
        for i in members:
            unit = units[i]
            if unit.published is None or negative(unit):
                continue
            text = unit.text.lower()
            if DONE.search(text) and (g not in over or unit.published < over[g][0]):
                over[g] = (unit.published, i)
            if GOING.search(text) and (g not in going or unit.published > going[g][0]):
                going[g] = (unit.published, i)
    found = []
    for gd, (ended, i) in sorted(over.items()):
        for gg, (still, j) in sorted(going.items()):
            if gd != gg and still >= ended:
                why = f"{units[i].claimant} says it is over; {units[j].claimant} says it goes on"
                found.append(StanceConflict(gd, gg, "status", why))
    return found


def _control_conflicts(
    units: Sequence[Unit], groups: Sequence[Sequence[int]], sides: Sequence[str | None] | None
) -> list[StanceConflict]:
    if sides is None:
        return []
    # group -> (its party, the first claim saying so), for ground taken and ground held
    lost: dict[int, tuple[str, int]] = {}
    held: dict[int, tuple[str, int]] = {}
    for g, members in enumerate(groups):
        # A denial that only points back ("rejected that claim") stands with its grounds;
        # opinion is no account of the ground.
        stating = [i for i in members if not points_back(units[i].text) and units[i].status != "opinion"]
        for pattern, into in ((LOST, lost), (HELD, held)):
            saying = [i for i in stating if not negative(units[i]) and _says(pattern, units[i])]
            parties = {p for i in saying if (p := sides[i]) is not None}
            if 2 * len(saying) > len(stating) and len(parties) == 1:
                into[g] = (parties.pop(), saying[0])
    takers = sorted(lost, key=lambda g: (-len(groups[g]), g))
    found = []
    for h, (holder, j) in sorted(held.items()):
        where = places(units[j])
        others = [
            g
            for g in takers
            if g != h
            and lost[g][0] != holder
            and not (where and (there := places(units[lost[g][1]])) and not where & there)
        ][:MAX_LINKS]
        for g in others:
            why = f"ground taken according to {units[lost[g][1]].claimant}, still held according to {units[j].claimant}"
            found.append(StanceConflict(g, h, "denial", why))
    return found


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
_NOT_PLACES = frozenset(NATIONS) | frozenset(MONTHS) | frozenset(WEEKDAYS)


def places(unit: Unit) -> set[str]:
    """The capitalised words inside a claim, mostly names of places (nations, months and days left out)."""
    return {w.lower() for w in _NAME.findall(unit.text) if w.lower() not in _NOT_PLACES}


def _says(pattern: re.Pattern[str], unit: Unit) -> bool:
    text = unit.text.lower()
    return bool(pattern.search(text) and GROUND.search(text))
