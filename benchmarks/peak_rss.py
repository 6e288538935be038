"""Peak resident memory for the largest single inputs within the caps, beside a small baseline.

Each input is run in a fresh process: ingested, then (where it holds text to analyse) every
analysis stage, with one worker and no time budget so that all the work runs in that one
process and its peak (``ru_maxrss``) covers it all.  With worker processes, each worker's
peak is at most this.  The upload is sent over loopback to ``corroborator serve`` (streamed
from a file) and the server's peak read from ``/proc`` once its job is done.  The goal is
under 1.5 GB for every input.

    python benchmarks/peak_rss.py [--only NAME] [--skip-upload]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corroborator.config import load_settings

DEFAULTS = load_settings(environ={})
MAX_CHARS = DEFAULTS.nlp.max_article_chars
MAX_BYTES = DEFAULTS.ingest.max_bytes
MAX_UPLOAD = DEFAULTS.server.max_upload_bytes
PASSWORD = "peak-rss-benchmark"


def article(chars: int) -> str:
    """News-like paragraphs (attributions, quotations, numbers, a table row, a line in
    capitals) of exactly ``chars`` characters, as ``benchmarks/long_article.py`` writes them
    (imported here, not at the top: it loads spaCy, which the ingest-only inputs do not)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from long_article import article as paragraphs

    return paragraphs(chars)[:chars]


def jsonl(path: Path, texts: list[str]) -> list[Path]:
    with path.open("w", encoding="utf-8") as out:
        for n, text in enumerate(texts):
            out.write(json.dumps({"id": f"a{n}", "url": f"https://port.example/{n}", "text": text}) + "\n")
    return [path]


def html_page(size: int) -> bytes:
    """A news-like page of at most ``size`` bytes."""
    paragraphs = "".join(f"<p>{p}</p>\n" for p in article(size).split("\n\n"))
    page = f"<html><head><title>Port log</title></head><body><article>{paragraphs}".encode()
    return page[: size - 40] + b"</p></article></body></html>"


def words(chars: int) -> str:
    """Plain words, ``chars`` characters of them."""
    unit = "harbour wall storm quay crane ferry "
    return (unit * (chars // len(unit) + 1))[:chars]


def baseline(folder: Path) -> list[Path]:
    return jsonl(folder / "small.jsonl", [article(2_000)])


def article_at_cap(folder: Path) -> list[Path]:
    return jsonl(folder / "long.jsonl", [article(MAX_CHARS)])


def html_at_cap(folder: Path) -> list[Path]:
    path = folder / "page.html"
    path.write_bytes(html_page(MAX_BYTES - 100))
    return [path]


def warc_at_cap(folder: Path) -> list[Path]:
    path = folder / "crawl.warc.gz"
    body = html_page(MAX_BYTES - 200_000)
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://port.example/log", "response", payload=_bytes(body), http_headers=http
            )
        )
    return [path]


def large_gzip(folder: Path) -> list[Path]:
    """A JSONL.gz of 1 GB unpacked: 50 records of 20 MB less a little (each within the size
    cap; each over the article cap, so stored but not parsed)."""
    path = folder / "dump.jsonl.gz"
    text = words(MAX_BYTES - 200_000)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=6) as out:
        for n in range(50):
            out.write(
                json.dumps({"id": f"d{n}", "url": f"https://port.example/d{n}", "text": f"{n} {text}"}) + "\n"
            )
    return [path]


def _bytes(data: bytes):  # type: ignore[no-untyped-def]
    from io import BytesIO

    return BytesIO(data)


INPUTS: dict[str, tuple[str, Callable[[Path], list[Path]], bool]] = {
    "baseline": ("one 2,000-character article, ingested and analysed", baseline, True),
    "article": (
        f"one article of {MAX_CHARS:,} characters (nlp.max_article_chars), analysed",
        article_at_cap,
        True,
    ),
    "html": (f"an HTML page of {MAX_BYTES / 1e6:.0f} MB (ingest.max_bytes), analysed", html_at_cap, True),
    "warc": (f"a WARC.gz holding one {MAX_BYTES / 1e6:.0f} MB page, analysed", warc_at_cap, True),
    "gzip": ("a JSONL.gz of 1 GB unpacked (50 records of 20 MB), ingested", large_gzip, False),
}


def child(name: str, folder: Path) -> None:
    from corroborator.ingest import ingest
    from corroborator.pipeline import analyze
    from corroborator.store import Store

    _label, build, analysed = INPUTS[name]
    sources = build(folder)
    overrides = {
        "store.db": str(folder / "t.db"),
        "ingest.workers": 1,
        "pipeline.workers": 1,
        "pipeline.article_seconds": 0,
    }
    settings = load_settings(overrides=overrides, environ={})
    began = time.perf_counter()
    with Store(settings.store.db) as store:
        summary = ingest([str(s) for s in sources], store, settings.ingest)
        failed = [reason for _source, reason in summary.failures]
        if analysed:
            for report in analyze(store, settings):
                failed += [reason for _id, reason in report.failures]
    print(
        json.dumps(
            {
                "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                "seconds": time.perf_counter() - began,
                "stored": summary.stored,
                "failed": failed[:3],
            }
        )
    )


def upload(folder: Path) -> dict[str, object]:
    """A request of just under server.max_upload_bytes (ten JSONL files of ~19 MB, each one
    record over the article cap) streamed to a real server; its peak once the job is done."""
    import httpx

    from corroborator.web.access import hash_password

    files = []
    text = words(MAX_BYTES - 1_000_000)
    for n in range(10):
        files += jsonl(folder / f"part{n}.jsonl", [f"{n} {text}"])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "CORROBORATOR_SERVER__PASSWORD_HASH": hash_password(PASSWORD),
        "CORROBORATOR_PIPELINE__WORKERS": "1",
        "CORROBORATOR_PIPELINE__ARTICLE_SECONDS": "0",
        "CORROBORATOR_INGEST__WORKERS": "1",
    }
    from corroborator.store import Store

    Store(str(folder / "t.db")).close()  # a new, empty store to serve
    server = subprocess.Popen(
        [sys.executable, "-m", "corroborator", "serve", "--db", str(folder / "t.db"), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/api/stories", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        idle = _peak(server.pid)
        began = time.perf_counter()
        handles = [path.open("rb") for path in files]
        response = httpx.post(
            base + "/api/ingest/files",
            files=[
                ("files", (path.name, handle, "application/jsonl"))
                for path, handle in zip(files, handles, strict=True)
            ],
            headers={"Authorization": f"Bearer {PASSWORD}"},
            timeout=600,
        )
        for handle in handles:
            handle.close()
        job = response.json()
        while job.get("state") not in ("done", "failed", None):
            time.sleep(0.5)
            job = httpx.get(f"{base}/api/jobs/{job['id']}", timeout=10).json()
        seconds = time.perf_counter() - began
        peak = _peak(server.pid)
        sent = sum(path.stat().st_size for path in files)
        return {
            "rss": peak,
            "seconds": seconds,
            "stored": sum((job.get("summary") or {}).get(kind, 0) for kind in ("new", "revised")),
            "failed": job.get("failures", [])[:3],
            "sent": sent,
            "base": idle,
        }
    finally:
        server.terminate()
        server.wait(30)


def _peak(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))) * 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default="")
    parser.add_argument("--skip-upload", action="store_true")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    print("| input | peak RSS | over the baseline | seconds | stored | failures |")
    print("|---|---|---|---|---|---|")
    base_rss = 0
    names = [n for n in INPUTS if args.only in n or n == "baseline"]
    for name in names:
        with tempfile.TemporaryDirectory() as folder:
            done = subprocess.run(
                [sys.executable, __file__, "--child", name, folder],
                capture_output=True,
                text=True,
                check=False,
            )
        if done.returncode != 0:
            print(
                f"| {INPUTS[name][0]} | crashed ({done.returncode}): {done.stderr.strip().splitlines()[-1:]} | | | | |"
            )
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        base_rss = base_rss or result["rss"]
        print(_row(INPUTS[name][0], result, base_rss), flush=True)
    if not args.skip_upload and (not args.only or args.only in "upload"):
        with tempfile.TemporaryDirectory() as folder:
            result = upload(Path(folder))
        cap = f"server.max_upload_bytes {MAX_UPLOAD / 1e6:.0f} MB"
        label = f"an upload of {result['sent'] / 1e6:.0f} MB ({cap}), served"
        print(_row(label + ", against the idle server", result, int(result["base"])))  # type: ignore[call-overload]


def _row(label: str, result: dict[str, object], base: int) -> str:
    rss = int(result["rss"])  # type: ignore[call-overload]
    return (
        f"| {label} | {rss / 2**20:,.0f} MiB | {(rss - base) / 2**20:+,.0f} MiB | {result['seconds']:.0f} | "
        f"{result['stored']} | {result['failed'] or 'none'} |"
    )


if __name__ == "__main__":
    main()
