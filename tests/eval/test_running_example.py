"""The running example: the two seed reports (../shared/seeds, read in place, never copied),
fed in as they are, give the figures with the right claimants and the blog as opinion."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborator.config import load_settings
from corroborator.export import export_records
from corroborator.ingest import ingest
from corroborator.pipeline import analyze
from corroborator.store import Store

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

pytestmark = pytest.mark.benchmarks


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[object], list[object]]:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent: the running-example check cannot run here")
    folder = tmp_path_factory.mktemp("seeds")
    settings = load_settings(
        overrides={"store.db": str(folder / "seeds.db"), "ingest.workers": 1, "pipeline.workers": 1},
        environ={},
    )
    with Store(settings.store.db) as store:
        assert ingest([str(SEEDS)], store, settings.ingest).new == 2
        analyze(store, settings)
        return list(export_records("quantities", store)), list(export_records("articles", store))


def _claimants(quantities: list[object], text: str) -> set[str]:
    return {q.claimant for q in quantities if q.span.text == text}  # type: ignore[attr-defined]


def test_the_figures_come_with_their_claimants(found: tuple[list[object], list[object]]) -> None:
    quantities, _articles = found
    assert any("Dashkin" in claimant for claimant in _claimants(quantities, "46 drones"))
    [moscow] = [q for q in quantities if q.span.text == "764 drones"]  # type: ignore[attr-defined]
    assert moscow.claimant == "Moscow"  # type: ignore[attr-defined]
    assert moscow.window_text == "between Tuesday and Friday"  # type: ignore[attr-defined]
    for figure in ("250 drones", "14 missiles", "30 cities"):
        assert any("Zelensky" in claimant for claimant in _claimants(quantities, figure)), figure


def test_the_blog_is_opinion_and_the_report_news(found: tuple[list[object], list[object]]) -> None:
    _quantities, articles = found
    assert sorted(a.genre for a in articles) == ["news", "opinion"]  # type: ignore[attr-defined]
