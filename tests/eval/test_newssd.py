"""The NewsSD subjectivity scorer, on hand-written sentences (the model itself: tests/extract)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborator.errors import CorroboratorError
from corroborator.eval.newssd import read_newssd, score_labels, score_newssd


def test_macro_f1_worked_by_hand() -> None:
    gold = ["OBJ", "OBJ", "OBJ", "SUBJ", "SUBJ"]
    predicted = ["OBJ", "OBJ", "SUBJ", "SUBJ", "OBJ"]
    score = score_labels(gold, predicted, "hand")
    # OBJ: tp 2, fp 1, fn 1 -> P = R = F1 = 2/3; SUBJ: tp 1, fp 1, fn 1 -> 1/2
    assert score.obj.f1 == pytest.approx(2 / 3)
    assert score.subj.precision == score.subj.recall == 0.5
    assert score.macro_f1 == pytest.approx((2 / 3 + 1 / 2) / 2)
    assert score.accuracy == 0.6
    assert score.as_dict()["subj_support"] == 2


def test_a_split_is_read_and_scored(tmp_path: Path) -> None:
    (tmp_path / "val.csv").write_text(
        "Sentence,Label,Solved conflict\n"
        '"The council met on 4 May and approved the budget of 3 million.\n",OBJ,False\n'
        "I think this is a disgraceful and absurd decision!,SUBJ,True\n",
        encoding="utf-8",
    )
    assert read_newssd(tmp_path, "val")[0] == (
        "The council met on 4 May and approved the budget of 3 million.",
        "OBJ",
    )
    score = score_newssd(tmp_path, "val")
    assert score.macro_f1 == 1.0
    assert len(str(score.data_sha256)) == 64


def test_a_missing_or_foreign_file_says_what_to_give(tmp_path: Path) -> None:
    with pytest.raises(CorroboratorError, match="newssd folder"):
        read_newssd(tmp_path, "val")
    (tmp_path / "val.csv").write_text("Sentence,Label\nIt rained.,NEUTRAL\n", encoding="utf-8")
    with pytest.raises(CorroboratorError, match="NEUTRAL"):
        read_newssd(tmp_path, "val")
