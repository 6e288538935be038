"""Metadata every reader needs: publication time with its precision, language."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from corroborator.models import PartialTime, Precision

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECONDS = re.compile(r"T?\d{2}:\d{2}:\d{2}")


def parse_published(value: Any, default_timezone: str = "UTC") -> PartialTime | None:
    """A publication time from what a record or page gives, keeping its precision.

    A date alone stays a day (never midnight); a time of day is normalised to UTC, a
    time without a zone is taken in ``default_timezone``.  ``None`` when nothing fits.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _from_datetime(value, Precision.SECOND, default_timezone)
    if isinstance(value, date):
        return PartialTime.from_date(value)
    if isinstance(value, (int, float)):
        return None
    text = str(value).strip()
    if _YEAR.match(text):
        return PartialTime(value=text, precision=Precision.YEAR)
    if _MONTH.match(text):
        return PartialTime(value=text, precision=Precision.MONTH)
    if _DAY.match(text):
        try:
            return PartialTime.from_date(date.fromisoformat(text))
        except ValueError:
            return None
    try:
        # The other ISO date forms ('20250314', '2025-W11-5'): datetime.fromisoformat
        # would read them as midnight, a time nobody gave.
        return PartialTime.from_date(date.fromisoformat(text))
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
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

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


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
