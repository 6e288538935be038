"""Scoring attributions against the demo corpus's gold attributions, from an analysed store.

Gold (``demo/data/gold.json``) gives each key attribution's article url, source, cue and
content text, its kind and ``resolved_source`` (an entity id, or a group id such as
"ukrainian-officials" when no entity stands for it). Every article is scored, the saved HTML
page and the feed items included, because the figures are read from the store the demo job
fills rather than from a parse of the JSONL file alone.

Each gold span is placed in its article's stored text: the content first, then the cue
nearest to it and the source nearest to the cue (a sentence may repeat a word elsewhere).
A predicted attribution matches a gold one when their cues and contents overlap. Figures:

- ``recall``: gold attributions matched; ``recall_extracted``: the same over the articles
  whose language is extracted (the Russian article is not);
- ``source``, ``kind``, ``claimant``: on the matched ones, the share whose source span
  overlaps the gold source, whose kind is the gold kind, and whose claimant (the resolved
  name, else the source text) is a name or alias of the gold entity; for a group id, the
  claimant is right when the source overlaps and is not resolved to a gold entity's name;
- ``precision_strict``: predicted attributions in the gold's articles that match a gold one,
  over all of them. The gold lists the key attributions only and a wire story's copies only
  where they differ, so this is a lower bound, given beside the count.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from corroborator.config import Settings
from corroborator.eval.gold import read_gold
from corroborator.extract.source_words import (
    FEMALE_PRONOUNS,
    MALE_PRONOUNS,
    PLURAL_PRONOUNS,
    SINGULAR_GROUP_PRONOUNS,
)
from corroborator.store import Store
from corroborator.store.articles import get_articles, iter_article_rows
from corroborator.store.extraction import iter_attribution_rows

_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | SINGULAR_GROUP_PRONOUNS | PLURAL_PRONOUNS
Span = tuple[int, int]


@dataclass(frozen=True)
class AttributionScore:
    gold: int
    not_extracted: int  # in an article whose language is not extracted
    placed: int
    matched: int
    source_right: int
    kind_right: int
    claimant_right: int
    predicted: int
    predicted_matching: int
    missed: tuple[str, ...] = field(default=())
    wrong: tuple[str, ...] = field(default=())

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def recall_extracted(self) -> float:
        """Recall over the gold attributions of articles in an extracted language."""
        scored = self.gold - self.not_extracted
        return self.matched / scored if scored else 1.0

    @property
    def precision_strict(self) -> float:
        return self.predicted_matching / self.predicted if self.predicted else 1.0

    def share(self, right: int) -> float:
        return right / self.matched if self.matched else 1.0

    def as_dict(self) -> dict[str, Any]:
        """Counts, the figures rounded to four places, and one line per miss or wrong field."""
        flat = asdict(self)
        flat["missed"] = list(self.missed)
        flat["wrong"] = list(self.wrong)
        flat["recall"] = round(self.recall, 4)
        flat["recall_extracted"] = round(self.recall_extracted, 4)
        flat["precision_strict"] = round(self.precision_strict, 4)
        for name in ("source", "kind", "claimant"):
            flat[name] = round(self.share(flat[f"{name}_right"]), 4)
        return flat


def _normal(name: str) -> str:
    name = " ".join(name.replace("’", "'").split()).casefold()
    name = name.removeprefix("the ")
    return name.removesuffix("'s").strip()


def _occurrences(text: str, needle: str) -> list[Span]:
    found, start = [], text.find(needle)
    while needle and start >= 0:
        found.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return found


def _nearest(spans: list[Span], anchor: Span) -> Span | None:
    def distance(span: Span) -> int:
        return max(0, span[0] - anchor[1], anchor[0] - span[1])

    return min(spans, key=distance) if spans else None


def place_gold(text: str, item: dict[str, Any]) -> tuple[Span, Span, Span | None] | None:
    """The gold content, cue and source as character spans of ``text`` (None when the
    content or cue is not in the text; the source may be absent)."""
    content = _nearest(_occurrences(text, item["content"]), (0, 0))
    if content is None:
        return None
    cue = _nearest(_occurrences(text, item["cue"]), content)
    if cue is None:
        return None
    source = _nearest(_occurrences(text, item["source"]), cue) if item.get("source") else None
    return content, cue, source


def _overlaps(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _span(row: dict[str, Any], role: str) -> Span | None:
    start, end = row[f"{role}_start_char"], row[f"{role}_end_char"]
    return None if start is None else (start, end)


def _contents(row: dict[str, Any]) -> list[Span]:
    return [(piece["start"], piece["end"]) for piece in row["content_spans"]]


def load_gold(path: Path) -> dict[str, Any]:
    gold = read_gold(path)
    return gold


def score_attributions(store: Store, gold_path: Path) -> AttributionScore:
    """Compare the store's attributions with the gold's, article by article (urls as keys)."""
    gold = load_gold(gold_path)
    entity_names = {
        entity["id"]: {_normal(n) for n in [entity["name"], *entity.get("aliases", [])]} - _PRONOUNS
        for entity in gold.get("entities", [])
    }
    every_name = set().union(*entity_names.values()) if entity_names else set()
    wanted = {item["article"] for item in gold.get("attributions", [])}
    rows: dict[str, list[dict[str, Any]]] = {}
    with store.reading() as connection:
        stored = [row for row in iter_article_rows(connection) if row["url"] in wanted]
        ids = [row["id"] for row in stored]
        skipped = {row["url"] for row in stored if row["parse_status"] == "not-extracted"}
        texts = {article.url: article.text for article in get_articles(connection, ids)}
        for row in iter_attribution_rows(connection):
            if row["url"] in wanted:
                rows.setdefault(row["url"], []).append(row)
    counts = dict.fromkeys(("not_extracted", "placed", "matched", "source", "kind", "claimant"), 0)
    missed: list[str] = []
    wrong: list[str] = []
    used: set[str] = set()
    for item in gold.get("attributions", []):
        text = texts.get(item["article"])
        placed = place_gold(text, item) if text is not None else None
        label = f"{item['source']!r} {item['cue']!r}: {item['content'][:60]}"
        if item["article"] in skipped:
            counts["not_extracted"] += 1
            missed.append(f"article not extracted (its language): {label}")
            continue
        if placed is None:
            missed.append(f"{'not in the stored text' if text is None else 'gold spans not found'}: {label}")
            continue
        counts["placed"] += 1
        content, cue, source = placed
        hits = [
            row
            for row in rows.get(item["article"], [])
            if _overlaps(_span(row, "cue"), cue)
            and any(_overlaps(piece, content) for piece in _contents(row))
        ]
        if not hits:
            missed.append(label)
            continue
        row = hits[0]
        used.update(hit["id"] for hit in hits)
        counts["matched"] += 1
        checks = {
            "source": _overlaps(_span(row, "source"), source)
            or (source is None and row["source_text"] is None),
            "kind": row["kind"] == item["kind"],
            "claimant": _claimant_right(row, source, entity_names.get(item["resolved_source"]), every_name),
        }
        for name, ok in checks.items():
            counts[name] += ok
            if not ok:
                got = {"source": row["source_text"], "kind": row["kind"]}.get(
                    name, row["source_resolved"] or row["source_text"]
                )
                wrong.append(f"{name} {got!r} (gold {item.get(name, item['resolved_source'])!r}): {label}")
    predicted = sum(len(found) for found in rows.values())
    return AttributionScore(
        len(gold.get("attributions", [])),
        counts["not_extracted"],
        counts["placed"],
        counts["matched"],
        counts["source"],
        counts["kind"],
        counts["claimant"],
        predicted,
        len(used),
        tuple(missed),
        tuple(wrong),
    )


def _claimant_right(
    row: dict[str, Any], source: Span | None, names: set[str] | None, every_name: set[str]
) -> bool:
    claimant = _normal(row["source_resolved"] or row["source_text"] or "")
    if names is not None:
        # "Russian Foreign Minister Sergey Lavrov" names Lavrov: an alias inside, as whole words.
        padded = f" {claimant.replace(',', ' ')} "
        return claimant in names or any(f" {name} " in padded for name in names if " " in name)
    # A group with no entity ("Ukrainian officials"): its own words name it.
    return _overlaps(_span(row, "source"), source) and (
        row["source_resolved"] is None or claimant not in every_name
    )


def score_demo_attributions(settings: Settings) -> AttributionScore:
    """Run the demo job and score its attributions against the demo gold."""
    from corroborator.demo import demo_store, gold_path

    with demo_store(settings) as store:
        return score_attributions(store, gold_path())
