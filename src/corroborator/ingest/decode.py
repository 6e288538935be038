"""Bytes to text: refuse binaries with a reason, detect legacy encodings, sniff the format."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from corroborator.errors import IngestError

# Leading bytes of formats people save by mistake, with what to tell them.
_MAGIC = {
    b"%PDF": "a PDF document: convert it to text or HTML first",
    b"\x89PNG": "a PNG image, not an article",
    b"\xff\xd8\xff": "a JPEG image, not an article",
    b"GIF8": "a GIF image, not an article",
    b"PK\x03\x04": "a ZIP archive (or a Word/ODF file): unpack or convert it first",
    b"\x1f\x8b": "gzip-compressed: name it .jsonl.gz or .warc.gz, or unpack it first",
    b"\x7fELF": "a program, not an article",
}


def decode(data: bytes, source: str) -> str:
    """The text of a file's bytes.  UTF-8 (with or without BOM) and UTF-16 with BOM are
    taken as they are; anything else goes to charset detection (cp1251, latin-1, ...)."""
    if not data.strip():
        raise IngestError(source, "empty file: there is nothing to ingest")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise IngestError(source, f"binary file ({what})")
    if b"\x00" in data[:8192]:
        raise IngestError(source, "binary file (it contains NUL bytes): give text, HTML, JSONL or WARC")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(source, "binary or undecodable file: no text encoding fits its bytes")
    return str(best)


_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<(!doctype\s+html|html)[\s>]", re.IGNORECASE)
_XML_ROOT = re.compile(rb"<([A-Za-z][\w:.-]*)[\s>/]")


def sniff(data: bytes) -> str:
    """'feed', 'html' or 'text', from the first bytes (the extension may be wrong)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed"):
        return "feed" if _FEED_ROOT.search(head) else "xml"
    if _HTML_ROOT.search(head[:1024]):
        return "html"
    return "text"


def root_element(data: bytes) -> str:
    """The first element name of an XML or HTML document, for error messages."""
    head = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", data[:4096], flags=re.S | re.I)
    match = _XML_ROOT.search(head)
    return match.group(1).decode("ascii", "replace").lower() if match else "none"
