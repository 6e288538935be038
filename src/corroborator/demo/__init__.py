"""The bundled demo corpus (invented outlets and articles) and the demo job over it."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from corroborator.config import Settings
from corroborator.eval.copygroups import PairScore, score_copy_groups
from corroborator.eval.demo_claim_groups import ClaimGroupScore, score_claim_groups
from corroborator.eval.demo_entities import EntityScore, score_entities
from corroborator.eval.demo_stories import StoryScore, score_stories
from corroborator.export import export_records, write_jsonl
from corroborator.ingest import IngestSummary, ingest
from corroborator.pipeline import StageReport, analyze
from corroborator.store import Store


def data_dir() -> Path:
    """The folder holding the demo articles, page, feed and gold file."""
    return Path(str(files("corroborator.demo") / "data"))


def gold_path() -> Path:
    return data_dir() / "gold.json"


@dataclass
class DemoResult:
    db: Path
    exports: list[Path]
    ingest: IngestSummary
    stages: list[StageReport]
    copy_groups: PairScore
    stories: StoryScore
    entities: EntityScore
    claim_groups: ClaimGroupScore


def run_demo(out: Path, settings: Settings) -> DemoResult:
    """Analyse the demo corpus into a fresh database in ``out`` and export what it found."""
    out.mkdir(parents=True, exist_ok=True)
    db = out / "demo.db"
    for stale in (db, db.with_name("demo.db-wal"), db.with_name("demo.db-shm")):
        stale.unlink(missing_ok=True)
    sources = sorted(
        str(path)
        for path in data_dir().rglob("*")
        if path.is_file() and path.name not in ("gold.json", "README.md")
    )
    with Store(str(db)) as store:
        summary = ingest(sources, store, settings.ingest)
        reports = analyze(store, settings)
        exports = []
        for kind in ("articles", "copy-groups", "stories", "entities", "claim-groups"):
            path = out / f"{kind}.jsonl"
            with path.open("w", encoding="utf-8") as stream:
                write_jsonl(export_records(kind, store), stream)
            exports.append(path)
        score = score_copy_groups(store, gold_path())
        stories = score_stories(store, gold_path())
        entities = score_entities(store, gold_path())
        claim_groups = score_claim_groups(store, gold_path())
    return DemoResult(db, exports, summary, reports, score, stories, entities, claim_groups)


@contextmanager
def demo_store(settings: Settings) -> Iterator[Store]:
    """Run the demo job into a temporary folder and open its store (for the demo scorers)."""
    with tempfile.TemporaryDirectory() as folder:
        settings = settings.model_copy(
            update={"store": settings.store.model_copy(update={"db": str(Path(folder) / "demo.db")})}
        )
        result = run_demo(Path(folder), settings)
        with Store(str(result.db)) as store:
            yield store
