"""The server-rendered pages.  Forms post and redirect, so every action works without
JavaScript; links carry the claim's offsets so the article view marks its sentence."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from corroborator.errors import CorroboratorError, Forbidden, NotFound
from corroborator.export.kinds import exporters
from corroborator.models import Verdict
from corroborator.nations import nation_named
from corroborator.report import build_dossier, made_dossier, renderers
from corroborator.report.common import correction_line, correction_where
from corroborator.report.html import app_link, safe_url, section_context
from corroborator.report.lead import RowFilter
from corroborator.resolve import manual
from corroborator.store.claim_groups import iter_claim_groups
from corroborator.store.outlets import OutletFacts, find_outlet, set_outlet_facts
from corroborator.store.presentation import StoryFilter, entities_like
from corroborator.web import views
from corroborator.web.access import SESSION_COOKIE, Access
from corroborator.web.api import _store, correct_group, story_filter
from corroborator.web.app import render
from corroborator.web.highlight import parse_highlight, segments
from corroborator.web.models import GroupCorrectionRequest

pages = APIRouter(include_in_schema=False)

KEY = [
    ("claim", "claim"),
    ("attribution", "attributed content"),
    ("source", "source"),
    ("cue", "cue (said, according to)"),
    ("quantity", "quantity"),
    ("entity", "entity"),
]
MEDIA = {"html": "text/html", "md": "text/markdown", "json": "application/json"}


def _links() -> dict[str, Any]:
    return {
        "link": app_link,
        "article_link": lambda article_id: f"/articles/{quote(article_id, safe='')}",
        "group_link": lambda group_id: f"/claim-groups/{quote(group_id, safe='')}",
        "entity_link": lambda entity_id: f"/entities/{quote(entity_id, safe='')}",
    }


@pages.get("/", response_class=HTMLResponse)
def stories(request: Request, wanted: Annotated[StoryFilter, Depends(story_filter)]) -> HTMLResponse:
    with _store(request).reading() as connection:
        found = views.story_list(connection, wanted)
    kinds = exporters.names()
    return render(request, "stories.html", found=found, wanted=wanted, export_kinds=kinds)


@pages.get("/stories/{story_id}", response_class=HTMLResponse)
def story(
    request: Request, story_id: str, verdict: str = "", party: str = "", outlet: str = "", sort: str = ""
) -> HTMLResponse:
    """The story page; ``verdict``, ``party`` and ``outlet`` filter its matrix, ``sort`` orders it."""
    with _store(request).reading() as connection:
        dossier = build_dossier(connection, story_id)
    wanted = RowFilter(verdict=verdict, party=party, outlet=outlet, sort=sort)
    context = section_context(dossier, app_link, wanted) | _links() | {"filter_form": True}
    return render(request, "story.html", **context)


@pages.get("/stories/{story_id}/dossier.{format}")
def dossier_file(request: Request, story_id: str, format: str) -> Response:
    if format not in MEDIA:
        raise NotFound(f"no dossier format '{format}': use html, md or json")
    dossier = made_dossier(_store(request), story_id, request.app.state.settings)
    text = renderers.get(format)(dossier)
    headers = {"Content-Disposition": f'attachment; filename="dossier-{story_id}.{format}"'}
    return Response(text, media_type=f"{MEDIA[format]}; charset=utf-8", headers=headers)


@pages.get("/claim-groups/{group_id}", response_class=HTMLResponse)
def claim_group(request: Request, group_id: str, message: str = "") -> HTMLResponse:
    with _store(request).reading() as connection:
        group, statements = views.claim_group_view(connection, group_id)
        others = [g for g in iter_claim_groups(connection, group.story_id) if g.id != group.id]
    origins = sorted({origin for g in [group, *others] for origin in g.origins})
    return render(
        request,
        "claim_group.html",
        group=group,
        statements=statements,
        others=others,
        story_origins=origins,
        verdicts=[v.value for v in Verdict],
        message=message,
        **_links(),
    )


@pages.post("/claim-groups/{group_id}/corrections")
def correct_claim_group(
    request: Request,
    group_id: str,
    kind: Annotated[str, Form()],
    by: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    other: Annotated[str, Form()] = "",
    claims: Annotated[list[str] | None, Form()] = None,
    origins: Annotated[list[str] | None, Form()] = None,
    verdict: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """A correction from the claim group's page (like `corroborator claim-groups ...`); a
    claim moved from this page goes into the group chosen as ``other``."""
    _access(request).require_form_writer(request, csrf)
    target, into = (other, "") if kind == "move" else (group_id, other)
    body = GroupCorrectionRequest(
        kind=kind,
        by=by,
        reason=reason,
        other=into,
        claims=claims or [],
        origins=origins or [],
        verdict=verdict,
    )
    try:
        made = correct_group(request, target, body)
    except CorroboratorError as error:
        return _to_group(group_id, f"not saved: {error}")
    where = group_id if group_id in made.group_ids or not made.group_ids else made.group_ids[0]
    return _to_group(
        where, f"saved correction #{made.id}: {correction_line(made)} ({correction_where(made)})"
    )


def _to_group(group_id: str, message: str) -> RedirectResponse:
    target = f"/claim-groups/{quote(group_id, safe='')}?message={quote(message)}#message"
    return RedirectResponse(target, status_code=303)


@pages.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str, highlight: str | None = None) -> HTMLResponse:
    with _store(request).reading() as connection:
        shown = views.article_view(connection, article_id)
    marked = parse_highlight(highlight, len(shown.text))
    return render(
        request,
        "article.html",
        article=shown,
        url=safe_url(shown.url),
        segments=segments(shown.text, views.marks(shown), marked),
        key=KEY,
        **_links(),
    )


@pages.get("/entities", response_class=HTMLResponse)
def entities(request: Request, q: str = "") -> HTMLResponse:
    with _store(request).reading() as connection:
        found = entities_like(connection, q)
    return render(request, "entities.html", entities=found, q=q)


@pages.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(request: Request, entity_id: str, message: str = "") -> HTMLResponse:
    with _store(request).reading() as connection:
        shown = views.entity_view(connection, entity_id)
        same_kind = [e for e in entities_like(connection, "", 500) if e["kind"] == shown.entity.kind]
    others = [e for e in same_kind if e["id"] != entity_id]
    evidence = Counter((e.a, e.b, e.reason, e.score, e.by_user) for e in shown.entity.evidence)
    rows = sorted(evidence.items(), key=lambda item: (not item[0][4], -item[1]))
    return render(
        request, "entity.html", view=shown, others=others, evidence=rows, message=message, **_links()
    )


def _access(request: Request) -> Access:
    access: Access = request.app.state.access
    return access


@pages.get("/login", response_class=HTMLResponse)
def login_form(request: Request, message: str = "") -> HTMLResponse:
    return render(request, "login.html", message=message)


@pages.post("/login")
def login(request: Request, password: Annotated[str, Form()] = "") -> Response:
    access = _access(request)
    if not access.writable:
        raise Forbidden(
            "this server is read-only: set server.password_hash (made by `corroborator password`) "
            "to allow changes"
        )
    session_id = access.login(password)
    if session_id is None:
        return render(request, "login.html", status=403, message="wrong password")
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=int(access.settings.session_hours * 3600),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@pages.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    _access(request).require_form_writer(request, csrf)
    _access(request).logout(request)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _after(entity_id: str, message: str) -> RedirectResponse:
    target = f"/entities/{quote(entity_id, safe='')}?message={quote(message)}"
    return RedirectResponse(target, status_code=303)


@pages.post("/entities/{entity_id}/merge")
def merge(
    request: Request, entity_id: str, other: Annotated[str, Form()], csrf: Annotated[str, Form()] = ""
) -> Response:
    _access(request).require_form_writer(request, csrf)
    try:
        with _store(request).transaction() as connection:
            name = views.entity_view(connection, other).entity.name
            moved = manual.merge(connection, entity_id, other)
    except CorroboratorError as error:
        return _after(entity_id, f"not merged: {error}")
    return _after(entity_id, f"merged “{name}” ({other}) into this entity: {moved} mentions moved")


@pages.post("/entities/{entity_id}/split")
def split(
    request: Request, entity_id: str, aliases: Annotated[list[str], Form()], csrf: Annotated[str, Form()] = ""
) -> Response:
    _access(request).require_form_writer(request, csrf)
    try:
        with _store(request).transaction() as connection:
            new_id = manual.split(connection, entity_id, aliases)
    except CorroboratorError as error:
        return _after(entity_id, f"not split: {error}")
    return _after(new_id, f"split off {entity_id} as this new entity")


@pages.get("/outlets", response_class=HTMLResponse)
def outlets(request: Request, message: str = "") -> HTMLResponse:
    with _store(request).reading() as connection:
        rows = views.outlets(connection)
    return render(request, "outlets.html", outlets=rows, message=message)


@pages.post("/outlets/facts")
def outlet_facts(
    request: Request,
    outlet: Annotated[str, Form()],
    country: Annotated[str, Form()] = "",
    state: Annotated[str, Form()] = "",
    wire: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Set one outlet's facts from the outlets page (like ``corroborator outlets set``):
    an empty field keeps the stored fact."""
    _access(request).require_form_writer(request, csrf)
    answer = {"yes": True, "no": False}
    nation = nation_named(country) if country.strip() else None
    if country.strip() and nation is None:
        message = f"not saved: '{country}' is not a country's name, demonym or code"
    else:
        facts = OutletFacts(
            outlet, None, nation.name if nation else None, answer.get(state), answer.get(wire)
        )
        with _store(request).transaction() as connection:
            if find_outlet(connection, outlet) is None:
                message = f"not saved: no outlet '{outlet}' (add outlets with `corroborator outlets import`)"
            else:
                outlet_id, _created = set_outlet_facts(connection, facts)
                message = f"saved the facts of {outlet_id}: run analyze to re-align its stories"
    return RedirectResponse(f"/outlets?message={quote(message)}", status_code=303)


@pages.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request) -> HTMLResponse:
    return render(request, "ingest.html")


@pages.post("/ingest")
async def ingest(
    request: Request,
    urls: Annotated[str, Form()] = "",
    files: Annotated[list[UploadFile] | None, File()] = None,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    _access(request).require_form_writer(request, csrf)
    uploads = [(f.filename, f.file) for f in files or [] if f.filename]
    if not urls.split() and not uploads:
        return render(request, "ingest.html", status=400, message="give at least one URL or file to add")
    try:
        job = request.app.state.jobs.start(urls.split(), uploads)
    except CorroboratorError as error:
        return render(request, "ingest.html", status=400, message=str(error))
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@pages.get("/jobs/{job_id}", response_class=HTMLResponse)
def job(request: Request, job_id: str) -> HTMLResponse:
    found = request.app.state.jobs.get(job_id)
    if found is None:
        raise NotFound(f"no ingest job '{job_id}': jobs last as long as the server runs")
    return render(request, "job.html", job=found.view())
