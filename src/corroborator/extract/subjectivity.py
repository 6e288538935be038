"""Sentence subjectivity: does a sentence give the writer's view (``SUBJ``) or report (``OBJ``)?

The extract stage asks this of each sentence in the outlet's own voice (see
:mod:`corroborator.extract.claims`), and ``corroborator eval newssd`` scores it. The answer
comes from a logistic regression over TF-IDF of word uni- and bigrams and of character
3- to 5-grams inside words, trained on NewsSD-ENG's train split (CheckThat! 2023, CC BY 4.0)
by ``benchmarks/train_subjectivity.py``. Its weights ship beside this module as plain JSON
(``data/subjectivity.json``: per n-gram its idf and coefficient), so inference needs neither
scikit-learn nor numpy: a few hundred dictionary look-ups, about 0.2 ms a sentence.

The hand-written cue lists below were the first, rule-based classifier. The model replaced
it; the lists stay because claims use them (first person, evaluative words) and the training
script measures the cues as extra features (:func:`cues`).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import pairwise
from typing import Any

from corroborator.errors import CorroboratorError

FIRST_PERSON = frozenset("i me my mine myself we us our ours ourselves".split())
EVALUATIVE = frozenset(
    """
    good bad better worse best worst great terrible awful horrible dreadful disastrous
    catastrophic absurd ridiculous ludicrous preposterous silly stupid foolish idiotic
    insane crazy shameful disgraceful outrageous appalling scandalous shocking pathetic
    wrong right fair unfair unjust just wise unwise reckless irresponsible dangerous
    brilliant excellent wonderful fantastic superb remarkable extraordinary amazing
    incredible admirable laudable noble heroic evil wicked corrupt dishonest hypocritical
    cynical naive arrogant incompetent inept clumsy lazy weak strong bold courageous
    cowardly sensible reasonable unreasonable rational irrational obvious clear plain
    undeniable inevitable necessary unnecessary essential crucial vital important
    significant meaningless pointless useless worthless valuable mere sheer utter
    deliberate radical extreme extremist woke elite so-called alleged dubious bizarre
    strange odd weird sad tragic unfortunate fortunate lucky ironic hollow empty
    failed failing broken toxic poisonous destructive harmful beneficial healthy
    sick ugly beautiful lovely nasty vile despicable contemptible deplorable
    """.split()
)
ADVERBS = frozenset(
    """
    clearly obviously simply merely surely certainly undoubtedly arguably apparently
    frankly honestly truly really actually indeed absolutely utterly totally completely
    entirely deeply profoundly extremely incredibly remarkably terribly horribly
    desperately deliberately shamelessly blatantly conveniently ironically sadly
    unfortunately fortunately hopefully thankfully rightly wrongly perhaps maybe
    probably presumably supposedly allegedly never always only even just still very
    too so quite rather much far
    """.split()
)
MODALS = frozenset("should must ought need needs cannot can't shouldn't mustn't".split())
OPINION_VERBS = frozenset("think believe feel suspect doubt hope fear wish suppose guess seems seem".split())
GENERALISERS = frozenset("everyone everybody nobody anyone all none every nothing everything".split())
REPORTING = frozenset(
    """
    said says told reported announced according stated added noted confirmed
    explained wrote tweeted percent million billion
    """.split()
)
MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_CUE_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")
_WORD = re.compile(r"\w\w+")


def words_of(text: str) -> list[str]:
    """The text's words (and figures), lower case, apostrophes straightened."""
    return [w.lower().replace("’", "'") for w in _CUE_WORD.findall(text)]


def first_person(text: str) -> bool:
    """The writer speaks as "I" or "we" ("us" alone is too often a country)."""
    return any(w in FIRST_PERSON and w != "us" for w in words_of(text))


def evaluative_words(text: str) -> int:
    return sum(w in EVALUATIVE for w in words_of(text))


def cues(sentence: str) -> dict[str, float]:
    """Counts of each hand-written cue in the sentence (quoted speech removed: it is someone else's)."""
    unquoted = _QUOTED.sub(" ", sentence)
    words = words_of(unquoted)
    found = {
        "first_person": sum(w in FIRST_PERSON for w in words),
        "evaluative": sum(w in EVALUATIVE for w in words),
        "adverb": sum(w in ADVERBS for w in words),
        "modal": sum(w in MODALS for w in words),
        "opinion_verb": sum(w in OPINION_VERBS for w in words),
        "generaliser": sum(w in GENERALISERS for w in words),
        "exclamation": float("!" in unquoted),
        "question": float(unquoted.rstrip().endswith("?")),
        "superlative": sum(w == "most" or (w.endswith("est") and len(w) > 5) for w in words),
        "number": min(2, sum(w[0].isdigit() for w in words)),
        "reporting": min(2, sum(w in REPORTING for w in words)),
        "month": min(1, sum(w in MONTHS for w in words)),
    }
    return {name: float(value) for name, value in found.items()}


def word_ngrams(sentence: str) -> list[str]:
    """Lower-cased words of two or more characters, and each pair of neighbours."""
    words = _WORD.findall(sentence.lower())
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def char_ngrams(sentence: str) -> list[str]:
    """Character 3- to 5-grams inside each lower-cased, space-padded, whitespace-split word."""
    # One pass over the padded words joined by two spaces: a gram that spans two words holds
    # both spaces, so dropping the grams with "  " leaves exactly the grams within one word.
    text = " " + "  ".join(sentence.lower().split()) + " "
    grams = [text[i : i + n] for n in (3, 4, 5) for i in range(len(text) - n + 1)]
    return [gram for gram in grams if "  " not in gram]


ANALYZERS = {"words": word_ngrams, "chars": char_ngrams}
"""The feature blocks a model can use, by the name the model file gives them."""


@dataclass(frozen=True)
class SubjectivityModel:
    """A linear model over L2-normalised, sublinear TF-IDF blocks, and optionally the cue counts.

    ``blocks`` maps an analyzer name to ``{n-gram: (idf, coefficient)}``; ``cues`` maps a name
    of :func:`cues` to its coefficient (empty when the model does not use them). The score of a
    sentence is ``intercept`` plus, for each block, the dot product of its normalised TF-IDF
    vector with the coefficients, plus each cue count times its coefficient. ``SUBJ`` when the
    score is above zero.
    """

    blocks: dict[str, dict[str, tuple[float, float]]]
    cues: dict[str, float]
    intercept: float
    about: dict[str, object]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SubjectivityModel:
        """The model from its file's parsed JSON (as ``benchmarks/train_subjectivity.py`` writes it)."""
        try:
            blocks = {
                str(name): {str(gram): (float(idf), float(coef)) for gram, (idf, coef) in grams.items()}
                for name, grams in data["blocks"].items()
            }
            weights = {str(name): float(coef) for name, coef in data.get("cues", {}).items()}
            intercept = float(data["intercept"])
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise CorroboratorError(
                f"the subjectivity model is not in the expected format ({e!r}): "
                "rebuild it with benchmarks/train_subjectivity.py"
            ) from e
        unknown = (set(blocks) - set(ANALYZERS)) | (set(weights) - set(cues("")))
        if unknown:
            raise CorroboratorError(
                f"the subjectivity model uses features {sorted(unknown)} this version does not know: "
                "rebuild it with benchmarks/train_subjectivity.py"
            )
        about = {key: value for key, value in data.items() if key not in ("blocks", "cues", "intercept")}
        return cls(blocks, weights, intercept, about)

    def score(self, sentence: str) -> float:
        """The model's decision value: above zero is ``SUBJ``."""
        total = self.intercept
        for name, weights in self.blocks.items():
            dot = squares = 0.0
            # in the sentence's order, not a set's, so that the sum is the same in every process
            for gram, count in Counter(ANALYZERS[name](sentence)).items():
                known = weights.get(gram)
                if known is None:
                    continue
                idf, coefficient = known
                value = idf if count == 1 else (1.0 + math.log(count)) * idf
                dot += value * coefficient
                squares += value * value
            if squares:
                total += dot / math.sqrt(squares)
        if self.cues:
            found = cues(sentence)
            total += sum(coefficient * found[name] for name, coefficient in self.cues.items())
        return total


@cache
def model() -> SubjectivityModel:
    """The shipped model, read once per process."""
    text = files("corroborator.extract").joinpath("data", "subjectivity.json").read_text(encoding="utf-8")
    return SubjectivityModel.from_json(json.loads(text))


def subjectivity_score(sentence: str) -> float:
    """The probability, by the shipped model, that the sentence gives the writer's view."""
    return 1.0 / (1.0 + math.exp(-model().score(sentence)))


def classify_sentence(sentence: str) -> str:
    """``SUBJ`` when the sentence gives the writer's view, else ``OBJ``."""
    return "SUBJ" if model().score(sentence) > 0.0 else "OBJ"


def classify_sentences(sentences: Sequence[str]) -> list[str]:
    """One label per sentence, in order."""
    return [classify_sentence(sentence) for sentence in sentences]
