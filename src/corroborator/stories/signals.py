"""What story clustering knows of one article: its lead's meaning, its words, its names.

* the **lead** is the title and the first ``LEAD_SENTENCES`` sentences: reporters put
  the who, what, where and when there, so it is what the embedding reads;
* **terms** are lower-cased content words (stop words and one-letter tokens dropped)
  with their counts, for the lead and for the whole text; IDF weights come later,
  from the document frequencies kept in the store;
* the **bag** holds what separates two events of one kind: names (capitalised words,
  transliterated to ASCII so that "Курск" meets "Kursk", and cut to their first five
  letters so that inflected forms meet), numbers of two digits or more, and day-month
  dates.  It is compared across languages too;
* the **dates** are the days its event may have happened on (``stories.dates``).

All of it is computed from the article alone, so it runs in worker processes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from anyascii import anyascii

from corroborator.models import Article, Precision
from corroborator.stories.dates import event_dates

LEAD_SENTENCES = 3
MAX_TERMS = 400  # distinct terms kept for the whole text; the rarest ones past that are dropped
BAG_PREFIX = 5
FOLDED_PREFIX = 4
MAX_TERM = 60  # longer "words" (hyphen chains, digit runs) are noise, and the store keys terms by 64

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”»)]*\s+(?=[\"'“«(]?[A-ZА-ЯЁІЇЄҐ0-9])|\n\s*\n")
_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’-](?=[^\W\d_]))*", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[,.  ]\d{3})+(?![\d])|(?<![\w.,])\d{2,}(?![\d])")
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-ZА-ЯЁІЇЄҐ][^\W\d_]+(?:['’-][^\W\d_]+)?", re.UNICODE)
_MONTHS = "january february march april may june july august september october november december".split()
_DATE = re.compile(
    r"\b(\d{1,2})\s+("
    + "|".join(m[:3] for m in _MONTHS)
    + r")[a-z]*\b|\b("
    + "|".join(m[:3] for m in _MONTHS)
    + r")[a-z]*\.?\s+(\d{1,2})\b",
    re.IGNORECASE,
)

# Function words of the languages the demo and the benchmarks hold; anything else is
# weighed down by IDF anyway.
STOP_WORDS = frozenset(
    """
    a about above after again against all also although am an and any are aren't around as at
    be because been before being below between both but by can could did do does doing done
    down during each either else even ever every few for from further had has have having he
    her here hers herself him himself his how however i if in into is it its itself just last
    least less let like made make many may me might more most much must my myself near need
    neither new next no nor not now of off on once one only or other our ours ourselves out over
    own per quite rather same says said say she should since so some such than that the their
    theirs them themselves then there these they this those though through thus to too two under
    until up upon us very via was we were what when where whether which while who whom whose why
    will with within without would yet you your yours yourself yourselves mr mrs ms according
    told tell tells year years week weeks day days time times people report reports reported
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне
    было вот от меня еще нет о из ему теперь когда даже ну ли если уже или ни быть был него до вас
    этот это эти того этого той при также который которые которых года году сказал заявил
    і в у на з із та що не як до за про від це його її їх але або вже ще також який яка які
    """.split()
)


@dataclass(frozen=True)
class Signal:
    """One article's clustering features (cheap to pickle between processes)."""

    lead: str
    lead_terms: dict[str, float]
    terms: dict[str, float]
    bag: dict[str, float]
    names: tuple[str, ...] = field(default=())
    dates: dict[str, float] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.terms and not self.bag


def sentences(text: str, limit: int) -> list[str]:
    """The first ``limit`` sentences, split on sentence punctuation and blank lines."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(text):
        piece = " ".join(piece.split())
        if piece:
            out.append(piece)
            if len(out) >= limit:
                break
    return out


def lead_of(title: str | None, text: str) -> str:
    parts = [" ".join(title.split())] if title and title.strip() else []
    for sentence in sentences(text, LEAD_SENTENCES + 1):
        if parts and sentence == parts[0]:
            continue  # a text that repeats its title first
        parts.append(sentence[:600])
        if len(parts) > LEAD_SENTENCES:
            break
    return " ".join(parts)


def term_counts(text: str) -> Counter[str]:
    words = (w.lower().replace("’", "'") for w in _WORD.findall(text))
    return Counter(w.removesuffix("'s") for w in words if 1 < len(w) <= MAX_TERM and w not in STOP_WORDS)


def weights(counts: Counter[str], limit: int = MAX_TERMS) -> dict[str, float]:
    """Sub-linear term frequencies (1 + log count), the ``limit`` most frequent kept."""
    return {term: round(1.0 + math.log(n), 4) for term, n in counts.most_common(limit)}


# Letters that transliterations of one name disagree on, folded to one form, in this order:
# German "sch" and "ch" and English "ch" become "kh", "kh" becomes "h" (Cyrillic "х" is
# written "kh", "h" or "ch"), "c" and "q" become "k", "sh" becomes "s" (for "š"), "ph" "f",
# "w" "v", "x" "ks", and "y" and "j" become "i" ("й" is written "y", "i" or "j").
_FOLDS = tuple(pair.split(">") for pair in "sch>sh ch>kh c>k q>k kh>h sh>s ph>f w>v x>ks y>i j>i".split())
_DOUBLED = re.compile(r"(.)\1+")


def spelling_key(key: str) -> str:
    """A bag key with the letters transliterations of a name disagree on folded
    (``_FOLDS``), doubled letters single, cut to ``FOLDED_PREFIX`` letters (folding
    shortens some keys), so that a name meets itself across scripts and spellings
    ("n:charv" and "n:kharv" both become "n:harv")."""
    if not key.startswith("n:"):
        return key
    name = key[2:]
    for spelled, folded in _FOLDS:
        name = name.replace(spelled, folded)
    return "n:" + _DOUBLED.sub(r"\1", name)[:FOLDED_PREFIX]


def bag_of(text: str) -> tuple[dict[str, float], tuple[str, ...]]:
    """Names, numbers and dates, each keyed the same way in every script.

    Capitalised words at the start of a sentence count too: a common word there is
    rare enough in the bag to do little harm, and names often open sentences.
    """
    keys: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for word in _CAPITALISED.findall(text):
        if word.lower() in STOP_WORDS:
            continue
        ascii_word = anyascii(word).lower()
        key = "n:" + re.sub(r"[^a-z]", "", ascii_word)[:BAG_PREFIX]
        if len(key) > 4:
            keys[key] += 1
            names[word] += 1
    for number in _NUMBER.findall(text):
        digits = re.sub(r"\D", "", number)[:MAX_TERM]
        if not (len(digits) == 4 and 1900 <= int(digits) <= 2100):  # years are not numbers in play
            keys["#:" + digits] += 1
    for match in _DATE.finditer(text):
        day = match.group(1) or match.group(4)
        month = (match.group(2) or match.group(3)).lower()[:3]
        keys[f"d:{month}{int(day)}"] += 1
    top_names = tuple(name for name, _n in names.most_common(12))
    return weights(keys, 200), top_names


def signal_of(title: str | None, text: str, published: date | None = None) -> Signal:
    """The article's signal; ``published`` (its publication day) dates its weekdays."""
    lead = lead_of(title, text)
    full = f"{title}\n\n{text}" if title else text
    bag, names = bag_of(full)
    return Signal(
        lead=lead,
        lead_terms=weights(term_counts(lead)),
        terms=weights(term_counts(full)),
        bag=bag,
        names=names,
        dates=event_dates(lead, full, published),
    )


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EARLIEST_DAY = (datetime(1990, 1, 1, tzinfo=UTC) - EPOCH).days


@dataclass(frozen=True)
class Placement:
    """What ``compute`` gives ``commit`` for one article."""

    signal: Signal
    embedding: bytes
    day: float | None
    warnings: tuple[str, ...] = ()


def publication_day(article: Article, now: datetime) -> tuple[float | None, str | None]:
    """The article's publication day for time windows, or why it has none."""
    published = article.published
    if published is None:
        return None, "no publication date: placed by content alone, without a time window"
    if published.precision in (Precision.YEAR, Precision.MONTH):
        return None, f"publication date {published.value} is too coarse for a time window"
    start = published.start()
    day = (start - EPOCH).total_seconds() / 86400
    if day < EARLIEST_DAY or start > now + timedelta(days=2):
        return None, f"publication date {published.value} is implausible: placed without a time window"
    return day, None


POSTED_NAMES = 8


def posted_names(bag: dict[str, float]) -> list[str]:
    """The article's most frequent names: posted, so that other articles naming them find it."""
    names = sorted((item for item in bag.items() if item[0].startswith("n:")), key=lambda kv: (-kv[1], kv[0]))
    return [key for key, _n in names[:POSTED_NAMES]]


def counted_terms(terms: dict[str, float], lead_terms: dict[str, float], bag: dict[str, float]) -> set[str]:
    """What an article adds to the document frequencies: its terms and its posted names."""
    return set(terms) | set(lead_terms) | set(posted_names(bag))
