"""The command line through a real process: exit codes, one-line reasons, exports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from corroborator.models.records import json_schema

CLI = [sys.executable, "-m", "corroborator"]
RECORDS = [
    {
        "id": "ext-1",
        "url": "https://www.riverside.example/flood",
        "title": "River floods the old town",
        "text": "The river rose two metres overnight, the mayor said.",
        "outlet": "Riverside Tribune",
        "author": "A. Writer",
        "published": "2025-05-24T09:30:00+03:00",
        "language": "en",
    },
    {
        "id": "ext-2",
        "url": "https://harbour.example/flood",
        "title": "Old town under water",
        "text": "The river rose two metres overnight, the mayor said.",
        "published": "2025-05-24",
    },
]


def corroborator(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("cli")
    source = tmp_path / "records.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    db = tmp_path / "cli.db"
    result = corroborator("run", str(source), "--db", str(db), "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert "2 new, 0 unchanged, 0 revised, 0 failed, 0 skipped" in result.stderr
    assert "Stage dedupe" in result.stderr
    return db


def test_export_articles_jsonl_has_the_promised_fields(analysed: Path) -> None:
    result = corroborator("export", "articles", "--db", str(analysed))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    by_external = {row["external_id"]: row for row in rows}
    first = by_external["ext-1"]
    for field in ("id", "external_id", "url", "outlet", "title", "author", "published", "language", "text"):
        assert field in first
    assert first["outlet"] == "riverside.example"
    assert first["outlet_name"] == "Riverside Tribune"
    assert (first["published"], first["published_precision"]) == ("2025-05-24T06:30Z", "minute")
    assert by_external["ext-2"]["published"] == "2025-05-24"
    assert first["text"] == RECORDS[0]["text"]
    assert first["copy_group"] is not None
    assert first["copy_group"] == by_external["ext-2"]["copy_group"]  # identical texts: one copy group
    for row in rows:
        jsonschema.validate(row, json_schema("articles"))


def test_export_copy_groups_csv_has_one_row_per_member(analysed: Path, tmp_path: Path) -> None:
    out = tmp_path / "groups.csv"
    result = corroborator("export", "copy-groups", "--format", "csv", "-o", str(out), "--db", str(analysed))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 2
    assert {row["external_id"] for row in rows} == {"ext-1", "ext-2"}
    assert {row["group_size"] for row in rows} == {"2"}
    assert sorted(row["method"] for row in rows) == ["exact", "first"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", "claim-groups"], "eval claim-groups is not available yet"),
    ],
)
def test_later_commands_say_so_in_one_line_with_exit_code_2(
    analysed: Path, args: list[str], message: str
) -> None:
    result = corroborator(*args, "--db", str(analysed))
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_report_of_an_unknown_story_is_a_one_line_error(analysed: Path) -> None:
    result = corroborator("report", "story-1", "--db", str(analysed))
    assert result.returncode == 1
    assert "no story 'story-1'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_export_kind_and_missing_database_are_one_line_errors(tmp_path: Path) -> None:
    missing = corroborator("export", "articles", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 1
    assert "does not exist" in missing.stderr
    assert not (tmp_path / "none.db").exists()


def test_config_shows_values_and_their_origin(tmp_path: Path) -> None:
    (tmp_path / "corroborator.toml").write_text("[dedupe]\nthreshold = 0.65\n", encoding="utf-8")
    result = corroborator("config", "--db", "x.db", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if line.count("│") >= 3}
    assert "0.65" in lines["dedupe.threshold"]
    assert "corroborator.toml" in lines["dedupe.threshold"]
    assert "command line" in lines["store.db"]
    assert "default" in lines["ingest.timeout"]


def test_bad_setting_is_a_one_line_error_with_exit_code_2(tmp_path: Path) -> None:
    (tmp_path / "corroborator.toml").write_text("[dedupe]\nthreshold = 7\n", encoding="utf-8")
    result = corroborator("config", cwd=tmp_path)
    assert result.returncode == 2
    assert "dedupe.threshold" in result.stderr


def test_demo_and_eval_on_the_demo_gold(tmp_path: Path) -> None:
    result = corroborator("demo", "--out", str(tmp_path / "demo"))
    assert result.returncode == 0, result.stderr
    assert "Copy groups against the demo gold: precision 1.00, recall 1.00, F1 1.00" in result.stdout
    assert (tmp_path / "demo" / "articles.jsonl").exists()
    scored = corroborator("eval", "copy-groups", "--db", str(tmp_path / "demo" / "demo.db"), "--json")
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["f1"] == 1.0


def test_stories_list_split_and_move_through_the_command_line(analysed: Path) -> None:
    listed = corroborator("stories", "--db", str(analysed))
    assert listed.returncode == 0, listed.stderr
    story_id = listed.stdout.split()[0]
    assert "2 articles" in listed.stdout
    header = listed.stderr.splitlines()[0]
    assert header.split() == ["story", "articles", "outlets", "copy", "groups", "dates", "label"]
    assert header.index("articles") + len("articles") == listed.stdout.index("articles") + len("articles")
    split = corroborator("stories", "--db", str(analysed), "split", story_id, "ext-2")
    assert split.returncode == 0, split.stderr
    new_id = split.stderr.strip().split()[-1]
    after = corroborator("stories", "--db", str(analysed))
    assert new_id in after.stdout
    assert "pinned" in after.stdout
    moved = corroborator("stories", "move", "ext-2", story_id, "--db", str(analysed))
    assert moved.returncode == 0, moved.stderr
    assert f"from {new_id} to {story_id}" in moved.stderr
    assert new_id not in corroborator("stories", "--db", str(analysed)).stdout
    by_prefix = corroborator("stories", "split", story_id[:6], "ext-2", "--db", str(analysed))
    assert by_prefix.returncode == 0, by_prefix.stderr
    assert f"off story {story_id} into {new_id}" in by_prefix.stderr
    back = corroborator("stories", "move", "ext-2", story_id[:6], "--db", str(analysed))
    assert f"from {new_id} to {story_id}" in back.stderr
    unknown = corroborator("stories", "merge", story_id, "no-such-story", "--db", str(analysed))
    assert unknown.returncode == 1
    assert "no story 'no-such-story'" in unknown.stderr
    exported = corroborator("export", "stories", "--db", str(analysed))
    record = json.loads(exported.stdout.splitlines()[0])
    jsonschema.validate(record, json_schema("stories"))
    assert {m["external_id"] for m in record["members"]} == {"ext-1", "ext-2"}


@pytest.mark.parametrize("args", [["export"], ["stories", "split", "some-story"], ["entities", "merge"]])
def test_a_missing_argument_is_a_usage_line_not_a_traceback(args: list[str]) -> None:
    result = corroborator(*args)
    assert result.returncode == 2
    assert "Missing argument" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_short_help() -> None:
    from corroborator import __version__

    version = corroborator("--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"corroborator {__version__}"
    for args in (["-h"], ["export", "-h"], ["stories", "-h"], ["eval", "-h"]):
        shown = corroborator(*args)
        assert shown.returncode == 0, (args, shown.stderr)
        assert "Usage:" in shown.stdout, args
        assert "Options" in shown.stdout, args


def test_outlet_facts_from_a_table_and_one_at_a_time(tmp_path: Path) -> None:
    db = tmp_path / "outlets.db"
    table = tmp_path / "outlets.csv"
    table.write_text(
        "outlet,country,state_affiliated\nvostok.example,Russia,yes\nharbour.example,Atlantis,no\n",
        encoding="utf-8",
    )
    imported = corroborator("outlets", "import", str(table), "--db", str(db))
    assert imported.returncode == 1
    assert "0 outlets updated, 1 added, 1 rows failed" in imported.stderr
    assert f"{table}:3: country 'Atlantis' is not a country" in imported.stderr
    changed = corroborator("outlets", "set", "vostok.example", "--wire", "--db", str(db))
    assert changed.returncode == 0, changed.stderr
    listed = corroborator("outlets", "--db", str(db))
    assert "vostok.example" in listed.stdout
    assert "country=Russia  state=yes  wire=yes" in listed.stdout
    refused = corroborator("outlets", "set", "vostok.example", "--country", "Atlantis", "--db", str(db))
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
