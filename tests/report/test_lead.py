"""What a story page leads with, and the matrix's sort and filters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from corroborator.errors import ConfigError
from corroborator.models import CorrectionKind, GroupCorrection
from corroborator.report.lead import RowFilter, correction_marks, lead
from corroborator.report.model import (
    Cell,
    Conflict,
    ConflictSide,
    Dossier,
    Headline,
    MatrixRow,
    Origin,
    Outlet,
)

OUTLETS = [Outlet(id="quay", name="Quay Post"), Outlet(id="dock", name="Dock Daily")]


def _row(
    group_id: str, verdict: str, origins: list[tuple[str, str | None]], carried_by: list[str]
) -> MatrixRow:
    return MatrixRow(
        group_id=group_id,
        label=f"claim {group_id}",
        verdict=verdict,
        reasons=[],
        n_articles=len(carried_by),
        n_copy_groups=len(carried_by),
        n_origins=len(origins),
        origins=[Origin(name=name, party=party) for name, party in origins],
        cells=[Cell(outlet=o.id, status="stated" if o.id in carried_by else "absent") for o in OUTLETS],
    )


ROWS = [
    _row("g-single", "single-source", [("harbour master", "port")], ["quay"]),
    _row("g-opinion", "opinion-only", [], ["dock"]),
    _row(
        "g-both", "corroborated", [("harbour master", "port"), ("crane firm", "industry")], ["quay", "dock"]
    ),
    _row("g-cost", "disputed", [("board chair", "port"), ("critics", "residents")], ["quay", "dock"]),
    _row("g-cheap", "disputed", [("critics", "residents"), ("auditor", None)], ["dock"]),
]


def _dossier(corrections: list[GroupCorrection] | None = None) -> Dossier:
    headline = Headline(
        story_id="s1",
        label="crane",
        first_published=None,
        last_published=None,
        n_articles=2,
        n_outlets=2,
        n_copy_groups=2,
        n_origins=5,
        aligned=True,
    )
    conflict = Conflict(
        kind="numeric",
        reason="40 million against 25 million",
        a=ConflictSide(group_id="g-cost", label="claim g-cost", quotes=[]),
        b=ConflictSide(group_id="g-cheap", label="claim g-cheap", quotes=[]),
    )
    return Dossier(
        headline=headline,
        main_claim=None,
        figures_in_conflict=[],
        outlets=OUTLETS,
        matrix=ROWS,
        conflicts=[conflict],
        numbers=[],
        speakers=[],
        timeline=[],
        gaps=[],
        opinion=[],
        corrections=corrections or [],
    )


def test_the_lead_holds_the_conflicts_and_the_corroborated_groups() -> None:
    found = lead(_dossier())
    assert [(c.a.group_id, c.b.group_id) for c in found.conflicts] == [("g-cost", "g-cheap")]
    assert [r.group_id for r in found.corroborated] == ["g-both"]


def test_single_origin_and_opinion_rows_are_set_apart_and_the_rest_sorted_by_verdict() -> None:
    found = lead(_dossier())
    assert [r.group_id for r in found.shown] == ["g-cost", "g-cheap", "g-both"]
    assert {r.group_id for r in found.quiet} == {"g-single", "g-opinion"}


def test_filters_keep_matching_rows_and_show_them_all() -> None:
    assert [r.group_id for r in lead(_dossier(), RowFilter(verdict="disputed")).shown] == [
        "g-cost",
        "g-cheap",
    ]
    by_party = lead(_dossier(), RowFilter(party="port"))
    assert {r.group_id for r in by_party.shown} == {"g-single", "g-both", "g-cost"}
    assert by_party.quiet == []
    assert {r.group_id for r in lead(_dossier(), RowFilter(outlet="quay")).shown} == {
        "g-single",
        "g-both",
        "g-cost",
    }


def test_sort_by_label_or_articles() -> None:
    by_label = lead(_dossier(), RowFilter(sort="label", verdict="disputed")).shown
    assert [r.group_id for r in by_label] == ["g-cheap", "g-cost"]
    by_articles = lead(_dossier(), RowFilter(sort="articles")).shown
    assert by_articles[0].n_articles == 2


@pytest.mark.parametrize(
    ("wanted", "named"),
    [
        (RowFilter(sort="colour"), "sort 'colour'"),
        (RowFilter(verdict="true"), "verdict 'true'"),
        (RowFilter(outlet="nowhere"), "outlet 'nowhere'"),
    ],
)
def test_an_unknown_sort_or_filter_names_the_value(wanted: RowFilter, named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        lead(_dossier(), wanted)


def _correction(kind: CorrectionKind, groups: list[str]) -> GroupCorrection:
    return GroupCorrection(
        id=1,
        story_id="s1",
        kind=kind,
        claims=["c1"],
        by="desk",
        at=datetime(2031, 3, 4, tzinfo=UTC),
        reason="checked",
        group_ids=groups,
    )


def test_groups_a_person_corrected_or_reviewed_are_marked() -> None:
    marks = correction_marks(
        [
            _correction(CorrectionKind.REVIEWED, ["g-cost", "g-both"]),
            _correction(CorrectionKind.SPLIT, ["g-cost"]),
            _correction(CorrectionKind.REVIEWED, ["g-cost"]),
        ]
    )
    assert marks == {"g-cost": "corrected", "g-both": "reviewed"}


def test_the_file_marks_reviewed_and_corrected_rows_and_leads_with_the_conflict() -> None:
    from corroborator.report.html import render_html

    page = render_html(
        _dossier(
            [_correction(CorrectionKind.REVIEWED, ["g-both"]), _correction(CorrectionKind.SPLIT, ["g-cost"])]
        )
    )
    lead_part = page[page.index('id="lead"') : page.index('id="conflicts"')]
    assert lead_part.count('class="lead-conflict"') == 1
    assert '<span class="marker m-corrected">corrected</span>' in lead_part
    assert '<span class="marker m-reviewed">reviewed</span>' in lead_part
    row = page[page.index('<tr id="g-g-both"') :]
    assert row[: row.index("</tr>")].count("m-reviewed") == 1
    assert "2 single-origin and 0 opinion claim groups" not in page
    assert "1 single-origin and 1 opinion claim groups" in page
