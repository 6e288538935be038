"""A small RSS feed about one made-up event, served by pytest-httpserver, that a test can
add items to (for the watch tests and benchmarks/watch_latency.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

# Each item is long enough (over ingest.feed_full_text_chars) to be read from the feed itself,
# so that no test fetches an entry's page.
STORY = (
    "The ferry Marram Gull ran aground on the shoals outside Port Ellery on Tuesday morning, "
    'the harbour master Ines Okafor said. "All forty-two passengers were taken off safely by '
    'the lifeboat crew," Okafor told reporters at the quay. The coastguard said the tide was '
    "lower than the charts showed and that the hull was not breached. The operator, Ellery Sound "
    "Lines, said services on the island route would be suspended until Friday. "
    "Families waiting on the island pier were told to expect the first relief boat by evening, "
    "and the regional council promised a review of the channel markers. "
)
ANGLES = [
    "Divers inspected the keel in the afternoon and found only scraped paint.",
    "Passengers described a sudden jolt and a long wait on the upper deck.",
    "The mayor of Port Ellery, Tomas Reyes, said the channel had not been dredged for six years.",
    "Insurers were expected to send an assessor to the harbour on Wednesday.",
    "The island's school closed for the day because teachers could not cross.",
    "A second vessel was chartered to carry supplies to the island on Thursday.",
]


@dataclass
class Feed:
    """An RSS feed whose items can be added while it is served."""

    title: str = "Ellery Coast News"
    items: list[tuple[str, str, str]] = field(default_factory=list)  # (guid, title, text)

    def add(self, number: int, note: str = "") -> str:
        """Add item ``number`` (a new angle on the story); returns its guid."""
        angle = ANGLES[number % len(ANGLES)]
        guid = f"https://coast.example/ferry/{number}"
        text = f"{STORY}{angle} {note}".strip() + f" Update number {number}."
        self.items.append((guid, f"Ferry aground off Port Ellery, update {number}", text))
        return guid

    def xml(self) -> str:
        start = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
        entries = "".join(
            f"<item><title>{escape(title)}</title><link>{guid}</link><guid>{guid}</guid>"
            f"<pubDate>{format_datetime(start + timedelta(hours=n))}</pubDate>"
            f"<description>{escape(text)}</description></item>"
            for n, (guid, title, text) in enumerate(self.items)
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{self.title}</title><link>https://coast.example/</link>"
            f"<description>news</description>{entries}</channel></rss>"
        )
