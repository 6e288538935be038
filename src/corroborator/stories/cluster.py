"""The arithmetic of story clustering: scores, centred similarities, average linkage.

Two levels, because one threshold cannot serve both failures users meet:

* a **family** gathers articles about one kind of event (strikes on Kyiv, prisoner
  exchanges).  A new article is scored against the candidate families' centroids
  (meaning of the lead, TF-IDF of the lead and of the whole text) and joins the best
  one at or above ``join``; when it scores at or above ``merge`` with several, they
  merge.  Families only grow, so this is incremental;
* inside a family, **stories** come from average linkage over similarities measured on
  *family-centred* vectors: what the articles of the family share (the kind of event)
  is subtracted, so what is left (names, places, numbers, dates) tells the events apart.
  Articles published more than ``story_days`` apart lose similarity for each day beyond,
  up to ``max_day_penalty``: enough to part two events of one kind, too little to tear a
  long event from its follow-ups.  Two stories whose articles agree on an event day
  (``stories.dates``) and name different days are never linked (``DayRule``).

Everything here works on small arrays: one family at a time.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

Vector = Mapping[str, float]


def idf(df: int, total: int) -> float:
    """Smoothed inverse document frequency (a term never seen weighs the most)."""
    return math.log((total + 1) / (df + 1)) + 1.0


def weighted(vector: Vector, weight: Callable[[str], float]) -> dict[str, float]:
    return {term: value * weight(term) for term, value in vector.items()}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(value * b.get(term, 0.0) for term, value in a.items())
    if dot == 0.0:
        return 0.0
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def unit(vector: Vector) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {term: v / norm for term, v in vector.items()} if norm else dict(vector)


def add_into(total: dict[str, float], vector: Vector, step: float = 1.0, limit: int | None = None) -> None:
    """``total += step * vector``, dropping terms that fall to zero; keep the ``limit`` largest."""
    for term, value in vector.items():
        new = total.get(term, 0.0) + step * value
        if abs(new) < 1e-9:
            total.pop(term, None)
        else:
            total[term] = round(new, 5)
    if limit is not None and len(total) > limit:
        for term, _v in sorted(total.items(), key=lambda kv: kv[1])[: len(total) - limit]:
            del total[term]


def sparse_matrix(vectors: Sequence[Vector], weight: Callable[[str], float]) -> np.ndarray:
    """Rows of L2-normalised weighted vectors over the vectors' joint vocabulary."""
    vocabulary: dict[str, int] = {}
    for vector in vectors:
        for term in vector:
            vocabulary.setdefault(term, len(vocabulary))
    matrix = np.zeros((len(vectors), max(len(vocabulary), 1)), dtype=np.float32)
    for row, vector in enumerate(vectors):
        for term, value in vector.items():
            matrix[row, vocabulary[term]] = value * weight(term)
    return rows_normalised(matrix)


def rows_normalised(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def centred(matrix: np.ndarray) -> np.ndarray:
    """Rows minus their mean, normalised again: what sets each row apart from the rest."""
    if len(matrix) < 2:
        return matrix
    return rows_normalised(matrix - matrix.mean(axis=0, keepdims=True))


def similarities(
    embeddings: np.ndarray,
    terms: Sequence[Vector],
    bags: Sequence[Vector],
    languages: Sequence[str | None],
    days: Sequence[float | None],
    idf: Callable[[str], float],
    penalty: Callable[[Sequence[float | None]], np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """Pairwise similarities of a family's units: ``(family-centred, raw)``.

    Each is 0.4 x lead-embedding + 0.4 x TF-IDF + 0.2 x bag cosine (embedding and bag only,
    rescaled, between two languages), less the day penalty.  The bag is weighed by ``idf``
    too: a name every report of the war carries ("Russia", "Putin") says little about
    which event a report tells, a rarer one says much.  The normalised matrices are built
    once and serve both.
    """
    bases = (
        rows_normalised(np.asarray(embeddings, dtype=np.float32)),
        sparse_matrix(terms, idf),
        sparse_matrix(bags, idf),
    )
    names = np.array([language or "?" for language in languages])
    same_language = names[:, None] == names[None, :]
    lost = penalty(days)

    def combine(meaning: np.ndarray, words: np.ndarray, bag: np.ndarray) -> np.ndarray:
        sense, shared = meaning @ meaning.T, bag @ bag.T
        mixed = 0.4 * sense + 0.4 * (words @ words.T) + 0.2 * shared
        across = (0.4 * sense + 0.2 * shared) / 0.6
        return np.asarray(np.where(same_language, mixed, across) - lost, dtype=np.float64)

    return combine(*(centred(base) for base in bases)), combine(*bases)


def family_threshold(link: float, size: int, similarity: np.ndarray | None = None) -> float:
    """The linkage threshold for a family of ``size`` articles.

    Centred unit vectors of ``n`` rows sum to about zero, so their pairs average about
    ``-1/(n-1)`` whatever the articles say: a family of five that tells one event
    would look like five events.  ``link`` is measured from that baseline, or from the
    family's own mean pairwise ``similarity`` when that is lower: the day penalty and
    articles in other languages (compared by meaning and names alone) pull it down, and a
    threshold that ignored them would part a long event's early and late articles.
    """
    if size < 2:
        return link
    baseline = -1.0 / (size - 1)
    if similarity is not None and len(similarity) == size:
        baseline = min(baseline, float(similarity[~np.eye(size, dtype=bool)].mean()))
    return link + baseline


def day_penalty(days: Sequence[float | None], story_days: float, per_day: float, cap: float) -> np.ndarray:
    """How much similarity a pair loses for being published far apart (0 when a day is unknown)."""
    values = np.array([np.nan if d is None else d for d in days], dtype=np.float64)
    gap = np.abs(values[:, None] - values[None, :])
    excess = np.clip(np.nan_to_num(gap, nan=0.0) - story_days, 0.0, None)
    return np.minimum(excess * per_day, cap)


@dataclass(frozen=True)
class DayRule:
    """When two stories tell events of different days.

    A story is *of a day* when at least ``quorum`` of its articles have an event day and at
    least ``share`` of those name that one day.  Two stories stay apart when one is of a
    day that fewer than ``overlap`` of the other's dated articles name.  A story whose
    articles name many days (a long event followed day by day) is of no day: only its
    words decide, and it keeps the follow-ups of its event; a story of one day keeps out
    both another day's story and the long story that barely names its day."""

    share: float = 0.75
    quorum: int = 3
    overlap: float = 0.25

    def day_of(self, days: Counter[int]) -> int | None:
        dated = sum(days.values())
        if dated < self.quorum:
            return None
        day, count = max(days.items(), key=lambda item: (item[1], -item[0]))
        return day if count >= self.share * dated else None

    def apart(self, a: Counter[int], b: Counter[int]) -> bool:
        return self._keeps_out(a, b) or self._keeps_out(b, a)

    def _keeps_out(self, mine: Counter[int], theirs: Counter[int]) -> bool:
        day, dated = self.day_of(mine), sum(theirs.values())
        return day is not None and dated > 0 and theirs[day] < self.overlap * dated


def _day_counts(days: Sequence[int | None] | None, n: int) -> list[Counter[int]]:
    if days is None:
        return [Counter() for _ in range(n)]
    return [Counter([day]) if day is not None else Counter() for day in days]


def average_link(
    similarity: np.ndarray,
    threshold: float,
    must: Sequence[str | None] | None = None,
    days: Sequence[int | None] | None = None,
    rule: DayRule = DayRule(),
) -> list[int]:
    """Average-linkage clusters: merge the most similar pair while it is at or above
    ``threshold``.  ``must[i]``, when set, is a story a user put article ``i`` in:
    articles with the same one start together, and two clusters holding different
    ones never merge.  ``days[i]`` is row ``i``'s event day (or None): clusters the
    ``rule`` finds of different days never merge.  Returns a cluster number per row."""
    n = len(similarity)
    if n == 0:
        return []
    sim = similarity.astype(np.float64, copy=True)
    np.fill_diagonal(sim, -np.inf)
    sizes = np.ones(n)
    alive = np.ones(n, dtype=bool)
    label = list(range(n))
    pins: list[str | None] = list(must) if must is not None else [None] * n
    counts = _day_counts(days, n)
    apart = np.zeros((n, n), dtype=bool)

    def refresh(a: int) -> None:
        for other in range(n):
            if alive[other] and other != a:
                apart[a, other] = apart[other, a] = rule.apart(counts[a], counts[other])

    def merge(a: int, b: int) -> None:
        total = sizes[a] + sizes[b]
        row = (sim[a] * sizes[a] + sim[b] * sizes[b]) / total
        sim[a, :] = row
        sim[:, a] = row
        sim[a, a] = -np.inf
        sim[b, :] = -np.inf
        sim[:, b] = -np.inf
        sizes[a] = total
        alive[b] = False
        pins[a] = pins[a] or pins[b]
        counts[a] = counts[a] + counts[b]
        for i in range(n):
            if label[i] == b:
                label[i] = a
        refresh(a)

    # A user's placements first.
    first: dict[str, int] = {}
    for i, pin in enumerate(pins[:]):
        if pin is None:
            continue
        if pin in first:
            merge(first[pin], i)
        else:
            first[pin] = i
    pinned_rows = [i for i in range(n) if alive[i] and pins[i] is not None]
    for a in pinned_rows:
        for b in pinned_rows:
            if a != b and pins[a] != pins[b]:
                sim[a, b] = -np.inf
    for a in range(n):
        if alive[a] and counts[a]:
            refresh(a)
    while True:
        flat = int(np.argmax(np.where(apart, -np.inf, sim)))
        a, b = divmod(flat, n)
        if not np.isfinite(sim[a, b]) or apart[a, b] or sim[a, b] < threshold:
            break
        if b < a:
            a, b = b, a
        merge(a, b)
        if pins[a] is not None:
            for other in range(n):
                if alive[other] and other != a and pins[other] is not None and pins[other] != pins[a]:
                    sim[a, other] = sim[other, a] = -np.inf
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root, len(numbers)) for root in label]


def place_loners(
    labels: Sequence[int], similarity: np.ndarray, threshold: float, must: Sequence[str | None]
) -> list[int]:
    """Move each row that has no near neighbour (no other row above zero: it shares nothing
    of its own with any one article) to the cluster it is on average most similar to, when
    that beats its own cluster (itself left out) and reaches ``threshold``.

    Average linkage places such a row with whatever its nearest row joins: two articles
    that are each weakly like everything pair up, and carry each other into a story that
    suits only one of them.  Rows a user placed stay."""
    labels = list(labels)
    n = len(labels)
    if n < 3:
        return labels
    sim = np.asarray(similarity, dtype=np.float64).copy()
    np.fill_diagonal(sim, -np.inf)
    loners = [row for row in range(n) if must[row] is None and float(sim[row].max()) < 0.0]
    for row in loners:
        members: dict[int, list[int]] = {}
        for other, label in enumerate(labels):
            if other != row:
                members.setdefault(label, []).append(other)
        scores = {label: float(sim[row, rows].mean()) for label, rows in members.items()}
        own = scores.get(labels[row], -math.inf)
        best = max(sorted(scores), key=lambda label: scores[label])
        if scores[best] > own and scores[best] >= threshold:
            labels[row] = best
    return labels


def rejoin(
    labels: Sequence[int],
    similarity: np.ndarray,
    threshold: float,
    must: Sequence[str | None],
    days: Sequence[int | None] | None = None,
    rule: DayRule = DayRule(),
) -> list[int]:
    """Merge clusters whose average pairwise ``similarity`` is at or above ``threshold``
    (most similar first), never two that hold different user placements or that the
    ``rule`` finds of different days."""
    labels = list(labels)
    counts = _day_counts(days, len(labels))
    while True:
        groups: dict[int, list[int]] = {}
        for row, label in enumerate(labels):
            groups.setdefault(label, []).append(row)
        best: tuple[float, int, int] | None = None
        keys = sorted(groups)
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                pins = {must[r] for r in groups[a] + groups[b] if must[r] is not None}
                if len(pins) > 1:
                    continue
                if rule.apart(
                    sum((counts[r] for r in groups[a]), Counter()),
                    sum((counts[r] for r in groups[b]), Counter()),
                ):
                    continue
                score = float(similarity[np.ix_(groups[a], groups[b])].mean())
                if score >= threshold and (best is None or score > best[0]):
                    best = (score, a, b)
        if best is None:
            return labels
        _score, keep, drop = best
        labels = [keep if label == drop else label for label in labels]


def stable_ids(
    clusters: Sequence[int],
    previous: Sequence[str | None],
    pinned_story: Sequence[str | None],
    new_id: Callable[[list[int]], str],
) -> list[str]:
    """A story id for every row: a cluster keeps the id of the story it overlaps most
    (a user's story always keeps its id), the others get ``new_id(rows)``."""
    rows_of: dict[int, list[int]] = {}
    for row, cluster in enumerate(clusters):
        rows_of.setdefault(cluster, []).append(row)
    chosen: dict[int, str] = {}
    taken: set[str] = set()
    for cluster, rows in rows_of.items():
        pins = {pinned_story[r] for r in rows if pinned_story[r] is not None}
        if pins:
            pin = min(p for p in pins if p is not None)
            chosen[cluster] = pin
            taken.add(pin)
    overlaps: list[tuple[int, str, int]] = []
    for cluster, rows in rows_of.items():
        counts: dict[str, int] = {}
        for r in rows:
            story = previous[r]
            if story is not None:
                counts[story] = counts.get(story, 0) + 1
        overlaps.extend((n, story, cluster) for story, n in counts.items())
    for _n, story, cluster in sorted(overlaps, key=lambda o: (-o[0], o[1], o[2])):
        if cluster not in chosen and story not in taken:
            chosen[cluster] = story
            taken.add(story)
    ids = {c: chosen.get(c) or new_id(rows) for c, rows in rows_of.items()}
    return [ids[c] for c in clusters]
