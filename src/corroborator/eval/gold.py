"""Reading a gold file (the demo's ``gold.json`` or one a user passes with ``--gold``) and a
benchmark's JSON Lines records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from corroborator.errors import CorroboratorError


def read_gold(path: Path) -> dict[str, Any]:
    """The gold file as a dict, or a one-line error naming the file."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise CorroboratorError(f"cannot read gold file '{path}': {error}") from error
    if not isinstance(gold, dict):
        raise CorroboratorError(f"gold file '{path}' must hold a JSON object, as the demo's gold.json does")
    return gold


def read_json_lines(path: Path, hint: str) -> list[tuple[int, Any]]:
    """(line number, value) of each non-blank line of a JSON Lines file, or a one-line error
    naming the file and line; ``hint`` says what to give when the file cannot be read."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise CorroboratorError(f"cannot read '{path}': {error.strerror}; {hint}") from None
    values = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                values.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                raise CorroboratorError(f"'{path}' line {number} is not JSON ({error})") from None
    return values
