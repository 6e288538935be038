"""Claims with their epistemic status, built from the parse and the attributions of one article.

This sits in the extract stage after :mod:`corroborator.extract.attributions`: it reads the
attributions already found and the sentences of the same spaCy ``Doc``, and says, for each
proposition the article puts forward, how sure the article is of it and who stands behind it.

Claims from attributions (one claim per attribution; the span runs from the first to the last
character of the content):

- ``denied`` when the cue is a verb of denial (``denied``, ``rejected``, ``dismissed``,
  ``refuted``, ``rebutted``...) or the content denies (``no ... ever``, ``never``, ``did not``,
  ``was not``, ``not true``, ``false``, ``baseless``); the words found go to ``denials``.
- else ``hedged`` when a hedge cue applies (its words go to ``hedges``): the cue is ``claimed``
  or ``alleged``; the cue's sentence or the content has ``reportedly``, ``allegedly``,
  ``purportedly``, ``supposedly``, ``could not be (independently) verified``, ``unverified``,
  ``unconfirmed``, ``it is said``, ``is believed to``...; or the cue is ``according to`` with
  a vague source (no named entity, and a head such as ``sources``, ``reports``, ``officials``).
- else ``opinion`` when the writer is the one who thinks it: a first-person source (``I doubt
  ...``) or a first-person phrase on the cue itself (``In my view, the episode shows that ...``).
- else ``attributed``.

Nesting: an attribution whose cue (or source) lies inside another attribution's content hangs
from the one with the smallest such content; an ``according to Y`` that heads a sentence is the
parent of every later attribution of that sentence. The chain is the sources' texts, innermost
first, ending with the outlet: "According to Astra, Dashkin claimed X" gives X with the chain
``("Dashkin", "Astra", outlet)`` and the claimant ``"Dashkin"``. A nested attribution with no
source span adds the link ``"(unnamed)"`` ("The firm rejected claims that X": X is claimed by
someone unnamed, not by the firm); one that is not nested adds none. ``X seems/appears to Y``
(the attribution rule ``verb-raising``) is not someone else's claim: its sentence stays in the
outlet's voice, hedged by ``appears to``.

Claims in the outlet's own voice: every sentence holding no attribution cue and not mostly
(half or more of its characters) inside attribution content, that has a verb and a concrete
detail (a number, a named entity, a date or a place), becomes a claim over the whole sentence:

- ``opinion`` when the writer speaks in the first person outside quotations, when the
  subjectivity classifier (``subjective``) says so, or when it has two or more evaluative
  words from :data:`corroborator.extract.subjectivity.EVALUATIVE`;
- else ``hedged`` with hedges such as ``reportedly``, ``allegedly``, ``appears to``, ``may
  have``, ``is believed to``, ``could not be verified``, or a leading ``If``;
- else ``asserted``.

A sentence with a cue still gives its own claim for the count its main clause states outside
every attribution (:mod:`corroborator.extract.residues`): the outlet's, or the speaker's when the
speaker is the clause's subject ("The minister put the toll at 12, adding that ..."). An
outlet-voice sentence of the form ``X put the toll/number at N`` is ``X``'s (``attributed``).

What a source says of its own anonymity ("asked not to be named because he was not authorised
to speak") gives no claim.

Questions, sentences without a verb (headlines, datelines), sentences without a concrete
detail, and boilerplate (disclaimers, author notes, copyright, "sign up") give no claim.
``subjective`` on each claim is the classifier's answer for the claim's text, ``None`` when
no classifier was given. The chain of an outlet-voice claim is ``(outlet,)``.

:func:`corroborator.extract.genre.article_genre` names the article's genre from its title, text
and claims.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corroborator.extract.attributions import ExtractedAttribution
from corroborator.extract.furniture import furniture, in_furniture
from corroborator.extract.pieces import Holders, Piece, ents_within, text_of
from corroborator.extract.quote_marks import Quotes, quotations
from corroborator.extract.residues import estimator, residue
from corroborator.extract.subjectivity import FIRST_PERSON, evaluative_words, first_person
from corroborator.models.claim import UNNAMED, EpistemicStatus
from corroborator.models.common import LIST_ITEM

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Doc, Span, Token  # noqa: TID251

Subjective = Callable[[str], bool]
"""Sentence text in, ``True`` when the sentence gives the writer's view."""

DENIAL_CUES = frozenset("deny reject dismiss refute rebut disown contradict disavow dispute".split())
HEDGE_CUES = frozenset("claim allege".split())
# Hedges, as patterns over the text; each match's text is recorded as found.
HEDGE_PATTERNS = (
    r"\breportedly\b",
    r"\ballegedly\b",
    r"\bpurportedly\b",
    r"\bsupposedly\b",
    r"\bostensibly\b",
    r"\bapparently\b",
    r"\bcould not (?:be )?(?:independently )?(?:verif(?:y|ied)|confirm(?:ed)?)\b",
    r"\bcannot (?:be )?(?:independently )?(?:verif(?:y|ied)|confirm(?:ed)?)\b",
    r"\b(?:un|not independently )verified\b",
    r"\bunconfirmed\b",
    r"\bnot (?:been )?(?:independently )?confirmed\b",
    r"\bit is (?:said|claimed|alleged|believed|thought|rumou?red)\b",
    r"\b(?:is|are|was|were) (?:said|believed|thought|reported|rumou?red) to\b",
    r"\b(?:appears?|appeared|seems?|seemed) to\b",
    r"\b(?:may|might|could) have\b",
    r"\b(?:possibly|probably|presumably|likely)\b",
    r"\breally\b",
)
# Hedges that only the outlet's own sentences take: a conditional is the writer's caution.
OUTLET_HEDGE_PATTERNS = (r"^\s*if\b",)
DENIAL_PATTERNS = (
    r"\bno\b[^.;]*?\bever\b",
    r"\bnever\b",
    r"\b(?:did|does|do|was|were|is|are|has|have|had)(?: not|n't)\b",
    r"\bnot true\b",
    r"\b(?:false|baseless|groundless|fabricated|fabrication|untrue)\b",
)
VAGUE_SOURCES = frozenset(
    """
    source sources report reports people person official officials account accounts witness
    witnesses media insider insiders rumour rumours rumor rumors some others observer observers
    estimate estimates analyst analysts expert experts resident residents
    """.split()
)
# What a source says of its own anonymity is no claim ("who asked not to be named because he
# was not authorised to speak").
ANONYMITY = re.compile(
    r"^\W*(?:that )?(?:(?:he|she|they|it) )?(?:not to be (?:named|identified)|to remain anonymous)\b"
    r"|\bnot (?:authori[sz]ed|allowed|permitted) to (?:speak|talk|comment|brief)\b|\bon condition of anonymity\b",
    re.IGNORECASE,
)
CONCRETE_ENTITIES = frozenset(
    "PERSON NORP FAC ORG GPE LOC PRODUCT EVENT LAW DATE TIME PERCENT MONEY QUANTITY CARDINAL".split()
)


@dataclass(frozen=True)
class ExtractedClaim:
    """One claim of an article: where it is, how sure the article is, and who stands behind it."""

    span: Piece
    status: EpistemicStatus
    hedges: tuple[str, ...]
    denials: tuple[str, ...]
    attribution: int | None
    chain: tuple[str, ...]
    claimant: str
    subjective: bool | None

    def text(self, text: str) -> str:
        """The claim's characters in the text it was extracted from."""
        return text[self.span[0] : self.span[1]]


def extract_claims(
    doc: Doc,
    attributions: Sequence[ExtractedAttribution],
    outlet: str,
    subjective: Subjective | None = None,
) -> list[ExtractedClaim]:
    """The claims of a parsed article, in text order (rules in the module docstring)."""
    text = text_of(doc)
    quotes = quotations(text)
    kept = _kept(attributions)
    parents = _parents(doc, attributions, kept)
    claims = [
        _attributed(doc, attributions, i, parents, outlet, subjective)
        for i in kept
        if not ANONYMITY.search(attributions[i].text(text, "content"))
        and not in_furniture(doc, attributions[i])
    ]
    cues = sorted(attributions[i].cue[0][0] for i in kept)
    contents = Holders((i, attributions[i].content) for i in kept)
    pieces = Holders(
        (i, [*attributions[i].source, *attributions[i].cue, *attributions[i].content]) for i in kept
    )
    for sentence in (item for whole in doc.sents for item in _items(doc, whole)):
        if _outlet_voice(sentence, cues, contents):
            claim = _asserted(sentence, quotes, outlet, subjective)
        else:
            near = sorted({i for _s, _e, i in pieces.within(sentence.start_char, sentence.end_char)})
            claim = _residual(doc, sentence, attributions, near, parents, quotes, outlet, subjective)
        if claim is not None:
            claims.append(claim)
    return sorted(claims, key=lambda c: c.span)


_ITEM = re.compile(rf"(?m)^{LIST_ITEM}")  # a line that opens with a list marker


def _items(doc: Doc, sentence: Span) -> list[Span]:
    """A sentence the parser ran over the items of a list, cut into its items (and what
    comes before the first): each states its own thing, and a run of them is no claim."""
    text = sentence.text
    marks = list(_ITEM.finditer(text))
    if len(marks) < 2:
        return [sentence]
    cuts = [0, *(m.start() for m in marks), len(text)]
    starts = [0, *(m.end() for m in marks)]
    items = []
    for start, end in zip(starts, cuts[1:], strict=True):
        item = doc.char_span(
            sentence.start_char + start, sentence.start_char + end, alignment_mode="contract"
        )
        if item is not None and item.text.strip():
            items.append(item)
    return items


def _residual(
    doc: Doc,
    sentence: Span,
    attributions: Sequence[ExtractedAttribution],
    near: list[int],
    parents: dict[int, int],
    quotes: Quotes,
    outlet: str,
    subjective: Subjective | None,
) -> ExtractedClaim | None:
    """The count a sentence states beside what it attributes (:mod:`corroborator.extract.residues`)."""
    found = residue(sentence, attributions, near)
    span = doc.char_span(*found.span) if found is not None else None
    if found is None or span is None:
        return None
    if found.owner is None:
        return _asserted(span, quotes, outlet, subjective)
    chain = _chain(text_of(doc), attributions, found.owner, parents, outlet)
    return ExtractedClaim(
        span=found.span,
        status=EpistemicStatus.ATTRIBUTED,
        hedges=(),
        denials=(),
        attribution=found.owner,
        chain=chain,
        claimant=chain[0],
        subjective=subjective(span.text) if subjective is not None else None,
    )


def _extent(pieces: Sequence[Piece]) -> Piece:
    return (min(p[0] for p in pieces), max(p[1] for p in pieces))


def _within(position: int, pieces: Sequence[Piece]) -> bool:
    return any(start <= position < end for start, end in pieces)


def _kept(attributions: Sequence[ExtractedAttribution]) -> list[int]:
    """The attributions that make claims (a raising verb leaves the claim to the writer)."""
    return [i for i, a in enumerate(attributions) if a.rule != "verb-raising" and a.cue and a.content]


def attribution_parents(doc: Doc, attributions: Sequence[ExtractedAttribution]) -> dict[int, int]:
    """Nesting, by index: "According to Astra, Dashkin claimed X" gives Dashkin's -> Astra's."""
    return _parents(doc, attributions, _kept(attributions))


def _parents(doc: Doc, attributions: Sequence[ExtractedAttribution], kept: list[int]) -> dict[int, int]:
    """Each nested attribution's parent: the smallest content holding its cue or source."""
    parents: dict[int, int] = {}
    contents = Holders((j, attributions[j].content) for j in kept)
    according = sorted((attributions[j].cue[0][0], j) for j in kept if attributions[j].rule == "according-to")
    for i in kept:
        inner = attributions[i]
        marks = [inner.cue[0][0], *(p[0] for p in inner.source[:1])]
        holders = sorted(
            j
            for j in set().union(*(contents.holding(m) for m in marks))
            if j != i and not _within(attributions[j].cue[0][0], inner.content)
        )
        if not holders:
            holders = _heading_according(doc, attributions, according, i)
        holders = [j for j in holders if not _same_source(attributions[i], attributions[j])]
        if holders:
            parents[i] = min(holders, key=lambda j: _size(attributions[j].content))
    return _without_cycles(parents)


def _same_source(one: ExtractedAttribution, other: ExtractedAttribution) -> bool:
    """Two cues of one speaker ("officials sought to point to ...") are not a nesting."""
    return bool(one.source) and any(a0 < b1 and b0 < a1 for a0, a1 in one.source for b0, b1 in other.source)


def _size(pieces: Sequence[Piece]) -> int:
    return sum(end - start for start, end in pieces)


def _heading_according(
    doc: Doc, attributions: Sequence[ExtractedAttribution], according: list[tuple[int, int]], i: int
) -> list[int]:
    """An ``according to`` heading the sentence of attribution i, before its cue
    (``according``: the cue start and index of each kept "according to", in text order)."""
    cue_start = attributions[i].cue[0][0]
    sentence = doc.char_span(cue_start, attributions[i].cue[0][1], alignment_mode="expand")
    if sentence is None:
        return []
    sent = sentence.sent
    first = bisect_left(according, (sent.start_char, -1))
    last = bisect_left(according, (cue_start, -1))
    return sorted(
        j
        for start, j in according[first:last]
        if j != i and text_of(doc)[sent.start_char : start].strip(' "“‘«') == ""
    )


def _without_cycles(parents: dict[int, int]) -> dict[int, int]:
    clean: dict[int, int] = {}
    for child, parent in parents.items():
        seen = {child}
        current: int | None = parent
        while current is not None and current not in seen:
            seen.add(current)
            current = parents.get(current)
        if current is None:
            clean[child] = parent
    return clean


def _chain(
    text: str, attributions: Sequence[ExtractedAttribution], i: int, parents: dict[int, int], outlet: str
) -> tuple[str, ...]:
    links: list[str] = []
    current: int | None = i
    while current is not None:
        source = attributions[current].text(text, "source").strip()
        if source:
            links.append(source)
        elif current in parents:
            links.append(UNNAMED)
        current = parents.get(current)
    return (*links, outlet)


def _found(patterns: Sequence[str], text: str) -> list[str]:
    return [m.group(0) for p in patterns for m in re.finditer(p, text, flags=re.IGNORECASE)]


def _cue_tokens(doc: Doc, attribution: ExtractedAttribution) -> list[Token]:
    start, end = attribution.cue[0]
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _attributed(
    doc: Doc,
    attributions: Sequence[ExtractedAttribution],
    i: int,
    parents: dict[int, int],
    outlet: str,
    subjective: Subjective | None,
) -> ExtractedClaim:
    text = text_of(doc)
    attribution = attributions[i]
    span = _extent(attribution.content)
    content = attribution.text(text, "content")
    cue_tokens = _cue_tokens(doc, attribution)
    lemmas = {t.lemma_.lower() for t in cue_tokens}
    cue_sentence = cue_tokens[0].sent.text if cue_tokens else ""
    denials = [attribution.text(text, "cue")] if lemmas & DENIAL_CUES else []
    denials += _found(DENIAL_PATTERNS, content)
    hedges = [attribution.text(text, "cue")] if lemmas & HEDGE_CUES else []
    hedges += _found(HEDGE_PATTERNS, cue_sentence if content in cue_sentence else f"{cue_sentence} {content}")
    if attribution.rule == "according-to" and _vague(doc, attribution):
        hedges.append(f"according to {attribution.text(text, 'source')}")
    chain = _chain(text, attributions, i, parents, outlet)
    status = EpistemicStatus.ATTRIBUTED
    if denials:
        status = EpistemicStatus.DENIED
    elif hedges:
        status = EpistemicStatus.HEDGED
    elif _writer_thinks(doc, attribution, cue_tokens):
        status, chain = EpistemicStatus.OPINION, (outlet,)
    return ExtractedClaim(
        span=span,
        status=status,
        hedges=tuple(dict.fromkeys(hedges)),
        denials=tuple(dict.fromkeys(denials)),
        attribution=i,
        chain=chain,
        claimant=chain[0],
        subjective=subjective(content) if subjective is not None else None,
    )


def _vague(doc: Doc, attribution: ExtractedAttribution) -> bool:
    """A source with no named entity whose head is a vague noun ("sources", "officials")."""
    if not attribution.source:
        return True
    start, end = attribution.source[0]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    if any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or t.pos_ == "PROPN" for t in span):
        return False
    return span.root.lemma_.lower() in VAGUE_SOURCES or span.root.lower_ in VAGUE_SOURCES


def _writer_thinks(doc: Doc, attribution: ExtractedAttribution, cue_tokens: list[Token]) -> bool:
    """The source is the writer ("I doubt ...", "In my view, X shows ...")."""
    source = attribution.text(text_of(doc), "source").lower().split()
    if source and all(word in FIRST_PERSON for word in source):
        return True
    if not cue_tokens:
        return False
    verb = cue_tokens[0]
    content = attribution.content
    for child in verb.children:
        if child.dep_ in ("prep", "advmod", "npadvmod") and child.i < verb.i:
            words = [t for t in child.subtree if not _within(t.idx, content)]
            if any(t.lower_ in FIRST_PERSON for t in words):
                return True
    return False


def _outlet_voice(sentence: Span, cues: list[int], contents: Holders) -> bool:
    """No attribution's cue in the sentence (``cues``: where each cue starts, in order), and
    less than half of it inside attributed content."""
    start, end = sentence.start_char, sentence.end_char
    if bisect_left(cues, start) < bisect_left(cues, end):
        return False
    covered = sum(min(end, p1) - max(start, p0) for p0, p1, _key in contents.within(start, end))
    return covered * 2 < max(1, len(sentence.text.strip()))


def _checkable(sentence: Span) -> bool:
    """A verb and a concrete detail: a number, a named entity, a date or a place."""
    text = sentence.text.strip()
    if not text or text.endswith("?"):
        return False
    has_verb = any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in sentence)
    concrete = any(
        (t.like_num and t.lower_ != "one")
        or (t.pos_ == "PROPN" and t.i > sentence.start)
        or (t.ent_type_ in CONCRETE_ENTITIES and t.ent_type_ not in ("DATE", "TIME"))
        for t in sentence
    ) or any(_specific_time(ent) for ent in ents_within(sentence))
    return has_verb and concrete


_TIME_WORDS = frozenset("today yesterday tonight overnight last next this ago weekend".split())


def _specific_time(ent: Span) -> bool:
    """A date or time that pins something down ("on 3 May", "last week"), not "a long night"."""
    return ent.label_ in ("DATE", "TIME") and any(
        t.like_num or t.pos_ == "PROPN" or t.lower_ in _TIME_WORDS for t in ent
    )


def _unquoted(sentence: Span, quotes: Quotes) -> str:
    start = sentence.start_char
    chars = list(sentence.text)
    for q0, q1 in quotes.overlapping(start, sentence.end_char):
        for position in range(max(q0, start), min(q1, sentence.end_char)):
            chars[position - start] = " "
    return "".join(chars)


def _asserted(
    sentence: Span, quotes: Quotes, outlet: str, subjective: Subjective | None
) -> ExtractedClaim | None:
    if furniture(sentence):
        return None
    if not _checkable(sentence) and not first_person(_unquoted(sentence, quotes)):
        return None
    if not any(t.pos_ in ("VERB", "AUX") for t in sentence) or sentence.text.strip().endswith("?"):
        return None
    lead = _LEAD.match(sentence.text)
    skip = lead.end() if lead else 0
    text = sentence.text[skip:].strip()
    unquoted = _unquoted(sentence, quotes)
    judged = subjective(text) if subjective is not None else None
    hedges = _found(OUTLET_HEDGE_PATTERNS + HEDGE_PATTERNS, unquoted)
    status = EpistemicStatus.ASSERTED
    if first_person(unquoted) or judged or evaluative_words(unquoted) >= 2:
        status = EpistemicStatus.OPINION
    elif hedges:
        status = EpistemicStatus.HEDGED
    start = sentence.start_char + skip + (len(sentence.text[skip:]) - len(sentence.text[skip:].lstrip()))
    chain: tuple[str, ...] = (outlet,)
    # "The commander put the number of drones downed at 46": the commander's figure.
    counter = estimator(sentence.root) if status is not EpistemicStatus.OPINION else None
    if counter:
        chain = (counter, outlet)
        status = EpistemicStatus.HEDGED if hedges else EpistemicStatus.ATTRIBUTED
    return ExtractedClaim(
        span=(start, start + len(text)),
        status=status,
        hedges=tuple(dict.fromkeys(h.strip() for h in hedges)),
        denials=(),
        attribution=None,
        chain=chain,
        claimant=chain[0],
        subjective=judged,
    )


_LEAD = re.compile(r"^\s*[\"”’»]?\s*\n\s*")  # a quotation's closing mark parsed onto the next line
