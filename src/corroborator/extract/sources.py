"""Resolving pronoun and description sources ("he said", "the commander added") to a name.

Part of the extract stage: it runs after :func:`extract_attributions` on the same parse and
adds, for each attribution, the name its source refers to. The source span itself is never
changed, so a caller keeps both the span ("he") and its resolution ("Yuriy Dashkin").

The rules, in the order they are applied to each attribution (in text order):

- **First person** ("I", "we", "my", "our"...) is never resolved: the speaker is the writer or
  someone named in a quotation, and guessing would be worse than leaving it open.
- **Names.** A source holding a PERSON name gives ``None`` when it already carries the fullest
  form of that name seen in the document, else that fullest form ("Dashkin" gives "Yuriy
  Dashkin" when both appear; titles such as "Maj Gen" or "President" and a possessive "'s"
  are not part of the name). Any other named source (an organisation, a place) gives ``None``.
- **Pronouns.** he/him/his and she/her/hers take a person; it/its takes a singular group (an
  ORG or GPE entity, or an earlier source whose head is an organisation noun such as
  "ministry" or "air force"); they/them/their take a group (ORG, GPE, a plural NORP, or an
  earlier source with a plural head such as "Ukrainian officials"), never a single person.
  The antecedent is the most recent compatible referent: an earlier attribution's source or
  an entity that is the subject of its clause, skipping mentions inside reported content
  (in "Dashkin said Putin was there. He added ..." the speaker, not Putin, is "he") and inside
  the attribution's own content. Only when none is found does any other compatible entity
  outside reported content count. When the antecedent is a source with no name ("a senior
  officer said ... he added") the result is that source's words ("a senior officer"): the
  pronoun is that unnamed person, not anyone named nearby.
- **Partitives.** "one of them", "some of those" take the most recent plural group ("two
  people familiar with the preparations said ... one of them said").
- **Gender.** A person is known to be male from "Mr", "spokesman", "chairman"..., and female
  from "Ms", "Mrs", "spokeswoman"...; "he" skips persons known to be female and "she" persons
  known to be male. Unknown gender is compatible with both.
- **Descriptions.** A definite noun phrase ("the commander", "the local air defence
  commander", "the ministry") with no proper noun and no possessor is resolved by its head noun.
  A person-role noun (a built-in list, plus every noun learned from a title before a name,
  "Maj Gen X", "President X", a noun before a name, "air defence commander X", or an
  apposition, "X, the commander," / "the commander, X,") takes the most recent person who was
  given that role earlier in the document; failing that, the source of the previous
  attribution when it is a person. It never falls back to merely the most recent person: a
  description can introduce someone named later. An organisation noun ("the ministry", "the
  air force", "the agency") takes the most recent group whose words contain that noun, else
  the previous attribution's source when it is a group.
- **Distance.** An antecedent more than :data:`MAX_SENTENCES_BACK` sentences before the source's
  sentence is never used; the result is ``None`` instead.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from corroborator.extract.attributions import ExtractedAttribution
from corroborator.extract.pieces import Holders, Piece, ents_within, text_of
from corroborator.extract.source_words import (
    FEMALE_PRONOUNS,
    FEMALE_ROLES,
    FIRST_PERSON,
    MALE_PRONOUNS,
    MALE_ROLES,
    ORGANISATION_NOUNS,
    PARTITIVE,
    PERSON_ROLES,
    PLURAL_PRONOUNS,
    SINGULAR_GROUP_PRONOUNS,
    TITLE_WORDS,
    TITLES,
)

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Doc, Span, Token  # noqa: TID251

MAX_SENTENCES_BACK = 5
"""How many sentences back an antecedent may lie (0 is the source's own sentence)."""

_DEFINITE = frozenset({"the", "this", "that"})
_GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_POSSESSIVE = ("'s", "’s", "'", "’")

Kind = Literal["person", "group"]


@dataclass(frozen=True)
class _Referent:
    """Something a pronoun or description can point back to."""

    start: int
    sentence: int
    kind: Kind
    name: str | None  # None: an unnamed person or group ("a senior officer")
    key: str | None = None  # a person's surname, lower-case: where roles and gender are kept
    plural: bool = False
    salient: bool = True  # an attribution's source or a clause's subject


def _start(referent: _Referent) -> int:
    return referent.start


def _between(referents: list[_Referent], low: int, high: int) -> list[_Referent]:
    """The referents (in text order) that start in ``low:high``."""
    return referents[
        bisect.bisect_left(referents, low, key=_start) : bisect.bisect_left(referents, high, key=_start)
    ]


def resolve_sources(doc: Doc, attributions: Sequence[ExtractedAttribution]) -> list[str | None]:
    """For each attribution, the name its source refers to, or None (already a name, or unknown).

    The list is parallel to ``attributions``; see the module docstring for the rules.
    """
    return _Resolver(doc, attributions).run()


class _Resolver:
    def __init__(self, doc: Doc, attributions: Sequence[ExtractedAttribution]) -> None:
        self.doc = doc
        self.attributions = attributions
        self.sentence_starts = [s.start_char for s in doc.sents]
        self.contents = Holders((i, a.content) for i, a in enumerate(attributions))
        self.fullest: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        # (position, surname key, role noun): roles learned from titles and appositions
        self.roles: list[tuple[int, str, str]] = []
        self.mentions: list[_Referent] = []
        self._read_entities()

    # --- what the document says about its people and groups ---------------------------------

    def _sentence(self, position: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, position) - 1)

    def _in_content(self, start: int, end: int, pieces: Iterable[Piece] | None = None) -> bool:
        if pieces is None:
            return self.contents.covering(start, end)
        return any(p0 <= start and end <= p1 for p0, p1 in pieces)

    def _read_entities(self) -> None:
        places = {e.text.lower() for e in self.doc.ents if e.label_ == "GPE"}
        for ent in self.doc.ents:
            if ent.label_ == "PERSON":
                self._read_person(ent, places)
            elif ent.label_ in _GROUP_LABELS:
                self._read_group(ent)

    def _read_person(self, ent: Span, places: set[str]) -> None:
        name_tokens, titles = _split_title(list(ent))
        if not name_tokens or (len(name_tokens) == 1 and name_tokens[0].text.lower() in places):
            return  # "Kyiv" tagged PERSON in one sentence and GPE in another is a place
        name = _strip_possessive(text_of(self.doc)[name_tokens[0].idx : _end(name_tokens[-1])])
        key = _surname(name)
        known = self.fullest.get(key)
        if known is None or len(name.split()) > len(known.split()):
            self.fullest[key] = name
        roles = set(titles)
        root = ent.root
        roles.update(_role(t) for t in root.lefts if t.i < ent.start and t.pos_ in ("NOUN", "PROPN"))
        roles.update(_role(t) for t in root.children if t.dep_ == "appos" and t.pos_ == "NOUN")
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            roles.add(_role(root.head))
        for role in roles:
            self.roles.append((ent.start_char, key, role))
            if role in MALE_ROLES:
                self.gender.setdefault(key, "m")
            elif role in FEMALE_ROLES:
                self.gender.setdefault(key, "f")
        if not self._in_content(ent.start_char, ent.end_char):
            salient = _is_subject(root)
            self.mentions.append(
                _Referent(ent.start_char, self._sentence(ent.start_char), "person", None, key, False, salient)
            )

    def _read_group(self, ent: Span) -> None:
        root = ent.root
        if ent.label_ == "NORP" and (root.pos_ == "ADJ" or root.tag_ not in ("NNS", "NNPS")):
            return  # "Russian" in "Russian forces" is not a group that speaks
        if self._in_content(ent.start_char, ent.end_char):
            return
        plural = root.tag_ in ("NNS", "NNPS")
        name = _strip_possessive(ent.text)
        self.mentions.append(
            _Referent(
                ent.start_char, self._sentence(ent.start_char), "group", name, None, plural, _is_subject(root)
            )
        )

    def _name_of(self, referent: _Referent) -> str | None:
        if referent.kind == "person" and referent.key is not None:
            return self.fullest.get(referent.key, referent.name)
        return referent.name

    # --- resolving each attribution in turn --------------------------------------------------

    def run(self) -> list[str | None]:
        order = sorted(range(len(self.attributions)), key=lambda i: _first(self.attributions[i].source))
        results: list[str | None] = [None] * len(self.attributions)
        sources: list[_Referent] = []  # earlier attributions' referents, in text order
        for i in order:
            attribution = self.attributions[i]
            if not attribution.source:
                continue
            result, referent = self._resolve(attribution, sources)
            results[i] = result
            if referent is not None:
                sources.append(referent)
        return results

    def _resolve(
        self, attribution: ExtractedAttribution, sources: list[_Referent]
    ) -> tuple[str | None, _Referent | None]:
        start, end = attribution.source[0][0], attribution.source[-1][1]
        sentence = self._sentence(start)
        span = self.doc.char_span(start, attribution.source[0][1], alignment_mode="expand")
        if span is None or len(span) == 0:
            return None, None
        text = text_of(self.doc)[start:end].strip().lower()
        # Both lists are in text order: only the referents of the last few sentences are looked at.
        back = sentence - MAX_SENTENCES_BACK
        low = self.sentence_starts[back] if back > 0 else -1
        nearby = [*_between(sources, low, start), *_between(self.mentions, low, start)]
        earlier = [
            r
            for r in nearby
            if r.start < start
            and sentence - r.sentence <= MAX_SENTENCES_BACK
            and not self._in_content(r.start, r.start + 1, attribution.content)
        ]
        earlier.sort(key=lambda r: r.start)
        if text in FIRST_PERSON:
            return None, None
        if text in MALE_PRONOUNS | FEMALE_PRONOUNS:
            gender = "m" if text in MALE_PRONOUNS else "f"
            found = self._latest(earlier, lambda r: r.kind == "person" and self._gender_fits(r, gender))
            return self._answer(found, start, sentence)
        if text in SINGULAR_GROUP_PRONOUNS:
            found = self._latest(earlier, lambda r: r.kind == "group" and not r.plural)
            return self._answer(found, start, sentence)
        if text in PLURAL_PRONOUNS:
            found = self._latest(earlier, lambda r: r.kind == "group")
            return self._answer(found, start, sentence)
        if PARTITIVE.fullmatch(text):
            found = self._latest(earlier, lambda r: r.kind == "group" and r.plural)
            return self._answer(found, start, sentence)
        described = self._description(span, earlier, sources, sentence)
        if described is not None:
            return described
        return self._named(span, start, sentence)

    def _gender_fits(self, referent: _Referent, gender: str) -> bool:
        known = self.gender.get(referent.key) if referent.key else None
        return known is None or known == gender

    def _latest(self, earlier: list[_Referent], fits: Callable[[_Referent], bool]) -> _Referent | None:
        salient = [r for r in earlier if r.salient and fits(r)]
        if salient:
            return salient[-1]
        others = [r for r in earlier if fits(r)]
        return others[-1] if others else None

    def _answer(
        self, found: _Referent | None, start: int, sentence: int
    ) -> tuple[str | None, _Referent | None]:
        if found is None:
            return None, None
        return self._name_of(found), _Referent(
            start, sentence, found.kind, found.name, found.key, found.plural
        )

    def _description(
        self, span: Span, earlier: list[_Referent], sources: list[_Referent], sentence: int
    ) -> tuple[str | None, _Referent | None] | None:
        """A definite description's resolution, or None when the source is not one."""
        tokens = [t for t in span if not t.is_punct]
        if not tokens or tokens[0].lower_ not in _DEFINITE:
            return None
        if any(t.pos_ == "PROPN" or t.tag_ == "POS" or t.dep_ == "poss" for t in tokens[1:]):
            return None
        head = span.root
        role = _role(head)
        start = span.start_char
        previous = next((r for r in reversed(sources) if sentence - r.sentence <= MAX_SENTENCES_BACK), None)
        if role in ORGANISATION_NOUNS or head.lower_ in ORGANISATION_NOUNS:
            words = {role, head.lower_}
            found = next(
                (r for r in reversed(earlier) if r.kind == "group" and r.name and words & _words(r.name)),
                None,
            )
            if (
                found is None
                and previous is not None
                and previous.kind == "group"
                and "\n" not in text_of(self.doc)[previous.start : start]
            ):
                # "NATO said ... The alliance added": the speaker just before, in the same
                # paragraph; a new paragraph's "The army said" is as often the other side
                found = previous
            if found is None:  # a first mention: the description is the only name it has
                text = text_of(self.doc)[span.start_char : span.end_char]
                return None, _Referent(start, sentence, "group", text, None, head.tag_ == "NNS")
            return self._answer(found, start, sentence)
        learned = {r for _, _, r in self.roles}
        if role not in PERSON_ROLES and role not in learned:
            return None
        holders = {key for position, key, r in self.roles if r == role and position < start}
        found = next(
            (r for r in reversed(earlier) if r.kind == "person" and r.key in holders),
            None,
        )
        if found is None and previous is not None and previous.kind == "person":
            found = previous
        if found is None:
            return None, _Referent(start, sentence, "person", None)
        return self._answer(found, start, sentence)

    def _named(self, span: Span, start: int, sentence: int) -> tuple[str | None, _Referent | None]:
        """A source that names someone (or describes an unnamed one): its fullest name or None."""
        for ent in ents_within(span):
            if ent.label_ == "PERSON":
                name_tokens, _ = _split_title(list(ent))
                if not name_tokens:
                    continue
                name = _strip_possessive(text_of(self.doc)[name_tokens[0].idx : _end(name_tokens[-1])])
                key = _surname(name)
                if key not in self.fullest:
                    continue
                fullest = self.fullest[key]
                referent = _Referent(start, sentence, "person", name, key)
                return (None if fullest == name else fullest), referent
        surnames = [t.lower_ for t in span if t.pos_ == "PROPN" and t.lower_ in self.fullest]
        if surnames:  # a surname the tagger did not label PERSON here
            key = surnames[-1]
            name = _strip_possessive(span.text.strip())
            fullest = self.fullest[key]
            referent = _Referent(start, sentence, "person", fullest, key)
            return (None if fullest.lower() in name.lower() else fullest), referent
        head = span.root
        text = _strip_possessive(span.text.strip())
        plural = head.tag_ in ("NNS", "NNPS")
        if _role(head) in PERSON_ROLES and not plural:  # "a Ukrainian officer": a person, unnamed
            return None, _Referent(start, sentence, "person", text)
        if (
            any(e.label_ in _GROUP_LABELS for e in ents_within(span))
            or _role(head) in ORGANISATION_NOUNS
            or plural
        ):
            return None, _Referent(start, sentence, "group", text, None, plural)
        return None, None


def written_name(doc: Doc, pieces: tuple[Piece, ...]) -> str:
    """The name a source gives: its person's name less titles and possessive (a surname or a
    first name alone taken to the fullest name that ends or starts with it earlier in the
    text), else the group's name it ends with ("Russia's Defence Ministry", but "a Russian
    general" is no name of a group), else its words."""
    start, end = pieces[0][0], pieces[-1][1]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        last = max((t.i for t in span if not t.is_punct and t.tag_ != "POS"), default=span.end - 1)
        for label in ("PERSON", *_GROUP_LABELS):
            for ent in ents_within(span):
                fits = ent.label_ == label and (label == "PERSON" or ent.end - 1 >= last)
                name_tokens, _ = _split_title(list(ent)) if fits else ([], [])
                if name_tokens:
                    name = _strip_possessive(text_of(doc)[name_tokens[0].idx : _end(name_tokens[-1])])
                    return fullest_name(doc, name, start) if label == "PERSON" else name
        words = [t for t in span if not t.is_punct]
        if len(words) == 1 and words[0].pos_ == "PROPN":
            return fullest_name(doc, _strip_possessive(words[0].text), start)
        named = _leading_name(list(span))
        if named:
            return named
    return _strip_possessive(text_of(doc)[start:end].strip())


def _leading_name(tokens: list[Token]) -> str:
    """``Jo Reid, a senior analyst``: the capitalised proper nouns before an apposition's comma."""
    run = []
    for token in tokens:
        if token.pos_ != "PROPN" or not token.text[:1].isupper():
            break
        run.append(token)
    follows = tokens[len(run)] if len(run) < len(tokens) else None
    if not 2 <= len(run) <= 4 or follows is None or follows.text != ",":
        return ""
    return text_of(run[0].doc)[run[0].idx : _end(run[-1])]


def fullest_name(doc: Doc, name: str, near: int) -> str:
    """The fullest person's name in the text that ends or starts with a one-word ``name``
    ("Lincicome" for "Brittany Lincicome"): the latest before ``near``, else the first after
    it; else the name itself."""
    if " " in name:
        return name
    before: str | None = None
    for start, fuller in _full_names(doc).get(name, ()):
        if start >= near:
            return before or fuller
        before = fuller
    return before or name


_FULL_NAMES = "corroborator.full_names"


def _full_names(doc: Doc) -> dict[str, list[tuple[int, str]]]:
    """Names of two words or more by their first and last word, in text order, read once per
    doc: PERSON entities (titles off) and runs of capitalised proper nouns the tagger did not
    label ("Brittany Lincicome" after a dateline)."""
    cached = doc.user_data.get(_FULL_NAMES)
    if isinstance(cached, dict):
        return cached
    runs: list[list[Token]] = [_split_title(list(ent))[0] for ent in doc.ents if ent.label_ == "PERSON"]
    run: list[Token] = []
    for token in doc:
        if (
            token.pos_ == "PROPN"
            and token.text[:1].isupper()
            and not token.is_upper
            and token.ent_type_ != "PERSON"
        ):
            run.append(token)
            continue
        if 2 <= len(run) <= 3:
            runs.append(run)
        run = []
    found: dict[str, list[tuple[int, str]]] = {}
    for tokens in sorted((r for r in runs if len(r) > 1), key=lambda r: r[0].idx):
        fuller = _strip_possessive(text_of(doc)[tokens[0].idx : _end(tokens[-1])])
        for word in {tokens[0].text, tokens[-1].text}:
            found.setdefault(word, []).append((tokens[0].idx, fuller))
    doc.user_data[_FULL_NAMES] = found
    return found


def _first(pieces: tuple[Piece, ...]) -> int:
    return pieces[0][0] if pieces else -1


def _end(token: Token) -> int:
    return token.idx + len(token.text)


def _role(token: Token) -> str:
    word = token.lower_.rstrip(".")
    return TITLES.get(word, token.lemma_.lower() if token.pos_ == "NOUN" else word)


def _split_title(tokens: list[Token]) -> tuple[list[Token], list[str]]:
    """A PERSON entity's tokens less its leading titles ("Maj Gen"), and those titles as roles."""
    titles: list[str] = []
    while len(tokens) > 1 and tokens[0].lower_.rstrip(".") in TITLE_WORDS:
        titles.append(_role(tokens[0]))
        tokens = tokens[1:]
    while tokens and (tokens[-1].text in _POSSESSIVE or tokens[-1].is_punct):
        tokens = tokens[:-1]
    return tokens, titles


def _strip_possessive(text: str) -> str:
    for ending in _POSSESSIVE:
        if text.endswith(ending):
            return text[: -len(ending)].rstrip()
    return text


def _surname(name: str) -> str:
    return name.split()[-1].lower()


def _words(text: str) -> set[str]:
    return {w.strip(".,'’").lower() for w in text.split()}


def _is_subject(token: Token) -> bool:
    if token.dep_ in _SUBJECT_DEPS:
        return True
    return token.dep_ == "appos" and token.head.dep_ in _SUBJECT_DEPS
