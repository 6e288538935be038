"""The `corroborator` command: thin commands over library functions."""

from __future__ import annotations

import sys

import click
import typer
from rich.markup import escape
from typer._click.exceptions import ClickException as TyperClickException  # typer's own copy of click

from corroborator.cli.claim_group_cmds import claim_groups_app
from corroborator.cli.common import console
from corroborator.cli.db_cmds import db_app
from corroborator.cli.entity_cmds import entities_app
from corroborator.cli.outlet_cmds import outlets_app
from corroborator.cli.output_cmds import config_cmd, datasette_metadata_cmd, demo_cmd, eval_cmd, export_cmd
from corroborator.cli.pipeline_cmds import analyze_cmd, ingest_cmd, run_cmd
from corroborator.cli.present_cmds import password_cmd, report_cmd, serve_cmd
from corroborator.cli.story_cmds import stories_app
from corroborator.cli.watch_cmd import watch_cmd
from corroborator.errors import CorroboratorError

app = typer.Typer(
    name="corroborator",
    help="Who says what across news reports, who confirms it, and where accounts conflict.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(shown: bool) -> None:
    if shown:
        from corroborator import __version__

        typer.echo(f"corroborator {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Who says what across news reports, who confirms it, and where accounts conflict."""


app.command("ingest")(ingest_cmd)
app.command("analyze")(analyze_cmd)
app.command("run")(run_cmd)
app.command("watch")(watch_cmd)
app.command("export")(export_cmd)
app.command("config")(config_cmd)
app.command("demo")(demo_cmd)
app.command("eval")(eval_cmd)
app.command("report")(report_cmd)
app.command("serve")(serve_cmd)
app.command("password")(password_cmd)
app.command("datasette-metadata")(datasette_metadata_cmd)
app.add_typer(stories_app, name="stories")
app.add_typer(entities_app, name="entities")
app.add_typer(outlets_app, name="outlets")
app.add_typer(db_app, name="db")
app.add_typer(claim_groups_app, name="claim-groups")


INTERRUPTED = 130


def main(argv: list[str] | None = None) -> None:
    """Entry point: maps Corroborator's errors to one line on stderr and an exit code."""
    try:
        result = app(args=argv, standalone_mode=False)
    except CorroboratorError as error:
        console.print(f"[red]error:[/] {escape(str(error))}")
        sys.exit(error.exit_code)
    except (click.exceptions.Abort, typer.Abort):
        result = INTERRUPTED
    except (click.ClickException, TyperClickException) as error:
        error.show()
        sys.exit(error.exit_code)
    if result == INTERRUPTED:  # typer turns Ctrl-C into this exit code
        console.print(
            "interrupted: everything committed so far is kept; run the same command again to finish"
        )
    sys.exit(result if isinstance(result, int) else 0)
