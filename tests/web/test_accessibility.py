"""The app's pages and the dossier file on a phone, on paper and for people who do not use a
mouse or do not see well: in Debian's Chromium at 1400 and 390 px, with axe-core (vendored
under tests/web/axe/, MPL-2.0) run inside each page.  Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.helpers import ARTIFACTS, PASSWORD, shot

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "axe" / "axe.min.js"
WIDTHS = (1400, 390)
PAGES = ("home", "story", "claim-group", "article", "entity", "outlets", "dossier")
A4_TEXT_WIDTH = 718  # (210 mm - 2 x 12 mm) at 96 px an inch
AA_TEXT = 4.5  # WCAG 2.x AA for text under 18 pt (14 pt bold)


@pytest.fixture(scope="module")
def urls(server: str, demo: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Where each page is: the app's pages, and the HTML dossier as the file a person saves."""
    from corroborator.report import report
    from corroborator.store import Store

    dossier = tmp_path_factory.mktemp("printed") / "dossier.html"
    with Store(str(demo.db)) as store:
        dossier.write_text(report(store, demo.story, "html"), encoding="utf-8")
    group = demo.groups[0]
    paths = {
        "home": "/",
        "story": f"/stories/{demo.story}",
        "claim-group": f"/claim-groups/{group.id}",
        "article": f"/articles/{group.members[0].article_id}",
        "entity": "/entities",
        "outlets": "/outlets",
    }
    return {name: server + path for name, path in paths.items()} | {"dossier": dossier.as_uri()}


@pytest.fixture
def logged_in(browser: Any, server: str) -> Iterator[Any]:
    """A logged-in browser context (so the correction forms are on the pages too) that lets
    the test inject axe-core past the dossier file's Content-Security-Policy."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/login")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button")
    page.wait_for_load_state()
    page.close()
    yield context
    context.close()


def _open(context: Any, name: str, width: int, urls: dict[str, str]) -> Any:
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(urls[name])
    if name == "entity":  # the first entity of the list, whichever id it has
        page.locator("#entities tbody a").first.click()
        page.wait_for_load_state()
    return page


def _serious(page: Any) -> list[str]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {node['target']}"
        for v in result
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"][:3]
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_each_page_fits_the_screen_and_passes_the_audit(
    logged_in: Any, urls: dict[str, str], name: str, width: int
) -> None:
    page = _open(logged_in, name, width, urls)
    try:
        shot(page, f"a11y-{name}-{width}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width} px is {overflow} px wider than the screen"
        wide = page.evaluate(
            """() => [...document.querySelectorAll('main *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .filter(e => !e.closest('.matrix-wrap, table') && !(e.closest('svg') && e.tagName !== 'svg'))
                .map(e => e.tagName + '.' + e.className).slice(0, 5)"""
        )
        assert wide == [], f"{name} at {width} px: these reach past the screen's edge: {wide}"
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "system-ui" in font, f"{name}: the stylesheet is not applied (font {font!r})"
        bare = page.evaluate("document.querySelectorAll('th:not([scope])').length")
        assert bare == 0, f"{name}: {bare} table headers without scope"
        assert _serious(page) == []
    finally:
        page.close()


def _luminance(rgb: tuple[float, ...]) -> float:
    channels = [c / 255 for c in rgb[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _ratio(ink: tuple[float, ...], paper: tuple[float, ...]) -> float:
    light, dark = sorted((_luminance(ink), _luminance(paper)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# Each element's text colour and the first opaque background behind it, as the browser computes them.
COLOURS = """selector => [...document.querySelectorAll(selector)].filter(e => e.textContent.trim()).map(e => {
  let back = e, paper = 'rgb(255, 255, 255)';
  while (back) {
    const c = getComputedStyle(back).backgroundColor;
    if (c && c !== 'transparent' && !c.startsWith('rgba(0, 0, 0, 0)')) { paper = c; break; }
    back = back.parentElement;
  }
  return [e.textContent.trim().slice(0, 40), getComputedStyle(e).color, paper];
})"""


TEXT_KINDS = (
    "td.cell",
    "td.cell a",
    "[class^=s-]",
    ".verdict",
    ".muted",
    ".party",
    "main a",
    "nav.top a",
    "th",
)


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(x) for x in re.findall(r"[\d.]+", css)[:3])


def test_cells_badges_and_muted_text_meet_wcag_aa_contrast(logged_in: Any, urls: dict[str, str]) -> None:
    checked = 0
    low = []
    for name in ("story", "claim-group", "article", "home"):
        page = _open(logged_in, name, 1400, urls)
        for selector in TEXT_KINDS:
            for text, ink, paper in page.evaluate(COLOURS, selector):
                checked += 1
                ratio = _ratio(_rgb(ink), _rgb(paper))
                if ratio < AA_TEXT:
                    low.append(f"{name} {selector} {text!r}: {ink} on {paper} = {ratio:.2f}")
        page.close()
    assert checked > 50, "too few elements found to judge the colours"
    assert low == []


def test_hedged_colour_is_darker_than_the_old_one_that_failed() -> None:
    """The ratio arithmetic itself: white on the old hedged amber (#a86b00) is 4.4, under AA."""
    assert _ratio((255, 255, 255), (0xA8, 0x6B, 0x00)) == pytest.approx(4.4, abs=0.01)
    assert _ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)


def test_keyboard_users_can_skip_to_the_content_and_see_where_they_are(browser: Any, server: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(server)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert page.evaluate("document.activeElement.className") == "skip"
    box = skip.bounding_box()
    assert box is not None
    assert box["y"] >= 0, "the skip link stays off screen when focused"
    shot(page, "a11y-skip-link-390")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert focused[0] in ("A", "INPUT", "SELECT", "BUTTON")
    assert focused[1] != "none", f"no visible focus on {focused}"
    assert focused[2] >= 2, f"a focus outline too thin to see on {focused}"
    page.close()


def _pages_of(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("name", ["story", "dossier"])
def test_printing_gives_a_clean_pdf_without_navigation_or_forms(
    logged_in: Any, urls: dict[str, str], name: str
) -> None:
    page = _open(logged_in, name, 1400, urls)
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => [...document.querySelectorAll('nav, form, .skip, button')]
            .filter(e => getComputedStyle(e).display !== 'none').map(e => e.outerHTML.slice(0, 60))"""
    )
    assert shown == [], f"shown on paper: {shown}"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    # An A4 page's width between the print margins, at the browser's 96 px an inch: what is
    # wider is cut off on paper (the matrix's cells wrap there instead).
    page.set_viewport_size({"width": A4_TEXT_WIDTH, "height": 1000})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} on paper is {overflow} px wider than an A4 page"
    pdf = page.pdf(format="A4", print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"print-{name}.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    assert _pages_of(pdf) >= 2, "the story's dossier should fill more than one A4 page"
    page.close()
