"""The entities stage on stored mentions: variants merge, namesakes stay apart, a user's
merges and splits survive re-runs, and bad input does not stop it."""

from __future__ import annotations

import json

import jsonschema

from corroborator.config import Settings
from corroborator.export import export_records
from corroborator.models import ArticleDraft, Provenance, SourceKind
from corroborator.models.records import EntityRecord, json_schema
from corroborator.pipeline import analyze
from corroborator.resolve import manual
from corroborator.store import Store, add_articles
from corroborator.store.parses import load_parse, save_parse
from corroborator.store.stages import forget_runs

BEFORE = ["dedupe", "parse", "stories"]
ALL = [*BEFORE, "entities"]

ARTICLES = {
    "a1": (
        "Regional militia commander Yuriy Dashkin said twelve gliders crossed the Brenna river near Oskol. "
        "Dashkin said none of them carried weapons.",
        ["Yuriy Dashkin", "Brenna", "Oskol", "Dashkin"],
    ),
    "a2": (
        "Maj Gen Yury Dashkin told reporters in Oskol that the gliders came at dawn.",
        ["Yury Dashkin", "Oskol"],
    ),
    "a3": (
        "Iurii Dashkin repeated the figure, while Pavel Dashkin, the town's mayor, said he had seen none.",
        ["Iurii Dashkin", "Pavel Dashkin"],
    ),
    "a4": ("Юрий Дашкин заявил, что двенадцать планеров пересекли реку.", ["Юрий Дашкин"]),
}
LABELS = {"Brenna": "GPE", "Oskol": "GPE"}


def _store_mentions(
    store: Store, ids: dict[str, str], found: dict[str, list[tuple[int, int, str, str]]]
) -> None:
    """Replace the parse stage's mentions with the test's own, keeping its parse."""
    with store.transaction() as connection:
        for key, article_id in ids.items():
            parse = load_parse(connection, article_id)
            assert parse is not None
            save_parse(
                connection,
                article_id,
                **{k: parse[k] for k in ("status", "note", "pipeline", "n_sentences", "n_tokens", "offsets")},
                warnings=parse["warnings"],
                doc=parse["doc"],
                found=found[key],
            )


def _add(store: Store, texts: dict[str, str]) -> dict[str, str]:
    drafts = [
        ArticleDraft(
            text=text,
            url=f"https://glider.example/{key}",
            external_id=key,
            language="ru" if key == "a4" else "en",
            provenance=Provenance(kind=SourceKind.JSONL, source="t.jsonl"),
        )
        for key, text in texts.items()
    ]
    with store.transaction() as connection:
        add_articles(connection, drafts)
    records = {r.external_id: r.id for r in export_records("articles", store)}  # type: ignore[attr-defined]
    return {key: records[key] for key in texts}


def _analysed(store: Store, settings: Settings) -> dict[str, str]:
    ids = _add(store, {key: text for key, (text, _names) in ARTICLES.items()})
    analyze(store, settings, BEFORE)
    found = {}
    for key, (text, names) in ARTICLES.items():
        spans, start = [], 0
        for name in names:
            at = text.index(name, start)
            spans.append((at, at + len(name), name, LABELS.get(name, "PERSON")))
            start = at + len(name)
        found[key] = spans
    _store_mentions(store, ids, found)
    reports = analyze(store, settings, ALL)
    assert [(r.name, r.done, r.failed) for r in reports][-1] == ("entities", 4, 0)
    return ids


def _entities(store: Store) -> dict[str, EntityRecord]:
    records = list(export_records("entities", store))
    for record in records:
        jsonschema.validate(json.loads(record.model_dump_json()), json_schema("entities"))
    return {alias: r for r in records for alias in r.aliases}  # type: ignore[attr-defined]


def test_spelling_and_script_variants_merge_and_namesakes_stay_apart(
    store: Store, settings: Settings
) -> None:
    _analysed(store, settings)
    by_alias = _entities(store)
    dashkin = by_alias["Yuriy Dashkin"]
    assert {"Yury Dashkin", "Iurii Dashkin", "Юрий Дашкин", "Dashkin"} <= set(dashkin.aliases)
    assert dashkin.n_mentions == 5
    assert by_alias["Pavel Dashkin"].id != dashkin.id
    assert "Regional militia commander" in dashkin.descriptions
    assert "Maj Gen" in dashkin.descriptions
    reasons = {e.reason for e in dashkin.evidence}
    assert "surname alone in one article" in reasons
    assert "spelling or transliteration variant" in reasons
    assert all(e.score is not None and not e.by_user for e in dashkin.evidence)
    assert by_alias["Oskol"].n_mentions == 2


def test_a_users_merge_and_split_survive_a_rerun(store: Store, settings: Settings) -> None:
    ids = _analysed(store, settings)
    by_alias = _entities(store)
    dashkin, pavel, oskol = by_alias["Yuriy Dashkin"].id, by_alias["Pavel Dashkin"].id, by_alias["Oskol"].id
    with store.transaction() as connection:
        split_id = manual.split(connection, dashkin, ["Iurii Dashkin"])
        manual.merge(connection, oskol, by_alias["Brenna"].id)
    for rerun in range(2):
        by_alias = _entities(store)
        assert by_alias["Iurii Dashkin"].id == split_id, rerun
        assert by_alias["Yury Dashkin"].id == dashkin
        assert "Iurii Dashkin" not in by_alias["Yuriy Dashkin"].aliases
        assert by_alias["Brenna"].id == oskol
        assert by_alias["Pavel Dashkin"].id == pavel
        assert any(e.by_user and e.reason == "user merge" for e in by_alias["Oskol"].evidence)
        with store.transaction() as connection:
            for article_id in ids.values():
                forget_runs(connection, article_id, ["entities"])
        assert analyze(store, settings, ALL)[-1].done == 4


def test_bad_input_does_not_stop_the_stage(store: Store, settings: Settings) -> None:
    crowd = " ".join(f"Name{i} Person{i}." for i in range(2000))
    texts = {
        "empty": "Nothing here names anyone at all.",
        "dots": "A line of dots ... and more.",
        "crowd": crowd,
    }
    ids = _add(store, texts)
    analyze(store, settings, BEFORE)
    spans, start = [], 0
    for i in range(2000):
        name = f"Name{i} Person{i}"
        at = crowd.index(name, start)
        spans.append((at, at + len(name), name, "PERSON"))
        start = at + len(name)
    dots = texts["dots"].index("...")
    _store_mentions(store, ids, {"empty": [], "dots": [(dots, dots + 3, "...", "PERSON")], "crowd": spans})
    report = analyze(store, settings, ALL)[-1]
    assert (report.done, report.failed) == (3, 0)
    assert any("punctuation" in warning for _id, warning in report.warnings)
    assert sum(r.n_mentions for r in export_records("entities", store)) == 2000  # type: ignore[attr-defined]


def test_the_entities_commands_list_merge_and_split(store: Store, settings: Settings) -> None:
    import subprocess
    import sys

    _analysed(store, settings)
    db = settings.store.db
    cli = [sys.executable, "-m", "corroborator"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*cli, *args], capture_output=True, text=True, timeout=120, check=False)

    listed = run("entities", "--db", db, "--kind", "person")
    assert listed.returncode == 0, listed.stderr
    assert "Yuriy Dashkin" in listed.stdout
    assert "Oskol" not in listed.stdout
    by_alias = _entities(store)
    split = run("entities", "split", by_alias["Yuriy Dashkin"].id, "Yury Dashkin", "--db", db)
    assert split.returncode == 0, split.stderr
    merged = run("entities", "--db", db, "merge", by_alias["Oskol"].id, by_alias["Brenna"].id)
    assert merged.returncode == 0, merged.stderr
    after = _entities(store)
    assert after["Yury Dashkin"].id != after["Yuriy Dashkin"].id
    assert after["Brenna"].id == after["Oskol"].id
    unknown = run("entities", "split", after["Oskol"].id, "Nowhere", "--db", db)
    assert unknown.returncode == 1
    assert "has no alias 'Nowhere'" in unknown.stderr
