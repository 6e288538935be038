from __future__ import annotations

from pathlib import Path

from corroborator.config import Settings
from corroborator.ingest import ingest
from corroborator.pipeline import analyze
from corroborator.store import Store


def test_ingest_then_analyze_groups_copies(tmp_path: Path, store: Store, settings: Settings) -> None:
    body = (
        "Rescue teams in the river port worked through the night after the storm flattened "
        "warehouses along the quay, the harbour master told reporters on Monday morning."
    )
    (tmp_path / "a.txt").write_text("Storm hits port\n\n" + body, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Port storm damage\n\n" + body + " More to follow.", encoding="utf-8")
    (tmp_path / "c.txt").write_text(
        "Unrelated\n\nA choir festival opened in the old town hall.", encoding="utf-8"
    )
    summary = ingest([str(tmp_path)], store, settings.ingest)
    assert (summary.new, summary.failed) == (3, 0)
    [report] = analyze(store, settings, ["dedupe"])
    assert report.done == 3
    from corroborator.export import export_records

    groups = [g for g in export_records("copy-groups", store) if g.size > 1]  # type: ignore[attr-defined]
    assert len(groups) == 1
    assert groups[0].size == 2  # type: ignore[attr-defined]
