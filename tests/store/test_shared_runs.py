"""Runs side by side on one store: a stage whose articles are independent is split between
them by claims (PostgreSQL); a stage whose output depends on the order articles come in takes
them in id order and never goes past one whose required stages have not run."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from tests.pipeline.helpers import RecordingStage
from tests.store.helpers import count_rows, fresh_database

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


def _claimed_by_another_run(store: Store, article_id: str, seconds: float) -> None:
    """Another run is working on the article: its claim runs out in ``seconds`` unless renewed."""
    with store.transaction() as connection:
        claim_pending(connection, "shared-free", "1", "other-run", ready={}, limit=1, lease=seconds)
        connection.execute(stage_claims.update().values(article_id=article_id))


def _each_once_and_in_order(ids: list[str]) -> None:
    by_stage = {name: sorted(a for n, a in RecordingStage.committed if n == name) for name in NAMES}
    assert by_stage == {"shared-free": ids, "shared-ordered": ids}  # each article once per stage
    assert [a for n, a in RecordingStage.committed if n == "shared-ordered"] == ids  # in id order


@pytest.mark.postgres
def test_a_run_leaves_the_article_another_run_works_on_and_waits_for_it_before_an_ordered_stage(
    postgres_store: Store,
) -> None:
    ids = _fill(postgres_store)
    _claimed_by_another_run(postgres_store, ids[2], seconds=60)

    def other_run_stores_it() -> None:
        time.sleep(1.5)
        with postgres_store.transaction() as connection:
            record_run(connection, ids[2], "shared-free", "1")
            connection.execute(stage_claims.delete().where(stage_claims.c.owner == "other-run"))
        RecordingStage.committed.append(("shared-free", ids[2]))

    other = threading.Thread(target=other_run_stores_it)
    started = time.monotonic()
    other.start()
    reports = analyze(postgres_store, _settings(postgres_store.url), list(NAMES))
    waited = time.monotonic() - started
    other.join()
    assert [(r.name, r.done) for r in reports] == [("shared-free", 4), ("shared-ordered", 5)]
    assert 1.5 <= waited < 30  # it waited for the other run's article, not for its claim to run out
    _each_once_and_in_order(ids)


@pytest.mark.postgres
def test_the_article_of_a_stopped_run_is_taken_over_when_its_claim_runs_out(postgres_store: Store) -> None:
    ids = _fill(postgres_store)
    seconds = 3.0
    _claimed_by_another_run(postgres_store, ids[2], seconds)  # and the other run is killed
    started = time.monotonic()
    reports = analyze(postgres_store, _settings(postgres_store.url), list(NAMES))
    assert time.monotonic() - started >= seconds - 0.5
    assert [(r.name, r.done) for r in reports] == [("shared-free", 5), ("shared-ordered", 5)]
    _each_once_and_in_order(ids)
    assert count_rows(postgres_store.url, "stage_claims") == 0
