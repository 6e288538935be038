"""The dossier as one self-contained HTML file (inline CSS, SVG and a little script; no
network), and the Jinja2 environment the web app shares with it.

Every piece of text comes from articles, so all of it is escaped (autoescape is on for
every template); a URL becomes a link only when it is http or https."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from corroborator.errors import ConfigError
from corroborator.report.chart import layout, timeline_layout
from corroborator.report.common import correction_line, correction_where
from corroborator.report.lead import SORTS, RowFilter, lead
from corroborator.report.model import Dossier, Evidence

TEMPLATES = Path(str(files("corroborator.report") / "templates"))


@cache
def environment(*extra: Path) -> Environment:
    """Templates from ``extra`` folders first, then the dossier's own, HTML-escaped."""
    folders = [FileSystemLoader(str(folder)) for folder in (*extra, TEMPLATES)]
    found = Environment(
        loader=ChoiceLoader(folders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=False,
    )
    found.filters["correction_line"] = correction_line
    found.filters["correction_where"] = correction_where
    return found


@cache
def stylesheet() -> str:
    return (TEMPLATES / "style.css").read_text(encoding="utf-8")


@cache
def script(path: Path) -> str:
    """A script of the package's own, to inline (never text from an article)."""
    return path.read_text(encoding="utf-8")


def script_hash(text: str) -> str:
    """The Content-Security-Policy source that lets exactly this inline script run, and no
    other: text that slipped through as a script or an event attribute would not run."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s) (never ``javascript:`` or ``data:``), else None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def app_link(evidence: Evidence) -> str:
    """The web app's article view with the sentence highlighted and scrolled to."""
    article = quote(evidence.article_id, safe="")
    return f"/articles/{article}?highlight={evidence.start}-{evidence.end}#c-{evidence.start}"


def anchor(evidence: Evidence) -> str:
    return f"e-{evidence.article_id}-{evidence.start}-{evidence.end}"


def cited(dossier: Dossier) -> list[Evidence]:
    """Every sentence a cell of the dossier points to, once each, in order of appearance."""
    found: dict[str, Evidence] = {}

    def add(items: Iterable[Evidence | None]) -> None:
        for item in items:
            if item is not None:
                found.setdefault(anchor(item), item)

    if dossier.main_claim is not None:
        add([dossier.main_claim.evidence])
    add(side.numbers[0].evidence for c in dossier.figures_in_conflict for side in c.sides)
    add(s.evidence for row in dossier.matrix for cell in row.cells for s in cell.statements)
    add(q for c in dossier.conflicts for side in (c.a, c.b) for q in side.quotes)
    add(n.evidence for n in dossier.numbers)
    add(s.evidence for speaker in dossier.speakers for s in speaker.statements)
    return list(found.values())


def section_context(
    dossier: Dossier, link: Callable[[Evidence], str], wanted: RowFilter | None = None
) -> dict[str, Any]:
    """What the shared sections template needs besides the link functions; ``wanted`` sorts
    and filters the matrix (ConfigError when it names an unknown value)."""
    return {
        "dossier": dossier,
        "lead": lead(dossier, wanted),
        "sorts": list(SORTS),
        "filter_form": False,
        "chart": layout(dossier.numbers),
        "timeline": timeline_layout([*dossier.timeline, *dossier.opinion]),
        "link": link,
    }


def render_html(dossier: Dossier, link_base: str | None = None) -> str:
    """The self-contained page: cells link to the quoted sentences at the end of the file, or,
    given ``link_base`` (a running web app's http(s) address), to its article view with the
    sentence highlighted."""
    articles = [*dossier.timeline, *dossier.opinion]
    template = environment().get_template("dossier.html")
    base = safe_url(link_base)
    if link_base is not None and base is None:
        raise ConfigError(f"--link-base '{link_base}' is not an http(s) address: give the web app's URL")
    if base is not None:
        base = base.rstrip("/")
        link: Callable[[Evidence], str] = lambda e: base + app_link(e)  # noqa: E731
        article_link: Callable[[str], str] = lambda a: f"{base}/articles/{quote(a, safe='')}"  # noqa: E731
    else:
        link, article_link = (lambda e: "#" + anchor(e)), (lambda a: f"#a-{a}")
    return template.render(
        **section_context(dossier, link),
        article_link=article_link,
        group_link=None,
        entity_link=None,
        css=stylesheet(),
        script=script(TEMPLATES / "dossier.js"),
        script_hash=script_hash(script(TEMPLATES / "dossier.js")),
        evidence=cited(dossier),
        anchor=anchor,
        titles={a.article_id: a.title for a in articles},
        urls={a.article_id: safe_url(a.url) for a in articles},
    )
