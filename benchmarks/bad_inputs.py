"""Bad inputs end to end: does one of them crash the ingest, hang it, or lose good records?

Builds each kind of bad input beside good records in a temporary folder, ingests it in a
fresh process (a crash or a kill is seen as such), and prints per kind: the exit, the
seconds, the peak resident memory, how many records were stored beside how many good ones
there are (more stored than good: bad records were stored too), the note lines and the
first failure line.  Run it with PYTHONPATH pointing at an older checkout to compare.

    python benchmarks/bad_inputs.py [--bomb-mb 2048] [--timeout 300]
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

TEXT = "The harbour wall will be rebuilt before the winter storms, the port authority said on Monday."

CHILD = """
import json, resource, sys
from corroborator.config import load_settings
from corroborator.ingest import ingest
from corroborator.store import Store
db, stages, *sources = sys.argv[1:]
settings = load_settings(overrides={"store.db": db, "ingest.workers": 1, "pipeline.workers": 1}, environ={})
with Store(db) as store:
    summary = ingest(sources, store, settings.ingest)
    failed_stage = 0
    if stages:
        from corroborator.pipeline import analyze
        failed_stage = sum(report.failed for report in analyze(store, settings, stages.split(",")))
    print(json.dumps({
        "stored": summary.stored, "failures": summary.failures, "notes": len(getattr(summary, "notes", [])),
        "failed_stage": failed_stage, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))
"""


def record(key: str, **fields: object) -> str:
    return json.dumps({"id": key, "text": f"{TEXT} ({key})", **fields})


def lines(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def warc(path: Path, pages: int) -> tuple[Path, list[int]]:
    ends = []
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for n in range(pages):
            body = f"<html><body><article><p>{TEXT} Page {n}.</p><p>{TEXT}</p></article></body></html>"
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            uri = f"https://port.example/{n}"
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=BytesIO(body.encode()), http_headers=http)
            )
            ends.append(stream.tell())
    return path, ends


def cut_warc(folder: Path, name: str) -> tuple[list[Path], int]:
    whole, ends = warc(folder / name, 6)
    cut = folder / f"cut-{name}"
    cut.write_bytes(whole.read_bytes()[: (ends[3] + ends[4]) // 2])
    return [cut], 4  # the four records before the cut are good


def bomb(folder: Path, megabytes: int) -> tuple[list[Path], int]:
    path = folder / "bomb.jsonl.gz"
    chunk = b"0" * (1 << 20)
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b'{"id": "bomb", "text": "')
        for _ in range(megabytes):
            out.write(chunk)
        out.write(b'"}\n' + record("after").encode() + b"\n")
    return [path], 1


def long_header(folder: Path) -> tuple[list[Path], int]:
    path, _ = warc(folder / "header.warc", 1)
    with path.open("ab") as stream:
        stream.write(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://port.example/")
        for _ in range(256):
            stream.write(b"x" * (1 << 20))
    return [path], 1


def edge_years(folder: Path) -> tuple[list[Path], int]:
    """Dates an older version stored; the extract stage resolves "overnight" and "last summer" against them."""
    text = "Overnight, 40 boats left the harbour, the coastguard said. Last summer 12 ferries were cancelled."
    rows = [
        json.dumps({"id": f"y{n}", "text": f"{text} ({n})", "published": value})
        for n, value in enumerate(["0001-01-01", "9999-12-31"])
    ]
    return [lines(folder / "edge.jsonl", rows)], 2


def utf16(folder: Path) -> tuple[list[Path], int]:
    path = folder / "u16.jsonl"
    path.write_bytes(("\n".join([record("a"), record("b")]) + "\n").encode("utf-16"))
    return [path], 2


def cut_jsonl_gz(folder: Path) -> tuple[list[Path], int]:
    path = folder / "cut.jsonl.gz"
    rows = "\n".join(record(f"r{n}", filler="word " * 2000) for n in range(30)) + "\n"
    packed = gzip.compress(rows.encode())
    path.write_bytes(packed[: len(packed) * 2 // 3])
    return [path], -1  # as many as the cut leaves whole: the failure line says how many


def cases(bomb_mb: int) -> dict[str, tuple[Callable[[Path], tuple[list[Path], int]], str]]:
    dates = [
        "0000",
        "0000-00-00",
        "2025-00",
        "2025-02-30",
        "0001-01-01",
        "9999-12-31",
        "0999-05-01T10:00:00Z",
    ]
    return {
        "dates off the calendar or placeholders (7)": (
            lambda d: (
                [lines(d / "dates.jsonl", [record(f"d{n}", published=v) for n, v in enumerate(dates)])],
                7,
            ),
            "",
        ),
        "years 1 and 9999, then parse and extract": (edge_years, "parse,extract"),
        "JSON nested 1,000 deep, 5,000-digit number": (
            lambda d: (
                [
                    lines(
                        d / "deep.jsonl",
                        [
                            '{"id": "deep", "text": "x", "t": ' + "[" * 1000 + "]" * 1000 + "}",
                            '{"id": ' + "7" * 5000 + ', "text": "x"}',
                            record("good"),
                        ],
                    )
                ],
                1,
            ),
            "",
        ),
        "objects, lists, numbers in text fields": (
            lambda d: (
                [
                    lines(
                        d / "fields.jsonl",
                        [
                            json.dumps({"id": {"a": 1}, "text": TEXT}),
                            json.dumps({"id": "t", "title": ["a"], "text": TEXT + " t"}),
                            json.dumps({"id": 17, "title": 2025, "text": TEXT + " n"}),
                        ],
                    )
                ],
                1,
            ),
            "",
        ),
        "UTF-16 JSONL with BOM": (utf16, ""),
        f"gzip bomb: one {bomb_mb} MB line": (lambda d: bomb(d, bomb_mb), ""),
        "WARC header line of 256 MB": (long_header, ""),
        "WARC cut in its 5th record": (lambda d: cut_warc(d, "crawl.warc"), ""),
        "WARC.gz cut in its 5th record": (lambda d: cut_warc(d, "crawl.warc.gz"), ""),
        "JSONL.gz cut two-thirds in": (cut_jsonl_gz, ""),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bomb-mb", type=int, default=2048)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    print("| input | exit | seconds | peak RSS | stored / good records | note lines | first failure line |")
    print("|---|---|---|---|---|---|---|")
    for name, (build, stages) in cases(args.bomb_mb).items():
        with tempfile.TemporaryDirectory() as folder:
            sources, good = build(Path(folder))
            began = time.perf_counter()
            try:
                done = subprocess.run(
                    [sys.executable, "-c", CHILD, str(Path(folder) / "t.db"), stages, *map(str, sources)],
                    capture_output=True,
                    text=True,
                    timeout=args.timeout,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                print(f"| {name} | hung (over {args.timeout:.0f} s) | | | | | |")
                continue
            seconds = time.perf_counter() - began
            if done.returncode != 0:
                last = (done.stderr.strip().splitlines() or ["?"])[-1][:90]
                print(f"| {name} | crashed ({done.returncode}) | {seconds:.1f} | | | | `{last}` |")
                continue
            result = json.loads(done.stdout.strip().splitlines()[-1])
            failures = result["failures"]
            first = f"`{failures[0][1][:90]}`" if failures else "none"
            wanted = "all" if good < 0 else good
            stage = f" ({result['failed_stage']} failed in a stage)" if stages else ""
            print(
                f"| {name} | ok | {seconds:.1f} | {result['rss'] / 1024:.0f} MB | {result['stored']} / {wanted}"
                f"{stage} | {result['notes']} | {first} |"
            )


if __name__ == "__main__":
    main()
