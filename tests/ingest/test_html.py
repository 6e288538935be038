"""HTML files: main text without boilerplate, title, author, site name, publication time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from corroborator.config import IngestSettings
from corroborator.ingest import ingest
from corroborator.models import Article, Precision, SourceKind
from corroborator.store import Store

MakeSettings = Callable[..., IngestSettings]
Stored = Callable[[], list[Article]]

NAV = (
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
    "<li><a href='/sport'>Sport</a></li><li><a href='/subscribe'>Subscribe today</a></li></ul></nav>"
)
FOOTER = "<footer><p>Copyright 2025 Valley Courier. All rights reserved. Privacy policy.</p></footer>"
BODY = (
    "<p>The old stone bridge over the Lessa river reopened to traffic on Friday morning, four "
    "months after floodwater undermined two of its piers and forced the county to close it.</p>"
    "<p>Engineers from the county roads office said the piers had been rebuilt on new concrete "
    "footings and that the bridge would be inspected again after the spring thaw.</p>"
    "<p>Shopkeepers on both banks said the closure had cut their takings by almost half, because "
    "customers had to drive twelve kilometres around to reach them.</p>"
)


def page(head: str = "", body: str = BODY, title: str = "Bridge reopens after flood repairs") -> str:
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} | Valley Courier</title>{head}</head><body>{NAV}"
        f"<article><h1>{title}</h1>{body}</article>{FOOTER}</body></html>"
    )


FULL_HEAD = (
    "<meta property='og:title' content='Bridge reopens after flood repairs'>"
    "<meta property='og:site_name' content='Valley Courier'>"
    "<meta name='author' content='Marta Kowalczyk'>"
    "<meta property='article:published_time' content='2025-03-14T09:45:00+02:00'>"
)


def test_html_page_gives_main_text_and_metadata(
    tmp_path: Path,
    store: Store,
    make_settings: MakeSettings,
    stored: Stored,
    outlets: Callable[[], dict[str, str]],
) -> None:
    path = tmp_path / "bridge.html"
    path.write_text(page(FULL_HEAD), encoding="utf-8")

    summary = ingest([str(path)], store, make_settings())

    assert (summary.new, summary.failed) == (1, 0)
    [article] = stored()
    assert article.text.startswith("Bridge reopens after flood repairs\n")
    assert "undermined two of its piers" in article.text
    assert "twelve kilometres around to reach them." in article.text
    for boilerplate in ("Subscribe today", "Sport", "All rights reserved", "Privacy policy"):
        assert boilerplate not in article.text
    assert article.title == "Bridge reopens after flood repairs"
    assert article.author == "Marta Kowalczyk"
    assert outlets()[article.outlet] == "Valley Courier"
    assert article.published is not None
    assert (article.published.value, article.published.precision) == ("2025-03-14T07:45Z", Precision.MINUTE)
    assert article.provenance.kind is SourceKind.HTML
    assert article.language == "en"


@pytest.mark.parametrize(
    "head_or_body",
    [
        "<meta property='article:published_time' content='2025-03-14'>",
        "<meta name='date' content='2025-03-14'>",
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", "datePublished": "2025-03-14"}</script>',
        "<p class='dateline'>Published <time datetime='2025-03-14'>14 March 2025</time></p>",
    ],
)
def test_a_page_with_only_a_date_gets_day_precision_not_midnight(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored, head_or_body: str
) -> None:
    html = page(body=head_or_body + BODY) if head_or_body.startswith("<p") else page(head_or_body)
    (tmp_path / "dated.html").write_text(html, encoding="utf-8")

    ingest([str(tmp_path / "dated.html")], store, make_settings())

    [article] = stored()
    assert article.published is not None
    assert (article.published.value, article.published.precision) == ("2025-03-14", Precision.DAY)


def test_json_ld_time_is_converted_to_utc(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    script = (
        "<script type='application/ld+json'>"
        '{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"datePublished": "2025-03-14T23:10:00-04:00"}</script>'
    )
    (tmp_path / "ld.html").write_text(page(script), encoding="utf-8")

    ingest([str(tmp_path / "ld.html")], store, make_settings())

    [article] = stored()
    assert article.published is not None
    assert (article.published.value, article.published.precision) == ("2025-03-15T03:10Z", Precision.MINUTE)


def test_time_without_zone_is_taken_in_the_default_timezone(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    head = "<meta property='article:published_time' content='2025-07-01T12:00'>"
    (tmp_path / "local.html").write_text(page(head), encoding="utf-8")

    ingest([str(tmp_path / "local.html")], store, make_settings(default_timezone="Europe/Kyiv"))

    [article] = stored()
    assert article.published is not None
    assert article.published.value == "2025-07-01T09:00Z"


def test_html_saved_as_txt_is_ingested_as_html(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_text(page(FULL_HEAD), encoding="utf-8")

    summary = ingest([str(path)], store, make_settings())

    assert (summary.new, summary.failed) == (1, 0)
    [article] = stored()
    assert "<p>" not in article.text
    assert "undermined two of its piers" in article.text
    assert "Subscribe today" not in article.text
    assert article.title == "Bridge reopens after flood repairs"
    assert article.author == "Marta Kowalczyk"
    assert article.provenance.kind is SourceKind.HTML
    assert article.provenance.source == str(path)


def test_malformed_html_is_still_parsed(
    tmp_path: Path, store: Store, make_settings: MakeSettings, stored: Stored
) -> None:
    broken = (
        "<html><head><title>Market hall fire</title><body><div class='story'>"
        "<p>A fire broke out in the covered market hall early on Sunday, destroying six stalls "
        "and the roof above the fish counters, the fire brigade said.<p>Nobody was hurt, but "
        "traders said they had lost stock worth several thousand euros <b>and <i>their tools."
        "<p>Investigators suspect a faulty freezer in one of the stalls</div></span></td>"
        '<<>>&&; </garbage attr="unterminated>'
    )
    (tmp_path / "broken.html").write_text(broken, encoding="utf-8")

    summary = ingest([str(tmp_path / "broken.html")], store, make_settings())

    assert (summary.new, summary.failed) == (1, 0)
    [article] = stored()
    assert "destroying six stalls" in article.text
    assert "lost stock worth several thousand euros" in article.text
    assert "<" not in article.text.replace("<<>>", "")


RUSSIAN_BODY = (
    "<p>Городской совет утвердил новый бюджет на следующий год. Депутаты проголосовали за "
    "увеличение расходов на ремонт школ и больниц.</p><p>Мэр пообещал, что работы начнутся "
    "весной, как только сойдёт снег и подсохнут дороги в северном районе.</p>"
)
FRENCH_BODY = (
    "<p>Le conseil municipal a adopté mardi soir le budget de l'année prochaine. Les élus ont voté "
    "une hausse des dépenses pour la rénovation des écoles.</p><p>À côté de la gare, on prévoit un "
    "théâtre et une bibliothèque, a précisé le maire après la séance.</p>"
)


@pytest.mark.parametrize(
    ("declared", "title", "body", "encoding", "language"),
    [
        ("windows-1251", "Бюджет принят", RUSSIAN_BODY, "cp1251", "ru"),
        (None, "Бюджет принят", RUSSIAN_BODY, "cp1251", "ru"),
        (None, "Budget adopté", FRENCH_BODY, "cp1252", "fr"),
    ],
)
def test_html_in_a_legacy_encoding_is_decoded(
    tmp_path: Path,
    store: Store,
    make_settings: MakeSettings,
    stored: Stored,
    declared: str | None,
    title: str,
    body: str,
    encoding: str,
    language: str,
) -> None:
    meta = f"<meta http-equiv='Content-Type' content='text/html; charset={declared}'>" if declared else ""
    html = (
        f"<html><head>{meta}<title>{title}</title></head><body>{NAV}<article>{body}</article></body></html>"
    )
    (tmp_path / "legacy.html").write_bytes(html.encode(encoding))

    ingest([str(tmp_path / "legacy.html")], store, make_settings())

    [article] = stored()
    first_sentence = body[3 : body.index(".")]
    assert article.text.startswith(first_sentence)
    assert article.title == title
    assert article.language == language


def test_trafilatura_1_results_as_a_dict_are_read_like_its_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """trafilatura 1.x returns a dict where 2.x returns a Document: both give the same draft."""
    import trafilatura

    from corroborator.ingest.html import extract_html

    content = page(head="<meta name='author' content='Ilse Brandt'>")
    as_document = extract_html(content, "bridge.html", url="https://courier.example/bridge")
    real = trafilatura.bare_extraction

    def as_dict(*args: object, **kwargs: object) -> object:
        return real(*args, **kwargs).as_dict()  # type: ignore[union-attr, arg-type]

    monkeypatch.setattr(trafilatura, "bare_extraction", as_dict)
    assert extract_html(content, "bridge.html", url="https://courier.example/bridge") == as_document
    assert "The old stone bridge over the Lessa river" in as_document["text"]
    assert as_document["author"] == "Ilse Brandt"
