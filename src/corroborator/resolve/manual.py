"""A person's corrections of entities: merge two, or split names off one.

Each correction is kept as overrides on the names involved (kind and folded alias), so
that a later run of the entities stage routes those names the same way instead of
undoing it, and as evidence marked ``by_user``.
"""

from __future__ import annotations

from corroborator.errors import CorroboratorError
from corroborator.models import content_id
from corroborator.resolve.article import mention_name
from corroborator.resolve.names import alias_key, clean
from corroborator.store import Connection
from corroborator.store import entities as store


def _entity(connection: Connection, entity_id: str) -> store.EntityRow:
    found = store.get_entities(connection, [entity_id])
    if entity_id not in found:
        raise CorroboratorError(f"no entity '{entity_id}': list them with `corroborator entities`")
    return found[entity_id]


def merge(connection: Connection, keep: str, other: str) -> int:
    """Entity OTHER into entity KEEP; returns how many mentions moved."""
    if keep == other:
        raise CorroboratorError("an entity cannot be merged with itself: give two different ids")
    kept, gone = _entity(connection, keep), _entity(connection, other)
    if kept.kind != gone.kind:
        raise CorroboratorError(
            f"'{keep}' is a {kept.kind} and '{other}' a {gone.kind}: only one kind merges"
        )
    moved = len(store.entity_mentions(connection, other))
    for alias in gone.aliases:
        key = alias_key(gone.kind, alias)
        store.forget_split(connection, key, keep)
        store.add_override(connection, "merge", key, keep)
    store.move_entity(connection, other, keep)
    kept.aliases = list(dict.fromkeys([*kept.aliases, *gone.aliases]))
    kept.descriptions = list(dict.fromkeys([*kept.descriptions, *gone.descriptions]))
    store.save_entity(connection, kept, new=False)
    store.add_evidence(connection, keep, [(kept.name, gone.name, "user merge", None)], by_user=True)
    return moved


def split(connection: Connection, entity_id: str, aliases: list[str]) -> str:
    """The mentions of ENTITY named by ALIASES into a new entity; returns its id."""
    entity = _entity(connection, entity_id)
    wanted = {alias_key(entity.kind, alias) for alias in aliases}
    known = {alias_key(entity.kind, alias) for alias in entity.aliases}
    if not wanted <= known:
        missing = sorted(a for a in aliases if alias_key(entity.kind, a) not in known)
        raise CorroboratorError(
            f"entity '{entity_id}' has no alias {', '.join(repr(m) for m in missing)}: its aliases are "
            f"{', '.join(repr(a) for a in entity.aliases)}"
        )
    if wanted == known:
        raise CorroboratorError("splitting every alias off leaves nothing behind: name only some of them")
    moving = []
    for mention in store.mentions_around(connection, entity_id=entity_id):
        name = mention_name(mention | {"label": entity.kind}, mention["around"] or "")
        if name is not None and name.alias_key in wanted:
            moving.append(mention["id"])
    new_id = content_id("split", entity_id, *sorted(wanted))
    split_aliases = [a for a in entity.aliases if alias_key(entity.kind, a) in wanted]
    new = store.EntityRow(new_id, split_aliases[0], entity.kind, split_aliases, [])
    store.save_entity(connection, new, new=not store.get_entities(connection, [new_id]))
    names = [n for n in (clean(a, entity.kind) for a in split_aliases) if n is not None]
    store.add_keys(connection, new_id, {key for n in names for key in n.keys})
    store.link_mentions(connection, moving, new_id)
    for key in sorted(wanted):
        store.add_override(connection, "split", key, entity_id)
        store.add_override(connection, "merge", key, new_id)
    entity.aliases = [a for a in entity.aliases if alias_key(entity.kind, a) not in wanted]
    store.save_entity(connection, entity, new=False)
    store.add_evidence(
        connection,
        new_id,
        [(entity.name, alias, "user split", None) for alias in split_aliases],
        by_user=True,
    )
    return new_id
