"""The numbers chart: one horizontal bar per figure, grouped by counted thing and action,
laid out here and drawn as inline SVG by the templates (no script, no network)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from corroborator.report.model import Number

WIDTH = 720
LABEL = 300  # room on the left for "claimant: text"
BAR = 18
GAP = 6
TITLE = 24


@dataclass
class Bar:
    y: int
    x: float
    width: float
    label: str
    figure: str
    number: Number


@dataclass
class Panel:
    title: str
    y: int
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Chart:
    width: int
    height: int
    label_width: int
    panels: list[Panel]


def _figure(number: Number) -> tuple[float, float] | None:
    if number.value is not None:
        return (0.0, number.value)
    if number.low is not None and number.high is not None:
        return (number.low, number.high)
    if number.low is not None or number.high is not None:
        edge = number.low if number.low is not None else number.high
        assert edge is not None
        return (0.0, edge)
    return None


def layout(numbers: Sequence[Number]) -> Chart | None:
    """Bars for every number with a figure; a panel per counted thing and action, each on
    its own scale (drones and cities do not share an axis).  None when nothing to draw."""
    panels: dict[str, list[tuple[Number, tuple[float, float]]]] = defaultdict(list)
    for number in numbers:
        figure = _figure(number)
        if figure is not None:
            title = " ".join(w for w in (number.counted_thing or "(unnamed)", number.action or "") if w)
            panels[title].append((number, figure))
    if not panels:
        return None
    drawn, y = [], 0
    room = WIDTH - LABEL - 60
    for title in sorted(panels, key=lambda t: (-len(panels[t]), t)):
        panel = Panel(title=title, y=y + 16)
        y += TITLE
        top = max(high for _, (_, high) in panels[title]) or 1.0
        for number, (low, high) in panels[title]:
            x = LABEL + room * low / top
            width = max(room * (high - low) / top, 2.0)
            shown = number.text if len(number.text) <= 24 else number.text[:23] + "…"
            label = f"{number.claimant} ({number.evidence.outlet})"
            if len(label) > 44:
                label = label[:43] + "…"
            panel.bars.append(Bar(y=y, x=x, width=width, label=label, figure=shown, number=number))
            y += BAR + GAP
        drawn.append(panel)
        y += GAP
    return Chart(width=WIDTH, height=y, label_width=LABEL, panels=drawn)
