"""Records written by news-please and trafilatura: their fields are read under Corroborator's
names, and every field of the record is kept in the article's extra."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.ingest import ingest
from corroborator.ingest.jsonl import iter_json
from corroborator.ingest.shapes import as_own_fields, shape_of
from corroborator.ingest.units import Unit
from corroborator.models import Article
from corroborator.store import Store

TEXT = (
    "The harbour authority reopened the north quay on Tuesday after divers found no damage to "
    "its piles, the port's director said. Ferries to Skerra will run on the usual timetable."
)
NEWS_PLEASE = {
    "authors": ["Mara Lind", "Ole Wren"],
    "date_download": "2025-03-12 10:01:00",
    "date_publish": "2025-03-11 18:30:00",
    "description": "The quay is open again.",
    "language": "en",
    "maintext": TEXT,
    "source_domain": "harbourgazette.example",
    "title": "North quay reopens",
    "url": "https://harbourgazette.example/quay",
}
TRAFILATURA = {
    "title": "North quay reopens",
    "author": "Mara Lind",
    "hostname": "harbourgazette.example",
    "date": "2025-03-11",
    "fingerprint": "c0ffee",
    "id": None,
    "source": "https://harbourgazette.example/quay",
    "source-hostname": "Harbour Gazette",
    "text": TEXT,
    "language": "en",
}


def test_the_shapes_are_told_apart_and_mapped() -> None:
    assert shape_of(NEWS_PLEASE) == "news-please"
    assert shape_of(TRAFILATURA) == "trafilatura"
    assert shape_of({"text": TEXT, "url": "https://x.example/a"}) is None
    mapped = as_own_fields(NEWS_PLEASE)
    assert (mapped["text"], mapped["published"], mapped["author"]) == (
        TEXT,
        "2025-03-11 18:30:00",
        "Mara Lind, Ole Wren",
    )
    mapped = as_own_fields(TRAFILATURA)
    assert (mapped["url"], mapped["published"], mapped["outlet"]) == (
        "https://harbourgazette.example/quay",
        "2025-03-11",
        "Harbour Gazette",
    )
    # A field under Corroborator's own name wins over the tool's.
    assert as_own_fields({**TRAFILATURA, "outlet": "Quay News"})["outlet"] == "Quay News"


def test_news_please_and_trafilatura_dumps_are_stored_with_url_date_outlet_and_author(
    tmp_path: Path,
    store: Store,
    make_settings: Callable[..., IngestSettings],
    stored: Callable[[], list[Article]],
) -> None:
    np_dump = tmp_path / "newsplease.jsonl"
    np_dump.write_text(json.dumps(NEWS_PLEASE) + "\n", encoding="utf-8")
    tf_dump = tmp_path / "trafilatura.jsonl"
    other = {
        **TRAFILATURA,
        "source": "https://harbourgazette.example/quay-2",
        "text": TEXT + " Tugs stand by.",
    }
    tf_dump.write_text(json.dumps(other) + "\n", encoding="utf-8")
    summary = ingest([str(np_dump), str(tf_dump)], store, make_settings())
    assert (summary.new, summary.failed) == (2, 0), summary.failures
    found = {a.provenance.source: a for a in stored()}
    news_please, trafilatura = found[str(np_dump)], found[str(tf_dump)]
    assert news_please.url == "https://harbourgazette.example/quay"
    assert trafilatura.url == "https://harbourgazette.example/quay-2"
    assert news_please.published is not None
    assert news_please.published.value.startswith("2025-03-11T18:30")
    assert trafilatura.published is not None
    assert trafilatura.published.value.startswith("2025-03-11")
    assert news_please.author == "Mara Lind, Ole Wren"
    assert news_please.extra["description"] == "The quay is open again."
    assert trafilatura.extra["source-hostname"] == "Harbour Gazette"


def test_a_json_file_is_one_record_or_a_list_of_them(
    tmp_path: Path,
    store: Store,
    make_settings: Callable[..., IngestSettings],
    stored: Callable[[], list[Article]],
) -> None:
    single = tmp_path / "quay.json"
    single.write_text(json.dumps(TRAFILATURA, indent=2), encoding="utf-8")
    listed = tmp_path / "more.json"
    second = {
        **NEWS_PLEASE,
        "url": "https://harbourgazette.example/tugs",
        "maintext": TEXT + " Tugs stand by.",
    }
    listed.write_text(json.dumps([second, "not a record", {"title": "no text"}]), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('{"text": "cut', encoding="utf-8")
    empty = tmp_path / "empty.json"
    empty.write_text("  \n", encoding="utf-8")
    summary = ingest([str(single), str(listed), str(broken), str(empty)], store, make_settings())
    assert summary.new == 2
    reasons = dict(summary.failures)
    assert reasons[f"{listed}:[2]"] == "a record must be a JSON object, not str"
    assert "neither 'text' nor 'html'" in reasons[f"{listed}:[3]"]
    assert reasons[str(broken)].startswith("not valid JSON: Unterminated string")
    assert not reasons[str(broken)].endswith("kept")
    assert reasons[str(empty)] == "empty file: no JSON record in it"
    assert sorted(a.url or "" for a in stored()) == [
        "https://harbourgazette.example/quay",
        "https://harbourgazette.example/tugs",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1717243200, "2024-06-01T12:00:00Z"),
        ("1717243200", "2024-06-01T12:00:00Z"),
        (1717243200123, "2024-06-01T12:00:00Z"),
        ("20240601120000", "2024-06-01T12:00:00Z"),
        (2024, None),
        (12.5, None),
        ("20241301120000", None),
    ],
)
def test_unix_times_and_gdelt_timestamps_are_read_in_utc(value: object, expected: str | None) -> None:
    from corroborator.ingest.meta import read_published

    found, why = read_published(value)
    assert (found.value if found else None) == expected
    assert (why is None) == (expected is not None)


def test_a_json_list_of_10000_articles_is_streamed_not_loaded_whole(
    tmp_path: Path,
    make_settings: Callable[..., IngestSettings],
    peak_memory: Callable[[Callable[[], Any]], tuple[Any, int]],
) -> None:
    path = tmp_path / "crawl.json"
    records = (
        json.dumps(
            {**NEWS_PLEASE, "url": f"https://harbourgazette.example/quay/{n}", "maintext": f"{TEXT} {n}"}
        )
        for n in range(10_000)
    )
    path.write_text("[\n" + ",\n".join(records) + "\n]", encoding="utf-8")
    size = path.stat().st_size
    settings = make_settings(max_bytes=100_000)  # far below the file: a whole read would be refused

    counts, peak = peak_memory(lambda: Counter(type(item).__name__ for item in iter_json(path, settings)))

    assert counts == {"Unit": 10_000, "Note": 1}
    assert peak < size / 4, (peak, size)


@pytest.mark.parametrize(
    ("content", "failure"),
    [
        (
            '[{"text": "one"}, {"text": "two"}, {"text": "thr',
            "not valid JSON after item 2 (",
        ),
        ('[{"text": "one"}, {"text": "two"}, {"text": "' + "x" * 300_000 + '"}]', "item of larger than"),
    ],
    ids=["cut in the middle", "an item over the cap"],
)
def test_a_json_list_damaged_or_too_large_in_the_middle_keeps_the_items_before(
    content: str, failure: str, tmp_path: Path, make_settings: Callable[..., IngestSettings]
) -> None:
    path = tmp_path / "list.json"
    path.write_text(content, encoding="utf-8")

    items = list(iter_json(path, make_settings(max_bytes=100_000)))

    assert [item.record for item in items if isinstance(item, Unit)] == [{"text": "one"}, {"text": "two"}]
    [error] = [item for item in items if isinstance(item, IngestError)]
    assert failure in error.reason
    assert error.reason.endswith(
        ("the items after it are lost; repair the file", "it and the items after it are lost; split the list")
    )
    assert "\n" not in error.reason
