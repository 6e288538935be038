"""Accuracy gates: a change that loses a recorded floor fails CI.

The floors sit in floors.json beside the figures they were set from and, for public
data, a hash of that data: a floor holds only for the data it was measured on. Figures
where lower is better (false conflicts, junk) have a ceiling instead.
Public benchmarks are read from ../shared/benchmarks (beside the project root); when
that folder is absent the gate is skipped with a message saying so. The real-news gate
runs the whole pipeline on each set (about half a minute a set): it is marked slow, so a
quick `pytest -m "not slow"` leaves it out and `make test` (CI) runs it once.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from corroborator.config import load_settings
from corroborator.demo import gold_path, run_demo
from corroborator.eval.demo_attributions import score_attributions
from corroborator.eval.ecbplus import score_ecbplus
from corroborator.eval.ggt import data_digest as ggt_digest
from corroborator.eval.ggt import score_ggt
from corroborator.eval.realnews import data_digest, score_realnews
from corroborator.eval.zyte import corpus_digest, score_zyte
from corroborator.store import Store
from corroborator.store.stories import resolve_article, story_of

RUSSIAN = "https://severvestnik.example/obshchestvo/2025/05/25/obmen-plennymi-1000-na-1000"
PRISONERS_EN = "https://meridianreport.example/2025/05/23/ukraine-russia-swap-390-prisoners-first-stage"
ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
FLOORS: dict[str, Any] = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))


def _check(name: str, measured: dict[str, Any]) -> None:
    lost = {
        metric: (measured[metric], floor)
        for metric, floor in FLOORS[name]["floor"].items()
        if measured[metric] < floor
    } | {
        metric: (measured[metric], ceiling)
        for metric, ceiling in FLOORS[name].get("ceiling", {}).items()
        if measured[metric] > ceiling
    }
    assert not lost, (
        f"{name} lost its floor (measured, floor or ceiling): {lost}; run: {FLOORS[name]['command']}"
    )


@pytest.mark.benchmarks
def test_html_extraction_keeps_its_floor_on_zyte() -> None:
    folder = BENCHMARKS / "zyte-extraction"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the public benchmark gate cannot run here")
    assert corpus_digest(folder) == FLOORS["zyte-extraction"]["data_sha256"], (
        "the zyte-extraction data changed: measure again and record the new floor in floors.json"
    )
    score = score_zyte(folder)
    assert score.failed_pages == 0
    _check("zyte-extraction", score.as_dict())


def test_demo_copy_groups_and_stories_keep_their_floors(tmp_path: Path) -> None:
    settings = load_settings(overrides={"store.db": str(tmp_path / "demo.db")}, environ={})
    result = run_demo(tmp_path, settings)
    _check("demo-copy-groups", result.copy_groups.as_dict())
    _check("demo-stories", result.stories.as_dict())
    _check("demo-entities", result.entities.as_dict())
    assert result.entities.wrong_merges == 0, result.entities.wrong
    _check("demo-claim-groups", result.claim_groups.as_dict())
    assert result.claim_groups.false_conflicts == 0, result.claim_groups.wrong_conflicts
    with Store(str(result.db)) as store:
        _check("demo-attributions", score_attributions(store, gold_path()).as_dict())
    # The Russian-language article joins its event's English story through the multilingual
    # embedding (no words are shared).
    with Store(str(result.db)) as store, store.reading() as connection:
        russian = resolve_article(connection, RUSSIAN)
        english = resolve_article(connection, PRISONERS_EN)
        assert russian is not None
        assert english is not None
        found = story_of(connection, [russian, english])
    assert found[russian] == found[english]


@pytest.mark.benchmarks
def test_story_clustering_keeps_its_floor_on_ecbplus() -> None:
    folder = BENCHMARKS / "ecbplus"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the public benchmark gate cannot run here")
    digest = hashlib.sha256((folder / "docs.jsonl").read_bytes()).hexdigest()
    assert digest == FLOORS["ecbplus"]["data_sha256"], (
        "the ECB+ data changed: measure again and record the new floor in floors.json"
    )
    _check("ecbplus", score_ecbplus(folder, load_settings(environ={})).as_dict())


@pytest.mark.slow
@pytest.mark.benchmarks
@pytest.mark.parametrize("name", ["crocus", "kakhovka"])
def test_the_whole_flow_keeps_its_floors_on_real_news(name: str) -> None:
    folder = BENCHMARKS / "realnews" / name
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the public benchmark gate cannot run here")
    assert data_digest(folder) == FLOORS[f"realnews-{name}"]["data_sha256"], (
        f"the real-news {name} data changed: measure again and record the new floor in floors.json"
    )
    _check(f"realnews-{name}", score_realnews(folder, load_settings(environ={})).as_dict())


@pytest.mark.slow
@pytest.mark.benchmarks
def test_quote_extraction_keeps_its_floor_on_ggt_dev() -> None:
    folder = BENCHMARKS / "ggt-quotes"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the public benchmark gate cannot run here")
    assert ggt_digest(folder) == FLOORS["ggt-quotes-dev"]["data_sha256"], (
        "the GGT quotes data changed: measure again and record the new floor in floors.json"
    )
    _check("ggt-quotes-dev", score_ggt(folder).as_dict())


def test_the_gate_fails_below_a_floor() -> None:
    with pytest.raises(AssertionError, match="lost its floor"):
        _check("zyte-extraction", {"precision": 0.99, "recall": 0.99, "f1": 0.5})


def test_the_gate_fails_above_a_ceiling() -> None:
    measured = dict(FLOORS["realnews-crocus"]["measured"])
    _check("realnews-crocus", measured)
    with pytest.raises(AssertionError, match="junk_rate"):
        _check("realnews-crocus", measured | {"junk_rate": 0.9})
