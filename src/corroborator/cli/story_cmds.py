"""`stories`: list the stories found, and correct them (merge, split, move)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import typer

from corroborator.cli.common import ConfigOption, DbOption, console, correct, listing, passes_to_verb
from corroborator.store import Connection
from corroborator.store.ids import complete_id, complete_ids

stories_app = typer.Typer(
    help="List stories (articles about one event); merge, split or move them by hand.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@stories_app.callback()
def list_stories(
    context: typer.Context,
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Stories shown, largest first.")] = 50,
    config: ConfigOption = None,
) -> None:
    """List the stories, largest first: id, articles, outlets, copy groups, dates, label."""
    if passes_to_verb(context, db, config):
        return
    from corroborator.store.stories import iter_stories

    def lines(connection: Connection) -> Iterator[str]:
        for story in iter_stories(connection):
            first = story.first_published.value[:10] if story.first_published else "?"
            last = story.last_published.value[:10] if story.last_published else "?"
            span = first if first == last else f"{first}..{last}"
            pin = " pinned" if story.pinned else ""
            yield (
                f"{story.id}  {story.n_articles:>4} articles {story.n_outlets:>3} outlets "
                f"{story.n_copy_groups:>3} copy groups  {span}{pin}  {story.label}"
            )

    header = f"{'story':<16}  {'articles':>13} {'outlets':>11} {'copy groups':>15}  dates  label"
    listing(db, config, lines, limit, "stories", header=header)


@stories_app.command("merge")
def merge_cmd(
    context: typer.Context,
    keep: Annotated[str, typer.Argument(help="Story that stays.")],
    other: Annotated[str, typer.Argument(help="Story whose articles join it.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Merge story OTHER into story KEEP (kept on later runs)."""
    from corroborator.stories import manual

    def change(connection: Connection) -> tuple[str, str, int]:
        whole, gone = complete_ids(connection, "story", [keep, other])
        return whole, gone, manual.merge(connection, whole, gone)

    whole, gone, moved = correct(context, db, config, change)
    console.print(f"merged story {gone} into {whole}: {moved} articles moved")


@stories_app.command("split")
def split_cmd(
    context: typer.Context,
    story: Annotated[str, typer.Argument(help="Story to split.")],
    articles: Annotated[list[str], typer.Argument(help="Articles (id, external id or URL) to split off.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Split ARTICLES off STORY into a new story (kept on later runs)."""
    from corroborator.stories import manual

    def change(connection: Connection) -> tuple[str, str]:
        whole = complete_id(connection, "story", story)
        return whole, manual.split(connection, whole, articles)

    whole, new = correct(context, db, config, change)
    console.print(f"split {len(articles)} articles off story {whole} into {new}")


@stories_app.command("move")
def move_cmd(
    context: typer.Context,
    article: Annotated[str, typer.Argument(help="Article (id, external id or URL).")],
    story: Annotated[str, typer.Argument(help="Story it belongs to.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Move ARTICLE into STORY (kept on later runs)."""
    from corroborator.stories import manual

    def change(connection: Connection) -> tuple[str, str | None]:
        whole = complete_id(connection, "story", story)
        return whole, manual.move(connection, article, whole)

    whole, previous = correct(context, db, config, change)
    console.print(f"moved {article} from {previous or 'no story'} to {whole}")
