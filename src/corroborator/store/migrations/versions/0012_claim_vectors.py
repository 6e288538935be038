"""claim vectors: each claim's alignment vector, encoded once and read back on re-alignment

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_vectors",
        sa.Column("claim_id", sa.String(length=32), nullable=False),
        sa.Column(
            "embedder",
            sa.String(length=64),
            nullable=False,
            comment="the embedder's name and the vector recipe's version",
        ),
        sa.Column(
            "digest",
            sa.String(length=32),
            nullable=False,
            comment="of the claim's text, sentence and weighting the vector was made from",
        ),
        sa.Column("vector", sa.LargeBinary(), nullable=False, comment="little-endian float32, L2-normalised"),
        sa.PrimaryKeyConstraint("claim_id", "embedder", name=op.f("pk_claim_vectors")),
    )


def downgrade() -> None:
    op.drop_table("claim_vectors")
