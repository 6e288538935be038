"""A ``.json`` file that is a list of records, read an item at a time (ijson), never whole.

A crawl saved by news-please or a Media Cloud export can be a list of 10,000 articles and
hundreds of megabytes: each item is built alone and handed on.  An item is never held past
``ingest.max_bytes`` (the bytes read since the previous item are counted as they come); one
that is larger ends the reading, as a list damaged in the middle does, with the items
before it kept and a line that says after which item.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import ijson

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.ingest.units import Note, Unit, over_cap

_BUFFER = 64 * 1024  # what ijson reads at a time: an item's count may hold one read of the next


class _ItemTooLarge(Exception):
    pass


class _Counted:
    """The file, counting the bytes read since the last item ended, and the items."""

    def __init__(self, stream: IO[bytes], cap: int) -> None:
        self.stream = stream
        self.cap = cap
        self.since = 0
        self.items = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.since += len(data)
        if self.since > self.cap + 2 * _BUFFER:
            raise _ItemTooLarge
        return data

    def each(self, items: Iterator[Any]) -> Iterator[Any]:
        for item in items:
            self.items += 1
            self.since = 0
            yield item


def iter_json_list(path: Path, settings: IngestSettings) -> Iterator[Unit | IngestError | Note]:
    """One unit an item (``file.json:[N]``); an item that is no object fails alone."""
    from corroborator.ingest.jsonl import TOO_DEEP, list_units, unused

    source = str(path)
    names: dict[str, None] = {}
    stream: _Counted | None = None
    try:
        with path.open("rb") as raw:
            stream = _Counted(raw, settings.max_bytes)
            items = ijson.items(stream, "item", use_float=True, buf_size=_BUFFER)
            yield from list_units(path, stream.each(items), names)
    except _ItemTooLarge:
        yield IngestError(
            f"{path}:[{_read(stream) + 1}]",
            f"item of {over_cap(None, settings.max_bytes)}: it and the items after it are lost; split the list",
        )
    except ijson.JSONError as error:
        problem = " ".join(str(error).splitlines()[0].split()) if str(error) else type(error).__name__
        yield IngestError(
            source,
            f"not valid JSON after item {_read(stream)} ({problem}): the items after it are lost; repair the file",
        )
    except RecursionError:
        yield IngestError(f"{path}:[{_read(stream) + 1}]", TOO_DEEP + "; the items after it are lost")
    except OSError as error:
        yield IngestError(source, f"cannot read: {error.strerror or error}")
        return
    else:
        if _read(stream) == 0:
            yield IngestError(source, "an empty list: no JSON records in it")
    yield from unused(path, names)


def _read(stream: _Counted | None) -> int:
    """How many items were read."""
    return 0 if stream is None else stream.items
