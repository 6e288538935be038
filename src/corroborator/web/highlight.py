"""An article's text cut into segments, each with the kinds of span that cover it, so
that a template can colour attributions, claims, quantities and entities without nesting
tags (spans overlap freely) and mark the sentence a link asked for."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # claim, attribution, source, cue, quantity, entity
    note: str


@dataclass
class Segment:
    text: str
    start: int
    kinds: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    highlighted: bool = False
    anchor: str | None = None


def parse_highlight(value: str | None, length: int) -> tuple[int, int] | None:
    """``"START-END"`` as offsets within the text; None when absent or not two numbers."""
    if not value:
        return None
    start_text, _, end_text = value.partition("-")
    # An offset longer than any text is not read (and a 5,000-digit one cannot be).
    if not (start_text.isdigit() and end_text.isdigit()) or max(len(start_text), len(end_text)) > 12:
        return None
    start, end = int(start_text), int(end_text)
    if start >= end or start >= length:
        return None
    return start, min(end, length)


def segments(text: str, marks: Sequence[Mark], highlight: tuple[int, int] | None = None) -> list[Segment]:
    """The text in order, split wherever a mark or the highlight starts or ends."""
    cuts = {0, len(text)}
    for mark in marks:
        cuts.update((max(0, min(mark.start, len(text))), max(0, min(mark.end, len(text)))))
    if highlight is not None:
        cuts.update(highlight)
    edges = sorted(cuts)
    starting: dict[int, list[Mark]] = {}
    for mark in marks:
        starting.setdefault(mark.start, []).append(mark)
    open_marks: list[Mark] = []
    found = []
    for start, end in itertools.pairwise(edges):
        open_marks = [m for m in open_marks if m.end > start] + starting.get(start, [])
        segment = Segment(text=text[start:end], start=start)
        for mark in open_marks:
            if mark.kind not in segment.kinds:
                segment.kinds.append(mark.kind)
            segment.notes.append(mark.note)
        if highlight is not None and highlight[0] <= start and end <= highlight[1]:
            segment.highlighted = True
            if start == highlight[0]:
                segment.anchor = f"c-{start}"
        found.append(segment)
    return found
