"""The extract stage: from each article's stored parse (no second parse), its attributions,
quotes, claims with their epistemic status, quantity claims and genre."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from corroborator.config import NlpSettings, Settings
from corroborator.extract.attributions import ExtractedAttribution, extract_attributions
from corroborator.extract.claims import ExtractedClaim, attribution_parents, extract_claims
from corroborator.extract.cues import cue_weights
from corroborator.extract.genre import article_genre
from corroborator.extract.pieces import Piece
from corroborator.extract.quantities import ExtractedQuantity, extract_quantities
from corroborator.extract.quotes import ExtractedQuote, extract_quotes
from corroborator.extract.sources import resolve_sources
from corroborator.extract.subjectivity import classify_sentence
from corroborator.models import Article, EpistemicStatus, Genre
from corroborator.pipeline.stage import stages
from corroborator.store import Connection
from corroborator.store.extraction import (
    clear_extraction,
    parse_inputs,
    save_attributions,
    save_claims,
    save_quantities,
    save_quotes,
    set_genre,
)


@dataclass(frozen=True)
class Extraction:
    """Everything the stage found in one article, in the stored text's offsets."""

    attributions: tuple[ExtractedAttribution, ...]
    resolved: tuple[str | None, ...]
    parents: tuple[int | None, ...]
    quotes: tuple[ExtractedQuote, ...]
    claims: tuple[tuple[ExtractedClaim, ExtractedAttribution | None], ...]
    quantities: tuple[ExtractedQuantity, ...]
    genre: str


def _subjective(sentence: str) -> bool:
    return classify_sentence(sentence) == "SUBJ"


def _shift(pieces: tuple[Piece, ...], offset: int) -> tuple[Piece, ...]:
    return tuple((start + offset, end + offset) for start, end in pieces)


def _shift_one(piece: Piece | None, offset: int) -> Piece | None:
    return None if piece is None else (piece[0] + offset, piece[1] + offset)


@stages.register("extract")
class ExtractStage:
    name: str = "extract"
    version: str = "22"
    requires: tuple[str, ...] = ("parse",)
    assigns: tuple[str, ...] = ("attributions", "quotes", "claims", "quantity_claims", "articles.genre")

    def __init__(self, settings: Settings) -> None:
        self.settings: NlpSettings = settings.nlp

    def load_inputs(self, connection: Connection, article_ids: list[str]) -> dict[str, dict[str, Any]]:
        return parse_inputs(connection, article_ids)

    def warm(self) -> None:
        """Load the model and the shipped weights in this worker before its first article is timed."""
        from corroborator.nlp.model import load

        load(self.settings.model, tuple(self.settings.exclude))
        cue_weights()
        _subjective("A warm-up sentence.")

    def compute(self, article: Article, parse: dict[str, Any] | None = None) -> Extraction:
        """What the article says and how; nothing for an article not parsed in full."""
        if parse is None or parse["status"] != "parsed":
            return Extraction((), (), (), (), (), (), Genre.UNKNOWN.value)
        from corroborator.nlp.model import load
        from corroborator.nlp.parse import docs_from

        vocab = load(self.settings.model, tuple(self.settings.exclude)).vocab
        attributions: list[ExtractedAttribution] = []
        resolved: list[str | None] = []
        parents: list[int | None] = []
        quotes: list[ExtractedQuote] = []
        claims: list[tuple[ExtractedClaim, ExtractedAttribution | None]] = []
        quantities: list[ExtractedQuantity] = []
        for offset, doc in docs_from(parse["doc"], parse["offsets"], vocab):
            found = extract_attributions(doc)
            shifted = [
                replace(
                    a,
                    source=_shift(a.source, offset),
                    cue=_shift(a.cue, offset),
                    content=_shift(a.content, offset),
                )
                for a in found
            ]
            names = resolve_sources(doc, found)
            nesting = attribution_parents(doc, found)
            base = len(attributions)
            parents.extend(base + nesting[i] if i in nesting else None for i in range(len(found)))
            attributions.extend(shifted)
            resolved.extend(names)
            quotes.extend(_shifted_quote(q, offset, base) for q in extract_quotes(doc, found, names))
            for claim in extract_claims(doc, found, article.outlet, subjective=_subjective):
                owner = shifted[claim.attribution] if claim.attribution is not None else None
                claim = replace(claim, span=_shift_one(claim.span, offset) or claim.span)
                name = names[claim.attribution] if claim.attribution is not None else None
                if name and claim.chain:
                    # "he said": the claim is the named person's, the span stays in the attribution
                    claim = replace(claim, claimant=name, chain=(name, *claim.chain[1:]))
                claims.append((claim, owner))
            for quantity in extract_quantities(doc, found, article.published, article.outlet):
                quantities.append(_shifted_quantity(quantity, offset))
        genre = article_genre(article.text, article.title, [claim for claim, _owner in claims])
        if genre == "opinion":
            # What an opinion piece states in its own voice is its author's view.
            claims = [
                (
                    replace(claim, status=EpistemicStatus.OPINION)
                    if _own_assertion(claim, article)
                    else claim,
                    owner,
                )
                for claim, owner in claims
            ]
        return Extraction(
            tuple(attributions),
            tuple(resolved),
            tuple(parents),
            tuple(quotes),
            tuple(claims),
            tuple(quantities),
            genre,
        )

    def commit(self, connection: Connection, article: Article, result: Extraction) -> None:
        clear_extraction(connection, article.id)
        save_attributions(
            connection,
            article.id,
            article.text,
            [
                (
                    a.source,
                    a.cue,
                    a.content,
                    a.kind.value,
                    name,
                    None if parent is None else result.attributions[parent].cue,
                )
                for a, name, parent in zip(result.attributions, result.resolved, result.parents, strict=True)
            ],
        )
        save_quotes(
            connection,
            article.id,
            article.text,
            [
                (q, None if q.attribution is None else result.attributions[q.attribution].cue)
                for q in result.quotes
            ],
        )
        save_claims(connection, article.id, article.text, result.claims)
        save_quantities(
            connection, article.id, article.text, result.quantities, [c for c, _o in result.claims]
        )
        set_genre(connection, article.id, result.genre)


def _own_assertion(claim: ExtractedClaim, article: Article) -> bool:
    return claim.status is EpistemicStatus.ASSERTED and claim.chain == (article.outlet,)


def _shifted_quote(quote: ExtractedQuote, offset: int, base: int) -> ExtractedQuote:
    """A quote of one parsed piece in the stored text's offsets, its attribution numbered
    among the article's."""
    return replace(
        quote,
        pieces=_shift(quote.pieces, offset),
        speaker=_shift_one(quote.speaker, offset),
        verb_span=_shift_one(quote.verb_span, offset),
        attribution=None if quote.attribution is None else base + quote.attribution,
    )


def _shifted_quantity(quantity: ExtractedQuantity, offset: int) -> ExtractedQuantity:
    window = quantity.window
    if window is not None:
        window = replace(window, span=_shift_one(window.span, offset) or window.span)
    return replace(
        quantity,
        span=_shift_one(quantity.span, offset) or quantity.span,
        sentence=_shift_one(quantity.sentence, offset) or quantity.sentence,
        parts=_shift(quantity.parts, offset),
        part_of=_shift_one(quantity.part_of, offset),
        window=window,
    )
