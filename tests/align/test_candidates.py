"""Candidate pairs of a large story: each node's nearest neighbours looked up through the
random-hyperplane buckets, not every pair of every bucket."""

from __future__ import annotations

from collections import Counter

import numpy as np

from corroborator.align.grouping import NEIGHBOURS, _indexed_neighbours, _lsh_runs


def _clustered(clusters: int, size: int, seed: int = 5) -> np.ndarray:
    """Unit vectors in tight clusters of ``size``: each one's nearest are its cluster mates."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, 512))
    points = np.repeat(centres, size, axis=0) + 0.15 * rng.standard_normal((clusters * size, 512))
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)


def test_each_node_keeps_at_most_its_nearest_few_and_finds_its_close_mates() -> None:
    vectors = _clustered(300, 6)
    pairs = set(_indexed_neighbours(vectors, NEIGHBOURS))
    per_node = Counter(node for pair in pairs for node in pair)
    bucket_pairs = {(a, b) for run in _lsh_runs(vectors) for a in run for b in run if a < b}
    assert len(pairs) <= NEIGHBOURS * len(vectors)
    assert len(pairs) < len(bucket_pairs)
    assert pairs <= bucket_pairs
    mates = {(a, b) for a in range(len(vectors)) for b in range(a + 1, len(vectors)) if a // 6 == b // 6}
    assert len(mates & pairs) / len(mates) > 0.9
    assert max(per_node.values()) < 3 * NEIGHBOURS


def test_a_node_alone_in_its_buckets_has_no_candidates() -> None:
    assert list(_indexed_neighbours(_clustered(1, 1), NEIGHBOURS)) == []
