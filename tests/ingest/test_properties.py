"""Properties of the JSONL reader and of date reading, over inputs Hypothesis makes up:
whatever the bytes, the reader gives one outcome a line and never raises; whatever the
date, reading it gives a usable time or a one-line reason, and no stage's date arithmetic
fails on a time that can be stored."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corroborator.config import IngestSettings, load_settings
from corroborator.errors import IngestError
from corroborator.extract.windows import resolve_window
from corroborator.ingest.jsonl import MAX_DEPTH, iter_jsonl
from corroborator.ingest.meta import FIRST_YEAR, LAST_YEAR, read_published
from corroborator.ingest.units import Note, Unit, over_cap
from corroborator.models import PartialTime, Precision

# Each example writes its own file over the last one, so a function-scoped tmp_path is fine.
EXAMPLES = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

FIRST = b'{"id": "first", "text": "The ferry runs again."}'  # a UTF-8 start, so the encoding is UTF-8

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
records = st.dictionaries(st.text(max_size=8), json_values, max_size=6).map(
    lambda record: json.dumps(record).encode()
)
garbage = st.binary(max_size=300).filter(lambda data: b"\n" not in data)
nested = st.integers(min_value=MAX_DEPTH - 5, max_value=1500).map(lambda depth: b"[" * depth + b"]" * depth)
blank = st.sampled_from([b"", b"   ", b"\t", b"\r"])
lines = st.lists(st.one_of(records, garbage, nested, blank), max_size=12)


def ingest_settings(cap: int) -> IngestSettings:
    return load_settings(overrides={"ingest.max_bytes": cap}, environ={}).ingest


@EXAMPLES
@given(body=lines, cap=st.integers(min_value=64, max_value=8192), packed=st.booleans())
def test_the_jsonl_reader_gives_one_outcome_per_line_and_never_raises(
    tmp_path: Path, body: list[bytes], cap: int, packed: bool
) -> None:
    content = [FIRST, *body]
    data = b"\n".join(content) + b"\n"
    path = tmp_path / ("dump.jsonl.gz" if packed else "dump.jsonl")
    path.write_bytes(gzip.compress(data) if packed else data)

    items = list(iter_jsonl(path, ingest_settings(cap)))

    expected: list[tuple[str, Any]] = []
    for number, line in enumerate(content, start=1):
        where = f"{path}:{number}"
        if len(line) + 1 > cap:
            expected.append((where, "record of " + over_cap(len(line) + 1, cap)))
        elif line.strip():
            try:
                value = json.loads(line)
            except (ValueError, RecursionError):
                value = None
            deep = line.count(b"[") > MAX_DEPTH
            expected.append((where, value if isinstance(value, dict) and not deep else "fails"))
    got: list[tuple[str, Any]] = []
    for item in items:
        assert isinstance(item, Unit | IngestError | Note)
        if isinstance(item, Note):  # the fields no article field is read from, told once
            assert item is items[-1]
            assert "\n" not in item.reason
            continue
        if isinstance(item, Unit):
            got.append((item.source, item.record))
        else:
            assert "\n" not in item.reason
            assert item.reason
            got.append((item.source, item.reason))
    assert [source for source, _ in got] == [source for source, _ in expected]
    for (_, outcome), (_, wanted) in zip(got, expected, strict=True):
        if wanted == "fails":
            assert isinstance(outcome, str), outcome
        else:
            assert outcome == wanted


@EXAMPLES
@given(
    texts=st.lists(st.text(min_size=1, max_size=40).filter(str.strip), min_size=1, max_size=5),
    encoding=st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "utf-32"]),
)
def test_utf16_and_utf32_dumps_read_back_the_same_records(
    tmp_path: Path, texts: list[str], encoding: str
) -> None:
    """JSON text ends a line only at LF; CR, U+2028 and the like inside a string stay in it."""
    lines = [json.dumps({"id": str(n), "text": text}, ensure_ascii=False) for n, text in enumerate(texts)]
    path = tmp_path / "dump.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))

    items = list(iter_jsonl(path, ingest_settings(20_000_000)))

    assert [item.record for item in items if isinstance(item, Unit)] == [
        {"id": str(n), "text": text} for n, text in enumerate(texts)
    ]


# --- dates -----------------------------------------------------------------------------------------

zones = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
any_datetime = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59))
date_values = st.one_of(
    st.text(max_size=40),
    st.dates().map(date.isoformat),
    st.builds(lambda moment, zone: moment.replace(tzinfo=zone).isoformat(), any_datetime, zones),
    any_datetime.map(datetime.isoformat),
    st.from_regex(r"\A\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?)?)?\Z"),
    st.integers(),
    st.floats(),
    st.dates(),
)
EXPRESSIONS = [
    "overnight",
    "last night",
    "yesterday",
    "today",
    "on Tuesday",
    "between Monday and Friday",
    "between Friday and Tuesday last week",
    "overnight into Sunday",
    "last week",
    "this week",
    "last weekend",
    "last summer",
    "last winter",
    "last spring",
    "last January",
    "last December",
    "last month",
    "this month",
    "last year",
    "on 24 May",
    "January 1",
    "in 2019",
]


def assert_every_window_resolves(published: PartialTime) -> None:
    assert published.start() < published.end() or published.end() == datetime.max.replace(tzinfo=UTC)
    for expression in EXPRESSIONS:
        first, last = resolve_window(expression, published)
        assert (first is None) == (last is None), expression


@settings(max_examples=150, deadline=None)
@given(value=date_values)
@example("0000")
@example("2025-00")
@example("0001-01-01T00:30:00+01:00")
@example("9999-12-31T23:30:00-01:00")
def test_reading_a_date_gives_a_usable_time_or_one_line_reason(value: object) -> None:
    published, why = read_published(value)

    if value == "":
        assert published is why is None  # nothing given, nothing to say
        return
    assert (published is None) != (why is None)
    if published is None:
        assert why is not None
        assert why.strip()
        assert "\n" not in why
        return
    assert FIRST_YEAR <= published.start().year <= LAST_YEAR
    assert PartialTime(value=published.value, precision=published.precision) == published  # it can be stored
    assert_every_window_resolves(published)


@settings(max_examples=150, deadline=None)
@given(moment=any_datetime, zone=zones)
def test_a_time_with_its_zone_is_read_as_that_instant_in_utc_or_set_aside(
    moment: datetime, zone: timezone
) -> None:
    aware = moment.replace(microsecond=0, tzinfo=zone)

    published, why = read_published(aware.isoformat())

    if published is None:
        assert why is not None
        try:
            year = aware.astimezone(UTC).year
        except OverflowError:
            return  # off the calendar's edge in UTC
        assert not FIRST_YEAR <= year <= LAST_YEAR, why
        return
    assert published.start() == aware.astimezone(UTC).replace(second=published.start().second)
    assert published.precision in (Precision.MINUTE, Precision.SECOND)


@settings(max_examples=150, deadline=None)
@given(day=st.dates(), precision=st.sampled_from(list(Precision)), zone=zones)
def test_no_window_arithmetic_fails_on_any_time_that_can_be_stored(
    day: date, precision: Precision, zone: timezone
) -> None:
    """Even a time ingestion would set aside (the year 1, the year 9999) may sit in a store
    written before it did: the stages must not fail on it."""
    if precision in (Precision.MINUTE, Precision.SECOND):
        try:
            published = PartialTime.from_datetime(
                datetime(day.year, day.month, day.day, tzinfo=zone), precision
            )
        except ValueError:
            return  # off the calendar in UTC: such a time cannot be made, so cannot be stored
    else:
        published = PartialTime.from_date(day)
        if precision is not Precision.DAY:
            published = PartialTime(
                value=published.value[: 4 if precision is Precision.YEAR else 7], precision=precision
            )

    assert_every_window_resolves(published)
