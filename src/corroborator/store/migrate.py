"""Versioned migrations (Alembic): which one a store is at, and bringing it to the newest.

A SQLite file is one person's store: it is made and brought up to date when it is opened
(``make demo`` and a first ``ingest`` rely on that).  A PostgreSQL database is shared by a
team, so its migrations are applied once, on purpose, by ``corroborator db upgrade``; opening
one that is behind the code stops with one line that says so (see :func:`check`).
"""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from corroborator.errors import StoreBehind, StoreError

# SQLite's full-text search tables (migration 0011) and the shadow tables FTS5 keeps beside
# them: made by raw SQL, so they are no part of the declared schema and comparisons skip them.
SEARCH_TABLES = ("articles_fts", "claim_groups_fts")


def declared(name: str | None, kind: str, parents: object = None) -> bool:
    """Whether a reflected table belongs to the declared schema (alembic's ``include_name``)."""
    return kind != "table" or not any(name == t or (name or "").startswith(f"{t}_") for t in SEARCH_TABLES)


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("corroborator.store") / "migrations"))
    config.attributes["connection"] = connection
    return config


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str | None:
    return _scripts().get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def is_current(connection: Connection) -> bool:
    return current_revision(connection) == head_revision()


def _known(revision: str) -> bool:
    return any(script.revision == revision for script in _scripts().walk_revisions())


def check(connection: Connection, shown: str) -> None:
    """Raise with what to run when the store ``shown`` (its path or URL) is not at the newest migration."""
    current, head = current_revision(connection), head_revision()
    if current == head:
        return
    upgrade = f"run `corroborator db upgrade --db {shown}`"
    if current is None:
        raise StoreBehind(f"the database '{shown}' has no Corroborator tables yet: {upgrade} to create them")
    if not _known(current):
        raise StoreError(
            f"the database '{shown}' is at migration {current}, which this version of Corroborator "
            f"does not know (its newest is {head}): install the version that made it, or a newer one"
        )
    raise StoreBehind(
        f"the database '{shown}' is at migration {current} and this version of Corroborator needs {head}: "
        f"{upgrade} (once, for everyone who uses it)"
    )


def upgrade(connection: Connection, shown: str) -> str | None:
    """Bring the schema to the newest migration (a no-op when it is already there); the
    revision it was at before."""
    before = current_revision(connection)
    if before != head_revision():
        if before is not None and not _known(before):
            check(connection, shown)  # a newer Corroborator made it: says so
        command.upgrade(alembic_config(connection), "head")
    return before
