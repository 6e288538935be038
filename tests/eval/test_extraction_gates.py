"""Accuracy gates for attribution extraction (PolNeAR dev) and subjectivity (NewsSD val).

The floors sit in extraction_floors.json beside the figures they were set from and a hash of
the data they were measured on, as in floors.json. The public data is read from
../shared/benchmarks (beside the project root); when it is absent the gates are skipped
with a message saying so. The PolNeAR gate parses the 84 dev texts once (about half a minute).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from corroborator.eval.newssd import file_digest, score_newssd
from corroborator.eval.polnear import corpus_digest, score_polnear

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
FLOORS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "extraction_floors.json").read_text(encoding="utf-8")
)


def _check(name: str, measured: dict[str, Any]) -> None:
    lost = {
        metric: (measured[metric], floor)
        for metric, floor in FLOORS[name]["floor"].items()
        if measured[metric] < floor
    }
    assert not lost, f"{name} lost its floor (measured, floor): {lost}; run: {FLOORS[name]['command']}"


def _folder(name: str) -> Path:
    folder = BENCHMARKS / name
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the public benchmark gate cannot run here")
    return folder


@pytest.mark.benchmarks
def test_attribution_extraction_keeps_its_floor_on_polnear_dev() -> None:
    folder = _folder("polnear")
    assert corpus_digest(folder, "dev") == FLOORS["polnear-dev"]["data_sha256"], (
        "the PolNeAR dev data changed: measure again and record the new floor in extraction_floors.json"
    )
    _check("polnear-dev", score_polnear(folder, "dev").as_dict())


@pytest.mark.benchmarks
def test_subjectivity_keeps_its_floor_on_newssd_val() -> None:
    folder = _folder("newssd")
    assert file_digest(folder, "val") == FLOORS["newssd-val"]["data_sha256"], (
        "the NewsSD val data changed: measure again and record the new floor in extraction_floors.json"
    )
    _check("newssd-val", score_newssd(folder, "val").as_dict())


def test_the_extraction_gate_fails_below_a_floor() -> None:
    with pytest.raises(AssertionError, match="lost its floor"):
        _check("newssd-val", {"macro_f1": 0.0})
