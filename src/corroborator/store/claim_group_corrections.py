"""People's corrections of claim groups in the store: the audit trail (who, when, why) and
where each holds since the story was last aligned.

A correction is added once and never rewritten by hand; the align stage records, on every
alignment, the story and groups it holds for or why it no longer applies (``note``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from corroborator.models import CorrectionKind, GroupCorrection, Verdict
from corroborator.store.tables import claim_group_corrections as table


def add_correction(
    connection: Connection,
    story_id: str,
    kind: CorrectionKind,
    claims: Sequence[str],
    *,
    by: str,
    reason: str = "",
    targets: Sequence[str] = (),
    origins: Sequence[str] = (),
    verdict: Verdict | None = None,
    group_ids: Sequence[str] = (),
) -> GroupCorrection:
    """Store one correction as made now; returns it with its number."""
    values: dict[str, Any] = {
        "story_id": story_id,
        "kind": kind.value,
        "claims": list(claims),
        "targets": list(targets),
        "origins": list(origins),
        "verdict": verdict.value if verdict else None,
        "reason": reason,
        "author": by,
        "created_at": datetime.now(UTC),
        "group_ids": list(group_ids),
        "note": None,
    }
    number = connection.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()
    return _correction({**values, "id": number})


def _correction(row: Any) -> GroupCorrection:
    at: datetime = row["created_at"]
    return GroupCorrection(
        id=row["id"],
        story_id=row["story_id"],
        kind=CorrectionKind(row["kind"]),
        claims=list(row["claims"]),
        targets=list(row["targets"]),
        origins=list(row["origins"]),
        verdict=Verdict(row["verdict"]) if row["verdict"] else None,
        reason=row["reason"],
        by=row["author"],
        at=at if at.tzinfo else at.replace(tzinfo=UTC),  # SQLite keeps no zone: it was UTC
        group_ids=list(row["group_ids"]),
        note=row["note"],
    )


def iter_corrections(connection: Connection, story_ids: Sequence[str] | None = None) -> list[GroupCorrection]:
    """The corrections last applied to these stories (every one when None), oldest first."""
    query = select(table).order_by(table.c.id)
    if story_ids is not None:
        query = query.where(table.c.story_id.in_(list(story_ids)))
    return [_correction(row) for row in connection.execute(query).mappings()]


def corrections_touching(
    connection: Connection, story_id: str, claim_ids: Iterable[str]
) -> list[GroupCorrection]:
    """The corrections to lay over a story's alignment: those last applied to it and those
    anchored to any of its claims (a correction follows its claims into another story).
    People make few corrections, so all are read and matched here."""
    claims = set(claim_ids)
    return [
        correction
        for correction in iter_corrections(connection)
        if correction.story_id == story_id or not claims.isdisjoint([*correction.claims, *correction.targets])
    ]


def save_outcomes(connection: Connection, corrections: Sequence[GroupCorrection]) -> None:
    """Record where each correction holds now (story, groups) or why it no longer applies."""
    for correction in corrections:
        connection.execute(
            update(table)
            .where(table.c.id == correction.id)
            .values(story_id=correction.story_id, group_ids=list(correction.group_ids), note=correction.note)
        )


def orphan_corrections(connection: Connection, story_ids: Sequence[str]) -> None:
    """The corrections last applied to stories that are gone are kept, saying why they apply
    nowhere now (a story that holds their claims later takes them up again)."""
    if story_ids:
        connection.execute(
            update(table)
            .where(table.c.story_id.in_(list(story_ids)))
            .values(
                group_ids=[],
                note="its story is gone (its articles left it or joined another story) and no story "
                "holds its claims",
            )
        )


def held_corrections(connection: Connection, story_ids: Iterable[str]) -> dict[str, list[GroupCorrection]]:
    """Group id -> the corrections that hold for it, oldest first."""
    held: dict[str, list[GroupCorrection]] = defaultdict(list)
    for correction in iter_corrections(connection, sorted(set(story_ids))):
        if correction.note is None:
            for group_id in correction.group_ids:
                held[group_id].append(correction)
    return held
