"""Two worker processes store exactly what one stores, failures and skips included."""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from io import BytesIO
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corroborator.config import IngestSettings
from corroborator.ingest import ingest
from corroborator.store import Store
from corroborator.store.articles import iter_article_rows

MakeSettings = Callable[..., IngestSettings]

PARAGRAPHS = [
    "The county fire service said on Monday that it would close two of its smallest stations and "
    "open one larger station on the main road between them.",
    "Union representatives said the plan would lengthen response times in the hill villages, which "
    "are already the slowest to reach in the county.",
    "The service said the new station would have a full-time crew around the clock, which neither "
    "of the old stations has had for years.",
    "A public consultation on the plan opens next week and runs until the end of the month, with "
    "meetings in both villages.",
    "Councillors from both villages have asked the service to publish the response times it expects "
    "from the new station before the consultation closes.",
]


def mixed_folder(root: Path) -> Path:
    """Every kind of file the workers parse, and some that fail, spread over subfolders."""
    folder = root / "mixed"
    (folder / "text").mkdir(parents=True)
    (folder / "pages").mkdir()
    (folder / "dumps").mkdir()
    for number in range(12):
        (folder / "text" / f"brief-{number:02d}.txt").write_text(
            f"Brief number {number}\n\n{PARAGRAPHS[number % 4]} (Item {number}.)\n", encoding="utf-8"
        )
    for number in range(6):
        body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[number % 4 :] + PARAGRAPHS[: number % 4])
        (folder / "pages" / f"page-{number}.html").write_text(
            f"<html><head><title>Fire stations {number}</title>"
            f"<meta property='article:published_time' content='2025-08-0{number + 1}T12:00:00+02:00'>"
            f"</head><body><nav><a href='/'>Home</a></nav><article>{body}</article></body></html>",
            encoding="utf-8",
        )
    (folder / "pages" / "menu.html").write_text(
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>", encoding="utf-8"
    )
    records: list[Any] = [
        {"id": f"r-{n}", "outlet": "County Wire", "text": f"{PARAGRAPHS[n % 4]} Record {n}.", "lane": n}
        for n in range(30)
    ]
    lines = [json.dumps(record) for record in records]
    lines.insert(7, '{"id": "broken",')
    (folder / "dumps" / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with (folder / "dumps" / "crawl.warc.gz").open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for number, content_type in enumerate(["text/html", "image/png", "text/html"]):
            body = f"<html><body><article><p>{PARAGRAPHS[number]}</p><p>{PARAGRAPHS[3]}</p></article></body></html>"
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    f"https://fire-news.example/{number}",
                    "response",
                    payload=BytesIO(body.encode()),
                    http_headers=http,
                )
            )
    content = escape("".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    (folder / "dumps" / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>County Herald</title>"
        + "".join(
            f"<item><title>Stations {n}</title><link>https://county-herald.example/{n}</link>"
            f"<content:encoded>{content}{escape(f'<p>Part {n}.</p>')}</content:encoded></item>"
            for n in range(3)
        )
        + "</channel></rss>",
        encoding="utf-8",
    )
    (folder / "dumps" / "empty.txt").write_bytes(b"")
    (folder / "notes.odt").write_bytes(b"PK\x03\x04")
    return folder


def snapshot(store: Store) -> list[tuple[Any, ...]]:
    keys = ("id", "external_id", "url", "outlet_id", "title", "published", "published_precision", "language")
    more = ("text", "source_kind", "source", "source_location", "revision", "is_current", "extra")
    with store.reading() as connection:
        rows = list(iter_article_rows(connection, current_only=False))
    return sorted(tuple(row[key] for key in keys + more) for row in rows)


def test_two_workers_store_the_same_as_one(tmp_path: Path, store: Store, make_settings: MakeSettings) -> None:
    folder = mixed_folder(tmp_path)
    one = ingest([str(folder)], store, make_settings(workers=1))

    with Store(str(tmp_path / "two.db")) as other:
        two = ingest([str(folder)], other, make_settings(workers=2, batch_size=7))
        assert snapshot(other) == snapshot(store)

    assert (
        one.counts() == two.counts() == {"new": 53, "unchanged": 0, "revised": 0, "failed": 3, "skipped": 2}
    )
    assert one.failures == two.failures
    assert one.skips == two.skips
    assert {source.rsplit("/", 1)[-1] for source, _reason in one.failures} == {
        "menu.html",
        "wire.jsonl:8",
        "empty.txt",
    }
