"""The words around a finding: the whole sentence that holds a claim, and its paragraph,
so that a reader sees "does not show how the president reacted" rather than the fragment
"how the president reacted".

Presentation only: the boundaries are a reader's (sentence-final punctuation, line breaks),
found in the stored text; nothing is parsed again."""

from __future__ import annotations

import re
from typing import Any

# A sentence ends at . ! ? or … (with any closing quotes or brackets) before white space,
# or at a line break.
_END = re.compile(r"[.!?…][\"'”’»)\]]*(?=\s)|\n")
LOOK = 1500  # characters looked at on each side of a span: a sentence is shorter
PARAGRAPH = 800  # a longer paragraph is cut to this many characters on each side of the span


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence (or sentences) holding characters ``start:end`` begins and ends."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    begin = max(0, start - LOOK)
    for found in _END.finditer(text, begin, start):
        begin = found.end()
    stop = min(len(text), end + LOOK)
    # from the span's last character: a span that ends on its own full stop ends there
    after = _END.search(text, max(begin, end - 1), stop)
    if after is not None:
        stop = max(end, after.start() if after.group() == "\n" else after.end())
    while begin < start and text[begin].isspace():
        begin += 1
    return begin, stop


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the paragraph (a run of text between line breaks) holding ``start:end`` lies."""
    begin = text.rfind("\n", 0, max(0, start)) + 1
    stop = text.find("\n", min(end, len(text)))
    stop = len(text) if stop < 0 else stop
    return max(begin, start - PARAGRAPH), min(stop, end + PARAGRAPH)


def add_context(rows: list[dict[str, Any]], texts: dict[str, str]) -> None:
    """Give each stored span row (a claim, a quantity, a quote) its ``sentence``,
    ``sentence_start`` and ``paragraph``, read from its article's text."""
    for row in rows:
        text = texts.get(row["article_id"])
        if text is None or row.get("start_char") is None:
            continue
        start, end = row["start_char"], row["end_char"]
        first, last = sentence_bounds(text, start, end)
        row["sentence"], row["sentence_start"] = text[first:last], first
        low, high = paragraph_bounds(text, start, end)
        paragraph = text[low:high].strip()
        row["paragraph"] = paragraph if paragraph != row["sentence"].strip() else None
