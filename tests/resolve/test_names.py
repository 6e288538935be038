"""Names folded across spellings and scripts; one article's mentions grouped."""

from __future__ import annotations

from tests.resolve.helpers import mentions

from corroborator.resolve.article import description_before, group_article
from corroborator.resolve.names import clean, fold, given_compatible


def test_spellings_and_scripts_of_one_first_name_fold_together() -> None:
    forms = ["Yuriy Dashkin", "Yuri Dashkin", "Yury Dashkin", "Iurii Dashkin", "Юрий Дашкин"]
    names = [clean(form, "PERSON") for form in forms]
    assert all(name is not None for name in names)
    assert {(n.given, n.surname, n.key) for n in names if n} == {("iuri", "daskin", "PERSON:dskn")}


def test_titles_come_off_and_first_names_must_agree() -> None:
    name = clean("Maj Gen Yury Dashkin", "PERSON")
    assert name is not None
    assert (name.text, name.titles) == ("Yury Dashkin", ("Maj", "Gen"))
    assert given_compatible("volodimir", "vladimir") > 0  # Volodymyr / Vladimir
    assert given_compatible("iuri", "pavlo") == 0
    assert given_compatible("i", "iuri") > 0  # an initial
    assert clean("!!", "PERSON") is None


def test_a_surname_alone_joins_the_one_full_name_of_the_article() -> None:
    text = "Harbour commander Ostap Velykyi said the ferry was late. Velykyi blamed the wind."
    grouped = group_article(mentions(text, "Ostap Velykyi", "Velykyi"), text)
    assert len(grouped.clusters) == 1
    assert grouped.clusters[0].descriptions == ["Harbour commander"]
    assert grouped.clusters[0].evidence[0][2] == "surname alone in one article"


def test_a_shared_surname_with_two_people_in_the_article_stays_unresolved() -> None:
    text = "Ostap Velykyi met Marta Velykyi at the quay. Velykyi left early."
    grouped = group_article(mentions(text, "Ostap Velykyi", "Marta Velykyi", "Velykyi"), text)
    assert len(grouped.clusters) == 2
    assert len(grouped.unresolved) == 1
    assert "fits 2 people" in grouped.unresolved[0][1]


def test_role_words_before_a_name_are_a_description() -> None:
    text = "The town's deputy harbour master Lina Sorrel spoke."
    assert description_before(text, text.index("Lina")) == "town's deputy harbour master"
    assert description_before("He saw Lina Sorrel.", 7) is None


def test_a_long_name_has_a_key_that_fits_the_store() -> None:
    name = clean(
        "The Joint Coordination Headquarters for the Treatment of Prisoners of War and Missing", "ORG"
    )
    assert name is not None
    assert len(name.key) <= 64


def test_descriptions_stop_at_clauses() -> None:
    text = "The talks, where President Ada Quell spoke, ended. Quell, the envoy who flew in, left."
    assert description_before(text, text.index("Ada")) == "President"
    grouped = group_article(mentions(text, "Ada Quell", "Quell"), text)
    assert grouped.clusters[0].descriptions == ["President", "the envoy"]


def _place(text: str) -> str:
    name = clean(text, "GPE")
    assert name is not None
    return name.surname


def test_the_two_press_spellings_of_a_place_fold_together_and_others_stay_apart() -> None:
    assert _place("Kyiv") == _place("Kiev")
    assert _place("Kharkov") == _place("Kharkiv")
    assert _place("Kharkiv") != _place("Kherson")
    assert _place("Odessa") == _place("Odesa") != _place("Lviv")


def test_g_and_h_kh_and_h_and_russian_adjective_endings_fold_together() -> None:
    assert _place("Horodets") == _place("Gorodets") == _place("Khorodets")
    assert _place("Zelenaya Balka") == _place("Zelena Balka") != _place("Zelenyi Yar")
    assert _place("Staroye Pole") == _place("Stare Pole")
    assert given_compatible(fold("Hennadiy"), fold("Gennadiy")) == 1.0
    assert fold("Maya") != fold("Ma")  # too short to be an adjective's ending
    assert _place("Wang") != _place("Wan")  # an 'ng' is no Cyrillic g


def test_one_plants_heads_meet_and_the_town_it_is_named_after_stays_apart() -> None:
    dam = {_place(text) for text in ("Velna dam", "Velna HPP", "the Velna Hydroelectric Power Plant")}
    assert dam == {_place("Velna hydro-electric dam")}
    assert _place("Velna Nuclear Power Station") == _place("Velna NPP") not in dam
    assert _place("Velna") not in dam
    assert _place("Dam") == "dam"  # a head alone is no plant's name
