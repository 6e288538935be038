"""Claim grouping within a story: the claims that state one proposition, across articles.

Near-linear in the story's size: identical sentences (copies) fold into one node first;
candidate pairs come from blocks (the nearest neighbours in embedding space, exact for a
small story and looked up among the nodes sharing a random-hyperplane bucket for a large
one; the same counted thing and value), never from all pairs of a large story.  A candidate pair links when its
meaning is close enough, helped by shared entities and a matching quantity and held back
by numbers that disagree; linked nodes form groups (single link, so a group is the
connected part of the graph of links).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from corroborator.align.actions import separate_counts
from corroborator.align.propositions import opposed, why_unaligned
from corroborator.align.responsibility import blamed, claimant_actor, read_stance
from corroborator.align.units import Quantity, Unit, content_words, fold_text, negative, points_back
from corroborator.align.vectors import ClaimVectors

EXACT_LIMIT = 1500  # nodes up to which nearest neighbours are found exactly
NEIGHBOURS = 12
LSH_TABLES = 8
LSH_BITS = 10
BUCKET_CAP = 48  # a bucket larger than this is cut into runs of this many
LINK = 0.35  # pair score at which two claims are taken as one proposition ...
AVERAGE = 0.3  # ... when the scored pairs between their groups average at least this
CLAIM_WEIGHT = 0.4  # the claim's own words against its sentence's
MEANING_WEIGHT = 0.5  # embedding similarity against shared content words
ENTITY_BONUS = 0.0  # measured on the demo gold, any bonus for shared entities cost precision
QUANTITY_BONUS = 0.12
QUANTITY_PENALTY = 0.25  # per unit of disagreement (a half for counts of different things)
SHORT_CLAIM_WEIGHT = 0.25
QUANTITY_CAP = 40

Encode = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Grouping:
    groups: list[list[int]]  # unit indices per group, in unit order
    unaligned: dict[int, str]  # unit index -> why it is in no group
    scores: dict[tuple[int, int], float]  # node-pair scores looked at (for relations)
    node_of: list[int]  # unit index -> node index (-1 when unaligned)
    features: Features | None  # None when no claim could be aligned


class _Union:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def quantities_agree(a: Quantity, b: Quantity) -> bool | None:
    """True when two quantities can state the same count, False when they cannot, None
    when they count different things or the same thing under unbound actions ("12 killed",
    "15 injured"): nothing to say."""
    if not a.thing_key or a.thing_key != b.thing_key or separate_counts(a.kind, b.kind):
        return None
    low_a, high_a = a.interval()
    low_b, high_b = b.interval()
    return low_a <= high_b and low_b <= high_a


def same_count(a: Quantity, b: Quantity) -> bool:
    """One exact figure of one thing (and, when both say, one action)."""
    return (
        a.bound == b.bound == "exact"
        and a.value == b.value
        and bool(a.thing_key)
        and a.thing_key == b.thing_key
    )


def quantity_match(units_a: Sequence[Quantity], units_b: Sequence[Quantity]) -> float:
    """2 when both give one exact figure of one thing, 1 when some pair of quantities can
    be one count, -1 when they count one thing and none agree, -0.5 when both count but
    nothing in common, 0 when there is nothing to compare."""
    if not units_a or not units_b:
        return 0.0
    if any(same_count(a, b) for a in units_a for b in units_b):
        return 2.0
    verdicts = [quantities_agree(a, b) for a in units_a for b in units_b]
    if any(v is True for v in verdicts):
        return 1.0
    if any(v is False for v in verdicts):
        return -1.0
    return -0.5


def _exact_neighbours(vectors: np.ndarray, k: int) -> Iterable[tuple[int, int]]:
    n = len(vectors)
    for start in range(0, n, 512):
        block = vectors[start : start + 512] @ vectors.T
        for offset, row in enumerate(block):
            i = start + offset
            row[i] = -2.0
            take = min(k, n - 1)
            if take <= 0:
                continue
            for j in np.argpartition(-row, take - 1)[:take]:
                yield (min(i, int(j)), max(i, int(j)))


def _bucket_pairs(members: Sequence[int]) -> Iterable[tuple[int, int]]:
    for start in range(0, len(members), BUCKET_CAP):
        run = members[start : start + BUCKET_CAP]
        for x, a in enumerate(run):
            for b in run[x + 1 :]:
                yield (min(a, b), max(a, b))


def _lsh_runs(vectors: np.ndarray) -> Iterable[list[int]]:
    """Runs of at most BUCKET_CAP nodes that share a random-hyperplane bucket, per table."""
    rng = np.random.default_rng(20251201)
    for _ in range(LSH_TABLES):
        planes = rng.standard_normal((vectors.shape[1], LSH_BITS)).astype(np.float32)
        bits = (vectors @ planes) > 0
        keys = bits.astype(np.int64) @ (1 << np.arange(LSH_BITS, dtype=np.int64))
        buckets: dict[int, list[int]] = defaultdict(list)
        for node, key in enumerate(keys.tolist()):
            buckets[key].append(node)
        for members in buckets.values():
            for start in range(0, len(members), BUCKET_CAP):
                yield members[start : start + BUCKET_CAP]


def _indexed_neighbours(vectors: np.ndarray, k: int) -> Iterable[tuple[int, int]]:
    """Each node's k nearest among the nodes it shares a bucket run with (``_lsh_runs``): the
    buckets are an index to look neighbours up in, not pairs to score (all pairs of every
    run give about 95 pairs per node on real claims, the nearest k about as many as a small
    story's exact neighbours)."""
    near: list[set[int]] = [set() for _ in range(len(vectors))]
    for run in _lsh_runs(vectors):
        for node in run:
            near[node].update(run)
    for node, found in enumerate(near):
        found.discard(node)
        if not found:
            continue
        others = np.fromiter(sorted(found), dtype=np.int64, count=len(found))
        cosines = vectors[others] @ vectors[node]
        take = min(k, len(others))
        for j in others[np.argpartition(-cosines, take - 1)[:take]]:
            yield (min(node, int(j)), max(node, int(j)))


def _quantity_blocks(nodes: Sequence[Unit]) -> Iterable[tuple[int, int]]:
    buckets: dict[str, list[int]] = defaultdict(list)
    for node, unit in enumerate(nodes):
        for key in {f"{q.thing_key}:{q.value}" for q in unit.quantities if q.thing_key}:
            buckets[key].append(node)
    for members in buckets.values():
        yield from _bucket_pairs(members)


def candidate_pairs(nodes: Sequence[Unit], vectors: np.ndarray) -> set[tuple[int, int]]:
    """Pairs of nodes worth scoring: near in meaning, or counting the same thing."""
    pairs: set[tuple[int, int]] = set()
    if len(nodes) <= EXACT_LIMIT:
        pairs.update(_exact_neighbours(vectors, NEIGHBOURS))
    else:
        pairs.update(_indexed_neighbours(vectors, NEIGHBOURS))
    pairs.update(_quantity_blocks(nodes))
    return {(a, b) for a, b in pairs if a != b}


class Features:
    """What pairs are scored on: a meaning vector mixing the claim with its sentence, and
    idf-weighted content words (the claim's own count in full, its sentence's at half)."""

    def __init__(self, nodes: Sequence[Unit], encode: Encode, known: ClaimVectors | None = None) -> None:
        if known is None:
            self.vectors = meaning_vectors(nodes, encode)
        else:
            self.vectors = known.lookup(nodes, lambda missing: meaning_vectors(missing, encode))
        bags: list[dict[str, float]] = []
        for unit in nodes:
            bag: dict[str, float] = defaultdict(float)
            weight = _claim_weight(unit)
            for word in content_words(unit.context):
                bag[word] += 1 - weight
            for word in content_words(unit.text):
                bag[word] += weight
            bags.append(bag)
        df: dict[str, int] = defaultdict(int)
        for bag in bags:
            for word in bag:
                df[word] += 1
        total = len(bags)
        self.bags: list[dict[str, float]] = []
        for bag in bags:
            weighted = {w: (1 + math.log(1 + n)) * math.log(1 + total / df[w]) for w, n in bag.items()}
            norm = math.sqrt(sum(x * x for x in weighted.values())) or 1.0
            self.bags.append({w: x / norm for w, x in weighted.items()})

    def similarity(self, a: int, b: int) -> float:
        small, large = sorted((self.bags[a], self.bags[b]), key=len)
        lexical = sum(x * large.get(w, 0.0) for w, x in small.items())
        return MEANING_WEIGHT * float(self.vectors[a] @ self.vectors[b]) + (1 - MEANING_WEIGHT) * lexical


def meaning_vectors(units: Sequence[Unit], encode: Encode) -> np.ndarray:
    """Each claim's meaning: its own words and its sentence's, mixed and L2-normalised
    (float32). One claim's vector depends on that claim alone, so it can be kept."""
    claims = encode([u.text for u in units])
    contexts = encode([u.context or u.text for u in units])
    weights = np.array([_claim_weight(u) for u in units], dtype=np.float32)[:, None]
    mixed = weights * claims + (1 - weights) * contexts
    norms = np.linalg.norm(mixed, axis=1, keepdims=True)
    return (mixed / np.where(norms == 0, 1, norms)).astype(np.float32)


def _claim_weight(unit: Unit) -> float:
    return SHORT_CLAIM_WEIGHT if unit.short else CLAIM_WEIGHT


def pair_score(a: Unit, b: Unit, similarity: float) -> float:
    """How sure we are that two claims state one proposition."""
    score = similarity
    if set(a.entity_ids) & set(b.entity_ids):
        score += ENTITY_BONUS
    match = quantity_match(a.quantities, b.quantities)
    score += QUANTITY_BONUS * match if match > 0 else QUANTITY_PENALTY * match
    return score


class _Clusters:
    """Average-link merging over the scored pairs, with counts that cannot be one count
    (the same thing, values no bound reconciles) kept apart, and so are claims that blame
    different doers (``align.responsibility``) and two claims of one
    sentence by different claimants ("X was his first visit since Y said Z") or that each stand
    on their own words ("put the toll at 12, adding that rescuers were still searching")."""

    def __init__(
        self, nodes: Sequence[Unit], vectors: np.ndarray, sides: Sequence[str | None] | None = None
    ) -> None:
        self.union = _Union(len(nodes))
        self.sums = vectors.astype(np.float64).copy()
        self.sizes = [1] * len(nodes)
        self.edges: list[dict[int, list[float]]] = [defaultdict(lambda: [0.0, 0.0]) for _ in nodes]
        self.counts: list[list[Quantity]] = [list(u.quantities)[:QUANTITY_CAP] for u in nodes]
        # A claim that says something is not so is never one proposition with one that says it is.
        self.negative = [opposed(u) for u in nodes]
        self.blamed = [blamed(u) for u in nodes]
        # A party that clears itself and an outsider who clears it state two propositions:
        # the accused's word, and another's finding (see ``_clearing``).
        self.clearing = [_clearing(u, sides[i] if sides is not None else None) for i, u in enumerate(nodes)]
        # sentence -> its claimants, and the claims of it that stand on their own words
        self.sentences: list[dict[str, set[str]]] = [
            {fold_text(u.context): {fold_text(u.claimant)}} if u.context else {} for u in nodes
        ]
        self.stated: list[dict[str, set[str]]] = [
            {fold_text(u.context): {u.key}} if u.context and _claim_weight(u) == CLAIM_WEIGHT else {}
            for u in nodes
        ]

    def add(self, a: int, b: int, score: float) -> None:
        for x, y in ((a, b), (b, a)):
            edge = self.edges[x][y]
            edge[0] += score
            edge[1] += 1

    def _compatible(self, a: int, b: int) -> bool:
        if self.negative[a] != self.negative[b]:
            return False
        if self.blamed[a] and self.blamed[b] and self.blamed[a].isdisjoint(self.blamed[b]):
            return False
        (own_a, others_a), (own_b, others_b) = self.clearing[a], self.clearing[b]
        if (own_a and others_b - own_a) or (own_b and others_a - own_b):
            return False
        shared = self.sentences[a].keys() & self.sentences[b].keys()
        if any(self.sentences[a][key] ^ self.sentences[b][key] for key in shared):
            return False
        stated = self.stated[a].keys() & self.stated[b].keys()
        if any(self.stated[a][key] ^ self.stated[b][key] for key in stated):
            return False
        return not any(quantities_agree(x, y) is False for x in self.counts[a] for y in self.counts[b])

    def try_merge(self, a: int, b: int, average: float) -> bool:
        ra, rb = self.union.find(a), self.union.find(b)
        if ra == rb:
            return False
        total, count = self.edges[ra].get(rb, [0.0, 0.0])
        pairs = self.sizes[ra] * self.sizes[rb]
        # Pairs never scored (not among each other's neighbours) count at their meaning
        # part alone, from the groups' summed vectors: the mean over all pairs, not
        # over the few best ones.
        mean_cosine = float(self.sums[ra] @ self.sums[rb]) / pairs
        estimate = (total + MEANING_WEIGHT * mean_cosine * (pairs - count)) / pairs
        if not count or estimate < average or not self._compatible(ra, rb):
            return False
        keep, gone = (ra, rb) if len(self.edges[ra]) >= len(self.edges[rb]) else (rb, ra)
        self.union.parent[gone] = keep
        for other, (s, n) in self.edges[gone].items():
            if other == keep:
                continue
            self.edges[keep][other][0] += s
            self.edges[keep][other][1] += n
            back = self.edges[other].pop(gone)
            self.edges[other][keep][0] += back[0]
            self.edges[other][keep][1] += back[1]
        self.edges[keep].pop(gone, None)
        self.edges[gone] = defaultdict(lambda: [0.0, 0.0])
        self.counts[keep] = (self.counts[keep] + self.counts[gone])[:QUANTITY_CAP]
        self.blamed[keep] |= self.blamed[gone]
        self.clearing[keep] = (
            self.clearing[keep][0] | self.clearing[gone][0],
            self.clearing[keep][1] | self.clearing[gone][1],
        )
        self.sums[keep] += self.sums[gone]
        for mine, theirs in (
            (self.sentences[keep], self.sentences[gone]),
            (self.stated[keep], self.stated[gone]),
        ):
            for key, values in theirs.items():
                mine.setdefault(key, set()).update(values)
        self.sizes[keep] += self.sizes[gone]
        return True


def _clearing(unit: Unit, side: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """``({actor}, {})`` for a claim by which its claimant's side clears itself ("Kyiv denied
    any role"), ``({}, {actor})`` for one by which a known outsider clears someone or rejects
    an account ("Washington said Kyiv had no involvement"), else two empty sets."""
    stance = read_stance(unit, side)
    if not (stance.cleared or stance.dismissed):
        return frozenset(), frozenset()
    actor = claimant_actor(unit, side)
    if actor is None:
        return frozenset(), frozenset()
    if actor in stance.cleared:
        return frozenset({actor}), frozenset()
    return frozenset(), frozenset({actor})


def _grounds(nodes: Sequence[Unit]) -> Iterable[tuple[int, int]]:
    """(denial, grounds): a denial that only points back ("rejected that claim") and what its
    denier says in the same sentence to back it ("saying its units still held positions")
    are one position, though one is a denial and the other is not."""
    pointers: dict[tuple[str, str, str], int] = {}
    for node, unit in enumerate(nodes):
        if negative(unit) and unit.context and points_back(unit.text):
            pointers[(unit.article_id, fold_text(unit.context), fold_text(unit.claimant))] = node
    if not pointers:
        return
    for node, unit in enumerate(nodes):
        key = (unit.article_id, fold_text(unit.context), fold_text(unit.claimant))
        if key in pointers and not negative(unit) and not unit.short:
            yield pointers[key], node


def group_units(
    units: Sequence[Unit],
    encode: Encode,
    link: float = LINK,
    average: float = AVERAGE,
    sides: Sequence[str | None] | None = None,
    known: ClaimVectors | None = None,
) -> Grouping:
    """Group the story's claims; each claim is in one group or unaligned with a reason.
    ``sides`` are the claims' parties, when known; ``known`` the claims' vectors kept from
    earlier alignments (the ones it lacks are encoded and added to it)."""
    unaligned: dict[int, str] = {}
    node_index: dict[str, int] = {}
    node_units: list[Unit] = []
    node_of = [-1] * len(units)
    node_sides: list[str | None] = []
    for index, unit in enumerate(units):
        why = why_unaligned(unit)
        if why is not None:
            unaligned[index] = why
            continue
        key = unit.key
        if key not in node_index:
            node_index[key] = len(node_units)
            node_units.append(unit)
            node_sides.append(sides[index] if sides is not None else None)
        node_of[index] = node_index[key]
    features = Features(node_units, encode, known) if node_units else None
    vectors = features.vectors if features else np.zeros((0, 1), dtype=np.float32)
    clusters = _Clusters(node_units, vectors, node_sides)
    scores: dict[tuple[int, int], float] = {}
    for a, b in candidate_pairs(node_units, vectors):
        assert features is not None
        score = pair_score(node_units[a], node_units[b], features.similarity(a, b))
        scores[(a, b)] = score
        clusters.add(a, b, score)
    for (a, b), score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        if score < link:
            break
        clusters.try_merge(a, b, average)
    for denial, grounds in _grounds(node_units):
        clusters.union.union(denial, grounds)
    members: dict[int, list[int]] = defaultdict(list)
    for index, node in enumerate(node_of):
        if node >= 0:
            members[clusters.union.find(node)].append(index)
    groups = sorted(members.values(), key=lambda g: g[0])
    return Grouping(groups, unaligned, scores, node_of, features)
