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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from corroborator.align.units import Unit

PRONOUNS = frozenset(
    "he she it they him her them who whom which this that these those one someone somebody i we you".split()
)
_DETERMINERS = frozenset("the a an its his her their our".split())
# Demonyms and capitals fold into their country, so that "Russian" and "Russia's" agree.
_FOLD = {
    "russian": "russia",
    "ukrainian": "ukraine",
    "ukraine's": "ukraine",
    "russia's": "russia",
    "american": "united states",
    "kiev": "kyiv",
    "defense": "defence",
}
_WORD = re.compile(r"[\w'\u2019-]+")


@dataclass(frozen=True)
class Origin:
    key: str | None  # None: no independent origin (unnamed, unresolved)
    label: str  # who, for people
    claimant: str  # the innermost claimant, resolved, else the outlet
    note: str | None = None  # why it has no origin


def fold_name(name: str) -> str:
    words = [w.replace("\u2019", "'").lower() for w in _WORD.findall(name)]
    words = [_FOLD.get(w, w.removesuffix("'s")) for w in words if w not in _DETERMINERS]
    return " ".join(words)


def is_pronoun(name: str) -> bool:
    words = fold_name(name).split()
    return not words or (len(words) == 1 and words[0] in PRONOUNS)


class Resolver:
    """Claimant names to origins within one story: entities first, then folded names,
    a shorter name joining the one longer name that holds all its words."""

    def __init__(
        self, units: Sequence[Unit], entity_names: Mapping[str, str], names: Mapping[str, str]
    ) -> None:
        self.entity_names = entity_names  # entity id -> display name
        self.names = names  # folded mention text -> entity id
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

    def origin(self, unit: Unit) -> Origin:
        if unit.own_voice:
            if unit.status == "hedged":
                return Origin(
                    None, unit.outlet, unit.outlet, "hedged in the outlet's own voice, no source named"
                )
            return Origin(f"voice:{unit.copy_group or unit.article_id}", unit.outlet, unit.outlet)
        name = self._name(unit)
        if fold_name(name) in ("i", "we"):  # the author speaks: the outlet's own voice
            return Origin(f"voice:{unit.copy_group or unit.article_id}", unit.outlet, unit.outlet)
        if is_pronoun(name):
            return Origin(
                None,
                name,
                name,
                f"claimant '{unit.claimant}' in {unit.outlet} is a pronoun with no antecedent: no origin counted",
            )
        entity = self._entity(unit, name)
        if entity is not None:
            label = self.entity_names.get(entity, name)
            return Origin(f"entity:{entity}", label, label)
        key = fold_name(name)
        key = self.longer.get(key, key)
        return Origin(f"name:{key}", name, name)


def origin_labels(units: Sequence[Unit], origins: Sequence[Origin]) -> dict[str, str]:
    """Each origin key's label: the most common (then shortest) way it was named."""
    seen: dict[str, dict[str, int]] = {}
    for unit, origin in zip(units, origins, strict=True):
        if origin.key is None:
            continue
        label = origin.label if not origin.key.startswith("voice:") else unit.outlet
        counts = seen.setdefault(origin.key, {})
        counts[label] = counts.get(label, 0) + 1
    return {
        key: min(counts, key=lambda name: (-counts[name], len(name), name)) for key, counts in seen.items()
    }
