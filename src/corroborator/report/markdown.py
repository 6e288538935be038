"""The dossier as Markdown: the same sections as the HTML file, as tables and lists.

Article text is escaped so that a Markdown viewer shows it as text: no raw HTML, no
links or emphasis made from an article's own characters."""

from __future__ import annotations

import re

from corroborator.report.common import correction_line, correction_where
from corroborator.report.model import Dossier, Evidence, TimelineEntry

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def md(text: object) -> str:
    """Text as Markdown shows it literally (one line, special characters escaped, & < > as
    entities)."""
    flat = " ".join(str(text).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", flat).replace("\\&lt;", "&lt;").replace("\\&gt;", "&gt;")


def _ref(evidence: Evidence) -> str:
    return f"{md(evidence.outlet)} ({evidence.article_id}, characters {evidence.start}-{evidence.end})"


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
            f"**Main claim:** {md(m.label)} ({m.verdict or 'no verdict'})",
            "",
            f"**{m.n_origins} independent origins** behind it ({m.n_articles} articles): {names}",
            "",
            f"**Sides:** {md(', '.join(m.parties)) or 'not known'}",
            "",
        ]
    figures = [
        f"- {md(c.counted_thing)} {md(c.action or '')}: "
        + " vs ".join(f"{md(side.figure)} ({md('; '.join(side.claimants))})" for side in c.sides)
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
            cells = " | ".join(c.status for c in row.cells)
            lines.append(
                f"| {md(row.label)} | {row.verdict or ''} | {row.n_origins} / {row.n_articles} | {cells} |"
            )
    else:
        lines.append("No claim groups for this story yet.")
    lines += ["", "## Conflicts", ""]
    for c in dossier.conflicts:
        lines.append(f"- **{md(c.a.label)}** vs **{md(c.b.label)}** ({c.kind or 'conflict'}: {md(c.reason)})")
        for side in (c.a, c.b):
            lines += [f"  - > {md(q.text)} — {_ref(q)}" for q in side.quotes]
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
            f"{md(n.window or '')} | {_ref(n.evidence)} |"
        )
    lines += ["", "## Who said what", ""]
    for s in dossier.speakers:
        lines.append(f"### {md(s.name)}")
        lines += [f"- {st.status}: {md(st.evidence.text)} — {_ref(st.evidence)}" for st in s.statements]
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
    return "\n".join(lines)


def _corrections(dossier: Dossier) -> list[str]:
    return [
        f"- #{c.id} {md(correction_line(c))}, by {md(c.by)} on {c.at:%Y-%m-%d %H:%M} UTC"
        + (f": {md(c.reason)}" if c.reason else "")
        + f" ({md(correction_where(c))})"
        for c in dossier.corrections
    ]
