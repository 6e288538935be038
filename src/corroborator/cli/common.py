"""What every command shares: options, settings, the console, the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from corroborator.config import Settings, load_settings
from corroborator.store import Store

console = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file (default ./corroborator.db) or a database URL."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (default ./corroborator.toml when present)."),
]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", min=1, help="Worker processes for parsing and stages.")
]


def settings_from(config: Path | None = None, **overrides: Any) -> Settings:
    return load_settings(config, overrides=overrides)


def open_store(settings: Settings, *, create: bool = True) -> Store:
    return Store(settings.store.db, create=create)
