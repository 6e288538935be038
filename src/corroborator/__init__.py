"""Corroborator."""
