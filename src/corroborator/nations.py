"""The world's countries as the press names them: names, adjectives, capitals and the few
letter codes newsrooms use, from the ``countryinfo`` package's data (every country, not a
list made for one conflict).

A form shared by several countries goes to the most populous one ("American" to the
United States, not to American Samoa); a capital is matched only as written with its
capital letter, so that a capital that is also an English word is not found in ordinary
text; letter codes are matched as written, and only those the press uses as words ("US",
"UK", "UAE"), since most ISO codes are English words ("CAN", "AND") in a headline."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# Names the press uses that the data does not give (a short form, a former spelling).
_PRESS_FORMS = {"america": "United States", "britain": "United Kingdom", "kiev": "Ukraine"}
_PRESS_CODES = {
    "US": "United States",
    "USA": "United States",
    "U.S.": "United States",
    "U.S.A.": "United States",
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
    "UAE": "United Arab Emirates",
    "DPRK": "North Korea",
    "PRC": "China",
}
# Seats of power named for their government ("the Kremlin said"), beside the capitals.
_SEATS = {
    "kremlin": "Russia",
    "white house": "United States",
    "pentagon": "United States",
    "state department": "United States",
    "downing street": "United Kingdom",
    "whitehall": "United Kingdom",
    "elysee": "France",
    "élysée": "France",
    "zhongnanhai": "China",
    "bankova": "Ukraine",
}


@dataclass(frozen=True)
class Nation:
    name: str  # "Russia"
    names: tuple[str, ...]  # lower case: its names ("russia", "russian federation")
    adjectives: tuple[str, ...]  # lower case ("russian")
    capitals: tuple[str, ...]  # as written ("Moscow")
    codes: tuple[str, ...]  # as written ("US")
    seats: tuple[str, ...]  # lower case: seats of power that stand for its government ("kremlin")

    @property
    def key(self) -> str:
        """Lower-case words joined by hyphens: "united-states"."""
        return "-".join(re.findall(r"[a-z]+", self.name.lower()))


def _latin(text: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in text)


def _capitals(info: Mapping[str, Any]) -> list[str]:
    found = info.get("capital") or []
    capitals = [found] if isinstance(found, str) else list(found)
    # "Washington D.C." is "Washington" in the news.
    return [*capitals, *(c.split(" D.C.")[0] for c in capitals if " D.C." in c)]


@lru_cache(maxsize=1)
def nations() -> tuple[Nation, ...]:
    """Every country with its forms; each form belongs to one country only."""
    from countryinfo import all_countries

    rows = [country.info() for country in all_countries()]
    rows.sort(key=lambda info: -(info.get("population") or 0))  # the most populous keeps a shared form
    owner: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    adjectives: dict[str, list[str]] = {}
    capitals: dict[str, list[str]] = {}

    def claim(form: str, name: str, into: dict[str, list[str]]) -> None:
        form = form.strip().lower()
        if form and _latin(form) and form not in owner:
            owner[form] = name
            into.setdefault(name, []).append(form)

    for info in rows:
        name = info["name"]
        for form in [name, *(s for s in info.get("altSpellings", []) if len(s) >= 4 and not s.isupper())]:
            if "," not in form:
                claim(form, name, names)
        claim(info.get("demonym") or "", name, adjectives)
        capitals[name] = [c for c in _capitals(info) if c and c.lower() not in owner]
        for capital in capitals[name]:
            owner.setdefault(capital.lower(), name)
    for form, name in _PRESS_FORMS.items():
        claim(form, name, names)
    codes: dict[str, list[str]] = {}
    for code, name in _PRESS_CODES.items():
        codes.setdefault(name, []).append(code)
    seats: dict[str, list[str]] = {}
    for seat, name in _SEATS.items():
        seats.setdefault(name, []).append(seat)
    return tuple(
        Nation(
            info["name"],
            tuple(names.get(info["name"], ())),
            tuple(adjectives.get(info["name"], ())),
            tuple(capitals[info["name"]]),
            tuple(codes.get(info["name"], ())),
            tuple(seats.get(info["name"], ())),
        )
        for info in rows
    )


@lru_cache(maxsize=1)
def _forms() -> dict[str, Nation]:
    """Every way a user may name a country in a table: its names and demonyms (lower case),
    its press codes and ISO 3166 codes (upper case)."""
    from countryinfo import all_countries

    by_name = {nation.name: nation for nation in nations()}
    found: dict[str, Nation] = {}
    for info in (country.info() for country in all_countries()):
        nation = by_name.get(info["name"])
        if nation is None:
            continue
        for code in (info.get("ISO") or {}).values():
            if isinstance(code, str) and code.isalpha():
                found.setdefault(code.upper(), nation)
    for nation in nations():
        for form in (*nation.names, *nation.adjectives):
            found.setdefault(form, nation)
        for code in nation.codes:
            found.setdefault(code.upper(), nation)
    return found


def nation_named(text: str) -> Nation | None:
    """The country a name, demonym or code stands for ("Russia", "russian", "RU", "RUS")."""
    text = text.strip()
    forms = _forms()
    return forms.get(text.upper()) if text.isupper() else forms.get(text.lower()) or forms.get(text.upper())
