"""People's corrections of claim groups in a real store: each kind holds after the story is
aligned again from scratch (a new aligner version), a correction whose claims are gone is
named in the alignment notes with its reason, and bad input changes nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from tests.align.test_stage import _add, _run

from corroborator.align import manual
from corroborator.config import Settings
from corroborator.errors import CorroboratorError
from corroborator.models import ClaimGroup, CorrectionKind, Verdict
from corroborator.store import Connection, Store
from corroborator.store.claim_group_corrections import iter_corrections
from corroborator.store.claim_groups import iter_claim_groups
from corroborator.store.stories import drop_empty_stories, remove_member, set_member
from corroborator.store.tables import claim_group_corrections, story_alignments

FLOOD = "The governor said floodwater had cut off three villages in the valley overnight."


def _flood_story(store: Store) -> dict[str, str]:
    """A story of three propositions (villages cut off, a bridge fallen, a school shut), and a
    second story; returns each article's id by a short name."""
    return {
        "governor": _add(store, "flood", 1, FLOOD, "The governor"),
        "regional": _add(
            store, "flood", 2, FLOOD.replace("overnight", "on Monday night"), "the regional governor"
        ),
        "crews": _add(
            store,
            "flood",
            3,
            "Rescue crews said the old stone bridge on the northern road collapsed into the river.",
            "Rescue crews",
        ),
        "engineers": _add(
            store,
            "flood",
            4,
            "Engineers said the stone bridge north of the town fell into the swollen river.",
            "Engineers",
        ),
        "mayor": _add(
            store,
            "flood",
            5,
            "The mayor said the town's school would stay shut for the rest of the week.",
            "The mayor",
        ),
        "fire": _add(
            store,
            "fire",
            6,
            "Firefighters said the blaze at the timber yard was under control by noon.",
            "Firefighters",
        ),
    }


@pytest.fixture
def a(store: Store, settings: Settings) -> dict[str, str]:
    """The flood story and the fire story, aligned once: each article's id by a short name."""
    found = _flood_story(store)
    _run(store, settings)
    return found


def _groups(connection: Connection, story: str = "flood") -> list[ClaimGroup]:
    return list(iter_claim_groups(connection, story))


def _holding(connection: Connection, article_id: str) -> ClaimGroup:
    return next(g for g in _groups(connection) if any(m.article_id == article_id for m in g.members))


def _claim(group: ClaimGroup, article_id: str) -> str:
    return next(m.claim_id for m in group.members if m.article_id == article_id)


def _shape(connection: Connection) -> set[frozenset[str]]:
    return {frozenset(m.article_id for m in g.members) for g in _groups(connection)}


def _realign_from_scratch(store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new version of the aligner: every story is grouped afresh, corrections laid over."""
    monkeypatch.setattr("corroborator.align.stage.VERSION", "corrections-test")
    assert _run(store, settings).done == 2


def _notes(store: Store) -> str:
    with store.reading() as connection:
        return "\n".join(row[0] or "" for row in connection.execute(select(story_alignments.c.note)))


def test_merge_split_and_move_hold_after_the_story_is_aligned_from_scratch(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch, a: dict[str, str]
) -> None:
    with store.transaction() as connection:
        assert _shape(connection) == {
            frozenset((a["governor"], a["regional"])),
            frozenset((a["crews"], a["engineers"])),
            frozenset((a["mayor"],)),
        }
        bridge, school = _holding(connection, a["crews"]), _holding(connection, a["mayor"])
        merged = manual.realign(
            connection, settings, manual.merge(connection, bridge.id, school.id, by="Ana", reason="one item")
        )
        assert merged.note is None
        assert len(merged.group_ids) == 1
        villages = _holding(connection, a["governor"])
        manual.realign(
            connection,
            settings,
            manual.move(
                connection,
                _claim(_holding(connection, a["engineers"]), a["engineers"]),
                villages.id,
                by="Ana",
                reason="same night",
            ),
        )
        villages = _holding(connection, a["governor"])
        split = manual.realign(
            connection,
            settings,
            manual.split(
                connection, villages.id, [_claim(villages, a["regional"])], by="Ben", reason="later"
            ),
        )
        assert split.note is None
        assert len(split.group_ids) == 2
        expected = {
            frozenset((a["governor"], a["engineers"])),
            frozenset((a["regional"],)),
            frozenset((a["crews"], a["mayor"])),
        }
        assert _shape(connection) == expected
    _realign_from_scratch(store, settings, monkeypatch)
    assert _run(store, settings).done == 0  # aligned with its corrections: nothing left to do
    with store.reading() as connection:
        assert _shape(connection) == expected
        shown = _holding(connection, a["crews"])
        # merged with the school's group, and the engineers' claim moved out of it
        assert [(c.kind, c.by, c.reason) for c in shown.corrections] == [
            (CorrectionKind.MERGE, "Ana", "one item"),
            (CorrectionKind.MOVE, "Ana", "same night"),
        ]
        assert shown.n_articles == 2
    assert "correction #" not in _notes(store)


def test_same_source_verdict_and_review_hold_after_the_story_is_aligned_from_scratch(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch, a: dict[str, str]
) -> None:
    with store.transaction() as connection:
        villages = _holding(connection, a["governor"])
        assert villages.n_origins == 2
        manual.realign(
            connection,
            settings,
            manual.same_source(
                connection, villages.id, "The governor", "the regional governor", by="Ana", reason="one man"
            ),
        )
        bridge = _holding(connection, a["crews"])
        manual.realign(
            connection,
            settings,
            manual.set_verdict(connection, bridge.id, "corroborated", by="Ben", reason="seen on site photos"),
        )
        manual.realign(connection, settings, manual.mark_reviewed(connection, bridge.id, by="Cy"))
    _realign_from_scratch(store, settings, monkeypatch)
    with store.reading() as connection:
        villages, bridge = _holding(connection, a["governor"]), _holding(connection, a["crews"])
        assert (villages.n_origins, villages.origins) == (1, ["The governor"])
        assert villages.corrections[0].origins == ["The governor", "the regional governor"]
        assert bridge.verdict is Verdict.CORROBORATED
        assert bridge.reasons[0].startswith(
            "verdict set by hand to corroborated (the aligner's: single-party)"
        )
        assert bridge.reasons[0].endswith(": seen on site photos")
        assert [(c.kind, c.by) for c in bridge.corrections] == [
            (CorrectionKind.VERDICT, "Ben"),
            (CorrectionKind.REVIEWED, "Cy"),
        ]


def test_a_correction_stored_without_aligning_is_applied_by_the_next_run(
    store: Store, settings: Settings, a: dict[str, str]
) -> None:
    with store.transaction() as connection:
        bridge = _holding(connection, a["crews"])
        manual.set_verdict(connection, bridge.id, "disputed", by="Ana", reason="the photos are older")
    assert _run(store, settings).done == 1  # the flood story only: its fingerprint covers its corrections
    with store.reading() as connection:
        bridge = _holding(connection, a["crews"])
        assert bridge.verdict is Verdict.DISPUTED
        assert [c.reason for c in bridge.corrections] == ["the photos are older"]


def test_a_correction_whose_claims_are_gone_is_named_in_the_notes_and_kept(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch, a: dict[str, str]
) -> None:
    with store.transaction() as connection:
        bridge, school = _holding(connection, a["crews"]), _holding(connection, a["mayor"])
        manual.realign(connection, settings, manual.merge(connection, bridge.id, school.id, by="Ana"))
        remove_member(connection, a["mayor"])
        drop_empty_stories(connection, ["flood"])
    _realign_from_scratch(store, settings, monkeypatch)
    assert (
        "correction #1 (merge by Ana) no longer applies: one of the two groups it merged is gone"
        in _notes(store)
    )
    with store.reading() as connection:
        [kept] = iter_corrections(connection)
        assert kept.note is not None
        assert kept.group_ids == []
        assert all(not g.corrections for g in _groups(connection))


def test_a_correction_whose_story_is_gone_says_so_and_is_taken_up_where_its_claims_go(
    store: Store, settings: Settings, a: dict[str, str]
) -> None:
    with store.transaction() as connection:
        [fire] = _groups(connection, "fire")
        manual.realign(connection, settings, manual.mark_reviewed(connection, fire.id, by="Cy", reason="ok"))
        remove_member(connection, a["fire"])
        drop_empty_stories(connection, ["fire"])
    _run(store, settings)
    with store.reading() as connection:
        [kept] = iter_corrections(connection)
    assert kept.note is not None
    assert kept.note.startswith("its story is gone")
    with store.transaction() as connection:
        set_member(connection, a["fire"], "flood")
    _run(store, settings)
    with store.reading() as connection:
        [kept] = iter_corrections(connection)
        assert (kept.story_id, kept.note) == ("flood", None)
        assert [c.id for c in _holding(connection, a["fire"]).corrections] == [kept.id]


def _stored(store: Store) -> tuple[int, list[ClaimGroup]]:
    with store.reading() as connection:
        count = connection.execute(select(func.count()).select_from(claim_group_corrections)).scalar_one()
        return count, _groups(connection) + _groups(connection, "fire")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda c, g, f: manual.mark_reviewed(c, "no-such-group", by="Ana"),
            "no claim group 'no-such-group'",
        ),
        (lambda c, g, f: manual.merge(c, g.id, g.id, by="Ana"), "with itself: give two different groups"),
        (lambda c, g, f: manual.merge(c, g.id, f.id, by="Ana"), "are in different stories"),
        (lambda c, g, f: manual.move(c, g.claim_ids[0], f.id, by="Ana"), "a claim moves only between groups"),
        (
            lambda c, g, f: manual.set_verdict(c, g.id, "corroborated", by="Ana", reason="  "),
            "needs a reason",
        ),
        (lambda c, g, f: manual.set_verdict(c, g.id, "true", by="Ana", reason="x"), "'true' is no verdict"),
        (lambda c, g, f: manual.split(c, g.id, g.claim_ids, by="Ana"), "leaves it empty"),
        (lambda c, g, f: manual.split(c, g.id, ["nope"], by="Ana"), "not in claim group"),
        (
            lambda c, g, f: manual.same_source(c, g.id, "The governor", "Nobody", by="Ana"),
            "no origin 'Nobody'",
        ),
        (lambda c, g, f: manual.mark_reviewed(c, g.id, by=" "), "say who makes the correction"),
    ],
)
def test_bad_corrections_are_refused_in_one_line_and_change_nothing(
    store: Store, make: object, message: str, a: dict[str, str]
) -> None:
    before = _stored(store)
    with store.reading() as connection:
        villages = _holding(connection, a["governor"])
        [fire] = _groups(connection, "fire")
    with store.transaction() as connection, pytest.raises(CorroboratorError, match=r"^[^\n]*$") as refused:
        make(connection, villages, fire)  # type: ignore[operator]
    assert message in str(refused.value)
    assert _stored(store) == before


def test_origins_marked_as_one_in_a_chain_all_count_as_the_first() -> None:
    from datetime import UTC, datetime

    from corroborator.align.corrections import same_sources
    from corroborator.models import GroupCorrection

    def mark(number: int, first: str, second: str) -> GroupCorrection:
        return GroupCorrection(
            id=number,
            story_id="s",
            kind=CorrectionKind.SAME_SOURCE,
            claims=["c"],
            origins=[first, second],
            by="Ana",
            at=datetime(2031, 1, 1, tzinfo=UTC),
        )

    labels = {"k1": "the ministry", "k2": "its spokesman", "k3": "a ministry statement", "k4": "the army"}
    same, outcomes = same_sources(
        labels,
        [
            mark(1, "its spokesman", "a ministry statement"),
            mark(2, "the ministry", "its spokesman"),
            mark(3, "x", "y"),
        ],
    )
    assert same == {"its spokesman": "the ministry", "a ministry statement": "the ministry"}
    assert [outcomes[n].note for n in (1, 2)] == [None, None]
    assert outcomes[3].note == "origin 'x' is not in this story now"
