"""Claim groups in the store: one story's groups, their members and relations, written in one go."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection

from corroborator.models import ClaimGroup, ClaimGroupMember, ClaimGroupRelation
from corroborator.store.claim_group_corrections import held_corrections
from corroborator.store.tables import (
    articles,
    claim_group_members,
    claim_group_relations,
    claim_groups,
    claims,
)

CHUNK = 500


def delete_claim_groups(connection: Connection, story_ids: Iterable[str]) -> None:
    """Remove every claim group of these stories, with their members and relations."""
    wanted = list(dict.fromkeys(story_ids))
    for start in range(0, len(wanted), CHUNK):
        group_ids = select(claim_groups.c.id).where(
            claim_groups.c.story_id.in_(wanted[start : start + CHUNK])
        )
        connection.execute(
            delete(claim_group_relations).where(
                claim_group_relations.c.source_id.in_(group_ids)
                | claim_group_relations.c.target_id.in_(group_ids)
            )
        )
        connection.execute(
            delete(claim_group_members).where(claim_group_members.c.claim_group_id.in_(group_ids))
        )
        connection.execute(
            delete(claim_groups).where(claim_groups.c.story_id.in_(wanted[start : start + CHUNK]))
        )


def delete_claim_memberships(connection: Connection, claim_ids: Sequence[str]) -> None:
    """Take these claims out of whatever group holds them (a claim is in one group at most)."""
    for start in range(0, len(claim_ids), CHUNK):
        connection.execute(
            delete(claim_group_members).where(
                claim_group_members.c.claim_id.in_(claim_ids[start : start + CHUNK])
            )
        )


def delete_article_memberships(connection: Connection, article_id: str) -> None:
    """Take the article's claims out of their groups (before its claims are replaced); the
    groups stay, stale, until the story is aligned again."""
    claim_ids = select(claims.c.id).where(claims.c.article_id == article_id)
    connection.execute(delete(claim_group_members).where(claim_group_members.c.claim_id.in_(claim_ids)))


def replace_claim_groups(connection: Connection, story_id: str, groups: Sequence[ClaimGroup]) -> None:
    """Replace every claim group of the story (members and relations too) in one go."""
    delete_claim_groups(connection, [story_id])
    if not groups:
        return
    # A claim belongs to one group; one left behind by a story it has since left goes.
    delete_claim_memberships(connection, [member.claim_id for group in groups for member in group.members])
    connection.execute(
        claim_groups.insert(),
        [
            {
                "id": group.id,
                "story_id": story_id,
                "label": group.label,
                "verdict": group.verdict.value if group.verdict else None,
                "reasons": list(group.reasons),
                "n_articles": group.n_articles,
                "n_copy_groups": group.n_copy_groups,
                "n_origins": group.n_origins,
                "n_claimants": group.n_claimants,
                "origins": list(group.origins),
                "parties": list(group.parties),
            }
            for group in groups
        ],
    )
    member_rows = [
        {
            "claim_id": member.claim_id,
            "claim_group_id": group.id,
            "article_id": member.article_id,
            "status": member.status.value,
            "claimant": member.claimant,
            "origin": member.origin,
            "party": member.party,
        }
        for group in groups
        for member in group.members
    ]
    if member_rows:
        connection.execute(claim_group_members.insert(), member_rows)
    # A relation to a group outside the set has nothing to point at: it is left out.
    stored = {group.id for group in groups}
    relation_rows = {
        (relation.source, relation.target, relation.kind.value): {
            "source_id": relation.source,
            "target_id": relation.target,
            "kind": relation.kind.value,
            "reason": relation.reason,
            "conflict": relation.conflict.value if relation.conflict else None,
        }
        for group in groups
        for relation in group.relations
        if relation.source in stored and relation.target in stored
    }
    if relation_rows:
        connection.execute(claim_group_relations.insert(), list(relation_rows.values()))


def iter_claim_groups(connection: Connection, story_id: str | None = None) -> Iterator[ClaimGroup]:
    """Claim groups with members and relations filled, by story, then by n_origins desc,
    n_articles desc, id."""
    query = select(claim_groups).order_by(
        claim_groups.c.story_id,
        claim_groups.c.n_origins.desc(),
        claim_groups.c.n_articles.desc(),
        claim_groups.c.id,
    )
    if story_id is not None:
        query = query.where(claim_groups.c.story_id == story_id)
    rows = list(connection.execute(query).mappings())
    for start in range(0, len(rows), CHUNK):
        yield from _filled(connection, rows[start : start + CHUNK])


def get_claim_group(connection: Connection, group_id: str) -> ClaimGroup | None:
    rows = list(connection.execute(select(claim_groups).where(claim_groups.c.id == group_id)).mappings())
    return next(iter(_filled(connection, rows)), None)


def _filled(connection: Connection, rows: Sequence[Any]) -> list[ClaimGroup]:
    ids = [row["id"] for row in rows]
    members: dict[str, list[ClaimGroupMember]] = defaultdict(list)
    member_query = (
        select(claim_group_members)
        .where(claim_group_members.c.claim_group_id.in_(ids))
        .order_by(claim_group_members.c.article_id, claim_group_members.c.claim_id)
    )
    for row in connection.execute(member_query).mappings():
        members[row["claim_group_id"]].append(
            ClaimGroupMember(
                claim_id=row["claim_id"],
                article_id=row["article_id"] or "",
                status=row["status"] or "asserted",
                claimant=row["claimant"] or "",
                origin=row["origin"] or "",
                party=row["party"],
            )
        )
    relations: dict[str, list[ClaimGroupRelation]] = defaultdict(list)
    relation_query = (
        select(claim_group_relations)
        .where(claim_group_relations.c.source_id.in_(ids) | claim_group_relations.c.target_id.in_(ids))
        .order_by(
            claim_group_relations.c.source_id, claim_group_relations.c.target_id, claim_group_relations.c.kind
        )
    )
    wanted = set(ids)
    corrections = held_corrections(connection, (row["story_id"] for row in rows)) if rows else {}
    for row in connection.execute(relation_query).mappings():
        relation = ClaimGroupRelation(
            source=row["source_id"],
            target=row["target_id"],
            kind=row["kind"],
            reason=row["reason"],
            conflict=row["conflict"],
        )
        for end in {row["source_id"], row["target_id"]} & wanted:
            relations[end].append(relation)
    return [
        ClaimGroup(
            id=row["id"],
            story_id=row["story_id"],
            label=row["label"],
            claim_ids=[member.claim_id for member in members[row["id"]]],
            verdict=row["verdict"],
            reasons=list(row["reasons"] or []),
            n_articles=row["n_articles"],
            n_copy_groups=row["n_copy_groups"],
            n_origins=row["n_origins"],
            n_claimants=row["n_claimants"],
            relations=relations[row["id"]],
            members=members[row["id"]],
            origins=list(row["origins"] or []),
            parties=list(row["parties"] or []),
            corrections=corrections.get(row["id"], []),
        )
        for row in rows
    ]


def claim_facts(connection: Connection, claim_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Each claim's offsets and text with its article's external id, url and outlet."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(claim_ids), CHUNK):
        query = (
            select(
                claims.c.id,
                claims.c.start_char,
                claims.c.end_char,
                claims.c.text,
                articles.c.external_id,
                articles.c.url,
                articles.c.outlet_id,
            )
            .join(articles, articles.c.id == claims.c.article_id)
            .where(claims.c.id.in_(list(claim_ids[start : start + CHUNK])))
        )
        for row in connection.execute(query).mappings():
            found[row["id"]] = dict(row)
    return found
