"""Scoring attribution extraction on PolNeAR: per role (Source, Cue, Content) and per attribution.

The method, so that every later extractor is measured the same way:

- Texts are cut into tokens (runs of word characters, or one other non-space character);
  a span is the set of tokens it touches, over all its pieces.
- Per role, the distinct non-empty spans of the gold annotation and of the prediction are
  compared. Exact: the same set of tokens (whitespace and how the pieces are cut do not
  matter; a missing quotation mark does). Overlap: at least one shared token, each gold
  span matched to at most one predicted span and back (a maximum one-to-one matching).
- An attribution matches a gold one when its cue and its content share a token with the
  gold ones, and its source does too where gold has one (overlap); or when those spans are
  the same token sets (exact). Attributions are matched one to one as well.
- Several annotators: a text read by k annotators is scored against each of them and
  each of those counts weighs 1/k, so that every text weighs the same and the figure is the
  mean over its annotators (PolNeAR's training texts were read by five or six annotators).
- Precision, recall and F1 come from the true positive, false positive and false negative
  counts summed over the split (micro-average).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from corroborator.eval.brat import GoldText, read_split
from corroborator.eval.rates import Rates
from corroborator.extract.pieces import Piece

ROLES = ("source", "cue", "content")
_TOKEN = re.compile(r"\w+|[^\w\s]")


class AttributionSpans(Protocol):
    """What the scorer needs of a predicted attribution: its pieces per role (empty when none)."""

    @property
    def source(self) -> tuple[Piece, ...]: ...

    @property
    def cue(self) -> tuple[Piece, ...]: ...

    @property
    def content(self) -> tuple[Piece, ...]: ...


Predictor = Callable[[Sequence[str]], Sequence[Sequence[AttributionSpans]]]
"""Texts in, the attributions of each text out (in the same order)."""


@dataclass(frozen=True)
class Counts(Rates):
    """Weighted true positives, false positives and false negatives."""

    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def scaled(self, weight: float) -> Counts:
        return Counts(self.tp * weight, self.fp * weight, self.fn * weight)


@dataclass(frozen=True)
class PolnearScore:
    """Counts per (method, level) where method is exact/overlap and level a role or attribution."""

    split: str
    texts: int
    annotations: int
    gold_attributions: float
    predicted_attributions: int
    counts: tuple[tuple[str, str, Counts], ...]
    data_sha256: str = ""

    def get(self, method: str, level: str) -> Counts:
        for m, lv, counts in self.counts:
            if m == method and lv == level:
                return counts
        raise KeyError((method, level))

    def as_dict(self) -> dict[str, float | int | str]:
        """Flat figures, e.g. ``overlap_cue_f1``, rounded to four places."""
        flat: dict[str, float | int | str] = {
            "split": self.split,
            "texts": self.texts,
            "annotations": self.annotations,
            "gold_attributions": round(self.gold_attributions, 1),
            "predicted_attributions": self.predicted_attributions,
        }
        for method, level, counts in self.counts:
            for name in ("precision", "recall", "f1"):
                flat[f"{method}_{level}_{name}"] = round(getattr(counts, name), 4)
        flat["data_sha256"] = self.data_sha256
        return flat

    def table(self) -> str:
        """A plain-text table of P/R/F1 per method and level."""
        lines = [f"PolNeAR {self.split}: {self.texts} texts, {self.annotations} annotations"]
        lines.append(f"{'':9}{'level':13}{'P':>7}{'R':>7}{'F1':>7}")
        for method, level, counts in self.counts:
            lines.append(f"{method:9}{level:13}{counts.precision:7.3f}{counts.recall:7.3f}{counts.f1:7.3f}")
        return "\n".join(lines)


class _Tokens:
    """Token boundaries of one text, to turn character pieces into token sets."""

    def __init__(self, text: str) -> None:
        found = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def of(self, pieces: Iterable[Piece]) -> frozenset[int]:
        tokens: set[int] = set()
        for start, end in pieces:
            # tokens whose characters meet [start, end): end after start and start before end
            first = bisect_right(self.ends, start)
            last = bisect_left(self.starts, end)
            tokens.update(range(first, last))
        return frozenset(tokens)


def max_matching(edges: Sequence[Sequence[int]], n_right: int) -> int:
    """Size of a maximum one-to-one matching; ``edges[i]`` lists the right nodes left i may take."""
    owner = [-1] * n_right

    def augment(left: int, seen: list[bool]) -> bool:
        for right in edges[left]:
            if not seen[right]:
                seen[right] = True
                if owner[right] == -1 or augment(owner[right], seen):
                    owner[right] = left
                    return True
        return False

    return sum(augment(left, [False] * n_right) for left in range(len(edges)))


def _counts(matched: int, gold: int, predicted: int) -> Counts:
    return Counts(float(matched), float(predicted - matched), float(gold - matched))


def _role_counts(gold: set[frozenset[int]], predicted: set[frozenset[int]]) -> dict[str, Counts]:
    exact = _counts(len(gold & predicted), len(gold), len(predicted))
    pred = sorted(predicted, key=sorted)
    edges = [[j for j, p in enumerate(pred) if g & p] for g in sorted(gold, key=sorted)]
    overlap = _counts(max_matching(edges, len(pred)), len(gold), len(pred))
    return {"exact": exact, "overlap": overlap}


_Roles = tuple[frozenset[int], frozenset[int], frozenset[int]]


def _roles_of(tokens: _Tokens, attribution: AttributionSpans) -> _Roles:
    return (tokens.of(attribution.source), tokens.of(attribution.cue), tokens.of(attribution.content))


def _attribution_match(gold: _Roles, predicted: _Roles, exact: bool) -> bool:
    for g, p in zip(gold, predicted, strict=True):
        if not g:
            continue  # a role the annotation does not have is not asked for
        if (g != p) if exact else not (g & p):
            return False
    return True


def score_text(
    text: str, gold: Sequence[AttributionSpans], predicted: Sequence[AttributionSpans]
) -> dict[tuple[str, str], Counts]:
    """Unweighted counts of one prediction against one annotation of one text."""
    tokens = _Tokens(text)
    gold_roles = [_roles_of(tokens, a) for a in gold]
    pred_roles = [_roles_of(tokens, a) for a in predicted]
    result: dict[tuple[str, str], Counts] = {}
    for index, role in enumerate(ROLES):
        g = {roles[index] for roles in gold_roles if roles[index]}
        p = {roles[index] for roles in pred_roles if roles[index]}
        for method, counts in _role_counts(g, p).items():
            result[(method, role)] = counts
    gold_kept = [r for r in gold_roles if any(r)]
    pred_kept = [r for r in pred_roles if any(r)]
    for method in ("exact", "overlap"):
        edges = [
            [j for j, p in enumerate(pred_kept) if _attribution_match(g, p, method == "exact")]
            for g in gold_kept
        ]
        matched = max_matching(edges, len(pred_kept))
        result[(method, "attribution")] = _counts(matched, len(gold_kept), len(pred_kept))
    return result


def score_predictions(
    texts: Sequence[GoldText], predictions: Sequence[Sequence[AttributionSpans]], split: str = ""
) -> PolnearScore:
    """Score the attributions predicted for each text against every annotation of it."""
    if len(texts) != len(predictions):
        raise ValueError(f"{len(texts)} texts but {len(predictions)} predictions")
    totals: dict[tuple[str, str], Counts] = {
        (m, lv): Counts() for m in ("exact", "overlap") for lv in (*ROLES, "attribution")
    }
    gold_total = 0.0
    for gold_text, predicted in zip(texts, predictions, strict=True):
        if not gold_text.annotations:
            continue
        weight = 1.0 / len(gold_text.annotations)
        for annotation in gold_text.annotations:
            gold_total += weight * len(annotation.attributions)
            for key, counts in score_text(gold_text.text, annotation.attributions, predicted).items():
                totals[key] = totals[key] + counts.scaled(weight)
    return PolnearScore(
        split=split,
        texts=sum(1 for t in texts if t.annotations),
        annotations=sum(len(t.annotations) for t in texts),
        gold_attributions=gold_total,
        predicted_attributions=sum(len(p) for t, p in zip(texts, predictions, strict=True) if t.annotations),
        counts=tuple((m, lv, c) for (m, lv), c in totals.items()),
    )


def corpus_digest(folder: Path, split: str) -> str:
    """sha256 over the names and bytes of a split's texts and annotations."""
    digest = hashlib.sha256()
    for kind in ("text", "attributions"):
        for path in sorted((folder / split / kind).iterdir()):
            digest.update(f"{kind}/{path.name}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def score_polnear(folder: Path, split: str = "dev", predict: Predictor | None = None) -> PolnearScore:
    """Run ``predict`` (default: the rule-based extractor) over a split and score it."""
    if predict is None:
        from corroborator.extract.attributions import extract_from_texts

        predict = extract_from_texts
    texts = read_split(folder, split)
    predictions = predict([t.text for t in texts])
    score = score_predictions(texts, predictions, split)
    return replace(score, data_sha256=corpus_digest(folder, split))
