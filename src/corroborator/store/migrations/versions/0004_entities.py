"""entities: name keys for blocking, user overrides, descriptions, evidence by article

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(
            sa.Column(
                "descriptions", sa.JSON(), nullable=True, comment="titles and roles found beside its names"
            )
        )
    with op.batch_alter_table("entity_merge_evidence") as batch:
        batch.add_column(
            sa.Column(
                "article_id",
                sa.String(length=32),
                nullable=True,
                comment="the article whose resolution made it; null for a user's decision",
            )
        )
        batch.create_index(batch.f("ix_entity_merge_evidence_article_id"), ["article_id"])
    op.create_table(
        "entity_keys",
        sa.Column(
            "key",
            sa.String(length=64),
            nullable=False,
            comment="kind and consonant skeleton of a name or surname",
        ),
        sa.Column("entity_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_entity_keys_entity_id_entities")
        ),
        sa.PrimaryKeyConstraint("key", "entity_id", name=op.f("pk_entity_keys")),
    )
    op.create_index(op.f("ix_entity_keys_entity_id"), "entity_keys", ["entity_id"])
    op.create_table(
        "entity_overrides",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column(
            "action",
            sa.String(length=8),
            nullable=False,
            comment="merge: the alias goes to the entity; split: never",
        ),
        sa.Column("alias", sa.Text(), nullable=False, comment="kind and spelling of a name"),
        sa.Column("entity_id", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_overrides")),
    )
    op.create_index(op.f("ix_entity_overrides_alias"), "entity_overrides", ["alias"])


def downgrade() -> None:
    op.drop_index(op.f("ix_entity_overrides_alias"), table_name="entity_overrides")
    op.drop_table("entity_overrides")
    op.drop_index(op.f("ix_entity_keys_entity_id"), table_name="entity_keys")
    op.drop_table("entity_keys")
    with op.batch_alter_table("entity_merge_evidence") as batch:
        batch.drop_index(batch.f("ix_entity_merge_evidence_article_id"))
        batch.drop_column("article_id")
    with op.batch_alter_table("entities") as batch:
        batch.drop_column("descriptions")
