"""Counts of one thing under different actions, and tallies that rise, on hand-made claims."""

from __future__ import annotations

from tests.align.helpers import encode, quantity, unit

from corroborator.align.grouping import group_units, quantities_agree
from corroborator.align.relations import numeric_conflict

SUNDAY = ("2025-05-25", "2025-05-25")
NIGHT = ("2025-05-24", "2025-05-25")


def test_the_killed_and_the_injured_are_two_counts_but_shot_down_binds_launched() -> None:
    killed = quantity(12, "people", "killed")
    injured = quantity(15, "people", "injured", bound="lower", low=15)
    assert quantities_agree(killed, injured) is None
    assert quantities_agree(killed, quantity(15, "people", "killed")) is False
    assert quantities_agree(quantity(46, "drones", "shot down"), quantity(20, "drones", "launched")) is False
    # So a group that holds "at least 15 injured" can still take the minister's "12 dead".
    units = [
        unit(
            "officials",
            "at least 12 people were killed and at least 15 injured in the strikes on Velna",
            "one.example",
            quantities=(quantity(12, "people", "killed", bound="lower", low=12), injured),
        ),
        unit(
            "minister",
            "12 people were killed in the strikes on Velna",
            "two.example",
            quantities=(killed,),
        ),
    ]
    assert len(group_units(units, encode).groups) == 1


def test_a_tally_that_has_risen_revises_a_lower_figure_given_before_it() -> None:
    saturday, sunday, monday = "2025-05-25T08:00Z", "2025-05-25T20:00Z", "2025-05-26T09:00Z"
    earlier = unit(
        "a",
        "at least 12 people were killed in the overnight strikes",
        "one.example",
        claimant="Ukrainian officials",
        published=sunday,
        quantities=(quantity(12, "people", "killed", bound="lower", low=12, window=NIGHT),),
    )
    risen = unit(
        "b",
        "the number of people killed in the overnight strikes has risen to 13",
        "two.example",
        claimant="the governors' tally",
        published=monday,
        quantities=(quantity(13, "people", "risen", window=SUNDAY),),
    )
    why = numeric_conflict(earlier.quantities[0], earlier, risen.quantities[0], risen, 0.9)
    assert why is not None
    assert "has since risen to 13" in why
    # Published before the lower figure, the rise revises nothing.
    later = unit(
        "c",
        earlier.text,
        "three.example",
        published="2025-05-26T23:00Z",
        quantities=earlier.quantities,
    )
    early_rise = unit("d", risen.text, "four.example", published=saturday, quantities=risen.quantities)
    assert numeric_conflict(later.quantities[0], later, early_rise.quantities[0], early_rise, 0.9) is None
    # A figure above the risen tally is no earlier stage of it: the values conflict as they stand.
    more = unit(
        "e",
        "at least 14 people were killed",
        published=sunday,
        quantities=(quantity(14, "people", "killed", bound="lower", low=14, window=NIGHT),),
    )
    why = numeric_conflict(more.quantities[0], more, risen.quantities[0], risen, 0.9)
    assert why is not None
    assert "cannot both hold" in why
