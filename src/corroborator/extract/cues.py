"""A learned cue scorer: how likely a word is to be the cue of an attribution, from its parse.

The rules in :mod:`corroborator.extract.attributions` know the common cues (``said``,
``according to``, ``believes``...), but news attributes through a long tail of verbs
(``backed``, ``voted for``, ``sees X as``, ``offered a defence of``, ``is expected to``) that
depend on their construction as much as on their lemma, and through nouns and adjectives
(``criticism of``, ``support for``, ``are concerned that``). This module scores each verb,
and each noun or adjective with a complement that can hold what is said (:func:`is_candidate`),
with a logistic regression over a few dozen features of its token (lemma, tag, dependency
label, its children's labels, its prepositions and object, its subject, whether it sits in a
quotation or a heading, in the clause of a verb of saying or thinking, or with an
``according to`` of its own; the lemma joined with its whole construction: subject kind and
complements, voice, object and preposition as in ``took a shot at``; the words either side and
the rest of its sentence; nouns and adjectives have weights of their own), trained on PolNeAR
train by ``benchmarks/train_cue_model.py``. The weights ship with the package as
``cue_weights.json`` (feature -> weight, with the bias under ``""``) and are applied here in
plain Python, so scoring costs a few dictionary look-ups per word.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: spaCy itself is imported by the NLP stage, never here
    from spacy.tokens import Token  # noqa: TID251

from corroborator.extract.cue_words import (
    ADJECTIVE_PREPOSITIONS,
    NOUN_PREPOSITIONS,
    SPEECH_VERBS,
    THOUGHT_VERBS,
)

WEIGHTS_FILE = "cue_weights.json"
REPORTING_VERBS = SPEECH_VERBS | THOUGHT_VERBS
# Children whose presence, together with the lemma, says most about a cue's construction.
_FRAME_DEPS = frozenset(
    {"ccomp", "xcomp", "dobj", "prep", "agent", "nsubjpass", "auxpass", "neg", "dative", "acl", "poss"}
)
# A noun or adjective is scored only when it has a complement that can hold what is said:
# a clause, an infinitive or one of these prepositions ("criticism of", "concerned about").
_COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "acl"})
# The children that make a word's construction, for the features that join it to the lemma.
_COMPLEMENT_KINDS = frozenset({"ccomp", "xcomp", "dobj", "prep", "agent"})


def is_candidate(token: Token) -> bool:
    """Whether the model scores the token: every verb, and a noun or an adjective (after
    ``be``, ``seem``...) with a clause, an infinitive or a fitting preposition."""
    pos = token.pos_
    if pos == "VERB":
        return True
    if pos == "NOUN":
        prepositions = NOUN_PREPOSITIONS
    elif pos == "ADJ" and token.dep_ == "acomp":
        prepositions = ADJECTIVE_PREPOSITIONS
    else:
        return False
    return any(
        c.dep_ in _COMPLEMENT_DEPS or (c.dep_ == "prep" and c.lower_ in prepositions) for c in token.children
    )


def cue_features(token: Token, in_quote: bool = False) -> list[str]:
    """The features of one token, as strings (the same at training and at scoring time)."""
    lemma = token.lemma_.lower()
    dep = token.dep_
    features = [
        f"l={lemma}",
        f"t={token.tag_}",
        f"d={dep}",
        f"l,d={lemma},{dep}",
        f"l,t={lemma},{token.tag_}",
    ]
    frame = []
    for child in token.children:
        child_dep = child.dep_
        if child.lower_ == "according":
            continue  # "according to X" is an attribution of its own, not a sign about this verb
        if child_dep in _FRAME_DEPS:
            frame.append(child_dep)
            features.append(f"c={child_dep}")
            features.append(f"l,c={lemma},{child_dep}")
            if child_dep == "prep":
                features.append(f"l,p={lemma},{child.lower_}")
                features.append(f"p={child.lower_}")
            elif child_dep == "dobj":
                # "raised questions", "made the case", "drew criticism": the object says much
                features.append(f"o={child.lemma_.lower()}")
                features.append(f"l,o={lemma},{child.lemma_.lower()}")
            elif child_dep in ("ccomp", "acl"):
                mark = next((m.lower_ for m in child.children if m.dep_ in ("mark", "aux")), "")
                features.append(f"{child_dep},m={mark}")
        elif child_dep in ("nsubj", "csubj"):
            features.append(f"s={_kind_of(child)}")
            features.append(f"l,s={lemma},{_kind_of(child)}")
            features.append(f"sl={child.lemma_.lower()}")
        elif child_dep == "mark":
            features.append(f"m={child.lower_}")
    features.append(f"l,f={lemma},{'+'.join(sorted(set(frame)))}")
    head = token.head
    if head.i != token.i:
        features.append(f"h={head.lemma_.lower()}")
        features.append(f"l,h={lemma},{head.lemma_.lower()}")
        features.append(f"d,h={dep},{head.pos_}")
        if token.pos_ == "VERB":
            # "said ... and added", "went on to say", "a group backing X": the verb with its attachment
            features.append(f"l,d,hp={lemma},{dep},{head.pos_}")
    if in_quote:
        features.append("q")
        features.append(f"l,q={lemma}")
    outer = reporting_verb_over(token)
    if outer is not None:
        # "she said he wants X": a report inside a report is seldom marked as one of its own
        features.append("n")
        features.append(f"l,n={lemma}")
        features.append(f"n,ol={outer.lemma_.lower()}")
    if token.sent.end - token.sent.start < 15 and not token.sent[-1].is_punct:
        features.append("heading")
    if any(c.lower_ == "according" for c in token.children):
        # "X wants Y, according to Z": the report is Z's, made with "according to"
        features.append("acc")
        features.append(f"l,acc={lemma}")
    features.extend(_construction_features(token, lemma, in_quote, outer is not None))
    if token.pos_ != "VERB":
        # nouns and adjectives learn weights of their own: "c=prep" says little about a verb
        # but much about "criticism of"
        return [token.pos_, *(f"{token.pos_}:{f}" for f in features)]
    return features


def _construction_features(token: Token, lemma: str, in_quote: bool, nested: bool) -> list[str]:
    """The lemma joined with its construction: subject kind with complements, voice, object
    with preposition ("took a shot at", "cast doubt on"), a preposition's object ("look for
    X"), the object's kind ("supports Clinton"), the complement's verb ("try to win"),
    auxiliaries, the words either side and the rest of the sentence (a quotation, other verbs
    of saying). A linear model sees such pairs only as features of their own."""
    children = list(token.children)
    subject = next((c for c in children if c.dep_ in ("nsubj", "csubj", "nsubjpass")), None)
    subject_kind = "none" if subject is None else _kind_of(subject)
    complements = "+".join(sorted({c.dep_ for c in children if c.dep_ in _COMPLEMENT_KINDS}))
    voice = "pass" if any(c.dep_ in ("auxpass", "nsubjpass") for c in children) else "act"
    prepositions = [c for c in children if c.dep_ == "prep" and c.lower_ != "according"]
    objects = [c for c in children if c.dep_ == "dobj"]
    features = [
        f"l,s,f={lemma},{subject_kind},{complements}",
        f"s,f={subject_kind},{complements}",
        f"l,v={lemma},{voice}",
        f"l,v,f={lemma},{voice},{complements}",
        f"l,q,n,v={lemma},{int(in_quote)},{int(nested)},{voice}",
    ]
    for obj in objects:
        obj_lemma = obj.lemma_.lower()
        for prep in prepositions:
            features += (f"o,p={obj_lemma},{prep.lower_}", f"l,o,p={lemma},{obj_lemma},{prep.lower_}")
        for grandchild in obj.children:
            if grandchild.dep_ == "prep":
                features += (
                    f"o,op={obj_lemma},{grandchild.lower_}",
                    f"l,o,op={lemma},{obj_lemma},{grandchild.lower_}",
                )
        kind = obj.ent_type_ or ("pron" if obj.pos_ == "PRON" else obj.pos_)
        features += (f"ok={kind}", f"l,ok={lemma},{kind}")
    for prep in prepositions:
        prep_object = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None)
        if prep_object is None:
            continue
        kind = (
            prep_object.dep_ if prep_object.dep_ == "pcomp" else (prep_object.ent_type_ or prep_object.pos_)
        )
        word = prep.lower_
        features += (f"p,k={word},{kind}", f"l,p,k={lemma},{word},{kind}")
        features.append(f"l,p,pl={lemma},{word},{prep_object.lemma_.lower()}")
        if prep_object.dep_ == "pobj" and prep_object.ent_type_:
            features.append(f"l,p,ent={lemma},{word}")
    for child in children:
        if child.dep_ in ("xcomp", "ccomp"):
            features += (
                f"{child.dep_},cl={child.lemma_.lower()}",
                f"l,{child.dep_},cl={lemma},{child.lemma_.lower()}",
            )
        elif child.dep_ == "aux":
            features += (f"aux={child.lower_}", f"l,aux={lemma},{child.lemma_.lower()}")
    doc = token.doc
    before = doc[token.i - 1].lower_ if token.i > 0 else "<s>"
    after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else "</s>"
    features += (f"w-1={before}", f"w+1={after}", f"l,w+1={lemma},{after}", f"l,w-1={lemma},{before}")
    quoted, reporting = _sentence_facts(token)
    others = min(2, len(reporting - {token.i}))
    features += (f"sq={quoted}", f"l,sq={lemma},{quoted}", f"so={others}", f"l,so={lemma},{others}")
    return features


def _sentence_facts(token: Token) -> tuple[int, frozenset[int]]:
    """Whether the token's sentence holds a quotation mark, and where its verbs of saying or
    thinking are: read once per sentence (kept in the doc's ``user_data``), not once per word."""
    sentence = token.sent
    key = f"cue-sentence:{sentence.start}"
    facts: tuple[int, frozenset[int]] | None = token.doc.user_data.get(key)
    if facts is None:
        facts = (
            int(any(t.is_quote for t in sentence)),
            frozenset(t.i for t in sentence if t.pos_ == "VERB" and t.lemma_.lower() in REPORTING_VERBS),
        )
        token.doc.user_data[key] = facts
    return facts


def reporting_verb_over(token: Token) -> Token | None:
    """The verb of saying or thinking whose clause holds the token (``said`` in ``she said he
    wants X`` for ``wants``), or None."""
    current = token
    for _ in range(8):
        head = current.head
        if head is current:
            return None
        if current.dep_ == "ccomp" and head.pos_ == "VERB" and head.lemma_.lower() in REPORTING_VERBS:
            return head
        current = head
    return None


def _kind_of(subject: Token) -> str:
    if subject.ent_type_:
        return subject.ent_type_
    if subject.pos_ == "PRON":
        return f"pron:{subject.lower_}"
    return subject.pos_


@lru_cache(maxsize=1)
def cue_weights() -> dict[str, float]:
    """The shipped weights (feature -> weight; the bias is under the empty string)."""
    raw = files("corroborator.extract").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    weights: dict[str, float] = json.loads(raw)["weights"]
    return weights


def cue_probability(token: Token, in_quote: bool = False) -> float:
    """The model's probability that the token is the head of an attribution cue."""
    weights = cue_weights()
    score = weights.get("", 0.0) + sum(weights.get(f, 0.0) for f in cue_features(token, in_quote))
    return 1.0 / (1.0 + math.exp(-score))
