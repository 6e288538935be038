"""Registries for swappable parts: built-ins register the same way a plugin would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from corroborator.errors import ConfigError

T = TypeVar("T")


class Registry(Generic[T]):
    """Named parts of one kind (stage classes, exporters, scorers), looked up by name."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._parts: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        def add(part: T) -> T:
            if name in self._parts:
                raise ConfigError(f"{self.kind} '{name}' is registered twice")
            self._parts[name] = part
            return part

        return add

    def get(self, name: str) -> T:
        try:
            return self._parts[name]
        except KeyError:
            known = ", ".join(sorted(self._parts)) or "none"
            raise ConfigError(f"no {self.kind} named '{name}'; known: {known}") from None

    def names(self) -> list[str]:
        return list(self._parts)

    def __contains__(self, name: object) -> bool:
        return name in self._parts
