"""claim groups: members with article, status, claimant, origin and party; conflict kinds

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 06:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claim_groups") as batch:
        batch.add_column(
            sa.Column("origins", sa.JSON(), nullable=True, comment="the independent origins behind it")
        )
        batch.add_column(
            sa.Column("parties", sa.JSON(), nullable=True, comment="the claimants' sides behind it")
        )
    with op.batch_alter_table("claim_group_members") as batch:
        batch.add_column(sa.Column("article_id", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("status", sa.String(length=16), nullable=True))
        batch.add_column(
            sa.Column(
                "claimant",
                sa.Text(),
                nullable=True,
                comment="the innermost claimant, resolved, else the outlet",
            )
        )
        batch.add_column(
            sa.Column("origin", sa.Text(), nullable=True, comment="the independent origin it counts under")
        )
        batch.add_column(
            sa.Column(
                "party", sa.String(length=64), nullable=True, comment="the claimant's side; null when unknown"
            )
        )
    with op.batch_alter_table("claim_group_relations") as batch:
        batch.add_column(
            sa.Column(
                "conflict",
                sa.String(length=16),
                nullable=True,
                comment="numeric, denial or status when kind is conflicts",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("claim_group_relations") as batch:
        batch.drop_column("conflict")
    with op.batch_alter_table("claim_group_members") as batch:
        for name in ("party", "origin", "claimant", "status", "article_id"):
            batch.drop_column(name)
    with op.batch_alter_table("claim_groups") as batch:
        batch.drop_column("parties")
        batch.drop_column("origins")
