from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from corroborator.parallel import WorkerLost, ordered_map


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


def stuck_in_c_on_three(number: int) -> int:
    if number == 3:
        # Catastrophic backtracking inside the C regex engine: it never returns, and no signal
        # handler runs meanwhile, so only killing the process stops it.
        re.match(r"(a+)+$", "a" * 64 + "b")
    return number


def dies_on_five(number: int) -> int:
    if number == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return number


def test_an_item_stuck_in_c_code_is_given_up_at_its_budget_and_the_rest_computed() -> None:
    lost: list[tuple[int, str]] = []

    def give_up(item: int, reason: str) -> int:
        lost.append((item, reason))
        return -1

    began = time.monotonic()
    results = list(
        ordered_map(stuck_in_c_on_three, range(10), workers=2, chunksize=4, budget=0.5, on_lost=give_up)
    )
    elapsed = time.monotonic() - began
    assert results == [(n, -1 if n == 3 else n) for n in range(10)]
    assert lost == [(3, "took longer than its 0.5 s budget (its worker process was replaced)")]
    # The chunk of four overran its 2 s, then item 3 alone its 0.5 s: a few seconds, never a hang.
    assert elapsed < 15


def test_an_item_whose_worker_dies_is_given_up_with_the_signal_and_the_rest_computed() -> None:
    results = list(
        ordered_map(
            dies_on_five, range(8), workers=2, chunksize=3, budget=30, on_lost=lambda _n, reason: reason
        )
    )
    assert [result for _item, result in results] == [
        0,
        1,
        2,
        3,
        4,
        "its worker process was killed by signal 9 (out of memory?)",
        6,
        7,
    ]


def test_a_lost_item_with_no_handler_raises_worker_lost() -> None:
    with pytest.raises(WorkerLost, match="killed by signal 9"):
        list(ordered_map(dies_on_five, range(8), workers=2, chunksize=2))


def _script(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "script.py").write_text(code, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    return subprocess.run(
        [sys.executable, "script.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )


def test_a_script_without_a_main_guard_is_not_run_again_in_the_workers(tmp_path: Path) -> None:
    result = _script(
        tmp_path,
        "import math\nfrom corroborator.parallel import ordered_map\nprint('started')\n"
        "print([r for _, r in ordered_map(math.sqrt, [1.0, 4.0, 9.0], workers=2, budget=30)])\n",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["started", "[1.0, 2.0, 3.0]"]


def test_work_defined_in_a_guarded_script_still_reaches_its_workers(tmp_path: Path) -> None:
    result = _script(
        tmp_path,
        "from corroborator.parallel import ordered_map\n"
        "def triple(number):\n    return 3 * number\n"
        "if __name__ == '__main__':\n"
        "    print([r for _, r in ordered_map(triple, [1, 2, 3], workers=2, budget=30)])\n",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[3, 6, 9]"]
