"""Claim vectors encoded once and kept: re-aligning reads them back and encodes only the
claims that lack one, and the groups are exactly those of an alignment from scratch."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sqlalchemy import delete, func, select
from tests.store.helpers import demo_sources

from corroborator.align.grouping import group_units, meaning_vectors
from corroborator.align.stage import AlignStage
from corroborator.align.units import Quantity, Unit
from corroborator.align.vectors import ClaimVectors, StoredVector, digest, from_bytes, to_bytes
from corroborator.config import load_settings
from corroborator.ingest import ingest
from corroborator.pipeline import analyze
from corroborator.pipeline.runner import StageReport, _run_per_story
from corroborator.store import Store
from corroborator.store.claim_groups import iter_claim_groups
from corroborator.store.claim_vectors import store_vectors, stored_vectors
from corroborator.store.tables import claim_vectors, story_alignments
from corroborator.stories.embed import embedder


class _Counting:
    """The packaged embedder, counting the texts it is asked to encode."""

    def __init__(self) -> None:
        self.texts = 0

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return embedder("use-m3").encode(texts)


def _story(articles: int, seed: int = 3) -> list[Unit]:
    """Articles reporting a pool of figures in their own words, some as wire copies."""
    rng = random.Random(seed)
    things = ["homes", "bridges", "schools", "roads", "farms"]
    places = ["the river valley", "the old town", "the eastern suburbs"]
    pool = []
    for index in range(12):
        thing, place, value = rng.choice(things), rng.choice(places), rng.randint(2, 400)
        quantity = Quantity(f"q{index}", float(value), None, None, "exact", thing, "flooded", place, None)
        pool.append((f"{value} {thing} were flooded in {place}", quantity))
    units = []
    for number in range(articles):
        article = f"a{number:03d}"
        for index, (text, quantity) in enumerate(rng.sample(pool, 4)):
            worded = rng.choice(["", "Rescuers said ", "By the evening, "]) + text
            units.append(
                Unit(
                    f"{article}-{index}",
                    article,
                    f"paper{number % 5}.example",
                    worded,
                    "attributed",
                    "the mayor",
                    f"cg{number}",
                    "news",
                    ("the mayor", f"paper{number % 5}.example"),
                    quantities=(quantity,),
                    context=f"{worded}, the mayor told reporters.",
                )
            )
    return units


def test_only_claims_without_a_kept_vector_are_encoded() -> None:
    units = _story(6)
    encode = _Counting()
    known = ClaimVectors()
    first = known.lookup(units[:10], lambda missing: meaning_vectors(missing, encode))
    assert encode.texts == 20  # each claim and its sentence
    assert set(known.added) == {u.claim_id for u in units[:10]}
    again = ClaimVectors(known.added)
    both = again.lookup(units[:12], lambda missing: meaning_vectors(missing, encode))
    assert encode.texts == 24
    assert set(again.added) == {units[10].claim_id, units[11].claim_id}
    assert np.array_equal(both[:10], first)


def test_a_vector_made_from_other_words_is_not_reused() -> None:
    [unit] = _story(1)[:1]
    stale = StoredVector("0" * 32, np.ones(512, dtype=np.float32))
    known = ClaimVectors({unit.claim_id: stale})
    [vector] = known.lookup([unit], lambda missing: meaning_vectors(missing, embedder("use-m3").encode))
    assert not np.array_equal(vector, stale.vector)
    assert known.added[unit.claim_id].digest == digest(unit)


def test_vectors_survive_the_trip_through_bytes() -> None:
    vector = meaning_vectors(_story(1)[:1], embedder("use-m3").encode)[0]
    assert np.array_equal(from_bytes(to_bytes(vector)), vector)


def test_a_generated_story_groups_the_same_with_kept_vectors_as_from_scratch() -> None:
    units = _story(40)
    scratch = group_units(units, embedder("use-m3").encode)
    # vectors kept from earlier, smaller alignments of the story, as its articles arrived
    known: dict[str, StoredVector] = {}
    for size in (40, 100, len(units) - 8):
        grown = ClaimVectors(known)
        group_units(units[:size], embedder("use-m3").encode, known=grown)
        known = grown.known
    encode = _Counting()
    fresh = ClaimVectors(known)
    again = group_units(units, encode, known=fresh)
    assert set(fresh.added) <= {u.claim_id for u in units[-8:]}
    assert encode.texts == 2 * len(fresh.added)
    assert again.groups == scratch.groups
    assert again.unaligned == scratch.unaligned
    assert again.scores.keys() == scratch.scores.keys()
    assert len(scratch.groups) > 1


def _groups(store: Store) -> list[dict[str, object]]:
    with store.reading() as connection:
        return [group.model_dump() for group in iter_claim_groups(connection)]


def _vector_count(store: Store) -> int:
    with store.reading() as connection:
        return int(connection.execute(select(func.count()).select_from(claim_vectors)).scalar_one())


def _realign(store: Store, stage: AlignStage) -> None:
    with store.transaction() as connection:
        connection.execute(delete(story_alignments))
    report = _run_per_story(store, stage, StageReport("align", "test", unit="stories"), None)
    assert report.failed == 0
    assert report.done > 0


def test_the_demo_realigned_from_kept_vectors_gives_the_same_groups(tmp_path: Path) -> None:
    settings = load_settings(
        overrides={"store.db": str(tmp_path / "demo.db"), "ingest.workers": 1, "pipeline.workers": 1},
        environ={},
    )
    with Store(settings.store.db) as store:
        assert ingest(demo_sources(), store, settings.ingest).failed == 0
        analyze(store, settings)
        scratch = _groups(store)
        kept = _vector_count(store)
        assert scratch
        assert kept > 0
        stage = AlignStage(settings)
        with store.transaction() as connection:  # half the vectors lost: those are encoded again
            ids = sorted(connection.execute(select(claim_vectors.c.claim_id)).scalars())
            connection.execute(delete(claim_vectors).where(claim_vectors.c.claim_id.in_(ids[::2])))
        _realign(store, stage)
        assert _vector_count(store) == kept
        assert _groups(store) == scratch
        with store.reading() as connection:
            before = stored_vectors(connection, stage.vectors_key, ids)
        _realign(store, stage)  # every vector kept: nothing encoded, nothing rewritten
        with store.reading() as connection:
            assert stored_vectors(connection, stage.vectors_key, ids) == before
        assert _groups(store) == scratch


def test_vectors_are_kept_per_embedder_and_replaced_when_stale(store: Store) -> None:
    with store.transaction() as connection:
        store_vectors(connection, "use-m3:1", {"c1": ("d1", b"\x00" * 8), "c2": ("d2", b"\x01" * 8)})
        store_vectors(connection, "minilm:1", {"c1": ("d9", b"\x02" * 8)})
        store_vectors(connection, "use-m3:1", {"c1": ("d3", b"\x03" * 8)})
    with store.reading() as connection:
        assert stored_vectors(connection, "use-m3:1", ["c1", "c2", "c3"]) == {
            "c1": ("d3", b"\x03" * 8),
            "c2": ("d2", b"\x01" * 8),
        }
        assert stored_vectors(connection, "minilm:1", ["c1"]) == {"c1": ("d9", b"\x02" * 8)}
