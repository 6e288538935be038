"""What a story page leads with: the claim groups in conflict, side by side, and the
corroborated ones, each with its verdict and origins; then the matrix rows that matter,
with single-origin and opinion rows set apart behind a count.  Also the matrix's sort and
filter (by verdict, party, outlet), which the web app reads from the query string.

Presentation only: it rearranges a built :class:`~corroborator.report.model.Dossier`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from corroborator.errors import ConfigError
from corroborator.models import CorrectionKind, GroupCorrection
from corroborator.report.model import Conflict, Dossier, MatrixRow

VERDICT_ORDER = ("disputed", "corroborated", "single-party", "single-source", "opinion-only")
SORTS: dict[str, Callable[[MatrixRow], tuple[object, ...]]] = {
    "verdict": lambda r: (_verdict_rank(r.verdict), -r.n_origins, -r.n_articles),
    "origins": lambda r: (-r.n_origins, -r.n_articles, _verdict_rank(r.verdict)),
    "articles": lambda r: (-r.n_articles, -r.n_origins, _verdict_rank(r.verdict)),
    "label": lambda r: (r.label.casefold(),),
}


def _verdict_rank(verdict: str | None) -> int:
    return VERDICT_ORDER.index(verdict) if verdict in VERDICT_ORDER else len(VERDICT_ORDER)


@dataclass(frozen=True)
class RowFilter:
    """The matrix's sort and filters; empty strings mean "any"."""

    verdict: str = ""
    party: str = ""
    outlet: str = ""
    sort: str = ""

    @property
    def active(self) -> bool:
        return bool(self.verdict or self.party or self.outlet)


@dataclass
class Lead:
    conflicts: list[Conflict]
    corroborated: list[MatrixRow]
    rows: dict[str, MatrixRow]
    shown: list[MatrixRow] = field(default_factory=list)
    quiet: list[MatrixRow] = field(default_factory=list)
    marks: dict[str, str] = field(default_factory=dict)
    verdicts: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    wanted: RowFilter = field(default_factory=RowFilter)


def quiet(row: MatrixRow) -> bool:
    """A row collapsed by default: resting on one origin at most, or only opinion."""
    return row.n_origins <= 1 or row.verdict == "opinion-only"


def correction_marks(corrections: Sequence[GroupCorrection]) -> dict[str, str]:
    """``reviewed`` or ``corrected`` for each group a correction holds for (a change of the
    group itself outweighs a review)."""
    marks: dict[str, str] = {}
    for correction in corrections:
        word = "reviewed" if correction.kind is CorrectionKind.REVIEWED else "corrected"
        for group_id in correction.group_ids:
            if marks.get(group_id) != "corrected":
                marks[group_id] = word
    return marks


def check_filter(wanted: RowFilter, dossier: Dossier) -> None:
    """ConfigError naming the value when a sort or a filter cannot match anything known."""
    if wanted.sort and wanted.sort not in SORTS:
        raise ConfigError(f"sort '{wanted.sort}' is not known: use one of {', '.join(SORTS)}")
    if wanted.verdict and wanted.verdict not in VERDICT_ORDER:
        raise ConfigError(f"verdict '{wanted.verdict}' is not known: use one of {', '.join(VERDICT_ORDER)}")
    if wanted.outlet and wanted.outlet not in {o.id for o in dossier.outlets}:
        raise ConfigError(f"outlet '{wanted.outlet}' has no article in this story: pick one from the list")


def _keeps(row: MatrixRow, wanted: RowFilter) -> bool:
    if wanted.verdict and row.verdict != wanted.verdict:
        return False
    if wanted.party and wanted.party not in {o.party for o in row.origins}:
        return False
    return not wanted.outlet or any(c.outlet == wanted.outlet and c.status != "absent" for c in row.cells)


def lead(dossier: Dossier, wanted: RowFilter | None = None) -> Lead:
    """The page's lead and its matrix rows, sorted and filtered as ``wanted`` says (by
    default: verdict, then origins)."""
    wanted = wanted or RowFilter()
    check_filter(wanted, dossier)
    rows = {row.group_id: row for row in dossier.matrix}
    ordered = sorted(dossier.matrix, key=SORTS[wanted.sort or "verdict"])
    kept = [row for row in ordered if _keeps(row, wanted)]
    return Lead(
        conflicts=[c for c in dossier.conflicts if c.a.group_id in rows and c.b.group_id in rows],
        corroborated=[row for row in ordered if row.verdict == "corroborated"],
        rows=rows,
        # a filter the reader chose shows every row it keeps
        shown=kept if wanted.active else [row for row in kept if not quiet(row)],
        quiet=[] if wanted.active else [row for row in kept if quiet(row)],
        marks=correction_marks(dossier.corrections),
        verdicts=sorted({r.verdict for r in dossier.matrix if r.verdict}, key=_verdict_rank),
        parties=sorted({o.party for r in dossier.matrix for o in r.origins if o.party}),
        wanted=wanted,
    )
