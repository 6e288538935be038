"""Counts of one thing under different actions, and tallies that rise, on hand-made claims."""

from __future__ import annotations

from dataclasses import replace

from tests.align.helpers import encode, numeric_conflict, quantity, unit

from corroborator.align.counts import compare_counts, subtype
from corroborator.align.grouping import group_units, quantities_agree
from corroborator.align.units import Quantity, Unit

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
    found = compare_counts(earlier.quantities[0], earlier, risen.quantities[0], risen, 0.9)
    assert found is not None
    assert (found.kind, found.newer) == ("revises", 1)
    assert "has since risen to 13" in found.reason
    assert numeric_conflict(earlier.quantities[0], earlier, risen.quantities[0], risen, 0.9) is None
    # Published before the lower figure, the rise revises nothing.
    later = unit(
        "c",
        earlier.text,
        "three.example",
        published="2025-05-26T23:00Z",
        quantities=earlier.quantities,
    )
    early_rise = unit("d", risen.text, "four.example", published=saturday, quantities=risen.quantities)
    assert compare_counts(later.quantities[0], later, early_rise.quantities[0], early_rise, 0.9) is None
    # A tally does not fall: a figure above the later one was no earlier stage of it.
    more = unit(
        "e",
        "at least 14 people were killed",
        published=sunday,
        quantities=(quantity(14, "people", "killed", bound="lower", low=14, window=NIGHT),),
    )
    why = numeric_conflict(more.quantities[0], more, risen.quantities[0], risen, 0.9)
    assert why is not None
    assert "a tally does not fall" in why


def _toll(claim_id: str, value: int, published: str | None, claimant: str, text: str = "") -> Unit:
    return unit(
        claim_id,
        text or f"{value} people were killed in the fire at the Velna market",
        f"{claim_id}.example",
        claimant=claimant,
        published=published,
        quantities=(quantity(value, "people", "killed"),),
    )


def test_successive_tolls_from_other_sources_revise_each_other_and_do_not_conflict() -> None:
    first = _toll("a", 40, "2025-03-07T22:00Z", "the fire service")
    second = _toll("b", 115, "2025-03-08T18:00Z", "the health ministry")
    found = compare_counts(second.quantities[0], second, first.quantities[0], first, 0.9)
    assert found is not None
    assert (found.kind, found.newer) == ("revises", 0)
    # With no order between them, two figures of one side are not a conflict either ...
    undated = _toll("c", 115, None, "the health ministry")
    assert compare_counts(first.quantities[0], first, undated.quantities[0], undated, 0.9) is None
    # ... nor are two parties' figures with no order between them: a tally grows, and either
    # may be the other's update ...
    sides = ("northern-state", "southern-state")
    assert (
        compare_counts(first.quantities[0], first, undated.quantities[0], undated, 0.9, sides=sides) is None
    )
    # ... while two parties' figures of one day are.
    same_day = _toll("d", 115, "2025-03-07T23:00Z", "the health ministry")
    found = compare_counts(first.quantities[0], first, same_day.quantities[0], same_day, 0.9, sides=sides)
    assert found is not None
    assert found.kind == "conflicts"
    assert "two sides' figures" in found.reason
    assert (
        compare_counts(
            first.quantities[0], first, same_day.quantities[0], same_day, 0.9, sides=(None, sides[0])
        )
        is None
    )


def test_an_estimate_in_vague_words_against_a_figure_in_one_report_conflicts() -> None:
    official = _toll("a", 17, None, "the district governor", "the toll in the two villages rose to 17")
    estimate = replace(
        _toll("b", 0, None, "relief workers", "relief workers estimated the toll in the hundreds"),
        article_id=official.article_id,
        quantities=(quantity(None, "people", "killed", low=200, high=999, bound="range", vague=True),),
    )
    found = compare_counts(official.quantities[0], official, estimate.quantities[0], estimate, 0.9)
    assert found is not None
    assert found.kind == "conflicts"
    assert "an estimate against a figure in one report" in found.reason
    # Two exact figures of one report are more often a part and its whole, or two places.
    other = replace(_toll("c", 9, None, "the mayor"), article_id=official.article_id)
    assert compare_counts(official.quantities[0], official, other.quantities[0], other, 0.9) is None


def test_an_older_figure_above_the_new_one_conflicts_and_so_does_a_figure_set_against_another() -> None:
    now = "2025-03-08T18:00Z"
    official = replace(
        _toll(
            "a",
            133,
            now,
            "the investigators",
            "the number of victims increased to 133 as the rubble was cleared",
        ),
        quantities=(quantity(133, "people", "increased"),),
    )
    rumour = replace(
        _toll("b", 150, now, "local channels", "150 deaths in the fire at the market"),
        article_id=official.article_id,
        context="Earlier, local channels reported 150 deaths in the fire at the market.",
        quantities=(quantity(150, "deaths", None),),
    )
    # "150 deaths" and "133 people" killed count the dead; the article itself orders them, so
    # however far apart the two sentences are in meaning, the later figure may not be lower.
    why = numeric_conflict(official.quantities[0], official, rumour.quantities[0], rumour, 0.1)
    assert why is not None
    assert "a tally does not fall" in why
    # In another article of the same day, "earlier" orders nothing.
    elsewhere = replace(rumour, article_id="another")
    assert numeric_conflict(official.quantities[0], official, elsewhere.quantities[0], elsewhere, 0.9) is None
    # "One more person has died" adds to a tally; it is no tally of its own.
    more = replace(
        _toll("e", 1, now, "the hospital", "one more person has died in hospital"),
        quantities=(quantity(1, "person", "died", text="one more person"),),
    )
    assert numeric_conflict(official.quantities[0], official, more.quantities[0], more, 0.9) is None
    day_one = _toll("c", 12, "2025-03-07T20:00Z", "the minister")
    framed = _toll(
        "d",
        13,
        now,
        "a count of the governors",
        "the number of people killed has risen to 13, one more than the toll the minister gave",
    )
    why = numeric_conflict(day_one.quantities[0], day_one, framed.quantities[0], framed, 0.9)
    assert why is not None
    assert "sets one figure against the other" in why


def test_a_subtype_is_a_part_of_its_heads_count_and_one_source_never_conflicts_with_itself() -> None:
    def missiles(claim_id: str, value: int, words: str, claimant: str) -> tuple[Quantity, Unit]:
        q = quantity(value, words.split()[-1], "shot down", text=f"{value} {words}")
        return q, unit(claim_id, f"{value} {words} were shot down", claimant=claimant, quantities=(q,))

    kalibr = missiles("a", 6, "Kalibr cruise missiles", "the air force")
    all_of_them = missiles("b", 12, "missiles", "the mayor")
    ballistic = missiles("c", 2, "ballistic missiles", "the air force")
    cruise = missiles("d", 29, "cruise missiles", "the mayor")
    assert subtype(kalibr[0]) == {"kalibr", "cruise"}
    assert subtype(quantity(29, "missiles", "launched", text="29 Russian-launched missiles")) == set()
    assert numeric_conflict(*kalibr, *all_of_them, 0.9) is None
    assert numeric_conflict(*ballistic, *cruise, 0.9) is None
    more_cruise = missiles("e", 40, "cruise missiles", "the air force")
    assert numeric_conflict(*cruise, *more_cruise, 0.9) is not None
    same_source = missiles("f", 40, "cruise missiles", "the mayor")
    assert numeric_conflict(*cruise, *same_source, 0.9) is None


def test_counts_of_claims_that_name_different_places_are_two_counts() -> None:
    def held(claim_id: str, value: int, where: str) -> Unit:
        return unit(
            claim_id,
            f"{value} people were detained in {where} over the fire",
            claimant=f"police in {where}",
            quantities=(quantity(value, "people", "detained"),),
        )

    velna, ostrava = held("a", 11, "Velna"), held("b", 9, "Ostrava")
    sides = ("northern-state", "southern-state")
    assert (
        compare_counts(velna.quantities[0], velna, ostrava.quantities[0], ostrava, 0.9, sides=sides) is None
    )


def test_a_share_of_a_count_is_compared_with_nothing() -> None:
    held = unit(
        "a",
        "four people directly involved in the fire were among 11 detained",
        claimant="the police",
        quantities=(
            quantity(4, "people", "detained", id="four"),
            quantity(11, "people", "detained", id="eleven"),
        ),
    )
    eleven = unit(
        "b",
        "eleven people were detained over the fire",
        claimant="the court",
        published="2025-03-08T10:00Z",
        quantities=(quantity(11, "people", "detained"),),
    )
    sides = ("northern-state", "southern-state")
    assert numeric_conflict(held.quantities[0], held, eleven.quantities[0], eleven, 0.9, sides=sides) is None
    # Without "among", four and eleven detained on one day are two sides' figures for one count.
    four = unit(
        "c",
        "four people were detained over the fire",
        claimant="the mayor",
        published="2025-03-08T12:00Z",
        quantities=(held.quantities[0],),
    )
    assert (
        numeric_conflict(four.quantities[0], four, eleven.quantities[0], eleven, 0.9, sides=sides) is not None
    )
    children = unit(
        "d",
        "over 700 people were evacuated, including 42 children",
        claimant="the governor",
        quantities=(quantity(42, "children", "including"),),
    )
    other = unit(
        "e",
        "900 people left, including 55 children",
        claimant="the mayor",
        quantities=(quantity(55, "children", "including"),),
    )
    assert numeric_conflict(children.quantities[0], children, other.quantities[0], other, 0.9) is None


def test_counts_of_a_deed_done_by_different_states_agents_are_two_counts() -> None:
    week = ("2025-05-19", "2025-05-25")
    abroad = unit(
        "a",
        "nine people have been detained by Chile's state security service over contacts with the gunmen",
        claimant="a state news agency",
        published="2025-05-30T10:00:00",
        quantities=(quantity(9, "people", "detained", text="nine people", window=week),),
    )
    at_home = unit(
        "b",
        "that 11 people had been detained, including all four gunmen",
        claimant="the head of the security service",
        published="2025-05-24T10:00:00",
        quantities=(quantity(11, "people", "detained", text="11 people", window=week),),
    )
    assert numeric_conflict(abroad.quantities[0], abroad, at_home.quantities[0], at_home, 0.9) is None
    # The same count with the doer named on both sides, or reported in the doer's own country,
    # is still one count: a later, lower figure conflicts.
    named = replace(at_home, context="Chile's service said that 11 people had been detained")
    assert numeric_conflict(abroad.quantities[0], abroad, named.quantities[0], named, 0.9)
