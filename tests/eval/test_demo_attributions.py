"""The demo attribution scorer: placing gold spans in a text and judging claimants."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborator.errors import CorroboratorError
from corroborator.eval.demo_attributions import _claimant_right, place_gold
from corroborator.eval.gold import read_gold

TEXT = (
    "The mayor said the bridge was open. Later the mayor said the bridge was closed again, "
    "and the police said nothing."
)


def test_the_cue_and_source_nearest_to_the_content_are_taken() -> None:
    item = {"source": "the mayor", "cue": "said", "content": "the bridge was closed again"}
    placed = place_gold(TEXT, item)
    assert placed is not None
    content, cue, source = placed
    assert TEXT[content[0] : content[1]] == "the bridge was closed again"
    # The second "said" and the second "the mayor", not the first ones.
    assert cue[0] > TEXT.index("Later")
    assert source is not None
    assert source[0] > TEXT.index("Later")


def test_a_gold_span_missing_from_the_text_is_not_placed() -> None:
    assert place_gold(TEXT, {"source": "x", "cue": "said", "content": "no such words"}) is None
    assert place_gold(TEXT, {"source": "x", "cue": "announced", "content": "the bridge was open"}) is None


def _row(source: str | None, resolved: str | None, span: tuple[int, int] | None) -> dict[str, object]:
    start, end = span if span else (None, None)
    return {
        "source_text": source,
        "source_resolved": resolved,
        "source_start_char": start,
        "source_end_char": end,
    }


def test_a_claimant_naming_the_entity_inside_a_title_is_right() -> None:
    names = {"sergey lavrov", "lavrov"}
    assert _claimant_right(_row("Russian Foreign Minister Sergey Lavrov", None, (0, 38)), None, names, names)
    assert _claimant_right(_row("he", "Sergey Lavrov", (0, 2)), None, names, names)
    # A pronoun left unresolved never counts, even though the gold lists "he" as an alias.
    assert not _claimant_right(_row("he", None, (0, 2)), None, names, names)
    # A one-word alias is not looked for inside longer sources ("Lavrov's critics").
    assert not _claimant_right(_row("critics of lavrov", None, (0, 17)), None, names, names)


def test_a_group_claimant_is_right_when_its_words_overlap_and_no_entity_is_guessed() -> None:
    every = {"sergey lavrov"}
    assert _claimant_right(_row("Ukrainian officials", None, (10, 29)), (10, 29), None, every)
    assert not _claimant_right(_row("Ukrainian officials", "Sergey Lavrov", (10, 29)), (10, 29), None, every)
    assert not _claimant_right(_row("Ukrainian officials", None, (40, 59)), (10, 29), None, every)


def test_an_unreadable_gold_file_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "gold.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CorroboratorError, match=r"gold\.json"):
        read_gold(broken)
    broken.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(CorroboratorError, match="JSON object"):
        read_gold(broken)
