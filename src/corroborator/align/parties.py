"""Parties: the side each claimant speaks for (a state, or independent).

Inferred from the words that describe the claimant: its name as written, what a pronoun
or title was resolved to, and the titles and roles its entity carries ("Russian
officials", "Moscow", "the Kremlin", "Ukraine's air force", "local air defence commander"
beside a Russian general's name); from the outlet's facts for its own voice.  A user's
mapping file (the ``align.parties`` setting) overrides any of it::

    [claimants]            # a claimant's name (as written, or its entity's name) -> party
    "Sergei Lavrov" = "russian-state"

    [outlets]              # an outlet id -> the party of its own voice
    "vostokcourier.example" = "russian-state"

    [markers]              # more words that mark a party
    "belarusian-state" = ["belarus", "minsk", "lukashenko"]
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from corroborator.errors import ConfigError

INDEPENDENT = "independent"

# A marker alone is enough when it names a seat of government; a country word needs an
# official word beside it ("Russian officials", "Ukraine's air force").
MARKERS: dict[str, tuple[str, ...]] = {
    "russian-state": ("russia", "russian", "moscow", "kremlin", "russia's"),
    "ukrainian-state": ("ukraine", "ukrainian", "kyiv", "kiev", "ukraine's"),
    "united-states": ("united states", "u.s.", "american", "washington", "white house", "pentagon"),
}
SEATS = frozenset({"moscow", "kremlin", "kyiv", "kiev", "washington", "white house", "pentagon"})
OFFICIAL = frozenset(
    "official officials ministry minister government president prime kremlin military army forces force "
    "general commander governor administration spokesperson spokesman spokeswoman staff defence defense "
    "headquarters troops mayor authorities authority state regime embassy ambassador envoy police "
    "navy command division units unit service ministry's".split()
)
INDEPENDENT_WORDS = frozenset({"independent", "ngo", "monitor", "monitors", "researchers", "analysts"})
_WORD = re.compile(r"[a-z][a-z.'\u2019]*")


@dataclass(frozen=True)
class PartyMap:
    """The user's overrides (names folded to lower case) and any extra markers."""

    claimants: Mapping[str, str] = field(default_factory=dict)
    outlets: Mapping[str, str] = field(default_factory=dict)
    markers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    source: str | None = None

    def all_markers(self) -> dict[str, tuple[str, ...]]:
        merged = dict(MARKERS)
        for party, words in self.markers.items():
            merged[party] = tuple(dict.fromkeys([*merged.get(party, ()), *words]))
        return merged


def load_party_map(path: str | Path | None) -> PartyMap:
    """Read a mapping file; a bad one stops with a one-line reason naming it."""
    if not path:
        return PartyMap()
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"align.parties file '{file}' cannot be read: {error.strerror or error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"align.parties file '{file}' is not valid TOML: {error}") from error
    unknown = sorted(set(data) - {"claimants", "outlets", "markers"})
    if unknown:
        raise ConfigError(
            f"align.parties file '{file}' has unknown table(s) {', '.join(unknown)}: "
            "use [claimants], [outlets] and [markers]"
        )
    for table in ("claimants", "outlets"):
        for key, value in data.get(table, {}).items():
            if not isinstance(value, str) or not value:
                raise ConfigError(f"align.parties file '{file}': [{table}] '{key}' must map to a party name")
    markers: dict[str, tuple[str, ...]] = {}
    for party, words in data.get("markers", {}).items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ConfigError(f"align.parties file '{file}': [markers] '{party}' must be a list of words")
        markers[party] = tuple(w.lower() for w in words)
    return PartyMap(
        claimants={k.lower(): v for k, v in data.get("claimants", {}).items()},
        outlets={k.lower(): v for k, v in data.get("outlets", {}).items()},
        markers=markers,
        source=str(file),
    )


def party_from_words(descriptors: Iterable[str], markers: Mapping[str, tuple[str, ...]]) -> str | None:
    """The party the descriptors point to, or None when they point to none or to several."""
    found: set[str] = set()
    independent = False
    for text in descriptors:
        lowered = text.lower().replace("\u2019", "'")
        words = set(_WORD.findall(lowered))
        official = bool(words & OFFICIAL)
        independent = independent or bool(words & INDEPENDENT_WORDS)
        for party, marks in markers.items():
            for mark in marks:
                hit = mark in words if " " not in mark and "." not in mark else mark in lowered
                if hit and (official or mark in SEATS or party not in MARKERS):
                    found.add(party)
    if len(found) == 1:
        return found.pop()
    if not found and independent:
        return INDEPENDENT
    return None


def claimant_party(
    names: Iterable[str], descriptions: Iterable[str], user: PartyMap
) -> tuple[str | None, str]:
    """The claimant's party and how it was decided."""
    names = [n for n in names if n]
    for name in names:
        if name.lower() in user.claimants:
            return user.claimants[name.lower()], f"'{name}' is mapped in {user.source}"
    party = party_from_words([*names, *descriptions], user.all_markers())
    return party, "from its description" if party else "no description marks a party"


def outlet_party(outlet: str, country: str | None, state: bool | None, user: PartyMap) -> str:
    """The party of an outlet's own voice: the user's mapping, else a state outlet's
    country, else independent."""
    if outlet.lower() in user.outlets:
        return user.outlets[outlet.lower()]
    if state and country:
        found = party_from_words([f"{country} state"], user.all_markers())
        if found:
            return found
    return INDEPENDENT
