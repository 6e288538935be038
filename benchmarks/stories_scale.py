"""Cost of placing one new article into stores of growing size, and peak memory.

Each store is filled with synthetic placed articles (signals, families, stories, postings and
term counts written straight through the store functions, in families of about 20 articles
spread over a year), then ``--probe`` new synthetic articles go through the stories stage's
real ``commit`` (candidate retrieval, family scoring, re-linking, labels) one by one in one
transaction, in a separate process whose peak resident memory is printed (the stage's memory:
term counts and family centroids of the whole store, and bounded caches).  Embeddings are
random unit vectors (the embedder's own cost per article is measured apart, on real leads, in
the same run), so the figures are the placement cost.

    python benchmarks/stories_scale.py [--sizes 1000,10000,100000] [--probe 200]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from corroborator.config import load_settings
from corroborator.models import ArticleDraft, PartialTime, Precision, Provenance, SourceKind, content_id
from corroborator.store import Store, add_articles
from corroborator.store import stories as store
from corroborator.store import story_signals as signals
from corroborator.store.articles import get_articles
from corroborator.stories import cluster
from corroborator.stories.embed import embedder
from corroborator.stories.signals import Placement, signal_of
from corroborator.stories.stage import CENTROID_TERMS, StoriesStage

WORDS = [f"w{n}" for n in range(20000)]
PLACES = [f"Town{n}" for n in range(3000)]
FAMILY = 20
DIM = 512


def synthetic_text(rng: random.Random, topic: int) -> tuple[str, str]:
    own = [WORDS[(topic * 37 + k) % len(WORDS)] for k in range(12)]
    words = [rng.choice(own) if rng.random() < 0.4 else rng.choice(WORDS) for _ in range(120)]
    place = PLACES[topic % len(PLACES)]
    title = f"{place} {' '.join(own[:4])}"
    return title, f"{place} {' '.join(words[:40])}. {' '.join(words[40:80])}. {' '.join(words[80:])}."


def synthetic_draft(rng: random.Random, topic: int, url: str) -> ArticleDraft:
    title, text = synthetic_text(rng, topic)
    return ArticleDraft(
        text=text,
        title=title,
        url=url,
        language="en",
        published=PartialTime(value=day_of(topic), precision=Precision.DAY),
        provenance=Provenance(kind=SourceKind.TEXT, source=url),
    )


def day_of(topic: int) -> str:
    return f"2025-{1 + topic % 12:02d}-{1 + topic % 28:02d}"


def fill(db: str, size: int, rng: random.Random) -> None:
    """Write ``size`` placed synthetic articles in one go."""
    centres = {}
    with Store(db) as target, target.transaction() as connection:
        drafts = [synthetic_draft(rng, n // FAMILY, f"https://bench.example/{n}") for n in range(size)]
        results = add_articles(connection, drafts)
        df: dict[str, int] = {}
        for n, (draft, result) in enumerate(zip(drafts, results, strict=True)):
            topic = n // FAMILY
            family_id = content_id("family", str(topic))
            story_id = content_id("story", str(topic), str(n % 2))
            centre = centres.setdefault(topic, np.random.default_rng(topic).standard_normal(DIM))
            vector = centre + 0.5 * np.random.default_rng(n).standard_normal(DIM)
            vector = (vector / np.linalg.norm(vector)).astype(np.float32)
            signal = signal_of(draft.title, draft.text)
            day = cluster_day(day_of(topic))
            signals.save_signal(
                connection,
                result.article_id,
                family_id=family_id,
                day=day,
                language="en",
                embedding=vector,
                lead_terms=signal.lead_terms,
                terms=signal.terms,
                bag=signal.bag,
                names=list(signal.names),
                note=None,
                postings=list(signal.terms)[:12],
            )
            for term in set(signal.terms) | set(signal.lead_terms):
                df[term] = df.get(term, 0) + 1
            if n % FAMILY == 0:
                family = signals.Family(family_id, 0, np.zeros(DIM, np.float32), {}, {}, {}, day, day)
            family.size += 1
            family.embedding_sum = family.embedding_sum + vector
            cluster.add_into(family.lead_sum, cluster.unit(signal.lead_terms), limit=CENTROID_TERMS)
            cluster.add_into(family.terms_sum, cluster.unit(signal.terms), limit=CENTROID_TERMS)
            family.languages = {"en": family.size}
            if n % FAMILY == FAMILY - 1 or n == size - 1:
                signals.save_family(connection, family)
            store.ensure_story(connection, story_id, family_id)
            store.set_member(connection, result.article_id, story_id)
        for term, count in df.items():
            signals.set_document_frequency(connection, term, count)
        signals.set_document_frequency(connection, signals.ALL, size)


def cluster_day(value: str) -> float:
    return PartialTime(value=value, precision=Precision.DAY).start().timestamp() / 86400


def probe(db: str, size: int, count: int, rng: random.Random) -> float:
    """Milliseconds per article for ``count`` new articles through the stage's commit:
    half about events already in the store, half about new ones."""
    settings = load_settings(None, environ={})
    stage = StoriesStage(settings)
    with Store(db) as target:
        topics = [rng.randrange(size // FAMILY) if n % 2 else size + n for n in range(count)]
        drafts = [synthetic_draft(rng, t, f"https://probe.example/{n}") for n, t in enumerate(topics)]
        with target.transaction() as connection:
            ids = [r.article_id for r in add_articles(connection, drafts)]
            articles = get_articles(connection, ids)
        placements = []
        topic_of = {d.url: t for d, t in zip(drafts, topics, strict=True)}
        for article in articles:
            topic = topic_of[article.url]
            centre = np.random.default_rng(topic).standard_normal(DIM)
            vector = centre + 0.5 * np.random.default_rng(size + len(placements)).standard_normal(DIM)
            vector = (vector / np.linalg.norm(vector)).astype(np.float32)
            placements.append(
                Placement(
                    signal_of(article.title, article.text), vector.tobytes(), cluster_day(day_of(topic))
                )
            )
        with target.transaction() as connection:
            stage.commit(connection, articles[0], placements[0])  # loads term counts and centroids
            started = time.perf_counter()
            for article, placement in zip(articles[1:], placements[1:], strict=True):
                stage.commit(connection, article, placement)
            elapsed = time.perf_counter() - started
    return 1000 * elapsed / max(count - 1, 1)


def embed_cost(count: int) -> float:
    rng = random.Random(7)
    leads = [signal_of(*synthetic_text(rng, n)).lead for n in range(count)]
    model = embedder("use-m3")
    model.encode(leads[:2])
    started = time.perf_counter()
    model.encode(leads)
    return 1000 * (time.perf_counter() - started) / count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--probe", type=int, default=200)
    parser.add_argument("--probe-only", nargs=2, metavar=("DB", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe_only:
        # In its own process, so that its peak memory is the stage's, not the filler's.
        db, size = args.probe_only
        cost = probe(db, int(size), args.probe, random.Random(int(size) + 1))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{cost:.1f} {peak:.0f}")
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"embedding one lead (use-m3, one thread): {embed_cost(64):.1f} ms")
    print(f"{'store size':>10} {'fill s':>8} {'ms/article':>11} {'stage peak RSS MiB':>19}")
    for size in sizes:
        rng = random.Random(size)
        with tempfile.TemporaryDirectory() as folder:
            db = str(Path(folder) / "scale.db")
            started = time.perf_counter()
            fill(db, size, rng)
            filled = time.perf_counter() - started
            measured = subprocess.run(
                [sys.executable, __file__, "--probe", str(args.probe), "--probe-only", db, str(size)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
        print(
            f"{size:>10} {filled:>8.1f} {float(measured[0]):>11.1f} {float(measured[1]):>19.0f}", flush=True
        )


if __name__ == "__main__":
    sys.exit(main())
