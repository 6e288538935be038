"""Attributions, quotes, claims and quantity claims in the store, replaced per article."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, select, update
from sqlalchemy.engine import Connection

from corroborator.models import Claim, content_id
from corroborator.models import Span as TextSpan
from corroborator.store.claim_groups import delete_article_memberships
from corroborator.store.tables import articles, attributions, claims, parses, quantity_claims, quotes

Span = tuple[int, int]


def parse_inputs(connection: Connection, article_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The stored parse of each article (status, note, piece offsets, DocBin bytes)."""
    query = select(parses.c.article_id, parses.c.status, parses.c.note, parses.c.offsets, parses.c.doc).where(
        parses.c.article_id.in_(list(article_ids))
    )
    return {row["article_id"]: dict(row) for row in connection.execute(query).mappings()}


def save_attributions(
    connection: Connection,
    article_id: str,
    text: str,
    found: Sequence[
        tuple[tuple[Span, ...], tuple[Span, ...], tuple[Span, ...], str, str | None, tuple[Span, ...] | None]
    ],
) -> None:
    """Replace the article's attributions: (source pieces, cue pieces, content pieces, kind,
    the name a pronoun or description source stands for, the cue of the attribution it is
    nested in)."""
    connection.execute(delete(attributions).where(attributions.c.article_id == article_id))
    rows = []
    nesting: dict[str, str] = {}
    for source, cue, content, kind, resolved, parent_cue in found:
        if parent_cue is not None:
            nesting[attribution_id(article_id, cue)] = attribution_id(article_id, parent_cue)
        row: dict[str, Any] = {
            "id": attribution_id(article_id, cue),
            "article_id": article_id,
            "kind": kind,
            "source_resolved": resolved,
            "content_spans": [{"start": s, "end": e, "text": text[s:e]} for s, e in content],
        }
        for role, pieces in (("source", source), ("cue", cue), ("content", content)):
            start, end = (pieces[0][0], pieces[-1][1]) if pieces else (None, None)
            row[f"{role}_start_char"] = start
            row[f"{role}_end_char"] = end
            row[f"{role}_text"] = text[start:end] if start is not None else None
        rows.append(row)
    if rows:
        connection.execute(attributions.insert(), rows)
    # Parents are linked once every row exists (a parent may come later in the text).
    for child, parent in nesting.items():
        if child != parent:
            connection.execute(
                update(attributions).where(attributions.c.id == child).values(parent_id=parent)
            )


def attribution_id(article_id: str, cue: tuple[Span, ...]) -> str:
    """An attribution's id: its article and the place of its cue."""
    return content_id(article_id, "attribution", str(cue[0][0]), str(cue[-1][1]))


def clear_extraction(connection: Connection, article_id: str) -> None:
    """Remove what the extract stage stored for an article, those that point at others first
    (quantities at claims, claims and quotes at attributions), so that extracting again
    never trips a foreign key."""
    connection.execute(delete(quantity_claims).where(quantity_claims.c.article_id == article_id))
    delete_article_memberships(connection, article_id)
    connection.execute(delete(claims).where(claims.c.article_id == article_id))
    connection.execute(delete(quotes).where(quotes.c.article_id == article_id))


def save_quotes(connection: Connection, article_id: str, text: str, found: Sequence[Any]) -> None:
    """Add the article's quotes (after :func:`clear_extraction` and its attributions): each with
    ``pieces``, ``kind``, ``speaker``, ``speaker_name``, ``reason``, ``verb_span``, ``floating``
    and the cue of the attribution it comes from (None when none)."""
    rows: dict[str, dict[str, Any]] = {}
    for quote, cue in found:
        start, end = quote.pieces[0][0], quote.pieces[-1][1]
        row: dict[str, Any] = {
            "id": content_id(article_id, "quote", str(start), str(end)),
            "article_id": article_id,
            "start_char": start,
            "end_char": end,
            "text": text[start:end],
            "pieces": [{"start": s, "end": e, "text": text[s:e]} for s, e in quote.pieces],
            "kind": quote.kind.value,
            "speaker_name": quote.speaker_name,
            "speaker_reason": quote.reason,
            "floating": quote.floating,
            "attribution_id": attribution_id(article_id, cue) if cue is not None else None,
        }
        for role, span in (("speaker", quote.speaker), ("verb", quote.verb_span)):
            row[f"{role}_start_char"] = span[0] if span is not None else None
            row[f"{role}_end_char"] = span[1] if span is not None else None
            row[f"{role}_text"] = text[span[0] : span[1]] if span is not None else None
        rows[row["id"]] = row
    if rows:
        connection.execute(quotes.insert(), list(rows.values()))


def claim_id(article_id: str, span: Span) -> str:
    return content_id(article_id, "claim", str(span[0]), str(span[1]))


def save_claims(connection: Connection, article_id: str, text: str, found: Sequence[tuple[Any, Any]]) -> None:
    """Replace the article's claims: (claim, the attribution it comes from or None) pairs;
    a claim has span, status, hedges, denials, chain, claimant and subjective."""
    delete_article_memberships(connection, article_id)
    connection.execute(delete(claims).where(claims.c.article_id == article_id))
    rows = [
        {
            "id": claim_id(article_id, claim.span),
            "article_id": article_id,
            "start_char": claim.span[0],
            "end_char": claim.span[1],
            "text": text[claim.span[0] : claim.span[1]],
            "status": str(claim.status),
            "hedges": list(claim.hedges),
            "denials": list(claim.denials),
            "attribution_id": attribution_id(article_id, owner.cue) if owner is not None else None,
            "chain": list(claim.chain),
            "claimant": claim.claimant,
            "subjective": claim.subjective,
        }
        for claim, owner in found
    ]
    unique = list({row["id"]: row for row in rows}.values())
    if unique:
        connection.execute(claims.insert(), unique)


def quantity_id(article_id: str, span: Span) -> str:
    return content_id(article_id, "quantity", str(span[0]), str(span[1]))


def save_quantities(
    connection: Connection, article_id: str, text: str, found: Sequence[Any], claim_spans: Sequence[Any]
) -> None:
    """Replace the article's quantity claims, each linked to the smallest claim holding it
    and, for a stated total, to its parts."""
    connection.execute(delete(quantity_claims).where(quantity_claims.c.article_id == article_id))
    rows = {}
    for quantity in found:
        start, end = quantity.span
        holders = [c.span for c in claim_spans if c.span[0] <= start and end <= c.span[1]]
        holder = min(holders, key=lambda span: span[1] - span[0]) if holders else None
        window = quantity.window
        rows[quantity_id(article_id, quantity.span)] = {
            "id": quantity_id(article_id, quantity.span),
            "article_id": article_id,
            "claim_id": claim_id(article_id, holder) if holder is not None else None,
            "start_char": start,
            "end_char": end,
            "text": text[start:end],
            "value": quantity.value,
            "low": quantity.low,
            "high": quantity.high,
            "bound": quantity.bound,
            "vague": quantity.vague,
            "vague_word": quantity.vague_word,
            "counted_thing": quantity.counted_thing,
            "action": quantity.action,
            "claimant": quantity.claimant,
            "place": quantity.place,
            "window_text": window.text if window is not None else None,
            "window_start": window.start.value if window is not None and window.start is not None else None,
            "window_end": window.end.value if window is not None and window.end is not None else None,
            "parts": [quantity_id(article_id, part) for part in quantity.parts],
        }
    if rows:
        connection.execute(quantity_claims.insert(), list(rows.values()))


def iter_quantity_rows(connection: Connection) -> Iterator[dict[str, Any]]:
    """Every quantity claim of a current article with the article's external id, url and outlet."""
    return _per_article_rows(connection, quantity_claims, quantity_claims.c.start_char)


def set_genre(connection: Connection, article_id: str, genre: str) -> None:
    connection.execute(update(articles).where(articles.c.id == article_id).values(genre=genre))


def iter_claim_rows(connection: Connection) -> Iterator[dict[str, Any]]:
    """Every claim of a current article with the article's external id, url and outlet."""
    return _per_article_rows(connection, claims, claims.c.start_char)


def iter_attribution_rows(connection: Connection) -> Iterator[dict[str, Any]]:
    """Every attribution of a current article with the article's external id, url and outlet."""
    return _per_article_rows(connection, attributions, attributions.c.cue_start_char)


def _per_article_rows(
    connection: Connection, table: Table, position: ColumnElement[Any], chunk: int = 1000
) -> Iterator[dict[str, Any]]:
    """Rows of a per-article table for current articles, with the article's external id, url
    and outlet, in article and text order, a chunk at a time."""
    query = (
        select(table, articles.c.external_id, articles.c.url, articles.c.outlet_id)
        .join(articles, articles.c.id == table.c.article_id)
        .where(articles.c.is_current.is_(True))
        .order_by(table.c.article_id, position, table.c.id)
    )
    offset = 0
    while rows := connection.execute(query.limit(chunk).offset(offset)).mappings().all():
        yield from (dict(row) for row in rows)
        offset += len(rows)


def iter_claims(connection: Connection) -> Iterator[Claim]:
    """Every claim of a current article, typed, in article and text order."""
    return (claim_from_row(row) for row in iter_claim_rows(connection))


def claim_from_row(row: dict[str, Any]) -> Claim:
    """A stored claim row as the model stages and the Python API share."""
    return Claim(
        id=row["id"],
        article_id=row["article_id"],
        span=TextSpan(start=row["start_char"], end=row["end_char"], text=row["text"]),
        **{key: row[key] for key in _CLAIM_FIELDS},
    )


_CLAIM_FIELDS = ("status", "hedges", "denials", "attribution_id", "chain", "claimant", "subjective")
