"""What every dossier section shares: the reader's word for each epistemic status, and the
evidence of a stored claim."""

from __future__ import annotations

from typing import Any

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
    """The evidence of a stored row with a span (a claim, a quantity): article, outlet, span."""
    return Evidence(
        article_id=row["article_id"],
        outlet=outlet,
        start=row["start_char"],
        end=row["end_char"],
        text=row["text"],
        claim_id=claim_id,
    )


def claim_evidence(claim: dict[str, Any], outlet: str) -> Evidence:
    """The evidence of a stored claim row: its article, outlet, span and id."""
    return span_evidence(claim, outlet, claim["id"])
