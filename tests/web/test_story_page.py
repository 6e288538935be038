"""The story page leads with what matters: conflicts side by side and corroborated claim
groups on the first screen, quiet rows behind a count, a matrix that sorts and filters
without a script, and every statement shown in its sentence.

The first-screen test runs on the demo as analysed (not the hand-built groups of the
shared fixture), in Debian's Chromium; screenshots go to test-artifacts/."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.web.helpers import client_for, serving, shot

from corroborator.config import Settings, load_settings
from corroborator.demo import run_demo
from corroborator.report import build_dossier, report
from corroborator.report.lead import lead
from corroborator.report.model import Dossier
from corroborator.store import Store
from corroborator.store.stories import iter_stories


@dataclass
class Analysed:
    url: str
    story: str
    dossier: Dossier
    db: Path
    settings: Settings


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Analysed]:
    """The demo as the pipeline leaves it, served by the app."""
    folder = tmp_path_factory.mktemp("analysed")
    settings = load_settings(
        overrides={"store.db": str(folder / "demo.db"), "ingest.workers": 1, "pipeline.workers": 1},
        environ={},
    )
    run_demo(folder, settings)
    with Store(settings.store.db) as store, store.reading() as connection:
        main = max(iter_stories(connection), key=lambda s: s.n_articles)
        dossier = build_dossier(connection, main.id)
    with serving(settings) as url:
        yield Analysed(url, main.id, dossier, folder / "demo.db", settings)


def _statements(dossier: Dossier) -> int:
    return sum(len(cell.statements) for row in dossier.matrix for cell in row.cells)


def test_the_demo_story_has_conflicts_and_corroboration_to_lead_with(analysed: Analysed) -> None:
    found = lead(analysed.dossier)
    assert len(found.conflicts) >= 2
    assert found.corroborated
    assert found.quiet, "the demo has single-origin rows to collapse"


def _on_first_screen(item: Any, what: str) -> str:
    """The text of ``item``, which must end within the 900 px of the first screen."""
    box = item.bounding_box()
    assert box is not None, f"{what} is not shown"
    assert box["y"] + box["height"] <= 900, f"{what} is below the first screen"
    return str(item.inner_text())


@pytest.mark.browser
def test_the_first_screen_shows_every_conflict_and_corroborated_group_with_origins(
    browser: Any, analysed: Analysed
) -> None:
    found = lead(analysed.dossier)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(f"{analysed.url}/stories/{analysed.story}")
        shot(page, "story-first-screen-1400")
        conflicts = page.locator("#lead .lead-conflict")
        assert conflicts.count() == len(found.conflicts)
        for index, conflict in enumerate(found.conflicts):
            text = _on_first_screen(conflicts.nth(index), conflict.reason)
            for side in (conflict.a, conflict.b):
                for origin in found.rows[side.group_id].origins:
                    assert origin.name in text, (origin.name, text)
        groups = page.locator("#lead .lead-group")
        assert groups.count() == len(found.corroborated)
        for index, row in enumerate(found.corroborated):
            text = _on_first_screen(groups.nth(index), row.label)
            assert "corroborated" in text
            assert all(f"{o.name} {o.party}" in text for o in row.origins), text
        # the full matrix is one click away; the quiet rows open with another
        page.click("#lead a[href='#matrix']")
        assert page.locator("#quiet-rows table.matrix").is_hidden()
        page.click("#quiet-rows > summary")
        assert page.locator("#quiet-rows table.matrix").is_visible()
    finally:
        page.close()


@pytest.mark.browser
def test_the_lead_matrix_and_conflicts_fit_a_phone_screen(browser: Any, analysed: Analysed) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{analysed.url}/stories/{analysed.story}")
        page.locator("#lead").scroll_into_view_if_needed()
        shot(page, "story-lead-390")
        page.locator("#conflicts").scroll_into_view_if_needed()
        shot(page, "story-conflicts-390")
        # anything of these sections wider than the screen, outside the matrix's own scroller
        wider = page.evaluate(
            """Array.from(document.querySelectorAll(
                '#lead, #lead *, .conflict, .conflict *, .matrix-filter, .matrix-filter *, .matrix-wrap, '
                + 'details.quiet-rows, details.quiet-rows > summary'))
              .filter(e => !e.parentElement.closest('.matrix-wrap')
                           && e.getBoundingClientRect().right > window.innerWidth + 1)
              .map(e => e.tagName + ' ' + e.className)"""
        )
        assert wider == []
        wrap = page.locator(".matrix-wrap").first
        assert wrap.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    finally:
        page.close()


@pytest.mark.browser
def test_the_matrix_filters_without_javascript(browser: Any, analysed: Analysed) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{analysed.url}/stories/{analysed.story}")
        page.select_option("form.matrix-filter select[name=verdict]", "disputed")
        page.click("form.matrix-filter button")
        page.wait_for_load_state()
        assert "verdict=disputed" in page.url
        verdicts = page.locator("table.matrix tbody tr").evaluate_all(
            "rows => rows.map(r => r.dataset.verdict)"
        )
        assert verdicts
        assert set(verdicts) == {"disputed"}
        assert page.locator("#quiet-rows").count() == 0  # a chosen filter shows every row it keeps
        shot(page, "story-filtered-disputed")
    finally:
        context.close()


def test_sort_and_filters_are_query_parameters_the_server_reads(demo: Any) -> None:
    client = client_for(demo.settings)
    page = client.get(f"/stories/{demo.story}", params={"verdict": "disputed"}).text
    rows = re.findall(r'<tr id="g-[^"]+" data-verdict="([^"]*)"', page)
    assert rows
    assert set(rows) == {"disputed"}
    party = client.get(f"/stories/{demo.story}", params={"party": "side-a"}).text
    assert re.findall(r'<tr id="g-[^"]+" data-verdict="([^"]*)"', party) == ["single-party"]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"sort": "colour"}, "sort 'colour' is not known"),
        ({"outlet": "nowhere.example"}, "outlet 'nowhere.example'"),
    ],
)
def test_an_unknown_sort_or_filter_is_refused_with_its_name(
    demo: Any, params: dict[str, str], named: str
) -> None:
    response = client_for(demo.settings).get(f"/stories/{demo.story}", params=params)
    assert response.status_code == 400
    assert named in html.unescape(response.text)


def test_every_statement_of_a_cell_is_linked_in_the_app_and_the_file(analysed: Analysed) -> None:
    dossier = analysed.dossier
    with Store(str(analysed.db)) as store:
        file = report(store, analysed.story, "html")
    app = client_for(analysed.settings).get(f"/stories/{analysed.story}").text
    assert any(len(cell.statements) > 1 for row in dossier.matrix for cell in row.cells)
    for page in (app, file):
        cells = re.findall(r'<td class="cell s-[a-z]+">(.*?)</td>', page, flags=re.S)
        assert sum(cell.count("<a ") for cell in cells) == _statements(dossier)
    # in the file, each of them lands on its own quoted sentence
    targets = set(re.findall(r'<td class="cell[^"]*">.*?</td>', file, flags=re.S))
    links = {href for cell in targets for href in re.findall(r'href="#([^"]+)"', cell)}
    assert links
    assert all(f'id="{anchor}"' in file for anchor in links)


def test_a_statement_is_shown_in_its_sentence_with_its_negation_named(analysed: Analysed) -> None:
    with Store(str(analysed.db)) as store:
        file = report(store, analysed.story, "html")
    denied = [
        s.evidence
        for row in analysed.dossier.matrix
        for cell in row.cells
        for s in cell.statements
        if s.evidence.denials and s.evidence.sentence and s.evidence.sentence != s.evidence.text
    ]
    assert denied, "the demo has a denied claim inside a longer sentence"
    evidence = denied[0]
    assert evidence.sentence is not None
    assert evidence.text in evidence.sentence
    assert f"<mark>{_escaped(evidence.text)}</mark>" in file
    assert f"negated: {_escaped(', '.join(evidence.denials))}" in file
    assert '<details class="paragraph"><summary>paragraph</summary>' in file
    assert "hedged: " in file


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


@pytest.mark.browser
def test_the_file_filters_both_tables_by_outlet_with_its_script(
    browser: Any, analysed: Analysed, tmp_path: Path
) -> None:
    with Store(str(analysed.db)) as store:
        file = tmp_path / "dossier.html"
        file.write_text(report(store, analysed.story, "html"), encoding="utf-8")
    outlet = analysed.dossier.outlets[0].id
    carrying = {
        row.group_id
        for row in analysed.dossier.matrix
        if any(c.outlet == outlet and c.statements for c in row.cells)
    }
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(file.as_uri())
        page.fill("input[aria-label='filter claims']", outlet)
        assert page.locator("#quiet-rows").evaluate("e => e.open")
        shown = page.locator("table.matrix tbody tr:visible").evaluate_all(
            "rows => rows.map(r => r.id.slice(2))"
        )
        assert carrying
        assert carrying <= set(shown)
    finally:
        page.close()


def test_the_claim_group_page_shows_each_statement_in_its_sentence(analysed: Analysed) -> None:
    row, evidence = next(
        (row, s.evidence)
        for row in analysed.dossier.matrix
        for cell in row.cells
        for s in cell.statements
        if s.evidence.sentence and s.evidence.sentence != s.evidence.text
    )
    assert evidence.sentence_start is not None
    before = evidence.sentence[: evidence.start - evidence.sentence_start]
    page = client_for(analysed.settings).get(f"/claim-groups/{row.group_id}").text
    assert f"{_escaped(before)}<mark>{_escaped(evidence.text)}</mark>" in page
