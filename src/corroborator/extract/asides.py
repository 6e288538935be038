"""Clauses the parser hangs in the wrong place around an inserted clause: in "X wrote, after
Y announced Z, that ...", the "that" clause is X's, though the parser often hangs it on Z or on
"announced". Used by the attribution rules to give each verb its own content."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
