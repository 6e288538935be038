"""Ids given by their first characters: a prefix that names one row is completed, one that
starts several is refused in one line, one that names none is passed on to say so."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from corroborator.errors import AmbiguousId
from corroborator.store import Store
from corroborator.store.ids import complete_id
from corroborator.store.tables import stories

HARBOUR, HARVEST, FLOOD = "3fa01b2c3d4e5f60", "3fb9a8b7c6d5e4f3", "7c00112233445566"


@pytest.fixture
def filled(store: Store) -> Store:
    with store.transaction() as connection:
        connection.execute(
            insert(stories),
            [
                {"id": i, "label": label, "key_entities": []}
                for i, label in [
                    (HARBOUR, "harbour strike"),
                    (HARVEST, "harvest fire"),
                    (FLOOD, "river flood"),
                ]
            ],
        )
    return store


@pytest.mark.parametrize(("given", "whole"), [("3fa", HARBOUR), ("7", FLOOD), (HARVEST, HARVEST)])
def test_a_prefix_naming_one_story_gives_its_whole_id(filled: Store, given: str, whole: str) -> None:
    with filled.reading() as connection:
        assert complete_id(connection, "story", given) == whole


def test_a_prefix_naming_none_is_passed_on_unchanged(filled: Store) -> None:
    with filled.reading() as connection:
        assert complete_id(connection, "story", "9e") == "9e"
        assert complete_id(connection, "claim group", "3fa") == "3fa"  # only stories start so


def test_a_prefix_starting_several_ids_is_refused_with_them_and_what_to_do(filled: Store) -> None:
    with filled.reading() as connection, pytest.raises(AmbiguousId) as refused:
        complete_id(connection, "story", "3f")
    assert str(refused.value) == (
        f"'3f' starts the id of more than one story ({HARBOUR}, {HARVEST}): give more of it, "
        "as `corroborator stories` shows"
    )
