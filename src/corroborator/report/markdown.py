"""The dossier as Markdown: the same sections as the HTML file, as tables and lists.

Article text is escaped so that a Markdown viewer shows it as text: no raw HTML, no
links or emphasis made from an article's own characters."""

from __future__ import annotations

import re

from corroborator.provenance import Provenance
from corroborator.report.common import correction_line, correction_where
from corroborator.report.model import Cell, Dossier, Evidence, TimelineEntry

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def md(text: object) -> str:
    """Text as Markdown shows it literally (one line, special characters escaped, & < > as
    entities)."""
    flat = " ".join(str(text).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", flat).replace("\\&lt;", "&lt;").replace("\\&gt;", "&gt;")


def _urls(dossier: Dossier) -> dict[str, str]:
    """Each article's address, for links: http(s) only (a ``javascript:`` URL stays text)."""
    return {
        t.article_id: t.url
        for t in (*dossier.timeline, *dossier.opinion)
        if t.url and t.url.lower().startswith(("http://", "https://"))
    }


def link_target(url: str) -> str:
    """A URL as a Markdown link destination: in angle brackets, so parentheses and spaces in
    it cannot end the link early."""
    return "<" + url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E") + ">"


def _ref(evidence: Evidence, urls: dict[str, str]) -> str:
    """Where a finding is: the outlet (linked to the article when its URL is known), the
    article id and the characters of its text."""
    outlet = md(evidence.outlet)
    if evidence.article_id in urls:
        outlet = f"[{outlet}]({link_target(urls[evidence.article_id])})"
    return f"{outlet} ({md(evidence.article_id)}, characters {evidence.start}-{evidence.end})"


def _entries(items: list[TimelineEntry]) -> list[str]:
    lines = ["| published | outlet | title | copy |", "|---|---|---|---|"]
    for t in items:
        copy = f"copy of {t.copy_of}" if t.copy_of else ("original" if t.copy_group else "")
        lines.append(
            f"| {md(t.published or 'unknown')} | {md(t.outlet_name)} | {md(t.title or t.article_id)} | {copy} |"
        )
    return lines


def render_markdown(dossier: Dossier) -> str:
    h = dossier.headline
    urls = _urls(dossier)
    span = h.first_published or "?"
    if h.last_published and h.last_published != h.first_published:
        span += f" to {h.last_published}"
    origins = h.n_origins if h.n_origins is not None else "not aligned yet"
    lines = [
        f"# {md(h.label or '(story without a label)')}",
        "",
        f"Story {md(h.story_id)}, published {md(span)}: {h.n_articles} articles, {h.n_outlets} outlets, "
        f"{h.n_copy_groups} copy groups, independent origins: {origins}.",
        "",
    ]
    if dossier.main_claim is not None:
        m = dossier.main_claim
        names = "; ".join(md(o.name) + (f" ({md(o.party)})" if o.party else "") for o in m.origins)
        lines += [
            f"**Main claim:** {md(m.label)} ({m.verdict or 'no verdict'})"
            + (f", {_ref(m.evidence, urls)}" if m.evidence else ""),
            "",
            f"**{m.n_origins} independent origins** behind it ({m.n_articles} articles): {names}",
            "",
            f"**Sides:** {md(', '.join(m.parties)) or 'not known'}",
            "",
        ]
    figures = [
        f"- {md(c.counted_thing)} {md(c.action or '')}: "
        + " vs ".join(
            f"{md(side.figure)} ({md('; '.join(side.claimants))}; {_ref(side.numbers[0].evidence, urls)})"
            for side in c.sides
        )
        for c in dossier.figures_in_conflict
    ]
    lines += ["**Figures in conflict:**", "", *(figures or ["- none found"]), "", "## Claims by outlet", ""]
    if dossier.matrix:
        lines.append(
            "| claim | verdict | origins / articles | "
            + " | ".join(md(o.name) for o in dossier.outlets)
            + " |"
        )
        lines.append("|---|---|---|" + "---|" * len(dossier.outlets))
        for row in dossier.matrix:
            cells = " | ".join(_cell(c, urls) for c in row.cells)
            lines.append(
                f"| {md(row.label)} | {row.verdict or ''} | {row.n_origins} / {row.n_articles} | {cells} |"
            )
    else:
        lines.append("No claim groups for this story yet.")
    lines += ["", "## Conflicts", ""]
    for c in dossier.conflicts:
        lines.append(f"- **{md(c.a.label)}** vs **{md(c.b.label)}** ({c.kind or 'conflict'}: {md(c.reason)})")
        for side in (c.a, c.b):
            lines += [f"  - > {md(q.text)} — {_ref(q, urls)}" for q in side.quotes]
    if not dossier.conflicts:
        lines.append("No conflicts found between claim groups.")
    lines += [
        "",
        "## Numbers",
        "",
        "| figure | counted | action | claimant | window | outlet |",
        "|---|---|---|---|---|---|",
    ]
    for n in dossier.numbers:
        lines.append(
            f"| {md(n.text)} | {md(n.counted_thing or '')} | {md(n.action or '')} | {md(n.claimant)} | "
            f"{md(n.window or '')} | {_ref(n.evidence, urls)} |"
        )
    lines += ["", "## Who said what", ""]
    for s in dossier.speakers:
        lines.append(f"### {md(s.name)}")
        lines += [f"- {st.status}: {md(st.evidence.text)} — {_ref(st.evidence, urls)}" for st in s.statements]
        lines.append("")
    lines += ["## Timeline", "", *_entries(dossier.timeline), "", "## Coverage gaps", ""]
    for g in dossier.gaps:
        lines.append(
            f"- {md(g.label)}: carried by {md(', '.join(g.carried_by))}; left out by {md(', '.join(g.omitted_by))}"
        )
    if not dossier.gaps:
        lines.append("None found.")
    lines += ["", "## Opinion pieces", "", *(_entries(dossier.opinion) if dossier.opinion else ["None."]), ""]
    lines += ["## Corrections by hand", "", *(_corrections(dossier) or ["None."]), ""]
    lines += ["## How this dossier was made", "", *provenance_lines(dossier.provenance), ""]
    return "\n".join(lines)


def _cell(cell: Cell, urls: dict[str, str]) -> str:
    first = cell.statements[0].evidence if cell.statements else None
    if first is None or first.article_id not in urls:
        return cell.status
    return f"[{cell.status}]({link_target(urls[first.article_id])})"


def provenance_lines(made: Provenance | None) -> list[str]:
    if made is None:
        return ["Not recorded."]
    corpus = made.corpus
    return [
        f"- made {made.generated_at:%Y-%m-%d %H:%M:%S} UTC by Corroborator {md(made.version)}",
        f"- settings digest: {made.settings_digest or 'not recorded'}",
        f"- corpus: {md(corpus.store)}, {corpus.n_articles} articles, ids digest {corpus.articles_digest}",
    ]


def _corrections(dossier: Dossier) -> list[str]:
    return [
        f"- #{c.id} {md(correction_line(c))}, by {md(c.by)} on {c.at:%Y-%m-%d %H:%M} UTC"
        + (f": {md(c.reason)}" if c.reason else "")
        + f" ({md(correction_where(c))})"
        for c in dossier.corrections
    ]
