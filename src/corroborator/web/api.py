"""The REST API: the same data as the pages, as JSON."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import StreamingResponse

from corroborator.align import manual as group_corrections
from corroborator.config import Settings
from corroborator.errors import ConfigError, NotFound
from corroborator.export import export_records, write_json
from corroborator.models import ClaimGroup, GroupCorrection
from corroborator.provenance import SCHEMA_VERSION, provenance
from corroborator.report import Dossier, made_dossier
from corroborator.report.model import Statement
from corroborator.resolve import manual
from corroborator.store import Store
from corroborator.store.claim_group_corrections import iter_corrections
from corroborator.store.presentation import StoryFilter, entities_like
from corroborator.web import views
from corroborator.web.models import (
    ArticleView,
    CorrectionResult,
    EntityView,
    ErrorBody,
    GroupCorrectionRequest,
    IngestRequest,
    JobView,
    MergeRequest,
    OutletView,
    SplitRequest,
    StoryList,
)

ERRORS = {status: {"model": ErrorBody} for status in (400, 403, 404, 413, 422, 503)}
api = APIRouter(prefix="/api", responses=ERRORS)  # type: ignore[arg-type]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _writer(request: Request) -> None:
    """Changes need the server's password (see ``web.access``)."""
    request.app.state.access.require_api_writer(request)


def story_filter(
    q: Annotated[str, Query(description="words that must all appear, as text")] = "",
    published_from: str | None = None,
    published_to: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    verdict: str | None = None,
) -> StoryFilter:
    """The story list's query parameters (dates as ISO days, inclusive)."""
    return StoryFilter(
        q, published_from or None, published_to or None, outlet or None, language or None, verdict or None
    )


@api.get("/stories", response_model=StoryList, tags=["stories"])
def list_stories(request: Request, wanted: Annotated[StoryFilter, Depends(story_filter)]) -> StoryList:
    """Stories matching every word of ``q`` (as text) and every filter, largest first."""
    with _store(request).reading() as connection:
        return views.story_list(connection, wanted)


@api.get("/stories/{story_id}/dossier", response_model=Dossier, tags=["stories"])
def story_dossier(request: Request, story_id: str) -> Dossier:
    """The story's dossier (the same document as `corroborator report --format json`)."""
    return made_dossier(_store(request), story_id, request.app.state.settings)


@api.get("/claim-groups/{group_id}", response_model=ClaimGroup, tags=["stories"])
def claim_group(request: Request, group_id: str) -> ClaimGroup:
    with _store(request).reading() as connection:
        group, _ = views.claim_group_view(connection, group_id)
    return group


@api.get("/claim-groups/{group_id}/statements", response_model=list[Statement], tags=["stories"])
def claim_group_statements(request: Request, group_id: str) -> list[Statement]:
    """The group's statements side by side, each with its sentence."""
    with _store(request).reading() as connection:
        _, statements = views.claim_group_view(connection, group_id)
    return statements


@api.post("/claim-groups/{group_id}/corrections", response_model=GroupCorrection, tags=["stories"])
def correct_claim_group(request: Request, group_id: str, body: GroupCorrectionRequest) -> GroupCorrection:
    """Correct the group by hand (merge, split, move a claim in, two origins as one source,
    a verdict with its reason, reviewed); the story is aligned again at once and later runs
    keep the correction. Returns it with the groups it holds for now."""
    _writer(request)
    return correct_group(request, group_id, body)


def correct_group(request: Request, group_id: str, body: GroupCorrectionRequest) -> GroupCorrection:
    """Store the correction and align its story again, in one transaction."""
    settings: Settings = request.app.state.settings
    fields = body.model_dump(exclude={"kind"})
    with _store(request).transaction() as connection:
        made = group_corrections.correct(connection, group_id, body.kind, **fields)
        return group_corrections.realign(connection, settings, made)


@api.get("/stories/{story_id}/corrections", response_model=list[GroupCorrection], tags=["stories"])
def story_corrections(request: Request, story_id: str) -> list[GroupCorrection]:
    """People's corrections of the story's claim groups, oldest first, with who, when, why
    and where each holds now (or why it no longer applies)."""
    with _store(request).reading() as connection:
        return iter_corrections(connection, [story_id])


@api.get("/articles/{article_id}", response_model=ArticleView, tags=["articles"])
def article(request: Request, article_id: str) -> ArticleView:
    """An article's text with its attributions, claims, quantities and entity mentions."""
    with _store(request).reading() as connection:
        return views.article_view(connection, article_id)


@api.get("/entities", tags=["entities"])
def entities(
    request: Request, q: str = "", limit: Annotated[int, Query(ge=1, le=5000)] = 200
) -> list[dict[str, object]]:
    """Entities whose name holds every word of ``q``, most mentioned first."""
    with _store(request).reading() as connection:
        return [
            {key: row[key] for key in ("id", "name", "kind", "aliases", "n_mentions")}
            for row in entities_like(connection, q, limit)
        ]


@api.get("/entities/{entity_id}", response_model=EntityView, tags=["entities"])
def entity(request: Request, entity_id: str) -> EntityView:
    with _store(request).reading() as connection:
        return views.entity_view(connection, entity_id)


@api.post("/entities/{entity_id}/merge", response_model=CorrectionResult, tags=["entities"])
def merge_entity(request: Request, entity_id: str, body: MergeRequest) -> CorrectionResult:
    """Merge entity ``other`` into this one; later runs keep the decision."""
    _writer(request)
    with _store(request).transaction() as connection:
        moved = manual.merge(connection, entity_id, body.other)
    return CorrectionResult(
        entity_id=entity_id, message=f"merged {body.other} into {entity_id}: {moved} mentions moved"
    )


@api.post("/entities/{entity_id}/split", response_model=CorrectionResult, tags=["entities"])
def split_entity(request: Request, entity_id: str, body: SplitRequest) -> CorrectionResult:
    """Split these aliases off into a new entity; later runs keep the decision."""
    _writer(request)
    with _store(request).transaction() as connection:
        new_id = manual.split(connection, entity_id, body.aliases)
    return CorrectionResult(
        entity_id=new_id, message=f"split {', '.join(body.aliases)} off {entity_id} into {new_id}"
    )


@api.get("/outlets", response_model=list[OutletView], tags=["outlets"])
def outlets(request: Request) -> list[OutletView]:
    with _store(request).reading() as connection:
        return views.outlets(connection)


@api.post("/ingest", response_model=JobView, status_code=202, tags=["ingest"])
def ingest_urls(request: Request, body: IngestRequest) -> JobView:
    """Fetch these http(s) URLs into the corpus and analyse them; poll the job for progress."""
    _writer(request)
    return request.app.state.jobs.start(body.urls, []).view()  # type: ignore[no-any-return]


@api.post("/ingest/files", response_model=JobView, status_code=202, tags=["ingest"])
async def ingest_files(
    request: Request, files: Annotated[list[UploadFile], File()], urls: Annotated[str, Form()] = ""
) -> JobView:
    """Upload files (HTML, text, JSONL, CSV, WARC, feeds, sitemaps) and optionally URLs, one per line."""
    _writer(request)
    uploads = [(upload.filename or "upload", upload.file) for upload in files]
    return request.app.state.jobs.start(urls.split(), uploads).view()  # type: ignore[no-any-return]


@api.get("/jobs/{job_id}", response_model=JobView, tags=["ingest"])
def job(request: Request, job_id: str) -> JobView:
    found = request.app.state.jobs.get(job_id)
    if found is None:
        raise NotFound(f"no ingest job '{job_id}': jobs last as long as the server runs")
    return found.view()  # type: ignore[no-any-return]


@api.get("/export/{kind}", tags=["export"], response_description="JSON Lines, one record a line")
def export(request: Request, kind: str, format: str = "jsonl") -> StreamingResponse:
    """Every record of ``kind`` (articles, copy-groups, stories, entities, claims, claim-reviews,
    ...) as JSON Lines, or with ``format=json`` as one document with ``schema_version`` and
    ``provenance`` before the ``records``."""
    if format not in ("jsonl", "json"):
        raise ConfigError(f"no export format '{format}': use jsonl or json")
    store = _store(request)
    records = export_records(kind, store)
    made = provenance(store, request.app.state.settings)
    headers = {"X-Schema-Version": SCHEMA_VERSION, "X-Generated-At": made.generated_at.isoformat()}
    if format == "json":
        buffer = io.StringIO()
        write_json(records, buffer, kind=kind, made=made)
        return StreamingResponse(iter([buffer.getvalue()]), media_type="application/json", headers=headers)

    def lines() -> Iterator[str]:
        for record in records:
            yield record.model_dump_json() + "\n"

    return StreamingResponse(lines(), media_type="application/x-ndjson", headers=headers)
