"""benchmarks/subjectivity_approaches.py: C chosen by folds of train, ensembles of members."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("sklearn")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def approaches() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "subjectivity_approaches", ROOT / "benchmarks/subjectivity_approaches.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _data(rows: int, seed: int) -> tuple[object, object]:
    """Two classes one unit apart on the first axis, one third of the rows SUBJ (as in NewsSD train)."""
    rng = np.random.default_rng(seed)
    y = (np.arange(rows) % 3 == 0).astype(int)
    x = rng.normal(size=(rows, 4)) * 0.2
    x[:, 0] += y
    return x, y


def test_a_separable_representation_scores_near_one_on_folds_and_held_out_rows(
    approaches: ModuleType,
) -> None:
    x, y = _data(60, 1)
    held_out, gold_y = _data(30, 2)
    gold = ["SUBJ" if v else "OBJ" for v in gold_y]
    sentences = [f"sentence {i}" for i in range(len(y))]

    def features(fit_rows: list[int], test_rows: list[int] | None) -> tuple[object, object]:
        return x[fit_rows], (held_out if test_rows is None else x[test_rows])

    result = approaches.measure("toy", sentences, y, ["held out"] * 30, gold, features, 0.5)
    assert result.cv.macro_f1 > 0.95
    assert result.val.macro_f1 > 0.95
    assert result.c in {f"{c:g}" for c in approaches.C_VALUES}
    assert len(result.oof) == len(y)


def test_an_ensemble_of_a_member_with_itself_keeps_its_labels(approaches: ModuleType) -> None:
    x, y = _data(60, 3)
    held_out, gold_y = _data(30, 4)
    gold = ["SUBJ" if v else "OBJ" for v in gold_y]

    def features(fit_rows: list[int], test_rows: list[int] | None) -> tuple[object, object]:
        return x[fit_rows], (held_out if test_rows is None else x[test_rows])

    member = approaches.measure("toy", [""] * len(y), y, [""] * 30, gold, features, 0.5)
    both = approaches.ensemble([member, member], y, gold)
    assert both.approach == "toy+toy"
    assert both.val == member.val
    assert both.cv == member.cv
    assert both.ms_per_sentence == 1.0
