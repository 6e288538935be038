"""A claim group's label: the proposition it states, readable on its own.

A claim's text is often the content of a report, cut where the report's words end: "that
the toll had risen", "he had won most of the vote", "responsibility for the attack". As a
label such a text says nothing without its sentence. The label is the first member text,
in the order of preference the group gives, that reads on its own (a subject that is no
pronoun, demonstrative or relative word, at least :data:`MIN_WORDS` content words, no
bullet list); failing that, the first such sentence holding a member ("The mayor said he
had won most of the vote"); failing that, a member whose subject is a pronoun standing for
its named speaker, with the speaker's name in brackets ("[The mayor] had won most of the
vote", "[The mayor]: “We will rebuild the bridge”" for a quote in the first person);
failing that, the best member's text, tidied."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from corroborator.align.origins import is_pronoun
from corroborator.align.units import Unit, content_words
from corroborator.models import UNNAMED

MIN_WORDS = 4
MAX_SENTENCE = 400  # characters: a longer "sentence" is a run of page text, no label
# Words that leave a proposition without its subject when they open it.
BARE_START = frozenset(
    "he she it they we i you him her them us his its their our my your this that these those which "
    "who whom whose what".split()
)
BULLETS = "\u2022\u2023\u25e6\u2043\u2219\u25aa\u25cf\u25a0\u25ba\u27a2"
_LIST_LINE = re.compile(r"(?m)^\s*[-*]\s")
# Words that carry no content beyond the stop words of ``content_words`` (stemmed as it does).
_FUNCTION = frozenset(
    "all any both each few most other some such own same only just very too up down out off again "
    "further once here where when why how am do doe did done hav do onc while whether because until "
    "must should shall per via".split()
)
# The accused and the deed of an accusation, cut from its verb: "the US and Peru of plotting ...".
_ACCUSED = re.compile(r"^(?:the\s+)?(?:[A-Z][\w'\u2019.-]*,?\s+(?:and\s+)?)+of\s+\w+ing\b")
_COMPLEMENTISER = re.compile(r"^(?:that|whether)\s+", re.IGNORECASE)
_EDGE = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e \t\n"
_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")


def tidy(text: str) -> str:
    """The text without a leading "that" or "whether", an unbalanced quotation mark at its
    edges, or the list that follows a bullet, and with its spaces folded."""
    text = " ".join(text.split())
    for bullet in BULLETS:
        text = text.split(bullet, 1)[0]
    text = _COMPLEMENTISER.sub("", text.strip(_EDGE))
    return text.strip(" ,;:-\u2013\u2014")


def reads_alone(text: str) -> bool:
    """Whether ``text`` states something without the sentence around it."""
    words = _WORD.findall(text)
    # An abbreviation in capitals ("US officials") is a name, not the pronoun "us".
    if not words or (words[0].lower() in BARE_START and not (words[0].isupper() and len(words[0]) > 1)):
        return False
    if _ACCUSED.match(text) or sum(word not in _FUNCTION for word in content_words(text)) < MIN_WORDS:
        return False
    return not (any(bullet in text for bullet in BULLETS) or _LIST_LINE.search(text))


def group_label(
    ranked: Sequence[int], units: Sequence[Unit], antecedents: Mapping[int, str] | None = None
) -> str:
    """The label of a group whose members are ``ranked`` best first; ``antecedents`` gives
    the person an opening "he" or "she" stands for, by unit (:func:`antecedents`)."""
    texts = [tidy(units[i].text) for i in ranked]
    for text in texts:
        if reads_alone(text):
            return text
    for i in ranked:
        sentence = tidy(units[i].context)
        if len(sentence) <= MAX_SENTENCE and reads_alone(sentence):
            return sentence
    for i, text in zip(ranked, texts, strict=True):
        spoken = _with_speaker(text, units[i])
        if spoken is not None and reads_alone(spoken):
            return spoken
    for i in ranked:
        named = _with_antecedent(units[i], (antecedents or {}).get(i))
        if named is not None and reads_alone(named):
            return named
    return texts[0] if texts and texts[0] else units[ranked[0]].text


_FIRST_PERSON = frozenset({"i", "we", "my", "our"})
_THIRD_PERSON = frozenset({"he", "she", "it", "they"})


def _with_speaker(text: str, unit: Unit) -> str | None:
    """The text with the pronoun that opens it replaced by its speaker's name: a report's
    own subject pronoun stands for the one who reports ("the mayor said she would ..."),
    and a quote in the first person for the one quoted. None when the speaker has no name."""
    if unit.own_voice or unit.status == "opinion":
        return None
    speaker = unit.source_resolved or unit.claimant
    if not speaker or speaker == UNNAMED or is_pronoun(speaker):
        return None
    words = _WORD.findall(text)
    first = words[0].lower() if words else ""
    if first in _FIRST_PERSON:
        return f"[{speaker}]: \u201c{text}\u201d"
    if first in _THIRD_PERSON and _stands_for(first, speaker, text[len(words[0]) :]):
        return f"[{speaker}]{text[len(words[0]) :]}"
    return None


_DUMMY = re.compile(r"^\s+(?:is|was|would be|will be|has been|had been|seems|appears)\b", re.IGNORECASE)


def _stands_for(pronoun: str, speaker: str, rest: str) -> bool:
    """Whether an opening pronoun can stand for the speaker: "they" for a plural speaker
    ("officials"), "it" for a body and never as the dummy of "it is obvious that ...",
    "he" or "she" for anyone else."""
    plural = speaker.rstrip().lower().endswith("s") and not speaker[:1].isupper()
    if pronoun == "they":
        return plural
    if pronoun == "it":
        return not plural and not _DUMMY.match(rest) and not _named_person(speaker)
    return not plural


_BODY_WORDS = frozenset(
    "service ministry committee agency council office army forces force government department "
    "authority authorities administration command guard guards police navy bureau company group "
    "organisation organization party front court parliament commission".split()
)


def _named_person(speaker: str) -> bool:
    """Whether the speaker is a person's name ("Maria Lund"), not a body's ("the Federal
    Security Service (FSB), the main successor to the KGB": read before its apposition)."""
    words = re.split(r"[,(]", speaker, maxsplit=1)[0].split()
    if any(re.sub("['’]s?$", "", w.lower()) in _BODY_WORDS for w in words):
        return False
    return len(words) >= 2 and all(w[:1].isupper() for w in words[-2:])


_PERSONAL = frozenset({"he", "she", "they"})
_ADJACENT = 3  # characters between two sentences that follow each other ("." and a space or a break)


def _with_antecedent(unit: Unit, person: str | None) -> str | None:
    """The claim's sentence with its opening "he", "she" or "they" replaced by whom it stands for."""
    if person is None:
        return None
    sentence = tidy(unit.context if len(unit.context) <= MAX_SENTENCE else unit.text)
    words = _WORD.findall(sentence)
    if not words or words[0].lower() not in _PERSONAL:
        return None
    return f"[{person}]{sentence[len(words[0]) :]}"


def antecedents(units: Sequence[Unit], people: Mapping[str, Sequence[str]]) -> dict[int, str]:
    """unit index -> the person an opening "he" or "she" of its sentence stands for: the
    first person the sentence just before it names, within its first words ("Ana Ruiz, 30,
    admitted the charge. He is a welder from ..."). ``people`` gives each person entity's
    names; only the persons the claim's article names are looked for. A sentence with no
    claim of its own is not seen, so a pronoun after it is left alone."""
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)  # article -> (start, end, unit)
    for i, unit in enumerate(units):
        start = unit.external.get("start")
        at = unit.context.find(unit.text[:40]) if unit.context else -1
        if start is None or at < 0:
            continue
        begin = int(start) - at
        spans[unit.article_id].append((begin, begin + len(unit.context), i))
    found: dict[int, str] = {}
    for article_spans in spans.values():
        ends = {end: i for _, end, i in article_spans}
        for begin, _, i in article_spans:
            words = _WORD.findall(units[i].context)
            if not words or words[0].lower() not in _PERSONAL:
                continue
            before = next((ends[end] for end in range(begin, begin - _ADJACENT - 1, -1) if end in ends), None)
            if before is None:
                continue
            named = _persons(units[before].context, units[i].article_people, people)
            if words[0].lower() == "they" and len(named) >= 2:
                listed = _name_list(units[before].context, named, people)
                if listed is not None:
                    found[i] = listed
            elif words[0].lower() != "they" and named and _opening(units[before].context, named[0], people):
                found[i] = named[0]
    return found


def _persons(sentence: str, candidates: Sequence[str], people: Mapping[str, Sequence[str]]) -> list[str]:
    """The persons of ``candidates`` the sentence names, in the order it names them."""
    found: dict[str, int] = {}
    for entity in candidates:
        names = people.get(entity, ())
        places = [at for name in names if len(name) > 3 and (at := sentence.find(name)) >= 0]
        if places:
            found[names[0]] = min(places)
    return sorted(found, key=lambda name: found[name])


_NAME = r"[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*"
_NAME_LIST = re.compile(rf"{_NAME}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_NAME})+")


def _name_list(sentence: str, named: Sequence[str], people: Mapping[str, Sequence[str]]) -> str | None:
    """The list of names, as the sentence writes it, that holds every person it names
    ("A, B and C"): "they" after it stands for all of them, those the entities stage missed too."""
    for found in _NAME_LIST.finditer(sentence):
        inside = found.group(0)
        if all(any(name in inside for name in _names_of(person, people)) for person in named):
            return inside
    return None


def _names_of(person: str, people: Mapping[str, Sequence[str]]) -> Sequence[str]:
    return next((names for names in people.values() if names and names[0] == person), (person,))


def _opening(sentence: str, person: str, people: Mapping[str, Sequence[str]]) -> bool:
    """Whether the person is named within the sentence's opening words (its subject)."""
    return any(0 <= sentence.find(name) < 80 for name in _names_of(person, people) if len(name) > 3)
