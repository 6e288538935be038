"""Parsing articles with spaCy: sentences, tokens, entities and dependencies.

English articles (``nlp.languages``) get the full pipeline; others get their sentences
from a rule-based sentencizer and are marked "not extracted: language X", explicitly.
Texts longer than ``nlp.max_segment_chars`` are parsed in pieces cut at paragraph (else
line, else sentence) boundaries, so a 1 MB article costs time, not tens of GB; each
piece keeps its character offset into the stored text, and every span is reported in
the stored text's offsets.  A text longer than ``nlp.max_article_chars`` (a book, a data
dump, a page of page-long tables) is not parsed at all: it is stored, and marked "not
extracted" with its length and the cap, so that one such input cannot hold a worker for
tens of minutes and gigabytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from corroborator.config import NlpSettings
from corroborator.models import Article
from corroborator.nlp.model import load, sentencizer

PARSED = "parsed"
NOT_EXTRACTED = "not-extracted"


@dataclass(frozen=True)
class ParsedArticle:
    """What the parse stage keeps of one article."""

    status: str
    note: str | None
    doc_bytes: bytes
    offsets: tuple[int, ...]
    mentions: tuple[tuple[int, int, str, str], ...]
    n_sentences: int
    n_tokens: int
    warnings: tuple[str, ...] = ()


_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


def segments(text: str, max_chars: int) -> list[tuple[int, str]]:
    """``(offset, piece)`` pairs covering ``text`` in order, each at most ``max_chars`` long,
    cut at the strongest boundary available (paragraph, line, sentence, space, anywhere)."""
    if len(text) <= max_chars:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = 0
        for pattern in _BREAKS:
            ends = [match.end() for match in pattern.finditer(window) if match.end() > max_chars // 4]
            if ends:
                cut = ends[-1]
                break
        cut = cut or max_chars
        pieces.append((start, text[start : start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


_NO_TENSOR = numpy.zeros((0, 0), dtype="float32")


def _groups(pieces: list[tuple[str, int, str]], settings: NlpSettings) -> list[list[tuple[str, int, str]]]:
    """The pieces in batches of at most ``nlp.batch_size`` texts and about
    ``nlp.max_segment_chars`` characters: spaCy holds a whole batch's activations at once,
    so sixteen 100,000-character pieces in one batch took gigabytes."""
    groups: list[list[tuple[str, int, str]]] = []
    size = 0
    for piece in pieces:
        if (
            not groups
            or len(groups[-1]) >= settings.batch_size
            or size + len(piece[2]) > settings.max_segment_chars
        ):
            groups.append([])
            size = 0
        groups[-1].append(piece)
        size += len(piece[2])
    return groups


def parse_many(articles: Sequence[Article], settings: NlpSettings) -> list[ParsedArticle]:
    """Parse a batch of articles (one ``nlp.pipe`` over all their pieces), in order."""
    nlp = load(settings.model, tuple(settings.exclude))
    full = [
        a
        for a in articles
        if (a.language or "") in settings.languages and len(a.text) <= settings.max_article_chars
    ]
    pieces = [
        (a.id, offset, piece) for a in full for offset, piece in segments(a.text, settings.max_segment_chars)
    ]
    parsed: dict[str, list[tuple[int, Doc]]] = {a.id: [] for a in full}
    for group in _groups(pieces, settings):
        texts = [piece for _id, _offset, piece in group]
        for (article_id, offset, _piece), doc in zip(
            group, nlp.pipe(texts, batch_size=len(texts)), strict=True
        ):
            # The tok2vec output is not stored and is most of a parsed Doc's memory.
            doc.tensor = _NO_TENSOR
            parsed[article_id].append((offset, doc))
    results = []
    for article in articles:
        if article.id in parsed:
            results.append(_summarise(parsed[article.id], PARSED, None, settings))
        elif len(article.text) > settings.max_article_chars:
            note = (
                f"not extracted: {len(article.text):,} characters, over the {settings.max_article_chars:,} "
                "cap (nlp.max_article_chars); split it into articles or raise the cap"
            )
            results.append(_summarise([], NOT_EXTRACTED, note, settings))
        else:
            language = article.language or "unknown"
            docs = [
                (offset, sentencizer()(piece))
                for offset, piece in segments(article.text, settings.max_segment_chars)
            ]
            results.append(_summarise(docs, NOT_EXTRACTED, f"not extracted: language {language}", settings))
    return results


def _summarise(
    docs: list[tuple[int, Doc]], status: str, note: str | None, settings: NlpSettings
) -> ParsedArticle:
    store = DocBin(store_user_data=False)
    mentions = []
    for offset, doc in docs:
        store.add(doc)
        for entity in doc.ents:
            start = offset + entity.start_char
            mentions.append((start, start + len(entity.text), entity.text, entity.label_))
    warnings: tuple[str, ...] = ()
    if len(docs) > 1:
        warnings = (f"parsed in {len(docs)} pieces of at most {settings.max_segment_chars} characters",)
    return ParsedArticle(
        status=status,
        note=note,
        doc_bytes=store.to_bytes(),
        offsets=tuple(offset for offset, _doc in docs),
        mentions=tuple(mentions),
        n_sentences=sum(len(list(doc.sents)) for _offset, doc in docs),
        n_tokens=sum(len(doc) for _offset, doc in docs),
        warnings=warnings,
    )


def docs_from(doc_bytes: bytes, offsets: Sequence[int], vocab: Vocab) -> list[tuple[int, Doc]]:
    """The stored pieces back as spaCy Docs, each with its offset into the article text."""
    docs = list(DocBin().from_bytes(doc_bytes).get_docs(vocab))
    return list(zip(offsets, docs, strict=True))
