"""Claim groups a person reviewed or gave a verdict, as schema.org ClaimReview records (the
format fact-checkers publish in).  Groups nobody looked at are left out: a ClaimReview
states a person's judgement, not the aligner's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import quote

from corroborator.models import CorrectionKind, GroupCorrection
from corroborator.models.claim_review import Appearance, Claim, ClaimReview, Person, Rating
from corroborator.models.records import ClaimGroupRecord

JUDGEMENTS = (CorrectionKind.REVIEWED, CorrectionKind.VERDICT)


def claim_reviews(
    groups: Iterable[ClaimGroupRecord], titles: dict[str, str | None], base_url: str | None = None
) -> Iterator[ClaimReview]:
    """A ClaimReview for each group with a review or a verdict by a person that holds for it;
    ``titles`` maps article ids to titles; ``base_url`` (a web app's) gives each its ``url``."""
    for group in groups:
        judged = [c for c in group.corrections if c.kind in JUDGEMENTS]
        if judged and group.verdict:
            yield _review(group, judged, titles, base_url)


def _review(
    group: ClaimGroupRecord,
    judged: list[GroupCorrection],
    titles: dict[str, str | None],
    base_url: str | None,
) -> ClaimReview:
    last = judged[-1]
    notes = [f"{c.by}: {c.reason}" for c in judged if c.reason]
    verdicts = [c for c in judged if c.kind is CorrectionKind.VERDICT]
    explanation = (
        verdicts[-1].reason if verdicts and verdicts[-1].reason else "; ".join(group.reasons) or None
    )
    appearances = {
        m.article_id: Appearance(url=m.url, headline=titles.get(m.article_id), publisher=m.outlet)
        for m in group.members
    }
    origins = [o for o in group.origins if o != "none"]
    return ClaimReview(
        identifier=group.id,
        url=f"{base_url.rstrip('/')}/claim-groups/{quote(group.id, safe='')}" if base_url else None,
        datePublished=f"{last.at:%Y-%m-%d}",
        author=Person(name=last.by),
        claimReviewed=group.label,
        itemReviewed=Claim(
            text=group.label, author=[Person(name=o) for o in origins], appearance=list(appearances.values())
        ),
        reviewRating=Rating(alternateName=str(group.verdict), ratingExplanation=explanation),
        reviewBody="\n".join(notes) or None,
    )


__all__ = ["JUDGEMENTS", "claim_reviews"]
