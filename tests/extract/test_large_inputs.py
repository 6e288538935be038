"""A 1 MB article through parse and extract: no crash, pieces warned of, offsets into the whole text."""

from __future__ import annotations

import pytest

from corroborator.config import Settings
from corroborator.export import export_records
from corroborator.models import ArticleDraft, Provenance, SourceKind
from corroborator.pipeline import analyze
from corroborator.store import Store, add_articles


def _paragraph(n: int) -> str:
    return (
        f"The harbour authority said {n + 3} cranes were repaired on day {n}. "
        f"“We kept the quay open all night,” a dock worker told the local paper. "
        f"Ferry crossings | Monday | {n % 9 + 1} | Tuesday | {n % 7 + 2} "
        f"REPORTS OF DAMAGE WERE EXAGGERATED, THE MAYOR SAID "
        f"and the weather office warned of stronger winds from the north"
    )


@pytest.mark.slow
def test_a_one_megabyte_article_is_parsed_in_pieces_and_extracted_whole(
    store: Store, settings: Settings
) -> None:
    paragraphs = []
    size = 0
    while size < 1_000_000:
        paragraphs.append(_paragraph(len(paragraphs)))
        size += len(paragraphs[-1]) + 2
    text = "\n\n".join(paragraphs)
    with store.transaction() as connection:
        add_articles(
            connection,
            [
                ArticleDraft(
                    text=text,
                    url="https://harbour.example/long-log",
                    language="en",
                    provenance=Provenance(kind=SourceKind.JSONL, source="big.jsonl"),
                )
            ],
        )
    reports = analyze(store, settings, ["parse", "extract"])

    assert all(not report.failures for report in reports)
    warnings = [warning for report in reports for _, warning in report.warnings]
    assert any("parsed in" in warning and "pieces" in warning for warning in warnings), warnings
    cues = [text[r.cue.start : r.cue.end] for r in export_records("attributions", store)]  # type: ignore[attr-defined]
    # Every paragraph's "said" and "told" is found, in the whole text's offsets.
    assert cues.count("said") >= len(paragraphs)
    assert cues.count("told the local paper") + cues.count("told") >= len(paragraphs) * 0.95
    cranes = [q for q in export_records("quantities", store) if q.counted_thing == "cranes"]  # type: ignore[attr-defined]
    assert len(cranes) >= len(paragraphs) * 0.95
    for quantity in cranes[:: max(1, len(cranes) // 50)]:
        assert text[quantity.span.start : quantity.span.end] == quantity.span.text
        assert str(int(quantity.value)) in quantity.span.text
