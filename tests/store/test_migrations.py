"""Migrations applied once, on purpose: `corroborator db upgrade`, `db current`, and the check
made when a store is opened (a PostgreSQL store behind the code is refused with what to run; a
SQLite file is brought up to date, as `make demo` relies on)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from tests.store.helpers import fresh_database

from corroborator.errors import StoreBehind, StoreError
from corroborator.models import ArticleDraft, Provenance, SourceKind
from corroborator.store import Store, add_article
from corroborator.store.migrate import alembic_config, head_revision

CLI = [sys.executable, "-m", "corroborator"]
PREVIOUS = "0008"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120)


def _set_back(db: str, revision: str = PREVIOUS) -> None:
    """Undo the newest migrations, as if the store had been made by the version before."""
    with Store(db, check=False) as store, store.engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def _one_article(store: Store) -> str:
    draft = ArticleDraft(
        text="The ferry left the harbour two hours late, the port authority said.",
        url="https://harbour.example/ferry",
        provenance=Provenance(kind=SourceKind.JSONL, source="ferries.jsonl", location="line 1"),
    )
    with store.transaction() as connection:
        return add_article(connection, draft).article_id


def test_a_sqlite_file_behind_the_code_is_brought_up_to_date_when_opened_and_keeps_its_articles(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "old.db")
    with Store(db) as store:
        article_id = _one_article(store)
    _set_back(db)
    with Store(db, check=False) as store:
        assert store.revision() == (PREVIOUS, head_revision())
    with Store(db) as store:
        assert store.revision() == (head_revision(), head_revision())
        with store.reading() as connection:
            assert connection.execute(text("select id from articles")).scalars().all() == [article_id]


def test_db_current_and_db_upgrade_on_a_sqlite_file(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    made = _cli("db", "upgrade", "--db", db)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == f"{db}: upgraded from an empty database to {head_revision()}"
    _set_back(db)
    behind = _cli("db", "current", "--db", db)
    assert behind.returncode == 0, behind.stderr
    assert behind.stdout.strip() == (
        f"{PREVIOUS} (this version of Corroborator needs {head_revision()}: "
        f"run `corroborator db upgrade --db {db}`)"
    )
    upgraded = _cli("db", "upgrade", "--db", db)
    assert upgraded.stdout.strip() == f"{db}: upgraded from migration {PREVIOUS} to {head_revision()}"
    assert _cli("db", "current", "--db", db).stdout.strip() == f"{head_revision()} (the newest)"
    again = _cli("db", "upgrade", "--db", db)
    assert again.stdout.strip() == f"{db}: already at migration {head_revision()}, the newest"


def test_db_current_on_a_missing_file_says_so_and_makes_no_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    result = _cli("db", "current", "--db", str(missing))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: database '{missing}' does not exist: run `corroborator ingest` first, "
        "or pass --db with the right path"
    )
    assert not missing.exists()


@pytest.mark.postgres
def test_a_new_postgresql_database_is_refused_until_db_upgrade_makes_its_tables(postgres_url: str) -> None:
    db = fresh_database(postgres_url, upgraded=False)
    with pytest.raises(StoreBehind) as refused:
        Store(db)
    assert str(refused.value) == (
        f"the database '{db}' has no Corroborator tables yet: run `corroborator db upgrade --db {db}` "
        "to create them"
    )
    result = _cli("db", "upgrade", "--db", db)
    assert result.returncode == 0, result.stderr
    with Store(db) as store:
        assert store.revision() == (head_revision(), head_revision())


@pytest.mark.postgres
def test_a_postgresql_store_behind_the_code_is_refused_in_one_line_and_keeps_its_data(
    postgres_url: str,
) -> None:
    db = fresh_database(postgres_url)
    with Store(db) as store:
        article_id = _one_article(store)
    _set_back(db)
    analyze = _cli("analyze", "--db", db)
    assert analyze.returncode == 1
    assert "Traceback" not in analyze.stderr
    assert analyze.stderr.strip().splitlines() == [
        f"error: the database '{db}' is at migration {PREVIOUS} and this version of Corroborator needs "
        f"{head_revision()}: run `corroborator db upgrade --db {db}` (once, for everyone who uses it)"
    ]
    with Store(db, check=False) as store:
        assert store.revision() == (PREVIOUS, head_revision())  # opening it changed nothing
    upgraded = _cli("db", "upgrade", "--db", db)
    assert upgraded.stdout.strip() == f"{db}: upgraded from migration {PREVIOUS} to {head_revision()}"
    with Store(db) as store, store.reading() as connection:
        assert connection.execute(text("select id from articles")).scalars().all() == [article_id]


@pytest.mark.postgres
def test_two_db_upgrades_at_once_on_a_new_database_migrate_it_once(postgres_url: str) -> None:
    db = fresh_database(postgres_url, upgraded=False)
    processes = [
        subprocess.Popen(
            [*CLI, "db", "upgrade", "--db", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outcomes = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    assert [code for code, _out, _err in outcomes] == [0, 0], outcomes
    said = sorted(out.strip() for _code, out, _err in outcomes)
    assert said == [
        f"{db}: already at migration {head_revision()}, the newest",
        f"{db}: upgraded from an empty database to {head_revision()}",
    ]


@pytest.mark.postgres
def test_a_database_made_by_a_newer_version_is_named_as_such(postgres_url: str) -> None:
    db = fresh_database(postgres_url)
    with Store(db) as store, store.transaction() as connection:
        connection.execute(text("update alembic_version set version_num = '0999'"))
    with pytest.raises(StoreError) as refused:
        Store(db)
    assert "is at migration 0999, which this version of Corroborator does not know" in str(refused.value)


def test_a_postgresql_server_that_cannot_be_reached_is_named_in_one_line() -> None:
    pytest.importorskip("psycopg")
    url = "postgresql+psycopg://nobody@127.0.0.1:1/newsroom"  # nothing listens on port 1
    with pytest.raises(StoreError) as refused:
        Store(url)
    message = str(refused.value)
    assert message.startswith(f"cannot open database '{url}': connection failed")
    assert "\n" not in message
