"""Scoring sentence subjectivity (opinion vs reporting) on NewsSD-ENG (CheckThat! 2023).

A split is ``DIR/NAME.csv`` with the columns ``Sentence,Label,Solved conflict`` and the
labels ``OBJ`` / ``SUBJ``. The score is the task's own: macro-F1 over the two classes, with
precision, recall and F1 of each.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from corroborator.errors import CorroboratorError

LABELS = ("OBJ", "SUBJ")

Classifier = Callable[[Sequence[str]], Sequence[str]]
"""Sentences in, one label (``OBJ`` or ``SUBJ``) per sentence out."""


@dataclass(frozen=True)
class ClassScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class SubjectivityScore:
    split: str
    sentences: int
    macro_f1: float
    accuracy: float
    obj: ClassScore
    subj: ClassScore
    data_sha256: str = ""

    def as_dict(self) -> dict[str, float | int | str]:
        """Flat figures, e.g. ``macro_f1`` and ``subj_recall``, rounded to four places."""
        flat: dict[str, float | int | str] = {
            "split": self.split,
            "sentences": self.sentences,
            "macro_f1": round(self.macro_f1, 4),
            "accuracy": round(self.accuracy, 4),
        }
        for name, score in (("obj", self.obj), ("subj", self.subj)):
            flat[f"{name}_precision"] = round(score.precision, 4)
            flat[f"{name}_recall"] = round(score.recall, 4)
            flat[f"{name}_f1"] = round(score.f1, 4)
            flat[f"{name}_support"] = score.support
        flat["data_sha256"] = self.data_sha256
        return flat

    def table(self) -> str:
        lines = [f"NewsSD {self.split}: {self.sentences} sentences, macro-F1 {self.macro_f1:.3f}"]
        lines.append(f"{'class':7}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
        for name, score in (("OBJ", self.obj), ("SUBJ", self.subj)):
            lines.append(f"{name:7}{score.precision:7.3f}{score.recall:7.3f}{score.f1:7.3f}{score.support:6}")
        return "\n".join(lines)


def read_newssd(folder: Path, split: str) -> list[tuple[str, str]]:
    """(sentence, label) pairs of ``folder/split.csv``."""
    path = folder / f"{split}.csv"
    if not path.is_file():
        raise CorroboratorError(
            f"'{path}' does not exist: give the newssd folder and a split such as train or val"
        )
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if rows and not {"Sentence", "Label"} <= set(rows[0]):
        raise CorroboratorError(f"'{path}' has no Sentence and Label columns: it is not a NewsSD file")
    pairs = [(row["Sentence"].strip(), row["Label"].strip().upper()) for row in rows]
    unknown = {label for _sentence, label in pairs} - set(LABELS)
    if unknown:
        raise CorroboratorError(f"'{path}' has labels {sorted(unknown)}; expected OBJ or SUBJ")
    return pairs


def score_labels(gold: Sequence[str], predicted: Sequence[str], split: str = "") -> SubjectivityScore:
    """Macro-F1 and per-class figures of predicted labels against gold ones."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    scores = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label != g)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label != p)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = ClassScore(precision, recall, f1, tp + fn)
    correct = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p)
    return SubjectivityScore(
        split=split,
        sentences=len(gold),
        macro_f1=(scores["OBJ"].f1 + scores["SUBJ"].f1) / 2,
        accuracy=correct / len(gold) if gold else 0.0,
        obj=scores["OBJ"],
        subj=scores["SUBJ"],
    )


def file_digest(folder: Path, split: str) -> str:
    return hashlib.sha256((folder / f"{split}.csv").read_bytes()).hexdigest()


def score_newssd(folder: Path, split: str = "val", classify: Classifier | None = None) -> SubjectivityScore:
    """Classify every sentence of a split (default: the rule-based baseline) and score it."""
    if classify is None:
        from corroborator.extract.subjectivity import classify_sentences

        classify = classify_sentences
    pairs = read_newssd(folder, split)
    predicted = list(classify([sentence for sentence, _label in pairs]))
    score = score_labels([label for _sentence, label in pairs], predicted, split)
    return SubjectivityScore(**{**score.__dict__, "data_sha256": file_digest(folder, split)})
