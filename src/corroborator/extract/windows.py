"""Time windows of claims: a time expression near a number, resolved against the
publication time ("overnight", "on Tuesday", "between Tuesday and Friday", "last week",
"last summer", "on 24 May"); ``end`` is the last day included."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from corroborator.extract.pieces import Piece, text_of
from corroborator.models.common import PartialTime, Precision

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Span, Token  # noqa: TID251

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}


@dataclass(frozen=True)
class ExtractedWindow:
    """A time expression and, where it can be resolved, its first and last day."""

    text: str
    span: Piece
    start: PartialTime | None = None
    end: PartialTime | None = None


# --- the time window ------------------------------------------------------------------------

_WINDOW = re.compile(
    r"\b(?:(?:between|from)\s+(?P<a>\w+day)\s+(?:and|to|until)\s+(?P<b>\w+day)(?:\s+last\s+week)?"
    r"|overnight(?:\s+into\s+\w+day)?|on\s+the\s+night\s+into\s+\w+day|last\s+night|yesterday|today"
    r"|(?:last|this)\s+(?:week|month|year|summer|winter|spring|autumn|fall|weekend)"
    r"|last\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"|(?:on\s+)?(?:\w+day,?\s+)?\d{1,2}\s+(?:january|february|march|april|may|june|july|august|september"
    r"|october|november|december)|(?:on\s+)?(?:january|february|march|april|june|july|august|september"
    r"|october|november|december|may)\s+\d{1,2}\b"
    r"|(?:on|since|by|until)\s+\w+day|in\s+(?:19|20)\d\d)",
    re.IGNORECASE,
)


def _day(value: date) -> PartialTime:
    return PartialTime.from_date(value)


def _last_weekday(name: str, base: date) -> date:
    """The named weekday on or before ``base`` (news reports look back)."""
    return base - timedelta(days=(base.weekday() - WEEKDAYS[name]) % 7)


def _season(name: str, base: date) -> tuple[date, date]:
    months = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
    first, last = months[name]
    year = base.year if base.month > last and first != 12 else base.year - 1
    if first == 12:
        start = date(year - (0 if base.month > 2 else 1), 12, 1)
        return start, date(start.year + 1, 3, 1) - timedelta(days=1)
    return date(year, first, 1), date(year, last + 1, 1) - timedelta(days=1)


def resolve_window(text: str, published: PartialTime | None) -> tuple[PartialTime | None, PartialTime | None]:
    """First and last day of a time expression, against the publication day; Nones if unknown.

    ``overnight`` is the night ending on the publication day (the day before to that day);
    a weekday is the latest such day on or before publication; ``last week`` is the previous
    Monday-Sunday week; ``last summer`` the latest June-August that has ended; a day and
    month (``24 May``) the latest such date on or before publication (via dateparser).
    """
    if published is None:
        return None, None
    try:
        return _resolve(text, published.start().date())
    except (OverflowError, ValueError):
        # A day at the calendar's edge (year 1, year 9999) has no day before or year after it.
        # Ingestion keeps such dates out; a store written before it did may still hold one.
        return None, None


def _resolve(text: str, base: date) -> tuple[PartialTime | None, PartialTime | None]:
    lower = re.sub(r"\s+", " ", text.lower()).strip().rstrip(",")
    days = re.findall(r"(\w+day)\b", lower)
    days = [d for d in days if d in WEEKDAYS]
    if "night into" in lower or "overnight into" in lower:
        end = _last_weekday(days[-1], base)
        return _day(end - timedelta(days=1)), _day(end)
    if len(days) == 2:
        first = _last_weekday(days[0], base)
        last = _last_weekday(days[1], base)
        if "last week" in lower and last >= base - timedelta(days=base.weekday()):
            first, last = first - timedelta(days=7), last - timedelta(days=7)
        if first > last:
            first -= timedelta(days=7)
        return _day(first), _day(last)
    if lower in ("overnight", "last night"):
        return _day(base - timedelta(days=1)), _day(base)
    if lower == "yesterday":
        return _day(base - timedelta(days=1)), _day(base - timedelta(days=1))
    if lower == "today":
        return _day(base), _day(base)
    if lower.startswith("last ") or lower.startswith("this "):
        return _relative(lower, base)
    if re.search(r"\d{1,2}", lower) and any(m in lower for m in MONTHS):
        return _absolute(lower, base)
    year = re.search(r"(19|20)\d\d", lower)
    if year:
        moment = PartialTime(value=year.group(0), precision=Precision.YEAR)
        return moment, moment
    if days:
        day = _day(_last_weekday(days[0], base))
        return day, day
    return None, None


def _relative(lower: str, base: date) -> tuple[PartialTime | None, PartialTime | None]:
    what = lower.split(" ", 1)[1]
    monday = base - timedelta(days=base.weekday())
    if what == "week":
        shift = 7 if lower.startswith("last") else 0
        return _day(monday - timedelta(days=shift)), _day(monday - timedelta(days=shift - 6))
    if what == "weekend":
        saturday = monday - timedelta(days=2)
        return _day(saturday), _day(saturday + timedelta(days=1))
    if what in ("summer", "winter", "spring", "autumn", "fall"):
        first, last = _season(what, base)
        return _day(first), _day(last)
    if what in MONTHS:
        year = base.year if MONTHS[what] < base.month else base.year - 1
        month = PartialTime(value=f"{year:04d}-{MONTHS[what]:02d}", precision=Precision.MONTH)
        return month, month
    if what == "month":
        first = (base.replace(day=1) - timedelta(days=1)).replace(day=1) if lower.startswith("last") else base
        value = PartialTime(value=f"{first.year:04d}-{first.month:02d}", precision=Precision.MONTH)
        return value, value
    if what == "year":
        year = base.year - (1 if lower.startswith("last") else 0)
        value = PartialTime(value=f"{year:04d}", precision=Precision.YEAR)
        return value, value
    return None, None


def _absolute(lower: str, base: date) -> tuple[PartialTime | None, PartialTime | None]:
    import dateparser

    cleaned = re.sub(r"^on\s+", "", lower)
    moment = dateparser.parse(
        cleaned,
        languages=["en"],
        settings={"RELATIVE_BASE": datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": "past"},
    )
    if moment is None:
        return None, None
    return _day(moment.date()), _day(moment.date())


LOOK_BACK = 3000  # characters before "the first day" searched for the day it begins
_FORECAST = frozenset("will would could may might shall".split())
_FIRST_DAY = re.compile(r"\b(?:on )?(?:the first day|day one)\b", re.IGNORECASE)
_START_DAY = re.compile(
    r"\b(?:begin|began|begun|start|started|starting|open|opened)\b[^.;]{0,30}?\b(\w+day)\b", re.IGNORECASE
)


def window_of(sentence: Span, anchor: Token, published: PartialTime | None) -> ExtractedWindow | None:
    """The time expression nearest the number in its sentence, resolved where possible.

    A forecast ("that will return 1,000 prisoners") takes no date from the clause it hangs
    from, only from its own words; "on the first day" of something is the day an earlier
    sentence of the article says it begins ("could begin as early as Friday").
    """
    found = [
        (sentence.start_char + m.start(), sentence.start_char + m.end())
        for m in _WINDOW.finditer(sentence.text)
    ]
    found = [p for p in found if not _named_night(sentence, p)]
    verb = _clause_verb(anchor)
    if verb is not None and any(c.dep_ == "aux" and c.lower_ in _FORECAST for c in verb.children):
        low, high = verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge)
        found = [p for p in found if low <= p[0] < high]
    if not found:
        return _first_day(sentence, published)
    start, end = min(found, key=lambda p: abs(p[0] - anchor.idx))
    text = text_of(sentence.doc)[start:end]
    first, last = resolve_window(text, published)
    return ExtractedWindow(text=text, span=(start, end), start=first, end=last)


def _named_night(sentence: Span, piece: tuple[int, int]) -> bool:
    """``Russia's overnight attack``: an event the reader already knows, named by its night,
    not the night before publication (a report a day later still calls it so)."""
    span = sentence.doc.char_span(*piece)
    if span is None or len(span) != 1 or span[0].lower_ != "overnight" or span[0].dep_ != "amod":
        return False
    return any(c.dep_ == "poss" for c in span[0].head.children)


def _clause_verb(token: Token) -> Token | None:
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _first_day(sentence: Span, published: PartialTime | None) -> ExtractedWindow | None:
    mention = _FIRST_DAY.search(sentence.text)
    if mention is None or published is None:
        return None
    before = text_of(sentence.doc)[max(0, sentence.start_char - LOOK_BACK) : sentence.start_char]
    days = [m.group(1) for m in _START_DAY.finditer(before) if m.group(1).lower() in WEEKDAYS]
    if not days:
        return None
    first, last = resolve_window(days[-1], published)
    start = sentence.start_char + mention.start()
    return ExtractedWindow(
        text=mention.group(0), span=(start, start + len(mention.group(0))), start=first, end=last
    )


# --- putting it together --------------------------------------------------------------------
