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


@pytest.fixture(scope="module")
def with_demo(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The seeds fed into the demo corpus's store and analysed with it."""
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent: the running-example check cannot run here")
    from corroborator.demo import run_demo

    folder = tmp_path_factory.mktemp("seeds-and-demo")
    settings = load_settings(overrides={"store.db": str(folder / "demo.db")}, environ={})
    result = run_demo(folder, settings)
    store = Store(str(result.db))
    assert ingest([str(SEEDS)], store, settings.ingest).new == 2
    analyze(store, settings)
    return store


def test_dashkins_figure_is_one_group_of_one_party_carried_by_more_articles(with_demo: Store) -> None:
    groups = list(export_records("claim-groups", with_demo))
    entities = list(export_records("entities", with_demo))
    articles = {a.id: a for a in export_records("articles", with_demo)}  # type: ignore[attr-defined]
    seeds = {key for key, a in articles.items() if not a.url}  # type: ignore[attr-defined]
    holding = [g for g in groups if any("46" in m.span.text for m in g.members)]  # type: ignore[attr-defined]
    [group] = [g for g in holding if any(m.article_id in seeds for m in g.members)]  # type: ignore[attr-defined]
    assert group.n_origins == 1  # type: ignore[attr-defined]
    assert group.n_articles > group.n_origins  # type: ignore[attr-defined]
    assert group.reasons[0].startswith("support: single-party")  # type: ignore[attr-defined]
    assert group.parties == ["russian-state"]  # type: ignore[attr-defined]
    [dashkin] = [e for e in entities if "Dashkin" in e.name]  # type: ignore[attr-defined]
    assert {"Yuriy Dashkin", "Yuri Dashkin"} <= {dashkin.name, *dashkin.aliases}  # type: ignore[attr-defined]
    blog = next(a for key, a in articles.items() if key in seeds and a.genre == "opinion")  # type: ignore[attr-defined]
    own = [
        c
        for c in export_records("claims", with_demo)
        if c.article_id == blog.id and len(c.chain) == 1  # type: ignore[attr-defined]
    ]
    assert own
    assert {c.status for c in own} <= {"opinion", "hedged"}  # type: ignore[attr-defined]
