"""Owners from the floor, at the HTTP level, through a real `kaizen hub serve` (SQLite): personal
links asked for through the API, the owner's page, its form (CSRF, another owner's action, a
10,000-character note, markup, methods), revoking, the calendar, and the update arriving as a
new revision that laptops pull and that a push on the older revision has to merge."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from kaizen_tui.hub.db import default_url, open_database
from kaizen_tui.hub.events import history
from kaizen_tui.model import Action, Person

from .conftest import TODAY, make_event
from .hubkit import HubClient, HubProcess, add_user, bundle_of, hub_process


@dataclass
class Hub:
    process: HubProcess
    db_url: str
    tokens: dict[str, str]

    def client(self, who: str) -> HubClient:
        return HubClient(self.process.url, self.tokens[who])


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    data = tmp_path_factory.mktemp("owner-hub")
    db_url = default_url(data)
    tokens = {
        "ann": add_user(data, db_url, "Ann"),
        "bo": add_user(data, db_url, "Bo"),
    }
    with hub_process(data, db_url) as process:
        yield Hub(process, db_url, tokens)


def event_bundle(event_id: str, actions: list[Action], **fields: Any) -> dict[str, Any]:
    people = [Person(name="Ann", role="facilitator", from_line=False)]
    return bundle_of(make_event(id=event_id, actions=actions, people=people, **fields))


def push_new(hub: Hub, event_id: str, actions: list[Action], **fields: Any) -> dict[str, Any]:
    answer = hub.client("ann").put(event_id, None, event_bundle(event_id, actions, **fields))
    assert answer.status_code == 200, answer.text
    return answer.json()


def links(hub: Hub, event_id: str, have: list[str] | None = None, who: str = "ann") -> Any:
    return hub.client(who).http.post(f"/api/v1/events/{event_id}/links", json={"have": have or []})


def link_of(hub: Hub, event_id: str, owner: str) -> str:
    answer = links(hub, event_id)
    assert answer.status_code == 200, answer.text
    found = {item["owner"]: item for item in answer.json()["links"]}
    return str(found[owner]["url"])


def browser(url: str) -> httpx.Client:
    return httpx.Client(base_url=url, timeout=30, follow_redirects=False)


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)
    assert found, "no csrf field on the page"
    return found.group(1)


def latest(hub: Hub, event_id: str) -> dict[str, Any]:
    return dict(hub.client("ann").get(event_id).json())


def action_in(bundle: dict[str, Any], action_id: str) -> dict[str, Any]:
    return next(a for a in bundle["bundle"]["event"]["actions"] if a["id"] == action_id)


def test_links_one_per_owner_kept_by_the_laptop_and_only_for_its_people(hub: Hub) -> None:
    push_new(
        hub,
        "KZ-L-1",
        [
            Action(id="A1", what="Jig", owner="Jan Nowak", due=date(2026, 12, 1)),
            Action(id="A2", what="Card", owner="jan  NOWAK", due=date(2026, 12, 2)),
            Action(id="A3", what="Board", owner="Maria", due=date(2026, 12, 3)),
            Action(id="A4", what="Nobody's", owner="", due=date(2026, 12, 4)),
        ],
    )
    first = links(hub, "KZ-L-1").json()["links"]
    assert [item["owner"] for item in first] == ["Jan Nowak", "Maria"]
    for item in first:
        assert re.fullmatch(re.escape(hub.process.url) + r"/o/[A-Za-z0-9_-]{43}/", item["url"])
    # the laptop names what it holds: the same links come back, without their URLs
    again = links(hub, "KZ-L-1", [item["link_id"] for item in first]).json()["links"]
    assert again == [{"owner": i["owner"], "link_id": i["link_id"]} for i in first]
    # a laptop that holds none gets new ones; the first ones keep working
    other = links(hub, "KZ-L-1").json()["links"]
    assert {i["link_id"] for i in other}.isdisjoint({i["link_id"] for i in first})
    with browser(hub.process.url) as web:
        for item in (*first, *other):
            assert web.get(item["url"]).status_code == 200
    # only whoever may push the event asks for its links
    assert links(hub, "KZ-L-1", who="bo").status_code == 403
    assert links(hub, "KZ-NOPE").status_code == 404
    bad = hub.client("ann").http.post("/api/v1/events/KZ-L-1/links", json={"have": "x"})
    assert bad.status_code == 400
    anonymous = httpx.post(f"{hub.process.url}/api/v1/events/KZ-L-1/links", json={"have": []})
    assert anonymous.status_code == 401


def test_the_page_lists_the_owners_open_actions_across_events_overdue_first(hub: Hub) -> None:
    push_new(
        hub,
        "KZ-P-1",
        [
            Action(id="A1", what="Later on event 1", owner="Piotr", due=date(2026, 12, 20)),
            Action(id="A2", what="Someone else's", owner="Ola", due=date(2026, 11, 1)),
            Action(
                id="A3",
                what="Long done",
                owner="Piotr",
                status="done",
                done_on=TODAY.replace(day=1),
            ),
        ],
    )
    push_new(
        hub,
        "KZ-P-2",
        [
            Action(id="A1", what="Undated on event 2", owner="piotr"),
            Action(id="A2", what="Overdue on event 2", owner="Piotr", due=date(2026, 11, 10)),
            Action(id="A3", what="Soon on event 2", owner="Piotr", due=date(2026, 11, 27)),
        ],
        title="Second <event> & co",
    )
    push_new(
        hub,
        "KZ-P-3",
        [Action(id="A1", what="On a closed event", owner="Piotr", due=date(2026, 11, 2))],
        status="abandoned",
    )
    url = link_of(hub, "KZ-P-2", "piotr")
    with browser(hub.process.url) as web:
        page = web.get(url)
    assert page.status_code == 200
    body = page.text
    shown = re.findall(r'<h3 class="card-what"[^>]*>([^<]*)</h3>', body)
    assert shown == [
        "Overdue on event 2",
        "Soon on event 2",
        "Later on event 1",
        "Undated on event 2",
    ]
    assert "Someone else" not in body and "Long done" not in body and "closed event" not in body
    assert "Second &lt;event&gt; &amp; co" in body
    assert "Overdue by 15 days" in body
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    csp = page.headers["content-security-policy"]
    assert "form-action 'self'" in csp and "script-src" not in csp and "default-src 'none'" in csp
    # the form, exactly as the issue's contract says
    form = body[body.index('<form method="post"') :]
    form = form[: form.index("</form>")]
    assert 'name="action" value="KZ-P-2/A2"' in form
    assert re.search(r'<input type="hidden" name="csrf" value="[0-9a-f]{64}">', form)
    assert 'name="status" value="open" checked' in form and 'name="status" value="done"' in form
    assert re.findall(r'<option value="(\d)"', form) == ["0", "1", "2", "3", "4"]
    assert 'name="note" maxlength="500"' in form
    # the action pages keep refusing every form
    with browser(hub.process.url) as web:
        token = latest(hub, "KZ-P-2")["bundle"]["event"]["share_token"]
        assert "form-action 'none'" in web.get(f"/e/{token}/").headers["content-security-policy"]


def test_an_update_from_the_floor_is_a_new_revision_laptops_pull(hub: Hub) -> None:
    before = push_new(
        hub,
        "KZ-U-1",
        [
            Action(id="A1", what="Fit the jig", owner="Kasia", due=date(2026, 11, 20)),
            Action(id="A2", what="Label shelves", owner="Kasia", due=date(2026, 12, 20)),
        ],
    )
    ann = hub.client("ann")
    cursor = ann.changes().json()["cursor"]
    url = link_of(hub, "KZ-U-1", "Kasia")
    with browser(hub.process.url) as web:
        csrf = csrf_of(web.get(url).text)
        answer = web.post(
            url,
            data={
                "action": "KZ-U-1/A1",
                "csrf": csrf,
                "status": "done",
                "pdca": "3",
                "note": "Jig fitted on <b>night</b> shift & tested",
            },
        )
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("./?saved=KZ-U-1%2FA1")
        page = web.get(url + "?saved=KZ-U-1%2FA1")
    assert "Saved: A1 is now done." in page.text
    assert (
        "Marked done, PDCA not started → checked: Jig fitted on &lt;b&gt;night&lt;/b&gt;"
        in page.text
    )
    assert "<b>night</b>" not in page.text
    assert "from the floor" in page.text
    # what the laptops get
    stored = latest(hub, "KZ-U-1")
    assert stored["revision"] == before["revision"] + 1
    a1 = action_in(stored, "A1")
    assert a1["status"] == "done" and a1["done_on"] == TODAY.isoformat() and a1["pdca"] == 3
    assert a1["updates"][-1] == {
        "date": TODAY.isoformat(),
        "note": (
            "Marked done, PDCA not started → checked: Jig fitted on <b>night</b> shift & tested"
        ),
        "by": "Kasia",
        "from_floor": True,
    }
    assert action_in(stored, "A2") == action_in(before | {"bundle": before["bundle"]}, "A2")
    pulled = ann.changes(cursor).json()["events"]
    assert [e["id"] for e in pulled] == ["KZ-U-1"]
    assert history(open_database(hub.db_url), "KZ-U-1")[-1] == (
        before["revision"] + 1,
        before["revision"],
        "Kasia",
    )
    # a laptop that pushes on the revision before the update is not a fast-forward: it merges
    stale = ann.put("KZ-U-1", before["revision"], before["bundle"])
    assert stale.status_code == 409
    assert action_in(stale.json(), "A1")["status"] == "done"
    # nothing to change is no new revision
    with browser(hub.process.url) as web:
        csrf = csrf_of(web.get(url).text)
        same = {"action": "KZ-U-1/A2", "csrf": csrf, "status": "open", "pdca": "0", "note": ""}
        answer = web.post(url, data=same)
        assert answer.status_code == 303 and "unchanged=" in answer.headers["location"]
    assert latest(hub, "KZ-U-1")["revision"] == stored["revision"]


def test_refused_posts_change_nothing(hub: Hub) -> None:
    push_new(
        hub,
        "KZ-R-1",
        [
            Action(id="A1", what="Mine", owner="Olek", due=date(2026, 12, 1)),
            Action(id="A2", what="Not mine", owner="Basia", due=date(2026, 12, 1)),
            Action(id="A3", what="Dropped", owner="Olek", status="dropped"),
        ],
    )
    url = link_of(hub, "KZ-R-1", "Olek")
    basia = link_of(hub, "KZ-R-1", "Basia")
    revision = latest(hub, "KZ-R-1")["revision"]
    with browser(hub.process.url) as web:
        csrf = csrf_of(web.get(url).text)
        good = {"action": "KZ-R-1/A1", "csrf": csrf, "status": "done", "pdca": "2", "note": "x"}
        refusals = {
            "no csrf": ({**good, "csrf": ""}, 403),
            "wrong csrf": ({**good, "csrf": "0" * 64}, 403),
            "another link's csrf": ({**good, "csrf": csrf_of(web.get(basia).text)}, 403),
            "another owner's action": ({**good, "action": "KZ-R-1/A2"}, 403),
            "a dropped action": ({**good, "action": "KZ-R-1/A3"}, 403),
            "an unknown event": ({**good, "action": "KZ-NONE/A1"}, 403),
            "no action": ({k: v for k, v in good.items() if k != "action"}, 403),
            "a status the floor may not set": ({**good, "status": "dropped"}, 400),
            "a PDCA step out of range": ({**good, "pdca": "7"}, 400),
            "a 10,000-character note": ({**good, "note": "ż" * 10_000}, 400),
        }
        for why, (form, status) in refusals.items():
            answer = web.post(url, data=form)
            assert answer.status_code == status, why
            assert answer.headers["cache-control"] == "no-store", why
        # the long note: said plainly, and kept in the form to shorten (not cut silently)
        answer = web.post(url, data={**good, "note": "ż" * 10_000})
        assert "A note has at most 500 characters; this one has 10,000." in html.unescape(
            answer.text
        )
        assert 'value="' + "ż" * 10_000 + '"' in answer.text
        # a request another site makes the browser send
        cross = web.post(url, data=good, headers={"sec-fetch-site": "cross-site"})
        assert cross.status_code == 403
        # not a form at all
        assert web.post(url, json=good).status_code == 415
        assert (
            web.post(
                url,
                content=b"a=" + b"x" * 300_000,
                headers={"content-type": "application/x-www-form-urlencoded"},
            ).status_code
            == 413
        )
    assert latest(hub, "KZ-R-1")["revision"] == revision


def test_only_get_head_and_the_form_post_are_answered(hub: Hub) -> None:
    push_new(hub, "KZ-M-1", [Action(id="A1", what="Thing", owner="Ewa", due=date(2026, 12, 1))])
    url = link_of(hub, "KZ-M-1", "Ewa")
    with browser(hub.process.url) as web:
        head = web.head(url)
        assert head.status_code == 200 and head.content == b""
        for method in ("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"):
            answer = web.request(method, url)
            assert answer.status_code == 405, method
            assert "form-action 'self'" in answer.headers["content-security-policy"]
        assert web.post(url + "actions.ics", data={"a": "b"}).status_code == 405
        assert web.get(url.rstrip("/")).status_code == 301
        assert web.get(url + "nothing-here").status_code == 404
        assert web.get("/o/" + "A" * 43 + "/").status_code == 404
        assert web.get("/o/short/").status_code == 404
        assert web.get("/static/hub.css").status_code == 200


def test_revoked_links_answer_404_from_then_on(hub: Hub) -> None:
    push_new(
        hub,
        "KZ-V-1",
        [
            Action(id="A1", what="Thing", owner="Igor", due=date(2026, 12, 1)),
            Action(id="A2", what="Other", owner="Lena", due=date(2026, 12, 1)),
        ],
    )
    first = link_of(hub, "KZ-V-1", "Igor")
    second = link_of(hub, "KZ-V-1", "Igor")  # asked for twice without naming the first: two
    lena = link_of(hub, "KZ-V-1", "Lena")  # (and a third of Igor's)
    with browser(hub.process.url) as web:
        csrf = csrf_of(web.get(first).text)
        revoke = hub.client("ann").http.post(
            "/api/v1/events/KZ-V-1/links/revoke", json={"owner": "  igor "}
        )
        assert revoke.json() == {"owner": "Igor", "revoked": 3}
        post = {"action": "KZ-V-1/A1", "csrf": csrf, "status": "done", "pdca": "4", "note": ""}
        for url in (first, second):
            assert web.get(url).status_code == 404
            assert web.get(url + "actions.ics").status_code == 404
            assert web.post(url, data=post).status_code == 404
        assert web.get(lena).status_code == 200
    assert action_in(latest(hub, "KZ-V-1"), "A1")["status"] == "open"
    nobody = hub.client("ann").http.post("/api/v1/events/KZ-V-1/links/revoke", json={"owner": "X"})
    assert nobody.status_code == 404
    # a new link for Igor is a new token; the revoked ones stay dead
    third = link_of(hub, "KZ-V-1", "Igor")
    assert third not in (first, second)
    with browser(hub.process.url) as web:
        assert web.get(third).status_code == 200
        assert web.get(first).status_code == 404


def test_the_calendar_holds_the_owners_due_dates_only(hub: Hub) -> None:
    push_new(
        hub,
        "KZ-C-1",
        [
            Action(id="A1", what="Order steel", owner="Tomek", due=date(2026, 12, 5)),
            Action(id="A2", what="Not his", owner="Ula", due=date(2026, 12, 6)),
            Action(id="A3", what="Undated", owner="Tomek"),
        ],
    )
    push_new(
        hub,
        "KZ-C-2",
        [Action(id="A9", what="Train shift C", owner="tomek", due=date(2026, 11, 28))],
    )
    url = link_of(hub, "KZ-C-1", "Tomek")
    with browser(hub.process.url) as web:
        answer = web.get(url + "actions.ics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(answer.content)
    entries = {str(c["summary"]): c for c in calendar.walk("VEVENT")}
    assert sorted(entries) == ["A1 due: Order steel (Tomek)", "A9 due: Train shift C (tomek)"]
    assert str(entries["A1 due: Order steel (Tomek)"]["url"]) == url
    assert entries["A9 due: Train shift C (tomek)"].decoded("dtstart") == date(2026, 11, 28)
