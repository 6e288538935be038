"""Quantity claims: numbers with what they count, the action, who says so, where and when.

Part of the extract stage: it reads one parsed piece of an article (a spaCy ``Doc``) and the
attributions already found in it, and returns one ``ExtractedQuantity`` per counted number.

The rules, in one place (tests pin each of them):

- **Values.** Digits (``46``, ``1,000``, ``2.5``), number words (``forty-six``, ``a thousand``),
  and a digit with a scale word (``1.2 million``). In digits, a dot or a comma followed by
  exactly three digits is a thousands separator, followed by one or two digits a decimal
  mark: ``1.000`` is 1000 (European thousands), ``2,5`` is 2.5 (European decimal), ``1,000``
  is 1000 and ``2.5`` is 2.5. Counts of things are whole numbers, so three places after a
  mark are read as a group of thousands, never as a decimal.
- **Bounds.** ``more than / over / at least / upwards of`` give ``lower`` (``low`` = N);
  ``nearly / almost / up to / fewer than / less than / under / no more than`` give ``upper``
  (``high`` = N); ``about / around / roughly / some / approximately / an estimated`` give
  ``approximate``; ``between A and B``, ``A to B`` and ``A-B`` give ``range`` (value None).
- **Vague words** map to ranges by one rule (``VAGUE``), with ``vague=True``, bound ``range``
  and value None: a few 2-5, several 3-9, dozens 24-99, scores 40-99, hundreds 200-999,
  thousands 2,000-9,999, tens of thousands 20,000-99,999, millions 2,000,000-9,999,999.
  ``a dozen`` is the exact 12 and ``a couple of`` the exact 2.
- **Not quantities** (dropped): dates and date parts (``03/05``, ``May 25``, ``25 May``),
  years (a bare four-digit 1900-2099 not preceded by a bound word), times of day (``10:30``,
  ``3 pm``), percentages (a share, not a count), money, ordinals, ages (``aged 12``,
  ``12-year-old``, ``12 years old``), durations (a counted thing that is a unit of time:
  ``three days``), and numbers with no counted thing found. The counted thing is the noun the
  number modifies (``46 drones``), the noun after ``of`` (``45 of the missiles``, ``dozens of
  missiles``), ``people`` for ``12 dead`` / ``60 injured``, a coordinated number's noun
  (``390 people on Friday, 307 on Saturday``), the noun of ``the number/toll of X`` in the
  sentence, else the counted thing of the previous quantity in the sentence.
- **Claimant**: the source of the innermost attribution whose content holds the number; a
  pronoun source (``he said``) is read as the nearest earlier non-pronoun source; ``X put the
  toll/number at N`` makes X the claimant; else the outlet.
- **Place**: the GPE/LOC/FAC entity nearest the number in its clause, else in its sentence,
  leaving out entities inside an attribution's source (``Ukraine's air force said``).
- **Window**: the time expression nearest the number in its sentence, resolved against the
  publication time (see ``resolve_window``); ``end`` is the last day included. ``six of the
  missiles`` with no time of its own takes the window of the last earlier count of missiles.
- **Parts**: ``A X and B Y`` (two coordinated exact quantities) are parts of a total when a
  quantity of value A+B appears in the same text; the total lists the parts' spans and each
  part points to the total's span.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from corroborator.extract.attributions import ExtractedAttribution
from corroborator.extract.cue_words import SPEECH_VERBS
from corroborator.extract.numbers import TIME_UNITS, VAGUE, Number, find_numbers, is_number_word
from corroborator.extract.pieces import Holders, Piece, ents_within, text_of
from corroborator.extract.residues import NUMBER_NOUNS, estimator
from corroborator.extract.source_words import PARTITIVE, THIRD_PERSON
from corroborator.extract.windows import ExtractedWindow, window_of
from corroborator.models.common import PartialTime

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Doc, Span, Token  # noqa: TID251

_NOT_COUNTED = frozenset("percent per cent % time times year-old".split())
_CASUALTY = {
    "dead": "killed",
    "killed": "killed",
    "injured": "injured",
    "wounded": "wounded",
    "missing": "missing",
}
_PLACE_LABELS = ("GPE", "LOC", "FAC")
_NAME_LABELS = frozenset("ORG PRODUCT WORK_OF_ART EVENT LAW PERSON FAC".split())
_LOCATIVE = frozenset("in over across at near into inside around throughout".split())
_ADVERB_PARTICLES = frozenset("home back down up off out away".split())


@dataclass(frozen=True)
class ExtractedQuantity:
    """One quantity claim found in a text; spans are character offsets into ``doc.text``."""

    span: Piece
    text: str
    value: float | None
    low: float | None
    high: float | None
    bound: str
    vague: bool
    vague_word: str | None
    counted_thing: str | None
    action: str | None
    claimant: str
    place: str | None
    window: ExtractedWindow | None
    sentence: Piece
    parts: tuple[Piece, ...] = field(default=())
    part_of: Piece | None = None


# --- the counted thing ----------------------------------------------------------------------


def _noun_after_of(doc: Doc, end: int) -> Token | None:
    """``45 of the missiles``, ``dozens of drones``: the object of ``of`` right after."""
    position = end + (1 if end < len(doc) and doc[end].lower_ == "more" else 0)
    if position < len(doc) and doc[position].lower_ == "of":
        objects = [c for c in doc[position].children if c.dep_ == "pobj"]
        if objects and objects[0].pos_ in ("NOUN", "PROPN"):
            return objects[0]
    return None


def _modified_noun(doc: Doc, start: int, end: int) -> Token | None:
    """The noun the number modifies, in the parse or right after it."""
    found = _noun_after_of(doc, end)
    if found is not None:
        return found
    for token in doc[start:end]:
        head = token.head
        if (
            token.dep_ in ("nummod", "quantmod", "compound")
            and head.i >= end
            and head.pos_ in ("NOUN", "PROPN")
        ):
            return head.head if head.dep_ == "compound" and head.head.i > head.i else head
    position = end
    while position < len(doc) and position < end + 4 and doc[position].pos_ in ("ADJ", "NOUN", "PROPN"):
        if doc[position].pos_ == "NOUN" and (position + 1 == len(doc) or doc[position + 1].pos_ != "NOUN"):
            return doc[position]
        position += 1
    return None


def counted_phrase(noun: Token) -> str:
    """``drones``, ``ballistic missiles``, ``cities and villages``: compounds and non-national
    adjectives before the noun, and its coordinated nouns that carry no number of their own."""
    keep = [
        t
        for t in noun.lefts
        if (t.dep_ == "compound" and t.pos_ == "NOUN")
        or (
            t.dep_ == "amod"
            and t.ent_type_ not in ("NORP", "GPE")
            and t.lower_ not in ("more", "other", "few", *VAGUE)
            and not is_number_word(t)
        )
    ]
    words = [t.lower_ for t in keep if t.i == noun.i - len(keep) + keep.index(t)] + [noun.lower_]
    for conj in (c for c in noun.children if c.dep_ == "conj" and c.pos_ == "NOUN"):
        between = noun.doc[noun.i + 1 : conj.i]
        if [t.lower_ for t in between] in (["and"], ["or"]):
            words += [between[0].lower_, conj.lower_]
    return " ".join(words)


# --- the action, claimant, place -----------------------------------------------------------


def action_of(token: Token) -> str | None:
    """The verb that governs the counted noun, with its particle (``shot down``) or ``with``."""
    current, via_with = token, False
    for _ in range(8):
        if current.pos_ == "VERB" and current is not token:
            if current.lemma_.lower() in SPEECH_VERBS:
                return None
            particles = [
                c.text
                for c in current.children
                if c.dep_ == "prt"
                or (c.dep_ == "advmod" and c.lower_ in _ADVERB_PARTICLES and c.i > current.i)
            ]
            return " ".join([current.text, *particles, *(["with"] if via_with else [])]).lower()
        preposition = current.head
        if (
            current.dep_ == "pobj"
            and preposition.lower_ == "with"
            and preposition.head.pos_ == "VERB"
            and (preposition.head.i < preposition.i)
        ):
            via_with = True
        if current.head is current or current.dep_ in ("ccomp", "advcl", "relcl"):
            return None
        current = current.head
    return None


def contents_of(attributions: Sequence[ExtractedAttribution]) -> Holders:
    """The content pieces of the attributions that name a source, indexed by position."""
    return Holders((i, a.content) for i, a in enumerate(attributions) if a.source)


def claimant_of(
    doc: Doc,
    position: int,
    verb: Token | None,
    attributions: Sequence[ExtractedAttribution],
    outlet: str,
    contents: Holders | None = None,
) -> str:
    """The innermost attribution's source (pronouns read back), ``X put the toll at``, else the outlet."""
    holding = (contents or contents_of(attributions)).holding(position)
    if holding:
        chosen = min(sorted(holding), key=lambda i: sum(e - s for s, e in attributions[i].content))
        text = attributions[chosen].text(text_of(doc), "source")
        if _pronoun_like(text):
            before = attributions[chosen].source[0][0]
            for other in reversed(attributions):
                if other.source and other.source[0][0] < before:
                    named = other.text(text_of(doc), "source")
                    if not _pronoun_like(named):
                        return named
        return text
    return estimator(verb) or outlet


def _pronoun_like(text: str) -> bool:
    return text.lower() in THIRD_PERSON or PARTITIVE.fullmatch(text.lower()) is not None


def place_of(sentence: Span, anchor: Token, verb: Token | None, sources: Holders) -> str | None:
    """The place entity nearest the number, in its clause first (never one inside a source)."""
    places = [
        e
        for e in ents_within(sentence)
        if e.label_ in _PLACE_LABELS
        and not sources.holding(e.start_char)
        and e.root.dep_ == "pobj"
        and e.root.head.lower_ in _LOCATIVE
    ]
    if not places:
        return None
    clause = {t.i for t in verb.subtree} if verb is not None else set()
    inside = [e for e in places if e.start in clause] or places
    return min(inside, key=lambda e: abs(e.start - anchor.i)).text


def _counted(
    doc: Doc, number: Number, earlier: list[tuple[Number, Token | None, str]]
) -> tuple[Token | None, str | None, str | None]:
    """The counted noun token (if in the text after the number), its phrase, and a casualty action."""
    after = doc[number.end].lower_ if number.end < len(doc) else ""
    if after in _CASUALTY:
        return None, "people", _CASUALTY[after]
    noun = _modified_noun(doc, number.anchor, number.end)
    anchor = doc[number.anchor]
    if noun is None or noun.lemma_.lower() in TIME_UNITS:  # "has risen to 17 one week after"
        toll = _toll_of(doc, number)
        if toll is not None:
            return None, "people", toll or None
    if noun is not None:
        return noun, counted_phrase(noun), None
    first = anchor
    while first.dep_ in ("conj", "appos") and first.head is not first:
        first = first.head
    sentence = anchor.sent
    # Only numbers of the same sentence can share a counted thing: look back no further.
    same_sentence = []
    for other, noun_token, phrase in reversed(earlier):
        if other.anchor < sentence.start:
            break
        same_sentence.append((other, noun_token, phrase))
    same_sentence.reverse()
    for other, noun_token, phrase in same_sentence:
        if first is not anchor and first.i in (other.anchor, noun_token.i if noun_token is not None else -1):
            return None, phrase, None
    for token in sentence:
        if token.lemma_.lower() in NUMBER_NOUNS:
            of = next((c for c in token.children if c.lower_ == "of"), None)
            objects = [c for c in of.children if c.dep_ == "pobj"] if of is not None else []
            if objects and objects[0].i != number.anchor:
                return None, counted_phrase(objects[0]), None
    same = [p for _other, _t, p in same_sentence if p]
    return (None, same[0], None) if same else (None, None, None)


# A toll is a count of people: "the death toll rose to 17", "put the toll at 40", "estimated
# the toll in the hundreds", "the toll was 9". A toll of deaths (or a bare toll, as the press
# uses it) counts the killed; a casualty toll counts the killed and the hurt together.
_TOLL_PREPOSITIONS = frozenset("to at in of".split())
_TOLL_KINDS = {"death": "killed", "casualty": "", "injury": "injured"}
_TOLL_SLOTS = frozenset(("nsubj", "nsubjpass", "dobj"))


def _toll_of(doc: Doc, number: Number) -> str | None:
    """The casualty action of a number that states a toll ("" when the toll counts more than
    one kind of casualty), or None when the number is no toll's."""
    anchor = doc[number.anchor]
    token = anchor
    if token.dep_ == "pobj" and token.head.lower_ in _TOLL_PREPOSITIONS:
        token = token.head
    elif number.start > 0 and doc[number.start - 1].lower_ in _TOLL_PREPOSITIONS:
        token = doc[number.start - 1]  # "risen to 17 one week after": the number is misparsed
    holder = token.head
    if holder.i == token.i:
        return None
    tolls = [holder] if holder.lemma_.lower() == "toll" else []
    if holder.pos_ in ("VERB", "AUX") and token.dep_ in ("prep", "attr", "dobj", "npadvmod", "dative"):
        tolls += [c for c in holder.children if c.dep_ in _TOLL_SLOTS and c.lemma_.lower() == "toll"]
    for toll in tolls:
        if toll.dep_ == "compound" or toll.i == anchor.i:
            continue
        kinds = [c.lemma_.lower() for c in toll.lefts if c.dep_ in ("compound", "amod")]
        if not kinds:
            return "killed"
        if kinds[-1] in _TOLL_KINDS:
            return _TOLL_KINDS[kinds[-1]]
    return None


def _verb_of(token: Token) -> Token | None:
    current = token
    for _ in range(8):
        if current.pos_ == "VERB" and current is not token:
            return current
        if current.head is current:
            return current if current.pos_ in ("VERB", "AUX") else None
        current = current.head
    return None


def extract_quantities(
    doc: Doc,
    attributions: Sequence[ExtractedAttribution],
    published: PartialTime | None,
    outlet: str,
) -> list[ExtractedQuantity]:
    """The quantity claims of a parsed text, in text order (see the module docstring's rules)."""
    found: list[ExtractedQuantity] = []
    earlier: list[tuple[Number, Token | None, str]] = []
    sources = Holders((i, a.source) for i, a in enumerate(attributions))
    contents = contents_of(attributions)
    for number in find_numbers(doc):
        noun, phrase, casualty = _counted(doc, number, earlier)
        if phrase is None or phrase.split()[-1].rstrip("s") in TIME_UNITS or phrase in _NOT_COUNTED:
            continue
        earlier.append((number, noun, phrase))
        anchor = doc[number.anchor]
        last = (
            max([noun.i, *(c.i for c in noun.children if c.dep_ == "conj" and c.pos_ == "NOUN")])
            if noun
            else None
        )
        if last is not None and phrase and " and " not in phrase:
            last = noun.i if noun is not None else None
        end_token = doc[last] if last is not None and last >= number.end else doc[number.end - 1]
        if casualty and number.end < len(doc) and doc[number.end].lower_ in _CASUALTY:
            end_token = doc[number.end]  # "12 dead"
        action = casualty or action_of(noun if noun is not None else anchor)
        verb = _verb_of(noun if noun is not None else anchor)
        sentence = anchor.sent
        start_char, end_char = doc[number.start].idx, end_token.idx + len(end_token.text)
        found.append(
            ExtractedQuantity(
                span=(start_char, end_char),
                text=text_of(doc)[start_char:end_char],
                value=number.value,
                low=number.low,
                high=number.high,
                bound=number.bound,
                vague=number.vague_word is not None,
                vague_word=number.vague_word,
                counted_thing=phrase,
                action=action,
                claimant=claimant_of(doc, anchor.idx, verb, attributions, outlet, contents),
                place=place_of(sentence, anchor, verb, sources),
                window=window_of(sentence, anchor, published) or _set_window(doc, number, phrase, found),
                sentence=(sentence.start_char, sentence.end_char),
            )
        )
    return link_parts(doc, found)


_DEFINITE = frozenset("the those these them its their".split())
SET_LOOK_BACK = 40  # earlier counts looked at for the set "six of the missiles" is part of


def _set_window(
    doc: Doc, number: Number, phrase: str, found: Sequence[ExtractedQuantity]
) -> ExtractedWindow | None:
    """``six of the missiles``: a part of a set counted before, in the window of that count."""
    position = number.end
    if position + 1 >= len(doc) or doc[position].lower_ != "of" or doc[position + 1].lower_ not in _DEFINITE:
        return None
    return next(
        (
            q.window
            for q in reversed(found[-SET_LOOK_BACK:])
            if q.window is not None and _head(q.counted_thing) == _head(phrase)
        ),
        None,
    )


def _head(phrase: str | None) -> str:
    words = (phrase or "").lower().split()
    return words[-1].rstrip("s") if words else ""


def link_parts(doc: Doc, found: list[ExtractedQuantity]) -> list[ExtractedQuantity]:
    """``A X and B Y`` with a total A+B stated in the same text: link the total and its parts."""
    result = list(found)
    exact: dict[float, list[int]] = {}
    for t, candidate in enumerate(found):
        if candidate.value is not None and candidate.bound == "exact":
            exact.setdefault(candidate.value, []).append(t)
    for k, first in enumerate(found[:-1]):
        second = found[k + 1]
        between = text_of(doc)[first.span[1] : second.span[0]].strip().lower()
        if between != "and" or first.value is None or second.value is None or first.bound != "exact":
            continue
        total = first.value + second.value
        for t in exact.get(total, []):
            candidate = result[t]
            if candidate.value == total and candidate.bound == "exact" and t not in (k, k + 1):
                result[t] = replace(candidate, parts=(first.span, second.span))
                result[k] = replace(result[k], part_of=candidate.span)
                result[k + 1] = replace(result[k + 1], part_of=candidate.span)
                break
    return result
