"""More bad inputs, each failing alone with a reason or read in full: records parted by bare
carriage returns, feeds too long to read, cut short, or with guids for links, pages nested
past what the HTML parser reads."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ingest.conftest import MakeSettings, Stored

from corroborator.ingest import ingest
from corroborator.store import Store

TEXT = "The harbour wall will be rebuilt before the winter storms, the port authority said on Monday."


def _item(n: int, text: str = TEXT + " The quay was closed again." * 25) -> str:
    return f"<item><title>Entry {n}</title><guid>e{n}</guid><description>{text} ({n})</description></item>"


def _feed(path: Path, items: list[str]) -> Path:
    body = "".join(items)
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Port</title>{body}</channel></rss>'
    )
    return path


def test_records_parted_by_bare_carriage_returns_are_each_read(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    rows = [json.dumps({"id": key, "text": f"{TEXT} ({key})"}) for key in "abc"]
    path = tmp_path / "mac.jsonl"
    path.write_bytes(f"{rows[0]}\r\n{rows[1]}\r{rows[2]}\n".encode())
    summary = ingest([str(path)], store, make_settings())
    assert (summary.new, summary.failures) == (3, [])
    assert [a.provenance.location for a in stored()] == ["line 1", "line 2.1", "line 2.2"]


def test_a_feed_over_the_entry_cap_is_refused_with_its_count_before_it_is_parsed(
    tmp_path: Path, store: Store, make_settings: MakeSettings
) -> None:
    path = _feed(tmp_path / "big.xml", [_item(n) for n in range(30)])
    summary = ingest([str(path)], store, make_settings(max_feed_entries=20))
    assert summary.new == 0
    assert summary.failures == [
        (
            str(path),
            "the feed has about 30 entries, over the 20 cap (ingest.max_feed_entries): split it or raise the cap",
        )
    ]


def test_a_feed_cut_short_keeps_its_whole_entries_and_says_so(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = _feed(tmp_path / "cut.xml", [_item(n) for n in range(5)])
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"<item><title>Entry 3") + 60])
    summary = ingest([str(path)], store, make_settings())
    assert summary.new >= 3
    [(source, reason)] = summary.notes
    assert source == str(path)
    assert reason.startswith("not well-formed XML (")
    assert reason.endswith("the entries after the damage may be lost; re-download it")
    # A guid that is not a URL is no link to fetch: the short cut entry is kept as it is.
    assert not any(a.url and not a.url.startswith("http") for a in stored())


def test_a_page_nested_past_the_parsers_depth_says_so(
    tmp_path: Path, store: Store, make_settings: MakeSettings
) -> None:
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<div>" * 1000 + f"<p>{TEXT}</p>" + "</div>" * 1000 + "</body></html>")
    shallow = tmp_path / "shallow.html"
    shallow.write_text(
        "<html><body>" + "<div>" * 200 + f"<p>{TEXT} Shallow.</p>" + "</div>" * 200 + "</body></html>"
    )
    summary = ingest([str(deep), str(shallow)], store, make_settings())
    assert summary.new == 1
    assert summary.failures == [
        (
            str(deep),
            "the page is nested more than 255 elements deep, past what the HTML parser reads: "
            "no article text found above that depth",
        )
    ]
