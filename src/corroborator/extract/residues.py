"""What a sentence says besides what it attributes.

A reporting cue inside a sentence does not make the whole sentence someone's claim: in
"Ukraine and Russia each released 390 people on Friday, in an exchange that both
governments say will return 1,000 prisoners", only the relative clause is the
governments'; the release of 390 is the outlet's own statement. And in "The minister put
the toll at 12 dead, adding that rescuers were still searching", the toll is the
minister's, though the cue ("adding") introduces something else.

The residue of a sentence is its main clause left outside every attribution's source, cue
and content. It is kept as a claim when it holds the sentence's root verb, a count (a
number that is not part of a date or time) and at least :data:`MIN_WORDS` words. Its owner
is the attribution whose source is the root's subject (the minister), else the outlet.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corroborator.extract.attributions import ExtractedAttribution
from corroborator.extract.pieces import Piece

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Span, Token  # noqa: TID251

MIN_WORDS = 4
_EDGE_POS = frozenset(("PUNCT", "CCONJ", "SCONJ", "SPACE"))
_SUBJECTS = frozenset(("nsubj", "nsubjpass"))
NUMBER_NOUNS = frozenset("number toll tally total figure count".split())


@dataclass(frozen=True)
class Residue:
    span: Piece
    owner: int | None  # the attribution whose source is the clause's subject, else None (the outlet)


def residue(
    sentence: Span, attributions: Sequence[ExtractedAttribution], near: Sequence[int]
) -> Residue | None:
    """The sentence's main clause outside the pieces of the attributions ``near`` it (indices
    into ``attributions``), when it states a count (rules in the module docstring)."""
    pieces = [
        (p, i) for i in near for role in ("source", "cue", "content") for p in getattr(attributions[i], role)
    ]
    # Which of the sentence's tokens lie in a piece, marked piece by piece (linear in the sentence).
    starts = [t.idx for t in sentence]
    covered = [False] * len(starts)
    for (start, end), _ in pieces:
        for position in range(bisect_left(starts, start), bisect_left(starts, end)):
            covered[position] = True
    root = sentence.root
    if covered[root.i - sentence.start]:
        return None
    first = last = root.i - sentence.start
    while first > 0 and not covered[first - 1]:
        first -= 1
    while last + 1 < len(covered) and not covered[last + 1]:
        last += 1
    while first <= last and _edge(sentence[first]):
        first += 1
    while last >= first and _edge(sentence[last]):
        last -= 1
    run = list(sentence[first : last + 1])
    words = [t for t in run if not t.is_punct]
    counts = [t for t in run if t.like_num and t.lower_ != "one" and t.ent_type_ not in ("DATE", "TIME")]
    if len(words) < MIN_WORDS or not counts:
        return None
    owner = None
    for subject in (c for c in root.children if c.dep_ in _SUBJECTS):
        owners = [
            i
            for (start, end), i in pieces
            if start <= subject.idx < end and _is_source(attributions[i], start)
        ]
        if owners:
            owner = owners[0]
    return Residue((run[0].idx, run[-1].idx + len(run[-1].text)), owner)


def _edge(token: Token) -> bool:
    return token.pos_ in _EDGE_POS or token.lower_ == "that"


def _is_source(attribution: ExtractedAttribution, start: int) -> bool:
    return any(piece[0] == start for piece in attribution.source)


def estimator(verb: Token | None) -> str | None:
    """``X put the toll at N``: X, found on the verb or the verbs it hangs from."""
    for _ in range(4):
        if verb is None:
            return None
        if verb.lemma_.lower() in ("put", "estimate", "give", "set"):
            objects = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in NUMBER_NOUNS]
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if objects and subjects:
                return verb.doc[subjects[0].left_edge.i : subjects[0].right_edge.i + 1].text.strip(" ,;")
        verb = verb.head if verb.head is not verb else None
    return None
