"""Figures side by side: quantity claims about one counted thing laid out by distinct figure,
with everyone who gives each one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from corroborator.report.model import FigureConflict, FigureSide, Number


def figure_key(number: Number) -> tuple[float | None, float | None]:
    """The figure as a comparable pair: (value, value) for one number, (low, high) for a range."""
    if number.value is not None:
        return (number.value, number.value)
    return (number.low, number.high)


def figure_conflict(thing: str, action: str | None, numbers: Sequence[Number]) -> FigureConflict:
    """The numbers laid out by distinct figure, the most often given first."""
    by_figure: dict[tuple[float | None, float | None], list[Number]] = defaultdict(list)
    for number in numbers:
        by_figure[figure_key(number)].append(number)
    sides = [
        FigureSide(
            figure=given[0].text,
            low=low,
            high=high,
            claimants=list(dict.fromkeys(n.claimant for n in given)),
            windows=list(dict.fromkeys(n.window for n in given if n.window)),
            numbers=given,
        )
        for (low, high), given in by_figure.items()
    ]
    sides.sort(key=lambda side: -len(side.numbers))
    return FigureConflict(counted_thing=thing, action=action, sides=sides)


def differing_figures(numbers: Sequence[Number]) -> list[FigureConflict]:
    """Numbers for the same counted thing and action whose figures differ between claimants:
    laid side by side for a reader, not a judgement (claim groups make that)."""
    by_thing: dict[tuple[str, str | None], list[Number]] = defaultdict(list)
    for number in numbers:
        if number.counted_thing:
            by_thing[(number.counted_thing.lower(), (number.action or "").lower() or None)].append(number)
    found = [
        figure_conflict(thing, action, figures)
        for (thing, action), figures in by_thing.items()
        if len({figure_key(n) for n in figures}) > 1 and len({n.claimant for n in figures}) > 1
    ]
    found.sort(key=lambda c: (-sum(len(s.numbers) for s in c.sides), c.counted_thing, c.action or ""))
    return found
