"""The parse stage: spaCy over every current article, batched, in worker processes."""

from __future__ import annotations

from collections.abc import Sequence

from corroborator.config import NlpSettings, Settings
from corroborator.models import Article
from corroborator.nlp.model import load, version_of
from corroborator.nlp.parse import ParsedArticle, parse_many
from corroborator.pipeline.stage import stages
from corroborator.store import Connection
from corroborator.store.parses import save_parse


@stages.register("parse")
class ParseStage:
    name: str = "parse"
    version: str
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ("parses", "mentions")
    batched: bool = True

    def __init__(self, settings: Settings) -> None:
        self.settings: NlpSettings = settings.nlp
        self.batch_size = self.settings.batch_size
        self.pipeline = version_of(self.settings.model, tuple(self.settings.exclude))
        languages = ",".join(sorted(self.settings.languages))
        sizes = f"{self.settings.max_segment_chars}:{self.settings.max_article_chars}"
        self.version = f"1:{self.pipeline}:{languages}:{sizes}"

    def warm(self) -> None:
        """Load the model in this worker before its first article is timed."""
        load(self.settings.model, tuple(self.settings.exclude))

    def compute(self, article: Article) -> ParsedArticle:
        return parse_many([article], self.settings)[0]

    def compute_many(self, articles: Sequence[Article]) -> list[ParsedArticle]:
        return parse_many(articles, self.settings)

    def commit(self, connection: Connection, article: Article, result: ParsedArticle) -> None:
        save_parse(
            connection,
            article.id,
            status=result.status,
            note=result.note,
            pipeline=self.pipeline,
            n_sentences=result.n_sentences,
            n_tokens=result.n_tokens,
            offsets=result.offsets,
            warnings=result.warnings,
            doc=result.doc_bytes,
            found=result.mentions,
        )
