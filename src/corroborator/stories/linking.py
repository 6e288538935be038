"""Stories inside a family (see ``stories.stage``): its units linked into stories from their
pairwise similarities (``stories.cluster``), articles in languages few of its articles are in
placed by their nearest members, a family too large to re-link placed by its nearest story,
and stories labelled. A part of the stories stage, kept apart as the second step of placing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from corroborator.config import StoriesSettings
from corroborator.models import content_id
from corroborator.store import Connection
from corroborator.store import stories as store
from corroborator.store import story_signals as signals
from corroborator.stories import cluster
from corroborator.stories.dates import event_days, trusted_days
from corroborator.stories.labels import label_of
from corroborator.stories.scoring import FOREIGN_SHARE, TermWeights, nearest_members

LABEL_SAMPLE = 200
LINKED_ALONE = 6  # from this many units in a family's main languages, they are linked without the others


class FamilyLinking:
    """The stories stage's linking of a family's articles into stories."""

    settings: StoriesSettings
    _df: dict[str, int] | None
    _total: int

    def _members_of(
        self, connection: Connection, limit: int, family_id: str | None = None, story_id: str | None = None
    ) -> list[signals.Member]:
        raise NotImplementedError  # the stage reads them through its caches

    def _idf(self, term: str) -> float:
        raise NotImplementedError

    def _similarities(
        self, members: Sequence[signals.Member]
    ) -> tuple[np.ndarray, np.ndarray, list[int | None]]:
        """``(family-centred, raw)`` pairwise similarities of members (see ``cluster``), and
        their event days (see ``stories.dates``)."""
        s = self.settings
        published = [m.day for m in members]
        centred, raw = cluster.similarities(
            np.vstack([m.embedding for m in members]),
            [m.terms for m in members],
            [m.bag for m in members],
            [m.language for m in members],
            trusted_days(published, [m.dates for m in members]),
            self._idf,
            lambda days: cluster.day_penalty(days, s.story_days, s.day_penalty, s.max_day_penalty),
        )
        return centred, raw, event_days([m.dates for m in members], published)

    def _relink(self, connection: Connection, family_id: str, article_id: str) -> None:
        s = self.settings
        members = self._members_of(connection, s.max_recluster + 1, family_id=family_id)
        if len(members) > s.max_recluster:
            self._nearest_story(connection, family_id, article_id)
            return
        # Copies (one copy group) are one voice: they are linked as one unit, so that
        # a wire story carried ten times does not pull its event apart.  An article a
        # user placed stays a unit of its own.
        units: dict[str, list[int]] = {}
        for row, member in enumerate(members):
            key = member.article_id if member.pinned or not member.copy_group else member.copy_group
            units.setdefault(key, []).append(row)
        heads = [members[rows[0]] for rows in units.values()]
        unit_of = {row: number for number, rows in enumerate(units.values()) for row in rows}
        # Articles in a language few of the family's are in are placed by the members they
        # are nearest, after the others are linked: their words meet nothing and their
        # meaning only weakly, so in a linkage they stay apart or pull stories together.
        # A family with few others links them too (centring needs every article it has).
        counts = Counter(m.language for m in heads)
        foreign = [
            i for i, m in enumerate(heads) if not m.pinned and counts[m.language] < FOREIGN_SHARE * len(heads)
        ]
        main = [i for i in range(len(heads)) if i not in set(foreign)]
        linked = [0] * len(heads)
        linking = main if len(main) >= LINKED_ALONE else list(range(len(heads)))
        for i, label in zip(linking, self._link([heads[i] for i in linking]), strict=True):
            linked[i] = label
        self._place_foreign(heads, main, foreign, linked)
        clusters = [linked[unit_of[row]] for row in range(len(members))]
        previous = [m.story_id for m in members]
        pinned = [m.story_id if m.pinned else None for m in members]
        # An id is kept only by a story of this family: a story an article brings along from
        # another family (after a version change re-placed it) does not travel with it.
        homes = signals.family_of_stories(connection, {p for p in previous if p})
        hints = [p if p is not None and homes.get(p) == family_id else None for p in previous]
        fresh: set[str] = set()

        def new_id(rows: list[int]) -> str:
            salt = 0
            while True:
                candidate = content_id(
                    "story", family_id, *sorted(members[r].article_id for r in rows), str(salt)
                )
                if (
                    candidate not in fresh
                    and candidate not in homes
                    and not store.story_exists(connection, candidate)
                ):
                    fresh.add(candidate)
                    return candidate
                salt += 1

        ids = cluster.stable_ids(clusters, hints, pinned, new_id)
        changed: set[str] = set()
        for member, old, new in zip(members, previous, ids, strict=True):
            if old != new:
                store.ensure_story(connection, new, family_id)
                store.set_member(connection, member.article_id, new, pinned=member.pinned)
                changed.update(x for x in (old, new) if x)
        dropped = store.drop_empty_stories(connection, [p for p in previous if p])
        self._label(connection, sorted(changed - set(dropped)))

    def _link(self, heads: Sequence[signals.Member]) -> list[int]:
        """Stories of a family's units (see ``cluster``): a cluster number per unit."""
        s = self.settings
        similarity, raw, days = self._similarities(heads)
        threshold = cluster.family_threshold(s.link, len(heads), similarity)
        pins = [m.story_id if m.pinned else None for m in heads]
        linked = cluster.place_loners(
            cluster.average_link(similarity, threshold, pins, days), similarity, threshold, pins
        )
        if s.keep_together < 1.0 and len(set(linked)) > 1:
            # Centring cannot tell one event from two: clusters whose raw (uncentred)
            # similarity stays high are one event seen from several sides.
            linked = cluster.rejoin(linked, raw, s.keep_together, pins, days)
        return linked

    def _place_foreign(
        self, heads: Sequence[signals.Member], main: Sequence[int], foreign: Sequence[int], linked: list[int]
    ) -> None:
        """Each unit in ``foreign`` joins the story of ``main`` units it is nearest (as a
        family scores an article in another language), when that reaches
        ``stories.cross_language``, or makes a story of its own."""
        assert self._df is not None
        weights = TermWeights(self._df, self._total)
        stories: dict[int, list[signals.Member]] = {}
        for i in main:
            stories.setdefault(linked[i], []).append(heads[i])
        fresh = max(linked, default=-1) + 1
        for i in foreign:
            scores = {
                label: nearest_members(heads[i].bag, heads[i].embedding, rows, weights)
                for label, rows in stories.items()
            }
            best = max(sorted(scores), key=lambda label: scores[label], default=None)
            if best is not None and scores[best] >= self.settings.cross_language:
                linked[i] = best
            else:
                linked[i], fresh = fresh, fresh + 1

    def _nearest_story(self, connection: Connection, family_id: str, article_id: str) -> None:
        """In a family too large to re-link at each article: join the story whose members
        (a sample) are on average most similar, or start a story."""
        placed = store.membership(connection, article_id)
        if placed is not None and placed[1]:  # a user's placement stays
            self._label(connection, [placed[0]])
            return
        members = self._members_of(connection, 4 * self.settings.max_recluster, family_id=family_id)
        mine = next((i for i, m in enumerate(members) if m.article_id == article_id), None)
        if mine is None:  # not among the sample read: put it first
            members = [*signals.members_by_id(connection, [article_id]), *members]
            mine = 0
        matrix = self._similarities(members)[0]
        similarity = matrix[mine]
        by_story: dict[str, list[float]] = {}
        for i, member in enumerate(members):
            if i != mine and member.story_id:
                by_story.setdefault(member.story_id, []).append(float(similarity[i]))
        best = max(by_story.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), kv[0]), default=None)
        threshold = cluster.family_threshold(self.settings.link, len(members), matrix)
        if best is not None and sum(best[1]) / len(best[1]) >= threshold:
            story_id = best[0]
        else:
            story_id = content_id("story", family_id, article_id)
            store.ensure_story(connection, story_id, family_id)
        previous = members[mine].story_id
        store.set_member(connection, article_id, story_id)
        dropped = store.drop_empty_stories(connection, [previous] if previous else [])
        self._label(connection, [s for s in {story_id, previous} if s and s not in dropped])

    def _label(self, connection: Connection, story_ids: Sequence[str]) -> None:
        for story_id in story_ids:
            members = self._members_of(connection, LABEL_SAMPLE, story_id=story_id)
            if not members:
                continue
            store.save_label(connection, story_id, **label_of(members))
