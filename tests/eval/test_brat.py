"""The PolNeAR brat reader on hand-written .ann snippets covering every line variant."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborator.eval.brat import BratFormatError, parse_ann, read_split
from corroborator.extract.pieces import normalise

TEXT = "The mayor said the bridge, closed since May, would reopen.\nA clerk said nothing new.\n"

ANN = "\n".join(
    [
        "T1\tSource 0 9\tThe mayor",
        "T2\tCue 10 14\tsaid",
        # discontinuous content around a parenthetical
        "T3\tContent 15 25;45 57\tthe bridge would reopen",
        "T4\tAttribution 10 14\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        # a content whose text runs over a line break: the next line continues it
        "T5\tContent 27 43;59 66\tclosed since May",
        "A clerk",
        "T6\tCue 67 71\tsaid",
        "T7\tAttribution-no-source 67 71\tsaid",
        "E2\tAttribution-no-source:T7 Cue:T6 Content:T5",
        # a second content piece, and the source shared with the first event
        "T8\tContent 72 83\tnothing new",
        "T9\tCue 10 14\tsaid",
        "T10\tAttribution 10 14\tsaid",
        "E3\tAttribution:T10 Cue:T9 Source:T1 Content:T8 Content2:T3",
        "T11\tDiscuss 0 5\tThe m",
        "#1\tAnnotatorNotes T3\tcheck the boundary",
        "",
    ]
)


def test_event_lines_give_attributions_with_their_pieces() -> None:
    first = parse_ann(ANN)[0]
    assert first.id == "E1"
    assert first.source == ((0, 9),)
    assert first.cue == ((10, 14),)
    assert first.content == ((15, 25), (45, 57))
    assert " ".join(TEXT[a:b] for a, b in first.content) == "the bridge would reopen"


def test_no_source_events_have_an_empty_source() -> None:
    second = parse_ann(ANN)[1]
    assert second.source == ()
    assert second.cue == ((67, 71),)
    assert second.content == ((27, 43), (59, 66))


def test_numbered_roles_add_pieces_and_spans_may_be_shared() -> None:
    third = parse_ann(ANN)[2]
    assert third.source == ((0, 9),)
    assert third.content == ((15, 25), (45, 57), (72, 83))


def test_unlinked_spans_notes_and_blank_lines_are_ignored() -> None:
    assert len(parse_ann(ANN)) == 3


def test_pieces_are_sorted_and_merged() -> None:
    assert normalise([(10, 12), (0, 3), (3, 5), (11, 14), (7, 7)]) == ((0, 5), (10, 14))


def test_a_broken_line_names_the_file_and_line() -> None:
    with pytest.raises(BratFormatError, match=r"x\.ann:1"):
        parse_ann("T1\tCue ten twelve\tsaid\n", "x.ann")
    with pytest.raises(BratFormatError, match="T9"):
        parse_ann("E1\tAttribution:T4 Cue:T9\n", "x.ann")


def test_a_split_is_read_with_every_annotator(tmp_path: Path) -> None:
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "story_one.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dev" / "text" / "story_two.txt").write_text("Nothing here.\n", encoding="utf-8")
    for annotator in ("ab12", "cd34"):
        (tmp_path / "dev" / "attributions" / f"story_one_{annotator}.ann").write_text(ANN, encoding="utf-8")
    one, two = read_split(tmp_path, "dev")
    assert one.name == "story_one"
    assert one.text == TEXT
    assert [a.annotator for a in one.annotations] == ["ab12", "cd34"]
    assert two.annotations == ()
