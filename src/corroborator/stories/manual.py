"""A user's corrections to stories: merge, split, move.  They pin the articles they touch,
so the stories stage keeps them where the user put them on every later run."""

from __future__ import annotations

from collections.abc import Sequence

from corroborator.errors import CorroboratorError
from corroborator.models import content_id
from corroborator.store import Connection
from corroborator.store import stories as store
from corroborator.store import story_signals as signals
from corroborator.stories.labels import label_of


def _need_story(connection: Connection, story_id: str) -> None:
    if not store.story_exists(connection, story_id):
        raise CorroboratorError(f"no story '{story_id}': list the stories with `corroborator stories`")


def _need_article(connection: Connection, reference: str) -> str:
    found = store.resolve_article(connection, reference)
    if found is None:
        raise CorroboratorError(
            f"no current article '{reference}': give an article id, external id or URL "
            "(see `corroborator export articles`)"
        )
    if signals.signal_row(connection, found) is None:
        raise CorroboratorError(
            f"article '{reference}' has not been placed in stories yet: run `corroborator analyze` first"
        )
    return found


def _relabel(connection: Connection, story_ids: Sequence[str]) -> None:
    for story_id in sorted(set(story_ids)):
        members = signals.story_members_of(connection, story_id, limit=200)
        if members:
            store.save_label(connection, story_id, **label_of(members))


def merge(connection: Connection, keep: str, other: str) -> int:
    """Story ``other``'s articles join ``keep``; both stories' articles are pinned there."""
    _need_story(connection, keep)
    _need_story(connection, other)
    if keep == other:
        raise CorroboratorError(f"cannot merge story '{keep}' with itself")
    moved = 0
    for story_id in (keep, other):
        for member in signals.story_members_of(connection, story_id):
            store.set_member(connection, member.article_id, keep, pinned=True)
            moved += story_id == other
    store.ensure_story(connection, keep, store.story_family(connection, keep), pinned=True)
    store.drop_empty_stories(connection, [other])
    _relabel(connection, [keep])
    return moved


def split(connection: Connection, story_id: str, references: Sequence[str]) -> str:
    """The given articles leave ``story_id`` for a new story; everything stays pinned."""
    _need_story(connection, story_id)
    if not references:
        raise CorroboratorError("name the articles to split off the story")
    chosen = [_need_article(connection, reference) for reference in references]
    members = {m.article_id for m in signals.story_members_of(connection, story_id)}
    strangers = [ref for ref, a in zip(references, chosen, strict=True) if a not in members]
    if strangers:
        raise CorroboratorError(f"not in story '{story_id}': {', '.join(strangers)}")
    if set(chosen) == members:
        raise CorroboratorError(f"splitting every article off story '{story_id}' leaves it empty: name fewer")
    new = content_id("story", "split", story_id, *sorted(chosen))
    store.ensure_story(connection, new, store.story_family(connection, story_id), pinned=True)
    for article_id in sorted(members):
        store.set_member(connection, article_id, new if article_id in chosen else story_id, pinned=True)
    store.ensure_story(connection, story_id, store.story_family(connection, story_id), pinned=True)
    _relabel(connection, [story_id, new])
    return new


def move(connection: Connection, reference: str, story_id: str) -> str | None:
    """The article leaves its story for ``story_id`` and stays there (and the articles it
    leaves stay where they are); returns where it was."""
    _need_story(connection, story_id)
    article_id = _need_article(connection, reference)
    before = store.membership(connection, article_id)
    store.set_member(connection, article_id, story_id, pinned=True)
    store.ensure_story(connection, story_id, store.story_family(connection, story_id), pinned=True)
    previous = before[0] if before else None
    if previous is not None and previous != story_id:
        # The rest of the story it left stays that story: it does not follow the article.
        for member in signals.story_members_of(connection, previous):
            store.set_member(connection, member.article_id, previous, pinned=True)
    dropped = store.drop_empty_stories(connection, [previous] if previous else [])
    _relabel(connection, [s for s in (story_id, previous) if s and s not in dropped])
    return previous
