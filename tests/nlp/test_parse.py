from __future__ import annotations

from datetime import UTC, datetime

import pytest

from corroborator.config import NlpSettings, Settings, load_settings
from corroborator.models import Article, ArticleDraft, Provenance, SourceKind
from corroborator.nlp import NOT_EXTRACTED, PARSED, docs_from, parse_many, segments
from corroborator.nlp.model import load
from corroborator.pipeline import analyze
from corroborator.store import Store, add_articles
from corroborator.store.parses import article_mentions, load_parse

ENGLISH = (
    "Firefighters in Lisbon battled a warehouse blaze for six hours on Monday, the city's "
    "civil protection chief Maria Duarte told reporters. \u201cNobody was hurt,\u201d she said."
)
RUSSIAN = "Пожарные тушили склад в Лиссабоне шесть часов. Никто не пострадал, сообщили власти."


def draft(text: str, url: str = "https://x.example/a", language: str | None = None) -> ArticleDraft:
    return ArticleDraft(
        text=text, url=url, language=language, provenance=Provenance(kind=SourceKind.TEXT, source="t")
    )


def _article(text: str, language: str | None, number: int = 1) -> Article:
    return Article(
        id=f"a{number}",
        outlet="x.example",
        text=text,
        language=language,
        provenance=Provenance(kind=SourceKind.TEXT, source="t"),
        content_hash="h",
        ingested_at=datetime(2025, 5, 24, tzinfo=UTC),
    )


def test_english_is_parsed_with_entities_at_their_offsets() -> None:
    [parsed] = parse_many([_article(ENGLISH, "en")], NlpSettings())
    assert (parsed.status, parsed.note) == (PARSED, None)
    assert parsed.n_sentences == 2
    labels = {text: label for _start, _end, text, label in parsed.mentions}
    assert labels["Lisbon"] == "GPE"
    assert labels["Maria Duarte"] == "PERSON"
    for start, end, text, _label in parsed.mentions:
        assert ENGLISH[start:end] == text


def test_other_languages_get_sentences_and_are_marked_not_extracted() -> None:
    [parsed] = parse_many([_article(RUSSIAN, "ru")], NlpSettings())
    assert parsed.status == NOT_EXTRACTED
    assert parsed.note == "not extracted: language ru"
    assert parsed.n_sentences == 2
    assert parsed.mentions == ()
    [unknown] = parse_many([_article("12 34 56", None)], NlpSettings())
    assert unknown.note == "not extracted: language unknown"


def test_a_long_text_is_parsed_in_pieces_with_offsets_into_the_whole() -> None:
    paragraph = "Officials in Porto said the ferry to Gaia resumed at noon after the storm. "
    text = "\n\n".join(paragraph * 3 for _ in range(40))
    settings = NlpSettings(max_segment_chars=2000)
    [parsed] = parse_many([_article(text, "en")], settings)
    assert len(parsed.offsets) > 1
    assert parsed.warnings == (f"parsed in {len(parsed.offsets)} pieces of at most 2000 characters",)
    porto = [m for m in parsed.mentions if m[2] == "Porto"]
    assert len(porto) == 120
    assert all(text[start:end] == "Porto" for start, end, _t, _l in porto)
    docs = docs_from(parsed.doc_bytes, parsed.offsets, load(settings.model).vocab)
    assert "".join(doc.text for _offset, doc in docs) == text
    assert [offset for offset, _doc in docs] == list(parsed.offsets)


def test_a_text_over_the_article_cap_is_marked_not_parse_or_held() -> None:
    text = "The ferry to Gaia resumed at noon after the storm. " * 100  # 5,100 characters
    [over, within] = parse_many(
        [_article(text, "en"), _article(text[:2000], "en", 2)], NlpSettings(max_article_chars=5000)
    )
    assert over.status == "not-extracted"
    assert over.note == (
        "not extracted: 5,100 characters, over the 5,000 cap (nlp.max_article_chars); "
        "split it into articles or raise the cap"
    )
    assert over.n_tokens == 0
    assert over.offsets == ()
    assert within.status == "parsed"


@pytest.mark.parametrize("size", [1000, 1500, 4000])
def test_segments_cover_the_text_in_order_within_the_limit(size: int) -> None:
    text = ("A sentence without a paragraph break goes on. " * 200) + ("x" * 3000) + "\n\nEnd."
    pieces = segments(text, size)
    assert "".join(piece for _offset, piece in pieces) == text
    assert all(len(piece) <= size for _offset, piece in pieces)
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)


def test_the_parse_stage_stores_parses_and_mentions(store: Store, settings: Settings) -> None:
    with store.transaction() as connection:
        [english, russian] = add_articles(
            connection,
            [
                draft(ENGLISH, url="https://x.example/en", language="en"),
                draft(RUSSIAN, url="https://x.example/ru", language="ru"),
            ],
        )
    reports = analyze(store, settings, ["parse"])
    assert reports[0].done == 2
    with store.reading() as connection:
        stored_en = load_parse(connection, english.article_id)
        stored_ru = load_parse(connection, russian.article_id)
        mentions = article_mentions(connection, english.article_id)
    assert stored_en is not None
    assert stored_ru is not None
    assert (stored_en["status"], stored_ru["note"]) == (PARSED, "not extracted: language ru")
    assert {m["text"] for m in mentions} >= {"Lisbon", "Maria Duarte"}
    assert all(ENGLISH[m["start_char"] : m["end_char"]] == m["text"] for m in mentions)


def test_changing_the_pipeline_components_reparses(store: Store, settings: Settings) -> None:
    with store.transaction() as connection:
        add_articles(connection, [draft(ENGLISH, language="en")])
    analyze(store, settings, ["parse"])
    lighter = load_settings(
        overrides={"store.db": settings.store.db, "nlp.exclude": ["lemmatizer"], "pipeline.workers": 1},
        environ={},
    )
    [report] = analyze(store, lighter, ["parse"])
    assert report.done == 1
    assert "lemmatizer" not in report.version


def test_a_split_article_is_a_warning_in_the_stage_report(store: Store, settings: Settings) -> None:
    text = "\n\n".join("The lighthouse keeper said the storm had passed. " * 30 for _ in range(5))
    small = load_settings(
        overrides={"store.db": settings.store.db, "nlp.max_segment_chars": 2000, "pipeline.workers": 1},
        environ={},
    )
    with store.transaction() as connection:
        [added] = add_articles(connection, [draft(text, language="en")])
    [report] = analyze(store, small, ["parse"])
    [(article_id, warning)] = report.warnings
    assert article_id == added.article_id
    assert warning.startswith("parsed in ")
    assert warning.endswith("pieces of at most 2000 characters")
