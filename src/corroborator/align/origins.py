"""Independent origins: who a claim ultimately comes from, so that repeats count once.

Copies in one copy group are one origin; claims attributed to the same primary claimant
(the innermost of a nested chain, resolved to its entity where the entities stage found
one, else its name folded: "Russia's Defence Ministry" and "the Russian Defence Ministry"
are one) are one origin, however many outlets carry them.  An outlet's own voice is its
copy group's origin; a hedged statement in the outlet's voice with no named source
("reportedly") and a pronoun with no antecedent name no origin: they are counted as
articles, never as independent confirmation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from corroborator.align.units import Unit, content_words
from corroborator.models import UNNAMED
from corroborator.resolve.institutions import NATIONS, SPELLINGS

PRONOUNS = frozenset(
    "he she it they him her them who whom which this that these those one someone somebody i we you".split()
)
_DETERMINERS = frozenset("the a an its his her their our".split())
# A country's one-word names and adjectives fold into the country (the entities stage's table),
# so that "Russian" and "Russia's" agree; so do US and UK spellings, and Kiev and Kyiv.
_FOLD = {
    **{form: country for form, country in NATIONS.items() if " " not in form and form != "us"},  # not "us"
    **SPELLINGS,
    "kiev": "kyiv",
}
_WORD = re.compile(r"[\w'\u2019-]+")


@dataclass(frozen=True)
class Origin:
    key: str | None  # None: no independent origin (unnamed, unresolved)
    label: str  # who, for people
    claimant: str  # the innermost claimant, resolved, else the outlet
    note: str | None = None  # why it has no origin


VOICE = "voice:"  # the key prefix of an outlet's own voice


def fold_name(name: str) -> str:
    words = [w.replace("\u2019", "'").lower() for w in _WORD.findall(name)]
    words = [_FOLD.get(w, w.removesuffix("'s")) for w in words if w not in _DETERMINERS]
    return " ".join(words)


def is_pronoun(name: str) -> bool:
    words = fold_name(name).split()
    return not words or (len(words) == 1 and words[0] in PRONOUNS)


# Role nouns of one kind stand for one another in a description ("the officer", "the general").
_ROLE_KINDS = {
    **dict.fromkeys(
        "officer commander general colonel major lieutenant admiral brigadier captain gen maj col lt".split(),
        "military",
    ),
    **dict.fromkeys("official spokesman spokeswoman spokesperson aide adviser advisor".split(), "official"),
    **dict.fromkeys("minister secretary".split(), "minister"),
    **dict.fromkeys("president leader".split(), "leader"),
    **dict.fromkeys("governor mayor".split(), "governor"),
}
_NATIONS = frozenset(NATIONS.values())


def role_kinds(description: str) -> set[str]:
    """The kinds of role a description names: "a senior Russian air defence officer" -> military."""
    return {_ROLE_KINDS[word] for word in fold_name(description).split() if word in _ROLE_KINDS}


def _nations(text: str) -> set[str]:
    return {word for word in fold_name(text).split() if word in _NATIONS}


_PLAIN = frozenset("senior local former top high-ranking unnamed anonymous who whose one".split())


def _description_words(text: str) -> set[str]:
    """The words of a description that say what someone does ("air", "defence", "division"),
    without roles, nations and words that describe anyone."""
    return {
        word
        for word in content_words(text)
        if word not in _ROLE_KINDS
        and _FOLD.get(word, word).removesuffix("'s") not in _NATIONS
        and word not in _PLAIN
        and not word.isdigit()
    }


class Resolver:
    """Claimant names to origins within one story: entities first, then folded names,
    a shorter name joining the one longer name that holds all its words, then a description
    ("a senior Russian air defence officer") joining the one person of its role named in its
    article, else among the story's named claimants (news often names the officer a
    paragraph after quoting him)."""

    def __init__(
        self,
        units: Sequence[Unit],
        entity_names: Mapping[str, str],
        names: Mapping[str, str],
        descriptions: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.entity_names = entity_names  # entity id -> display name
        self.names = names  # folded mention text -> entity id
        self.descriptions = descriptions or {}  # entity id -> titles and roles found beside its names
        # What each named claimant is called where it is named ("Major General Yury Dashkin,
        # commander of an air defence division"): the words a description must share with it.
        self.profile: dict[str, set[str]] = defaultdict(set)
        named: set[str] = set()
        for unit in units:
            if unit.own_voice:
                continue
            entity = self._entity(unit, self._name(unit))
            if entity is not None:
                named.add(entity)
                self.profile[entity] |= _description_words(unit.claimant)
        for entity, described in self.descriptions.items():
            for text in described:
                self.profile[entity] |= _description_words(text)
        self.claimants = sorted(named)
        keys = {fold_name(self._name(u)) for u in units if not u.own_voice}
        self.longer: dict[str, str] = {}
        for key in keys:
            words = set(key.split())
            if len(words) < 2:
                continue
            holders = [other for other in keys if other != key and words < set(other.split())]
            if len(holders) == 1:
                self.longer[key] = holders[0]

    @staticmethod
    def _name(unit: Unit) -> str:
        return unit.source_resolved or unit.claimant

    def _entity(self, unit: Unit, name: str) -> str | None:
        """The source's entity: a person named in it, else a name that is the whole source
        ("Russia" stands for "Russia's Defence Ministry" only in the text, not as a claimant)."""
        folded = fold_name(name)
        people = [entity for entity, label, _ in unit.source_mentions if label == "PERSON"]
        if people:
            return people[-1]
        whole = [entity for entity, _, text in unit.source_mentions if fold_name(text) == folded]
        if whole:
            return whole[-1]
        if folded in self.names:
            return self.names[folded]
        words = folded.split()
        for size in range(len(words) - 1, 1, -1):  # "maj gen yuriy dashkin" -> "yuriy dashkin"
            tail = " ".join(words[-size:])
            if tail in self.names:
                return self.names[tail]
        return None

    def _described(self, unit: Unit, name: str) -> str | None:
        """The one person a description with no name in it stands for: of the same kind of
        role and no other nation, named in the article, else among the story's claimants."""
        # A nationality or place inside it ("a Russian general") is no name; a person or body is.
        if any(label in ("PERSON", "ORG") for _, label, _ in unit.source_mentions):
            return None
        kinds = role_kinds(name)
        words = _description_words(name)
        if not kinds or not words:
            return None  # "a Russian general" alone could be any Russian general
        nations = _nations(name)

        def fits(entity: str) -> bool:
            described = self.descriptions.get(entity, ())
            if not any(kinds & role_kinds(d) for d in described):
                return False
            theirs = set().union(*(_nations(d) for d in described)) if described else set()
            if nations and theirs and not nations & theirs:
                return False
            return bool(words & self.profile.get(entity, set()))

        for candidates in (unit.article_people, self.claimants):
            fitting = [entity for entity in candidates if fits(entity)]
            if len(fitting) == 1:
                return fitting[0]
            if fitting:
                return None  # two officers: do not guess
        return None

    def origin(self, unit: Unit) -> Origin:
        if unit.own_voice:
            if unit.status == "hedged":
                return Origin(
                    None, unit.outlet, unit.outlet, "hedged in the outlet's own voice, no source named"
                )
            return Origin(f"{VOICE}{unit.copy_group or unit.article_id}", unit.outlet, unit.outlet)
        name = self._name(unit)
        if headline(unit.context):
            return Origin(
                None, name, name, f"'{name}' speaks in a headline of {unit.outlet}: no origin counted"
            )
        if fold_name(name) in ("i", "we"):  # the author speaks: the outlet's own voice
            return Origin(f"{VOICE}{unit.copy_group or unit.article_id}", unit.outlet, unit.outlet)
        if name == UNNAMED:
            return Origin(None, name, name, f"an unnamed source in {unit.outlet}: no origin counted")
        if is_pronoun(name):
            return Origin(
                None,
                name,
                name,
                f"claimant '{unit.claimant}' in {unit.outlet} is a pronoun with no antecedent: no origin counted",
            )
        entity = self._entity(unit, name) or self._described(unit, name)
        if entity is not None:
            label = self.entity_names.get(entity, name)
            return Origin(f"entity:{entity}", label, label)
        key = fold_name(name)
        key = self.longer.get(key, key)
        return Origin(f"name:{key}", name, name)


_CAPITALISED = re.compile(r"[A-Za-z][a-z'\u2019]{3,}")


def headline(sentence: str) -> bool:
    """A title run into the text ("Harbour Board Denies Fault, Blames Dockers"): no closing
    stop, and most of its longer words capitalised. It summarises the article below it, so
    whoever it names is no origin of its own there."""
    text = sentence.strip()
    if not text or text[-1] in ".!?\"\u201d\u2019'":
        return False
    words = _CAPITALISED.findall(text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def carried_origins(units: Sequence[Unit], origins: Sequence[Origin]) -> list[Origin]:
    """An outer report's claim takes the origin of the claim nested in it: in "According to
    Astra, the commander claimed X", Astra's claim (the commander claimed X) comes from the
    commander, as the inner claim does; Astra carries it and is no origin of its own."""
    result = list(origins)
    # Nested claims by article and by the chain they hang from ("Astra", the outlet).
    nested: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for i, unit in enumerate(units):
        if len(unit.chain) > 1 and unit.claimant != UNNAMED and origins[i].key is not None:
            nested[(unit.article_id, unit.chain[1:])].append(i)
    for outer, o in enumerate(units):
        # A denial of a nested claim is the denier's own (Kyiv denied what the general said).
        if o.own_voice or o.status == "denied" or o.external.get("start") is None:
            continue
        for inner in nested.get((o.article_id, o.chain), ()):
            u = units[inner]
            if (
                inner != outer
                and u.external.get("start") is not None
                and o.external["start"] <= u.external["start"]
                # the nested report closes what the outer one says
                and 0 <= o.external["end"] - u.external["end"] <= 2
            ):
                result[outer] = origins[inner]
                break
    return result


def origin_labels(units: Sequence[Unit], origins: Sequence[Origin]) -> dict[str, str]:
    """Each origin key's label: the most common (then shortest) way it was named."""
    seen: dict[str, dict[str, int]] = {}
    for unit, origin in zip(units, origins, strict=True):
        if origin.key is None:
            continue
        label = origin.label if not origin.key.startswith(VOICE) else unit.outlet
        counts = seen.setdefault(origin.key, {})
        counts[label] = counts.get(label, 0) + 1
    return {
        key: min(counts, key=lambda name: (-counts[name], len(name), name)) for key, counts in seen.items()
    }
