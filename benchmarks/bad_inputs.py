"""Bad inputs end to end: does one of them crash the ingest or the web app, hang it, or lose
good records?

Runs every case of the catalogue (``benchmarks/bad_input_cases.py``) in a fresh process (a
crash or a kill is seen as such; a run over the timeout is a hang), and prints per case: the
outcome, the seconds, the peak resident memory, the good records stored against those there
are, the first failure line, and the problems its check found; then the totals: kinds of bad
input tried, crashes, hangs, good records lost and failed checks.  Run it with PYTHONPATH
pointing at an older checkout to compare.

    python benchmarks/bad_inputs.py [--slow] [--timeout 180] [--jobs 2] [--only TEXT] [--per-process N]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bad_input_cases import CASES, GOOD_MARK, Case


@dataclass
class Result:
    case: Case
    state: str  # ok, crashed, hung
    seconds: float
    outcome: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    last_line: str = ""

    @property
    def lost(self) -> int:
        if self.state != "ok" or self.case.good < 0:
            return 0
        return max(0, self.case.good - self.outcome["stored_good"])


@dataclass
class Totals:
    kinds: int
    crashes: int
    hangs: int
    lost: int
    wrong: int


def child(index: int, folder: Path) -> None:
    """Build case ``index`` in ``folder``, run it, print what was stored and said."""
    case = CASES[index]
    sources = case.build(folder)
    outcome: dict[str, Any] = {"failures": [], "skips": [], "notes": 0, "failed_stage": 0}
    db = str(folder / "t.db")
    from corroborator.config import load_settings
    from corroborator.store import Store

    overrides = {"store.db": db, "ingest.workers": 1, "pipeline.workers": 1, **case.settings}
    settings = load_settings(overrides=overrides, environ={})
    if case.web is not None:
        Store(db).close()  # a new, empty store for the app to serve
        outcome.update(case.web(folder))
    else:
        from corroborator.ingest import ingest

        with Store(db) as store:
            summary = ingest([str(source) for source in sources], store, settings.ingest)
            outcome["failures"] = summary.failures
            outcome["skips"] = summary.skips
            outcome["notes"] = len(summary.notes)
            if case.stages:
                from corroborator.pipeline import analyze

                reports = analyze(store, settings, case.stages.split(","))
                outcome["failed_stage"] = sum(report.failed for report in reports)
    texts: list[str] = []
    if Path(db).exists():
        from corroborator.export import export_records

        with Store(db, create=False) as store:
            texts = [record.text for record in export_records("articles", store)]  # type: ignore[attr-defined]
    outcome["stored"] = len(texts)
    outcome["stored_good"] = sum(GOOD_MARK in text for text in texts)
    outcome["texts"] = [text[:20_000] for text in texts[:100]]
    outcome["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"index": index, **outcome}), flush=True)


def children(indices: list[int], folder: Path) -> None:
    """Several cases one after another in this process, each in a folder of its own."""
    for index in indices:
        (folder / str(index)).mkdir()
        child(index, folder / str(index))


def _result(case: Case, seconds: float, outcome: dict[str, Any], last: str) -> Result:
    problems = case.check(outcome) if case.check is not None else []
    if outcome["failed_stage"]:
        problems.append(f"{outcome['failed_stage']} articles failed in a stage")
    return Result(case, "ok", seconds, outcome, problems, last)


def run_batch(indices: list[int], timeout: float) -> list[Result]:
    """Cases in one process (cheaper: one start-up); when that process crashes or hangs, each
    case again in a process of its own, so that the one at fault is named."""
    if len(indices) == 1:
        return [run_case(indices[0], timeout)]
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--child", ",".join(map(str, indices)), folder],
                capture_output=True,
                text=True,
                timeout=timeout * len(indices),
                check=False,
            )
        except subprocess.TimeoutExpired:
            return [run_case(index, timeout) for index in indices]
        seconds = (time.perf_counter() - began) / len(indices)
    if done.returncode != 0 or "Traceback" in done.stderr:
        return [run_case(index, timeout) for index in indices]
    outcomes = [json.loads(line) for line in done.stdout.splitlines() if line.startswith('{"index"')]
    return [_result(CASES[o["index"]], seconds, o, "") for o in outcomes]


def run_case(index: int, timeout: float) -> Result:
    case = CASES[index]
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(index), folder],
                capture_output=True,
                text=True,
                timeout=timeout * (4 if case.slow else 1),
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Result(case, "hung", time.perf_counter() - began)
        seconds = time.perf_counter() - began
    last = (done.stderr.strip().splitlines() or [""])[-1][:120]
    if done.returncode != 0 or "Traceback" in done.stderr:
        return Result(case, "crashed", seconds, last_line=last)
    return _result(case, seconds, json.loads(done.stdout.strip().splitlines()[-1]), last)


def run_catalogue(
    *, slow: bool = False, timeout: float = 180, jobs: int = 2, only: str = "", per_process: int = 1
) -> tuple[list[Result], Totals]:
    """Every case (the slow ones too if ``slow``), ``jobs`` processes at a time, each running
    ``per_process`` cases (1: a fresh process per case, and a peak memory per case); results in
    catalogue order."""
    chosen = [i for i, case in enumerate(CASES) if (slow or not case.slow) and only in case.kind]
    batches = [chosen[n : n + per_process] for n in range(0, len(chosen), per_process)]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = [result for batch in pool.map(lambda b: run_batch(b, timeout), batches) for result in batch]
    totals = Totals(
        kinds=len(results),
        crashes=sum(r.state == "crashed" for r in results),
        hangs=sum(r.state == "hung" for r in results),
        lost=sum(r.lost for r in results),
        wrong=sum(bool(r.problems) for r in results),
    )
    return results, totals


def row(result: Result) -> str:
    outcome = result.outcome
    if result.state != "ok":
        return f"| {result.case.kind} | {result.state} | {result.seconds:.1f} | | | `{result.last_line}` | |"
    failures = outcome["failures"] + outcome["skips"]
    first = (
        f"`{failures[0][1][:100]}`"
        if failures
        else (f"HTTP {outcome['status']}" if "status" in outcome else "none")
    )
    wanted = "all" if result.case.good < 0 else result.case.good
    return (
        f"| {result.case.kind} | ok | {result.seconds:.1f} | {outcome['rss'] / 1024:.0f} MB | "
        f"{outcome['stored_good']} / {wanted} | {first} | {'; '.join(result.problems)} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slow", action="store_true", help="also the slow cases (a 2 GB gzip bomb)")
    parser.add_argument("--timeout", type=float, default=180, help="seconds before a case counts as hung")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", default="", help="only the cases whose kind holds this text")
    parser.add_argument(
        "--per-process", type=int, default=1, help="cases run one after another in each process (faster)"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        children([int(index) for index in args.child[0].split(",")], Path(args.child[1]))
        return
    results, totals = run_catalogue(
        slow=args.slow, timeout=args.timeout, jobs=args.jobs, only=args.only, per_process=args.per_process
    )
    print("| input | outcome | seconds | peak RSS | good records stored | first failure line | problems |")
    print("|---|---|---|---|---|---|---|")
    for result in results:
        print(row(result))
    print(
        f"\nkinds of bad input tried: {totals.kinds}; crashes: {totals.crashes}; hangs: {totals.hangs}; "
        f"good records lost: {totals.lost}; failed checks: {totals.wrong}"
    )


if __name__ == "__main__":
    main()
