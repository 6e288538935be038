"""What makes fetching polite and robust, apart from the request itself (``fetch.py``):
one overall deadline per URL, the pause between two requests to one host, the reading
of a server's Retry-After, robots.txt rules, and the HTTP cache on disk.

The pause is kept in a small file per host, locked while a request waits its turn, so the
worker processes of one run (and two runs at once) keep it between them.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import hishel
from protego import Protego

from corroborator.config import IngestSettings
from corroborator.errors import FetchError


@dataclass
class Deadline:
    """The time left for one URL (``ingest.deadline``), whatever it is spent on: waiting
    for the host's turn, retries and their pauses, redirects, robots.txt, the download."""

    url: str
    seconds: float
    started: float = field(default_factory=time.monotonic)

    def left(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def check(self, doing: str) -> None:
        if self.left() <= 0:
            raise self.exceeded(doing)

    def exceeded(self, doing: str) -> FetchError:
        return FetchError(
            self.url,
            f"gave up after {self.seconds:g} s (ingest.deadline) {doing}; try again later or raise ingest.deadline",
        )

    def step(self, timeout: float) -> float:
        """The timeout of the next network step: ``ingest.timeout``, or less when the deadline is nearer."""
        return max(0.001, min(timeout, self.left()))


def origin(url: str) -> str:
    """Scheme, host and port: what robots.txt rules and the pause between requests belong to."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def state_dir(settings: IngestSettings) -> Path:
    """Where the cache and the hosts' last request times live: ``ingest.cache_dir``, or a
    folder of the user's in the temporary directory when the cache is off."""
    if settings.cache_dir:
        return Path(settings.cache_dir).expanduser()
    return Path(tempfile.gettempdir()) / f"corroborator-{os.getuid()}"


@contextmanager
def turn(url: str, delay: float, settings: IngestSettings, deadline: Deadline) -> Iterator[None]:
    """Hold the URL's host for one request: wait until no other request to it is under way
    (in any process sharing the state folder) and ``delay`` seconds have passed since the
    last one ended, and mark the end of this one when it is done.

    Counted from the end, the pause is one the server sees too: the next request cannot
    arrive less than ``delay`` after this one did, however the two processes are scheduled."""
    if delay <= 0:
        yield
        return
    folder = state_dir(settings) / "hosts"
    name = hashlib.sha256(host_of(url).encode()).hexdigest()[:32]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stream = (folder / name).open("a+")
    except OSError as error:
        raise FetchError(url, _unusable(folder, error)) from error
    with stream:
        _lock(stream, url, deadline)
        try:
            stream.seek(0)
            try:
                last = float(stream.read().strip() or 0)
            except ValueError:
                last = 0.0  # a damaged file: this request simply goes first
            pause = last + delay - time.time()
            if pause > deadline.left():
                raise deadline.exceeded(
                    f"waiting {pause:.1f} s for its turn at {host_of(url)} "
                    "(ingest.host_delay or the site's robots.txt Crawl-delay)"
                )
            if pause > 0:
                time.sleep(pause)
            try:
                yield
            finally:
                stream.seek(0)
                stream.truncate()
                stream.write(f"{time.time():.6f}")
                stream.flush()
        finally:
            fcntl.flock(stream, fcntl.LOCK_UN)


def _lock(stream: IO[str], url: str, deadline: Deadline) -> None:
    """Take the host's lock, or give up when the deadline comes first."""
    while True:
        try:
            fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if deadline.left() <= 0:
                raise deadline.exceeded(
                    f"waiting for its turn at {host_of(url)} (another request to it is under way)"
                ) from None
            time.sleep(0.02)


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds a server asks to wait (``Retry-After``: seconds, or an HTTP date); None when
    absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def backoff(attempt: int, settings: IngestSettings, asked: float | None) -> float:
    """The pause before retry number ``attempt`` (1, 2, ...): ``ingest.backoff`` doubled each
    time, or what the server asked for when it asked for longer."""
    pause = float(settings.backoff * 2 ** (attempt - 1))
    return max(pause, asked or 0.0)


@dataclass(frozen=True)
class Robots:
    """The robots.txt rules of one origin, for our user agent."""

    rules: Protego | None  # None: every path is allowed (no robots.txt)

    def allows(self, url: str, agent: str) -> bool:
        return self.rules is None or bool(self.rules.can_fetch(url, agent))

    def delay(self, agent: str) -> float:
        if self.rules is None:
            return 0.0
        delay: float | None = self.rules.crawl_delay(agent)
        return float(delay or 0.0)


NO_ROBOTS = Robots(None)


def parse_robots(content: bytes) -> Robots:
    return Robots(Protego.parse(content.decode("utf-8", "replace")))


# robots.txt read by this process, by origin, with when it was read: a run asks each site
# for it once, a long-lived process (the web app) again after a day, as RFC 9309 asks.
ROBOTS: dict[str, tuple[float, Robots]] = {}
ROBOTS_SECONDS = 24 * 3600


def known_robots(site: str) -> Robots | None:
    """The rules of ``site`` read less than a day ago, or None."""
    known = ROBOTS.get(site)
    if known is None or time.monotonic() - known[0] > ROBOTS_SECONDS:
        return None
    return known[1]


def remember_robots(site: str, rules: Robots) -> None:
    ROBOTS[site] = (time.monotonic(), rules)


# A private cache: one user's tool, which may keep what a site marks "private".
CACHE_RULES = hishel.CacheOptions(shared=False)


def cache_storage(settings: IngestSettings, url: str) -> hishel.SqliteStorage | None:
    """The HTTP cache in ``ingest.cache_dir`` (RFC 9111: a fresh response is served from it,
    a stale one is revalidated with If-None-Match or If-Modified-Since), None when it is off."""
    if not settings.cache_dir:
        return None
    folder = Path(settings.cache_dir).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return hishel.SqliteStorage(database_path=folder / "http-cache.sqlite")
    except OSError as error:
        raise FetchError(url, _unusable(folder, error)) from error


def _unusable(folder: Path, error: OSError) -> str:
    problem = error.strerror or error
    return (
        f"cannot use the folder '{folder}' ({problem}): set ingest.cache_dir to a "
        'writable folder, or to "" for no cache'
    )
