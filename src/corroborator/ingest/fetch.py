"""Fetching a URL politely and safely: timeouts, a redirect limit, a size cap, a
content-type check and an honest user agent.  The only module that talks to the network."""

from __future__ import annotations

from dataclasses import dataclass

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


def fetch(url: str, settings: IngestSettings) -> Fetched:
    """GET ``url``; raise :class:`FetchError` with a one-line reason on any failure."""
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml;q=0.9,*/*;q=0.5",
    }
    try:
        with (
            httpx.Client(
                timeout=settings.timeout,
                follow_redirects=True,
                max_redirects=settings.max_redirects,
                headers=headers,
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
                if len(body) > settings.max_bytes:
                    raise FetchError(url, "download stopped: " + over_cap(None, settings.max_bytes))
            return Fetched(str(response.url), content_type, bytes(body))
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
