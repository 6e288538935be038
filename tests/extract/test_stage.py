"""The extract stage on stored parses: attributions in the stored text's offsets, exported."""

from __future__ import annotations

import json

import jsonschema

from corroborator.config import Settings, load_settings
from corroborator.export import export_records
from corroborator.models import ArticleDraft, PartialTime, Precision, Provenance, SourceKind
from corroborator.models.records import json_schema
from corroborator.pipeline import analyze
from corroborator.store import Store, add_articles

HARBOUR = (
    "  The harbour master said the pier would reopen on Friday.\n\n"
    "According to the port authority, repairs cost 2 million euros. "
    "\u201cWe worked through the night,\u201d a crane operator told reporters."
)
FRENCH = "Le maire a déclaré que le port rouvrirait vendredi."


def _draft(text: str, url: str, language: str) -> ArticleDraft:
    return ArticleDraft(
        text=text,
        url=url,
        external_id=url.rsplit("/", 1)[-1],
        language=language,
        provenance=Provenance(kind=SourceKind.JSONL, source="d.jsonl"),
    )


def _analysed(store: Store, settings: Settings, text: str, url: str) -> None:
    """One English article stored, parsed and extracted."""
    with store.transaction() as connection:
        add_articles(connection, [_draft(text, url, "en")])
    analyze(store, settings, ["parse", "extract"])


def test_attributions_are_stored_in_text_offsets_and_exported(store: Store, settings: Settings) -> None:
    with store.transaction() as connection:
        add_articles(
            connection,
            [
                _draft(HARBOUR, "https://port.example/en-1", "en"),
                _draft(FRENCH, "https://port.example/fr-1", "fr"),
            ],
        )
    reports = analyze(store, settings, ["parse", "extract"])
    assert [(r.name, r.done, r.failed) for r in reports] == [("parse", 2, 0), ("extract", 2, 0)]
    records = list(export_records("attributions", store))
    by_cue = {r.cue.text: r for r in records}  # type: ignore[attr-defined]
    assert set(by_cue) >= {"said", "According to", "told"}
    said = by_cue["said"]
    assert said.source.text == "The harbour master"  # type: ignore[attr-defined]
    assert said.content.text == "the pier would reopen on Friday"  # type: ignore[attr-defined]
    assert said.external_id == "en-1"  # type: ignore[attr-defined]
    assert by_cue["told"].kind == "direct"  # type: ignore[attr-defined]
    assert said.source_resolved is None  # type: ignore[attr-defined]  # already a description with no name
    for record in records:
        data = json.loads(record.model_dump_json())
        jsonschema.validate(data, json_schema("attributions"))
        for role in ("source", "cue", "content"):
            if data[role] is not None:
                assert HARBOUR[data[role]["start"] : data[role]["end"]] == data[role]["text"]
    assert all(r.external_id == "en-1" for r in records)  # type: ignore[attr-defined]


def test_a_long_article_parsed_in_pieces_keeps_offsets_into_the_whole_text(
    store: Store, settings: Settings
) -> None:
    paragraph = "The ferry captain said the crossing was calm. " * 30
    text = "\n\n".join([paragraph] * 8)
    small = load_settings(
        overrides={"store.db": settings.store.db, "nlp.max_segment_chars": 2000, "pipeline.workers": 1},
        environ={},
    )
    with store.transaction() as connection:
        add_articles(connection, [_draft(text, "https://port.example/long", "en")])
    analyze(store, small, ["parse", "extract"])
    records = list(export_records("attributions", store))
    assert len(records) == 240
    assert all(text[r.cue.start : r.cue.end] == "said" for r in records)  # type: ignore[attr-defined]


def test_claims_quantities_and_genre_are_stored_and_exported(store: Store, settings: Settings) -> None:
    text = (
        "Rescuers pulled 14 people from the flooded tunnel in Porto on Tuesday.\n\n"
        "The mayor said 40 homes had been evacuated overnight. "
        "Officials reportedly counted more than 200 damaged cars, a figure that could not be "
        "independently verified. The transport minister denied that the alarm had failed."
    )
    _analysed(store, settings, text, "https://port.example/flood-1")
    claims = {c.span.text: c for c in export_records("claims", store)}  # type: ignore[attr-defined]
    statuses = {c.status for c in claims.values()}
    assert {"asserted", "attributed", "denied"} <= statuses
    said = next(c for t, c in claims.items() if t.startswith("40 homes"))
    assert (said.claimant, said.chain) == ("The mayor", ["The mayor", "port.example"])
    quantities = {q.span.text: q for q in export_records("quantities", store)}  # type: ignore[attr-defined]
    assert quantities["14 people"].value == 14
    assert quantities["14 people"].claimant == "port.example"
    homes = quantities["40 homes"]
    assert (homes.claimant, homes.claim_id) == ("The mayor", said.id)
    assert homes.window_text == "overnight"
    cars = next(q for t, q in quantities.items() if "200" in t)
    assert (cars.bound, cars.low) == ("lower", 200)
    for record in [*claims.values(), *quantities.values()]:
        kind = "claims" if hasattr(record, "status") else "quantities"
        jsonschema.validate(json.loads(record.model_dump_json()), json_schema(kind))
    [article] = list(export_records("articles", store))
    assert article.genre == "news"  # type: ignore[attr-defined]


def test_what_an_opinion_piece_states_itself_is_opinion(store: Store, settings: Settings) -> None:
    text = (
        "The council closed 12 libraries in Porto last year. "
        "The mayor said 3 more would close in March. "
        "The views expressed are the author's own."
    )
    _analysed(store, settings, text, "https://port.example/column-1")
    [article] = list(export_records("articles", store))
    assert article.genre == "opinion"  # type: ignore[attr-defined]
    claims = {c.span.text: c for c in export_records("claims", store)}  # type: ignore[attr-defined]
    assert claims["The council closed 12 libraries in Porto last year."].status == "opinion"
    # What the piece reports of others stays theirs.
    said = next(c for t, c in claims.items() if "3 more" in t)
    assert (said.status, said.claimant) == ("attributed", "The mayor")


def test_a_pronoun_source_is_resolved_and_its_claims_are_the_named_persons(
    store: Store, settings: Settings
) -> None:
    text = (
        "Harbour master Ines Carvalho said on Monday that the pier was unsafe. "
        "She added that repairs would take three weeks."
    )
    _analysed(store, settings, text, "https://port.example/pier-2")
    added = next(a for a in export_records("attributions", store) if a.cue.text == "added")  # type: ignore[attr-defined]
    assert (added.source.text, added.source_resolved) == ("She", "Ines Carvalho")  # type: ignore[attr-defined]
    claim = next(c for c in export_records("claims", store) if c.attribution_id == added.id)  # type: ignore[attr-defined]
    assert claim.claimant == "Ines Carvalho"  # type: ignore[attr-defined]


def test_a_nested_attribution_points_to_its_parent(store: Store, settings: Settings) -> None:
    text = "According to the harbour radio, the ferry captain claimed that 12 boats had sunk."
    _analysed(store, settings, text, "https://port.example/radio-3")
    by_cue = {a.cue.text: a for a in export_records("attributions", store)}  # type: ignore[attr-defined]
    assert by_cue["claimed"].parent_id == by_cue["According to"].id  # type: ignore[attr-defined]
    assert by_cue["According to"].parent_id is None  # type: ignore[attr-defined]
    claimed = by_cue["claimed"].id  # type: ignore[attr-defined]
    [claim] = [c for c in export_records("claims", store) if c.attribution_id == claimed]  # type: ignore[attr-defined]
    assert claim.chain == ["the ferry captain", "the harbour radio", "port.example"]  # type: ignore[attr-defined]


def test_dates_at_the_calendars_edges_do_not_stop_the_stage(store: Store, settings: Settings) -> None:
    """Ingestion sets aside the years 1 and 9999 now; a store written before it did may hold them."""
    text = (
        "Overnight, 40 boats left the harbour, the coastguard said. Last summer 12 ferries were "
        "cancelled, and on 24 May about 300 passengers waited between Tuesday and Friday last week."
    )
    drafts = [
        _draft(text, f"https://port.example/{value}", "en").model_copy(
            update={"published": PartialTime(value=value, precision=precision)}
        )
        for value, precision in [
            ("0001-01-01", Precision.DAY),
            ("0001", Precision.YEAR),
            ("9999-12-31", Precision.DAY),
            ("9999-12", Precision.MONTH),
            ("0001-01-01T00:00Z", Precision.MINUTE),
            ("9999-12-31T23:59:59Z", Precision.SECOND),
        ]
    ]
    with store.transaction() as connection:
        add_articles(connection, drafts)

    reports = analyze(store, settings, ["parse", "extract"])

    assert [(r.name, r.done, r.failed) for r in reports] == [("parse", 6, 0), ("extract", 6, 0)]
    quantities = list(export_records("quantities", store))
    assert {q.value for q in quantities} >= {40.0, 12.0, 300.0}  # type: ignore[attr-defined]
