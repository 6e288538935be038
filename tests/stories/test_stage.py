from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborator.config import Settings
from corroborator.errors import CorroboratorError
from corroborator.models import ArticleDraft, PartialTime, Precision
from corroborator.pipeline import analyze
from corroborator.store import Store, add_articles
from corroborator.store.stories import iter_stories, resolve_article, story_of
from corroborator.store.story_signals import notes_of
from corroborator.stories import manual

from .corpus import FLOOD_A, FLOOD_B, RATES, STRIKES_A, STRIKES_B, all_drafts, draft

STAGES = ("dedupe", "stories")


def _add(store: Store, drafts: list[ArticleDraft]) -> None:
    with store.transaction() as connection:
        add_articles(connection, drafts)


def _stories_by_url(store: Store) -> dict[str, str]:
    with store.reading() as connection:
        return {
            url: story.id for story in iter_stories(connection) for url in _urls(store, story.article_ids)
        }


def _urls(store: Store, ids: list[str]) -> list[str]:
    from corroborator.store.articles import get_articles

    with store.reading() as connection:
        return [a.url for a in get_articles(connection, ids) if a.url]


def _by_event(found: dict[str, str]) -> list[set[str]]:
    return [{found[url] for url, *_ in event} for event in (FLOOD_A, FLOOD_B, RATES)]


def test_events_of_one_kind_a_week_apart_are_two_stories(store: Store, settings: Settings) -> None:
    _add(store, all_drafts())
    analyze(store, settings, STAGES)
    flood_a, flood_b, rates = _by_event(_stories_by_url(store))
    assert len(flood_a) == len(flood_b) == len(rates) == 1, (flood_a, flood_b, rates)
    assert len(flood_a | flood_b | rates) == 3
    with store.reading() as connection:
        stories = {story.id: story for story in iter_stories(connection)}
    harwick = stories[next(iter(flood_a))]
    assert harwick.n_articles == 3
    assert harwick.n_outlets == 3
    assert harwick.first_published is not None
    assert harwick.first_published.value == "2025-03-03"
    assert harwick.last_published is not None
    assert harwick.last_published.value == "2025-03-04"
    assert "Harwick" in harwick.label
    assert "Harwick" in harwick.key_entities


def test_two_nights_of_strikes_told_alike_are_two_stories(store: Store, settings: Settings) -> None:
    _add(store, [draft(*item) for item in STRIKES_A + STRIKES_B])
    analyze(store, settings, STAGES)
    found = _stories_by_url(store)
    first, second = ({found[url] for url, *_ in night} for night in (STRIKES_A, STRIKES_B))
    assert len(first) == len(second) == 1
    assert first != second


def test_a_report_in_another_language_joins_the_story_of_its_event(store: Store, settings: Settings) -> None:
    russian = draft(
        "https://severnyvestnik.example/harvik-navodnenie",
        "Severny Vestnik",
        "Река Оск затопила Харвик: сотни жителей эвакуированы",
        "2025-03-04",
        "Река Оск вышла из берегов в Харвике в понедельник и затопила 340 домов в старом мельничном "
        "районе. Мэр Элин Сорвик сообщила, что пожарные на лодках вывозили семьи с верхних этажей. "
        "Мост в Харвике закрыт, поезда до Данмира отменены.",
    ).model_copy(update={"language": "ru"})
    _add(store, [*all_drafts(), russian])
    analyze(store, settings, STAGES)
    found = _stories_by_url(store)
    assert found[russian.url or ""] == found[FLOOD_A[0][0]]
    assert found[FLOOD_A[0][0]] != found[FLOOD_B[0][0]]


def test_adding_articles_later_keeps_story_ids(store: Store, settings: Settings) -> None:
    drafts = all_drafts()
    _add(store, drafts[:4])
    analyze(store, settings, STAGES)
    before = _stories_by_url(store)
    _add(store, drafts[4:])
    analyze(store, settings, STAGES)
    after = _stories_by_url(store)
    harwick = FLOOD_A[0][0]
    assert after[harwick] == before[harwick]
    assert {after[url] for url, *_ in FLOOD_A} == {before[harwick]}


def test_an_identical_copy_at_another_outlet_joins_the_story_and_the_copy_group(
    store: Store, settings: Settings
) -> None:
    url, _outlet, title, day, text = FLOOD_A[0]
    _add(store, [*all_drafts(), draft("https://reprints.example/harwick", "Reprints", title, day, text)])
    analyze(store, settings, STAGES)
    found = _stories_by_url(store)
    assert found["https://reprints.example/harwick"] == found[url]
    with store.reading() as connection:
        story = next(s for s in iter_stories(connection) if s.id == found[url])
        copy_id = resolve_article(connection, "https://reprints.example/harwick")
        assert copy_id is not None
        assert notes_of(connection, [copy_id])[copy_id].startswith("copy of ")
    assert story.n_articles == 4
    assert story.n_copy_groups == 3


def test_bad_input_is_placed_or_left_alone_with_a_reason(store: Store, settings: Settings) -> None:
    body = FLOOD_A[1][4]
    odd = [
        draft("https://odd.example/no-title", "Odd", None, "2025-03-03", body),
        draft("https://odd.example/one-line", "Odd", "Harwick", "2025-03-03", "Harwick flooded."),
        draft("https://odd.example/no-date", "Odd", "Harwick under water", None, body + " More soon."),
        draft("https://odd.example/future", "Odd", "Harwick", "2031-01-01", body + " Updated."),
        draft("https://odd.example/epoch", "Odd", "Harwick", "1970-01-01", body + " Corrected."),
        draft("https://odd.example/symbols", "Odd", "—", None, "… — … !!! ???"),
    ]
    _add(store, [*all_drafts(), *odd])
    reports = analyze(store, settings, STAGES)
    assert all(report.failed == 0 for report in reports)
    with store.reading() as connection:
        ids = {d.url: resolve_article(connection, d.url or "") for d in odd}
        notes = notes_of(connection, [i for i in ids.values() if i])
        placed = story_of(connection, [i for i in ids.values() if i])
    assert "no publication date" in notes[ids["https://odd.example/no-date"] or ""]
    assert "implausible" in notes[ids["https://odd.example/future"] or ""]
    assert "implausible" in notes[ids["https://odd.example/epoch"] or ""]
    assert "left out of stories" in notes[ids["https://odd.example/symbols"] or ""]
    assert ids["https://odd.example/symbols"] not in placed
    found = _stories_by_url(store)
    harwick = found[FLOOD_A[0][0]]
    assert found["https://odd.example/no-title"] == harwick
    for url in ("https://odd.example/no-date", "https://odd.example/future", "https://odd.example/epoch"):
        assert url in found  # placed by content, without a window


def test_a_thousand_articles_with_one_timestamp(store: Store, settings: Settings) -> None:
    stamp = PartialTime(value="2025-03-05T09:00Z", precision=Precision.MINUTE)
    drafts = [
        draft(
            f"https://many.example/{n}",
            f"Outlet {n % 40}",
            f"Bulletin {n}",
            None,
            f"Bulletin number {n} from desk {n % 7}: traffic on route {n % 13} is slow.",
        ).model_copy(update={"published": stamp})
        for n in range(1000)
    ]
    _add(store, drafts)
    reports = analyze(store, settings, STAGES)
    assert [r.failed for r in reports] == [0, 0]
    with store.reading() as connection:
        placed = sum(story.n_articles for story in iter_stories(connection))
    assert placed == 1000


def test_a_users_merge_split_and_move_survive_a_rerun(store: Store, settings: Settings) -> None:
    _add(store, all_drafts())
    analyze(store, settings, STAGES)
    found = _stories_by_url(store)
    harwick, lindqvist, rates = found[FLOOD_A[0][0]], found[FLOOD_B[0][0]], found[RATES[0][0]]
    with store.transaction() as connection:
        manual.merge(connection, harwick, lindqvist)
        moved_from = manual.move(connection, RATES[1][0], harwick)
        assert moved_from == rates
        new = manual.split(connection, harwick, [FLOOD_A[2][0]])
        with pytest.raises(CorroboratorError, match="no story 'nope'"):
            manual.merge(connection, harwick, "nope")
        with pytest.raises(CorroboratorError, match="not in story"):
            manual.split(connection, harwick, [RATES[0][0]])
    expected = {
        **{url: harwick for url, *_ in FLOOD_A + FLOOD_B},
        RATES[1][0]: harwick,
        FLOOD_A[2][0]: new,
        RATES[0][0]: rates,
    }
    assert _stories_by_url(store) == expected
    # A new version of the stage places every article again; the user's work stays.
    changed = settings.model_copy(update={"stories": settings.stories.model_copy(update={"link": 0.05})})
    analyze(store, changed, STAGES)
    assert _stories_by_url(store) == expected


def test_export_stories_and_articles_carry_the_story(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    from corroborator.export import export_records, write_jsonl

    _add(store, all_drafts())
    analyze(store, settings, STAGES)
    path = tmp_path / "stories.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        write_jsonl(export_records("stories", store), stream)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert sum(r["n_articles"] for r in records) == len(all_drafts())
    assert all(m["url"] and m["article_id"] for r in records for m in r["members"])
    articles = list(export_records("articles", store))
    stories = {r["id"] for r in records}
    assert {a.story for a in articles} <= stories


def _families_of_stories(store: Store) -> dict[str, set[str | None]]:
    from corroborator.store.story_signals import family_of

    with store.reading() as connection:
        found: dict[str, set[str | None]] = {}
        for story in iter_stories(connection):
            families = family_of(connection, story.article_ids)
            found[story.id] = {families.get(a) for a in story.article_ids}
    return found


def test_a_rerun_that_places_articles_apart_splits_their_stories(store: Store, settings: Settings) -> None:
    _add(store, all_drafts())
    analyze(store, settings, STAGES)
    before = _families_of_stories(store)
    assert all(len(families) == 1 for families in before.values())
    apart = settings.model_copy(update={"stories": settings.stories.model_copy(update={"join": 0.99})})
    analyze(store, apart, STAGES)
    after = _families_of_stories(store)
    assert all(len(families) == 1 for families in after.values()), after
    assert len(after) == len(all_drafts())  # every article alone: no story kept its old members


def test_a_pinned_article_in_a_family_too_large_to_relink_stays(store: Store, settings: Settings) -> None:
    small = settings.model_copy(update={"stories": settings.stories.model_copy(update={"max_recluster": 2})})
    _add(store, all_drafts())
    analyze(store, small, STAGES)
    found = _stories_by_url(store)
    rates = found[RATES[0][0]]
    with store.transaction() as connection:
        manual.move(connection, FLOOD_A[0][0], rates)
    again = small.model_copy(update={"stories": small.stories.model_copy(update={"link": 0.05})})
    analyze(store, again, STAGES)
    assert _stories_by_url(store)[FLOOD_A[0][0]] == rates


def test_a_superseded_revision_leaves_its_story(store: Store, settings: Settings) -> None:
    _add(store, all_drafts())
    analyze(store, settings, STAGES)
    url, outlet, title, day, text = FLOOD_A[0]
    with store.reading() as connection:
        old = resolve_article(connection, url)
    _add(store, [draft(url, outlet, title, day, text + " The water began to fall on Thursday.")])
    with store.reading() as connection:
        assert old is not None
        assert old not in story_of(connection, [old])
        assert "superseded" in notes_of(connection, [old])[old]
    analyze(store, settings, STAGES)
    found = _stories_by_url(store)
    assert found[url] == found[FLOOD_A[1][0]]
    with store.reading() as connection:
        assert sum(story.n_articles for story in iter_stories(connection)) == len(all_drafts())


def test_an_article_left_in_a_family_of_its_own_joins_its_event_at_the_end_of_the_run(
    store: Store, settings: Settings
) -> None:
    """An article placed before its event's family had formed keeps a family of its own
    (here forced by a join bar no article reaches); ``finish`` scores it again with the
    families the run has grown and moves it into its event's, not into another event's."""
    from sqlalchemy import select

    from corroborator.store import tables
    from corroborator.store.articles import get_articles
    from corroborator.stories.stage import StoriesStage

    late = draft(
        "https://townpaper.example/harwick-gym",
        "Town Paper",
        "Harwick families spend a second night in the school gym",
        "2025-03-04",
        "Residents of Harwick spent a second night in a school gym after the River Osk flooded the "
        "mill district. Mayor Elin Sorvik said 340 homes were damaged and the Dunmere trains are "
        "still suspended.",
    )
    drafts = [*all_drafts(), late]
    _add(store, drafts)
    with store.reading() as connection:
        ids = dict(connection.execute(select(tables.articles.c.url, tables.articles.c.id)).all())
        articles = get_articles(connection, [ids[d.url] for d in drafts])
    stage = StoriesStage(settings)
    placements = stage.compute_many(articles)
    usual = stage.settings
    for article, placement in zip(articles, placements, strict=True):
        if article.url == late.url:
            stage.settings = usual.model_copy(update={"join": 2.0})
        with store.transaction() as connection:
            stage.commit(connection, article, placement)
    stage.settings = usual
    found = _stories_by_url(store)
    assert found[late.url or ""] not in {found[url] for url, *_ in FLOOD_A}
    with store.transaction() as connection:
        stage.finish(connection)
    found = _stories_by_url(store)
    flood_a, flood_b, rates = _by_event(found)
    assert found[late.url or ""] in flood_a
    assert len(flood_a) == 1
    assert len(flood_a | flood_b | rates) == 3


def test_the_stage_sent_to_workers_carries_its_settings_not_its_caches(settings: Settings) -> None:
    """Workers get the stage pickled by the pool's feeder thread while the main process
    changes its caches: only the settings travel."""
    import pickle

    from corroborator.stories.stage import StoriesStage

    stage = StoriesStage(settings)
    stage._touched.add("a-family")
    copy = pickle.loads(pickle.dumps(stage))
    assert copy.settings == stage.settings
    assert copy.version == stage.version
    assert copy._touched == set()
    assert copy.compute_many([]) == []
