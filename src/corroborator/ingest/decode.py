"""Bytes to text: refuse binaries with a reason, detect legacy encodings, sniff the format."""

from __future__ import annotations

import codecs
import re
from typing import Any

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
    return _legacy(data, source)


# Legacy encodings of news text, most used first.  Detection looks among these
# (charset_normalizer alone happily picks mac_latin2 for French), and the order
# breaks ties between code pages that read equally well: cp1250 and cp1252
# differ only in letters like 'č' for 'è'.
_PREFERENCE = (
    "cp1252",
    "cp1251",
    "cp1250",
    "latin_1",
    "iso8859_15",
    "koi8_r",
    "koi8_u",
    "cp1253",
    "cp1254",
    "cp1257",
    "cp1255",
    "cp1256",
    "cp866",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
)
_SAMPLE = 20_000


def _legacy(data: bytes, source: str) -> str:
    """Decode bytes that are not UTF-8.

    Candidates are ranked by charset_normalizer's mess and language coherence, then
    by how confidently the language identifier recognises the decoded text (so that
    Czech stays cp1250 and French cp1252), then by how common the code page is.
    """
    from corroborator.ingest.meta import detect_language

    matches = [m for m in charset_normalizer.from_bytes(data, cp_isolation=list(_PREFERENCE)) if m.encoding]
    if not matches:
        matches = [m for m in charset_normalizer.from_bytes(data) if m.encoding]
    if not matches:
        raise IngestError(source, "binary or undecodable file: no text encoding fits its bytes")

    def rank(match: Any) -> tuple[float, float, float, int]:
        encoding = str(match.encoding)
        _language, confidence = detect_language(data[:_SAMPLE].decode(encoding, errors="ignore"))
        common = _PREFERENCE.index(encoding) if encoding in _PREFERENCE else len(_PREFERENCE)
        return (round(match.chaos, 3), -round(match.coherence, 2), -round(confidence or 0.0, 2), common)

    encoding = str(min(matches, key=rank).encoding)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise IngestError(
            source, f"undecodable text: it looked like {encoding} but is not ({error})"
        ) from error


_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<(!doctype\s+html|html)[\s>]", re.IGNORECASE)
_XML_ROOT = re.compile(rb"<([A-Za-z][\w:.-]*)[\s>/]")


def sniff(data: bytes) -> str:
    """'feed', 'html', 'xml' or 'text', from the first bytes (the extension may be wrong).

    Markup must come first: prose that mentions "<html>" a few lines in is still text.
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return "text"
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf:RDF")):
        if _FEED_ROOT.search(head):
            return "feed"
        return "html" if _HTML_ROOT.search(head[:1024]) else "xml"  # XHTML has an XML declaration
    if _HTML_ROOT.search(head[:1024]):
        return "html"
    return "text"


def root_element(data: bytes) -> str:
    """The first element name of an XML or HTML document, for error messages."""
    head = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", data[:4096], flags=re.S | re.I)
    match = _XML_ROOT.search(head)
    return match.group(1).decode("ascii", "replace").lower() if match else "none"
