"""Shapes shared by every model: spans, partial times, the frozen base class."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Model(BaseModel):
    """Frozen, strict-shaped base: stages pass these between them and never mutate them."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


# A line's list marker, with the blanks around it: a dash, a bullet or a number ("- ", "2) ").
# A list's items are separate statements wherever text is cut into sentences.
LIST_ITEM = r"[ \t]*(?:[-*\u2022\u2013\u2014\u25aa\u25cf]|\d{1,2}[.)])[ \t]+"


def content_id(*parts: str, length: int = 16) -> str:
    """A stable id from the parts' exact characters (sha256, hex, truncated).

    The parts are joined with a NUL so that ("ab", "c") and ("a", "bc") differ.
    """
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


class Span(Model):
    """Characters ``start:end`` of an article's stored text, and the text itself."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        return self


class Precision(StrEnum):
    """How much of a time is known.  A date alone has day precision, not midnight."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"
    SECOND = "second"


# How long the ISO text of each precision is (a minute or a second adds a "Z"), and its shape.
_LENGTHS = {
    Precision.YEAR: 4,
    Precision.MONTH: 7,
    Precision.DAY: 10,
    Precision.MINUTE: 16,
    Precision.SECOND: 19,
}
_SHAPES = {
    Precision.YEAR: re.compile(r"\d{4}"),
    Precision.MONTH: re.compile(r"\d{4}-\d{2}"),
    Precision.DAY: re.compile(r"\d{4}-\d{2}-\d{2}"),
    Precision.MINUTE: re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z"),
    Precision.SECOND: re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"),
}
_TIMED = (Precision.MINUTE, Precision.SECOND)


class PartialTime(Model):
    """A point in time known to some precision.

    ``value`` is the ISO text at that precision: ``2025-05-24`` for a day,
    ``2025-05-24T06:30Z`` for a minute (always UTC when a time of day is known).
    Only times on the calendar are made (no month 00, no year 0), so that every
    stage can do arithmetic on a stored one.
    """

    value: str
    precision: Precision

    @model_validator(mode="after")
    def _on_the_calendar(self) -> PartialTime:
        if not _SHAPES[self.precision].fullmatch(self.value):
            raise ValueError(
                f"{self.value!r} is not written as a {self.precision.value} time (ISO 8601, UTC)"
            )
        self.start()  # ValueError for a month, day or hour the calendar does not have
        return self

    @classmethod
    def from_datetime(cls, moment: datetime, precision: Precision) -> PartialTime:
        if precision in _TIMED:
            if moment.tzinfo is None:
                raise ValueError("a time of day needs a time zone to be normalised to UTC")
            try:
                moment = moment.astimezone(UTC)
            except OverflowError as error:  # 0001-01-01T00:30+01:00 is before the calendar's start in UTC
                raise ValueError(f"{moment.isoformat()} falls outside the calendar in UTC") from error
        # isoformat, not strftime: strftime('%Y') writes the year 999 as '999', not '0999'.
        text = moment.replace(tzinfo=None, microsecond=0).isoformat()[: _LENGTHS[precision]]
        return cls(value=text + ("Z" if precision in _TIMED else ""), precision=precision)

    @classmethod
    def from_date(cls, day: date) -> PartialTime:
        return cls(value=day.isoformat(), precision=Precision.DAY)

    def start(self) -> datetime:
        """The earliest UTC instant this time may denote."""
        text = self.value.rstrip("Z")
        if self.precision is Precision.YEAR:
            return datetime(int(text), 1, 1, tzinfo=UTC)
        if self.precision is Precision.MONTH:
            year, month = text.split("-")
            return datetime(int(year), int(month), 1, tzinfo=UTC)
        return datetime.fromisoformat(text).replace(tzinfo=UTC)

    def end(self) -> datetime:
        """The first UTC instant after this time (exclusive upper bound); the calendar's
        last instant for a time in its last year, which has no instant after it."""
        begin = self.start()
        try:
            if self.precision is Precision.YEAR:
                return begin.replace(year=begin.year + 1)
            if self.precision is Precision.MONTH:
                return (begin + timedelta(days=32)).replace(day=1)
            step = {Precision.DAY: timedelta(days=1), Precision.MINUTE: timedelta(minutes=1)}
            return begin + step.get(self.precision, timedelta(seconds=1))
        except (OverflowError, ValueError):
            return datetime.max.replace(tzinfo=UTC)

    def __str__(self) -> str:
        return self.value
