"""The API's interactive documentation at /docs, from the Swagger UI files that
``swagger-ui-py`` installs (Swagger UI 5, which reads OpenAPI 3.1): nothing is fetched from
elsewhere, so it works offline, under a Content-Security-Policy that lets only these files run."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse
from swagger_ui.utils import SWAGGER_UI_PY_ROOT  # type: ignore[import-untyped]

from corroborator.errors import NotFound

api_docs = APIRouter(include_in_schema=False)

STATIC = Path(SWAGGER_UI_PY_ROOT) / "static"
ASSETS = {
    "swagger-ui.css": STATIC / "swagger-ui.css",
    "swagger-ui-bundle.js": STATIC / "swagger-ui-bundle.js",
    "start.js": Path(__file__).parent / "templates" / "docs-start.js",
}
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'"
)
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Corroborator API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/start.js"></script>
</body>
</html>
"""


@api_docs.get("/docs", response_class=HTMLResponse)
def docs_page() -> HTMLResponse:
    return HTMLResponse(PAGE, headers={"Content-Security-Policy": POLICY})


@api_docs.get("/docs/assets/{name}")
def docs_asset(name: str) -> FileResponse:
    path = ASSETS.get(name)
    if path is None:
        raise NotFound(f"no documentation file named {name!r}")
    kind = "text/css" if name.endswith(".css") else "text/javascript"
    return FileResponse(path, media_type=kind, headers={"Cache-Control": "max-age=86400"})
