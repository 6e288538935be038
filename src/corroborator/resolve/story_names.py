"""What the articles of one story say about the names in them, read from the parse (not from
entities) so that it does not depend on the order in which the articles are resolved:

* the institutions it names with a country ("Russia's Defence Ministry"), which a bare
  "Defence Ministry" of the story stands for;
* the one longer name that a short one stands for ("Ardent" and "Ardent Hall" for "Ardent
  City Hall"): the words left out are only such words as "city" or "hall", and the short one
  is not used as a place (the town stays apart from the city hall named after it);
* what an acronym stands for: the name it is written after in brackets ("the Federal Grain
  Agency (FGA)"), else the one name whose initials it is ("VNPP" for "Velna Nuclear Power
  Plant", "Velna NPP");
* which one-word "people" are its places: a word tagged as a person that the story names as
  a place, and as no one's last name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from corroborator.resolve.article import mention_name
from corroborator.resolve.institutions import nation
from corroborator.resolve.names import PEOPLE, Name, fold, fold_name

# Words that follow a proper name in the name of a venue, a building or a group: the name
# without them is still that place's or that group's ("Ardent" for "Ardent City Hall").  A
# venue's word beside a name tagged as a place ("the shopping centre X") says it is the venue.
VENUES = frozenset(
    fold(word)
    for word in """
    hall centre center complex arena stadium theatre theater concert shopping mall building tower
    palace club hotel market museum gallery plaza
    """.split()
)
GENERIC = VENUES | {fold(word) for word in "city group company corporation holding".split()}
PLACE_LABELS = frozenset({"GPE", "LOC"})
NAME_LABELS = frozenset({PEOPLE, "ORG", "GPE", "FAC", "LOC", "NORP"})
MIN_INITIALS = 3  # a shorter acronym is taken only from its written definition
_DEFINED = re.compile(r"^\s*\(\s*([A-Z][A-Z]+(?:-[A-Z]+)?)\s*\)")
_SKIPPED = frozenset({"of", "the", "and", "for", "on", "in"})


@dataclass(frozen=True)
class StoryNames:
    countries: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    long_forms: dict[str, Name] = field(default_factory=dict)  # folded short name -> its long form
    acronyms: dict[str, Name] = field(default_factory=dict)  # acronym (upper case) -> what it stands for
    defined: frozenset[str] = frozenset()  # the acronyms written out in brackets
    places: dict[str, Name] = field(default_factory=dict)  # folded name -> a place the story names
    surnames: frozenset[str] = frozenset()  # the last names of the story's people
    as_people: dict[str, int] = field(default_factory=dict)  # folded full name -> times tagged a person
    as_places: dict[str, int] = field(default_factory=dict)  # ... -> as a place, less as anything else

    def long_form(self, name: Name) -> tuple[Name, str] | None:
        """The name that this short name or acronym stands for in the story, and why."""
        if name.kind == PEOPLE:
            place = self.place(name)
            return (place, "a place taken for a person: the story names it as a place") if place else None
        if name.base:
            return None
        letters = name.text.upper()
        if " " not in name.text and letters in self.acronyms:
            if letters in self.defined:  # written out: its spelling as it may be ("Fga")
                return self.acronyms[letters], "an acronym the story writes out"
            if name.text.isupper():
                return self.acronyms[letters], "an acronym of the initials of the story's one name"
        found = self.long_forms.get(name.surname)
        return (found, "a short form: the one longer name in the story") if found is not None else None

    def place(self, name: Name) -> Name | None:
        """The place that a name tagged as a person stands for: its whole name is one the story
        tags as a place more often than as a person ("Nova Vodyanka"), or its one word is a
        place of the story and no one's last name."""
        if name.full:
            folded = fold_name(name.text)
            return (
                self.places.get(folded)
                if self.as_places.get(folded, 0) > self.as_people.get(folded, 0)
                else None
            )
        return None if name.given or name.surname in self.surnames else self.places.get(name.surname)

    def not_a_surname(self, whole: Name, word: Name) -> bool:
        """Whether a one-word name is a place that a "person" of the article took as a surname:
        the person's whole name is also tagged as a place or a body in the story ("Nova
        Vodyanka"), and the one word names a place of the story ("Vodyanka")."""
        return fold_name(whole.text) in self.as_places and word.surname in self.places


def read_story(mentions: Iterable[dict[str, Any]]) -> StoryNames:
    """What the story's mentions (each with the text ``around`` it) say about its names."""
    countries: dict[tuple[str, str], dict[str, str]] = {}
    forms: dict[str, Name] = {}
    place_votes: Counter[str] = Counter()
    definitions: dict[str, dict[str, Name]] = {}
    people: list[Name] = []
    for mention in mentions:
        if mention["label"] not in NAME_LABELS:
            continue
        around = mention["around"] or ""
        name = mention_name(mention, around)
        if name is None or not name.surname:
            continue
        if name.kind == PEOPLE:
            people.append(name)
            continue
        if name.base and name.nation:
            countries.setdefault((name.kind, name.base), {}).setdefault(name.nation, name.text)
        written = _DEFINED.match(around[mention["end_char"] :])
        if written and _may_stand_for(written.group(1), name.text):
            definitions.setdefault(written.group(1), {}).setdefault(name.surname, name)
        if name.base:
            continue
        forms.setdefault(name.surname, name)
        if mention["label"] in PLACE_LABELS:
            place_votes[name.surname] += 0 if _beside_generic(around, mention) else 1
        else:
            place_votes[name.surname] -= 1
    acronyms = {
        acronym: next(iter(names.values())) for acronym, names in definitions.items() if len(names) == 1
    }
    defined = frozenset(acronyms)
    initials = {folded: _initials(name.text) for folded, name in forms.items() if " " in name.text}
    for letters in {name.text for name in forms.values() if name.text.isupper()}:
        if len(letters) >= MIN_INITIALS and letters not in acronyms:
            meant = {folded for folded, made in initials.items() if letters in made}
            if len(meant) == 1:
                acronyms[letters] = forms[meant.pop()]
    by_first: dict[str, list[str]] = {}
    for folded in forms:
        by_first.setdefault(folded.split()[0], []).append(folded)
    long_forms: dict[str, Name] = {}
    for short in forms:
        if place_votes[short] <= 0 and (found := _longer(short, by_first[short.split()[0]])) is not None:
            long_forms[short] = forms[found]
    places = {folded: forms[folded] for folded, votes in place_votes.items() if votes > 0}
    surnames = frozenset(n.surname for n in people if n.full and fold_name(n.text) not in forms)
    as_people = Counter(fold_name(n.text) for n in people)
    return StoryNames(
        countries, long_forms, acronyms, defined, places, surnames, dict(as_people), dict(place_votes)
    )


def _may_stand_for(acronym: str, text: str) -> bool:
    """Whether a name of several words, not in capitals, may be what the acronym in brackets
    after it stands for: some word of it starts with the acronym's first letter (not so a
    news agency's credit after a name, "the Grain Office (AP)")."""
    words = text.split()
    return len(words) > 1 and not text.isupper() and any(w[:1].upper() == acronym[0] for w in words)


def _beside_generic(around: str, mention: dict[str, Any]) -> bool:
    """Whether the word just before or after the mention is a venue's ("the shopping centre
    X", "the X concert hall"): a place tag there names the venue, not a town."""
    before = around[: mention["start_char"]].split()[-1:]
    after = around[mention["end_char"] :].split()[:1]
    return any(fold(word) in VENUES for word in before + after)


def _longer(short: str, same_start: list[str]) -> str | None:
    """The one longest name of the story that holds the short one's words in order, from
    its first word, with only generic words besides."""
    words = short.split()
    found = [long for long in same_start if _holds(long.split(), words)]
    longest = [long for long in found if not any(_holds(other.split(), long.split()) for other in found)]
    return longest[0] if len(longest) == 1 else None


def _holds(long: list[str], short: list[str]) -> bool:
    if len(long) <= len(short) or long[0] != short[0]:
        return False
    rest = iter(long)
    if not all(word in rest for word in short):
        return False
    left = list(long)
    for word in short:
        left.remove(word)
    return all(word in GENERIC for word in left)


def _initials(text: str) -> set[str]:
    """The acronyms a name's words make: the first letter of each word ("of" and "the" left
    out), an acronym in the name whole ("Velna NPP" -> "VNPP"), with or without a country
    first ("Moldovan Grain Agency" -> "MGA", "GA")."""
    words = [w for w in re.split(r"[\s\-]+", text) if w and w.lower() not in _SKIPPED]
    letters = [w if w.isupper() and len(w) > 1 else w[:1].upper() for w in words]
    found = {"".join(letters)}
    if len(words) > 2 and nation(words[:1]):
        found.add("".join(letters[1:]))
    return found


def with_long_form(name: Name, long: Name) -> Name:
    """A short name or acronym compared as the name it stands for (its own spelling kept)."""
    return replace(long, text=name.text, kind=long.kind)
