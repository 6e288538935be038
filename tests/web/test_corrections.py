"""Correcting claim groups through the JSON API and the claim group page's forms (on a copy
of the demo store): only with the password or the form token; the story is aligned again at
once; each correction is shown with who, when and why on the page, in the dossier (HTML,
Markdown, JSON) and in the export; bad input is refused with its reason and changes nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.helpers import api_writer, client_for, copied, logged_in


@pytest.fixture
def client(tmp_path: Path, demo: Any) -> TestClient:
    return client_for(copied(demo.db, tmp_path))


def _correct(client: TestClient, group_id: str, **body: object) -> Any:
    return client.post(f"/api/claim-groups/{group_id}/corrections", json=body, headers=api_writer())


def test_a_verdict_set_through_the_api_holds_and_shows_everywhere(client: TestClient, demo: Any) -> None:
    group = demo.groups[0]
    anonymous = client.post(
        f"/api/claim-groups/{group.id}/corrections", json={"kind": "reviewed", "by": "Ana"}
    )
    assert anonymous.status_code == 403
    made = _correct(
        client, group.id, kind="verdict", verdict="single-party", by="Ana", reason="a rival count"
    )
    assert made.status_code == 200, made.text
    correction = made.json()
    assert (correction["kind"], correction["by"], correction["note"]) == ("verdict", "Ana", None)
    [now] = correction["group_ids"]  # the story was aligned again: the group the claims are in now
    shown = client.get(f"/api/claim-groups/{now}").json()
    assert shown["verdict"] == "single-party"  # the aligner's is disputed
    assert shown["reasons"][0].endswith("by Ana on " + correction["at"][:10] + ": a rival count")
    assert [c["id"] for c in shown["corrections"]] == [correction["id"]]
    trail = client.get(f"/api/stories/{demo.story}/corrections").json()
    assert [c["id"] for c in trail] == [correction["id"]]
    dossier = client.get(f"/api/stories/{demo.story}/dossier").json()
    assert dossier["corrections"][0]["reason"] == "a rival count"
    markdown = client.get(f"/stories/{demo.story}/dossier.md").text
    assert f"- #{correction['id']} set the verdict to single-party, by Ana on " in markdown
    html = client.get(f"/stories/{demo.story}/dossier.html").text
    assert f'<tr id="correction-{correction["id"]}">' in html
    assert "a rival count" in html
    exported = [json.loads(line) for line in client.get("/api/export/claim-groups").text.splitlines()]
    [record] = [r for r in exported if r["id"] == now]
    assert [(c["by"], c["reason"]) for c in record["corrections"]] == [("Ana", "a rival count")]


def test_bad_corrections_through_the_api_are_refused_and_change_nothing(
    client: TestClient, demo: Any
) -> None:
    main, hostile = demo.groups[0], demo.groups[2]
    before = client.get(f"/api/claim-groups/{main.id}").json()
    cases = [
        ("no-such-group", {"kind": "reviewed", "by": "Ana"}, 404, "no claim group 'no-such-group'"),
        (main.id, {"kind": "merge", "other": main.id, "by": "Ana"}, 400, "with itself"),
        (main.id, {"kind": "merge", "other": hostile.id, "by": "Ana"}, 400, "in different stories"),
        (hostile.id, {"kind": "move", "claims": [main.claim_ids[0]], "by": "Ana"}, 400, "of its own story"),
        (
            main.id,
            {"kind": "verdict", "verdict": "disputed", "by": "Ana", "reason": ""},
            400,
            "needs a reason",
        ),
        (main.id, {"kind": "rename", "by": "Ana"}, 400, "'rename' is no kind of correction"),
        (main.id, {"kind": "reviewed", "by": ""}, 400, "say who makes the correction"),
    ]
    for group_id, body, status, words in cases:
        refused = _correct(client, group_id, **body)
        assert refused.status_code == status, (body, refused.text)
        message = refused.json()["error"]["message"]
        assert words in message
        assert "\n" not in message
    assert client.get(f"/api/stories/{demo.story}/corrections").json() == []
    assert client.get(f"/api/claim-groups/{main.id}").json() == before


def test_the_claim_group_page_corrects_only_with_the_form_token(client: TestClient, demo: Any) -> None:
    group = demo.groups[0]
    page = f"/claim-groups/{group.id}"
    assert 'id="verdict-form"' not in client.get(page).text
    unsigned = client.post(f"{page}/corrections", data={"kind": "reviewed", "by": "Ana"})
    assert unsigned.status_code == 403
    token = logged_in(client)
    assert 'id="review-form"' in client.get(page).text
    refused = client.post(
        f"{page}/corrections", data={"kind": "verdict", "verdict": "disputed", "by": "Ana", "csrf": token}
    )
    assert "not saved: a verdict set by hand on claim group" in refused.text
    assert client.get(f"/api/stories/{demo.story}/corrections").json() == []
    reviewed = client.post(
        f"{page}/corrections", data={"kind": "reviewed", "by": "Ana", "reason": "checked", "csrf": token}
    )
    assert reviewed.status_code == 200
    assert re.search(r'id="message">saved correction #1: marked the group reviewed', reviewed.text)
    assert re.search(
        r'id="reviewed"><b>Reviewed</b> by Ana on \d{4}-\d\d-\d\d \d\d:\d\d UTC: checked', reviewed.text
    )


def _members(client: TestClient, group_id: str) -> set[str]:
    return {m["claim_id"] for m in client.get(f"/api/claim-groups/{group_id}").json()["members"]}


def test_the_page_moves_a_claim_to_the_group_chosen_and_splits_claims_off(
    client: TestClient, demo: Any
) -> None:
    """The move form sits on the claim's own group and names the group it goes to."""
    token = logged_in(client)
    first, second = demo.groups[0].id, demo.groups[1].id
    claim = sorted(_members(client, first))[0]
    moved = client.post(
        f"/claim-groups/{first}/corrections",
        data={
            "kind": "move",
            "claims": claim,
            "other": second,
            "by": "Ana",
            "reason": "same deed",
            "csrf": token,
        },
    )
    assert "saved correction #1: moved claim" in moved.text
    trail = client.get(f"/api/stories/{demo.story}/corrections").json()
    [target] = [g for g in trail[0]["group_ids"] if claim in _members(client, g)]
    assert len(_members(client, target)) >= 2
    others = sorted(_members(client, target) - {claim})
    split = client.post(
        f"/claim-groups/{target}/corrections",
        data={"kind": "split", "claims": [claim], "by": "Ben", "reason": "not the same", "csrf": token},
    )
    assert "saved correction #2: split 1 claim off into a group of their own" in split.text
    trail = client.get(f"/api/stories/{demo.story}/corrections").json()
    holders = {g: _members(client, g) for g in trail[1]["group_ids"]}
    assert {claim} in holders.values()
    assert any(others[0] in members and claim not in members for members in holders.values())
    assert [c["note"] for c in trail] == [None, None]
