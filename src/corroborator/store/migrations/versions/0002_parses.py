"""parses

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 16:18:41.043922
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "parses",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False, comment="parsed, or not-extracted"),
        sa.Column("note", sa.Text(), nullable=True, comment="why not: 'not extracted: language ru'"),
        sa.Column(
            "pipeline", sa.Text(), nullable=False, comment="spaCy pipeline name, version and components"
        ),
        sa.Column("n_sentences", sa.Integer(), nullable=False),
        sa.Column("n_tokens", sa.Integer(), nullable=False),
        sa.Column("offsets", sa.JSON(), nullable=False, comment="character offset of each parsed piece"),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False, comment="spaCy DocBin of the pieces"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_parses_article_id_articles")),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_parses")),
    )


def downgrade() -> None:

    op.drop_table("parses")
