from __future__ import annotations

from collections.abc import Iterator

import pytest

from corroborator.parallel import ordered_map


def square(number: int) -> int:
    return number * number


def fail_on_three(number: int) -> int:
    if number == 3:
        raise ValueError("three")
    return number


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_back_in_input_order_with_passthrough_in_place(workers: int) -> None:
    items = list(range(50))
    results = list(ordered_map(square, items, workers=workers, chunksize=3, passthrough=lambda n: n % 7 == 0))
    assert [item for item, _ in results] == items
    assert [result for _, result in results] == [None if n % 7 == 0 else n * n for n in items]


def test_input_is_consumed_lazily() -> None:
    consumed = 0

    def numbers() -> Iterator[int]:
        nonlocal consumed
        for number in range(10_000):
            consumed += 1
            yield number

    stream = ordered_map(square, numbers(), workers=2, chunksize=4)
    assert next(stream) == (0, 0)
    assert consumed <= 4 * 2 * 4 + 4  # at most the window of chunks in flight, plus one chunk
    stream.close()


def test_only_passthrough_items_start_no_workers() -> None:
    results = list(ordered_map(fail_on_three, [3, 3, 3], workers=2, passthrough=lambda _n: True))
    assert results == [(3, None)] * 3


@pytest.mark.parametrize("workers", [1, 2])
def test_an_exception_in_the_function_reaches_the_caller(workers: int) -> None:
    with pytest.raises(ValueError, match="three"):
        list(ordered_map(fail_on_three, range(6), workers=workers, chunksize=2))
