"""The schema: plain tables with readable column names (Datasette and sqlite-utils open them as is).

Only ``store/`` knows these.  Types are portable (SQLite and PostgreSQL run the same
migrations); offsets are ``start_char`` / ``end_char`` because ``end`` is an SQL keyword.
Changing anything here needs a new migration in ``store/migrations/versions``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = String(32)
OUTLET_ID = String(255)  # a host name can be this long


def _id(name: str = "id") -> Column[str]:
    return Column(name, ID, primary_key=True)


def _span(prefix: str = "") -> list[Column[object]]:
    return [
        Column(f"{prefix}start_char", Integer),
        Column(f"{prefix}end_char", Integer),
        Column(f"{prefix}text", Text),
    ]


outlets = Table(
    "outlets",
    metadata,
    Column("id", OUTLET_ID, primary_key=True),
    Column("name", Text, nullable=False),
    Column("host", Text),
    Column("country", Text),
    Column("state_affiliated", Boolean),
    Column("wire_service", Boolean),
    Column("language", String(16)),
)

articles = Table(
    "articles",
    metadata,
    _id(),
    Column("external_id", Text),
    Column("url", Text),
    Column("outlet_id", OUTLET_ID, ForeignKey("outlets.id"), nullable=False),
    Column("title", Text),
    Column("author", Text),
    Column("published", String(32), comment="ISO text at its precision"),
    Column("published_precision", String(8)),
    Column("published_start", DateTime(timezone=True), comment="earliest UTC instant, for sorting"),
    Column("language", String(16)),
    Column("language_confidence", Float),
    Column("text", Text, nullable=False),
    Column("genre", String(16), nullable=False, default="unknown"),
    Column("source_kind", String(8), nullable=False),
    Column("source", Text, nullable=False),
    Column("source_location", Text),
    Column("locator", Text, nullable=False, comment="URL, else outlet#external_id, else file:path, else ''"),
    Column("content_hash", String(16), nullable=False),
    Column("revision", Integer, nullable=False, default=1),
    Column("revision_of", ID, ForeignKey("articles.id")),
    Column("is_current", Boolean, nullable=False, default=True),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("extra", JSON),
    Index(None, "locator"),
    Index(None, "content_hash"),
    Index(None, "external_id"),
    Index(None, "published_start"),
)

copy_groups = Table(
    "copy_groups",
    metadata,
    _id(),
    Column("representative_id", ID, ForeignKey("articles.id"), nullable=False),
    Column("size", Integer, nullable=False, default=1),
)

copy_group_members = Table(
    "copy_group_members",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id"), primary_key=True),
    Column("copy_group_id", ID, ForeignKey("copy_groups.id"), nullable=False),
    Column("similarity", Float, nullable=False),
    Column("matched_with", ID, ForeignKey("articles.id")),
    Column("method", String(8), nullable=False),
    Index(None, "copy_group_id"),
)

minhash_signatures = Table(
    "minhash_signatures",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id"), primary_key=True),
    Column("num_perm", Integer, nullable=False),
    Column("signature", LargeBinary, nullable=False),
)

minhash_bands = Table(
    "minhash_bands",
    metadata,
    Column("band", Integer, primary_key=True),
    Column("bucket", String(16), primary_key=True),
    Column("article_id", ID, ForeignKey("articles.id"), primary_key=True),
)

stage_runs = Table(
    "stage_runs",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id"), primary_key=True),
    Column("stage", String(64), primary_key=True),
    Column("version", Text, nullable=False, comment="the stage version: its code and settings"),
    Column("status", String(8), nullable=False, comment="ok, skipped or failed"),
    Column("message", Text),
    Column("finished_at", DateTime(timezone=True), nullable=False),
    Index(None, "stage", "version"),
)

stage_claims = Table(
    "stage_claims",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id"), primary_key=True),
    Column("stage", String(64), primary_key=True),
    Column("owner", String(64), nullable=False, index=True, comment="the run that works on it"),
    Column(
        "expires_at",
        DateTime(timezone=True),
        nullable=False,
        comment="when another run may take it over (renewed while the owner works)",
    ),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("sources", JSON, nullable=False),
    Column("new", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("revised", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
)

ingest_failures = Table(
    "ingest_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("ingest_runs.id"), nullable=False),
    Column("source", Text, nullable=False),
    Column("reason", Text, nullable=False),
)

parses = Table(
    "parses",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id"), primary_key=True),
    Column("status", String(16), nullable=False, comment="parsed, or not-extracted"),
    Column("note", Text, comment="why not: 'not extracted: language ru'"),
    Column("pipeline", Text, nullable=False, comment="spaCy pipeline name, version and components"),
    Column("n_sentences", Integer, nullable=False),
    Column("n_tokens", Integer, nullable=False),
    Column("offsets", JSON, nullable=False, comment="character offset of each parsed piece"),
    Column("warnings", JSON, nullable=False),
    Column("doc", LargeBinary, nullable=False, comment="spaCy DocBin of the pieces"),
)

# Tables that the extraction, story and alignment stages fill.

entities = Table(
    "entities",
    metadata,
    _id(),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("descriptions", JSON, comment="titles and roles found beside its names"),
)

entity_keys = Table(
    "entity_keys",
    metadata,
    Column("key", String(64), primary_key=True, comment="kind and consonant skeleton of a name or surname"),
    Column("entity_id", ID, ForeignKey("entities.id"), primary_key=True),
    Index(None, "entity_id"),
)

entity_overrides = Table(
    "entity_overrides",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(8), nullable=False, comment="merge: the alias goes to the entity; split: never"),
    Column("alias", Text, nullable=False, comment="kind and spelling of a name"),
    Column("entity_id", ID, nullable=False),
    Index(None, "alias"),
)

mentions = Table(
    "mentions",
    metadata,
    _id(),
    Column("article_id", ID, ForeignKey("articles.id"), nullable=False),
    *_span(),
    Column("label", String(16), nullable=False),
    Column("entity_id", ID, ForeignKey("entities.id")),
    Index(None, "article_id"),
    Index(None, "entity_id"),
)

entity_merge_evidence = Table(
    "entity_merge_evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_id", ID, ForeignKey("entities.id"), nullable=False),
    Column("a", Text, nullable=False),
    Column("b", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("score", Float),
    Column("by_user", Boolean, nullable=False, default=False),
    Column("article_id", ID, comment="the article whose resolution made it; null for a user's decision"),
    Index(None, "entity_id"),
    Index(None, "article_id"),
)

attributions = Table(
    "attributions",
    metadata,
    _id(),
    Column("article_id", ID, ForeignKey("articles.id"), nullable=False),
    *_span("source_"),
    Column("source_resolved", Text),
    Column("source_entity_id", ID, ForeignKey("entities.id")),
    *_span("cue_"),
    *_span("content_"),
    Column("content_spans", JSON, nullable=False, comment="every content piece"),
    Column("kind", String(8), nullable=False),
    Column("parent_id", ID, ForeignKey("attributions.id")),
    Index(None, "article_id"),
)

quotes = Table(
    "quotes",
    metadata,
    _id(),
    Column("article_id", ID, ForeignKey("articles.id"), nullable=False),
    *_span(),
    Column("pieces", JSON, nullable=False, comment="every quoted piece"),
    Column("kind", String(8), nullable=False),
    *_span("speaker_"),
    Column(
        "speaker_name", Text, nullable=False, comment="the fullest name the article gives; empty when unknown"
    ),
    Column("speaker_reason", Text, comment="why the speaker is empty"),
    *_span("verb_"),
    Column("floating", Boolean, nullable=False),
    Column("attribution_id", ID, comment="the attribution it comes from (a floating quote: its speaker's)"),
    Index(None, "article_id"),
)

claims = Table(
    "claims",
    metadata,
    _id(),
    Column("article_id", ID, ForeignKey("articles.id"), nullable=False),
    *_span(),
    Column("status", String(10), nullable=False),
    Column("hedges", JSON, nullable=False),
    Column("denials", JSON, nullable=False),
    Column("attribution_id", ID, ForeignKey("attributions.id")),
    Column("chain", JSON, nullable=False),
    Column("claimant", Text, nullable=False),
    Column("subjective", Boolean),
    Index(None, "article_id"),
)

quantity_claims = Table(
    "quantity_claims",
    metadata,
    _id(),
    Column("article_id", ID, ForeignKey("articles.id"), nullable=False),
    Column("claim_id", ID, ForeignKey("claims.id")),
    *_span(),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("bound", String(12), nullable=False),
    Column("vague", Boolean, nullable=False, default=False),
    Column("vague_word", Text),
    Column("counted_thing", Text),
    Column("action", Text),
    Column("claimant", Text, nullable=False),
    Column("place", Text),
    Column("window_text", Text),
    Column("window_start", String(32)),
    Column("window_end", String(32)),
    Column("parts", JSON, nullable=False),
    Index(None, "article_id"),
)

stories = Table(
    "stories",
    metadata,
    _id(),
    Column("label", Text, nullable=False),
    Column("first_published", String(32)),
    Column("last_published", String(32)),
    Column("key_entities", JSON, nullable=False),
    Column("pinned", Boolean, nullable=False, default=False),
    Column("family_id", ID, comment="the looser group (same kind of event) it was split from"),
    Index(None, "family_id"),
)

story_members = Table(
    "story_members",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id"), primary_key=True),
    Column("story_id", ID, ForeignKey("stories.id"), nullable=False),
    Column("pinned", Boolean, nullable=False, default=False, comment="placed by a user"),
    Index(None, "story_id"),
)

# What story clustering keeps to place the next article without re-reading the corpus.

story_signals = Table(
    "story_signals",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id"), primary_key=True),
    Column("family_id", ID, comment="null when the article was left out of stories"),
    Column("day", Float, comment="publication day (days since 1970-01-01), null when unknown"),
    Column("language", String(16)),
    Column("embedding", LargeBinary, nullable=False, comment="float32 embedding of title and lead"),
    Column("lead_terms", JSON, nullable=False),
    Column("terms", JSON, nullable=False),
    Column("bag", JSON, nullable=False, comment="names, numbers and dates"),
    Column("names", JSON, nullable=False),
    Column("note", Text, comment="why it was placed as it was, or left out"),
    Index(None, "family_id"),
)

story_families = Table(
    "story_families",
    metadata,
    _id(),
    Column("size", Integer, nullable=False),
    Column("embedding_sum", LargeBinary, nullable=False),
    Column("lead_sum", JSON, nullable=False),
    Column("terms_sum", JSON, nullable=False),
    Column("languages", JSON, nullable=False, comment="article count per language"),
    Column("first_day", Float),
    Column("last_day", Float),
)

story_terms = Table(
    "story_terms",
    metadata,
    Column("term", String(64), primary_key=True),
    Column("df", Integer, nullable=False, comment="articles using it; the empty term counts all"),
)

story_postings = Table(
    "story_postings",
    metadata,
    Column("term", String(64), primary_key=True),
    Column("article_id", ID, ForeignKey("articles.id"), primary_key=True),
    Index(None, "article_id"),
)

claim_groups = Table(
    "claim_groups",
    metadata,
    _id(),
    Column("story_id", ID, ForeignKey("stories.id"), nullable=False),
    Column("label", Text, nullable=False),
    Column("verdict", String(16)),
    Column("reasons", JSON, nullable=False),
    Column("n_articles", Integer, nullable=False, default=0),
    Column("n_copy_groups", Integer, nullable=False, default=0),
    Column("n_origins", Integer, nullable=False, default=0),
    Column("n_claimants", Integer, nullable=False, default=0),
    Column("origins", JSON, comment="the independent origins behind it"),
    Column("parties", JSON, comment="the claimants' sides behind it"),
    Index(None, "story_id"),
)

claim_group_members = Table(
    "claim_group_members",
    metadata,
    Column("claim_id", ID, ForeignKey("claims.id"), primary_key=True),
    Column("claim_group_id", ID, ForeignKey("claim_groups.id"), nullable=False),
    Column("article_id", ID),
    Column("status", String(16)),
    Column("claimant", Text, comment="the innermost claimant, resolved, else the outlet"),
    Column("origin", Text, comment="the independent origin it counts under"),
    Column("party", String(64), comment="the claimant's side; null when unknown"),
    Index(None, "claim_group_id"),
)

claim_group_relations = Table(
    "claim_group_relations",
    metadata,
    Column("source_id", ID, ForeignKey("claim_groups.id"), primary_key=True),
    Column("target_id", ID, ForeignKey("claim_groups.id"), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("reason", Text, nullable=False),
    Column("conflict", String(16), comment="numeric, denial or status when kind is conflicts"),
)

story_alignments = Table(
    "story_alignments",
    metadata,
    Column("story_id", ID, primary_key=True),
    Column("fingerprint", String(64), nullable=False, comment="members, their extraction and the aligner"),
    Column("aligned_at", DateTime(timezone=True), nullable=False),
    Column("note", Text, comment="what was left unaligned, and why"),
)

claim_vectors = Table(
    "claim_vectors",
    metadata,
    Column("claim_id", ID, primary_key=True),
    Column(
        "embedder",
        String(64),
        primary_key=True,
        comment="the embedder's name and the vector recipe's version",
    ),
    Column(
        "digest",
        String(32),
        nullable=False,
        comment="of the claim's text, sentence and weighting the vector was made from",
    ),
    Column("vector", LargeBinary, nullable=False, comment="little-endian float32, L2-normalised"),
)

claim_group_corrections = Table(
    "claim_group_corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("story_id", ID, nullable=False, comment="the story it was last applied to"),
    Column("kind", String(16), nullable=False, comment="merge, split, move, same-source, verdict, reviewed"),
    Column("claims", JSON, nullable=False, comment="the claims it is anchored to"),
    Column("targets", JSON, nullable=False, comment="merge and move: the claims of the group joined"),
    Column("origins", JSON, nullable=False, comment="same-source: the origins that are one"),
    Column("verdict", String(16)),
    Column("reason", Text, nullable=False),
    Column("author", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("group_ids", JSON, nullable=False, comment="the groups it holds for at the last alignment"),
    Column("note", Text, comment="why it no longer applies, when it does not"),
    Index(None, "story_id"),
)

ingest_jobs = Table(
    "ingest_jobs",
    metadata,
    Column("id", ID, primary_key=True),
    Column(
        "state", String(16), nullable=False, comment="queued, ingesting, analysing, done, failed, interrupted"
    ),
    Column("stage", String(32)),
    Column("done", Integer, nullable=False, comment="items the current step has done"),
    Column("summary", JSON, nullable=False, comment="the ingest counts"),
    Column("failures", JSON, nullable=False, comment="one line per input that could not be read"),
    Column("error", Text),
    Column("stories", JSON, nullable=False, comment="the stories the job's articles joined"),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
