"""A claim group's label: the proposition it states, readable on its own.

A claim's text is often the content of a report, cut where the report's words end: "that
the toll had risen", "he had won most of the vote", "responsibility for the attack". As a
label such a text says nothing without its sentence. The label is the first member text,
in the order of preference the group gives, that reads on its own (a subject that is no
pronoun, demonstrative or relative word, at least :data:`MIN_WORDS` content words, no
bullet list); failing that, the first such sentence holding a member ("The mayor said he
had won most of the vote"); failing that, a member whose subject is a pronoun standing for
its named speaker, with the speaker's name in brackets ("[The mayor] had won most of the
vote", "[The mayor]: “We will rebuild the bridge”" for a quote in the first person);
failing that, the best member's text, tidied."""

from __future__ import annotations

import re
from collections.abc import Sequence

from corroborator.align.origins import is_pronoun
from corroborator.align.units import Unit, content_words
from corroborator.models import UNNAMED

MIN_WORDS = 4
MAX_SENTENCE = 400  # characters: a longer "sentence" is a run of page text, no label
# Words that leave a proposition without its subject when they open it.
BARE_START = frozenset(
    "he she it they we i you him her them us his its their our my your this that these those which "
    "who whom whose what".split()
)
BULLETS = "\u2022\u2023\u25e6\u2043\u2219\u25aa\u25cf\u25a0\u25ba\u27a2"
_LIST_LINE = re.compile(r"(?m)^\s*[-*]\s")
_COMPLEMENTISER = re.compile(r"^(?:that|whether)\s+", re.IGNORECASE)
_EDGE = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e \t\n"
_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")


def tidy(text: str) -> str:
    """The text without a leading "that" or "whether", an unbalanced quotation mark at its
    edges, or the list that follows a bullet, and with its spaces folded."""
    text = " ".join(text.split())
    for bullet in BULLETS:
        text = text.split(bullet, 1)[0]
    text = _COMPLEMENTISER.sub("", text.strip(_EDGE))
    return text.strip(" ,;:-\u2013\u2014")


def reads_alone(text: str) -> bool:
    """Whether ``text`` states something without the sentence around it."""
    words = _WORD.findall(text)
    if not words or words[0].lower() in BARE_START:
        return False
    if len(content_words(text)) < MIN_WORDS:
        return False
    return not (any(bullet in text for bullet in BULLETS) or _LIST_LINE.search(text))


def group_label(ranked: Sequence[int], units: Sequence[Unit]) -> str:
    """The label of a group whose members are ``ranked`` best first."""
    texts = [tidy(units[i].text) for i in ranked]
    for text in texts:
        if reads_alone(text):
            return text
    for i in ranked:
        sentence = tidy(units[i].context)
        if len(sentence) <= MAX_SENTENCE and reads_alone(sentence):
            return sentence
    for i, text in zip(ranked, texts, strict=True):
        spoken = _with_speaker(text, units[i])
        if spoken is not None and reads_alone(spoken):
            return spoken
    return texts[0] if texts and texts[0] else units[ranked[0]].text


_FIRST_PERSON = frozenset({"i", "we", "my", "our"})
_THIRD_PERSON = frozenset({"he", "she", "it", "they"})


def _with_speaker(text: str, unit: Unit) -> str | None:
    """The text with the pronoun that opens it replaced by its speaker's name: a report's
    own subject pronoun stands for the one who reports ("the mayor said she would ..."),
    and a quote in the first person for the one quoted. None when the speaker has no name."""
    if unit.own_voice or unit.status == "opinion":
        return None
    speaker = unit.source_resolved or unit.claimant
    if not speaker or speaker == UNNAMED or is_pronoun(speaker):
        return None
    words = _WORD.findall(text)
    first = words[0].lower() if words else ""
    if first in _FIRST_PERSON:
        return f"[{speaker}]: \u201c{text}\u201d"
    if first in _THIRD_PERSON:
        return f"[{speaker}]{text[len(words[0]) :]}"
    return None
