"""The PolNeAR scorer on a tiny example whose figures were worked out by hand."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from corroborator.eval.brat import Annotation, GoldAttribution, GoldText
from corroborator.eval.polnear import max_matching, score_predictions
from corroborator.extract.pieces import Piece

# tokens: Ann said the plan failed . Bob thinks it works .
TEXT = "Ann said the plan failed. Bob thinks it works."


@dataclass(frozen=True)
class Predicted:
    source: tuple[Piece, ...]
    cue: tuple[Piece, ...]
    content: tuple[Piece, ...]


GOLD = (
    GoldAttribution("E1", source=((0, 3),), cue=((4, 8),), content=((9, 24),)),
    GoldAttribution("E2", source=((26, 29),), cue=((30, 36),), content=((37, 45),)),
)
PREDICTED = [
    Predicted(((0, 3),), ((4, 8),), ((9, 25),)),  # right, but the content takes the full stop
    Predicted((), ((30, 36),), ((40, 45),)),  # no source, part of the content
    Predicted(((13, 17),), ((18, 24),), ((37, 39),)),  # spurious
]


def _score() -> dict[str, float | int | str]:
    text = GoldText("example", TEXT, (Annotation("a1", GOLD),))
    return score_predictions([text], [PREDICTED], "hand").as_dict()


def test_roles_exact_and_overlap() -> None:
    score = _score()
    # source: gold {Ann, Bob}, predicted {Ann, plan}
    assert score["exact_source_precision"] == score["exact_source_recall"] == 0.5
    assert score["overlap_source_f1"] == 0.5
    # cue: gold {said, thinks}, predicted {said, thinks, failed}
    assert score["exact_cue_precision"] == pytest.approx(0.6667, abs=1e-4)
    assert score["exact_cue_recall"] == 1.0
    # content: no span is exact; by overlap "works" and "the plan failed." match, and "it"
    # cannot take "it works" a second time (one to one)
    assert score["exact_content_f1"] == 0.0
    assert score["overlap_content_precision"] == pytest.approx(0.6667, abs=1e-4)
    assert score["overlap_content_recall"] == 1.0
    assert score["overlap_content_f1"] == 0.8


def test_attributions_need_cue_content_and_the_gold_source() -> None:
    score = _score()
    # only the first matches: the second lacks Bob, the third has the wrong cue
    assert score["overlap_attribution_precision"] == pytest.approx(0.3333, abs=1e-4)
    assert score["overlap_attribution_recall"] == 0.5
    assert score["overlap_attribution_f1"] == 0.4
    assert score["exact_attribution_f1"] == 0.0


def test_several_annotators_weigh_one_text_once() -> None:
    only_first = GoldText("example", TEXT, (Annotation("a1", GOLD[:1]), Annotation("a2", GOLD)))
    perfect = [Predicted(g.source, g.cue, g.content) for g in GOLD[:1]]
    score = score_predictions([only_first], [perfect])
    # against a1: 1 of 1; against a2: 1 of 2; each weighs a half
    assert score.gold_attributions == 1.5
    assert score.get("exact", "attribution").tp == 1.0
    assert score.get("exact", "attribution").fn == 0.5
    assert score.get("exact", "attribution").recall == pytest.approx(2 / 3)


def test_one_to_one_matching() -> None:
    assert max_matching([[0, 1], [0], [1]], 2) == 2
    assert max_matching([[0], [0], [0]], 1) == 1
    assert max_matching([], 3) == 0


def test_predictions_must_line_up_with_texts() -> None:
    with pytest.raises(ValueError, match="1 texts but 0"):
        score_predictions([GoldText("example", TEXT, ())], [])
