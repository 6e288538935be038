"""What alignment works on: one claim with its article, outlet, claimant and quantities.

Built from the rows the store gives for a story (``store.align_inputs.story_claims``);
pure data, so that grouping, relations and verdicts can be tested with hand-made units.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from corroborator.align.actions import own_action_kind

APPROXIMATE = 0.1  # "about N" covers N give or take this share
SHORT_CLAIM = 4  # content words below which a claim leans on its sentence


@dataclass(frozen=True)
class Quantity:
    id: str
    value: float | None
    low: float | None
    high: float | None
    bound: str
    thing: str | None
    action: str | None
    place: str | None = None
    window: tuple[str, str] | None = None  # first and last day, ISO
    parts: tuple[str, ...] = ()
    vague: bool = False
    population: str | None = None  # what is counted, when that is wider than the noun (see relations)
    text: str = ""  # the words that state it ("At least 12 people")

    def interval(self) -> tuple[float, float]:
        """The values the quantity allows, by its bound and the vague-word rule."""
        value = self.value
        if self.bound == "lower":
            return (self.low if self.low is not None else value or 0.0), math.inf
        if self.bound == "upper":
            return 0.0, (self.high if self.high is not None else value or math.inf)
        if self.bound == "range":
            return (self.low or 0.0), (self.high if self.high is not None else math.inf)
        if value is None:
            return 0.0, math.inf
        if self.bound == "approximate":
            return value * (1 - APPROXIMATE), value * (1 + APPROXIMATE)
        return value, value

    @cached_property
    def thing_key(self) -> str:
        """The counted thing's head; "drones and missiles" keeps both heads (a mixed count)."""
        if self.population:
            return self.population
        if self.thing and " and " in self.thing:
            return "+".join(sorted(head_word(part) for part in self.thing.split(" and ")))
        return head_word(self.thing)

    @cached_property
    def action_key(self) -> str:
        return head_word(self.action, last=False)

    @cached_property
    def kind(self) -> str | None:
        """The kind of its action phrase (``align.actions``), None when unknown."""
        return own_action_kind(self.action)


@dataclass(frozen=True)
class Unit:
    """One claim of a story, as alignment sees it."""

    claim_id: str
    article_id: str
    outlet: str
    text: str
    status: str
    claimant: str
    copy_group: str | None = None
    genre: str = "news"
    chain: tuple[str, ...] = ()
    source_mentions: tuple[tuple[str, str, str], ...] = ()  # (entity, label, text) in the source
    entity_ids: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    denials: tuple[str, ...] = ()
    hedges: tuple[str, ...] = ()
    outlet_country: str | None = None
    outlet_state: bool | None = None
    source_resolved: str | None = None
    context: str = ""  # the sentence that holds the claim
    article_people: tuple[str, ...] = ()  # the person entities the claim's article names
    published: str | None = None  # the article's publication time, ISO
    external: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def own_voice(self) -> bool:
        return self.claimant == self.outlet or not self.chain or self.chain[0] == self.outlet

    @cached_property
    def short(self) -> bool:
        """A clause of a few words ("it did not", "that claim") means little without its sentence."""
        return len(content_words(self.text)) < SHORT_CLAIM

    @cached_property
    def key(self) -> str:
        """The text folded: copies of one sentence share it. A short claim keeps its sentence
        in the key, so that "that claim" rejected in two articles is two claims."""
        if self.short and self.context:
            return f"{fold_text(self.context)} | {fold_text(self.text)}"
        return fold_text(self.text)


# A claim that only points back at another ("rejected that claim"): it denies or confirms
# what its article said just before.
_POINTER = re.compile(
    r"(that|this|the|those|these|such)( \w+)? (claims?|accounts?|reports?|allegations?|assertions?|"
    r"statements?|versions?|accusations?|charges?)",
    re.IGNORECASE,
)


def points_back(text: str) -> bool:
    return bool(_POINTER.fullmatch(text.strip(" .,\"'")))


def negative(unit: Unit) -> bool:
    """A denial: it and a claim stated outright are never one proposition."""
    return unit.status == "denied" or bool(unit.denials)


_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def fold_text(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTES).lower()).strip(" \"'.,;:")


_WORD = re.compile(r"[a-z]+")
_TOKEN = re.compile(r"[^\W_]+")
STOPWORDS = frozenset(
    "the a an of to in on and or but that this these those was were is are be been being had has have "
    "it its his her their they them he she we our i my you by for with as at from which who whom whose "
    "said says say told tells according would could will shall may might can not no there than then "
    "also after before over into about more".split()
)


def content_words(text: str) -> list[str]:
    """The text's words without function words, stemmed (numbers kept, commas in them dropped)."""
    words = _TOKEN.findall(text.lower().replace(",", ""))
    return [stem(word) for word in words if word not in STOPWORDS and (len(word) > 1 or word.isdigit())]


_STEMS = ("ing", "ed", "es", "s")


def stem(word: str) -> str:
    for ending in _STEMS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


# Heads that count one kind of thing under other names ("307 servicemen" and "307 of our
# defenders"; "drones" and "UAVs"; "deaths" and "people"), stemmed into SAME_THING.
_SAME_THING_WORDS = {
    "servicemen": "soldiers",
    "serviceman": "soldiers",
    "servicemembers": "soldiers",
    "troops": "soldiers",
    "defenders": "soldiers",
    "uavs": "drones",
    "shaheds": "drones",
    "pows": "prisoners",
    # a count of the dead or the hurt is a count of people ("150 deaths", "115 people killed")
    "deaths": "people",
    "fatalities": "people",
    "victims": "people",
    "casualties": "people",
}


def head_word(phrase: str | None, *, last: bool = True) -> str:
    """A crude head of a noun phrase (its last word) or a verb phrase (its first), stemmed;
    a noun head is read through :data:`SAME_THING`."""
    words = _WORD.findall((phrase or "").lower())
    if not words:
        return ""
    if not last:
        return stem(words[0])
    head = stem(words[-1])
    return SAME_THING.get(head, head)


SAME_THING = {stem(word): stem(same) for word, same in _SAME_THING_WORDS.items()}


def _quantity(row: Mapping[str, Any]) -> Quantity:
    window = None
    if row.get("window_start") and row.get("window_end"):
        window = (str(row["window_start"])[:10], str(row["window_end"])[:10])
    return Quantity(
        id=str(row["id"]),
        value=row.get("value"),
        low=row.get("low"),
        high=row.get("high"),
        bound=str(row.get("bound") or "exact"),
        thing=row.get("counted_thing"),
        action=row.get("action"),
        place=row.get("place"),
        window=window,
        parts=tuple(row.get("parts") or ()),
        vague=bool(row.get("vague")),
        text=str(row.get("text") or ""),
    )


def units_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Unit]:
    """Units from ``story_claims`` rows, in the order given."""
    return [
        Unit(
            claim_id=str(row["id"]),
            article_id=str(row["article_id"]),
            outlet=str(row["outlet"]),
            text=str(row.get("text") or ""),
            status=str(row["status"]),
            claimant=str(row.get("claimant") or row["outlet"]),
            copy_group=row.get("copy_group"),
            genre=str(row.get("genre") or "news"),
            chain=tuple(row.get("chain") or ()),
            source_mentions=tuple(tuple(m) for m in row.get("source_mentions") or ()),
            entity_ids=tuple(row.get("entity_ids") or ()),
            quantities=tuple(_quantity(q) for q in row.get("quantities") or ()),
            denials=tuple(row.get("denials") or ()),
            hedges=tuple(row.get("hedges") or ()),
            outlet_country=row.get("outlet_country"),
            outlet_state=row.get("outlet_state"),
            source_resolved=row.get("source_resolved"),
            context=str(row.get("context") or ""),
            article_people=tuple(row.get("article_people") or ()),
            published=str(row["published"]) if row.get("published") else None,
            external={"start": row.get("start_char"), "end": row.get("end_char")},
        )
        for row in rows
    ]
