"""`export quotes`: one record per quote, from the extract stage through the store, JSONL and CSV."""

from __future__ import annotations

import csv
import io
import json

import jsonschema

from corroborator.config import Settings
from corroborator.export import export_records, write_csv, write_jsonl
from corroborator.extract.stage import ExtractStage
from corroborator.models import ArticleDraft, Provenance, SourceKind
from corroborator.models.records import QuoteRecord, json_schema
from corroborator.pipeline import analyze
from corroborator.store import Store, add_articles
from corroborator.store.articles import get_articles

FERRY = (
    "The ferry service between the two islands will stop for a month, the operator said on Monday.\n\n"
    "Harbour manager Agnes Lindqvist said the crossing had lost money for three years.\n\n"
    "\u201cWe cannot keep running empty boats,\u201d Lindqvist told reporters. \u201cIt hurts everyone.\u201d\n\n"
    "\u201cThe islanders deserve better than this,\u201d she added.\n\n"
    "\u201cWe will look at every option before winter.\u201d\n\n"
    "Polls show most residents want the service back."
)


def _quotes(store: Store, settings: Settings, text: str) -> list[QuoteRecord]:
    with store.transaction() as connection:
        add_articles(
            connection,
            [
                ArticleDraft(
                    text=text,
                    url="https://isles.example/ferry",
                    external_id="ferry-1",
                    language="en",
                    provenance=Provenance(kind=SourceKind.JSONL, source="d.jsonl"),
                )
            ],
        )
    analyze(store, settings, ["parse", "extract"])
    return [r for r in export_records("quotes", store) if isinstance(r, QuoteRecord)]


def test_each_quote_is_exported_with_its_speaker_verb_and_kind(store: Store, settings: Settings) -> None:
    quotes = _quotes(store, settings, FERRY)
    by_text = {q.quote.text: q for q in quotes}
    indirect = by_text["the crossing had lost money for three years"]
    assert indirect.kind == "indirect"
    assert indirect.speaker is not None
    assert indirect.speaker.text == "Harbour manager Agnes Lindqvist"
    assert indirect.speaker_name == "Agnes Lindqvist"
    assert indirect.verb is not None
    assert indirect.verb.text == "said"
    told = by_text["\u201cWe cannot keep running empty boats,\u201d"]
    assert told.kind == "direct"
    assert told.speaker_name == "Agnes Lindqvist"  # "Lindqvist", written in full earlier
    assert told.verb is not None
    assert told.verb.text == "told"
    assert not told.floating
    # the quotation after "... told reporters." is a quote of its own, on the same speaker
    after = by_text["\u201cIt hurts everyone.\u201d"]
    assert after.floating
    assert after.verb is None
    assert after.speaker_name == "Agnes Lindqvist"
    added = by_text["\u201cThe islanders deserve better than this,\u201d"]
    assert added.speaker is not None
    assert added.speaker.text == "she"
    assert added.speaker_name == "Agnes Lindqvist"
    # a paragraph that is only a quotation: its speaker is named in an earlier sentence
    alone = by_text["\u201cWe will look at every option before winter.\u201d"]
    assert alone.floating
    assert alone.speaker_name == "Agnes Lindqvist"
    assert alone.external_id == "ferry-1"
    # "Polls show" and "residents want" report no speech
    assert not any("service back" in q.quote.text for q in quotes)


def test_quotes_validate_against_their_schema_and_write_as_csv(store: Store, settings: Settings) -> None:
    quotes = _quotes(store, settings, FERRY)
    stream = io.StringIO()
    assert write_jsonl(quotes, stream) == len(quotes)
    for line in stream.getvalue().splitlines():
        jsonschema.validate(json.loads(line), json_schema("quotes"))
    table = io.StringIO()
    write_csv(quotes, table)
    rows = list(csv.DictReader(io.StringIO(table.getvalue())))
    assert len(rows) == len(quotes)
    assert {"quote_text", "speaker_name", "verb_text", "floating", "speaker_reason"} <= set(rows[0])
    assert {row["floating"] for row in rows} <= {"true", "false"}


def test_extracting_again_replaces_the_quotes(store: Store, settings: Settings) -> None:
    first = _quotes(store, settings, FERRY)
    stage = ExtractStage(settings)
    with store.transaction() as connection:
        article = get_articles(connection, [first[0].article_id])[0]
        parse = stage.load_inputs(connection, [article.id])[article.id]
        stage.commit(connection, article, stage.compute(article, parse))
    again = [r for r in export_records("quotes", store) if isinstance(r, QuoteRecord)]
    assert [q.id for q in again] == [q.id for q in first]


def test_bad_input_is_exported_with_an_empty_speaker_and_its_reason(store: Store, settings: Settings) -> None:
    never_closed = "\u201cThe tide tables are wrong again, the harbour office said"
    long_quote = " ".join(["The breakwater will not survive another winter of storms like these."] * 180)
    text = (
        "\u201cNobody knows who cut the cable.\u201d\n\n"
        "\u201cWe will not pay for the repairs,\u201d he said.\n\n"
        f"{never_closed}\n\n"
        f"Engineer Lena Dahl said: \u201c{long_quote}\u201d\n\n"
        "\u201cMy grandfather used to say \u2018the keeper shouted \u201cMind the rocks\u201d each night\u2019"
        " and I believed him,\u201d said Jonas Weber."
    )
    quotes = _quotes(store, settings, text)
    by_text = {q.quote.text: q for q in quotes}
    nobody = by_text["\u201cNobody knows who cut the cable.\u201d"]
    assert (nobody.speaker_name, nobody.speaker_reason) == ("", "no speaker named before the quotation")
    unresolved = by_text["\u201cWe will not pay for the repairs,\u201d"]
    assert unresolved.speaker_name == ""
    assert unresolved.speaker_reason == "a pronoun with no antecedent in the article"
    assert any(q.quote.text[1:].startswith(long_quote[:40]) and q.speaker_name == "Lena Dahl" for q in quotes)
    assert any(q.quote.text.startswith(never_closed[:20]) for q in quotes)
    assert any(
        q.speaker_name == "Jonas Weber" and q.quote.text.endswith("believed him,\u201d") for q in quotes
    )
    assert all(q.speaker_name or q.speaker_reason for q in quotes)
