"""Correcting claim groups through the command line, in a real process over a real store:
the corrections hold after `corroborator analyze` runs a new version of the align stage, show
in the export with who, when and why, and bad input is one line that changes nothing."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CLI = [sys.executable, "-m", "corroborator"]
# `corroborator analyze` as a new version of the align stage would run it
BUMPED = [
    sys.executable,
    "-c",
    "import sys, corroborator.align.stage as stage; stage.VERSION = 'bumped'; "
    "from corroborator.cli.app import main; main(sys.argv[1:])",
]
RECORDS = [
    {
        "id": "storm-1",
        "url": "https://lakeshore.example/storm",
        "title": "Storm cuts power on the coast",
        "text": "The storm cut power to 12,000 homes along the coast on Sunday, the utility company said. "
        "The harbour master said two fishing boats sank at their moorings.",
        "published": "2025-02-02",
    },
    {
        "id": "storm-2",
        "url": "https://coastwatch.example/storm",
        "title": "Thousands without power after storm",
        "text": "About 12,000 homes lost power on Sunday, according to the utility company. "
        "Police said the coast road would stay closed until Tuesday.",
        "published": "2025-02-02",
    },
    {
        "id": "storm-3",
        "url": "https://bayherald.example/storm",
        "title": "Boats lost as storm hits harbour",
        "text": "Two fishing boats sank in the harbour during the storm, the harbour master told reporters. "
        "The utility company said 15,000 homes were without power.",
        "published": "2025-02-03",
    },
]


def run(*args: str, command: list[str] = CLI) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("corrections-cli")
    source = folder / "storm.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    path = str(folder / "storm.db")
    done = run("run", str(source), "--db", path, "--workers", "1")
    assert done.returncode == 0, done.stderr
    return path


def _groups(db: str) -> dict[str, dict[str, object]]:
    """The exported claim groups by their label's first words."""
    done = run("export", "claim-groups", "--db", db)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    return {" ".join(str(row["label"]).split()[:3]): row for row in rows}


def _ids(db: str) -> dict[str, str]:
    """Group ids by label's first words, from `corroborator claim-groups`."""
    done = run("claim-groups", "--db", db)
    assert done.returncode == 0, done.stderr
    found = {}
    for line in done.stdout.splitlines():
        group_id, _story, rest = line.split("  ", 2)
        label = rest.split("articles", 1)[1].replace("reviewed", "").strip()
        found[" ".join(label.split()[:3])] = group_id
    return found


def test_corrections_made_on_the_command_line_survive_a_new_align_stage(db: str) -> None:
    ids = _ids(db)
    boats = ids["Two fishing boats"]
    verdict = run(
        "claim-groups",
        "verdict",
        boats,
        "corroborated",
        "--reason",
        "harbour photos",
        "--by",
        "Dana",
        "--db",
        db,
    )
    assert verdict.returncode == 0, verdict.stderr
    assert f"set the verdict to corroborated (holds for group {boats})" in verdict.stderr
    assert run("claim-groups", "review", boats, "--by", "Eli", "--db", db).returncode == 0
    groups = _groups(db)
    story = groups["Two fishing boats"]["story_id"]
    power = [str(r["id"]) for r in groups.values() if r["story_id"] == story and "homes" in str(r["label"])]
    assert len(power) == 2, groups.keys()
    merged = run("claim-groups", "merge", *power, "--by", "Dana", "--reason", "one outage", "--db", db)
    assert merged.returncode == 0, merged.stderr
    before = _groups(db)
    again = run("analyze", "--db", db, command=BUMPED)
    assert again.returncode == 0, again.stderr
    assert "Stage align: 2 stories done, no failures" in again.stderr
    assert "(version bumped)" in again.stderr
    after = _groups(db)
    assert after == before
    shown = after["Two fishing boats"]
    assert shown["verdict"] == "corroborated"
    assert str(shown["reasons"][0]).endswith(
        "by Dana on " + str(shown["corrections"][0]["at"])[:10] + ": harbour photos"
    )  # type: ignore[index]
    assert [(c["kind"], c["by"]) for c in shown["corrections"]] == [("verdict", "Dana"), ("reviewed", "Eli")]  # type: ignore[union-attr]
    outage = [row for row in after.values() if any(c["kind"] == "merge" for c in row["corrections"])]  # type: ignore[union-attr]
    assert len(outage) == 1
    assert outage[0]["n_articles"] == 2
    trail = run("claim-groups", "corrections", "--db", db)
    assert trail.returncode == 0, trail.stderr
    lines = trail.stdout.splitlines()
    assert len(lines) == 3
    assert "by Dana at " in lines[0]
    assert lines[0].endswith(": harbour photos")
    assert "no longer applies" not in trail.stdout
    exported = run("export", "corrections", "--db", db)
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [(r["kind"], r["by"], r["reason"], r["note"]) for r in records] == [
        ("verdict", "Dana", "harbour photos", None),
        ("reviewed", "Eli", "", None),
        ("merge", "Dana", "one outage", None),
    ]


BAD = [
    (["review", "no-such-group"], "error: no claim group 'no-such-group'"),
    (["merge", "{boats}", "{boats}"], "with itself: give two different groups"),
    (["move", "{road_claim}", "{boats}"], "a claim moves only between groups of its own story"),
    (["verdict", "{boats}", "disputed", "--reason", " "], "needs a reason: say why"),
]


def test_bad_corrections_on_the_command_line_are_one_line_and_change_nothing(db: str) -> None:
    ids = _ids(db)
    groups = _groups(db)
    road = next(row for row in groups.values() if "road" in str(row["label"]))
    values = {"boats": ids["Two fishing boats"], "road_claim": road["members"][0]["claim_id"]}  # type: ignore[index]
    before = run("claim-groups", "corrections", "--db", db).stdout
    for args, message in BAD:
        refused = run("claim-groups", *(a.format(**values) for a in args), "--by", "Dana", "--db", db)
        assert refused.returncode != 0, args
        assert message in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert run("claim-groups", "corrections", "--db", db).stdout == before
    assert _groups(db) == groups
