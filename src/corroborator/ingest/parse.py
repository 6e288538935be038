"""Units to article drafts.  Pure functions of their input: they run in worker processes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.ingest.decode import decode, sniff
from corroborator.ingest.html import extract_html
from corroborator.ingest.meta import detect_language, parse_published
from corroborator.ingest.units import Unit
from corroborator.models import ArticleDraft, PartialTime, Provenance, SourceKind

RECORD_FIELDS = {"id", "url", "title", "text", "html", "outlet", "author", "published", "language"}


def process(unit: Unit, settings: IngestSettings) -> list[ArticleDraft | IngestError]:
    """All drafts a unit yields (a feed yields many); failures come back as values.

    Never raises: one odd document must not end a run of a million.
    """
    try:
        return _process(unit, settings)
    except IngestError as error:
        return [error]
    except Exception as error:  # noqa: BLE001 - the libraries below raise far more than they document
        failure = IngestError(
            unit.source,
            f"unexpected {type(error).__name__} while reading it: {error} (please report this input)",
        )
        return [failure]


def _process(unit: Unit, settings: IngestSettings) -> list[ArticleDraft | IngestError]:
    if unit.kind == "text":
        return [_text_file(unit, settings)]
    if unit.kind == "html":
        return [_html(_read(unit), unit, settings)]
    if unit.kind == "page":
        return [_html(unit.data or b"", unit, settings, url=unit.url)]
    if unit.kind == "record":
        return [_record(unit, settings)]
    if unit.kind == "feed":
        from corroborator.ingest.feed import feed_drafts

        data = _read(unit)
        if sniff(data) == "text":
            decode(data, unit.source)  # raises with the reason when empty or binary
        return feed_drafts(data, unit, settings)
    if unit.kind == "url":
        return _url(unit, settings)
    raise IngestError(unit.source, f"unknown unit kind '{unit.kind}'")


def _read(unit: Unit) -> bytes:
    try:
        return Path(unit.path or "").read_bytes()
    except OSError as error:
        raise IngestError(unit.source, f"cannot read: {error.strerror}") from error


def finish(fields: dict[str, Any], provenance: Provenance, settings: IngestSettings) -> ArticleDraft:
    """Fill language and normalise fields; the text is kept exactly as given."""
    text = fields["text"]
    language, confidence = fields.get("language"), None
    if not language:
        language, confidence = detect_language(text)
    published = fields.get("published")
    if published is not None and not isinstance(published, PartialTime):
        published = parse_published(published, settings.default_timezone)
    url = _clean(fields.get("url"))
    # A URL names its outlet by its host; a loose file has only what the user says.
    outlet = _clean(fields.get("outlet")) or (None if url else _clean(settings.outlet))
    return ArticleDraft(
        text=text,
        title=_clean(fields.get("title")),
        url=url,
        external_id=_as_given(fields.get("external_id")),
        outlet=outlet,
        author=_clean(fields.get("author")),
        published=published,
        language=str(language).lower() if language else None,
        language_confidence=confidence,
        provenance=provenance,
        extra=fields.get("extra") or {},
    )


def _as_given(value: Any) -> str | None:
    """An identifier exactly as the input gave it (users join results back on it)."""
    if value is None or value == "":
        return None
    return str(value)


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _text_file(unit: Unit, settings: IngestSettings) -> ArticleDraft:
    data = _read(unit)
    kind = sniff(data)
    if kind == "html":
        # A page saved under a text name: read as HTML, and recorded as read that way
        # (provenance says which reader made the article).
        provenance = unit.provenance.model_copy(update={"kind": SourceKind.HTML})
        return _html(data, replace(unit, kind="html", provenance=provenance), settings)
    text = decode(data, unit.source)
    if not text.strip():
        raise IngestError(unit.source, "empty file: there is nothing to ingest")
    return finish({"text": text, "title": _first_line_title(text)}, unit.provenance, settings)


def _first_line_title(text: str) -> str | None:
    """The first line is a title when it is short and a blank line follows it."""
    lines = text.lstrip().split("\n", 2)
    if len(lines) >= 2 and not lines[1].strip() and 0 < len(lines[0].strip()) <= 200:
        return lines[0].strip()
    return None


def _html(data: bytes, unit: Unit, settings: IngestSettings, url: str | None = None) -> ArticleDraft:
    if not data.strip():
        what = "empty response" if unit.kind == "page" else "empty file"  # a WARC record is no file
        raise IngestError(unit.source, f"{what}: there is nothing to ingest")
    if sniff(data) != "html":
        decode(data, unit.source)  # raises with the reason when the bytes are not text
    fields = extract_html(data, unit.source, url=url, default_timezone=settings.default_timezone)
    return finish(fields, unit.provenance, settings)


def _record(unit: Unit, settings: IngestSettings) -> ArticleDraft:
    record = unit.record or {}
    _check_unicode(record, unit.source)
    text, html = record.get("text"), record.get("html")
    if text is not None and not isinstance(text, str):
        raise IngestError(unit.source, f"'text' must be a string, not {type(text).__name__}")
    if isinstance(text, str) and text.strip():
        fields: dict[str, Any] = {"text": text}
    elif isinstance(html, str) and html.strip():
        fields = extract_html(
            html, unit.source, url=record.get("url"), default_timezone=settings.default_timezone
        )
    else:
        raise IngestError(unit.source, "record has neither 'text' nor 'html' (or both are empty)")
    for name in ("url", "title", "outlet", "author", "language"):
        if record.get(name) not in (None, ""):
            fields[name] = record[name]
    if record.get("id") not in (None, ""):
        fields["external_id"] = record["id"]
    extra = {k: v for k, v in record.items() if k not in RECORD_FIELDS}
    if record.get("published") not in (None, ""):
        published = parse_published(record["published"], settings.default_timezone)
        if published is None:
            extra["published_unparsed"] = record["published"]
        fields["published"] = published or fields.get("published")
    fields["extra"] = extra
    return finish(fields, unit.provenance, settings)


def known_id(unit: Unit) -> str | None:
    """The id a JSONL record that carries its own text will be stored under, computed
    without parsing it (so that a rerun over a dump skips what is stored); None for
    every other unit.  It goes through the same draft fields as :func:`_record`."""
    record = unit.record
    if unit.kind != "record" or not record:
        return None
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return ArticleDraft(
            text=text,
            title=_clean(record.get("title")),
            url=_clean(record.get("url")),
            external_id=_as_given(record.get("id")),
            outlet=_clean(record.get("outlet")),
            provenance=unit.provenance,
        ).article_id
    except (UnicodeEncodeError, ValueError):
        return None  # the full parse gives the reason


def _check_unicode(record: dict[str, Any], source: str) -> None:
    """JSON may escape half a surrogate pair ("\\ud800"), which no text encoding can store."""
    for name in sorted(RECORD_FIELDS):
        value = record.get(name)
        if not isinstance(value, str):
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise IngestError(
                source,
                f"'{name}' is not valid Unicode: a lone surrogate {value[error.start]!r} at character "
                f"{error.start + 1}; fix the record's escapes",
            ) from error


def _url(unit: Unit, settings: IngestSettings) -> list[ArticleDraft | IngestError]:
    from corroborator.ingest.fetch import fetch

    fetched = fetch(unit.url or unit.source, settings)
    if not fetched.content.strip():
        raise IngestError(unit.source, "the server sent an empty page: there is nothing to ingest")
    kind = sniff(fetched.content)
    if "rss" in fetched.content_type or "atom" in fetched.content_type or kind == "feed":
        from corroborator.ingest.feed import feed_drafts

        return feed_drafts(fetched.content, unit, settings)
    if kind == "html" or "html" in fetched.content_type:
        return [_html(fetched.content, unit, settings, url=fetched.url)]
    if fetched.content_type == "text/plain":
        text = decode(fetched.content, unit.source)
        return [
            finish(
                {"text": text, "url": fetched.url, "title": _first_line_title(text)},
                unit.provenance,
                settings,
            )
        ]
    raise IngestError(unit.source, f"not a web page or feed (content type '{fetched.content_type}')")
