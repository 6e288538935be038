"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 15:27:15.865525
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "entities",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entities")),
    )
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("revised", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_runs")),
    )
    op.create_table(
        "outlets",
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("host", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("state_affiliated", sa.Boolean(), nullable=True),
        sa.Column("wire_service", sa.Boolean(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outlets")),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("first_published", sa.String(length=32), nullable=True),
        sa.Column("last_published", sa.String(length=32), nullable=True),
        sa.Column("key_entities", sa.JSON(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("outlet_id", sa.String(length=255), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column(
            "published",
            sa.String(length=32),
            nullable=True,
            comment="ISO text at its precision",
        ),
        sa.Column("published_precision", sa.String(length=8), nullable=True),
        sa.Column(
            "published_start",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="earliest UTC instant, for sorting",
        ),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("language_confidence", sa.Float(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("genre", sa.String(length=16), nullable=False),
        sa.Column("source_kind", sa.String(length=8), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_location", sa.Text(), nullable=True),
        sa.Column(
            "locator",
            sa.Text(),
            nullable=False,
            comment="URL, else outlet#external_id, else file:path, else ''",
        ),
        sa.Column("content_hash", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("revision_of", sa.String(length=32), nullable=True),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlets.id"], name=op.f("fk_articles_outlet_id_outlets")),
        sa.ForeignKeyConstraint(
            ["revision_of"],
            ["articles.id"],
            name=op.f("fk_articles_revision_of_articles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_articles_content_hash"), ["content_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_external_id"), ["external_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_locator"), ["locator"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_published_start"), ["published_start"], unique=False)

    op.create_table(
        "claim_groups",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("story_id", sa.String(length=32), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("n_articles", sa.Integer(), nullable=False),
        sa.Column("n_copy_groups", sa.Integer(), nullable=False),
        sa.Column("n_origins", sa.Integer(), nullable=False),
        sa.Column("n_claimants", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], name=op.f("fk_claim_groups_story_id_stories")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_groups")),
    )
    with op.batch_alter_table("claim_groups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_groups_story_id"), ["story_id"], unique=False)

    op.create_table(
        "entity_merge_evidence",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity_id", sa.String(length=32), nullable=False),
        sa.Column("a", sa.Text(), nullable=False),
        sa.Column("b", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("by_user", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
            name=op.f("fk_entity_merge_evidence_entity_id_entities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_merge_evidence")),
    )
    with op.batch_alter_table("entity_merge_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_entity_merge_evidence_entity_id"),
            ["entity_id"],
            unique=False,
        )

    op.create_table(
        "ingest_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["ingest_runs.id"],
            name=op.f("fk_ingest_failures_run_id_ingest_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_failures")),
    )
    op.create_table(
        "attributions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("source_start_char", sa.Integer(), nullable=True),
        sa.Column("source_end_char", sa.Integer(), nullable=True),
        sa.Column("source_text", sa.Text(), nullable=True),
        sa.Column("source_resolved", sa.Text(), nullable=True),
        sa.Column("source_entity_id", sa.String(length=32), nullable=True),
        sa.Column("cue_start_char", sa.Integer(), nullable=True),
        sa.Column("cue_end_char", sa.Integer(), nullable=True),
        sa.Column("cue_text", sa.Text(), nullable=True),
        sa.Column("content_start_char", sa.Integer(), nullable=True),
        sa.Column("content_end_char", sa.Integer(), nullable=True),
        sa.Column("content_text", sa.Text(), nullable=True),
        sa.Column("content_spans", sa.JSON(), nullable=False, comment="every content piece"),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("parent_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_attributions_article_id_articles"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["attributions.id"],
            name=op.f("fk_attributions_parent_id_attributions"),
        ),
        sa.ForeignKeyConstraint(
            ["source_entity_id"],
            ["entities.id"],
            name=op.f("fk_attributions_source_entity_id_entities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attributions")),
    )
    with op.batch_alter_table("attributions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attributions_article_id"), ["article_id"], unique=False)

    op.create_table(
        "claim_group_relations",
        sa.Column("source_id", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["claim_groups.id"],
            name=op.f("fk_claim_group_relations_source_id_claim_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["claim_groups.id"],
            name=op.f("fk_claim_group_relations_target_id_claim_groups"),
        ),
        sa.PrimaryKeyConstraint("source_id", "target_id", "kind", name=op.f("pk_claim_group_relations")),
    )
    op.create_table(
        "copy_groups",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("representative_id", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["representative_id"],
            ["articles.id"],
            name=op.f("fk_copy_groups_representative_id_articles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_copy_groups")),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=True),
        sa.Column("end_char", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_mentions_article_id_articles"),
        ),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name=op.f("fk_mentions_entity_id_entities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
    )
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentions_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentions_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "minhash_bands",
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.String(length=16), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_minhash_bands_article_id_articles"),
        ),
        sa.PrimaryKeyConstraint("band", "bucket", "article_id", name=op.f("pk_minhash_bands")),
    )
    op.create_table(
        "minhash_signatures",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("num_perm", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_minhash_signatures_article_id_articles"),
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_minhash_signatures")),
    )
    op.create_table(
        "stage_runs",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Text(), nullable=False, comment="the stage version: its code and settings"),
        sa.Column(
            "status",
            sa.String(length=8),
            nullable=False,
            comment="ok, skipped or failed",
        ),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_stage_runs_article_id_articles"),
        ),
        sa.PrimaryKeyConstraint("article_id", "stage", name=op.f("pk_stage_runs")),
    )
    with op.batch_alter_table("stage_runs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stage_runs_stage_version"),
            ["stage", "version"],
            unique=False,
        )

    op.create_table(
        "story_members",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("story_id", sa.String(length=32), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False, comment="placed by a user"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_story_members_article_id_articles"),
        ),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], name=op.f("fk_story_members_story_id_stories")),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_story_members")),
    )
    with op.batch_alter_table("story_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_members_story_id"), ["story_id"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=True),
        sa.Column("end_char", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("hedges", sa.JSON(), nullable=False),
        sa.Column("denials", sa.JSON(), nullable=False),
        sa.Column("attribution_id", sa.String(length=32), nullable=True),
        sa.Column("chain", sa.JSON(), nullable=False),
        sa.Column("claimant", sa.Text(), nullable=False),
        sa.Column("subjective", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_claims_article_id_articles")),
        sa.ForeignKeyConstraint(
            ["attribution_id"],
            ["attributions.id"],
            name=op.f("fk_claims_attribution_id_attributions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_article_id"), ["article_id"], unique=False)

    op.create_table(
        "copy_group_members",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("copy_group_id", sa.String(length=32), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("matched_with", sa.String(length=32), nullable=True),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_copy_group_members_article_id_articles"),
        ),
        sa.ForeignKeyConstraint(
            ["copy_group_id"],
            ["copy_groups.id"],
            name=op.f("fk_copy_group_members_copy_group_id_copy_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["matched_with"],
            ["articles.id"],
            name=op.f("fk_copy_group_members_matched_with_articles"),
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_copy_group_members")),
    )
    with op.batch_alter_table("copy_group_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_copy_group_members_copy_group_id"),
            ["copy_group_id"],
            unique=False,
        )

    op.create_table(
        "claim_group_members",
        sa.Column("claim_id", sa.String(length=32), nullable=False),
        sa.Column("claim_group_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_group_id"],
            ["claim_groups.id"],
            name=op.f("fk_claim_group_members_claim_group_id_claim_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_group_members_claim_id_claims"),
        ),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claim_group_members")),
    )
    with op.batch_alter_table("claim_group_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_group_members_claim_group_id"),
            ["claim_group_id"],
            unique=False,
        )

    op.create_table(
        "quantity_claims",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=True),
        sa.Column("start_char", sa.Integer(), nullable=True),
        sa.Column("end_char", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("bound", sa.String(length=12), nullable=False),
        sa.Column("vague", sa.Boolean(), nullable=False),
        sa.Column("vague_word", sa.Text(), nullable=True),
        sa.Column("counted_thing", sa.Text(), nullable=True),
        sa.Column("action", sa.Text(), nullable=True),
        sa.Column("claimant", sa.Text(), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("window_text", sa.Text(), nullable=True),
        sa.Column("window_start", sa.String(length=32), nullable=True),
        sa.Column("window_end", sa.String(length=32), nullable=True),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_quantity_claims_article_id_articles"),
        ),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_quantity_claims_claim_id_claims")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quantity_claims")),
    )
    with op.batch_alter_table("quantity_claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quantity_claims_article_id"), ["article_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("quantity_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quantity_claims_article_id"))

    op.drop_table("quantity_claims")
    with op.batch_alter_table("claim_group_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_group_members_claim_group_id"))

    op.drop_table("claim_group_members")
    with op.batch_alter_table("copy_group_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_copy_group_members_copy_group_id"))

    op.drop_table("copy_group_members")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_article_id"))

    op.drop_table("claims")
    with op.batch_alter_table("story_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_members_story_id"))

    op.drop_table("story_members")
    with op.batch_alter_table("stage_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stage_runs_stage_version"))

    op.drop_table("stage_runs")
    op.drop_table("minhash_signatures")
    op.drop_table("minhash_bands")
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentions_entity_id"))
        batch_op.drop_index(batch_op.f("ix_mentions_article_id"))

    op.drop_table("mentions")
    op.drop_table("copy_groups")
    op.drop_table("claim_group_relations")
    with op.batch_alter_table("attributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attributions_article_id"))

    op.drop_table("attributions")
    op.drop_table("ingest_failures")
    with op.batch_alter_table("entity_merge_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entity_merge_evidence_entity_id"))

    op.drop_table("entity_merge_evidence")
    with op.batch_alter_table("claim_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_groups_story_id"))

    op.drop_table("claim_groups")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_published_start"))
        batch_op.drop_index(batch_op.f("ix_articles_locator"))
        batch_op.drop_index(batch_op.f("ix_articles_external_id"))
        batch_op.drop_index(batch_op.f("ix_articles_content_hash"))

    op.drop_table("articles")
    op.drop_table("stories")
    op.drop_table("outlets")
    op.drop_table("ingest_runs")
    op.drop_table("entities")
