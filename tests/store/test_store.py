from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateIndex, CreateTable

from corroborator.errors import StoreError
from corroborator.models import ArticleDraft, PartialTime, Precision, Provenance, SourceKind
from corroborator.store import AddStatus, Store, add_article, add_articles
from corroborator.store.articles import get_articles
from corroborator.store.migrate import current_revision, declared, head_revision
from corroborator.store.tables import metadata


def draft(text: str, url: str | None = "https://www.wire.example/a", **fields: object) -> ArticleDraft:
    return ArticleDraft(
        text=text,
        url=url,
        provenance=Provenance(kind=SourceKind.JSONL, source="dump.jsonl", location="line 1"),
        **fields,  # type: ignore[arg-type]
    )


def test_migrations_build_exactly_the_declared_schema(store: Store) -> None:
    with store.reading() as connection:
        assert current_revision(connection) == head_revision()
        diff = compare_metadata(
            MigrationContext.configure(connection, opts={"include_name": declared}), metadata
        )
    assert diff == []


def test_reopening_a_store_keeps_its_data(settings: object, store: Store) -> None:
    with store.transaction() as connection:
        add_article(connection, draft("Text one."))
    with Store(store.url.removeprefix("sqlite:///")) as again:
        assert again.count_articles() == 1


def test_same_draft_twice_stores_it_once(store: Store) -> None:
    with store.transaction() as connection:
        first = add_article(connection, draft("Air raid sirens sounded at dawn."))
        second = add_article(connection, draft("Air raid sirens sounded at dawn."))
    assert first.status is AddStatus.NEW
    assert second.status is AddStatus.UNCHANGED
    assert first.article_id == second.article_id
    assert store.count_articles() == 1


def test_changed_text_at_same_url_is_a_new_revision_and_the_old_one_stays(store: Store) -> None:
    with store.transaction() as connection:
        old = add_article(connection, draft("Five people were hurt."))
    with store.transaction() as connection:
        new = add_article(connection, draft("Seven people were hurt, officials now say."))
        [old_article, new_article] = get_articles(connection, [old.article_id, new.article_id])
    assert new.status is AddStatus.REVISED
    assert new.revision_of == old.article_id
    assert (new_article.revision, new_article.revision_of, new_article.is_current) == (
        2,
        old.article_id,
        True,
    )
    assert (old_article.text, old_article.is_current) == ("Five people were hurt.", False)
    assert store.count_articles() == 2
    assert store.count_articles(current_only=True) == 1


def test_two_versions_in_one_batch_chain_as_revisions(store: Store) -> None:
    with store.transaction() as connection:
        results = add_articles(connection, [draft("v1"), draft("v2"), draft("v3"), draft("v2")])
    assert [r.status for r in results] == [
        AddStatus.NEW,
        AddStatus.REVISED,
        AddStatus.REVISED,
        AddStatus.UNCHANGED,
    ]
    with store.reading() as connection:
        third = get_articles(connection, [results[2].article_id])[0]
    assert (third.revision, third.revision_of) == (3, results[1].article_id)


def test_identical_text_from_two_outlets_is_two_articles(store: Store) -> None:
    with store.transaction() as connection:
        a = add_article(connection, draft("Same wire text.", url="https://one.example/x"))
        b = add_article(connection, draft("Same wire text.", url="https://two.example/y"))
    assert a.article_id != b.article_id
    with store.reading() as connection:
        first, second = get_articles(connection, [a.article_id, b.article_id])
    assert first.content_hash == second.content_hash
    assert (first.outlet, second.outlet) == ("one.example", "two.example")


def test_text_and_time_are_stored_exactly(store: Store) -> None:
    text = "  «Quoted»\r\n\tline — with “curly” quotes and Cyrillic: Курск.  \n"
    published = PartialTime(value="2025-05-24", precision=Precision.DAY)
    with store.transaction() as connection:
        result = add_article(connection, draft(text, external_id="rec-7", published=published))
        [article] = get_articles(connection, [result.article_id])
    assert article.text == text
    assert article.published == published
    assert article.external_id == "rec-7"


def test_a_failed_transaction_leaves_nothing_behind(store: Store) -> None:
    def interrupted_write() -> None:
        with store.transaction() as connection:
            add_article(connection, draft("Will be rolled back."))
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        interrupted_write()
    assert store.count_articles() == 0


def test_sqlite_utils_opens_the_file_as_is(store: Store) -> None:
    with store.transaction() as connection:
        add_article(connection, draft("Readable table.", url="https://www.wire.example/r", title="A title"))
    db = sqlite_utils.Database(store.url.removeprefix("sqlite:///"))
    assert {"articles", "outlets", "copy_groups", "stage_runs", "claims"} <= set(db.table_names())
    [row] = list(db["articles"].rows)
    assert (row["title"], row["outlet_id"], row["text"]) == ("A title", "wire.example", "Readable table.")


def test_schema_compiles_for_postgresql() -> None:
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    for table in metadata.sorted_tables:
        assert "CREATE TABLE" in str(CreateTable(table).compile(dialect=dialect))
        for index in table.indexes:
            assert "CREATE INDEX" in str(CreateIndex(index).compile(dialect=dialect))


def test_missing_database_is_refused_when_it_must_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(str(tmp_path / "absent.db"), create=False)


def test_database_in_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"folder .* is missing"):
        Store(str(tmp_path / "no" / "such" / "x.db"))


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is a text file, not SQLite\n" * 20, encoding="utf-8")
    with pytest.raises(StoreError, match="cannot open database"):
        Store(str(path))
    assert path.read_text(encoding="utf-8").startswith("this is a text file")


def test_store_accepts_a_database_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'by-url.db'}"
    with Store(url) as by_url:
        assert by_url.count_articles() == 0
    assert (tmp_path / "by-url.db").exists()
