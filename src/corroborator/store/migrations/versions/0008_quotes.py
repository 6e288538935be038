"""quotes: who said what, one row per quote, beside the attributions they come from

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 20:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _span(prefix: str = "") -> list[sa.Column[object]]:
    return [
        sa.Column(f"{prefix}start_char", sa.Integer(), nullable=True),
        sa.Column(f"{prefix}end_char", sa.Integer(), nullable=True),
        sa.Column(f"{prefix}text", sa.Text(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "quotes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        *_span(),
        sa.Column("pieces", sa.JSON(), nullable=False, comment="every quoted piece"),
        sa.Column("kind", sa.String(length=8), nullable=False),
        *_span("speaker_"),
        sa.Column(
            "speaker_name",
            sa.Text(),
            nullable=False,
            comment="the fullest name the article gives; empty when unknown",
        ),
        sa.Column("speaker_reason", sa.Text(), nullable=True, comment="why the speaker is empty"),
        *_span("verb_"),
        sa.Column("floating", sa.Boolean(), nullable=False),
        sa.Column(
            "attribution_id",
            sa.String(length=32),
            nullable=True,
            comment="the attribution it comes from (a floating quote: its speaker's)",
        ),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_quotes_article_id_articles")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
    )
    op.create_index(op.f("ix_quotes_article_id"), "quotes", ["article_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_quotes_article_id"), table_name="quotes")
    op.drop_table("quotes")
