"""Stored-mention dicts for hand-written article texts, as the entities stage reads them."""

from __future__ import annotations


def mentions(text: str, *names: str | tuple[str, str], label: str = "PERSON") -> list[dict[str, object]]:
    """Each name (or ``(name, label)``) found in the text in order, as a mention of ``label``."""
    found, start = [], 0
    for named in names:
        name, kind = named if isinstance(named, tuple) else (named, label)
        at = text.index(name, start)
        found.append(
            {"id": f"m{at}", "start_char": at, "end_char": at + len(name), "text": name, "label": kind}
        )
        start = at + len(name)
    return found
