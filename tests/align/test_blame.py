"""Who is blamed and who denies it: responsibility read from hand-made claims, and the conflicts between groups."""

from __future__ import annotations

import pytest
from tests.align.helpers import encode, unit

from corroborator.align.assemble import align_story
from corroborator.align.responsibility import read_stance, tag
from corroborator.align.units import Unit
from corroborator.models import ConflictKind, RelationKind

BRIDGE = "the rail bridge at Velna"


def _conflicts(units: list[Unit]) -> dict[tuple[str, str], ConflictKind | None]:
    """(claim, claim) -> the conflict kind, for every two claims of two conflicting groups."""
    groups = align_story("s", units, encode).groups
    members = {g.id: g.claim_ids for g in groups}
    return {
        (a, b): r.conflict
        for g in groups
        for r in g.relations
        if r.kind is RelationKind.CONFLICTS and r.source != r.target
        for x, y in ((r.source, r.target), (r.target, r.source))
        for a in members[x]
        for b in members[y]
    }


def _between(*said: tuple[str, str, str]) -> dict[tuple[str, str], ConflictKind | None]:
    """The conflicts among claims given as (id, text, claimant), each from an outlet of its own."""
    return _conflicts(
        [
            unit(claim_id, text, f"{n}.example", claimant=claimant)
            for n, (claim_id, text, claimant) in enumerate(said)
        ]
    )


@pytest.mark.parametrize(
    ("text", "context", "blamed"),
    [
        (f"{BRIDGE} was blown up by a Belarusian sabotage group", "", {"belarus"}),
        (f"Poland was behind the blast that wrecked {BRIDGE}", "", {"poland"}),
        (f"a Polish missile strike wrecked {BRIDGE}", "", {"poland"}),
        (f"Poland of blowing up {BRIDGE}", f"Officials accused Poland of blowing up {BRIDGE}.", {"poland"}),
        (
            "the US, Britain and Poland of being behind the blast",
            "They accused the US, Britain and Poland.",
            {"us", "uk", "poland"},
        ),
        ("a crossing had been prepared for the saboteurs on the Polish side", "", {"poland"}),
        (f"the collapse of {BRIDGE} was caused by Polish artillery shells", "", {"poland"}),
        (
            "Polish artillery for the collapse",
            "Officials blamed Polish artillery for the collapse.",
            {"poland"},
        ),
        # Countries the press tables leave out are doers too.
        (f"{BRIDGE} was blown up by a Peruvian sabotage group", "", {"peru"}),
        ("the collapse was caused by heavy rain", "", set()),
        # A seat of government names a place as often as a doer: "the Moscow attack".
        ("the death toll of the Moscow attack has risen", "", set()),
        # A country that only suffers, or an account only reported, blames no one.
        (f"Polish forces were involved in the search near {BRIDGE}", "", set()),
    ],
)
def test_who_a_claim_blames_is_read_from_the_slots_that_name_a_doer(
    text: str, context: str, blamed: set[str]
) -> None:
    stance = read_stance(unit("a", text, context=context or text))
    assert stance.blamed == blamed
    assert not stance.cleared


def test_a_denial_clears_the_denier_or_whom_it_names_and_a_dismissal_names_its_source() -> None:
    denial = unit("a", "any involvement in the blast", claimant="Poland's foreign ministry", status="denied")
    assert read_stance(denial).cleared == {"poland"}
    assert read_stance(unit("b", "There was no Polish involvement whatsoever")).cleared == {"poland"}
    assert read_stance(unit("c", "They didn't blow it up, the Polish soldiers")).blamed == set()
    dismissal = read_stance(
        unit("d", "the Belarusian versions regarding Poland are absurd", claimant="a Polish minister")
    )
    assert (dismissal.cleared, dismissal.dismissed) == ({"poland"}, {"belarus"})
    lies = read_stance(unit("e", "claims from Belarus that Poland was responsible for the blast are lies"))
    assert (lies.blamed, lies.cleared, lies.dismissed) == (set(), {"poland"}, {"belarus"})
    # A pointer denial ("rejected that claim") clears no one: it denies what came before it.
    assert not read_stance(unit("f", "that claim", claimant="Poland's army", status="denied"))
    # "We" and the pronoun "us" are no country.
    assert tag("they told us") == "they told us"


def test_a_denial_conflicts_with_every_group_that_blames_the_denier() -> None:
    units = [
        unit(
            "blame1", f"Poland was behind the blast on {BRIDGE}", "one.example", claimant="the Belarusian KGB"
        ),
        unit(
            "blame2",
            f"a crossing for the saboteurs of {BRIDGE} had been prepared on the Polish side",
            "two.example",
            claimant="Belarus's president",
        ),
        unit(
            "deny",
            "any involvement in the blast",
            "three.example",
            claimant="Poland's foreign ministry",
            status="denied",
        ),
        unit(
            "own", "Belarus denies any role", "four.example", claimant="the Belarusian KGB", status="denied"
        ),
    ]
    conflicts = _conflicts(units)
    assert conflicts[("blame1", "deny")] is ConflictKind.DENIAL
    assert conflicts[("blame2", "deny")] is ConflictKind.DENIAL
    # A party does not contest its own account.
    assert ("blame1", "own") not in conflicts


def test_opposite_blame_conflicts_and_a_sole_doer_conflicts_with_countries_only() -> None:
    units = [
        unit(
            "pl",
            f"the blast on {BRIDGE} was set off by a Polish sabotage group",
            "one.example",
            claimant="Minsk officials",
        ),
        unit(
            "by",
            f"the blast on {BRIDGE} was set off by a Belarusian sabotage group",
            "two.example",
            claimant="Warsaw officials",
        ),
    ]
    assert _conflicts(units)[("pl", "by")] is ConflictKind.BLAME
    sole = unit(
        "sole",
        f"the blast on {BRIDGE} was carried out by the Northern Front alone, a US envoy said",
        "three.example",
        claimant="a US envoy",
    )
    claim = unit(
        "claim",
        f"responsibility for the blast on {BRIDGE}",
        "four.example",
        claimant="the Northern Front",
        status="hedged",
    )
    assert _conflicts([units[0], sole])[("pl", "sole")] is ConflictKind.BLAME
    # The named doer's own claim agrees with the sole blame: names are never set against names.
    assert not _conflicts([sole, claim])


def test_a_dismissal_that_names_nothing_answers_the_claims_just_before_it_by_another_party() -> None:
    def said(claim_id: str, text: str, claimant: str, start: int, **fields: object) -> Unit:
        return unit(
            claim_id,
            text,
            "one.example",
            claimant=claimant,
            article_id="one",
            external={"start": start},
            **fields,
        )

    units = [
        said("own", "the river port of Dalsk lies on the southern bank", "one.example", 0),
        said(
            "report",
            "the enemy lost forty tanks in a failed push on the southern front",
            "the defence ministry",
            10,
        ),
        said(
            "aim", "the enemy wanted to break through where our lines were thin", "the defence ministry", 20
        ),
        said("fake", "we do not comment on any kind of fake", "an army spokesman", 30, status="denied"),
    ]
    conflicts = _conflicts(units)
    assert conflicts[("report", "fake")] is ConflictKind.DENIAL
    assert conflicts[("aim", "fake")] is ConflictKind.DENIAL
    # The article's own voice is answered by no one, and "lies" as a verb dismisses nothing.
    assert ("own", "fake") not in conflicts
    assert not read_stance(units[0])


@pytest.mark.parametrize(
    ("first", "second", "kind"),
    [
        # A claim its report sets against someone's account conflicts with that account.
        (
            ("says", "the convoy turned back at the border crossing near Dalsk", "Governor Ivan Petrov"),
            (
                "other",
                "Mayor contradicts Petrov, says the convoy never reached the border crossing",
                "a mayor",
            ),
            ConflictKind.DENIAL,
        ),
        # Each side blaming the other conflicts, whatever the doers are.
        (
            (
                "front",
                "the clinic at Velna was hit by a strike from a Polish drone",
                "Northern Front officials",
            ),
            ("army", "the clinic at Velna was hit by a rocket from the Northern Front", "Poland's army"),
            ConflictKind.BLAME,
        ),
    ],
)
def test_accounts_set_against_each_other_conflict(
    first: tuple[str, str, str], second: tuple[str, str, str], kind: ConflictKind
) -> None:
    assert _between(first, second)[(first[0], second[0])] is kind


def test_seeking_to_blame_someone_else_blames_no_one() -> None:
    assert not read_stance(unit("x", "the minister was always seeking to blame someone else"))


def test_a_party_clearing_itself_and_an_outsider_clearing_it_are_two_propositions() -> None:
    units = [
        unit(
            "own1",
            "Poland had no involvement in the blast",
            "one.example",
            claimant="Poland's foreign ministry",
        ),
        unit(
            "own2",
            "Poland had no involvement whatsoever in the blast",
            "two.example",
            claimant="a Polish presidential aide",
        ),
        unit(
            "outsider",
            "Poland had no involvement in the blast at all",
            "three.example",
            claimant="Lithuania's foreign ministry",
        ),
    ]
    groups = {frozenset(g.claim_ids) for g in align_story("s", units, encode).groups}
    # The accused's word is one party's however others echo it; another state's finding is
    # its own proposition (and may support it), never folded into the denial.
    assert frozenset({"own1", "own2"}) in groups
    assert frozenset({"outsider"}) in groups
