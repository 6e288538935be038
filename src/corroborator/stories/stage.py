"""The stories stage: each new article joins the story of its event, or starts one.

``compute`` (in worker processes, batched) reads the article alone: its signal (lead,
terms, names) and the embedding of its lead.  ``commit`` (in the main process, inside
the batch's transaction) places it: an article whose copy is already in a story joins
that story; otherwise it is scored against the candidate families found through the
term postings and the nearest family centroids (never the whole corpus), joins the
best family or starts one, and the stories of that family are re-linked (see
``stories.cluster``) with stable ids and a user's placements kept.

Document frequencies and family centroids are read from the store once per run and
kept in step with every write, so scoring needs no query per term.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import numpy as np

from corroborator.config import Settings, StoriesSettings
from corroborator.models import Article, content_id
from corroborator.pipeline.stage import stages
from corroborator.store import Connection
from corroborator.store import stories as store
from corroborator.store import story_signals as signals
from corroborator.stories import cluster
from corroborator.stories.embed import embedder
from corroborator.stories.index import CentroidIndex
from corroborator.stories.linking import FamilyLinking
from corroborator.stories.scoring import (
    TermWeights,
    earliest,
    family_score,
    foreign,
    latest,
    outside_window,
)
from corroborator.stories.signals import (
    EPOCH,
    Placement,
    Signal,
    counted_terms,
    posted_names,
    publication_day,
    signal_of,
)

CENTROID_TERMS = 500  # a family centroid keeps its heaviest terms
POSTING_TERMS = 12
COMMON_FLOOR = 100  # a posting term in more articles than this and than COMMON_SHARE of all ...
COMMON_SHARE = 0.01  # ... is not used to find candidates
MEMBER_SAMPLE = 200  # members an article in another language than most of a family is compared with
FAMILY_CACHE = 2000  # families kept decoded in memory during a run
MEMBER_CACHE = 5000  # articles' signals kept decoded in memory during a run
SMALL_FAMILY = 3  # a family this small at the end of a run is placed again (see ``finish``)


@stages.register("stories")
class StoriesStage(FamilyLinking):
    name: str = "stories"
    version: str
    requires: tuple[str, ...] = ("dedupe",)
    assigns: tuple[str, ...] = ("stories", "story_members", "story_signals", "story_families")
    ordered = True  # an article joins the stories of those before it
    batched = True
    batch_size = 32

    def __init__(self, settings: Settings) -> None:
        self.settings: StoriesSettings = settings.stories
        s = self.settings
        self.version = (
            f"8:{s.embedder}:{s.join}:{s.merge}:{s.link}:{s.keep_together}:{s.cross_language}:{s.window_days}:"
            f"{s.story_days}:{s.day_penalty}:{s.max_day_penalty}:{s.max_recluster}:{s.candidates}"
        )
        self._df: dict[str, int] | None = None
        self._total = 0
        self._index: CentroidIndex | None = None
        self._norms: dict[str, dict[str, float]] = {}
        self._families: OrderedDict[str, signals.Family] = OrderedDict()
        self._members: OrderedDict[str, signals.Member] = OrderedDict()
        self._touched: set[str] = set()  # families made or grown in this run

    def __getstate__(self) -> dict[str, object]:
        """What a worker process gets: the settings. The caches stay in the main process,
        which changes them while the pool sends work out from another thread."""
        return {"settings": self.settings, "version": self.version}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._df = None
        self._total = 0
        self._index = None
        self._norms = {}
        self._families = OrderedDict()
        self._members = OrderedDict()
        self._touched = set()

    # ---- compute (worker processes) --------------------------------------------------

    def warm(self) -> None:
        """Load the embedder in this worker before its first article is timed."""
        embedder(self.settings.embedder)

    def compute(self, article: Article) -> Placement:
        return self.compute_many([article])[0]

    def compute_many(self, articles: Sequence[Article]) -> list[Placement]:
        now = datetime.now(UTC)
        days = [publication_day(article, now) for article in articles]
        computed = [
            signal_of(
                article.title, article.text, None if day is None else (EPOCH + timedelta(days=day)).date()
            )
            for article, (day, _why) in zip(articles, days, strict=True)
        ]
        vectors = embedder(self.settings.embedder).encode([s.lead or "-" for s in computed])
        placements = []
        for signal, vector, (day, why) in zip(computed, vectors, days, strict=True):
            placements.append(
                Placement(signal, vector.astype(np.float32).tobytes(), day, (why,) if why else ())
            )
        return placements

    # ---- commit (main process, in the batch's transaction) ---------------------------

    def _load(self, connection: Connection, dimensions: int) -> None:
        if self._df is None:
            self._df, self._total = signals.all_document_frequencies(connection)
        if self._index is None:
            self._index = CentroidIndex(dimensions)
            for family_id, vector, first, last in signals.iter_family_centroids(connection):
                if len(vector) != dimensions:
                    # Another embedder made these: every article is placed again from its
                    # own signal (this run re-places them all); users' placements stay.
                    signals.reset_clustering(connection)
                    self._df, self._total = {}, 0
                    self._index = CentroidIndex(dimensions)
                    break
                self._index.put(family_id, vector, first, last)

    def _get_families(self, connection: Connection, ids: Sequence[str]) -> dict[str, signals.Family]:
        """Families by id, through a bounded cache kept in step with every write."""
        missing = [i for i in set(ids) if i not in self._families]
        self._families.update(signals.get_families(connection, missing))
        found = {}
        for family_id in ids:
            if family_id in self._families:
                self._families.move_to_end(family_id)
                found[family_id] = self._families[family_id]
        while len(self._families) > FAMILY_CACHE:
            self._families.popitem(last=False)
        return found

    def _save_family(self, connection: Connection, family: signals.Family) -> None:
        signals.save_family(connection, family)
        self._families[family.id] = family
        self._norms.pop(family.id, None)

    def _delete_family(self, connection: Connection, family_id: str) -> None:
        signals.delete_family(connection, family_id)
        self._families.pop(family_id, None)
        self._norms.pop(family_id, None)
        assert self._index is not None
        self._index.drop(family_id)

    def _members_of(
        self, connection: Connection, limit: int, family_id: str | None = None, story_id: str | None = None
    ) -> list[signals.Member]:
        """A family's or story's members; their signals (which never change once written)
        come from a bounded cache, their current story and copy group from the store."""
        roster = signals.roster(connection, family_id=family_id, story_id=story_id, limit=limit)
        missing = [article_id for article_id, *_ in roster if article_id not in self._members]
        for start in range(0, len(missing), 500):
            for member in signals.members_by_id(connection, missing[start : start + 500]):
                self._members[member.article_id] = member
        found = []
        for article_id, story_id, pinned, copy_group in roster:
            member = self._members[article_id]
            self._members.move_to_end(article_id)
            found.append(dataclasses.replace(member, story_id=story_id, pinned=pinned, copy_group=copy_group))
        while len(self._members) > MEMBER_CACHE:
            self._members.popitem(last=False)
        return found

    def _idf(self, term: str) -> float:
        assert self._df is not None
        return cluster.idf(self._df.get(term, 0), self._total)

    def _count(self, connection: Connection, terms: set[str], step: int) -> None:
        assert self._df is not None
        signals.count_terms(connection, terms, step)
        for term in terms:
            self._df[term] = self._df.get(term, 0) + step
        self._total += step

    def commit(self, connection: Connection, article: Article, result: Placement) -> None:
        embedding = np.frombuffer(result.embedding, dtype=np.float32)
        self._load(connection, len(embedding))
        placed = self._forget(connection, article.id)
        pinned = placed is not None and placed[1]
        signal = result.signal
        if signal.empty:
            self._save(
                connection, article, result, embedding, None, "no words to compare: left out of stories", []
            )
            if placed is not None and not pinned:
                store.remove_member(connection, article.id)
                store.drop_empty_stories(connection, [placed[0]])
            return
        self._count(connection, counted_terms(signal.terms, signal.lead_terms, signal.bag), +1)
        postings = self._postings(signal)
        mate = None if pinned else store.copy_mate_story(connection, article.id)
        if mate is not None:
            other, story_id, family_id = mate
            self._save(connection, article, result, embedding, family_id, f"copy of {other}", postings)
            self._grow_family(connection, family_id, article, result, embedding)
            store.set_member(connection, article.id, story_id)
            dropped = store.drop_empty_stories(connection, [placed[0]] if placed else [])
            self._label(
                connection, [s for s in {story_id, *(placed[:1] if placed else ())} if s not in dropped]
            )
            return
        family_id, note, absorbed = self._choose_family(connection, article, result, embedding, postings)
        self._save(connection, article, result, embedding, family_id, note, postings)
        self._grow_family(connection, family_id, article, result, embedding, absorbed)
        self._relink(connection, family_id, article.id)

    def _postings(self, signal: Signal) -> list[str]:
        """The article's most telling terms and names: how other articles will find it."""
        scored = sorted(
            ((value * self._idf(term), term) for term, value in signal.terms.items()), reverse=True
        )
        return [t for _s, t in scored[:POSTING_TERMS]] + posted_names(signal.bag)

    def _save(
        self,
        connection: Connection,
        article: Article,
        result: Placement,
        embedding: np.ndarray,
        family_id: str | None,
        note: str | None,
        postings: list[str],
    ) -> None:
        notes = [n for n in (note, *result.warnings) if n]
        signal = result.signal
        signals.save_signal(
            connection,
            article.id,
            family_id=family_id,
            day=result.day,
            language=article.language,
            embedding=embedding,
            lead_terms=signal.lead_terms,
            terms=signal.terms,
            bag=signal.bag,
            dates=signal.dates,
            names=list(signal.names),
            note="; ".join(notes) or None,
            postings=postings,
        )

    # ---- families ------------------------------------------------------------------------

    def _score(
        self,
        connection: Connection,
        family: signals.Family,
        language: str | None,
        signal: Signal,
        embedding: np.ndarray,
    ) -> tuple[float, float]:
        """The article's score with the family, to join it and to merge it with another.
        They differ only for an article in a language the family rarely has: it joins by
        its nearest members, but merges two families only by the family's mean, a whole
        family moving on one article's word."""
        assert self._df is not None
        weights = TermWeights(self._df, self._total)
        norms = self._norms.setdefault(family.id, {})
        if len(self._norms) > 200_000:
            self._norms.clear()

        def members() -> list[signals.Member]:
            return self._members_of(connection, MEMBER_SAMPLE, family_id=family.id)

        join = family_score(
            family, language or "?", signal, embedding, weights, norms, self.settings, members
        )
        if not foreign(family, language or "?"):
            return join, join
        return join, family_score(family, language or "?", signal, embedding, weights, norms, self.settings)

    def _candidates(
        self,
        connection: Connection,
        postings: list[str],
        embedding: np.ndarray,
        day: float | None,
        exclude: str,
    ) -> list[signals.Family]:
        """The families worth scoring an article with: those sharing its telling terms and
        names, and those nearest in meaning, within their time window."""
        assert self._index is not None
        assert self._df is not None
        s = self.settings
        # Terms and names most articles carry find everything and tell nothing: not asked.
        common = max(COMMON_FLOOR, COMMON_SHARE * self._total)
        asked = [term for term in postings if self._df.get(term, 0) <= common]
        wanted = [
            f for f, _n in signals.families_sharing(connection, asked, limit=s.candidates, exclude=exclude)
        ]
        wanted += self._index.nearest(embedding, day, s.window_days, s.candidates)
        families = self._get_families(connection, wanted)
        return [f for f in families.values() if not outside_window(day, f, s.window_days)]

    def _choose_family(
        self,
        connection: Connection,
        article: Article,
        result: Placement,
        embedding: np.ndarray,
        postings: list[str],
    ) -> tuple[str, str | None, list[str]]:
        s = self.settings
        scored = [
            (*self._score(connection, family, article.language, result.signal, embedding), family.id)
            for family in self._candidates(connection, postings, embedding, result.day, article.id)
        ]
        scored.sort(key=lambda row: (-row[0], row[2]))
        if not scored or scored[0][0] < s.join:
            return content_id("family", article.id), None, []
        best = scored[0][2]
        absorbed = [family_id for _join, merge, family_id in scored[1:] if merge >= s.merge]
        return best, None, absorbed

    def finish(self, connection: Connection) -> None:
        """At the end of a run, each small family the run made or grew is scored again, as
        its articles would be now, with the families grown since; the best one its articles
        join on average (at ``stories.join``), if larger, takes them.  An article that came
        before its event's family had formed started a family of its own: the order
        articles arrive in then decides less."""
        if self._index is None:
            return
        for family_id in sorted(self._touched):
            small = self._get_families(connection, [family_id]).get(family_id)
            if small is None or small.size > SMALL_FAMILY:
                continue
            members = self._members_of(connection, SMALL_FAMILY + 1, family_id=family_id)
            if not members or any(m.pinned for m in members):
                continue
            scores: dict[str, float] = {}
            for member in members:
                signal = Signal(lead="", lead_terms=member.lead_terms, terms=member.terms, bag=member.bag)
                postings = self._postings(signal)
                for other in self._candidates(
                    connection, postings, member.embedding, member.day, member.article_id
                ):
                    if other.id != family_id and other.size > small.size:
                        join = self._score(connection, other, member.language, signal, member.embedding)[0]
                        scores[other.id] = scores.get(other.id, 0.0) + join / len(members)
            best = max(sorted(scores), key=lambda f: scores[f], default=None)
            if best is None or scores[best] < self.settings.join:
                continue
            target = self._get_families(connection, [best])[best]
            self._absorb(connection, target, [family_id])
            if target.size > self.settings.max_recluster:
                for member in members:
                    self._nearest_story(connection, target.id, member.article_id)
            else:
                self._relink(connection, target.id, members[0].article_id)
        self._touched.clear()

    def _grow_family(
        self,
        connection: Connection,
        family_id: str,
        article: Article,
        result: Placement,
        embedding: np.ndarray,
        absorbed: Sequence[str] = (),
    ) -> None:
        family = self._get_families(connection, [family_id])
        mine = family.get(family_id) or signals.Family(
            family_id, 0, np.zeros_like(embedding), {}, {}, {}, None, None
        )
        self._add(mine, result, embedding, article.language, +1)
        self._absorb(connection, mine, absorbed)

    def _absorb(self, connection: Connection, mine: signals.Family, others: Sequence[str]) -> None:
        """Families ``others`` become part of ``mine`` (their articles and stories move)."""
        assert self._index is not None
        family = self._get_families(connection, others)
        for other_id in others:
            other = family[other_id]
            mine.size += other.size
            mine.embedding_sum = mine.embedding_sum + other.embedding_sum
            cluster.add_into(mine.lead_sum, other.lead_sum, limit=CENTROID_TERMS)
            cluster.add_into(mine.terms_sum, other.terms_sum, limit=CENTROID_TERMS)
            for language, n in other.languages.items():
                mine.languages[language] = mine.languages.get(language, 0) + n
            mine.first_day = earliest(mine.first_day, other.first_day)
            mine.last_day = latest(mine.last_day, other.last_day)
            signals.move_family(connection, other_id, mine.id)
            self._delete_family(connection, other_id)
        self._save_family(connection, mine)
        self._touched.add(mine.id)
        self._index.put(mine.id, mine.embedding_sum / max(mine.size, 1), mine.first_day, mine.last_day)

    @staticmethod
    def _add(
        family: signals.Family, result: Placement, embedding: np.ndarray, language: str | None, step: int
    ) -> None:
        family.size += step
        family.embedding_sum = family.embedding_sum + step * embedding
        cluster.add_into(family.lead_sum, cluster.unit(result.signal.lead_terms), step, CENTROID_TERMS)
        cluster.add_into(family.terms_sum, cluster.unit(result.signal.terms), step, CENTROID_TERMS)
        key = language or "?"
        family.languages[key] = family.languages.get(key, 0) + step
        if family.languages[key] <= 0:
            del family.languages[key]
        if step > 0 and result.day is not None:
            family.first_day = earliest(family.first_day, result.day)
            family.last_day = latest(family.last_day, result.day)

    def _forget(self, connection: Connection, article_id: str) -> tuple[str, bool] | None:
        """Undo an earlier placement of the article (a re-run after a version change) but
        its membership, so that re-linking can keep its story's id; returns that membership."""
        assert self._index is not None
        old = signals.signal_row(connection, article_id)
        if old is None:
            return store.membership(connection, article_id)
        if old["terms"] or old["lead_terms"] or old["bag"]:
            self._count(connection, counted_terms(old["terms"], old["lead_terms"], old["bag"]), -1)
        family_id = old["family_id"]
        if family_id is not None:
            families = self._get_families(connection, [family_id])
            if family_id in families:
                family = families[family_id]
                signal = Signal(lead="", lead_terms=old["lead_terms"], terms=old["terms"], bag={})
                embedding = np.frombuffer(old["embedding"], dtype=np.float32)
                self._add(family, Placement(signal, b"", None), embedding, old["language"], -1)
                if family.size <= 0:
                    self._delete_family(connection, family_id)
                else:
                    self._save_family(connection, family)
                    self._index.put(
                        family_id, family.embedding_sum / family.size, family.first_day, family.last_day
                    )
        signals.delete_signal(connection, article_id)
        self._members.pop(article_id, None)
        return store.membership(connection, article_id)
