"""Running the registered stages over every article they have not yet processed.

Stages run in dependency order.  For each stage, pending articles are streamed from
the store in id order, computed in worker processes, and committed in batches: each
batch is one transaction holding the stage's output *and* the record that the
article is done, so an interrupted run resumes exactly where it stopped.

Two runs on one PostgreSQL store share the work of a stage whose articles are independent
(parse, extract): each claims the next pending articles (``store/claims.py``), so none is
processed twice.  A stage whose output depends on the order articles come in (``ordered``:
copy groups, stories, entities) or that works per story (align) is run by one process at a
time, after the articles other runs are still working on in the stages it depends on are
done, and never past an article whose earlier stages have not run: its result is the one
a single run would give.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from corroborator.config import PipelineSettings, Settings
from corroborator.errors import ConfigError, CorroboratorError
from corroborator.models import Article
from corroborator.parallel import ordered_map
from corroborator.pipeline.executor import INLINE, Executor, open_executor
from corroborator.pipeline.stage import Stage, stages
from corroborator.store import Store
from corroborator.store.articles import get_articles
from corroborator.store.claims import Leases
from corroborator.store.stages import forget_runs, pending_article_ids, record_run

log = logging.getLogger(__name__)

DEFAULT_STAGES = ("dedupe", "parse", "extract", "stories", "entities", "align")


def _load_builtin_stages() -> None:
    import corroborator.align.stage
    import corroborator.dedupe  # registers the stage
    import corroborator.extract.stage  # registers the stage
    import corroborator.nlp.stage
    import corroborator.resolve.stage
    import corroborator.stories.stage  # noqa: F401  (registers the stage)


def assemble(names: tuple[str, ...] | list[str], settings: Settings) -> list[Stage]:
    """Build the stages and order them so that each comes after what it requires."""
    _load_builtin_stages()
    built = {name: stages.get(name)(settings) for name in names}
    ordered: list[Stage] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if any(stage.name == name for stage in ordered):
            return
        if name in visiting:
            raise ConfigError(f"stages require each other in a cycle at '{name}'")
        if name not in built:
            raise ConfigError(f"a stage requires '{name}', which is not in the pipeline")
        visiting.add(name)
        for needed in built[name].requires:
            visit(needed)
        visiting.discard(name)
        ordered.append(built[name])

    for name in names:
        visit(name)
    return ordered


def dependants(stage: Stage, pipeline: list[Stage]) -> list[str]:
    """Stages whose output goes stale when ``stage`` re-runs (transitively)."""
    stale = {stage.name}
    for other in pipeline:  # pipeline is topologically ordered
        if any(need in stale for need in other.requires):
            stale.add(other.name)
    stale.discard(stage.name)
    return sorted(stale)


@dataclass
class StageReport:
    """What one stage did in a run: how many articles (or stories) it processed and which
    failed, with the reason, and the warnings it gave."""

    name: str
    version: str
    done: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    unit: str = "articles"  # what done and failed count: articles, or stories for a story-level stage


def _guarded(stage: Stage, item: Article | tuple[Article, Any]) -> tuple[bool, Any]:
    # One article's failure must not stop the run: it is recorded against that
    # article (status 'failed', with the reason) and the run goes on.
    try:
        if isinstance(item, tuple):
            return True, stage.compute(*item)  # type: ignore[call-arg]
        return True, stage.compute(item)
    except Exception as error:  # noqa: BLE001 - isolation boundary, reported below
        return False, f"{error.__class__.__name__}: {error}"


def _guarded_many(stage: Stage, articles: list[Article]) -> list[tuple[bool, Any]]:
    """A batch through ``compute_many``; when the batch fails, each article on its own,
    so that only the article at fault is marked failed."""
    try:
        results = stage.compute_many(articles)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - isolation boundary: retried one by one below
        return [_guarded(stage, article) for article in articles]
    return [(True, result) for result in results]


def _chunks(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while chunk := list(islice(articles, size)):
        yield chunk


def _outcomes(
    stage: Stage,
    articles: Iterator[Article],
    settings: PipelineSettings,
    store: Store,
    idle: Callable[[], None],
    preload: list[str],
    executor: Executor,
) -> Iterator[tuple[Article, bool, Any]]:
    """Each pending article with (ok, result), computed by the executor, in order; an article
    over its time budget, or whose worker died, is (False, reason)."""
    common: dict[str, Any] = {
        **executor.options(settings.article_seconds or None),
        # Every stage's module, since the fork server starts once per process, with the first stage's list.
        "preload": preload,
        "on_lost": _lost,
        "idle": idle,
        "idle_every": COMMIT_SECONDS,
        "warm": getattr(stage, "warm", None),
    }
    work = functools.partial(_guarded, stage)
    if getattr(stage, "batched", False):
        many = functools.partial(_guarded_many, stage)
        size = getattr(stage, "batch_size", BATCH)
        for article, outcome in ordered_map(work, articles, many=many, chunksize=size, **common):
            assert outcome is not None
            yield article, *outcome
        return
    if hasattr(stage, "load_inputs"):
        items: Iterator[Any] = _with_inputs(stage, articles, store)
    else:
        items = articles
    for item, outcome in ordered_map(work, items, **common):
        assert outcome is not None
        yield (item[0] if isinstance(item, tuple) else item), *outcome


def _lost(_item: object, reason: str) -> tuple[bool, str]:
    if reason.startswith("took longer"):
        return False, f"stopped: {reason}; split the article or raise pipeline.article_seconds"
    return False, f"stopped: {reason}"


COMMIT_SECONDS = 20.0  # while a slow article is worked on, what is done before it is committed this often

BATCH = 16  # articles a batched stage gets at a time, unless it says otherwise


def _with_inputs(stage: Stage, articles: Iterator[Article], store: Store) -> Iterator[tuple[Article, Any]]:
    """Articles paired with what the stage reads of earlier stages' output (a parse),
    loaded from the store in the main process, a chunk at a time."""
    for chunk in _chunks(articles, 64):
        with store.reading() as connection:
            inputs = stage.load_inputs(connection, [a.id for a in chunk])  # type: ignore[attr-defined]
        for article in chunk:
            yield article, inputs.get(article.id)


def upstream(stage: Stage, pipeline: list[Stage]) -> dict[str, str]:
    """The stages whose output ``stage`` reads, directly or through another, with their versions."""
    by_name = {each.name: each for each in pipeline}
    found: dict[str, str] = {}
    waiting = list(stage.requires)
    while waiting:
        name = waiting.pop()
        if name not in found and name in by_name:
            found[name] = by_name[name].version
            waiting.extend(by_name[name].requires)
    return found


def _shared(stage: Stage, leases: Leases) -> bool:
    """Whether runs side by side split this stage's articles between them (see the module's docstring)."""
    return leases.active and not getattr(stage, "ordered", False) and not getattr(stage, "per_story", False)


def pending_articles(
    store: Store, stage: Stage, chunk: int, ready: dict[str, str], leases: Leases | None = None
) -> Iterator[Article]:
    """The stage's pending articles whose earlier stages have run: claimed a chunk at a time
    with ``leases``, else in id order up to the first that is not ready."""
    after = ""
    while True:
        if leases is not None:
            ids = leases.take(stage.name, stage.version, ready, chunk)
        else:
            with store.reading() as connection:
                ids = pending_article_ids(
                    connection, stage.name, stage.version, after=after, limit=chunk, ready=ready
                )
        if not ids:
            return
        with store.reading() as connection:
            batch = get_articles(connection, ids)
        yield from batch
        after = ids[-1]


def _commit(
    store: Store,
    stage: Stage,
    stale: list[str],
    batch: list[tuple[Article, bool, Any]],
    report: StageReport,
    leases: Leases,
) -> None:
    """One transaction: the stage's output for the batch and the record that it is done."""
    leases.keep_alive()
    if not batch:
        return
    with store.transaction() as connection:
        leases.done(connection, stage.name, [article.id for article, _ok, _result in batch])
        for article, ok, result in batch:
            if ok:
                stage.commit(connection, article, result)
                record_run(connection, article.id, stage.name, stage.version)
                report.done += 1
                # A result may carry warnings: a part skipped or cut, said per article.
                report.warnings.extend((article.id, warning) for warning in getattr(result, "warnings", ()))
            else:
                record_run(connection, article.id, stage.name, stage.version, "failed", result)
                report.failed += 1
                report.failures.append((article.id, result))
                log.warning("stage %s failed on article %s: %s", stage.name, article.id, result)
            forget_runs(connection, article.id, stale)
    batch.clear()


def analyze(
    store: Store,
    settings: Settings,
    names: tuple[str, ...] | list[str] = DEFAULT_STAGES,
    on_progress: Callable[[str, int], None] | None = None,
    on_stage: Callable[[str, int], None] | None = None,
) -> list[StageReport]:
    """Run every stage over the articles it has not processed at its current version.

    ``on_stage(name, pending)`` is called as each stage starts, with what it has to do (known
    only then: a story stage's work depends on the stages before it); ``on_progress(name, n)``
    as it does it.

    Safe beside another run on the same store: on SQLite the second waits for the store
    (``store.wait``) or raises StoreBusy; on PostgreSQL the runs split the articles of the
    stages that allow it and take turns at the others (see the module's docstring)."""
    pipeline = assemble(names, settings)
    warms = [warm for stage in pipeline if (warm := getattr(stage, "warm", None)) is not None]
    with open_executor(settings.pipeline, warms) as executor, store.writing("analyze"):
        leases = Leases(store, settings.store.lease)
        reports = []
        try:
            for stage in pipeline:
                if on_stage is not None:
                    on_stage(stage.name, _pending(store, stage))
                if _shared(stage, leases):
                    reports.append(
                        _run_stage(store, stage, pipeline, settings, executor, on_progress, leases)
                    )
                    continue
                leases.wait_for_others(upstream(stage, pipeline))
                with store.one_at_a_time(f"stage {stage.name}"):
                    reports.append(
                        _run_stage(store, stage, pipeline, settings, executor, on_progress, leases)
                    )
        finally:
            leases.close()
    return reports


def _run_stage(
    store: Store,
    stage: Stage,
    pipeline: list[Stage],
    settings: Settings,
    executor: Executor,
    on_progress: Callable[[str, int], None] | None,
    leases: Leases,
) -> StageReport:
    report = StageReport(stage.name, stage.version)
    if getattr(stage, "per_story", False):
        report.unit = "stories"
        return _run_per_story(store, stage, report, on_progress, executor)
    stale = dependants(stage, pipeline)
    batch: list[tuple[Article, bool, Any]] = []
    claimed = leases if _shared(stage, leases) else None
    ready = {name: version for name, version in upstream(stage, pipeline).items() if name in stage.requires}
    committed = time.monotonic()

    def commit() -> None:
        nonlocal committed
        _commit(store, stage, stale, batch, report, leases)
        committed = time.monotonic()

    # A slow article must not hold back what is done before it: that is committed by time too,
    # also while the run waits on the slow one (``idle``).
    preload = sorted({type(each).__module__ for each in pipeline})
    while True:
        articles = pending_articles(store, stage, settings.pipeline.batch_size, ready, claimed)
        for outcome in _outcomes(stage, articles, settings.pipeline, store, commit, preload, executor):
            batch.append(outcome)
            if on_progress is not None:
                on_progress(stage.name, 1)
            if len(batch) >= settings.pipeline.batch_size or time.monotonic() - committed >= COMMIT_SECONDS:
                commit()
        commit()
        # Articles another run has claimed: wait until it stores them, or until its claims run
        # out (it was stopped), and then take them over.
        if claimed is None or not claimed.wait_for_others([stage.name]):
            break
    if hasattr(stage, "finish"):
        with store.transaction() as connection:
            stage.finish(connection)
    return report


def _run_per_story(
    store: Store,
    stage: Any,
    report: StageReport,
    on_progress: Callable[[str, int], None] | None,
    executor: Executor = INLINE,
) -> StageReport:
    """A story-level stage: each pending story read in the main process, computed by the
    executor, and written in its own transaction, in order, so an interrupted run resumes
    with the stories left; one story's failure is reported and the run goes on."""
    with store.transaction() as connection:
        pending = stage.pending(connection)

    def loaded() -> Iterator[tuple[str, str, Any]]:
        for story_id, fingerprint in pending:
            try:
                with store.reading() as connection:
                    story = stage.load_story(connection, story_id)
            except CorroboratorError:
                raise
            except Exception as error:  # noqa: BLE001 - isolation boundary, reported below
                story = _Unread(f"{error.__class__.__name__}: {error}")
            yield story_id, fingerprint, story

    work = functools.partial(_aligned, stage)
    warm = getattr(stage, "warm", None)
    for (story_id, fingerprint, _story), outcome in ordered_map(
        work, loaded(), chunksize=1, warm=warm, **executor.options(None)
    ):
        assert outcome is not None
        ok, result = outcome
        if ok:
            try:
                with store.transaction() as connection:
                    stage.commit_story(connection, story_id, fingerprint, result)
            except CorroboratorError:
                raise
            except Exception as error:  # noqa: BLE001 - isolation boundary, reported below
                ok, result = False, f"{error.__class__.__name__}: {error}"
        if not ok:
            report.failed += 1
            report.failures.append((story_id, result))
            log.warning("stage %s failed on story %s: %s", stage.name, story_id, result)
            continue
        report.done += 1
        report.warnings.extend((story_id, warning) for warning in stage.warnings(result))
        if on_progress is not None:
            on_progress(stage.name, 1)
    return report


@dataclass(frozen=True)
class _Unread:
    """A story whose inputs could not be read, and why."""

    reason: str


def _aligned(stage: Any, item: tuple[str, str, Any]) -> tuple[bool, Any]:
    """One story computed from its inputs: (True, result), or (False, reason); an error of
    ours (a bad setting, say) is raised, in the main process, to stop the run."""
    story = item[2]
    if isinstance(story, _Unread):
        return False, story.reason
    try:
        return True, stage.align(story)
    except CorroboratorError:
        raise
    except Exception as error:  # noqa: BLE001 - isolation boundary, reported by the caller
        return False, f"{error.__class__.__name__}: {error}"


def _pending(store: Store, stage: Stage) -> int:
    """The articles (or, for a story stage, the stories) ``stage`` has yet to process."""
    if getattr(stage, "per_story", False):
        with store.transaction() as connection:
            return len(stage.pending(connection))  # type: ignore[attr-defined]
    total, after = 0, ""
    with store.reading() as connection:
        while ids := pending_article_ids(connection, stage.name, stage.version, after=after, limit=5000):
            total += len(ids)
            after = ids[-1]
    return total


def pending_count(
    store: Store, settings: Settings, names: tuple[str, ...] | list[str] = DEFAULT_STAGES
) -> int:
    """How many (article, stage) pairs the next ``analyze`` would process (story stages
    counted as they stand now, before the stages they follow have run)."""
    return sum(_pending(store, stage) for stage in assemble(names, settings))
