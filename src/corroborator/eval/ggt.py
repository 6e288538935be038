"""Scoring quote extraction on the Gender Gap Tracker's annotated news (SFU Discourse Lab).

The data is ``DIR/dev.jsonl``: one article a line (``id``, ``text``, ``quotes``), each quote
with ``quote_span``, ``speaker``, ``speaker_span``, ``verb`` and ``reference`` (the speaker's
full name; a floating quote, whose speaker is named in an earlier sentence, has an empty
``speaker`` and a ``reference``).

The method is the Gender Gap Tracker's own evaluation, so that figures compare with its
published ones (quote F1 83.7 at 0.3, 76.1 at 0.8; speaker 86.5%; verb 92.1%):

- A predicted quote covers a gold one at ``|gold ∩ predicted| / |gold|`` of the gold
  quote's characters. For each gold quote in text order, the not yet matched prediction
  with the highest cover above the threshold (0.3, then 0.8) is its match: one to one,
  greedy. Unmatched predictions are false positives, unmatched gold quotes false negatives.
- Over the matched quotes, the speaker is right when the predicted speaker's characters
  overlap the gold speaker's, or when the predicted name (resolved, else as written) is the
  gold speaker or the gold reference once cleaned as the tracker cleans names (no
  punctuation, no trailing possessive, lower case). The verb is right when it is the same
  word (lower case; an empty gold verb wants an empty one).
- Counts are summed over the articles (micro-average).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from corroborator.errors import CorroboratorError
from corroborator.eval.rates import Rates
from corroborator.extract.pieces import Piece

THRESHOLDS = (0.3, 0.8)


class QuoteSpans(Protocol):
    """What the scorer needs of a predicted quote."""

    @property
    def span(self) -> Piece: ...

    @property
    def speaker(self) -> Piece | None: ...

    @property
    def speaker_name(self) -> str: ...

    @property
    def verb(self) -> str: ...


Predictor = Callable[[Sequence[str]], Sequence[Sequence[QuoteSpans]]]
"""Texts in, the quotes of each text out (in the same order)."""


@dataclass(frozen=True)
class GoldQuote:
    span: Piece
    speaker: str
    speaker_span: Piece | None
    verb: str
    reference: str


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    quotes: tuple[GoldQuote, ...]


@dataclass(frozen=True)
class Counts(Rates):
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker: int = 0
    verb: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, int, int, int, int]:
        return (self.tp, self.fp, self.fn, self.speaker, self.verb)


@dataclass(frozen=True)
class GgtScore:
    articles: int
    gold_quotes: int
    predicted_quotes: int
    counts: tuple[tuple[float, Counts], ...]
    data_sha256: str = ""

    def as_dict(self) -> dict[str, float | int | str]:
        """Flat figures, e.g. ``quote_f1_03`` and ``speaker_08``, rounded to four places."""
        flat: dict[str, float | int | str] = {
            "articles": self.articles,
            "gold_quotes": self.gold_quotes,
            "predicted_quotes": self.predicted_quotes,
        }
        for threshold, counts in self.counts:
            tag = f"{threshold:.1f}".replace(".", "")
            flat[f"quote_precision_{tag}"] = round(counts.precision, 4)
            flat[f"quote_recall_{tag}"] = round(counts.recall, 4)
            flat[f"quote_f1_{tag}"] = round(counts.f1, 4)
            flat[f"speaker_{tag}"] = round(counts.speaker / counts.tp, 4) if counts.tp else 0.0
            flat[f"verb_{tag}"] = round(counts.verb / counts.tp, 4) if counts.tp else 0.0
        flat["data_sha256"] = self.data_sha256
        return flat

    def table(self) -> str:
        lines = [
            f"GGT quotes: {self.articles} articles, {self.gold_quotes} gold, {self.predicted_quotes} predicted"
        ]
        lines.append(f"{'overlap':9}{'P':>7}{'R':>7}{'F1':>7}{'speaker':>9}{'verb':>7}")
        for threshold, c in self.counts:
            speaker = c.speaker / c.tp if c.tp else 0.0
            verb = c.verb / c.tp if c.tp else 0.0
            lines.append(
                f"{threshold:<9}{c.precision:7.3f}{c.recall:7.3f}{c.f1:7.3f}{speaker:9.3f}{verb:7.3f}"
            )
        return "\n".join(lines)


def _piece(value: object) -> Piece | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        return (int(value[0]), int(value[1]))
    return None


def read_articles(folder: Path, split: str = "dev") -> list[GoldArticle]:
    """The annotated articles of ``folder/split.jsonl``."""
    path = folder / f"{split}.jsonl"
    if not path.is_file():
        raise CorroboratorError(
            f"'{path}' is missing: point --data at the ggt-quotes folder holding {split}.jsonl"
        )
    articles = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            quotes = tuple(
                GoldQuote(
                    span=_piece(q["quote_span"]) or (0, 0),
                    speaker=q.get("speaker") or "",
                    speaker_span=_piece(q.get("speaker_span")),
                    verb=q.get("verb") or "",
                    reference=q.get("reference") or "",
                )
                for q in row["quotes"]
            )
            articles.append(GoldArticle(str(row["id"]), row["text"], quotes))
        except (KeyError, TypeError, ValueError) as error:
            raise CorroboratorError(
                f"'{path}' line {number} is not a GGT article (id, text, quotes with spans): {error}"
            ) from error
    return articles


def clean_name(name: str) -> str:
    """A name as the tracker compares names: no punctuation, no trailing possessive, lower case."""
    name = re.sub(r"\W", " ", name).strip()
    if name.endswith(" s"):
        name = name[:-2]
    return re.sub(r"\s+", " ", name).lower().strip()


def _cover(gold: Piece, predicted: Piece) -> float:
    size = gold[1] - gold[0]
    if size <= 0 or predicted[1] <= predicted[0]:
        return 0.0
    return max(0, min(gold[1], predicted[1]) - max(gold[0], predicted[0])) / size


def speaker_matches(gold: GoldQuote, predicted: QuoteSpans) -> bool:
    span = predicted.speaker
    if span is not None and gold.speaker_span is not None and _cover(gold.speaker_span, span) > 0:
        return True
    name = clean_name(predicted.speaker_name)
    return bool(name) and name in {clean_name(gold.speaker), clean_name(gold.reference)}


def score_article(gold: Sequence[GoldQuote], predicted: Sequence[QuoteSpans], threshold: float) -> Counts:
    """The counts of one article at one threshold."""
    left = list(predicted)
    tp = speaker = verb = 0
    for quote in sorted(gold, key=lambda q: q.span):
        best, best_cover = None, threshold
        for candidate in left:
            cover = _cover(quote.span, candidate.span)
            if cover > best_cover:
                best, best_cover = candidate, cover
        if best is None:
            continue
        left.remove(best)
        tp += 1
        speaker += speaker_matches(quote, best)
        verb += quote.verb.lower().strip() == best.verb.lower().strip()
    return Counts(tp=tp, fp=len(left), fn=len(gold) - tp, speaker=speaker, verb=verb)


def score_predictions(
    articles: Sequence[GoldArticle], predictions: Sequence[Sequence[QuoteSpans]]
) -> GgtScore:
    if len(articles) != len(predictions):
        raise ValueError(f"{len(articles)} articles but {len(predictions)} predictions")
    totals = []
    for threshold in THRESHOLDS:
        total = Counts()
        for article, predicted in zip(articles, predictions, strict=True):
            total = total + score_article(article.quotes, predicted, threshold)
        totals.append((threshold, total))
    return GgtScore(
        articles=len(articles),
        gold_quotes=sum(len(a.quotes) for a in articles),
        predicted_quotes=sum(len(p) for p in predictions),
        counts=tuple(totals),
    )


def data_digest(folder: Path, split: str = "dev") -> str:
    return hashlib.sha256((folder / f"{split}.jsonl").read_bytes()).hexdigest()


def score_ggt(folder: Path, split: str = "dev", predict: Predictor | None = None) -> GgtScore:
    """Run ``predict`` (default: the quote extractor) over the articles and score it."""
    if predict is None:
        from corroborator.extract.quotes import quotes_from_texts

        predict = quotes_from_texts
    articles = read_articles(folder, split)
    score = score_predictions(articles, predict([a.text for a in articles]))
    return GgtScore(
        score.articles, score.gold_quotes, score.predicted_quotes, score.counts, data_digest(folder, split)
    )
