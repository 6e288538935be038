"""A user's CSV table of outlet facts: columns, aliases, bad rows and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborator.errors import ConfigError
from corroborator.ingest.outlet_facts import read_outlet_facts
from corroborator.store.outlets import OutletFacts


def _table(tmp_path: Path, text: str | bytes, name: str = "outlets.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_rows_become_facts_and_bad_rows_are_reported_with_their_number(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "\ufeffOutlet,Name,Country,State-affiliated,Wire service\n"
        "vostokcourier.example,Vostok Courier,Russia,yes,no\n"
        "https://www.harbour.example/news/1,,GB,No,\n"
        "\n"
        "Riverside Tribune,,Narnia,yes,\n"
        ",Nobody,,,\n"
        "wire.example,,ukrainian,maybe,yes\n"
        "agency.example,,RUS,,TRUE\n",
    )
    facts, bad = read_outlet_facts(path)
    assert facts == [
        OutletFacts("vostokcourier.example", "Vostok Courier", "Russia", True, False),
        OutletFacts("https://www.harbour.example/news/1", None, "United Kingdom", False, None),
        OutletFacts("agency.example", None, "Russia", None, True),
    ]
    assert bad == [
        (5, "country 'Narnia' is not a country's name, demonym or code"),
        (6, "no outlet named"),
        (7, "state_affiliated 'maybe' is neither yes nor no"),
    ]


def test_semicolons_tabs_and_short_column_names_are_read(tmp_path: Path) -> None:
    for separator in (";", "\t"):
        path = _table(
            tmp_path, f"host{separator}state{separator}wire\nnews.example{separator}y{separator}n\n"
        )
        facts, bad = read_outlet_facts(path)
        assert facts == [OutletFacts("news.example", None, None, True, False)], separator
        assert bad == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "has no header line"),
        (b"outlet,colour\nnews.example,red\n", "unknown column(s) colour"),
        (b"name,country\nNews,France\n", "has no outlet column"),
        (b"outlet\n\xff\xfe\x00n\x00", "is not UTF-8 text"),
        (b"outlet\nnews\x00.example\n", "holds binary data"),
    ],
)
def test_a_bad_table_is_one_line_naming_it(tmp_path: Path, content: bytes, reason: str) -> None:
    path = _table(tmp_path, content)
    with pytest.raises(ConfigError) as raised:
        read_outlet_facts(path)
    assert reason in str(raised.value)
    assert str(path) in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_missing_file_or_a_folder_is_one_line(tmp_path: Path) -> None:
    for path, reason in ((tmp_path / "none.csv", "does not exist"), (tmp_path, "is a folder")):
        with pytest.raises(ConfigError, match=reason):
            read_outlet_facts(path)
