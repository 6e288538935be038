"""The whole flow on real reporting: ``corroborator eval realnews --data DIR``.

DIR holds ``articles.jsonl`` (English), ``articles-xl.jsonl`` (other languages; optional) and
``gold.json`` (event labels, key claims, conflicts, entity names; the format of the shared
real-news benchmark).  Both article files go through the whole pipeline into one store, as
``corroborator run`` puts them, and the store is read back through the exports of articles,
claim groups and entities; ``realnews_figures`` computes the figures from what was read.

Without a store the run goes into a temporary one.  With ``--db`` it goes into that store and
the store is kept: a run is idempotent, so a store that already holds the analysed articles
is only read again (the way to score one store twice, or beside the reference scorer).
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from corroborator.config import Settings
from corroborator.errors import CorroboratorError
from corroborator.eval.gold import read_gold, read_json_lines
from corroborator.eval.realnews_figures import Group, Member, Prediction, RealNewsScore, score_prediction
from corroborator.export import export_records
from corroborator.ingest import ingest
from corroborator.models import RelationKind
from corroborator.models.records import ArticleRecord, ClaimGroupRecord, EntityRecord
from corroborator.pipeline import analyze
from corroborator.store import Store

ENGLISH, OTHER_LANGUAGES, GOLD = "articles.jsonl", "articles-xl.jsonl", "gold.json"
GOLD_KEYS = ("articles", "claims", "conflicts", "non_conflicts")
R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True)
class RealNewsData:
    """One benchmark folder: the article files to run and the gold to score against."""

    name: str
    sources: tuple[Path, ...]
    english: frozenset[str]
    other_languages: frozenset[str]
    gold: dict[str, Any]


def read_realnews(folder: Path) -> RealNewsData:
    """The folder's article ids and its gold, fitted to the articles the folder holds."""
    english = _ids(folder / ENGLISH)
    xl_path = folder / OTHER_LANGUAGES
    other = _ids(xl_path) if xl_path.is_file() else frozenset()
    gold = read_gold(folder / GOLD)
    missing = [key for key in GOLD_KEYS if key not in gold]
    if missing:
        raise CorroboratorError(
            f"'{folder / GOLD}' is not a real-news gold: it lacks {', '.join(missing)} "
            "(see the README of the real-news benchmark for the format)"
        )
    if set(gold["articles"]) - english:
        # A gold for a larger set, scored on part of it: only the articles given count.
        gold = gold | {
            "articles": {k: event for k, event in gold["articles"].items() if k in english},
            "claims": [
                c | {"articles": [a for a in c["articles"] if a in english | other]} for c in gold["claims"]
            ],
        }
    sources = (folder / ENGLISH, *((xl_path,) if other else ()))
    return RealNewsData(folder.resolve().name, sources, english, other, gold)


def data_digest(folder: Path) -> str:
    """sha256 over the names and bytes of the folder's articles and gold: a floor holds only
    for the data it was set on."""
    digest = hashlib.sha256()
    for name in (ENGLISH, OTHER_LANGUAGES, GOLD):
        if (folder / name).is_file():
            digest.update(f"{name}\n".encode())
            digest.update((folder / name).read_bytes())
    return digest.hexdigest()


def _ids(path: Path) -> frozenset[str]:
    ids = set()
    for number, record in read_json_lines(path, f"give a real-news folder holding {ENGLISH} and {GOLD}"):
        try:
            ids.add(str(record["id"]))
        except (KeyError, TypeError) as error:
            raise CorroboratorError(
                f"'{path}' line {number} is not an article record with an id ({error})"
            ) from None
    return frozenset(ids)


def run_realnews(data: RealNewsData, store: Store, settings: Settings) -> None:
    """Put the folder's articles through every stage into ``store``."""
    summary = ingest([str(path) for path in data.sources], store, settings.ingest)
    if summary.failed:
        source, reason = summary.failures[0]
        raise CorroboratorError(
            f"{summary.failed} article(s) of {data.name} could not be stored ({source}: {reason}); "
            "the figures would not be comparable"
        )
    analyze(store, settings)


def read_prediction(store: Store) -> Prediction:
    """What the store holds, read through the exports (in their order)."""
    articles = _exported("articles", ArticleRecord, store)
    stories = {a.external_id: a.story for a in articles if a.external_id is not None}
    groups = [
        Group(
            id=record.id,
            label=record.label,
            verdict=(record.verdict or "").lower(),
            members=tuple(Member(m.external_id, m.span.text, m.status.lower()) for m in record.members),
            parties=tuple(record.parties),
            conflicts=tuple(
                (r.source, r.target) for r in record.relations if r.kind is RelationKind.CONFLICTS
            ),
        )
        for record in _exported("claim-groups", ClaimGroupRecord, store)
    ]
    entities = {
        record.id: frozenset(name.strip().lower() for name in (*record.aliases, record.name) if name)
        for record in _exported("entities", EntityRecord, store)
    }
    return Prediction(stories, groups, entities)


def _exported(kind: str, model: type[R], store: Store) -> list[R]:
    return [record for record in export_records(kind, store) if isinstance(record, model)]


def score_realnews(folder: Path, settings: Settings, db: str | None = None) -> RealNewsScore:
    """Run the folder's articles into ``db`` (kept), or a temporary store, and score them."""
    data = read_realnews(folder)
    if db is not None:
        return _run_and_score(data, settings, db)
    with tempfile.TemporaryDirectory() as work:
        return _run_and_score(data, settings, str(Path(work) / "realnews.db"))


def _run_and_score(data: RealNewsData, settings: Settings, db: str) -> RealNewsScore:
    with Store(db) as store:
        run_realnews(data, store, settings)
        prediction = read_prediction(store)
    found = score_prediction(prediction, data.gold, data.other_languages)
    return dataclasses.replace(found, n_articles=len(data.english))


def table(score: RealNewsScore, name: str = "real news") -> str:
    """The figures in a few readable lines, with what was missed."""
    s = score
    reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(s.junk_by_reason.items())) or "none"
    lines = [
        f"{name}: {s.n_articles} English articles, {s.n_xl} in other languages, {s.n_groups} claim groups",
        f"stories: BCubed P {s.story_p:.3f} R {s.story_r:.3f} F1 {s.story_f1:.3f} (single-event articles "
        f"F1 {s.story_f1_single:.3f}); {s.n_stories} stories for {s.n_gold_events} gold events, "
        f"{s.unplaced} unplaced",
        f"key claims: recall {s.key_claim_recall:.3f} (a carrier's own span: {s.key_claim_recall_strict:.3f}) "
        f"of {s.n_claims}" + _listed("missed", s.missed_claims),
        f"verdicts: sound {s.verdict_soundness:.3f} over {s.n_verdict_checked} one-party claims"
        + _listed("ruled out", s.unsound_verdicts),
        f"parties: match {s.party_match:.3f}",
        f"conflicts: recall {s.conflict_recall:.3f} of {s.n_conflicts}; false conflicts {s.false_conflicts} "
        f"({s.non_conflicts_unresolved} non-conflict pairs with a side not found)"
        + _listed("missed", s.missed_conflicts)
        + _listed("false", s.flagged_non_conflicts),
        f"entities: pairwise merge {s.entity_merge_rate:.3f} over {s.n_entity_pairs} pairs; lists merged "
        f"{s.entity_groups_merged:.3f}; {s.entity_fragmented_variants} names split over entities; "
        f"{s.entities_apart_violations} must-stay-apart pairs merged",
        f"junk labels: {s.junk_rate:.3f} ({reasons}); without a leading 'that' {s.junk_rate_lenient:.3f}",
    ]
    if s.xl_placement is not None:
        lines.append(
            f"cross-lingual: {s.xl_placement:.3f} of {s.n_xl} placed with their event"
            + _listed("misplaced", s.misplaced_xl)
        )
    return "\n".join(lines)


def _listed(what: str, items: tuple[str, ...]) -> str:
    return f"\n  {what}: {', '.join(items)}" if items else ""
