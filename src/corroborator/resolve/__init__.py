"""Resolving mentions into entities across the articles of a story and the corpus."""
