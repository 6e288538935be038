"""The dossier over the demo store with claim groups made by hand: the first screen's
answers, every section, the three formats, and text shown as text."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from corroborator.errors import ConfigError
from corroborator.report import build_dossier, render_html, render_markdown, report
from corroborator.report.html import safe_url
from corroborator.report.markdown import md
from corroborator.report.model import dossier_schema
from corroborator.store import Store

ROOT = Path(__file__).resolve().parents[2]


def test_the_main_claim_its_origins_sides_and_conflicting_figures_come_first(demo: Any) -> None:
    with Store(str(demo.db)) as store, store.reading() as connection:
        dossier = build_dossier(connection, demo.story)
    main = dossier.main_claim
    assert main is not None
    first = demo.groups[0]
    assert (main.group_id, main.n_origins) == (first.id, first.n_origins)
    assert [o.name for o in main.origins] == first.origins
    assert {o.party for o in main.origins} == {"side-a"}
    [figures] = dossier.figures_in_conflict
    assert {side.figure.split()[0] for side in figures.sides} >= {"46", "764"}
    html = render_html(dossier)
    answer = html[html.index('id="answer"') : html.index('id="matrix"')]
    assert f"{first.n_origins} independent origins" in answer
    assert "side-a" in answer
    assert "764" in answer
    assert "46" in answer


def test_matrix_cells_say_how_each_outlet_carries_each_claim(demo: Any) -> None:
    with Store(str(demo.db)) as store, store.reading() as connection:
        dossier = build_dossier(connection, demo.story)
    assert len(dossier.outlets) == dossier.headline.n_outlets
    row = dossier.matrix[0]
    assert len(row.cells) == len(dossier.outlets)
    carried = [cell for cell in row.cells if cell.status != "absent"]
    assert carried
    assert all(cell.statements for cell in carried)
    assert all(not cell.statements for cell in row.cells if cell.status == "absent")
    for cell in carried:
        assert all(s.evidence.outlet == cell.outlet and "46" in s.evidence.text for s in cell.statements)
    [conflict] = dossier.conflicts
    assert conflict.kind == "numeric"
    assert conflict.a.quotes
    assert conflict.b.quotes
    assert dossier.headline.n_origins == len({o for g in demo.groups[:2] for o in g.origins})
    gap_groups = {gap.group_id for gap in dossier.gaps}
    assert gap_groups <= {g.id for g in demo.groups[:2]}


def test_sections_come_from_the_stored_findings(demo: Any) -> None:
    with Store(str(demo.db)) as store, store.reading() as connection:
        dossier = build_dossier(connection, demo.story)
    assert dossier.numbers
    assert all(n.evidence.start < n.evidence.end for n in dossier.numbers)
    assert any(s.entity_id for s in dossier.speakers), "no speaker resolved to an entity"
    # one heading per person however the outlets spell him ("Yuriy", "Yuri", "Yury"), his
    # quotes ("he said", "the commander added") under it
    dashkin = [s for s in dossier.speakers if "dashkin" in s.name.lower()]
    assert len(dashkin) == 1
    assert dashkin[0].entity_id is not None
    assert len(dashkin[0].outlets) >= 3
    assert {st.status for s in dossier.speakers for st in s.statements} <= {"direct", "indirect", "mixed"}
    assert sum(1 for t in dossier.timeline if t.copy_of) >= 2  # the demo's wire copies
    published = [t.published for t in dossier.timeline if t.published]
    assert published == sorted(published)
    assert all(t.genre != "opinion" for t in dossier.timeline)


def test_json_matches_its_published_schema(demo: Any) -> None:
    published = json.loads((ROOT / "schemas" / "dossier.schema.json").read_text(encoding="utf-8"))
    assert published == dossier_schema()
    with Store(str(demo.db)) as store:
        data = json.loads(report(store, demo.story, "json"))
    jsonschema.validate(data, published)


def test_every_cell_of_the_file_leads_to_a_quoted_sentence_in_it(demo: Any) -> None:
    with Store(str(demo.db)) as store:
        html = report(store, demo.story, "html")
    targets = set(re.findall(r'href="#(e-[^"]+)"', html))
    anchors = set(re.findall(r'id="(e-[^"]+)"', html))
    assert targets
    assert targets <= anchors
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "").split("<main>")[0]


def test_article_text_is_escaped_in_every_format(demo: Any) -> None:
    with Store(str(demo.db)) as store:
        html = report(store, demo.hostile_story, "html")
        markdown = report(store, demo.hostile_story, "md")
    assert "<script>window" not in html
    assert "&lt;script&gt;" in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "<script>" not in markdown
    assert "<img" not in markdown
    assert "](javascript" not in markdown
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" https://a.example/x ") == "https://a.example/x"
    assert md("[a](javascript:x) <b>|") == "\\[a\\]\\(javascript:x\\) &lt;b&gt;\\|"


def test_markdown_has_every_section(demo: Any) -> None:
    with Store(str(demo.db)) as store, store.reading() as connection:
        text = render_markdown(build_dossier(connection, demo.story))
    for heading in ("Claims by outlet", "Conflicts", "Numbers", "Who said what", "Timeline", "Coverage gaps"):
        assert f"## {heading}" in text


def test_report_command_writes_each_format(demo: Any, tmp_path: Path) -> None:
    for format in ("html", "md", "json"):
        out = tmp_path / f"dossier.{format}"
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "corroborator",
                "report",
                demo.story,
                "--format",
                format,
                "-o",
                str(out),
                "--db",
                str(demo.db),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert demo.story in out.read_text(encoding="utf-8")


def test_cells_can_link_into_a_running_web_app(demo: Any) -> None:
    with Store(str(demo.db)) as store:
        html = report(store, demo.story, "html", link_base="http://desk.example:8000/")
        cells = re.findall(r'<td class="cell s-(?!absent)[a-z]+"><a href="([^"]+)"', html)
        assert cells
        assert all(
            re.fullmatch(r"http://desk\.example:8000/articles/\w+\?highlight=\d+-\d+#c-\d+", c) for c in cells
        )
        with pytest.raises(ConfigError, match="not an http"):
            report(store, demo.story, "html", link_base="javascript:alert(1)")
        with pytest.raises(ConfigError, match="html only"):
            report(store, demo.story, "md", link_base="http://desk.example:8000")


def test_a_member_under_no_origin_adds_no_name_to_the_origins() -> None:
    from corroborator.models import ClaimGroup, ClaimGroupMember, EpistemicStatus
    from corroborator.report.claim_groups import _origins

    def member(claim: str, origin: str, party: str | None) -> ClaimGroupMember:
        return ClaimGroupMember(
            claim_id=claim,
            article_id=f"a-{claim}",
            status=EpistemicStatus.ATTRIBUTED,
            claimant=origin,
            origin=origin,
            party=party,
        )

    group = ClaimGroup(
        id="g",
        story_id="s",
        label="the bridge reopened",
        claim_ids=["c1", "c2"],
        members=[member("c1", "the city council", "independent"), member("c2", "none", None)],
        origins=["the city council"],
    )
    assert [(o.name, o.party) for o in _origins(group)] == [("the city council", "independent")]
