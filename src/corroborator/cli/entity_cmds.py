"""`entities`: list the entities found, and correct them (merge, split)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import typer

from corroborator.cli.common import ConfigOption, DbOption, console, correct, listing, passes_to_verb
from corroborator.store import Connection
from corroborator.store.ids import complete_id, complete_ids

entities_app = typer.Typer(
    help="List entities (people, organisations, places) across articles; merge or split them by hand.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@entities_app.callback()
def list_entities(
    context: typer.Context,
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Entities shown, most mentioned first.")] = 50,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only this kind: PERSON, ORG, GPE or NORP.")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """List the entities, most mentioned first: id, kind, mentions, name, other aliases."""
    if passes_to_verb(context, db, config):
        return
    from corroborator.store.entities import iter_entity_rows

    def lines(connection: Connection) -> Iterator[str]:
        for row in iter_entity_rows(connection):
            if kind is not None and row["kind"] != kind.upper():
                continue
            others = [alias for alias in row["aliases"] if alias != row["name"]]
            also = f"  (also: {'; '.join(others)})" if others else ""
            yield f"{row['id']}  {row['kind']:<6} {row['n_mentions']:>5} mentions  {row['name']}{also}"

    header = f"{'entity':<16}  {'kind':<6} {'mentions':>14}  name (and other aliases)"
    listing(db, config, lines, limit, "entities", header=header)


@entities_app.command("merge")
def merge_cmd(
    context: typer.Context,
    keep: Annotated[str, typer.Argument(help="Entity that stays.")],
    other: Annotated[str, typer.Argument(help="Entity whose mentions and aliases join it.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Merge entity OTHER into entity KEEP (kept on later runs)."""
    from corroborator.resolve import manual

    def change(connection: Connection) -> tuple[str, str, int]:
        whole, gone = complete_ids(connection, "entity", [keep, other])
        return whole, gone, manual.merge(connection, whole, gone)

    whole, gone, moved = correct(context, db, config, change)
    console.print(f"merged entity {gone} into {whole}: {moved} mentions moved")


@entities_app.command("split")
def split_cmd(
    context: typer.Context,
    entity: Annotated[str, typer.Argument(help="Entity to split.")],
    aliases: Annotated[list[str], typer.Argument(help="Aliases (names as listed) to split off.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Split the mentions named by ALIASES off ENTITY into a new entity (kept on later runs)."""
    from corroborator.resolve import manual

    def change(connection: Connection) -> tuple[str, str]:
        whole = complete_id(connection, "entity", entity)
        return whole, manual.split(connection, whole, aliases)

    whole, new = correct(context, db, config, change)
    console.print(f"split {len(aliases)} aliases off entity {whole} into {new}")
