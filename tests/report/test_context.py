"""The sentence and paragraph around a finding, cut from the stored text."""

from __future__ import annotations

from corroborator.report.context import add_context, paragraph_bounds, sentence_bounds

TEXT = (
    "The ferry left at dawn. The harbour camera does not show how the captain reacted, "
    "the operator said. Nobody was hurt.\n"
    "A second paragraph follows here."
)


def _cut(bounds: tuple[int, int]) -> str:
    return TEXT[bounds[0] : bounds[1]]


def test_a_fragment_is_widened_to_its_whole_sentence() -> None:
    start = TEXT.index("how the captain")
    end = TEXT.index(", the operator")
    assert _cut(sentence_bounds(TEXT, start, end)) == (
        "The harbour camera does not show how the captain reacted, the operator said."
    )


def test_a_span_that_ends_on_its_full_stop_keeps_to_its_sentence() -> None:
    start = TEXT.index("Nobody")
    assert _cut(sentence_bounds(TEXT, start, start + len("Nobody was hurt."))) == "Nobody was hurt."


def test_the_first_sentence_and_a_line_break_bound_a_sentence() -> None:
    assert _cut(sentence_bounds(TEXT, 0, 5)) == "The ferry left at dawn."
    start = TEXT.index("A second")
    assert _cut(sentence_bounds(TEXT, start, start + 8)) == "A second paragraph follows here."


def test_the_paragraph_stops_at_line_breaks() -> None:
    start = TEXT.index("Nobody")
    assert _cut(paragraph_bounds(TEXT, start, start + 6)).endswith("Nobody was hurt.")
    assert "\n" not in _cut(paragraph_bounds(TEXT, start, start + 6))


def test_offsets_past_the_text_do_not_fail() -> None:
    first, last = sentence_bounds(TEXT, len(TEXT) + 10, len(TEXT) + 20)
    assert 0 <= first <= last <= len(TEXT)


def test_rows_get_their_sentence_and_a_paragraph_only_when_it_says_more() -> None:
    start = TEXT.index("how the captain")
    rows = [
        {"article_id": "a1", "start_char": start, "end_char": start + 25},
        {"article_id": "a1", "start_char": TEXT.index("A second"), "end_char": len(TEXT)},
        {"article_id": "unknown", "start_char": 0, "end_char": 4},
    ]
    add_context(rows, {"a1": TEXT})
    assert rows[0]["sentence"].startswith("The harbour camera does not show")
    assert TEXT[rows[0]["sentence_start"] :].startswith(rows[0]["sentence"])
    assert rows[0]["paragraph"].startswith("The ferry left at dawn.")
    assert rows[1]["paragraph"] is None  # the paragraph is that one sentence
    assert "sentence" not in rows[2]
