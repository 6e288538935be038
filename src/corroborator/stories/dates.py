"""The day an article's event happened, read from its text: what tells two events of one
kind apart (two nights of strikes, two floods) when their words are alike.

* ``event_dates`` (per article, in worker processes) finds the day-month dates its text
  names ("22 March", "March 22, 2024", "22 марта") and, when the page gives a publication
  date, its weekdays ("on Friday", the latest such day up to the publication day).  A date
  in the title or lead counts twice.  With a publication date every date is resolved to a
  day and only those of the two weeks before it are kept: what a report tells happened
  lately, not the anniversary it recalls or the hearing it announces.  Without one, dates
  that name no year are kept as month and day.
* ``event_days`` (per family, when its stories are linked) turns that evidence into one
  day per article, read against the family's usual publication day: the day named most
  (the earliest of a tie: a follow-up names the day of the event it follows), else the
  publication day.  A publication day a month away from the family's is not trusted (a
  page's wrong date would move its article to another event).

Days are whole days since 1970-01-01; when no article of the family has a publication date,
month-day numbers (``32 * month + day``) stand in for them.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

RECENT_DAYS = 14  # dates this long before the publication day (up to a day after) are the news
TRUST_DAYS = 30  # a publication day this far from the family's usual one is not trusted
LEAD_WEIGHT = 2.0

# Month names of English and eight other languages, in the forms dates take (the genitive in
# Russian, Ukrainian and Polish); a number next to the name is required, so "May" or "mars"
# alone never counts.
MONTHS = (
    "january jan января січня januar janvier enero gennaio janeiro stycznia",
    "february feb февраля лютого februar février febrero febbraio fevereiro lutego",
    "march mar марта березня märz mars marzo março marca",
    "april apr апреля квітня avril abril aprile kwietnia",
    "may мая травня mai mayo maggio maio maja",
    "june jun июня червня juni juin junio giugno junho czerwca",
    "july jul июля липня juli juillet julio luglio julho lipca",
    "august aug августа серпня août agosto sierpnia",
    "september sep sept сентября вересня septembre septiembre settembre setembro września",
    "october oct октября жовтня oktober octobre octubre ottobre outubro października",
    "november nov ноября листопада novembre noviembre novembro listopada",
    "december dec декабря грудня dezember décembre diciembre dicembre dezembro grudnia",
)
MONTH_OF = {name: number for number, names in enumerate(MONTHS, start=1) for name in names.split()}
_NAMES = "|".join(sorted(map(re.escape, MONTH_OF), key=len, reverse=True))
_YEAR = r"(?:,?\s+(\d{4})(?!\d))?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"(?<![\w.]){_DAY}\.?\s+(?:of\s+|de\s+)?({_NAMES})\b\.?{_YEAR}|(?<!\w)({_NAMES})\.?\s+{_DAY}(?![\d:]){_YEAR}",
    re.IGNORECASE,
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
EPOCH = date(1970, 1, 1)


def _mentions(text: str, published: date | None) -> list[str]:
    """Keys of the dates ``text`` names: ``YYYY-MM-DD``, or ``--MM-DD`` when no year is known."""
    keys = []
    for match in _DATE.finditer(text):
        day_text, name, year_text = (match.group(1), match.group(2), match.group(3))
        if day_text is None:
            name, day_text, year_text = match.group(4), match.group(5), match.group(6)
        month, day = MONTH_OF[name.lower()], int(day_text)
        year = int(year_text) if year_text else None
        if year is None and published is not None:
            year = published.year
            if _valid(year, month, day) and date(year, month, day) > published + timedelta(days=2):
                year -= 1  # "30 December" in a January report
        if not _valid(year or 2000, month, day):  # 2000 is a leap year: 29 February passes
            continue
        keys.append(f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}")
    if published is not None:
        for match in _WEEKDAY.finditer(text):
            back = (published.weekday() - WEEKDAYS.index(match.group(1).lower())) % 7
            keys.append((published - timedelta(days=back)).isoformat())
    return keys


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


CONFIRMED = "="  # before a publication day: the text names that day with its year


def event_dates(lead: str, text: str, published: date | None) -> dict[str, float]:
    """The dates an article names, weighed (see the module's docstring), and whether its text
    names its own publication day with the year (``=YYYY-MM-DD``: the page's date is right)."""
    found: dict[str, float] = {}
    for source, weight in ((text, 1.0), (lead, LEAD_WEIGHT - 1.0)):
        for key in _mentions(source, published):
            found[key] = found.get(key, 0.0) + weight
    if published is not None:
        first, last = published - timedelta(days=RECENT_DAYS), published + timedelta(days=1)
        found = {key: n for key, n in found.items() if first <= date.fromisoformat(key) <= last}
        if published.isoformat() in _with_year(text):
            found[CONFIRMED + published.isoformat()] = 1.0
    return found


def _with_year(text: str) -> set[str]:
    """The dates ``text`` names with their year ("Thursday, September 15, 2022")."""
    return {key for key in _mentions(text, None) if not key.startswith("--")}


def trusted_days(
    published: Sequence[float | None], dates: Sequence[Mapping[str, float]] | None = None
) -> list[float | None]:
    """The publication days of a family's articles, None where a day lies more than
    ``TRUST_DAYS`` from the family's median one (a page's wrong date), unless the article's
    text names that very day with its year (see ``event_dates``)."""
    reference = _reference(published)
    if reference is None:
        return list(published)
    confirmed = [any(key.startswith(CONFIRMED) for key in found) for found in dates or [{}] * len(published)]
    return [
        day if day is not None and (abs(_ordinal(day) - _days(reference)) <= TRUST_DAYS or sure) else None
        for day, sure in zip(published, confirmed, strict=True)
    ]


def event_days(dates: Sequence[Mapping[str, float]], published: Sequence[float | None]) -> list[int | None]:
    """One event day per article of a family (see the module's docstring)."""
    reference = _reference(published)
    days: list[int | None] = []
    for found, day, trusted in zip(dates, published, trusted_days(published, dates), strict=True):
        weights: dict[int, float] = {}
        for key, weight in found.items():
            if (day is not None and trusted is None) or key.startswith(CONFIRMED):
                continue  # resolved against a page date that is not believed
            value = _resolve(key, reference)
            if value is not None:
                weights[value] = weights.get(value, 0.0) + weight
        if weights:
            top = max(weights.values())
            days.append(min(value for value, weight in weights.items() if weight == top))
        else:
            days.append(_ordinal(trusted) if trusted is not None else None)
    return days


def _reference(published: Sequence[float | None]) -> date | None:
    known = [day for day in published if day is not None]
    return EPOCH + timedelta(days=int(statistics.median(known))) if known else None


def _resolve(key: str, reference: date | None) -> int | None:
    month, day = int(key[-5:-3]), int(key[-2:])
    if reference is None:
        return 32 * month + day
    if not key.startswith("--"):
        value = date.fromisoformat(key)
        return _days(value) if abs((value - reference).days) <= TRUST_DAYS else None
    for year in (reference.year, reference.year - 1, reference.year + 1):
        if _valid(year, month, day) and abs((date(year, month, day) - reference).days) <= TRUST_DAYS:
            return _days(date(year, month, day))
    return None


def _days(value: date) -> int:
    return (value - EPOCH).days


def _ordinal(day: float) -> int:
    return int(day // 1)
