"""What the pages and the API show, read from the store: one function per view, each
raising NotFound (a 404 for both) when its id names nothing."""

from __future__ import annotations

from corroborator.errors import NotFound
from corroborator.export.kinds import attribution_record, claim_record, quantity_record
from corroborator.models import ClaimGroup
from corroborator.models.records import EntityRecord, StoryMemberRecord, StoryRecord
from corroborator.report.common import claim_evidence, status_word
from corroborator.report.context import add_context
from corroborator.report.model import Statement
from corroborator.store import Connection
from corroborator.store.claim_groups import get_claim_group
from corroborator.store.presentation import (
    StoryFilter,
    article_detail,
    article_outlets,
    article_texts,
    attributions_of,
    claims_of,
    entity_detail,
    filter_choices,
    outlet_rows,
    quantities_of,
    resolved_mentions_of,
    search_stories,
)
from corroborator.store.quotes import quotes_of
from corroborator.store.stories import iter_story_rows
from corroborator.web.highlight import Mark
from corroborator.web.models import (
    ArticleView,
    EntityMention,
    EntityView,
    MentionRecord,
    OutletView,
    StoryList,
    record_fields,
)


def story_list(connection: Connection, wanted: StoryFilter, limit: int = 100) -> StoryList:
    ids = search_stories(connection, wanted, limit=limit)
    by_id = {row["id"]: row for row in iter_story_rows(connection, ids)} if ids else {}
    stories = []
    for story_id in ids:
        row = by_id[story_id]
        members = [StoryMemberRecord(**{**m, "pinned": bool(m["pinned"])}) for m in row["members"]]
        stories.append(StoryRecord(**{**row, "members": members}))
    return StoryList(stories=stories, filters=filter_choices(connection))


def article_view(connection: Connection, article_id: str) -> ArticleView:
    row = article_detail(connection, article_id)
    if row is None:
        raise NotFound(
            f"no article '{article_id}': find one from the story list or `corroborator export articles`"
        )
    extra = {"external_id": row["external_id"], "url": row["url"], "outlet_id": row["outlet_id"]}
    ids = [article_id]
    return ArticleView(
        **record_fields(ArticleView, row) | {"is_current": bool(row["is_current"])},
        outlet=row["outlet_id"],
        attributions=[attribution_record(a | extra) for a in attributions_of(connection, ids)],
        claims=[claim_record(c | extra) for c in claims_of(connection, ids)],
        quantities=[quantity_record(q | extra) for q in quantities_of(connection, ids)],
        mentions=[
            MentionRecord(
                id=m["id"],
                start=m["start_char"],
                end=m["end_char"],
                text=m["text"] or "",
                label=m["label"],
                entity_id=m["entity_id"],
                entity_name=m["entity_name"],
            )
            for m in resolved_mentions_of(connection, ids)
        ],
    )


def marks(article: ArticleView) -> list[Mark]:
    """The spans the article view colours, with a note for each (shown on hover)."""
    found = []
    for a in article.attributions:
        found += [Mark(p.start, p.end, "attribution", f"attributed ({a.kind})") for p in a.content_pieces]
        if a.source is not None:
            found.append(Mark(a.source.start, a.source.end, "source", "source"))
        found.append(Mark(a.cue.start, a.cue.end, "cue", "cue"))
    found += [
        Mark(c.span.start, c.span.end, "claim", f"claim: {status_word(c.status)}, by {c.claimant}")
        for c in article.claims
    ]
    found += [
        Mark(q.span.start, q.span.end, "quantity", f"quantity, by {q.claimant}") for q in article.quantities
    ]
    found += [
        Mark(m.start, m.end, "entity", f"{m.label}: {m.entity_name}" if m.entity_name else m.label)
        for m in article.mentions
    ]
    return found


def entity_view(connection: Connection, entity_id: str) -> EntityView:
    row = entity_detail(connection, entity_id)
    if row is None:
        raise NotFound(f"no entity '{entity_id}': list them with `corroborator entities` or on /entities")
    record = EntityRecord(
        **{key: row[key] for key in ("id", "name", "kind", "aliases", "descriptions", "evidence")}
        | {
            "evidence": [{k: e[k] for k in ("a", "b", "reason", "score", "by_user")} for e in row["evidence"]]
        },
        n_mentions=len(row["mentions"]),
    )
    mentions = [
        EntityMention(
            article_id=m["article_id"],
            outlet=m["outlet_id"],
            title=m["title"],
            start=m["start_char"],
            end=m["end_char"],
            text=m["text"] or "",
        )
        for m in row["mentions"]
    ]
    where = {m["article_id"]: (m["outlet_id"], m["title"]) for m in row["mentions"]}
    said = [
        EntityMention(
            article_id=q["article_id"],
            outlet=where[q["article_id"]][0],
            title=where[q["article_id"]][1],
            start=q["start_char"],
            end=q["end_char"],
            text=q["text"] or "",
        )
        for q in quotes_of(connection, list(where))
        if q["speaker_entity_id"] == entity_id
    ]
    return EntityView(entity=record, mentions=mentions, quotes=said)


def outlets(connection: Connection) -> list[OutletView]:
    return [OutletView(**record_fields(OutletView, row)) for row in outlet_rows(connection)]


def claim_group_view(connection: Connection, group_id: str) -> tuple[ClaimGroup, list[Statement]]:
    """A claim group and its statements side by side, each with the sentence behind it."""
    group = get_claim_group(connection, group_id)
    if group is None:
        raise NotFound(f"no claim group '{group_id}': open a story's dossier to find its groups")
    article_ids = list(dict.fromkeys(m.article_id for m in group.members))
    rows = claims_of(connection, article_ids)
    add_context(rows, article_texts(connection, article_ids))
    claims = {c["id"]: c for c in rows}
    outlet_of = article_outlets(connection, [m.article_id for m in group.members])
    statements = [
        Statement(
            status=status_word(m.status), evidence=claim_evidence(claims[m.claim_id], outlet_of[m.article_id])
        )
        for m in group.members
        if m.claim_id in claims and m.article_id in outlet_of
    ]
    return group, statements
