"""Claim groups round-trip through the store: members with origin and party, conflict kinds."""

from __future__ import annotations

from sqlalchemy import select
from tests.store.test_store import draft

from corroborator.models import (
    ClaimGroup,
    ClaimGroupMember,
    ClaimGroupRelation,
    ConflictKind,
    EpistemicStatus,
    RelationKind,
    Verdict,
)
from corroborator.store import Store, add_article
from corroborator.store.claim_groups import get_claim_group, iter_claim_groups, replace_claim_groups
from corroborator.store.extraction import save_claims
from corroborator.store.stories import drop_empty_stories, ensure_story, remove_member, set_member
from corroborator.store.tables import claims


class _Found:
    def __init__(self, span: tuple[int, int], status: str, claimant: str) -> None:
        self.span = span
        self.status = status
        self.hedges: list[str] = []
        self.denials: list[str] = ["denied"] if status == "denied" else []
        self.chain = [claimant, "wire.example"]
        self.claimant = claimant
        self.subjective = False


def _story_with_claims(store: Store) -> tuple[str, list[str], list[str]]:
    texts = [
        "The governor said 30 rockets were fired at the port overnight.",
        "The army denied that 30 rockets were fired at the port.",
    ]
    article_ids, claim_ids = [], []
    with store.transaction() as connection:
        ensure_story(connection, "s1", None)
        for number, text in enumerate(texts):
            article_id = add_article(
                connection, draft(text, url=f"https://www.wire.example/{number}")
            ).article_id
            set_member(connection, article_id, "s1")
            status = "attributed" if number == 0 else "denied"
            save_claims(
                connection, article_id, text, [(_Found((0, len(text)), status, "the governor"), None)]
            )
            article_ids.append(article_id)
        claim_ids = [
            connection.execute(select(claims.c.id).where(claims.c.article_id == a)).scalar_one()
            for a in article_ids
        ]
    return "s1", article_ids, claim_ids


def _group(
    group_id: str,
    claim: tuple[str, str],
    status: EpistemicStatus,
    claimant: str,
    party: str | None,
    **counts: int,
) -> ClaimGroup:
    member = ClaimGroupMember(
        claim_id=claim[0], article_id=claim[1], status=status, claimant=claimant, origin=claimant, party=party
    )
    return ClaimGroup(
        id=group_id,
        story_id="s1",
        label=f"what {claimant} says",
        claim_ids=[claim[0]],
        reasons=[f"one origin: {claimant}"],
        members=[member],
        origins=[claimant],
        parties=[party] if party else [],
        n_claimants=1,
        **counts,
    )


def _groups(article_ids: list[str], claim_ids: list[str]) -> list[ClaimGroup]:
    conflict = ClaimGroupRelation(
        source="g-claim",
        target="g-denial",
        kind=RelationKind.CONFLICTS,
        reason="the army denies what the governor said",
        conflict=ConflictKind.DENIAL,
    )
    denial = _group(
        "g-denial", (claim_ids[1], article_ids[1]), EpistemicStatus.DENIED, "the army", None, n_origins=1
    )
    claim = _group(
        "g-claim",
        (claim_ids[0], article_ids[0]),
        EpistemicStatus.ATTRIBUTED,
        "the governor",
        "regional",
        n_origins=2,
    )
    return [
        denial.model_copy(update={"verdict": Verdict.SINGLE_SOURCE, "relations": [conflict]}),
        claim.model_copy(update={"verdict": Verdict.DISPUTED, "relations": [conflict], "n_articles": 2}),
    ]


def test_claim_groups_round_trip_with_members_relations_and_order(store: Store) -> None:
    story_id, article_ids, claim_ids = _story_with_claims(store)
    groups = _groups(article_ids, claim_ids)
    with store.transaction() as connection:
        replace_claim_groups(connection, story_id, groups)
    with store.reading() as connection:
        stored = list(iter_claim_groups(connection, story_id))
        single = get_claim_group(connection, "g-claim")
        missing = get_claim_group(connection, "no-such-group")
    # n_origins desc comes first: the disputed claim, then the denial.
    assert stored == [groups[1], groups[0]]
    assert single == groups[1]
    assert single.relations[0].conflict is ConflictKind.DENIAL
    assert missing is None


def test_replacing_a_storys_groups_removes_the_old_ones(store: Store) -> None:
    story_id, article_ids, claim_ids = _story_with_claims(store)
    with store.transaction() as connection:
        replace_claim_groups(connection, story_id, _groups(article_ids, claim_ids))
        replace_claim_groups(connection, story_id, _groups(article_ids, claim_ids)[1:2])
    with store.reading() as connection:
        assert [g.id for g in iter_claim_groups(connection)] == ["g-claim"]
    with store.transaction() as connection:
        replace_claim_groups(connection, story_id, [])
    with store.reading() as connection:
        assert list(iter_claim_groups(connection)) == []


def test_re_extracted_claims_and_emptied_stories_leave_no_dangling_rows(store: Store) -> None:
    story_id, article_ids, claim_ids = _story_with_claims(store)
    with store.transaction() as connection:
        replace_claim_groups(connection, story_id, _groups(article_ids, claim_ids))
        save_claims(connection, article_ids[0], "Replaced.", [])
    with store.reading() as connection:
        assert get_claim_group(connection, "g-claim").claim_ids == []  # type: ignore[union-attr]
    with store.transaction() as connection:
        for article_id in article_ids:
            remove_member(connection, article_id)
        assert drop_empty_stories(connection, [story_id]) == [story_id]
    with store.reading() as connection:
        assert list(iter_claim_groups(connection)) == []
