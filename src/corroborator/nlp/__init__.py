"""The NLP stage: spaCy parses (sentences, tokens, entities, dependencies) of stored articles.

spaCy is imported here and nowhere else.
"""

from corroborator.nlp.parse import NOT_EXTRACTED, PARSED, ParsedArticle, docs_from, parse_many, segments

__all__ = ["NOT_EXTRACTED", "PARSED", "ParsedArticle", "docs_from", "parse_many", "segments"]
