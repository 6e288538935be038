"""The CSV columns of an exported record type: plain cells that a spreadsheet reads as they are.

The columns come from the record's type, not from its first value, so that every row has the
same ones (a quote with no speaker has empty speaker cells, not fewer columns):

- a nested record (a span) gives a column per field: ``speaker_start``, ``speaker_end``,
  ``speaker_text``;
- a list of flat records (a quote's pieces, a group's relations) gives a column per field,
  each the list's values joined with "; " in the same order: ``pieces_start`` ``3; 40``,
  ``pieces_text`` ``first part; second part``;
- a list of words gives one cell, joined with "; ";
- true and false are ``true`` and ``false``; a missing value is an empty cell;
- what has no flat shape (a mapping, a list of nested records) is JSON text.

A text cell that a spreadsheet would run as a formula is neutralised (see ``FORMULA_STARTS``).
"""

from __future__ import annotations

import json
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

SEPARATOR = "; "

# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)" in
# an article's title); a tab or a carriage return can start one too.  Such a text cell is
# written with an apostrophe before it, the usual rule (OWASP's "CSV injection"): spreadsheets
# show the text as it is and hide the apostrophe.  JSON Lines are written as stored.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

GROUP_PREFIX = "group_"


@dataclass(frozen=True)
class Column:
    """One CSV column: its header, where its value sits in a dumped record, how it is written."""

    name: str
    path: tuple[str, ...]
    render: Callable[[Any], Any]
    of_member: bool = False  # read from the member of a record with ``members``, not the record

    def cell(self, record: dict[str, Any], member: dict[str, Any] | None) -> Any:
        """This column's cell for ``record`` (as ``model_dump(mode="json")`` gives it)."""
        value: Any = member if self.of_member else record
        for key in self.path:
            value = value.get(key) if isinstance(value, dict) else None
        return self.render(value)


def columns_of(model: type[BaseModel]) -> list[Column]:
    """The columns of ``model``'s CSV rows; a model with a ``members`` list of records gives a
    row per member: its own columns prefixed ``group_``, then the member's."""
    members = model.model_fields.get("members")
    member_type = _item_type(members.annotation) if members is not None else None
    if member_type is None or not _is_model(member_type):
        return _columns(model, "", ())
    own = _columns(model, GROUP_PREFIX, (), skip="members")
    return own + [_as_member(column) for column in _columns(member_type, "", ())]


def _as_member(column: Column) -> Column:
    return Column(column.name, column.path, column.render, of_member=True)


def _columns(model: type[BaseModel], prefix: str, path: tuple[str, ...], skip: str = "") -> list[Column]:
    found: list[Column] = []
    for name, field in model.model_fields.items():
        if name == skip:
            continue
        kind = _optional_inner(field.annotation)
        label, where = prefix + name, (*path, name)
        if _is_model(kind):
            found += _columns(kind, label + "_", where)
        elif get_origin(kind) is list:
            found += _list_columns(_item_type(kind), label, where)
        elif get_origin(kind) is dict or kind is dict or kind is Any:
            found.append(Column(label, where, _json))
        else:
            found.append(Column(label, where, plain))
    return found


def _list_columns(item: Any, label: str, where: tuple[str, ...]) -> list[Column]:
    if not _is_model(item):
        return [Column(label, where, _joined)]
    parts = item.model_fields
    if not all(_is_flat(_optional_inner(f.annotation)) for f in parts.values()):
        return [Column(label, where, _json)]  # nested twice: no flat shape
    return [Column(f"{label}_{part}", where, _joined_part(part)) for part in parts]


def plain(value: Any) -> Any:
    """One value as a cell: ``true``/``false``, empty for none, formula-like text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, dict | list):
        return _json(value)
    return value


def _joined(values: Any) -> Any:
    if not values:
        return ""
    return plain(SEPARATOR.join(_text(value) for value in values))


def _joined_part(part: str) -> Callable[[Any], Any]:
    def render(items: Any) -> Any:
        return _joined([item.get(part) if isinstance(item, dict) else None for item in items or []])

    return render


def _text(value: Any) -> str:
    """A list item as text: a missing one stays an empty place, so that lists line up."""
    rendered = plain(value)
    return rendered.removeprefix("'") if isinstance(value, str) else str(rendered)


def _json(value: Any) -> Any:
    if value is None or value == [] or value == {}:
        return ""
    return plain(json.dumps(value, ensure_ascii=False))


def _optional_inner(annotation: Any) -> Any:
    """``X`` for ``X | None`` (and ``Optional[X]``); the annotation itself otherwise."""
    if get_origin(annotation) in (Union, types.UnionType):
        kinds = [each for each in get_args(annotation) if each is not type(None)]
        if len(kinds) == 1:
            return kinds[0]
    return annotation


def _item_type(annotation: Any) -> Any:
    kind = _optional_inner(annotation)
    if get_origin(kind) is list and get_args(kind):
        return _optional_inner(get_args(kind)[0])
    return None


def _is_flat(kind: Any) -> bool:
    return not _is_model(kind) and get_origin(kind) not in (list, dict) and kind not in (list, dict, Any)


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)
