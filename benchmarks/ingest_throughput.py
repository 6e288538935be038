"""Ingest throughput and peak memory on synthetic JSONL records.

Prints records/s for a first ingest (all new) and a rerun (all unchanged) with one and
two worker processes, beside the cost of only reading and JSON-parsing the same file
(the floor any ingest pays), and peak resident memory of this process and its workers.

    python benchmarks/ingest_throughput.py [--records 10000] [--words 350] [--html]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

from corroborator.config import load_settings
from corroborator.ingest import ingest
from corroborator.store import Store

VOCABULARY = (
    "officials said the strike hit drones missiles city region overnight air defence units "
    "reported damage residents near the border claimed that forces launched attack ministry "
    "statement according to local authorities exchange prisoners week talks government army "
    "shot down destroyed killed wounded governor wrote on telegram president visit commander"
).split()


def write_corpus(path: Path, records: int, words: int, seed: int = 7, html: bool = False) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as stream:
        for number in range(records):
            sentences = []
            for _ in range(words // 15):
                sentence = " ".join(rng.choice(VOCABULARY) for _ in range(15))
                sentences.append(sentence.capitalize() + ".")
            body = (
                {"html": _page(f"Report number {number}", sentences)}
                if html
                else {"text": " ".join(sentences)}
            )
            record = {
                "id": f"rec-{number}",
                "url": f"https://outlet{number % 50}.example/news/{number}",
                "title": f"Report number {number}",
                **body,
                "outlet": f"Outlet {number % 50}",
                "published": f"2025-05-{1 + number % 28:02d}T{number % 24:02d}:15:00+03:00",
                "language": "en" if number % 2 else None,
            }
            stream.write(json.dumps(record) + "\n")


def _page(title: str, sentences: list[str]) -> str:
    """A news page with navigation, a sidebar and a footer around the article."""
    paragraphs = "".join(f"<p>{' '.join(sentences[i : i + 4])}</p>" for i in range(0, len(sentences), 4))
    return (
        f"<!DOCTYPE html><html><head><title>{title} | Outlet</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<main><article><h1>{title}</h1>{paragraphs}</article>"
        "<aside><h2>Most read</h2><ul><li><a href='/a'>Another story</a></li></ul></aside></main>"
        "<footer>Copyright Outlet. All rights reserved.</footer></body></html>"
    )


class WorkerMemory:
    """Samples the peak resident memory (VmHWM) of this process's descendants.

    Worker processes come from a fork server, so getrusage(RUSAGE_CHILDREN) never sees
    them; /proc does.
    """

    def __init__(self) -> None:
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.2):
            parents: dict[int, int] = {}
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    try:
                        stat = (entry / "stat").read_text()
                        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
                    except (OSError, ValueError, IndexError):
                        continue
            for pid in parents:
                ancestor = parents.get(pid)
                while ancestor not in (None, 0, 1, me):
                    ancestor = parents.get(ancestor)  # type: ignore[arg-type]
                if ancestor == me and pid != me:
                    try:
                        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                            if line.startswith("VmHWM:"):
                                self.peak_kib = max(self.peak_kib, int(line.split()[1]))
                    except OSError:
                        continue


def own_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=350)
    parser.add_argument("--html", action="store_true", help="records carry HTML pages instead of text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        write_corpus(corpus, args.records, args.words, html=args.html)
        size_mb = corpus.stat().st_size / 1e6
        kind = "HTML pages" if args.html else "plain text"
        print(f"corpus: {args.records} records ({kind}), {size_mb:.1f} MB, ~{args.words} words each")

        start = time.perf_counter()
        with corpus.open("rb") as stream:
            parsed = sum(1 for line in stream if json.loads(line))
        floor = time.perf_counter() - start
        print(f"baseline read + json.loads only: {parsed / floor:,.0f} records/s")

        memory = WorkerMemory()
        memory.__enter__()
        for workers in (1, 2):
            db = Path(folder) / f"bench-{workers}.db"
            settings = load_settings(overrides={"store.db": str(db), "ingest.workers": workers}, environ={})
            with Store(str(db)) as store:
                for label in ("first run (all new)", "rerun (all unchanged)"):
                    start = time.perf_counter()
                    summary = ingest([str(corpus)], store, settings.ingest)
                    elapsed = time.perf_counter() - start
                    rate = args.records / elapsed
                    print(
                        f"workers={workers} {label}: {rate:,.0f} records/s "
                        f"({elapsed:.1f} s; {floor / elapsed:.3f}x the baseline's speed; "
                        f"new={summary.new} unchanged={summary.unchanged} failed={summary.failed})"
                    )
            print(f"  database size: {db.stat().st_size / 1e6:.1f} MB")
        memory.__exit__()
        print(
            f"peak RSS: this process {own_peak_mib():.0f} MiB, largest worker {memory.peak_kib / 1024:.0f} MiB"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
