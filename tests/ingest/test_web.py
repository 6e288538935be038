"""URLs and RSS/Atom feeds, against a real local HTTP server (pytest-httpserver): never the internet."""

from __future__ import annotations

import time
from collections.abc import Callable
from html import escape
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from corroborator.config import IngestSettings
from corroborator.ingest import ingest
from corroborator.models import Article, Precision, SourceKind
from corroborator.store import Store

MakeSettings = Callable[..., IngestSettings]
Stored = Callable[[], list[Article]]


def article_page(title: str, paragraphs: list[str], head: str = "") -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        "<body><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/login'>Sign in</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Contact us. Advertise with us. Terms of use.</footer></body></html>"
    )


DAM = article_page(
    "Dam inspection finds cracks",
    [
        "Inspectors found hairline cracks in the spillway of the upper reservoir dam during the annual "
        "survey, the water authority said on Wednesday.",
        "The authority said the cracks posed no immediate danger but that the reservoir would be kept "
        "two metres below its usual level until repairs were finished in the autumn.",
    ],
    head="<meta property='article:published_time' content='2025-06-04T16:20:00+01:00'>"
    "<meta property='og:site_name' content='Upland Herald'>",
)
ORCHARD = article_page(
    "Orchards expect record harvest",
    [
        "Apple growers in the valley expect their best harvest in a decade after a warm spring and a "
        "wet summer, the growers' cooperative said.",
        "Pickers from three neighbouring villages have been hired for the season, which starts early "
        "in September.",
    ],
)

LONG_CONTENT = "".join(
    f"<p>{sentence}</p>"
    for sentence in [
        "The regional parliament voted on Thursday to merge the two smallest districts in the north, "
        "ending a dispute that has run for more than a decade.",
        "Supporters of the merger said it would save money on administration and allow the new district "
        "to afford a full-time fire brigade and a second ambulance station.",
        "Opponents, most of them from the smaller of the two districts, said their villages would lose "
        "their voice in the new council and that the savings had been overstated.",
        "The merger takes effect at the start of next year; the first elections to the new district "
        "council will be held in the spring, the parliament's speaker said after the vote.",
    ]
)
LONG_TEXT_START = "The regional parliament voted on Thursday to merge the two smallest districts"


def rss(server: HTTPServer, *, with_long: bool = True) -> str:
    long_item = (
        "<item><title>Districts to merge</title>"
        f"<link>{server.url_for('/districts')}</link>"
        "<guid isPermaLink='false'>herald-districts-1</guid>"
        "<pubDate>Thu, 05 Jun 2025 18:30:00 +0200</pubDate>"
        "<description>Parliament votes to merge two districts.</description>"
        f"<content:encoded>{escape(LONG_CONTENT)}</content:encoded></item>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Upland Herald</title><link>https://upland-herald.example/</link>"
        "<description>News from the uplands</description>"
        + (long_item if with_long else "")
        + "<item><title>Dam inspection finds cracks</title>"
        f"<link>{server.url_for('/dam')}</link>"
        "<pubDate>Wed, 04 Jun 2025 15:20:00 GMT</pubDate>"
        "<description>Cracks found in the spillway.</description></item>"
        "</channel></rss>"
    )


def atom(server: HTTPServer) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Courier</title>'
        "<id>urn:valley-courier:feed</id><updated>2025-06-06T08:00:00Z</updated>"
        "<entry><title>Districts to merge</title><id>urn:valley-courier:districts</id>"
        f"<link href='{server.url_for('/districts')}'/>"
        "<published>2025-06-05T18:30:00+02:00</published><updated>2025-06-05T19:00:00+02:00</updated>"
        "<author><name>Jonas Berg</name></author>"
        f"<content type='html'>{escape(LONG_CONTENT)}</content></entry>"
        "<entry><title>Orchards expect record harvest</title><id>urn:valley-courier:orchards</id>"
        f"<link href='{server.url_for('/orchards')}'/>"
        "<updated>2025-06-06T07:45:00Z</updated>"
        "<summary>Growers expect a good year.</summary></entry>"
        "</feed>"
    )


@pytest.fixture(autouse=True)
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's proxy settings would send the requests for the local server elsewhere."""
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def test_url_page_is_fetched_with_the_configured_user_agent(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    agent = "CorroboratorTests/1.0 (+mailto:desk@example.org)"
    httpserver.expect_request("/dam", headers={"User-Agent": agent}).respond_with_data(
        DAM, content_type="text/html; charset=utf-8"
    )
    url = httpserver.url_for("/dam")

    summary = ingest([url], store, make_settings(user_agent=agent))

    assert (summary.new, summary.failed) == (1, 0), summary.failures
    [request] = [request for request, _response in httpserver.log]
    assert request.headers["User-Agent"] == agent
    [article] = stored()
    assert article.url == url
    assert article.title == "Dam inspection finds cracks"
    assert "hairline cracks in the spillway" in article.text
    assert "Advertise with us" not in article.text
    assert "Sign in" not in article.text
    assert article.outlet == "localhost"
    assert article.published is not None
    assert (article.published.value, article.published.precision) == ("2025-06-04T15:20Z", Precision.MINUTE)
    assert article.provenance.kind is SourceKind.URL
    assert article.provenance.source == url


def test_outlet_is_the_host_without_www(
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    store: Store,
    make_settings: MakeSettings,
    stored: Stored,
    outlets: Callable[[], dict[str, str]],
) -> None:
    # The local server acts as an HTTP proxy, so that a www. host can be fetched offline.
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{httpserver.port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    httpserver.expect_request("/2025/06/dam").respond_with_data(DAM, content_type="text/html")

    summary = ingest(["http://www.Upland-Herald.test/2025/06/dam"], store, make_settings())

    assert summary.new == 1, summary.failures
    [request] = [request for request, _response in httpserver.log]
    assert request.host == "www.upland-herald.test"
    [article] = stored()
    assert article.outlet == "upland-herald.test"
    assert outlets()["upland-herald.test"] == "Upland Herald"


def test_redirect_is_followed_and_the_final_url_kept(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    httpserver.expect_request("/short/7").respond_with_data(
        "", status=301, headers={"Location": httpserver.url_for("/dam")}
    )
    httpserver.expect_request("/dam").respond_with_data(DAM, content_type="text/html")

    summary = ingest([httpserver.url_for("/short/7")], store, make_settings())

    assert summary.new == 1
    [article] = stored()
    assert article.url == httpserver.url_for("/dam")
    assert article.provenance.source == httpserver.url_for("/short/7")


def test_url_scheme_in_capitals_is_still_a_url(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    httpserver.expect_request("/dam").respond_with_data(DAM, content_type="text/html")
    url = httpserver.url_for("/dam").replace("http://", "HTTP://")

    summary = ingest([url], store, make_settings())

    assert (summary.new, summary.failed) == (1, 0), summary.failures
    [article] = stored()
    assert article.url == httpserver.url_for("/dam")


def test_plain_text_url_is_stored_as_text(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    note = "Ferry timetable change\n\nFrom Monday the first ferry leaves at six, not half past five.\n"
    httpserver.expect_request("/note.txt").respond_with_data(note, content_type="text/plain; charset=utf-8")

    ingest([httpserver.url_for("/note.txt")], store, make_settings())

    [article] = stored()
    assert article.text == note
    assert article.title == "Ferry timetable change"
    assert article.url == httpserver.url_for("/note.txt")


def _serve_pages(server: HTTPServer) -> None:
    server.expect_request("/dam").respond_with_data(DAM, content_type="text/html")
    server.expect_request("/orchards").respond_with_data(ORCHARD, content_type="text/html")


def test_rss_feed_url_full_content_used_as_is_and_short_entries_fetched(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    _serve_pages(httpserver)
    httpserver.expect_request("/feed.rss").respond_with_data(
        rss(httpserver), content_type="application/rss+xml"
    )
    feed_url = httpserver.url_for("/feed.rss")

    summary = ingest([feed_url], store, make_settings())

    assert (summary.new, summary.failed) == (2, 0), summary.failures
    fetched = sorted(request.path for request, _response in httpserver.log)
    assert fetched == ["/dam", "/feed.rss"]  # the full-content entry's page is not fetched
    found = {article.title: article for article in stored()}
    districts = found["Districts to merge"]
    assert districts.text.startswith(LONG_TEXT_START)
    assert districts.text.count("\n\n") == 3
    assert "<p>" not in districts.text
    assert districts.url == httpserver.url_for("/districts")
    assert districts.external_id == "herald-districts-1"
    assert districts.published is not None
    assert districts.published.value == "2025-06-05T16:30Z"
    assert districts.provenance.kind is SourceKind.FEED
    assert districts.provenance.source == feed_url
    dam = found["Dam inspection finds cracks"]
    assert "hairline cracks in the spillway" in dam.text
    assert "Cracks found in the spillway." not in dam.text
    assert dam.published is not None
    assert dam.published.value == "2025-06-04T15:20Z"
    assert all(article.outlet == "localhost" for article in found.values())

    again = ingest([feed_url], store, make_settings())
    assert again.counts() == {"new": 0, "unchanged": 2, "revised": 0, "failed": 0, "skipped": 0}


def test_atom_feed_url(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    _serve_pages(httpserver)
    httpserver.expect_request("/atom").respond_with_data(
        atom(httpserver), content_type="application/atom+xml"
    )

    summary = ingest([httpserver.url_for("/atom")], store, make_settings())

    assert (summary.new, summary.failed) == (2, 0), summary.failures
    found = {article.title: article for article in stored()}
    districts = found["Districts to merge"]
    assert districts.text.startswith(LONG_TEXT_START)
    assert districts.author == "Jonas Berg"
    assert districts.external_id == "urn:valley-courier:districts"
    assert districts.published is not None
    assert districts.published.value == "2025-06-05T16:30Z"
    orchards = found["Orchards expect record harvest"]
    assert "best harvest in a decade" in orchards.text
    assert orchards.url == httpserver.url_for("/orchards")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_files_on_disk(
    kind: str,
    tmp_path: Path,
    httpserver: HTTPServer,
    store: Store,
    make_settings: MakeSettings,
    stored: Stored,
) -> None:
    _serve_pages(httpserver)
    path = tmp_path / ("news.rss" if kind == "rss" else "news.atom")
    path.write_text(rss(httpserver) if kind == "rss" else atom(httpserver), encoding="utf-8")

    summary = ingest([str(path)], store, make_settings())

    assert (summary.new, summary.failed) == (2, 0), summary.failures
    found = {article.title: article for article in stored()}
    assert found["Districts to merge"].text.startswith(LONG_TEXT_START)
    linked = found["Dam inspection finds cracks" if kind == "rss" else "Orchards expect record harvest"]
    assert "best harvest" in linked.text or "hairline cracks" in linked.text
    assert {article.provenance.source for article in found.values()} == {str(path)}
    assert {article.provenance.kind for article in found.values()} == {SourceKind.FEED}


def test_rss_description_with_the_whole_article_is_used_without_fetching(
    tmp_path: Path, httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = tmp_path / "full.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Upland Herald</title>'
        "<item><title>Districts to merge</title>"
        f"<link>{httpserver.url_for('/never-fetched')}</link>"
        f"<description>{escape(LONG_CONTENT)}</description></item></channel></rss>",
        encoding="utf-8",
    )

    summary = ingest([str(path)], store, make_settings())

    assert (summary.new, summary.failed) == (1, 0), summary.failures
    assert list(httpserver.log) == []
    [article] = stored()
    assert article.text.startswith(LONG_TEXT_START)
    assert article.url == httpserver.url_for("/never-fetched")


def test_changed_page_at_the_same_url_becomes_a_revision(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    url = httpserver.url_for("/dam")
    httpserver.expect_request("/dam").respond_with_data(DAM, content_type="text/html")
    first = ingest([url], store, make_settings())
    httpserver.clear()
    corrected = DAM.replace("two metres below", "three metres below")
    httpserver.expect_request("/dam").respond_with_data(corrected, content_type="text/html")

    second = ingest([url], store, make_settings())
    third = ingest([url], store, make_settings())

    assert (first.new, second.revised, third.unchanged) == (1, 1, 1)
    old, new = sorted(stored(), key=lambda article: article.revision)
    assert "two metres below" in old.text
    assert "three metres below" in new.text
    assert (old.is_current, new.is_current, new.revision, new.revision_of) == (False, True, 2, old.id)


def test_feed_entry_whose_page_fails_is_reported_and_the_others_kept(
    tmp_path: Path, httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    httpserver.expect_request("/dam").respond_with_data("gone", status=404)
    path = tmp_path / "news.xml"
    path.write_text(rss(httpserver), encoding="utf-8")

    summary = ingest([str(path)], store, make_settings())

    assert (summary.new, summary.failed) == (1, 1)
    assert summary.failures == [(httpserver.url_for("/dam"), "HTTP 404 NOT FOUND: check the URL")]
    assert [article.title for article in stored()] == ["Districts to merge"]


def test_feed_url_that_serves_an_html_page_is_ingested_as_that_page(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    httpserver.expect_request("/feed").respond_with_data(DAM, content_type="text/html")

    summary = ingest([httpserver.url_for("/feed")], store, make_settings())

    assert (summary.new, summary.failed) == (1, 0)
    [article] = stored()
    assert article.title == "Dam inspection finds cracks"
    assert article.provenance.kind is SourceKind.URL


def test_html_served_as_a_feed_type_is_not_a_feed(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        "<!DOCTYPE html><html><body><p>Front page</p></body></html>", content_type="application/rss+xml"
    )
    url = httpserver.url_for("/feed")

    summary = ingest([url], store, make_settings())

    assert summary.failures == [(url, "not an RSS or Atom feed: the root element is <html>")]
    assert stored() == []


def _good_url_and(server: HTTPServer) -> str:
    server.expect_request("/orchards").respond_with_data(ORCHARD, content_type="text/html")
    return server.url_for("/orchards")


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (404, "HTTP 404 NOT FOUND: check the URL"),
        (410, "HTTP 410 GONE: check the URL"),
        (500, "HTTP 500 INTERNAL SERVER ERROR: the server failed; try again later (4 tries)"),
        (503, "HTTP 503 SERVICE UNAVAILABLE: the server failed; try again later (4 tries)"),
    ],
)
def test_http_error_status_fails_with_the_status(
    status: int,
    reason: str,
    httpserver: HTTPServer,
    store: Store,
    make_settings: MakeSettings,
    stored: Stored,
) -> None:
    httpserver.expect_request("/bad").respond_with_data("nope", status=status, content_type="text/html")
    good = _good_url_and(httpserver)
    bad = httpserver.url_for("/bad")

    summary = ingest([bad, good], store, make_settings())

    assert summary.failures == [(bad, reason)]
    assert [article.url for article in stored()] == [good]


def test_redirect_loop_fails_with_a_reason(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    good = _good_url_and(httpserver)

    summary = ingest([httpserver.url_for("/a"), good], store, make_settings(max_redirects=4))

    assert summary.failures == [(httpserver.url_for("/a"), "more than 4 redirects (a redirect loop?)")]
    assert summary.new == 1


def test_slow_server_times_out(
    threaded_httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    def slow(_request: Request) -> Response:
        time.sleep(8)
        return Response(DAM, content_type="text/html")

    threaded_httpserver.expect_request("/slow").respond_with_handler(slow)
    good = _good_url_and(threaded_httpserver)
    slow_url = threaded_httpserver.url_for("/slow")

    started = time.monotonic()
    summary = ingest([slow_url, good], store, make_settings(timeout=0.5, retries=0))

    # well before the server answers (8 s), however loaded the machine
    assert time.monotonic() - started < 6
    assert summary.failures == [(slow_url, "timed out after 0.5 s (ingest.timeout); try again later")]
    assert [article.url for article in stored()] == [good]


def test_pdf_url_is_refused(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    httpserver.expect_request("/report.pdf").respond_with_data(
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", content_type="application/pdf"
    )
    url = httpserver.url_for("/report.pdf")

    summary = ingest([url, _good_url_and(httpserver)], store, make_settings())

    [(source, reason)] = summary.failures
    assert source == url
    assert reason.startswith("content type 'application/pdf' is not a web page or feed")
    assert summary.new == 1


def test_download_over_the_cap_is_refused_with_or_without_content_length(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    big = (
        "<html><body><article>" + "<p>The council met again and again.</p>" * 200 + "</article></body></html>"
    ).encode()

    def chunked(_request: Request) -> Response:
        # A generator body: werkzeug sends it without a Content-Length header.
        return Response((big[i : i + 500] for i in range(0, len(big), 500)), content_type="text/html")

    httpserver.expect_request("/declared").respond_with_data(big, content_type="text/html")
    httpserver.expect_request("/chunked").respond_with_handler(chunked)
    declared, streamed = httpserver.url_for("/declared"), httpserver.url_for("/chunked")

    summary = ingest([declared, streamed, _good_url_and(httpserver)], store, make_settings(max_bytes=3000))

    assert summary.failures == [
        (declared, f"{len(big) / 1000:.1f} kB, over the 3.0 kB cap (ingest.max_bytes)"),
        (streamed, "download stopped: larger than the 3.0 kB cap (ingest.max_bytes)"),
    ]
    assert summary.new == 1
    streamed_responses = [response for request, response in httpserver.log if request.path == "/chunked"]
    assert "Content-Length" not in streamed_responses[0].headers


def test_empty_response_fails_with_a_reason(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    httpserver.expect_request("/empty").respond_with_data("", content_type="text/html")
    url = httpserver.url_for("/empty")

    summary = ingest([url], store, make_settings())

    assert summary.failures == [(url, "the server sent an empty page: there is nothing to ingest")]


def test_unreachable_host_fails_with_a_reason(store: Store, make_settings: MakeSettings) -> None:
    # Port 9 on the loopback interface: nothing listens there, the connection is refused at once.
    summary = ingest(["http://127.0.0.1:9/story"], store, make_settings(timeout=2))

    [(source, reason)] = summary.failures
    assert source == "http://127.0.0.1:9/story"
    assert reason.startswith("cannot fetch: ConnectError")


def test_a_text_file_of_addresses_is_a_list_of_pages_to_fetch(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored, tmp_path: Path
) -> None:
    httpserver.expect_request("/dam").respond_with_data(DAM, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    listed = tmp_path / "urls.txt"
    listed.write_text(
        f"# pages to read\n{httpserver.url_for('/dam')}\n\n{httpserver.url_for('/gone')}\n", encoding="utf-8"
    )
    summary = ingest([str(listed)], store, make_settings())
    assert (summary.new, summary.failed) == (1, 1), summary.failures
    [article] = stored()
    assert article.url == httpserver.url_for("/dam")
    assert article.provenance.location == f"{listed}:2"
    [(source, _reason)] = summary.failures
    assert source == httpserver.url_for("/gone")
    # A list over the entries cap is refused whole, with the cap to raise.
    too_many = tmp_path / "many.txt"
    too_many.write_text("\n".join(f"https://news.example/{n}" for n in range(4)), encoding="utf-8")
    refused = ingest([str(too_many)], store, make_settings(max_feed_entries=3))
    assert "a list of 4 addresses, over the 3 cap" in refused.failures[0][1]
    # Text that merely mentions an address is an article.
    prose = tmp_path / "note.txt"
    prose.write_text("The notice is at https://news.example/notice for all residents.\n", encoding="utf-8")
    assert ingest([str(prose)], store, make_settings()).new == 1
