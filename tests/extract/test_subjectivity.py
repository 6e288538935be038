"""The shipped subjectivity model: it loads, reads hand-written sentences sensibly, and is deterministic."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from corroborator.errors import CorroboratorError
from corroborator.extract.subjectivity import (
    SubjectivityModel,
    char_ngrams,
    classify_sentence,
    classify_sentences,
    model,
    subjectivity_score,
)

ROOT = Path(__file__).resolve().parents[2]
NEWSSD = ROOT.parent / "shared" / "benchmarks" / "newssd"

OPINION = [
    "We should be ashamed of this ridiculous policy!",
    "I think this is a disgraceful and absurd decision!",
    "This reckless plan is a betrayal of everyone who trusted the mayor.",
    "Frankly, the minister's excuses are pathetic and nobody believes them any more.",
    "It is hard to imagine a more cynical piece of legislation.",
    "The new tram line is a monument to vanity, and taxpayers will pay for it for decades.",
]
REPORTING = [
    "The agency said 40 flights were cancelled on Tuesday.",
    "The ferry company said services would resume on Friday.",
    "The bridge, which opened in 1932, carries about 18,000 vehicles a day.",
    "Police arrested two men in Larkfield on Sunday, according to a statement.",
    "The report was published by the statistics office on Wednesday morning.",
    "Shares in the company fell 4 per cent after the results were released.",
    "The harbour master said the pier would reopen on Friday.",
]


def test_the_shipped_model_loads_and_says_what_it_was_trained_on() -> None:
    loaded = model()
    assert set(loaded.blocks) == {"words", "chars"}
    assert all(len(grams) > 1000 for grams in loaded.blocks.values())
    assert "NewsSD" in str(loaded.about["about"])
    assert "CC BY 4.0" in str(loaded.about["about"])
    assert len(str(loaded.about["train_sha256"])) == 64


@pytest.mark.parametrize("sentence", OPINION)
def test_opinion_is_subjective(sentence: str) -> None:
    assert classify_sentence(sentence) == "SUBJ"
    assert subjectivity_score(sentence) > 0.5


@pytest.mark.parametrize("sentence", REPORTING)
def test_reporting_is_objective(sentence: str) -> None:
    assert classify_sentence(sentence) == "OBJ"
    assert subjectivity_score(sentence) < 0.5


def test_a_sentence_with_no_known_ngram_gets_the_prior() -> None:
    assert model().score("") == model().intercept
    assert classify_sentences(["", "Qzx vvk!"]) == [classify_sentence(""), classify_sentence("Qzx vvk!")]


def test_the_classifier_is_deterministic() -> None:
    sentences = OPINION + REPORTING
    first = [model().score(s) for s in sentences]
    assert [model().score(s) for s in sentences] == first
    text = files("corroborator.extract").joinpath("data", "subjectivity.json").read_text(encoding="utf-8")
    reloaded = SubjectivityModel.from_json(json.loads(text))
    assert [reloaded.score(s) for s in sentences] == first
    # the same scores, to the last bit, in a process with other string hashes
    program = (
        "import sys, json; from corroborator.extract.subjectivity import model; "
        "print(json.dumps([model().score(s) for s in json.loads(sys.stdin.read())]))"
    )
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", program],
            input=json.dumps(sentences),
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        assert json.loads(out) == first


@pytest.mark.parametrize("sentence", ["", "a", "Two  spaces\tand a tab", "It's 5 o'clock, “so” they say."])
def test_char_ngrams_stay_inside_words(sentence: str) -> None:
    expected = []
    for word in sentence.lower().split():
        padded = f" {word} "
        for n in (3, 4, 5):
            expected.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    assert sorted(char_ngrams(sentence)) == sorted(expected)


def test_a_model_in_another_format_says_how_to_rebuild_it() -> None:
    with pytest.raises(CorroboratorError, match="rebuild it"):
        SubjectivityModel.from_json({"blocks": {"words": {"x": [1.0]}}, "intercept": 0.0})
    with pytest.raises(CorroboratorError, match="syllables"):
        SubjectivityModel.from_json({"blocks": {"syllables": {}}, "intercept": 0.0})


@pytest.mark.slow
@pytest.mark.benchmarks
def test_the_training_script_rebuilds_the_shipped_file(monkeypatch: pytest.MonkeyPatch) -> None:
    if not NEWSSD.is_dir():
        pytest.skip(f"{NEWSSD} is absent: the shipped model cannot be rebuilt here")
    pytest.importorskip("sklearn")
    spec = importlib.util.spec_from_file_location(
        "train_subjectivity", ROOT / "benchmarks/train_subjectivity.py"
    )
    assert spec is not None
    assert spec.loader is not None
    train = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, train)  # dataclasses look their module up there
    spec.loader.exec_module(train)
    _trials, best, text = train.build(NEWSSD, measure_use=False)
    shipped = files("corroborator.extract").joinpath("data", "subjectivity.json").read_text(encoding="utf-8")
    assert text == shipped, "run python benchmarks/train_subjectivity.py and commit the new file"
    assert best.approach == model().about["approach"]
