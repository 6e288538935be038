"""Which attributions report speech, and what was said: the quotes view's reading of the
attributions found in a parse (part of the extract stage; :mod:`corroborator.extract.quotes`
builds the quotes from it).

An attribution reports speech when its cue is a verb of saying, or any verb whose content is a
quotation (``"Never," she snapped``); not when it is a thought, a wish, a plan, a stance or a
finding (``polls show``, ``the report found``, ``X wants``, ``the Fed signalled S``), a
question (``wondered why``), a verb's object or infinitive (``praised X``, ``vowed to``), or
a document's words with nothing in quotation marks. What was said is the attribution's
content, reshaped where the parse left it short: the quotation or clause before a speaker
whose verb the parser gave an object (``"...," X told reporters``), clauses the parser hung
on the cue (``said S, but it is complex``), the name a speaker gives (``calls it a rookie
mistake``) and what a speaker urges (``urged voters to stay home``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from corroborator.extract.attributions import ExtractedAttribution, clause_before
from corroborator.extract.cue_words import CUE_VERBS, SPEECH_VERBS
from corroborator.extract.furniture import furniture
from corroborator.extract.pieces import Piece, normalise, text_of
from corroborator.extract.quote_marks import Quotes, quote_before, quote_kind
from corroborator.extract.tokens import pieces_of
from corroborator.models.claim import AttributionKind

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Doc, Token  # noqa: TID251


MIN_QUOTED_WORDS = 4
"""Words a quotation needs to be a quote when its verb is not one of saying ("she beamed")."""

# Verbs of saying that, with no quotation, report a stance, a finding or a plan more than
# words spoken ("the Fed signalled S", "analysts suggest S", "she agreed S", "it proposes X").
STANCE_VERBS = frozenset(
    """
    signal indicate suggest imply hint estimate conclude agree concur disagree propose
    recommend affirm speculate theorize
    """.split()
)

# Verbs of exhorting whose object is told to do something ("urged voters to stay home"); not
# "ordered" or "asked", which are as often an order or a written request as words spoken.
DIRECTIVE_VERBS = frozenset("urge implore beg exhort tell advise remind".split())

# Verbs whose complement is the name a speaker gives something ("calls it a mistake").
NAMING_VERBS = frozenset("call describe dub label term brand characterize characterise".split())

# Nouns whose "said" is a document's finding, not speech (unless it is quoted).
DOCUMENT_NOUNS = frozenset(
    """
    report study survey poll data figure research analysis document finding statistic number
    audit review paper evidence result record
    """.split()
)


def speech_of(doc: Doc, attribution: ExtractedAttribution, marks: Quotes) -> ExtractedAttribution | None:
    """The attribution as a report of speech (its content what was said), None when it
    reports no speech."""
    attribution = _relative_speaker(doc, _continued(doc, _said_before(doc, attribution, marks)))
    named = _named_as(doc, attribution, marks) or _directive(doc, attribution, marks)
    if named is not None:
        return named
    return attribution if _is_quote(doc, attribution, marks) else None


def _is_quote(doc: Doc, attribution: ExtractedAttribution, marks: Quotes) -> bool:
    """Whether an attribution reports speech: see the module docstring."""
    rule = attribution.rule
    quoted = attribution.kind is not AttributionKind.INDIRECT
    if rule == "according-to":
        return bool(attribution.source)
    if rule == "colon":
        return True
    if not rule.startswith("verb"):
        return False
    cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
    if cue is None or len(cue) == 0 or furniture(cue.sent):
        return False
    speech = cue[0].lemma_.lower() in SPEECH_VERBS
    if quoted:
        # "known as “Bam Bam”", "blamed “far-left activists”": a term in quotation marks is named, not said
        words = sum(
            len(text_of(doc)[q0:q1].split())
            for piece in attribution.content
            for q0, q1 in marks.overlapping(*piece)
        )
        return speech or (words >= MIN_QUOTED_WORDS and bool(attribution.source))
    if (
        not speech
        or cue[0].lemma_.lower() in STANCE_VERBS
        or not attribution.source
        or rule.removeprefix("verb-") not in _REPORTED_CLAUSE_RULES
    ):
        return False
    source = doc.char_span(attribution.source[0][0], attribution.source[-1][1], alignment_mode="expand")
    if source is not None and source.root.lemma_.lower() in DOCUMENT_NOUNS:
        return False  # "city records indicated S": a document's finding, not speech
    text = text_of(doc)
    opening = text[attribution.content[0][0] : attribution.content[0][1]].split()[:1]
    if opening and opening[0].lower() in _QUESTION_WORDS:
        return False  # "wondered why S", "would not say how many": a question asked, not a statement
    return _has_clause(doc, attribution.content)


def _said_before(doc: Doc, attribution: ExtractedAttribution, marks: Quotes) -> ExtractedAttribution:
    """A verb of saying whose content the parser left as its object (``"...," X told reporters``,
    ``S, an official told Reuters``) says the quotation or the clause before its speaker."""
    if (
        attribution.rule not in _OBJECT_RULES
        or not attribution.source
        or _has_clause(doc, attribution.content)
    ):
        return attribution
    cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
    speaker = doc.char_span(attribution.source[0][0], attribution.source[-1][1], alignment_mode="expand")
    if cue is None or speaker is None or cue[0].lemma_.lower() not in SPEECH_VERBS:
        return attribution
    quoted = quote_before(cue[0], speaker.root, marks)
    if quoted is not None:
        return replace(attribution, content=(quoted,), kind=AttributionKind.DIRECT, rule="verb-quote")
    before = clause_before(cue[0], speaker.root)
    if not before:
        return attribution
    content = pieces_of(before)
    return replace(attribution, content=content, kind=quote_kind(content, marks), rule="verb-before")


def _continued(doc: Doc, attribution: ExtractedAttribution) -> ExtractedAttribution:
    """A reported clause that goes on in verbs the parser hung on the cue (``Brooks says he
    drank, used drugs and was broke``, ``she said S, but it is complex``): a second clause of
    the cue after the content, or a verb joined to the cue that goes on with what was said
    (:func:`_goes_on`), continues the content."""
    if attribution.rule != "verb-ccomp" or attribution.kind is not AttributionKind.INDIRECT:
        return attribution
    cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
    end = attribution.content[-1][1]
    if cue is None or attribution.content[0][0] < cue[0].idx:
        return attribution
    verb = cue[0]
    reported = next(
        (c for c in verb.children if c.dep_ == "ccomp" and c.idx >= attribution.content[0][0]), None
    )
    if reported is None:
        return attribution
    extra = [
        c
        for c in verb.children
        if c.idx >= end
        and (
            c.dep_ == "ccomp"  # "says he drank, used drugs": a second clause the parser gave the cue
            or (c.dep_ == "conj" and _goes_on(c, reported, verb))
        )
    ]
    if not extra:
        return attribution
    last = max(t.idx + len(t.text) for c in extra for t in c.subtree if not (t.is_punct or t.is_space))
    return replace(attribution, content=(*attribution.content[:-1], (attribution.content[-1][0], last)))


def _named_speakers_verb(doc: Doc, attribution: ExtractedAttribution, lemmas: frozenset[str]) -> Token | None:
    """The cue verb of an attribution with a source, when it is one of ``lemmas``."""
    if not attribution.rule.startswith("verb") or not attribution.source:
        return None
    cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
    if cue is None or len(cue) == 0 or cue[0].lemma_.lower() not in lemmas:
        return None
    return cue[0]


def _named_as(doc: Doc, attribution: ExtractedAttribution, marks: Quotes) -> ExtractedAttribution | None:
    """What a speaker calls something is their words (``she calls it a rookie mistake``,
    ``he described himself as the most careful``, ``called the plan “bold”``): the name given,
    in quotation marks when it is quoted. None when the cue is no verb of naming."""
    verb = _named_speakers_verb(doc, attribution, NAMING_VERBS)
    if verb is None:
        return None
    given = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "attr") and c.i > verb.i]
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            given.extend(o for o in child.children if o.dep_ == "pobj")
    if not given:
        return None
    content = pieces_of([t for c in given for t in c.subtree])
    quoted = sorted({q for piece in content for q in marks.overlapping(*piece)})
    if quoted:
        return replace(attribution, content=tuple(quoted), kind=AttributionKind.DIRECT, rule="verb-naming")
    return replace(attribution, content=content, kind=AttributionKind.INDIRECT, rule="verb-naming")


def _directive(doc: Doc, attribution: ExtractedAttribution, marks: Quotes) -> ExtractedAttribution | None:
    """``Trudeau urged people to send a message``, ``urged residents “to stay indoors”``: what a
    speaker urges or asks someone to do is said, from the one told to the end of the infinitive."""
    verb = _named_speakers_verb(doc, attribution, DIRECTIVE_VERBS)
    if verb is None:
        return None
    told = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    action = next((c for c in verb.children if c.dep_ == "xcomp" and told is not None and c.i > told.i), None)
    if told is None or action is None or not any(a.lower_ == "to" for a in action.children):
        return None
    content = pieces_of([*told.subtree, *action.subtree])
    quoted = {q for piece in content for q in marks.overlapping(*piece)}
    content = normalise([*content, *quoted])
    return replace(attribution, content=content, kind=quote_kind(content, marks), rule="verb-directive")


def _relative_speaker(doc: Doc, attribution: ExtractedAttribution) -> ExtractedAttribution:
    """``supporters who said S``: the speaker is the noun the relative pronoun stands for."""
    if len(attribution.source) != 1:
        return attribution
    span = doc.char_span(*attribution.source[0], alignment_mode="expand")
    if span is None or len(span) != 1 or span[0].lower_ not in ("who", "that", "which"):
        return attribution
    clause = span[0].head
    if clause.dep_ != "relcl":
        return attribution
    noun = clause.head
    words = [
        t
        for t in noun.subtree
        if t.i <= noun.i or (t.dep_ in ("prep", "pobj", "compound") and t.i < clause.i)
    ]
    words = [t for t in words if t.i < clause.i and not t.is_punct]
    return replace(attribution, source=pieces_of(words)) if words else attribution


def _goes_on(conj: Token, reported: Token, cue: Token) -> bool:
    """Whether a verb joined to the cue goes on with what was said: a clause of its own
    (``said S, but it is complex``) that is no second report (``and added S``), or a verb
    with no subject in the reported verb's form rather than the cue's."""
    if conj.lemma_.lower() in CUE_VERBS:
        return False  # "and added S", "but records showed S": a report of its own
    if any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in conj.children):
        return True
    return conj.tag_ == reported.tag_ != cue.tag_


_OBJECT_RULES = frozenset({"verb-learned", "verb-dobj", "verb-object"})


def _has_clause(doc: Doc, pieces: tuple[Piece, ...]) -> bool:
    """Content with a finite verb: what was said, not whom or what it was about ("praised X")."""
    for start, end in pieces:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and any(t.tag_ in _FINITE for t in span):
            return True
    return False


# How the attribution extractor found a reported clause (its rule less "verb-"); an object,
# an infinitive or a preposition's object ("praised X", "vowed to X", "asked for X") is no quote.
_REPORTED_CLAUSE_RULES = frozenset({"ccomp", "before", "inverted", "as", "inside", "quote"})
_QUESTION_WORDS = frozenset("what how why whether which who whom when where if".split())

_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
