"""Quotation marks in a text: the quoted spans, and how an attribution's content meets them
(direct or mixed, widened to a whole quotation, a quotation before or after its cue)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING

from corroborator.extract.pieces import Piece, normalise, text_of
from corroborator.models.claim import AttributionKind

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Span, Token  # noqa: TID251


_OPENING = {"“": "”", "‘": "’", "«": "»", "„": "“", "‹": "›", "``": "''"}


_TOGGLES = ('"', "''")


# Double marks close one another whatever their shape: copy-edited text mixes ``"`` and ``”``,
# and an opening mark straight after a word closes too (``“Apparently not,“ he said``).
_DOUBLE_CLOSERS = frozenset({'"', "''", "”"})


class Quotes(list[Piece]):
    """Quotations in text order (they never overlap), found by bisection rather than by
    looking at each: an article of a thousand quotations asked about each of its tokens."""

    def __init__(self, pieces: Iterable[Piece] = ()) -> None:
        super().__init__(pieces)
        self.starts = [q0 for q0, _q1 in self]
        self.ends = [q1 for _q0, q1 in self]

    def overlapping(self, start: int, end: int) -> list[Piece]:
        """The quotations with a character in ``start:end``."""
        return self[bisect_right(self.ends, start) : bisect_left(self.starts, end)]

    def from_index(self, position: int) -> int:
        """The index of the first quotation that opens at or after ``position``."""
        return bisect_left(self.starts, position)


def quotations(text: str) -> Quotes:
    """Spans of quoted text, marks included; a quotation left open ends with its paragraph.

    Quotations nest (``“He said ‘stop’ twice”`` is one): only the outermost are returned. A
    closing mark closes the innermost open quotation it fits and every one inside it, so
    that an inner mark left open cannot keep the outer quotation open; the outer quotation's
    own opening mark at the start of a new sentence starts a new quotation.
    """
    found: list[Piece] = []
    position = 0
    for paragraph in text.split("\n"):
        opened: list[tuple[int, str]] = []  # (where, closing mark) from the outermost in
        i = 0
        while i < len(paragraph):
            two = paragraph[i : i + 2]
            mark = two if two in ("``", "''") else paragraph[i]
            if not opened:
                if mark in _OPENING or mark in _TOGGLES or _turned_opening(paragraph, i, mark):
                    opened.append((i, _OPENING.get(mark, mark)))
            else:
                level = _closed_level(paragraph, i, mark, opened)
                if level == 0:
                    found.append((position + opened[0][0], position + i + len(mark)))
                if level is not None:
                    del opened[level:]
                elif _reopens(paragraph, i, mark, opened):
                    # `“A. “B.”`: the first quotation lost its closing mark; it ends before the second
                    found.append((position + opened[0][0], position + len(paragraph[:i].rstrip())))
                    opened = [(i, _OPENING[mark])]
                elif _opens_inside(paragraph, i, mark, opened):
                    opened.append((i, _OPENING[mark]))
            i += len(mark)
        if opened and len(paragraph) - opened[0][0] > 1:
            found.append((position + opened[0][0], position + len(paragraph.rstrip())))
        position += len(paragraph) + 1
    return Quotes(q for q in found if q[1] - q[0] > 3)


def _closed_level(paragraph: str, i: int, mark: str, opened: list[tuple[int, str]]) -> int | None:
    """The innermost open quotation that ``mark`` at ``i`` closes, None when it closes none."""
    for level in range(len(opened) - 1, -1, -1):
        closer = opened[level][1]
        if (
            mark == closer
            or (mark in _DOUBLE_CLOSERS and closer in _DOUBLE_CLOSERS)
            or (mark == "“" and closer == "”" and i > 0 and not paragraph[i - 1].isspace())
        ):
            if mark == "’" and paragraph[i + 1 : i + 2].isalpha():
                return None  # an apostrophe ("don’t"), not the end of an inner quotation
            return level
    return None


def _turned_opening(paragraph: str, i: int, mark: str) -> bool:
    """A closing mark set where an opening one belongs (``Musk wrote: ”This guy...”``): after
    a space, a colon or the line's start, and before a word, with no quotation open."""
    if mark != "”":
        return False
    before = paragraph[i - 1] if i > 0 else " "
    return (before.isspace() or before in ":([") and paragraph[i + 1 : i + 2].isalnum()


def _reopens(paragraph: str, i: int, mark: str, opened: list[tuple[int, str]]) -> bool:
    """The outermost quotation's own opening mark after a sentence end and before a capital:
    the open quotation was never closed (``“A. “B.”``)."""
    if mark not in _OPENING or _OPENING[mark] != opened[0][1] or mark == opened[0][1]:
        return False
    before = paragraph[:i].rstrip()
    return before.endswith((".", "!", "?")) and paragraph[i + len(mark) : i + len(mark) + 1].isupper()


def _opens_inside(paragraph: str, i: int, mark: str, opened: list[tuple[int, str]]) -> bool:
    """A mark that opens a quotation inside the open one: another kind of mark than the
    innermost's, after a space or an opening bracket, before a word (``“... ‘stop’ ...”``)."""
    if mark not in _OPENING or _OPENING[mark] == opened[-1][1]:
        return False
    before = paragraph[i - 1] if i > 0 else " "
    after = paragraph[i + len(mark) : i + len(mark) + 1]
    return (before.isspace() or before in "([—–-") and bool(after) and not after.isspace()


def quote_kind(content: tuple[Piece, ...], quotes: Quotes) -> AttributionKind:
    inside = outside = 0
    for start, end in content:
        covered = sum(max(0, min(end, q1) - max(start, q0)) for q0, q1 in quotes.overlapping(start, end))
        inside += covered
        outside += (end - start) - covered
    if inside and outside <= 3:
        return AttributionKind.DIRECT
    return AttributionKind.MIXED if inside else AttributionKind.INDIRECT


def inside_quotes(position: int, quotes: Quotes) -> bool:
    return any(q0 < position < q1 for q0, q1 in quotes.overlapping(position, position + 1))


def widen_to_quotes(content: tuple[Piece, ...], cue: tuple[Piece, ...], quotes: Quotes) -> tuple[Piece, ...]:
    """Content that touches a quotation takes all of it (unless the cue is inside it)."""
    extra: list[Piece] = []
    cue_start = cue[0][0]
    for q0, q1 in quotes.overlapping(min(p[0] for p in content), max(p[1] for p in content)):
        if q0 <= cue_start < q1:
            continue
        if any(start < q1 and q0 < end for start, end in content):
            extra.append((q0, q1))
    return normalise([*content, *extra]) if extra else content


def quotes_after(cue: Token, quotes: Quotes) -> list[Piece]:
    """The quotation that goes on after the cue ("“A,” she said. “B.”"), up to the paragraph's end."""
    text = text_of(cue.doc)
    sentence_end = cue.sent.end_char
    taken: list[Piece] = []
    position = cue.idx + len(cue.text)
    for q0, q1 in quotes[quotes.from_index(position) :]:
        between = text[position:q0]
        if "\n" in between or (q0 > sentence_end and between[max(0, sentence_end - position) :].strip()):
            break
        taken.append((q0, q1))
        position = q1
        sentence_end = max(sentence_end, q1)
    return taken


def following_quote(sentence: Span, quotes: Quotes) -> Piece | None:
    """The quotation that opens right after a sentence ending in a colon (``She said:``)."""
    end = sentence.end_char
    text = text_of(sentence.doc)
    # Only the first quotation from there can have nothing but space before it.
    for q0, q1 in quotes[quotes.from_index(end - 2) :][:1]:
        if text[end:q0].strip() == "":
            return (q0, q1)
    return None


def quote_before(cue: Token, subject: Token | None, quotes: Quotes) -> Piece | None:
    """The quotation that the cue's clause follows with nothing between but its source
    (``“We will win.” Smith said.``), where the parser did not attach it to the cue."""
    doc = cue.doc
    first = cue.i if subject is None or subject.i > cue.i else min(cue.i, subject.left_edge.i)
    i = first - 1
    while i >= 0 and (doc[i].is_punct or doc[i].is_space) and not doc[i].is_quote:
        i -= 1
    if i < 0 or not doc[i].is_quote or "\n" in doc[i:first].text:
        return None
    closing = doc[i].idx + len(doc[i].text)
    at = bisect_left(quotes.ends, closing)
    return quotes[at] if at < len(quotes) and quotes.ends[at] == closing else None
