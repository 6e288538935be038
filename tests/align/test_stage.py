"""The align stage in a real store: per story, only changed stories again, idempotent, resumable."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select
from tests.store.test_store import draft

from corroborator.align.stage import AlignStage, StoryInputs
from corroborator.config import Settings
from corroborator.pipeline.executor import Executor
from corroborator.pipeline.runner import StageReport, _run_per_story
from corroborator.store import Store, add_article
from corroborator.store.claim_groups import iter_claim_groups
from corroborator.store.extraction import save_claims
from corroborator.store.stages import record_run
from corroborator.store.stories import drop_empty_stories, ensure_story, remove_member, set_member
from corroborator.store.tables import story_alignments


class _Claim:
    def __init__(self, end: int, claimant: str) -> None:
        self.span = (0, end)
        self.status = "attributed"
        self.hedges: list[str] = []
        self.denials: list[str] = []
        self.chain = [claimant, "paper.example"]
        self.claimant = claimant
        self.subjective = False


def _add(store: Store, story_id: str, number: int, text: str, claimant: str) -> str:
    with store.transaction() as connection:
        ensure_story(connection, story_id, None)
        article_id = add_article(connection, draft(text, url=f"https://paper{number}.example/a")).article_id
        set_member(connection, article_id, story_id)
        save_claims(connection, article_id, text, [(_Claim(len(text), claimant), None)])
        for stage in ("extract", "entities"):
            record_run(connection, article_id, stage, "test")
    return article_id


def _run(store: Store, settings: Settings) -> StageReport:
    return _run_per_story(store, AlignStage(settings), StageReport("align", "test", unit="stories"), None)


def _aligned(store: Store) -> dict[str, object]:
    with store.reading() as connection:
        query = select(story_alignments.c.story_id, story_alignments.c.aligned_at)
        return {row[0]: row[1] for row in connection.execute(query)}


def _flood_and_fire(store: Store) -> str:
    """Two reports of a flood (one story) and one of a fire (another); the flood's text."""
    text = "The governor said floodwater had cut off three villages in the valley overnight."
    _add(store, "flood", 1, text, "The governor")
    _add(store, "flood", 2, text.replace("overnight", "on Monday night"), "the regional governor")
    _add(
        store,
        "fire",
        3,
        "Firefighters said the blaze at the timber yard was under control by noon.",
        "Firefighters",
    )
    return text


def test_only_changed_stories_are_aligned_again_and_a_rerun_changes_nothing(
    store: Store, settings: Settings
) -> None:
    text = _flood_and_fire(store)
    assert _run(store, settings).done == 2
    with store.reading() as connection:
        [flood] = list(iter_claim_groups(connection, "flood"))
    assert flood.n_articles == 2
    first = _aligned(store)
    again = _run(store, settings)
    assert (again.done, again.failed) == (0, 0)
    assert _aligned(store) == first
    _add(store, "flood", 4, text.replace("three", "several"), "officials")
    assert _run(store, settings).done == 1
    later = _aligned(store)
    assert later["fire"] == first["fire"]
    assert later["flood"] != first["flood"]


def test_a_story_that_is_gone_is_forgotten(store: Store, settings: Settings) -> None:
    article_id = _add(
        store, "lone", 1, "The minister said the new bridge will open in the spring.", "The minister"
    )
    assert _run(store, settings).done == 1
    with store.transaction() as connection:
        remove_member(connection, article_id)
        drop_empty_stories(connection, ["lone"])
    assert _run(store, settings).done == 0
    assert _aligned(store) == {}
    with store.reading() as connection:
        assert list(iter_claim_groups(connection)) == []


def test_an_article_that_gives_no_claim_is_named_in_its_storys_notes_with_the_reason(
    store: Store, settings: Settings
) -> None:
    from corroborator.models import ArticleDraft
    from corroborator.pipeline import analyze
    from corroborator.store import add_articles

    def article(url: str, title: str, text: str, language: str = "en") -> ArticleDraft:
        return draft(text, url=url).model_copy(update={"title": title, "language": language})

    drafts = [
        article(
            "https://valleypost.example/dam",
            "Dam on the Osk gives way",
            "The dam above Harwick gave way on Monday night, the regional governor said. Officials "
            "said 340 homes in the mill district were flooded and the Dunmere railway was closed.",
        ),
        article(
            "https://valleypost.example/live",
            "Dam on the Osk: live",
            "Share this article. Leave a Reply. Subscribe to our newsletter.",
        ),
        article(
            "https://dumka.example/dam",
            "Дамба на Оску прорвалася",
            "Дамба над Гарвіком прорвалася в понеділок уночі, повідомив губернатор.",
            language="uk",
        ),
    ]
    with store.transaction() as connection:
        add_articles(connection, drafts)
    analyze(store, settings)
    with store.reading() as connection:
        notes = "\n".join(row[0] or "" for row in connection.execute(select(story_alignments.c.note)))
    assert "article https://valleypost.example/live (" in notes
    assert "no claim was found in its text" in notes
    assert "article https://dumka.example/dam (" in notes
    assert "not extracted: language uk" in notes
    assert "article https://valleypost.example/dam (" not in notes


def _groups(store: Store) -> list[tuple[str, str, int, str]]:
    with store.reading() as connection:
        return sorted((g.story_id, g.label, g.n_articles, g.verdict) for g in iter_claim_groups(connection))


def test_stories_aligned_in_worker_processes_store_what_they_store_inline(
    store: Store, settings: Settings
) -> None:
    _flood_and_fire(store)
    assert _run(store, settings).done == 2
    inline = _groups(store)
    with store.transaction() as connection:
        connection.execute(delete(story_alignments))
    report = _run_per_story(
        store,
        AlignStage(settings),
        StageReport("align", "test", unit="stories"),
        None,
        Executor("processes", 2),
    )
    assert (report.done, report.failed) == (2, 0)
    assert _groups(store) == inline


def test_a_story_that_cannot_be_aligned_is_reported_and_the_others_are_aligned(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "The governor said floodwater had cut off three villages in the valley overnight."
    _add(store, "flood", 1, text, "The governor")
    _add(
        store,
        "fire",
        2,
        "Firefighters said the blaze at the timber yard was under control by noon.",
        "Firefighters",
    )
    real = AlignStage.align

    def failing(self: AlignStage, story: StoryInputs) -> object:
        if story.story_id == "fire":
            raise ValueError("no room for this story")
        return real(self, story)

    monkeypatch.setattr(AlignStage, "align", failing)
    report = _run(store, settings)
    assert (report.done, report.failed) == (1, 1)
    assert report.failures == [("fire", "ValueError: no room for this story")]
    assert set(_aligned(store)) == {"flood"}
