"""A rule-based baseline for sentence subjectivity: does a sentence give the writer's view?

Each sentence gets a score from cues of opinion (the writer's first person, evaluative
adjectives and adverbs, intensifiers, modal verbs of obligation, verbs of opinion,
exclamations and questions, sweeping generalisations) less cues of reporting (numbers,
dates, a reporting verb such as "said", "according to"). A sentence at or above
``THRESHOLD`` is ``SUBJ``. The word lists are written by hand; the weights and threshold
were set on NewsSD's train split only. This baseline is scored by
``corroborator.eval.newssd`` and is meant to be replaced by a trained model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
WEIGHTS = {
    "first_person": 0.9,
    "evaluative": 1.0,
    "adverb": 0.45,
    "modal": 0.5,
    "opinion_verb": 0.9,
    "generaliser": 0.9,
    "exclamation": 1.0,
    "question": 0.3,
    "superlative": 0.0,  # no help on train: kept as a feature, weighed nothing
    "number": -0.9,
    "reporting": -0.7,
    "month": 0.0,  # same
}
THRESHOLD = 0.9
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")


def features(sentence: str) -> dict[str, float]:
    """Counts of each cue in the sentence (quoted speech removed, since it is someone else's)."""
    unquoted = _QUOTED.sub(" ", sentence)
    words = [w.lower().replace("’", "'") for w in _WORD.findall(unquoted)]
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


def subjectivity_score(sentence: str) -> float:
    """The weighted sum of the sentence's cues; higher is more opinionated."""
    return sum(WEIGHTS[name] * value for name, value in features(sentence).items())


def classify_sentence(sentence: str) -> str:
    """``SUBJ`` when the sentence gives the writer's view, else ``OBJ``."""
    return "SUBJ" if subjectivity_score(sentence) >= THRESHOLD else "OBJ"


def classify_sentences(sentences: Sequence[str]) -> list[str]:
    """One label per sentence, in order."""
    return [classify_sentence(sentence) for sentence in sentences]
