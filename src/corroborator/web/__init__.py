"""The web app: story list and search, dossiers, claim groups, articles, entities (with
merge and split), outlets, adding articles, and the REST API.  Presentation only."""

from corroborator.web.app import create_app

__all__ = ["create_app"]
