"""XML sitemaps and news sitemaps: each listed page is fetched, as a short feed entry's is.

A sitemap index is followed to its sitemaps (each one fetched, so the SSRF guard and the
polite rules apply to it as to any page), once each: an index that lists itself, or two
that list each other, are read once.  Pages and sitemaps are both capped by
``ingest.max_feed_entries``, each costing a download.  A news sitemap's title, publication
name, language and date are kept; the page's own metadata fills in the rest.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.ingest.decode import root_element
from corroborator.ingest.units import Note, Unit, is_url, over_cap
from corroborator.models import ArticleDraft, Provenance, SourceKind

ROOTS = ("urlset", "sitemapindex")
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def is_sitemap(data: bytes) -> bool:
    """Whether the (unpacked) document is a sitemap or a sitemap index."""
    return root_element(data).rpartition(":")[2] in ROOTS


def unpacked(data: bytes, source: str, cap: int) -> bytes:
    """The document, gunzipped when it is gzip (``sitemap.xml.gz``), never past ``cap`` bytes."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(cap + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise IngestError(source, f"damaged gzip ({error}): re-download it") from error
    if len(out) > cap:
        raise IngestError(source, "unpacked: " + over_cap(None, cap))
    return out


@dataclass
class _Listing:
    """What a sitemap and the sitemaps it leads to list."""

    pages: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (sitemap, fields)
    problems: list[IngestError | Note] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # sitemaps read or queued
    page_urls: set[str] = field(default_factory=set)
    sitemaps: int = 0


def sitemap_drafts(
    data: bytes, unit: Unit, settings: IngestSettings
) -> list[ArticleDraft | IngestError | Note]:
    """One draft per page the sitemap (or the sitemaps of an index) lists; a page or a child
    sitemap that fails is one failure, and the others are kept."""
    from corroborator.ingest.feed import finish_entry, page_fields

    listing = _Listing()
    listing.seen.update(address for address in (unit.url, unit.source) if address and is_url(address))
    _read(data, unit.source, unit, settings, listing)
    out: list[ArticleDraft | IngestError | Note] = list(listing.problems)
    if not listing.pages and not out:
        out.append(IngestError(unit.source, "the sitemap lists no pages"))
    for number, (where, fields) in enumerate(listing.pages, start=1):
        provenance = Provenance(kind=SourceKind.SITEMAP, source=unit.source, location=fields["url"])
        try:
            page = page_fields(fields["url"], fields, settings)
        except IngestError as error:
            out.append(error)
            continue
        if fields.get("outlet"):
            page["outlet"] = fields["outlet"]  # the publisher's own name beats one read off its host
        out.extend(finish_entry(page, provenance, f"{where} page {number}", settings))
    return out


def _read(data: bytes, source: str, unit: Unit, settings: IngestSettings, listing: _Listing) -> None:
    """Read the sitemap, then the sitemaps it leads to, breadth first (a chain of indexes
    costs no stack), each address once."""
    queue: deque[tuple[str, bytes | None]] = deque([(source, data)])
    while queue:
        where, content = queue.popleft()
        if content is None:
            content = _fetched(where, unit, settings, listing)
            if content is None:
                continue
        try:
            locations = _entries(content, where, unit, settings, listing)
        except IngestError as error:
            if where == source or error.source == unit.source:
                raise  # the sitemap given is no sitemap, or the whole of it is over a cap
            listing.problems.append(error)  # one child sitemap lost; the others are read
            continue
        for location in locations:
            if location in listing.seen:
                listing.problems.append(
                    Note(where, f"lists {location} again (an index that leads back to itself): read once")
                )
                continue
            listing.seen.add(location)
            listing.sitemaps += 1
            _check_cap(listing.sitemaps, unit, settings, "sitemaps")
            queue.append((location, None))


def _entries(data: bytes, where: str, unit: Unit, settings: IngestSettings, listing: _Listing) -> list[str]:
    """The pages of a sitemap go to the listing (each once); an index gives its sitemaps' addresses."""
    root = _parse(unpacked(data, where, settings.max_bytes), where)
    kind = etree.QName(root).localname
    if kind not in ROOTS:
        raise IngestError(where, f"not a sitemap: the root element is <{kind}>")
    children = [child for child in root if isinstance(child.tag, str)]
    if kind == "sitemapindex":
        found = (_text(entry, "loc") for entry in children)
        return [location for location in found if location and is_url(location)]
    for entry in children:
        fields = _page(entry)
        if fields is not None and fields["url"] not in listing.page_urls:
            listing.page_urls.add(fields["url"])
            listing.pages.append((where, fields))
    _check_cap(len(listing.pages), unit, settings, "pages")
    return []


def _fetched(location: str, unit: Unit, settings: IngestSettings, listing: _Listing) -> bytes | None:
    """A child sitemap's content, or None when it cannot be fetched (one failure)."""
    from corroborator.ingest.fetch import fetch

    try:
        return fetch(location, settings).content
    except IngestError as error:
        listing.problems.append(error)
        return None


def _check_cap(count: int, unit: Unit, settings: IngestSettings, what: str) -> None:
    if count > settings.max_feed_entries:
        raise IngestError(
            unit.source,
            f"the sitemap lists more than {settings.max_feed_entries:,} {what}, the cap "
            "(ingest.max_feed_entries): give one of its sitemaps or raise the cap",
        )


def _parse(data: bytes, source: str) -> Any:
    # No entities, no network, no DTD: a sitemap is a list of addresses, nothing more.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise IngestError(source, f"not well-formed XML ({error}): re-download it") from error


def _page(entry: Any) -> dict[str, Any] | None:
    location = _text(entry, "loc")
    if not location or not is_url(location):
        return None
    fields: dict[str, Any] = {"url": location, "published": _text(entry, "lastmod")}
    news = next((child for child in entry if child.tag == f"{_NEWS}news"), None)
    if news is not None:
        fields["title"] = _text(news, "title", _NEWS)
        fields["published"] = _text(news, "publication_date", _NEWS) or fields["published"]
        publication = news.find(f"{_NEWS}publication")
        if publication is not None:
            fields["outlet"] = _text(publication, "name", _NEWS)
            fields["language"] = _text(publication, "language", _NEWS)
    return {name: value for name, value in fields.items() if value}


def _text(element: Any, name: str, namespace: str | None = None) -> str | None:
    """The text of the child ``name`` (in the sitemap namespace, or in none, as some sites write it)."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        qname = etree.QName(child)
        if qname.localname == name and (namespace is None or child.tag.startswith(namespace)):
            text = (child.text or "").strip()
            return text or None
    return None
