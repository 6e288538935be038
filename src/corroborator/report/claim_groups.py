"""The dossier's sections that come from claim groups: the main claim, the claims matrix
(claim groups x outlets), conflicts with both sides quoted, figures in conflict, coverage
gaps.  The groups, their origins, parties, verdicts and relations are the alignment stage's;
this module only lays them out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from corroborator.models import ClaimGroup, RelationKind
from corroborator.report.common import claim_evidence, status_word
from corroborator.report.figures import figure_conflict
from corroborator.report.model import (
    Cell,
    Conflict,
    ConflictSide,
    FigureConflict,
    Gap,
    MainClaim,
    MatrixRow,
    Number,
    Origin,
    Statement,
)
from corroborator.store import Connection
from corroborator.store.claim_groups import iter_claim_groups

# One word per cell: an outlet that states a claim in its own voice says the most of it.
CELL_ORDER = ("stated", "attributed", "hedged", "denied", "opinion")
QUOTES = 3  # statements quoted on each side of a conflict


@dataclass
class GroupSections:
    aligned: bool = False
    n_origins: int | None = None
    main_claim: MainClaim | None = None
    matrix: list[MatrixRow] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    figures_in_conflict: list[FigureConflict] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)


def _origins(group: ClaimGroup) -> list[Origin]:
    party: dict[str, str | None] = dict.fromkeys(group.origins)
    for member in group.members:
        # a member that counts under no origin ("none") adds no name to the list
        if member.origin in party and party[member.origin] is None:
            party[member.origin] = member.party
    return [Origin(name=name, party=side) for name, side in party.items()]


def _statements(
    group: ClaimGroup, claims: dict[str, dict[str, Any]], outlet_of: dict[str, str]
) -> list[Statement]:
    found = []
    for member in group.members:
        claim = claims.get(member.claim_id)
        if claim is None or member.article_id not in outlet_of:
            continue
        evidence = claim_evidence(claim, outlet_of[member.article_id])
        found.append(Statement(status=status_word(member.status), evidence=evidence))
    return found


def _row(group: ClaimGroup, statements: list[Statement], outlets: Sequence[str]) -> MatrixRow:
    by_outlet: dict[str, list[Statement]] = {}
    for statement in statements:
        by_outlet.setdefault(statement.evidence.outlet, []).append(statement)
    cells = []
    for outlet in outlets:
        said = by_outlet.get(outlet, [])
        statuses = {s.status for s in said}
        status = next((word for word in CELL_ORDER if word in statuses), "absent")
        cells.append(Cell(outlet=outlet, status=status, statements=said))
    return MatrixRow(
        group_id=group.id,
        label=group.label,
        verdict=str(group.verdict) if group.verdict is not None else None,
        reasons=list(group.reasons),
        n_articles=group.n_articles,
        n_copy_groups=group.n_copy_groups,
        n_origins=group.n_origins,
        origins=_origins(group),
        cells=cells,
    )


def group_sections(
    connection: Connection,
    story_id: str,
    outlets: Sequence[str],
    claims: dict[str, dict[str, Any]],
    outlet_of: dict[str, str],
    numbers: Sequence[Number],
) -> GroupSections:
    groups = list(iter_claim_groups(connection, story_id))
    if not groups:
        return GroupSections()
    statements = {group.id: _statements(group, claims, outlet_of) for group in groups}
    rows = [_row(group, statements[group.id], outlets) for group in groups]
    by_id = {group.id: group for group in groups}
    # The main claim is the one most reports carry (then the best supported), not an opinion.
    reported = [g for g in groups if str(g.verdict) != "opinion-only"] or groups
    main = max(reported, key=lambda g: (g.n_articles, g.n_origins))
    main_statements = statements[main.id]
    main_claim = MainClaim(
        group_id=main.id,
        label=main.label,
        verdict=str(main.verdict) if main.verdict is not None else None,
        n_articles=main.n_articles,
        n_origins=main.n_origins,
        origins=_origins(main),
        parties=list(main.parties),
        evidence=main_statements[0].evidence if main_statements else None,
    )
    conflicts, figures = [], []
    seen: set[frozenset[str]] = set()
    for group in groups:
        for relation in group.relations:
            pair = frozenset((relation.source, relation.target))
            if relation.kind is not RelationKind.CONFLICTS or pair in seen or not pair <= by_id.keys():
                continue
            seen.add(pair)
            a, b = by_id[relation.source], by_id[relation.target]
            kind = str(relation.conflict) if relation.conflict is not None else None
            conflicts.append(
                Conflict(
                    kind=kind,
                    reason=relation.reason,
                    a=ConflictSide(
                        group_id=a.id, label=a.label, quotes=[s.evidence for s in statements[a.id][:QUOTES]]
                    ),
                    b=ConflictSide(
                        group_id=b.id, label=b.label, quotes=[s.evidence for s in statements[b.id][:QUOTES]]
                    ),
                )
            )
            if kind == "numeric":
                involved = set(a.claim_ids) | set(b.claim_ids)
                shown = [n for n in numbers if n.evidence.claim_id in involved]
                if shown:
                    thing = next((n.counted_thing for n in shown if n.counted_thing), None) or a.label
                    action = next((n.action for n in shown if n.action), None)
                    figures.append(figure_conflict(thing, action, shown))
    carried = {
        row.group_id: [c.outlet for c in row.cells if c.status != "absent"]
        for row in rows
        if row.verdict != "opinion-only"
    }
    gaps = [
        Gap(
            group_id=group_id,
            label=by_id[group_id].label,
            carried_by=outlets_with,
            omitted_by=[o for o in outlets if o not in outlets_with],
        )
        for group_id, outlets_with in carried.items()
        if len(outlets_with) >= 2 and len(outlets_with) < len(outlets)
    ]
    gaps.sort(key=lambda gap: (-len(gap.carried_by), gap.label))
    return GroupSections(
        aligned=True,
        n_origins=len({origin for group in groups for origin in group.origins}),
        main_claim=main_claim,
        matrix=rows,
        conflicts=conflicts,
        figures_in_conflict=figures,
        gaps=gaps,
    )
