"""Numbers in news text: digits and number words, bounds, vague words, and what is not a count.

The rules are those of ``quantities.py``'s docstring (values, bounds, vague words, not
quantities); this module finds the numbers, ``quantities.py`` what they count and who says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corroborator.extract.windows import MONTHS

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Doc, Token  # noqa: TID251

TIME_UNITS = frozenset("second minute hour day night week month year decade century weekend".split())
_NAME_LABELS = frozenset("ORG PRODUCT WORK_OF_ART EVENT LAW PERSON FAC".split())

BOUND_WORDS: dict[str, str] = {
    "more than": "lower",
    "over": "lower",
    "at least": "lower",
    "upwards of": "lower",
    "no fewer than": "lower",
    "no less than": "lower",
    "nearly": "upper",
    "almost": "upper",
    "up to": "upper",
    "fewer than": "upper",
    "less than": "upper",
    "under": "upper",
    "no more than": "upper",
    "at most": "upper",
    "about": "approximate",
    "around": "approximate",
    "roughly": "approximate",
    "some": "approximate",
    "approximately": "approximate",
    "an estimated": "approximate",
    "nearly some": "approximate",
}
VAGUE: dict[str, tuple[float, float]] = {
    "a few": (2, 5),
    "several": (3, 9),
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "millions": (2_000_000, 9_999_999),
}
_EXACT_PHRASES = {"a dozen": 12.0, "a couple of": 2.0, "a couple": 2.0}
_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12}

_DIGITS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$|^\d+(?:[.,]\d{1,2})?$|^\d+$")


# --- values --------------------------------------------------------------------------------


def parse_digits(text: str) -> float | None:
    """A number written in digits, by the separator rule of the module docstring; else None."""
    text = text.strip()
    if not _DIGITS.match(text):
        return None
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
        return float(re.sub(r"[.,]", "", text))
    return float(text.replace(",", "."))


def parse_words(words: Sequence[str]) -> float | None:
    """``forty six``, ``a thousand``, ``1.2 million``, ``two hundred and five``; else None."""
    total = current = 0.0
    seen = False
    for word in (w.lower() for w in words if w not in ("-", "and")):
        digits = parse_digits(word)
        if word in ("a", "an") and not seen:
            current, seen = 1.0, True
        elif digits is not None:
            current, seen = current + digits, True
        elif word in _UNITS or word in _TENS:
            current, seen = current + _UNITS.get(word, 0) + _TENS.get(word, 0), True
        elif word in _SCALES and seen:
            scale = _SCALES[word]
            if scale >= 1000:
                total, current = total + current * scale, 0.0
            else:
                current *= scale
        else:
            return None
    return total + current if seen else None


def is_number_word(token: Token) -> bool:
    lower = token.lower_
    return (
        parse_digits(token.text) is not None
        or lower in _UNITS
        or lower in _TENS
        or lower in _SCALES
        or ("-" in lower and all(p in _UNITS or p in _TENS for p in lower.split("-")))
    )


def _runs(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges ``[start, end)`` of numbers written with digits and/or number words."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        leading_scale = doc[i].lower_ in _SCALES and doc[i].lower_ != "dozen"
        if not is_number_word(doc[i]) or (leading_scale and not (i > 0 and doc[i - 1].lower_ in ("a", "an"))):
            i += 1
            continue
        start = i - 1 if i > 0 and doc[i - 1].lower_ in ("a", "an") and doc[i].lower_ in _SCALES else i
        end = i + 1
        while end < len(doc) and (
            is_number_word(doc[end])
            or (doc[end].text == "-" and end + 1 < len(doc) and doc[end + 1].lower_ in _UNITS)
        ):
            digits_before = parse_digits(doc[end - 1].text) is not None
            if digits_before and doc[end].lower_ not in _SCALES:
                break  # "390 307", "17 one week later" are two numbers; "1.2 million" is one
            if parse_digits(doc[end].text) is not None and doc[end - 1].lower_ not in ("-", "a", "an"):
                break  # "twenty 5" is no number: words then digits
            end += 1
        runs.append((start, end))
        i = end
    # "a thousand", "a dozen": the article belongs to the number
    fixed = []
    for start, end in runs:
        if start > 0 and doc[start - 1].lower_ in ("a", "an") and doc[start].lower_ in _SCALES:
            start -= 1
        fixed.append((start, end))
    return fixed


# --- what a number is not ------------------------------------------------------------------


def _not_a_count(doc: Doc, start: int, end: int) -> bool:
    """Dates, years, times of day, percentages, money, ages and ordinals."""
    text = doc[start:end].text.lower()
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    after2 = doc[end + 1].lower_ if end + 1 < len(doc) else ""
    if re.search(r"[/:]", text) or before in MONTHS or after in MONTHS:
        return True
    if re.fullmatch(r"(19|20)\d\d", text) and not any(
        " ".join(_words_before(doc, start, n)) in BOUND_WORDS for n in (1, 2, 3)
    ):
        return True  # a year
    if after in ("%", "percent", "per", "pm", "am", "p.m.", "a.m.", "o'clock", "gmt", "utc"):
        return True
    if before in ("$", "€", "£", "¥", "aged", "age", "us$") or after in ("dollars", "euros", "pounds"):
        return True
    if after in ("years", "year") and after2 == "old":
        return True
    if end < len(doc) and doc[end - 1].whitespace_ == "" and doc[end].text.startswith("-"):
        return True  # "12-year-old", "three-day", "1,000-for-1,000": a modifier, not a count
    if doc[start].ent_type_ in _NAME_LABELS or (start > 0 and doc[start - 1].pos_ == "PROPN"):
        return True  # "Rossiya 1", "Kursk II": part of a name
    if text == "one" and doc[start].dep_ != "nummod":
        return True  # "one of them said": a pronoun, not a count
    return doc[start].ent_type_ in ("MONEY", "PERCENT", "ORDINAL", "TIME") and not after.isalpha()


def _words_before(doc: Doc, start: int, n: int) -> list[str]:
    return [t.lower_ for t in doc[max(0, start - n) : start]]


@dataclass(frozen=True)
class Number:
    start: int  # first token (bound words included)
    end: int  # token after the number (or the range's second number)
    anchor: int  # the token the parse hangs the number on
    value: float | None
    low: float | None
    high: float | None
    bound: str
    vague_word: str | None


def _vague_numbers(doc: Doc) -> list[Number]:
    found: list[Number] = []
    lowers = [t.lower_ for t in doc]
    for i in range(len(doc)):
        for phrase in sorted(VAGUE, key=len, reverse=True):
            words = phrase.split()
            if lowers[i : i + len(words)] == words and not (i > 0 and lowers[i - 1] == "tens"):
                last = i + len(words) - 1
                if phrase == "several" and doc[last].head.lower_ in TIME_UNITS:
                    break
                low, high = VAGUE[phrase]
                found.append(Number(i, last + 1, last, None, low, high, "range", phrase))
                break
    return found


def _bounded(doc: Doc, start: int, end: int) -> Number | None:
    """One number run with its bound words and, for a range, its second number."""
    words = [t.text for t in doc[start:end]]
    phrase = " ".join(w.lower() for w in words)
    value = _EXACT_PHRASES.get(phrase, parse_words(words))
    if value is None:
        return None
    for n in (3, 2, 1):
        before = " ".join(_words_before(doc, start, n))
        if before in BOUND_WORDS and start - n >= 0:
            bound = BOUND_WORDS[before]
            low = value if bound == "lower" else None
            high = value if bound == "upper" else None
            return Number(start - n, end, end - 1, value, low, high, bound, None)
    return Number(start, end, end - 1, value, None, None, "exact", None)


def _merge_ranges(doc: Doc, numbers: list[Number]) -> list[Number]:
    """``between 10 and 20``, ``10 to 20``, ``10-20``: two numbers become one range."""
    merged: list[Number] = []
    skip: set[int] = set()
    for k, number in enumerate(numbers):
        if k in skip:
            continue
        following = numbers[k + 1] if k + 1 < len(numbers) else None
        joiner = doc[number.end].lower_ if number.end < len(doc) else ""
        before = doc[number.start - 1].lower_ if number.start > 0 else ""
        if (
            following is not None
            and following.start == number.end + 1
            and (joiner in ("to", "-", "–") or (joiner == "and" and before == "between"))
            and number.value is not None
            and following.value is not None
            and number.value < following.value
        ):
            start = number.start - (1 if before == "between" else 0)
            merged.append(
                Number(
                    start, following.end, following.anchor, None, number.value, following.value, "range", None
                )
            )
            skip.add(k + 1)
        else:
            merged.append(number)
    return merged


def find_numbers(doc: Doc) -> list[Number]:
    found = [n for s, e in _runs(doc) if not _not_a_count(doc, s, e) and (n := _bounded(doc, s, e))]
    found = _merge_ranges(doc, found) + _vague_numbers(doc)
    return sorted(found, key=lambda n: n.start)
