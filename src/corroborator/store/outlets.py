"""Outlet facts a user supplies: country, state affiliation, wire service.

Origins and parties read them (an outlet's own voice speaks for its state when it is
state-affiliated); a change re-aligns the stories the outlet's articles are in, since
the story fingerprint covers its members' outlet facts (see ``align_inputs``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.engine import Connection

from corroborator.store.articles import host_of, outlet_id_for
from corroborator.store.tables import outlets
from corroborator.store.upsert import insert_new


@dataclass(frozen=True)
class OutletFacts:
    """What a user says of one outlet. ``outlet`` is its id, host, a URL of it, or its name;
    a fact left ``None`` is left as stored."""

    outlet: str
    name: str | None = None
    country: str | None = None
    state_affiliated: bool | None = None
    wire_service: bool | None = None


def find_outlet(connection: Connection, key: str) -> str | None:
    """The stored outlet ``key`` names: by id, host (a URL's too) or name, case aside."""
    key = key.strip()
    host = host_of(key) if "://" in key else key.lower().removeprefix("www.")
    query = select(outlets.c.id).where(
        or_(
            outlets.c.id == key,
            outlets.c.id == host,
            func.lower(outlets.c.host) == host,
            func.lower(outlets.c.name) == key.lower(),
        )
    )
    found = sorted(connection.execute(query).scalars())
    return found[0] if found else None


def set_outlet_facts(connection: Connection, facts: OutletFacts) -> tuple[str, bool]:
    """Store the facts, creating the outlet when none is stored under that key (articles
    ingested later join it); returns the outlet id and whether it was created."""
    outlet_id = find_outlet(connection, facts.outlet)
    created = outlet_id is None
    if outlet_id is None:
        key = facts.outlet.strip()
        host = host_of(key) if "://" in key else (key.lower().removeprefix("www.") if _is_host(key) else None)
        outlet_id = outlet_id_for(None if host else key, host)
        insert_new(connection, outlets, [{"id": outlet_id, "name": facts.name or host or key, "host": host}])
    values: dict[str, Any] = {
        column: value
        for column, value in (
            ("name", facts.name),
            ("country", facts.country),
            ("state_affiliated", facts.state_affiliated),
            ("wire_service", facts.wire_service),
        )
        if value is not None
    }
    if values:
        connection.execute(update(outlets).where(outlets.c.id == outlet_id).values(**values))
    return outlet_id, created


def _is_host(text: str) -> bool:
    return "." in text and " " not in text and "/" not in text
