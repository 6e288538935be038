"""stage_claims: the articles a run has taken to work on, so that a second run leaves them

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stage_claims",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=64), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False, comment="the run that works on it"),
        sa.Column(
            "expires_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="when another run may take it over (renewed while the owner works)",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_stage_claims_article_id_articles")
        ),
        sa.PrimaryKeyConstraint("article_id", "stage", name=op.f("pk_stage_claims")),
    )
    op.create_index(op.f("ix_stage_claims_owner"), "stage_claims", ["owner"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_stage_claims_owner"), table_name="stage_claims")
    op.drop_table("stage_claims")
