"""Origins of echoed and opinion claims, and when a conflict leaves a group corroborated."""

from __future__ import annotations

import pytest
from tests.align.helpers import encode, quantity, unit

from corroborator.align.assemble import align_story
from corroborator.align.origins import headline
from corroborator.align.units import Unit
from corroborator.align.verdicts import exchange, support
from corroborator.models import Verdict

FIGURE = "air defences shot down 38 drones over the border district on Sunday"
COMMANDER = "Colonel Pavel Sorin"


def _drones(key: str, outlet: str, **fields: object) -> Unit:
    return unit(
        key,
        FIGURE,
        outlet,
        copy_group=f"cg-{outlet}",
        quantities=(quantity(38, "drones", "shot down"),),
        **fields,
    )


def test_an_outlet_restating_the_source_its_article_quotes_is_no_second_origin() -> None:
    units = [
        _drones("a", "one.example", claimant=COMMANDER),
        # Two.example's lede states the figure itself; the same article quotes the colonel.
        _drones(
            "b",
            "two.example",
            claimant="two.example",
            chain=("two.example",),
            status="asserted",
            article_id="two",
        ),
        unit(
            "c",
            "the raid was beaten off within an hour",
            "two.example",
            claimant=COMMANDER,
            copy_group="cg-two.example",
            article_id="two",
        ),
    ]
    group = next(g for g in align_story("s", units, encode).groups if "b" in g.claim_ids)
    assert group.n_origins == 1
    assert group.n_articles == 2
    assert group.verdict is Verdict.SINGLE_PARTY
    # An outlet that quotes nobody in its article but states what the group attributes to
    # the colonel retells the colonel's figure: still one origin (one party's word).
    alone = [units[0], units[1]]
    [group] = align_story("s", alone, encode).groups
    assert group.n_origins == 1
    assert group.verdict is Verdict.SINGLE_PARTY
    # Two outlets stating it with no source named are two origins of their own reporting.
    own = [
        _drones("d", "three.example", claimant="three.example", chain=("three.example",), status="asserted"),
        units[1],
    ]
    [group] = align_story("s", own, encode).groups
    assert group.n_origins == 2
    assert group.verdict is Verdict.CORROBORATED


def test_origins_of_no_known_side_confirm_nothing_alone() -> None:
    units = [
        _drones("a", "one.example", claimant="Colonel Pavel Sorin"),
        _drones("b", "two.example", claimant="Marta Kovalenko, a resident"),
        _drones("c", "three.example", claimant="(unnamed)"),
    ]
    [group] = align_story("s", units, encode).groups
    assert group.n_origins == 2  # the unnamed source is no origin
    assert group.verdict is Verdict.SINGLE_PARTY
    assert "of no known side: not shown to be independent" in group.reasons[0]
    known = [units[0], _drones("d", "four.example", claimant="Ukraine's air force")]
    [group] = align_story("s", known, encode).groups
    assert group.verdict is Verdict.SINGLE_PARTY
    assert "every known one ukraine-state, and 1 of no known side" in group.reasons[0]
    both = [*known, _drones("e", "five.example", claimant="Polish officials")]
    [group] = align_story("s", both, encode).groups
    assert group.verdict is Verdict.CORROBORATED
    assert "poland-state, ukraine-state" in group.reasons[0]


def test_an_opinion_piece_repeating_a_figure_adds_no_origin() -> None:
    units = [
        _drones("a", "one.example", claimant=COMMANDER),
        _drones("b", "blog.example", claimant="the colonel", status="hedged", genre="opinion"),
    ]
    [group] = align_story("s", units, encode).groups
    assert group.n_origins == 1


def test_a_claim_confirmed_across_sides_stays_corroborated_against_one_party() -> None:
    harm = "two children were killed when a missile hit their school in Rivne"
    units = [
        unit("a", harm, "one.example", claimant="Ukraine's emergency service", copy_group="cg1"),
        unit("b", harm, "two.example", claimant="independent monitors", copy_group="cg2"),
        unit(
            "c",
            "targeting civilians",
            "three.example",
            claimant="Russia's Defence Ministry",
            status="denied",
            denials=("denied",),
            copy_group="cg3",
        ),
    ]
    groups = align_story("s", units, encode).groups
    reported = next(g for g in groups if "a" in g.claim_ids)
    denial = next(g for g in groups if "c" in g.claim_ids)
    assert reported.verdict is Verdict.CORROBORATED
    assert any("conflict" in reason for reason in reported.reasons)
    assert denial.verdict is Verdict.DISPUTED


def test_a_source_named_in_a_headline_is_no_origin() -> None:
    headline = "Harbour Board Denies Fault, Blames Dockers For Crane Collapse"
    units = [
        _drones("a", "one.example", claimant="Colonel Pavel Sorin"),
        _drones("b", "two.example", claimant="Harbour Board Denies Fault", context=headline),
    ]
    [group] = align_story("s", units, encode).groups
    assert group.n_origins == 1
    assert any("speaks in a headline" in reason for reason in group.reasons)


@pytest.mark.parametrize(
    ("sentence", "is_headline"),
    [
        ("Harbour Board Denies Fault, Blames Dockers For Crane Collapse", True),
        ("Mayor Says Quay Will Reopen", True),
        ("The harbour board denied fault on Monday.", False),
        ("President Ilse Brandt said on Monday that the quay would reopen", False),
        ("", False),
    ],
)
def test_what_is_a_headline(sentence: str, is_headline: bool) -> None:
    assert headline(sentence) is is_headline


def test_a_fragment_or_the_word_that_two_sides_spoke_confirms_nothing_beside_a_statement() -> None:
    sides = {"the Russian president": "russia-state", "the Chilean president's office": "chile-state"}
    both = support(["attributed"] * 3, ["news"] * 3, 3, sides)
    assert both.verdict is Verdict.CORROBORATED
    # The Chilean office only said that the two presidents spoke: the Russian president's
    # words stand on his side alone.
    held = support(["attributed"] * 3, ["news"] * 3, 3, sides, frozenset({"the Chilean president's office"}))
    assert held.verdict is Verdict.SINGLE_PARTY
    assert "only through a fragment" in held.reason
    # A group held only through fragments keeps its origins.
    alone = support(["attributed"] * 3, ["news"] * 3, 3, sides, frozenset(sides))
    assert alone.verdict is Verdict.CORROBORATED


@pytest.mark.parametrize(
    ("text", "spoke"),
    [
        ("that Ana Ruiz and Tomas Wirth discussed the situation at the port", True),
        ("the two leaders held a lengthy phone call", True),
        ("Chile and Peru had 40 ships in the port", False),
        ("the ministry had said 40 drones were downed", False),
    ],
)
def test_what_says_only_that_two_parties_spoke(text: str, spoke: bool) -> None:
    assert exchange(text) is spoke


def test_a_site_the_story_describes_as_a_state_agency_speaks_for_that_state_in_its_own_voice() -> None:
    own = {"status": "asserted", "claimant": "velta.example", "chain": ("velta.example",)}
    units = [
        unit(
            "a",
            "the reservoir at Velna fell by two metres overnight",
            "velta.example",
            copy_group="c1",
            **own,
        ),
        unit(
            "b",
            "the new ferry service between the two harbours would open in spring",
            "desk.example",
            claimant="Russia's state news agency Velta",
            copy_group="c2",
        ),
    ]
    groups = align_story("s", units, encode).groups
    [voice] = [m for g in groups for m in g.members if m.claim_id == "a"]
    assert voice.party == "russia-state"
    # With no such description the site's own voice is an independent outlet's.
    [alone] = align_story("s", units[:1], encode).groups
    assert alone.members[0].party == "independent"
