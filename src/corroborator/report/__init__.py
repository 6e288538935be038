"""The dossier: one story's page (headline facts, claims matrix, conflicts, numbers, who
said what, timeline, coverage gaps), as HTML, Markdown or JSON.  Presentation only."""

from __future__ import annotations

import functools
from collections.abc import Callable

from corroborator.config import Settings
from corroborator.errors import ConfigError
from corroborator.provenance import provenance
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


def made_dossier(store: Store, story_id: str, settings: Settings | None = None) -> Dossier:
    """Story ``story_id``'s dossier with its provenance: made now, from ``store``, with ``settings``."""
    with store.reading() as connection:
        dossier = build_dossier(connection, story_id)
    return dossier.model_copy(update={"provenance": provenance(store, settings)})


def report(
    store: Store,
    story_id: str,
    format: str = "html",
    link_base: str | None = None,
    settings: Settings | None = None,
) -> str:
    """Story ``story_id``'s dossier in ``format`` (html, md or json); an HTML dossier's cells
    link into the web app at ``link_base`` when given.  It says when it was made, by which
    version and from which corpus, and the digest of ``settings`` when given."""
    render = renderers.get(format)
    if link_base is not None:
        if format != "html":
            raise ConfigError("--link-base applies to --format html only")
        render = functools.partial(render_html, link_base=link_base)
    return render(made_dossier(store, story_id, settings))


__all__ = [
    "Dossier",
    "build_dossier",
    "dossier_schema",
    "made_dossier",
    "render_html",
    "render_json",
    "render_markdown",
    "renderers",
    "report",
]
