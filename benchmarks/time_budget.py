"""What the time budget per article costs and how promptly it stops work stuck in C code.

1. A map over 20 items, one of which never returns from the C regex engine, with a budget
   of 1 s per item and chunks of 4: the seconds until every other item is back, against
   the same map without the stuck item.
2. The parse stage over real articles (five short ones and one of 150,000 characters) with a
   budget of 0.5 s: the run's seconds and what was recorded, against the same run with no
   budget (the long article parsed in full).
3. The demo corpus analysed with one worker, with the default budget (work in a worker
   process) and with none (work in the main process): the price of the worker process.

    python benchmarks/time_budget.py
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corroborator.config import load_settings
from corroborator.demo import data_dir
from corroborator.ingest import ingest
from corroborator.parallel import ordered_map
from corroborator.pipeline import analyze
from corroborator.store import Store

SHORT = "The port authority said {n} cranes were repaired on Monday. “We kept the quay open,” a worker said."


def stuck_on_seven(number: int) -> int:
    if number == 7:
        re.match(r"(a+)+$", "a" * 64 + "b")  # never returns; no signal handler runs meanwhile
    time.sleep(0.05)
    return number


def fine(number: int) -> int:
    time.sleep(0.05)
    return number


def stuck_map() -> None:
    for name, function in (
        ("without the stuck item", fine),
        ("with one item stuck in C code", stuck_on_seven),
    ):
        began = time.perf_counter()
        results = list(
            ordered_map(
                function,
                range(20),
                workers=2,
                chunksize=4,
                budget=1.0,
                on_lost=lambda _item, _reason: None,
            )
        )
        seconds = time.perf_counter() - began
        given_up = sum(result is None for _item, result in results)
        label = f"map of 20 items, budget 1 s, chunks of 4, {name}"
        print(f"| {label} | {seconds:.1f} s | {len(results)} back, {given_up} given up |")


def long_parse(budget: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(
            overrides={
                "store.db": f"{folder}/t.db",
                "pipeline.workers": 1,
                "pipeline.article_seconds": budget,
            },
            environ={},
        )
        paragraphs = [SHORT.format(n=n) for n in range(1300)]
        texts = [SHORT.format(n=n) for n in range(5)] + ["\n\n".join(paragraphs)]
        source = Path(folder) / "port.jsonl"
        rows = [json.dumps({"id": str(n), "text": text, "language": "en"}) for n, text in enumerate(texts)]
        source.write_text("\n".join(rows) + "\n", encoding="utf-8")
        with Store(settings.store.db) as store:
            ingest([str(source)], store, settings.ingest)
            began = time.perf_counter()
            [report] = analyze(store, settings, ["parse"])
            seconds = time.perf_counter() - began
        label = f"budget {budget:g} s" if budget else "no budget"
        print(
            f"| parse stage, 5 short articles and one of {len(texts[-1]):,} characters, {label} | "
            f"{seconds:.1f} s | {report.done} parsed, {report.failed} stopped |"
        )


def demo(budget: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "demo.db")
        folder_ = data_dir()
        sources = [str(folder_ / "articles.jsonl"), str(folder_ / "feeds"), str(folder_ / "pages")]
        env = {"CORROBORATOR_PIPELINE__WORKERS": "1", "CORROBORATOR_INGEST__WORKERS": "1"}
        run = [sys.executable, "-m", "corroborator"]
        subprocess.run([*run, "ingest", *sources, "--db", db], capture_output=True, check=True)
        began = time.perf_counter()
        subprocess.run(
            [*run, "analyze", "--db", db],
            capture_output=True,
            check=True,
            env={**os.environ, **env, "CORROBORATOR_PIPELINE__ARTICLE_SECONDS": budget},
        )
        seconds = time.perf_counter() - began
    where = "in a worker process" if budget != "0" else "in the main process"
    print(
        f"| `analyze` of the demo (19 articles), one worker, budget {budget} ({where}) | {seconds:.1f} s | |"
    )


def main() -> None:
    print("| run | seconds | outcome |")
    print("|---|---|---|")
    stuck_map()
    long_parse(0)
    long_parse(0.5)
    demo("0")
    demo("600")


if __name__ == "__main__":
    main()
