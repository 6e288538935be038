"""Clauses the parser hangs in the wrong place around an inserted clause: in "X wrote, after
Y announced Z, that ...", the "that" clause is X's, though the parser often hangs it on Z or on
"announced"; the content around an aside ("X, the ministry said, ..."), less a later clause of
another speaker's; the report's closing comment on a claim; a negated verb that says nothing.
Used by the attribution rules to give each verb its own content."""

from __future__ import annotations

from typing import TYPE_CHECKING

from corroborator.extract.cue_words import SPEECH_VERBS, SUBJECT_DEPS

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Token  # noqa: TID251


def stray_that_clause(root: Token) -> Token | None:
    """A "that" clause set off by a comma that the parser hung on a noun under ``root``
    ("the arrest of two men, that the version is absurd"): it is what a verb above says."""
    for token in root.subtree:
        if token.i != root.i and is_stray(token, root):
            return token
    return None


def is_stray(token: Token, root: Token) -> bool:
    """Whether ``token`` heads a comma-led "that" clause hung on a noun under ``root``, or
    on ``root`` itself after its object ("reported the collapse, that the road ...")."""
    if token.dep_ in ("acl", "relcl"):
        hung = True
    elif token.dep_ == "ccomp" and token.head.i == root.i:
        hung = any(c.dep_ == "dobj" and c.i < token.i for c in root.children)
    else:
        return False
    marks = [c for c in token.children if c.dep_ == "mark" and c.lower_ == "that"]
    return (
        hung
        and bool(marks)
        and marks[0].i == token.left_edge.i
        and token.doc[max(marks[0].i - 1, 0)].text == ","
    )


def inside(verb: Token) -> list[Token]:
    """The content around an aside ("X, the ministry said, ..."): its clause, less the aside and
    less a later clause that reports another speaker ("..., while Y said Z": Y's, not the
    ministry's)."""
    skip = {t.i for t in verb.subtree}
    for clause in verb.head.children:
        if (
            clause.i > verb.i
            and clause.dep_ in ("advcl", "conj", "parataxis")
            and clause.lemma_.lower() in SPEECH_VERBS
            and any(c.dep_ in SUBJECT_DEPS for c in clause.children)
        ):
            skip.update(t.i for t in clause.subtree)
    return [t for t in verb.head.subtree if t.i not in skip]


# Nouns by which a report comments on what a speaker said: "..., a claim India has not
# confirmed", "..., a figure that could not be independently verified".
_COMMENT_NOUNS = frozenset("claim assertion allegation account figure number toll version statement".split())


def without_comment(tokens: list[Token]) -> list[Token]:
    """Content less the report's closing comment on it: an appositive account noun with a
    clause of its own, after a comma ("..., a claim India has not confirmed")."""
    within = {t.i for t in tokens}
    skip: set[int] = set()
    for token in tokens:
        if (
            token.dep_ == "appos"
            and token.lemma_.lower() in _COMMENT_NOUNS
            and token.i > 0
            and token.doc[token.left_edge.i - 1].text == ","
            and any(c.dep_ in ("relcl", "acl") for c in token.children)
            and token.right_edge.i >= max(within) - 1
        ):
            skip.update(t.i for t in token.subtree)
            skip.add(token.left_edge.i - 1)
    return [t for t in tokens if t.i not in skip] if skip else tokens


def said_nothing_of(verb: Token, content: list[Token]) -> bool:
    """ "X has not commented on the loss", "did not speak about it": a negated verb whose
    content is only what it is about (a phrase of one of its prepositions) says nothing of it."""
    if not content or not any(c.dep_ == "neg" for c in verb.children):
        return False
    current = content[0]
    for _ in range(12):
        if current.head.i == verb.i:
            return current.dep_ == "prep"
        if current.head.i == current.i:
            return False
        current = current.head
    return False
