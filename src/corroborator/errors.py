"""One exception tree for the whole package.

Every message names the input it is about and says what to do next, because the
CLI prints it as the one-line reason a user acts on.  The CLI maps the classes to
exit codes; the web app will map them to one JSON error shape.
"""

from __future__ import annotations


class CorroboratorError(Exception):
    """Base of every error Corroborator raises on purpose."""

    exit_code = 1


class ConfigError(CorroboratorError):
    """A setting is unknown or has a value of the wrong kind."""

    exit_code = 2


class NotYetAvailable(CorroboratorError):
    """A command whose stage is not part of this version."""

    exit_code = 2


class StoreError(CorroboratorError):
    """The database cannot be opened, migrated or written."""


class StoreBusy(StoreError):
    """Another run holds the store's writer lock (SQLite); the same command may be tried later."""

    exit_code = 75  # EX_TEMPFAIL: a script may wait and run it again


class StoreBehind(StoreError):
    """The store's migrations are behind the code: ``corroborator db upgrade`` brings it current."""


class SchedulerUnreachable(CorroboratorError):
    """The Dask scheduler named by ``pipeline.scheduler`` cannot be reached, or has no workers."""

    exit_code = 69  # EX_UNAVAILABLE: start the scheduler, or run with another executor


class NotFound(CorroboratorError):
    """An id given by the user names nothing in the store."""


class AmbiguousId(CorroboratorError):
    """An id prefix that starts the ids of several rows of one kind."""


class IngestError(CorroboratorError):
    """One input cannot be turned into an article; the run goes on without it.

    ``source`` names the input (a path, ``path:line``, or a URL) and the message
    says why, so that ``f"{source}: {message}"`` is the summary line.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type[IngestError], tuple[str, str]]:
        # Failures travel back from worker processes as values.
        return (type(self), (self.source, self.reason))


class FetchError(IngestError):
    """A URL could not be fetched (timeout, HTTP error, redirect loop, size cap)."""


class Forbidden(CorroboratorError):
    """A request that would change the store comes without the right to (no login, a
    read-only server, a form from another site)."""


class Busy(CorroboratorError):
    """The server has as much queued work as it takes; the request may be tried later."""
