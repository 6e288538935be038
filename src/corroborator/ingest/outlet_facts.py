"""A user's table of outlet facts (CSV): which country an outlet is of, whether it is
state-affiliated, whether it is a wire service.

One row an outlet, a header naming the columns (comma, semicolon or tab separated; UTF-8,
with or without a byte-order mark)::

    outlet,name,country,state_affiliated,wire_service
    vostokcourier.example,Vostok Courier,Russia,yes,no

``outlet`` (its host, a URL of it, its id or its name) is required; the other columns may be
left out or empty (the stored fact is then kept). A bad row is reported with its number and
the reason; the good rows are kept.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from corroborator.errors import ConfigError
from corroborator.nations import nation_named
from corroborator.store.outlets import OutletFacts

COLUMNS = {
    "outlet": "outlet",
    "host": "outlet",
    "url": "outlet",
    "domain": "outlet",
    "id": "outlet",
    "name": "name",
    "country": "country",
    "state_affiliated": "state_affiliated",
    "state": "state_affiliated",
    "wire_service": "wire_service",
    "wire": "wire_service",
}
YES = frozenset({"yes", "y", "true", "1", "x"})
NO = frozenset({"no", "n", "false", "0"})
MAX_BYTES = 20_000_000


def read_outlet_facts(path: Path) -> tuple[list[OutletFacts], list[tuple[int, str]]]:
    """The rows of the table as facts, and ``(row number, reason)`` for each bad row."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ConfigError(
                f"outlet table '{path}' is over {MAX_BYTES // 1_000_000} MB: an outlet table is one row an outlet"
            )
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as error:
        raise ConfigError(
            f"outlet table '{path}' does not exist: give the path of a CSV file of outlet facts"
        ) from error
    except IsADirectoryError as error:
        raise ConfigError(
            f"outlet table '{path}' is a folder: give the path of a CSV file of outlet facts"
        ) from error
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"outlet table '{path}' is not UTF-8 text: save the table as CSV (UTF-8)"
        ) from error
    if "\x00" in text:
        raise ConfigError(
            f"outlet table '{path}' is not a CSV file (it holds binary data): save the table as CSV (UTF-8)"
        )
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ConfigError(
            f"outlet table '{path}' has no header line: the first line names the columns ({_known()})"
        )
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [cell.strip().lower().replace("-", "_").replace(" ", "_") for cell in next(reader)]
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        raise ConfigError(f"outlet table '{path}' has unknown column(s) {', '.join(unknown)}: use {_known()}")
    fields = [COLUMNS.get(name) for name in header]
    if "outlet" not in fields:
        raise ConfigError(
            f"outlet table '{path}' has no outlet column: name the outlet by its host, URL, id or name"
        )
    facts, bad = [], []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            facts.append(_facts(dict(zip(fields, (cell.strip() for cell in row), strict=False))))
        except ValueError as error:
            bad.append((number, str(error)))
    return facts, bad


def _facts(row: dict[str | None, str]) -> OutletFacts:
    outlet = row.get("outlet") or ""
    if not outlet:
        raise ValueError("no outlet named")
    country = row.get("country") or None
    if country is not None:
        nation = nation_named(country)
        if nation is None:
            raise ValueError(f"country '{country}' is not a country's name, demonym or code")
        country = nation.name
    return OutletFacts(
        outlet=outlet,
        name=row.get("name") or None,
        country=country,
        state_affiliated=_yes_no(row.get("state_affiliated"), "state_affiliated"),
        wire_service=_yes_no(row.get("wire_service"), "wire_service"),
    )


def _yes_no(value: str | None, column: str) -> bool | None:
    if not value:
        return None
    if value.lower() in YES:
        return True
    if value.lower() in NO:
        return False
    raise ValueError(f"{column} '{value}' is neither yes nor no")


def _known() -> str:
    return "outlet, name, country, state_affiliated, wire_service"
