"""Turning what the user named (paths, folders, URLs) into units of parse work.

Expansion is cheap and streams: a folder is walked lazily, a JSONL dump is read a
line at a time, a WARC a record at a time.  The expensive part (HTML extraction,
fetching) happens on the units, in worker processes (see ``parse.py``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.models import Provenance, SourceKind

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
JSON_SUFFIXES = (".json",)
WARC_SUFFIXES = (".warc", ".warc.gz")
CSV_SUFFIXES = (".csv", ".tsv")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".xml.gz")  # .xml.gz: a sitemap
SUPPORTED = (
    TEXT_SUFFIXES
    + HTML_SUFFIXES
    + JSONL_SUFFIXES
    + JSON_SUFFIXES
    + WARC_SUFFIXES
    + FEED_SUFFIXES
    + CSV_SUFFIXES
)


@dataclass(frozen=True)
class Unit:
    """One piece of parse work, small enough to send to a worker process."""

    kind: str  # text | html | feed | url | record | page
    source: str  # how messages name it: a path, path:line, or a URL
    provenance: Provenance
    path: str | None = None
    url: str | None = None
    data: bytes | None = None
    record: dict[str, Any] | None = None


@dataclass(frozen=True)
class Skipped:
    """An input passed over on purpose (a non-HTML WARC record, an unknown file in a folder)."""

    source: str
    reason: str


@dataclass(frozen=True)
class Note:
    """Something set aside from an input that was stored all the same (a date it cannot use)."""

    source: str
    reason: str


@dataclass
class Expansion:
    """Counts gathered while expanding, for the summary."""

    skipped: list[Skipped] = field(default_factory=list)


def describe_size(size: int) -> str:
    """A byte count for a person: '850 bytes', '4.6 kB', '21.0 MB', '2.1 GB'."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1e3:.1f} kB"
    if size < 1_000_000_000:
        return f"{size / 1e6:.1f} MB"
    return f"{size / 1e9:.1f} GB"


def over_cap(size: int | None, cap: int) -> str:
    """The reason given for an input larger than ``ingest.max_bytes`` (``size`` None:
    reading stopped at the cap, so the full size is not known)."""
    if size is None:
        return f"larger than the {describe_size(cap)} cap (ingest.max_bytes)"
    return f"{describe_size(size)}, over the {describe_size(cap)} cap (ingest.max_bytes)"


def unexpected(error: BaseException, doing: str = "reading it") -> str:
    """The one-line reason for an error no reader expected: its kind and its first words."""
    text = " ".join(str(error).split())
    if len(text) > 300:
        text = text[:299] + "…"
    return f"unexpected {type(error).__name__} while {doing}: {text} (please report this input)"


def is_url(source: str) -> bool:
    return source[:8].lower().startswith(("http://", "https://"))


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    for suffix in sorted(SUPPORTED, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def expand(sources: list[str], settings: IngestSettings) -> Iterator[Unit | IngestError | Skipped | Note]:
    """Every unit of work in ``sources``, in order, with errors and skips in their place."""
    for source in sources:
        if is_url(source):
            yield Unit("url", source, Provenance(kind=SourceKind.URL, source=source), url=source)
            continue
        path = Path(source)
        if path.is_dir():
            yield from _walk(path, settings)
        elif path.is_file():
            yield from _guarded(source, _file(path, settings, explicit=True))
        elif path.exists():
            yield IngestError(source, "not a regular file or folder")
        else:
            yield IngestError(source, "no such file or folder (for a web page, give a full http(s) URL)")


def _guarded(
    source: str, items: Iterator[Unit | IngestError | Skipped | Note]
) -> Iterator[Unit | IngestError | Skipped | Note]:
    """The items; if reading them fails in a way no reader foresaw, one failure for the rest
    of ``source`` and the run goes on with the next one."""
    try:
        yield from items
    except Exception as error:  # noqa: BLE001 - one unreadable input must not end the run
        yield IngestError(source, unexpected(error) + "; the rest of it is lost")


def _walk(folder: Path, settings: IngestSettings) -> Iterator[Unit | IngestError | Skipped | Note]:
    # os.walk passes over a folder it cannot list unless told; the user must hear of it.
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        yield from _unreadable(unreadable, folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            if not path.is_file():
                # Reading a pipe would block the run; a dangling link has nothing to read.
                yield Skipped(str(path), "not a regular file (a broken link, a pipe or a device)")
                continue
            yield from _guarded(str(path), _file(path, settings, explicit=False))
    yield from _unreadable(unreadable, folder)


def _unreadable(errors: list[OSError], folder: Path) -> Iterator[IngestError]:
    while errors:
        error = errors.pop(0)
        yield IngestError(str(error.filename or folder), f"cannot read the folder: {error.strerror}")


def _file(
    path: Path, settings: IngestSettings, *, explicit: bool
) -> Iterator[Unit | IngestError | Skipped | Note]:
    source = str(path)
    suffix = suffix_of(path)
    if suffix in JSONL_SUFFIXES:
        from corroborator.ingest.jsonl import iter_jsonl

        yield from iter_jsonl(path, settings)
        return
    if suffix in JSON_SUFFIXES:
        from corroborator.ingest.jsonl import iter_json

        yield from iter_json(path, settings)
        return
    if suffix in CSV_SUFFIXES:
        from corroborator.ingest.csvfile import iter_csv

        yield from iter_csv(path, settings, explicit=explicit)
        return
    if suffix in WARC_SUFFIXES:
        from corroborator.ingest.warc import iter_warc

        yield from iter_warc(path, settings)
        return
    if suffix not in SUPPORTED and path.suffix:
        reason = f"unsupported file type '{path.suffix}': give {', '.join(SUPPORTED)}"
        yield IngestError(source, reason) if explicit else Skipped(source, reason)
        return
    try:
        size = path.stat().st_size
    except OSError as error:
        yield IngestError(source, f"cannot read: {error.strerror}")
        return
    if size > settings.max_bytes:
        yield IngestError(source, over_cap(size, settings.max_bytes))
        return
    if suffix in TEXT_SUFFIXES:
        listed = _url_list(path)
        if listed is not None:
            yield from _listed_urls(path, listed, settings)
            return
    kind = "html" if suffix in HTML_SUFFIXES else "feed" if suffix in FEED_SUFFIXES else "text"
    provenance_kind = {"html": SourceKind.HTML, "feed": SourceKind.FEED, "text": SourceKind.TEXT}[kind]
    yield Unit(kind, source, Provenance(kind=provenance_kind, source=source), path=source)


def _url_list(path: Path) -> list[tuple[int, str]] | None:
    """``(line, URL)`` of a text file that is a list of web addresses (one a line; blank
    lines and lines starting with # aside), None for any other text."""
    try:
        lines = path.read_bytes().decode("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None  # read as a text file, which says why
    listed = [
        (number, line.strip())
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not listed or not all(is_url(url) and " " not in url for _n, url in listed):
        return None
    return listed


def _listed_urls(
    path: Path, listed: list[tuple[int, str]], settings: IngestSettings
) -> Iterator[Unit | IngestError]:
    """One URL unit a listed address (at most ``ingest.max_feed_entries``, like a feed's)."""
    if len(listed) > settings.max_feed_entries:
        yield IngestError(
            str(path),
            f"a list of {len(listed):,} addresses, over the {settings.max_feed_entries:,} cap "
            "(ingest.max_feed_entries): split it or raise the cap",
        )
        return
    for number, url in listed:
        provenance = Provenance(kind=SourceKind.URL, source=url, location=f"{path}:{number}")
        yield Unit("url", url, provenance, url=url)
