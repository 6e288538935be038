"""Metadata every reader needs: publication time with its precision, language."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from corroborator.models import PartialTime, Precision

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECONDS = re.compile(r"T?\d{2}:\d{2}:\d{2}")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


# Years a publication time may fall in.  Outside them a date is a placeholder for "unknown"
# ('0001-01-01', '9999-12-31') or a typo, and the stages reach a year either side of a date.
FIRST_YEAR, LAST_YEAR = 1000, 2999


def read_published(value: Any, default_timezone: str = "UTC") -> tuple[PartialTime | None, str | None]:
    """A publication time from what a record or page gives, keeping its precision, or
    None and why the value is not one (None, None when there is no value).

    A date alone stays a day (never midnight); a time of day is normalised to UTC, a
    time without a zone is taken in ``default_timezone``.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, PartialTime):
        return value, None
    stamp = _stamp(value)
    if stamp is not None:
        return PartialTime.from_datetime(stamp, Precision.SECOND), None
    if isinstance(value, (int, float)):
        return None, (
            "a number that is not a Unix time of 1990-2100 (in seconds or milliseconds): "
            "give ISO 8601 text such as 2025-05-24"
        )
    try:
        found = _parse(value, default_timezone)
    except (
        ValueError,
        OverflowError,
    ):  # month 00, 31 February, year 0, a zone that pushes it off the calendar
        return None, "not a date on the calendar"
    if found is None:
        return None, "not an absolute date with its year written out"
    year = int(found.value[:4])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return (
            None,
            f"the year {year} is outside {FIRST_YEAR}-{LAST_YEAR} (a placeholder for an unknown date, or a typo)",
        )
    return found, None


_EPOCH_FIRST, _EPOCH_LAST = 631_152_000, 4_102_444_800  # 1990-01-01 and 2100-01-01, in Unix seconds
_GDELT = re.compile(r"\d{14}")  # GDELT's YYYYMMDDHHMMSS, in UTC


def _stamp(value: Any) -> datetime | None:
    """A machine timestamp, in UTC: a Unix time in seconds or milliseconds (a number, or
    its digits as text) of 1990-2100, or GDELT's 14 digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if _GDELT.fullmatch(text):
            try:
                return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
            except ValueError:
                return None
        if not text.isdigit() or len(text) not in (10, 13):
            return None
        value = int(text)
    if not isinstance(value, (int, float)):
        return None
    for seconds in (value, value / 1000):
        if _EPOCH_FIRST <= seconds < _EPOCH_LAST:
            return datetime.fromtimestamp(seconds, tz=UTC)
    return None


def parse_published(value: Any, default_timezone: str = "UTC") -> PartialTime | None:
    """The publication time :func:`read_published` finds, None when it finds none."""
    return read_published(value, default_timezone)[0]


def _parse(value: Any, default_timezone: str) -> PartialTime | None:
    if isinstance(value, datetime):
        return _from_datetime(value, Precision.SECOND, default_timezone)
    if isinstance(value, date):
        return PartialTime.from_date(value)
    text = str(value).strip()
    if _YEAR.match(text):
        return PartialTime(value=text, precision=Precision.YEAR)
    if _MONTH.match(text):
        return PartialTime(value=text, precision=Precision.MONTH)
    if _DAY.match(text):
        return PartialTime.from_date(date.fromisoformat(text))
    try:
        # The other ISO date forms ('20250314', '2025-W11-5'): datetime.fromisoformat
        # would read them as midnight, a time nobody gave.
        return PartialTime.from_date(date.fromisoformat(text))
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        if _TIMESTAMP.match(text):
            raise  # ISO in shape, not on the calendar: hour 25, minute 61
        return _parse_free_text(text, default_timezone)
    precision = Precision.SECOND if _SECONDS.search(text) else Precision.MINUTE
    return _from_datetime(moment, precision, default_timezone)


def _from_datetime(moment: datetime, precision: Precision, zone: str) -> PartialTime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    if precision is Precision.SECOND and moment.second == 0 and moment.microsecond == 0:
        precision = Precision.MINUTE
    return PartialTime.from_datetime(moment, precision)


@lru_cache(maxsize=1)
def _date_parser() -> Any:
    from dateparser.date import DateDataParser

    # Only absolute dates: 'yesterday', '3 hours ago', 'Tuesday' or '14:30' would be
    # read against the moment of ingestion (dateparser fills what is missing from
    # today), a publication time nobody gave.  Such values stay unparsed.
    return DateDataParser(
        languages=["en", "ru", "uk", "fr", "de", "es"],
        settings={
            "RETURN_TIME_AS_PERIOD": True,
            "PREFER_DAY_OF_MONTH": "first",
            "PARSERS": ["custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["year"],
        },
    )


def _parse_free_text(text: str, zone: str) -> PartialTime | None:
    """'Thu, 22 May 2025 06:15:00 GMT', '22 May 2025', 'May 2025' and the like.

    The year must be written out: dateparser reads '14 March' as March 2014.
    """
    data = _date_parser().get_date_data(text[:100])
    moment = data.date_obj
    if moment is None or not re.search(rf"(?<!\d){moment.year:04d}(?!\d)", text):
        return None
    period = data.period or "day"
    if period == "time":
        return _from_datetime(moment, Precision.SECOND, zone)
    if period == "year":
        return PartialTime(value=f"{moment.year:04d}", precision=Precision.YEAR)
    if period == "month":
        return PartialTime(value=f"{moment.year:04d}-{moment.month:02d}", precision=Precision.MONTH)
    return PartialTime.from_date(moment.date())


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # py3langid 0.4 stores its model as numpy arrays; earlier releases (numpy 1) as a pickle.
    load = getattr(LanguageIdentifier, "from_model_file", None) or LanguageIdentifier.from_pickled_model
    return load(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float | None]:
    """ISO 639-1 code and confidence from the first 2,000 characters; None for no letters.

    langid's cost grows with the length of the text; an article's opening is enough
    to tell its language.
    """
    sample = text[:2000]
    if not any(ch.isalpha() for ch in sample):
        return None, None
    language, confidence = _identifier().classify(sample)
    return str(language), round(float(confidence), 4)
