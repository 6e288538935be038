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
from corroborator.config import Settings


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
    from corroborator.store.ids import complete_id

    settings = settings_from(config, **db_override(db))
    with open_store(settings, create=False) as store:
        with store.reading() as connection:
            story = complete_id(connection, "story", story)
        text = report(store, story, format.value, link_base, settings)
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
    app = create_app(settings, bound_to=host)
    console.print(f"serving {settings.store.db} on http://{host}:{port} (API docs at /docs); Ctrl-C stops")
    for line in exposure(settings, host):
        console.print(line, markup=False, emoji=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def exposure(settings: Settings, host: str) -> list[str]:
    """What the server lets others do, said at start-up (loudly when it listens beyond
    this machine)."""
    from corroborator.web.access import LOOPBACK_NAMES, Access

    access = Access(settings.server, host)
    writes = (
        "changes (ingest, entity corrections) need the password of server.password_hash"
        if access.writable
        else "read-only: nobody can change the store (set server.password_hash to allow changes)"
    )
    fetch = (
        "ingest jobs may fetch private and loopback addresses (server.allow_private_fetch)"
        if settings.server.allow_private_fetch
        else "ingest jobs fetch public addresses only"
    )
    lines = [f"{writes}; {fetch}; answers to host names {', '.join(sorted(access.hosts))}"]
    if host not in LOOPBACK_NAMES:
        lines.insert(0, f"WARNING: listening on {host}, so other machines can reach every story and export")
    return lines


def password_cmd() -> None:
    """Make the hash of a password that allows changes through the web app (for server.password_hash)."""
    from corroborator.web.access import hash_password

    password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    hashed = hash_password(password)
    console.print("put this line under [server] in corroborator.toml:", markup=False)
    sys.stdout.write(f'password_hash = "{hashed}"\n')
