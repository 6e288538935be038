"""Scoring story clustering on ECB+: BCubed and adjusted Rand at sub-topic and topic level.

ECB+ holds 43 topics, each with two different events of one kind (two earthquakes, two
arrests of a celebrity): the sub-topics.  The documents go into a fresh store and
through the real pipeline (dedupe, then stories), in the order of their ids, and the
stories found are compared with the sub-topics (the events) and with the topics.  The
system is never told how many stories to find.

``DIR/docs.jsonl`` has one JSON object a line with ``id``, ``topic``, ``subtopic``,
``title`` and ``text``.  ECB+ carries no publication dates, so time windows play no part.
The settings were tuned on topics 1-35; topics 36-45 (ECB+'s usual test topics) are
reported apart as held out.
"""

from __future__ import annotations

import math
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from corroborator.config import Settings
from corroborator.errors import CorroboratorError
from corroborator.eval.gold import read_json_lines
from corroborator.models import ArticleDraft, Provenance, SourceKind
from corroborator.store import Store, add_articles


@dataclass(frozen=True)
class ClusterScore:
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    ari: float
    found: int
    gold: int


HELD_OUT = frozenset(str(n) for n in range(36, 46))  # ECB+'s usual test topics; 1-35 tuned on


@dataclass(frozen=True)
class EcbScore:
    documents: int
    subtopic: ClusterScore
    topic: ClusterScore
    embedder: str
    subtopic_tuned: ClusterScore
    subtopic_held_out: ClusterScore
    topic_tuned: ClusterScore
    topic_held_out: ClusterScore

    LEVELS = ("subtopic", "subtopic_tuned", "subtopic_held_out", "topic", "topic_tuned", "topic_held_out")

    def as_dict(self) -> dict[str, object]:
        flat: dict[str, object] = {"documents": self.documents, "embedder": self.embedder}
        for level in self.LEVELS:
            score: ClusterScore = getattr(self, level)
            for key, value in score.__dict__.items():
                flat[f"{level}_{key}"] = value
        return flat

    def table(self) -> str:
        lines = [
            f"ECB+: {self.documents} documents, embedder {self.embedder}",
            f"{'level':<19}{'B3 P':>8}{'B3 R':>8}{'B3 F1':>8}{'ARI':>8}{'found':>8}{'gold':>7}",
        ]
        names = {
            "subtopic": "sub-topic (events)",
            "topic": "topic (families)",
            "subtopic_tuned": "  topics 1-35",
            "subtopic_held_out": "  topics 36-45",
            "topic_tuned": "  topics 1-35",
            "topic_held_out": "  topics 36-45",
        }
        for level in self.LEVELS:
            s: ClusterScore = getattr(self, level)
            lines.append(
                f"{names[level]:<19}{s.bcubed_precision:>8.3f}{s.bcubed_recall:>8.3f}{s.bcubed_f1:>8.3f}"
                f"{s.ari:>8.3f}{s.found:>8}{s.gold:>7}"
            )
        return "\n".join(lines)


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 over the items gold labels."""
    items = [item for item in gold if item in predicted]
    if not items:
        return 0.0, 0.0, 0.0
    by_cluster: dict[str, set[str]] = {}
    by_class: dict[str, set[str]] = {}
    for item in items:
        by_cluster.setdefault(predicted[item], set()).add(item)
        by_class.setdefault(gold[item], set()).add(item)
    precision = recall = 0.0
    for item in items:
        cluster, klass = by_cluster[predicted[item]], by_class[gold[item]]
        both = len(cluster & klass)
        precision += both / len(cluster)
        recall += both / len(klass)
    precision, recall = precision / len(items), recall / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def adjusted_rand(predicted: Mapping[str, str], gold: Mapping[str, str]) -> float:
    items = [item for item in gold if item in predicted]
    n = len(items)
    if n < 2:
        return 1.0

    def pairs(count: int) -> float:
        return count * (count - 1) / 2

    table = Counter((predicted[i], gold[i]) for i in items)
    rows = Counter(predicted[i] for i in items)
    columns = Counter(gold[i] for i in items)
    index = sum(pairs(c) for c in table.values())
    row_sum = sum(pairs(c) for c in rows.values())
    column_sum = sum(pairs(c) for c in columns.values())
    expected = row_sum * column_sum / pairs(n)
    best = (row_sum + column_sum) / 2
    if math.isclose(best, expected):
        return 1.0
    return (index - expected) / (best - expected)


def score_clusters(predicted: Mapping[str, str], gold: Mapping[str, str]) -> ClusterScore:
    p, r, f = bcubed(predicted, gold)
    return ClusterScore(
        round(p, 4),
        round(r, 4),
        round(f, 4),
        round(adjusted_rand(predicted, gold), 4),
        len({predicted[i] for i in gold if i in predicted}),
        len(set(gold.values())),
    )


def read_ecbplus(folder: Path) -> list[dict[str, str]]:
    path = folder / "docs.jsonl"
    docs = []
    for number, doc in read_json_lines(path, "give the ECB+ folder with docs.jsonl"):
        try:
            docs.append({key: str(doc[key]) for key in ("id", "topic", "subtopic", "title", "text")})
        except (KeyError, TypeError) as error:
            raise CorroboratorError(
                f"'{path}' line {number} is not an ECB+ record ({error}): each line needs id, topic, "
                "subtopic, title and text"
            ) from None
    if not docs:
        raise CorroboratorError(f"'{path}' holds no documents")
    return docs


def cluster_documents(
    docs: Sequence[Mapping[str, str]], settings: Settings, folder: Path
) -> tuple[dict[str, str], dict[str, str]]:
    """Put the documents through dedupe and stories in a fresh store:
    ``({doc id: story id}, {doc id: family id})``."""
    from corroborator.pipeline.runner import analyze
    from corroborator.store.stories import story_of
    from corroborator.store.story_signals import family_of

    drafts = [
        ArticleDraft(
            text=doc["text"] or doc["title"],
            title=doc["title"] or None,
            external_id=doc["id"],
            outlet="ecbplus",
            language="en",
            provenance=Provenance(kind=SourceKind.JSONL, source="docs.jsonl", location=doc["id"]),
        )
        for doc in docs
    ]
    with Store(str(folder / "ecbplus.db")) as store:
        with store.transaction() as connection:
            results = add_articles(connection, drafts)
        article_of = {doc["id"]: result.article_id for doc, result in zip(docs, results, strict=True)}
        analyze(store, settings, ("dedupe", "stories"))
        with store.reading() as connection:
            ids = sorted(set(article_of.values()))
            stories, families = story_of(connection, ids), family_of(connection, ids)
    return (
        {doc_id: stories.get(article_id, f"alone:{doc_id}") for doc_id, article_id in article_of.items()},
        {doc_id: families.get(article_id, f"alone:{doc_id}") for doc_id, article_id in article_of.items()},
    )


def score_ecbplus(folder: Path, settings: Settings) -> EcbScore:
    docs = read_ecbplus(folder)
    with tempfile.TemporaryDirectory() as work:
        stories, families = cluster_documents(docs, settings, Path(work))
    subtopics = {doc["id"]: doc["subtopic"] for doc in docs}
    topics = {doc["id"]: doc["topic"] for doc in docs}

    def part(gold: Mapping[str, str], held_out: bool) -> dict[str, str]:
        return {d: label for d, label in gold.items() if (topics[d] in HELD_OUT) == held_out}

    return EcbScore(
        len(docs),
        score_clusters(stories, subtopics),
        score_clusters(families, topics),
        settings.stories.embedder,
        score_clusters(stories, part(subtopics, False)),
        score_clusters(stories, part(subtopics, True)),
        score_clusters(families, part(topics, False)),
        score_clusters(families, part(topics, True)),
    )
