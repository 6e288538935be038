"""Uploads the form parser refuses are answered in the JSON error shape with what to do; an
upload whose name the file system would refuse is stored under a shorter one."""

from __future__ import annotations

import time

from tests.web.helpers import api_writer, client_for, writable

from corroborator.config import Settings
from corroborator.store import Store

TEXT = b"The harbour wall will be rebuilt before the winter storms, the port authority said on Monday."


def test_too_many_files_in_one_upload_are_refused_with_what_to_do(settings: Settings, store: Store) -> None:
    client = client_for(writable(settings))
    files = [("files", (f"f{n}.txt", TEXT, "text/plain")) for n in range(1001)]
    response = client.post("/api/ingest/files", files=files, headers=api_writer())
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "status": 400,
            "message": "too many files in one upload (at most 1000): send them in several uploads",
        }
    }


def test_a_body_that_is_not_multipart_is_refused_with_what_to_do(settings: Settings, store: Store) -> None:
    client = client_for(writable(settings))
    headers = {**api_writer(), "content-type": "multipart/form-data"}
    response = client.post("/api/ingest/files", content=b"x", headers=headers)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "the upload is not valid multipart/form-data (Missing boundary in multipart): "
        "send each file as a form field named 'files'"
    )


def test_an_upload_with_a_name_too_long_for_the_file_system_is_stored(
    settings: Settings, store: Store
) -> None:
    client = client_for(writable(settings))
    name = "crane-report-" + "n" * 300 + ".txt"
    response = client.post(
        "/api/ingest/files", files={"files": (name, TEXT, "text/plain")}, headers=api_writer()
    )
    assert response.status_code == 202, response.text
    job = response.json()
    for _ in range(600):
        job = client.get(f"/api/jobs/{job['id']}").json()
        if job["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert job["state"] == "done", job
    assert job["summary"]["new"] == 1
