"""Two counts of one thing compared: do they conflict, does one revise the other, or neither.

- **the same thing**: the same head ("drones"), the same subtype when either names one ("six
  Kalibr cruise missiles" is a part of "12 missiles", not another figure for it: a subtype is
  compared only with the same subtype), compatible places, windows that can overlap;
- **not one source**: a claimant's two figures are its own correction or two things it
  counts, never accounts that conflict;
- **a total and its parts** never conflict (the quantity's ``parts``, or a value that is the
  sum of two or three others of its article), nor does one stage's count with the whole's,
  nor a share (what was added, what a total includes, a smaller figure its claim puts among
  a larger one of the same thing) with anything;
- **running tallies** (the dead, the injured, the detained, the evacuated) only grow: a higher
  figure given later revises the earlier one (a ``revises`` relation, not a conflict). They
  conflict when a later figure from another source is lower than an earlier one, when two
  parties give different figures with no order between them, or when a report itself sets
  one figure against the other ("one more than the toll the ministry gave").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations

from corroborator.align.actions import BOUNDS, action_kind
from corroborator.align.origins import fold_name
from corroborator.align.parties import INDEPENDENT, party_from_words
from corroborator.align.responsibility import party_country, tag
from corroborator.align.stances import places
from corroborator.align.units import Quantity, Unit, head_word, stem
from corroborator.resolve.institutions import NATIONS

UNKNOWN_WINDOW_SIM = 0.3  # meaning two claims need for a numeric conflict, neither window known ...
ONE_WINDOW_SIM = 0.45  # ... and one window known
TOTAL_VALUES = 30  # figures of one article looked at for sums

# People, prisoners, detainees and hostages released are one population: "390 people were
# freed" and "500 prisoners will be handed over" count the same exchange.
RELEASED = frozenset("people person individual prisoner pow captive detainee hostage".split())
# "150 deaths", "133 victims" and "133 people killed" count the dead; so for the injured.
TOLLS = {
    kind: (population, frozenset(head_word(word) for word in words.split()))
    for kind, population, words in (
        ("kill", "people killed", "people person individuals deaths dead fatalities victims lives bodies"),
        ("injure", "people injured", "people person individuals injuries injured wounded victims casualties"),
    )
}
# A count of one stage of something ("in the first phase", "so far") is a part of its total.
PARTIAL = re.compile(
    r"\b(?:first|second|third|opening|initial) (?:phase|stage|day|round|batch|part)\b|\bso far\b",
    re.IGNORECASE,
)
# A tally said to have risen ("the toll has risen to 13") revises the figures given before it.
RISEN = re.compile(
    r"\b(?:ris(?:en|es|ing)|rose|climb\w*|increas\w*|grew|grown|jump\w*|mount\w*|swell\w*|swollen)\b"
)
# A count of what was added ("one more person has died") is no tally of its own.
INCREMENT = re.compile(r"\b(?:more|additional|further|another)\b(?!\s+than)", re.IGNORECASE)
PART_OF = re.compile(r"\b(?:includ\w*|among|of them|of whom)\b", re.IGNORECASE)
# Counts that only grow while a story unfolds; the killed and the injured are matched by kind.
RUNNING = re.compile(
    r"\b(?:toll|dead|deaths?|died|victims?|casualt\w*|fatalit\w*|injur\w*|wound\w*|evacuat\w*|"
    r"rescu\w*|detain\w*|detention|arrest\w*|displac\w*|missing|hospitali[sz]\w*)\b"
)
RUNNING_KINDS = frozenset({"kill", "injure"})
# A figure the report gives as an older one ("Earlier, channels reported 150").
EARLIER = re.compile(r"\b(?:earlier|previously|initially|at first|first reported|had (?:\w+ )?put)\b", re.I)
# A report that sets its figure against another's: the discrepancy is the report's own.
SET_AGAINST = re.compile(
    r"\b(?:more|fewer|less|higher|lower|greater|smaller|above|below)\s+(?:than\s+)?(?:the|a|an|its|their)\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?:toll|figure|count|tally|number|estimate|total)s?\b|"
    r"\bcontrar(?:y|ily) to\b|\bcontradict\w*|\bat odds with\b|\bdiffer\w* from\b",
    re.IGNORECASE,
)
# The doer of a counted deed, after "by" and up to the clause's next preposition or stop.
_BY = re.compile(
    r"\bby\s+((?:[\w'’.-]+\s+){0,5}?[\w'’.-]+?)(?=\s+(?:over|for|in|on|at|after|during|with|from|"
    r"near|since|following|as)\b|[,;.:]|$)"
)
# Words before a counted noun that do not make it a kind of its own ("at least 12 more people").
_PLAIN_WORDS = frozenset(
    """
    a an the of at least most more than over under about around approximately roughly nearly almost
    some up to fewer less only just another other additional further total all alleged suspected
    reported recent separate several many few dozens hundreds thousands tens new previous attempted
    enemy hostile various estimated confirmed aerial air and or their its his her our
    one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred
    thousand million
    """.split()
)
_PLAIN_COMPOUND = re.compile(r"-(?:launched|made|held|controlled|backed|occupied|based|built|led)$")
_WORDS = re.compile(r"[\w'’.-]+")


@dataclass(frozen=True)
class CountRelation:
    kind: str  # "conflicts" or "revises"
    reason: str
    newer: int = 0  # for "revises": which of the two figures (0 or 1) revises the other
    told: bool = False  # the article itself relates the two figures ("Earlier, ... reported 150")


def population(q: Quantity, unit: Unit) -> Quantity:
    """The quantity counted as the population it belongs to (:data:`RELEASED`, :data:`TOLLS`)."""
    kind = action_kind(q, unit)
    if q.thing_key in RELEASED and kind == "release":
        return replace(q, population="released people")
    if kind in TOLLS and q.thing_key in TOLLS[kind][1]:
        return replace(q, population=TOLLS[kind][0])
    return q


def subtype(q: Quantity) -> frozenset[str]:
    """The words that make the counted thing a kind of its head ("Kalibr cruise" in "six Kalibr
    cruise missiles"), without numbers, bounds, nations and words any count may carry."""
    if not q.thing or q.population:
        return frozenset()
    return _subtype(q.thing, q.text)


@lru_cache(maxsize=65536)
def _subtype(thing: str, text: str) -> frozenset[str]:
    head = stem(thing.lower().split()[-1])
    words = [w.lower().strip(".") for w in _WORDS.findall(text or thing)]
    heads = [i for i, w in enumerate(words) if stem(w) == head]
    if not heads:
        words, heads = [w.lower() for w in _WORDS.findall(thing)], [len(thing.split()) - 1]
    return frozenset(
        w
        for w in words[: heads[-1]]
        if w not in _PLAIN_WORDS
        and w not in NATIONS
        and not w.replace(",", "").replace(".", "").isdigit()
        and not _PLAIN_COMPOUND.search(w)
    )


def same_thing(a: Quantity, b: Quantity) -> bool:
    # "people" against "children" may be a whole and its part, or another count: not compared
    # (people and prisoners released are one population: see ``population``); a subtype is a
    # part of its head's count, so it is compared only with the same subtype.
    return bool(a.thing_key) and a.thing_key == b.thing_key and subtype(a) == subtype(b)


def _window_overlap(a: Quantity, b: Quantity) -> bool | None:
    if a.window is None or b.window is None:
        return None
    (a0, a1), (b0, b1) = a.window, b.window
    if a0 == a1 or b0 == b1:
        return a0 <= b1 and b0 <= a1
    # Two nights ("overnight into Saturday", "into Sunday") share a day and are still two nights.
    return a0 < b1 and b0 < a1


def _share(q: Quantity, unit: Unit) -> bool:
    """Whether the figure counts a share of something rather than a whole: what was added ("one
    more person has died"), what a total includes ("including 421 children"), or a smaller
    figure of the same thing that its claim puts among a larger one ("four were among 11 held")."""
    if INCREMENT.search(q.text) or PART_OF.search(f"{q.action or ''} {q.text}"):
        return True
    high = q.interval()[1]
    return bool(PART_OF.search(unit.text)) and any(
        other.id != q.id and other.thing_key == q.thing_key and other.interval()[0] > high
        for other in unit.quantities
    )


def _places_agree(qa: Quantity, ua: Unit, qb: Quantity, ub: Unit) -> bool:
    if qa.place and qb.place:
        return qa.place.lower() == qb.place.lower()
    # Otherwise the places the two claims name: "11 held in Moscow" and "nine held in
    # Tajikistan" are two counts.
    named_a, named_b = places(ua), places(ub)
    return not named_a or not named_b or bool(named_a & named_b)


def _doer(q: Quantity, unit: Unit) -> str | None:
    """The party of whoever did the counted deed when the claim names it ("detained by Chile's
    security service" -> chile-state), else None."""
    return _doer_after(unit.text, q.text)


@lru_cache(maxsize=65536)
def _doer_after(text: str, figure: str) -> str | None:
    at = text.find(figure) if figure else -1
    found = _BY.search(text, max(at, 0))
    return party_from_words([found.group(1)]) if found else None


@lru_cache(maxsize=65536)
def _tagged(text: str) -> str:
    return tag(text)


def _other_doers(
    qa: Quantity, ua: Unit, qb: Quantity, ub: Unit, sides: tuple[str | None, str | None]
) -> bool:
    """Whether two counts of a deed were done by different states' agents, so that they count
    two sets of deeds: nine held by one country's security service, eleven held by another's.
    The doer is the one named after "by", else the state that reports its own deed; a count
    whose doer is unknown is another set of deeds when its sentence does not name the other
    count's doer at all. The dead and the hurt are counted whoever is blamed: for them the
    doer is what is in dispute."""
    if action_kind(qa, ua) in RUNNING_KINDS or action_kind(qb, ub) in RUNNING_KINDS:
        return False
    named_a, named_b = _doer(qa, ua), _doer(qb, ub)
    if named_a is None and named_b is None:
        return False
    doer_a, doer_b = named_a or sides[0], named_b or sides[1]
    if doer_a is not None and doer_b is not None:
        return doer_a != doer_b and INDEPENDENT not in (doer_a, doer_b)
    named, other = (named_a, ub) if named_a is not None else (named_b, ua)
    country = party_country(named)
    return country is not None and f"\u27e8{country}\u27e9" not in _tagged(other.context or other.text)


def _one_source(ua: Unit, ub: Unit) -> bool:
    return fold_name(ua.claimant) == fold_name(ub.claimant)


class Totals:
    """Which figures are totals: those stated with their parts, and those that are the sum of
    two or three other figures of the same article ("69 missiles and 298 drones, 367 in all")."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.values: dict[str, set[float]] = defaultdict(set)
        for unit in units:
            for q in unit.quantities:
                if q.value is not None and len(self.values[unit.article_id]) < TOTAL_VALUES:
                    self.values[unit.article_id].add(q.value)
        self._sums: dict[str, set[float]] = {}

    def is_total(self, q: Quantity, unit: Unit) -> bool:
        if q.parts:
            return True
        if q.value is None:
            return False
        if unit.article_id not in self._sums:
            values = sorted(self.values.get(unit.article_id, ()))
            self._sums[unit.article_id] = {
                round(sum(c), 6) for size in (2, 3) for c in combinations(values, size)
            }
        return round(q.value, 6) in self._sums[unit.article_id]


def compare_counts(
    qa: Quantity,
    ua: Unit,
    qb: Quantity,
    ub: Unit,
    similarity: float | Callable[[], float],
    totals: Totals | None = None,
    sides: tuple[str | None, str | None] = (None, None),
) -> CountRelation | None:
    """How two quantities relate (rules in the module docstring), or None; ``similarity`` of
    their claims may be given as a function: it is computed only when a window is unknown;
    ``sides`` are the two claims' parties."""
    if (
        not same_thing(qa, qb)
        or _share(qa, ua)
        or _share(qb, ub)
        or qa.id in qb.parts
        or qb.id in qa.parts
        or _one_source(ua, ub)
        or not _places_agree(qa, ua, qb, ub)
        or _other_doers(qa, ua, qb, ub, sides)
    ):
        return None
    overlap = _window_overlap(qa, qb)
    if overlap is False:
        return None
    found = _values_relation(qa, ua, qb, ub, totals or Totals([ua, ub]), sides)
    if found is None or found.kind != "conflicts" or overlap or found.told:
        return found
    # A window unknown on one side only: the other may be another day; both unknown: the
    # sentences must still be about one thing.
    one_known = (qa.window is None) != (qb.window is None)
    close = similarity() if callable(similarity) else similarity
    return found if close >= (ONE_WINDOW_SIM if one_known else UNKNOWN_WINDOW_SIM) else None


def _values_relation(
    qa: Quantity, ua: Unit, qb: Quantity, ub: Unit, totals: Totals, sides: tuple[str | None, str | None]
) -> CountRelation | None:
    kind_a, kind_b = action_kind(qa, ua), action_kind(qb, ub)
    low_a, high_a = qa.interval()
    low_b, high_b = qb.interval()
    same_action = (kind_a is not None and kind_a == kind_b) or (
        bool(qa.action_key) and qa.action_key == qb.action_key
    )
    if same_action:
        tally = running(qa, ua) or running(qb, ub)
        compatible = low_a <= high_b and low_b <= high_a
        set_against = SET_AGAINST.search(ua.context or ua.text) or SET_AGAINST.search(ub.context or ub.text)
        if tally and set_against and qa.interval() != qb.interval():
            why = f"{_said(qa, ua)} against {_said(qb, ub)}: the report sets one figure against the other"
            return CountRelation("conflicts", why)
        if compatible:
            return _revised(qa, ua, qb, ub, 1) or _revised(qb, ub, qa, ua, 0)
        # A total and its parts never conflict; a count above a total is no part of it.
        if (totals.is_total(qa, ua) and low_b < high_a) or (totals.is_total(qb, ub) and low_a < high_b):
            return None
        part_a, part_b = bool(PARTIAL.search(ua.text)), bool(PARTIAL.search(ub.text))
        if part_a != part_b and (high_a <= low_b if part_a else high_b <= low_a):
            return None  # one stage's count within the whole's
        if tally:
            return _tally_relation(qa, ua, qb, ub, sides)
        why = f"{_said(qa, ua)} against {_said(qb, ub)}: the same count, values that cannot both hold"
        return CountRelation("conflicts", why)
    for (small, large), (qs, us, ql, ul) in (
        ((kind_a, kind_b), (qa, ua, qb, ub)),
        ((kind_b, kind_a), (qb, ub, qa, ua)),
    ):
        if (small, large) in BOUNDS and qs.interval()[0] > ql.interval()[1]:
            return CountRelation("conflicts", f"{_said(qs, us)} is more than {_said(ql, ul)} allows")
    return None


def running(q: Quantity, unit: Unit) -> bool:
    """Whether the quantity is a running tally (a count that only grows as a story unfolds)."""
    return action_kind(q, unit) in RUNNING_KINDS or bool(
        RUNNING.search(f"{q.action or ''} {q.thing or ''}".lower())
    )


def _tally_relation(
    qa: Quantity, ua: Unit, qb: Quantity, ub: Unit, sides: tuple[str | None, str | None]
) -> CountRelation | None:
    """Two figures of a running tally that no range reconciles."""
    order = _order(ua, ub)
    if order is not None and order != 0:
        (qe, ue), (ql, ul), newer = ((qa, ua), (qb, ub), 1) if order < 0 else ((qb, ub), (qa, ua), 0)
        if ql.interval()[1] < qe.interval()[0]:
            why = f"{_said(ql, ul)} is lower than the earlier {_said(qe, ue)}: a tally does not fall"
            return CountRelation("conflicts", why, told=ua.article_id == ub.article_id)
        return CountRelation("revises", f"{_said(qe, ue)} has since become {_figure(ql)}", newer)
    if order is None:
        return None  # a tally grows: a figure of unknown time may be the other's update
    if ua.article_id == ub.article_id and qa.vague != qb.vague:
        # One report sets an estimate in vague words beside another claimant's exact figure
        # that it cannot hold ("officials put the toll at 17; volunteers say hundreds"): two
        # exact figures of one report are more often a part and its whole, or two places.
        why = f"{_said(qa, ua)} against {_said(qb, ub)}: an estimate against a figure in one report"
        return CountRelation("conflicts", why, told=True)
    parties = {p for p in sides if p is not None and p != INDEPENDENT}
    if len(parties) == 2:
        why = f"{_said(qa, ua)} against {_said(qb, ub)}: two sides' figures for the same count"
        return CountRelation("conflicts", why)
    return None


def _order(ua: Unit, ub: Unit) -> int | None:
    """-1 when ``ua``'s figure is the earlier one, 1 when ``ub``'s is, 0 for the same day (in
    one article: with no figure given as an older one), None when unknown. A figure given as an
    older one ("Earlier, ...") is older than the rest of its article, by how much unknown."""
    day_a, day_b = (ua.published or "")[:10], (ub.published or "")[:10]
    old_a, old_b = bool(EARLIER.search(ua.context or ua.text)), bool(EARLIER.search(ub.context or ub.text))
    if ua.article_id == ub.article_id:
        return -1 if old_a and not old_b else 1 if old_b and not old_a else 0
    if day_a and day_a == day_b:
        return 0
    if not day_a or not day_b:
        return None
    if day_a < day_b:
        return None if old_b else -1
    return None if old_a else 1


def _revised(earlier: Quantity, ue: Unit, risen: Quantity, ur: Unit, newer: int) -> CountRelation | None:
    """How ``risen`` ("has risen to 13") revises ``earlier`` ("at least 12"), or None: an exact
    figure said to have risen, above the earlier one's least value, published no earlier."""
    if (
        risen.bound != "exact"
        or risen.value is None
        or not RISEN.search((risen.action or "").lower())
        or RISEN.search((earlier.action or "").lower())
        or earlier.bound not in ("exact", "lower", "approximate")
        or earlier.interval()[0] >= risen.value
        or ue.published is None
        or ur.published is None
        or ue.published > ur.published
    ):
        return None
    why = f"{_said(earlier, ue)} has since risen to {risen.value:g} ({ur.claimant}, {ur.outlet})"
    return CountRelation("revises", why, newer)


def _said(q: Quantity, unit: Unit) -> str:
    """The figure in its own words when known ("'At least 12 people' killed"), else rebuilt
    from its bound, thing and action."""
    if q.text:
        action = f" {q.action}" if q.action and q.action.lower() not in q.text.lower() else ""
        return f"'{q.text}'{action} ({unit.claimant}, {unit.outlet})"
    what = f"{_figure(q)} {q.thing or ''} {q.action or ''}".strip()
    return f"'{what}' ({unit.claimant}, {unit.outlet})"


def _figure(q: Quantity) -> str:
    low, high = q.interval()
    if q.bound == "lower":
        return f"more than {low:g}"
    if q.bound == "upper":
        return f"fewer than {high:g}"
    if q.bound == "range":
        return f"{low:g}-{high:g}"
    return f"{q.value:g}" if q.value is not None else "?"
