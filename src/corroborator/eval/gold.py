"""Reading a gold file (the demo's ``gold.json`` or one a user passes with ``--gold``)."""

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
