"""The real-news scorer: its figures, a perfect replay of a gold, and agreement with the
benchmark's reference scorer (``../shared/benchmarks/realnews/score.py``, run in its own
process on the same store).

The store is built here from ten of the demo's own articles and a gold written for this
test in the real-news format; it is made to give every figure something to count, not to
judge the pipeline (the gates in test_gates.py do that on the real sets).
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import corroborator
from corroborator.config import load_settings
from corroborator.demo import data_dir
from corroborator.errors import CorroboratorError
from corroborator.eval.realnews import read_realnews, score_realnews
from corroborator.eval.realnews_figures import (
    PARTY_ALIASES,
    Group,
    Member,
    Prediction,
    RealNewsScore,
    junk_reasons,
    numbers,
    score_prediction,
)

REALNEWS = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "realnews"
SCORER = REALNEWS / "score.py"
ENGLISH = (
    "demo-01",
    "demo-02",
    "demo-05",
    "demo-07",
    "demo-09",
    "demo-10",
    "demo-13",
    "demo-14",
    "demo-15",
    "demo-16",
)
HELICOPTER = ["demo-01", "demo-02", "demo-03", "demo-05", "demo-07"]  # demo-03 is not given: fitted out


def _claim(
    claim_id: str, event: str, keywords: list[str], articles: list[str], **more: Any
) -> dict[str, Any]:
    fields = {
        "id": claim_id,
        "event": event,
        "desc": f"claim {claim_id}",
        "value": None,
        "claimant_party": "mixed",
    }
    return fields | {"keywords": keywords, "articles": articles} | more


GOLD: dict[str, Any] = {
    "articles": {
        **dict.fromkeys(["demo-01", "demo-02", "demo-03", "demo-05", "demo-07"], "KURSK"),
        **dict.fromkeys(["demo-09", "demo-10"], "SWAP"),
        **dict.fromkeys(["demo-13", "demo-14", "demo-15"], "STRIKE"),
        "demo-16": "OTHER",
    },
    "xl": {"demo-12": "SWAP"},
    "multi": {"demo-15": ["SWAP"]},
    "claims": [
        _claim("K1", "KURSK", ["drone", "shot"], HELICOPTER, value=46, claimant_party="russia-state"),
        _claim(
            "K2", "KURSK", ["helicopter|aircraft", "drone"], HELICOPTER, expected_verdict_not=["corroborated"]
        ),
        _claim("K3", "KURSK", ["helicopter"], ["demo-05", "demo-07"], member_status="denied"),
        _claim("K4", "KURSK", ["drone"], HELICOPTER, value=764, claimant_party="russia-state"),
        _claim("S1", "SWAP", ["servicemen"], ["demo-09"], value=307, claimant_party="ukraine-state"),
        _claim("S2", "SWAP", ["stage"], ["demo-10"], value=303),
        _claim("S3", "SWAP", ["hostage"], ["demo-09"]),
        _claim("T1", "STRIKE", ["drone", "missile"], ["demo-14", "demo-15"], value=250),
        _claim("T2", "STRIKE", ["killed"], ["demo-14"], value=13),
        _claim("T3", "STRIKE", ["military"], ["demo-13", "demo-14"], claimant_party="russia-state"),
        _claim(
            "T4",
            "STRIKE",
            ["civilian"],
            ["demo-14"],
            member_status="denied",
            expected_verdict_not=["disputed"],
        ),
        _claim("T5", "STRIKE", ["dead|killed"], ["demo-13"], value=12),
        _claim("T6", "STRIKE", ["children"], ["demo-13", "demo-14"]),
    ],
    "conflicts": [
        {"a": "K2", "b": "K3", "why": "the raid engulfed the helicopter / no unit was sent after it"},
        {"a": "T3", "b": "T6", "why": "military sites only / children killed at home"},
        {"a": "K1", "b": "S3", "why": "a side the pipeline cannot find"},
    ],
    "non_conflicts": [
        {"a": "T2", "b": "T5", "why": "a toll that rose"},
        {"a": "K1", "b": "K4", "why": "two windows"},
        {"a": "T1", "b": "T2", "why": "weapons and dead"},
    ],
    "entities": [
        ["Yuriy Dashkin", "Yury Dashkin", "Yuri Dashkin", "Dashkin"],
        ["Vladimir Putin", "Putin", "the president"],
        ["Volodymyr Zelensky", "Zelensky"],
        ["Ukraine", "Ukrainian", "Kyiv"],
    ],
    "entities_apart": [["Putin", "Dashkin"], ["Moscow", "MOSCOW"]],
}


@pytest.fixture(scope="module")
def demo_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, RealNewsScore]:
    """A real-news folder of demo articles, the store the scorer ran them into, its figures."""
    folder = tmp_path_factory.mktemp("realnews")
    lines = {
        json.loads(line)["id"]: line for line in (data_dir() / "articles.jsonl").read_text().splitlines()
    }
    (folder / "articles.jsonl").write_text("\n".join(lines[i] for i in ENGLISH) + "\n", encoding="utf-8")
    (folder / "articles-xl.jsonl").write_text(lines["demo-12"] + "\n", encoding="utf-8")
    (folder / "gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    settings = load_settings(overrides={"ingest.workers": 1, "pipeline.workers": 1}, environ={})
    db = folder / "realnews.db"
    return folder, db, score_realnews(folder, settings, str(db))


def _same(ours: Any, theirs: Any) -> bool:
    if isinstance(theirs, float) and isinstance(ours, (int, float)):
        return abs(ours - theirs) <= 1e-9
    return bool(ours == theirs)


@pytest.mark.benchmarks
def test_every_figure_agrees_with_the_reference_scorer_on_one_store(
    demo_set: tuple[Path, Path, RealNewsScore], tmp_path: Path
) -> None:
    if not SCORER.is_file():
        pytest.skip(f"{SCORER} is absent: the agreement check cannot run here")
    folder, db, score = demo_set
    cli = tmp_path / "corroborator"
    cli.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m corroborator "$@"\n', encoding="utf-8")
    cli.chmod(0o755)
    here = str(Path(corroborator.__file__).resolve().parents[1])  # the same code in the other process
    options = ["--xl", str(folder / "articles-xl.jsonl"), "--from-db", str(db), "--brief"]
    result = subprocess.run(
        [
            sys.executable,
            str(SCORER),
            str(cli),
            str(folder / "articles.jsonl"),
            str(folder / "gold.json"),
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": here},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    reference = json.loads(result.stdout.strip().splitlines()[-1])
    reference.pop("run_seconds")
    ours = score.as_dict()
    differ = {
        key: (ours.get(key), value) for key, value in reference.items() if not _same(ours.get(key), value)
    }
    assert not differ, f"(ours, reference): {differ}"
    assert 0 < reference["key_claim_recall"] < 1  # something found, something missed: a real comparison


def test_scoring_the_same_store_again_changes_nothing(demo_set: tuple[Path, Path, RealNewsScore]) -> None:
    folder, db, score = demo_set
    again = score_realnews(folder, load_settings(environ={}), str(db))
    assert again == score
    assert score.n_articles == len(ENGLISH)
    assert score.n_xl == 1


def test_the_cli_prints_the_figures_and_their_json(demo_set: tuple[Path, Path, RealNewsScore]) -> None:
    folder, db, score = demo_set
    command = [
        sys.executable,
        "-m",
        "corroborator",
        "eval",
        "realnews",
        "--data",
        str(folder),
        "--db",
        str(db),
    ]
    shown = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert f"F1 {score.story_f1:.3f}" in shown.stdout
    assert "missed: S3" in shown.stdout
    as_json = subprocess.run([*command, "--json"], capture_output=True, text=True, timeout=120)
    assert json.loads(as_json.stdout) == json.loads(json.dumps(score.as_dict()))


def test_a_folder_without_articles_names_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(CorroboratorError, match=r"articles\.jsonl"):
        read_realnews(tmp_path)


# --------------------------------------------------------------------------- the gold replayed
def replay(gold: dict[str, Any]) -> Prediction:
    """A prediction that is the gold itself: every figure at its best."""
    conflicts = [(pair["a"], pair["b"]) for pair in gold["conflicts"]]
    groups = []
    for claim in gold["claims"]:
        label = f"The replayed claim {claim['id']} holds " + " ".join(
            k.split("|")[0] for k in claim["keywords"]
        )
        if claim.get("value") is not None:
            label += f" and the figure {claim['value']}"
        status = claim.get("member_status", "attributed")
        party = claim.get("claimant_party") or ""
        groups.append(
            Group(
                id=claim["id"],
                label=label,
                verdict="single-party" if claim.get("expected_verdict_not") else "corroborated",
                members=tuple(Member(article, label, status) for article in claim["articles"]),
                parties=(PARTY_ALIASES.get(party, party),),
                conflicts=tuple(pair for pair in conflicts if pair[0] == claim["id"]),
            )
        )
    entities = {f"list-{i}": frozenset(v.lower() for v in names) for i, names in enumerate(gold["entities"])}
    for a, b in gold.get("entities_apart", []):
        entities |= {f"apart-{a}": frozenset({a.lower()}), f"apart-{b}": frozenset({b.lower()})}
    return Prediction({**gold["articles"], **gold.get("xl", {})}, groups, entities)


PERFECT = {
    "story_p": 1.0,
    "story_r": 1.0,
    "story_f1": 1.0,
    "story_f1_single": 1.0,
    "unplaced": 0,
    "key_claim_recall": 1.0,
    "key_claim_recall_strict": 1.0,
    "verdict_soundness": 1.0,
    "party_match": 1.0,
    "conflict_recall": 1.0,
    "false_conflicts": 0,
    "entity_merge_rate": 1.0,
    "entity_groups_merged": 1.0,
    "entities_apart_violations": 0,
    "junk_rate": 0.0,
    "xl_placement": 1.0,
}


def _perfect_gold() -> dict[str, Any]:
    """The test gold without the pair that only differs in case (a replay that keeps "Moscow"
    and "MOSCOW" apart still holds one name in both)."""
    gold = copy.deepcopy(GOLD)
    gold["entities_apart"] = [["Putin", "Dashkin"]]
    return gold


def test_a_replay_of_the_gold_scores_perfectly() -> None:
    gold = _perfect_gold()
    found = score_prediction(replay(gold), gold).as_dict()
    assert {key: found[key] for key in PERFECT} == PERFECT


@pytest.mark.benchmarks
@pytest.mark.parametrize("name", ["crocus", "kakhovka"])
def test_a_replay_of_each_real_gold_scores_perfectly(name: str) -> None:
    if not (REALNEWS / name).is_dir():
        pytest.skip(f"{REALNEWS / name} is absent: the replay check cannot run here")
    gold = read_realnews(REALNEWS / name).gold
    found = score_prediction(replay(gold), gold).as_dict()
    assert {key: found[key] for key in PERFECT} == PERFECT


def _spoiled(change: str) -> RealNewsScore:
    gold = _perfect_gold()
    prediction = replay(gold)
    stories = dict(prediction.stories)
    groups = list(prediction.groups)
    entities = dict(prediction.entities)
    if change == "merge events":
        stories = {k: "KURSK" if v == "SWAP" else v for k, v in stories.items()}
    elif change == "split events":
        stories = {k: f"{v}-{i % 2}" for i, (k, v) in enumerate(sorted(stories.items()))}
    elif change == "lose a group":
        groups = [g for g in groups if g.id != "K2"]
    elif change == "carriers lost":
        groups = [
            Group(g.id, g.label, g.verdict, tuple(Member("elsewhere", m.text, m.status) for m in g.members))
            for g in groups
        ]
    elif change == "no denials":
        groups = [
            Group(
                g.id,
                g.label,
                g.verdict,
                tuple(Member(m.external_id, m.text, "attributed") for m in g.members),
            )
            for g in groups
        ]
    elif change == "all corroborated":
        groups = [Group(g.id, g.label, "corroborated", g.members, g.parties, g.conflicts) for g in groups]
    elif change == "false conflict":
        groups = [Group(g.id, g.label, g.verdict, g.members, g.parties, (("T2", "T5"),)) for g in groups]
    elif change == "names apart":
        entities = {f"{key}-{name}": frozenset({name}) for key, names in entities.items() for name in names}
    elif change == "xl elsewhere":
        stories["demo-12"] = "elsewhere"
    return score_prediction(Prediction(stories, groups, entities), gold)


@pytest.mark.parametrize(
    ("change", "figure", "expected"),
    [
        ("merge events", "story_p", lambda v: v < 1),
        ("split events", "story_r", lambda v: v < 1),
        ("lose a group", "conflict_recall", lambda v: v < 1),
        ("carriers lost", "key_claim_recall", lambda v: v == 0),
        ("no denials", "key_claim_recall", lambda v: v < 1),
        ("all corroborated", "verdict_soundness", lambda v: v < 1),
        ("false conflict", "false_conflicts", lambda v: v == 1),
        ("names apart", "entity_merge_rate", lambda v: v == 0),
        ("xl elsewhere", "xl_placement", lambda v: v == 0),
    ],
)
def test_each_figure_moves_when_the_prediction_is_spoiled(change: str, figure: str, expected: Any) -> None:
    assert expected(getattr(_spoiled(change), figure))


# --------------------------------------------------------------------------- text rules
@pytest.mark.parametrize(
    ("label", "reasons"),
    [
        ("The river rose two metres overnight in the old town", []),
        ("that the mayor closed three bridges on Monday", ["bare-start"]),
        ("Flooding", ["short"]),
        ("it was not", ["short", "bare-start"]),
        ("\u2022 Volunteers filled sandbags along the embankment", ["bullets"]),
        ("- Volunteers filled sandbags along the embankment", ["bullets"]),
        ("\u201cThe water keeps rising near the bridge,\u201d", []),
    ],
)
def test_junk_reasons(label: str, reasons: list[str]) -> None:
    assert junk_reasons(label) == reasons


def test_a_leading_that_is_forgiven_by_the_lenient_rule() -> None:
    assert junk_reasons("that the mayor closed three bridges on Monday", lenient=True) == []


def test_numbers_read_thousands_separators() -> None:
    assert numbers("5 757 people, 1,000 homes and 2025") == {5757, 1000, 2025}
