"""Scoring claim groups, conflicts and verdicts against the demo gold.

Each gold member (an article url and its exact sentence) is matched to the stored claim that
overlaps the sentence, preferring one with the gold status, then the largest overlap (a
sentence can hold several claims: a denial and the claim denied).  Members that match no
claim (the Russian article is not extracted) are counted as unmatched and left out.

- grouping: pairwise precision / recall / F1 over the matched claims: a gold pair is two
  claims in one gold group, a found pair two of them in one stored group;
- conflicts: a gold conflict is found when a stored conflict joins the groups holding most
  of its two sides' claims (beside it, the share found between any groups holding claims of
  the two sides, for a side whose claims are split over several groups); a found conflict
  between the groups of two gold groups that the gold lists as non-conflicts is a false
  conflict; precision is over the found conflicts that join groups matched to gold groups;
- verdicts: the share of gold groups whose main stored group has the gold verdict.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from corroborator.config import Settings
from corroborator.eval.demo_entities import score_entities
from corroborator.eval.gold import read_gold
from corroborator.models import ClaimGroup, RelationKind
from corroborator.store import Store
from corroborator.store.align_inputs import claims_by_url
from corroborator.store.claim_groups import iter_claim_groups


@dataclass(frozen=True)
class ClaimGroupScore:
    precision: float
    recall: float
    f1: float
    gold_pairs: int
    found_pairs: int
    members: int
    matched: int
    conflicts_gold: int
    conflicts_found: int
    conflict_recall: float
    conflict_precision: float
    false_conflicts: int
    verdicts: int
    verdict_accuracy: float
    conflict_recall_members: float = 0.0
    missed_conflicts: tuple[str, ...] = ()
    wrong_conflicts: tuple[str, ...] = ()
    wrong_verdicts: tuple[str, ...] = ()
    entities: dict[str, Any] = field(default_factory=dict)

    def table(self) -> str:
        """The figures in a few readable lines."""
        lines = [
            f"claim grouping (pairwise, {self.matched} of {self.members} gold members matched to claims): "
            f"precision {self.precision:.4f}, recall {self.recall:.4f}, F1 {self.f1:.4f}",
            f"conflicts: {self.conflict_recall:.4f} of {self.conflicts_gold} gold found, precision "
            f"{self.conflict_precision:.4f}, {self.false_conflicts} flagged between gold non-conflicts "
            f"({self.conflict_recall_members:.4f} found between any groups holding the two sides' claims)",
            f"verdicts: {self.verdict_accuracy:.4f} of {self.verdicts} right",
        ]
        if self.entities:
            lines.append(
                f"entity merges: precision {self.entities['precision']:.4f}, recall {self.entities['recall']:.4f}, "
                f"{self.entities['wrong_merges']} forbidden merges"
            )
        lines += [f"  missed: {m}" for m in self.missed_conflicts]
        lines += [f"  wrong conflict: {m}" for m in self.wrong_conflicts]
        lines += [f"  verdict: {m}" for m in self.wrong_verdicts]
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        flat = asdict(self)
        for name in ("missed_conflicts", "wrong_conflicts", "wrong_verdicts"):
            flat[name] = list(flat[name])
        return flat


def _norm(text: str) -> str:
    return text.replace("\u2019", "'")


def match_members(store: Store, gold: dict[str, Any]) -> tuple[dict[str, set[str]], int]:
    """Gold group id -> the stored claim ids its members match; and the member count."""
    with store.reading() as connection:
        by_url = claims_by_url(connection)
    matched: dict[str, set[str]] = {}
    total = 0
    for group in gold["claim_groups"]:
        found: set[str] = set()
        for member in group["members"]:
            total += 1
            article = by_url.get(member["article"])
            if article is None:
                continue
            text, article_claims = article
            start = _norm(text).find(_norm(member["sentence"]))
            if start < 0:
                continue
            end = start + len(member["sentence"])
            hits = [
                (c["status"] == member["status"], min(end, c["end"]) - max(start, c["start"]), c["id"])
                for c in article_claims
                if min(end, c["end"]) > max(start, c["start"])
            ]
            if hits:
                found.add(max(hits)[2])
        matched[group["id"]] = found
    return matched, total


def _pairs(groups: dict[str, set[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for members in groups.values() for pair in combinations(sorted(members), 2)}


def score_claim_groups(store: Store, gold_path: Path) -> ClaimGroupScore:
    gold = read_gold(gold_path)
    matched, total = match_members(store, gold)
    with store.reading() as connection:
        stored = list(iter_claim_groups(connection))
    group_of = {claim_id: group.id for group in stored for claim_id in group.claim_ids}
    scored = set().union(*matched.values()) if matched else set()
    gold_pairs = _pairs(matched)
    found_groups: dict[str, set[str]] = {}
    for claim_id in scored:
        if claim_id in group_of:
            found_groups.setdefault(group_of[claim_id], set()).add(claim_id)
    found_pairs = _pairs(found_groups)
    both = len(gold_pairs & found_pairs)
    precision = both / len(found_pairs) if found_pairs else 1.0
    recall = both / len(gold_pairs) if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    main = _main_groups(matched, group_of)
    conflicts = _conflict_scores(gold, main, stored)
    conflicts["conflict_recall_members"] = _member_conflict_recall(gold, matched, group_of, stored)
    verdict_right, wrong_verdicts = 0, []
    by_id = {group.id: group for group in stored}
    judged = 0
    for group in gold["claim_groups"]:
        found = by_id.get(main.get(group["id"], ""))
        if found is None:
            continue
        judged += 1
        verdict = found.verdict.value if found.verdict else None
        if verdict == group["verdict"]:
            verdict_right += 1
        else:
            wrong_verdicts.append(f"{group['id']}: {verdict} != {group['verdict']}")
    return ClaimGroupScore(
        round(precision, 4),
        round(recall, 4),
        round(f1, 4),
        len(gold_pairs),
        len(found_pairs),
        total,
        len(scored),
        verdicts=judged,
        verdict_accuracy=round(verdict_right / judged, 4) if judged else 1.0,
        wrong_verdicts=tuple(wrong_verdicts),
        **conflicts,
    )


def _main_groups(matched: dict[str, set[str]], group_of: dict[str, str]) -> dict[str, str]:
    """Each gold group's stored group: the one holding most of its matched claims."""
    main = {}
    for gold_id, claim_ids in matched.items():
        counts = Counter(group_of[c] for c in claim_ids if c in group_of)
        if counts:
            main[gold_id] = min(counts, key=lambda g: (-counts[g], g))
    return main


def _member_conflict_recall(
    gold: dict[str, Any], matched: dict[str, set[str]], group_of: dict[str, str], stored: list[ClaimGroup]
) -> float:
    """The share of gold conflicts that a stored conflict joins a group holding a claim of one
    side to a group holding a claim of the other: credit for conflicts found between groups
    other than the main ones (a side's claims split over several groups)."""
    if not gold["conflicts"]:
        return 1.0
    found = {
        frozenset((r.source, r.target))
        for g in stored
        for r in g.relations
        if r.kind is RelationKind.CONFLICTS
    }
    hit = 0
    for conflict in gold["conflicts"]:
        sides = [
            {group_of[c] for c in matched.get(conflict[key], set()) if c in group_of} for key in ("a", "b")
        ]
        hit += any(frozenset((x, y)) in found for x in sides[0] for y in sides[1] if x != y)
    return round(hit / len(gold["conflicts"]), 4)


def _conflict_scores(gold: dict[str, Any], main: dict[str, str], stored: list[ClaimGroup]) -> dict[str, Any]:
    found = {
        frozenset((relation.source, relation.target))
        for group in stored
        for relation in group.relations
        if relation.kind is RelationKind.CONFLICTS and relation.source != relation.target
    }
    hit, missed = 0, []
    for conflict in gold["conflicts"]:
        pair = frozenset((main.get(conflict["a"], "?a"), main.get(conflict["b"], "?b")))
        if len(pair) == 2 and pair in found:
            hit += 1
        else:
            missed.append(f"{conflict['kind']}: {conflict['a']} / {conflict['b']}")
    gold_of: dict[str, set[str]] = {}
    for gold_id, group_id in main.items():
        gold_of.setdefault(group_id, set()).add(gold_id)
    true_pairs = {frozenset((c["a"], c["b"])) for c in gold["conflicts"]}
    forbidden = {frozenset((c["a"], c["b"])) for c in gold["non_conflicts"]}
    judged = right = false = 0
    wrong = []
    for pair in sorted(found, key=sorted):
        a, b = sorted(pair)
        sides = [(x, y) for x in gold_of.get(a, ()) for y in gold_of.get(b, ()) if x != y]
        if not sides:
            continue
        judged += 1
        if any(frozenset(s) in true_pairs for s in sides):
            right += 1
            continue
        wrong.append(" / ".join(sides[0]))
        false += any(frozenset(s) in forbidden for s in sides)
    return {
        "conflicts_gold": len(gold["conflicts"]),
        "conflicts_found": len(found),
        "conflict_recall": round(hit / len(gold["conflicts"]), 4) if gold["conflicts"] else 1.0,
        "conflict_precision": round(right / judged, 4) if judged else 1.0,
        "false_conflicts": false,
        "missed_conflicts": tuple(missed),
        "wrong_conflicts": tuple(wrong),
    }


def score_demo_claim_groups(settings: Settings) -> ClaimGroupScore:
    """Run the demo job into a temporary folder and score its claim groups (and entities)."""
    from corroborator.demo import demo_store, gold_path

    with demo_store(settings) as store:
        scores = score_entities(store, gold_path())
        entities = {key: getattr(scores, key) for key in ("precision", "recall", "f1", "wrong_merges")}
        return dataclasses.replace(score_claim_groups(store, gold_path()), entities=entities)
