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
from pathlib import Path
from typing import IO

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.ingest.shapes import unused_note
from corroborator.ingest.units import Note, Unit, is_url, over_cap
from corroborator.models import Provenance, SourceKind

_SAMPLE = 64_000  # characters the dialect is guessed from
CONTENT = ("text", "html", "maintext")  # columns that carry the article itself
ADDRESSES = ("url", "source")  # columns that name its page (trafilatura calls it source)


def iter_csv(path: Path, settings: IngestSettings) -> Iterator[Unit | IngestError | Note]:
    """One unit a row (``file.csv:LINE``); a bad row is one failure and the others are kept."""
    source = str(path)
    try:
        header, to_fetch = _survey(path, settings)
    except IngestError as error:
        yield error
        return
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        yield IngestError(source, _unreadable(error, settings.max_bytes))
        return
    if to_fetch > settings.max_feed_entries:
        yield IngestError(
            source,
            f"{to_fetch:,} rows name a page to fetch, over the {settings.max_feed_entries:,} cap "
            "(ingest.max_feed_entries): split the file or raise the cap",
        )
        return
    note = unused_note(header)
    if note is not None:
        yield Note(source, note)
    try:
        with _open(path) as stream:
            reader = csv.reader(stream, _dialect(stream))
            next(reader)
            for row in reader:
                where = f"{path}:{reader.line_num}"
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) > len(header):
                    yield IngestError(
                        where,
                        f"{len(row)} cells under a header of {len(header)} columns: quote the cells that "
                        "hold the separator",
                    )
                    continue
                record = {name: cell for name, cell in zip(header, row, strict=False) if cell.strip()}
                provenance = Provenance(
                    kind=SourceKind.CSV, source=source, location=f"line {reader.line_num}"
                )
                yield Unit("record", where, provenance, record=record)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        yield IngestError(source, _unreadable(error, settings.max_bytes) + "; the rows before it are kept")


def _survey(path: Path, settings: IngestSettings) -> tuple[list[str], int]:
    """The header's column names, and how many rows name a page to fetch (have no text)."""
    csv.field_size_limit(settings.max_bytes)
    with _open(path) as stream:
        reader = csv.reader(stream, _dialect(stream))
        first = next(reader, None)
        if first is None or not any(cell.strip() for cell in first):
            raise IngestError(str(path), "empty file: no header row and no rows in it")
        header = _header(first, path)
        content = [n for n, name in enumerate(header) if name in CONTENT]
        to_fetch = 0
        for row in reader:
            if any(cell.strip() for cell in row) and not any(
                n < len(row) and row[n].strip() for n in content
            ):
                to_fetch += 1
    return header, to_fetch


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
        raise IngestError(
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


def _dialect(stream: IO[str]) -> type[csv.Dialect] | csv.Dialect:
    """Commas, semicolons (spreadsheets in many languages) or tabs, guessed from the start
    (a ``.tsv`` file is tab-separated)."""
    if str(getattr(stream, "name", "")).lower().endswith(".tsv"):
        return csv.excel_tab
    sample = stream.read(_SAMPLE)
    stream.seek(0)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _unreadable(error: OSError | UnicodeDecodeError | csv.Error, cap: int) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"not UTF-8 text ({error.reason}): save the file as UTF-8 CSV"
    if isinstance(error, csv.Error) and "field larger" in str(error):
        return "a cell " + over_cap(None, cap)
    if isinstance(error, OSError):
        return f"cannot read: {error.strerror or error}"
    return f"not a readable CSV file: {error}"
