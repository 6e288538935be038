"""Bad inputs: each fails alone with a one-line reason naming it; the run goes on and
nothing stored before is lost or duplicated."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from corroborator.config import IngestSettings
from corroborator.ingest import IngestSummary, ingest
from corroborator.models import Article
from corroborator.store import Store

MakeSettings = Callable[..., IngestSettings]
Stored = Callable[[], list[Article]]

KEPT = (
    "Library extends opening hours\n\nThe central library will stay open until nine in the "
    "evening from next month, after readers asked for more time to study after work.\n"
)
LATER = (
    "Night buses return\n\nThe night bus network returns on Friday with four routes linking the "
    "station to the suburbs, the transport office said.\n"
)

RUSSIAN = (
    "Городской совет утвердил новый бюджет на следующий год. Депутаты проголосовали за "
    "увеличение расходов на ремонт школ и больниц, а также на строительство новой дороги.\n"
)
FRENCH = (
    "Le conseil municipal a adopté mardi soir le budget de l’année prochaine. Les élus ont "
    "voté une hausse des dépenses pour la rénovation des écoles, à côté de la gare où l’on "
    "prévoit un théâtre. « Ça coûtera cher », a reconnu le maire.\n"
)
FRENCH_LATIN1 = FRENCH.replace("’", "'").replace("« ", '"').replace(" »", '"')


def run_with_survivors(
    bad: Path | str, tmp_path: Path, store: Store, settings: IngestSettings, stored: Stored
) -> tuple[IngestSummary, str]:
    """Ingest a good file, then the bad input between a new good file and the old one again.

    Checks that the bad input is the only failure, that the run went on (the new file is
    stored), and that what was stored before is neither lost nor duplicated.  Returns the
    summary and the failure's reason.
    """
    kept, later = tmp_path / "kept.txt", tmp_path / "later.txt"
    kept.write_text(KEPT, encoding="utf-8")
    later.write_text(LATER, encoding="utf-8")
    assert ingest([str(kept)], store, settings).new == 1
    before = stored()

    summary = ingest([str(later), str(bad), str(kept)], store, settings)

    assert (summary.new, summary.unchanged, summary.failed) == (1, 1, 1), summary
    [(source, reason)] = summary.failures
    assert source.startswith(str(bad))
    assert "\n" not in reason
    after = stored()
    assert len(after) == 2
    assert len({article.id for article in after}) == 2
    assert [article for article in after if article.provenance.source == str(kept)] == before
    return summary, reason


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.xml", "blank.md"])
def test_empty_file(
    name: str, tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = tmp_path / name
    path.write_bytes(b"  \n\t\n" if name.startswith("blank") else b"")

    _summary, reason = run_with_survivors(path, tmp_path, store, make_settings(), stored)

    assert reason == "empty file: there is nothing to ingest"


@pytest.mark.parametrize("name", ["empty.jsonl", "blank.jsonl", "empty.jsonl.gz"])
def test_empty_jsonl_is_reported_not_silently_passed_over(
    name: str, tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = tmp_path / name
    if name.endswith(".gz"):
        import gzip

        path.write_bytes(gzip.compress(b""))
    else:
        path.write_bytes(b"\n\n   \n" if name.startswith("blank") else b"")

    _summary, reason = run_with_survivors(path, tmp_path, store, make_settings(), stored)

    assert reason == "empty file: no JSON records in it"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (bytes(random.Random(7).randrange(256) for _ in range(3000)) + b"\x00\x00", "binary file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "binary file (a PNG image, not an article)"),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
            "binary file (a PDF document",
        ),
    ],
    ids=["random-bytes", "png", "pdf"],
)
@pytest.mark.parametrize("name", ["report.txt", "report.html", "report.xml"])
def test_binary_file_is_refused_with_what_it_is(
    content: bytes,
    expected: str,
    name: str,
    tmp_path: Path,
    store: Store,
    make_settings: MakeSettings,
    stored: Stored,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    _summary, reason = run_with_survivors(path, tmp_path, store, make_settings(), stored)

    assert reason.startswith(expected)


def test_unsupported_extension_named_explicitly_fails_with_the_supported_list(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 30)

    _summary, reason = run_with_survivors(path, tmp_path, store, make_settings(), stored)

    assert reason.startswith("unsupported file type '.docx': give ")
    assert ".txt" in reason
    assert ".jsonl" in reason
    assert ".warc.gz" in reason


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(RUSSIAN, "cp1251"), (RUSSIAN, "koi8-r"), (FRENCH, "cp1252"), (FRENCH_LATIN1, "latin-1")],
)
def test_legacy_encoding_is_detected_and_decoded(
    text: str, encoding: str, tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))

    summary = ingest([str(path)], store, make_settings())

    assert (summary.new, summary.failed) == (1, 0)
    [article] = stored()
    assert article.text == text
    assert article.language == ("ru" if text is RUSSIAN else "fr")


def test_page_with_only_navigation_has_no_article_text(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = tmp_path / "front.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Valley Courier</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
        "<li><a href='/sport'>Sport</a></li><li><a href='/weather'>Weather and travel</a></li></ul></nav>"
        "<div class='account'><a href='/login'>Sign in</a> | <a href='/subscribe'>Subscribe</a></div>"
        "<footer>Copyright 2025 Valley Courier</footer></body></html>",
        encoding="utf-8",
    )

    _summary, reason = run_with_survivors(path, tmp_path, store, make_settings(), stored)

    assert reason == "no article text found in the page (navigation or empty body only)"


def test_garbage_in_html_clothes_fails_with_a_clear_reason(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = tmp_path / "garbage.html"
    path.write_text("<html><body><<<>>> </div></td> &&&; <a><a></a></body>", encoding="utf-8")

    _summary, reason = run_with_survivors(path, tmp_path, store, make_settings(), stored)

    assert reason.startswith(("no article text found", "cannot parse HTML"))


def test_broken_json_line_names_file_and_line_and_keeps_the_other_records(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        json.dumps({"id": "a", "text": KEPT})
        + "\n"
        + '{"id": "b", "text": "The ferry was late again and'
        + "\n"
        + json.dumps({"id": "c", "text": LATER})
        + "\n"
        + '["a list", "not a record"]\n'
        + json.dumps({"id": "e", "title": "No body", "outlet": "Gazette"})
        + "\n"
        + json.dumps({"id": "f", "text": "   ", "html": ""})
        + "\n"
        + json.dumps({"id": "g", "text": 12})
        + "\n",
        encoding="utf-8",
    )

    summary = ingest([str(dump)], store, make_settings())

    assert (summary.new, summary.failed) == (2, 5)
    reasons = dict(summary.failures)
    assert set(reasons) == {f"{dump}:{line}" for line in (2, 4, 5, 6, 7)}
    assert reasons[f"{dump}:2"] == (
        "not valid JSON: Unterminated string starting at (column 21); the other lines are kept"
    )
    assert reasons[f"{dump}:4"] == "a record must be a JSON object, not list"
    assert reasons[f"{dump}:5"] == (
        "record has neither 'text' nor 'html' (or both are empty), nor a news-please 'maintext', "
        "nor an http(s) 'url' to fetch the page from"
    )
    assert reasons[f"{dump}:6"] == (
        "record has neither 'text' nor 'html' (or both are empty), nor a news-please 'maintext', "
        "nor an http(s) 'url' to fetch the page from"
    )
    assert reasons[f"{dump}:7"] == "'text' must be a string, not int"
    assert sorted((a.external_id, a.text) for a in stored()) == [("a", KEPT), ("c", LATER)]

    again = ingest([str(dump)], store, make_settings())
    assert (again.new, again.unchanged, again.failed) == (0, 2, 5)
    assert len(stored()) == 2


def test_jsonl_line_not_in_utf8_is_reported_and_the_rest_kept(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    dump = tmp_path / "dump.jsonl"
    legacy = json.dumps({"id": "fr", "text": FRENCH}, ensure_ascii=False).encode("cp1252")
    dump.write_bytes(legacy + b"\n" + json.dumps({"id": "ok", "text": KEPT}).encode() + b"\n")

    summary = ingest([str(dump)], store, make_settings())

    [(source, reason)] = summary.failures
    assert source == f"{dump}:1"
    assert reason.startswith("not UTF-8 text (byte ")
    assert reason.endswith("the other lines are kept")
    assert [article.external_id for article in stored()] == ["ok"]


def test_file_over_the_size_cap_is_refused(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Long read\n\n" + "The council met again. " * 200, encoding="utf-8")

    _summary, reason = run_with_survivors(path, tmp_path, store, make_settings(max_bytes=2000), stored)

    assert reason == "4.6 kB, over the 2.0 kB cap (ingest.max_bytes)"


def test_jsonl_record_over_the_size_cap_is_refused_and_the_rest_kept(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        json.dumps({"id": "big", "text": "word " * 1000})
        + "\n"
        + json.dumps({"id": "small", "text": KEPT})
        + "\n",
        encoding="utf-8",
    )

    summary = ingest([str(dump)], store, make_settings(max_bytes=2000))

    assert summary.failures == [(f"{dump}:1", "record of 5.0 kB, over the 2.0 kB cap (ingest.max_bytes)")]
    assert [a.external_id for a in stored()] == ["small"]


def test_html_page_given_as_a_feed_file_is_not_a_feed(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(
        "<!DOCTYPE html>\n<!-- saved from the browser -->\n<html><head><title>World news</title></head>"
        "<body><p>This is the site's front page, not its feed.</p></body></html>",
        encoding="utf-8",
    )

    _summary, reason = run_with_survivors(path, tmp_path, store, make_settings(), stored)

    assert reason == "not an RSS or Atom feed: the root element is <html>"


def test_xml_that_is_not_a_feed_names_its_root(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = tmp_path / "catalogue.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<catalogue><book><title>Bridges</title></book></catalogue>',
        encoding="utf-8",
    )

    _summary, reason = run_with_survivors(path, tmp_path, store, make_settings(), stored)

    assert reason == "not an RSS or Atom feed: the root element is <catalogue>"


def test_broken_json_ld_does_not_lose_the_page(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = tmp_path / "ld.html"
    path.write_text(
        "<html><head><title>Orchard harvest</title>"
        '<script type="application/ld+json">{"datePublished": "2025-09-0\\q"}</script></head><body>'
        "<article><p>Apple growers in the valley expect their best harvest in a decade after a warm "
        "spring and a wet summer, the growers' cooperative said on Monday.</p>"
        "<p>Pickers from three neighbouring villages have been hired for the season.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )

    summary = ingest([str(path)], store, make_settings())

    assert (summary.new, summary.failed) == (1, 0)
    [article] = stored()
    assert "best harvest in a decade" in article.text
    assert article.published is None
