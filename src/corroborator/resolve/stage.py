"""The entities stage: each article's mentions gathered into entities across the corpus.

``compute`` (worker processes) groups one article's mentions (``resolve.article``).
``commit`` (main process, in the batch's transaction) links each group to an entity:
a user's merge or split of one of its names decides first; otherwise candidates come
from the store's index of name keys (the consonant skeleton of a surname or name, so
never all pairs of the corpus), and a person joins a candidate only when the surnames
agree and the first names are variants of one name.  A surname alone joins only the
one candidate of its story (the corpus, for an article in no story); with none or
several, it starts an entity of its own.  An institution every country has ("the Defence
Ministry") joins by country and institution; a bare one, not placed in its article, takes
the one country its story names that institution with, joins only its story's bare entity
of that name when the story names none, and stays apart when the story names two.  Places
and organisations are compared by the whole name whatever kind the parser gave them, as is
a person's full name that no person fits (a town the parser took for a person).  A short
name or an acronym is first given the longer name it stands for in its story, and a name
tagged as a person that its story names as a place is taken as that place
(``story_names``).  Every merge leaves its evidence (reason and score).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from corroborator.config import Settings
from corroborator.models import Article, content_id
from corroborator.pipeline.stage import stages
from corroborator.resolve.article import Cluster, group_article
from corroborator.resolve.names import (
    NAMED,
    ORG,
    PEOPLE,
    Name,
    clean,
    fold_name,
    given_compatible,
    same_word,
    surname_compatible,
    with_nation,
)
from corroborator.resolve.story_names import NAME_LABELS, StoryNames, read_story, with_long_form
from corroborator.store import Connection
from corroborator.store import entities as store
from corroborator.store.stories import story_of

NAME_MATCH = 0.92  # organisations and places: how alike two folded names must be
STORY_FORMS_CACHED = 256  # stories whose institutions' countries are kept between articles

Found = tuple[str, str, float]  # the entity a cluster joins, why, and how surely


@dataclass(frozen=True)
class Resolution:
    """What ``compute`` gives ``commit``: the article's groups and what was left out."""

    clusters: tuple[Cluster, ...]
    unresolved: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...] = ()


@stages.register("entities")
class EntitiesStage:
    name: str = "entities"
    version: str = "13"
    requires: tuple[str, ...] = ("parse", "stories")
    assigns: tuple[str, ...] = ("entities", "entity_keys", "entity_merge_evidence", "mentions.entity_id")
    ordered = True  # a mention joins the entities of those before it

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._stories: dict[str, tuple[list[str], StoryNames]] = {}

    def __getstate__(self) -> dict[str, object]:
        """Workers get the settings; the cache the main process changes meanwhile stays."""
        return {"settings": self.settings}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._stories = {}

    def load_inputs(self, connection: Connection, article_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        return store.mention_inputs(connection, article_ids)

    def compute(self, article: Article, found: Sequence[dict[str, Any]] | None = None) -> Resolution:
        grouped = group_article(found or [], article.text)
        warnings = tuple(f"mention {mention_id}: {why}" for mention_id, why in grouped.unresolved)
        return Resolution(grouped.clusters, grouped.unresolved, warnings + grouped.warnings)

    # ---- commit (main process, in the batch's transaction) ---------------------------

    def commit(self, connection: Connection, article: Article, result: Resolution) -> None:
        store.clear_article(connection, article.id)
        story = story_of(connection, [article.id]).get(article.id)
        names = self._story(connection, story) if story is not None else None
        for index, whole in enumerate(result.clusters):
            for cluster in _places_apart(whole, names):
                for part in _by_user_pins(connection, cluster):
                    self._place(connection, article.id, story, index, *part)

    def _place(
        self,
        connection: Connection,
        article_id: str,
        story: str | None,
        index: int,
        cluster: Cluster,
        pinned: str | None,
        forbidden: set[str],
    ) -> None:
        found = (
            (pinned, "user merge", 1.0)
            if pinned is not None
            else self._find(connection, cluster, story, forbidden)
        )
        best = cluster.best
        existing = store.get_entities(connection, [found[0]]) if found else {}
        if found is None or found[0] not in existing:
            entity_id = (
                found[0] if found else content_id("entity", cluster.kind, best.text, article_id, str(index))
            )
            entity = store.EntityRow(entity_id, cluster.label or best.text, cluster.kind)
            new = True
        else:
            entity = existing[found[0]]
            new = False
            if found[1] != "user merge":
                store.add_evidence(
                    connection,
                    entity.id,
                    [(entity.name, best.text, found[1], round(found[2], 3))],
                    article_id=article_id,
                )
        if best.full and not _full_names(entity):
            entity.name = best.text  # a surname-only entity takes the full name it now has
        elif best.nation and not _with_country(entity):
            entity.name = cluster.label or best.text  # a bare institution's entity takes its country
        entity.aliases = list(dict.fromkeys([*entity.aliases, *cluster.aliases()]))
        entity.descriptions = list(dict.fromkeys([*entity.descriptions, *cluster.descriptions]))[:50]
        store.save_entity(connection, entity, new=new)
        store.add_keys(connection, entity.id, {key for name in cluster.names for key in name.keys})
        store.add_evidence(connection, entity.id, cluster.evidence, article_id=article_id)
        store.link_mentions(connection, cluster.mention_ids, entity.id)

    def _find(
        self, connection: Connection, cluster: Cluster, story: str | None, forbidden: set[str]
    ) -> Found | None:
        """The entity a cluster joins.  A short name or an acronym that stands for a longer
        name in its story is first given that name (the cluster is updated in place)."""
        meant = self._story(connection, story).long_form(cluster.best) if story is not None else None
        if meant is None:
            return self._named(connection, cluster, story, forbidden)
        long, reason = meant
        short = cluster.best.text
        cluster.names = [with_long_form(name, long) for name in cluster.names]
        cluster.kind, cluster.label = long.kind, long.text
        found = self._named(connection, cluster, story, forbidden)
        if found is None:  # the first of the story's mentions resolved: it says why here
            cluster.evidence.append((long.text, short, reason, 0.85))
            return None
        return found[0], reason, 0.85

    def _named(
        self, connection: Connection, cluster: Cluster, story: str | None, forbidden: set[str]
    ) -> Found | None:
        if cluster.kind == ORG and cluster.best.base:
            return self._institution(connection, cluster, story, forbidden)
        return _match(connection, cluster.best, story, forbidden)

    def _institution(
        self, connection: Connection, cluster: Cluster, story: str | None, forbidden: set[str]
    ) -> Found | None:
        """The entity an institution's cluster joins.  A bare one that its article left
        bare is first given its story's one country for it (the cluster's names and
        evidence are updated in place)."""
        bare = cluster.best
        if not bare.nation:
            if cluster.apart or story is None:
                return None
            countries = self._story(connection, story).countries.get((cluster.kind, bare.base), {})
            if not countries:
                return _only_bare(connection, bare, story, forbidden)
            if len(countries) > 1:
                return None  # two countries' forms in the story: no evidence for either
            ((country, written),) = countries.items()
            cluster.names = [with_nation(name, country) for name in cluster.names]
            cluster.label = written
            reason = "bare name: the one qualified form in the story"
            found = _same_institution(connection, cluster.best, forbidden)
            if found is None:  # the first of the story's mentions resolved: it says why here
                cluster.evidence.append((written, bare.text, reason, 0.85))
                return None
            return found[0], reason, 0.85
        return _same_institution(connection, cluster.best, forbidden)

    def _story(self, connection: Connection, story: str) -> StoryNames:
        """What the story's mentions say about its names (cached while its articles stay the same)."""
        members = store.story_article_ids(connection, story)
        cached = self._stories.get(story)
        if cached is not None and cached[0] == members:
            return cached[1]
        found = read_story(store.mentions_around(connection, story_id=story, labels=NAME_LABELS))
        if len(self._stories) >= STORY_FORMS_CACHED:
            self._stories.clear()
        self._stories[story] = (members, found)
        return found


def _places_apart(cluster: Cluster, names: StoryNames | None) -> list[Cluster]:
    """A "person" whose full name its story also tags as a place ("Nova Vodyanka") took the
    article's one word of its last word as a surname; when that word is a place of the story,
    it goes apart ("Vodyanka" is another town)."""
    if names is None or cluster.kind != PEOPLE or not cluster.best.full:
        return [cluster]
    alone = [
        i for i, name in enumerate(cluster.names) if not name.full and names.not_a_surname(cluster.best, name)
    ]
    if not alone or len(alone) == len(cluster.names):
        return [cluster]
    apart = Cluster(PEOPLE, [cluster.names[i] for i in alone], [cluster.mention_ids[i] for i in alone])
    moved = {name.text for name in apart.names}
    kept = Cluster(
        PEOPLE,
        [name for i, name in enumerate(cluster.names) if i not in alone],
        [m for i, m in enumerate(cluster.mention_ids) if i not in alone],
        cluster.descriptions,
        [e for e in cluster.evidence if e[1] not in moved],
    )
    return [kept, apart]


def _same_institution(connection: Connection, name: Name, forbidden: set[str]) -> Found | None:
    """The entity of this country's institution: the one indexed under its country and
    institution (or, after a user's split, the one that goes by this very name)."""
    ids = [i for i in store.entities_with_key(connection, name.key) if i not in forbidden]
    candidates = [e for e in store.get_entities(connection, ids).values() if e.kind == name.kind]
    if len(candidates) > 1:
        candidates = [e for e in candidates if name.text in e.aliases]
    if len(candidates) != 1:
        return None
    entity = candidates[0]
    if name.text in entity.aliases:
        return entity.id, "same name", 1.0
    return entity.id, "same institution of one country, worded another way", 0.95


def _only_bare(connection: Connection, name: Name, story: str, forbidden: set[str]) -> Found | None:
    """In a story that names the institution with no country: its one bare entity."""
    ids = [i for i in store.entities_with_key(connection, name.key) if i not in forbidden]
    in_story = sorted(store.entities_in_story(connection, story, ids))
    if len(in_story) != 1:
        return None
    entity = store.get_entities(connection, in_story)[in_story[0]]
    if entity.kind != name.kind:
        return None
    if name.text in entity.aliases:
        return entity.id, "same name in the story", 1.0
    return entity.id, "same institution in the story, worded another way", 0.95


def _with_country(entity: store.EntityRow) -> bool:
    name = clean(entity.name, entity.kind)
    return name is not None and bool(name.nation)


def _by_user_pins(connection: Connection, cluster: Cluster) -> list[tuple[Cluster, str | None, set[str]]]:
    """The cluster cut where a user's merges send some of its names elsewhere:
    (part, the entity a user pinned it to or None, entities a user split it from)."""
    overrides = store.overrides_for(connection, [name.alias_key for name in cluster.names])
    if not overrides:
        return [(cluster, None, set())]
    pins = {alias: entity for action, alias, entity in overrides if action == "merge"}
    splits = [(alias, entity) for action, alias, entity in overrides if action == "split"]
    parts: dict[str | None, Cluster] = {}
    for name, mention_id in zip(cluster.names, cluster.mention_ids, strict=True):
        target = pins.get(name.alias_key)
        part = parts.setdefault(
            target,
            Cluster(cluster.kind, [], [], list(cluster.descriptions), [], cluster.apart, cluster.label),
        )
        part.names.append(name)
        part.mention_ids.append(mention_id)
    loose = parts.get(None)
    if loose is not None and len(parts) == 2 and not any(name.full for name in loose.names):
        # a surname alone follows the one full name it stood for in the article
        target = next(t for t in parts if t is not None)
        parts[target].names.extend(loose.names)
        parts[target].mention_ids.extend(loose.mention_ids)
        del parts[None]
    if len(parts) == 1:
        parts[next(iter(parts))].evidence = list(cluster.evidence)
    return [
        (part, target, {entity for alias, entity in splits if alias in {n.alias_key for n in part.names}})
        for target, part in parts.items()
    ]


def _full_names(entity: store.EntityRow) -> list[Name]:
    names = [clean(alias, entity.kind) for alias in entity.aliases]
    return [name for name in names if name is not None and name.full]


def _match(
    connection: Connection, name: Name, story: str | None, forbidden: set[str]
) -> tuple[str, str, float] | None:
    """The entity this name joins, with the reason and score, or None for a new one."""
    if name.kind != PEOPLE:
        return _same_name(connection, name, name.key, forbidden)
    found = _person(connection, name, story, forbidden)
    if found is None and name.full:  # a place or a body that the parser took for a person
        found = _same_name(connection, name, name.whole_key, forbidden, people=False)
    return found


def _same_name(
    connection: Connection, name: Name, key: str, forbidden: set[str], *, people: bool = True
) -> Found | None:
    """The entity whose names are most like this one, compared whole: of any kind under the
    shared key of places and bodies (a person's only by a full name), else of the name's kind."""
    ids = [i for i in store.entities_with_key(connection, key) if i not in forbidden]
    candidates = [
        e
        for e in store.get_entities(connection, ids).values()
        if (e.kind == name.kind or key.startswith(f"{NAMED}:")) and (people or e.kind != PEOPLE)
    ]
    folded = fold_name(name.text) if name.kind == PEOPLE else name.surname
    scored = [
        (max(same_word(fold_name(a), folded) for a in [e.name, *e.aliases]), e.kind == name.kind, e.id)
        for e in candidates
    ]
    scored = [found for found in scored if found[0] >= NAME_MATCH]
    if not scored:
        return None
    score, same_kind, entity_id = max(scored)
    if not same_kind:
        return entity_id, "the same name, tagged as another kind", score
    return entity_id, "same name" if score == 1.0 else "spelling or transliteration variant", score


def _person(connection: Connection, name: Name, story: str | None, forbidden: set[str]) -> Found | None:
    """The person this name joins: the surnames agree and the first names are variants of one
    name; a surname alone joins the one candidate in scope."""
    ids = [i for i in store.entities_with_key(connection, name.key) if i not in forbidden]
    if not ids:
        return None
    candidates = [e for e in store.get_entities(connection, ids).values() if e.kind == name.kind]
    strong: list[tuple[float, str]] = []
    pool: list[str] = []  # candidates a partial name (or a full name, a surname-only entity) may join
    for entity in candidates:
        names = [n for n in (clean(a, entity.kind) for a in entity.aliases) if n is not None]
        full = [n for n in names if n.full]
        surname = max((surname_compatible(n.surname, name.surname) for n in names), default=0.0)
        if surname == 0.0:
            continue
        if not full:
            pool.append(entity.id)  # known by surname only: any first name may complete it
        elif name.full:
            given = max(given_compatible(n.given, name.given) for n in full)
            if given > 0:
                strong.append((round(surname * given, 4), entity.id))
        elif not name.given or any(given_compatible(n.given, name.given) for n in full):
            pool.append(entity.id)
    if strong:
        top = max(score for score, _i in strong)
        best = [i for score, i in strong if score == top]
        same = [e.id for e in candidates if e.id in best and name.text in e.aliases]
        if len(best) == 1:
            return best[0], "same name" if same else "spelling or transliteration variant", top
        if len(same) == 1:  # after a user's split: the entity that already goes by this very name
            return same[0], "same name", top
        return None  # two people equally alike: no evidence to choose between them
    found = _only_candidate(connection, pool, story)
    if found is not None and any(name.text in e.aliases for e in candidates if e.id == found[0]):
        return found[0], found[1].replace("partial name", "same name"), found[2]
    return found


def _only_candidate(
    connection: Connection, pool: list[str], story: str | None
) -> tuple[str, str, float] | None:
    """The one candidate in scope, or None when there are none or several.  The scope is the
    article's story; only an article left out of stories looks at the whole corpus."""
    if not pool:
        return None
    if story is not None:
        in_story = sorted(store.entities_in_story(connection, story, pool))
        if len(in_story) == 1:
            return in_story[0], "partial name: the only candidate in the story", 0.9
        return None
    if len(pool) == 1:
        return pool[0], "partial name: the only candidate in the corpus", 0.8
    return None
