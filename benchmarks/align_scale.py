"""Alignment time for one story of 50, 200, 1,000 and 2,000 articles (synthetic).

Each synthetic article carries eight claims drawn from a pool of propositions that grows
with the story (one per five articles): a figure with its counted thing and action, a
claimant (one of a few ministries, governors and outlets' own voices), sometimes worded
differently, and a quarter of the articles are wire copies of another.  The whole of
``align_story`` is timed, embeddings included, with the packaged ``use-m3`` embedder (one
thread, as the stage runs it).  Near-linear growth means the time per article stays about
flat as the story grows.

Synthetic claims fold (8,000 claims into about 800 nodes); real ones barely do.  With
``--real STORE`` the claims come from a store the pipeline analysed (a real corpus, e.g.
``corroborator eval realnews --data ../shared/benchmarks/realnews/crocus --db crocus.db``):
its stories' articles, in order, pooled into one story of about N claims each size (``--sizes``
then counts claims).  For each, the time to re-align the story after its last article arrived
is printed from scratch (every claim encoded, as before) and with the vectors stored by the
alignment before it (only the new article's claims encoded), their ratio, the candidate pairs
per node (as scored, and, on the same vectors, what a story above ``EXACT_LIMIT`` would take:
all pairs of each bucket run, as before, or each node's nearest in them, as now), and whether
both give the same groups.

    python benchmarks/align_scale.py [--sizes 50 200 1000 2000] [--embedder use-m3|hash]
    python benchmarks/align_scale.py --real crocus.db [--real kakhovka.db] [--sizes 500 1000 2000]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
from collections.abc import Sequence

import numpy as np

from corroborator.align.assemble import StoryAlignment, align_story
from corroborator.align.grouping import NEIGHBOURS, Encode, _indexed_neighbours, _lsh_runs, group_units
from corroborator.align.units import Quantity, Unit, content_words, units_from_rows
from corroborator.align.vectors import ClaimVectors
from corroborator.store import Store
from corroborator.store import align_inputs as inputs
from corroborator.stories.embed import embedder

THINGS = ["drones", "missiles", "people", "shells", "vehicles", "buildings", "villages", "soldiers"]
ACTIONS = ["shot down", "launched", "killed", "destroyed", "damaged", "evacuated", "captured", "hit"]
PLACES = ["the northern region", "the port city", "the border district", "the capital", "the coast"]
CLAIMANTS = [
    "the Defence Ministry",
    "the regional governor",
    "Ukraine's air force",
    "the Kremlin",
    "local officials",
]
OPENERS = ["", "Officials said ", "According to reports, ", "In a statement, it said that "]


def _proposition(rng: random.Random, index: int) -> tuple[str, Quantity, str]:
    thing, action, place = rng.choice(THINGS), rng.choice(ACTIONS), rng.choice(PLACES)
    value = rng.randint(3, 900)
    day = 1 + index % 27
    text = f"{value} {thing} were {action} in {place} on May {day}"
    window = (f"2025-05-{day:02d}", f"2025-05-{day:02d}")
    quantity = Quantity(f"q{index}", float(value), None, None, "exact", thing, action, place, window)
    return text, quantity, rng.choice(CLAIMANTS)


def synthetic_story(articles: int, seed: int = 7) -> list[Unit]:
    rng = random.Random(seed)
    pool = [_proposition(rng, i) for i in range(max(10, articles // 5))]
    units: list[Unit] = []
    originals: list[list[Unit]] = []
    for number in range(articles):
        outlet = f"outlet{number % max(1, articles // 3)}.example"
        article = f"a{number:05d}"
        if originals and rng.random() < 0.25:  # a wire copy of an earlier article
            source = rng.choice(originals)
            copy_group = source[0].copy_group
            made = [
                Unit(
                    f"{article}-{i}",
                    article,
                    outlet,
                    u.text,
                    u.status,
                    u.claimant,
                    copy_group,
                    "news",
                    u.chain,
                    quantities=u.quantities,
                    context=u.context,
                )
                for i, u in enumerate(source)
            ]
        else:
            copy_group = f"cg{number:05d}"
            made = []
            for i, (text, quantity, claimant) in enumerate(rng.sample(pool, 8)):
                worded = rng.choice(OPENERS) + text
                made.append(
                    Unit(
                        f"{article}-{i}",
                        article,
                        outlet,
                        worded,
                        "attributed",
                        claimant,
                        copy_group,
                        "news",
                        (claimant, outlet),
                        quantities=(quantity,),
                        context=f"{worded}, {claimant} said.",
                    )
                )
            originals.append(made)
        units.extend(made)
    return units


def _hash_encode(texts: Sequence[str]) -> np.ndarray:
    rows = np.zeros((len(texts), 256), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in content_words(text):
            rows[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % 256] += 1.0
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)


def real_articles(paths: Sequence[str]) -> list[list[Unit]]:
    """The claims of each article of the stores' stories, story by story, as alignment reads them."""
    found: list[list[Unit]] = []
    for path in paths:
        with Store(path, create=False) as store, store.reading() as connection:
            for story_id in sorted(inputs.story_fingerprints(connection, "bench")):
                by_article: dict[str, list[Unit]] = {}
                for unit in units_from_rows(inputs.story_claims(connection, story_id)):
                    by_article.setdefault(unit.article_id, []).append(unit)
                found.extend(by_article.values())
    return found


def _signature(found: StoryAlignment) -> list[tuple[str, list[str]]]:
    return [(group.label, sorted(group.claim_ids)) for group in found.groups]


def real_mode(paths: Sequence[str], sizes: Sequence[int], encode: Encode) -> None:
    articles = real_articles(paths)
    total = sum(len(units) for units in articles)
    print(f"{len(articles)} articles with claims, {total} claims, from {', '.join(paths)}")
    print(
        f"{'claims':>7} {'articles':>8} {'nodes':>6} {'new':>4} {'scratch s':>9} {'stored s':>8} "
        f"{'ratio':>6} {'cand/node':>9} {'buckets':>7} {'index':>5} {'same':>5}"
    )
    for size in sorted({min(size, total) for size in sizes}):
        story: list[list[Unit]] = []
        while sum(len(units) for units in story) < size:
            story.append(articles[len(story)])
        earlier = [unit for units in story[:-1] for unit in units]
        units = [*earlier, *story[-1]]
        known = ClaimVectors()
        align_story("bench", earlier, encode, known=known)  # the alignment before the article came
        started = time.perf_counter()
        scratch = align_story("bench", units, encode)
        from_scratch = time.perf_counter() - started
        kept = ClaimVectors(known.known)
        started = time.perf_counter()
        stored = align_story("bench", units, encode, known=kept)
        with_stored = time.perf_counter() - started
        grouping = group_units(units, encode, known=ClaimVectors(kept.known))
        vectors = grouping.features.vectors if grouping.features else np.zeros((0, 1), dtype=np.float32)
        nodes = len(vectors)
        # above EXACT_LIMIT: every pair of every bucket run (before), or each node's nearest in them
        buckets = {(a, b) for run in _lsh_runs(vectors) for a in run for b in run if a < b}
        index = set(_indexed_neighbours(vectors, NEIGHBOURS))
        print(
            f"{len(units):>7} {len(story):>8} {nodes:>6} {len(kept.added):>4} {from_scratch:>9.2f} "
            f"{with_stored:>8.2f} {from_scratch / with_stored:>6.1f} "
            f"{len(grouping.scores) / max(nodes, 1):>9.1f} {len(buckets) / max(nodes, 1):>7.1f} "
            f"{len(index) / max(nodes, 1):>5.1f} {_signature(scratch) == _signature(stored)!s:>5}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--embedder", default="use-m3", help="use-m3 (as the stage runs), or hash (no model)")
    parser.add_argument("--real", action="append", default=[], help="a store analysed from a real corpus")
    options = parser.parse_args()
    encode = _hash_encode if options.embedder == "hash" else embedder(options.embedder).encode
    encode(["warm up the embedder"])
    if options.real:
        real_mode(options.real, options.sizes or [500, 1000, 2000, 4000], encode)
        return
    options.sizes = options.sizes or [50, 200, 1000, 2000]
    print(f"{'articles':>8} {'claims':>7} {'groups':>7} {'seconds':>8} {'ms/article':>10}")
    for size in options.sizes:
        units = synthetic_story(size)
        started = time.perf_counter()
        found = align_story("bench", units, encode)
        seconds = time.perf_counter() - started
        print(
            f"{size:>8} {len(units):>7} {len(found.groups):>7} {seconds:>8.2f} {1000 * seconds / size:>10.1f}"
        )


if __name__ == "__main__":
    main()
