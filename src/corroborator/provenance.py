"""Where a dossier or an export came from: when it was made (UTC), by which version, with
which settings (as a digest) and from which corpus (the store, without its password, how
many articles it holds and a digest of their ids).

Two files made from the same articles with the same settings carry the same digests, so a
reader can tell whether two dossiers can be compared without opening the stores."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field

from corroborator.config import Settings
from corroborator.store import Store
from corroborator.store.presentation import current_article_ids

SCHEMA_VERSION = "1"
"""The version of the JSON shapes (dossier, exports, claim reviews): raised when a field is
renamed or removed, so a reader can refuse a shape it does not know."""

# Where the store is and how the web app is reached say nothing about how the findings were
# made (the store is named in the corpus; the password hash must never leave the machine).
UNHASHED = {"store": {"db"}, "server": True}


class Corpus(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    store: str = Field(description="the store's path or URL, a password in it hidden")
    n_articles: int = Field(description="current articles in the store")
    articles_digest: str = Field(description="sha256 of the current articles' ids, sorted, one a line")


class Provenance(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    generated_at: datetime = Field(description="when it was made, UTC")
    version: str = Field(description="the Corroborator version that made it")
    settings_digest: str | None = Field(
        description="sha256 of the settings that shape the findings (all but the store's location and "
        "the server's); None when made without settings"
    )
    corpus: Corpus


def settings_digest(settings: Settings) -> str:
    """A digest of the settings that shape the findings; equal settings give equal digests."""
    shown = settings.model_dump_json(exclude=UNHASHED)  # type: ignore[arg-type]
    return "sha256:" + hashlib.sha256(shown.encode("utf-8")).hexdigest()


def provenance(store: Store, settings: Settings | None = None, *, now: datetime | None = None) -> Provenance:
    """What a file made now from ``store`` should say about its making."""
    from corroborator import __version__

    digest = hashlib.sha256()
    count = 0
    with store.reading() as connection:
        for article_id in current_article_ids(connection):
            digest.update(article_id.encode("utf-8") + b"\n")
            count += 1
    return Provenance(
        generated_at=(now or datetime.now(UTC)).replace(microsecond=0),
        version=__version__,
        settings_digest=settings_digest(settings) if settings is not None else None,
        corpus=Corpus(store=store.shown, n_articles=count, articles_digest="sha256:" + digest.hexdigest()),
    )


__all__ = ["SCHEMA_VERSION", "Corpus", "Provenance", "provenance", "settings_digest"]
