"""HTML pages to article drafts: main text and metadata by trafilatura, precise times from meta tags."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import trafilatura
from lxml import html as lxml_html

from corroborator.errors import IngestError
from corroborator.ingest.meta import parse_published
from corroborator.models import PartialTime

# Meta tags whose content is a full timestamp (trafilatura keeps only the day).
_TIME_META = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dcterms.created",
)


def extract_html(
    content: bytes | str, source: str, url: str | None = None, default_timezone: str = "UTC"
) -> dict[str, Any]:
    """Main text and metadata of a page as draft fields; IngestError when it has no article."""
    try:
        document = trafilatura.bare_extraction(
            content,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # htmldate's extensive search turns a footer's "Copyright 2025" into a
            # publication date of 2025-01-01: no date is better than an invented one.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # trafilatura surfaces lxml's many parser errors as-is
        raise IngestError(source, f"cannot parse HTML: {error}") from error
    field = _fields(document)
    text = (field("text") or "").strip()
    tree = _tree(content)
    if not text or (tree is not None and _only_link_text(text, tree)):
        if tree is not None and _depth(tree) >= _PARSER_DEPTH:
            raise IngestError(
                source,
                f"the page is nested more than {_PARSER_DEPTH} elements deep, past what the HTML parser "
                "reads: no article text found above that depth",
            )
        raise IngestError(source, "no article text found in the page (navigation or empty body only)")
    published = (_precise_time(tree, default_timezone) if tree is not None else None) or parse_published(
        field("date"), default_timezone
    )
    return {
        "text": text,
        "title": field("title"),
        "author": field("author"),
        "published": published,
        "outlet": field("sitename"),
        "url": url or field("url"),
    }


def _fields(document: Any) -> Callable[[str], Any]:
    """A reader of the extraction's fields: trafilatura 2 returns a Document, 1.x a dict."""
    if document is None:
        return lambda _name: None
    if isinstance(document, dict):
        return document.get
    return lambda name: getattr(document, name, None)


_PARSER_DEPTH = 255  # libxml2 stops building the tree below this depth


def _depth(tree: Any) -> int:
    """How deep the parsed tree goes (libxml2 keeps nothing below its limit)."""
    return max((sum(1 for _ in leaf.iterancestors()) for leaf in tree.iter() if len(leaf) == 0), default=0)


def _tree(content: bytes | str) -> Any:
    """The page parsed by lxml, None when lxml cannot make a tree of it."""
    try:
        return lxml_html.fromstring(content if isinstance(content, bytes) else content.encode())
    except (ValueError, lxml_html.etree.ParserError):
        return None


def _only_link_text(text: str, tree: Any) -> bool:
    """True when nothing but the text of links is left: a menu, not an article.

    On a page without an article trafilatura's fallbacks return the navigation.
    """
    links = {" ".join(anchor.text_content().split()) for anchor in tree.iter("a")}
    residue = " ".join(text.split())
    for link in sorted(links, key=len, reverse=True):
        if link:
            residue = residue.replace(link, " ")
    return not any(ch.isalnum() for ch in residue)


def _precise_time(tree: Any, zone: str) -> PartialTime | None:
    for name in _TIME_META:
        for node in tree.xpath("//meta[@property=$n or @name=$n or @itemprop=$n]/@content", n=name):
            found = parse_published(str(node), zone)
            if found is not None:
                return found
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        match = re.search(r'"datePublished"\s*:\s*("[^"]+")', script)
        if match:
            try:
                value = json.loads(match.group(1))
            except json.JSONDecodeError:
                continue  # a broken JSON-LD block is common; the other sources may still say
            found = parse_published(value, zone)
            if found is not None:
                return found
    for value in tree.xpath("//time[@datetime]/@datetime")[:1]:
        found = parse_published(str(value), zone)
        if found is not None:
            return found
    return None


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one paragraph a line pair."""
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml_html.etree.ParserError):
        return fragment.strip()
    blocks = root.xpath(".//p | .//li[not(.//p)] | .//h1 | .//h2 | .//h3 | .//blockquote[not(.//p)]")
    if not blocks:
        return re.sub(r"\s+", " ", root.text_content()).strip()
    parts = [re.sub(r"\s+", " ", block.text_content()).strip() for block in blocks]
    return "\n\n".join(part for part in parts if part)
