"""The real-news figures, computed from what the pipeline stored and a hand-made gold.

This module holds only the definitions: a ``Prediction`` (articles' stories, claim groups,
entities, as the exports give them) and a gold dict go in, a ``RealNewsScore`` comes out.
``eval/realnews.py`` runs the pipeline and reads the store into a ``Prediction``; keeping the
two apart lets a test feed a prediction built by hand (a perfect replay of a gold, or a
spoiled one) without running anything.

The definitions are those of the benchmark's reference scorer (``realnews/score.py`` in the
shared benchmark folder), figure for figure, rounded to four places as it rounds them:

- stories: BCubed precision / recall / F1 of the English articles' stories against the gold
  event labels (``OTHER`` left out; an article in no story is a story of its own), and F1
  again without the articles that cover several events (``multi``);
- key claims: a gold claim is found in a claim group that has a member from one of its
  carrier articles (of the gold ``member_status`` when it names one) and whose text (label
  and every member's span, lower-cased) holds each keyword at the start of a word and the
  claim's number; the group standing for the claim is the one where a carrier member's own
  span holds it, then the one with most carrier members, then the largest (the first of
  equals); the strict recall counts only claims whose standing group is of the first kind;
- verdict soundness over found one-party claims, party match over found state claims,
  conflicts between any groups matching the two sides of a gold pair, entity merges over
  the gold name lists, a junk rule on group labels, and the placement of other-language
  articles in their event's main story.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from itertools import combinations
from typing import Any

from corroborator.eval.ecbplus import bcubed

# A content word is not one of these (the reference scorer's list, kept word for word so
# that the junk rate means the same).
STOPWORDS = frozenset(
    """a about according across after again against all also am among an and any are as at be
    because been before being between both but by can could did do does done down during each few
    for from further had has have having he her here hers him his how i if in into is it it's its
    just may me might mine more most must my no nor not of off on once only onto or other our ours
    out over own per s said same say says shall she should so some such t than that the their
    theirs them then there these they this those through to told too under until up us very via
    was we were what when where whether which while who whom whose why will with within without
    would you your yours""".split()
)
# A label starting with one of these has lost its subject ("that his units ...", "it did not").
BARE_START = frozenset(
    """he her him his i it its my our she that their them these they this those us we what which
    who whom whose you your""".split()
)
BULLETS = frozenset("\u2022\u2023\u2043\u2219\u25a0\u25aa\u25ba\u25cf\u25e6\u27a2")
# The gold names parties by country; the pipeline by its people's adjective.
PARTY_ALIASES = {
    "russia-state": "russian-state",
    "ukraine-state": "ukrainian-state",
    "us-state": "united-states",
}

_THOUSANDS = re.compile(r"(?<=\d)[,\u202f\u00a0 ](?=\d{3}(?!\d))")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_LIST_LINE = re.compile(r"^\s*[-*]\s", re.MULTILINE)
_LEADING_THAT = re.compile(r"^that\s+", re.IGNORECASE)
_QUOTES_AND_SPACE = "\"'“”‘’ "


@dataclass(frozen=True)
class Member:
    external_id: str | None
    text: str
    status: str


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    verdict: str
    members: tuple[Member, ...]
    parties: tuple[str, ...] = ()
    conflicts: tuple[tuple[str, str], ...] = ()  # (source, target) group ids of its conflict relations


@dataclass(frozen=True)
class Prediction:
    """What the pipeline found: each article's story (by external id), the claim groups in
    export order (ties between groups go to the first), and each entity's names."""

    stories: Mapping[str, str | None]
    groups: Sequence[Group]
    entities: Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class RealNewsScore:
    """The figures under the reference scorer's names (the module docstring says what each
    counts), then what was missed, for reading."""

    story_p: float
    story_r: float
    story_f1: float
    story_f1_single: float
    n_stories: int
    n_gold_events: int
    unplaced: int
    key_claim_recall: float
    key_claim_recall_strict: float
    n_claims: int
    verdict_soundness: float
    n_verdict_checked: int
    party_match: float
    conflict_recall: float
    n_conflicts: int
    false_conflicts: int
    non_conflicts_unresolved: int
    entity_merge_rate: float
    entity_groups_merged: float
    n_entity_pairs: int
    entity_fragmented_variants: int
    entities_apart_violations: int
    junk_rate: float
    junk_rate_lenient: float
    junk_by_reason: dict[str, int]
    n_groups: int
    xl_placement: float | None
    n_xl: int
    n_articles: int = 0
    missed_claims: tuple[str, ...] = ()
    unsound_verdicts: tuple[str, ...] = ()
    missed_conflicts: tuple[str, ...] = ()
    flagged_non_conflicts: tuple[str, ...] = ()
    misplaced_xl: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()
        }


# --------------------------------------------------------------------------- text rules
def numbers(text: str) -> set[int]:
    """The whole numbers in ``text``, thousands separators taken out ("5,757" and "5 757")."""
    return {int(digits) for digits in re.findall(r"\d+", _THOUSANDS.sub("", text))}


def has_keyword(keyword: str, text: str) -> bool:
    """``keyword`` ("a|b" for either) starts a word of the lower-cased ``text``."""
    return any(
        re.search(r"(?<![a-z0-9])" + re.escape(option.strip().lower()), text) for option in keyword.split("|")
    )


def junk_reasons(label: str, *, lenient: bool = False) -> list[str]:
    """Why a group label states no usable proposition: "short", "bare-start", "bullets"."""
    text = label.strip().strip(_QUOTES_AND_SPACE)
    if lenient:
        text = _LEADING_THAT.sub("", text)
    words = [word.lower() for word in _WORD.findall(text)]
    content = [w for w in words if w not in STOPWORDS and (len(w) >= 2 or w.isdigit())]
    reasons = []
    if len(content) < 4:
        reasons.append("short")
    if words and words[0] in BARE_START:
        reasons.append("bare-start")
    if any(ch in BULLETS for ch in text) or _LIST_LINE.search(text):
        reasons.append("bullets")
    return reasons


# --------------------------------------------------------------------------- the figures
def score_prediction(
    prediction: Prediction, gold: Mapping[str, Any], xl_ids: frozenset[str] = frozenset()
) -> RealNewsScore:
    """Every figure for one prediction. ``xl_ids``: the other-language articles given to the
    pipeline (the gold's others are left out); empty means all of the gold's."""
    events = {article: event for article, event in gold["articles"].items() if event != "OTHER"}
    placed = {
        article: story if (story := prediction.stories.get(article)) is not None else f"unplaced:{article}"
        for article in events
    }
    precision, recall, f1 = bcubed(placed, events)
    single = {article: event for article, event in events.items() if article not in gold.get("multi", {})}
    claims = _ClaimMatches(prediction.groups, gold["claims"])
    conflicts = _conflict_figures(prediction.groups, claims.groups, gold)
    junk = [junk_reasons(_shown_label(group)) for group in prediction.groups]
    lenient = [junk_reasons(_shown_label(group), lenient=True) for group in prediction.groups]
    xl = {k: event for k, event in gold.get("xl", {}).items() if not xl_ids or k in xl_ids}
    misplaced = _misplaced(prediction, events, placed, xl)
    verdicts_checked, unsound = _verdicts(prediction.groups, claims.best, gold["claims"])
    n_claims, n_groups = len(gold["claims"]), len(prediction.groups)
    return RealNewsScore(
        story_p=round(precision, 4),
        story_r=round(recall, 4),
        story_f1=round(f1, 4),
        story_f1_single=round(bcubed(placed, single)[2], 4),
        n_stories=len(set(placed.values())),
        n_gold_events=len(set(events.values())),
        unplaced=sum(1 for article in events if prediction.stories.get(article) is None),
        key_claim_recall=_share(len(claims.best), n_claims, 0.0),
        key_claim_recall_strict=_share(len(claims.own), n_claims, 0.0),
        n_claims=n_claims,
        verdict_soundness=_share(verdicts_checked - len(unsound), verdicts_checked, 1.0),
        n_verdict_checked=verdicts_checked,
        party_match=_party_match(prediction.groups, claims.best, gold["claims"]),
        **conflicts,
        **_entity_figures(prediction.entities, gold),
        junk_rate=_share(sum(1 for reasons in junk if reasons), n_groups, 0.0),
        junk_rate_lenient=_share(sum(1 for reasons in lenient if reasons), n_groups, 0.0),
        junk_by_reason=dict(Counter(reason for reasons in junk for reason in reasons)),
        n_groups=n_groups,
        xl_placement=_share(len(xl) - len(misplaced), len(xl), 0.0) if xl else None,
        n_xl=len(xl),
        missed_claims=tuple(c["id"] for c in gold["claims"] if c["id"] not in claims.best),
        unsound_verdicts=unsound,
        misplaced_xl=misplaced,
    )


def _share(part: int, whole: int, empty: float) -> float:
    return round(part / whole, 4) if whole else empty


def _shown_label(group: Group) -> str:
    """The group's label, or its first member's span when the label is empty."""
    return group.label or (group.members[0].text if group.members else "")


def _said(text: str) -> tuple[str, set[int]]:
    lowered = text.lower()
    return lowered, numbers(lowered)


def _holds(claim: Mapping[str, Any], text: str, found: set[int]) -> bool:
    value = claim.get("value")
    return all(has_keyword(k, text) for k in claim["keywords"]) and (value is None or int(value) in found)


class _ClaimMatches:
    """For each gold claim: every group that holds it, the one standing for it, and whether
    a carrier member's own span holds it there."""

    def __init__(self, groups: Sequence[Group], claims: Sequence[Mapping[str, Any]]) -> None:
        texts = [_said("\n".join([g.label, *(m.text for m in g.members)])) for g in groups]
        self.groups: dict[str, list[int]] = {}
        self.best: dict[str, int] = {}
        self.own: set[str] = set()
        for claim in claims:
            carriers = set(claim["articles"])
            status = (claim.get("member_status") or "").lower()
            ranked: list[tuple[tuple[bool, int, int], int]] = []
            for index, (group, text) in enumerate(zip(groups, texts, strict=True)):
                carried = [
                    m
                    for m in group.members
                    if m.external_id in carriers and (not status or m.status == status)
                ]
                if not carried or not _holds(claim, *text):
                    continue
                own = any(_holds(claim, *_said(m.text)) for m in carried)
                carrying = sum(1 for m in group.members if m.external_id in carriers)
                ranked.append(((own, carrying, len(group.members)), index))
            self.groups[claim["id"]] = [index for _rank, index in ranked]
            if ranked:
                (own_span, _carrying, _size), best = max(ranked, key=lambda item: item[0])
                self.best[claim["id"]] = best
                if own_span:
                    self.own.add(claim["id"])


def _verdicts(
    groups: Sequence[Group], best: Mapping[str, int], claims: Sequence[Mapping[str, Any]]
) -> tuple[int, tuple[str, ...]]:
    """How many found claims have verdicts the gold rules out, and which got one (with it)."""
    checked, unsound = 0, []
    for claim in claims:
        if claim.get("expected_verdict_not") and claim["id"] in best:
            checked += 1
            verdict = groups[best[claim["id"]]].verdict
            if verdict in [v.lower() for v in claim["expected_verdict_not"]]:
                unsound.append(f"{claim['id']} ({verdict})")
    return checked, tuple(unsound)


def _party_match(
    groups: Sequence[Group], best: Mapping[str, int], claims: Sequence[Mapping[str, Any]]
) -> float:
    checked = matched = 0
    for claim in claims:
        party = claim.get("claimant_party") or ""
        if claim["id"] in best and (party.endswith("-state") or party == "united-states"):
            checked += 1
            found = [p.lower() for p in groups[best[claim["id"]]].parties]
            matched += PARTY_ALIASES.get(party, party) in found or party in found
    return _share(matched, checked, 1.0)


def _conflict_figures(
    groups: Sequence[Group], matches: Mapping[str, list[int]], gold: Mapping[str, Any]
) -> dict[str, Any]:
    index = {group.id: i for i, group in enumerate(groups)}
    joined_pairs: set[tuple[int, int]] = set()
    for group in groups:
        for source, target in group.conflicts:
            if source in index and target in index:
                joined_pairs |= {(index[source], index[target]), (index[target], index[source])}

    def joined(pair: Mapping[str, str]) -> bool:
        return any(
            (x, y) in joined_pairs for x in matches.get(pair["a"], []) for y in matches.get(pair["b"], [])
        )

    missed = tuple(f"{p['a']} vs {p['b']}" for p in gold["conflicts"] if not joined(p))
    flagged = tuple(f"{p['a']} vs {p['b']}" for p in gold["non_conflicts"] if joined(p))
    return {
        "conflict_recall": _share(len(gold["conflicts"]) - len(missed), len(gold["conflicts"]), 1.0),
        "n_conflicts": len(gold["conflicts"]),
        "false_conflicts": len(flagged),
        "non_conflicts_unresolved": sum(
            1 for p in gold["non_conflicts"] if not (matches.get(p["a"]) and matches.get(p["b"]))
        ),
        "missed_conflicts": missed,
        "flagged_non_conflicts": flagged,
    }


def _entity_figures(entities: Mapping[str, frozenset[str]], gold: Mapping[str, Any]) -> dict[str, Any]:
    holders: dict[str, set[str]] = {}
    for entity_id, names in entities.items():
        for name in names:
            holders.setdefault(name, set()).add(entity_id)
    pairs = merged_pairs = lists = merged_lists = 0
    for variants in gold.get("entities", []):
        seen = [v for v in dict.fromkeys(v.lower() for v in variants) if holders.get(v)]
        for a, b in combinations(seen, 2):
            pairs += 1
            merged_pairs += bool(holders[a] & holders[b])
        if len(seen) >= 2:
            lists += 1
            merged_lists += bool(set.intersection(*(holders[v] for v in seen)))
    split = {v.lower() for variants in gold.get("entities", []) for v in variants}
    return {
        "entity_merge_rate": _share(merged_pairs, pairs, 0.0),
        "entity_groups_merged": _share(merged_lists, lists, 0.0),
        "n_entity_pairs": pairs,
        "entity_fragmented_variants": sum(1 for v in split if len(holders.get(v, ())) > 1),
        "entities_apart_violations": sum(
            1
            for a, b in gold.get("entities_apart", [])
            if holders.get(a.lower(), set()) & holders.get(b.lower(), set())
        ),
    }


def _misplaced(
    prediction: Prediction, events: Mapping[str, str], placed: Mapping[str, str], xl: Mapping[str, str]
) -> tuple[str, ...]:
    """The other-language articles not in their event's story: the story holding most of the
    event's English articles (the first placed of equals)."""
    tallies: dict[str, Counter[str]] = {}
    for article, event in events.items():
        tallies.setdefault(event, Counter())[placed[article]] += 1
    home = {event: max(tally, key=tally.__getitem__) for event, tally in tallies.items()}
    return tuple(
        article
        for article, event in xl.items()
        if (story := prediction.stories.get(article)) is None or story != home.get(event)
    )
