"""`db upgrade` and `db current`: the store's migrations, applied once on purpose.

A PostgreSQL store is shared, so it is never migrated as a side effect of opening it: one
person runs `db upgrade` when a new version of Corroborator needs it (see store/migrate.py).
"""

from __future__ import annotations

import typer
from rich.markup import escape

from corroborator.cli.common import ConfigOption, DbOption, out, settings_from
from corroborator.store import Store

db_app = typer.Typer(
    help="The store's schema: the migration it is at, and bringing it to the newest.",
    no_args_is_help=True,
)


def _open(db: str | None, config: ConfigOption, *, create: bool) -> Store:
    settings = settings_from(config, **({"store.db": db} if db else {}))
    return Store(settings.store.db, create=create, wait=settings.store.wait, check=False)


@db_app.command("upgrade")
def upgrade_cmd(db: DbOption = None, config: ConfigOption = None) -> None:
    """Apply the migrations the store is missing (a new database gets every table); safe to repeat."""
    with _open(db, config, create=True) as store:
        before = store.upgrade()
        _current, head = store.revision()
        shown = escape(store.shown)
    if before == head:
        out.print(f"{shown}: already at migration {head}, the newest")
    else:
        out.print(
            f"{shown}: upgraded from {f'migration {before}' if before else 'an empty database'} to {head}"
        )


@db_app.command("current")
def current_cmd(db: DbOption = None, config: ConfigOption = None) -> None:
    """Print the migration the store is at, and whether it is the newest this version knows."""
    with _open(db, config, create=False) as store:
        current, head = store.revision()
        shown = store.shown
    if current == head:
        out.print(f"{current} (the newest)")
        return
    todo = escape(f"run `corroborator db upgrade --db {shown}`")
    out.print(f"{current or 'none'} (this version of Corroborator needs {head}: {todo})")
