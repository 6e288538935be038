"""Reading quotes back, each with the entity its speaker is (for exports and the dossier).

The speaker's entity is found from the mentions the entities stage linked: a linked mention
inside the speaker's words ("Harbour manager Agnes Lindqvist"), else, for a speaker named
elsewhere ("she", a floating quote), a linked mention of the same article whose words or
entity name are the quote's resolved speaker name. None before the entities stage has run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from corroborator.store.tables import articles, entities, mentions, quotes

_CHUNK = 500


def iter_quote_rows(connection: Connection, chunk: int = 1000) -> Iterator[dict[str, Any]]:
    """Every quote of a current article, in article and text order, with the article's
    external id, url and outlet and the speaker's ``speaker_entity_id`` and ``speaker_entity_name``."""
    query = (
        select(quotes, articles.c.external_id, articles.c.url, articles.c.outlet_id)
        .join(articles, articles.c.id == quotes.c.article_id)
        .where(articles.c.is_current.is_(True))
        .order_by(quotes.c.article_id, quotes.c.start_char, quotes.c.id)
    )
    offset = 0
    while rows := [dict(row) for row in connection.execute(query.limit(chunk).offset(offset)).mappings()]:
        yield from _with_speakers(connection, rows)
        offset += len(rows)


def quotes_of(connection: Connection, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The quotes of these articles, in article and text order, with their speakers' entities."""
    found: list[dict[str, Any]] = []
    for start in range(0, len(article_ids), _CHUNK):
        query = select(quotes).where(quotes.c.article_id.in_(list(article_ids[start : start + _CHUNK])))
        found.extend(dict(row) for row in connection.execute(query).mappings())
    found.sort(key=lambda r: (r["article_id"], r["start_char"], r["id"]))
    return _with_speakers(connection, found)


def _with_speakers(connection: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    linked = _linked_mentions(connection, {row["article_id"] for row in rows})
    for row in rows:
        found = speaker_entity(row, linked.get(row["article_id"], ()))
        row["speaker_entity_id"], row["speaker_entity_name"] = found if found else (None, None)
    return rows


def speaker_entity(quote: dict[str, Any], linked: Iterable[dict[str, Any]]) -> tuple[str, str] | None:
    """The (entity id, name) a quote's speaker is, from its article's linked mentions: a
    person named in the speaker's words, or the name the words end with ("Russia's Defence
    Ministry", not the "Russian" of "Russian officials"); else a mention whose words, entity
    name or alias are the quote's resolved speaker name."""
    candidates = list(linked)
    start, end = quote["speaker_start_char"], quote["speaker_end_char"]
    if start is not None:
        inside = [
            m
            for m in candidates
            if start <= m["start_char"]
            and m["end_char"] <= end
            and (m["label"] == "PERSON" or _ends_with(quote, m["end_char"]))
        ]
        inside.sort(key=lambda m: (m["label"] != "PERSON", m["start_char"]))
        if inside:
            return inside[0]["entity_id"], inside[0]["entity_name"]
    name = (quote["speaker_name"] or "").casefold()
    if not name:
        return None
    for mention in candidates:
        names = {str(mention["text"]), str(mention["entity_name"]), *(mention["entity_aliases"] or ())}
        if name in {n.casefold() for n in names}:
            return mention["entity_id"], mention["entity_name"]
    return None


def _ends_with(quote: dict[str, Any], position: int) -> bool:
    """Whether nothing but a possessive or punctuation follows ``position`` in the speaker's words."""
    rest = str(quote["speaker_text"])[position - quote["speaker_start_char"] :]
    return not rest.replace("'s", "").replace("’s", "").strip(" ,.'’")


def _linked_mentions(connection: Connection, article_ids: set[str]) -> dict[str, list[dict[str, Any]]]:
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    wanted = sorted(article_ids)
    for start in range(0, len(wanted), _CHUNK):
        query = (
            select(mentions, entities.c.name.label("entity_name"), entities.c.aliases.label("entity_aliases"))
            .join(entities, entities.c.id == mentions.c.entity_id)
            .where(mentions.c.article_id.in_(wanted[start : start + _CHUNK]))
            .order_by(mentions.c.start_char)
        )
        for row in connection.execute(query).mappings():
            by_article[row["article_id"]].append(dict(row))
    return by_article
