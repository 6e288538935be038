"""Character pieces of a text: what extractors produce and scorers compare."""

from __future__ import annotations

Piece = tuple[int, int]
"""Characters ``start:end`` of the text."""


def normalise(pieces: list[Piece] | tuple[Piece, ...]) -> tuple[Piece, ...]:
    """Pieces sorted, empty ones dropped, overlapping or touching ones merged."""
    merged: list[Piece] = []
    for start, end in sorted(p for p in pieces if p[1] > p[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
