"""Within one article: a surname the parser tagged as an organisation."""

from __future__ import annotations

from tests.resolve.helpers import mentions

from corroborator.resolve.article import group_article


def test_a_surname_tagged_as_an_organisation_joins_the_articles_one_person_of_that_name() -> None:
    text = "Colonel Pavel Sorin said the raid failed. Sorin added that two drones fell in a field."
    grouped = group_article(mentions(text, ("Pavel Sorin", "PERSON"), ("Sorin", "ORG")), text)
    assert len(grouped.clusters) == 1
    [cluster] = grouped.clusters
    assert cluster.kind == "PERSON"
    assert len(cluster.mention_ids) == 2
    assert any("tagged as an organisation" in e[2] for e in cluster.evidence)


def test_an_organisation_stays_one_when_no_person_or_two_people_fit() -> None:
    text = "Reuters said the raid failed."
    grouped = group_article(mentions(text, ("Reuters", "ORG")), text)
    assert [c.kind for c in grouped.clusters] == ["ORG"]
    two = "Anna Sorin and Pavel Sorin spoke. Sorin said the plant would reopen."
    named = mentions(two, ("Anna Sorin", "PERSON"), ("Pavel Sorin", "PERSON"), ("Sorin", "ORG"))
    kinds = sorted(c.kind for c in group_article(named, two).clusters)
    assert kinds == ["ORG", "PERSON", "PERSON"]
