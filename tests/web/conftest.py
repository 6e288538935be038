"""A demo-analysed store for the web and dossier tests (built once per session), with one
hostile article beside the demo and claim groups built by hand for both stories, and the
app served over it by uvicorn on a free port."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.web.helpers import ARGS, CHROMIUM, serving, writable

from corroborator.config import Settings, load_settings
from corroborator.demo import run_demo
from corroborator.ingest import ingest
from corroborator.models import (
    ClaimGroup,
    ClaimGroupMember,
    ClaimGroupRelation,
    ConflictKind,
    EpistemicStatus,
    RelationKind,
    Verdict,
)
from corroborator.pipeline import analyze
from corroborator.store import Store
from corroborator.store.claim_groups import replace_claim_groups
from corroborator.store.presentation import articles_from, claims_of, story_articles
from corroborator.store.stories import iter_stories

HOSTILE_TITLE = 'Harbour <script>window.pwned = "title"</script> report'
HOSTILE_TEXT = (
    "The harbour board met on Tuesday to discuss the new crane. "
    '<script>window.pwned = "script"; alert(1)</script> '
    "The board chair said <img src=x onerror=\"window.pwned = 'onerror'\"> that the crane would cost 40 million. "
    "Critics said <a href=\"javascript:window.pwned='link'\">click here</a> the cost was only 25 million."
)


@dataclass
class Demo:
    db: Path
    settings: Settings
    story: str  # the demo's main story (the Kursk drone raid)
    hostile_story: str
    hostile_article: str
    groups: list[ClaimGroup]


def _member(claim: dict[str, object], outlet: str, origin: str, party: str | None) -> ClaimGroupMember:
    return ClaimGroupMember(
        claim_id=str(claim["id"]),
        article_id=str(claim["article_id"]),
        status=EpistemicStatus(str(claim["status"])),
        claimant=str(claim["claimant"]),
        origin=origin,
        party=party,
    )


def hand_groups(store: Store, story_id: str, needle: str, other: str) -> list[ClaimGroup]:
    """Two groups by hand: claims holding ``needle`` (origins = claimants, one side), and
    claims holding ``other``, in numeric conflict with the first."""
    with store.reading() as connection:
        members = story_articles(connection, story_id)
        outlet_of = {m["id"]: m["outlet_id"] for m in members}
        claims = claims_of(connection, list(outlet_of))
    groups = []
    for number, (word, party) in enumerate(((needle, "side-a"), (other, "side-b"))):
        chosen = [c for c in claims if word in str(c["text"])]
        assert chosen, f"no claim of story {story_id} holds {word!r}"
        found = [_member(c, outlet_of[str(c["article_id"])], str(c["claimant"]), party) for c in chosen]
        origins = list(dict.fromkeys(m.origin for m in found))
        groups.append(
            ClaimGroup(
                id=f"{story_id[:8]}-g{number}",
                story_id=story_id,
                label=f"claims about {word}",
                claim_ids=[m.claim_id for m in found],
                verdict=Verdict.SINGLE_PARTY if number == 0 else Verdict.DISPUTED,
                reasons=[f"every origin is {party}"],
                n_articles=len({m.article_id for m in found}),
                n_copy_groups=len({m.article_id for m in found}),
                n_origins=len(origins),
                n_claimants=len({m.claimant for m in found}),
                members=found,
                origins=origins,
                parties=[party],
            )
        )
    conflict = ClaimGroupRelation(
        source=groups[0].id,
        target=groups[1].id,
        kind=RelationKind.CONFLICTS,
        reason=f"{needle} against {other}",
        conflict=ConflictKind.NUMERIC,
    )
    groups[0] = groups[0].model_copy(update={"relations": [conflict]})
    with store.transaction() as connection:
        replace_claim_groups(connection, story_id, groups)
    return groups


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    folder = tmp_path_factory.mktemp("demo")
    settings = load_settings(
        overrides={"store.db": str(folder / "demo.db"), "ingest.workers": 1, "pipeline.workers": 1},
        environ={},
    )
    settings = writable(settings)
    run_demo(folder, settings)
    hostile = folder / "hostile.jsonl"
    record = {
        "id": "hostile-1",
        "url": "javascript:alert(document.domain)",
        "outlet": "Quay <b>Gazette</b>",
        "title": HOSTILE_TITLE,
        "text": HOSTILE_TEXT,
        "published": "2031-03-04",
        "language": "en",
    }
    hostile.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Store(settings.store.db) as store:
        summary = ingest([str(hostile)], store, settings.ingest)
        assert summary.new == 1, summary.failures
        analyze(store, settings)
        with store.reading() as connection:
            stories = list(iter_stories(connection))
            [hostile_id] = articles_from(connection, [str(hostile)])
        main = max(stories, key=lambda s: s.n_articles)
        hostile_story = next(s for s in stories if hostile_id in s.article_ids)
        groups = hand_groups(store, main.id, "46", "764")
        groups += hand_groups(store, hostile_story.id, "40 million", "25 million")
    return Demo(folder / "demo.db", settings, main.id, hostile_story.id, hostile_id, groups)


@pytest.fixture(scope="session")
def server(demo: Demo) -> Iterator[str]:
    """The app over the demo store, served by uvicorn in a thread; yields its base URL."""
    with serving(demo.settings) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless; skipped with a message when it is not installed, failed
    under CI, where .ci/run installs it."""
    if not CHROMIUM.exists():
        message = "Chromium is not installed (apt-get install chromium); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield launched
        launched.close()
