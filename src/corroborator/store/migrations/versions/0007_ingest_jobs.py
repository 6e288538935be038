"""ingest jobs: the web app's jobs, kept across restarts

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 09:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingest_jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column(
            "state",
            sa.String(length=16),
            nullable=False,
            comment="queued, ingesting, analysing, done, failed, interrupted",
        ),
        sa.Column("stage", sa.String(length=32), nullable=True),
        sa.Column("done", sa.Integer(), nullable=False, comment="items the current step has done"),
        sa.Column("summary", sa.JSON(), nullable=False, comment="the ingest counts"),
        sa.Column("failures", sa.JSON(), nullable=False, comment="one line per input that could not be read"),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("stories", sa.JSON(), nullable=False, comment="the stories the job's articles joined"),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_jobs")),
    )


def downgrade() -> None:
    op.drop_table("ingest_jobs")
