"""`corroborator ingest` through a real process: the summary line, one line per failure, exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from corroborator.cli.app import app
from corroborator.store import Store

CORROBORATOR = str(Path(sys.executable).with_name("corroborator"))
SUMMARY = re.compile(r"(\d+) new, (\d+) unchanged, (\d+) revised, (\d+) failed, (\d+) skipped")

TRAM = (
    "Tram depot to close\n\nThe old tram depot on the east side will close next spring when the new "
    "maintenance hall opens beside the ring road, the city transport company said.\n"
)
POOL = (
    "Pool reopens\n\nThe municipal swimming pool reopened on Saturday after a year of repairs to its "
    "roof and its heating, with free entry for children during the first week.\n"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CORROBORATOR, *args], capture_output=True, text=True, encoding="utf-8", timeout=120, check=False
    )


def summary_of(result: subprocess.CompletedProcess[str]) -> tuple[int, ...]:
    lines = [line for line in result.stderr.splitlines() if SUMMARY.search(line)]
    assert len(lines) == 1, result.stderr
    match = SUMMARY.search(lines[0])
    assert match is not None
    return tuple(int(group) for group in match.groups())


def failure_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.strip() for line in result.stderr.splitlines() if line.strip().startswith("failed ")]


def test_summary_failures_exit_code_and_a_second_run_adds_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "city").mkdir(parents=True)
    (folder / "tram.txt").write_text(TRAM, encoding="utf-8")
    (folder / "city" / "pool.md").write_text(POOL, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.tiff").write_bytes(b"II*\x00" + b"\x00" * 16)
    (folder / "wire.jsonl").write_text(
        json.dumps({"id": "w-1", "outlet": "Wire", "text": "Snow closed the mountain pass on Sunday night."})
        + "\n{not json\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "cli.db")

    first = run("ingest", str(folder), "--db", db)

    assert first.returncode == 0, first.stderr
    assert summary_of(first) == (3, 0, 0, 2, 1)
    assert sorted(failure_lines(first)) == sorted(
        [
            f"failed {folder / 'empty.txt'}: empty file: there is nothing to ingest",
            f"failed {folder / 'wire.jsonl'}:2: not valid JSON: "
            "Expecting property name enclosed in double quotes (column 2); the other lines are kept",
        ]
    )
    assert any(
        line.strip().startswith(f"skipped {folder / 'scan.tiff'}: unsupported file type '.tiff'")
        for line in first.stderr.splitlines()
    )

    second = run("ingest", str(folder), "--db", db)

    assert second.returncode == 0, second.stderr
    assert summary_of(second) == (0, 3, 0, 2, 1)
    with Store(db, create=False) as store:
        assert store.count_articles() == 3


def test_exit_code_is_non_zero_only_when_nothing_could_be_ingested(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    db = str(tmp_path / "cli.db")

    result = run("ingest", str(tmp_path / "empty.txt"), str(tmp_path / "missing.html"), "--db", db)

    assert result.returncode != 0
    assert summary_of(result) == (0, 0, 0, 2, 0)
    assert failure_lines(result) == [
        f"failed {tmp_path / 'empty.txt'}: empty file: there is nothing to ingest",
        f"failed {tmp_path / 'missing.html'}: no such file or folder (for a web page, give a full http(s) URL)",
    ]


def test_failure_line_names_a_path_with_brackets_exactly(tmp_path: Path) -> None:
    (tmp_path / "notes [draft].txt").write_bytes(b"")
    (tmp_path / "tram.txt").write_text(TRAM, encoding="utf-8")
    args = [str(tmp_path / "notes [draft].txt"), str(tmp_path / "tram.txt"), "--db", str(tmp_path / "x.db")]

    # In-process (the output is the same as a real process's): a subprocess costs seconds.
    result = CliRunner().invoke(app, ["ingest", *args])

    lines = [line.strip() for line in result.stderr.splitlines() if line.strip().startswith("failed ")]
    assert lines == [f"failed {tmp_path / 'notes [draft].txt'}: empty file: there is nothing to ingest"]


def test_failure_and_note_lines_print_emoji_codes_as_written(tmp_path: Path) -> None:
    """':100:' in "dump.jsonl:100:" and ':fire:' in a record's date are text, not emoji."""
    lines = [json.dumps({"id": f"r{n}", "text": f"{TRAM} ({n})"}) for n in range(1, 100)]
    lines.append("{broken")
    lines.append(json.dumps({"id": "fire", "text": POOL, "published": ":fire:"}))
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = CliRunner().invoke(app, ["ingest", str(dump), "--db", str(tmp_path / "x.db")])

    assert result.exit_code == 0, result.output
    assert failure_lines(result) == [
        f"failed {dump}:100: not valid JSON: Expecting property name enclosed in double quotes (column 2); "
        "the other lines are kept"
    ]
    notes = [line.strip() for line in result.stderr.splitlines() if line.strip().startswith("note ")]
    assert notes == [
        f"note {dump}:101: publication date ':fire:' ignored: not an absolute date with its year written out; "
        "it is kept in extra.published_unparsed: correct it in the input to date the article"
    ]
    assert "\U0001f4af" not in result.stderr
    assert "\U0001f525" not in result.stderr
