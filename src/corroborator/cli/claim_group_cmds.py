"""`claim-groups`: list a story's claim groups, and correct them by hand (merge, split,
move a claim, mark two origins as one source, set a verdict, mark reviewed), each kept
with who, when and why; `claim-groups corrections` lists that trail."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from corroborator.cli.common import (
    ConfigOption,
    DbOption,
    console,
    db_override,
    listing,
    open_store,
    passes_to_verb,
    settings_from,
)
from corroborator.models import GroupCorrection
from corroborator.store import Connection
from corroborator.store.ids import complete_id, complete_ids

claim_groups_app = typer.Typer(
    help="List a story's claim groups; merge, split, move, mark sources, set verdicts, review by hand.",
    invoke_without_command=True,
    no_args_is_help=False,
)

StoryOption = Annotated[str | None, typer.Option("--story", help="Only this story's groups.")]
ByOption = Annotated[
    str | None, typer.Option("--by", help="Who makes the correction (default: your user name).")
]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why: kept with the correction.")]


@claim_groups_app.callback()
def list_groups(
    context: typer.Context,
    story: StoryOption = None,
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Groups shown.")] = 200,
    config: ConfigOption = None,
) -> None:
    """List claim groups by story, best supported first: id, verdict, origins, articles, label."""
    if passes_to_verb(context, db, config):
        return
    from corroborator.store.claim_groups import iter_claim_groups

    def lines(connection: Connection) -> Iterator[str]:
        for group in iter_claim_groups(connection, story and complete_id(connection, "story", story)):
            reviewed = " reviewed" if any(c.kind.value == "reviewed" for c in group.corrections) else ""
            yield (
                f"{group.id}  {group.story_id}  {group.verdict or 'none'!s:<13} "
                f"{group.n_origins:>3} origins {group.n_articles:>4} articles{reviewed}  {group.label}"
            )

    header = f"{'claim group':<16}  {'story':<16}  {'verdict':<13} {'origins':>11} {'articles':>13}  label"
    listing(db, config, lines, limit, "claim groups", header=header)


def _correct(
    context: typer.Context,
    db: str | None,
    config: Path | None,
    change: Callable[[Connection, str], GroupCorrection],
    by: str | None,
) -> None:
    """Store one correction and align its story again, in one transaction; print where it holds."""
    from corroborator.align import manual

    parent_db, parent_config = context.obj or (None, None)
    settings = settings_from(config or parent_config, **db_override(db or parent_db))
    with open_store(settings, create=False) as store, store.transaction() as connection:
        correction = manual.realign(connection, settings, change(connection, by or _login()))
    console.print(_line(correction), markup=False)


def _group(connection: Connection, given: str) -> str:
    """A claim group's id, as given or by its first characters."""
    return complete_id(connection, "claim group", given)


def _login() -> str:
    """Who runs the command, when ``--by`` does not say."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in this environment
        return ""  # refused with what to do: give --by


def _line(correction: GroupCorrection) -> str:
    from corroborator.report.common import correction_line, correction_where

    return f"correction #{correction.id}: {correction_line(correction)} ({correction_where(correction)})"


@claim_groups_app.command("merge")
def merge_cmd(
    context: typer.Context,
    keep: Annotated[str, typer.Argument(help="Claim group that stays.")],
    other: Annotated[str, typer.Argument(help="Claim group whose claims join it.")],
    by: ByOption = None,
    reason: ReasonOption = "",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Merge claim group OTHER into KEEP: one proposition (kept on later runs)."""
    from corroborator.align import manual

    _correct(
        context,
        db,
        config,
        lambda c, who: manual.merge(c, _group(c, keep), _group(c, other), by=who, reason=reason),
        by,
    )


@claim_groups_app.command("split")
def split_cmd(
    context: typer.Context,
    group: Annotated[str, typer.Argument(help="Claim group to split.")],
    claims: Annotated[list[str], typer.Argument(help="Claims (ids) that leave it for a new group.")],
    by: ByOption = None,
    reason: ReasonOption = "",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Split CLAIMS off GROUP into a new group (kept on later runs)."""
    from corroborator.align import manual

    _correct(
        context,
        db,
        config,
        lambda c, who: manual.split(
            c, _group(c, group), complete_ids(c, "claim", claims), by=who, reason=reason
        ),
        by,
    )


@claim_groups_app.command("move")
def move_cmd(
    context: typer.Context,
    claim: Annotated[str, typer.Argument(help="Claim (id) to move.")],
    group: Annotated[str, typer.Argument(help="Claim group of the same story it belongs to.")],
    by: ByOption = None,
    reason: ReasonOption = "",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Move CLAIM into GROUP (kept on later runs)."""
    from corroborator.align import manual

    _correct(
        context,
        db,
        config,
        lambda c, who: manual.move(
            c, complete_id(c, "claim", claim), _group(c, group), by=who, reason=reason
        ),
        by,
    )


@claim_groups_app.command("same-source")
def same_source_cmd(
    context: typer.Context,
    group: Annotated[str, typer.Argument(help="A claim group of the story (where you saw them).")],
    first: Annotated[str, typer.Argument(help="Origin, as the group lists it, that stays.")],
    second: Annotated[str, typer.Argument(help="Origin that is the same source.")],
    by: ByOption = None,
    reason: ReasonOption = "",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Mark origins FIRST and SECOND as one source across the story (kept on later runs)."""
    from corroborator.align import manual

    _correct(
        context,
        db,
        config,
        lambda c, who: manual.same_source(c, _group(c, group), first, second, by=who, reason=reason),
        by,
    )


@claim_groups_app.command("verdict")
def verdict_cmd(
    context: typer.Context,
    group: Annotated[str, typer.Argument(help="Claim group.")],
    verdict: Annotated[
        str, typer.Argument(help="corroborated, single-source, single-party, disputed or opinion-only.")
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why (required).")] = "",
    by: ByOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Set GROUP's verdict by hand, with a reason (kept on later runs)."""
    from corroborator.align import manual

    _correct(
        context,
        db,
        config,
        lambda c, who: manual.set_verdict(c, _group(c, group), verdict, by=who, reason=reason),
        by,
    )


@claim_groups_app.command("review")
def review_cmd(
    context: typer.Context,
    group: Annotated[str, typer.Argument(help="Claim group checked.")],
    by: ByOption = None,
    reason: Annotated[str, typer.Option("--reason", help="A note on the review.")] = "",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Mark GROUP reviewed (kept on later runs)."""
    from corroborator.align import manual

    _correct(
        context,
        db,
        config,
        lambda c, who: manual.mark_reviewed(c, _group(c, group), by=who, reason=reason),
        by,
    )


@claim_groups_app.command("corrections")
def corrections_cmd(
    context: typer.Context,
    story: StoryOption = None,
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Corrections shown.")] = 500,
    config: ConfigOption = None,
) -> None:
    """List the corrections made by hand, oldest first: who, when, why, and where each holds."""
    from corroborator.store.claim_group_corrections import iter_corrections

    parent_db, parent_config = context.obj or (None, None)

    def lines(connection: Connection) -> Iterator[str]:
        stories = [complete_id(connection, "story", story)] if story else None
        for correction in iter_corrections(connection, stories):
            why = f": {correction.reason}" if correction.reason else ""
            yield (
                f"{_line(correction)}  story {correction.story_id}  by {correction.by} "
                f"at {correction.at:%Y-%m-%d %H:%M} UTC{why}"
            )

    listing(
        db or parent_db,
        config or parent_config,
        lines,
        limit,
        "corrections",
        empty="make one with `corroborator claim-groups merge|split|move|same-source|verdict|review`",
    )
