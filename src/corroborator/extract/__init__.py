"""The extract stage: attributions (who says what), quotes (who said what, in what words) and
subjectivity of sentences."""

from corroborator.extract.attributions import ExtractedAttribution, extract_attributions, extract_from_texts
from corroborator.extract.quotes import ExtractedQuote, extract_quotes, quotes_from_texts

__all__ = [
    "ExtractedAttribution",
    "ExtractedQuote",
    "extract_attributions",
    "extract_from_texts",
    "extract_quotes",
    "quotes_from_texts",
]
