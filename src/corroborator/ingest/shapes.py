"""Records written by other tools, read as Corroborator's own record fields.

A JSON record (or a CSV row) is Corroborator's (``id``, ``url``, ``title``, ``text`` or
``html``, ``outlet``, ``author``, ``published``, ``language``), or one of these tools' output:

* news-please (its JSON files and JSONL dumps): ``maintext``, ``date_publish``,
  ``source_domain``, ``authors``, ``url``, ``title``, ``language``;
* trafilatura ``--json``: ``text``, ``source`` (the page's URL), ``date``,
  ``source-hostname`` (the site's name) or ``hostname``, ``author``, ``title``, ``language``,
  ``id``;
* Media Cloud story lists (CSV or JSON; the search tool's ``id``, ``publish_date``,
  ``media_name``, ``media_url``, ``indexed_date``, or the older ``stories_id``, ``media_id``,
  ``collect_date``), with ``url``, ``title``, ``language``;
* GDELT DOC API article lists (``mode=artlist``, CSV or JSON): ``url``, ``url_mobile``,
  ``title``, ``seendate``, ``domain``, ``language`` (a name, such as "English"),
  ``sourcecountry``, ``socialimage``.

Their fields are copied under Corroborator's names; every field of the record stays in the
article's ``extra``, so nothing of it is lost.  A Media Cloud or GDELT row carries no text:
its page is fetched (see ``parse.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

RECORD_FIELDS = frozenset({"id", "url", "title", "text", "html", "outlet", "author", "published", "language"})

# Corroborator's name <- the tool's, for each tool.
MOVES: dict[str, dict[str, str]] = {
    "news-please": {"text": "maintext", "published": "date_publish", "outlet": "source_domain"},
    "trafilatura": {"published": "date", "outlet": "source-hostname"},
    "media-cloud": {"published": "publish_date", "outlet": "media_name", "id": "stories_id"},
    "gdelt": {"published": "seendate", "outlet": "domain"},
    "gdelt-csv": {"published": "date"},
}
# Fields of a tool's that are read, beyond the ones moved.
ALSO_READ: dict[str, frozenset[str]] = {
    "news-please": frozenset({"authors"}),
    "trafilatura": frozenset({"source", "hostname"}),
    "media-cloud": frozenset(),
    "gdelt": frozenset(),
    "gdelt-csv": frozenset({"mobileurl"}),
}


def shape_of(record: Mapping[str, Any]) -> str | None:
    """Which tool wrote the record: "news-please", "trafilatura", "media-cloud", "gdelt" (its
    JSON, or "gdelt-csv" for its CSV article list), or None (Corroborator's own)."""
    if "maintext" in record and "text" not in record and "html" not in record:
        return "news-please"
    if "source-hostname" in record or ("fingerprint" in record and "hostname" in record):
        return "trafilatura"
    if "media_name" in record and ("publish_date" in record or "stories_id" in record):
        return "media-cloud"
    if "seendate" in record or ("url_mobile" in record and "domain" in record):
        return "gdelt"
    if "mobileurl" in record and "date" in record:
        return "gdelt-csv"  # the DOC API's CSV article list: URL, MobileURL, Date, Title
    return None


def as_own_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record with the fields of the tool that wrote it under Corroborator's names
    (a field already there under its own name is kept)."""
    shape = shape_of(record)
    mapped = dict(record)
    if shape is None:
        if mapped.get("published") in (None, "") and mapped.get("date") not in (None, ""):
            mapped["published"] = mapped["date"]  # a plain table's "date" column
        return mapped
    moves = dict(MOVES[shape])
    if shape == "news-please":
        authors = record.get("authors")
        if isinstance(authors, list) and all(isinstance(a, str) for a in authors) and authors:
            mapped.setdefault("author", ", ".join(authors))
    elif shape == "trafilatura":
        source = record.get("source")
        if isinstance(source, str) and source.startswith(("http://", "https://")):
            mapped.setdefault("url", source)
        if not isinstance(record.get("source-hostname"), str):
            moves["outlet"] = "hostname"
    elif shape == "gdelt":
        _language_name_aside(mapped)
    for own, theirs in moves.items():
        if record.get(theirs) not in (None, "") and mapped.get(own) in (None, ""):
            mapped[own] = record[theirs]
    return mapped


def _language_name_aside(mapped: dict[str, Any]) -> None:
    """GDELT names a language ("English"); only a code ("en") is used as one, a name is kept
    in extra as ``language_name`` and the language is told from the text."""
    language = mapped.get("language")
    if isinstance(language, str) and not (2 <= len(language) <= 3 and language.isalpha()):
        mapped["language_name"] = mapped.pop("language")


def unused_fields(names: Iterable[str]) -> list[str]:
    """Of the field names of a file's records (a CSV header, a JSON list's keys), those no
    article field is read from (they are kept in each article's extra), in their order."""
    names = list(names)
    shape = shape_of(dict.fromkeys(names, "x"))
    read = set(RECORD_FIELDS)
    if shape is not None:
        read |= set(MOVES[shape].values()) | ALSO_READ[shape]
    elif "published" not in names:
        read.add("date")
    return [name for name in dict.fromkeys(names) if name not in read]


def unused_note(names: Iterable[str]) -> str | None:
    """The one line that tells of a file's unused fields, or None when every field is read."""
    unused = unused_fields(names)
    if not unused:
        return None
    names_shown = [name if name.isprintable() else repr(name) for name in unused[:20]]  # one line
    shown = ", ".join(names_shown) + (f" and {len(unused) - 20} more" if len(unused) > 20 else "")
    return f"fields not read as article fields, kept in each article's extra: {shown}"
