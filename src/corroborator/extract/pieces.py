"""Character pieces of a text: what extractors produce and scorers compare."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Doc, Span  # noqa: TID251

Piece = tuple[int, int]
"""Characters ``start:end`` of the text."""

_TEXT = "corroborator.text"
_ENTS = "corroborator.ents"


def text_of(doc: Doc) -> str:
    """The parsed text, joined once per doc: spaCy's ``Doc.text`` joins every token on each
    call, which made asking for it per sentence or per attribution quadratic in the length."""
    text = doc.user_data.get(_TEXT)
    if not isinstance(text, str):
        text = doc.user_data[_TEXT] = doc.text
    return text


def normalise(pieces: list[Piece] | tuple[Piece, ...]) -> tuple[Piece, ...]:
    """Pieces sorted, empty ones dropped, overlapping or touching ones merged."""
    merged: list[Piece] = []
    for start, end in sorted(p for p in pieces if p[1] > p[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def ents_within(span: Span) -> list[Span]:
    """The entities inside ``span``, as ``span.ents`` gives them, from the doc's entities
    listed once (``span.ents`` lists every entity of the doc on each call)."""
    doc = span.doc
    listed = doc.user_data.get(_ENTS)
    if not isinstance(listed, tuple):
        ents = list(doc.ents)
        listed = doc.user_data[_ENTS] = ([e.start for e in ents], ents)
    starts, ents = listed
    found = []
    for ent in ents[bisect_left(starts, span.start) :]:
        if ent.start >= span.end:
            break
        if ent.end <= span.end:
            found.append(ent)
    return found


class Holders:
    """Which items' pieces hold a position, without looking at every item (an interval index)."""

    def __init__(self, items: Iterable[tuple[int, Iterable[Piece]]]) -> None:
        self.pieces = sorted((start, end, key) for key, pieces in items for start, end in pieces)
        self.starts = [start for start, _end, _key in self.pieces]
        self.longest = max((end - start for start, end, _key in self.pieces), default=0)

    def within(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """``(start, end, key)`` of every piece with a character in ``start:end``, in order."""
        # A piece that reaches past ``start`` cannot begin more than ``longest`` before it.
        first = bisect_right(self.starts, start - self.longest)
        last = bisect_left(self.starts, end)
        return [piece for piece in self.pieces[first:last] if piece[1] > start]

    def holding(self, position: int) -> set[int]:
        """The keys of the items with a piece ``start <= position < end``."""
        return {key for _start, _end, key in self.within(position, position + 1)}

    def covering(self, start: int, end: int) -> bool:
        """Whether one piece holds all of ``start:end``."""
        return any(p0 <= start and end <= p1 for p0, p1, _key in self.within(start, start + 1))
