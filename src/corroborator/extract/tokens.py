"""Tokens to character pieces, and the source of a cue: its subject, inverted subject or
passive agent, trimmed to its own line and words."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from corroborator.extract.cue_words import CLIMB_DEPS, CUE_VERBS, SUBJECT_DEPS
from corroborator.extract.pieces import Piece

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Token  # noqa: TID251

_NOMINAL = ("NOUN", "PROPN", "PRON")
# What a speaker issues or gives: "put out a statement saying S" is the speaker's, not the statement's.
_UTTERANCES = frozenset(
    "statement speech letter memo email e-mail tweet message remarks interview address op-ed "
    "editorial announcement article post column report video book".split()
)
# Verbs of saying whose object is the one spoken to, never the speaker.
_ADDRESSEE_VERBS = frozenset("tell inform remind warn assure urge advise notify brief".split())
# Verbs whose object does what their infinitive says ("urged voters to say", "led her to declare").
_OBJECT_CONTROL = frozenset(
    "lead leave require urge ask tell force prompt push pressure encourage cause allow invite get drive "
    "persuade convince".split()
)
_EDGE_PUNCT = frozenset({",", ";", "--", "—", "–", "-"})


def pieces_of(tokens: Iterable[Token]) -> tuple[Piece, ...]:
    """Character pieces covering the tokens, split where the tokens are not contiguous.

    Commas, semicolons, dashes and spaces at the edges of a piece are left out, and a full stop at its end.
    """
    runs: list[list[Token]] = []
    for token in sorted(tokens, key=lambda t: t.i):
        if runs and token.i == runs[-1][-1].i + 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    pieces = []
    for run in runs:
        while run and (run[0].is_space or run[0].text in _EDGE_PUNCT):
            run.pop(0)
        while run and (run[-1].is_space or run[-1].text in _EDGE_PUNCT or run[-1].text == "."):
            run.pop()
        if run:
            pieces.append((run[0].idx, run[-1].idx + len(run[-1].text)))
    return tuple(pieces)


def subtree_of(token: Token, without: Token | None = None) -> list[Token]:
    if without is None:
        return list(token.subtree)
    skip = {t.i for t in without.subtree}
    return [t for t in token.subtree if t.i not in skip]


def subject_of(verb: Token) -> Token | None:
    """The subject of the verb, else of the verbs it depends on (xcomp, conj, advcl...)."""
    if _passive_participle(verb):
        return agent_of(verb)  # "when asked about X, he said": he was asked, he did not ask
    current: Token | None = verb
    for _ in range(6):
        if current is None:
            return None
        for child in _subjects_first(current):
            if child.dep_ in SUBJECT_DEPS:
                if current is not verb and child.lower_ == "that" and current.dep_ == "relcl":
                    return None  # "deals that help X, and rejecting Y": the parse joined two clauses
                if child.lower_ == "it" and _expletive_it(current, verb):
                    return None  # "it is hard to know": no one is named
                if child.dep_ == "nsubjpass" and current.lemma_ in ("quote", "expect", "report"):
                    # "X is expected to win" is X's; "it was reported that S", by its agent or no one
                    return child if child.lower_ != "it" else agent_of(current)
                if child.dep_ == "nsubjpass":
                    return agent_of(current)
                return child
        if current.dep_ == "relcl" and current.head.pos_ in _NOMINAL:
            return current.head
        if current.dep_ == "xcomp" and current.head.lemma_.lower() in _OBJECT_CONTROL:
            controller = next(
                (c for c in current.head.children if c.dep_ == "dobj" and c.i < current.i), None
            )
            if controller is not None and controller.pos_ in _NOMINAL:
                return controller  # "the win led her to declare S": she declared it
        if current.dep_ == "acl" and current.head.pos_ in _NOMINAL:
            noun = current.head
            if current.tag_ == "VBN":
                return agent_of(current)  # "the bill opposed by Republicans": the agent or no one
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
            if not infinitive and noun.lemma_.lower() not in _UTTERANCES:
                return noun  # "911 calls saying", "a group backing Bush", "ads attacking him"
            # "mounted a campaign to condemn X", "issued a statement saying S": whoever did so
            if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
                noun = noun.head
            if noun.dep_ not in ("dobj", "prep") or noun.head.pos_ not in ("VERB", "AUX"):
                return None
            current = noun.head
            continue
        if current.dep_ not in CLIMB_DEPS or current.head is current:
            return agent_of(current)
        current = _outer_cue(current) or current.head
    return None


def _expletive_it(clause: Token, verb: Token) -> bool:
    """Whether ``it`` subject of the clause stands for the verb under it (``it is hard to
    know``, ``it's worth noting``) rather than for a thing (``it declined, citing X``)."""
    return clause is not verb and clause.lemma_ == "be" and any(c.dep_ == "acomp" for c in clause.children)


def _subjects_first(verb: Token) -> list[Token]:
    """The verb's children, a speaker ahead of a relative pronoun the parser also made its
    subject (``the law, which critics say hurts farmers``: the critics say so)."""
    # a quotation mark the parser made a subject ("«...» said X") names no one
    children = [c for c in verb.children if not (c.is_punct and c.dep_ in SUBJECT_DEPS) and not dateline(c)]
    subjects = [c for c in children if c.dep_ in SUBJECT_DEPS]
    if len(subjects) > 1 and subjects[0].tag_ in ("WDT", "WP"):
        return [subjects[-1], *children]
    return children


_DATELINE_MARKS = frozenset(":-–—")


def dateline(token: Token) -> bool:
    """Whether a subject the parser found is a dateline ("NEW DELHI: the ministry said ..."):
    a place in capitals opening its line, followed by a colon or a dash, or by a comma and an
    agency in brackets."""
    words = [t for t in token.subtree if not t.is_punct]
    if not words or not all(t.is_upper for t in words) or not any(len(t) > 1 for t in words):
        return False
    first, last = words[0], words[-1]
    if first.i > 0 and "\n" not in token.doc[first.i - 1].text_with_ws:
        return False
    after = token.doc[last.i + 1] if last.i + 1 < len(token.doc) else None
    if after is None:
        return False
    return after.text in _DATELINE_MARKS or (after.text == "," and _agency_follows(after))


def _agency_follows(comma: Token) -> bool:
    """``MOSCOW, (Reuters) –``, ``KYIV, June 6 (AP) —``: a dateline with its agency."""
    rest = comma.doc[comma.i + 1 : comma.i + 8]
    return any(t.text == "(" for t in rest) and any(t.text in _DATELINE_MARKS for t in rest)


def _passive_participle(verb: Token) -> bool:
    """``being asked``, ``when asked``, ``Asked about X, ...``: a passive with no subject."""
    if verb.tag_ != "VBN" or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return False
    if any(c.dep_ == "auxpass" for c in verb.children):
        return True
    return verb.dep_ == "advcl" and not any(c.dep_ == "aux" for c in verb.children)


def _outer_cue(verb: Token) -> Token | None:
    """``He said the plan failed and said S``, ``she insisted it worked, adding S``: the parser
    joins the second cue to the reported verb ("failed", "worked"); it is the first cue's, and
    so is its subject. None when that is not so."""
    head = verb.head
    if (
        verb.dep_ not in ("conj", "advcl")
        or verb.lemma_.lower() not in CUE_VERBS
        or head.dep_ != "ccomp"
        or head.lemma_.lower() in CUE_VERBS
        or head.head.lemma_.lower() not in CUE_VERBS
    ):
        return None
    return head.head


def inverted_subject(verb: Token) -> Token | None:
    """The speaker after a verb of saying that follows a quotation (``“...,” recalled Mr. Rhodes.``),
    which the parser takes for the verb's object; None when the verb has a subject of its own."""
    doc = verb.doc
    if verb.i == 0 or not (doc[verb.i - 1].is_quote or doc[verb.i - 1].text == ","):
        return None
    if verb.lemma_.lower() in _ADDRESSEE_VERBS:
        return None  # "..., tells Breitbart News": the object is who is told
    if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    return next(
        (
            c
            for c in verb.children
            if c.dep_ in ("dobj", "attr") and c.i > verb.i and c.pos_ in ("PROPN", "NOUN", "PRON")
        ),
        None,
    )


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _source_tokens(subject: Token) -> list[Token]:
    if subject.dep_ == "relcl" or (subject.pos_ in ("NOUN", "PROPN") and subject.dep_ not in SUBJECT_DEPS):
        return [t for t in subject.subtree if t.dep_ != "relcl" and t.i <= subject.i] or [subject]
    return [t for t in subject.subtree if not (t.dep_ == "relcl" and t.head is subject)] or [subject]


def _clean_subtree(tokens: list[Token], head: Token) -> list[Token]:
    """Drop a relative clause's tokens from a source (``Smith, who leads the panel,``)."""
    skip: set[int] = set()
    for token in head.children:
        if token.dep_ == "relcl":
            skip.update(t.i for t in token.subtree)
    return [t for t in tokens if t.i not in skip]


def _same_line(tokens: list[Token], head: Token) -> list[Token]:
    """The tokens on the head's own line: a headline or time stamp above is not the source."""
    breaks = [t.i for t in tokens if "\n" in t.text or "\n" in t.whitespace_]
    first = max((i for i in breaks if i < head.i), default=-1)
    last = min((i for i in breaks if i >= head.i), default=len(head.doc))
    return [t for t in tokens if first < t.i <= last and "\n" not in t.text]


def source_of(subject: Token | None, cue: Token | None = None) -> tuple[Piece, ...]:
    """The source span of a subject: its phrase less relative clauses and other lines, and less
    the cue's own words when the cue hangs inside it ("voters saying S": "voters")."""
    if subject is None:
        return ()
    tokens = _clean_subtree(_source_tokens(subject), subject)
    if cue is not None and subject.is_ancestor(cue):
        inside = {t.i for t in cue.subtree}
        tokens = [t for t in tokens if t.i not in inside] or [subject]
    return pieces_of(without_edge_marks(_same_line(tokens, subject)))


def without_edge_marks(tokens: list[Token]) -> list[Token]:
    """A source less the quotation marks at its edges (the closing mark of a quotation the
    parser hung on the speaker after it)."""
    ordered = sorted(tokens, key=lambda t: t.i)
    first, last = 0, len(ordered) - 1
    while first <= last and ordered[first].is_quote:
        first += 1
    while last >= first and ordered[last].is_quote:
        last -= 1
    return ordered[first : last + 1] or ordered


Found = tuple[tuple[Piece, ...], tuple[Piece, ...], tuple[Piece, ...], str]
