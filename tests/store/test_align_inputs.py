"""What the align stage reads of a story: the sentence around a claim."""

from __future__ import annotations

from corroborator.store.align_inputs import sentence_around


def test_the_sentence_around_a_list_item_is_the_item() -> None:
    text = "Storm update:\n- Roads closed in Harwick\n- 2) Trains stopped at Dunmere\n\nThe mayor spoke. Then left."
    start = text.index("Roads")
    assert sentence_around(text, start, start + 5) == "Roads closed in Harwick"
    start = text.index("mayor")
    assert sentence_around(text, start, start + 5) == "The mayor spoke."
