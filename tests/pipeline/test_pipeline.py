from __future__ import annotations

from typing import ClassVar

import pytest
from tests.pipeline.helpers import RecordingStage as _Recording

from corroborator.cli.progress import StageBars, bars
from corroborator.config import Settings, load_settings
from corroborator.errors import ConfigError
from corroborator.models import Article, ArticleDraft, Provenance, SourceKind
from corroborator.pipeline import analyze, assemble, pending_count, stages
from corroborator.store import Store, add_articles
from corroborator.store.stages import stage_counts


@stages.register("test-first")
class FirstStage(_Recording):
    name = "test-first"


@stages.register("test-second")
class SecondStage(_Recording):
    name = "test-second"
    requires = ("test-first",)


@stages.register("test-batched")
class BatchedStage(_Recording):
    name = "test-batched"
    batched = True
    batch_size = 3
    batches: ClassVar[list[int]] = []

    def compute_many(self, articles: list[Article]) -> list[str]:
        BatchedStage.batches.append(len(articles))
        return [self.compute(article) for article in articles]


@stages.register("test-loop-a")
class LoopA(_Recording):
    name = "test-loop-a"
    requires = ("test-loop-b",)


@stages.register("test-loop-b")
class LoopB(_Recording):
    name = "test-loop-b"
    requires = ("test-loop-a",)


@pytest.fixture(autouse=True)
def _clear() -> None:
    _Recording.committed.clear()


def _fill(store: Store, texts: list[str]) -> None:
    drafts = [
        ArticleDraft(
            text=text, url=f"https://p.example/{n}", provenance=Provenance(kind=SourceKind.TEXT, source="t")
        )
        for n, text in enumerate(texts)
    ]
    with store.transaction() as connection:
        add_articles(connection, drafts)


def _small_batches(settings: Settings) -> Settings:
    return load_settings(
        overrides={"store.db": settings.store.db, "pipeline.batch_size": 2, "pipeline.workers": 1}, environ={}
    )


def test_stages_run_in_dependency_order_and_only_once(store: Store, settings: Settings) -> None:
    _fill(store, ["one", "two", "three"])
    reports = analyze(store, settings, ["test-second", "test-first"])
    assert [r.name for r in reports] == ["test-first", "test-second"]
    assert [r.done for r in reports] == [3, 3]
    assert analyze(store, settings, ["test-second", "test-first"])[0].done == 0
    assert pending_count(store, settings, ["test-first", "test-second"]) == 0


def test_one_failing_article_is_recorded_and_the_rest_done(store: Store, settings: Settings) -> None:
    _fill(store, ["fine", "BOOM here", "also fine"])
    [report] = analyze(store, settings, ["test-first"])
    assert (report.done, report.failed) == (2, 1)
    [(_article, reason)] = report.failures
    assert reason == "ValueError: cannot digest this article"
    with store.reading() as connection:
        counts = stage_counts(connection)
    assert counts[("test-first", "1", "failed")] == 1
    assert counts[("test-first", "1", "ok")] == 2


def test_a_batched_stage_gets_batches_and_a_failing_batch_is_retried_one_by_one(
    store: Store, settings: Settings
) -> None:
    BatchedStage.batches.clear()
    _fill(store, ["one", "two", "three", "BOOM four", "five", "six", "seven"])
    [report] = analyze(store, settings, ["test-batched"])
    assert (report.done, report.failed) == (6, 1)
    assert report.failures[0][1] == "ValueError: cannot digest this article"
    assert BatchedStage.batches == [3, 3, 1]  # the second batch failed and was redone article by article
    assert sorted(name for name, _id in _Recording.committed) == ["test-batched"] * 6


def test_an_interrupted_run_resumes_where_it_stopped(store: Store, settings: Settings) -> None:
    _fill(store, [f"article {n}" for n in range(7)])
    small = _small_batches(settings)
    seen = 0

    def stop_after_five(_stage: str, count: int) -> None:
        nonlocal seen
        seen += count
        if seen == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        analyze(store, small, ["test-first"], on_progress=stop_after_five)
    committed_before = len(_Recording.committed)
    assert committed_before == 4  # two whole batches of two; the half-done batch rolled back
    [report] = analyze(store, small, ["test-first"])
    assert report.done == 3
    ids = [article_id for _name, article_id in _Recording.committed]
    assert len(ids) == 7
    assert len(set(ids)) == 7


def test_a_new_stage_version_reruns_it_and_its_dependants_only(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(store, ["one", "two"])
    analyze(store, settings, ["test-first", "test-second"])
    _Recording.committed.clear()
    monkeypatch.setattr(FirstStage, "version", "2")
    reports = analyze(store, settings, ["test-first", "test-second"])
    assert [(r.name, r.version, r.done) for r in reports] == [("test-first", "2", 2), ("test-second", "1", 2)]
    _Recording.committed.clear()
    monkeypatch.setattr(SecondStage, "version", "2")
    reports = analyze(store, settings, ["test-first", "test-second"])
    assert [r.done for r in reports] == [0, 2]


def test_assembling_a_pipeline_checks_requirements(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="requires 'test-first', which is not in the pipeline"):
        assemble(["test-second"], settings)
    with pytest.raises(ConfigError, match="cycle"):
        assemble(["test-loop-a", "test-loop-b"], settings)
    with pytest.raises(ConfigError, match="no stage named 'nope'"):
        assemble(["nope"], settings)


def test_each_stage_says_what_it_has_to_do_as_it_starts_and_its_bar_ends_there(
    store: Store, settings: Settings
) -> None:
    _fill(store, ["one", "two", "BOOM three"])
    progress = bars()
    stage_bars = StageBars(progress)
    started: list[tuple[str, int]] = []

    def start(name: str, pending: int) -> None:
        started.append((name, pending))
        stage_bars.start(name, pending)

    with progress:
        reports = analyze(store, settings, ["test-second", "test-first"], stage_bars.advance, start)
        stage_bars.close()
    assert started == [("test-first", 3), ("test-second", 3)]
    shown = {task.description: (task.completed, task.total) for task in progress.tasks}
    assert shown == {r.name: (r.done + r.failed, r.done + r.failed) for r in reports}
    assert shown == {"test-first": (3, 3), "test-second": (3, 3)}


def test_a_stage_bar_grows_rather_than_overshoot_and_closes_at_what_was_done() -> None:
    progress = bars()
    stage_bars = StageBars(progress)
    with progress:
        stage_bars.start("stories", 2)
        for _ in range(3):
            stage_bars.advance("stories", 1)
        stories = progress.tasks[0]
        assert (stories.completed, stories.total) == (3, 3)
        stage_bars.start("align", 5)  # closes the stories bar
        stage_bars.advance("align", 2)
        stage_bars.close()
    align = progress.tasks[1]
    assert (align.completed, align.total) == (2, 2)
    assert all(task.finished for task in progress.tasks)
