"""CSV (and tab-separated) files: one record a row, named by the header row.

Made for the exports of news search tools (Media Cloud story lists, GDELT DOC API article
lists) and for spreadsheets of one's own articles: the columns are read as a JSON record's
fields (see ``shapes.py``), and a row with a URL but no text is a page to fetch.  The file is
read twice, both times a row at a time: once to check the header and count the pages to
fetch against ``ingest.max_feed_entries``, once to hand out the rows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.ingest.shapes import unused_note
from corroborator.ingest.units import Note, Skipped, Unit, is_url, over_cap
from corroborator.models import Provenance, SourceKind

CONTENT = ("text", "html", "maintext")  # columns that carry the article itself
ADDRESSES = ("url", "source")  # columns that name its page (trafilatura calls it source)


# GDELT's raw files (the 15-minute event, mention and GKG exports) are tab-separated with no
# header; each is known by its number of columns: (what it is, its address column, its date
# column, its outlet column), counted from 0 as in GDELT's codebooks.
GDELT_RAW: dict[int, tuple[str, int, int, int | None]] = {
    61: ("GDELT 2.0 event", 60, 59, None),  # SOURCEURL, DATEADDED
    58: ("GDELT 1.0 event", 57, 56, None),
    16: ("GDELT 2.0 mentions", 5, 2, 4),  # MentionIdentifier, MentionTimeDate, MentionSourceName
    27: ("GDELT 2.1 GKG", 4, 1, 3),  # V2DocumentIdentifier, V2.1DATE, V2SourceCommonName
}


@dataclass(frozen=True)
class _Layout:
    """How a file's cells become record fields."""

    names: list[str]  # the field of each column; "" for a column that is not read
    header_row: bool  # whether the first row names the columns (GDELT's raw files: no)
    to_fetch: int  # rows that name a page to fetch
    note: str | None  # the one line on the columns not read
    once: bool = False  # an address is read once (GDELT lists an article for each of its events)


def iter_csv(
    path: Path, settings: IngestSettings, *, explicit: bool = True
) -> Iterator[Unit | IngestError | Skipped | Note]:
    """One unit a row (``file.csv:LINE``); a bad row is one failure and the others are kept.
    Found in a folder (not ``explicit``), a table that holds no articles is passed over."""
    source = str(path)
    try:
        layout = _survey(path, settings)
    except _NotArticles as error:
        yield error if explicit else Skipped(error.source, error.reason)
        return
    except IngestError as error:
        yield error
        return
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        yield IngestError(source, _unreadable(error, settings.max_bytes))
        return
    if layout.to_fetch > settings.max_feed_entries:
        yield IngestError(
            source,
            f"{layout.to_fetch:,} rows name a page to fetch, over the {settings.max_feed_entries:,} cap "
            "(ingest.max_feed_entries): split the file or raise the cap",
        )
        return
    if layout.note is not None:
        yield Note(source, layout.note)
    try:
        yield from _rows(path, layout)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        yield IngestError(source, _unreadable(error, settings.max_bytes) + "; the rows before it are kept")


def _rows(path: Path, layout: _Layout) -> Iterator[Unit | IngestError]:
    seen: set[str] = set()
    with _open(path) as stream:
        reader = csv.reader(stream, _dialect(stream))
        if layout.header_row:
            next(reader)
        for row in reader:
            where = f"{path}:{reader.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(layout.names):
                yield IngestError(
                    where,
                    f"{len(row)} cells under a header of {len(layout.names)} columns: quote the cells that "
                    "hold the separator",
                )
                continue
            record = {
                name: cell for name, cell in zip(layout.names, row, strict=False) if name and cell.strip()
            }
            if layout.once:
                if record.get("url") in seen:
                    continue
                seen.add(str(record.get("url")))
            provenance = Provenance(kind=SourceKind.CSV, source=str(path), location=f"line {reader.line_num}")
            yield Unit("record", where, provenance, record=record)


def _survey(path: Path, settings: IngestSettings) -> _Layout:
    """How the file's columns are read, and how many rows name a page to fetch (have no text)."""
    csv.field_size_limit(settings.max_bytes)
    with _open(path) as stream:
        dialect = _dialect(stream)
        reader = csv.reader(stream, dialect)
        first = next(reader, None)
        if first is None or not any(cell.strip() for cell in first):
            raise IngestError(str(path), "empty file: no header row and no rows in it")
        if dialect is _RawTab:
            return _gdelt_raw(GDELT_RAW[len(first)], first, reader)
        header = _header(first, path)
        content = [n for n, name in enumerate(header) if name in CONTENT]
        to_fetch = 0
        for row in reader:
            if any(cell.strip() for cell in row) and not any(
                n < len(row) and row[n].strip() for n in content
            ):
                to_fetch += 1
    return _Layout(header, header_row=True, to_fetch=to_fetch, note=unused_note(header))


def _gdelt_raw(
    raw: tuple[str, int, int, int | None], first: list[str], reader: Iterator[list[str]]
) -> _Layout:
    what, url, date, outlet = raw
    names = [""] * len(first)
    names[url], names[date] = "url", "published"
    read = "addresses and dates"
    if outlet is not None:
        names[outlet] = "outlet"
        read = "addresses, dates and outlets"
    addresses = {first[url]} | {row[url] for row in reader if len(row) > url}
    others = len(first) - sum(1 for name in names if name)
    note = (
        f"a {what} file without a header: its {read} are read (each address once), "
        f"its other {others} columns are not kept"
    )
    return _Layout(names, header_row=False, to_fetch=len(addresses), note=note, once=True)


class _NotArticles(IngestError):
    """A table without a column of addresses or of texts (an outlet table, a spreadsheet of figures)."""


def _header(first: list[str], path: Path) -> list[str]:
    """The column names, checked: a first row of data (an address in it) is no header."""
    names = [cell.strip() for cell in first]
    data = next((cell for cell in names if is_url(cell)), None)
    if data is not None:
        shown = data if len(data) <= 60 else data[:59] + "…"
        raise IngestError(
            str(path),
            f"no header row: the first row holds the address {shown}; add a first row naming the "
            "columns (url, title, published, outlet, language, or text)",
        )
    lowered = [name.lower() for name in names]
    if not any(name in CONTENT + ADDRESSES for name in lowered):
        raise _NotArticles(
            str(path),
            f"no 'url' or 'text' column: the header names {', '.join(repr(n) for n in names[:12])}; "
            "name the column of addresses 'url' (or of article texts 'text')",
        )
    # A column without a name still has its cells kept, under its place.
    return [name or f"column {number}" for number, name in enumerate(lowered, start=1)]


def _open(path: Path) -> IO[str]:
    """The file as text: UTF-8 (a BOM, as Excel writes, is dropped), or UTF-16 when its BOM
    says so (Excel's "Unicode text")."""
    with path.open("rb") as raw:
        head = raw.read(4)
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    return path.open(encoding=encoding, newline="")


class _RawTab(csv.excel_tab):
    """GDELT's raw files: tabs, and quotes that are text (a GKG quotation holds them)."""

    quoting = csv.QUOTE_NONE


def _dialect(stream: IO[str]) -> type[csv.Dialect]:
    """Commas, semicolons (spreadsheets in many languages) or tabs: whichever the first row
    holds most of (the header decides; a ragged row below must not); a ``.tsv`` is tabs."""
    first = stream.readline()
    stream.seek(0)
    cells = first.rstrip("\r\n").split("\t")
    raw = GDELT_RAW.get(len(cells))
    if raw is not None and is_url(cells[raw[1]].strip()):
        return _RawTab
    if str(getattr(stream, "name", "")).lower().endswith(".tsv"):
        return csv.excel_tab
    outside_quotes = "".join(first.split('"')[::2])
    separator = max(",;\t", key=outside_quotes.count)
    return _SEPARATED[separator] if outside_quotes.count(separator) else csv.excel


class _Semicolons(csv.excel):
    delimiter = ";"


_SEPARATED: dict[str, type[csv.Dialect]] = {",": csv.excel, ";": _Semicolons, "\t": csv.excel_tab}


def _unreadable(error: OSError | UnicodeDecodeError | csv.Error, cap: int) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"not UTF-8 text ({error.reason}): save the file as UTF-8 CSV"
    if isinstance(error, csv.Error) and "field larger" in str(error):
        return "a cell " + over_cap(None, cap)
    if isinstance(error, OSError):
        return f"cannot read: {error.strerror or error}"
    return f"not a readable CSV file: {error}"
