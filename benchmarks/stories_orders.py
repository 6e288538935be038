"""How much the stories of a real-news set depend on the order its articles arrive in.

The stories stage is incremental: families form as articles come, so the same articles
placed in another order can end in other stories.  This script ingests one set of
``../shared/benchmarks/realnews/`` (English and other-language articles), runs the
stages up to stories once (order 0: the pipeline's own, by article id), then places the
same articles again in ``--orders`` shuffled orders through the stage's real ``commit``
(one transaction an article, the signals computed once), and prints story BCubed
F1 and cross-lingual placement for each order, their mean, minimum and maximum, with the
definitions of ``corroborator eval realnews``.

    python benchmarks/stories_orders.py --data ../shared/benchmarks/realnews/crocus [--orders 10]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete, select

from corroborator.config import load_settings
from corroborator.eval.realnews import read_realnews
from corroborator.eval.realnews_figures import Prediction, score_prediction
from corroborator.ingest import ingest
from corroborator.models import Article
from corroborator.pipeline.runner import analyze
from corroborator.store import Store, tables
from corroborator.store.articles import get_articles
from corroborator.stories.stage import StoriesStage

CLEARED = (
    tables.story_postings,
    tables.story_signals,
    tables.story_families,
    tables.story_terms,
    tables.story_members,
    tables.stories,
)


def stories_by_external_id(store: Store) -> dict[str, str]:
    with store.reading() as connection:
        rows = connection.execute(
            select(tables.articles.c.external_id, tables.story_members.c.story_id).join(
                tables.story_members, tables.story_members.c.article_id == tables.articles.c.id
            )
        )
        return {external: story for external, story in rows if external is not None}


def figures(store: Store, gold: dict, xl_ids: frozenset[str]) -> tuple[float, float, int]:
    found = score_prediction(Prediction(stories_by_external_id(store), [], {}), gold, xl_ids)
    return found.story_f1, found.xl_placement or 0.0, found.n_stories


def show(store: Store, gold: dict) -> None:
    """Each story's articles by gold event, and each family's stories."""
    events = {**gold["articles"], **gold.get("xl", {})}
    with store.reading() as connection:
        rows = connection.execute(
            select(
                tables.articles.c.external_id,
                tables.story_members.c.story_id,
                tables.story_signals.c.family_id,
            )
            .join(tables.story_members, tables.story_members.c.article_id == tables.articles.c.id)
            .join(
                tables.story_signals, tables.story_signals.c.article_id == tables.articles.c.id, isouter=True
            )
        ).all()
    families: dict[str, dict[str, list[str]]] = {}
    for external, story, family in rows:
        families.setdefault(family or "-", {}).setdefault(story, []).append(
            f"{events.get(external, '?')}:{external}"
        )
    for family, stories in families.items():
        print(f"family {family[:8]}")
        for story, members in stories.items():
            print(f"  story {story[:8]} ({len(members)}): {' '.join(sorted(members))}")


def _published(article: Article) -> tuple[int, str, str]:
    """Publication order, undated articles last (then by id)."""
    value = article.published.value if article.published is not None else ""
    return (0 if value else 1, value, article.id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a realnews set folder")
    parser.add_argument("--orders", type=int, default=10, help="shuffled orders besides the pipeline's")
    parser.add_argument(
        "--show", type=int, default=None, help="print the stories of this order by gold event"
    )
    args = parser.parse_args()
    data = read_realnews(args.data)
    settings = load_settings()
    rows = []
    with tempfile.TemporaryDirectory() as work, Store(str(Path(work) / "orders.db")) as store:
        ingest([str(path) for path in data.sources], store, settings.ingest)
        started = time.perf_counter()
        analyze(store, settings, ["dedupe", "stories"])
        print(f"stages up to stories: {time.perf_counter() - started:.1f} s")
        rows.append(("pipeline", *figures(store, data.gold, data.other_languages)))
        with store.reading() as connection:
            ids = sorted(connection.execute(select(tables.articles.c.id)).scalars())
            articles = get_articles(connection, ids)
        placements = StoriesStage(settings).compute_many(articles)
        pairs = list(zip(articles, placements, strict=True))
        orders: list[tuple[str, list]] = [("by date", sorted(pairs, key=lambda pair: _published(pair[0])))]
        for seed in range(1, args.orders + 1):
            random.Random(seed).shuffle(pairs)  # each order shuffles the one before
            orders.append((f"order {seed}", list(pairs)))
        for name, ordered in orders:
            with store.transaction() as connection:
                for table in CLEARED:
                    connection.execute(delete(table))
            stage = StoriesStage(settings)
            for article, placement in ordered:
                with store.transaction() as connection:
                    stage.commit(connection, article, placement)
            with store.transaction() as connection:
                stage.finish(connection)
            rows.append((name, *figures(store, data.gold, data.other_languages)))
            if name == f"order {args.show}":
                show(store, data.gold)
    print(f"{'order':<10} {'story F1':>9} {'xl':>6} {'stories':>8}")
    for name, f1, xl, n in rows:
        print(f"{name:<10} {f1:>9.3f} {xl:>6.3f} {n:>8}")
    for column, name in ((1, "story F1"), (2, "xl")):
        values = [row[column] for row in rows if row[0] != "by date"]
        print(
            f"{name}: mean {statistics.mean(values):.3f} "
            f"(min {min(values):.3f}, max {max(values):.3f}) over {len(values)} orders "
            "(the pipeline's and the shuffled ones)"
        )


if __name__ == "__main__":
    main()
