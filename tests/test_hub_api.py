"""The hub's HTTP API v1 through a real `kaizen hub serve` process on 127.0.0.1 (SQLite):
push, pull, 409, who may read and push what, bad input, and the action pages."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kaizen_tui.hub.db import default_url, open_database
from kaizen_tui.hub.events import history

from .conftest import make_event
from .hubkit import HubClient, HubProcess, add_user, bundle_of, hub_process, without_revision


@dataclass
class Hub:
    process: HubProcess
    db_url: str
    tokens: dict[str, str]

    def client(self, who: str | None) -> HubClient:
        return HubClient(self.process.url, self.tokens[who] if who else None)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    data = tmp_path_factory.mktemp("hub-data")
    db_url = default_url(data)
    tokens = {
        "ann": add_user(data, db_url, "Ann"),
        "bo": add_user(data, db_url, "Bo"),
        # named on make_event()'s people, spelled differently: names match ignoring case/spacing
        "zofia": add_user(data, db_url, "zofia   WIŚNIEWSKA"),
        "ana": add_user(data, db_url, "Ana"),  # owns actions A3 and A4 of make_event()
        "lpo": add_user(data, db_url, "Lee", "lpo"),
    }
    with hub_process(data, db_url) as process:
        yield Hub(process, db_url, tokens)


def new_bundle(event_id: str, **overrides: object) -> dict:
    return bundle_of(make_event(id=event_id, **overrides))


def test_healthz_and_me(hub: Hub) -> None:
    ann = hub.client("ann")
    assert ann.http.get("/healthz").json() == {"ok": True}
    assert ann.me().json() == {"name": "Ann", "role": "facilitator"}
    assert hub.client("lpo").me().json() == {"name": "Lee", "role": "lpo"}
    assert hub.client("zofia").me().json()["name"] == "zofia WIŚNIEWSKA"


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer nope", "Basic abc", "Bearer kzh_x_y"])
def test_without_a_good_token_every_api_call_is_401(hub: Hub, header: str | None) -> None:
    client = hub.client(None)
    if header:
        client.http.headers["authorization"] = header
    valid = hub.tokens["ann"]
    client.http.headers.pop("x", None)
    forged = valid[:-4] + ("AAAA" if not valid.endswith("AAAA") else "BBBB")
    for response in (
        client.me(),
        client.changes(),
        client.get("KZ-ANY"),
        client.put("KZ-ANY", None, new_bundle("KZ-ANY")),
    ):
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert "error" in response.json()
    # the right token id with a wrong secret
    assert HubClient(hub.process.url, forged).me().status_code == 401


def test_push_pull_and_409(hub: Hub) -> None:
    ann = hub.client("ann")
    first = new_bundle("KZ-FLOW")
    first["event"]["x_plant_code"] = {"kept": ["on", "round trip"]}  # unknown keys survive
    first["event"]["actions"][0]["x_cost_centre"] = "4711"
    pushed = ann.put("KZ-FLOW", None, first)
    assert pushed.status_code == 200, pushed.text
    r1 = pushed.json()["revision"]
    assert r1 == 1 and pushed.json()["bundle"]["event"]["revision"] == 1
    assert without_revision(pushed.json()["bundle"]) == without_revision(first)

    got = ann.get("KZ-FLOW").json()
    assert got == {"id": "KZ-FLOW", "revision": r1, "bundle": pushed.json()["bundle"]}

    # "new" again: the hub has it, so this is not a fast-forward
    again = ann.put("KZ-FLOW", None, first)
    assert again.status_code == 409
    assert again.json() == {"revision": r1, "bundle": got["bundle"]}

    # a fast-forward
    mine = copy.deepcopy(got["bundle"])
    mine["event"]["problem"] = "Changeovers take 95 minutes"
    accepted = ann.put("KZ-FLOW", r1, mine)
    assert accepted.status_code == 200
    r2 = accepted.json()["revision"]
    assert r2 == r1 + 1

    # another laptop still on r1: 409 with the hub's latest, which has the first laptop's edit
    theirs = copy.deepcopy(got["bundle"])
    theirs["event"]["lessons"] = "Stage dies before the stop"
    stale = ann.put("KZ-FLOW", r1, theirs)
    assert stale.status_code == 409
    assert stale.json()["revision"] == r2
    assert stale.json()["bundle"]["event"]["problem"] == "Changeovers take 95 minutes"
    assert stale.json()["bundle"]["event"]["lessons"] == ""

    # the first laptop never heard its 200 and retries: 409 with its own content, no new row
    retry = ann.put("KZ-FLOW", r1, mine)
    assert retry.status_code == 409
    assert without_revision(retry.json()["bundle"]) == without_revision(mine)

    # every accepted push is a row of its own; refused ones left nothing
    db = open_database(hub.db_url, migrate=False)
    try:
        assert history(db, "KZ-FLOW") == [(r1, None, "Ann"), (r2, r1, "Ann")]
    finally:
        db.close()


def test_stored_revision_is_max_of_pushed_and_next(hub: Hub) -> None:
    ann = hub.client("ann")
    assert ann.put("KZ-REV", None, new_bundle("KZ-REV", revision=10)).json()["revision"] == 10
    assert ann.put("KZ-REV", 10, new_bundle("KZ-REV", revision=3)).json()["revision"] == 11
    assert ann.put("KZ-REV", 11, new_bundle("KZ-REV", revision=40)).json()["revision"] == 40


def test_who_may_read_and_push(hub: Hub) -> None:
    ann, bo, zofia, ana, lpo = (hub.client(n) for n in ("ann", "bo", "zofia", "ana", "lpo"))
    assert ann.put("KZ-MINE", None, new_bundle("KZ-MINE")).status_code == 200

    assert bo.get("KZ-MINE").status_code == 403
    assert bo.put("KZ-MINE", 1, new_bundle("KZ-MINE")).status_code == 403
    assert bo.get("KZ-NOBODY").status_code == 404
    assert "KZ-MINE" not in [e["id"] for e in bo.changes().json()["events"]]

    # named on the event as a person (other spelling) or as an action owner: may read and push
    assert zofia.get("KZ-MINE").status_code == 200
    assert ana.get("KZ-MINE").status_code == 200
    assert "KZ-MINE" in [e["id"] for e in ana.changes().json()["events"]]
    assert zofia.put("KZ-MINE", 1, new_bundle("KZ-MINE")).status_code == 200

    # the LPO reads everything but pushes only what a facilitator could
    assert lpo.get("KZ-MINE").status_code == 200
    assert "KZ-MINE" in [e["id"] for e in lpo.changes().json()["events"]]
    assert lpo.put("KZ-MINE", 2, new_bundle("KZ-MINE")).status_code == 403

    # dropped from the event (no longer a person or owner): no longer theirs; the creator stays
    alone = make_event(id="KZ-MINE", people=[], actions=[])
    assert ann.put("KZ-MINE", 2, bundle_of(alone)).status_code == 200
    assert zofia.get("KZ-MINE").status_code == 403
    assert ann.get("KZ-MINE").status_code == 200

    # a refused push is refused before its content is looked at: nothing of the event leaks
    assert "bundle" not in bo.put("KZ-MINE", 0, {"nonsense": True}).json()


def test_changes_since_a_cursor(hub: Hub) -> None:
    bo = hub.client("bo")
    start = bo.changes().json()
    ids = ["KZ-C1", "KZ-C2", "KZ-C3"]
    for event_id in ids:
        assert (
            bo.put(event_id, None, new_bundle(event_id, people=[], actions=[])).status_code == 200
        )
    page = bo.changes(start["cursor"]).json()
    assert [e["id"] for e in page["events"]] == ids and page["more"] is False
    assert all(e["revision"] == e["bundle"]["event"]["revision"] == 1 for e in page["events"])

    quiet = bo.changes(page["cursor"]).json()
    assert quiet == {"events": [], "cursor": page["cursor"], "more": False}

    edited = new_bundle("KZ-C1", people=[], actions=[], lessons="Keep the board")
    assert bo.put("KZ-C1", 1, edited).status_code == 200
    later = bo.changes(page["cursor"]).json()
    assert [(e["id"], e["revision"]) for e in later["events"]] == [("KZ-C1", 2)]
    assert later["events"][0]["bundle"]["event"]["lessons"] == "Keep the board"

    assert bo.changes("yesterday").status_code == 400
    # digits to str.isdigit() but not to int(): a clear 400, not a 500 with a traceback
    for odd in ("²", "①", "٣"):
        answer = bo.changes(odd)
        assert answer.status_code == 400 and "not one this hub gave out" in answer.json()["error"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"base": None}, "expected a JSON object"),
        ({"base": "x", "bundle": {}}, "base must be a revision number"),
        ({"base": None, "bundle": {"format": "kaizen-event/9", "event": {}}}, "newer kaizen-tui"),
        (
            {
                "base": None,
                "bundle": {
                    "format": "kaizen-event/1",
                    "event": {"id": "KZ-BAD", "title": "T", "status": "odd"},
                },
            },
            "status",
        ),
        (
            {
                "base": None,
                "bundle": {"format": "kaizen-event/1", "event": {"id": "KZ-OTHER", "title": "T"}},
            },
            "not 'KZ-BAD'",
        ),
    ],
)
def test_bad_pushes_get_one_line_400(hub: Hub, body: dict, words: str) -> None:
    response = hub.client("ann").http.put("/api/v1/events/KZ-BAD", json=body)
    assert response.status_code == 400
    message = response.json()["error"]
    assert words in message and "\n" not in message
    assert hub.client("ann").get("KZ-BAD").status_code == 404  # nothing stored


def test_not_json_and_too_big(hub: Hub) -> None:
    ann = hub.client("ann")
    broken = ann.http.put("/api/v1/events/KZ-X", content=b"{not json")
    assert broken.status_code == 400 and "not JSON" in broken.json()["error"]
    huge = ann.http.put("/api/v1/events/KZ-X", content=b" " * (17 * 1024 * 1024))
    assert huge.status_code == 413
    assert ann.http.get("/api/v1/nothing").status_code == 404


def test_the_hub_serves_action_pages_from_the_database(hub: Hub) -> None:
    event = make_event(id="KZ-PAGE", title="<script>alert(1)</script> & press 7")
    ann = hub.client("ann")
    assert ann.put("KZ-PAGE", None, bundle_of(event)).status_code == 200
    page = ann.http.get(f"/e/{event.share_token}/")
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; press 7" in page.text
    assert "<script>" not in page.text
    assert ann.http.get(f"/e/{event.share_token}/actions.csv").status_code == 200
    assert ann.http.get(f"/e/{event.share_token}/reviews.ics").status_code == 200
    assert ann.http.get("/e/AAAAAAAAAAAAAAAAAAAAAA/").status_code == 404
    assert ann.http.post(f"/e/{event.share_token}/").status_code == 405

    # an edit pushed from a laptop shows on the next request
    pushed = ann.put("KZ-PAGE", 1, bundle_of(event.model_copy(update={"title": "Press 7"})))
    assert pushed.status_code == 200, pushed.text
    assert "Press 7 · actions" in ann.http.get(f"/e/{event.share_token}/").text


def test_nothing_secret_is_logged(tmp_path: Path) -> None:
    db_url = default_url(tmp_path)
    token = add_user(tmp_path, db_url, "Ann")
    event = make_event(id="KZ-LOG")
    with hub_process(tmp_path, db_url) as process:
        ann = HubClient(process.url, token)
        assert ann.put("KZ-LOG", None, bundle_of(event)).status_code == 200
        assert ann.http.get(f"/e/{event.share_token}/").status_code == 200
        assert HubClient(process.url, token + "x").me().status_code == 401
    output = "".join(process.output)
    assert "Hub serving at" in output and "Press Ctrl+C to stop." in output  # all of it read
    assert token not in output and token.split("_", 2)[2] not in output
    assert event.share_token not in output


def test_a_database_gone_is_503_and_logs_no_bundle(tmp_path: Path, pg_url: str) -> None:
    import psycopg

    token = add_user(tmp_path, pg_url, "Ann")
    event = make_event(id="KZ-GONE")
    with hub_process(tmp_path, pg_url) as process:
        ann = HubClient(process.url, token)
        assert ann.put("KZ-GONE", None, bundle_of(event)).status_code == 200
        # the database disappears under the running hub (connections cut, then gone)
        server = pg_url.rsplit("/", 1)[0].replace("postgresql+psycopg", "postgresql")
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{pg_url.rsplit("/", 1)[1]}" WITH (FORCE)')
        refused = ann.put("KZ-GONE", 1, bundle_of(event))
        assert refused.status_code == 503
        assert refused.json() == {"error": "the hub's database does not answer; try again later"}
        assert ann.http.get("/healthz").status_code == 503
        page = ann.http.get(f"/e/{event.share_token}/")
        assert page.status_code == 503 and "try again later" in page.text
        assert "default-src 'none'" in page.headers["content-security-policy"]
    output = "".join(process.output)
    assert "Traceback" not in output
    assert "database error: OperationalError" in output
    assert event.share_token not in output and token.split("_", 2)[2] not in output
