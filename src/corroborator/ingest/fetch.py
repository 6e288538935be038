"""Fetching a URL politely and safely: timeouts, an overall deadline, a redirect limit, a
size cap, a content-type check and an honest user agent.  The only module that talks to the
network.

With ``ingest.refuse_private`` (always on for the web app's jobs unless
``server.allow_private_fetch``), every connection is checked after DNS resolution, at the
moment it is made: so a redirect, a feed entry's link or a name that resolves differently
the second time cannot reach loopback, private, link-local or cloud-metadata addresses."""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from corroborator.config import IngestSettings
from corroborator.errors import FetchError
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


def fetch(url: str, settings: IngestSettings) -> Fetched:
    """GET ``url``; raise :class:`FetchError` with a one-line reason on any failure."""
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml;q=0.9,*/*;q=0.5",
    }
    started = time.monotonic()
    transport = _PublicTransport() if settings.refuse_private else None
    try:
        with (
            httpx.Client(
                timeout=settings.timeout,
                follow_redirects=True,
                max_redirects=settings.max_redirects,
                headers=headers,
                transport=transport,
                trust_env=not settings.refuse_private,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                # A 4xx is about the request (a wrong or dead URL); a 5xx is the server's own trouble.
                advice = (
                    "check the URL" if response.status_code < 500 else "the server failed; try again later"
                )
                raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}: {advice}")
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type and not content_type.startswith(ACCEPTED_TYPES):
                raise FetchError(
                    url,
                    f"content type '{content_type}' is not a web page or feed: "
                    "save it and convert it to text or HTML first",
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > settings.max_bytes:
                raise FetchError(url, over_cap(int(declared), settings.max_bytes))
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if time.monotonic() - started > settings.deadline:
                    raise FetchError(
                        url,
                        f"download took over {settings.deadline:g} s (ingest.deadline): "
                        "the server sends too slowly; try again later",
                    )
                if len(body) > settings.max_bytes:
                    raise FetchError(url, "download stopped: " + over_cap(None, settings.max_bytes))
            return Fetched(str(response.url), content_type, bytes(body))
    except PrivateAddress as error:
        raise FetchError(
            url,
            f"refused: {error}, a loopback, private or link-local address "
            "(set server.allow_private_fetch to fetch from the local network)",
        ) from error
    except httpx.TooManyRedirects as error:
        raise FetchError(url, f"more than {settings.max_redirects} redirects (a redirect loop?)") from error
    except httpx.TimeoutException as error:
        raise FetchError(
            url, f"timed out after {settings.timeout:g} s (ingest.timeout); try again later"
        ) from error
    except httpx.InvalidURL as error:
        raise FetchError(url, f"not a valid URL: {error}") from error
    except httpx.HTTPError as error:
        raise FetchError(url, f"cannot fetch: {error.__class__.__name__}: {error}") from error
