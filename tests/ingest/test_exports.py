"""Exports of news search tools (Media Cloud story lists, GDELT DOC API article lists) and
CSV files of one's own: rows that list pages are fetched from a real local server."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from corroborator.config import IngestSettings
from corroborator.ingest import ingest
from corroborator.models import Article, Precision, SourceKind
from corroborator.store import Store

MakeSettings = Callable[..., IngestSettings]
Stored = Callable[[], list[Article]]
Outlets = Callable[[], dict[str, str]]


def page(title: str, sentence: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1><p>{sentence}</p><p>The council will publish the full figures for "
        "the new ferry timetable at its next meeting, a spokeswoman said on Tuesday.</p></article>"
        "</body></html>"
    )


def serve(server: HTTPServer, *names: str) -> list[str]:
    for name in names:
        server.expect_request(f"/{name}").respond_with_data(
            page(f"Ferry timetable: {name}", f"The {name} crossing will run twice a day from June."),
            content_type="text/html",
        )
    return [server.url_for(f"/{name}") for name in names]


def test_a_media_cloud_csv_with_a_bom_gives_outlet_url_and_date(
    httpserver: HTTPServer,
    store: Store,
    make_settings: MakeSettings,
    stored: Stored,
    outlets: Outlets,
    tmp_path: Path,
) -> None:
    north, south = serve(httpserver, "north", "south")
    export = tmp_path / "mediacloud-stories.csv"
    export.write_text(
        "id,indexed_date,language,media_name,media_url,publish_date,title,url\r\n"
        f"a1f3,2025-06-03 09:12:44.5,en,islandpost.example,islandpost.example,2025-06-03 08:00:00,North,{north}\r\n"
        f"b2e4,2025-06-04 10:00:01,en,islandpost.example,islandpost.example,2025-06-04,South,{south}\r\n",
        encoding="utf-8-sig",  # Excel's way: a BOM before the header
    )

    summary = ingest([str(export)], store, make_settings())

    assert (summary.new, summary.failed) == (2, 0), summary.failures
    assert summary.notes == [
        (
            str(export),
            "fields not read as article fields, kept in each article's extra: indexed_date, media_url",
        )
    ]
    found = {article.url: article for article in stored()}
    assert set(found) == {north, south}
    first = found[north]
    assert first.outlet == "localhost"
    assert outlets()["localhost"] == "islandpost.example"
    assert first.published is not None
    assert (first.published.value, first.published.precision) == ("2025-06-03T08:00Z", Precision.MINUTE)
    assert found[south].published is not None
    assert found[south].published.precision is Precision.DAY
    assert first.external_id == "a1f3"
    assert first.extra["indexed_date"] == "2025-06-03 09:12:44.5"
    assert first.provenance.kind is SourceKind.CSV
    assert first.provenance.location == "line 2"
    assert "twice a day" in first.text


def test_an_older_media_cloud_json_list_is_read(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored, tmp_path: Path
) -> None:
    [harbour] = serve(httpserver, "harbour")
    export = tmp_path / "stories.json"
    story = {
        "stories_id": 991,
        "media_id": 12,
        "media_name": "Island Post",
        "media_url": "http://islandpost.example",
        "publish_date": "2025-06-05 14:20:00",
        "collect_date": "2025-06-05 14:31:02",
        "title": "Harbour",
        "url": harbour,
        "language": "en",
        "ap_syndicated": False,
    }
    export.write_text(json.dumps([story]), encoding="utf-8")

    summary = ingest([str(export)], store, make_settings())

    assert (summary.new, summary.failed) == (1, 0), summary.failures
    [article] = stored()
    assert (article.url, article.external_id) == (harbour, "991")
    assert article.published is not None
    assert article.published.value == "2025-06-05T14:20Z"
    [(source, note)] = summary.notes
    assert source == str(export)
    assert note.endswith("media_id, media_url, collect_date, ap_syndicated")


def test_a_gdelt_article_list_in_json_and_in_csv_is_read(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored, tmp_path: Path
) -> None:
    east, west = serve(httpserver, "east", "west")
    listed = tmp_path / "artlist.json"
    listed.write_text(
        json.dumps(
            {
                "articles": [
                    {
                        "url": east,
                        "url_mobile": "",
                        "title": "East",
                        "seendate": "20250606T071500Z",
                        "socialimage": "",
                        "domain": "coastwatch.example",
                        "language": "English",
                        "sourcecountry": "Norway",
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    table = tmp_path / "artlist.csv"
    table.write_text(
        "url,url_mobile,title,seendate,socialimage,domain,language,sourcecountry\n"
        f"{west},,West,20250607T120000Z,,coastwatch.example,English,Norway\n",
        encoding="utf-8",
    )

    summary = ingest([str(listed), str(table)], store, make_settings())

    assert (summary.new, summary.failed) == (2, 0), summary.failures
    found = {article.url: article for article in stored()}
    assert found[east].published is not None
    assert found[east].published.value == "2025-06-06T07:15Z"
    assert found[west].published is not None
    assert found[west].published.value == "2025-06-07T12:00Z"
    # GDELT names the language; the code comes from the text, and the name is kept.
    assert found[west].language == "en"
    assert found[west].extra["language_name"] == "English"
    assert found[west].outlet == "localhost"
    notes = dict(summary.notes)
    assert notes[str(table)].endswith("url_mobile, socialimage, sourcecountry")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            "https://islandpost.example/ferry,Ferry,2025-06-03\n",
            "no header row: the first row holds the address https://islandpost.example/ferry; add a first "
            "row naming the columns (url, title, published, outlet, language, or text)",
        ),
        (
            "link;headline\nislandpost.example/ferry;Ferry\n",
            "no 'url' or 'text' column: the header names 'link', 'headline'; name the column of addresses "
            "'url' (or of article texts 'text')",
        ),
        ("\n\n", "empty file: no header row and no rows in it"),
    ],
    ids=["no header", "no url column", "empty"],
)
def test_a_csv_without_a_usable_header_says_what_to_do(
    content: str, reason: str, store: Store, make_settings: MakeSettings, tmp_path: Path
) -> None:
    table = tmp_path / "links.csv"
    table.write_text(content, encoding="utf-8")

    summary = ingest([str(table)], store, make_settings())

    assert summary.failures == [(str(table), reason)]


def test_a_spreadsheet_of_texts_needs_no_fetching_and_a_bad_row_keeps_the_others(
    store: Store, make_settings: MakeSettings, stored: Stored, tmp_path: Path
) -> None:
    table = tmp_path / "own.tsv"
    table.write_text(
        "title\ttext\toutlet\tpublished\n"
        "Bridge\tThe old bridge reopened to cyclists on Saturday after repairs.\tValley Times\t2025-06-01\n"
        "Broken\tone\ttoo\tmany\tcells\n"
        "Quay\tThe quay wall was found sound by the inspectors, the port said.\tValley Times\t1749000000\n",
        encoding="utf-8",
    )

    summary = ingest([str(table)], store, make_settings())

    assert summary.new == 2
    assert summary.failures == [
        (f"{table}:3", "5 cells under a header of 4 columns: quote the cells that hold the separator")
    ]
    assert summary.notes == []
    dates = sorted(str(article.published.value) for article in stored() if article.published)
    assert dates == ["2025-06-01", "2025-06-04T01:20:00Z"]


def test_a_listed_page_that_cannot_be_fetched_names_the_row_and_the_page(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored, tmp_path: Path
) -> None:
    [good] = serve(httpserver, "good")
    httpserver.expect_request("/gone").respond_with_data("gone", status=410)
    gone = httpserver.url_for("/gone")
    table = tmp_path / "list.csv"
    table.write_text(f"url,title\n{gone},Gone\n{good},Good\n", encoding="utf-8")

    summary = ingest([str(table)], store, make_settings())

    assert summary.failures == [(f"{table}:2", f"cannot fetch its page {gone}: HTTP 410 GONE: check the URL")]
    assert [article.url for article in stored()] == [good]


def test_a_csv_listing_more_pages_than_the_cap_is_refused_before_fetching(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, tmp_path: Path
) -> None:
    urls = serve(httpserver, "a", "b", "c")
    table = tmp_path / "list.csv"
    table.write_text("url\n" + "\n".join(urls) + "\n", encoding="utf-8")

    summary = ingest([str(table)], store, make_settings(max_feed_entries=2))

    assert summary.failures == [
        (
            str(table),
            "3 rows name a page to fetch, over the 2 cap (ingest.max_feed_entries): split the file or raise the cap",
        )
    ]
    assert len(httpserver.log) == 0


def gdelt_event_row(event_id: int, added: str, url: str) -> str:
    """A row of GDELT 2.0's 15-minute event export: 61 tab-separated cells, no header; the
    last two are DATEADDED and SOURCEURL (the others here are placeholders)."""
    cells = [str(event_id), "20250608", "202506", "2025", "2025.4329"] + [""] * 54 + [added, url]
    cells[6] = 'HARBOUR "NORTH"'  # quotes are text in these files
    return "\t".join(cells)


def test_a_raw_gdelt_event_export_is_read_by_its_columns_each_address_once(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored, tmp_path: Path
) -> None:
    first, second = serve(httpserver, "first", "second")
    export = tmp_path / "20250608091500.export.CSV"
    export.write_text(
        "\n".join(
            [
                gdelt_event_row(1, "20250608091500", first),
                gdelt_event_row(2, "20250608091500", first),  # a second event from the same article
                gdelt_event_row(3, "20250608093000", second),
            ]
        )
        + "\n",
        encoding="utf-8",
    )

    summary = ingest([str(export)], store, make_settings())

    assert (summary.new, summary.failed) == (2, 0), summary.failures
    assert summary.notes == [
        (
            str(export),
            "a GDELT 2.0 event file without a header: its addresses and dates are read (each address "
            "once), its other 59 columns are not kept",
        )
    ]
    found = {article.url: article for article in stored()}
    assert set(found) == {first, second}
    assert found[second].published is not None
    assert found[second].published.value == "2025-06-08T09:30:00Z"
    assert [request.path for request, _ in httpserver.log] == ["/first", "/second"]


@pytest.mark.parametrize(
    ("name", "encoding", "separator"),
    [("sheet.csv", "utf-8-sig", ";"), ("sheet.txt.csv", "utf-16", "\t"), ("sheet.csv", "utf-8", ",")],
    ids=["semicolons with a BOM", "Excel's UTF-16 text", "plain commas"],
)
def test_spreadsheet_exports_keep_their_letters_whatever_the_separator_and_encoding(
    name: str,
    encoding: str,
    separator: str,
    store: Store,
    make_settings: MakeSettings,
    stored: Stored,
    tmp_path: Path,
) -> None:
    table = tmp_path / name
    rows = [
        ["title", "text", "outlet"],
        ["Überfahrt", "« La traversée reprend », dit l’opérateur; паром снова ходит.", "Île Presse"],
    ]
    table.write_text(
        "\n".join(separator.join(f'"{cell}"' for cell in row) for row in rows) + "\n", encoding=encoding
    )

    summary = ingest([str(table)], store, make_settings())

    assert (summary.new, summary.failed, summary.notes) == (1, 0, []), summary.failures
    [article] = stored()
    assert article.title == "Überfahrt"
    assert article.text == "« La traversée reprend », dit l’opérateur; паром снова ходит."


def test_a_table_without_articles_in_a_folder_is_passed_over_and_named(
    store: Store, make_settings: MakeSettings, stored: Stored, tmp_path: Path
) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "outlets.csv").write_text("outlet,country\nIsland Post,NO\n", encoding="utf-8")
    (folder / "ferry.txt").write_text("The ferry ran again on Monday, the operator said.\n", encoding="utf-8")

    summary = ingest([str(folder)], store, make_settings())

    assert (summary.new, summary.failed, summary.skipped) == (1, 0, 1)
    [(source, reason)] = summary.skips
    assert source == str(folder / "outlets.csv")
    assert reason.startswith("no 'url' or 'text' column: the header names 'outlet', 'country'")


def test_an_unused_field_with_a_line_break_in_its_name_is_reported_on_one_line() -> None:
    from corroborator.ingest.shapes import unused_note

    note = unused_note(["text", "odd\nname"])
    assert note is not None
    assert "\n" not in note
    assert "'odd\\nname'" in note


def test_the_doc_api_csv_article_list_is_read_with_its_dates(
    httpserver: HTTPServer, store: Store, make_settings: MakeSettings, stored: Stored, tmp_path: Path
) -> None:
    (north,) = serve(httpserver, "north")
    table = tmp_path / "artlist-doc.csv"
    table.write_text(f"URL,MobileURL,Date,Title\n{north},,20250608T093000Z,North\n", encoding="utf-8")

    summary = ingest([str(table)], store, make_settings())

    assert (summary.new, summary.failed) == (1, 0), summary.failures
    [article] = stored()
    assert article.url == north
    assert article.published is not None
    assert article.published.value == "2025-06-08T09:30Z"
    assert summary.notes == []  # every column is read
