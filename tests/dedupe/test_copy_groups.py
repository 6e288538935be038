from __future__ import annotations

from pathlib import Path

import pytest

from corroborator.config import Settings, load_settings
from corroborator.dedupe.minhash import band_layout, shingles
from corroborator.eval.copygroups import score_groups, stored_groups_by_url
from corroborator.models import ArticleDraft, Provenance, SourceKind
from corroborator.pipeline import analyze
from corroborator.store import Store, add_articles
from corroborator.store.copygroups import iter_copy_groups

WIRE = (
    "Emergency crews in the northern port city spent the night pulling residents from flooded "
    "basements after the river burst its banks on Thursday evening. The mayor said four districts "
    "were without power and that schools would stay closed until Monday. Forecasters warned that "
    "more rain was expected over the weekend, and the regional government asked volunteers with "
    "boats to register at the central fire station before joining the rescue effort."
)
EDITED = WIRE.replace("on Thursday evening", "late on Thursday").replace(
    "The mayor said", "Speaking to reporters, the mayor said"
)
OTHER = (
    "A chamber orchestra from the capital opened the summer festival with a programme of "
    "baroque concertos, and the organisers said ticket sales had doubled since last year."
)
BRIDGE_A = " ".join(f"word{n}" for n in range(60))
BRIDGE_B = " ".join(f"word{n}" for n in range(30, 90))


def _add(store: Store, *items: tuple[str, str]) -> None:
    drafts = [
        ArticleDraft(text=text, url=url, provenance=Provenance(kind=SourceKind.TEXT, source=url))
        for url, text in items
    ]
    with store.transaction() as connection:
        add_articles(connection, drafts)


def _groups(store: Store) -> list[set[str]]:
    return sorted(stored_groups_by_url(store), key=sorted)


def test_exact_copies_and_light_edits_group_unrelated_stays_alone(store: Store, settings: Settings) -> None:
    _add(
        store,
        ("https://wire.example/1", WIRE),
        ("https://a.example/1", WIRE),
        ("https://b.example/1", EDITED),
        ("https://c.example/1", OTHER),
    )
    analyze(store, settings, ["dedupe"])
    assert _groups(store) == [{"https://wire.example/1", "https://a.example/1", "https://b.example/1"}]
    with store.reading() as connection:
        [group] = [g for g in iter_copy_groups(connection) if g.size > 1]
    methods = sorted(member.method for member in group.members)
    assert methods == ["exact", "first", "minhash"]
    edited = next(m for m in group.members if m.method == "minhash")
    assert 0.5 <= edited.similarity < 1.0


def test_a_new_article_joins_an_existing_group_without_regrouping(store: Store, settings: Settings) -> None:
    _add(store, ("https://wire.example/1", WIRE), ("https://c.example/1", OTHER))
    [first] = analyze(store, settings, ["dedupe"])
    assert first.done == 2
    _add(store, ("https://b.example/1", EDITED))
    [second] = analyze(store, settings, ["dedupe"])
    assert second.done == 1  # only the new article is processed
    assert _groups(store) == [{"https://wire.example/1", "https://b.example/1"}]


def test_an_article_matching_two_groups_merges_them(store: Store, settings: Settings) -> None:
    low = load_settings(
        overrides={"store.db": settings.store.db, "dedupe.threshold": 0.4, "pipeline.workers": 1}, environ={}
    )
    middle = " ".join(f"word{n}" for n in range(15, 75))
    _add(store, ("https://x.example/a", BRIDGE_A), ("https://x.example/b", BRIDGE_B))
    analyze(store, low, ["dedupe"])
    assert _groups(store) == []  # a and b share a third of their shingles: below 0.4
    _add(store, ("https://x.example/m", middle))
    analyze(store, low, ["dedupe"])
    assert _groups(store) == [{"https://x.example/a", "https://x.example/b", "https://x.example/m"}]


def test_a_stricter_threshold_is_a_new_version_that_regroups(store: Store, settings: Settings) -> None:
    _add(store, ("https://wire.example/1", WIRE), ("https://b.example/1", EDITED))
    analyze(store, settings, ["dedupe"])
    assert len(_groups(store)) == 1
    strict = load_settings(
        overrides={"store.db": settings.store.db, "dedupe.threshold": 0.99, "pipeline.workers": 1}, environ={}
    )
    [report] = analyze(store, strict, ["dedupe"])
    assert report.done == 2
    assert _groups(store) == []


def test_only_current_revisions_are_grouped(store: Store, settings: Settings) -> None:
    _add(store, ("https://wire.example/1", WIRE), ("https://a.example/1", OTHER))
    analyze(store, settings, ["dedupe"])
    _add(store, ("https://a.example/1", WIRE))  # a.example rewrote its page as the wire copy
    analyze(store, settings, ["dedupe"])
    assert _groups(store) == [{"https://wire.example/1", "https://a.example/1"}]
    with store.reading() as connection:
        sizes = sorted(g.size for g in iter_copy_groups(connection))
    assert sizes == [2]  # the superseded revision left its group; groups hold current articles only


def test_two_workers_group_like_one(tmp_path: Path) -> None:
    results = []
    for workers in (1, 2):
        settings = load_settings(
            overrides={"store.db": str(tmp_path / f"w{workers}.db"), "pipeline.workers": workers}, environ={}
        )
        with Store(settings.store.db) as store:
            _add(
                store,
                ("https://wire.example/1", WIRE),
                ("https://b.example/1", EDITED),
                ("https://c.example/1", OTHER),
            )
            analyze(store, settings, ["dedupe"])
            results.append(_groups(store))
    assert results[0] == results[1] == [{"https://wire.example/1", "https://b.example/1"}]


def test_shingles_of_short_and_empty_texts() -> None:
    assert shingles("", 3) == set()
    assert shingles("Two words", 3) == {b"two words"}
    assert len(shingles("one two three four", 3)) == 2


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.8])
def test_band_layout_uses_the_permutations_and_leans_below_the_threshold(threshold: float) -> None:
    bands, rows = band_layout(128, threshold)
    assert bands * rows <= 128
    assert (1 / bands) ** (1 / rows) < threshold


def test_pair_scores() -> None:
    score = score_groups([{"a", "b", "c"}], [{"a", "b"}, {"c", "d"}])
    assert (score.true_pairs, score.predicted_pairs, score.gold_pairs) == (1, 3, 2)
    assert score.precision == pytest.approx(1 / 3, abs=1e-4)
    assert score.recall == 0.5


def test_a_revised_copy_leaves_its_group_and_its_new_revision_rejoins(
    store: Store, settings: Settings
) -> None:
    _add(
        store,
        ("https://wire.example/1", WIRE),
        ("https://a.example/1", WIRE),
        ("https://b.example/1", EDITED),
    )
    analyze(store, settings, ["dedupe"])
    _add(store, ("https://a.example/1", WIRE + " Updated at noon with the mayor's latest figures."))
    with store.reading() as connection:
        assert sorted(g.size for g in iter_copy_groups(connection)) == [2]
    [report] = analyze(store, settings, ["dedupe"])
    assert report.done == 1  # only the new revision
    assert _groups(store) == [{"https://wire.example/1", "https://a.example/1", "https://b.example/1"}]
