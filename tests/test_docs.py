"""Docs that cannot rot: the README's commands, every setting and command documented,
no GPL in the default install, the public API as declared."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

from packaging.requirements import Requirement

import corroborator
from corroborator.cli.app import app
from corroborator.config import SECTIONS

ROOT = Path(__file__).resolve().parents[1]
USAGE = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")


def test_readme_opens_with_what_it_is_then_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    intro, _, rest = readme.partition("```")
    assert "Corroborator reads many news reports" in intro
    first_block = rest.partition("```")[0]
    assert [line.strip() for line in first_block.strip().splitlines()] == ["make demo", "make test"]


def test_makefile_targets_exist_for_the_readme_commands() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, re.M)
    assert re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_setting_is_documented_with_its_environment_variable() -> None:
    for section, model in SECTIONS.items():
        for key in model.model_fields:
            assert f"`{section}.{key}`" in USAGE, f"{section}.{key} is not in docs/usage.md"
            assert f"`CORROBORATOR_{section.upper()}__{key.upper()}`" in USAGE


def test_every_command_is_documented() -> None:
    names = [command.name for command in app.registered_commands]
    assert names
    for name in names:
        assert f"`corroborator {name}" in USAGE, f"command {name} is not in docs/usage.md"


def test_public_api_names_exist() -> None:
    for name in corroborator.__all__:
        assert hasattr(corroborator, name), name


def _requirements(name: str, seen: set[str]) -> set[str]:
    key = name.lower().replace("_", "-")
    if key in seen:
        return seen
    seen.add(key)
    for text in importlib.metadata.requires(name) or []:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue  # an extra, or another platform's or Python's dependency
        _requirements(requirement.name, seen)
    return seen


def _gpl_only(licence: str) -> bool:
    """True when every alternative of an SPDX 'A OR B' expression is GPL (LGPL is fine)."""
    alternatives = [part.strip(" ()") for part in licence.split(" OR ")]
    return all(re.search(r"(?<!L)GPL|(?<!Lesser )General Public License", part) for part in alternatives)


def test_no_gpl_package_in_the_default_install() -> None:
    offenders = []
    for name in sorted(_requirements("corroborator", set()) - {"corroborator"}):
        metadata = importlib.metadata.metadata(name)
        expression = metadata.get("License-Expression")
        if expression:
            licences = [expression]
        else:
            classifiers = [c for c in metadata.get_all("Classifier") or [] if c.startswith("License")]
            licences = classifiers or [metadata.get("License") or ""]
        if all(_gpl_only(licence) for licence in licences) and any(licences):
            offenders.append((name, licences))
    assert offenders == []


def test_gpl_detection() -> None:
    assert _gpl_only("GPL-3.0-only")
    assert _gpl_only("License :: OSI Approved :: GNU General Public License v3 (GPLv3)")
    assert not _gpl_only("MPL-1.1 OR GPL-2.0-only OR LGPL-2.1-or-later")
    assert not _gpl_only("License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)")
    assert not _gpl_only("MIT")
