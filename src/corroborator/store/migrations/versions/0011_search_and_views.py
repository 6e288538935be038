"""full-text search on articles and claim groups (SQLite), and views of claims by outlet and in context

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08 00:00:00

Search is kept in step by triggers rather than rebuilt by a command: every writer (ingest,
analyse, corrections, the web app, a second process) goes through the same tables, so a trigger
is the one place that cannot be forgotten, and a search never shows a stale or deleted article.
The FTS5 tables use external content (``content="articles"``), so the text is stored once, and
the quoted spelling is the one Datasette looks for to offer a search box on the table itself.

PostgreSQL has its own full-text search and no FTS5: the search tables are skipped there; the
views are plain SQL and made on both.
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# (search table, the table it indexes, the columns indexed)
SEARCHED = [("articles_fts", "articles", ("title", "text")), ("claim_groups_fts", "claim_groups", ("label",))]

VIEWS = {
    # One row per claim group and outlet: which outlets carry which claim, and how often.
    "claims_by_outlet": """
        SELECT g.story_id AS story_id, g.id AS claim_group_id, g.label AS claim_group, g.verdict AS verdict,
               o.id AS outlet_id, o.name AS outlet,
               COUNT(*) AS claims, COUNT(DISTINCT a.id) AS articles
        FROM claim_group_members AS m
        JOIN claim_groups AS g ON g.id = m.claim_group_id
        JOIN claims AS c ON c.id = m.claim_id
        JOIN articles AS a ON a.id = c.article_id
        JOIN outlets AS o ON o.id = a.outlet_id
        GROUP BY g.story_id, g.id, g.label, g.verdict, o.id, o.name
    """,
    # Every claim beside the article and outlet it was read from, and the group it joined.
    "claims_with_articles": """
        SELECT c.id AS claim_id, c.text AS claim, c.status AS status, c.claimant AS claimant,
               a.id AS article_id, a.title AS title, a.url AS url, a.published AS published,
               o.id AS outlet_id, o.name AS outlet,
               g.id AS claim_group_id, g.label AS claim_group, g.verdict AS verdict, g.story_id AS story_id
        FROM claims AS c
        JOIN articles AS a ON a.id = c.article_id
        JOIN outlets AS o ON o.id = a.outlet_id
        LEFT JOIN claim_group_members AS m ON m.claim_id = c.id
        LEFT JOIN claim_groups AS g ON g.id = m.claim_group_id
    """,
}


def _triggers(search: str, table: str, columns: tuple[str, ...]) -> list[str]:
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    add = f"INSERT INTO {search}(rowid, {names}) VALUES (new.rowid, {new});"
    remove = f"INSERT INTO {search}({search}, rowid, {names}) VALUES ('delete', old.rowid, {old});"
    return [
        f"CREATE TRIGGER {search}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {search}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {search}_update AFTER UPDATE OF {names} ON {table} BEGIN {remove} {add} END",
    ]


def upgrade() -> None:
    for name, body in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {body}")
    if op.get_bind().dialect.name != "sqlite":
        return
    for search, table, columns in SEARCHED:
        op.execute(f'CREATE VIRTUAL TABLE {search} USING fts5({", ".join(columns)}, content="{table}")')
        for trigger in _triggers(search, table, columns):
            op.execute(trigger)
        op.execute(f"INSERT INTO {search}({search}) VALUES ('rebuild')")  # what is stored already


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for search, _table, _columns in SEARCHED:
            for suffix in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {search}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {search}")
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
