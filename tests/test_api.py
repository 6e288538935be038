"""The Python API: `analyze` in memory with typed results and nothing left behind, a store
through `Corroborator`, the documented snippets run as plain scripts, a cheap import."""

from __future__ import annotations

import inspect
import json
import os
import re
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import corroborator
from corroborator import Analysis, Corroborator
from corroborator.models import Claim, ClaimGroup, RelationKind, Story, Verdict

ROOT = Path(__file__).resolve().parents[1]
QUICK = {"pipeline.workers": 1, "pipeline.article_seconds": 0, "ingest.workers": 1}

MILL = [
    {
        "id": "gazette-1",
        "outlet": "Linden Gazette",
        "url": "https://linden-gazette.example/mill",
        "title": "Paper mill at Orsa to close in May",
        "text": "The paper mill at Orsa will close in May, its owner Brakel Paper said on Monday. "
        "The company said 120 workers would lose their jobs.",
    },
    {
        "id": "radio-7",
        "outlet": "Valley Radio",
        "url": "https://valleyradio.example/news/orsa-mill",
        "title": "Brakel denies Orsa mill closure",
        "text": "Brakel Paper denied on Monday that the paper mill at Orsa will close in May. "
        "A spokeswoman said 80 workers would move to the plant at Selby.",
    },
]


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where temporary folders go during the test, to see that none is left behind."""
    root = tmp_path / "temp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def test_analyze_in_memory_returns_typed_results_and_leaves_nothing_behind(temp_root: Path) -> None:
    result = corroborator.analyze(
        [*MILL, "The Orsa mill will close in May, workers were told on Monday."], QUICK
    )

    assert isinstance(result, Analysis)
    assert list(temp_root.iterdir()) == []
    assert result.failures == []
    assert {a.external_id for a in result.articles} == {"gazette-1", "radio-7", "3"}  # a text: its place
    assert {a.outlet for a in result.articles} >= {"linden-gazette.example", "valleyradio.example"}
    [story] = result.stories
    assert isinstance(story, Story)
    assert len(story.article_ids) == 3
    assert all(isinstance(group, ClaimGroup) for group in result.claim_groups)
    assert result.groups_of(story) == result.claim_groups
    closing = [g for g in result.claim_groups if "close in May" in g.label]
    assert closing
    assert {g.verdict for g in closing} == {Verdict.DISPUTED}
    for member in closing[0].members:
        claim = result.claim(member.claim_id)
        assert isinstance(claim, Claim)
        article = result.article(member.article_id)
        assert article.text[claim.span.start : claim.span.end] == claim.span.text
    [conflict] = result.conflicts  # listed by both groups, given once
    assert conflict.kind is RelationKind.CONFLICTS
    assert "Brakel Paper" in conflict.reason


def test_bad_items_fail_alone_named_by_their_place(temp_root: Path) -> None:
    dated = {**MILL[1], "published": datetime(2025, 3, 3, 9, 15, tzinfo=UTC)}
    items: list[Any] = [42, {"title": "A record with no text"}, MILL[0], {**MILL[1], "tags": {"mill"}}, dated]

    result = corroborator.analyze(items, QUICK)

    reasons = dict(result.failures)
    assert reasons["items[1]"] == "a record must be a mapping (a dict), not int"
    assert "record has neither 'text' nor 'html'" in reasons["items[2]"]
    assert (
        reasons["items[4]"] == "a set is not a JSON value: give text, numbers, true/false, lists and mappings"
    )
    assert len(reasons) == 3
    assert sorted(a.external_id or "" for a in result.articles) == ["gazette-1", "radio-7"]
    [radio] = [a for a in result.articles if a.external_id == "radio-7"]
    assert radio.published is not None
    assert radio.published.value == "2025-03-03T09:15Z"  # a datetime is read like its ISO text
    assert list(temp_root.iterdir()) == []


def test_nothing_to_analyse_gives_an_empty_result() -> None:
    result = corroborator.analyze([], QUICK)

    assert (result.articles, result.stories, result.claim_groups, result.conflicts) == ([], [], [], [])


def test_one_record_alone_is_one_article_and_a_store_is_refused_with_what_to_call(tmp_path: Path) -> None:
    result = corroborator.analyze(MILL[0], QUICK)  # not its keys, one text each
    assert [a.external_id for a in result.articles] == ["gazette-1"]
    with (
        corroborator.Store(str(tmp_path / "old.db")) as store,
        pytest.raises(TypeError, match="analyze_store"),
    ):
        corroborator.analyze(store)  # type: ignore[arg-type]


def test_a_store_through_corroborator_keeps_its_results_between_openings(tmp_path: Path) -> None:
    db = tmp_path / "mill.db"
    with Corroborator(db, settings=QUICK) as news:
        assert news.add(MILL).new == 2
        reports = news.analyze()
        assert all(report.failed == 0 for report in reports)
        [story] = news.stories()
        groups = news.claim_groups(story)
        dossier = news.report(story, format="md")
        labels = [record.model_dump()["label"] for record in news.export("claim-groups")]

    assert groups
    assert labels == [group.label for group in groups]
    assert groups[0].label in dossier
    with Corroborator(str(db), settings=QUICK) as again:
        assert again.add(MILL).unchanged == 2
        assert sum(report.done for report in again.analyze()) == 0  # nothing left to do
        stored = again.results()
    assert [g.id for g in stored.claim_groups] == [g.id for g in groups]
    assert {a.external_id for a in stored.articles} == {"gazette-1", "radio-7"}


def test_corroborator_ingests_files_and_refuses_settings_beside_a_config(tmp_path: Path) -> None:
    dump = tmp_path / "mill.jsonl"
    dump.write_text("".join(json.dumps(record) + "\n" for record in MILL), encoding="utf-8")
    with Corroborator(tmp_path / "files.db", settings=QUICK) as news:
        assert news.ingest(dump).new == 2  # one path, not a list of its characters
    with pytest.raises(corroborator.StoreError, match="does not exist"):
        Corroborator(tmp_path / "typo.db", settings=QUICK, create=False)
    assert not (tmp_path / "typo.db").exists()
    settings = corroborator.load_settings(overrides={"store.db": str(tmp_path / "x.db")}, environ={})
    with pytest.raises(corroborator.ConfigError, match="give one of the two"):
        Corroborator(settings=settings, config=tmp_path / "corroborator.toml")


def _python_blocks() -> list[str]:
    usage = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    section = usage.partition("## Using it from Python")[2]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def _run_script(code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` as a plain script, ``python script.py``, with its own temporary folder."""
    script = folder / "script.py"
    script.write_text(code, encoding="utf-8")
    temp = folder / "temp"
    temp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TMPDIR": str(temp)}
    env = {key: value for key, value in env.items() if not key.startswith("CORROBORATOR_")}
    return subprocess.run(
        [sys.executable, "script.py"], cwd=folder, env=env, capture_output=True, text=True, timeout=600
    )


def test_the_in_memory_snippet_runs_as_a_plain_script_without_a_main_guard(tmp_path: Path) -> None:
    code = _python_blocks()[0]
    assert "__main__" not in code
    # Said once: a worker that ran the script again would say it again.
    code = 'print("script started")\n' + code

    result = _run_script(code, tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.count("script started") == 1
    assert "disputed: " in result.stdout
    assert "conflict: denial" in result.stdout
    assert "failed: []" in result.stdout
    assert sorted(path.name for path in tmp_path.iterdir()) == ["script.py", "temp"]
    assert list((tmp_path / "temp").iterdir()) == []  # the temporary store is gone


def test_the_store_snippet_runs_as_a_plain_script(tmp_path: Path) -> None:
    (tmp_path / "dump.jsonl").write_text("".join(json.dumps(r) + "\n" for r in MILL), encoding="utf-8")

    result = _run_script(_python_blocks()[1], tmp_path)

    assert result.returncode == 0, result.stderr
    assert "2 new, 0 failed" in result.stdout
    assert "disputed" in result.stdout
    assert (tmp_path / "news.db").exists()


def test_import_corroborator_loads_nothing_heavy() -> None:
    heavy = {"spacy", "trafilatura", "sqlalchemy", "numpy", "pydantic", "httpx", "fastapi"}
    code = (
        "import sys, corroborator\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({sorted(heavy)!r})))\n"
        "corroborator.Store\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["[]", "True"]  # loaded on first use


def test_every_public_name_is_declared_and_documented() -> None:
    from corroborator import _EXPORTS

    assert corroborator.__all__ == sorted(["__version__", *_EXPORTS])
    assert set(dir(corroborator)) >= set(corroborator.__all__)
    undocumented = []
    for name in corroborator.__all__:
        value = getattr(corroborator, name)
        if name == "__version__":
            assert isinstance(value, str)
            continue
        doc = value.__doc__ or ""
        if not doc.strip() or doc.startswith(f"{name}("):  # a dataclass's generated signature
            undocumented.append(name)
    for cls in (Corroborator, Analysis):
        for name, member in vars(cls).items():
            public = (not name.startswith("_") and callable(member)) or isinstance(member, property)
            if public and not inspect.getdoc(member):
                undocumented.append(f"{cls.__name__}.{name}")
    assert undocumented == []


def test_an_unknown_name_says_so() -> None:
    with pytest.raises(AttributeError, match="module 'corroborator' has no attribute 'analyse'"):
        corroborator.analyse  # noqa: B018
