"""Copy groups: exact and near-duplicate articles (wire copy, syndication, light rewrites)."""

from corroborator.dedupe.stage import DedupeStage

__all__ = ["DedupeStage"]
