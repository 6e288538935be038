"""The app's outer guard: every request's ``Host`` is checked, a state-changing request
from a page of another site is refused, and a request body is capped while it streams in
(the cap holds with or without a ``Content-Length``)."""

from __future__ import annotations

import contextlib
from typing import Any

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corroborator.ingest.units import describe_size
from corroborator.web.access import UNSAFE_METHODS, Access, same_origin


class _TooLarge(Exception):
    pass


class Guard:
    def __init__(self, app: ASGIApp, access: Access, max_body: int) -> None:
        self.app = app
        self.access = access
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        host = request.headers.get("host", "")
        if not self.access.host_allowed(host):
            names = ", ".join(sorted(self.access.hosts))
            reason = (
                f"unknown host '{host[:100]}': this server answers to {names} (add others to server.hosts)"
            )
            await self._refuse(request, 400, reason, receive, send)
            return
        if request.method in UNSAFE_METHODS and _from_a_browser(request) and not same_origin(request):
            reason = "refused: the request comes from a page of another site"
            await self._refuse(request, 403, reason, receive, send)
            return
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            await self._refuse(request, 413, self._too_large(), receive, send)
            return
        await self._capped(scope, receive, send, request)

    async def _capped(self, scope: Scope, receive: Receive, send: Send, request: Request) -> None:
        state: dict[str, Any] = {"read": 0, "over": False, "started": False}

        async def counted() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["read"] += len(message.get("body", b""))
                if state["read"] > self.max_body:
                    state["over"] = True
                    raise _TooLarge
            return message

        async def replaced(message: Message) -> None:
            # Whatever the app answers to a body cut short, the client hears why.
            if state["over"]:
                return
            state["started"] = True
            await send(message)

        with contextlib.suppress(_TooLarge):  # the app stopped reading: answered below
            await self.app(scope, counted, replaced)
        if state["over"] and not state["started"]:
            await self._refuse(request, 413, self._too_large(), receive, send)

    def _too_large(self) -> str:
        cap = describe_size(self.max_body)
        return f"the request is over the {cap} cap (server.max_upload_bytes): send fewer or smaller files"

    async def _refuse(self, request: Request, status: int, reason: str, receive: Receive, send: Send) -> None:
        from corroborator.web.app import error_response

        await error_response(request, status, reason)(request.scope, receive, send)


def _from_a_browser(request: Request) -> bool:
    """Browsers name the page a request comes from; scripts and command-line clients do not
    (they are held by the API's password instead)."""
    return bool(request.headers.get("origin") or request.headers.get("referer"))
