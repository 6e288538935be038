"""An article's genre (news, opinion, analysis, other) from its title, text and claims."""

from __future__ import annotations

import re
from collections.abc import Sequence

from corroborator.extract.claims import ExtractedClaim
from corroborator.extract.subjectivity import first_person
from corroborator.models.claim import EpistemicStatus

DISCLAIMERS = (
    r"does not (?:always |necessarily )?share the (?:opinions?|views?)",
    r"views expressed [^.]{0,40}\b(?:are|is) (?:the author'?s?|their|his|her)\b[^.]{0,10}own",
    r"do(?:es)? not necessarily reflect",
    r"opinions expressed [^.]{0,40}\b(?:are|is)\b[^.]{0,30}own",
)
OPINION_TITLES = r"^\s*(?:opinion|comment|commentary|op-ed|editorial|column|view|viewpoint)\s*[:|\-–—]"
ANALYSIS_TITLES = r"^\s*(?:analysis|news analysis)\s*[:|\-–—]"


def article_genre(text: str, title: str | None, claims: Sequence[ExtractedClaim]) -> str:
    """``news``, ``opinion``, ``analysis`` or ``other``, from page and text cues.

    In order: a title starting ``Opinion:`` / ``Comment:`` / ``Op-ed:`` / ``Editorial:`` (or
    with ``|`` or a dash) or a disclaimer in the text ("does not always share the opinions",
    "the views expressed are the author's own", "do not necessarily reflect") gives
    ``opinion``; a title starting ``Analysis:`` gives ``analysis``; an article with no claims
    gives ``other``; an article whose claims are opinion for a quarter or more of its
    outlet-voice claims (at least three such), or whose outlet-voice claims are first person
    for a fifth or more, gives ``opinion``; everything else is ``news``.
    """
    heading = title or ""
    if re.search(OPINION_TITLES, heading, flags=re.IGNORECASE):
        return "opinion"
    if any(re.search(p, text, flags=re.IGNORECASE) for p in DISCLAIMERS):
        return "opinion"
    if re.search(ANALYSIS_TITLES, heading, flags=re.IGNORECASE):
        return "analysis"
    if not claims:
        return "other"
    own = [c for c in claims if c.attribution is None or c.status is EpistemicStatus.OPINION]
    opinions = sum(c.status is EpistemicStatus.OPINION for c in own)
    first = sum(first_person(c.text(text)) for c in own)
    if own and opinions >= 3 and opinions * 4 >= len(own):
        return "opinion"
    if own and first >= 2 and first * 5 >= len(own):
        return "opinion"
    return "news"
