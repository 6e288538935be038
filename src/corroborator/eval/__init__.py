"""Scorers: the pipeline's output against gold data (the demo's own and public benchmarks)."""

from corroborator.eval.copygroups import PairScore, score_copy_groups, score_groups

__all__ = ["PairScore", "score_copy_groups", "score_groups"]
