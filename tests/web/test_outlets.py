"""Setting outlet facts from the outlets page: only logged in with the form's token; an
empty field keeps the stored fact; an unknown country or outlet is refused with its reason."""

from __future__ import annotations

from tests.store.test_store import draft
from tests.web.helpers import client_for, logged_in, writable

from corroborator.config import Settings
from corroborator.store import Store, add_articles
from corroborator.store.presentation import outlet_rows


def _facts(settings: Settings) -> dict[str, tuple[object, ...]]:
    with Store(settings.store.db) as store, store.reading() as connection:
        return {
            r["id"]: (r["country"], r["state_affiliated"], r["wire_service"]) for r in outlet_rows(connection)
        }


def test_outlet_facts_are_set_from_the_page(settings: Settings) -> None:
    settings = writable(settings)
    with Store(settings.store.db) as store, store.transaction() as connection:
        add_articles(connection, [draft("The port reopened on Monday.", url="https://vostok.example/port")])
    client = client_for(settings)
    assert (
        client.post("/outlets/facts", data={"outlet": "vostok.example", "country": "Russia"}).status_code
        == 403
    )
    assert 'id="facts-form"' not in client.get("/outlets").text
    token = logged_in(client)
    assert 'id="facts-form"' in client.get("/outlets").text
    saved = client.post(
        "/outlets/facts", data={"outlet": "vostok.example", "country": "RU", "state": "yes", "csrf": token}
    )
    assert "saved the facts of vostok.example" in saved.text
    client.post("/outlets/facts", data={"outlet": "vostok.example", "wire": "no", "csrf": token})
    assert _facts(settings)["vostok.example"] == ("Russia", True, False)
    refused = client.post(
        "/outlets/facts", data={"outlet": "vostok.example", "country": "Atlantis", "csrf": token}
    )
    assert "not saved: &#39;Atlantis&#39; is not a country" in refused.text
    unknown = client.post(
        "/outlets/facts", data={"outlet": "nowhere.example", "country": "Chile", "csrf": token}
    )
    assert "not saved: no outlet &#39;nowhere.example&#39;" in unknown.text
    assert set(_facts(settings)) == {"vostok.example"}
