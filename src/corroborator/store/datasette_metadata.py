"""Datasette metadata for a store: what each table and column holds, names instead of hashes,
search boxes, and the internal tables hidden.

A store is a plain SQLite file, so Datasette opens it as is; this adds what it cannot guess.
Column descriptions are the comments the schema already declares (``tables.py``), with a few
more here for columns whose name alone does not say enough.  The search tables and views are
made by migration 0011.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import String

from corroborator.errors import StoreError
from corroborator.models.claim import EpistemicStatus
from corroborator.models.story import Verdict
from corroborator.store.base import Store
from corroborator.store.tables import metadata

# Tables kept for the pipeline's own bookkeeping: hidden from the table list (still queryable).
INTERNAL = (
    "alembic_version",
    "claim_vectors",
    "entity_keys",
    "ingest_jobs",
    "minhash_bands",
    "minhash_signatures",
    "parses",
    "stage_claims",
    "stage_runs",
    "story_alignments",
    "story_families",
    "story_postings",
    "story_signals",
    "story_terms",
)

DESCRIPTIONS = {
    "outlets": "The outlets articles come from: one row per publisher, keyed by host name.",
    "articles": "Every stored article, one row per revision; the newest revision has is_current.",
    "copy_groups": "Articles that are copies of one another (wire copy, syndication, reposts).",
    "copy_group_members": "Which copy group each article belongs to, and how alike it is.",
    "entities": "People, organisations and places named in the articles, with every spelling seen.",
    "entity_overrides": "People's corrections of entities: aliases merged into or split from one.",
    "mentions": "Each place an article names an entity.",
    "entity_merge_evidence": "Why two spellings were taken as one entity.",
    "attributions": "Who an article says said what: source, cue word and content.",
    "quotes": "Direct and indirect quotations, with their speaker.",
    "claims": "Claims read from an article, with who makes them and how firmly.",
    "quantity_claims": "Claims of a number: how many, of what, where and when.",
    "stories": "Events that several articles report.",
    "story_members": "Which story each article belongs to.",
    "claim_groups": "One claim as several outlets tell it, with its verdict and who stands behind it.",
    "claim_group_members": "The claims that make up each claim group.",
    "claim_group_relations": "Claim groups that confirm, refine or conflict with one another.",
    "claim_group_corrections": "People's corrections of claim groups: the audit trail.",
    "ingest_runs": "Each ingest: when, from what, and how many articles were new or failed.",
    "ingest_failures": "Inputs an ingest could not read, and why.",
}

VIEW_DESCRIPTIONS = {
    "claims_by_outlet": "Claim x outlet: for each claim group, the outlets that carry it and how often.",
    "claims_with_articles": "Every claim beside its article, outlet and claim group.",
}

# Shown in place of a row's id wherever another table points at it.
LABELS = {
    "outlets": "name",
    "articles": "title",
    "entities": "name",
    "claims": "text",
    "stories": "label",
    "claim_groups": "label",
    "attributions": "content_text",
}

SEARCHES = {"articles": "articles_fts", "claim_groups": "claim_groups_fts"}

# Columns whose name alone says too little, wherever they appear (a declared comment wins).
COLUMNS = {
    "article_id": "the article it was read from",
    "outlet_id": "the outlet's host name",
    "story_id": "the story it belongs to",
    "claim_group_id": "the claim group it joined",
    "entity_id": "the entity it names",
    "start_char": "where it starts in the article's text (characters)",
    "end_char": "where it ends in the article's text (characters)",
    "verdict": "what the sources amount to: " + ", ".join(Verdict),
    "claimant": "who makes the claim",
    "status": "how firmly the claim is made: " + ", ".join(EpistemicStatus),
}


IDS = {"outlets": "the outlet's host name, or its name when it has no web address"}


def _id(table: str) -> str:
    if table in IDS:
        return IDS[table]
    hashed = isinstance(metadata.tables[table].columns["id"].type, String)
    return "content hash of what the row holds" if hashed else "a number, in the order rows were written"


def _columns(table: str) -> dict[str, str]:
    described = {"id": _id(table)} if "id" in metadata.tables[table].columns else {}
    for column in metadata.tables[table].columns:
        comment = column.comment or COLUMNS.get(column.name)
        if comment:
            described[column.name] = comment
    return described


def _table(name: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"description": DESCRIPTIONS[name], "columns": _columns(name)}
    if name in LABELS:
        entry["label_column"] = LABELS[name]
    if name in SEARCHES:
        entry["fts_table"] = SEARCHES[name]
    return entry


def datasette_metadata(store: Store) -> dict[str, Any]:
    """Datasette metadata (``datasette FILE -m metadata.json``) for a SQLite store.

    Datasette names a database after its file, so the metadata is for this file's name."""
    if not store.is_sqlite:
        raise StoreError(
            f"Datasette opens SQLite files only, and '{store.shown}' is not one: "
            "pass --db with the path of a SQLite store"
        )
    name = Path(store.url.removeprefix("sqlite:///")).stem
    tables: dict[str, Any] = {name: _table(name) for name in DESCRIPTIONS}
    tables.update({name: {"description": text} for name, text in VIEW_DESCRIPTIONS.items()})
    tables.update({name: {"hidden": True} for name in INTERNAL})
    return {
        "title": "Corroborator",
        "description": "Who says what across news reports, who confirms it, and where accounts conflict.",
        "databases": {name: {"tables": tables}},
    }
