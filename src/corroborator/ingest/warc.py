"""WARC / WARC.gz dumps: every HTTP response with an HTML body becomes a page unit."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.utils import BUFF_SIZE

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.ingest.units import Skipped, Unit, over_cap
from corroborator.models import Provenance, SourceKind


def _not_a_warc(path: Path) -> str | None:
    """Why the file is not a WARC (or ARC) archive, None when its first bytes look right.

    warcio reads anything as a lenient ARC file: a text file named .warc would come
    out as 'records' with empty bodies instead of a reason.
    """
    with path.open("rb") as stream:
        head = stream.read(64)
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.open(path, "rb") as unpacked:
                head = unpacked.read(64)
        except EOFError:
            return _Cut(0).reason()
        except OSError as error:
            return f"not a readable WARC file: broken gzip ({error})"
    if not head.strip():
        return "empty file: there is nothing to ingest"
    if head.startswith((b"WARC/", b"filedesc://")):
        return None
    return "not a readable WARC file: it does not start with a 'WARC/1.0' record header"


# A WARC or HTTP header line is a name and a value, far shorter than this; a longer one means the
# file is damaged (warcio would read it whole, however long).
MAX_HEADER_LINE = 1_048_576


class _Cut(Exception):
    """The archive cannot be read past its last whole record."""

    def __init__(self, records: int, why: str = "truncated") -> None:
        super().__init__(why)
        self.records = records
        self.why = why

    def reason(self) -> str:
        return f"{self.why} after record {self.records}: the rest is lost; re-download it"


class _BoundedReader(DecompressingBufferedReader):  # type: ignore[misc]
    """warcio's reader with every line capped at MAX_HEADER_LINE (it reads bodies with read())."""

    unfinished = False  # the last gzip member lacks its end (its checksum and size)

    def close_decompressor(self) -> None:
        if self.decompressor is not None and not getattr(self.decompressor, "eof", True):
            self.unfinished = True
        super().close_decompressor()

    def readline(self, length: int | None = None) -> bytes:
        wanted = MAX_HEADER_LINE + 1 if length is None else min(length, MAX_HEADER_LINE + 1)
        line = b""
        # warcio's readline(n) may stop short of n at a buffer's edge: ask again until a line ends.
        while len(line) < wanted and not line.endswith(b"\n"):
            piece: bytes = super().readline(wanted - len(line))
            if not piece:
                break
            line += piece
        if len(line) > MAX_HEADER_LINE:
            raise _Cut(-1, f"damaged (a header line longer than {MAX_HEADER_LINE:,} bytes)")
        return line


@dataclass(frozen=True)
class _Record:
    uri: str
    http: Any  # warcio's StatusAndHeaders of a response, None for other records
    body: bytes  # the first max_bytes + 1 bytes of an HTML 2xx response; empty for others
    offset: int


def _records(path: Path, stream: BinaryIO, cap: int) -> Iterator[_Record]:
    """The whole records of an archive; _Cut when it ends inside one or cannot be read on."""
    iterator = ArchiveIterator(stream)
    iterator.reader = reader = _BoundedReader(iterator.fh, block_size=BUFF_SIZE)
    done = end = 0
    while True:
        try:
            record = next(iterator, None)
        except _Cut as cut:
            raise _Cut(done, cut.why) from cut
        except Exception as error:
            raise _Cut(done) from error
        if record is None:
            break
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        http = record.http_headers if record.rec_type == "response" else None
        body = b""
        if http is not None and _is_html_page(http):
            # Read before asking for the offset: get_record_offset() reads the
            # record to its end, after which the content stream is empty.
            body = record.content_stream().read(cap + 1)
        offset = iterator.get_record_offset()
        if getattr(record.raw_stream, "limit", 0) > 0 or not _has_length(record):
            raise _Cut(done)  # the file ends inside this record (or inside its header)
        done += 1
        end = offset + iterator.get_record_length()
        yield _Record(uri, http, body, offset)
    if reader.unfinished or not _nothing_after(path, end):
        raise _Cut(done)  # a gzip member cut short, which warcio passes over in silence


def _has_length(record: Any) -> bool:
    """Whether a WARC record's header ends with its length (an ARC record has it on its first line)."""
    if record.format != "warc":
        return True
    return str(record.rec_headers.get_header("Content-Length") or "").strip().isdigit()


def _is_html_page(http: Any) -> bool:
    return "html" in (http.get_header("Content-Type") or "").lower() and _status(http).startswith("2")


def _status(http: Any) -> str:
    return str(http.get_statuscode() or "")


def iter_warc(path: Path, settings: IngestSettings) -> Iterator[Unit | IngestError | Skipped]:
    """A page unit for every HTML 2xx response; other responses are skipped with a reason.

    A file cut short (a download that stopped) ends in a failure saying after which record.
    """
    html_found = 0
    records = 0
    try:
        problem = _not_a_warc(path)
        if problem:
            yield IngestError(str(path), problem)
            return
        with path.open("rb") as stream:
            for record in _records(path, stream, settings.max_bytes):
                records += 1
                if record.http is None:
                    continue
                uri, where = record.uri, f"{path}@{record.offset}"
                content_type = (record.http.get_header("Content-Type") or "").lower()
                if "html" not in content_type:
                    yield Skipped(where, f"{uri}: not HTML ({content_type or 'no content type'})")
                    continue
                if not _is_html_page(record.http):
                    yield Skipped(where, f"{uri}: HTTP status {_status(record.http)}")
                    continue
                if len(record.body) > settings.max_bytes:
                    yield IngestError(where, f"{uri}: response " + over_cap(None, settings.max_bytes))
                    continue
                html_found += 1
                provenance = Provenance(
                    kind=SourceKind.WARC, source=str(path), location=f"offset {record.offset}"
                )
                yield Unit("page", f"{path} {uri}", provenance, url=uri or None, data=record.body)
    except _Cut as cut:
        yield IngestError(str(path), cut.reason())
        return
    except (OSError, zlib.error) as error:
        yield IngestError(str(path), f"cannot read: {error}")
        return
    if html_found == 0:
        yield IngestError(str(path), f"no HTML responses among its {records} WARC records")


def _nothing_after(path: Path, end: int) -> bool:
    """Whether the file holds nothing but blank lines after byte ``end`` (an uncompressed
    WARC ends with two; an unpacked gzip member would not be blank)."""
    with path.open("rb") as stream:
        stream.seek(end)
        rest = stream.read(64)
    return len(rest) < 64 and not rest.strip()
