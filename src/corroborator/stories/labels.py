"""A story's label: a representative title, its date span and its key names."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from corroborator.store.story_signals import Member


def label_of(members: Sequence[Member]) -> dict[str, Any]:
    """The title nearest the story's mean meaning, its date span and its key names."""
    vectors = np.vstack([m.embedding for m in members])
    centre = vectors.mean(axis=0)
    order = np.argsort(-(vectors @ centre))
    titled = [members[i] for i in order if members[i].title]
    if titled:
        label = " ".join((titled[0].title or "").split())
    else:
        label = " ".join(" ".join(m.names[:3]) for m in members[:1]) or "untitled story"
    published = sorted(m.published for m in members if m.published)
    names: Counter[str] = Counter()
    for member in members:
        names.update({_name_key(n): n for n in member.names[:8]}.keys())
    spelled: dict[str, str] = {}
    for member in members:
        for name in member.names[:8]:
            spelled.setdefault(_name_key(name), name)
    key_entities = [spelled[k] for k, n in names.most_common(5) if n >= min(2, len(members))]
    return {
        "label": label[:300],
        "first_published": published[0] if published else None,
        "last_published": published[-1] if published else None,
        "key_entities": key_entities,
    }


def _name_key(name: str) -> str:
    return name.lower().removesuffix("'s").removesuffix("’s")
