"""`outlets`: list the outlets with their facts, and set the facts (country, state
affiliation, wire service) from a CSV table or one at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from corroborator.cli.common import ConfigOption, DbOption, console, correct, listing, passes_to_verb
from corroborator.store import Connection

outlets_app = typer.Typer(
    help="List outlets with their facts; set country, state affiliation and wire service (used by parties).",
    invoke_without_command=True,
    no_args_is_help=False,
)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


@outlets_app.callback()
def list_outlets(
    context: typer.Context,
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Outlets shown, most articles first.")] = 100,
    config: ConfigOption = None,
) -> None:
    """List the outlets, most articles first: id, articles, country, state-affiliated, wire, name."""
    if passes_to_verb(context, db, config):
        return
    from corroborator.store.presentation import outlet_rows

    def lines(connection: Connection) -> Iterator[str]:
        for row in outlet_rows(connection):
            yield (
                f"{row['id']}  {row['n_articles']:>5} articles  country={row['country'] or ''}  "
                f"state={_yes_no(row['state_affiliated'])}  wire={_yes_no(row['wire_service'])}  {row['name']}"
            )

    header = "outlet  articles  country  state-affiliated  wire service  name"
    listing(db, config, lines, limit, "outlets", header=header)


@outlets_app.command("import")
def import_cmd(
    context: typer.Context,
    table: Annotated[
        Path, typer.Argument(help="CSV: outlet, name, country, state_affiliated, wire_service.")
    ],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Set outlet facts from a CSV table (one row an outlet; bad rows are reported, the others kept)."""
    from corroborator.ingest.outlet_facts import read_outlet_facts
    from corroborator.store.outlets import set_outlet_facts

    facts, bad = read_outlet_facts(table)

    def store_all(connection: Connection) -> tuple[int, int]:
        created = sum(set_outlet_facts(connection, row)[1] for row in facts)
        return len(facts) - created, created

    updated, created = correct(context, db, config, store_all, create=True) if facts else (0, 0)
    console.print(f"{table}: {updated} outlets updated, {created} added, {len(bad)} rows failed")
    for number, reason in bad:
        console.print(f"  [red]failed[/] {escape(str(table))}:{number}: {escape(reason)}")
    if facts:
        console.print("run `corroborator analyze` to re-align the stories of these outlets")
    if bad:
        raise typer.Exit(1)


@outlets_app.command("set")
def set_cmd(
    context: typer.Context,
    outlet: Annotated[str, typer.Argument(help="The outlet: its host, a URL of it, its id or its name.")],
    country: Annotated[str | None, typer.Option("--country", help="Country name, demonym or code.")] = None,
    state: Annotated[
        bool | None, typer.Option("--state/--no-state", help="State-affiliated, or not.")
    ] = None,
    wire: Annotated[bool | None, typer.Option("--wire/--no-wire", help="A wire service, or not.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="The outlet's name as shown.")] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Set one outlet's facts (the ones not given are kept)."""
    from corroborator.errors import ConfigError
    from corroborator.nations import nation_named
    from corroborator.store.outlets import OutletFacts, set_outlet_facts

    if country is not None:
        nation = nation_named(country)
        if nation is None:
            raise ConfigError(f"--country '{country}' is not a country's name, demonym or code")
        country = nation.name
    facts = OutletFacts(outlet, name, country, state, wire)
    outlet_id, created = correct(
        context, db, config, lambda connection: set_outlet_facts(connection, facts), create=True
    )
    console.print(f"{'added' if created else 'updated'} outlet {outlet_id}")
