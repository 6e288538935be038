"""Building one story's dossier from the store.

Presentation only: it reads what the stages stored (articles, copy groups, claims,
quantities, quotes, entities, claim groups) and lays it out; it never runs a stage.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from corroborator.errors import NotFound
from corroborator.report.claim_groups import group_sections
from corroborator.report.common import claim_evidence, span_evidence
from corroborator.report.context import add_context
from corroborator.report.figures import differing_figures
from corroborator.report.model import (
    Dossier,
    Headline,
    Number,
    Outlet,
    Speaker,
    Statement,
    TimelineEntry,
)
from corroborator.store import Connection
from corroborator.store.claim_group_corrections import iter_corrections
from corroborator.store.presentation import article_texts, claims_of, quantities_of, story_articles
from corroborator.store.quotes import quotes_of
from corroborator.store.stories import iter_story_rows


def build_dossier(connection: Connection, story_id: str) -> Dossier:
    """The dossier of story ``story_id``; NotFound when there is no such story."""
    rows = list(iter_story_rows(connection, [story_id]))
    if not rows:
        raise NotFound(f"no story '{story_id}': list the stories with `corroborator stories`")
    story = rows[0]
    members = story_articles(connection, story_id)
    ids = [m["id"] for m in members]
    outlet_of = {m["id"]: m["outlet_id"] for m in members}
    texts = article_texts(connection, ids)
    claims = claims_of(connection, ids)
    add_context(claims, texts)
    claim_by_id = {c["id"]: c for c in claims}
    quantities = quantities_of(connection, ids)
    add_context(quantities, texts)
    numbers = [_number(q, claim_by_id, outlet_of) for q in quantities]
    outlets = list(
        {m["outlet_id"]: Outlet(id=m["outlet_id"], name=m["outlet_name"]) for m in members}.values()
    )
    timeline = _timeline(members)
    groups = group_sections(connection, story_id, [o.id for o in outlets], claim_by_id, outlet_of, numbers)
    headline = Headline(
        story_id=story["id"],
        label=story["label"],
        first_published=story["first_published"],
        last_published=story["last_published"],
        n_articles=story["n_articles"],
        n_outlets=story["n_outlets"],
        n_copy_groups=story["n_copy_groups"],
        n_origins=groups.n_origins,
        aligned=groups.aligned,
    )
    return Dossier(
        headline=headline,
        main_claim=groups.main_claim,
        figures_in_conflict=groups.figures_in_conflict if groups.aligned else differing_figures(numbers),
        outlets=outlets,
        matrix=groups.matrix,
        conflicts=groups.conflicts,
        numbers=numbers,
        speakers=_speakers(connection, ids, outlet_of, texts),
        timeline=[entry for entry in timeline if entry.genre != "opinion"],
        gaps=groups.gaps,
        opinion=[entry for entry in timeline if entry.genre == "opinion"],
        corrections=iter_corrections(connection, [story_id]),
    )


def _number(quantity: dict[str, Any], claims: dict[str, dict[str, Any]], outlet_of: dict[str, str]) -> Number:
    outlet = outlet_of[quantity["article_id"]]
    holder = claims.get(quantity["claim_id"] or "")
    evidence = claim_evidence(holder, outlet) if holder is not None else span_evidence(quantity, outlet)
    window = quantity["window_text"]
    if window is None and (quantity["window_start"] or quantity["window_end"]):
        window = " to ".join(w for w in (quantity["window_start"], quantity["window_end"]) if w)
    return Number(
        id=quantity["id"],
        text=quantity["text"],
        value=quantity["value"],
        low=quantity["low"],
        high=quantity["high"],
        bound=quantity["bound"],
        counted_thing=quantity["counted_thing"],
        action=quantity["action"],
        claimant=quantity["claimant"],
        place=quantity["place"],
        window=window,
        evidence=evidence,
    )


def _timeline(members: list[dict[str, Any]]) -> list[TimelineEntry]:
    first_of_group: dict[str, str] = {}
    for member in members:  # earliest first: the first of each copy group is the original
        group = member["copy_group"]
        if group and (member["copy_group_size"] or 1) > 1:
            first_of_group.setdefault(group, member["id"])
    entries = []
    for member in members:
        original = first_of_group.get(member["copy_group"] or "")
        entries.append(
            TimelineEntry(
                article_id=member["id"],
                outlet=member["outlet_id"],
                outlet_name=member["outlet_name"],
                title=member["title"],
                url=member["url"],
                published=member["published"],
                language=member["language"],
                genre=member["genre"],
                copy_group=member["copy_group"],
                copy_of=original if original and original != member["id"] else None,
            )
        )
    return entries


def _speakers(
    connection: Connection, ids: list[str], outlet_of: dict[str, str], texts: dict[str, str]
) -> list[Speaker]:
    """The story's quotes by speaker: one heading per entity (every spelling of a person
    linked to it), else per name as the articles give it in full; quotes with no speaker
    named are left out."""
    by_speaker: dict[str, list[Statement]] = defaultdict(list)
    names: dict[str, str] = {}
    entity_of: dict[str, str | None] = {}
    quotes = quotes_of(connection, ids)
    add_context(quotes, texts)
    for quote in quotes:
        entity_id, name = quote["speaker_entity_id"], quote["speaker_entity_name"] or quote["speaker_name"]
        if not name:
            continue
        key = entity_id or " ".join(name.casefold().replace("’", "'").split())
        names.setdefault(key, name)
        entity_of[key] = entity_id
        evidence = span_evidence(quote, outlet_of[quote["article_id"]])
        by_speaker[key].append(Statement(status=quote["kind"], evidence=evidence))
    speakers = [
        Speaker(
            name=names[key],
            entity_id=entity_of[key],
            outlets=sorted({s.evidence.outlet for s in statements}),
            statements=statements,
        )
        for key, statements in by_speaker.items()
    ]
    speakers.sort(key=lambda s: (-len(s.outlets), -len(s.statements), s.name))
    return speakers
