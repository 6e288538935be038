"""JSONL dumps: exact text, record fields, ids, extras, html-only records, gzip, language, dates."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from corroborator.cli.app import app
from corroborator.config import IngestSettings
from corroborator.ingest import ingest
from corroborator.models import Article, Precision, SourceKind
from corroborator.store import Store

MakeSettings = Callable[..., IngestSettings]
Stored = Callable[[], list[Article]]

# Leading and trailing spaces, CRLF, tabs, non-ASCII letters, curly quotes, an emoji,
# a non-breaking space and a line separator: all must come back character for character.
AWKWARD_TEXT = (
    "  \u201cWe will rebuild the pier before summer,\u201d the mayor said.\r\n"
    "\tThe harbour\u2019s budget \u2014 \u20ac2.4m \u2014 was approved in Zo\u00eb Kr\u00e4mer\u2019s "
    "absence.\u00a0Fishermen cheered \U0001f6a2.\u2028Work starts in April.\r\n\r\n  "
)

RUSSIAN = (
    "Городской совет утвердил новый бюджет на следующий год. Депутаты проголосовали за "
    "увеличение расходов на ремонт школ и больниц, а также на строительство новой дороги "
    "к северному району."
)
FRENCH = (
    "Le conseil municipal a adopté mardi soir le budget de l'année prochaine. Les élus ont "
    "voté une hausse des dépenses pour la rénovation des écoles et la construction d'une "
    "nouvelle piste cyclable le long du fleuve."
)
ENGLISH = (
    "The city council approved next year's budget on Tuesday evening. Councillors voted to "
    "raise spending on school repairs and to build a new cycle path along the river."
)


def write_jsonl(path: Path, records: list[Any]) -> Path:
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_record_text_is_stored_exactly_with_its_fields(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    record = {
        "id": "harbour-0042",
        "url": "https://www.harbour-gazette.example/news/pier",
        "title": "Pier to be rebuilt",
        "text": AWKWARD_TEXT,
        "outlet": "Harbour Gazette",
        "author": "Ines Duarte",
        "published": "2025-04-02T18:30:00+03:00",
        "language": "EN",
    }
    dump = write_jsonl(tmp_path / "dump.jsonl", [record])

    summary = ingest([str(dump)], store, make_settings())

    assert summary.counts()["new"] == 1
    [article] = stored()
    assert article.text == AWKWARD_TEXT
    assert article.external_id == "harbour-0042"
    assert article.url == "https://www.harbour-gazette.example/news/pier"
    assert article.outlet == "harbour-gazette.example"
    assert article.title == "Pier to be rebuilt"
    assert article.author == "Ines Duarte"
    assert article.published is not None
    assert (article.published.value, article.published.precision) == ("2025-04-02T15:30Z", Precision.MINUTE)
    assert (article.language, article.language_confidence) == ("en", None)
    assert article.provenance.kind is SourceKind.JSONL
    assert (article.provenance.source, article.provenance.location) == (str(dump), "line 1")
    assert article.extra == {}


def test_external_id_appears_in_the_articles_export(
    tmp_path: Path, store: Store, make_settings: MakeSettings
) -> None:
    dump = write_jsonl(
        tmp_path / "dump.jsonl",
        [
            {"id": 1017, "outlet": "Harbour Gazette", "text": ENGLISH},
            {"id": "x-2", "outlet": "Harbour Gazette", "text": AWKWARD_TEXT},
        ],
    )
    ingest([str(dump)], store, make_settings())

    result = CliRunner().invoke(app, ["export", "articles", "--db", store.url.removeprefix("sqlite:///")])

    assert result.exit_code == 0, result.output
    # Split on "\n" only: the text holds a raw U+2028, which str.splitlines() would cut at.
    rows = [json.loads(line) for line in result.stdout.split("\n") if line]
    by_id = {row["external_id"]: row for row in rows}
    assert set(by_id) == {"1017", "x-2"}
    assert by_id["x-2"]["text"] == AWKWARD_TEXT
    assert by_id["1017"]["outlet"] == "harbour-gazette"
    assert by_id["1017"]["outlet_name"] == "Harbour Gazette"


def test_external_id_is_kept_exactly_as_given(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    dump = write_jsonl(
        tmp_path / "dump.jsonl", [{"id": " AP  2025/17 ", "text": ENGLISH}, {"id": 0, "text": FRENCH}]
    )

    ingest([str(dump)], store, make_settings())

    assert sorted(article.external_id or "" for article in stored()) == [" AP  2025/17 ", "0"]


def test_lone_surrogate_fails_its_record_only_and_a_nul_is_kept(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    dump = tmp_path / "dump.jsonl"
    # The escapes are written out: a lone surrogate is only possible as a JSON escape.
    dump.write_text(
        '{"id": "bad", "text": "Half a pair \\ud83d in the middle of a sentence."}\n'
        '{"id": "nul", "text": "A NUL \\u0000 inside a sentence about the harbour."}\n'
        + json.dumps({"id": "ok", "text": ENGLISH})
        + "\n",
        encoding="utf-8",
    )

    summary = ingest([str(dump)], store, make_settings())

    assert summary.failures == [
        (
            f"{dump}:1",
            "'text' is not valid Unicode: a lone surrogate '\\ud83d' at character 13; fix the record's escapes",
        )
    ]
    found = {article.external_id: article.text for article in stored()}
    assert found == {"nul": "A NUL \x00 inside a sentence about the harbour.", "ok": ENGLISH}


def test_byte_order_mark_and_crlf_line_endings_are_read(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    dump = tmp_path / "windows.jsonl"
    lines = [json.dumps({"id": "one", "text": ENGLISH}), json.dumps({"id": "two", "text": AWKWARD_TEXT})]
    dump.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n")

    summary = ingest([str(dump)], store, make_settings())

    assert (summary.new, summary.failed) == (2, 0), summary.failures
    assert {a.external_id: a.text for a in stored()} == {"one": ENGLISH, "two": AWKWARD_TEXT}


def test_record_with_html_only_is_extracted(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    html = (
        "<html><head><title>Tram line delayed</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/city'>City</a> <a href='/login'>Log in</a></nav>"
        "<article><h1>Tram line delayed</h1>"
        "<p>The new tram line through the eastern districts will open a year later than planned, "
        "the transport authority admitted on Thursday, blaming a shortage of steel rails.</p>"
        "<p>Residents along the route have lived with roadworks for two summers and said they "
        "were tired of promises that kept slipping.</p></article>"
        "<footer>All rights reserved. Cookie settings.</footer></body></html>"
    )
    dump = write_jsonl(
        tmp_path / "pages.jsonl",
        [{"id": "t-1", "url": "https://citynews.example/tram", "html": html, "outlet": "City News"}],
    )

    summary = ingest([str(dump)], store, make_settings())

    assert summary.new == 1
    [article] = stored()
    assert article.text.startswith("Tram line delayed")
    assert "shortage of steel rails" in article.text
    assert "tired of promises" in article.text
    assert "Log in" not in article.text
    assert "Cookie settings" not in article.text
    assert article.title == "Tram line delayed"
    assert article.external_id == "t-1"
    assert article.outlet == "citynews.example"
    assert article.language == "en"


def test_unknown_fields_are_kept_in_extra(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    record = {
        "id": "e-1",
        "text": ENGLISH,
        "section": "Local",
        "tags": ["budget", "council"],
        "word_count": 42,
        "nested": {"desk": "city", "edited": True},
    }
    dump = write_jsonl(tmp_path / "dump.jsonl", [record])

    ingest([str(dump)], store, make_settings())

    [article] = stored()
    assert article.extra == {
        "section": "Local",
        "tags": ["budget", "council"],
        "word_count": 42,
        "nested": {"desk": "city", "edited": True},
    }


def test_gzipped_jsonl_is_read(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    lines = [
        json.dumps({"id": "g-1", "outlet": "Gazette", "text": ENGLISH}),
        json.dumps({"id": "g-2", "outlet": "Gazette", "text": FRENCH}, ensure_ascii=False),
    ]
    dump = tmp_path / "dump.jsonl.gz"
    with gzip.open(dump, "wt", encoding="utf-8") as stream:
        stream.write("\n".join(lines) + "\n")

    summary = ingest([str(dump)], store, make_settings())

    assert (summary.new, summary.failed) == (2, 0)
    texts = {article.external_id: article.text for article in stored()}
    assert texts == {"g-1": ENGLISH, "g-2": FRENCH}
    locations = sorted(article.provenance.location or "" for article in stored())
    assert locations == ["line 1", "line 2"]


def test_language_is_detected_when_the_record_gives_none(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    dump = write_jsonl(
        tmp_path / "dump.jsonl",
        [
            {"id": "en", "text": ENGLISH},
            {"id": "ru", "text": RUSSIAN},
            {"id": "fr", "text": FRENCH},
            {"id": "given", "text": ENGLISH + " (given)", "language": "de"},
        ],
    )

    ingest([str(dump)], store, make_settings())

    found = {article.external_id: article for article in stored()}
    assert {key: found[key].language for key in found} == {"en": "en", "ru": "ru", "fr": "fr", "given": "de"}
    for key in ("en", "ru", "fr"):
        confidence = found[key].language_confidence
        assert confidence is not None
        assert confidence > 0.9
    assert found["given"].language_confidence is None


def test_outlet_comes_from_the_record_or_the_url_host(
    tmp_path: Path,
    store: Store,
    make_settings: MakeSettings,
    stored: Stored,
    outlets: Callable[[], dict[str, str]],
) -> None:
    dump = write_jsonl(
        tmp_path / "dump.jsonl",
        [
            {"id": "a", "text": ENGLISH, "url": "https://www.Northern-Star.example/a"},
            {"id": "b", "text": FRENCH, "url": "https://lemonde-du-port.example/b", "outlet": "Le Port"},
            {"id": "c", "text": RUSSIAN, "outlet": "Вечерний Город"},
        ],
    )

    ingest([str(dump)], store, make_settings())

    found = {article.external_id: article.outlet for article in stored()}
    assert found["a"] == "northern-star.example"
    assert found["b"] == "lemonde-du-port.example"
    names = outlets()
    assert names["northern-star.example"] == "northern-star.example"
    assert names["lemonde-du-port.example"] == "Le Port"
    assert names[found["c"]] == "Вечерний Город"


@pytest.mark.parametrize(
    ("published", "value", "precision"),
    [
        ("2025-04-02T18:30:00+03:00", "2025-04-02T15:30Z", Precision.MINUTE),
        ("2025-04-02T23:15:07-05:00", "2025-04-03T04:15:07Z", Precision.SECOND),
        ("2025-04-02T09:00:00Z", "2025-04-02T09:00Z", Precision.MINUTE),
        ("2025-04-02", "2025-04-02", Precision.DAY),
        ("20250402", "2025-04-02", Precision.DAY),
        ("2025-04", "2025-04", Precision.MONTH),
        ("2025", "2025", Precision.YEAR),
        ("Wed, 02 Apr 2025 18:30:00 +0300", "2025-04-02T15:30Z", Precision.MINUTE),
        ("2 April 2025", "2025-04-02", Precision.DAY),
    ],
)
def test_publication_time_is_normalised_to_utc_with_its_precision(
    tmp_path: Path,
    store: Store,
    make_settings: MakeSettings,
    stored: Stored,
    published: str,
    value: str,
    precision: Precision,
) -> None:
    dump = write_jsonl(tmp_path / "dump.jsonl", [{"id": "p", "text": ENGLISH, "published": published}])

    ingest([str(dump)], store, make_settings())

    [article] = stored()
    assert article.published is not None
    assert (article.published.value, article.published.precision) == (value, precision)
    assert "published_unparsed" not in article.extra


@pytest.mark.parametrize("published", ["sometime last spring", "2025-13-45", "yesterday", "3 hours ago", 42])
def test_unparseable_date_does_not_fail_the_record_and_is_kept_in_extra(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored, published: object
) -> None:
    dump = write_jsonl(tmp_path / "dump.jsonl", [{"id": "p", "text": ENGLISH, "published": published}])

    summary = ingest([str(dump)], store, make_settings())

    assert (summary.new, summary.failed) == (1, 0)
    [article] = stored()
    assert article.published is None
    assert article.extra == {"published_unparsed": published}
    assert article.text == ENGLISH


def test_changed_text_at_the_same_url_becomes_a_revision(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    url = "https://harbour-gazette.example/news/pier"
    first = write_jsonl(
        tmp_path / "monday.jsonl", [{"id": "p", "url": url, "title": "Pier", "text": ENGLISH}]
    )
    updated = ENGLISH + " An earlier version of this story gave the wrong date."
    second = write_jsonl(
        tmp_path / "tuesday.jsonl", [{"id": "p", "url": url, "title": "Pier", "text": updated}]
    )

    one = ingest([str(first)], store, make_settings())
    two = ingest([str(second)], store, make_settings())
    three = ingest([str(second)], store, make_settings())

    assert (one.new, two.revised, two.new) == (1, 1, 0)
    assert three.counts() == {"new": 0, "unchanged": 1, "revised": 0, "failed": 0, "skipped": 0}
    old, new = sorted(stored(), key=lambda article: article.revision)
    assert (old.revision, old.is_current, old.text) == (1, False, ENGLISH)
    assert (new.revision, new.is_current, new.text) == (2, True, updated)
    assert new.revision_of == old.id
    assert new.url == old.url == url


@pytest.mark.parametrize(
    "record",
    [
        {"id": 7, "url": " https://www.tide.example/a ", "title": "  Tide  tables ", "text": AWKWARD_TEXT},
        {"id": "r-1", "outlet": " Tide  Weekly ", "text": "Spring tides flooded the quay."},
        {"text": "No id, no url: identified by its content alone.", "title": "\tHeadline\n"},
        {"id": "", "url": "", "title": None, "text": "Empty fields count as absent."},
    ],
)
def test_known_id_is_the_id_the_parsed_record_gets(
    record: dict[str, Any], make_settings: MakeSettings
) -> None:
    from corroborator.ingest.parse import known_id, process
    from corroborator.ingest.units import Unit
    from corroborator.models import ArticleDraft, Provenance

    unit = Unit("record", "d.jsonl:1", Provenance(kind=SourceKind.JSONL, source="d.jsonl"), record=record)
    [draft] = process(unit, make_settings())
    assert isinstance(draft, ArticleDraft)
    assert known_id(unit) == draft.article_id


def test_a_rerun_over_a_stored_dump_does_not_parse_it_again(
    tmp_path: Path, store: Store, make_settings: MakeSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    dump = tmp_path / "dump.jsonl"
    records = [{"id": n, "url": f"https://tide.example/{n}", "text": f"Tide report {n}."} for n in range(40)]
    dump.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    assert ingest([str(dump)], store, make_settings()).new == 40

    def no_parsing(*_args: object, **_kwargs: object) -> list[object]:
        raise AssertionError("a stored record was parsed again")

    monkeypatch.setattr(importlib.import_module("corroborator.ingest.runner"), "process", no_parsing)
    again = ingest([str(dump)], store, make_settings())
    assert again.counts() == {"new": 0, "unchanged": 40, "revised": 0, "failed": 0, "skipped": 0}
