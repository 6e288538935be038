"""Server-side render time of one large story's dossier.

Builds a synthetic store holding one story of ``--articles`` articles (default 500) over 60
outlets, with three claims, one attribution and one quantity claim per article, copy groups
of four, and ``--groups`` claim groups (default 80) of 3 to 40 claims drawn across the articles;
then times building the dossier from the store and rendering it as HTML, Markdown and JSON
(best and median of ``--runs``), and prints the HTML size.

    python benchmarks/dossier_render.py [--articles 500] [--groups 80] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from corroborator.models import (
    ArticleDraft,
    ClaimGroup,
    ClaimGroupMember,
    EpistemicStatus,
    PartialTime,
    Precision,
    Provenance,
    SourceKind,
    Verdict,
    content_id,
)
from corroborator.report import build_dossier, render_html, render_json, render_markdown
from corroborator.store import Store, add_articles
from corroborator.store import stories as story_store
from corroborator.store.claim_groups import replace_claim_groups
from corroborator.store.tables import attributions, claims, copy_group_members, copy_groups, quantity_claims

STATUSES = [
    EpistemicStatus.ATTRIBUTED,
    EpistemicStatus.ASSERTED,
    EpistemicStatus.HEDGED,
    EpistemicStatus.DENIED,
]
SPEAKERS = ["the ministry", "a regional governor", "the army spokesman", "local residents", "the mayor"]


def _text(number: int, rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    sentences = [
        f"Officials said {rng.randint(10, 900)} drones were shot down overnight in district {number % 40}.",
        f"The governor reported that {rng.randint(1, 30)} buildings were damaged near the river.",
        f"Residents described loud explosions for about {rng.randint(1, 5)} hours before dawn.",
        "Independent confirmation was not available.",
    ]
    text, spans = "", []
    for sentence in sentences:
        spans.append((len(text), len(text) + len(sentence)))
        text += sentence + " "
    return text.strip(), spans


def build_store(db: Path, n_articles: int, n_groups: int, rng: random.Random) -> str:
    story_id = "story-bench"
    start = datetime(2031, 5, 1, tzinfo=UTC)
    drafts, spans_of = [], {}
    for number in range(n_articles):
        text, _spans = _text(number, rng)
        moment = start + timedelta(minutes=17 * number)
        drafts.append(
            ArticleDraft(
                url=f"https://outlet{number % 60}.example/news/{number}",
                outlet=f"Outlet {number % 60}",
                title=f"Night attack report number {number}",
                text=text,
                published=PartialTime.from_datetime(moment, Precision.MINUTE),
                language="en",
                provenance=Provenance(
                    kind=SourceKind.URL, source=f"https://outlet{number % 60}.example/news/{number}"
                ),
            )
        )
    with Store(str(db)) as store, store.transaction() as connection:
        results = add_articles(connection, drafts)
        ids = [r.article_id for r in results]
        story_store.ensure_story(connection, story_id, None)
        for article_id in ids:
            story_store.set_member(connection, article_id, story_id)
        story_store.save_label(
            connection,
            story_id,
            label="Night drone attack",
            first_published=None,
            last_published=None,
            key_entities=[],
        )
        group_rows, member_rows, claim_rows, attribution_rows, quantity_rows = [], [], [], [], []
        for number, (article_id, draft) in enumerate(zip(ids, drafts, strict=True)):
            spans_of[article_id] = _text(number, random.Random(number))[1]
            if number % 4 == 0:
                group = f"cg-{number:05d}"
                group_rows.append(
                    {"id": group, "representative_id": article_id, "size": min(4, n_articles - number)}
                )
            member_rows.append(
                {"article_id": article_id, "copy_group_id": group, "similarity": 0.9, "method": "minhash"}
            )
            text = draft.text
            sentence_spans = [(m, m + len(s)) for m, s in _offsets(text)]
            attribution = content_id(article_id, "attribution")
            s0, e0 = sentence_spans[0]
            attribution_rows.append(
                {
                    "id": attribution,
                    "article_id": article_id,
                    "source_start_char": s0,
                    "source_end_char": s0 + 9,
                    "source_text": text[s0 : s0 + 9],
                    "cue_start_char": s0 + 10,
                    "cue_end_char": s0 + 14,
                    "cue_text": text[s0 + 10 : s0 + 14],
                    "content_start_char": s0 + 15,
                    "content_end_char": e0,
                    "content_text": text[s0 + 15 : e0],
                    "content_spans": [{"start": s0 + 15, "end": e0, "text": text[s0 + 15 : e0]}],
                    "kind": "indirect",
                }
            )
            for index, (s, e) in enumerate(sentence_spans[:3]):
                claim = content_id(article_id, "claim", str(s))
                claim_rows.append(
                    {
                        "id": claim,
                        "article_id": article_id,
                        "start_char": s,
                        "end_char": e,
                        "text": text[s:e],
                        "status": str(STATUSES[(number + index) % 4]),
                        "hedges": [],
                        "denials": [],
                        "attribution_id": attribution if index == 0 else None,
                        "chain": [SPEAKERS[number % 5]],
                        "claimant": SPEAKERS[number % 5],
                        "subjective": False,
                    }
                )
            number_text = text[s0 + 14 : s0 + 25]
            quantity_rows.append(
                {
                    "id": content_id(article_id, "quantity"),
                    "article_id": article_id,
                    "claim_id": claim_rows[-3]["id"],
                    "start_char": s0 + 14,
                    "end_char": s0 + 25,
                    "text": number_text,
                    "value": float(rng.randint(10, 900)),
                    "bound": "exact",
                    "vague": False,
                    "counted_thing": "drones",
                    "action": "shot down",
                    "claimant": SPEAKERS[number % 5],
                    "window_text": "overnight",
                    "parts": [],
                }
            )
        connection.execute(copy_groups.insert(), group_rows)
        connection.execute(copy_group_members.insert(), member_rows)
        connection.execute(attributions.insert(), attribution_rows)
        connection.execute(claims.insert(), claim_rows)
        connection.execute(quantity_claims.insert(), quantity_rows)
        groups = []
        pool = rng.sample(claim_rows, k=len(claim_rows))  # a claim belongs to one group at most
        for g in range(n_groups):
            size = rng.randint(3, 40)
            chosen, pool = pool[:size], pool[size:]
            if not chosen:
                break
            members = [
                ClaimGroupMember(
                    claim_id=c["id"],
                    article_id=c["article_id"],
                    status=EpistemicStatus(c["status"]),
                    claimant=c["claimant"],
                    origin=c["claimant"],
                    party=rng.choice(["side-a", "side-b", None]),
                )
                for c in {c["id"]: c for c in chosen}.values()
            ]
            origins = list(dict.fromkeys(m.origin for m in members))
            groups.append(
                ClaimGroup(
                    id=f"group-{g:03d}",
                    story_id=story_id,
                    label=f"claim {g}: {chosen[0]['text'][:60]}",
                    claim_ids=[m.claim_id for m in members],
                    verdict=rng.choice(list(Verdict)),
                    n_articles=len({m.article_id for m in members}),
                    n_origins=len(origins),
                    members=members,
                    origins=origins,
                    parties=sorted({m.party for m in members if m.party}),
                )
            )
        replace_claim_groups(connection, story_id, groups)
    return story_id


def _offsets(text: str) -> list[tuple[int, str]]:
    found, start = [], 0
    for piece in text.split(". "):
        sentence = piece if piece.endswith(".") else piece + "."
        found.append((start, sentence))
        start += len(piece) + 2
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--groups", type=int, default=80)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        story_id = build_store(db, options.articles, options.groups, random.Random(7))
        with Store(str(db)) as store:
            timings: dict[str, list[float]] = {"build": [], "html": [], "md": [], "json": []}
            size = 0
            for _ in range(options.runs):
                began = time.perf_counter()
                with store.reading() as connection:
                    dossier = build_dossier(connection, story_id)
                timings["build"].append(time.perf_counter() - began)
                for name, render in (("html", render_html), ("md", render_markdown), ("json", render_json)):
                    began = time.perf_counter()
                    text = render(dossier)
                    timings[name].append(time.perf_counter() - began)
                    if name == "html":
                        size = len(text.encode("utf-8"))
    print(
        f"story of {dossier.headline.n_articles} articles, {len(dossier.outlets)} outlets, "
        f"{len(dossier.matrix)} claim groups, {len(dossier.numbers)} numbers"
    )
    for name, values in timings.items():
        print(f"{name:>5}: best {min(values):.3f} s, median {statistics.median(values):.3f} s")
    total = [build + html for build, html in zip(timings["build"], timings["html"], strict=True)]
    print(f"build + html: median {statistics.median(total):.3f} s (target < 1 s); html {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
