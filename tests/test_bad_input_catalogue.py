"""The catalogue of bad inputs (``benchmarks/bad_input_cases.py``), run end to end: at least 60
kinds, and no crash, no hang, no good record lost and no failed check among them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_the_catalogue_holds_at_least_60_kinds_each_named_once() -> None:
    cases = _load("bad_input_cases").CASES
    kinds = [case.kind for case in cases]
    assert len(kinds) >= 60
    assert len(set(kinds)) == len(kinds)
    assert {case.group for case in cases} >= {
        "dates",
        "record shapes",
        "encodings",
        "sizes",
        "feeds",
        "web uploads",
    }


@pytest.mark.slow
def test_every_bad_input_of_the_catalogue_is_survived_with_no_good_record_lost() -> None:
    runner = _load("bad_inputs")
    # Ten cases a process: a crash or a hang sends each of them to a process of its own.
    results, totals = runner.run_catalogue(slow=False, timeout=180, jobs=2, per_process=10)
    report = "\n".join(
        runner.row(result) for result in results if result.state != "ok" or result.problems or result.lost
    )
    assert totals.kinds >= 60
    assert (totals.crashes, totals.hangs, totals.lost, totals.wrong) == (0, 0, 0, 0), report
