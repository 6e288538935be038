"""The pipeline: registered stages run in order over what each has not yet processed."""

from corroborator.pipeline.runner import DEFAULT_STAGES, StageReport, analyze, assemble, pending_count
from corroborator.pipeline.stage import Stage, stages

__all__ = ["DEFAULT_STAGES", "Stage", "StageReport", "analyze", "assemble", "pending_count", "stages"]
