"""What every command shares: options, settings, the console, the store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from corroborator.config import Settings, load_settings
from corroborator.store import Connection, Store

T = TypeVar("T")

# No emoji codes: a failure line quoting "dump.jsonl:100:" or a title with ":fire:" must print as written.
console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
out = Console(highlight=False, soft_wrap=True, emoji=False)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file (default ./corroborator.db) or a database URL."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (default ./corroborator.toml when present)."),
]
OutletOption = Annotated[
    str | None,
    typer.Option("--outlet", help="Outlet of documents that name none and have no URL (loose files)."),
]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", min=1, help="Worker processes for parsing and stages.")
]


def settings_from(config: Path | None = None, **overrides: Any) -> Settings:
    return load_settings(config, overrides=overrides)


def open_store(settings: Settings, *, create: bool = True) -> Store:
    return Store(settings.store.db, create=create, wait=settings.store.wait)


def db_override(db: str | None) -> dict[str, str]:
    return {"store.db": db} if db else {}


def passes_to_verb(context: typer.Context, db: str | None, config: Path | None) -> bool:
    """In a command group's callback: whether a verb follows (``stories split``), in which
    case the group's own options are left in ``context.obj`` for it (see ``correct``)."""
    if context.invoked_subcommand is None:
        return False
    context.obj = (db, config)
    return True


def correct(
    context: typer.Context,
    db: str | None,
    config: Path | None,
    change: Callable[[Connection], T],
    *,
    create: bool = False,
) -> T:
    """Run one correction in one transaction (options may come before or after the verb:
    a group's callback leaves its own ``(db, config)`` in ``context.obj``)."""
    parent_db, parent_config = context.obj or (None, None)
    settings = settings_from(config or parent_config, **db_override(db or parent_db))
    with open_store(settings, create=create) as store, store.transaction() as connection:
        return change(connection)


def listing(
    db: str | None,
    config: Path | None,
    lines: Callable[[Connection], Iterator[str]],
    limit: int,
    what: str,
    *,
    empty: str = "run `corroborator analyze` after ingesting articles",
    header: str = "",
) -> None:
    """Print the first ``limit`` lines that ``lines`` reads from the store, one per item,
    and say so when there are more, or none yet (and what to do: ``empty``).

    The ``header`` row names the columns above the first line; it goes to stderr with the
    other notes, so that what a script reads from stdout is the rows alone."""
    settings = settings_from(config, **db_override(db))
    with open_store(settings, create=False) as store, store.reading() as connection:
        shown = 0
        for line in lines(connection):
            if shown == 0 and header:
                console.print(header, style="bold", markup=False)
            if shown >= limit:
                console.print(f"(more {what} not shown: raise --limit)")
                break
            out.print(line, markup=False, highlight=False)
            shown += 1
    if shown == 0:
        console.print(f"no {what} yet: {empty}")
