from __future__ import annotations

from pathlib import Path

import pytest

from corroborator.config import load_settings
from corroborator.errors import ConfigError


def test_layers_apply_in_order_and_remember_their_origin(tmp_path: Path) -> None:
    config = tmp_path / "corroborator.toml"
    config.write_text("[dedupe]\nthreshold = 0.6\nnum_perm = 64\n[ingest]\ntimeout = 5\n", encoding="utf-8")
    settings = load_settings(
        config,
        overrides={"ingest.timeout": 7.5, "store.db": None},
        environ={"CORROBORATOR_DEDUPE__THRESHOLD": "0.7", "UNRELATED": "x"},
    )
    assert settings.dedupe.threshold == 0.7
    assert settings.dedupe.num_perm == 64
    assert settings.ingest.timeout == 7.5
    assert settings.store.db == "corroborator.db"
    origin = {name: where for name, _value, where in settings.items()}
    assert origin["dedupe.threshold"] == "env CORROBORATOR_DEDUPE__THRESHOLD"
    assert origin["dedupe.num_perm"] == str(config)
    assert origin["ingest.timeout"] == "command line"
    assert origin["store.db"] == "default"


def test_config_file_in_working_directory_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "corroborator.toml").write_text('[store]\ndb = "team.db"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_settings(environ={}).store.db == "team.db"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[dedupe]\nthreshold = 3\n", "dedupe.threshold"),
        ("[dedupe]\nshingles = 3\n", "unknown setting 'dedupe.shingles'"),
        ("[nonsense]\nx = 1\n", "unknown section [nonsense]"),
        ("[dedupe\n", "not valid TOML"),
    ],
)
def test_bad_config_files_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "c.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_settings(config, environ={})


def test_bad_environment_value_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="env CORROBORATOR_INGEST__WORKERS"):
        load_settings(environ={"CORROBORATOR_INGEST__WORKERS": "many"})


def test_missing_explicit_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "absent.toml", environ={})


def test_unknown_time_zone_is_refused_at_once() -> None:
    with pytest.raises(ConfigError, match="unknown time zone 'Mars/Olympus'"):
        load_settings(environ={"CORROBORATOR_INGEST__DEFAULT_TIMEZONE": "Mars/Olympus"})
