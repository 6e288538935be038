"""Fetching a URL politely and safely: an honest user agent, robots.txt, a pause between
two requests to one host, retries with backoff on 429, 5xx and dropped connections (a
server's Retry-After honoured), an HTTP cache, timeouts and one overall deadline, a redirect
limit, a size cap and a content-type check.  The only module that talks to the network
(the polite parts are in ``polite.py``).

With ``ingest.refuse_private`` (always on for the web app's jobs unless
``server.allow_private_fetch``), every connection is checked after DNS resolution, at the
moment it is made: so a redirect, a feed entry's link or a name that resolves differently
the second time cannot reach loopback, private, link-local or cloud-metadata addresses."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx
import tenacity
from hishel.httpx import CacheClient, CacheTransport

from corroborator.config import IngestSettings
from corroborator.errors import FetchError
from corroborator.ingest import polite
from corroborator.ingest.polite import Deadline
from corroborator.ingest.units import over_cap

ACCEPTED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "text/plain",
    "application/gzip",  # a sitemap.xml.gz
    "application/x-gzip",
)


@dataclass(frozen=True)
class Fetched:
    url: str
    content_type: str
    content: bytes


class PrivateAddress(Exception):
    """A connection would reach an address that server mode keeps out of reach."""


def refused_address(address: str) -> bool:
    """Whether ``address`` is loopback, private, link-local (cloud metadata lives there),
    multicast, reserved or unspecified: anything but a public unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


class _PublicOnly(httpcore.SyncBackend):
    """Resolves the host itself, refuses it when any of its addresses is not public, and
    connects to the address it checked (so that a second lookup cannot differ)."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise httpcore.ConnectError(f"cannot resolve {host}: {error.strerror}") from error
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        for address in addresses:
            if refused_address(address):
                raise PrivateAddress(address if address == host else f"{host} resolves to {address}")
        return super().connect_tcp(addresses[0], port, timeout, local_address, socket_options)


class _PublicTransport(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__(trust_env=False)
        # httpx takes no network backend of its own: the pool is rebuilt with the checking one.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=_PublicOnly(),
        )


ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml;q=0.9,*/*;q=0.5"
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


class _Retry(Exception):
    """An attempt that may succeed when tried again: its reason, and the server's Retry-After."""

    def __init__(self, reason: str, asked: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.asked = asked


class _Refused(FetchError):
    """The server answered with an error status that retrying will not change."""

    def __init__(self, source: str, reason: str, status: int) -> None:
        super().__init__(source, reason)
        self.status = status

    def __reduce__(self) -> tuple[type[FetchError], tuple[str, str]]:
        return (FetchError, (self.source, self.reason))  # sent between processes as what it is to others


class _NotAccepted(FetchError):
    """The server sent something that is not a page, a feed or a sitemap."""

    def __reduce__(self) -> tuple[type[FetchError], tuple[str, str]]:
        return (FetchError, (self.source, self.reason))


@dataclass(frozen=True)
class _Redirect:
    location: str


def fetch(url: str, settings: IngestSettings) -> Fetched:
    """GET ``url`` politely; raise :class:`FetchError` with a one-line reason on any failure."""
    deadline = Deadline(url, settings.deadline)
    try:
        with _client(settings, url) as client:
            return _follow(client, url, settings, deadline, robots=settings.robots)
    except FetchError as error:
        if error.source == url:
            raise
        # A later hop failed: the summary names what the user gave, and says where it led.
        raise FetchError(url, f"{error.reason} (at {error.source}, where it redirects)") from error
    except PrivateAddress as error:
        raise FetchError(
            url,
            f"refused: {error}, a loopback, private or link-local address "
            "(set server.allow_private_fetch to fetch from the local network)",
        ) from error
    except httpx.InvalidURL as error:
        raise FetchError(url, f"not a valid URL: {error}") from error


def _client(settings: IngestSettings, url: str) -> httpx.Client:
    """A client that follows no redirect itself (``_follow`` does, so that each hop is checked
    like the first), behind the HTTP cache when there is one."""
    storage = polite.cache_storage(settings, url)
    options: dict[str, Any] = {
        "timeout": settings.timeout,
        "follow_redirects": False,
        "headers": {"User-Agent": settings.user_agent, "Accept": ACCEPT},
        "trust_env": not settings.refuse_private,
    }
    if settings.refuse_private:
        # No proxy from the environment either: the check must see the address connected to.
        checked = _PublicTransport()
        transport = checked if storage is None else CacheTransport(checked, storage, polite.CACHE_RULES)
        return httpx.Client(transport=transport, **options)
    if storage is None:
        return httpx.Client(**options)
    return CacheClient(storage=storage, rfc=polite.CACHE_RULES, **options)


def _follow(
    client: httpx.Client, url: str, settings: IngestSettings, deadline: Deadline, *, robots: bool
) -> Fetched:
    """The page at ``url`` after its redirects, each hop allowed by its site's robots.txt
    and sent in its host's turn."""
    current = url
    for _hop in range(settings.max_redirects + 1):
        if robots:
            _check_robots(client, current, settings, deadline)
        got = _retrying(client, current, settings, deadline)
        if isinstance(got, Fetched):
            return got
        current = got.location
    raise FetchError(url, f"more than {settings.max_redirects} redirects (a redirect loop?)")


def _retrying(
    client: httpx.Client, url: str, settings: IngestSettings, deadline: Deadline
) -> Fetched | _Redirect:
    """One request, tried again after a pause on 429, 5xx or a dropped connection, up to
    ``ingest.retries`` times and within the deadline."""

    def pause(state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        return polite.backoff(state.attempt_number, settings, getattr(error, "asked", None))

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception_type(_Retry),
        wait=pause,
        stop=tenacity.stop_any(tenacity.stop_after_attempt(settings.retries + 1), _OutOfTime(deadline)),
        reraise=True,
    )
    try:
        return retrying(_attempt, client, url, settings, deadline)
    except _Retry as error:
        tries = retrying.statistics.get("attempt_number", 1)
        said = f"{error.reason} ({tries} tries)" if tries > 1 else error.reason
        if tries <= settings.retries:  # stopped by the deadline, not by the count
            raise deadline.exceeded(f"before retrying: {said}") from error
        raise FetchError(url, said) from error


class _OutOfTime(tenacity.stop.stop_base):
    """Stop retrying when the pause before the next try would reach past the deadline."""

    def __init__(self, deadline: Deadline) -> None:
        self.deadline = deadline

    def __call__(self, retry_state: tenacity.RetryCallState) -> bool:
        return (retry_state.upcoming_sleep or 0.0) >= self.deadline.left()


def _attempt(
    client: httpx.Client, url: str, settings: IngestSettings, deadline: Deadline
) -> Fetched | _Redirect:
    delay = max(
        settings.host_delay,
        (polite.known_robots(polite.origin(url)) or polite.NO_ROBOTS).delay(settings.user_agent),
    )
    try:
        with (
            polite.turn(url, delay, settings, deadline),
            client.stream("GET", url, timeout=_step(settings, deadline)) as response,
        ):
            if response.is_redirect:
                return _Redirect(str(response.url.join(response.headers["location"])))
            _check_status(response, url)
            return _read(response, url, settings, deadline)
    except httpx.TimeoutException as error:
        if deadline.left() <= 0:
            raise deadline.exceeded("waiting for the server") from error
        raise _Retry(f"timed out after {settings.timeout:g} s (ingest.timeout); try again later") from error
    except (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as error:
        raise _Retry(f"cannot fetch: {error.__class__.__name__}: {error}") from error
    except httpx.TooManyRedirects as error:
        raise FetchError(url, f"more than {settings.max_redirects} redirects (a redirect loop?)") from error
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
        raise FetchError(url, f"not a valid URL: {error}") from error
    except httpx.HTTPError as error:
        raise FetchError(url, f"cannot fetch: {error.__class__.__name__}: {error}") from error


def _step(settings: IngestSettings, deadline: Deadline) -> float:
    deadline.check("before sending the request")
    return deadline.step(settings.timeout)


def _check_status(response: httpx.Response, url: str) -> None:
    status = response.status_code
    if status < 400:
        return
    reason = f"HTTP {status} {response.reason_phrase}"
    # A 4xx is about the request (a wrong or dead URL); a 5xx is the server's own trouble.
    advice = "check the URL" if status < 500 else "the server failed; try again later"
    if status == 429:
        advice = "the server asks for fewer requests; try again later or raise ingest.host_delay"
    if status in RETRIED_STATUSES:
        raise _Retry(f"{reason}: {advice}", polite.retry_after(response.headers.get("retry-after")))
    raise _Refused(url, f"{reason}: {advice}", status)


def _read(response: httpx.Response, url: str, settings: IngestSettings, deadline: Deadline) -> Fetched:
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type and not content_type.startswith(ACCEPTED_TYPES):
        raise _NotAccepted(
            url,
            f"content type '{content_type}' is not a web page or feed: save it and convert it to text or HTML first",
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise FetchError(url, over_cap(int(declared), settings.max_bytes))
    body = bytearray()
    for chunk in response.iter_bytes():
        body.extend(chunk)
        if deadline.left() <= 0:
            raise FetchError(
                url,
                f"download took over {settings.deadline:g} s (ingest.deadline): the server sends too slowly; "
                "try again later",
            )
        if len(body) > settings.max_bytes:
            raise FetchError(url, "download stopped: " + over_cap(None, settings.max_bytes))
    return Fetched(str(response.url), content_type, bytes(body))


def _check_robots(client: httpx.Client, url: str, settings: IngestSettings, deadline: Deadline) -> None:
    """Refuse ``url`` when its site's robots.txt disallows it for our user agent (RFC 9309:
    a robots.txt that is missing or refused (4xx) allows everything; one that cannot be
    read for a server error allows nothing, for now)."""
    site = polite.origin(url)
    rules = polite.known_robots(site)
    if rules is None:
        try:
            got = _follow(client, f"{site}/robots.txt", settings, deadline, robots=False)
            rules = polite.parse_robots(got.content)
        except (_Refused, _NotAccepted) as error:
            if isinstance(error, _Refused) and error.status >= 500:
                raise _robots_unread(url, site, error) from error
            rules = polite.NO_ROBOTS  # none there (a 4xx, or a web page in its place)
        except FetchError as error:
            raise _robots_unread(url, site, error) from error
        polite.remember_robots(site, rules)
    if not rules.allows(url, settings.user_agent):
        raise FetchError(
            url,
            f"disallowed by {site}/robots.txt for our user agent: not fetched "
            "(ingest.robots = false ignores robots.txt; only with the site's permission)",
        )


def _robots_unread(url: str, site: str, error: FetchError) -> FetchError:
    return FetchError(
        url, f"cannot read {site}/robots.txt ({error.reason}): the site is not fetched until it can be read"
    )
