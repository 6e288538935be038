"""Alignment time for one story of 50, 200, 1,000 and 2,000 articles (synthetic).

Each synthetic article carries eight claims drawn from a pool of propositions that grows
with the story (one per five articles): a figure with its counted thing and action, a
claimant (one of a few ministries, governors and outlets' own voices), sometimes worded
differently, and a quarter of the articles are wire copies of another.  The whole of
``align_story`` is timed, embeddings included, with the packaged ``use-m3`` embedder (one
thread, as the stage runs it).  Near-linear growth means the time per article stays about
flat as the story grows.

    python benchmarks/align_scale.py [--sizes 50 200 1000 2000] [--embedder use-m3|hash]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
from collections.abc import Sequence

import numpy as np

from corroborator.align.assemble import align_story
from corroborator.align.units import Quantity, Unit, content_words
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 1000, 2000])
    parser.add_argument("--embedder", default="use-m3", help="use-m3 (as the stage runs), or hash (no model)")
    options = parser.parse_args()
    encode = _hash_encode if options.embedder == "hash" else embedder(options.embedder).encode
    encode(["warm up the embedder"])
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
