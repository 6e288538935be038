"""Building one story's dossier from the store.

Presentation only: it reads what the stages stored (articles, copy groups, claims,
quantities, attributions, entities, claim groups) and lays it out; it never runs a stage.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from corroborator.errors import NotFound
from corroborator.report.claim_groups import group_sections
from corroborator.report.common import claim_evidence, span_evidence, status_word
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
from corroborator.store.presentation import (
    attributions_of,
    claims_of,
    quantities_of,
    resolved_mentions_of,
    story_articles,
)
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
    claims = claims_of(connection, ids)
    claim_by_id = {c["id"]: c for c in claims}
    numbers = [_number(q, claim_by_id, outlet_of) for q in quantities_of(connection, ids)]
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
        speakers=_speakers(connection, ids, claims, outlet_of),
        timeline=[entry for entry in timeline if entry.genre != "opinion"],
        gaps=groups.gaps,
        opinion=[entry for entry in timeline if entry.genre == "opinion"],
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
    connection: Connection, ids: list[str], claims: list[dict[str, Any]], outlet_of: dict[str, str]
) -> list[Speaker]:
    """Attributed claims by speaker: the entity a source span names when one is resolved,
    else the claimant as written."""
    sources = {a["id"]: a for a in attributions_of(connection, ids)}
    mentions_by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for mention in resolved_mentions_of(connection, ids):
        if mention["entity_id"] is not None:
            mentions_by_article[mention["article_id"]].append(mention)
    by_speaker: dict[tuple[str, str | None], list[Statement]] = defaultdict(list)
    for claim in claims:
        attribution = sources.get(claim["attribution_id"] or "")
        if attribution is None or claim["claimant"] == outlet_of[claim["article_id"]]:
            continue  # the outlet's own voice: not a speaker's statement
        name, entity_id = claim["claimant"], attribution["source_entity_id"]
        start, end = attribution["source_start_char"], attribution["source_end_char"]
        if entity_id is None and start is not None:
            inside = [
                m
                for m in mentions_by_article[claim["article_id"]]
                if m["start_char"] < end and start < m["end_char"]
            ]
            if inside:
                name, entity_id = inside[0]["entity_name"], inside[0]["entity_id"]
        outlet = outlet_of[claim["article_id"]]
        statement = Statement(status=status_word(claim["status"]), evidence=claim_evidence(claim, outlet))
        by_speaker[(name, entity_id)].append(statement)
    speakers = [
        Speaker(
            name=name,
            entity_id=entity_id,
            outlets=sorted({s.evidence.outlet for s in statements}),
            statements=statements,
        )
        for (name, entity_id), statements in by_speaker.items()
    ]
    speakers.sort(key=lambda s: (-len(s.outlets), -len(s.statements), s.name))
    return speakers
