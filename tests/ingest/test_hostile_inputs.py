"""Hostile inputs: each bad record fails alone with a one-line reason naming ``path:line`` and
what to do, everything else is stored, and a rerun stores nothing twice and crashes on nothing.

Every input is built here, in tmp_path; the large ones are streamed to disk, never held whole.
"""

from __future__ import annotations

import codecs
import gzip
import importlib
import json
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corroborator.config import IngestSettings
from corroborator.errors import IngestError
from corroborator.ingest import IngestSummary, ingest
from corroborator.ingest.jsonl import iter_jsonl
from corroborator.ingest.units import Unit
from corroborator.models import Article, ArticleDraft
from corroborator.store import Store

MakeSettings = Callable[..., IngestSettings]
Stored = Callable[[], list[Article]]
PeakMemory = Callable[[Callable[[], Any]], tuple[Any, int]]

HARBOUR = (
    "The harbour wall will be rebuilt before the winter storms, the port authority said on Monday, "
    "after engineers found cracks along two hundred metres of the old stone."
)
NOTE_END = "it is kept in extra.published_unparsed: correct it in the input to date the article"


def record(key: str, **fields: Any) -> str:
    return json.dumps({"id": key, "text": f"{HARBOUR} ({key})", **fields}, ensure_ascii=False)


def dump(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def ingest_twice(sources: list[Path], store: Store, settings: IngestSettings) -> IngestSummary:
    """Ingest, then ingest again: the rerun must store nothing new and fail the same inputs."""
    first = ingest([str(source) for source in sources], store, settings)
    again = ingest([str(source) for source in sources], store, settings)
    assert again.new == again.revised == 0, again
    assert again.unchanged == first.stored
    assert sorted(again.failures) == sorted(first.failures)
    for _source, reason in first.failures + first.notes:
        assert "\n" not in reason
        assert "\r" not in reason
    return first


# --- dates ------------------------------------------------------------------------------------

UNUSABLE_DATES = {
    "0000": "not a date on the calendar",
    "0000-00-00": "not a date on the calendar",
    "2025-00": "not a date on the calendar",
    "2025-00-10": "not a date on the calendar",
    "2025-02-30": "not a date on the calendar",
    "2025-05-24T25:61:00Z": "not a date on the calendar",
    "0001-01-01": "the year 1 is outside 1000-2999 (a placeholder for an unknown date, or a typo)",
    "0001-01-01T00:00:00Z": "the year 1 is outside 1000-2999 (a placeholder for an unknown date, or a typo)",
    "0999-05-01T10:00:00Z": "the year 999 is outside 1000-2999 (a placeholder for an unknown date, or a typo)",
    "9999-12-31": "the year 9999 is outside 1000-2999 (a placeholder for an unknown date, or a typo)",
    "9999-12-31T23:59:59Z": "the year 9999 is outside 1000-2999 (a placeholder for an unknown date, or a typo)",
    "0001-01-01T00:30:00+01:00": "not a date on the calendar",  # before the calendar's start in UTC
    "9999-12-31T23:30:00-01:00": "not a date on the calendar",  # after its end in UTC
    "3025-05-24": "the year 3025 is outside 1000-2999 (a placeholder for an unknown date, or a typo)",
}


def test_unusable_dates_leave_the_article_stored_undated_with_a_note(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    lines = [record(f"d{n}", published=value) for n, value in enumerate(UNUSABLE_DATES)]
    lines.append(record("good", published="2025-05-24T09:30:00+02:00"))
    path = dump(tmp_path / "dates.jsonl", lines)

    summary = ingest_twice([path], store, make_settings())

    assert (summary.new, summary.failed) == (len(UNUSABLE_DATES) + 1, 0)
    notes = dict(summary.notes)
    for line, (value, why) in enumerate(UNUSABLE_DATES.items(), start=1):
        assert notes[f"{path}:{line}"] == f"publication date {value!r} ignored: {why}; {NOTE_END}"
    by_id = {article.external_id: article for article in stored()}
    for n, value in enumerate(UNUSABLE_DATES):
        assert by_id[f"d{n}"].published is None
        assert by_id[f"d{n}"].extra == {"published_unparsed": value}
    good = by_id["good"].published
    assert good is not None
    assert good.value == "2025-05-24T07:30Z"


def test_years_below_1000_with_a_time_were_written_unpadded_and_failed_the_batch(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    """The year 1000 is the first taken; a time in it is written with four digits."""
    path = dump(
        tmp_path / "early.jsonl", [record("early", published="1000-01-01T12:00:00Z"), record("other")]
    )

    summary = ingest_twice([path], store, make_settings())

    assert (summary.new, summary.failed, summary.notes) == (2, 0, [])
    early = next(article for article in stored() if article.external_id == "early")
    assert early.published is not None
    assert early.published.value == "1000-01-01T12:00Z"


def test_a_feed_entry_with_a_placeholder_date_is_stored_undated_with_a_note(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    body = f"<p>{HARBOUR}</p>" * 6
    feed = tmp_path / "port.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Port News</title>'
        f"<item><title>Wall</title><guid>w-1</guid><pubDate>0000-00-00</pubDate>"
        f"<description><![CDATA[{body}]]></description></item></channel></rss>",
        encoding="utf-8",
    )

    summary = ingest([str(feed)], store, make_settings())

    assert (summary.new, summary.failed) == (1, 0)
    [(source, note)] = summary.notes
    assert source == f"{feed} entry 1"
    assert note.startswith("publication date '0000-00-00' ignored: ")
    [article] = stored()
    assert article.published is None
    assert article.extra == {"published_unparsed": "0000-00-00"}


# --- record shapes ----------------------------------------------------------------------------


def test_deep_nesting_and_huge_numbers_fail_their_line_only(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = dump(
        tmp_path / "shapes.jsonl",
        [
            record("first"),
            '{"id": "deep", "text": "x", "tags": ' + "[" * 1000 + "]" * 1000 + "}",  # RecursionError in json
            '{"id": "deeper", "text": "x", "tags": ' + "[" * 100_000 + "]" * 100_000 + "}",
            '{"id": "nested", "text": "x", "tags": ' + '{"a": ' * 150 + "1" + "}" * 150 + "}",
            '{"id": "ok-depth", "text": "' + HARBOUR + '", "tags": ' + "[" * 90 + "]" * 90 + "}",
            '{"id": ' + "7" * 5000 + ', "text": "x"}',
            record("last"),
        ],
    )

    summary = ingest_twice([path], store, make_settings())

    deep = "JSON nested more than 100 levels deep: flatten the record; the other lines are kept"
    assert sorted(summary.failures) == [
        (f"{path}:2", deep),
        (f"{path}:3", deep),
        (f"{path}:4", deep),
        (
            f"{path}:6",
            "a number of more than 4,300 digits: write it as a JSON string; the other lines are kept",
        ),
    ]
    assert sorted(a.external_id or "" for a in stored()) == ["first", "last", "ok-depth"]


def test_numbers_in_text_fields_are_their_digits_and_objects_are_refused(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = dump(
        tmp_path / "fields.jsonl",
        [
            json.dumps({"id": 1017, "title": 2025, "author": 3.5, "text": HARBOUR}),
            json.dumps({"id": {"wire": "AP"}, "text": HARBOUR + " (object id)"}),
            json.dumps({"id": "t", "title": ["Harbour", "wall"], "text": HARBOUR + " (list title)"}),
            json.dumps({"id": "o", "outlet": True, "text": HARBOUR + " (true outlet)"}),
            json.dumps({"id": "u", "url": {"href": "https://x.example/"}, "html": "<p>page</p>"}),
        ],
    )

    summary = ingest_twice([path], store, make_settings())

    assert summary.failures == [
        (f"{path}:2", "'id' must be text or a number, not an object: give it as a JSON string"),
        (f"{path}:3", "'title' must be text or a number, not a list: give it as a JSON string"),
        (f"{path}:4", "'outlet' must be text or a number, not true or false: give it as a JSON string"),
        (f"{path}:5", "'url' must be text or a number, not an object: give it as a JSON string"),
    ]
    [article] = stored()
    assert (article.external_id, article.title, article.author) == ("1017", "2025", "3.5")


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-16-le", b""),
    ],
    ids=["utf-16-le-bom", "utf-16-be-bom", "utf-32-le-bom", "utf-16-le-no-bom"],
)
def test_utf16_and_utf32_dumps_are_decoded(
    encoding: str, bom: bytes, tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    text = "Zoë Krämer’s café reopened on the quay — «ça va», she said. 🚢\r\nSecond line."
    lines = [json.dumps({"id": "u", "text": text}, ensure_ascii=False), record("plain")]
    path = tmp_path / "windows.jsonl"
    path.write_bytes(bom + ("\n".join(lines) + "\n").encode(encoding))

    summary = ingest_twice([path], store, make_settings())

    assert (summary.new, summary.failed) == (2, 0), summary.failures
    assert {a.external_id: a.text for a in stored()}["u"] == text


def test_a_broken_utf16_dump_keeps_what_came_before_and_says_what_to_do(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = tmp_path / "broken.jsonl"
    # Enough good lines that the decoder returns some before it reaches the bad bytes.
    good = "".join(record(f"r{n}", filler="word " * 400) + "\n" for n in range(20)).encode("utf-16-le")
    path.write_bytes(
        codecs.BOM_UTF16_LE + good + "\ud800".encode("utf-16-le", "surrogatepass") + b"x\x00\n\x00"
    )

    summary = ingest([str(path)], store, make_settings())

    [(source, reason)] = summary.failures
    kept = len(stored())
    assert source == str(path)
    assert reason == (
        f"not valid UTF-16 text after line {kept} (illegal UTF-16 surrogate): the rest is lost; "
        "save the file again as UTF-8"
    )
    assert 10 < kept <= 20


# --- size caps while reading --------------------------------------------------------------------


def stream_gzip_bomb(path: Path, megabytes: int, after: list[str]) -> Path:
    """A .jsonl.gz whose first line unpacks to ``megabytes`` MB of one JSON string, then ``after``,
    compressed a megabyte at a time: neither the test nor the reader holds the line."""
    chunk = b"0" * (1 << 20)
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b'{"id": "bomb", "text": "')
        for _ in range(megabytes):
            out.write(chunk)
        out.write(b'"}\n' + "\n".join(after).encode() + b"\n")
    return path


def test_a_gzip_bomb_line_is_passed_over_in_bounded_memory(
    tmp_path: Path, make_settings: MakeSettings, peak_memory: PeakMemory
) -> None:
    path = stream_gzip_bomb(tmp_path / "bomb.jsonl.gz", 128, [record("after")])
    assert path.stat().st_size < 200_000  # 128 MB of one line in a small file
    settings = make_settings(max_bytes=1_000_000)

    items, peak = peak_memory(lambda: list(iter_jsonl(path, settings)))

    assert isinstance(items, list)
    error, unit = items
    assert isinstance(error, IngestError)
    assert isinstance(unit, Unit)
    assert (error.source, error.reason) == (
        f"{path}:1",
        "record of 134.2 MB, over the 1.0 MB cap (ingest.max_bytes)",
    )
    assert unit.source == f"{path}:2"
    assert peak < 8_000_000, f"{peak:,} bytes held while reading a 134 MB line"


@pytest.mark.slow
def test_a_2_gb_line_from_a_2_mb_gzip_is_passed_over_in_bounded_memory(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored, peak_memory: PeakMemory
) -> None:
    path = stream_gzip_bomb(tmp_path / "bomb.jsonl.gz", 2048, [record("after")])
    assert path.stat().st_size < 2_500_000

    items, peak = peak_memory(lambda: list(iter_jsonl(path, make_settings())))
    summary = ingest([str(path)], store, make_settings())

    assert isinstance(items, list)
    assert len(items) == 2
    assert peak < 60_000_000, f"{peak:,} bytes held while reading a 2 GB line (the cap is 20 MB)"
    assert summary.failures == [(f"{path}:1", "record of 2.1 GB, over the 20.0 MB cap (ingest.max_bytes)")]
    assert [a.external_id for a in stored()] == ["after"]


def test_an_oversize_plain_line_is_skipped_and_the_next_lines_are_read(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    big = record("big", note="n" * 60_000)
    path = dump(tmp_path / "long.jsonl", [record("a"), big, record("b"), "", record("c")])
    assert len(big) + 1 == 60_209  # with its line ending

    summary = ingest_twice([path], store, make_settings(max_bytes=10_000))

    assert summary.failures == [(f"{path}:2", "record of 60.2 kB, over the 10.0 kB cap (ingest.max_bytes)")]
    assert sorted(a.external_id or "" for a in stored()) == ["a", "b", "c"]


# --- truncated and damaged gzip -----------------------------------------------------------------


def test_a_truncated_jsonl_gz_says_after_which_line_and_keeps_those_before(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    lines = [record(f"r{n}", filler="word " * 2000) for n in range(30)]
    packed = gzip.compress(("\n".join(lines) + "\n").encode())
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(packed[: len(packed) * 2 // 3])

    summary = ingest_twice([path], store, make_settings())

    [(source, reason)] = summary.failures
    assert source == str(path)
    kept = len(stored())
    assert 0 < kept < 30
    assert reason == f"truncated after line {kept}: the rest is lost; re-download it"


def test_a_jsonl_gz_with_damaged_data_says_so_and_keeps_the_lines_before(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    lines = [record(f"r{n}", filler="word " * 2000) for n in range(30)]
    packed = bytearray(gzip.compress(("\n".join(lines) + "\n").encode(), compresslevel=1))
    middle = len(packed) // 2
    packed[middle : middle + 64] = bytes(255 - b for b in packed[middle : middle + 64])
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(bytes(packed))

    summary = ingest([str(path)], store, make_settings())

    [(source, reason)] = summary.failures
    assert source == str(path)
    assert reason.startswith("damaged after line ")
    assert reason.endswith("re-download it")
    # The lines before the damage are stored; damaged lines that still read as records may be
    # too (gzip's checksum comes at the end), which is why the reason says they may be wrong.
    assert {f"r{n}" for n in range(10)} <= {a.external_id for a in stored()}


# --- the store and the readers themselves failing -------------------------------------------------


def _draft_with_a_bad_field(**fields: Any) -> None:
    ArticleDraft(**{**fields, "language_confidence": "very"})  # pydantic's error runs over lines


# Faults no input file can be made to cause on purpose: (module, function, what it raises instead
# when it meets the poisoned record, the failure line, what is stored).
FAULTS = {
    "the store refuses a row": (
        "corroborator.store.articles",
        "_row",
        lambda draft, *_: ValueError("the database\nrefused this row") if "POISON" in draft.text else None,
        ":2",
        "unexpected ValueError while storing it: the database refused this row (please report this input)",
        ["a", "b", "d"],
    ),
    "a model refuses a record": (
        "corroborator.ingest.parse",
        "ArticleDraft",
        lambda **fields: _draft_with_a_bad_field(**fields) if "POISON" in fields["text"] else None,
        ":2",
        "unexpected ValidationError while reading it: 1 validation error for ArticleDraft language_confidence ",
        ["a", "b", "d"],
    ),
    "a page's parser fails": (
        "corroborator.ingest.parse",
        "extract_html",
        lambda html, *_, **__: (
            RecursionError("maximum recursion depth exceeded") if "POISON" in html else None
        ),
        ":2",
        "unexpected RecursionError while reading it: maximum recursion depth exceeded (please report this input)",
        ["a", "b", "d"],
    ),
    "a reader has a bug": (
        "corroborator.ingest.jsonl",
        "_record",
        lambda raw, _where: TypeError("a reader bug\nwith a second line") if b"POISON" in raw else None,
        "",
        "unexpected TypeError while reading it: a reader bug with a second line (please report this input); "
        "the rest of it is lost",
        ["a", "d"],
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_an_unforeseen_error_fails_one_input_in_one_line_and_the_run_goes_on(
    fault: str,
    tmp_path: Path,
    store: Store,
    make_settings: MakeSettings,
    stored: Stored,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module, name, poisoned, where, reason, kept = FAULTS[fault]
    target = importlib.import_module(module)
    original = getattr(target, name)

    def faulty(*args: Any, **kwargs: Any) -> Any:
        error = poisoned(*args, **kwargs)
        if isinstance(error, Exception):
            raise error
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, faulty)
    page = f"<html><body><article><h1>Harbour</h1><p>POISON {HARBOUR}</p><p>{HARBOUR}</p></article></body></html>"
    first = dump(tmp_path / "first.jsonl", [record("a"), json.dumps({"id": "p", "html": page}), record("b")])
    second = dump(tmp_path / "second.jsonl", [record("d")])

    summary = ingest([str(first), str(second)], store, make_settings())

    [(source, said)] = summary.failures
    assert source == f"{first}{where}"
    assert said.startswith(reason)
    assert "\n" not in said
    assert sorted(a.external_id or "" for a in stored()) == kept
    with store.reading() as connection:
        [(new, failed, finished)] = connection.exec_driver_sql(
            "SELECT new, failed, finished_at FROM ingest_runs"
        )
        logged = connection.exec_driver_sql("SELECT source FROM ingest_failures").scalars().all()
    assert (new, failed, logged) == (len(kept), 1, [source])
    assert finished is not None


def test_gzip_module_errors_are_not_raised_past_the_reader(
    tmp_path: Path, make_settings: MakeSettings
) -> None:
    """Not a gzip at all, an empty gzip member and a deflate stream with a wrong checksum."""
    settings = make_settings()
    packed = bytearray(gzip.compress(record("x").encode() + b"\n"))
    packed[-8] ^= 0xFF  # the CRC
    cases = {
        "plain.jsonl.gz": b"not gzip at all\n",
        "header.jsonl.gz": gzip.compress(b"")[:5],
        "crc.jsonl.gz": bytes(packed),
        "raw.jsonl.gz": zlib.compress(b"{}\n"),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        items = list(iter_jsonl(path, settings))
        failures = [item for item in items if isinstance(item, IngestError)]
        assert failures, name
        assert all(item.source.startswith(str(path)) for item in failures)
        assert failures[-1].reason.endswith(("re-download it", "rename it without the .gz")), (name, failures)
