"""Outlet facts in a real store: found by id, host, URL or name; kept when not given; used
by articles ingested later; and a change re-aligns the stories of the outlet's articles."""

from __future__ import annotations

from tests.store.test_store import draft

from corroborator.align.stage import AlignStage
from corroborator.config import Settings
from corroborator.store import Store, add_articles
from corroborator.store.outlets import OutletFacts, find_outlet, set_outlet_facts
from corroborator.store.presentation import outlet_rows


def _facts(store: Store) -> dict[str, tuple[object, ...]]:
    with store.reading() as connection:
        return {
            row["id"]: (row["name"], row["country"], row["state_affiliated"], row["wire_service"])
            for row in outlet_rows(connection)
        }


def test_facts_create_or_update_an_outlet_and_keep_what_is_not_given(store: Store) -> None:
    with store.transaction() as connection:
        assert set_outlet_facts(
            connection, OutletFacts("https://www.vostok.example/a", None, "Russia", True)
        ) == (
            "vostok.example",
            True,
        )
        assert set_outlet_facts(connection, OutletFacts("Harbour Daily", country="Ireland")) == (
            "harbour-daily",
            True,
        )
        assert set_outlet_facts(connection, OutletFacts("VOSTOK.example", wire_service=False)) == (
            "vostok.example",
            False,
        )
        assert find_outlet(connection, "harbour daily") == "harbour-daily"
        assert find_outlet(connection, "nowhere.example") is None
    assert _facts(store) == {
        "vostok.example": ("vostok.example", "Russia", True, False),
        "harbour-daily": ("Harbour Daily", "Ireland", None, None),
    }
    with store.transaction() as connection:
        add_articles(connection, [draft("The port reopened on Monday.", url="https://vostok.example/port")])
    assert _facts(store)["vostok.example"][1:] == ("Russia", True, False)


def test_changing_an_outlets_facts_makes_its_stories_pending_for_alignment(
    store: Store, settings: Settings
) -> None:
    from corroborator.store.align_inputs import mark_aligned
    from corroborator.store.stories import ensure_story, set_member

    with store.transaction() as connection:
        article_id = add_articles(
            connection, [draft("The port reopened on Monday.", url="https://vostok.example/port")]
        )[0].article_id
        ensure_story(connection, "port", None)
        set_member(connection, article_id, "port")
        stage = AlignStage(settings)
        for story_id, fingerprint in stage.pending(connection):
            mark_aligned(connection, story_id, fingerprint, None)
        assert stage.pending(connection) == []
        set_outlet_facts(connection, OutletFacts("vostok.example", country="Russia", state_affiliated=True))
        assert [story for story, _ in stage.pending(connection)] == ["port"]
