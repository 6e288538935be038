"""A time budget per article (``pipeline.article_seconds``): a real article too long for its
budget is stopped in its worker process, recorded as failed with the reason, and the run goes
on; what is done before a slow article is committed while it is still being worked on."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import corroborator.pipeline.runner as runner
from corroborator.config import Settings, load_settings
from corroborator.models import ArticleDraft, Provenance, SourceKind
from corroborator.pipeline import analyze
from corroborator.store import Store, add_articles
from corroborator.store.tables import stage_runs

SHORT = (
    "The port authority said {n} cranes were repaired on Monday. "
    "“We kept the quay open all night,” a dock worker, Mira Holt, told the local paper."
)


def _long_text(chars: int) -> str:
    paragraphs = []
    n = 0
    while sum(len(p) + 2 for p in paragraphs) < chars:
        paragraphs.append(
            SHORT.format(n=n) + f" The ferry office counted {n % 40 + 2} delays, its head said."
        )
        n += 1
    return "\n\n".join(paragraphs)


def _fill(store: Store, long_chars: int, short: int = 5) -> tuple[str, list[str]]:
    """``short`` short articles and one long one; the long one's id and every id, in id order."""
    drafts = [
        ArticleDraft(
            text=text,
            url=f"https://port.example/{n}",
            language="en",
            provenance=Provenance(kind=SourceKind.JSONL, source="t.jsonl"),
        )
        for n, text in enumerate([SHORT.format(n=n) for n in range(short)] + [_long_text(long_chars)])
    ]
    with store.transaction() as connection:
        add_articles(connection, drafts)
    return drafts[-1].article_id, sorted(draft.article_id for draft in drafts)


def _settings(settings: Settings, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"store.db": settings.store.db, "pipeline.workers": 1}
    values.update(overrides)
    return load_settings(overrides=values, environ={})


def _runs(store: Store, stage: str) -> dict[str, tuple[str, str | None]]:
    with store.reading() as connection:
        rows = connection.execute(
            select(stage_runs.c.article_id, stage_runs.c.status, stage_runs.c.message).where(
                stage_runs.c.stage == stage
            )
        )
        return {article_id: (status, message) for article_id, status, message in rows}


def _assert_only_the_long_one_stopped(
    store: Store, stage: str, long_id: str, ids: list[str], budget: float
) -> None:
    runs = _runs(store, stage)
    assert set(runs) == set(ids)
    status, message = runs[long_id]
    assert status == "failed"
    assert message == (
        f"stopped: took longer than its {budget:g} s budget (its worker process was replaced); "
        "split the article or raise pipeline.article_seconds"
    )
    assert {runs[i][0] for i in ids if i != long_id} == {"ok"}


@pytest.mark.slow
def test_an_article_over_its_parse_budget_is_stopped_and_recorded_and_the_rest_parsed(
    store: Store, settings: Settings
) -> None:
    long_id, ids = _fill(store, long_chars=150_000)
    budgeted = _settings(settings, **{"pipeline.article_seconds": 0.4})
    began = time.monotonic()
    [parse] = analyze(store, budgeted, ["parse"])
    elapsed = time.monotonic() - began
    assert (parse.done, parse.failed) == (5, 1)
    _assert_only_the_long_one_stopped(store, "parse", long_id, ids, 0.4)
    # The batch of six overran its 2.4 s, then the long article alone its 0.4 s; never the
    # many seconds its parse would take.
    assert elapsed < 20
    # A stopped article is not tried again by the next run; later stages go on without it.
    assert analyze(store, budgeted, ["parse"])[0].done == 0
    [_parse, extract] = analyze(store, _settings(settings), ["parse", "extract"])
    assert (extract.done, extract.failed) == (6, 0)


@pytest.mark.slow
def test_an_article_over_its_extract_budget_is_stopped_and_recorded_and_the_rest_extracted(
    store: Store, settings: Settings
) -> None:
    long_id, ids = _fill(store, long_chars=150_000)
    analyze(store, settings, ["parse"])  # no budget: parsed in this process
    # Extraction is much faster than the parse: the budget is smaller (short articles take ~10 ms).
    budgeted = _settings(settings, **{"pipeline.article_seconds": 0.1})
    [_parse, extract] = analyze(store, budgeted, ["parse", "extract"])
    assert (extract.done, extract.failed) == (5, 1)
    _assert_only_the_long_one_stopped(store, "extract", long_id, ids, 0.1)


@pytest.mark.slow
def test_what_is_done_before_a_slow_article_is_committed_while_it_is_worked_on(
    store: Store, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_id, ids = _fill(store, long_chars=120_000, short=12)
    before = ids.index(long_id)
    assert before >= 3, "the long article must come after some short ones for this test to mean anything"
    monkeypatch.setattr(runner, "COMMIT_SECONDS", 0.3)
    one_by_one = _settings(
        settings, **{"pipeline.article_seconds": 60, "nlp.batch_size": 1, "pipeline.batch_size": 100}
    )
    seen: list[int] = []
    run = threading.Thread(target=analyze, args=(store, one_by_one, ["parse"]))
    run.start()
    with Store(settings.store.db, create=False) as reader:
        while run.is_alive():
            seen.append(len(_runs(reader, "parse")))
            time.sleep(0.1)
    run.join()
    # The articles before the long one were in the store while it was still being parsed,
    # long before the batch of 100 filled.
    assert seen.count(before) >= 3, seen
    assert _runs(store, "parse")[long_id][0] == "ok"
