"""What the dossier and the web app read: one story's articles and findings, one article
with everything found in it, entities and outlets with counts, and the story search.

Reading only; the pipeline's stages write everything read here.  The search treats the
user's words as text: ``%``, ``_`` and the escape character are escaped before they reach
``LIKE``, so no character of a query is a pattern (SQLite and PostgreSQL alike)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, and_, exists, func, or_, select
from sqlalchemy.engine import Connection

from corroborator.errors import CorroboratorError
from corroborator.store.tables import (
    articles,
    attributions,
    claim_groups,
    claims,
    copy_group_members,
    copy_groups,
    entities,
    entity_merge_evidence,
    mentions,
    outlets,
    quantity_claims,
    stories,
    story_members,
)

CHUNK = 500
ESCAPE = "\\"


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def _article_columns() -> list[Any]:
    return [
        articles.c.id,
        articles.c.external_id,
        articles.c.url,
        articles.c.outlet_id,
        outlets.c.name.label("outlet_name"),
        articles.c.title,
        articles.c.author,
        articles.c.published,
        articles.c.published_start,
        articles.c.language,
        articles.c.genre,
        copy_group_members.c.copy_group_id.label("copy_group"),
        copy_group_members.c.matched_with,
        copy_groups.c.size.label("copy_group_size"),
        copy_groups.c.representative_id.label("copy_representative"),
    ]


def _article_query(*extra: Any) -> Any:
    return (
        select(*_article_columns(), *extra)
        .join(outlets, outlets.c.id == articles.c.outlet_id)
        .outerjoin(copy_group_members, copy_group_members.c.article_id == articles.c.id)
        .outerjoin(copy_groups, copy_groups.c.id == copy_group_members.c.copy_group_id)
    )


def story_articles(connection: Connection, story_id: str) -> list[dict[str, Any]]:
    """The story's articles (without their text) with outlet name, genre, language and copy
    group, earliest published first (unknown times last), then by id."""
    query = (
        _article_query()
        .join(story_members, story_members.c.article_id == articles.c.id)
        .where(story_members.c.story_id == story_id)
    )
    rows = [dict(row) for row in connection.execute(query).mappings()]
    rows.sort(key=lambda r: (r["published_start"] is None, str(r["published_start"] or ""), r["id"]))
    return rows


def article_detail(connection: Connection, article_id: str) -> dict[str, Any] | None:
    """One article with its text, outlet name, copy group and story; None when unknown."""
    query = (
        _article_query(
            articles.c.text,
            articles.c.is_current,
            articles.c.revision,
            story_members.c.story_id.label("story"),
        )
        .outerjoin(story_members, story_members.c.article_id == articles.c.id)
        .where(articles.c.id == article_id)
    )
    row = connection.execute(query).mappings().first()
    return dict(row) if row is not None else None


def article_texts(connection: Connection, article_ids: Sequence[str]) -> dict[str, str]:
    """The text of each of these articles, by id."""
    found: dict[str, str] = {}
    for chunk in _chunks(article_ids):
        query = select(articles.c.id, articles.c.text).where(articles.c.id.in_(chunk))
        found.update((row.id, row.text) for row in connection.execute(query))
    return found


def _rows_for(connection: Connection, table: Table, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for chunk in _chunks(article_ids):
        query = select(table).where(table.c.article_id.in_(chunk))
        found.extend(dict(row) for row in connection.execute(query).mappings())
    position = "cue_start_char" if table is attributions else "start_char"
    found.sort(key=lambda r: (r["article_id"], r[position] if r[position] is not None else -1, r["id"]))
    return found


def claims_of(connection: Connection, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The claims of these articles, in article and text order."""
    return _rows_for(connection, claims, article_ids)


def quantities_of(connection: Connection, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The quantity claims of these articles, in article and text order."""
    return _rows_for(connection, quantity_claims, article_ids)


def attributions_of(connection: Connection, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The attributions of these articles, in article and cue order."""
    return _rows_for(connection, attributions, article_ids)


def resolved_mentions_of(connection: Connection, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The mentions of these articles, with the name of the entity each is linked to (None
    when unlinked), in article and text order."""
    found: list[dict[str, Any]] = []
    for chunk in _chunks(article_ids):
        query = (
            select(mentions, entities.c.name.label("entity_name"), entities.c.kind.label("entity_kind"))
            .outerjoin(entities, entities.c.id == mentions.c.entity_id)
            .where(mentions.c.article_id.in_(chunk))
        )
        found.extend(dict(row) for row in connection.execute(query).mappings())
    found.sort(key=lambda r: (r["article_id"], r["start_char"], r["id"]))
    return found


# ---- entities and outlets -------------------------------------------------------------------


def entity_detail(connection: Connection, entity_id: str) -> dict[str, Any] | None:
    """An entity with its merge evidence and mentions (each with its article's outlet and
    title); None when unknown."""
    row = connection.execute(select(entities).where(entities.c.id == entity_id)).mappings().first()
    if row is None:
        return None
    evidence = [
        {k: item[k] for k in ("a", "b", "reason", "score", "article_id")} | {"by_user": bool(item["by_user"])}
        for item in connection.execute(
            select(entity_merge_evidence)
            .where(entity_merge_evidence.c.entity_id == entity_id)
            .order_by(entity_merge_evidence.c.id)
        ).mappings()
    ]
    found = connection.execute(
        select(mentions, articles.c.outlet_id, articles.c.title)
        .join(articles, articles.c.id == mentions.c.article_id)
        .where(mentions.c.entity_id == entity_id)
        .order_by(mentions.c.article_id, mentions.c.start_char)
    ).mappings()
    return {
        **dict(row),
        "aliases": list(row["aliases"]),
        "descriptions": list(row["descriptions"] or []),
        "evidence": evidence,
        "mentions": [dict(m) for m in found],
    }


MAX_SEARCH_WORDS = 20
MAX_WORD_CHARS = 100


def search_words(text: str) -> list[str]:
    """The words of a search, refused with a reason past a size any person types."""
    words = text.split()
    if len(words) > MAX_SEARCH_WORDS:
        raise CorroboratorError(
            f"a search takes at most {MAX_SEARCH_WORDS} words, not {len(words)}: shorten it"
        )
    if any(len(word) > MAX_WORD_CHARS for word in words):
        raise CorroboratorError(f"a search word is at most {MAX_WORD_CHARS} characters: shorten it")
    return words


def entities_like(connection: Connection, words: str, limit: int = 200) -> list[dict[str, Any]]:
    """Entities whose name holds every word (as text), most mentioned first, with counts."""
    counts = (
        select(mentions.c.entity_id, func.count().label("n"))
        .where(mentions.c.entity_id.is_not(None))
        .group_by(mentions.c.entity_id)
        .subquery()
    )
    n_mentions = func.coalesce(counts.c.n, 0)
    query = (
        select(entities, n_mentions.label("n_mentions"))
        .outerjoin(counts, counts.c.entity_id == entities.c.id)
        .order_by(n_mentions.desc(), entities.c.name, entities.c.id)
        .limit(limit)
    )
    for word in search_words(words):
        query = query.where(entities.c.name.ilike(like_pattern(word), escape=ESCAPE))
    return [dict(row) | {"aliases": list(row["aliases"])} for row in connection.execute(query).mappings()]


def outlet_rows(connection: Connection) -> list[dict[str, Any]]:
    """Every outlet with its facts, current article count, languages and story count."""
    current = articles.c.is_current.is_(True)
    n_articles = func.count(articles.c.id)
    query = (
        select(outlets, n_articles.label("n_articles"))
        .outerjoin(articles, and_(articles.c.outlet_id == outlets.c.id, current))
        .group_by(outlets.c.id)
        .order_by(n_articles.desc(), outlets.c.id)
    )
    rows = [dict(row) for row in connection.execute(query).mappings()]
    languages: dict[str, set[str]] = {}
    story_sets: dict[str, set[str]] = {}
    placed = (
        select(articles.c.outlet_id, articles.c.language, story_members.c.story_id)
        .outerjoin(story_members, story_members.c.article_id == articles.c.id)
        .where(current)
    )
    for outlet_id, language, story_id in connection.execute(placed):
        if language:
            languages.setdefault(outlet_id, set()).add(language)
        if story_id:
            story_sets.setdefault(outlet_id, set()).add(story_id)
    for row in rows:
        row["languages"] = sorted(languages.get(row["id"], set()))
        row["n_stories"] = len(story_sets.get(row["id"], set()))
    return rows


# ---- the story search -----------------------------------------------------------------------


def like_pattern(word: str) -> str:
    """``%word%`` with LIKE's own characters escaped, so the word matches as text."""
    escaped = word.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class StoryFilter:
    """What the story list asks for; every field left empty matches everything."""

    text: str = ""
    published_from: str | None = None  # ISO date, inclusive
    published_to: str | None = None  # ISO date, inclusive
    outlet: str | None = None
    language: str | None = None
    verdict: str | None = None


def search_stories(
    connection: Connection, wanted: StoryFilter, limit: int = 100, offset: int = 0
) -> list[str]:
    """Ids of the stories matching every word (in the label or in a member's title or text)
    and every filter (on member articles, and on claim-group verdicts), largest first."""
    member = story_members.alias("member")
    article = articles.alias("article")

    def any_member(*conditions: Any) -> Any:
        return exists(
            select(member.c.article_id)
            .join(article, article.c.id == member.c.article_id)
            .where(member.c.story_id == stories.c.id, *conditions)
        )

    size = func.count(story_members.c.article_id)
    query = (
        select(stories.c.id)
        .outerjoin(story_members, story_members.c.story_id == stories.c.id)
        .group_by(stories.c.id)
        .order_by(size.desc(), stories.c.id)
        .limit(limit)
        .offset(offset)
    )
    for word in search_words(wanted.text):
        pattern = like_pattern(word)
        query = query.where(
            or_(
                stories.c.label.ilike(pattern, escape=ESCAPE),
                any_member(
                    or_(
                        article.c.title.ilike(pattern, escape=ESCAPE),
                        article.c.text.ilike(pattern, escape=ESCAPE),
                    )
                ),
            )
        )
    if wanted.outlet:
        query = query.where(any_member(article.c.outlet_id == wanted.outlet))
    if wanted.language:
        query = query.where(any_member(article.c.language == wanted.language))
    # Published is ISO text at its precision, so text order is time order at day precision.
    if wanted.published_from:
        query = query.where(any_member(article.c.published >= wanted.published_from[:10]))
    if wanted.published_to:
        query = query.where(any_member(func.substr(article.c.published, 1, 10) <= wanted.published_to[:10]))
    if wanted.verdict:
        query = query.where(
            exists(
                select(claim_groups.c.id).where(
                    claim_groups.c.story_id == stories.c.id, claim_groups.c.verdict == wanted.verdict
                )
            )
        )
    return [row[0] for row in connection.execute(query)]


def filter_choices(connection: Connection) -> dict[str, list[str]]:
    """The outlets, languages and verdicts a story filter can choose from."""
    placed = select(story_members.c.article_id)
    outlet_ids = connection.execute(
        select(articles.c.outlet_id)
        .where(articles.c.id.in_(placed))
        .distinct()
        .order_by(articles.c.outlet_id)
    )
    languages = connection.execute(
        select(articles.c.language)
        .where(articles.c.id.in_(placed), articles.c.language.is_not(None))
        .distinct()
        .order_by(articles.c.language)
    )
    verdicts = connection.execute(
        select(claim_groups.c.verdict)
        .where(claim_groups.c.verdict.is_not(None))
        .distinct()
        .order_by(claim_groups.c.verdict)
    )
    return {
        "outlets": [row[0] for row in outlet_ids],
        "languages": [row[0] for row in languages],
        "verdicts": [row[0] for row in verdicts],
    }


def article_outlets(connection: Connection, article_ids: Sequence[str]) -> dict[str, str]:
    """The outlet id of each of these articles."""
    found: dict[str, str] = {}
    for chunk in _chunks(list(dict.fromkeys(article_ids))):
        query = select(articles.c.id, articles.c.outlet_id).where(articles.c.id.in_(chunk))
        found.update({row[0]: row[1] for row in connection.execute(query)})
    return found


def articles_from(connection: Connection, sources: Sequence[str]) -> list[str]:
    """Current articles read from these sources (paths or URLs as given to ingest)."""
    found: list[str] = []
    for chunk in _chunks(list(dict.fromkeys(sources))):
        query = select(articles.c.id).where(articles.c.source.in_(chunk), articles.c.is_current.is_(True))
        found.extend(row[0] for row in connection.execute(query))
    return found


def current_article_ids(connection: Connection) -> Iterable[str]:
    """Every current article's id, in id order (what a digest of the corpus is taken over)."""
    query = select(articles.c.id).where(articles.c.is_current.is_(True)).order_by(articles.c.id)
    for row in connection.execute(query):
        yield row[0]


def article_titles(connection: Connection, article_ids: Sequence[str]) -> dict[str, str | None]:
    """The title of each of these articles (None when it has none)."""
    found: dict[str, str | None] = {}
    for chunk in _chunks(list(dict.fromkeys(article_ids))):
        query = select(articles.c.id, articles.c.title).where(articles.c.id.in_(chunk))
        found.update({row[0]: row[1] for row in connection.execute(query)})
    return found
