"""Scoring HTML main-text extraction on the Zyte article-extraction benchmark.

The method is the benchmark's own: both texts are cut into word 4-gram shingles
(``\\w+`` tokens); per page, true positives, false positives and false negatives are
counted over the shingle multisets and normalised by their sum, so that long pages do
not weigh more; precision and recall are the means over pages, F1 their harmonic mean.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from corroborator.errors import CorroboratorError, IngestError
from corroborator.ingest.html import extract_html
from corroborator.parallel import ordered_map

_TOKEN = re.compile(r"\w+", re.UNICODE)


def _shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < size:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def page_counts(true: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page."""
    gold, got = _shingles(true), _shingles(predicted)
    tp = sum((gold & got).values())
    fp = sum((got - gold).values())
    fn = sum((gold - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class ExtractionScore:
    precision: float
    recall: float
    f1: float
    pages: int
    failed_pages: int
    data_sha256: str

    def as_dict(self) -> dict[str, float | int | str]:
        return asdict(self)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def summarise(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _extract(item: tuple[str, Path, str]) -> tuple[str, str | None]:
    key, path, url = item
    try:
        return key, str(extract_html(gzip.decompress(path.read_bytes()), str(path), url=url)["text"])
    except IngestError:
        return key, None


def corpus_digest(folder: Path) -> str:
    """sha256 over the gold file and page names: a floor holds only for the data it was set on."""
    digest = hashlib.sha256((folder / "ground-truth.json").read_bytes())
    for page in sorted((folder / "html").glob("*.html.gz")):
        digest.update(page.name.encode())
    return digest.hexdigest()


def score_zyte(folder: Path, workers: int = 2) -> ExtractionScore:
    """Extract every page of the benchmark in ``folder`` and score it against the gold bodies."""
    gold_path = folder / "ground-truth.json"
    if not gold_path.is_file():
        raise CorroboratorError(f"'{folder}' has no ground-truth.json: give the zyte-extraction folder")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    items = [
        (key, folder / "html" / f"{key}.html.gz", value.get("url", "")) for key, value in sorted(gold.items())
    ]
    missing = [str(path) for _key, path, _url in items if not path.is_file()]
    if missing:
        raise CorroboratorError(f"{len(missing)} pages of the gold file are missing, e.g. '{missing[0]}'")
    counts = []
    failed = 0
    for _item, result in ordered_map(_extract, items, workers=workers, chunksize=4):
        assert result is not None
        key, text = result
        failed += text is None
        counts.append(page_counts(gold[key].get("articleBody", ""), text or ""))
    precision, recall, f1 = summarise(counts)
    return ExtractionScore(
        round(precision, 4), round(recall, 4), round(f1, 4), len(items), failed, corpus_digest(folder)
    )
