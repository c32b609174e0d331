"""The action pages through Starlette's TestClient: what a phone gets for each request."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from kaizen_tui.demo import DISCHARGE_ID, SMED_ID
from kaizen_tui.exports import actions_csv, csv_bytes, event_ics
from kaizen_tui.logic.actions import urgency
from kaizen_tui.logic.links import action_page_path
from kaizen_tui.model import Action, Event, Metric, Person, Reading, Review, Update
from kaizen_tui.store import Store
from kaizen_tui.web.app import create_app
from kaizen_tui.web.pages import action_page_html, stylesheet

from .conftest import TODAY, make_event
from .webpage import action_rows, table_rows

LINK = "http://kaizen.example.org"
EVIL = "<script>alert(1)</script>"


@pytest.fixture
def client(demo_store: Store) -> TestClient:
    app = create_app(Store(demo_store.root, read_only=True), link_base=LINK, today=lambda: TODAY)
    return TestClient(app)


def page_url(event: Event) -> str:
    return action_page_path(event.share_token) + "/"


def test_page_lists_every_action_with_owner_and_marks_the_overdue(
    client: TestClient, demo_store: Store
) -> None:
    event = demo_store.load(SMED_ID)
    response = client.get(action_page_path(event.share_token))  # the QR link, redirect followed
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    html = response.text
    rows = action_rows(html)
    assert sorted(rows) == sorted(a.id for a in event.actions)
    for action in event.actions:
        row = rows[action.id]
        assert row.cells[0] == action.id
        assert action.what in row.text and action.owner in row.text
        assert action.due is not None and action.due.isoformat() in row.text
        if urgency(action, TODAY) == "overdue":
            days = (TODAY - action.due).days
            assert f"Overdue by {days} days" in row.text, action.id
            assert "u-overdue" in row.classes
        else:
            assert "Overdue" not in row.text, action.id
        assert ("Due in" in row.text or "Due today" in row.text) == (
            urgency(action, TODAY) == "due_soon"
        )
    assert "3 overdue" in html
    # the latest update of A3, not its first
    assert "Steel for the last 7 not delivered; PO raised" in rows["A3"].text
    assert "Parallels for 4 of 11 dies done" not in html


def test_page_header_metrics_and_reviews(client: TestClient, demo_store: Store) -> None:
    event = demo_store.load(DISCHARGE_ID)
    html = client.get(page_url(event)).text
    for text in (
        event.title,
        event.area,
        event.first_name_with_role("team_leader"),
        event.first_name_with_role("sponsor"),
        f"{event.start} – {event.end}",
    ):
        assert text in html
    rows = table_rows(html)
    metric = event.metrics[0]
    [metric_row] = [r for r in rows if r.cells and r.cells[0].startswith(metric.name)]
    latest = max(metric.readings, key=lambda r: r.date)
    assert "Baseline 6.5 h" in metric_row.text and "Target 3 h" in metric_row.text
    assert f"Latest {latest.value:g} h on {latest.date}" in metric_row.text
    [review30] = [r for r in rows if r.cells and r.cells[0] == "30-day review"]
    assert "slipping" in review30.text and "Held 2026-11-12" in review30.text
    [review60] = [r for r in rows if r.cells and r.cells[0] == "60-day review"]
    assert "not yet" in review60.text and "(in 15 days)" in review60.text


def test_a_save_shows_on_the_next_request(client: TestClient, demo_store: Store) -> None:
    event = demo_store.load(SMED_ID)
    before = action_rows(client.get(page_url(event)).text)["A7"]
    assert "Overdue" not in before.text
    event.action("A7").what = "Go/no-go gauges, ordered from the toolroom"  # type: ignore[union-attr]
    event.action("A7").due = date(2026, 11, 2)  # type: ignore[union-attr]
    demo_store.save(event)
    after = action_rows(client.get(page_url(event)).text)["A7"]
    assert "Go/no-go gauges, ordered from the toolroom" in after.text
    assert "Overdue by 23 days" in after.text


def test_a_new_day_moves_the_overdue_marks(demo_store: Store) -> None:
    days = iter([TODAY, date(2026, 12, 10)])
    app = create_app(
        Store(demo_store.root, read_only=True), link_base=LINK, today=lambda: next(days)
    )
    client = TestClient(app)
    event = demo_store.load(SMED_ID)
    assert "Overdue" not in action_rows(client.get(page_url(event)).text)["A7"].text
    assert "Overdue by 3 days" in action_rows(client.get(page_url(event)).text)["A7"].text


def test_unknown_and_malformed_tokens_get_the_same_404(
    client: TestClient, demo_store: Store
) -> None:
    token = demo_store.load(SMED_ID).share_token
    wrong = ("A" if token[0] != "A" else "B") + token[1:]
    paths = [
        f"/e/{wrong}",
        f"/e/{wrong}/",
        f"/e/{wrong}/actions.csv",
        f"/e/{wrong}/reviews.ics",
        "/e/short",
        "/e/" + "x" * 300,
        "/e/not%20a%20token%3C%3E/",
        f"/e/{token}/other.txt",
        f"/e/{token}%0A/",
        "/e/",
        "/nothing-here",
    ]
    bodies = set()
    for path in paths:
        response = client.get(path)
        assert response.status_code == 404, path
        bodies.add(response.content)
    assert len(bodies) == 1
    [body] = bodies
    assert token.encode() not in body and wrong.encode() not in body


def test_only_get_and_head(client: TestClient, demo_store: Store) -> None:
    url = page_url(demo_store.load(SMED_ID))
    for method in ("POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
        for path in (url, "/", "/static/style.css", "/e/unknown-token-xxxxxxxxxx/", "/x"):
            response = client.request(method, path)
            assert response.status_code == 405, (method, path)
            assert response.headers["allow"] == "GET, HEAD"
    get = client.get(url)
    head = client.head(url)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(get.content))


def test_security_headers_on_every_response(client: TestClient, demo_store: Store) -> None:
    event = demo_store.load(SMED_ID)
    responses = [
        client.get("/"),
        client.get("/static/style.css"),
        client.get(action_page_path(event.share_token), follow_redirects=False),
        client.get(page_url(event)),
        client.get(page_url(event) + "actions.csv"),
        client.get(page_url(event) + "reviews.ics"),
        client.get("/e/unknown"),
        client.post(page_url(event)),
        client.head(page_url(event)),
    ]
    assert [r.status_code for r in responses] == [200, 200, 301, 200, 200, 200, 404, 405, 200]
    for response in responses:
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "style-src 'self'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"


def test_the_qr_link_redirects_to_the_page_folder(client: TestClient, demo_store: Store) -> None:
    token = demo_store.load(SMED_ID).share_token
    response = client.get(f"/e/{token}", follow_redirects=False)
    assert response.status_code == 301
    # relative, so the page's relative links (../../static, actions.csv) resolve as published
    assert response.headers["location"] == f"{token}/"
    assert 'href="../../static/style.css"' in client.get(f"/e/{token}/").text


def test_user_text_is_escaped_everywhere(data_dir: Path) -> None:
    store = Store(data_dir)
    event = store.create(
        make_event(
            title=f"Title {EVIL}",
            area="<b>Stamping</b> & R&D",
            people=[Person(name=f"Leader {EVIL}", role="team_leader")],
            metrics=[Metric(id="M1", name=f"Metric {EVIL}", unit="<i>min</i>")],
            actions=[
                Action(
                    id="A1",
                    what=EVIL,
                    owner='"><img src=x onerror=alert(1)>',
                    updates=[Update(date=TODAY, note=f"note {EVIL}")],
                )
            ],
            reviews=[Review(day=30, due=TODAY, notes=EVIL)],
        )
    )
    client = TestClient(
        create_app(Store(data_dir, read_only=True), link_base=LINK, today=lambda: TODAY)
    )
    html = client.get(page_url(event)).text
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Stamping&lt;/b&gt; &amp; R&amp;D" in html
    row = action_rows(html)["A1"]
    assert row.cells[1] == EVIL  # what a person reads is the text as typed
    assert '"><img src=x onerror=alert(1)>' in row.text


# Random text with markup, entities, quotes, RTL and CJK mixed in (plain random text seldom
# holds a "<tag").
MARKUP = st.sampled_from(
    ["<script>", "</td></tr>", "<b>", "&amp;", "&", '"', "'", "<!--", "]]>", "\u202e", "佐藤", "ÿ"]
)
TEXT = (
    st.lists(st.one_of(MARKUP, st.text(max_size=20)), min_size=1, max_size=12)
    .map("".join)
    .filter(lambda t: t.strip())
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_any_action_text_reads_back_as_typed(text: str) -> None:
    event = make_event(
        actions=[Action(id="A1", what=text, owner=text, updates=[Update(date=TODAY, note=text)])]
    )
    html = action_page_html(event, TODAY)
    assert "<script" not in html.replace("&lt;script", "")
    row = action_rows(html)["A1"]
    typed = " ".join(text.split())
    assert row.cells[1] == typed
    assert row.cells[2] == f"Owner {typed}"
    [parsed] = list(csv.DictReader(io.StringIO(actions_csv(event, TODAY), newline="")))
    assert parsed["what"].removeprefix("'") == text or parsed["what"] == text


def test_downloads(client: TestClient, demo_store: Store) -> None:
    event = demo_store.load(SMED_ID)
    csv_response = client.get(page_url(event) + "actions.csv")
    assert csv_response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="KZ-DEMO-SMED-actions.csv"' in csv_response.headers["content-disposition"]
    assert csv_response.content == csv_bytes(actions_csv(event, TODAY))
    ics_response = client.get(page_url(event) + "reviews.ics")
    assert ics_response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert ics_response.content == event_ics(event, link_base=LINK)
    cal = icalendar.Calendar.from_ical(ics_response.content)
    assert len(cal.walk("VEVENT")) == 3 + 10  # reviews and open dated actions
    html = client.get(page_url(event)).text
    assert 'href="actions.csv"' in html and 'href="reviews.ics"' in html


def test_index_lists_nothing(client: TestClient, demo_store: Store) -> None:
    response = client.get("/")
    assert response.status_code == 200
    for event in demo_store.iter_events():
        assert event.share_token not in response.text
        assert event.title not in response.text and event.id not in response.text


def test_stylesheet_and_no_way_out_of_the_app(client: TestClient) -> None:
    response = client.get("/static/style.css")
    assert response.headers["content-type"] == "text/css; charset=utf-8"
    assert response.content == stylesheet()
    for path in (
        "/static/../pyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/..%2f..%2fpyproject.toml",
        "/e/..%2f..%2fconfig.toml/",
        "/e/%2e%2e/%2e%2e/events/",
        "/static/",
        "/static/style.css/..",
    ):
        response = client.get(path)
        assert response.status_code in (404, 301), path
        assert b"[project]" not in response.content


def test_event_with_nothing_yet(data_dir: Path) -> None:
    store = Store(data_dir)
    event = store.create(Event(id="KZ-EMPTY", title="Planned event"))
    client = TestClient(
        create_app(Store(data_dir, read_only=True), link_base=LINK, today=lambda: TODAY)
    )
    html = client.get(page_url(event)).text
    assert "No actions yet." in html and "No metrics yet." in html
    assert "No follow-up reviews scheduled yet." in html


def test_metric_without_readings_and_a_met_target(data_dir: Path) -> None:
    event = make_event(
        metrics=[
            Metric(id="M1", name="Scrap", unit="parts", baseline=38, target=10),
            Metric(
                id="M2",
                name="Yield",
                unit="%",
                direction="higher",
                baseline=80,
                target=95,
                readings=[Reading(date=TODAY, value=96)],
            ),
        ]
    )
    rows = {r.cells[0].split(" (")[0]: r for r in table_rows(action_page_html(event, TODAY))}
    assert "Latest –" in rows["Scrap"].text and "target" not in rows["Scrap"].text
    assert "Latest 96 % on 2026-11-25 target met" in rows["Yield"].text


def test_one_action_one_day_overdue_reads_naturally() -> None:
    event = make_event(actions=[Action(id="A1", what="Label the bins", due=date(2026, 11, 24))])
    html = action_page_html(event, TODAY)
    assert "1 action: 1 open, " in html
    assert action_rows(html)["A1"].cells[3] == "Due 2026-11-24 Overdue by 1 day"
