"""WARC / WARC.gz dumps: every HTTP response with an HTML body becomes a page unit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.ingest.units import Skipped, Unit
from corroborator.models import Provenance, SourceKind


def iter_warc(path: Path, settings: IngestSettings) -> Iterator[Unit | IngestError | Skipped]:
    html_found = 0
    records = 0
    try:
        with path.open("rb") as stream:
            iterator = ArchiveIterator(stream)
            for record in iterator:
                records += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                where = f"{path}@{iterator.get_record_offset()}"
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                status = record.http_headers.get_statuscode() or ""
                if "html" not in content_type:
                    yield Skipped(where, f"{uri}: not HTML ({content_type or 'no content type'})")
                    continue
                if not status.startswith("2"):
                    yield Skipped(where, f"{uri}: HTTP status {status}")
                    continue
                body = record.content_stream().read(settings.max_bytes + 1)
                if len(body) > settings.max_bytes:
                    yield IngestError(where, f"{uri}: response over the size cap (ingest.max_bytes)")
                    continue
                html_found += 1
                provenance = Provenance(
                    kind=SourceKind.WARC,
                    source=str(path),
                    location=f"offset {iterator.get_record_offset()}",
                )
                yield Unit("page", f"{path} {uri}", provenance, url=uri or None, data=body)
    except ArchiveLoadFailed as error:
        yield IngestError(str(path), f"not a readable WARC file: {error}")
        return
    except OSError as error:
        yield IngestError(str(path), f"cannot read: {error}")
        return
    if html_found == 0:
        yield IngestError(str(path), f"no HTML responses among its {records} WARC records")
