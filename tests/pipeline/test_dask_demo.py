"""The bundled demo analysed on a real local Dask cluster of two worker processes stores
exactly what the same analysis stores in the main process: copy groups, stories, entities,
claim groups and their verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborator.config import load_settings
from corroborator.demo import run_demo


def _exported(folder: Path, kind: str) -> list[dict[str, object]]:
    records = [json.loads(line) for line in (folder / f"{kind}.jsonl").read_text("utf-8").splitlines()]
    for record in records:
        record.pop("ingested_at", None)  # when the demo was read in: the one field two runs differ in
    return records


@pytest.mark.slow
def test_the_demo_on_two_dask_workers_stores_exactly_what_it_stores_inline(tmp_path: Path) -> None:
    results = {}
    for executor in ("inline", "dask"):
        settings = load_settings(
            overrides={"pipeline.executor": executor, "pipeline.scheduler": "local:2"}, environ={}
        )
        results[executor] = run_demo(tmp_path / executor, settings)
    inline, dask = results["inline"], results["dask"]
    assert [(r.name, r.done, r.failed) for r in dask.stages] == [
        (r.name, r.done, r.failed) for r in inline.stages
    ]
    assert all(r.failed == 0 for r in dask.stages)
    for kind in ("articles", "copy-groups", "stories", "entities", "claim-groups"):
        assert _exported(tmp_path / "dask", kind) == _exported(tmp_path / "inline", kind), kind
    groups = _exported(tmp_path / "dask", "claim-groups")
    assert {group["verdict"] for group in groups} >= {"disputed"}
    assert len(_exported(tmp_path / "dask", "stories")) >= 2
