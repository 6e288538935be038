"""claim group corrections: people's merges, splits, moves, same-source marks, verdicts and reviews

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_group_corrections",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column(
            "story_id", sa.String(length=32), nullable=False, comment="the story it was last applied to"
        ),
        sa.Column(
            "kind",
            sa.String(length=16),
            nullable=False,
            comment="merge, split, move, same-source, verdict, reviewed",
        ),
        sa.Column("claims", sa.JSON(), nullable=False, comment="the claims it is anchored to"),
        sa.Column(
            "targets", sa.JSON(), nullable=False, comment="merge and move: the claims of the group joined"
        ),
        sa.Column("origins", sa.JSON(), nullable=False, comment="same-source: the origins that are one"),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "group_ids",
            sa.JSON(),
            nullable=False,
            comment="the groups it holds for at the last alignment",
        ),
        sa.Column("note", sa.Text(), nullable=True, comment="why it no longer applies, when it does not"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_group_corrections")),
    )
    op.create_index(
        op.f("ix_claim_group_corrections_story_id"), "claim_group_corrections", ["story_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_claim_group_corrections_story_id"), table_name="claim_group_corrections")
    op.drop_table("claim_group_corrections")
