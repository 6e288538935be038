"""Within one article: which mentions name the same thing ("Yuriy Dashkin" ... "Dashkin").

Pure functions of an article's stored mentions and text, run in worker processes.  A
surname alone, or an initial with a surname, joins the article's one full name that it
fits; when two people of the article share the surname, it joins neither and is left
unresolved with the reason.  Titles inside a mention ("Maj Gen") and role descriptions
just before or after it ("local air defence commander Yuriy Dashkin", "Dashkin, the
regional commander,") are kept as descriptions of the person.

An organisation that every country has ("the Defence Ministry") is read with the country
written around it ("Russia's Defence Ministry"); a bare one joins the article's one
country's form of it, and with two countries' forms it stays apart (``institutions``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from corroborator.resolve.institutions import nation
from corroborator.resolve.names import (
    KINDS,
    PEOPLE,
    TITLES,
    Name,
    clean,
    given_compatible,
    in_context,
    with_nation,
)

MAX_MENTION_CHARS = 120
ROLE_WORDS = TITLES | frozenset(
    """
    official officer commander spokesman spokeswoman general minister president governor mayor
    chief head leader envoy adviser advisor analyst expert correspondent journalist editor
    """.split()
)
_STOP = frozenset(
    """
    said says told by to of and or that from with on in for at as after before but where when while
    who whom whose which if since than then because
    """.split()
)
_CLAUSE = re.compile(r"\s+(?:who|whom|whose|which|that|where|when)\s.*$")
_BEFORE = re.compile(r"([A-Za-z][\w\-'’. ]{0,80})$")
_AFTER = re.compile(r"^\s*,\s*((?:the|a|an)\s+[^,.;:()\"]{2,80}?)\s*[,.;]")


@dataclass
class Cluster:
    """Mentions of one article taken as one entity, and why."""

    kind: str
    names: list[Name]
    mention_ids: list[str]
    descriptions: list[str] = field(default_factory=list)
    evidence: list[tuple[str, str, str, float]] = field(default_factory=list)
    apart: bool = False  # a bare institution its article gives two countries for: joins nothing
    label: str = ""  # the name a new entity takes, when not the best name's own text

    @property
    def best(self) -> Name:
        """The fullest name of the cluster: a full name before an initial before a surname."""
        return max(self.names, key=lambda n: (n.full, bool(n.given), len(n.text)))

    def aliases(self) -> list[str]:
        return list(dict.fromkeys(name.text for name in self.names))


@dataclass(frozen=True)
class Grouped:
    clusters: tuple[Cluster, ...]
    unresolved: tuple[tuple[str, str], ...]  # (mention id, why)
    warnings: tuple[str, ...] = ()


def description_before(text: str, start: int) -> str | None:
    """The role words right before a name ("local air defence commander"), if any."""
    found = _BEFORE.search(text[max(0, start - 80) : start])
    if not found:
        return None
    words = found.group(1).split()
    kept: list[str] = []
    for word in reversed(words):
        bare = word.strip(".,'’").lower()
        if not bare or bare in _STOP or word.endswith((",", ";", ":")) or bare in ("the", "a", "an"):
            break
        if word.endswith(".") and bare not in TITLES:
            break  # the end of the sentence before
        kept.append(word)
    kept.reverse()
    if kept and any(word.strip(".").lower() in ROLE_WORDS for word in kept[-3:]):
        return " ".join(kept[-6:])
    return None


def description_after(text: str, end: int) -> str | None:
    """An apposition right after a name ("Dashkin, the regional commander, said")."""
    found = _AFTER.match(text[end : end + 100])
    if not found:
        return None
    phrase = _CLAUSE.sub("", found.group(1))  # "the officer whose division ..." -> "the officer"
    return phrase if any(word.lower() in ROLE_WORDS for word in phrase.split()) else None


def group_article(mentions: Sequence[dict[str, Any]], text: str) -> Grouped:
    """The article's mentions of people, organisations and places, grouped."""
    full: list[Cluster] = []
    partial: list[tuple[dict[str, Any], Name]] = []
    others: dict[str, Cluster] = {}
    tagged: list[tuple[dict[str, Any], Name]] = []
    unresolved: list[tuple[str, str]] = []
    for mention in mentions:
        label = mention["label"]
        if label not in KINDS:
            continue
        raw = mention["text"] or ""
        if len(raw) > MAX_MENTION_CHARS:
            unresolved.append((mention["id"], f"mention longer than {MAX_MENTION_CHARS} characters"))
            continue
        name = mention_name(mention, text)
        if name is None:
            unresolved.append((mention["id"], "no name left in the mention (punctuation or digits only)"))
            continue
        descriptions = _descriptions(mention, name, text)
        if label != PEOPLE and " " not in name.text and not name.nation and not nation([name.text]):
            tagged.append((mention, name))  # perhaps a surname the parser took for a body or a place
            continue
        if label != PEOPLE:
            _add_other(others, mention, name)
            continue
        if not name.full:
            partial.append((mention, name))
            continue
        target = _full_match(full, name)
        if target is None:
            target = Cluster(PEOPLE, [], [])
            full.append(target)
        else:
            other = target.best
            if other.text != name.text:
                reason = "spelling variant in one article"
                target.evidence.append(
                    (other.text, name.text, reason, given_compatible(other.given, name.given))
                )
        target.names.append(name)
        target.mention_ids.append(mention["id"])
        target.descriptions.extend(descriptions)
    surnames: dict[str, Cluster] = {}
    for mention, name in partial:
        fits = [c for c in full if _fits(c, name)]
        if len(fits) == 1:
            target = fits[0]
            reason = "initial and surname in one article" if name.initial else "surname alone in one article"
            if name.text != target.best.text:
                target.evidence.append((target.best.text, name.text, reason, 0.9))
        elif len(fits) > 1:
            unresolved.append(
                (mention["id"], f"'{name.text}' fits {len(fits)} people of the article: left unresolved")
            )
            continue
        else:
            target = surnames.setdefault(f"{name.surname}:{name.given}", Cluster(PEOPLE, [], []))
        target.names.append(name)
        target.mention_ids.append(mention["id"])
        target.descriptions.extend(_descriptions(mention, name, text))
    for mention, name in tagged:
        person = clean(mention["text"] or "", PEOPLE)
        fits = [c for c in full if person is not None and _fits(c, person)]
        if len(fits) != 1 or person is None:
            _add_other(others, mention, name)
            continue
        reason = "a surname tagged as an organisation or a place, of the article's one person of that name"
        fits[0].evidence.append((fits[0].best.text, person.text, reason, 0.8))
        fits[0].names.append(person)
        fits[0].mention_ids.append(mention["id"])
    for cluster in (*full, *surnames.values()):
        cluster.descriptions = list(dict.fromkeys(cluster.descriptions))
    organisations, notes = _bare_institutions(list(others.values()))
    return Grouped((*full, *surnames.values(), *organisations), tuple(unresolved), tuple(notes))


def mention_name(mention: dict[str, Any], text: str = "") -> Name | None:
    """The name a stored mention gives (with the country written around it, given the
    article's text), or None when nothing nameable is left."""
    name = clean(mention["text"] or "", mention["label"])
    if name is None or name.kind == PEOPLE or not text:
        return name
    return in_context(name, text, mention["start_char"], mention["end_char"])


def _add_other(others: dict[str, Cluster], mention: dict[str, Any], name: Name) -> None:
    """An organisation's or place's mention into its cluster of the article."""
    key = f"{name.kind}#{name.surname}" if name.nation else name.alias_key
    cluster = others.setdefault(key, Cluster(name.kind, [], []))
    if cluster.names and name.text not in cluster.aliases():
        reason = "one organisation, worded two ways in one article"
        cluster.evidence.append((cluster.names[0].text, name.text, reason, 1.0))
    cluster.names.append(name)
    cluster.mention_ids.append(mention["id"])


def _bare_institutions(clusters: list[Cluster]) -> tuple[list[Cluster], list[str]]:
    """A bare institution ("Defence Ministry") joined to the article's one country's form of
    it; left apart, with a note, when the article names it for two countries."""
    kept: list[Cluster] = []
    notes: list[str] = []
    for cluster in clusters:
        bare = cluster.best
        if not bare.base or bare.nation:
            kept.append(cluster)
            continue
        forms = [c for c in clusters if c.kind == cluster.kind and c.best.base == bare.base and c.best.nation]
        if len(forms) == 1:
            target = forms[0]
            target.names.extend(with_nation(name, target.best.nation) for name in cluster.names)
            target.mention_ids.extend(cluster.mention_ids)
            reason = "bare name: the one qualified form in the article"
            target.evidence.append((target.best.text, bare.text, reason, 0.9))
            continue
        if forms:
            cluster.apart = True
            names = " or ".join(sorted(f"'{c.best.text}'" for c in forms))
            notes.append(f"'{bare.text}' could be {names}: left apart")
        kept.append(cluster)
    return kept, notes


def _descriptions(mention: dict[str, Any], name: Name, text: str) -> list[str]:
    if name.kind != PEOPLE:
        return []
    found = []
    before = description_before(text, mention["start_char"]) if text else None
    title = " ".join(name.titles)
    if before and title:
        found.append(f"{before} {title}")
    elif before or title:
        found.append(before or title)
    after = description_after(text, mention["end_char"]) if text else None
    if after:
        found.append(after)
    return found


def _full_match(clusters: list[Cluster], name: Name) -> Cluster | None:
    for cluster in clusters:
        if any(
            other.full and other.surname == name.surname and given_compatible(other.given, name.given)
            for other in cluster.names
        ):
            return cluster
    return None


def _fits(cluster: Cluster, name: Name) -> bool:
    best = cluster.best
    if best.surname != name.surname:
        return False
    return not name.given or given_compatible(best.given, name.given) > 0
