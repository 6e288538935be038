from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np

from corroborator.stories import cluster
from corroborator.stories.dates import EPOCH, event_dates, event_days, trusted_days


def _day(value: str) -> int:
    return (date.fromisoformat(value) - EPOCH).days


def test_dates_in_the_text_and_weekdays_are_read_against_the_publication_day() -> None:
    lead = "Drones hit the grain port of Velmar overnight on Thursday."
    text = lead + " The port had been shut since 2 March. Officials met on 20 March, 2025 to count losses."
    found = event_dates(lead, text, date(2025, 3, 21))  # a Friday
    assert found == {"2025-03-20": 3.0}  # Thursday twice (the lead counts double), 20 March once
    # Without a publication day, weekdays say nothing and a date without a year keeps none.
    assert event_dates(lead, text, None) == {"--03-02": 1.0, "2025-03-20": 1.0}


def test_month_names_of_other_languages_and_impossible_dates() -> None:
    assert event_dates("", "Удар по порту 22 марта и 3. März, 5 de marzo.", None) == {
        "--03-22": 1.0,
        "--03-03": 1.0,
        "--03-05": 1.0,
    }
    assert event_dates("", "On 31 April nothing happened; in May 2 ships came.", None) == {"--05-02": 1.0}
    # "30 December" in a January report is last year's.
    assert event_dates("", "The fire of 30 December", date(2025, 1, 4)) == {"2024-12-30": 1.0}


def test_an_article_gets_the_day_it_names_most_else_its_publication_day() -> None:
    march_20 = _day("2025-03-20")
    days = event_days(
        [{"2025-03-20": 2.0, "2025-03-18": 1.0}, {}, {"--03-18": 1.0, "--03-20": 1.0}, {}],
        [march_20 + 1.2, march_20 + 0.5, None, None],
    )
    # The third names two days once each: the earlier one (the event a follow-up follows).
    assert days == [march_20, march_20, march_20 - 2, None]


def test_a_publication_day_far_from_the_familys_is_not_believed() -> None:
    march_20 = _day("2025-03-20")
    days = event_days(
        [{}, {}, {}, {"2025-01-13": 2.0}],
        [march_20, march_20 + 1, march_20 + 2, march_20 - 66],
    )
    assert days == [march_20, march_20 + 1, march_20 + 2, None]


def test_without_any_publication_day_dates_compare_by_month_and_day() -> None:
    assert event_days([{"--03-21": 1.0}, {"2024-03-21": 1.0}], [None, None]) == [32 * 3 + 21] * 2


def _similar_blocks() -> np.ndarray:
    # Rows 0-3 and 4-7 are two tight blocks that also resemble each other.
    sim = np.full((8, 8), 0.2)
    sim[:4, :4] = sim[4:, 4:] = 0.5
    np.fill_diagonal(sim, 1.0)
    return sim


def test_stories_of_two_days_never_join_however_alike() -> None:
    sim = _similar_blocks()
    assert len(set(cluster.average_link(sim, 0.1))) == 1
    days: list[int | None] = [10, 10, 10, None, 11, 11, 11, 11]
    linked = cluster.average_link(sim, 0.1, days=days)
    assert linked[:4] == [linked[0]] * 4
    assert linked[4:] == [linked[4]] * 4
    assert linked[0] != linked[4]
    # Joining them again by their raw similarity keeps them apart too.
    assert cluster.rejoin(linked, sim, 0.1, [None] * 8, days) == linked


def test_a_story_told_over_many_days_keeps_its_follow_ups() -> None:
    sim = _similar_blocks()
    # Block 0-3 is a long event (its articles name four days); block 4-7 names one of them
    # and a later day: neither is a story of one day, so their words decide.
    days: list[int | None] = [10, 11, 12, 13, 12, 14, 15, None]
    assert len(set(cluster.average_link(sim, 0.1, days=days))) == 1


def test_the_day_rule_needs_a_quorum_and_a_share() -> None:
    rule = cluster.DayRule(share=0.75, quorum=3, overlap=0.25)
    assert rule.day_of(Counter({10: 2})) is None
    assert rule.day_of(Counter({10: 3, 11: 1})) == 10
    assert rule.day_of(Counter({10: 2, 11: 2})) is None
    assert rule.apart(Counter({10: 3}), Counter({11: 5, 10: 1}))
    assert not rule.apart(Counter({10: 3}), Counter({11: 2, 10: 1}))  # a third of them name day 10
    assert not rule.apart(Counter({10: 3}), Counter())


def test_a_far_publication_day_the_text_confirms_is_believed() -> None:
    def day(value: date) -> float:
        return float((value - EPOCH).days)

    family = [day(date(2025, 6, 6)), day(date(2025, 6, 7)), day(date(2025, 6, 8))]
    far = date(2024, 9, 12)
    plain = event_dates("", "A levee near the town was breached by the flood.", far)
    dated = event_dates("", "Thursday, September 12, 2024. A levee near the town was breached.", far)
    assert "=2024-09-12" in dated
    assert not any(k.startswith("=") for k in plain)
    # A page dated nine months away from its family is taken for a wrong date ...
    assert trusted_days([*family, day(far)], [{}, {}, {}, plain])[-1] is None
    # ... unless its own text names that day with the year.
    assert trusted_days([*family, day(far)], [{}, {}, {}, dated])[-1] == day(far)
    assert event_days([{}, {}, {}, dated], [*family, day(far)])[-1] == int(day(far))
