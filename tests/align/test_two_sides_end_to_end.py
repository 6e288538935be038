"""Eight short reports of one night of strikes between two states, written for this test, run
through the whole flow: each side's word stays that side's, however the reports phrase it."""

from __future__ import annotations

import json
from pathlib import Path

from corroborator.config import Settings
from corroborator.export import export_records
from corroborator.ingest import ingest
from corroborator.pipeline import analyze
from corroborator.store import Store

REPORTS = [
    (
        "https://lima-daily.example/1",
        "Peru says it downed four Chilean jets",
        "LIMA: Peru's military said on Wednesday that its air force shot down four Chilean fighter jets "
        "during overnight strikes on Peruvian territory.\n\nMilitary spokesman General Rosa Quispe told "
        "reporters that Chilean missiles hit six towns and killed 22 civilians.\n\nChile has not commented "
        "on the loss of any aircraft.",
    ),
    (
        "https://santiago-post.example/2",
        "Chile strikes eight depots in Peru",
        "SANTIAGO: Chile's defence ministry said on Wednesday that its armed forces struck eight depots in "
        "Peru that it described as smuggling bases.\n\nThe ministry said no Peruvian military site had "
        "been targeted.",
    ),
    (
        "https://wire.example/3",
        "Chile strikes Peru; Peru says it shot down jets",
        "Chile struck eight depots in Peru overnight, its defence ministry said, while Peru's military said "
        "it had shot down four Chilean aircraft.\n\nChile's government did not respond to a request for "
        "comment on Peru's claim about the jets. The agency could not verify either side's account.",
    ),
    (
        "https://gulf-news.example/4",
        "Peru says strikes killed civilians",
        "Peru said Chilean missile strikes killed at least 22 civilians in border towns.\n\nPeru's military "
        "spokesman said the air force downed four Chilean planes, a claim Chile has not confirmed.",
    ),
    (
        "https://santiago-times.example/5",
        "Government rejects jet claims",
        "Chile's government on Wednesday dismissed as propaganda Peru's claim that it had shot down Chilean "
        "jets.\n\nThe defence ministry said all Chilean pilots had returned safely.",
    ),
]


def test_each_side_s_word_stays_its_own(tmp_path: Path, store: Store, settings: Settings) -> None:
    feed = tmp_path / "night.jsonl"
    feed.write_text(
        "\n".join(
            json.dumps({"url": url, "published": f"2031-05-0{n}T08:00:00Z", "title": title, "text": text})
            for n, (url, title, text) in enumerate(REPORTS, start=1)
        ),
        encoding="utf-8",
    )
    assert ingest([str(feed)], store, settings.ingest).failed == 0
    analyze(store, settings)
    groups = list(export_records("claim-groups", store))
    claimants = {m.claimant for g in groups for m in g.members}  # type: ignore[attr-defined]
    # A dateline is no speaker, and a verdict the parser hung on a name is not part of it.
    assert not claimants & {"LIMA", "SANTIAGO", "LIMA:", "SANTIAGO:", "propaganda Peru's"}
    assert not any(g.label.startswith(("LIMA", "SANTIAGO")) for g in groups)  # type: ignore[attr-defined]
    jets = [g for g in groups if "four Chilean" in g.label or "shot down four" in g.label]  # type: ignore[attr-defined]
    assert jets
    # The closing comment "a claim Chile has not confirmed" is not Peru's word.
    assert not any("has not confirmed" in g.label for g in jets)  # type: ignore[attr-defined]
    for group in jets:
        # Peru's claim is not confirmed by Chile's silence or by Chile's own denial.
        assert group.verdict != "corroborated"  # type: ignore[attr-defined]
        if "chile-state" in group.parties:  # type: ignore[attr-defined]
            # a Chilean statement close in words joined it: Chile denying the claim, it says why
            assert any("chile-state also denies it" in r for r in group.reasons)  # type: ignore[attr-defined]
    depots = [g for g in groups if "eight depots" in g.label]  # type: ignore[attr-defined]
    assert depots
    # The strike Chile announced and the jets Peru claims are two propositions.
    assert not any("four Chilean" in g.label for g in depots)  # type: ignore[attr-defined]
