"""Plain text files and folders: titles, exact text, recursion, hidden and unsupported files."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corroborator.config import IngestSettings
from corroborator.ingest import ingest
from corroborator.models import Article, SourceKind
from corroborator.store import Store

MakeSettings = Callable[..., IngestSettings]
Stored = Callable[[], list[Article]]

FERRY = (
    "Ferry service resumes on the northern route\n"
    "\n"
    "The island ferry returned to its northern route on Tuesday after a week of gales kept\n"
    "the boats in harbour, the operator said in a statement.\n"
    "\n"
    "Passengers who had booked during the stoppage can travel on any sailing this month.\n"
)

CHOIR = (
    "A village choir of forty singers has won the regional festival for the third year running,\n"
    "the organisers announced after the final round on Saturday evening.\n"
)


def test_text_file_title_is_first_line_and_text_is_kept_exactly(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = tmp_path / "ferry.txt"
    path.write_text(FERRY, encoding="utf-8")

    summary = ingest([str(path)], store, make_settings())

    assert summary.counts() == {"new": 1, "unchanged": 0, "revised": 0, "failed": 0, "skipped": 0}
    [article] = stored()
    assert article.text == FERRY
    assert article.title == "Ferry service resumes on the northern route"
    assert article.provenance.kind is SourceKind.TEXT
    assert article.provenance.source == str(path)
    assert article.language == "en"
    assert article.language_confidence is not None
    assert article.url is None
    assert (article.revision, article.is_current) == (1, True)


def test_a_loose_file_takes_the_outlet_the_user_names_and_a_record_keeps_its_own(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ferry.txt").write_text(FERRY, encoding="utf-8")
    records = [
        {"url": "https://islandnews.example/choir", "text": CHOIR},
        {"outlet": "Harbour Weekly", "text": CHOIR + "The festival returns next spring."},
    ]
    (folder / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    ingest([str(folder)], store, make_settings(outlet="Ferry Line Gazette"))

    found = sorted((a.url or "", a.outlet) for a in stored())
    # Not "unknown": the loose file is the named outlet's; a URL's outlet is its host, and a
    # record that names its outlet keeps it.
    assert found == [
        ("", "ferry-line-gazette"),
        ("", "harbour-weekly"),
        ("https://islandnews.example/choir", "islandnews.example"),
    ]


def test_text_without_blank_second_line_has_no_title(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    (tmp_path / "choir.txt").write_text(CHOIR, encoding="utf-8")

    ingest([str(tmp_path / "choir.txt")], store, make_settings())

    [article] = stored()
    assert article.title is None
    assert article.text == CHOIR


def test_crlf_text_keeps_its_line_endings_and_finds_the_title(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    content = FERRY.replace("\n", "\r\n")
    (tmp_path / "ferry.txt").write_bytes(content.encode("utf-8"))

    ingest([str(tmp_path / "ferry.txt")], store, make_settings())

    [article] = stored()
    assert article.text == content
    assert "\r\n" in article.text
    assert article.title == "Ferry service resumes on the northern route"


def test_utf8_byte_order_mark_is_not_part_of_the_text(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + FERRY.encode("utf-8"))

    ingest([str(tmp_path / "bom.txt")], store, make_settings())

    [article] = stored()
    assert article.text == FERRY
    assert article.title == "Ferry service resumes on the northern route"


def test_prose_that_mentions_html_tags_stays_text(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    content = (
        "Web basics for reporters\n\nEvery page you save starts with <html> and ends with </html>; "
        "the <p> tags between them hold the paragraphs.\n"
    )
    (tmp_path / "basics.txt").write_text(content, encoding="utf-8")

    ingest([str(tmp_path / "basics.txt")], store, make_settings())

    [article] = stored()
    assert article.text == content
    assert article.provenance.kind is SourceKind.TEXT


def test_xhtml_saved_as_txt_is_read_as_html(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    (tmp_path / "page.txt").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Ferry resumes</title></head><body>'
        "<p>The island ferry returned to its northern route on Tuesday after a week of gales kept the "
        "boats in harbour, the operator said in a statement.</p>"
        "<p>Passengers who had booked during the stoppage can travel on any sailing this month.</p>"
        "</body></html>",
        encoding="utf-8",
    )

    ingest([str(tmp_path / "page.txt")], store, make_settings())

    [article] = stored()
    assert article.text.startswith("The island ferry returned")
    assert "<p>" not in article.text
    assert article.title == "Ferry resumes"


def _mixed_folder(root: Path) -> None:
    (root / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (root / "desk" / "culture").mkdir(parents=True)
    (root / "desk" / "culture" / "choir.md").write_text(CHOIR, encoding="utf-8")
    (root / "desk" / "brief.text").write_text(
        "Council approves cycle lanes\n\nThe city council approved two new cycle lanes on the "
        "ring road by nine votes to four on Wednesday night.\n",
        encoding="utf-8",
    )
    (root / ".draft.txt").write_text("A hidden draft that must not be read.\n", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "notes.txt").write_text("A file inside a hidden folder.\n", encoding="utf-8")
    (root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(64)))
    (root / "desk" / "minutes.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)


def test_folder_is_walked_recursively_and_unsupported_files_are_skipped(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    _mixed_folder(folder)

    summary = ingest([str(folder)], store, make_settings())

    assert (summary.new, summary.failed, summary.skipped) == (3, 0, 2)
    skipped = dict(summary.skips)
    assert set(skipped) == {str(folder / "photo.png"), str(folder / "desk" / "minutes.docx")}
    assert "unsupported file type '.png'" in skipped[str(folder / "photo.png")]
    assert "unsupported file type '.docx'" in skipped[str(folder / "desk" / "minutes.docx")]
    sources = sorted(article.provenance.source for article in stored())
    assert sources == sorted(
        [
            str(folder / "ferry.txt"),
            str(folder / "desk" / "culture" / "choir.md"),
            str(folder / "desk" / "brief.text"),
        ]
    )
    assert all("hidden" not in article.text for article in stored())


def test_ingesting_the_same_folder_twice_stores_nothing_new(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    _mixed_folder(folder)
    first = ingest([str(folder)], store, make_settings())
    before = stored()

    second = ingest([str(folder)], store, make_settings())

    assert first.new == 3
    assert second.counts() == {"new": 0, "unchanged": 3, "revised": 0, "failed": 0, "skipped": 2}
    assert stored() == before


def test_an_edited_local_file_is_a_revision_and_a_moved_one_is_already_stored(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Ferry halted\n\nThe ferry stopped running at noon.", encoding="utf-8")
    ingest([str(note)], store, make_settings())
    note.write_text(
        "Ferry halted\n\nThe ferry stopped running at noon; it resumes on Monday.", encoding="utf-8"
    )
    edited = ingest([str(note)], store, make_settings())
    moved = tmp_path / "archive" / "note.txt"
    moved.parent.mkdir()
    note.rename(moved)
    again = ingest([str(moved)], store, make_settings())

    assert (edited.new, edited.revised) == (0, 1)
    assert (again.new, again.unchanged) == (0, 1)
    first, second = stored()
    assert (second.revision, second.revision_of, first.is_current) == (2, first.id, False)


def test_missing_path_fails_with_a_reason_and_the_run_goes_on(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    (tmp_path / "ferry.txt").write_text(FERRY, encoding="utf-8")
    missing = str(tmp_path / "nowhere.txt")

    summary = ingest([missing, str(tmp_path / "ferry.txt")], store, make_settings())

    assert (summary.new, summary.failed) == (1, 1)
    [(source, reason)] = summary.failures
    assert source == missing
    assert "no such file or folder" in reason
    assert [article.title for article in stored()] == ["Ferry service resumes on the northern route"]


def test_broken_link_and_pipe_in_a_folder_are_skipped_not_fatal(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (folder / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    os.mkfifo(folder / "pipe.txt")

    summary = ingest([str(folder)], store, make_settings())

    assert (summary.new, summary.failed) == (1, 0)
    assert dict(summary.skips) == {
        str(folder / "gone.txt"): "not a regular file (a broken link, a pipe or a device)",
        str(folder / "pipe.txt"): "not a regular file (a broken link, a pipe or a device)",
    }
    assert [article.text for article in stored()] == [FERRY]


def test_a_folder_that_cannot_be_listed_is_reported(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "corpus"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "secret.txt").write_text(CHOIR, encoding="utf-8")
    (folder / "ferry.txt").write_text(FERRY, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        # Tests run as root, whom permissions do not stop: refuse the listing here instead.
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)

    summary = ingest([str(folder)], store, make_settings())

    assert summary.failures == [(str(folder / "locked"), "cannot read the folder: Permission denied")]
    assert [article.text for article in stored()] == [FERRY]
