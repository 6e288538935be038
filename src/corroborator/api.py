"""The Python API: analyse texts held in memory, or work with a store, in a few calls.

    import corroborator

    result = corroborator.analyze([
        {"outlet": "Harbour Gazette", "title": "Ferry cut", "text": "The ferry will stop ..."},
        "A plain string is an article of an unknown outlet.",
    ])
    for group in result.claim_groups:
        print(group.verdict, group.label)

It sits on top of the flow (ingest, the pipeline's stages, the store's typed reads, the
dossier and the exports) and adds no analysis of its own: what it returns is what the
commands store, as the classes of :mod:`corroborator.models`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr

from corroborator.config import Settings, load_settings
from corroborator.errors import ConfigError
from corroborator.ingest import IngestSummary, ingest, ingest_records
from corroborator.models import Article, Claim, ClaimGroup, ClaimGroupRelation, RelationKind, Story
from corroborator.pipeline import StageReport
from corroborator.pipeline import analyze as run_stages
from corroborator.store import Store
from corroborator.store.articles import get_articles, iter_article_rows
from corroborator.store.claim_groups import iter_claim_groups
from corroborator.store.extraction import iter_claims
from corroborator.store.stories import iter_stories

Item = str | Mapping[str, Any]
"""An article given in memory: its text, or a record with the fields of a JSONL line (``text``
or ``html``, and any of ``id``, ``url``, ``title``, ``outlet``, ``author``, ``published``,
``language``; news-please and trafilatura records too)."""

SettingsLike = Settings | Mapping[str, Any] | None
"""Settings, or overrides by name (``{"pipeline.workers": 1}``) over the usual layers."""


class Analysis(BaseModel):
    """What was found: articles, stories, claims, claim groups (with verdicts and members)
    and the conflicts between groups, all typed; ``failures`` names each input or article
    that could not be used in this run, with the reason."""

    model_config = ConfigDict(frozen=True)

    articles: list[Article]
    stories: list[Story]
    claims: list[Claim]
    claim_groups: list[ClaimGroup]
    failures: list[tuple[str, str]] = []

    _claims: dict[str, Claim] = PrivateAttr(default_factory=dict)
    _articles: dict[str, Article] = PrivateAttr(default_factory=dict)

    def model_post_init(self, _context: Any) -> None:
        self._claims.update((claim.id, claim) for claim in self.claims)
        self._articles.update((article.id, article) for article in self.articles)

    @property
    def conflicts(self) -> list[ClaimGroupRelation]:
        """Every conflict between two claim groups once (each group lists it from its side)."""
        seen: set[tuple[frozenset[str], str | None]] = set()
        found = []
        for group in self.claim_groups:
            for relation in group.relations:
                key = (frozenset((relation.source, relation.target)), relation.conflict)
                if relation.kind is RelationKind.CONFLICTS and key not in seen:
                    seen.add(key)
                    found.append(relation)
        return found

    def claim(self, claim_id: str) -> Claim:
        """The claim of this id (a group member's ``claim_id``); KeyError when there is none."""
        return self._claims[claim_id]

    def article(self, article_id: str) -> Article:
        """The article of this id (a claim's or member's ``article_id``); KeyError when there is none."""
        return self._articles[article_id]

    def groups_of(self, story: Story | str) -> list[ClaimGroup]:
        """The claim groups of one story, the best supported first."""
        story_id = story if isinstance(story, str) else story.id
        return [group for group in self.claim_groups if group.story_id == story_id]


class Corroborator:
    """A store of analysed news, opened by path (SQLite) or SQLAlchemy URL, with the flow's
    steps as methods. Use it as a context manager, or call :meth:`close`.

        with corroborator.Corroborator("news.db") as news:
            news.ingest(["saved-pages/", "dump.jsonl"])
            news.analyze()
            for story in news.stories():
                print(news.report(story.id, format="md"))

    ``settings`` are a :class:`~corroborator.config.Settings` or overrides by name
    (``{"pipeline.workers": 4}``); ``config`` is a TOML file, as ``--config`` is. With
    ``create=False`` a SQLite file that does not exist is refused (StoreError) instead of created.
    """

    def __init__(
        self,
        db: str | Path | None = None,
        *,
        settings: SettingsLike = None,
        config: str | Path | None = None,
        create: bool = True,
    ) -> None:
        self.settings = _settings(db, settings, config)
        self.store = Store(self.settings.store.db, create=create, wait=self.settings.store.wait)

    def ingest(self, sources: Iterable[str | Path] | str | Path) -> IngestSummary:
        """Store the articles of files, folders, dumps, URLs and feeds (as ``corroborator ingest``)."""
        given = [sources] if isinstance(sources, str | Path) else list(sources)
        return ingest([str(source) for source in given], self.store, self.settings.ingest)

    def add(self, items: Iterable[Item] | Item) -> IngestSummary:
        """Store articles given in memory (see :data:`Item`); a bad one fails alone, with its
        place in ``items`` and the reason in the summary's ``failures``."""
        return ingest_records(_records(items), self.store, self.settings.ingest, source="items")

    def analyze(self, on_progress: Callable[[str, int], None] | None = None) -> list[StageReport]:
        """Run every stage on what it has not yet processed (as ``corroborator analyze``)."""
        return run_stages(self.store, self.settings, on_progress=on_progress)

    def stories(self) -> list[Story]:
        """The stories, largest first."""
        with self.store.reading() as connection:
            return list(iter_stories(connection))

    def claim_groups(self, story: Story | str | None = None) -> list[ClaimGroup]:
        """The claim groups of one story, or of every story, the best supported first."""
        story_id = story.id if isinstance(story, Story) else story
        with self.store.reading() as connection:
            return list(iter_claim_groups(connection, story_id))

    def results(self, failures: Iterable[tuple[str, str]] = ()) -> Analysis:
        """Everything stored, typed: current articles, stories, claims and claim groups."""
        with self.store.reading() as connection:
            ids = [row["id"] for row in iter_article_rows(connection)]
            articles = [
                a
                for start in range(0, len(ids), 500)
                for a in get_articles(connection, ids[start : start + 500])
            ]
            return Analysis(
                articles=articles,
                stories=list(iter_stories(connection)),
                claims=list(iter_claims(connection)),
                claim_groups=list(iter_claim_groups(connection)),
                failures=list(failures),
            )

    def report(self, story: Story | str, format: str = "html", link_base: str | None = None) -> str:
        """One story's dossier as ``html``, ``md`` or ``json`` text (as ``corroborator report``)."""
        from corroborator.report import report

        return report(
            self.store, story.id if isinstance(story, Story) else story, format, link_base, self.settings
        )

    def export(self, kind: str) -> Iterator[BaseModel]:
        """The records of one export kind (``claim-groups``, ``quotes``, ...), as ``corroborator export``."""
        from corroborator.export import export_records

        return export_records(kind, self.store)

    def close(self) -> None:
        """Let go of the store (its connections and, on SQLite, its writer's lock)."""
        self.store.close()

    def __enter__(self) -> Corroborator:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def analyze(items: Iterable[Item] | Item, settings: SettingsLike = None) -> Analysis:
    """Analyse articles given in memory (texts, or records: see :data:`Item`) and return what
    was found. The work is done in a temporary store that is removed before this returns.

    Plain texts are articles of one unknown outlet: give records with an ``outlet`` (or a
    ``url``) for claims to be counted across outlets.
    """
    with (
        tempfile.TemporaryDirectory(prefix="corroborator-") as folder,
        Corroborator(Path(folder) / "analysis.db", settings=settings) as news,
    ):
        added = news.add(items)
        reports = news.analyze()
        failed = [
            (f"{report.name}: {item}", reason) for report in reports for item, reason in report.failures
        ]
        return news.results(failures=added.failures + failed)


def _records(items: Iterable[Item] | Item | Store) -> Iterator[Any]:
    """Records as the JSONL reader takes them: a text becomes ``{"id": N, "text": ...}``, N its
    place in ``items`` (counted from 1), kept as the article's ``external_id``; one text or one
    record alone is a list of one."""
    if isinstance(items, Store):
        raise TypeError(
            "analyze() takes texts or records held in memory; to run the stages over a store, "
            "call Corroborator(db).analyze() or corroborator.analyze_store(store, settings)"
        )
    for number, item in enumerate([items] if isinstance(items, str | Mapping) else items, start=1):
        yield {"id": str(number), "text": item} if isinstance(item, str) else item


def _settings(db: str | Path | None, settings: SettingsLike, config: str | Path | None) -> Settings:
    if isinstance(settings, Settings):
        if config is not None:
            raise ConfigError(f"config file '{config}' given beside a Settings object: give one of the two")
        if db is None:
            return settings
        return settings.model_copy(update={"store": settings.store.model_copy(update={"db": str(db)})})
    overrides = dict(settings or {})
    if db is not None:
        overrides["store.db"] = str(db)
    return load_settings(config, overrides=overrides)
