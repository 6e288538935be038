"""Institutions every country has ("the Defence Ministry"): read with their country, from the
name or the words around it, and a bare one joined to its article's one country's form."""

from __future__ import annotations

from tests.resolve.helpers import mentions

from corroborator.resolve.article import group_article
from corroborator.resolve.institutions import base, country_around, nation, split_qualified
from corroborator.resolve.names import clean


def test_one_countrys_institution_is_one_name_however_it_is_worded() -> None:
    forms = [
        "the Moldovan Defence Ministry",
        "Moldova's Defence Ministry",
        "Moldova’s Defense Ministry",
        "the Ministry of Defence of Moldova",
        "Defense Ministry of Moldova",
    ]
    names = [clean(form, "ORG") for form in forms]
    assert all(name is not None for name in names)
    assert {(n.nation, n.base, n.key) for n in names if n} == {
        ("moldova", "defence ministry", "ORG:mldvdfncmnstr")
    }
    bare = clean("the Ministry of Defense", "ORG")
    assert bare is not None
    assert (bare.nation, bare.base) == ("", "defence ministry")
    assert bare.key != names[0].key  # a bare name is never looked up as one country's
    staff = clean("General Staff of the Armed Forces of Georgia", "ORG")
    assert staff is not None
    assert (staff.nation, staff.base) == ("georgia", "general staff")


def test_proper_names_are_not_institutions() -> None:
    for text in ["Kremlin", "Russian Railways", "Harbour Pilots Guild", "Moldova"]:
        name = clean(text, "ORG")
        assert name is not None, text
        assert (name.nation, name.base) == ("", ""), text
    assert base(["Interior", "Ministry"]) == base(["Ministry", "of", "Internal", "Affairs"])
    assert nation(["us"]) == ""  # the pronoun, not the country
    assert nation(["US"]) == nation(["United", "States"]) == "us"


def test_the_country_is_read_from_the_words_around_a_bare_mention() -> None:
    text = (
        "On Monday Georgia's Defence Ministry spoke; later the Defence Ministry of Armenia did; "
        "the Defence Ministry too."
    )
    first = text.index("Defence Ministry")
    second = text.index("Defence Ministry", first + 1)
    third = text.index("Defence Ministry", second + 1)
    assert country_around(text, first, first + 16) == ("georgia", "Georgia's", "")
    assert country_around(text, second, second + 16) == ("armenia", "", "of Armenia")
    assert country_around(text, third, third + 16) == ("", "", "")
    ended = "Talks with Russia. Defence Ministry staff left; the U.S. Defense Department stayed."
    at = ended.index("Defence Ministry")
    assert country_around(ended, at, at + 16) == ("", "", "")  # a sentence ended before it
    at = ended.index("Defense Department")
    assert country_around(ended, at, at + 18) == ("us", "U.S.", "")


def test_a_bare_institution_joins_its_articles_one_country() -> None:
    text = (
        "Moldova's Defence Ministry said two patrol boats left port. "
        "The boats were back by noon, the Defence Ministry added."
    )
    grouped = group_article(mentions(text, "Defence Ministry", "the Defence Ministry", label="ORG"), text)
    assert len(grouped.clusters) == 1
    cluster = grouped.clusters[0]
    assert cluster.aliases() == ["Moldova's Defence Ministry", "Defence Ministry"]
    assert {name.nation for name in cluster.names} == {"moldova"}
    assert [e[2] for e in cluster.evidence] == ["bare name: the one qualified form in the article"]
    assert grouped.warnings == ()


def test_a_bare_institution_stays_apart_between_two_countries() -> None:
    text = (
        "Georgia's Defence Ministry and the Armenian Defence Ministry held talks. "
        "The Defence Ministry said the talks went well."
    )
    grouped = group_article(
        mentions(
            text, "Defence Ministry", "the Armenian Defence Ministry", "The Defence Ministry", label="ORG"
        ),
        text,
    )
    assert len(grouped.clusters) == 3
    apart = [c for c in grouped.clusters if c.apart]
    assert [c.aliases() for c in apart] == [["Defence Ministry"]]
    assert apart[0].evidence == []
    assert len(grouped.warnings) == 1
    assert "'Armenian Defence Ministry' or 'Georgia's Defence Ministry': left apart" in grouped.warnings[0]


def test_a_bureau_and_a_service_are_two_translations_of_one_institution() -> None:
    assert split_qualified("Security Bureau of Moldova".split()) == ("moldova", "security service")
    assert split_qualified("Moldovan Security Service".split()) == ("moldova", "security service")
    assert split_qualified("Federal Bureau of Investigation".split()) == ("", "")
