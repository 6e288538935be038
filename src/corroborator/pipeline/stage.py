"""What a pipeline stage is: a pure per-article computation and a write into the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from corroborator.config import Settings
from corroborator.models import Article
from corroborator.registry import Registry
from corroborator.store import Connection


@runtime_checkable
class Stage(Protocol):
    """A per-article stage.

    ``compute`` must be a pure function of the article (it may run in another process
    or on another machine); ``commit`` writes its result inside the run's transaction,
    replacing whatever an earlier version of the stage wrote for that article.
    ``requires`` names the stages whose output it reads; ``version`` changes whenever
    its output would, so that a new version re-runs it (and its dependants) only.

    A stage that works better on batches (spaCy's ``nlp.pipe``) sets ``batched = True``
    and ``batch_size``, and provides ``compute_many(articles) -> results`` in order;
    when a batch fails, the runner retries its articles one by one with ``compute``.

    A stage that reads an earlier stage's output provides
    ``load_inputs(connection, article_ids) -> {id: input}``; the runner calls it in the
    main process and then ``compute(article, input)`` wherever the work runs.

    A stage whose commits depend on the order articles come in sets ``ordered = True``: two
    runs on one store then take turns at it instead of splitting its articles, and it takes
    them in id order, never past one whose required stages have not run.  It may provide
    ``finish(connection)``: called once in its own transaction after the run's last commit.

    A stage that loads a model provides ``warm()``, run once in each worker process before
    its first article, so that the load does not count against the article's time budget
    (``pipeline.article_seconds``).
    """

    name: str
    version: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def compute(self, article: Article) -> Any: ...

    def commit(self, connection: Connection, article: Article, result: Any) -> None: ...


stages: Registry[Callable[[Settings], Stage]] = Registry("stage")
