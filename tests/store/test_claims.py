"""Claims on pending work in a real PostgreSQL store: two runs never hold the same article, a
live claim is passed over, an expired one (a killed run's) is taken over."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, update
from tests.store.helpers import fresh_database

from corroborator.models import ArticleDraft, Provenance, SourceKind
from corroborator.store import Store, add_article
from corroborator.store.claims import Leases, claim_pending
from corroborator.store.stages import record_run
from corroborator.store.tables import stage_claims

pytestmark = pytest.mark.postgres

TEXTS = [
    "The bridge over the river reopened on Monday after repairs, the city said.",
    "Flooding closed two schools in the valley, according to the district office.",
    "A wildfire near the pass burned 300 hectares, firefighters reported.",
    "The mayor denied that the budget had been cut, in a statement on Friday.",
    "Rail workers began a two-day strike over pay, their union said.",
    "The ministry said 12 people were rescued from the collapsed building.",
]


@pytest.fixture
def store(postgres_url: str) -> Iterator[Store]:
    with Store(fresh_database(postgres_url)) as opened:
        yield opened


def _articles(store: Store) -> list[str]:
    ids = []
    with store.transaction() as connection:
        for n, text in enumerate(TEXTS):
            draft = ArticleDraft(
                text=text,
                url=f"https://local.example/{n}",
                provenance=Provenance(kind=SourceKind.JSONL, source="local.jsonl", location=f"line {n + 1}"),
            )
            ids.append(add_article(connection, draft).article_id)
    return sorted(ids)


def _claim(store: Store, owner: str, limit: int = 10, ready: dict[str, str] | None = None) -> list[str]:
    with store.transaction() as connection:
        return claim_pending(connection, "extract", "1", owner, ready=ready or {}, limit=limit, lease=60)


def test_two_runs_claiming_in_turn_get_disjoint_articles_that_together_are_all_pending(store: Store) -> None:
    ids = _articles(store)
    first, second, third = _claim(store, "run-a", 4), _claim(store, "run-b", 4), _claim(store, "run-c", 4)
    assert first == ids[:4]
    assert second == ids[4:]
    assert third == []


def test_only_articles_whose_required_stages_have_run_are_claimed(store: Store) -> None:
    ids = _articles(store)
    with store.transaction() as connection:
        for article_id in ids[::2]:
            record_run(connection, article_id, "parse", "7")
        record_run(connection, ids[1], "parse", "6")  # an older version of the parse is no parse
    assert _claim(store, "run-a", ready={"parse": "7"}) == ids[::2]


def test_an_expired_claim_is_taken_over_and_a_live_one_is_left(store: Store) -> None:
    ids = _articles(store)
    assert _claim(store, "killed-run", 2) == ids[:2]
    with store.transaction() as connection:
        connection.execute(
            update(stage_claims)
            .where(stage_claims.c.article_id == ids[0])
            .values(expires_at=func.now() - func.make_interval(0, 0, 0, 0, 0, 0, 1))
        )
    assert _claim(store, "next-run", 3) == [ids[0], *ids[2:4]]
    with store.reading() as connection:
        owners = dict(connection.execute(select(stage_claims.c.article_id, stage_claims.c.owner)).all())
    assert owners[ids[0]] == "next-run"
    assert owners[ids[1]] == "killed-run"


def test_a_run_lets_go_of_what_it_stored_and_of_the_rest_when_it_ends(store: Store) -> None:
    ids = _articles(store)
    leases = Leases(store, lease=60)
    assert leases.take("extract", "1", {}, 3) == ids[:3]
    with store.transaction() as connection:
        record_run(connection, ids[0], "extract", "1")  # its result is stored with the claim's end
        leases.done(connection, "extract", ids[:1])
    with store.reading() as connection:
        assert sorted(connection.execute(select(stage_claims.c.article_id)).scalars()) == ids[1:3]
    assert _claim(store, "other-run") == ids[3:]
    leases.close()
    with store.reading() as connection:
        held = connection.execute(select(stage_claims.c.owner)).scalars().all()
    assert held
    assert set(held) == {"other-run"}
