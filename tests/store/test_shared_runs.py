"""Runs side by side on one store: a stage whose articles are independent is split between
them by claims (PostgreSQL); a stage whose output depends on the order articles come in takes
them in id order and never goes past one whose required stages have not run."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func
from tests.pipeline.helpers import RecordingStage
from tests.store.helpers import fresh_database

from corroborator.config import Settings, load_settings
from corroborator.models import ArticleDraft, Provenance, SourceKind
from corroborator.pipeline import analyze, stages
from corroborator.store import Store, add_articles
from corroborator.store.claims import claim_pending
from corroborator.store.stages import pending_article_ids, record_run
from corroborator.store.tables import stage_claims

TEXTS = [
    "Power returned to the east of the city by noon, the grid operator said.",
    "Two fishing boats were reported missing off the cape on Tuesday.",
    "The court postponed the hearing until March, lawyers for both sides said.",
    "Snow closed the mountain road for the third day in a row.",
    "The council voted to keep the library open on Sundays.",
]


@stages.register("shared-free")
class FreeStage(RecordingStage):
    name = "shared-free"


@stages.register("shared-ordered")
class OrderedStage(RecordingStage):
    name = "shared-ordered"
    requires = ("shared-free",)
    ordered = True


NAMES = ("shared-free", "shared-ordered")


@pytest.fixture(autouse=True)
def _clear() -> None:
    RecordingStage.committed.clear()


def _fill(store: Store) -> list[str]:
    drafts = [
        ArticleDraft(
            text=text, url=f"https://s.example/{n}", provenance=Provenance(kind=SourceKind.TEXT, source="t")
        )
        for n, text in enumerate(TEXTS)
    ]
    with store.transaction() as connection:
        add_articles(connection, drafts)
    with store.reading() as connection:
        return pending_article_ids(connection, "shared-free", "1")


def _settings(db: str, lease: float = 120.0) -> Settings:
    overrides = {
        "store.db": db,
        "store.lease": lease,
        "pipeline.workers": 1,
        "pipeline.article_seconds": 0,
        "pipeline.batch_size": 2,
    }
    return load_settings(overrides=overrides, environ={})


def test_an_ordered_stage_stops_at_the_first_article_whose_required_stage_has_not_run(store: Store) -> None:
    ids = _fill(store)
    with store.transaction() as connection:
        for article_id in ids[:2] + ids[3:]:
            record_run(connection, article_id, "shared-free", "1")
    with store.reading() as connection:
        ready = {"shared-free": "1"}
        assert pending_article_ids(connection, "shared-ordered", "1", ready=ready) == ids[:2]
        assert pending_article_ids(connection, "shared-ordered", "1", after=ids[2], ready=ready) == ids[3:]
        assert pending_article_ids(connection, "shared-ordered", "1") == ids  # nothing required, no stop


@pytest.fixture
def postgres_store(postgres_url: str) -> Iterator[Store]:
    with Store(fresh_database(postgres_url)) as opened:
        yield opened


@pytest.mark.postgres
def test_a_run_passes_over_another_runs_article_and_a_later_run_takes_it_over_when_the_claim_expires(
    postgres_store: Store,
) -> None:
    ids = _fill(postgres_store)
    seconds = 3.0
    with postgres_store.transaction() as connection:  # another run is working on the third article
        assert claim_pending(connection, "shared-free", "1", "other", ready={}, limit=1, lease=60) == [ids[0]]
        connection.execute(stage_claims.update().values(article_id=ids[2]))
        connection.execute(stage_claims.update().values(expires_at=func.now() + timedelta(seconds=seconds)))
    started = time.monotonic()
    first = analyze(postgres_store, _settings(postgres_store.url), list(NAMES))
    waited = time.monotonic() - started
    assert [(r.name, r.done) for r in first] == [("shared-free", 4), ("shared-ordered", 2)]
    assert waited >= seconds - 0.5  # the ordered stage waited for the other run's claim to end
    assert RecordingStage.committed[-2:] == [("shared-ordered", ids[0]), ("shared-ordered", ids[1])]

    # The other run died: its claim has expired, and the next run takes its article over.
    second = analyze(postgres_store, _settings(postgres_store.url), list(NAMES))
    assert [(r.name, r.done) for r in second] == [("shared-free", 1), ("shared-ordered", 3)]
    by_stage = {name: sorted(a for n, a in RecordingStage.committed if n == name) for name in NAMES}
    assert by_stage == {"shared-free": ids, "shared-ordered": ids}  # each article once per stage
    assert [a for n, a in RecordingStage.committed if n == "shared-ordered"] == ids  # in id order
