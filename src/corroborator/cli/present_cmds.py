"""`report` and `serve`: the dossier as a file, and the web app over a store."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from corroborator.cli.common import (
    ConfigOption,
    DbOption,
    OutputOption,
    console,
    db_override,
    open_store,
    settings_from,
)


class ReportFormat(StrEnum):
    html = "html"
    md = "md"
    json = "json"


def report_cmd(
    story: Annotated[str, typer.Argument(help="Story id (see `corroborator stories`).")],
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.html,
    output: OutputOption = None,
    link_base: Annotated[
        str | None,
        typer.Option(
            "--link-base",
            help="A running web app's URL: the HTML dossier's cells link to its article view.",
        ),
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Write a story's dossier: a self-contained HTML page, Markdown or JSON."""
    from corroborator.report import report

    settings = settings_from(config, **db_override(db))
    with open_store(settings, create=False) as store:
        text = report(store, story, format.value, link_base)
    if output is None:
        sys.stdout.write(text)  # as is: no console markup, emoji codes or wrapping
        return
    output.write_text(text, encoding="utf-8")
    console.print(f"wrote the dossier of story {story} to {output}")


def serve_cmd(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    config: ConfigOption = None,
) -> None:
    """Serve the web app (stories, dossiers, articles, entities, outlets, REST API) over a store."""
    import uvicorn

    from corroborator.web import create_app

    settings = settings_from(config, **db_override(db))
    app = create_app(settings)
    console.print(f"serving {settings.store.db} on http://{host}:{port} (API docs at /docs); Ctrl-C stops")
    uvicorn.run(app, host=host, port=port, log_level="warning")
