"""Records written by other tools, read as Corroborator's own record fields.

A JSON record is Corroborator's (``id``, ``url``, ``title``, ``text`` or ``html``,
``outlet``, ``author``, ``published``, ``language``), or one of these tools' output:

* news-please (its JSON files and JSONL dumps): ``maintext``, ``date_publish``,
  ``source_domain``, ``authors``, ``url``, ``title``, ``language``;
* trafilatura ``--json``: ``text``, ``source`` (the page's URL), ``date``,
  ``source-hostname`` (the site's name) or ``hostname``, ``author``, ``title``, ``language``,
  ``id``.

Their fields are copied under Corroborator's names; every field of the record stays in the
article's ``extra``, so nothing of it is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def shape_of(record: Mapping[str, Any]) -> str | None:
    """Which tool wrote the record: "news-please", "trafilatura", or None (Corroborator's own)."""
    if "maintext" in record and "text" not in record and "html" not in record:
        return "news-please"
    if "source-hostname" in record or ("fingerprint" in record and "hostname" in record):
        return "trafilatura"
    return None


def as_own_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record with the fields of the tool that wrote it under Corroborator's names
    (a field already there under its own name is kept)."""
    shape = shape_of(record)
    mapped = dict(record)
    if shape == "news-please":
        moves = {"text": "maintext", "published": "date_publish", "outlet": "source_domain"}
        authors = record.get("authors")
        if isinstance(authors, list) and all(isinstance(a, str) for a in authors) and authors:
            mapped.setdefault("author", ", ".join(authors))
    elif shape == "trafilatura":
        moves = {"published": "date", "outlet": "source-hostname"}
        source = record.get("source")
        if isinstance(source, str) and source.startswith(("http://", "https://")):
            mapped.setdefault("url", source)
        if not isinstance(record.get("source-hostname"), str):
            moves["outlet"] = "hostname"
    else:
        return mapped
    for own, theirs in moves.items():
        if record.get(theirs) not in (None, "") and mapped.get(own) in (None, ""):
            mapped[own] = record[theirs]
    return mapped
