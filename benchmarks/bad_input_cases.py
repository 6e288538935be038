"""The catalogue of bad inputs: every kind the ingest and the web app are tried with.

Each case builds its inputs in a folder, with good records beside the bad ones (every good
record's text carries ``GOOD_MARK``, so that a good record lost is counted as such), and says
how many good records must be stored.  ``benchmarks/bad_inputs.py`` runs each case in a
fresh process and counts crashes, hangs, good records lost and failed checks;
``tests/test_bad_input_catalogue.py`` runs it and wants every count at 0.

A case's ``check`` looks at what the run left (stored texts, failure lines, an HTTP answer)
and returns the problems it sees; ``web`` cases talk to the app instead of ingesting files.
Sitemaps whose children must be fetched (a sitemap index that loops) need a server: they are
tried in ``tests/ingest/test_sitemaps.py``; here are the ones that can be read offline.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

GOOD_MARK = "quay-wall-good-record"
TEXT = "The harbour wall will be rebuilt before the winter storms, the port authority said on Monday."

Outcome = dict[str, Any]  # what the child saw: stored texts, failures, notes, an HTTP answer


@dataclass(frozen=True)
class Case:
    kind: str
    group: str
    build: Callable[[Path], list[Path]]
    good: int  # good records to be stored (-1: as many as a cut leaves whole, said by a failure line)
    stages: str = ""  # analysis stages to run after the ingest
    check: Callable[[Outcome], list[str]] | None = None
    web: Callable[[Path], Outcome] | None = None
    slow: bool = False
    settings: dict[str, Any] = field(default_factory=dict)


def good(key: str, **fields: Any) -> str:
    return json.dumps({"id": key, "text": f"{TEXT} ({key}) {GOOD_MARK}", **fields})


def bad(key: str, **fields: Any) -> str:
    return json.dumps({"id": key, "text": f"{TEXT} ({key})", **fields})


def jsonl(name: str, *bad_lines: str | bytes, encoding: str = "utf-8") -> Callable[[Path], list[Path]]:
    """A JSONL file: a good record, the bad lines, a good record."""

    def build(folder: Path) -> list[Path]:
        path = folder / name
        if encoding != "utf-8":  # the whole file in that encoding (one BOM at most)
            texts = [good("first"), *(str(line) for line in bad_lines), good("last")]
            path.write_bytes(("\n".join(texts) + "\n").encode(encoding))
            return [path]
        lines = [
            good("first").encode(),
            *(line if isinstance(line, bytes) else line.encode() for line in bad_lines),
        ]
        path.write_bytes(b"\n".join([*lines, good("last").encode()]) + b"\n")
        return [path]

    return build


def file_beside_good(name: str, content: bytes) -> Callable[[Path], list[Path]]:
    """One bad file, and a good text file beside it in the same run."""

    def build(folder: Path) -> list[Path]:
        (folder / name).write_bytes(content)
        (folder / "good.txt").write_text(f"{TEXT} {GOOD_MARK}", encoding="utf-8")
        return [folder / name, folder / "good.txt"]

    return build


def no_text_has(*needles: str) -> Callable[[Outcome], list[str]]:
    def check(outcome: Outcome) -> list[str]:
        return [f"a stored text holds {n!r}" for n in needles for t in outcome["texts"] if n in t]

    return check


def failure_says(*words: str) -> Callable[[Outcome], list[str]]:
    def check(outcome: Outcome) -> list[str]:
        lines = [reason for _source, reason in outcome["failures"] + outcome["skips"]]
        if not any(all(word in line for word in words) for line in lines):
            return [f"no failure line says {words}: {lines[:3]}"]
        return []

    return check


# --- builders of larger or damaged files ---------------------------------------------------------


def warc(path: Path, pages: int, marker: str = GOOD_MARK) -> list[int]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ends = []
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for n in range(pages):
            body = (
                f"<html><body><article><p>{TEXT} Page {n}. {marker}</p><p>{TEXT}</p></article></body></html>"
            )
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://port.example/{n}", "response", payload=BytesIO(body.encode()), http_headers=http
            )
            writer.write_record(record)
            ends.append(stream.tell())
    return ends


def cut_warc(name: str) -> Callable[[Path], list[Path]]:
    def build(folder: Path) -> list[Path]:
        ends = warc(folder / name, 6)
        cut = folder / f"cut-{name}"
        cut.write_bytes((folder / name).read_bytes()[: (ends[3] + ends[4]) // 2])
        (folder / name).unlink()
        return [cut]

    return build


def warc_with(tail: bytes, pages: int = 2) -> Callable[[Path], list[Path]]:
    """A good WARC with bytes appended (garbage, a damaged record)."""

    def build(folder: Path) -> list[Path]:
        path = folder / "crawl.warc"
        warc(path, pages)
        with path.open("ab") as stream:
            stream.write(tail)
        return [path]

    return build


def long_warc_header(folder: Path) -> list[Path]:
    path = folder / "header.warc"
    warc(path, 1)
    with path.open("ab") as stream:
        stream.write(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://port.example/")
        for _ in range(64):
            stream.write(b"x" * (1 << 20))
    return [path]


def bomb(megabytes: int) -> Callable[[Path], list[Path]]:
    def build(folder: Path) -> list[Path]:
        path = folder / "bomb.jsonl.gz"
        chunk = b"0" * (1 << 20)
        with gzip.open(path, "wb", compresslevel=9) as out:
            out.write(good("before").encode() + b"\n" + b'{"id": "bomb", "text": "')
            for _ in range(megabytes):
                out.write(chunk)
            out.write(b'"}\n' + good("after").encode() + b"\n")
        return [path]

    return build


def gz(name: str, transform: Callable[[bytes], bytes], records: int = 30) -> Callable[[Path], list[Path]]:
    """A JSONL.gz of good records, its compressed bytes changed by ``transform``."""

    def build(folder: Path) -> list[Path]:
        rows = "\n".join(good(f"r{n}", filler="word " * 2000) for n in range(records)) + "\n"
        (folder / name).write_bytes(transform(gzip.compress(rows.encode(), mtime=0)))
        return [folder / name]

    return build


def flip_middle(packed: bytes) -> bytes:
    middle = len(packed) // 2
    return packed[:middle] + bytes(b ^ 0xFF for b in packed[middle : middle + 64]) + packed[middle + 64 :]


def wrong_checksum(packed: bytes) -> bytes:
    return packed[:-8] + bytes(b ^ 0x55 for b in packed[-8:-4]) + packed[-4:]


def feed(entries: int, item: Callable[[int], str], name: str = "feed.xml") -> Callable[[Path], list[Path]]:
    def build(folder: Path) -> list[Path]:
        path = folder / name
        with path.open("w", encoding="utf-8") as out:
            out.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Port news</title>')
            for n in range(entries):
                out.write(item(n))
            out.write("</channel></rss>")
        return [path]

    return build


def full_item(n: int, marker: str = GOOD_MARK) -> str:
    body = f"{TEXT} Entry {n}. {marker} " + "The quay was closed again. " * 25
    return f"<item><title>Entry {n}</title><guid>e{n}</guid><description>{body}</description></item>"


def short_linked_item(n: int) -> str:
    return f"<item><title>E{n}</title><link>https://port.example/{n}</link><description>note</description></item>"


XXE = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<rss version="2.0"><channel><title>t</title>'
    f"<item><title>x</title><guid>x1</guid><description>&xxe; {TEXT} {GOOD_MARK} "
    + "The quay was closed. " * 30
    + "</description></item></channel></rss>"
)
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
LAUGHS_SITEMAP = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    + f']><urlset xmlns="{SITEMAP_NS}"><url><loc>&lol9;</loc></url></urlset>'
)
SITEMAP_INDEX_CUT = f'<?xml version="1.0"?><sitemapindex xmlns="{SITEMAP_NS}"><sitemap><loc>https://quay.exa'

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    + ']><rss version="2.0"><channel><title>&lol9;</title><item><title>x</title><guid>l1</guid>'
    f"<description>{TEXT} {GOOD_MARK} "
    + "The quay was closed. " * 30
    + "</description></item></channel></rss>"
)


def nested_html(depth: int) -> bytes:
    paragraph = f"<p>{TEXT} A nested page. {GOOD_MARK}</p>"
    return ("<html><body>" + "<div>" * depth + paragraph + "</div>" * depth + "</body></html>").encode()


def many_files(count: int) -> Callable[[Path], list[Path]]:
    def build(folder: Path) -> list[Path]:
        inside = folder / "many"
        inside.mkdir()
        for n in range(count):
            (inside / f"{n:05d}.txt").write_text(f"{TEXT} Note {n}. {GOOD_MARK}", encoding="utf-8")
        return [inside]

    return build


def odd_folder(folder: Path) -> list[Path]:
    """A folder with a pipe, a dangling link, a link loop and a good file."""
    inside = folder / "odd"
    inside.mkdir()
    os.mkfifo(inside / "pipe.txt")
    (inside / "dangling.txt").symlink_to(inside / "nowhere.txt")
    (inside / "loop").symlink_to(inside)
    (inside / "good.txt").write_text(f"{TEXT} {GOOD_MARK}", encoding="utf-8")
    return [inside]


def odd_name(folder: Path) -> list[Path]:
    path = folder / "line\nbreak \u202eevil\u202c \U0001f4af.txt"
    path.write_text(f"{TEXT} {GOOD_MARK}", encoding="utf-8")
    return [path]


def missing(folder: Path) -> list[Path]:
    (folder / "good.txt").write_text(f"{TEXT} {GOOD_MARK}", encoding="utf-8")
    return [folder / "does-not-exist.jsonl", folder / "good.txt"]


def random_bytes(size: int) -> bytes:
    return random.Random(7).randbytes(size)


def deep_json(depth: int) -> str:
    return '{"id": "deep", "text": "x", "t": ' + "[" * depth + "]" * depth + "}"


# --- web uploads ----------------------------------------------------------------------------------


def web_post(
    body: bytes | None, content_type: str | None, files: list[Any] | None = None
) -> Callable[[Path], Outcome]:
    """Post to the API's upload endpoint (with the write password) of an app over a store in the
    folder; the answer, and when a job was started, what it stored once done."""

    def run(folder: Path) -> Outcome:
        import time

        from fastapi.testclient import TestClient

        from corroborator.config import load_settings
        from corroborator.web import create_app
        from corroborator.web.access import hash_password

        overrides = {
            "store.db": str(folder / "t.db"),
            "server.password_hash": hash_password("pw-for-bad-inputs"),
            "pipeline.workers": 1,
        }
        client = TestClient(
            create_app(load_settings(overrides=overrides, environ={})), base_url="http://localhost"
        )
        headers = {"Authorization": "Bearer pw-for-bad-inputs"}
        if content_type is not None:
            headers["content-type"] = content_type
        if files is not None:
            response = client.post("/api/ingest/files", files=files, headers=headers)
        else:
            response = client.post("/api/ingest/files", content=body, headers=headers)
        outcome: Outcome = {"status": response.status_code, "answer": response.text[:300], "job": None}
        if response.status_code == 202:
            job_id = response.json()["id"]
            job: dict[str, Any] = {}
            for _ in range(1200):
                job = client.get(f"/api/jobs/{job_id}").json()
                if job["state"] in ("done", "failed"):
                    break
                time.sleep(0.1)
            outcome["job"] = job
        return outcome

    return run


def refused(status: int, *words: str) -> Callable[[Outcome], list[str]]:
    def check(outcome: Outcome) -> list[str]:
        problems = []
        if outcome["status"] != status:
            problems.append(f"answered {outcome['status']}, not {status}: {outcome['answer']}")
        try:
            message = json.loads(outcome["answer"])["error"]["message"]
        except (ValueError, KeyError, TypeError):
            return [*problems, f"not the JSON error shape: {outcome['answer']}"]
        problems += [
            f"the message {message!r} does not say {word!r}" for word in words if word not in message
        ]
        return problems

    return check


def job_stored(count: int) -> Callable[[Outcome], list[str]]:
    def check(outcome: Outcome) -> list[str]:
        job = outcome["job"] or {}
        if outcome["status"] != 202 or job.get("state") != "done":
            return [f"the upload was not taken and done: {outcome['status']} {job or outcome['answer']}"]
        stored = (job.get("summary") or {}).get("new", 0)
        return [] if stored == count else [f"{stored} stored, not {count}: {job}"]

    return check


def part(name: str, filename: str | None, content: bytes) -> bytes:
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
    return (
        f"--B\r\nContent-Disposition: {disposition}\r\nContent-Type: text/plain\r\n\r\n".encode()
        + content
        + b"\r\n"
    )


UPLOAD = "multipart/form-data; boundary=B"


def bad_request(
    kind: str,
    body: bytes | None,
    content_type: str | None,
    check: Callable[[Outcome], list[str]],
    files: list[Any] | None = None,
) -> Case:
    """A request to the upload endpoint that must be refused with a reason."""
    return Case(kind, "web uploads", lambda d: [], 0, web=web_post(body, content_type, files), check=check)


def one_upload(
    kind: str, filename: str, content: bytes, good: int, check: Callable[[Outcome], list[str]]
) -> Case:
    """A well-formed upload of one file, odd in its name or content."""
    body = part("files", filename, content) + b"--B--\r\n"
    return Case(kind, "web uploads", lambda d: [], good, web=web_post(body, UPLOAD), check=check)


GOOD_FILE = f"{TEXT} {GOOD_MARK}".encode()


# --- the catalogue ------------------------------------------------------------------------------

DATES = {
    "year 0": "0000",
    "all zeros": "0000-00-00",
    "month 00": "2025-00",
    "30 February": "2025-02-30",
    "hour 25, minute 61": "2025-05-24T25:61:00Z",
    "year 1 placeholder": "0001-01-01",
    "year 9999 placeholder": "9999-12-31",
    "year 999 with a time": "0999-05-01T10:00:00Z",
    "year 3025": "3025-05-24",
    "zone pushing a time before the calendar": "0001-01-01T00:30:00+01:00",
    "not a date at all": "the day after the storm",
}


def noted(outcome: Outcome) -> list[str]:
    return [] if outcome["notes"] >= 1 else ["no note line says the date was set aside"]


def _dates() -> list[Case]:
    # A bad date leaves the record stored undated with a note: the record is a good one.
    return [
        Case(f"date: {kind}", "dates", jsonl("dates.jsonl", good("dated", published=value)), 3, check=noted)
        for kind, value in DATES.items()
    ]


CASES: list[Case] = [
    *_dates(),
    Case(
        "years 1 and 9999 stored, then parse and extract",
        "dates",
        jsonl("edge.jsonl", good("y1", published="0001-01-01"), good("y9", published="9999-12-31")),
        4,
        stages="parse,extract",
    ),
    # record shapes
    Case("JSON nested 1,000 deep", "record shapes", jsonl("deep.jsonl", deep_json(1000)), 2),
    Case("JSON nested 100,000 deep", "record shapes", jsonl("deeper.jsonl", deep_json(100_000)), 2),
    Case(
        "a 5,000-digit number as id",
        "record shapes",
        jsonl("n.jsonl", '{"id": ' + "7" * 5000 + ', "text": "x"}'),
        2,
    ),
    Case("an object as id", "record shapes", jsonl("o.jsonl", bad("x", id={"a": 1})), 2),
    Case("a list as title", "record shapes", jsonl("l.jsonl", bad("t", title=["a"])), 2),
    Case("numbers as id and title", "record shapes", jsonl("num.jsonl", good("17", title=2025)), 3),
    Case(
        "true and false as outlet and author",
        "record shapes",
        jsonl("b.jsonl", bad("b", outlet=True, author=False)),
        2,
        check=failure_says("true or false"),
    ),
    Case(
        "a line that is a list, a string, a number",
        "record shapes",
        jsonl("s.jsonl", "[1, 2]", '"text"', "42"),
        2,
    ),
    Case("a line cut in the middle", "record shapes", jsonl("cut.jsonl", bad("c")[:30]), 2),
    Case(
        "a record with no text", "record shapes", jsonl("nt.jsonl", json.dumps({"id": "nt", "title": "t"})), 2
    ),
    Case(
        "a record whose text is only spaces",
        "record shapes",
        jsonl("sp.jsonl", json.dumps({"id": "sp", "text": " \n\t "})),
        2,
    ),
    Case(
        "NaN and Infinity",
        "record shapes",
        jsonl("nan.jsonl", '{"id": "nan", "text": "x", "v": NaN, "w": -Infinity}'),
        2,
    ),
    Case(
        "duplicate keys",
        "record shapes",
        jsonl("dup.jsonl", '{"id": "a", "id": "b", "text": "' + TEXT + ' dup"}'),
        2,
    ),
    Case(
        "NUL characters in the text",
        "record shapes",
        jsonl("nul.jsonl", good("nul", title="a\u0000b").replace("Monday", "Mon\\u0000day")),
        3,
    ),
    Case(
        "a lone surrogate in the text",
        "record shapes",
        jsonl("sur.jsonl", '{"id": "s", "text": "' + TEXT + ' \\ud800 x"}'),
        2,
    ),
    Case(
        "control characters in the title",
        "record shapes",
        jsonl("ctl.jsonl", good("ctl", title="a\u0007\u001b[31mred\u0008")),
        3,
    ),
    Case(
        "the same record twice in one file",
        "record shapes",
        jsonl("twice.jsonl", good("twice"), good("twice")),
        3,
    ),
    # encodings
    Case("UTF-16 JSONL with a BOM", "encodings", jsonl("u16.jsonl", encoding="utf-16"), 2),
    Case("UTF-16 big-endian JSONL without a BOM", "encodings", jsonl("u16be.jsonl", encoding="utf-16-be"), 2),
    Case("UTF-32 JSONL", "encodings", jsonl("u32.jsonl", encoding="utf-32"), 2),
    Case(
        "bytes that are not UTF-8 in a line",
        "encodings",
        jsonl("latin.jsonl", b'{"id": "x", "text": "caf\xe9 \xff\xfe"}'),
        2,
    ),
    Case(
        "UTF-8 with a BOM",
        "encodings",
        file_beside_good("bom.jsonl", b"\xef\xbb\xbf" + good("bom").encode() + b"\n"),
        2,
    ),
    Case(
        "a Latin-1 text file",
        "encodings",
        file_beside_good("latin.txt", f"{TEXT} Caf\xe9 cr\xe8me.".encode("latin-1")),
        1,
    ),
    Case(
        "CR and CRLF line ends mixed",
        "encodings",
        file_beside_good("crlf.jsonl", (good("a") + "\r\n" + good("b") + "\r" + good("c") + "\n").encode()),
        4,
    ),
    Case("random bytes named .html", "encodings", file_beside_good("noise.html", random_bytes(200_000)), 1),
    Case("random bytes named .jsonl", "encodings", file_beside_good("noise.jsonl", random_bytes(200_000)), 1),
    Case(
        "a PNG named .txt",
        "encodings",
        file_beside_good("image.txt", b"\x89PNG\r\n\x1a\n" + random_bytes(5000)),
        1,
    ),
    # sizes
    Case("gzip of 2 MB holding one 128 MB line", "sizes", bomb(128), 2),
    Case("gzip of 2.5 MB holding one 2 GB line", "sizes", bomb(2048), 2, slow=True),
    Case(
        "a plain line over the size cap", "sizes", jsonl("big.jsonl", bad("big", filler="x" * 21_000_000)), 2
    ),
    Case("a text file over the size cap", "sizes", file_beside_good("big.txt", b"word " * 4_200_000), 1),
    Case("an empty file", "sizes", file_beside_good("empty.jsonl", b""), 1),
    Case(
        "an HTML page of 20,000 nested divs",
        "sizes",
        file_beside_good("nested.html", nested_html(20_000)),
        1,
        check=failure_says("nested more than 255"),
    ),
    Case("an HTML page of 200 nested divs", "sizes", file_beside_good("nest.html", nested_html(200)), 2),
    Case(
        "an HTML page with no text",
        "sizes",
        file_beside_good("blank.html", b"<html><body>" + b"<div></div>" * 1000 + b"</body></html>"),
        1,
    ),
    Case("a WARC header line of 64 MB", "sizes", long_warc_header, 1),
    Case("a folder of 5,000 files", "sizes", many_files(5000), 5000),
    # cut and damaged files
    Case(
        "a WARC cut in its 5th record",
        "damaged files",
        cut_warc("crawl.warc"),
        4,
        check=failure_says("truncated"),
    ),
    Case(
        "a WARC.gz cut in its 5th record",
        "damaged files",
        cut_warc("crawl.warc.gz"),
        4,
        check=failure_says("truncated"),
    ),
    Case(
        "a JSONL.gz cut two-thirds in",
        "damaged files",
        gz("cut.jsonl.gz", lambda p: p[: len(p) * 2 // 3]),
        -1,
        check=failure_says("truncated"),
    ),
    Case("a JSONL.gz with damaged data", "damaged files", gz("bad.jsonl.gz", flip_middle), -1),
    Case("a JSONL.gz with a wrong checksum", "damaged files", gz("sum.jsonl.gz", wrong_checksum), -1),
    Case(
        "a .gz that is not gzip", "damaged files", file_beside_good("plain.jsonl.gz", good("p").encode()), 1
    ),
    Case(
        "a gzip header alone", "damaged files", file_beside_good("head.jsonl.gz", gzip.compress(b"")[:10]), 1
    ),
    Case(
        "a zlib stream named .gz",
        "damaged files",
        file_beside_good("z.jsonl.gz", zlib.compress(good("z").encode())),
        1,
    ),
    Case("garbage after the last WARC record", "damaged files", warc_with(b"\x00garbage\r\n" * 100), 2),
    Case(
        "a WARC record with a Content-Length that is not a number",
        "damaged files",
        warc_with(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nxx\r\n\r\n"),
        2,
    ),
    Case(
        "a WARC record longer than its file",
        "damaged files",
        warc_with(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999999999\r\n\r\nshort"),
        2,
    ),
    # feeds
    Case(
        "a feed of 100,000 entries with links to fetch",
        "feeds",
        feed(100_000, short_linked_item),
        0,
        check=failure_says("entries", "ingest.max_feed_entries"),
    ),
    Case(
        "a feed of 20,000 full entries",
        "feeds",
        feed(20_000, full_item),
        0,
        check=failure_says("ingest.max_feed_entries"),
    ),
    Case(
        "an HTML page named .xml",
        "feeds",
        file_beside_good("feed.xml", b"<html><body><p>not a feed</p></body></html>"),
        1,
    ),
    Case(
        "a feed with an external entity (XXE)",
        "feeds",
        file_beside_good("xxe.rss", XXE.encode()),
        2,
        check=no_text_has("root:"),
    ),
    Case("a feed with a billion laughs", "feeds", file_beside_good("laughs.rss", LAUGHS.encode()), 2),
    Case(
        "feed entries with neither content nor link",
        "feeds",
        feed(3, lambda n: f"<item><title>t{n}</title></item>" if n else full_item(n)),
        1,
    ),
    Case(
        "a feed entry with a placeholder date",
        "feeds",
        feed(
            1,
            lambda n: full_item(n).replace(
                "</item>", "<pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate></item>"
            ),
        ),
        1,
    ),
    Case("a feed cut in the middle", "feeds", lambda d: [_cut_feed(d)], -1),
    # listings: sitemaps and CSV exports
    Case(
        "a sitemap with a billion laughs",
        "listings",
        file_beside_good("sitemap.xml", LAUGHS_SITEMAP.encode()),
        1,
        check=failure_says("entity amplification"),
    ),
    Case(
        "a sitemap index cut short",
        "listings",
        file_beside_good("index.xml", SITEMAP_INDEX_CUT.encode()),
        1,
        check=failure_says("not well-formed XML"),
    ),
    Case(
        "a JSON list cut in the middle",
        "listings",
        file_beside_good("cut.json", f'[{good("a")}, {good("b")}, {{"text": "th'.encode()),
        3,
        check=failure_says("not valid JSON after item 2"),
    ),
    Case(
        "a JSON list of 10,000 articles",
        "listings",
        file_beside_good("crawl.json", ("[" + ",".join(good(f"c{n}") for n in range(10_000)) + "]").encode()),
        10_001,
    ),
    Case(
        "a CSV export without a header row",
        "listings",
        file_beside_good("links.csv", b"https://quay.example/wall,Quay wall,2025-06-01\n"),
        1,
        check=failure_says("no header row"),
    ),
    Case(
        "a CSV of texts with a BOM, semicolons and a row of too many cells",
        "listings",
        file_beside_good(
            "texts.csv",
            f"title;text\nWall;{TEXT} {GOOD_MARK}\nBroken;a;b;c\n".encode("utf-8-sig"),
        ),
        2,
        check=failure_says("cells under a header of 2 columns"),
    ),
    # paths and folders
    Case("a pipe, a dangling link and a link loop in a folder", "paths", odd_folder, 1),
    Case("a file name with a line break, bidi controls and an emoji", "paths", odd_name, 1),
    Case("a path that does not exist", "paths", missing, 1, check=failure_says("no such file")),
    # web uploads
    bad_request("multipart with no boundary", b"x", "multipart/form-data", refused(400, "boundary")),
    bad_request(
        "multipart whose body does not match its boundary",
        b'{"a": 1}',
        "multipart/form-data; boundary=zz",
        refused(400),
    ),
    bad_request(
        "multipart cut before its closing boundary",
        part("files", "a.txt", GOOD_FILE)[:-10],
        UPLOAD,
        refused(422),
    ),
    bad_request(
        "multipart with a file field that is not a file",
        part("files", None, GOOD_FILE) + b"--B--\r\n",
        UPLOAD,
        refused(422),
    ),
    bad_request("multipart with no parts", b"--B--\r\n", UPLOAD, refused(422)),
    one_upload("an upload named ../../etc/passwd", "../../etc/passwd", GOOD_FILE, 1, job_stored(1)),
    one_upload("an upload with a 300-character name", "n" * 300 + ".txt", GOOD_FILE, 1, job_stored(1)),
    one_upload(
        "an upload with a 10,000-character name",
        "n" * 10_000 + ".txt",
        GOOD_FILE,
        0,
        refused(400, "multipart"),
    ),
    one_upload("an empty uploaded file", "empty.txt", b"", 0, job_stored(0)),
    bad_request(
        "10,000 files in one upload",
        None,
        None,
        refused(400, "files"),
        files=[("files", (f"f{n}.txt", GOOD_FILE, "text/plain")) for n in range(10_000)],
    ),
    bad_request("a JSON body sent as multipart", b'{"urls": ["https://x.example"]}', UPLOAD, refused(400)),
]


def _cut_feed(folder: Path) -> Path:
    path = feed(5, full_item)(folder)[0]
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 3 // 5])
    return path
