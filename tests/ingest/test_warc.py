"""WARC and WARC.gz dumps, written in the tests with warcio's WARCWriter."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.ingest import ingest
from corroborator.ingest.units import Unit
from corroborator.ingest.warc import iter_warc
from corroborator.models import Article, Precision, SourceKind
from corroborator.store import Store

MakeSettings = Callable[..., IngestSettings]
Stored = Callable[[], list[Article]]
PeakMemory = Callable[[Callable[[], Any]], tuple[Any, int]]


def page(title: str, sentence: str, published: str | None = None) -> bytes:
    meta = f"<meta property='article:published_time' content='{published}'>" if published else ""
    return (
        f"<html><head><title>{title}</title>{meta}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/local'>Local</a></nav>"
        f"<article><h1>{title}</h1><p>{sentence}</p>"
        "<p>Residents were told to follow the council's notices for further changes this week.</p>"
        "</article><footer>Terms and conditions apply.</footer></body></html>"
    ).encode()


LIBRARY = page(
    "Library roof repaired",
    "The roof of the central library has been repaired after last winter's storms let rain into "
    "the reading room, the council said on Tuesday.",
    published="2025-02-11T10:05:00+01:00",
)
MARKET = page(
    "Market moves to the square",
    "The Saturday market will move from the car park to the cathedral square in May, giving the "
    "forty stallholders more room and shade.",
)
ERROR_PAGE = page(
    "Page not found",
    "Sorry, the page you were looking for has moved or never existed on this site at all.",
)


class Warc:
    """A WARC file being written: responses, requests and other records."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stream = path.open("wb")
        self.writer = WARCWriter(self.stream, gzip=path.name.endswith(".gz"))

    def response(
        self, uri: str, body: bytes, content_type: str | None, status: str = "200 OK", **headers: str
    ) -> None:
        fields = [("Content-Type", content_type)] if content_type else []
        fields += [(name.replace("_", "-"), value) for name, value in headers.items()]
        http = StatusAndHeaders(status, fields, protocol="HTTP/1.1")
        self.writer.write_record(
            self.writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=http)
        )

    def request(self, uri: str) -> None:
        path = "/" + uri.split("/", 3)[3]
        http = StatusAndHeaders(f"GET {path} HTTP/1.1", [("Host", uri.split("/")[2])], is_http_request=True)
        self.writer.write_record(
            self.writer.create_warc_record(uri, "request", payload=BytesIO(b""), http_headers=http)
        )

    def info(self) -> None:
        self.writer.write_record(self.writer.create_warcinfo_record(self.path.name, {"software": "tests"}))

    def end(self) -> int:
        """Where the last record written ends."""
        return self.stream.tell()

    def close(self) -> Path:
        self.stream.close()
        return self.path


def mixed_warc(path: Path) -> Path:
    warc = Warc(path)
    warc.info()
    warc.request("https://www.city-post.example/library")
    warc.response("https://www.city-post.example/library", LIBRARY, "text/html; charset=utf-8")
    warc.request("https://www.city-post.example/logo.png")
    warc.response("https://www.city-post.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png")
    warc.response("https://www.city-post.example/api/weather", b'{"temp": 14}', "application/json")
    warc.response("https://www.city-post.example/old", ERROR_PAGE, "text/html", status="404 Not Found")
    warc.response("https://www.city-post.example/moved", b"", None, status="301 Moved Permanently")
    warc.response(
        "https://market-news.example/market",
        gzip.compress(MARKET),
        "text/html",
        Content_Encoding="gzip",
    )
    return warc.close()


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_only_html_2xx_responses_become_articles(
    name: str, tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = mixed_warc(tmp_path / name)

    summary = ingest([str(path)], store, make_settings())

    assert (summary.new, summary.failed, summary.skipped) == (2, 0, 4), summary.failures
    reasons = sorted(reason for _source, reason in summary.skips)
    assert reasons == [
        "https://www.city-post.example/api/weather: not HTML (application/json)",
        "https://www.city-post.example/logo.png: not HTML (image/png)",
        "https://www.city-post.example/moved: not HTML (no content type)",
        "https://www.city-post.example/old: HTTP status 404",
    ]
    assert all(source.startswith(f"{path}@") for source, _reason in summary.skips)
    found = {article.url: article for article in stored()}
    assert set(found) == {"https://www.city-post.example/library", "https://market-news.example/market"}
    library = found["https://www.city-post.example/library"]
    assert library.title == "Library roof repaired"
    assert "let rain into the reading room" in library.text
    assert "Terms and conditions" not in library.text
    assert library.outlet == "city-post.example"
    assert library.published is not None
    assert (library.published.value, library.published.precision) == ("2025-02-11T09:05Z", Precision.MINUTE)
    assert library.provenance.kind is SourceKind.WARC
    assert library.provenance.source == str(path)
    assert (library.provenance.location or "").startswith("offset ")
    market = found["https://market-news.example/market"]
    assert "cathedral square" in market.text
    assert market.outlet == "market-news.example"


def test_warc_twice_stores_nothing_new(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = mixed_warc(tmp_path / "crawl.warc.gz")
    ingest([str(path)], store, make_settings())
    before = stored()

    again = ingest([str(path)], store, make_settings())

    assert again.counts() == {"new": 0, "unchanged": 2, "revised": 0, "failed": 0, "skipped": 4}
    assert stored() == before


def test_warc_with_no_html_responses_says_so(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    warc = Warc(tmp_path / "assets.warc.gz")
    warc.info()
    warc.request("https://www.city-post.example/logo.png")
    warc.response("https://www.city-post.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png")
    warc.response("https://www.city-post.example/feed.json", b"[]", "application/json")
    path = warc.close()

    summary = ingest([str(path)], store, make_settings())

    assert summary.failures == [(str(path), "no HTML responses among its 4 WARC records")]
    assert summary.skipped == 2
    assert stored() == []


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "note.warc",
            b"This is not a web archive, only a note saved with the wrong name.\n" * 3,
            "not a readable WARC file: it does not start with a 'WARC/1.0' record header",
        ),
        (
            "note.warc.gz",
            gzip.compress(b"A gzipped note, not a web archive.\n"),
            "not a readable WARC file: it does not start with a 'WARC/1.0' record header",
        ),
        ("empty.warc", b"", "empty file: there is nothing to ingest"),
        ("empty.warc.gz", gzip.compress(b""), "empty file: there is nothing to ingest"),
    ],
)
def test_a_file_that_is_not_a_warc_fails_with_a_reason(
    name: str,
    content: bytes,
    reason: str,
    tmp_path: Path,
    store: Store,
    make_settings: MakeSettings,
    stored: Stored,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    good = mixed_warc(tmp_path / "good.warc")

    summary = ingest([str(path), str(good)], store, make_settings())

    assert summary.failures == [(str(path), reason)]
    assert summary.new == 2


def test_empty_html_response_in_a_warc_fails_with_a_reason(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    warc = Warc(tmp_path / "crawl.warc")
    warc.response("https://www.city-post.example/blank", b"", "text/html")
    warc.response("https://market-news.example/market", MARKET, "text/html")
    path = warc.close()

    summary = ingest([str(path)], store, make_settings())

    assert summary.failures == [
        (f"{path} https://www.city-post.example/blank", "empty response: there is nothing to ingest")
    ]
    assert [article.url for article in stored()] == ["https://market-news.example/market"]


def test_warc_response_over_the_size_cap_fails_and_the_others_are_kept(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    warc = Warc(tmp_path / "crawl.warc")
    big = page("Long read", "The council met again. " * 300)
    warc.response("https://www.city-post.example/long", big, "text/html")
    warc.response("https://market-news.example/market", MARKET, "text/html")
    path = warc.close()

    summary = ingest([str(path)], store, make_settings(max_bytes=2000))

    [(source, reason)] = summary.failures
    assert source.startswith(f"{path}@")
    assert (
        reason == "https://www.city-post.example/long: response larger than the 2.0 kB cap (ingest.max_bytes)"
    )
    assert [article.url for article in stored()] == ["https://market-news.example/market"]


def six_pages(path: Path) -> tuple[Path, list[int]]:
    """A WARC of six HTML responses, and the byte where each record ends."""
    warc = Warc(path)
    ends = []
    for n in range(6):
        warc.response(
            f"https://www.city-post.example/{n}", LIBRARY.replace(b"Library", b"Library %d" % n), "text/html"
        )
        ends.append(warc.end())
    return warc.close(), ends


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_truncated_warc_says_after_which_record_and_keeps_those_before(
    name: str, tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    whole, ends = six_pages(tmp_path / name)
    cut = tmp_path / f"cut-{name}"
    cut.write_bytes(whole.read_bytes()[: (ends[3] + ends[4]) // 2])  # in the middle of the fifth record

    summary = ingest([str(cut)], store, make_settings())
    again = ingest([str(cut)], store, make_settings())

    assert summary.failures == [(str(cut), "truncated after record 4: the rest is lost; re-download it")]
    assert sorted(a.url or "" for a in stored()) == [f"https://www.city-post.example/{n}" for n in range(4)]
    assert (again.new, again.unchanged, again.failures) == (0, 4, summary.failures)


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_warc_cut_anywhere_loses_no_record_in_silence(
    name: str, tmp_path: Path, make_settings: MakeSettings
) -> None:
    """Cut at every 7th byte: the records before the cut are read, and unless the cut falls
    between two records (where nothing tells a WARC from a shorter one) the failure says so."""
    whole, ends = six_pages(tmp_path / name)
    data = whole.read_bytes()
    settings = make_settings()
    cut = tmp_path / f"cut-{name}"
    # A record's content is whole a little before its end: before the blank lines that
    # follow it, or before the end of its gzip member (the last block and the checksum).
    tail = 16 if name.endswith(".gz") else 4
    silent = []
    for size in range(1, len(data), 7):
        cut.write_bytes(data[:size])
        items = list(iter_warc(cut, settings))
        pages = sum(isinstance(item, Unit) for item in items)
        failures = [item.reason for item in items if isinstance(item, IngestError)]
        assert sum(end <= size for end in ends) <= pages <= sum(end - tail <= size for end in ends), size
        if failures:
            assert failures[-1].endswith("the rest is lost; re-download it") or size < 100, (size, failures)
        else:
            silent.append(size)
    # Silent only where the cut falls between two records, where nothing tells a WARC from a
    # shorter one: after a record's content and before the next record begins.
    assert all(any(abs(size - end) <= tail for end in ends) for size in silent), silent


def test_a_warc_header_line_longer_than_1_mb_ends_the_file_as_damaged(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored, peak_memory: PeakMemory
) -> None:
    warc = Warc(tmp_path / "crawl.warc")
    warc.response("https://www.city-post.example/library", LIBRARY, "text/html")
    warc.stream.write(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://www.city-post.example/")
    for _ in range(64):  # a 64 MB header line
        warc.stream.write(b"x" * (1 << 20))
    path = warc.close()

    items, peak = peak_memory(lambda: list(iter_warc(path, make_settings())))
    summary = ingest([str(path)], store, make_settings())

    assert len(items) == 2
    assert peak < 8_000_000, f"{peak:,} bytes held while reading a 64 MB header line"
    assert summary.failures == [
        (
            str(path),
            "damaged (a header line longer than 1,048,576 bytes) after record 1: the rest is lost; re-download it",
        )
    ]
    assert [a.url for a in stored()] == ["https://www.city-post.example/library"]
