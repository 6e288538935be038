"""The web app: server-rendered pages that read without JavaScript, and a REST API (with
its OpenAPI schema at /openapi.json and /docs) for everything the pages show.

Presentation only: pages and API read the store; the only writes are a person's entity
merges and splits (through ``resolve.manual``) and ingest jobs (through ``ingest`` and
``analyze``).  Every error has one JSON shape on /api and one page elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from corroborator.config import Settings
from corroborator.errors import Busy, CorroboratorError, Forbidden, NotFound
from corroborator.report.html import environment, script, script_hash, stylesheet
from corroborator.store import Store
from corroborator.web.access import Access
from corroborator.web.jobs import Jobs

TEMPLATES = Path(__file__).parent / "templates"


SCRIPTS = ("job.js",)


def page_policy() -> str:
    """The pages' Content-Security-Policy: the app's own scripts by hash, nothing from elsewhere."""
    hashes = " ".join(f"'{script_hash(script(TEMPLATES / name))}'" for name in SCRIPTS)
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; connect-src 'self'; "
        "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    page = environment(TEMPLATES).get_template(template)
    scripts = {name: script(TEMPLATES / name) for name in SCRIPTS}
    access: Access = request.app.state.access
    session = access.session(request)
    html = page.render(
        css=stylesheet(),
        path=request.url.path,
        scripts=scripts,
        writable=access.writable,
        logged_in=session is not None,
        csrf=session.token if session else "",
        **context,
    )
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": page_policy()})


def _explained(message: str) -> str:
    """The form parser's terse refusals of an upload, with what to do."""
    most = "".join(ch for ch in message if ch.isdigit())
    if message.startswith("Too many files"):
        return f"too many files in one upload (at most {most}): send them in several uploads"
    if message.startswith("Too many fields"):
        return f"too many form fields in one request (at most {most}): send fewer"
    if "multipart" in message or message == "There was an error parsing the body":
        return (
            f"the upload is not valid multipart/form-data ({message.rstrip('.')}): "
            "send each file as a form field named 'files'"
        )
    return message


def error_response(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    return render(request, "error.html", status=status, status_code=status, message=message)


def create_app(settings: Settings, bound_to: str = "127.0.0.1") -> FastAPI:
    """The app over the store that ``settings`` names (which must exist), for a server
    listening on ``bound_to`` (a name it answers to, unless it is a wildcard address)."""
    from corroborator.web.api import api
    from corroborator.web.docs import api_docs
    from corroborator.web.guard import Guard
    from corroborator.web.pages import pages

    store = Store(settings.store.db, create=False)
    app = FastAPI(
        title="Corroborator",
        summary="Who says what across news reports, who confirms it, and where accounts conflict.",
        version="0.1.0",
        docs_url=None,  # served by ``api_docs`` from the installed Swagger UI, not from a CDN
        redoc_url=None,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.jobs = Jobs(store, settings)
    app.state.access = Access(settings.server, bound_to)
    app.add_middleware(Guard, access=app.state.access, max_body=settings.server.max_upload_bytes)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return error_response(request, 404, str(error))

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden) -> Response:
        return error_response(request, 403, str(error))

    @app.exception_handler(Busy)
    async def busy(request: Request, error: Busy) -> Response:
        return error_response(request, 503, str(error))

    @app.exception_handler(CorroboratorError)
    async def refused(request: Request, error: CorroboratorError) -> Response:
        return error_response(request, 400, str(error))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        message = str(error.detail) if error.status_code != 404 else f"nothing at {request.url.path}"
        return error_response(request, error.status_code, _explained(message))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in item['loc'])}: {item['msg']}" for item in error.errors()
        )
        return error_response(request, 422, f"the request is not valid: {problems}")

    @app.exception_handler(Exception)
    async def failed(request: Request, error: Exception) -> Response:
        # Still one shape: a person gets a page, a client gets JSON, and nobody a traceback.
        message = f"the server failed on this request ({type(error).__name__}); please report it"
        return error_response(request, 500, message)

    app.include_router(api)
    app.include_router(pages)
    app.include_router(api_docs)
    return app
