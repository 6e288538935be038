"""Repairs to the source of a cue verb where the parse puts the wrong words in the subject.

Part of the extract stage, used by :mod:`corroborator.extract.attributions` after it has taken
the verb's subject (:func:`corroborator.extract.tokens.subject_of`). Each repair names the
words that are the speaker instead, or none when no one is named:

- a subject inside a quotation, for a cue outside it (``“... Sen. Smith,” Jones said``): the
  words between the closing mark and the cue (``Jones``);
- a dateline (``WASHINGTON (AP) — Jones said``): the words after the dash;
- a finite verb the parser left with no subject (``Alarmed by X, Senator Jo Reid, the
  minority leader, said``): the noun phrase and appositions right before it, on its line, else
  a count it hung on the verb as a modifier (``About 4 in 10 say``);
- a verb whose object holds the view (``the report cheered Democrats``) or gives it (``the plan
  drew criticism from X``): that object, and the content is the subject;
- a speaker set inside the content (``Part of the problem, say experts like X, is Y``): the
  words after the cue, and the content is what they say around them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corroborator.extract.cue_words import SPEECH_VERBS, SUBJECT_DEPS
from corroborator.extract.phrase_cues import line_of
from corroborator.extract.pieces import Piece, text_of
from corroborator.extract.quote_marks import Quotes
from corroborator.extract.tokens import pieces_of

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Token  # noqa: TID251

_DASHES = frozenset({"—", "–", "--", "-", "―"})
_PHRASE_POS = frozenset({"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PUNCT", "CCONJ", "PART", "ADP"})
_HEAD_POS = frozenset({"PROPN", "NOUN", "PRON"})
_MARKS = " \n\"'“”‘’`«»"
_VERB_LEFTS = frozenset({"aux", "auxpass", "neg", "advmod"})
_OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd", "pobj", "acomp"})
_MODIFIER_DEPS = frozenset({"nummod", "npadvmod"})
_COUNT_POS = frozenset({"NUM", "NOUN", "PROPN"})
_DATELINE_POS = frozenset({"PROPN", "NUM", "PUNCT"})


def phrase_before(verb: Token, start: int) -> list[Token]:
    """The noun phrase from token ``start`` up to the verb (``, Jones said``), or [] when the
    words there are not one (a verb, an adverb)."""
    # the verb's auxiliaries and adverbs are not the phrase ("X has now said")
    end = min([c.left_edge.i for c in verb.lefts if c.dep_ in _VERB_LEFTS and c.i >= start] + [verb.i])
    tokens = [t for t in verb.doc[start:end] if not t.is_space]
    while tokens and (tokens[0].is_punct or tokens[0].is_quote):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    if not tokens or len(tokens) > 12 or any(t.pos_ not in _PHRASE_POS for t in tokens):
        return []
    if not any(t.pos_ in _HEAD_POS for t in tokens) or tokens[0].pos_ == "ADP":
        return []
    return tokens


def unattached_subject(verb: Token) -> list[Token]:
    """For a finite verb the parser gave no subject, the noun phrase and its appositions
    right before it (``Alarmed by X, Senator Jo Reid, the minority leader, said``), or []."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return []
    skip = {t.i for c in verb.lefts if c.dep_ in _VERB_LEFTS for t in c.subtree}
    chunks: list[list[Token]] = [[]]
    for token in reversed(verb.doc[verb.sent.start : verb.i]):
        if "\n" in token.text or "\n" in token.whitespace_:
            break  # a heading above is not the subject
        if token.i in skip:
            continue
        if token.text == ",":
            if chunks[-1]:
                chunks.append([])
            continue
        spaced_dash = token.text in _DASHES and bool(verb.doc[token.i - 1].whitespace_)
        if token.is_quote or token.pos_ not in _PHRASE_POS or spaced_dash:
            break
        chunks[-1].insert(0, token)
    if not chunks[0] or chunks[0][-1].pos_ == "CCONJ":
        return []  # "denounced her record and said": the verbs share a subject the parser lost
    kept: list[Token] = []
    start = line_of(verb)[0]
    for chunk in chunks[:3]:
        if not chunk or chunk[0].pos_ == "ADP" or not any(t.pos_ in _HEAD_POS for t in chunk):
            break
        if any(t.dep_ in _OBJECT_DEPS and max(start, chunk[0].i - 3) <= t.head.i < chunk[0].i for t in chunk):
            break  # "offered the man a job, then says": the object of the verb before it
        if all(t.ent_type_ in ("DATE", "TIME") or t.is_punct for t in chunk):
            break
        kept = chunk + kept
    return kept


def _misattached_subject(verb: Token) -> list[Token]:
    """A subject the parser hung on the verb as a modifier (``About 4 in 10 say``, ``Less than
    a third agreed``): a number or noun before it that is no date or time, or []."""
    for child in verb.lefts:
        if child.dep_ in _MODIFIER_DEPS and child.pos_ in _COUNT_POS:
            tokens = [t for t in child.subtree if not t.is_space]
            return [] if any(t.ent_type_ in ("DATE", "TIME") for t in tokens) else tokens
    return []


def repaired_source(verb: Token, subject: Token | None, quotes: Quotes) -> tuple[Piece, ...] | None:
    """The source of a cue verb when its subject is not it, else None (keep the subject)."""
    if subject is None:
        return pieces_of(unattached_subject(verb) or _misattached_subject(verb)) or None
    if subject.i > verb.i:
        return None
    doc = verb.doc
    text = text_of(doc)
    first = subject.left_edge.idx
    for q0, q1 in quotes.overlapping(subject.idx, subject.idx + len(subject)):
        # "“... Sen. Smith,” Jones said"; not "this “reporter” has said" nor "“Time” Announced"
        last = subject.right_edge.idx + len(subject.right_edge)
        more = q0 <= first and (text[q0:first] + text[last:q1]).strip(_MARKS + ",.")
        if more and subject.idx + len(subject) <= q1 <= verb.idx:
            after = next((t.i for t in doc[subject.i : verb.i] if t.idx >= q1), verb.i)
            return pieces_of(phrase_before(verb, after))
    dash = _dateline_end(subject)
    if dash is None or subject.left_edge.i > dash:
        return None
    after_dash = [t for t in subject.subtree if dash < t.i < verb.i]
    if any(t.pos_ in _HEAD_POS for t in after_dash):
        return pieces_of(after_dash)
    return pieces_of(phrase_before(verb, dash + 1))


def _dateline_end(subject: Token) -> int | None:
    """The index of the dash that ends a dateline at the start of the subject's line
    (``WASHINGTON (AP) —``, ``LONDON, May 2 (Reuters) -``), or None."""
    doc = subject.doc
    line = subject.i
    while line > 0 and "\n" not in doc[line - 1].text and "\n" not in doc[line - 1].whitespace_:
        line -= 1
    for token in doc[line : min(len(doc), line + 12)]:
        if token.text in _DASHES:
            before = [t for t in doc[line : token.i] if not t.is_space]
            spaced = token.i > 0 and bool(doc[token.i - 1].whitespace_)
            if not before or not spaced or any(t.pos_ not in _DATELINE_POS for t in before):
                return None
            if before[-1].text == ")" or (len(before[0]) > 1 and before[0].text.isupper()):
                return token.i
            return None
    return None


def inverted_speaker(verb: Token) -> tuple[list[Token], list[Token]] | None:
    """``Part of the problem, say experts like X, is the ground``: the speaker the parser made
    the subject of the reported clause, and the content around it; None when not so."""
    if verb.lemma_.lower() not in SPEECH_VERBS or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < verb.i), None)
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if subject is None or clause is None or any(t.text == "," for t in subject.subtree if t.i < verb.i - 1):
        return None  # "X's manager, Jo Smith, said the aide, Al Roe, had left": Smith said it
    speaker = next((c for c in clause.children if c.dep_ in SUBJECT_DEPS and c.i > verb.i), None)
    if speaker is None or speaker.left_edge.i != verb.i + 1 or speaker.pos_ not in ("PROPN", "NOUN"):
        return None
    words = list(speaker.subtree)
    while words and words[-1].is_punct:
        words.pop()
    after = words[-1].i + 1 if words else len(verb.doc)
    if after >= len(verb.doc) or verb.doc[after].text != ",":
        return None
    inside = {t.i for t in speaker.subtree}
    content = [*subject.subtree, *(t for t in clause.subtree if t.i not in inside)]
    return list(speaker.subtree), content


# Verbs whose object is the one who feels or thinks ("the report cheered Democrats"): the
# object holds the view, the subject is what it is about.
_EXPERIENCER_VERBS = frozenset(
    """
    anger cheer rattle alarm worry frustrate please surprise upset disappoint trouble
    bother irritate annoy delight impress shock dismay disturb outrage infuriate offend scare
    frighten unsettle excite thrill stun reassure enrage alienate
    """.split()
)
_PEOPLE = frozenset({"PERSON", "NORP", "ORG", "GPE"})
_GROUP_NOUNS = frozenset(
    "people voter supporter official leader member party critic "
    "investor donor activist conservative liberal democrat republican american".split()
)
# The same verbs in the passive, and others like them, have the one who feels as subject
# ("not everyone is convinced that S", "voters are divided on X").
FEELING_VERBS = _EXPERIENCER_VERBS | frozenset(
    "convince persuade mystify pump divide satisfy concern interest".split()
)
# What a subject draws from others ("drew criticism from X"): X is the source.
_DRAWING_VERBS = frozenset(
    "draw attract earn receive spark prompt face provoke trigger garner win get".split()
)
_RECEIVED_NOUNS = frozenset(
    "criticism praise condemnation rebuke fire scorn ire backlash support applause ridicule".split()
)


def turned_round(verb: Token) -> tuple[list[Token], list[Token], list[Token]] | None:
    """Source, cue and content of a cue verb whose speaker is not its subject: ``the report
    cheered Democrats`` (the object), ``the plan drew criticism from X`` (the ``from``
    object); None for any other verb."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if subject is None or obj is None or any(c.dep_ == "ccomp" for c in verb.children):
        return None
    lemma = verb.lemma_.lower()
    if lemma in _EXPERIENCER_VERBS:
        feels = obj.pos_ == "PRON" or obj.ent_type_ in _PEOPLE or obj.lemma_.lower() in _GROUP_NOUNS
        if feels and not any(c.dep_ in ("xcomp", "prt") for c in verb.children):
            return list(obj.subtree), [verb], list(subject.subtree)
        return None
    if lemma not in _DRAWING_VERBS or obj.lemma_.lower() not in _RECEIVED_NOUNS:
        return None
    giver = next(
        (p for p in (*obj.children, *verb.children) if p.dep_ == "prep" and p.lower_ == "from"), None
    )
    source = next((o for o in giver.children if o.dep_ == "pobj"), None) if giver is not None else None
    if source is None or giver is None:
        return None
    return list(source.subtree), [verb, obj, giver], list(subject.subtree)
