"""One story's claim groups, end to end: grouping, origins, parties, relations, verdicts.

Pure: it takes the story's units and what the entities stage knows of the names in it,
and gives the groups to store and the notes on what was left unaligned.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from corroborator.align.corrections import overrule, regroup, same_sources, settle
from corroborator.align.grouping import LINK, Encode, Grouping, group_units
from corroborator.align.labels import antecedents, group_label
from corroborator.align.origins import VOICE, Origin, Resolver, carried_origins, fold_name, origin_labels
from corroborator.align.parties import INDEPENDENT, PartyMap, claimant_party, outlet_party
from corroborator.align.relations import Found, find_relations
from corroborator.align.units import Unit
from corroborator.align.vectors import ClaimVectors, StoredVector
from corroborator.align.verdicts import Support, exchange, support
from corroborator.models import (
    ClaimGroup,
    ClaimGroupMember,
    ClaimGroupRelation,
    ConflictKind,
    EpistemicStatus,
    GroupCorrection,
    RelationKind,
    Verdict,
    content_id,
)

NEARNESS_PLACES = 6  # decimals of a member's nearness to its group's mean that count (noise is ~1e-7)
WEAKER = frozenset((Verdict.SINGLE_SOURCE, Verdict.SINGLE_PARTY, Verdict.OPINION_ONLY))


@dataclass(frozen=True)
class EntityFacts:
    name: str
    aliases: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoryAlignment:
    groups: list[ClaimGroup]
    notes: list[str] = field(default_factory=list)  # what was left unaligned or uncounted, and why
    # people's corrections, each with the groups it holds for now or why it no longer can
    corrections: list[GroupCorrection] = field(default_factory=list)
    # claim id -> the vector encoded for it in this alignment, to keep for the next one
    vectors: dict[str, StoredVector] = field(default_factory=dict)


def _parties(
    units: Sequence[Unit], origins: Sequence[Origin], entities: Mapping[str, EntityFacts], user: PartyMap
) -> dict[str, str | None]:
    """Each origin key's party."""
    found: dict[str, str | None] = {}
    descriptors: dict[str, list[str]] = defaultdict(list)
    facts: dict[str, tuple[list[str], list[str]]] = {}
    for unit, origin in zip(units, origins, strict=True):
        if origin.key is None:
            continue
        if origin.key.startswith(VOICE):
            found.setdefault(
                origin.key, outlet_party(unit.outlet, unit.outlet_country, unit.outlet_state, user)
            )
            continue
        descriptors[origin.key].extend(n for n in (unit.claimant, unit.source_resolved) if n)
        if origin.key.startswith("entity:"):
            entity = entities.get(origin.key.removeprefix("entity:"))
            if entity is not None:
                facts[origin.key] = ([entity.name, *entity.aliases], list(entity.descriptions))
    for key, names in descriptors.items():
        if key in found:
            continue
        more_names, descriptions = facts.get(key, ([], []))
        found[key] = claimant_party([*more_names, *dict.fromkeys(names)], descriptions, user)[0]
    _bare_institutions(descriptors, found)
    described = _described_media(descriptors, found)
    for unit, origin in zip(units, origins, strict=True):
        voice = origin.key
        if voice is None or not voice.startswith(VOICE) or found.get(voice) != INDEPENDENT:
            continue
        if unit.outlet_state is None and unit.outlet.lower() not in user.outlets:
            found[voice] = described.get(_site_name(unit.outlet), INDEPENDENT)
    return found


# Bodies a report names bare ("the army", "an army spokesman") when the story has said whose.
_INSTITUTIONS = re.compile(
    r"\b(army|military|navy|air force|police|government|defen[cs]e ministry|foreign ministry|"
    r"health ministry|interior ministry|ministry|presidency|security service|border guards?)\b",
    re.I,
)


def _bare_institutions(descriptors: Mapping[str, Sequence[str]], found: dict[str, str | None]) -> None:
    """A claimant of no party named by a bare body ("the army", "an army spokesman") takes the
    party of the story's claimants that name that body with their side ("the Sudanese army"),
    when they all give one party; in a story of two armies it stays of none."""
    parties_of: dict[str, set[str]] = defaultdict(set)
    for key, names in descriptors.items():
        party = found.get(key)
        if party is None or party == INDEPENDENT:
            continue
        for name in names:
            for body in _INSTITUTIONS.findall(name):
                parties_of[body.lower()].add(party)
    for key, names in descriptors.items():
        if found.get(key) is not None:
            continue
        bodies = {body.lower() for name in names for body in _INSTITUTIONS.findall(name)}
        sides = {party for body in bodies for party in parties_of.get(body, ())}
        if len(sides) == 1:
            found[key] = sides.pop()


_MEDIA = re.compile(r"\b(?:agency|news|media|broadcaster|television|tv|channel|newspaper|outlet)\b", re.I)
_RUN = re.compile(r"[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*")


def _described_media(
    descriptors: Mapping[str, Sequence[str]], found: Mapping[str, str | None]
) -> dict[str, str]:
    """Outlets the story's own reports describe with a side ("Russian state news agency TASS"):
    the outlet's name, folded without spaces (and its first word), -> that side's party. A
    site of that name speaks for the same side in its own voice, so its own reporting and
    its republishers are not independent of it."""
    named: dict[str, str] = {}
    for key, names in descriptors.items():
        party = found.get(key)
        if party is None or party == INDEPENDENT:
            continue
        for text in names:
            if not _MEDIA.search(text):
                continue
            for run in _RUN.findall(text):
                words = run.lower().split()
                for form in {"".join(words), words[0]}:
                    if len(form) >= 3:
                        named.setdefault(form, party)
    return named


def _site_name(outlet: str) -> str:
    """A site's name: "tass.com" -> "tass", "www.example.org" -> "example"."""
    labels = [label for label in outlet.lower().split(".") if label not in ("www", "en", "m")]
    return labels[0] if labels else outlet.lower()


def _label(
    members: Sequence[int], grouping: Grouping, units: Sequence[Unit], named: Mapping[int, str]
) -> str:
    """The member text nearest the group's mean meaning that reads on its own
    (``align.labels``), each claim counted once per article carrying it, from the claims that
    state it (not opinion, not a fragment) first: four copies of a wire sentence outweigh
    one outlet's aside."""
    stating = [i for i in members if units[i].status != "opinion" and len(units[i].text.split()) >= 5]
    chosen = set(stating)
    rest = [i for i in members if i not in chosen]
    if grouping.features is None:
        return group_label([*stating, *rest], units, named)
    vectors = grouping.features.vectors
    ranked = []
    for part in (stating, rest):
        if not part:
            continue
        centre = vectors[[grouping.node_of[i] for i in part]].sum(axis=0)
        # Rounded, so that a tie (two members are equally near the mean of two) goes to the
        # first member, not to the last bits of the vectors, which depend on what else was
        # encoded in the same batch.
        nearness = {
            node: round(float(vectors[node] @ centre), NEARNESS_PLACES)
            for node in {grouping.node_of[i] for i in part}
        }
        ranked += sorted(part, key=lambda i: (-nearness[grouping.node_of[i]], i))
    return group_label(ranked, units, named)


def align_story(
    story_id: str,
    units: Sequence[Unit],
    encode: Encode,
    *,
    names: Mapping[str, str] | None = None,
    entities: Mapping[str, EntityFacts] | None = None,
    parties: PartyMap | None = None,
    link: float = LINK,
    corrections: Sequence[GroupCorrection] = (),
    known: ClaimVectors | None = None,
) -> StoryAlignment:
    """The story's claim groups with members, relations, counts and verdicts, and people's
    corrections laid over them (``align.corrections``). ``known`` holds the claims' vectors
    kept from earlier alignments; the ones encoded now are added to it."""
    entities = entities or {}
    user = parties or PartyMap()
    name_index = {fold_name(text): entity for text, entity in (names or {}).items()}
    aliases: dict[str, set[str]] = defaultdict(set)
    for entity_id, facts in entities.items():
        for alias in (facts.name, *facts.aliases):
            aliases[fold_name(alias)].add(entity_id)
    for alias, owners in aliases.items():
        if len(owners) == 1 and len(alias.split()) >= 2:
            name_index.setdefault(alias, next(iter(owners)))
    resolver = Resolver(
        units,
        {k: v.name for k, v in entities.items()},
        name_index,
        {k: v.descriptions for k, v in entities.items()},
    )
    origins = carried_origins(units, [resolver.origin(unit) for unit in units])
    labels = origin_labels(units, origins)
    same, marked = same_sources(labels, corrections)
    party_of = _parties(units, origins, entities, user)
    sides = [party_of.get(origin.key) if origin.key else None for origin in origins]
    grouping = group_units(units, encode, link, sides=sides, known=known)
    regrouped, outcomes = regroup(grouping.groups, units, corrections)
    grouping = dataclasses.replace(grouping, groups=regrouped)
    notes = [
        f"claim {units[i].claim_id} ({units[i].outlet}) left unaligned: {why}"
        for i, why in grouping.unaligned.items()
    ]
    quoted: dict[str, set[str]] = defaultdict(set)  # article -> the origins its attributions name
    for unit, origin in zip(units, origins, strict=True):
        if origin.key is not None and not origin.key.startswith(VOICE):
            quoted[unit.article_id].add(origin.key)
    people = {key: (facts.name, *facts.aliases) for key, facts in entities.items()}
    named = antecedents(units, people)
    built: list[tuple[ClaimGroup, Support, list[str]]] = []
    for members in grouping.groups:
        echoed = _echoes(members, units, origins, quoted)
        built.append(_group(story_id, members, grouping, units, echoed, labels, same, party_of, named))
    relations = find_relations(
        units, grouping.groups, grouping.node_of, grouping.features, grouping.scores, link, sides
    )
    groups, overruled = overrule(_with_relations(built, relations), corrections)
    outcomes |= marked | overruled
    groups, settled = settle(story_id, groups, corrections, outcomes, same)
    notes += [_stale(correction) for correction in settled if correction.note is not None]
    return StoryAlignment(groups, notes, settled, dict(known.added) if known is not None else {})


def _stale(correction: GroupCorrection) -> str:
    return (
        f"correction #{correction.id} ({correction.kind.value} by {correction.by}) "
        f"no longer applies: {correction.note}"
    )


def _echoes(
    members: Sequence[int], units: Sequence[Unit], origins: Sequence[Origin], quoted: Mapping[str, set[str]]
) -> dict[int, Origin]:
    """The members' origins, where an outlet's own voice echoes a source: a claim the outlet
    states itself, in a group whose other members attribute it to someone, is that source's
    claim retold ("46 drones were shot down" in the lede of a report quoting the commander
    who gave the figure, or in a bulletin that names nobody), not an independent origin. The
    source its own article quotes is preferred, else the one the group names most."""
    found = {i: origins[i] for i in members}
    named: dict[str, Origin] = {}
    for i in members:
        key = origins[i].key
        if key is not None and not key.startswith(VOICE):
            named[key] = origins[i]
    if not named:
        return found
    others = Counter(origins[i].key for i in members if origins[i].key in named)
    for i in members:
        key = origins[i].key
        if key is None or not key.startswith(VOICE):
            continue
        sources = [k for k in quoted.get(units[i].article_id, set()) if k in named] or list(named)
        found[i] = named[max(sources, key=lambda k: (others[k], k))]
    return found


def _group(
    story_id: str,
    members: Sequence[int],
    grouping: Grouping,
    units: Sequence[Unit],
    origins: Mapping[int, Origin],
    labels: Mapping[str, str],
    same: Mapping[str, str],
    party_of: Mapping[str, str | None],
    named: Mapping[int, str],
) -> tuple[ClaimGroup, Support, list[str]]:
    rows = []
    counted: dict[str, str | None] = {}
    # origins with a member that states the claim: not a fragment of it, nor the word that
    # two parties spoke (``verdicts.exchange``)
    stated: set[str] = set()
    notes = []
    for index in members:
        unit, origin = units[index], origins[index]
        if origin.key is None:
            label, party = "none", None
            notes.append(f"{unit.outlet}: {origin.note}")
        else:
            # two origins a person marked as one source count as one
            label, party = same.get(labels[origin.key], labels[origin.key]), party_of.get(origin.key)
            if unit.status != "opinion" and unit.genre != "opinion":
                counted[label] = party
                stated.update([label] if not unit.short and not exchange(unit.text) else [])
        rows.append(
            ClaimGroupMember(
                claim_id=unit.claim_id,
                article_id=unit.article_id,
                status=EpistemicStatus(unit.status),
                claimant=labels.get(origin.key or "", origin.claimant) if origin.key else origin.claimant,
                origin=label,
                party=party,
            )
        )
    statuses = [units[i].status for i in members]
    genres = [units[i].genre for i in members]
    copy_groups = {units[i].copy_group or units[i].article_id for i in members}
    level = support(statuses, genres, len(copy_groups), counted, frozenset(counted) - stated)
    claim_ids = sorted(units[i].claim_id for i in members)
    group = ClaimGroup(
        id=content_id("claim-group", story_id, claim_ids[0]),
        story_id=story_id,
        label=_label(members, grouping, units, named),
        claim_ids=[row.claim_id for row in rows],
        verdict=level.verdict,
        n_articles=len({units[i].article_id for i in members}),
        n_copy_groups=len(copy_groups),
        n_origins=len(counted),
        n_claimants=len({row.claimant for row in rows}),
        members=rows,
        origins=sorted(counted),
        parties=sorted({p for p in counted.values() if p}),
    )
    return group, level, list(dict.fromkeys(notes))


def _with_relations(
    built: Sequence[tuple[ClaimGroup, Support, list[str]]], relations: Sequence[Found]
) -> list[ClaimGroup]:
    linked: dict[int, list[ClaimGroupRelation]] = defaultdict(list)
    disputes: dict[int, list[str]] = defaultdict(list)
    kept: dict[int, list[str]] = defaultdict(list)
    opponents: dict[int, list[Verdict]] = defaultdict(list)
    deniers: dict[int, set[str]] = defaultdict(set)  # the parties that deny a group's claim
    for found in relations:
        a, b = built[found.a], built[found.b]
        relation = ClaimGroupRelation(
            source=a[0].id,
            target=b[0].id,
            kind=RelationKind(found.kind),
            reason=found.reason,
            conflict=ConflictKind(found.conflict) if found.conflict else None,
        )
        linked[found.a].append(relation)
        if found.b != found.a:
            linked[found.b].append(relation)
        if found.kind != "conflicts":
            continue
        if found.a == found.b:
            kept[found.a].append(f"status conflict within the group: {found.reason}")
            continue
        for mine, theirs in ((found.a, found.b), (found.b, found.a)):
            other = built[theirs][0]
            disputes[mine].append(f"{found.conflict} conflict with '{_short(other.label)}': {found.reason}")
            opponents[mine].append(built[theirs][1].verdict)
        if found.conflict == "denial":  # the second group denies the first
            deniers[found.a].update(p for p in built[found.b][0].parties if p != INDEPENDENT)
    groups = []
    for index, (group, level, notes) in enumerate(built):
        reasons = [f"support: {level.verdict.value}, {level.reason}"]
        verdict = level.verdict
        if disputes[index] and level.verdict is not Verdict.OPINION_ONLY:
            verdict = Verdict.DISPUTED
            confirming = set(group.parties) - deniers[index]
            both = sorted(set(group.parties) & deniers[index])
            if level.verdict is Verdict.CORROBORATED and both and len(confirming) < 2:
                # A party that denies the claim elsewhere in the story does not confirm it: its
                # member here says something else (a counter-claim close in words).
                disputes[index].append(f"not corroborated: {', '.join(both)} also denies it")
            elif level.verdict is Verdict.CORROBORATED and all(v in WEAKER for v in opponents[index]):
                # Confirmed across sides, contradicted only by one source or one party: it
                # stands, the conflict listed in its reasons; the weaker side is the disputed one.
                verdict = Verdict.CORROBORATED
        reasons += disputes[index] + kept[index]
        reasons += [
            f"{group.n_articles} article(s), {group.n_copy_groups} copy group(s), {group.n_origins} origin(s)"
        ]
        reasons += notes
        groups.append(
            group.model_copy(update={"verdict": verdict, "reasons": reasons, "relations": linked[index]})
        )
    return groups


def _short(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1] + "\u2026"


def status_counts(groups: Sequence[ClaimGroup]) -> Counter[str]:
    return Counter(g.verdict.value if g.verdict else "none" for g in groups)
