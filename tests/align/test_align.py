"""Alignment on hand-made claims: grouping, conflicts, origins, parties, verdicts, bad input."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from tests.align.helpers import encode, numeric_conflict, quantity, unit

from corroborator.align.assemble import EntityFacts, align_story
from corroborator.align.grouping import group_units, quantity_match
from corroborator.align.origins import Resolver, carried_origins, fold_name
from corroborator.align.parties import PartyMap, claimant_party, load_party_map, outlet_party
from corroborator.align.responsibility import read_stance
from corroborator.errors import ConfigError
from corroborator.models import ConflictKind, RelationKind, Verdict

MINISTRY = "the Russian Defence Ministry"


def _ministry_copies() -> list[object]:
    q = quantity(120, "drones", "shot down")
    return [
        unit(
            f"c{i}",
            "air defences shot down 120 drones over the border region overnight",
            outlet,
            claimant=MINISTRY,
            copy_group=f"cg-{outlet}",
            quantities=(q,),
        )
        for i, outlet in enumerate(["one.example", "two.example", "three.example"])
    ]


def test_one_claimant_carried_by_three_outlets_is_one_group_with_one_origin() -> None:
    units = _ministry_copies()
    [group] = align_story("s", units, encode).groups  # type: ignore[arg-type]
    assert sorted(group.claim_ids) == ["c0", "c1", "c2"]
    assert (group.n_articles, group.n_copy_groups, group.n_origins) == (3, 3, 1)
    assert group.verdict is Verdict.SINGLE_PARTY
    assert group.parties == ["russia-state"]
    assert group.reasons[0].startswith("support: single-party")


def test_a_different_count_of_the_same_thing_is_a_numeric_conflict_not_the_same_group() -> None:
    units = [
        *_ministry_copies(),
        unit(
            "d",
            "only 30 drones were shot down over the border region overnight",
            "kyiv.example",
            claimant="Ukraine's air force",
            copy_group="cg-kyiv",
            quantities=(quantity(30, "drones", "shot down"),),
        ),
    ]
    groups = align_story("s", units, encode).groups  # type: ignore[arg-type]
    assert len(groups) == 2
    [relation] = {r for g in groups for r in g.relations if r.kind is RelationKind.CONFLICTS}
    assert relation.conflict is ConflictKind.NUMERIC
    assert all(g.verdict is Verdict.DISPUTED for g in groups)
    assert all(g.reasons[0].startswith("support:") for g in groups)


def test_a_total_and_its_parts_do_not_conflict() -> None:
    total = quantity(367, "weapons", "fired", id="total", parts=("p1", "p2"))
    missiles, drones = quantity(69, "missiles", "fired", id="p1"), quantity(298, "drones", "fired", id="p2")
    a = unit(
        "a",
        "Russia fired 69 missiles and 298 drones, 367 weapons in all",
        quantities=(missiles, drones, total),
    )
    b = unit(
        "b",
        "in all 367 weapons were fired overnight",
        claimant="the air force",
        quantities=(quantity(367, "weapons", "fired"),),
    )
    assert numeric_conflict(total, a, quantity(367, "weapons", "fired", id="x"), b, 0.9) is None
    # A figure that is the sum of two others of its article is a total even when not linked.
    summed = quantity(367, "weapons", "fired", id="sum")
    stated = unit(
        "c", "69 missiles and 298 drones were fired, 367 weapons", quantities=(missiles, drones, summed)
    )
    assert numeric_conflict(summed, stated, quantity(69, "weapons", "fired", id="y"), a, 0.9) is None
    other = quantity(500, "weapons", "fired", id="z")
    assert numeric_conflict(quantity(367, "weapons", "fired", id="w"), b, other, a, 0.9) is not None


def test_no_more_can_be_shot_down_than_flew_and_a_vague_word_reconciles() -> None:
    downed = unit(
        "a",
        "his units shot down 46 drones during the visit",
        quantities=(quantity(46, "drones", "shot down"),),
    )
    flew = unit("b", "fewer than 20 drones flew toward the region during the visit", claimant="an officer")
    few = quantity(None, "drones", "flown", bound="upper", high=20.0)
    assert numeric_conflict(downed.quantities[0], downed, few, flew, 0.5) is not None
    dozens = quantity(None, "drones", "shot down", bound="range", low=24.0, high=99.0, vague=True)
    assert numeric_conflict(downed.quantities[0], downed, dozens, flew, 0.9) is None


def test_counts_on_different_days_do_not_conflict() -> None:
    friday = quantity(390, "people", "released", window=("2025-05-23", "2025-05-23"))
    sunday = quantity(303, "people", "released", window=("2025-05-25", "2025-05-25"))
    a, b = unit("a", "390 people were released on Friday"), unit("b", "303 people were released on Sunday")
    assert numeric_conflict(friday, a, sunday, b, 0.9) is None


def test_a_denial_conflicts_with_the_claim_it_denies() -> None:
    units = [
        unit(
            "a",
            "the drones were sent to attack the presidential helicopter over the region",
            "one.example",
            claimant=MINISTRY,
            copy_group="cg1",
        ),
        unit(
            "b",
            "that drones were sent to attack the presidential helicopter",
            "two.example",
            claimant="Ukraine's General Staff",
            status="denied",
            denials=("denied",),
            copy_group="cg2",
        ),
    ]
    groups = align_story("s", units, encode).groups  # type: ignore[arg-type]
    assert len(groups) == 2
    kinds = {r.conflict for g in groups for r in g.relations}
    assert kinds == {ConflictKind.DENIAL}
    denial = next(g for g in groups if "b" in g.claim_ids)
    assert denial.parties == ["ukraine-state"]


def test_a_denial_that_points_back_denies_the_claim_just_before_it() -> None:
    said = [
        ("a", "the port authority", "the harbour had been cleared of mines by the navy divers", 0, 60),
        ("b", "the fishermen's union", "that claim", 70, 80),
        ("c", "the fishermen's union", "mines were still being found near the harbour entrance", 90, 150),
        (
            "d",
            "the port authority",
            "ferries would resume their crossings from the harbour on Monday",
            160,
            220,
        ),
    ]
    units = [
        replace(
            unit(
                key,
                text,
                "coast.example",
                claimant=claimant,
                status="denied" if key == "b" else "attributed",
                denials=("rejected",) if key == "b" else (),
                article_id="art-1",
                context="The fishermen's union rejected that claim, saying mines were still being found.",
            ),
            external={"start": start, "end": end},
        )
        for key, claimant, text, start, end in said
    ]
    groups = align_story("s", units, encode).groups  # type: ignore[arg-type]
    by_claim = {claim: g.id for g in groups for claim in g.claim_ids}
    denials = {(r.source, r.target) for g in groups for r in g.relations if r.conflict is ConflictKind.DENIAL}
    # "rejected that claim" denies the port authority's claim before it, not the union's own
    # next words, however alike they are.
    assert denials == {(by_claim["a"], by_claim["b"])}


def test_asserted_by_one_outlet_and_called_unverified_by_another_is_noted() -> None:
    units = [
        unit(
            "a",
            "air defences shot down 46 drones over the region",
            "state.example",
            claimant="state.example",
            chain=("state.example",),
            status="asserted",
            copy_group="cg1",
        ),
        unit(
            "b",
            "air defences shot down 46 drones over the region, which could not be verified",
            "desk.example",
            claimant="desk.example",
            chain=("desk.example",),
            status="hedged",
            hedges=("could not be verified",),
            copy_group="cg2",
        ),
    ]
    [group] = align_story("s", units, encode).groups  # type: ignore[arg-type]
    [relation] = group.relations
    assert relation.conflict is ConflictKind.STATUS
    assert any("called unverified by desk.example" in reason for reason in group.reasons)
    # The hedged sentence in the outlet's own voice names no source: no second origin.
    assert group.n_origins == 1


def test_opinion_only() -> None:
    units = [
        unit(
            "a",
            "I am convinced the raid was a display of weakness",
            "blog.example",
            claimant="blog.example",
            chain=("blog.example",),
            status="opinion",
            genre="opinion",
        ),
    ]
    [group] = align_story("s", units, encode).groups  # type: ignore[arg-type]
    assert group.verdict is Verdict.OPINION_ONLY


def test_independent_outlets_in_their_own_voice_corroborate() -> None:
    text = "the bridge over the river collapsed on Tuesday morning after heavy rain"
    units = [
        unit(f"c{i}", text, outlet, claimant=outlet, chain=(outlet,), status="asserted", copy_group=f"cg{i}")
        for i, outlet in enumerate(["one.example", "two.example"])
    ]
    [group] = align_story("s", units, encode).groups  # type: ignore[arg-type]
    assert group.verdict is Verdict.CORROBORATED
    assert group.n_origins == 2


def test_nested_claimants_and_entities_collapse_into_one_origin() -> None:
    entities = {"e1": EntityFacts("Yuri Dashkin", ("Yuriy Dashkin", "Dashkin"), ("Russian general",))}
    units = [
        unit(
            "a",
            "his crews shot down 46 drones during the visit",
            "one.example",
            claimant="Maj Gen Yuriy Dashkin",
            chain=("Maj Gen Yuriy Dashkin", "one.example"),
            copy_group="cg1",
        ),
        unit(
            "b",
            "his crews shot down 46 drones during the visit",
            "two.example",
            claimant="Dashkin",
            chain=("Dashkin", "Astra", "two.example"),
            source_resolved="Yuri Dashkin",
            copy_group="cg2",
        ),
    ]
    [group] = align_story("s", units, encode, names={"Yuri Dashkin": "e1"}, entities=entities).groups  # type: ignore[arg-type]
    assert group.origins == ["Yuri Dashkin"]
    assert group.parties == ["russia-state"]
    assert group.verdict is Verdict.SINGLE_PARTY


def test_a_description_joins_the_one_person_of_its_role_named_in_its_article() -> None:
    descriptions = {"e1": ("Colonel",), "e2": ("Foreign Minister",)}
    named = unit(
        "a",
        "the pass was closed",
        claimant="Colonel Lena Varga, commander of the mountain artillery brigade",
        source_mentions=(("e1", "PERSON", "Lena Varga"),),
        article_id="art-1",
    )
    lede = unit(
        "b",
        "the pass was closed",
        claimant="a senior artillery officer",
        article_id="art-1",
        article_people=("e1", "e2"),
    )
    stranger = unit(
        "c",
        "the pass was open",
        claimant="a navy intelligence officer",
        article_id="art-1",
        article_people=("e1", "e2"),
    )
    bare = unit(
        "d", "the pass was closed", claimant="an officer", article_id="art-1", article_people=("e1", "e2")
    )
    resolver = Resolver(
        [named, lede, stranger, bare], {"e1": "Lena Varga", "e2": "Marek Tolsky"}, {}, descriptions
    )
    # "artillery" is what she commands; an officer of other work, or one described by rank
    # alone, may be someone else and keeps an origin of its own.
    assert resolver.origin(lede).key == resolver.origin(named).key == "entity:e1"
    assert resolver.origin(stranger).key == "name:navy intelligence officer"
    assert resolver.origin(bare).key == "name:officer"


def test_an_outer_report_takes_the_origin_of_the_report_nested_in_it() -> None:
    text = "the commander claimed the bridge held"
    outer = unit("a", text, claimant="Radio Pella", chain=("Radio Pella", "wire.example"), article_id="art-1")
    outer = replace(outer, external={"start": 0, "end": 60})
    inner = unit(
        "b",
        "the bridge held",
        claimant="General Ivo Mark",
        chain=("General Ivo Mark", "Radio Pella", "wire.example"),
        article_id="art-1",
    )
    inner = replace(inner, external={"start": 40, "end": 60})
    denial = unit("c", "the bridge held", claimant="the army", status="denied", article_id="art-1")
    denial = replace(denial, chain=("the army", "wire.example"), external={"start": 0, "end": 60})
    units = [outer, inner, denial]
    resolver = Resolver(units, {}, {})
    origins = carried_origins(units, [resolver.origin(u) for u in units])
    assert origins[0].key == origins[1].key == "name:general ivo mark"
    # A denial of what someone said is the denier's own claim.
    assert origins[2].key == "name:army"


def test_names_fold_so_that_one_ministry_is_one_origin() -> None:
    assert fold_name("Russia's Defence Ministry") == fold_name("The Russian Defence Ministry")
    units = [
        unit("a", "x y z", claimant="the Defence Ministry"),
        unit("b", "x y z", claimant="Russia's Defence Ministry"),
    ]
    resolver = Resolver(units, {}, {})  # type: ignore[arg-type]
    assert resolver.origin(units[0]).key == resolver.origin(units[1]).key  # type: ignore[arg-type]


def test_parties_from_descriptors_and_the_users_file(tmp_path: Path) -> None:
    markers = PartyMap()
    assert claimant_party(["Ukraine's air force"], [], markers)[0] == "ukraine-state"
    assert claimant_party(["the Kremlin"], [], markers)[0] == "russia-state"
    assert claimant_party(["Norway\u2019s representative"], [], markers)[0] == "norway-state"
    assert claimant_party(["a Chilean delegation"], [], markers)[0] == "chile-state"
    assert claimant_party(["Sergei Lavrov"], ["Foreign Minister"], markers)[0] is None
    assert outlet_party("paper.example", None, None, markers) == "independent"
    file = tmp_path / "parties.toml"
    file.write_text(
        '[claimants]\n"Sergei Lavrov" = "russia-state"\n[outlets]\n"tv.example" = "russia-state"\n'
    )
    user = load_party_map(file)
    assert claimant_party(["Sergei Lavrov"], [], user)[0] == "russia-state"
    assert outlet_party("tv.example", None, None, user) == "russia-state"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[claimants\n", "is not valid TOML"),
        ("[people]\n", "unknown table(s) people"),
        ('[claimants]\n"x" = 3\n', "must map to a party name"),
    ],
)
def test_a_bad_party_file_gives_one_line_naming_it(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "parties.toml"
    file.write_text(content)
    with pytest.raises(ConfigError) as caught:
        load_party_map(file)
    assert message in str(caught.value)
    assert str(file) in str(caught.value)
    assert "\n" not in str(caught.value)
    with pytest.raises(ConfigError, match="cannot be read"):
        load_party_map(tmp_path / "missing.toml")


# ---- bad input -------------------------------------------------------------------------


def test_a_story_of_one_article_gives_single_source_groups() -> None:
    units = [
        unit("a", "the dam was breached on Monday night", claimant="the governor", copy_group="cg1"),
        unit(
            "b",
            "thousands of residents were evacuated from the valley",
            claimant="the governor",
            copy_group="cg1",
            article_id="article-a",
        ),
    ]
    groups = align_story("s", units, encode).groups  # type: ignore[arg-type]
    assert {g.verdict for g in groups} == {Verdict.SINGLE_SOURCE}


def test_claims_with_no_entities_and_numbers_with_no_counted_thing_still_align() -> None:
    odd = quantity(12, "", "", id="bare")
    units = [
        unit("a", "the water rose 12 during the storm on the coast", quantities=(odd,), copy_group="cg1"),
        unit(
            "b",
            "the water rose 12 during the storm on the coast",
            "two.example",
            quantities=(odd,),
            copy_group="cg2",
        ),
    ]
    [group] = align_story("s", units, encode).groups  # type: ignore[arg-type]
    assert group.n_articles == 2


def test_a_pronoun_claimant_with_no_antecedent_counts_under_no_origin_with_a_reason() -> None:
    units = [
        unit(
            "a",
            "the convoy was turned back at the border crossing",
            claimant="he",
            chain=("he", "one.example"),
            copy_group="cg1",
        ),
        unit(
            "b",
            "the convoy was turned back at the border crossing",
            "two.example",
            claimant="the customs service",
            copy_group="cg2",
        ),
    ]
    [group] = align_story("s", units, encode).groups  # type: ignore[arg-type]
    assert group.n_origins == 1
    assert [m.origin for m in group.members if m.claim_id == "a"] == ["none"]
    assert any("pronoun with no antecedent" in reason for reason in group.reasons)


def test_empty_and_too_short_claims_are_left_unaligned_with_a_reason() -> None:
    units = [
        unit("a", "", context=""),
        unit("b", "Europe", context="Europe"),
        unit("c", "the port reopened on Friday"),
    ]
    found = align_story("s", units, encode)  # type: ignore[arg-type]
    assert [g.claim_ids for g in found.groups] == [["c"]]
    assert len(found.notes) == 2
    assert all("left unaligned" in note for note in found.notes)
    assert align_story("s", [], encode).groups == []


def test_a_story_of_hundreds_of_articles_is_grouped_without_all_pairs() -> None:
    units = []
    for i in range(400):
        topic = i % 40
        units.append(
            unit(
                f"c{i:03d}",
                f"event {topic} word{topic} thing{topic} happened in place{topic}",
                f"o{i}.example",
                claimant=f"official {topic}",
                copy_group=f"cg{i}",
            )
        )
    grouping = group_units(units, encode)  # type: ignore[arg-type]
    assert len(grouping.groups) == 40
    assert len(grouping.scores) < 400 * 399 / 2 / 10


def test_a_large_story_finds_its_candidates_through_buckets(monkeypatch: pytest.MonkeyPatch) -> None:
    import corroborator.align.grouping as grouping

    monkeypatch.setattr(grouping, "EXACT_LIMIT", 10)
    units = [
        unit(
            f"c{i:03d}",
            f"event {i % 20} word{i % 20} thing{i % 20} happened in place{i % 20}",
            f"o{i}.example",
            copy_group=f"cg{i}",
        )
        for i in range(200)
    ]
    found = grouping.group_units(units, encode)  # type: ignore[arg-type]
    assert len(found.groups) == 20


def test_a_running_tally_takes_its_kind_from_the_claim() -> None:
    from corroborator.align.actions import action_kind

    risen = quantity(13, "people", "risen")
    toll = unit("a", "the number of people killed in the overnight attack has risen to 13")
    assert action_kind(risen, toll) == "kill"
    assert (
        action_kind(quantity(3, "stages", "taken"), unit("b", "the swap was completed in three stages"))
        is None
    )


def test_a_count_above_a_total_is_no_part_of_it() -> None:
    servicemen, civilians = (
        quantity(270, "servicemen", "freed", id="s"),
        quantity(120, "civilians", "freed", id="c"),
    )
    total = quantity(390, "people", "freed", id="t", window=("2025-05-23", "2025-05-23"))
    stated = unit(
        "a",
        "390 people were freed on Friday: 270 servicemen and 120 civilians",
        quantities=(total, servicemen, civilians),
    )
    day = ("2025-05-23", "2025-05-23")
    more = unit(
        "b",
        "some 500 people would be freed on Friday",
        claimant="sources",
        quantities=(quantity(500, "people", "freed", window=day),),
    )
    fewer = unit(
        "c", "300 people were freed on Friday", quantities=(quantity(300, "people", "freed", window=day),)
    )
    assert numeric_conflict(total, stated, more.quantities[0], more, 0.9) is not None
    assert numeric_conflict(total, stated, fewer.quantities[0], fewer, 0.9) is None


def test_people_and_prisoners_released_are_one_count_but_a_stage_is_part_of_the_whole() -> None:
    friday = ("2025-05-23", "2025-05-23")
    said = {
        "a": ("both sides released 390 people on Friday in the first stage of the swap", "one.example"),
        "b": ("around 500 prisoners from each side would be handed over on the first day", "sources"),
        "c": ("the swap will return 1,000 prisoners to each side", "both governments"),
    }
    counts = {
        "a": quantity(390, "people", "released", window=friday),
        "b": quantity(500, "prisoners", "handed over", bound="approximate", window=friday),
        "c": quantity(1000, "prisoners", "return", window=friday),
    }
    freed, forecast, whole = (
        unit(key, text, f"{key}.example", claimant=claimant, quantities=(counts[key],))
        for key, (text, claimant) in said.items()
    )
    groups = align_story("s", [freed, forecast, whole], encode).groups  # type: ignore[arg-type]
    members = {g.id: set(g.claim_ids) for g in groups}
    numeric = [
        members[r.source] | members[r.target]
        for g in groups
        for r in g.relations
        if r.conflict is ConflictKind.NUMERIC
    ]
    assert {"a", "b"} in numeric
    # 390 of the first stage is within the 1,000 of the whole exchange.
    assert {"a", "c"} not in numeric
    # Killed people and killed children are not one population.
    killed = unit(
        "d", "12 people were killed on Friday", quantities=(quantity(12, "people", "killed", window=friday),)
    )
    children = unit(
        "e",
        "3 children were killed on Friday",
        quantities=(quantity(3, "children", "killed", window=friday),),
    )
    assert numeric_conflict(killed.quantities[0], killed, children.quantities[0], children, 0.9) is None


def test_servicemen_and_defenders_are_one_kind_of_count() -> None:
    servicemen = quantity(307, "Ukrainian servicemen", "came home")
    defenders = quantity(307, "defenders", "are back")
    assert servicemen.thing_key == defenders.thing_key == quantity(9, "soldiers", "fell").thing_key
    assert quantity_match((servicemen,), (defenders,)) == 2.0
    assert quantity(40, "UAVs", "downed").thing_key == quantity(40, "drones", "downed").thing_key
    assert quantity(3, "children", "killed").thing_key != quantity(3, "soldiers", "killed").thing_key


def test_a_fragment_in_a_sentence_that_states_nothing_is_left_unaligned() -> None:
    units = [
        unit("a", "gratitude", context="He expressed gratitude to everyone on Monday."),
        unit("b", "that claim", status="denied", denials=("denied",), context="Kyiv denied that claim."),
        unit(
            "c",
            "gratitude to the crews",
            context="The harbour master thanked the crews who cleared the quay.",
        ),
    ]
    found = align_story("s", units, encode)  # type: ignore[arg-type]
    aligned = sorted(i for g in found.groups for i in g.claim_ids)
    assert aligned == ["b", "c"]
    assert any("states no proposition" in note for note in found.notes)


def test_a_party_most_descriptions_point_to_stands_over_noise() -> None:
    alone = ["President", "Mr.", "MOSCOW - Russian President"]
    assert claimant_party(["Ilse Brandt"], alone, PartyMap())[0] == "russia-state"
    russian = ["Russian President", "incumbent Russian President", "Ukraine President", "Mr."]
    assert claimant_party(["Ilse Brandt"], russian, PartyMap())[0] == "russia-state"
    assert claimant_party(["Ilse Brandt"], ["Russian President", "Ukraine President"], PartyMap())[0] is None
    assert (
        claimant_party(["Poland's foreign ministry"], ["Ukraine President"], PartyMap())[0] == "poland-state"
    )


def test_a_claim_that_rejects_a_link_is_not_one_proposition_with_the_deed_it_names() -> None:
    deed = "gunmen killed 40 people at a concert hall in Velna on Friday night"
    units = [
        unit("a", deed, "one.example", claimant="the police", quantities=(quantity(40, "people", "killed"),)),
        unit("b", deed, "two.example", claimant="the police", quantities=(quantity(40, "people", "killed"),)),
        unit(
            "c",
            "it rejected Chilean claims of a Peruvian link to the attack at a concert hall in Velna "
            "that killed 40 people on Friday night",
            "three.example",
            claimant="Peru's foreign ministry",
            quantities=(quantity(40, "people", "killed"),),
        ),
    ]
    grouping = group_units(units, encode)  # type: ignore[arg-type]
    assert sorted(map(sorted, grouping.groups)) == [[0, 1], [2]]


def test_no_involvement_in_quotation_marks_still_clears() -> None:
    stance = read_stance(unit("a", "Norland had \u201cno involvement whatsoever\u201d in the attack"))
    assert stance.cleared == {"norland"}
    assert not stance.blamed


def test_a_cue_in_a_headline_does_not_govern_the_line_below_it() -> None:
    headline = "Velasquez aide denies link to warehouse fire"
    below = "A local militia has claimed responsibility for the fire, the worst in the port for decades"
    units = [
        unit(
            "a",
            below,
            "one.example",
            status="denied",
            claimant="Marta Velasquez",
            context=f"{headline}\n{below}.",
        ),
        unit("b", "the fire destroyed six warehouses in the port on Sunday night", "two.example"),
    ]
    grouping = group_units(units, encode)  # type: ignore[arg-type]
    assert "runs a headline into the text" in grouping.unaligned[0]
    assert grouping.groups == [[1]]


def test_a_question_a_claim_reports_is_no_proposition() -> None:
    asked = unit(
        "a",
        "what caused the collapse of the rail bridge at Velna",
        context="The engineers did not specify what caused the collapse of the rail bridge at Velna.",
    )
    stated = unit("b", "the collapse of the rail bridge at Velna was caused by a flood", "two.example")
    grouping = group_units([asked, stated], encode)
    assert "a question it reports" in grouping.unaligned[0]
    assert grouping.groups == [[1]]


def test_a_claim_and_one_that_says_the_opposite_are_two_propositions() -> None:
    visited = "the mayor visited the flooded quarter of Velna on Thursday"
    for other in (
        "the mayor had no plans to visit the flooded quarter of Velna on Thursday",
        "the report contradicts the mayor, who visited the flooded quarter of Velna on Thursday",
    ):
        units = [
            unit("a", visited, "one.example"),
            unit("b", visited, "two.example"),
            unit("c", other, "three.example"),
        ]
        grouping = group_units(units, encode)  # type: ignore[arg-type]
        assert sorted(map(sorted, grouping.groups)) == [[0, 1], [2]]


def test_an_outlet_saying_only_that_something_is_not_known_states_nothing_to_align() -> None:
    own = {"claimant": "one.example", "chain": ("one.example",), "status": "asserted"}
    units = [
        unit("a", "It was not clear why the crane at Velna collapsed on Sunday.", "one.example", **own),
        unit("b", "There has been no information on the other seven workers.", "one.example", **own),
        unit("c", "the crane at Velna collapsed on Sunday, the port said", "two.example"),
    ]
    grouping = group_units(units, encode)  # type: ignore[arg-type]
    assert set(grouping.unaligned) == {0, 1}
    assert all("not known" in why for why in grouping.unaligned.values())


def test_armed_groups_and_bodies_run_by_another_are_parties() -> None:
    none = PartyMap()
    assert claimant_party(["Harkat militants"], [], none)[0] == "harkat"
    assert claimant_party(["Harkat"], ["the militant group"], none)[0] == "harkat"
    assert claimant_party(["The so-called Harkat Front (HF) militia"], [], none)[0] == "harkat-front"
    # A body speaks for whoever runs it: a group, or a country's state.
    assert claimant_party(["the Harkat-run health ministry"], [], none)[0] == "harkat"
    assert claimant_party(["officials installed by Russia"], [], none)[0] == "russia-state"
    assert claimant_party(["the Moscow-appointed governor"], [], none)[0] == "russia-state"
    # No name left, or a country's name: no group.
    assert claimant_party(["the militants"], [], none)[0] is None
    assert claimant_party(["Ukrainian fighters"], [], none)[0] is None
    assert claimant_party(["Amnesty International"], [], none)[0] is None


def test_a_bare_body_takes_the_side_the_story_gives_that_body() -> None:
    def parties(claimants: list[str]) -> dict[str, list[str]]:
        texts = [
            "the depot near the northern crossing was hit at dawn",
            "fishing boats left the harbour before the storm warning",
            "the school term will open a week late in the mountain villages",
        ]
        units = [unit(f"u{i}", texts[i], f"o{i}.example", claimant=c) for i, c in enumerate(claimants)]
        groups = align_story("s", units, encode).groups
        by_claim = {m: g for g in groups for m in g.claim_ids}
        return {c: by_claim[f"u{i}"].parties for i, c in enumerate(claimants)}

    one = parties(["the Chilean army", "an army spokesman"])
    assert one["an army spokesman"] == ["chile-state"]
    # With two armies in the story, "the army" could be either: no side.
    two = parties(["the Chilean army", "the Peruvian army", "an army spokesman"])
    assert two["an army spokesman"] == []
