"""The pipeline: registered stages run in order over what each has not yet processed."""

from corroborator.pipeline.runner import DEFAULT_STAGES, StageReport, analyze, assemble, pending_count
from corroborator.pipeline.stage import Stage, stages
from corroborator.pipeline.watch import Cycle, Watch, parse_duration

__all__ = [
    "DEFAULT_STAGES",
    "Cycle",
    "Stage",
    "StageReport",
    "Watch",
    "analyze",
    "assemble",
    "parse_duration",
    "pending_count",
    "stages",
]
