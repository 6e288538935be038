"""RSS and Atom feeds: each entry's full content when the feed carries it, else its page."""

from __future__ import annotations

from typing import Any

import feedparser

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.ingest.decode import root_element
from corroborator.ingest.html import extract_html, fragment_text
from corroborator.ingest.units import Note, Unit, is_url
from corroborator.models import ArticleDraft, Provenance, SourceKind

# An encoding declared wrongly or a content type that is not XML: the feed is read all the same.
_HARMLESS = (feedparser.ThingsNobodyCaresAboutButMe,)


def feed_drafts(data: bytes, unit: Unit, settings: IngestSettings) -> list[ArticleDraft | IngestError | Note]:
    # Counted before parsing: feedparser takes ~40 s over 100,000 entries, and every short
    # entry may cost a download of its page.
    entries = data.count(b"<item") + data.count(b"<entry")
    if entries > settings.max_feed_entries:
        raise IngestError(
            unit.source,
            f"the feed has about {entries:,} entries, over the {settings.max_feed_entries:,} cap "
            "(ingest.max_feed_entries): split it or raise the cap",
        )
    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        raise IngestError(unit.source, f"not an RSS or Atom feed: the root element is <{root_element(data)}>")
    site = parsed.feed.get("title")
    out: list[ArticleDraft | IngestError | Note] = []
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{unit.source} entry {number}"
        provenance = Provenance(
            kind=SourceKind.FEED,
            source=unit.source,
            location=entry.get("id") or entry.get("link") or f"entry {number}",
        )
        try:
            fields = _entry_fields(entry, where, settings)
        except IngestError as error:
            out.append(error)
            continue
        fields.setdefault("outlet", site)
        out.extend(finish_entry(fields, provenance, where, settings))
    if not out:
        out.append(IngestError(unit.source, "the feed has no entries"))
    elif parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), _HARMLESS):
        # A feed cut short or damaged is read up to the damage; the user must hear of it.
        problem = " ".join(str(parsed.get("bozo_exception", "")).split())[:200]
        out.append(
            Note(
                unit.source,
                f"not well-formed XML ({problem}): the entries after the damage may be lost; re-download it",
            )
        )
    return out


def _entry_fields(entry: Any, where: str, settings: IngestSettings) -> dict[str, Any]:
    link = entry.get("link")
    if link and not is_url(link):
        link = None  # feedparser takes a bare guid ("e3") for the link
    # Many RSS feeds carry the whole article in <description> (feedparser's summary)
    # rather than in content:encoded: whichever is longest is the entry's content.
    content = entry.get("summary", "") or ""
    for block in entry.get("content", []):
        content = max(content, block.get("value", ""), key=len)
    text = fragment_text(content) if content else ""
    base: dict[str, Any] = {
        "title": entry.get("title"),
        "author": entry.get("author"),
        "published": entry.get("published") or entry.get("updated"),
        "url": link,
        "external_id": entry.get("id"),
    }
    if len(text) >= settings.feed_full_text_chars:
        return {**base, "text": text}
    if not link:
        # A short text is still better than nothing when there is no page to fetch.
        if not text:
            raise IngestError(where, "entry has neither full content nor a link to its page")
        return {**base, "text": text}
    return page_fields(link, base, settings)


def page_fields(link: str, base: dict[str, Any], settings: IngestSettings) -> dict[str, Any]:
    """The fields a listing gave (``base``), with what the fetched page says over them."""
    from corroborator.ingest.fetch import fetch

    page = fetch(link, settings)
    fields = extract_html(page.content, link, url=page.url, default_timezone=settings.default_timezone)
    merged = {**base, **{k: v for k, v in fields.items() if v}}
    merged["url"] = page.url
    return merged


def finish_entry(
    fields: dict[str, Any],
    provenance: Provenance,
    where: str,
    settings: IngestSettings,
    extra: dict[str, Any] | None = None,
) -> list[ArticleDraft | IngestError | Note]:
    """The draft of one listed entry, and the note on a date it sets aside."""
    from corroborator.ingest.parse import finish, read_date

    published, note = read_date(fields.get("published"), where, settings)
    extra = dict(extra or {})
    if note is not None:
        extra["published_unparsed"] = fields["published"]
    draft = finish({**fields, "published": published, "extra": extra}, provenance, settings)
    return [draft] if note is None else [draft, note]
