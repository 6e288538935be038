"""Attribution cues that are no verb: ``according to X``, a fronted ``In a poll``, nouns of
saying with their owner, ``Name: headline`` at a line's start and title-case headlines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from corroborator.extract.cue_words import CUE_NOUNS, CUE_VERBS, VOICING_VERBS
from corroborator.extract.pieces import Piece
from corroborator.extract.tokens import Found, pieces_of, source_of, subject_of

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Doc, Token  # noqa: TID251


def from_according(token: Token) -> Found | None:
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    object_ = next((c for c in to.children if c.dep_ == "pobj"), None)
    if object_ is None:
        return None
    cue = (token.idx, to.idx + len(to.text))
    return pieces_of(list(object_.subtree)), (cue,), _clause_around(token), "according-to"


def _clause_around(token: Token) -> tuple[Piece, ...]:
    """The clause a phrase such as ``according to X`` belongs to, less the phrase itself."""
    head = token.head
    while head.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl") and head.head is not head:
        head = head.head
    own = {t.i for t in token.subtree}
    return pieces_of([t for t in head.subtree if t.i not in own])


def from_preposition(token: Token) -> Found | None:
    """``In a CBS poll, Clinton led by 6 points``: the fronted ``in`` is the cue, the poll the
    source and the clause the content."""
    if token.lower_ != "in" or token.dep_ != "prep" or token.head.pos_ not in ("VERB", "AUX"):
        return None
    object_ = next((c for c in token.children if c.dep_ == "pobj"), None)
    if object_ is None or object_.lemma_.lower() not in _POLL_NOUNS or token.i > token.head.i:
        return None
    return pieces_of(list(object_.subtree)), pieces_of([token]), _clause_around(token), "preposition"


def from_noun(token: Token) -> Found | None:
    if token.pos_ != "NOUN" or token.lemma_.lower() not in CUE_NOUNS:
        return None
    clause = next(
        (c for c in token.children if c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX")), None
    )
    if clause is None or not any(c.lower_ == "that" and c.dep_ == "mark" for c in clause.children):
        return None
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    cue_tokens = [token, *(c for c in token.children if c.dep_ == "case")]
    return noun_source(token, owner), pieces_of(cue_tokens), pieces_of(list(clause.subtree)), "noun"


def noun_source(noun: Token, owner: Token | None) -> tuple[Piece, ...]:
    """Who a noun of saying belongs to: its possessor, else the subject of the verb that
    voices it ("Trump made these allegations", "he entered the race with harsh words", "they
    cling to the hope that"), never of one that answers it ("the firm rejected claims that ...")."""
    if owner is not None:
        tokens = list(owner.subtree)
        if owner.pos_ == "PROPN":
            # "dismissed as propaganda Peru's claim": the parser hung the verdict on the name
            while len(tokens) > 1 and tokens[0].pos_ in ("NOUN", "ADJ") and tokens[0].is_lower:
                tokens = tokens[1:]
        return pieces_of(tokens)
    named = next((c for c in noun.children if c.dep_ in ("nsubj", "compound") and c.pos_ == "PROPN"), None)
    if named is not None and noun.dep_ == "ROOT":
        return source_of(named)  # "Merkel talks about X": a verb the tagger took for a noun
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in _HOLDING_PREPOSITIONS:
        head = head.head  # "cling to the hope that S", "in the hope that S", "with harsh words"
    elif noun.dep_ != "dobj" or head.lemma_.lower() not in VOICING_VERBS:
        return ()
    if head.pos_ not in ("VERB", "AUX"):
        return ()
    subject = subject_of(head)
    if subject is None:
        return ()
    return source_of(subject)


_SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP"})
_HOLDING_PREPOSITIONS = frozenset({"with", "in", "to"})


def line_of(token: Token) -> tuple[int, int]:
    """The token indices [start, end) of the token's line."""
    doc = token.doc
    start = token.i
    while start > 0 and "\n" not in doc[start - 1].text and "\n" not in doc[start - 1].whitespace_:
        start -= 1
    end = token.i + 1
    while end < len(doc) and "\n" not in doc[end].text and "\n" not in doc[end - 1].whitespace_:
        end += 1
    return start, end


def from_headline(token: Token) -> Found | None:
    """``Conservative Icon Endorses Ted Cruz``: in a title-case headline the tagger reads the
    verb as part of one long name; a cue verb's third-person form there is the cue, the words
    before it (after any ``Label:``) the source and the rest of the line the content."""
    if token.pos_ != "PROPN" or not token.text[:1].isupper() or not token.lower_.endswith("s"):
        return None
    lower = token.lower_
    if lower[:-1] not in CUE_VERBS and not (lower.endswith("es") and lower[:-2] in CUE_VERBS):
        return None
    start, end = line_of(token)
    doc = token.doc
    words = [t for t in doc[start:end] if t.is_alpha and len(t) > 3]
    if sum(t.text[0].isupper() for t in words) < 0.8 * len(words):
        return None
    before = [t for t in doc[start : token.i] if not t.is_space]
    colon = max((i for i, t in enumerate(before) if t.text == ":"), default=-1)
    before = before[colon + 1 :]
    after = [t for t in doc[token.i + 1 : end] if not t.is_space]
    if not before or len(after) < 2 or any(t.pos_ in ("VERB", "AUX") for t in before):
        return None
    return pieces_of(before), pieces_of([token]), pieces_of(after), "headline"


# What "in" names when it attributes ("in a CBS poll", "in an interview").
_POLL_NOUNS = frozenset("poll polls survey surveys".split())


def _opens_text(doc: Doc, start: int) -> bool:
    """Whether the line starting at ``start`` is among the text's first two lines (a title,
    then the body's first line)."""
    return sum("\n" in t.text_with_ws for t in doc[:start]) <= 2


def from_colon(token: Token) -> Found | None:
    """``Name: what they said`` at the start of a line (headlines, transcripts)."""
    if token.text != ":":
        return None
    doc = token.doc
    start, end = line_of(token)
    before = doc[start : token.i]
    if not 1 <= len(before) <= 6 or any(t.pos_ in ("VERB", "AUX", "NUM") for t in before):
        return None
    if not any(t.pos_ == "PROPN" and t.ent_type_ in _SPEAKER_ENTITIES for t in before):
        return None  # "Editor's note:", "Q:", "Iowa:" and "Correction:" name no speaker
    if all(t.is_upper for t in before if t.is_alpha) and _opens_text(doc, start):
        return None  # "LIMA: The ministry said ...": a dateline, not a speaker's line
    after = [t for t in doc[token.i + 1 : end] if not t.is_space]
    if len(after) < 3:
        return None
    return pieces_of(list(before)), pieces_of([token]), pieces_of(after), "colon"
