"""The align stage: claim groups across the articles of a story, their relations (same, more
specific, conflicts), independent origins, the claimants' parties and a verdict for each."""

from corroborator.align.grouping import group_units
from corroborator.align.units import Quantity, Unit, units_from_rows

__all__ = ["Quantity", "Unit", "group_units", "units_from_rows"]
