"""JSONL dumps, plain or gzip: one unit a record, read a line at a time.

A line is never held whole past ``ingest.max_bytes``: the rest of a longer one is read
and dropped a piece at a time, so a small gzip that unpacks to one enormous line costs
time, not memory.  Every line that cannot be a record is reported as ``path:line``
and the others are kept; a gzip cut short says after which line.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.ingest.shapes import unused_note
from corroborator.ingest.units import Note, Unit, over_cap
from corroborator.models import Provenance, SourceKind

# Nesting deeper than this is no news record; deeper still, json and pickle run out of stack.
MAX_DEPTH = 100
_PIECE = 1 << 20  # what is read at a time from the part of a line over the cap


class _Lines(Protocol):
    def readline(self, size: int, /) -> bytes: ...


_Stream = io.BufferedReader | gzip.GzipFile


class _Recoded:
    """A UTF-16 or UTF-32 stream read as UTF-8 lines, the encoding JSON text is read in."""

    def __init__(self, stream: _Stream, encoding: str) -> None:
        # newline="\n": a JSONL line ends at LF only, whatever else the text holds.
        self.text = io.TextIOWrapper(stream, encoding=encoding, newline="\n")

    def readline(self, size: int, /) -> bytes:
        return self.text.readline(size).encode("utf-8", "surrogatepass")


def _open(path: Path) -> _Stream:
    if path.name.lower().endswith(".gz"):
        return gzip.GzipFile(path, "rb")
    return path.open("rb")


def _encoding(stream: _Stream) -> str:
    """UTF-8, or the UTF-16 or UTF-32 that JSON's first bytes reveal (RFC 8259 names UTF-8;
    Windows tools save UTF-16)."""
    head = stream.peek(4)[:4]
    encoding = json.detect_encoding(head) if len(head) >= 2 else "utf-8"
    return "utf-8" if encoding == "utf-8-sig" else encoding


def read_lines(lines: _Lines, cap: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(number, line, size)`` for every line; ``line`` is None when ``size`` is over ``cap``
    (its bytes were dropped as they were read)."""
    number = 0
    while raw := lines.readline(cap + 1):
        number += 1
        size = len(raw)
        if size <= cap:
            yield number, raw, size
            continue
        while not raw.endswith(b"\n"):
            raw = lines.readline(_PIECE)
            if not raw:
                break
            size += len(raw)
        yield number, None, size


def iter_jsonl(path: Path, settings: IngestSettings) -> Iterator[Unit | IngestError | Note]:
    """One unit a record; a broken line is reported as ``file:line`` and the rest kept; the
    fields no article field is read from are told once, at the end."""
    records = number = 0
    names: dict[str, None] = {}
    encoding = "utf-8"
    try:
        with _open(path) as stream:
            encoding = _encoding(stream)
            lines = stream if encoding == "utf-8" else _Recoded(stream, encoding)
            for number, raw, size in read_lines(lines, settings.max_bytes):
                where = f"{path}:{number}"
                if raw is not None and not raw.strip():
                    continue
                records += 1
                if raw is None:
                    yield IngestError(where, "record of " + over_cap(size, settings.max_bytes))
                    continue
                for part, (location, piece) in enumerate(_records_of(raw, number)):
                    records += part > 0
                    record = _record(piece, f"{path}:{location}")
                    if isinstance(record, IngestError):
                        yield record
                        continue
                    names.update(dict.fromkeys(record))
                    provenance = Provenance(
                        kind=SourceKind.JSONL, source=str(path), location=f"line {location}"
                    )
                    yield Unit("record", f"{path}:{location}", provenance, record=record)
    except UnicodeDecodeError as error:  # only a UTF-16 or UTF-32 file is decoded whole
        yield IngestError(
            str(path),
            f"not valid {encoding.upper()} text after line {number} ({error.reason}): the rest is lost; "
            "save the file again as UTF-8",
        )
        return
    except EOFError:
        yield IngestError(str(path), f"truncated after line {number}: the rest is lost; re-download it")
        return
    except gzip.BadGzipFile as error:
        if number == 0 and str(error).startswith("Not a gzipped file"):
            yield IngestError(str(path), "not gzip-compressed, though named .gz: rename it without the .gz")
            return
        # A checksum that does not match, found only at the end of the damaged member.
        yield IngestError(
            str(path),
            f"damaged after line {number} ({error}): the rest is lost and the lines read from it may be "
            "wrong; re-download it",
        )
        return
    except zlib.error as error:
        yield IngestError(
            str(path), f"damaged after line {number} ({error}): the rest is lost; re-download it"
        )
        return
    except OSError as error:
        yield IngestError(str(path), f"cannot read: {error}")
        return
    if records == 0:
        # Said out loud: a dump that yields nothing is usually the wrong file.
        yield IngestError(str(path), "empty file: no JSON records in it")
    yield from unused(path, names)


def unused(path: Path, names: dict[str, None]) -> Iterator[Note]:
    note = unused_note(names)
    if note is not None:
        yield Note(str(path), note)


def _records_of(raw: bytes, number: int) -> list[tuple[str, bytes]]:
    """The line, or, when it holds several records parted by bare carriage returns (old Mac
    line ends, which a JSON string cannot hold unescaped), each of them."""
    line = raw.rstrip(b"\r\n")
    if b"\r" not in line or not isinstance(_record(raw, ""), IngestError):
        return [(str(number), raw)]
    pieces = [piece for piece in line.split(b"\r") if piece.strip()]
    if len(pieces) < 2 or any(isinstance(_record(piece, ""), IngestError) for piece in pieces):
        return [(str(number), raw)]  # not records parted by CRs: one line, one failure
    return [(f"{number}.{part}", piece) for part, piece in enumerate(pieces, start=1)]


def iter_json(path: Path, settings: IngestSettings) -> Iterator[Unit | IngestError | Note]:
    """A ``.json`` file: one record (an object), or a list of them (each reported by its place;
    streamed, see ``jsonlist.py``), or GDELT's article list (``{"articles": [...]}``)."""
    source = str(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(4096).lstrip()
            encoding = json.detect_encoding(head[:4]) if len(head) >= 2 else "utf-8"
        if head.startswith(b"[") and encoding in ("utf-8", "utf-8-sig"):
            from corroborator.ingest.jsonlist import iter_json_list

            yield from iter_json_list(path, settings)
            return
        size = path.stat().st_size
        if size > settings.max_bytes:
            yield IngestError(source, over_cap(size, settings.max_bytes))
            return
        raw = path.read_bytes()
    except OSError as error:
        yield IngestError(source, f"cannot read: {error.strerror or error}")
        return
    if not raw.strip():
        yield IngestError(source, "empty file: no JSON record in it")
        return
    if not raw.lstrip().startswith(b"["):
        record = _record(raw, source, kept="")
        if isinstance(record, IngestError):
            yield record
            return
        listed = record.get("articles")
        if not (len(record) == 1 and isinstance(listed, list)):
            yield Unit("record", source, Provenance(kind=SourceKind.JSONL, source=source), record=record)
            yield from unused(path, dict.fromkeys(record))
            return
        items = listed
    else:
        try:
            items = json.loads(raw)  # a list in UTF-16 or UTF-32, within the size cap
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError, ValueError) as error:
            yield IngestError(source, f"not a valid JSON list of records: {error}")
            return
    if not isinstance(items, list):
        yield IngestError(source, f"not a valid JSON list of records: a {type(items).__name__} after all")
        return
    names: dict[str, None] = {}
    yield from list_units(path, items, names)
    yield from unused(path, names)


def list_units(path: Path, items: Iterable[Any], names: dict[str, None]) -> Iterator[Unit | IngestError]:
    """One unit an item of a JSON list (``file.json:[N]``); an item that is no object, or
    nests too deep, fails alone.  The items' field names are added to ``names``."""
    for number, item in enumerate(items, start=1):
        where = f"{path}:[{number}]"
        if not isinstance(item, dict):
            yield IngestError(where, f"a record must be a JSON object, not {type(item).__name__}")
        elif too_deep(item):
            yield IngestError(where, TOO_DEEP)
        else:
            names.update(dict.fromkeys(item))
            provenance = Provenance(kind=SourceKind.JSONL, source=str(path), location=f"item {number}")
            yield Unit("record", where, provenance, record=item)


def _record(raw: bytes, where: str, kept: str = "; the other lines are kept") -> dict[str, Any] | IngestError:
    """The JSON object on one line, or why there is none."""
    try:
        # Without its line ending, so that the error's column is on this line.
        record = json.loads(raw.rstrip(b"\r\n"))
    except json.JSONDecodeError as error:
        return IngestError(where, f"not valid JSON: {error.msg} (column {error.colno}){kept}")
    except UnicodeDecodeError as error:
        return IngestError(where, f"not UTF-8 text (byte {error.start + 1}: {error.reason}){kept}")
    except RecursionError:
        return IngestError(where, TOO_DEEP + kept)
    except ValueError:  # Python reads no integer of more than 4,300 digits
        return IngestError(where, f"a number of more than 4,300 digits: write it as a JSON string{kept}")
    if not isinstance(record, dict):
        return IngestError(where, f"a record must be a JSON object, not {type(record).__name__}")
    # Counting brackets first: a record with few of them cannot nest deeply.
    if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH and too_deep(record):
        return IngestError(where, TOO_DEEP + kept)
    return record


TOO_DEEP = f"JSON nested more than {MAX_DEPTH} levels deep: flatten the record"


def too_deep(value: object) -> bool:
    """Whether lists and objects nest more than MAX_DEPTH levels in a parsed JSON value
    (found without recursion: the value may be the deep one)."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False
