"""The dossier's pictures, laid out here and drawn as inline SVG by the templates (no
script, no network): the numbers chart (one bar per figure, a panel per counted thing and
action) and the timeline (one row per outlet, one dot per article, copies hollow)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from corroborator.report.model import Number, TimelineEntry

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


@dataclass
class Dot:
    x: float
    y: int
    copy: bool
    label: str
    entry: TimelineEntry


@dataclass
class Timeline:
    width: int
    height: int
    label_width: int
    rows: list[tuple[int, str]]  # (y, outlet name)
    dots: list[Dot]
    ticks: list[tuple[float, str, str]]  # (x, date, text anchor)


def _moment(entry: TimelineEntry) -> datetime | None:
    if not entry.published:
        return None
    text = entry.published.rstrip("Z")
    try:
        moment = datetime.fromisoformat(text if len(text) > 7 else f"{text}-01"[:10])
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def timeline_layout(entries: Sequence[TimelineEntry]) -> Timeline | None:
    """One row per outlet, one dot per dated article on a shared time axis (copies hollow).
    None when fewer than two articles have a date."""
    dated = [(entry, moment) for entry in entries if (moment := _moment(entry)) is not None]
    if len(dated) < 2:
        return None
    first = min(moment for _, moment in dated)
    last = max(moment for _, moment in dated)
    span = (last - first).total_seconds() or 1.0
    outlets = list(dict.fromkeys(entry.outlet_name for entry, _ in sorted(dated, key=lambda d: d[1])))
    row_of = {name: TITLE + n * (BAR + GAP) for n, name in enumerate(outlets)}
    room = WIDTH - LABEL - 30
    dots = [
        Dot(
            x=LABEL + room * (moment - first).total_seconds() / span,
            y=row_of[entry.outlet_name] + BAR // 2,
            copy=entry.copy_of is not None,
            label=f"{entry.published}: {entry.title or entry.article_id}"
            + (" (copy)" if entry.copy_of else ""),
            entry=entry,
        )
        for entry, moment in dated
    ]
    anchors = ["start", "middle", "middle", "middle", "end"]
    ticks = [
        (LABEL + room * step / 4, (first + (last - first) * step / 4).strftime("%d %b %H:%M"), anchors[step])
        for step in range(5)
    ]
    height = TITLE + len(outlets) * (BAR + GAP) + 20
    return Timeline(WIDTH, height, LABEL, [(y, name) for name, y in row_of.items()], dots, ticks)
