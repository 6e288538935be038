"""The same migrations and the same pipeline on a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from tests.store.helpers import fresh_database

from corroborator.config import load_settings
from corroborator.demo import data_dir, gold_path
from corroborator.eval.copygroups import score_copy_groups
from corroborator.export import export_records
from corroborator.ingest import ingest
from corroborator.pipeline import analyze
from corroborator.store import Store
from corroborator.store.migrate import alembic_config, declared
from corroborator.store.tables import metadata

pytestmark = pytest.mark.postgres


def _demo_sources() -> list[str]:
    return sorted(
        str(p) for p in data_dir().rglob("*") if p.is_file() and p.name not in ("gold.json", "README.md")
    )


def _run(db: str) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    settings = load_settings(
        overrides={"store.db": db, "ingest.workers": 1, "pipeline.workers": 1}, environ={}
    )
    with Store(db) as store:
        summary = ingest(_demo_sources(), store, settings.ingest)
        assert (summary.new, summary.failed) == (19, 0)
        analyze(store, settings)
        assert score_copy_groups(store, gold_path()).f1 == 1.0
        articles = [r.model_dump(exclude={"ingested_at"}) for r in export_records("articles", store)]
        groups = [r.model_dump() for r in export_records("copy-groups", store)]
    return articles, groups


def test_migrations_build_the_declared_schema_on_postgresql(postgres_url: str) -> None:
    with Store(postgres_url) as store, store.reading() as connection:
        assert connection.dialect.name == "postgresql"
        assert (
            compare_metadata(
                MigrationContext.configure(connection, opts={"include_name": declared}), metadata
            )
            == []
        )


def test_the_demo_gives_the_same_results_on_postgresql_and_sqlite(postgres_url: str, tmp_path: Path) -> None:
    with Store(postgres_url) as store, store.transaction() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(text(f'TRUNCATE "{table.name}" CASCADE'))
    on_postgres = _run(postgres_url)
    on_sqlite = _run(str(tmp_path / "same.db"))
    assert on_postgres == on_sqlite


def test_claim_group_corrections_are_kept_and_applied_on_postgresql(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.align.test_corrections import _flood_story, _holding, _shape
    from tests.align.test_stage import _run as align

    from corroborator.align import manual
    from corroborator.store.claim_group_corrections import iter_corrections

    settings = load_settings(overrides={"store.db": postgres_url, "pipeline.workers": 1}, environ={})
    with Store(postgres_url) as store:
        with store.transaction() as connection:
            for table in reversed(metadata.sorted_tables):
                connection.execute(text(f'TRUNCATE "{table.name}" CASCADE'))
        a = _flood_story(store)
        align(store, settings)
        with store.transaction() as connection:
            bridge, school = _holding(connection, a["crews"]), _holding(connection, a["mayor"])
            manual.realign(connection, settings, manual.merge(connection, bridge.id, school.id, by="Ana"))
            merged = _holding(connection, a["crews"])
            manual.realign(
                connection,
                settings,
                manual.set_verdict(connection, merged.id, "disputed", by="Ben", reason="two events"),
            )
            expected = _shape(connection)
        monkeypatch.setattr("corroborator.align.stage.VERSION", "postgres-test")
        assert align(store, settings).done == 2
        with store.reading() as connection:
            assert _shape(connection) == expected
            assert str(_holding(connection, a["mayor"]).verdict) == "disputed"
            made = iter_corrections(connection)
        assert [(c.kind.value, c.by, c.note) for c in made] == [
            ("merge", "Ana", None),
            ("verdict", "Ben", None),
        ]
        assert all(c.at.utcoffset() is not None for c in made)


def test_the_views_are_made_on_postgresql_and_search_is_left_to_sqlite(postgres_url: str) -> None:
    db = fresh_database(postgres_url)
    with Store(db) as store, store.reading() as connection:
        for view in ("claims_by_outlet", "claims_with_articles"):
            assert connection.execute(text(f"select * from {view}")).all() == []
        tables = connection.execute(text("select tablename from pg_tables where tablename like '%fts%'"))
        assert tables.all() == []
    with Store(db, check=False) as store, store.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0010")
        command.upgrade(alembic_config(connection), "head")
    with Store(db) as store:
        assert store.revision()[0] == store.revision()[1]


def test_claim_vectors_are_stored_as_float32_bytes_and_replaced_on_postgresql(postgres_url: str) -> None:
    import numpy as np
    from tests.store.helpers import fresh_database

    from corroborator.align.vectors import from_bytes, to_bytes
    from corroborator.store.claim_vectors import store_vectors, stored_vectors

    vector = np.linspace(-1, 1, 512, dtype=np.float32)
    with Store(fresh_database(postgres_url)) as store:
        with store.transaction() as connection:
            store_vectors(connection, "use-m3:1", {"c1": ("old", to_bytes(-vector))})
            store_vectors(
                connection, "use-m3:1", {"c1": ("new", to_bytes(vector)), "c2": ("d", to_bytes(vector))}
            )
        with store.reading() as connection:
            found = stored_vectors(connection, "use-m3:1", ["c1", "c2", "c3"])
    assert sorted(found) == ["c1", "c2"]
    assert found["c1"][0] == "new"
    assert np.array_equal(from_bytes(found["c1"][1]), vector)
