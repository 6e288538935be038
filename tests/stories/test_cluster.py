from __future__ import annotations

import numpy as np

from corroborator.stories import cluster
from corroborator.stories.signals import bag_of, lead_of, signal_of, spelling_key


def _blocks() -> np.ndarray:
    # Rows 0-2 resemble each other, rows 3-4 resemble each other, the blocks do not.
    sim = np.full((5, 5), -0.5)
    sim[:3, :3] = 0.6
    sim[3:, 3:] = 0.7
    np.fill_diagonal(sim, 1.0)
    return sim


def test_average_link_finds_the_blocks_and_keeps_them_apart() -> None:
    labels = cluster.average_link(_blocks(), 0.0)
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4]
    assert labels[0] != labels[3]


def test_a_users_placements_hold_against_the_similarities() -> None:
    # Row 2 is pinned with row 3's story: it goes there, and the two pinned stories never merge.
    must: list[str | None] = [None, "s-a", "s-b", "s-b", None]
    labels = cluster.average_link(_blocks(), 0.0, must)
    assert labels[2] == labels[3]
    assert labels[1] != labels[2]
    everything = cluster.average_link(np.ones((4, 4)), 0.0, ["x", "y", None, None])
    assert everything[0] != everything[1]


def test_stable_ids_keep_the_story_a_cluster_overlaps_most() -> None:
    ids = cluster.stable_ids(
        [0, 0, 1, 1, 2],
        ["old-1", "old-1", "old-1", None, None],
        [None, None, None, None, None],
        lambda rows: "new-" + "-".join(map(str, rows)),
    )
    assert ids == ["old-1", "old-1", "new-2-3", "new-2-3", "new-4"]
    pinned = cluster.stable_ids([0, 0], ["old-1", "old-1"], ["mine", None], lambda rows: "new")
    assert pinned == ["mine", "mine"]


def test_family_threshold_measures_from_the_centred_baseline() -> None:
    assert cluster.family_threshold(0.0, 5) == -0.25
    assert cluster.family_threshold(0.1, 1) == 0.1
    # A family whose pairs average lower (days apart, other languages) is measured from there.
    low = np.full((3, 3), -0.7)
    np.fill_diagonal(low, 1.0)
    assert abs(cluster.family_threshold(0.05, 3, low) - (0.05 - 0.7)) < 1e-9
    high = np.full((3, 3), 0.2)
    assert cluster.family_threshold(0.05, 3, high) == 0.05 - 0.5


def test_day_penalty_grows_past_the_story_span_and_ignores_unknown_days() -> None:
    penalty = cluster.day_penalty([0.0, 2.0, 10.0, None], story_days=3, per_day=0.1, cap=0.5)
    assert penalty[0, 1] == 0.0
    assert abs(penalty[0, 2] - 0.5) < 1e-9  # 7 days beyond the span, capped
    assert abs(penalty[1, 2] - 0.5) < 1e-9
    assert penalty[0, 3] == 0.0


def test_tfidf_cosine_and_centroid_sums() -> None:
    total: dict[str, float] = {}
    cluster.add_into(total, {"flood": 1.0, "river": 1.0})
    cluster.add_into(total, {"flood": 1.0})
    assert total == {"flood": 2.0, "river": 1.0}
    cluster.add_into(total, {"river": 1.0}, step=-1)
    assert total == {"flood": 2.0}
    assert cluster.cosine({"a": 1.0}, {"b": 1.0}) == 0.0
    assert abs(cluster.cosine({"a": 1.0, "b": 1.0}, {"a": 2.0, "b": 2.0}) - 1.0) < 1e-9


def test_names_meet_across_scripts_and_inflections() -> None:
    english, _ = bag_of("Officials in Kursk said Dashkin had left.")
    russian, _ = bag_of("Чиновники в Курске сообщили, что Дашкин уехал.")
    shared = set(english) & set(russian)
    assert {"n:kursk", "n:dashk"} <= shared


def test_the_lead_is_the_title_and_first_sentences_and_years_are_not_numbers() -> None:
    text = "The river rose by 3 metres. It was the worst flood since 1997. Boats were used.\n\nA last line."
    assert lead_of("Floods in the north", text) == (
        "Floods in the north The river rose by 3 metres. It was the worst flood since 1997. Boats were used."
    )
    bag, _ = bag_of(text)
    assert "#:1997" not in bag
    signal = signal_of(None, "")
    assert signal.empty


def test_names_every_article_carries_weigh_less_than_rare_ones() -> None:
    # Article 0 shares a name every article carries with article 1, and a rarer name with
    # article 2.  Counted alone, the common name links 0 with 1 more; weighed by rarity,
    # as the story similarities weigh the bag, the rare name links 0 with 2 more.
    bags = [
        {"n:capit": 3.0, "n:marlo": 1.0},
        {"n:capit": 3.0, "n:fenwi": 1.0},
        {"n:capit": 1.0, "n:marlo": 1.0},
        {"n:capit": 1.0, "n:quell": 1.0},
    ]
    df = {"n:capit": 4, "n:marlo": 2, "n:fenwi": 1, "n:quell": 1}

    def idf(term: str) -> float:
        return cluster.idf(df.get(term, 0), len(bags))

    def no_penalty(days: object) -> np.ndarray:
        return np.zeros((len(bags), len(bags)))

    counted = cluster.sparse_matrix(bags, lambda _t: 1.0)
    assert float(counted[0] @ counted[1]) > float(counted[0] @ counted[2])
    _centred, raw = cluster.similarities(
        np.eye(4, dtype=np.float32), [{}] * 4, bags, ["en"] * 4, [None] * 4, idf, no_penalty
    )
    assert raw[0, 2] > raw[0, 1]


def _two_blocks_and_two_loners() -> np.ndarray:
    # Blocks 0-2 and 3-5.  Rows 6 and 7 share nothing of their own with any one row (all
    # their similarities are below zero); each is nearest the other, row 7 is on average
    # nearer block 0-2 and row 6 nearer block 3-5.
    sim = np.full((8, 8), -0.4)
    sim[:3, :3] = sim[3:6, 3:6] = 0.3
    sim[6, :3] = sim[:3, 6] = -0.3
    sim[6, 3:6] = sim[3:6, 6] = -0.12
    sim[7, :3] = sim[:3, 7] = -0.09
    sim[7, 3:6] = sim[3:6, 7] = -0.35
    sim[6, 7] = sim[7, 6] = -0.05
    np.fill_diagonal(sim, 1.0)
    return sim


def test_an_article_like_no_other_goes_to_the_story_it_is_on_average_nearest() -> None:
    sim = _two_blocks_and_two_loners()
    linked = cluster.average_link(sim, -0.2)
    assert linked[6] == linked[7] == linked[0]  # the loners paired up and joined block 0-2
    placed = cluster.place_loners(linked, sim, -0.2, [None] * 8)
    assert placed[6] == placed[3] != placed[0]
    assert placed[7] == placed[0]
    # An article a user placed stays where it is.
    pins: list[str | None] = [None] * 6 + ["mine", None]
    assert cluster.place_loners(linked, sim, -0.2, pins)[6] == linked[6]


def test_spellings_of_one_name_in_two_scripts_meet_once_folded() -> None:
    latin, _ = bag_of("The Charkow plant and the Kharkiv plant.")
    cyrillic, _ = bag_of("Робітники в Харкові.")
    assert {spelling_key(key) for key in latin} == {"n:hark"}
    assert "n:hark" in {spelling_key(key) for key in cyrillic}
    assert spelling_key("#:139") == "#:139"  # numbers and dates are left as they are
