"""Units to article drafts.  Pure functions of their input: they run in worker processes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.ingest.decode import decode, sniff
from corroborator.ingest.html import extract_html
from corroborator.ingest.meta import detect_language, read_published
from corroborator.ingest.shapes import RECORD_FIELDS, as_own_fields
from corroborator.ingest.units import Note, Unit, is_url, unexpected
from corroborator.models import ArticleDraft, PartialTime, Provenance, SourceKind

Outcome = ArticleDraft | IngestError | Note


def process(unit: Unit, settings: IngestSettings) -> list[Outcome]:
    """All drafts a unit yields (a feed yields many) and notes on them; failures come back
    as values.

    Never raises: one odd document must not end a run of a million.
    """
    try:
        return _process(unit, settings)
    except IngestError as error:
        return [error]
    except Exception as error:  # noqa: BLE001 - the libraries below raise far more than they document
        return [IngestError(unit.source, unexpected(error))]


def _process(unit: Unit, settings: IngestSettings) -> list[Outcome]:
    if unit.kind == "text":
        return [_text_file(unit, settings)]
    if unit.kind == "html":
        return [_html(_read(unit), unit, settings)]
    if unit.kind == "page":
        return [_html(unit.data or b"", unit, settings, url=unit.url)]
    if unit.kind == "record":
        return _record(unit, settings)
    if unit.kind == "feed":
        from corroborator.ingest.feed import feed_drafts
        from corroborator.ingest.sitemap import is_sitemap, sitemap_drafts, unpacked

        data = unpacked(_read(unit), unit.source, settings.max_bytes)
        if is_sitemap(data):
            return sitemap_drafts(data, unit, settings)
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
    """Fill language and normalise fields; the text is kept exactly as given (a raw
    publication date is read first, by :func:`read_date`)."""
    text = fields["text"]
    language, confidence = fields.get("language"), None
    if not language:
        language, confidence = detect_language(text)
    published = fields.get("published")
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
        published=published if isinstance(published, PartialTime) else None,
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


def read_date(value: Any, source: str, settings: IngestSettings) -> tuple[PartialTime | None, Note | None]:
    """A given publication date read as a time, or a note on why it was set aside."""
    published, why = read_published(value, settings.default_timezone)
    if why is None:
        return published, None
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:59] + "…"
    return None, Note(
        source,
        f"publication date {shown} ignored: {why}; it is kept in extra.published_unparsed: "
        "correct it in the input to date the article",
    )


def _record(unit: Unit, settings: IngestSettings) -> list[Outcome]:
    record = as_own_fields(unit.record or {})
    _check_unicode(record, unit.source)
    text, html = record.get("text"), record.get("html")
    if text is not None and not isinstance(text, str):
        raise IngestError(unit.source, f"'text' must be a string, not {type(text).__name__}")
    given = {
        name: _given(record, name, unit.source) for name in ("url", "title", "outlet", "author", "language")
    }
    extra = {k: v for k, v in record.items() if k not in RECORD_FIELDS}
    if isinstance(text, str) and text.strip():
        fields: dict[str, Any] = {"text": text}
    elif isinstance(html, str) and html.strip():
        fields = extract_html(html, unit.source, url=given["url"], default_timezone=settings.default_timezone)
    elif given["url"] and is_url(given["url"].strip()):
        return _listed_page(record, given, extra, unit, settings)
    else:
        raise IngestError(
            unit.source,
            "record has neither 'text' nor 'html' (or both are empty), nor a news-please 'maintext', "
            "nor an http(s) 'url' to fetch the page from",
        )
    fields.update({name: value for name, value in given.items() if value not in (None, "")})
    fields["external_id"] = _given(record, "id", unit.source)
    published, note = read_date(record.get("published"), unit.source, settings)
    if note is not None:
        extra["published_unparsed"] = record["published"]
    fields["published"] = published or fields.get("published")
    fields["extra"] = extra
    draft = finish(fields, unit.provenance, settings)
    return [draft] if note is None else [draft, note]


def _listed_page(
    record: dict[str, Any],
    given: dict[str, str | None],
    extra: dict[str, Any],
    unit: Unit,
    settings: IngestSettings,
) -> list[Outcome]:
    """A record that only lists a page (a Media Cloud or GDELT row): the page is fetched, and
    what the record says (its outlet above all) is kept over what the page says."""
    from corroborator.errors import FetchError
    from corroborator.ingest.feed import finish_entry, page_fields

    url = (given["url"] or "").strip()
    base: dict[str, Any] = {name: value for name, value in given.items() if value not in (None, "")}
    base.update(url=url, published=record.get("published"), external_id=_given(record, "id", unit.source))
    try:
        fields = page_fields(url, base, settings)
    except FetchError as error:
        raise IngestError(unit.source, f"cannot fetch its page {url}: {error.reason}") from error
    if base.get("outlet"):
        fields["outlet"] = base["outlet"]
    return finish_entry(fields, unit.provenance, unit.source, settings, extra=extra)


def _given(record: dict[str, Any], name: str, source: str) -> str | None:
    """A text field of a record: a number becomes its digits; an object, a list or true/false
    is refused (stored, it would be Python's spelling of it)."""
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    kind = {dict: "an object", list: "a list", bool: "true or false"}.get(type(value), type(value).__name__)
    raise IngestError(source, f"'{name}' must be text or a number, not {kind}: give it as a JSON string")


def known_id(unit: Unit) -> str | None:
    """The id a JSONL record that carries its own text will be stored under, computed
    without parsing it (so that a rerun over a dump skips what is stored); None for
    every other unit.  It goes through the same draft fields as :func:`_record`."""
    if unit.kind != "record" or not unit.record:
        return None
    record = as_own_fields(unit.record)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return ArticleDraft(
            text=text,
            title=_clean(_given(record, "title", unit.source)),
            url=_clean(_given(record, "url", unit.source)),
            external_id=_as_given(_given(record, "id", unit.source)),
            outlet=_clean(_given(record, "outlet", unit.source)),
            provenance=unit.provenance,
        ).article_id
    except (IngestError, UnicodeEncodeError, ValueError):
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


def _url(unit: Unit, settings: IngestSettings) -> list[Outcome]:
    from corroborator.ingest.fetch import fetch

    fetched = fetch(unit.url or unit.source, settings)
    if not fetched.content.strip():
        raise IngestError(unit.source, "the server sent an empty page: there is nothing to ingest")
    from corroborator.ingest.sitemap import is_sitemap, sitemap_drafts, unpacked

    content = unpacked(fetched.content, unit.source, settings.max_bytes)
    if is_sitemap(content):
        return sitemap_drafts(content, replace(unit, url=fetched.url), settings)
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
