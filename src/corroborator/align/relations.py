"""Relations between the claim groups of a story: same, more specific, revises, conflicts.

Only groups that grouping already put side by side (a scored pair of their claims) or
that count the same thing are compared, so the work grows with the candidates, not with
the square of the story.

- numeric conflict, or a later figure of a running tally that revises an earlier one
  (:mod:`corroborator.align.counts`);
- denial conflict: a denial and the positive claim nearest to it in meaning;
- status conflict: one outlet asserts in its own voice what another calls unverified;
- stance conflicts on civilian harm and on whether something is over
  (:mod:`corroborator.align.stances`).
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations

from corroborator.align.blame import blame_conflicts, dismissed_before, framed_contradictions
from corroborator.align.counts import CountRelation, Totals, compare_counts, population
from corroborator.align.grouping import Features
from corroborator.align.origins import fold_name
from corroborator.align.stances import stance_conflicts
from corroborator.align.units import Quantity, Unit, content_words, negative, points_back

DENIAL_SIM = 0.3  # meaning a denial needs with the claim it denies (another party's)
STATUS_SIM = 0.6
MORE_SPECIFIC_SIM = 0.25
RELATION_FLOOR = 0.2  # best pair score at which two groups are compared at all
PER_THING = 12  # members of each group compared on one counted thing
MAX_HOLDERS = 200  # groups compared on one counted thing
UNVERIFIED = (
    "not be verified",
    "not be independently verified",
    "unverified",
    "unconfirmed",
    "not confirmed",
)


@dataclass(frozen=True)
class Found:
    a: int  # group index
    b: int
    kind: str  # "conflicts", "revises", "more_specific", "same"
    conflict: str | None
    reason: str


def _unverified(unit: Unit) -> bool:
    lowered = unit.text.lower()
    return any(cue in lowered for cue in UNVERIFIED) or any(
        any(cue in h.lower() for cue in UNVERIFIED) for h in unit.hedges
    )


def find_relations(
    units: Sequence[Unit],
    groups: Sequence[Sequence[int]],
    node_of: Sequence[int],
    features: Features | None,
    scored: dict[tuple[int, int], float],
    link: float,
    sides: Sequence[str | None] | None = None,
) -> list[Found]:
    """Relations between groups (group indices into ``groups``), each with its reason;
    ``sides`` gives each unit's party (a party does not deny its own claims)."""
    if features is None or len(groups) < 2:
        return _status_within(units, groups)
    group_of_node: dict[int, int] = {}
    for index, members in enumerate(groups):
        for unit_index in members:
            group_of_node[node_of[unit_index]] = index
    best: dict[tuple[int, int], float] = {}
    for (na, nb), score in scored.items():
        ga, gb = group_of_node.get(na), group_of_node.get(nb)
        if ga is None or gb is None or ga == gb or score < RELATION_FLOOR:
            continue
        key = (min(ga, gb), max(ga, gb))
        best[key] = max(best.get(key, score), score)
    counts, by_thing = _held_counts(units, groups)
    numeric = _numeric_relations(units, counts, by_thing, node_of, features, sides)
    found: list[Found] = []
    for (ga, gb), count in sorted(numeric.items()):
        if count.kind == "revises":
            newer, older = (gb, ga) if count.newer else (ga, gb)
            found.append(Found(newer, older, "revises", None, count.reason))
        else:
            found.append(Found(ga, gb, "conflicts", "numeric", count.reason))
    numeric_pairs = set(numeric)
    denials: dict[int, tuple[float, int]] = {}
    for (ga, gb), score in sorted(best.items()):
        if (ga, gb) in numeric_pairs:
            continue
        neg_a = any(negative(units[i]) for i in groups[ga])
        neg_b = any(negative(units[i]) for i in groups[gb])
        similarity = _group_similarity(groups[ga], groups[gb], node_of, features)
        if neg_a != neg_b and similarity >= DENIAL_SIM:
            denial, other = (ga, gb) if neg_a else (gb, ga)
            if _own_claims(units, groups[denial], groups[other], sides) or not _says_enough(
                units, groups[denial]
            ):
                continue
            if denial not in denials or similarity > denials[denial][0]:
                denials[denial] = (similarity, other)
            continue
        more = _more_specific(counts[ga], counts[gb], similarity)
        if more is not None:
            specific, general = (ga, gb) if more else (gb, ga)
            found.append(
                Found(specific, general, "more_specific", None, "a figure within the vaguer group's range")
            )
            continue
        status = _status_between(units, groups[ga], groups[gb], similarity)
        if status:
            found.append(Found(ga, gb, "conflicts", "status", status))
            continue
        if score >= link:
            found.append(Found(ga, gb, "same", None, f"close in meaning (score {score:.2f}) but kept apart"))
    # A denial that only points back ("rejected that claim") denies what came just before it,
    # whatever else it resembles (often the denier's own next words).
    for denial, other in _anaphoric_denials(units, groups):
        if (min(denial, other), max(denial, other)) not in numeric_pairs:
            denials[denial] = (1.0, other)
    for denial, (similarity, other) in sorted(denials.items()):
        claimant = next(units[i].claimant for i in groups[denial] if negative(units[i]))
        found.append(
            Found(other, denial, "conflicts", "denial", f"denied by {claimant} (similarity {similarity:.2f})")
        )
    conflicting = {frozenset((f.a, f.b)) for f in found if f.kind == "conflicts"}

    def close(ia: int, ib: int) -> float:
        return features.similarity(node_of[ia], node_of[ib])

    stances = [
        *stance_conflicts(units, groups, sides),
        *blame_conflicts(units, groups, sides, close),
        *dismissed_before(units, groups, sides),
        *framed_contradictions(units, groups, sides, close),
    ]
    for stance in stances:
        if frozenset((stance.a, stance.b)) not in conflicting:
            conflicting.add(frozenset((stance.a, stance.b)))
            found.append(Found(stance.a, stance.b, "conflicts", stance.kind, stance.reason))
    found.extend(_status_within(units, groups))
    return found


Counts = list[dict[str, list[tuple[int, Quantity]]]]  # per group: counted thing -> (unit, figure)


def _held_counts(
    units: Sequence[Unit], groups: Sequence[Sequence[int]]
) -> tuple[Counts, dict[str, list[int]]]:
    """Each group's figures by counted thing (a claimant's copies of one figure once, at most
    :data:`PER_THING`), and the groups that count each thing."""
    counts: Counts = [defaultdict(list) for _ in groups]
    by_thing: dict[str, list[int]] = defaultdict(list)
    for index, members in enumerate(groups):
        windows = _group_windows(units, members)
        seen: set[tuple[str, float | None, str, str]] = set()
        for unit_index in members:
            for q in (population(q, units[unit_index]) for q in units[unit_index].quantities):
                if q.window is None and (q.thing_key, q.value) in windows:
                    q = replace(q, window=windows[(q.thing_key, q.value)])
                held = counts[index][q.thing_key]
                figure = (q.thing_key, q.value, q.bound, units[unit_index].claimant)
                if q.thing_key and len(held) < PER_THING and figure not in seen:
                    seen.add(figure)
                    if not held:
                        by_thing[q.thing_key].append(index)
                    held.append((unit_index, q))
    return counts, by_thing


def _numeric_relations(
    units: Sequence[Unit],
    counts: Counts,
    by_thing: dict[str, list[int]],
    node_of: Sequence[int],
    features: Features,
    sides: Sequence[str | None] | None,
) -> dict[tuple[int, int], CountRelation]:
    """How each two groups that count one thing relate, thing by thing: a conflict on any
    thing outweighs a revision on another."""
    totals = Totals(units)
    numeric: dict[tuple[int, int], CountRelation] = {}
    for thing, holders in sorted(by_thing.items()):
        for ga, gb in combinations(holders[:MAX_HOLDERS], 2):
            if (ga, gb) in numeric and numeric[(ga, gb)].kind == "conflicts":
                continue
            count = _numeric(units, counts[ga][thing], counts[gb][thing], node_of, features, totals, sides)
            if count is not None and ((ga, gb) not in numeric or count.kind == "conflicts"):
                numeric[(ga, gb)] = count
    return numeric


def _group_windows(
    units: Sequence[Unit], members: Sequence[int]
) -> dict[tuple[str, float | None], tuple[str, str]]:
    """(thing, value) -> the window its group most often gives that figure: the members of a
    group state one proposition, so a figure stated with no time of its own (the minister "put
    the toll at 12") takes the time the group gives the same figure ("at least 12 were killed
    overnight into Sunday")."""
    seen: dict[tuple[str, float | None], Counter[tuple[str, str]]] = defaultdict(Counter)
    for i in members:
        for q in units[i].quantities:
            if q.window is not None and q.value is not None and q.thing_key:
                seen[(q.thing_key, q.value)][q.window] += 1
    return {key: max(counter, key=lambda w: (counter[w], w)) for key, counter in seen.items()}


def _says_enough(units: Sequence[Unit], denial: Sequence[int]) -> bool:
    """Whether a denial's own words can be matched by meaning: "Kyiv says it did not" has
    none, and its sentence's other words are not what it denies."""
    return any(len(content_words(units[i].text)) >= 2 for i in denial if negative(units[i]))


def _own_claims(
    units: Sequence[Unit], denial: Sequence[int], other: Sequence[int], sides: Sequence[str | None] | None
) -> bool:
    """Whether every claim of ``other`` comes from the deniers themselves (by name, or by a
    known party): "the ministry denied targeting civilians" does not deny the ministry's own
    account of its targets."""
    deniers = [i for i in denial if negative(units[i])]
    names = {fold_name(units[i].claimant) for i in deniers}
    parties = {sides[i] for i in deniers} if sides is not None else set()
    for i in other:
        if fold_name(units[i].claimant) in names:
            continue
        if sides is None or sides[i] is None or None in parties or sides[i] not in parties:
            return False
    return True


def _anaphoric_denials(units: Sequence[Unit], groups: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """(denial group, denied group) where a denial's content only points back ("rejected that
    claim"): it denies the claim just before it in its article, made by someone else."""
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, unit in enumerate(units):
        if i in group_of and unit.external.get("start") is not None:
            by_article[unit.article_id].append(i)
    found: list[tuple[int, int]] = []
    for members in by_article.values():
        members.sort(key=lambda i: units[i].external["start"])
        for position, i in enumerate(members):
            if not negative(units[i]) or not points_back(units[i].text):
                continue
            before = (
                j
                for j in reversed(members[:position])
                if not negative(units[j]) and fold_name(units[j].claimant) != fold_name(units[i].claimant)
            )
            denied = next(before, None)
            if denied is not None and group_of[denied] != group_of[i]:
                found.append((group_of[i], group_of[denied]))
    return found


def _group_similarity(
    a: Sequence[int], b: Sequence[int], node_of: Sequence[int], features: Features, cap: int = 12
) -> float:
    nodes_a = sorted({node_of[i] for i in a})[:cap]
    nodes_b = sorted({node_of[i] for i in b})[:cap]
    return max((features.similarity(x, y) for x in nodes_a for y in nodes_b), default=0.0)


def _numeric(
    units: Sequence[Unit],
    a: Sequence[tuple[int, Quantity]],
    b: Sequence[tuple[int, Quantity]],
    node_of: Sequence[int],
    features: Features,
    totals: Totals,
    sides: Sequence[str | None] | None,
) -> CountRelation | None:
    """The first conflict between the two groups' figures, else the first revision."""
    revision = None
    for ia, qa in a:
        for ib, qb in b:
            ua, ub = units[ia], units[ib]
            close = functools.partial(features.similarity, node_of[ia], node_of[ib])
            parties = (sides[ia], sides[ib]) if sides is not None else (None, None)
            count = compare_counts(qa, ua, qb, ub, close, totals, parties)
            if count is not None and count.kind == "conflicts":
                return count
            revision = revision or count
    return revision


def _more_specific(
    a: dict[str, list[tuple[int, Quantity]]], b: dict[str, list[tuple[int, Quantity]]], similarity: float
) -> bool | None:
    """True when a holds an exact figure inside b's vague range, False the other way."""
    if similarity < MORE_SPECIFIC_SIM:
        return None
    for first, second, answer in ((a, b, True), (b, a, False)):
        for thing in first.keys() & second.keys():
            for _, qs in first[thing]:
                if qs.bound != "exact" or qs.value is None:
                    continue
                for _, qv in second[thing]:
                    low, high = qv.interval()
                    if (qv.vague or qv.bound != "exact") and low <= qs.value <= high:
                        return answer
    return None


def _status_between(
    units: Sequence[Unit], a: Sequence[int], b: Sequence[int], similarity: float
) -> str | None:
    if similarity < STATUS_SIM:
        return None
    for first, second in ((a, b), (b, a)):
        asserted = [units[i] for i in first if units[i].status == "asserted" and units[i].own_voice]
        doubted = [units[i] for i in second if _unverified(units[i])]
        for x in asserted:
            for y in doubted:
                if x.outlet != y.outlet:
                    return f"asserted by {x.outlet}, called unverified by {y.outlet}"
    return None


def _status_within(units: Sequence[Unit], groups: Sequence[Sequence[int]]) -> list[Found]:
    found = []
    for index, members in enumerate(groups):
        why = _status_between(units, members, members, 1.0)
        if why:
            found.append(Found(index, index, "conflicts", "status", why))
    return found
