"""The extract stage: attributions from each article's stored parse (no second parse)."""

from __future__ import annotations

from typing import Any

from corroborator.config import NlpSettings, Settings
from corroborator.extract.attributions import extract_attributions
from corroborator.models import Article
from corroborator.pipeline.stage import stages
from corroborator.store import Connection
from corroborator.store.extraction import parse_inputs, save_attributions

Found = tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...], tuple[tuple[int, int], ...], str]


@stages.register("extract")
class ExtractStage:
    name: str = "extract"
    version: str = "1"
    requires: tuple[str, ...] = ("parse",)
    assigns: tuple[str, ...] = ("attributions",)

    def __init__(self, settings: Settings) -> None:
        self.settings: NlpSettings = settings.nlp

    def load_inputs(self, connection: Connection, article_ids: list[str]) -> dict[str, dict[str, Any]]:
        return parse_inputs(connection, article_ids)

    def compute(self, article: Article, parse: dict[str, Any] | None = None) -> list[Found]:
        """Attributions in the stored text's offsets; none for an article not parsed in full."""
        if parse is None or parse["status"] != "parsed":
            return []
        from corroborator.nlp.model import load
        from corroborator.nlp.parse import docs_from

        vocab = load(self.settings.model, tuple(self.settings.exclude)).vocab
        found: list[Found] = []
        for offset, doc in docs_from(parse["doc"], parse["offsets"], vocab):
            for attribution in extract_attributions(doc):
                found.append(
                    (
                        _shift(attribution.source, offset),
                        _shift(attribution.cue, offset),
                        _shift(attribution.content, offset),
                        attribution.kind.value,
                    )
                )
        return found

    def commit(self, connection: Connection, article: Article, result: list[Found]) -> None:
        save_attributions(connection, article.id, article.text, result)


def _shift(pieces: tuple[tuple[int, int], ...], offset: int) -> tuple[tuple[int, int], ...]:
    """Pieces of a parsed piece of text, in the offsets of the whole stored text."""
    return tuple((start + offset, end + offset) for start, end in pieces)
