"""Polite, robust fetching against a real local server (pytest-httpserver): retries with
backoff and Retry-After, robots.txt, the pause between requests to one host, the HTTP cache
and the overall deadline.  Times are taken where the server sees the requests."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from corroborator.config import IngestSettings
from corroborator.errors import FetchError
from corroborator.ingest import ingest, polite
from corroborator.ingest.fetch import fetch
from corroborator.models import Article
from corroborator.store import Store

MakeSettings = Callable[..., IngestSettings]
Stored = Callable[[], list[Article]]

PAGE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head><body>"
    "<article><h1>{title}</h1><p>The ferry between the two islands ran again on Monday after a week of "
    "storms kept it in harbour, the operator said.</p><p>Passengers who had booked for the cancelled "
    "crossings can use their tickets until the end of the month, the operator added.</p></article>"
    "</body></html>"
)


def page(title: str) -> str:
    return PAGE.format(title=title)


@pytest.fixture(autouse=True)
def fresh_robots() -> Iterator[None]:
    """robots.txt rules are kept per process by origin; each test's server is a new site."""
    polite.ROBOTS.clear()
    yield
    polite.ROBOTS.clear()


class Arrivals:
    """When the server saw each request, by path (server-side clock)."""

    def __init__(self) -> None:
        self.times: list[tuple[str, float]] = []
        self.lock = threading.Lock()

    def note(self, request: Request) -> None:
        with self.lock:
            self.times.append((request.path, time.monotonic()))

    def of(self, path: str) -> list[float]:
        return [when for seen, when in self.times if seen == path]


def test_a_busy_server_is_tried_again_after_its_retry_after(
    httpserver: HTTPServer, make_settings: MakeSettings
) -> None:
    arrivals = Arrivals()
    answers = iter([Response("busy", status=503, headers={"Retry-After": "1"})])

    def busy_once(request: Request) -> Response:
        arrivals.note(request)
        return next(answers, None) or Response(page("Ferry runs again"), content_type="text/html")

    httpserver.expect_request("/ferry").respond_with_handler(busy_once)

    fetched = fetch(httpserver.url_for("/ferry"), make_settings(backoff=0.05))

    assert b"Ferry runs again" in fetched.content
    first, second = arrivals.of("/ferry")
    assert second - first >= 0.95  # the server's Retry-After, not the 0.05 s backoff


def test_a_dropped_connection_is_tried_again_with_backoff(
    threaded_httpserver: HTTPServer, make_settings: MakeSettings
) -> None:
    arrivals = Arrivals()
    calls = iter(range(100))

    def drop_twice(request: Request) -> Response:
        arrivals.note(request)
        if next(calls) < 2:
            raise ConnectionResetError  # werkzeug closes the connection without an answer
        return Response(page("Ferry runs again"), content_type="text/html")

    threaded_httpserver.expect_request("/ferry").respond_with_handler(drop_twice)

    fetched = fetch(threaded_httpserver.url_for("/ferry"), make_settings(backoff=0.2))

    assert b"Ferry runs again" in fetched.content
    first, second, third = arrivals.of("/ferry")
    assert second - first >= 0.19
    assert third - second >= 0.39  # doubled


def test_retries_that_never_succeed_say_how_often_they_tried(
    httpserver: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver.expect_request("/busy").respond_with_data("slow down", status=429)

    with pytest.raises(FetchError) as caught:
        fetch(httpserver.url_for("/busy"), make_settings(retries=2))

    assert caught.value.reason == (
        "HTTP 429 TOO MANY REQUESTS: the server asks for fewer requests; try again later or raise "
        "ingest.host_delay (3 tries)"
    )
    assert len(httpserver.log) == 3


def test_a_retry_after_past_the_deadline_gives_up_with_the_reason(
    httpserver: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver.expect_request("/down").respond_with_data("down", status=503, headers={"Retry-After": "30"})

    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(httpserver.url_for("/down"), make_settings(deadline=1.5))

    assert time.monotonic() - started < 1.5
    assert caught.value.reason.startswith("gave up after 1.5 s (ingest.deadline) before retrying: HTTP 503")
    assert caught.value.reason.endswith("try again later or raise ingest.deadline")
    assert len(httpserver.log) == 1


def test_a_slow_server_meets_the_deadline_across_retries(
    threaded_httpserver: HTTPServer, make_settings: MakeSettings
) -> None:
    def slow(_request: Request) -> Response:
        time.sleep(0.8)
        return Response("late", status=504)

    threaded_httpserver.expect_request("/slow").respond_with_handler(slow)

    started = time.monotonic()
    with pytest.raises(FetchError, match=r"ingest\.deadline"):
        fetch(threaded_httpserver.url_for("/slow"), make_settings(deadline=2.0, timeout=0.5, backoff=0.1))

    assert time.monotonic() - started < 2.6  # four tries of 0.5 s and their pauses would be 2.7 s


ROBOTS = b"User-agent: corroborator\nDisallow: /private/\n\nUser-agent: *\nDisallow: /\n"


def test_robots_txt_keeps_out_what_it_disallows(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(ROBOTS, content_type="text/plain")
    httpserver.expect_request("/news/ferry").respond_with_data(
        page("Ferry runs again"), content_type="text/html"
    )
    httpserver.expect_request("/private/ferry").respond_with_data(
        page("Not for us"), content_type="text/html"
    )
    private, public = httpserver.url_for("/private/ferry"), httpserver.url_for("/news/ferry")

    summary = ingest([private, public], store, make_settings(robots=True))

    origin = httpserver.url_for("/").rstrip("/")
    assert summary.failures == [
        (
            private,
            f"disallowed by {origin}/robots.txt for our user agent: not fetched "
            "(ingest.robots = false ignores robots.txt; only with the site's permission)",
        )
    ]
    assert [article.url for article in stored()] == [public]
    assert [request.path for request, _ in httpserver.log] == ["/robots.txt", "/news/ferry"]


def test_a_missing_robots_txt_allows_everything_and_a_failing_one_nothing(
    httpserver: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("no", status=404)
    httpserver.expect_request("/ferry").respond_with_data(page("Ferry runs again"), content_type="text/html")

    assert b"Ferry" in fetch(httpserver.url_for("/ferry"), make_settings(robots=True)).content

    polite.ROBOTS.clear()
    httpserver.clear()
    httpserver.expect_request("/robots.txt").respond_with_data("broken", status=500)
    with pytest.raises(FetchError) as caught:
        fetch(httpserver.url_for("/ferry"), make_settings(robots=True, retries=0))
    assert caught.value.reason.startswith(f"cannot read {httpserver.url_for('/robots.txt')} (HTTP 500")
    assert caught.value.reason.endswith("the site is not fetched until it can be read")
    assert [request.path for request, _ in httpserver.log] == ["/robots.txt"]


def test_requests_to_one_host_keep_the_delay_across_worker_processes(
    threaded_httpserver: HTTPServer, store: Store, make_settings: MakeSettings
) -> None:
    arrivals = Arrivals()

    def answer(request: Request) -> Response:
        arrivals.note(request)
        return Response(page(f"Ferry report {request.path}"), content_type="text/html")

    for number in range(4):
        threaded_httpserver.expect_request(f"/ferry/{number}").respond_with_handler(answer)
    urls = [threaded_httpserver.url_for(f"/ferry/{number}") for number in range(4)]

    summary = ingest(urls, store, make_settings(host_delay=0.4, workers=2))

    assert summary.new == 4, summary.failures
    times = sorted(when for _path, when in arrivals.times)
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    # Counted from the end of the previous request, the pause is one the server sees in full.
    assert min(gaps) >= 0.4, gaps


def test_a_robots_crawl_delay_longer_than_the_setting_is_kept(
    httpserver: HTTPServer, make_settings: MakeSettings
) -> None:
    arrivals = Arrivals()
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nCrawl-delay: 0.6\n", content_type="text/plain"
    )

    def answer(request: Request) -> Response:
        arrivals.note(request)
        return Response(page("Ferry runs again"), content_type="text/html")

    httpserver.expect_request("/ferry").respond_with_handler(answer)
    settings = make_settings(robots=True, host_delay=0.05)

    fetch(httpserver.url_for("/ferry"), settings)
    fetch(httpserver.url_for("/ferry") + "?again", settings)

    first, second = arrivals.of("/ferry")
    assert second - first >= 0.58


def test_a_second_fetch_is_revalidated_from_the_cache(
    httpserver: HTTPServer, make_settings: MakeSettings, tmp_path: Path
) -> None:
    body = page("Ferry runs again")

    def with_etag(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"ferry-1"':
            return Response(status=304, headers={"ETag": '"ferry-1"'})
        return Response(
            body, content_type="text/html", headers={"ETag": '"ferry-1"', "Cache-Control": "no-cache"}
        )

    httpserver.expect_request("/ferry").respond_with_handler(with_etag)
    settings = make_settings(cache_dir=str(tmp_path / "cache"))

    first = fetch(httpserver.url_for("/ferry"), settings)
    second = fetch(httpserver.url_for("/ferry"), settings)

    assert first.content == second.content == body.encode()
    assert second.content_type == "text/html"
    (_, sent), (again, answered) = httpserver.log
    assert sent.status_code == 200
    assert again.headers.get("If-None-Match") == '"ferry-1"'
    assert answered.status_code == 304
    assert (tmp_path / "cache" / "http-cache.sqlite").is_file()


def test_a_fresh_response_is_served_from_the_cache_without_asking(
    httpserver: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver.expect_request("/ferry").respond_with_data(
        page("Ferry runs again"), content_type="text/html", headers={"Cache-Control": "max-age=600"}
    )
    settings = make_settings()

    first = fetch(httpserver.url_for("/ferry"), settings)
    second = fetch(httpserver.url_for("/ferry"), settings)

    assert first.content == second.content
    assert len(httpserver.log) == 1


def test_no_cache_when_the_setting_is_empty(httpserver: HTTPServer, make_settings: MakeSettings) -> None:
    httpserver.expect_request("/ferry").respond_with_data(
        page("Ferry runs again"), content_type="text/html", headers={"Cache-Control": "max-age=600"}
    )
    settings = make_settings(cache_dir="")

    fetch(httpserver.url_for("/ferry"), settings)
    fetch(httpserver.url_for("/ferry"), settings)

    assert len(httpserver.log) == 2


def test_an_unusable_cache_folder_is_named_with_the_fix(
    httpserver: HTTPServer, make_settings: MakeSettings, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    httpserver.expect_request("/ferry").respond_with_data(page("Ferry"), content_type="text/html")

    with pytest.raises(FetchError) as caught:
        fetch(httpserver.url_for("/ferry"), make_settings(cache_dir=str(blocker / "cache")))

    assert caught.value.reason.startswith(f"cannot use the folder '{blocker / 'cache'}'")
    assert caught.value.reason.endswith('set ingest.cache_dir to a writable folder, or to "" for no cache')
    assert len(httpserver.log) == 0


def test_each_redirect_hop_is_checked_against_robots_txt(
    httpserver: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(ROBOTS, content_type="text/plain")
    httpserver.expect_request("/news/moved").respond_with_data(
        "", status=302, headers={"Location": "/private/ferry"}
    )
    httpserver.expect_request("/private/ferry").respond_with_data(
        page("Not for us"), content_type="text/html"
    )

    with pytest.raises(FetchError) as caught:
        fetch(httpserver.url_for("/news/moved"), make_settings(robots=True))

    assert caught.value.source == httpserver.url_for("/news/moved")
    assert caught.value.reason.startswith("disallowed by ")
    assert caught.value.reason.endswith(f"(at {httpserver.url_for('/private/ferry')}, where it redirects)")
    assert [request.path for request, _ in httpserver.log] == ["/robots.txt", "/news/moved"]


def test_a_web_page_served_as_robots_txt_sets_no_rules(
    httpserver: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(b"\x00\x01", content_type="image/png")
    httpserver.expect_request("/private/ferry").respond_with_data(page("Ferry"), content_type="text/html")

    fetched = fetch(httpserver.url_for("/private/ferry"), make_settings(robots=True))

    assert b"Ferry" in fetched.content
