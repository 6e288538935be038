"""The app and the dossier file in a real browser: Debian's Chromium driven by Playwright.

Skipped with a message when Chromium is not installed; failed under CI, where .ci/run
installs it.  Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from tests.web.helpers import PASSWORD, copied, serving, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    opened = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    errors: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    opened.dialogs = dialogs
    yield opened
    opened.close()
    # The pages' own scripts run under their Content-Security-Policy (allowed by hash).
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_the_first_screen_answers_and_a_matrix_cell_leads_to_its_sentence(
    page: Any, server: str, demo: Any
) -> None:
    page.goto(f"{server}/stories/{demo.story}")
    answer = page.locator("#answer")
    assert answer.bounding_box()["y"] + answer.bounding_box()["height"] <= 900, (
        "the answer is below the first screen"
    )
    text = answer.inner_text()
    assert f"{demo.groups[0].n_origins} independent origins" in text
    assert "side-a" in text
    assert "764" in text
    shot(page, "dossier-first-screen")
    cell = page.locator(f"table.matrix #g-{demo.groups[0].id} td.cell.s-attributed a").first
    cell.click()
    page.wait_for_load_state()
    assert "/articles/" in page.url
    assert "highlight=" in page.url
    marked = page.locator(".article-text .hl")
    assert marked.count() >= 1
    assert "46" in " ".join(marked.all_inner_texts())
    start = re.search(r"#c-(\d+)", page.url)
    assert start is not None
    assert page.locator(f"#c-{start.group(1)}").is_visible()
    shot(page, "article-highlighted-sentence")


def test_search_treats_metacharacters_as_text(page: Any, server: str, demo: Any) -> None:
    page.goto(server)
    page.fill("input[name=q]", "Kursk")
    page.click("button[type=submit]")
    # The Kursk story is found (its label need not say "Kursk": the text does).
    assert page.locator(f"#stories a[href*='/stories/{demo.story}']").count() >= 1
    shot(page, "search-kursk")
    for query in ["%", "_", "' OR 1=1 --", ".*", "drone(s"]:
        page.fill("input[name=q]", query)
        page.click("button[type=submit]")
        assert page.locator("#result-count").inner_text().startswith("0 stories"), query


def log_in(page: Any, server: str) -> None:
    page.goto(f"{server}/login")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button")
    page.wait_for_load_state()
    assert page.locator("nav.top button", has_text="Log out").count() == 1


def test_merging_two_entities_from_the_page(page: Any, server: str) -> None:
    """The demo joins its bare "Defence Ministry" to Russia's by itself (the evidence says
    why), but leaves the place "Ukraine" apart from the parser's "Ukrainian" tagged as a
    place: a person merges them, once logged in."""
    log_in(page, server)
    page.goto(f"{server}/entities?q=Defence")
    page.locator("#entities a", has_text="Russia's Defence Ministry").first.click()
    assert "bare name: the one qualified form in the story" in page.locator("#evidence").inner_text()
    page.goto(f"{server}/entities?q=Ukrain")
    page.locator("#entities a").filter(has_text=re.compile(r"^Ukraine$")).first.click()
    assert page.locator("#entity-name").inner_text() == "Ukraine"
    mentions_before = int(
        page.locator(".muted", has_text="mentions").first.inner_text().split(" · ")[1].split()[0]
    )
    option = page.locator("#merge-form select option", has_text=re.compile(r"^Ukrainian \("))
    other = option.get_attribute("value")
    page.select_option("#merge-form select", other)
    shot(page, "entity-before-merge")
    page.click("#merge-form button")
    page.wait_for_load_state()
    assert "merged" in page.locator("#message").inner_text()
    assert page.locator("#entity-name").inner_text() == "Ukraine"
    mentions_after = int(
        page.locator(".muted", has_text="mentions").first.inner_text().split(" · ")[1].split()[0]
    )
    assert mentions_after > mentions_before
    assert "user merge" in page.locator("#evidence").inner_text()
    shot(page, "entity-merged")
    page.goto(f"{server}/entities/{other}")
    assert "Not found" in page.locator("h1").inner_text()


def _follow_hostile_links(page: Any, url: str) -> int:
    """Open ``url`` and click every link whose text holds the article's markup; returns how
    many were followed.  Nothing in the article may run on the way."""
    page.goto(url)
    followed = 0
    for number in range(page.locator("a", has_text="javascript:").count()):
        page.goto(url)
        link = page.locator("a", has_text="javascript:").nth(number)
        assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
        link.click()
        page.wait_for_load_state()
        assert page.evaluate("window.pwned === undefined"), url
        followed += 1
    return followed


def test_hostile_article_text_never_runs_in_the_app_or_the_file(
    page: Any, server: str, demo: Any, tmp_path: Path
) -> None:
    from corroborator.report import report
    from corroborator.store import Store

    with Store(str(demo.db)) as store:
        dossier = tmp_path / "hostile.html"
        dossier.write_text(report(store, demo.hostile_story, "html"), encoding="utf-8")
    pages = {
        "file": dossier.as_uri(),
        "story": f"{server}/stories/{demo.hostile_story}",
        "article": f"{server}/articles/{demo.hostile_article}",
    }
    for name, url in pages.items():
        assert _follow_hostile_links(page, url) >= 1, name
        page.goto(url)
        assert "<script>" in page.locator("h1").inner_text(), name
        assert page.locator("img").count() == 0, name
        assert all(
            not (href or "").lower().startswith("javascript:")
            for href in page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        ), name
        assert page.evaluate("window.pwned === undefined"), name
        if name == "file":  # the file's own script ran: it adds the matrix filter
            assert page.locator("input[aria-label='filter claims']").count() == 1
        shot(page, f"hostile-{name}")
    assert "<script>" in page.locator(".article-text").inner_text()
    assert page.dialogs == []


def test_unknown_story_gives_a_404_page(page: Any, server: str) -> None:
    response = page.goto(f"{server}/stories/no-such-story")
    assert response.status == 404
    assert "no story 'no-such-story'" in page.locator("#error-message").inner_text()


def test_an_upload_that_is_not_an_article_shows_its_reason(page: Any, server: str, tmp_path: Path) -> None:
    picture = tmp_path / "holiday.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    log_in(page, server)
    page.goto(f"{server}/ingest")
    page.set_input_files("input[name=files]", str(picture))
    page.click("#ingest-form button")
    page.wait_for_selector("#job-state b:text-matches('done|failed')", timeout=120_000)
    assert page.locator("#job-state").inner_text() == "done"
    [reason] = page.locator("#job-failures li").all_inner_texts()
    assert reason.startswith("holiday.png: ")
    assert "0 new" in page.locator("#job-summary").inner_text()
    shot(page, "ingest-reason")


def test_reading_works_without_javascript(browser: Any, server: str, demo: Any) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{server}/?q=Kursk")
        page.locator(f"#stories a[href*='/stories/{demo.story}']").first.click()
        assert "independent origins" in page.locator("#answer").inner_text()
        page.locator("table.matrix td.cell a").first.click()
        assert page.locator(".article-text .hl").count() >= 1
        page.goto(f"{server}/stories/{demo.story}")
        page.locator("#timeline ~ table a").first.click()
        assert page.locator(".article-text").inner_text()
        shot(page, "no-javascript-article")
    finally:
        context.close()


def test_the_api_docs_work_offline(page: Any, server: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server}/docs")
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() >= 5
    assert all(url.startswith(server) for url in requests), [u for u in requests if not u.startswith(server)]
    shot(page, "api-docs")


def test_a_page_of_another_site_cannot_post_to_the_app(
    page: Any, server: str, demo: Any, tmp_path: Path
) -> None:
    """A logged-in person opens another site's page that posts a hidden form to the app's
    ingest: the browser sends it, the app refuses it, and no job is started."""
    log_in(page, server)
    jobs_before = _jobs(demo.db)
    attack = tmp_path / "site"
    attack.mkdir()
    (attack / "index.html").write_text(
        f'<form id="f" method="post" action="{server}/ingest" enctype="multipart/form-data">'
        '<input name="urls" value="https://news.example/planted"></form>'
        '<script>document.getElementById("f").submit()</script>',
        encoding="utf-8",
    )
    handler = partial(SimpleHTTPRequestHandler, directory=str(attack))
    other = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{other.server_port}/index.html")
        page.wait_for_url(f"{server}/ingest", timeout=10_000)
        assert page.locator("#error-message").inner_text().startswith("refused: the request comes from")
        shot(page, "cross-site-form-refused")
    finally:
        other.shutdown()
    assert _jobs(demo.db) == jobs_before


def _jobs(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM ingest_jobs").fetchone()[0])


def test_the_stylesheet_applies_in_the_app_and_the_dossier_file(
    page: Any, server: str, demo: Any, tmp_path: Path
) -> None:
    """Computed styles are the stylesheet's, not the browser's defaults (a stylesheet
    escaped as text inside <style> silently falls back to them)."""
    from corroborator.report import report
    from corroborator.store import Store

    with Store(str(demo.db)) as store:
        dossier = tmp_path / "styled.html"
        dossier.write_text(report(store, demo.story, "html"), encoding="utf-8")
    for url in (f"{server}/stories/{demo.story}", dossier.as_uri()):
        page.goto(url)
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "system-ui" in font, (url, font)
        assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px", url
        width = page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth")
        assert width == "1200px", (url, width)


def test_a_verdict_set_on_the_claim_group_page_shows_there_with_who_and_why(
    page: Any, demo: Any, tmp_path: Path
) -> None:
    """On a copy of the demo (the story is aligned again at once, which replaces the demo's
    hand-made groups), a person sets a verdict with a reason and sees it on the page."""
    with serving(copied(demo.db, tmp_path)) as base:
        log_in(page, base)
        page.goto(f"{base}/claim-groups/{demo.groups[0].id}")
        form = page.locator("#verdict-form")
        form.locator("input[name=by]").fill("Ana Reyes")
        form.locator("select[name=verdict]").select_option("single-party")
        form.locator("input[name=reason]").fill("a rival count from the other side")
        form.locator("button").click()
        page.wait_for_load_state()
        assert (
            page.locator("#message")
            .inner_text()
            .startswith("saved correction #1: set the verdict to single-party")
        )
        assert page.locator(".verdict").first.inner_text() == "single-party"
        row = page.locator("#correction-1").inner_text()
        assert "Ana Reyes" in row
        assert "a rival count from the other side" in row
        assert (
            "verdict set by hand to single-party (the aligner's: disputed)"
            in page.locator("main").inner_text()
        )
        shot(page, "claim-group-corrected")
