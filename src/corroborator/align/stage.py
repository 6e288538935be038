"""The align stage: a story-level step after the per-article stages.

Alignment needs a story's articles together, so it does not run per article.  Each story
has a fingerprint (its current members and when each was last extracted and resolved,
salted with this stage's version and settings and the party file's content); a story whose
fingerprint differs from the one it was last aligned with is aligned again: a new article
placed, a revision, a user's merge, split or move, a correction of its claim groups, an
earlier stage re-run.  Unchanged stories are not touched.  Each story is read in the main
process (``load_story``), aligned wherever the run's executor computes (``align``, a pure
function of what was read), and written in its own transaction with its new fingerprint, so
an interrupted run resumes with the stories still pending, and running again changes nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from corroborator.align.assemble import EntityFacts, StoryAlignment, align_story
from corroborator.align.parties import PartyMap, load_party_map
from corroborator.align.units import Unit, units_from_rows
from corroborator.align.vectors import VERSION as VECTORS_VERSION
from corroborator.align.vectors import ClaimVectors, StoredVector, from_bytes, to_bytes
from corroborator.config import Settings
from corroborator.models import Article, GroupCorrection
from corroborator.pipeline.stage import stages
from corroborator.store import Connection
from corroborator.store import align_inputs as inputs
from corroborator.store.claim_group_corrections import corrections_touching, orphan_corrections, save_outcomes
from corroborator.store.claim_groups import replace_claim_groups
from corroborator.store.claim_vectors import store_vectors, stored_vectors
from corroborator.stories.embed import embedder

VERSION = "21"


@dataclasses.dataclass(frozen=True)
class StoryInputs:
    """Everything aligning one story needs, read from the store beforehand."""

    story_id: str
    units: tuple[Unit, ...]
    names: dict[str, str]
    entities: dict[str, EntityFacts]
    silent: tuple[str, ...]  # why each article that gives no claim gives none
    corrections: tuple[GroupCorrection, ...] = ()  # people's corrections touching its claims
    known: ClaimVectors | None = None  # the claims' stored meaning vectors (``align.vectors``)


@stages.register("align")
class AlignStage:
    name: str = "align"
    version: str
    requires: tuple[str, ...] = ("extract", "stories", "entities")
    assigns: tuple[str, ...] = (
        "claim_groups",
        "claim_group_members",
        "claim_group_relations",
        "story_alignments",
    )
    per_story = True

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.parties: PartyMap = load_party_map(settings.align.parties)
        party_digest = ""
        if settings.align.parties:
            party_digest = hashlib.sha256(Path(settings.align.parties).read_bytes()).hexdigest()[:12]
        self.version = f"{VERSION}:{settings.stories.embedder}:{settings.align.link}:{party_digest}"
        # whose vectors a claim's stored vector is: the embedder and the recipe that mixed it
        self.vectors_key = f"{settings.stories.embedder}:{VECTORS_VERSION}"

    # A per-story stage has no per-article work: the runner calls ``pending`` and ``align``.
    def compute(self, article: Article) -> None:
        return None

    def commit(self, connection: Connection, article: Article, result: object) -> None:
        return None

    def pending(self, connection: Connection) -> list[tuple[str, str]]:
        """(story id, fingerprint) of every story to align now; forgets stories that are gone."""
        current = inputs.story_fingerprints(connection, self.version)
        done = inputs.aligned_fingerprints(connection)
        gone = sorted(set(done) - set(current))
        if gone:
            inputs.forget_alignments(connection, gone)
            orphan_corrections(connection, gone)
        return sorted((story_id, fp) for story_id, fp in current.items() if done.get(story_id) != fp)

    def load_story(self, connection: Connection, story_id: str) -> StoryInputs:
        """What aligning a story reads of the store (in the main process)."""
        units = units_from_rows(inputs.story_claims(connection, story_id))
        names = inputs.story_names(connection, sorted({u.article_id for u in units}))
        facts = inputs.entity_facts(connection, sorted(set(names.values())))
        stored = stored_vectors(connection, self.vectors_key, (u.claim_id for u in units))
        known = ClaimVectors(
            {claim: StoredVector(digest, from_bytes(data)) for claim, (digest, data) in stored.items()}
        )
        entities = {
            key: EntityFacts(name, tuple(aliases), tuple(descriptions))
            for key, (name, aliases, descriptions) in facts.items()
        }
        silent = tuple(_silence(row) for row in inputs.members_without_claims(connection, story_id))
        corrections = tuple(corrections_touching(connection, story_id, (u.claim_id for u in units)))
        return StoryInputs(story_id, tuple(units), names, entities, silent, corrections, known)

    def warm(self) -> None:
        """Load the embedder in this worker before its first story."""
        embedder(self.settings.stories.embedder)

    def align(self, story: StoryInputs) -> StoryAlignment:
        """A story's claim groups from what ``load_story`` read: pure, so it may run in a worker."""
        aligned = align_story(
            story.story_id,
            list(story.units),
            embedder(self.settings.stories.embedder).encode,
            names=story.names,
            entities=story.entities,
            parties=self.parties,
            link=self.settings.align.link,
            corrections=story.corrections,
            known=story.known,
        )
        return dataclasses.replace(aligned, notes=[*story.silent, *aligned.notes])

    def compute_story(self, connection: Connection, story_id: str) -> StoryAlignment:
        return self.align(self.load_story(connection, story_id))

    def commit_story(
        self, connection: Connection, story_id: str, fingerprint: str, result: StoryAlignment
    ) -> None:
        replace_claim_groups(connection, story_id, result.groups)
        store_vectors(
            connection,
            self.vectors_key,
            {claim: (kept.digest, to_bytes(kept.vector)) for claim, kept in result.vectors.items()},
        )
        save_outcomes(connection, result.corrections)
        inputs.mark_aligned(connection, story_id, fingerprint, "\n".join(result.notes) or None)

    def warnings(self, result: StoryAlignment) -> Sequence[str]:
        return result.notes


def _silence(row: dict[str, Any]) -> str:
    """Why an article of the story adds nothing to its claim groups, in one line."""
    name = row["external_id"] or row["url"] or row["title"] or row["id"]
    if row["status"] is None:
        why = "it has not been parsed (run analyze again)"
    elif row["note"]:
        why = row["note"]
    else:
        why = "no claim was found in its text (a headline, a list or a page with no statement)"
    return f"article {name} ({row['outlet'] or 'unknown outlet'}) gives no claim to align: {why}"
