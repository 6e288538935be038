"""The dossier: one story's page (headline facts, claims matrix, conflicts, numbers, who
said what, timeline, coverage gaps), as HTML, Markdown or JSON.  Presentation only."""

from __future__ import annotations

from collections.abc import Callable

from corroborator.registry import Registry
from corroborator.report.build import build_dossier
from corroborator.report.html import render_html
from corroborator.report.markdown import render_markdown
from corroborator.report.model import Dossier, dossier_schema
from corroborator.store import Store

Renderer = Callable[[Dossier], str]
renderers: Registry[Renderer] = Registry("dossier format")
renderers.register("html")(render_html)
renderers.register("md")(render_markdown)


@renderers.register("json")
def render_json(dossier: Dossier) -> str:
    return dossier.model_dump_json(indent=2) + "\n"


def report(store: Store, story_id: str, format: str = "html") -> str:
    """Story ``story_id``'s dossier in ``format`` (html, md or json)."""
    render = renderers.get(format)
    with store.reading() as connection:
        dossier = build_dossier(connection, story_id)
    return render(dossier)


__all__ = [
    "Dossier",
    "build_dossier",
    "dossier_schema",
    "render_html",
    "render_json",
    "render_markdown",
    "renderers",
    "report",
]
