"""A person's corrections of claim groups: merge two, split claims off, move a claim, mark
two origins as one source, set a verdict with a reason, mark a group reviewed.

Each is checked against the groups as stored, kept with who made it, when and why
(``store.claim_group_corrections``), and anchored to claims so that the align stage lays
it over every later alignment (``align.corrections``); ``realign`` aligns the story again
at once so that the correction shows straight away.
"""

from __future__ import annotations

from collections.abc import Sequence

from corroborator.config import Settings
from corroborator.errors import CorroboratorError, NotFound
from corroborator.models import ClaimGroup, CorrectionKind, GroupCorrection, Verdict
from corroborator.store import Connection
from corroborator.store import align_inputs as inputs
from corroborator.store import claim_group_corrections as store
from corroborator.store.claim_groups import get_claim_group, iter_claim_groups


def _group(connection: Connection, group_id: str) -> ClaimGroup:
    found = get_claim_group(connection, group_id)
    if found is None:
        raise NotFound(
            f"no claim group '{group_id}': list a story's groups with `corroborator claim-groups --story STORY`"
        )
    return found


def _who(by: str) -> str:
    if not by.strip():
        raise CorroboratorError("say who makes the correction (--by NAME, or the form's name field)")
    return by.strip()


def merge(connection: Connection, keep: str, other: str, *, by: str, reason: str = "") -> GroupCorrection:
    """Claim group OTHER is the same proposition as KEEP: its claims join KEEP."""
    if keep == other:
        raise CorroboratorError(f"cannot merge claim group '{keep}' with itself: give two different groups")
    kept, gone = _group(connection, keep), _group(connection, other)
    if kept.story_id != gone.story_id:
        raise CorroboratorError(
            f"claim groups '{keep}' and '{other}' are in different stories: only groups of one story merge"
        )
    return store.add_correction(
        connection,
        kept.story_id,
        CorrectionKind.MERGE,
        kept.claim_ids,
        targets=gone.claim_ids,
        by=_who(by),
        reason=reason.strip(),
    )


def split(
    connection: Connection, group_id: str, claim_ids: Sequence[str], *, by: str, reason: str = ""
) -> GroupCorrection:
    """The given claims leave the group for a new group of their own."""
    group = _group(connection, group_id)
    if not claim_ids:
        raise CorroboratorError(f"name the claims to split off claim group '{group_id}'")
    strangers = [claim for claim in claim_ids if claim not in group.claim_ids]
    if strangers:
        raise CorroboratorError(
            f"not in claim group '{group_id}': {', '.join(strangers)} (its claims are listed on its page)"
        )
    if set(claim_ids) >= set(group.claim_ids):
        raise CorroboratorError(
            f"splitting every claim off claim group '{group_id}' leaves it empty: name fewer"
        )
    return store.add_correction(
        connection,
        group.story_id,
        CorrectionKind.SPLIT,
        list(dict.fromkeys(claim_ids)),
        by=_who(by),
        reason=reason.strip(),
    )


def move(
    connection: Connection, claim_id: str, group_id: str, *, by: str, reason: str = ""
) -> GroupCorrection:
    """The claim leaves its group for GROUP (of the same story)."""
    target = _group(connection, group_id)
    home = next((g for g in iter_claim_groups(connection, target.story_id) if claim_id in g.claim_ids), None)
    if home is None:
        raise CorroboratorError(
            f"claim '{claim_id}' is in no claim group of story '{target.story_id}': a claim moves only "
            "between groups of its own story"
        )
    if home.id == target.id:
        raise CorroboratorError(f"claim '{claim_id}' is already in claim group '{group_id}'")
    return store.add_correction(
        connection,
        target.story_id,
        CorrectionKind.MOVE,
        [claim_id],
        targets=target.claim_ids,
        by=_who(by),
        reason=reason.strip(),
    )


def same_source(
    connection: Connection, group_id: str, first: str, second: str, *, by: str, reason: str = ""
) -> GroupCorrection:
    """Origins FIRST and SECOND are one source: across the story, SECOND counts as FIRST."""
    group = _group(connection, group_id)
    if first == second:
        raise CorroboratorError(f"origin '{first}' is given twice: name two different origins")
    known = {origin for g in iter_claim_groups(connection, group.story_id) for origin in g.origins}
    missing = [origin for origin in (first, second) if origin not in known]
    if missing:
        raise CorroboratorError(
            f"no origin '{missing[0]}' in the story of claim group '{group_id}': give an origin as its page "
            "lists it"
        )
    return store.add_correction(
        connection,
        group.story_id,
        CorrectionKind.SAME_SOURCE,
        group.claim_ids,
        origins=[first, second],
        by=_who(by),
        reason=reason.strip(),
    )


def set_verdict(
    connection: Connection, group_id: str, verdict: str, *, by: str, reason: str
) -> GroupCorrection:
    """The group's verdict is VERDICT, for the reason given (which is required)."""
    choices = ", ".join(v.value for v in Verdict)
    try:
        chosen = Verdict(verdict.strip())
    except ValueError as error:
        raise CorroboratorError(f"'{verdict}' is no verdict: use one of {choices}") from error
    group = _group(connection, group_id)
    if not reason.strip():
        raise CorroboratorError(f"a verdict set by hand on claim group '{group_id}' needs a reason: say why")
    return store.add_correction(
        connection,
        group.story_id,
        CorrectionKind.VERDICT,
        group.claim_ids,
        verdict=chosen,
        by=_who(by),
        reason=reason.strip(),
    )


def mark_reviewed(connection: Connection, group_id: str, *, by: str, reason: str = "") -> GroupCorrection:
    """A person has checked the group (and says so, with a note if they like)."""
    group = _group(connection, group_id)
    return store.add_correction(
        connection,
        group.story_id,
        CorrectionKind.REVIEWED,
        group.claim_ids,
        by=_who(by),
        reason=reason.strip(),
    )


def realign(connection: Connection, settings: Settings, correction: GroupCorrection) -> GroupCorrection:
    """Align the correction's story again now (as `corroborator analyze` would), and return
    the correction with where it holds, or why it does not."""
    from corroborator.align.stage import AlignStage

    stage = AlignStage(settings)
    story_id = correction.story_id
    fingerprint = inputs.story_fingerprints(connection, stage.version).get(story_id)
    if fingerprint is not None:
        stage.commit_story(connection, story_id, fingerprint, stage.compute_story(connection, story_id))
    return next(c for c in store.iter_corrections(connection) if c.id == correction.id)


def correct(
    connection: Connection,
    group_id: str,
    kind: str,
    *,
    by: str,
    reason: str = "",
    other: str = "",
    claims: Sequence[str] = (),
    origins: Sequence[str] = (),
    verdict: str = "",
) -> GroupCorrection:
    """One correction of claim group GROUP_ID by name, as the web app and the API take it:
    ``merge`` (OTHER joins it), ``split`` (CLAIMS leave it), ``move`` (the one claim in
    CLAIMS joins it), ``same-source`` (the two ORIGINS are one), ``verdict``, ``reviewed``."""
    wanted = kind.strip()
    if wanted == CorrectionKind.MERGE:
        return merge(connection, group_id, other.strip(), by=by, reason=reason)
    if wanted == CorrectionKind.SPLIT:
        return split(connection, group_id, claims, by=by, reason=reason)
    if wanted == CorrectionKind.MOVE:
        if len(claims) != 1:
            raise CorroboratorError(
                f"name one claim to move into claim group '{group_id}' (given {len(claims)})"
            )
        return move(connection, claims[0], group_id, by=by, reason=reason)
    if wanted == CorrectionKind.SAME_SOURCE:
        if len(origins) != 2:
            raise CorroboratorError(f"name the two origins that are one source (given {len(origins)})")
        return same_source(connection, group_id, origins[0], origins[1], by=by, reason=reason)
    if wanted == CorrectionKind.VERDICT:
        return set_verdict(connection, group_id, verdict, by=by, reason=reason)
    if wanted == CorrectionKind.REVIEWED:
        return mark_reviewed(connection, group_id, by=by, reason=reason)
    kinds = ", ".join(k.value for k in CorrectionKind)
    raise CorroboratorError(f"'{kind}' is no kind of correction: use one of {kinds}")
