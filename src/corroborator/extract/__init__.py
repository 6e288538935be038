"""The extract stage: attributions (who says what) and subjectivity of sentences."""

from corroborator.extract.attributions import ExtractedAttribution, extract_attributions, extract_from_texts

__all__ = ["ExtractedAttribution", "extract_attributions", "extract_from_texts"]
