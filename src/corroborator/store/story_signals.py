"""What story clustering keeps in the store to place the next article without re-reading
the corpus: each article's signal, families and their centroids, term counts and postings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from corroborator.store.tables import (
    articles,
    copy_group_members,
    stories,
    story_families,
    story_members,
    story_postings,
    story_signals,
    story_terms,
)
from corroborator.store.upsert import add_to

ALL = ""  # the story_terms row whose df counts every article with a signal
DATE_KEY = "e:"  # an event date kept in the bag column ("names, numbers and dates"), not compared as one


@dataclass
class Family:
    id: str
    size: int
    embedding_sum: np.ndarray
    lead_sum: dict[str, float]
    terms_sum: dict[str, float]
    languages: dict[str, int]
    first_day: float | None
    last_day: float | None


@dataclass
class Member:
    article_id: str
    embedding: np.ndarray
    lead_terms: dict[str, float]
    terms: dict[str, float]
    bag: dict[str, float]
    names: list[str]
    day: float | None
    language: str | None
    story_id: str | None
    pinned: bool
    title: str | None
    published: str | None
    copy_group: str | None = None
    dates: dict[str, float] = field(default_factory=dict)


# ---- term statistics -------------------------------------------------------------------


def document_frequencies(connection: Connection, terms: Iterable[str]) -> tuple[dict[str, int], int]:
    """``({term: df}, articles counted)`` for the given terms."""
    wanted = sorted(set(terms) | {ALL})
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = connection.execute(
            select(story_terms.c.term, story_terms.c.df).where(story_terms.c.term.in_(chunk))
        )
        found.update({row[0]: row[1] for row in rows})
    total = found.pop(ALL, 0)
    return found, total


def all_document_frequencies(connection: Connection) -> tuple[dict[str, int], int]:
    """Every term's document frequency, and the number of articles counted."""
    rows = connection.execute(select(story_terms.c.term, story_terms.c.df))
    found: dict[str, int] = {row[0]: row[1] for row in rows}
    return found, found.pop(ALL, 0)


def count_terms(connection: Connection, terms: Iterable[str], step: int) -> None:
    """Add ``step`` (1 or -1) to the document frequency of each term and of the total."""
    wanted = sorted(set(terms) | {ALL})
    if step > 0:
        add_to(connection, story_terms, [{"term": term, "df": step} for term in wanted], "df")
        return
    connection.execute(
        update(story_terms).where(story_terms.c.term.in_(wanted)).values(df=story_terms.c.df + step)
    )
    connection.execute(delete(story_terms).where(story_terms.c.df <= 0, story_terms.c.term != ALL))


def set_document_frequency(connection: Connection, term: str, df: int) -> None:
    """Write one term's count as given (bulk loads and benchmarks)."""
    done = connection.execute(update(story_terms).where(story_terms.c.term == term).values(df=df))
    if done.rowcount == 0:
        connection.execute(insert(story_terms).values(term=term, df=df))


# ---- signals and postings --------------------------------------------------------------


def save_signal(
    connection: Connection,
    article_id: str,
    *,
    family_id: str | None,
    day: float | None,
    language: str | None,
    embedding: np.ndarray,
    lead_terms: dict[str, float],
    terms: dict[str, float],
    bag: dict[str, float],
    names: Sequence[str],
    note: str | None,
    postings: Iterable[str],
    dates: Mapping[str, float] | None = None,
) -> None:
    connection.execute(
        insert(story_signals).values(
            article_id=article_id,
            family_id=family_id,
            day=day,
            language=language,
            embedding=np.asarray(embedding, dtype=np.float32).tobytes(),
            lead_terms=lead_terms,
            terms=terms,
            bag={**bag, **{DATE_KEY + key: weight for key, weight in (dates or {}).items()}},
            names=list(names),
            note=note,
        )
    )
    rows = [{"term": term[:64], "article_id": article_id} for term in sorted({p[:64] for p in postings})]
    if rows:
        connection.execute(insert(story_postings), rows)


def signal_row(connection: Connection, article_id: str) -> dict[str, Any] | None:
    row = (
        connection.execute(select(story_signals).where(story_signals.c.article_id == article_id))
        .mappings()
        .first()
    )
    return dict(row) if row is not None else None


def delete_signal(connection: Connection, article_id: str) -> None:
    connection.execute(delete(story_postings).where(story_postings.c.article_id == article_id))
    connection.execute(delete(story_signals).where(story_signals.c.article_id == article_id))


def families_sharing(
    connection: Connection, terms: Sequence[str], *, limit: int, exclude: str
) -> list[tuple[str, int]]:
    """Families whose articles share posting terms with the given ones, most shared first."""
    if not terms:
        return []
    shared = func.count()
    query = (
        select(story_signals.c.family_id, shared)
        .join(story_postings, story_postings.c.article_id == story_signals.c.article_id)
        .where(
            story_postings.c.term.in_([t[:64] for t in terms]),
            story_signals.c.family_id.is_not(None),
            story_signals.c.article_id != exclude,
        )
        .group_by(story_signals.c.family_id)
        .order_by(shared.desc(), story_signals.c.family_id)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in connection.execute(query)]


# ---- families ----------------------------------------------------------------------------


def _family(row: Any) -> Family:
    return Family(
        id=row.id,
        size=row.size,
        embedding_sum=np.frombuffer(row.embedding_sum, dtype=np.float32).copy(),
        lead_sum=dict(row.lead_sum),
        terms_sum=dict(row.terms_sum),
        languages=dict(row.languages),
        first_day=row.first_day,
        last_day=row.last_day,
    )


def get_families(connection: Connection, ids: Iterable[str]) -> dict[str, Family]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = connection.execute(select(story_families).where(story_families.c.id.in_(wanted)))
    return {row.id: _family(row) for row in rows}


def iter_family_centroids(
    connection: Connection,
) -> Iterator[tuple[str, np.ndarray, float | None, float | None]]:
    """Every family's id, mean embedding and day span (to build an in-memory index)."""
    query = select(
        story_families.c.id,
        story_families.c.size,
        story_families.c.embedding_sum,
        story_families.c.first_day,
        story_families.c.last_day,
    ).order_by(story_families.c.id)
    for row in connection.execute(query):
        vector = np.frombuffer(row.embedding_sum, dtype=np.float32) / max(row.size, 1)
        yield row.id, vector, row.first_day, row.last_day


def save_family(connection: Connection, family: Family) -> None:
    values = {
        "size": family.size,
        "embedding_sum": np.asarray(family.embedding_sum, dtype=np.float32).tobytes(),
        "lead_sum": family.lead_sum,
        "terms_sum": family.terms_sum,
        "languages": family.languages,
        "first_day": family.first_day,
        "last_day": family.last_day,
    }
    done = connection.execute(update(story_families).where(story_families.c.id == family.id).values(**values))
    if done.rowcount == 0:
        connection.execute(insert(story_families).values(id=family.id, **values))


def delete_family(connection: Connection, family_id: str) -> None:
    connection.execute(delete(story_families).where(story_families.c.id == family_id))


def move_family(connection: Connection, source: str, target: str) -> None:
    """Every article and story of family ``source`` now belongs to ``target``."""
    connection.execute(
        update(story_signals).where(story_signals.c.family_id == source).values(family_id=target)
    )
    connection.execute(update(stories).where(stories.c.family_id == source).values(family_id=target))


def _with_placement(*columns: Any) -> Any:
    """``columns`` of story_signals rows with each article's story, pin and copy group."""
    return (
        select(
            *columns,
            story_members.c.story_id,
            story_members.c.pinned,
            copy_group_members.c.copy_group_id,
        )
        .outerjoin(story_members, story_members.c.article_id == story_signals.c.article_id)
        .outerjoin(copy_group_members, copy_group_members.c.article_id == story_signals.c.article_id)
    )


def _members_query() -> Any:
    return _with_placement(story_signals, articles.c.title, articles.c.published).join(
        articles, articles.c.id == story_signals.c.article_id
    )


def roster(
    connection: Connection,
    *,
    family_id: str | None = None,
    story_id: str | None = None,
    limit: int | None = None,
) -> list[tuple[str, str | None, bool, str | None]]:
    """``(article, story, pinned, copy group)`` of a family's or a story's members, without
    their signals."""
    query = _with_placement(story_signals.c.article_id).order_by(story_signals.c.article_id)
    if family_id is not None:
        query = query.where(story_signals.c.family_id == family_id)
    if story_id is not None:
        query = query.where(story_members.c.story_id == story_id)
    if limit is not None:
        query = query.limit(limit)
    return [(row[0], row[1], bool(row[2]), row[3]) for row in connection.execute(query)]


def members_by_id(connection: Connection, article_ids: Sequence[str]) -> list[Member]:
    query = _members_query().where(story_signals.c.article_id.in_(list(article_ids)))
    return [_member(row) for row in connection.execute(query).mappings()]


def _member(row: Any) -> Member:
    return Member(
        article_id=row["article_id"],
        embedding=np.frombuffer(row["embedding"], dtype=np.float32),
        lead_terms=dict(row["lead_terms"]),
        terms=dict(row["terms"]),
        bag={key: weight for key, weight in row["bag"].items() if not key.startswith(DATE_KEY)},
        dates={
            key[len(DATE_KEY) :]: weight for key, weight in row["bag"].items() if key.startswith(DATE_KEY)
        },
        names=list(row["names"]),
        day=row["day"],
        language=row["language"],
        story_id=row["story_id"],
        pinned=bool(row["pinned"]),
        title=row["title"],
        published=row["published"],
        copy_group=row.get("copy_group_id"),
    )


def story_members_of(connection: Connection, story_id: str, limit: int | None = None) -> list[Member]:
    query = _members_query().where(story_members.c.story_id == story_id).order_by(story_signals.c.article_id)
    if limit is not None:
        query = query.limit(limit)
    return [_member(row) for row in connection.execute(query).mappings()]


def family_of_stories(connection: Connection, story_ids: Iterable[str]) -> dict[str, str | None]:
    """The family of each given story."""
    wanted = sorted(set(story_ids))
    if not wanted:
        return {}
    rows = connection.execute(select(stories.c.id, stories.c.family_id).where(stories.c.id.in_(wanted)))
    return {row[0]: row[1] for row in rows}


def reset_clustering(connection: Connection) -> None:
    """Forget every signal, family, posting and term count; stories and their members
    (users' placements among them) stay, for the next placements to keep their ids."""
    for table in (story_postings, story_signals, story_families, story_terms):
        connection.execute(delete(table))


def by_article(connection: Connection, column: Any, article_ids: Sequence[str]) -> dict[str, Any]:
    """``{article id: value}`` of ``column`` (a column of a table keyed by ``article_id``)
    for the given articles, where it is set; read 500 ids at a time."""
    key = column.table.c.article_id
    found: dict[str, Any] = {}
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        rows = connection.execute(select(key, column).where(key.in_(chunk), column.is_not(None)))
        found.update({row[0]: row[1] for row in rows})
    return found


def family_of(connection: Connection, article_ids: Sequence[str]) -> dict[str, str]:
    return by_article(connection, story_signals.c.family_id, article_ids)


def notes_of(connection: Connection, article_ids: Sequence[str]) -> dict[str, str]:
    return by_article(connection, story_signals.c.note, article_ids)
