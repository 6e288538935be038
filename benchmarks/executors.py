"""Time of one ``analyze`` (every stage) on the same generated corpus with each executor:
inline (the main process), processes (2 worker processes) and dask on a local cluster of
2 workers, printed as seconds and as ratios against inline.  Start-up is included (worker
processes, a Dask cluster, model loads in each worker): it is what a user waits for.

The corpus is generated: articles about invented events in invented towns, several outlets
reporting each event with quotes, numbers and denials, so that every stage has work.  It is
stored once; each executor analyses its own copy of that store.

    python benchmarks/executors.py [--articles 300] [--workers 2]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from corroborator.config import load_settings
from corroborator.models import ArticleDraft, PartialTime, Precision, Provenance, SourceKind
from corroborator.pipeline import analyze
from corroborator.store import Store, add_articles

TOWNS = [
    "Arnsby",
    "Belmere",
    "Corvale",
    "Dunholt",
    "Eskridge",
    "Fennick",
    "Garrow",
    "Hollin",
    "Ivel",
    "Jessop",
]
EVENTS = [
    ("a bridge collapse", "bridge", "injured"),
    ("a chemical leak", "plant", "evacuated"),
    ("a warehouse fire", "warehouse", "treated for smoke"),
    ("a train derailment", "line", "hurt"),
    ("a dam breach", "reservoir", "rescued"),
]
OUTLETS = ["valley-post", "the-courier", "north-wire", "daily-ledger", "metro-voice", "river-times"]
OFFICIALS = ["Mayor Lena Hartwell", "Fire Chief Omar Daley", "Inspector Ruth Abara", "Minister Karl Vos"]
WITNESSES = ["Tomas Grieve", "Nadia Pell", "Hugo Marr", "Ines Calder"]


def article(rng: random.Random, event: int, outlet: str, n: int) -> ArticleDraft:
    town = TOWNS[event % len(TOWNS)]
    what, site, fate = EVENTS[event % len(EVENTS)]
    official, witness = rng.choice(OFFICIALS), rng.choice(WITNESSES)
    count = 5 + (event * 7) % 40 + rng.choice([0, 0, 2])
    text = " ".join(
        [
            f"{official} said on Monday that {count} people were {fate} after {what} in {town}.",
            f"“We moved everyone away from the {site} within the hour,” {official.split()[-1]} told reporters.",
            f"{witness}, who lives near the {site}, said the warning came too late.",
            f"The operator of the {site} denied that it had ignored earlier complaints.",
            f"Police said {count + rng.randint(0, 3)} homes near the {site} would stay empty until Friday.",
            f"According to the regional council, repairs in {town} will cost {count * 3} million.",
            f"{outlet.replace('-', ' ').title()} could not confirm the operator's account.",
        ]
    )
    return ArticleDraft(
        text=text,
        title=f"{what.capitalize()} in {town}: {count} {fate}",
        url=f"https://{outlet}.example/{event}/{n}",
        outlet=outlet,
        language="en",
        published=PartialTime(value=f"2026-03-{event % 27 + 1:02d}", precision=Precision.DAY),
        provenance=Provenance(kind=SourceKind.JSONL, source="generated.jsonl"),
    )


def corpus(size: int) -> list[ArticleDraft]:
    rng = random.Random(17)
    events = max(1, size // 4)
    return [article(rng, n % events, OUTLETS[n % len(OUTLETS)], n) for n in range(size)]


def timed(template: Path, folder: Path, executor: str, workers: int) -> float:
    db = folder / f"{executor}.db"
    shutil.copy(template, db)
    settings = load_settings(
        overrides={
            "store.db": str(db),
            "pipeline.executor": executor,
            "pipeline.workers": workers,
            "pipeline.scheduler": f"local:{workers}",
        },
        environ={},
    )
    started = time.perf_counter()
    with Store(str(db)) as store:
        reports = analyze(store, settings)
    seconds = time.perf_counter() - started
    failed = sum(report.failed for report in reports)
    if failed:
        print(f"  ({executor}: {failed} failed)")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        template = folder / "template.db"
        with Store(str(template)) as store, store.transaction() as connection:
            add_articles(connection, corpus(args.articles))
        print(f"analyze over {args.articles} generated articles, all stages, start-up included")
        print(f"{'executor':<22} {'seconds':>8} {'speed-up vs inline':>19}")
        inline = None
        for executor, label in (
            ("inline", "inline"),
            ("processes", f"processes ({args.workers})"),
            ("dask", f"dask local:{args.workers}"),
        ):
            seconds = timed(template, folder, executor, args.workers)
            inline = inline or seconds
            print(f"{label:<22} {seconds:>8.1f} {inline / seconds:>18.2f}×")


if __name__ == "__main__":
    main()
