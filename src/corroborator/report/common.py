"""What every dossier section shares: the reader's word for each epistemic status, and the
evidence of a stored claim."""

from __future__ import annotations

from typing import Any

from corroborator.models import CorrectionKind, GroupCorrection
from corroborator.report.model import Evidence

# The words a reader sees for each epistemic status ("asserted" is the outlet stating it).
STATUS_WORDS = {
    "asserted": "stated",
    "attributed": "attributed",
    "hedged": "hedged",
    "denied": "denied",
    "opinion": "opinion",
}


def status_word(status: object) -> str:
    text = str(status)
    return STATUS_WORDS.get(text, text)


def span_evidence(row: dict[str, Any], outlet: str, claim_id: str | None = None) -> Evidence:
    """The evidence of a stored row with a span (a claim, a quantity): article, outlet, span,
    and the sentence around it when :func:`~corroborator.report.context.add_context` gave one."""
    return Evidence(
        article_id=row["article_id"],
        outlet=outlet,
        start=row["start_char"],
        end=row["end_char"],
        text=row["text"],
        claim_id=claim_id,
        sentence=row.get("sentence"),
        sentence_start=row.get("sentence_start"),
        paragraph=row.get("paragraph"),
        hedges=list(row.get("hedges") or []),
        denials=list(row.get("denials") or []),
    )


def claim_evidence(claim: dict[str, Any], outlet: str) -> Evidence:
    """The evidence of a stored claim row: its article, outlet, span and id."""
    return span_evidence(claim, outlet, claim["id"])


def correction_line(correction: GroupCorrection) -> str:
    """What a correction did, in a few words ("set the verdict to disputed")."""
    kind = correction.kind
    if kind is CorrectionKind.MERGE:
        return "merged two claim groups into one"
    if kind is CorrectionKind.SPLIT:
        many = len(correction.claims)
        return f"split {many} claim{'s' if many > 1 else ''} off into a group of their own"
    if kind is CorrectionKind.MOVE:
        return f"moved claim {correction.claims[0]} into another group"
    if kind is CorrectionKind.SAME_SOURCE:
        return f"marked '{correction.origins[0]}' and '{correction.origins[1]}' as one source"
    if kind is CorrectionKind.VERDICT:
        return f"set the verdict to {correction.verdict.value if correction.verdict else 'none'}"
    return "marked the group reviewed"


def correction_where(correction: GroupCorrection) -> str:
    """Where a correction holds now, or why it no longer applies."""
    if correction.note:
        return f"no longer applies: {correction.note}"
    if not correction.group_ids:
        return "not applied yet"
    plural = "s" if len(correction.group_ids) > 1 else ""
    return f"holds for group{plural} {', '.join(correction.group_ids)}"
