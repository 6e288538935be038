"""story alignments: which stories were aligned from which members, so that only changed ones re-run

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 06:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_alignments",
        sa.Column("story_id", sa.String(length=32), nullable=False),
        sa.Column(
            "fingerprint",
            sa.String(length=64),
            nullable=False,
            comment="members, their extraction and the aligner",
        ),
        sa.Column("aligned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True, comment="what was left unaligned, and why"),
        sa.PrimaryKeyConstraint("story_id", name=op.f("pk_story_alignments")),
    )


def downgrade() -> None:
    op.drop_table("story_alignments")
