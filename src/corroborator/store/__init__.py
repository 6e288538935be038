"""The store: the only place that knows SQL.  SQLite by default, PostgreSQL by URL."""

from sqlalchemy.engine import Connection  # the handle a stage writes through, opaque outside store/

from corroborator.store.articles import AddResult, AddStatus, add_article, add_articles
from corroborator.store.base import Store, database_url

__all__ = ["AddResult", "AddStatus", "Connection", "Store", "add_article", "add_articles", "database_url"]
