"""WARC / WARC.gz dumps: every HTTP response with an HTML body becomes a page unit."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

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
        except (OSError, EOFError) as error:
            return f"not a readable WARC file: broken gzip ({error})"
    if not head.strip():
        return "empty file: there is nothing to ingest"
    if head.startswith((b"WARC/", b"filedesc://")):
        return None
    return "not a readable WARC file: it does not start with a 'WARC/1.0' record header"


def iter_warc(path: Path, settings: IngestSettings) -> Iterator[Unit | IngestError | Skipped]:
    """A page unit for every HTML 2xx response; other responses are skipped with a reason."""
    html_found = 0
    records = 0
    try:
        problem = _not_a_warc(path)
        if problem:
            yield IngestError(str(path), problem)
            return
        with path.open("rb") as stream:
            iterator = ArchiveIterator(stream)
            for record in iterator:
                records += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                status = record.http_headers.get_statuscode() or ""
                body = b""
                if "html" in content_type and status.startswith("2"):
                    # Read before asking for the offset: get_record_offset() reads the
                    # record to its end, after which the content stream is empty.
                    body = record.content_stream().read(settings.max_bytes + 1)
                offset = iterator.get_record_offset()
                where = f"{path}@{offset}"
                if "html" not in content_type:
                    yield Skipped(where, f"{uri}: not HTML ({content_type or 'no content type'})")
                    continue
                if not status.startswith("2"):
                    yield Skipped(where, f"{uri}: HTTP status {status}")
                    continue
                if len(body) > settings.max_bytes:
                    yield IngestError(where, f"{uri}: response " + over_cap(None, settings.max_bytes))
                    continue
                html_found += 1
                provenance = Provenance(kind=SourceKind.WARC, source=str(path), location=f"offset {offset}")
                yield Unit("page", f"{path} {uri}", provenance, url=uri or None, data=body)
    except ArchiveLoadFailed as error:
        yield IngestError(str(path), f"not a readable WARC file: {error}")
        return
    except OSError as error:
        yield IngestError(str(path), f"cannot read: {error}")
        return
    if html_found == 0:
        yield IngestError(str(path), f"no HTML responses among its {records} WARC records")
