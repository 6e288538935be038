"""What a chunk of work weighs when it is sent to a worker: the stage's callable and the
chunk's articles, never the driver's corpus-wide state (the stories stage's document
frequencies, centroid index and family caches grow with every article it places)."""

from __future__ import annotations

import pickle
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cloudpickle
import pytest

import corroborator.pipeline.runner as runner
from corroborator.config import load_settings
from corroborator.models import ArticleDraft, Provenance, SourceKind
from corroborator.pipeline.executor import Executor
from corroborator.store import Store, add_articles

PLACES = ["Harlow Bay", "Mirefield", "Ostrava Ridge", "Quenby", "Saltmarsh", "Tolland", "Varne", "Wexcombe"]
BODIES = [
    "water board",
    "rail operator",
    "harbour office",
    "school district",
    "fire service",
    "power company",
]
THINGS = ["pumps", "carriages", "cranes", "classrooms", "engines", "substations"]
EVENTS = ["a storm", "a power cut", "a strike", "a flood", "a fire", "an inspection"]
PEOPLE = ["Ada Morrow", "Ben Castell", "Cora Lind", "Dev Okafor", "Elin Marsh", "Femi Adeyemi"]


def _article(rng: random.Random, n: int) -> ArticleDraft:
    place, body, thing = rng.choice(PLACES), rng.choice(BODIES), rng.choice(THINGS)
    text = (
        f"The {body} of {place} said on Tuesday that {rng.randint(2, 90)} {thing} were repaired "
        f"after {rng.choice(EVENTS)} in week {n % 52 + 1}. {rng.choice(PEOPLE)}, who speaks for "
        f"the {body}, told reporters that {rng.randint(2, 40)} crews had worked through the night "
        f"and that the service in {place} would be back to normal by {rng.choice(['Friday', 'Monday'])}."
    )
    return ArticleDraft(
        text=text,
        title=f"{place} {body} repairs {thing}",
        url=f"https://{place.lower().replace(' ', '-')}.example/{n}",
        language="en",
        provenance=Provenance(kind=SourceKind.JSONL, source="generated.jsonl"),
    )


class Weighing:
    """An executor backend that pickles each chunk as a Dask client would send it
    (cloudpickle, the callable with the chunk), then computes it in this process."""

    def __init__(self) -> None:
        self.callable_sizes: list[int] = []
        self.chunk_sizes: list[int] = []

    def run(
        self,
        compute: Callable[[list[Any]], list[Any]],
        chunks: Iterator[list[Any]],
        skip: Callable[[Any], bool],
        budget: float | None,
        on_lost: Any,
        idle: Any,
        idle_every: float,
    ) -> Iterator[tuple[Any, Any]]:
        for chunk in chunks:
            self.callable_sizes.append(len(cloudpickle.dumps(compute)))
            self.chunk_sizes.append(len(cloudpickle.dumps((compute, chunk))))
            yield from zip(chunk, compute(chunk), strict=True)


@pytest.mark.slow
def test_a_stories_chunk_weighs_the_same_whether_50_or_500_articles_are_placed(tmp_path: Path) -> None:
    rng = random.Random(17)
    db = tmp_path / "weighed.db"
    settings = load_settings(
        overrides={"store.db": str(db), "pipeline.executor": "inline", "pipeline.batch_size": 8},
        environ={},
    )
    with Store(str(db)) as store:
        with store.transaction() as connection:
            add_articles(connection, [_article(rng, n) for n in range(500)])
        pipeline = runner.assemble(("dedupe", "stories"), settings)
        dedupe, stories = pipeline
        inline = Executor("inline", 1)
        runner._run_stage(store, dedupe, pipeline, settings, inline, None)
        weighing = Weighing()
        report = runner._run_stage(store, stories, pipeline, settings, Executor("dask", 1, weighing), None)
    assert report.done == 500
    assert len(weighing.chunk_sizes) == 500 // stories.batch_size + 1
    # The driver's state did grow: it is what must not travel.
    state = len(pickle.dumps(vars(stories)))
    assert state > 20 * weighing.callable_sizes[-1]
    # The callable is the same bytes after 32 articles are placed as after 480; whole chunks
    # (of articles of one length, give or take) stay within a few per cent of each other.
    assert weighing.callable_sizes[1] == weighing.callable_sizes[-2]
    assert max(weighing.chunk_sizes[1:-1]) < 1.1 * min(weighing.chunk_sizes[1:-1])
