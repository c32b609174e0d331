"""The LPO dashboard on a real `kaizen hub serve` (SQLite and PostgreSQL): the login and its
session cookie, what is refused without it, and figures equal to `kaizen report --json` on a
laptop that synced the same events (the LPO's: all of them; a facilitator's: theirs)."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from bench.common import synthetic_event
from kaizen_tui.hub.db import default_url, open_database
from kaizen_tui.hub.schema import hub_sessions

from .conftest import TODAY
from .hubkit import HubClient, add_user, bundle_of, hub_process, run_kaizen
from .pg import SUPERUSER, admin_url

EVENTS = 24
LPO, FACILITATOR, ADMIN = "Lena Lpo", "Facilitator 1", "Adam Admin"


@dataclass
class Hub:
    url: str
    db_url: str
    data: Path
    tokens: dict[str, str]


def _pg_database(port: str) -> Iterator[str]:
    import psycopg

    name = f"kz_{uuid.uuid4().hex[:12]}"
    dsn = f"host=127.0.0.1 port={port} user={SUPERUSER} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url(port, name)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def portfolio_events() -> list[dict]:
    events = [
        bundle_of(synthetic_event(n, actions=6, today=TODAY, lpo=True)) for n in range(EVENTS)
    ]
    # text people type, as a spreadsheet and a browser must not run it
    events[0]["event"]["title"] = '=HYPERLINK("http://x") <script>alert(1)</script>'
    return events


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hub(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    data = tmp_path_factory.mktemp(f"lpo-hub-{request.param}")
    pg: Iterator[str] | None = None
    if request.param == "postgresql":
        pg = _pg_database(request.getfixturevalue("pg_server"))
        db_url = next(pg)
    else:
        db_url = default_url(data)
    tokens = {
        LPO: add_user(data, db_url, LPO, "lpo"),
        FACILITATOR: add_user(data, db_url, FACILITATOR),
        ADMIN: add_user(data, db_url, ADMIN, "admin"),
    }
    try:
        with hub_process(data, db_url) as process:
            client = HubClient(process.url, tokens[LPO])
            for bundle in portfolio_events():
                answer = client.put(bundle["event"]["id"], None, bundle)
                assert answer.status_code == 200, answer.text
            client.close()
            yield Hub(process.url, db_url, data, tokens)
    finally:
        if pg is not None:
            next(pg, None)


def log_in(hub: Hub, name: str) -> httpx.Client:
    """A browser-like client that logged in through the form."""
    client = httpx.Client(base_url=hub.url, headers={"accept": "text/html"})
    form = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf, form.text
    done = client.post("/login", data={"csrf": csrf.group(1), "token": hub.tokens[name]})
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "lpo/"
    return client


def laptop_report(hub: Hub, tmp: Path, name: str, *filters: str) -> str:
    data = tmp / name.replace(" ", "-")
    if not (data / "config.toml").exists():
        for args in (("hub", "login", hub.url, "--token", hub.tokens[name]), ("sync",)):
            done = run_kaizen(data, *args)
            assert done.returncode == 0, done.stderr
    done = run_kaizen(data, "report", "--json", *filters)
    assert done.returncode == 0, done.stderr
    return done.stdout


#: Code that does not depend on the database: checked on SQLite alone.
SQLITE_ONLY = pytest.mark.parametrize("hub", ["sqlite"], indirect=True)

FILTERS = [
    ((), ""),
    (("--site", "Site 1"), "?site=Site+1"),
    (("--area", "area 3", "--from", "2026-Q1"), "?area=area+3&from=2026-Q1"),
    (("--bu", "BU 2", "--to", "2026-06-30"), "?bu=BU+2&to=2026-06-30"),
]


def test_the_dashboard_has_the_figures_of_kaizen_report(hub: Hub, tmp_path: Path) -> None:
    client = log_in(hub, LPO)
    for flags, query in FILTERS:
        expected = laptop_report(hub, tmp_path, LPO, *flags)
        served = client.get(f"/lpo/report.json{query}")
        assert served.status_code == 200
        assert served.text == expected, flags  # the same bytes: one computation
        figures = json.loads(expected)
        page = client.get(f"/lpo/{query}").text
        for figure, value in (
            ("events", figures["events"]["total"]),
            ("open", figures["actions"]["open"]),
            ("overdue", figures["actions"]["overdue"]),
        ):
            assert f'id="fig-{figure}">{value}<' in page, (flags, figure)
        owners = list(csv.reader(io.StringIO(client.get(f"/lpo/owners.csv{query}").text)))
        assert [(row[0], int(row[1])) for row in owners[1:]] == [
            (o["owner"], o["count"]) for o in figures["actions"]["overdue_by_owner"]
        ]
    assert figures["events"]["total"] < EVENTS  # the filters did filter


def test_a_facilitator_sees_the_figures_of_their_own_events(hub: Hub, tmp_path: Path) -> None:
    client = log_in(hub, FACILITATOR)
    mine = json.loads(client.get("/lpo/report.json").text)
    assert client.get("/lpo/report.json").text == laptop_report(hub, tmp_path, FACILITATOR)
    everything = json.loads(log_in(hub, LPO).get("/lpo/report.json").text)
    assert 0 < mine["events"]["total"] < everything["events"]["total"]
    assert all(FACILITATOR in e["facilitators"] for e in mine["events"]["list"])
    named = [e for e in everything["events"]["list"] if FACILITATOR in e["facilitators"]]
    assert mine["events"]["total"] == len(named)
    page = client.get("/lpo/").text
    assert "(facilitator) · the events that name you" in page


@SQLITE_ONLY
def test_every_table_is_a_csv_file(hub: Hub) -> None:
    client = log_in(hub, ADMIN)
    figures = json.loads(client.get("/lpo/report.json").text)
    for name, rows in (
        ("overdue", figures["actions"]["overdue"]),
        ("sustainment", len(figures["sustainment"]["by_area"])),
        ("certification", len(figures["people"])),
        ("capability", len(figures["line_capability"]["by_quarter"])),
        ("events", figures["events"]["total"]),
    ):
        answer = client.get(f"/lpo/{name}.csv")
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/csv")
        assert f'filename="kaizen-{name}.csv"' in answer.headers["content-disposition"]
        assert answer.content.startswith("\ufeff".encode())  # Excel reads UTF-8
        table = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        assert len(table) == rows + 1, name
    events = list(
        csv.reader(io.StringIO(client.get("/lpo/events.csv").content.decode("utf-8-sig")))
    )
    titles = {row[0]: row[1] for row in events[1:]}
    assert titles["KZ-BENCH-0000"].startswith("'=HYPERLINK")  # inert in a spreadsheet
    page = client.get("/lpo/").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert client.get("/lpo/nothing.csv").status_code == 404
    bad = client.get("/lpo/?from=someday")
    assert bad.status_code == 400
    assert "is not a date (YYYY-MM-DD) or a quarter" in bad.text
    assert client.get("/lpo/owners.csv?from=someday").status_code == 400
    printable = client.get("/lpo/print?site=Site+1")
    assert printable.status_code == 200
    assert 'class="filters"' not in printable.text and "printed 2026-" in printable.text
    assert "<svg" in printable.text


@SQLITE_ONLY
def test_login_cookie_and_what_is_refused_without_it(hub: Hub) -> None:
    plain = httpx.Client(base_url=hub.url)
    browser = httpx.Client(base_url=hub.url, headers={"accept": "text/html"})
    # not logged in: 401 for a program, the login page for a browser (and back after it)
    for path in ("/lpo/", "/lpo/report.json", "/lpo/events.csv", "/lpo/print"):
        assert plain.get(path).status_code == 401
    sent = browser.get("/lpo/?site=Site+1")
    assert sent.status_code == 303
    assert sent.headers["location"] == "../login?next=lpo%2F%3Fsite%3DSite%2B1"
    # the login form and its visit cookie
    form = browser.get("/login?next=lpo%2F%3Fsite%3DSite%2B1")
    assert form.status_code == 200
    assert "form-action 'self'" in form.headers["content-security-policy"]
    visit = form.headers["set-cookie"]
    assert "kz_login=" in visit and "HttpOnly" in visit and "SameSite=strict" in visit
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf
    good = {"csrf": csrf.group(1), "token": hub.tokens[LPO], "next": "lpo/?site=Site+1"}
    # refused: no csrf, another visit's cookie, a wrong token, a form from another site
    assert browser.post("/login", data={**good, "csrf": ""}).status_code == 403
    stranger = httpx.Client(base_url=hub.url, cookies={"kz_login": "someone-elses-visit"})
    assert stranger.post("/login", data=good).status_code == 403
    wrong = browser.post("/login", data={**good, "token": hub.tokens[LPO][:-2] + "xx"})
    assert wrong.status_code == 401
    assert "not a working hub token" in wrong.text
    assert "kz_session" not in wrong.headers.get("set-cookie", "")
    cross = browser.post("/login", data=good, headers={"sec-fetch-site": "cross-site"})
    assert cross.status_code == 403
    # logged in: back to where the browser was going, with a session cookie
    done = browser.post("/login", data=good)
    assert done.status_code == 303
    assert done.headers["location"] == "lpo/?site=Site+1"
    cookie = next(c for c in done.headers.get_list("set-cookie") if c.startswith("kz_session="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Max-Age=28800" in cookie
    assert "Secure" not in cookie  # plain http on 127.0.0.1: a Secure cookie would not come back
    dashboard = browser.get("/lpo/")
    assert dashboard.status_code == 200
    assert LPO in dashboard.text and "(LPO)" in dashboard.text
    assert dashboard.headers["cache-control"] == "no-store"
    # a login may only send the browser to the dashboard, never to another site
    for target in ("//evil.example/", "https://evil.example/", "lpo//evil"):
        again = httpx.Client(base_url=hub.url)
        visit_form = again.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', visit_form.text)
        assert token
        moved = again.post(
            "/login", data={"csrf": token.group(1), "token": hub.tokens[LPO], "next": target}
        )
        assert moved.headers["location"] == "lpo/"
    # methods
    assert browser.put("/lpo/").status_code == 405
    assert browser.delete("/login").status_code == 405
    assert browser.post("/lpo/").status_code == 405
    # a made-up cookie is no session
    assert visitor(hub, "x" * 43).get("/lpo/").status_code == 401
    # logging out ends the session on the hub: the old cookie no longer works
    session = browser.cookies["kz_session"]
    assert browser.post("/logout", data={"csrf": "nope"}).status_code == 403
    logout = re.search(
        r'action="../logout"><input type="hidden" name="csrf" value="([^"]+)"', dashboard.text
    )
    assert logout
    out = browser.post("/logout", data={"csrf": logout.group(1)})
    assert out.status_code == 303 and out.headers["location"] == "login"
    assert visitor(hub, session).get("/lpo/").status_code == 401


@SQLITE_ONLY
def test_sessions_end_when_they_expire_or_the_user_is_revoked(hub: Hub, tmp_path: Path) -> None:
    name = "Tess Temp"
    hub.tokens[name] = add_user(hub.data, hub.db_url, name, "lpo")
    first, second = log_in(hub, name), log_in(hub, name)
    assert first.get("/lpo/").status_code == second.get("/lpo/").status_code == 200
    db = open_database(hub.db_url)
    try:
        with db.write() as conn:  # the first session's 8 hours are over
            conn.execute(
                sa.update(hub_sessions)
                .where(hub_sessions.c.token_hash == _hash(first.cookies["kz_session"]))
                .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
    finally:
        db.close()
    assert first.get("/lpo/", headers={"accept": "*/*"}).status_code == 401
    assert second.get("/lpo/").status_code == 200
    # a login clears sessions that ended over a day ago; the rest stay
    db = open_database(hub.db_url)
    try:
        with db.write() as conn:
            conn.execute(
                sa.update(hub_sessions)
                .where(hub_sessions.c.token_hash == _hash(first.cookies["kz_session"]))
                .values(expires_at=datetime.now(UTC) - timedelta(days=2))
            )
        log_in(hub, name)
        with db.read() as conn:
            left = set(conn.execute(sa.select(hub_sessions.c.token_hash)).scalars())
    finally:
        db.close()
    assert _hash(first.cookies["kz_session"]) not in left
    assert _hash(second.cookies["kz_session"]) in left
    done = run_kaizen(hub.data, "hub", "user", "revoke", name, "--db", hub.db_url)
    assert done.returncode == 0, done.stderr
    assert second.get("/lpo/", headers={"accept": "*/*"}).status_code == 401


@SQLITE_ONLY
def test_the_session_cookie_is_secure_behind_tls(hub: Hub) -> None:
    with hub_process(hub.data, hub.db_url, "--public-url", "https://hub.example.test") as tls:
        client = httpx.Client(base_url=tls.url)
        form = client.get("/login")
        assert "Secure" in form.headers["set-cookie"]
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf
        # the cookie jar holds a Secure cookie back from http: send it by hand, as TLS would
        visit = re.search(r"kz_login=([^;]+)", form.headers["set-cookie"])
        assert visit
        sender = httpx.Client(base_url=tls.url, cookies={"kz_login": visit.group(1)})
        done = sender.post("/login", data={"csrf": csrf.group(1), "token": hub.tokens[LPO]})
        assert done.status_code == 303
        cookie = next(c for c in done.headers.get_list("set-cookie") if c.startswith("kz_session="))
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def visitor(hub: Hub, session: str) -> httpx.Client:
    """A program sending this session cookie."""
    return httpx.Client(base_url=hub.url, cookies={"kz_session": session})


def _hash(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()
