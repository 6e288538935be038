"""What makes a claim a proposition alignment can group, and which way it points.

A claim is left unaligned, with a reason, when it states nothing on its own: a fragment in
a sentence that states nothing either, a question it reports ("did not specify what caused
it"), an outlet's word that something is not known, or a cue in a headline run into the line
below it.  A claim that says something is not so (a denial, a negated clause, a claim that
clears someone or rejects an account) is never one proposition with one that says it is.
"""

from __future__ import annotations

import re

from corroborator.align.labels import MIN_WORDS, reads_alone, tidy
from corroborator.align.responsibility import read_stance
from corroborator.align.units import Unit, content_words, fold_text, negative, points_back


def why_unaligned(unit: Unit) -> str | None:
    if not unit.text.strip():
        return "the claim has no text"
    if len(content_words(unit.text)) < 2 and len(content_words(unit.context)) < 3:
        return f"the claim '{unit.text}' is too short to state a proposition"
    if _fragment(unit):
        return f"the claim '{unit.text}' states no proposition, nor does its sentence without the one before"
    if _unknown(unit):
        return f"the claim '{_clip(unit.text)}' only says that something is not known"
    if _asks(unit):
        return f"the claim '{_clip(unit.text)}' is a question it reports, no proposition"
    if _across_headline(unit):
        return f"the claim '{_clip(unit.text)}' runs a headline into the text below it"
    return None


# A clause that asks rather than states ("did not specify what caused it", "asked whether").
_QUESTION = re.compile(r"(?:what|whether|how|why|who|where|when|if)\b")
# "It is not yet clear whether ...", "There has been no information on ...".
_NOT_KNOWN = re.compile(
    r"(?:it|this)\s+(?:is|was|remains|remained)\s+(?:still\s+)?(?:not\s+)?(?:yet\s+)?"
    r"(?:clear|known|unclear|unknown)\b|there\s+(?:(?:has|have|had)\s+been|is|was)\s+no\s+"
    r"(?:immediate\s+|further\s+|official\s+)?(?:information|word|details|confirmation|comment)\b",
    re.IGNORECASE,
)


def _unknown(unit: Unit) -> bool:
    """Whether the outlet only says in its own voice that something is not known ("It was not
    clear why ...", "There has been no information on the others"): nothing to confirm or
    dispute."""
    return unit.own_voice and bool(_NOT_KNOWN.match(unit.text.strip()))


def _asks(unit: Unit) -> bool:
    """Whether the claim is a question inside its sentence ("the researchers did not specify
    what caused the blast"): whoever reports it confirms no answer."""
    text = unit.text.strip()
    return bool(_QUESTION.match(text)) and not unit.context.strip().startswith(text[:30])


def _across_headline(unit: Unit) -> bool:
    """Whether a claim runs a title into the text below it: its words cross a line break
    after a line with no closing stop ("... links them to X\nThe president said ..."), or
    its cue and speaker are in the title while its words are the next line's own sentence
    ("Aide denies link to attack\nThe group has claimed the attack"). Either way what it
    says is no one's statement."""
    text, context = unit.text.strip(), unit.context
    if "\n" not in context:
        return False
    if "\n" in text:
        return False
    at = context.find(text[:40])
    if at <= 0 or context[:at].rstrip(" \t")[-1:] != "\n":
        return False
    title = context[:at].rstrip().rsplit("\n", 1)[-1].rstrip()
    speaker = fold_text(unit.claimant).split()
    return bool(title) and title[-1] not in ".!?" and bool(speaker) and speaker[-1] in fold_text(title)


def _clip(text: str, size: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "\u2026"


def _fragment(unit: Unit) -> bool:
    """A few words that state nothing, in a sentence that does not either ("expressed
    gratitude", "made the comments"). A count, a denial or a claim that points back ("denied
    that claim") is kept: each has a part to play beside the claims around it."""
    if unit.quantities or unit.status == "denied" or points_back(unit.text):
        return False
    if len(content_words(unit.text)) >= MIN_WORDS - 1:
        return False
    return not (reads_alone(tidy(unit.text)) or reads_alone(tidy(unit.context)))


# A clause that says what is not so ("had no plans to visit", "was never mined"), or that
# another's account is not ("contradicts the minister").
_NEGATION = re.compile(
    r"\b(?:not|no|never|nobody|nothing|none|neither|nor)\b(?!\s+(?:only|doubt)\b)|n['\u2019]t\b|"
    r"\bcontradict\w*|\bcontrary\b",
    re.IGNORECASE,
)


_NEGATION_REACH = 8  # words from the start of a claim where a negation is its own
# A doubt about whether a claim is confirmed is no negation of it ("could not be verified").
_VERIFIED = r"(?:independently\s+)?(?:verified|confirmed)\b"
_UNCONFIRMED = re.compile(
    rf"(?:\b(?:could|can|has|have|had|was|were|is|are)\s+)?(?:\bnot|n['\u2019]t)\s+(?:yet\s+)?(?:been\s+|be\s+)?"
    rf"{_VERIFIED}|\bcannot\s+(?:be\s+)?{_VERIFIED}",
    re.IGNORECASE,
)


def _negated(text: str) -> bool:
    """Whether the claim's own clause is negated: a negation among its first words ("Putin
    had no plans to visit"), not one in a clause further on ("..., making sure nothing
    could reach it")."""
    words = _UNCONFIRMED.sub(" ", text).split()
    return bool(_NEGATION.search(" ".join(words[:_NEGATION_REACH])))


def opposed(unit: Unit) -> bool:
    """Whether the claim says that something is not so: a denial, a clause negated among its
    first words ("had no plans to visit"), or a claim that clears someone or rejects an
    account ("rejected claims of a link")."""
    stance = read_stance(unit)
    return negative(unit) or _negated(unit.text) or bool(stance.cleared or stance.dismissed)
