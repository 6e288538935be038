"""Stages for the runner's tests: they record what they committed, in this process."""

from __future__ import annotations

from typing import Any, ClassVar

from corroborator.config import Settings
from corroborator.models import Article
from corroborator.store import Connection


class RecordingStage:
    """A stage that remembers which articles it committed (in this process)."""

    name = ""
    version = "1"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    committed: ClassVar[list[tuple[str, str]]] = []

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def compute(self, article: Article) -> str:
        if "BOOM" in article.text:
            raise ValueError("cannot digest this article")
        return article.text.upper()

    def commit(self, connection: Connection, article: Article, result: Any) -> None:
        RecordingStage.committed.append((self.name, article.id))
