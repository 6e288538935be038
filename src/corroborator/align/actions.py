"""Kinds of counted action ("shot down", "killed", "released"), shared by grouping and
relations: two counts of one thing under actions of different kinds ("12 killed", "15
injured") are two counts, while a count of the smaller kind of a bound pair cannot exceed
one of the larger (no more drones are shot down than flew)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

# Kinds of action, matched on the action phrase, else on the claim's words; a count of
# the smaller kind cannot exceed one of the larger (no more drones are shot down than flew).
ACTION_KINDS: dict[str, re.Pattern[str]] = {
    "destroy": re.compile(
        r"\b(?:shot|shoot|brought|bring|knocked)\s+down\b|\b(?:downed|destroy\w*|intercept\w*|repel\w*|neutrali[sz]\w*)"
    ),
    "release": re.compile(
        r"\b(?:releas\w*|freed|freeing|return\w*|handed|hand\w* over|came home|come home|exchang\w*|swap\w*"
        r"|brought home|back)\b"
    ),
    "launch": re.compile(
        r"\b(?:launch\w*|fire[ds]?|firing|used?|using|attack\w*|sen[dt]\w*|flown|fly\w*|flew|target\w*"
        r"|involv\w*|made up)\b"
    ),
    "kill": re.compile(r"\b(?:kill\w*|dead|died|deaths?|toll|victims?|fatalit\w*|lives)\b"),
    "injure": re.compile(r"\b(?:injur\w*|wound\w*|hurt)\b"),
}
BOUNDS = {("destroy", "launch")}  # (smaller, larger)

# Verbs of a running tally ("the toll has risen to 13"): the kind is in the claim's other words.
TALLY = re.compile(r"\b(?:ris\w*|rose|climb\w*|reach\w*|stand\w*|stood|increas\w*|grew|grow\w*|put)\b")


class _Counted(Protocol):
    @property
    def action(self) -> str | None: ...


class _Claim(Protocol):
    @property
    def text(self) -> str: ...


def action_kind(quantity: _Counted, unit: _Claim) -> str | None:
    """The kind of the quantity's action; of the first action word in its claim when it has
    no action or only a tally's ("the toll has risen to 13" counts the killed)."""
    action = quantity.action or ""
    tally = not action or bool(TALLY.search(action.lower()))
    return _action_kind("" if tally else action, unit.text if tally else "")


def own_action_kind(action: str | None) -> str | None:
    """The kind of an action phrase alone (None for a tally's verb or no action)."""
    if not action or TALLY.search(action.lower()):
        return None
    return _action_kind(action, "")


def separate_counts(kind_a: str | None, kind_b: str | None) -> bool:
    """Whether counts under these two kinds of action are different counts with no bound
    between them ("killed" and "injured"; not "shot down" and "launched")."""
    return (
        kind_a is not None
        and kind_b is not None
        and kind_a != kind_b
        and (kind_a, kind_b) not in BOUNDS
        and (kind_b, kind_a) not in BOUNDS
    )


@lru_cache(maxsize=65536)
def _action_kind(action: str, claim: str) -> str | None:
    for text in (action, claim):
        lowered = text.lower()
        hits = [(m.start(), kind) for kind, pattern in ACTION_KINDS.items() if (m := pattern.search(lowered))]
        if hits:
            return min(hits)[1]
    return None
