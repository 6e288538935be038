"""story clustering

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(
            sa.Column(
                "family_id",
                sa.String(length=32),
                nullable=True,
                comment="the looser group (same kind of event) it was split from",
            )
        )
        batch.create_index(batch.f("ix_stories_family_id"), ["family_id"])
    op.create_table(
        "story_signals",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column(
            "family_id",
            sa.String(length=32),
            nullable=True,
            comment="null when the article was left out of stories",
        ),
        sa.Column(
            "day",
            sa.Float(),
            nullable=True,
            comment="publication day (days since 1970-01-01), null when unknown",
        ),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column(
            "embedding", sa.LargeBinary(), nullable=False, comment="float32 embedding of title and lead"
        ),
        sa.Column("lead_terms", sa.JSON(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("bag", sa.JSON(), nullable=False, comment="names, numbers and dates"),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True, comment="why it was placed as it was, or left out"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_story_signals_article_id_articles")
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_story_signals")),
    )
    op.create_index(op.f("ix_story_signals_family_id"), "story_signals", ["family_id"])
    op.create_table(
        "story_families",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("embedding_sum", sa.LargeBinary(), nullable=False),
        sa.Column("lead_sum", sa.JSON(), nullable=False),
        sa.Column("terms_sum", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False, comment="article count per language"),
        sa.Column("first_day", sa.Float(), nullable=True),
        sa.Column("last_day", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_families")),
    )
    op.create_table(
        "story_terms",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False, comment="articles using it; the empty term counts all"),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_story_terms")),
    )
    op.create_table(
        "story_postings",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_story_postings_article_id_articles")
        ),
        sa.PrimaryKeyConstraint("term", "article_id", name=op.f("pk_story_postings")),
    )
    op.create_index(op.f("ix_story_postings_article_id"), "story_postings", ["article_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_story_postings_article_id"), table_name="story_postings")
    op.drop_table("story_postings")
    op.drop_table("story_terms")
    op.drop_table("story_families")
    op.drop_index(op.f("ix_story_signals_family_id"), table_name="story_signals")
    op.drop_table("story_signals")
    with op.batch_alter_table("stories") as batch:
        batch.drop_index(batch.f("ix_stories_family_id"))
        batch.drop_column("family_id")
