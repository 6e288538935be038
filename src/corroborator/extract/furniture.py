"""Page furniture: text of a web page that states nothing (boilerplate, menus, comment boxes,
calls to the reader), so that no claim is taken from it. Part of the extract stage."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from corroborator.extract.attributions import ExtractedAttribution

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Doc, Span  # noqa: TID251

BOILERPLATE = (
    r"views expressed",
    r"do(?:es)? not (?:necessarily|always) (?:reflect|share)",
    r"all rights reserved",
    r"copyright|©",
    r"\bsign up\b|\bsubscribe\b|\bnewsletter\b",
    r"\bclick here\b|\bread more\b|\bfollow us\b",
    r"\b(?:reporting|editing|additional reporting) by\b",
    # page furniture: comment boxes, menus, sharing and funding appeals, machine-made audio
    r"\bleave a (?:reply|comment)\b|\bpress ctrl\b|\bctrl ?\+ ?enter\b",
    r"^\W*(?:(?:left|right|main|top) )?menu\W*$|\bskip to (?:main )?content\b",
    r"\bshare (?:this|the) (?:story|article|page)\b|\bfollow (?:our|the) (?:live )?coverage\b",
    r"\bthank you for (?:reading|your support)\b|\bsupport (?:our|independent) journalism\b",
    r"\b(?:audio|summary|article|text) (?:is|was) (?:created|generated|produced|made) (?:with|by|using) "
    r"(?:the help of )?(?:AI|artificial intelligence)\b",
    r"^\W*[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)+ is an? [^.]{0,60}"
    r"\b(?:commentator|columnist|writer|journalist|correspondent|editor|analyst|author|fellow)\b",
)
_BOILERPLATE = re.compile("|".join(f"(?:{pattern})" for pattern in BOILERPLATE), re.IGNORECASE)


def in_furniture(doc: Doc, attribution: ExtractedAttribution) -> bool:
    """An attribution whose cue stands in a call to the reader ("Support the Herald
    today!"). Boilerplate words inside a report ("Critics said, click here, that ...") do
    not make the report furniture."""
    start, end = attribution.cue[0]
    cue = doc.char_span(start, end, alignment_mode="expand")
    return cue is not None and _imperative(cue.sent)


def furniture(sentence: Span) -> bool:
    """Page text that states nothing: boilerplate, or a call to the reader ("Support our
    newsroom today!", "Follow our coverage")."""
    return bool(_BOILERPLATE.search(sentence.text.strip())) or _imperative(sentence)


def _imperative(sentence: Span) -> bool:
    """A sentence that opens with its own main verb in the base form and has no subject."""
    words = [t for t in sentence if not t.is_punct and not t.is_space]
    if not words or words[0].tag_ != "VB" or words[0].dep_ != "ROOT":
        return False
    return not any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in words[0].children)
