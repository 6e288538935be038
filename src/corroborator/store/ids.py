"""Ids given by their first characters, as people type them from a listing.

Every id is a 16-character content hash; a command accepts any prefix that names one row of
its kind, and says in one line when a prefix names several.  A prefix that names none is
passed on unchanged, so the caller's own "no story '...'" line (with what to run) applies.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Connection

from corroborator.errors import AmbiguousId
from corroborator.store.tables import articles, claim_groups, claims, entities, stories

Kind = Literal["story", "entity", "claim group", "claim", "article"]

_TABLES: dict[str, tuple[Table, str]] = {
    "story": (stories, "`corroborator stories`"),
    "entity": (entities, "`corroborator entities`"),
    "claim group": (claim_groups, "`corroborator claim-groups`"),
    "claim": (claims, "`corroborator export claims`"),
    "article": (articles, "`corroborator export articles`"),
}


def complete_id(connection: Connection, kind: Kind, given: str) -> str:
    """The whole id of the one ``kind`` whose id starts with ``given`` (``given`` itself when it
    is a whole id, or names none); AmbiguousId when several start with it."""
    table, listing = _TABLES[kind]
    query = select(table.c.id)
    if kind == "article":  # earlier revisions keep their ids but are not what people mean
        query = query.where(articles.c.is_current.is_(True))
    if not given or connection.execute(query.where(table.c.id == given)).first() is not None:
        return given
    starts = func.substr(table.c.id, 1, len(given)) == given
    found = list(connection.execute(query.where(starts).order_by(table.c.id).limit(3)).scalars())
    if len(found) > 1:
        shown = ", ".join(found[:2]) + (", ..." if len(found) > 2 else "")
        raise AmbiguousId(
            f"'{given}' starts the id of more than one {kind} ({shown}): give more of it, as {listing} shows"
        )
    return str(found[0]) if found else given


def complete_ids(connection: Connection, kind: Kind, given: list[str]) -> list[str]:
    return [complete_id(connection, kind, one) for one in given]
