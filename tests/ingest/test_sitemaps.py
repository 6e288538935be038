"""XML sitemaps, news sitemaps and sitemap indexes, against a real local server."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from corroborator.config import IngestSettings
from corroborator.ingest import ingest
from corroborator.models import Article, Precision, SourceKind
from corroborator.store import Store

MakeSettings = Callable[..., IngestSettings]
Stored = Callable[[], list[Article]]

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def page(title: str, sentence: str) -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1><p>{sentence}</p><p>The harbour master said the work would be "
        "finished before the autumn storms, and that boats could use the east quay meanwhile.</p>"
        "</article></body></html>"
    )


def urlset(*entries: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">'
        + "".join(entries)
        + "</urlset>"
    )


def news_entry(url: str, title: str, published: str) -> str:
    return (
        f"<url><loc>{url}</loc><news:news><news:publication><news:name>Harbour Gazette</news:name>"
        f"<news:language>en</news:language></news:publication>"
        f"<news:publication_date>{published}</news:publication_date><news:title>{title}</news:title>"
        "</news:news></url>"
    )


def index(*locations: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">'
        + "".join(f"<sitemap><loc>{location}</loc></sitemap>" for location in locations)
        + "</sitemapindex>"
    )


def serve_pages(server: HTTPServer, count: int) -> list[str]:
    urls = []
    for number in range(count):
        path = f"/news/quay-{number}"
        server.expect_request(path).respond_with_data(
            page(
                f"Quay repairs, part {number}",
                f"Repairs to the north quay began on day {number} of the works.",
            ),
            content_type="text/html",
        )
        urls.append(server.url_for(path))
    return urls


def test_a_news_sitemap_gives_each_page_with_outlet_url_and_date(
    httpserver: HTTPServer,
    store: Store,
    make_settings: MakeSettings,
    stored: Stored,
    outlets: Callable[[], dict[str, str]],
) -> None:
    first, second = serve_pages(httpserver, 2)
    httpserver.expect_request("/sitemap-news.xml").respond_with_data(
        urlset(
            news_entry(first, "Quay repairs begin", "2025-06-02T07:30:00+02:00"),
            news_entry(second, "Quay repairs go on", "2025-06-03"),
        ),
        content_type="application/xml",
    )

    summary = ingest([httpserver.url_for("/sitemap-news.xml")], store, make_settings())

    assert (summary.new, summary.failed) == (2, 0), summary.failures
    articles = {article.url: article for article in stored()}
    assert set(articles) == {first, second}
    early = articles[first]
    assert early.outlet == "localhost"  # an outlet's id is its host
    assert outlets()["localhost"] == "Harbour Gazette"
    assert early.language == "en"
    assert early.published is not None
    assert (early.published.value, early.published.precision) == ("2025-06-02T05:30Z", Precision.MINUTE)
    assert articles[second].published is not None
    assert articles[second].published.precision is Precision.DAY
    assert "north quay" in early.text
    assert early.provenance.kind is SourceKind.SITEMAP


def test_a_sitemap_index_that_lists_itself_is_read_once(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    [only] = serve_pages(httpserver, 1)
    index_url = httpserver.url_for("/sitemap.xml")
    other_url = httpserver.url_for("/sitemap-2.xml")
    httpserver.expect_request("/sitemap.xml").respond_with_data(
        index(index_url, httpserver.url_for("/pages.xml"), other_url), content_type="text/xml"
    )
    httpserver.expect_request("/sitemap-2.xml").respond_with_data(index(index_url), content_type="text/xml")
    httpserver.expect_request("/pages.xml").respond_with_data(
        urlset(f"<url><loc>{only}</loc><lastmod>2025-06-04</lastmod></url>"), content_type="text/xml"
    )

    summary = ingest([index_url], store, make_settings())

    assert (summary.new, summary.failed) == (1, 0), summary.failures
    assert [article.url for article in stored()] == [only]
    paths = [request.path for request, _ in httpserver.log]
    assert paths.count("/sitemap.xml") == 1
    assert paths.count("/sitemap-2.xml") == 1
    assert (
        index_url,
        f"lists {index_url} again (an index that leads back to itself): read once",
    ) in summary.notes


def many_pages(server: HTTPServer) -> str:
    urls = serve_pages(server, 3)
    server.expect_request("/sitemap.xml").respond_with_data(
        urlset(*(f"<url><loc>{url}</loc></url>" for url in urls)), content_type="text/xml"
    )
    return server.url_for("/sitemap.xml")


def chain_of_indexes(server: HTTPServer) -> str:
    for number in range(12):
        server.expect_request(f"/index-{number}.xml").respond_with_data(
            index(server.url_for(f"/index-{number + 1}.xml")), content_type="text/xml"
        )
    return server.url_for("/index-0.xml")


@pytest.mark.parametrize(
    ("build", "cap", "what", "requests"),
    [(many_pages, 2, "pages", 1), (chain_of_indexes, 5, "sitemaps", 6)],
    ids=["pages, refused before any is fetched", "a chain of indexes, stopped at the cap"],
)
def test_a_sitemap_over_the_cap_is_refused(
    build: Callable[[HTTPServer], str],
    cap: int,
    what: str,
    requests: int,
    httpserver: HTTPServer,
    store: Store,
    make_settings: MakeSettings,
) -> None:
    sitemap = build(httpserver)

    summary = ingest([sitemap], store, make_settings(max_feed_entries=cap))

    assert summary.failures == [
        (
            sitemap,
            f"the sitemap lists more than {cap} {what}, the cap (ingest.max_feed_entries): "
            "give one of its sitemaps or raise the cap",
        )
    ]
    assert len(httpserver.log) == requests


def test_a_local_gzipped_sitemap_is_read(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored, tmp_path: Path
) -> None:
    urls = serve_pages(httpserver, 2)
    path = tmp_path / "sitemap.xml.gz"
    path.write_bytes(gzip.compress(urlset(*(f"<url><loc>{url}</loc></url>" for url in urls)).encode()))

    summary = ingest([str(path)], store, make_settings())

    assert (summary.new, summary.failed) == (2, 0), summary.failures
    assert sorted(article.url or "" for article in stored()) == sorted(urls)


def test_the_private_address_guard_covers_sitemap_children_and_pages(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, tmp_path: Path
) -> None:
    [page_url] = serve_pages(httpserver, 1)
    child = httpserver.url_for("/pages.xml")
    httpserver.expect_request("/pages.xml").respond_with_data(
        urlset(f"<url><loc>{page_url}</loc></url>"), content_type="text/xml"
    )
    listed = tmp_path / "sitemap.xml"
    listed.write_text(urlset(f"<url><loc>{page_url}</loc></url>"))
    indexed = tmp_path / "index.xml"
    indexed.write_text(index(child))

    summary = ingest([str(listed), str(indexed)], store, make_settings(refuse_private=True))

    assert summary.new == 0
    assert [source for source, _ in summary.failures] == [page_url, child]
    assert all(reason.startswith("refused: ") for _, reason in summary.failures), summary.failures
    assert len(httpserver.log) == 0


def test_a_sitemap_that_is_not_well_formed_says_so(
    store: Store, make_settings: MakeSettings, tmp_path: Path
) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text(f'<?xml version="1.0"?><urlset xmlns="{SITEMAP_NS}"><url><loc>https://a.example/x</loc>')

    summary = ingest([str(path)], store, make_settings())

    [(source, reason)] = summary.failures
    assert source == str(path)
    assert reason.startswith("not well-formed XML (")
    assert reason.endswith("): re-download it")


def test_a_broken_child_sitemap_is_one_failure_and_a_page_listed_twice_is_fetched_once(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    [only] = serve_pages(httpserver, 1)
    good, broken = httpserver.url_for("/good.xml"), httpserver.url_for("/broken.xml")
    httpserver.expect_request("/index.xml").respond_with_data(index(broken, good), content_type="text/xml")
    httpserver.expect_request("/broken.xml").respond_with_data(
        "<html><body>Not here</body></html>", content_type="text/html"
    )
    httpserver.expect_request("/good.xml").respond_with_data(
        urlset(f"<url><loc>{only}</loc></url>", f"<url><loc>{only}</loc></url>"), content_type="text/xml"
    )

    summary = ingest([httpserver.url_for("/index.xml")], store, make_settings())

    assert summary.new == 1
    assert summary.failures == [(broken, "not a sitemap: the root element is <html>")]
    assert [article.url for article in stored()] == [only]
    assert [request.path for request, _ in httpserver.log].count("/news/quay-0") == 1
