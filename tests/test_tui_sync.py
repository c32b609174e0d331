"""The app and the hub (Pilot, a real `kaizen hub serve` process): the top bars say how syncing
goes, a sync in the background never holds up typing, "Sync now" in the palette, and the
conflicts view on an event (base, mine, theirs; one key each; text never read as markup)."""

from __future__ import annotations

import copy
import http.client
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from kaizen_tui.app import KaizenApp
from kaizen_tui.config import load_config
from kaizen_tui.hub.db import default_url
from kaizen_tui.logic.threeway import merge_events
from kaizen_tui.model import Bundle, parse_event
from kaizen_tui.screens.conflicts import ConflictsScreen
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store

from .conftest import TODAY, make_event
from .hubkit import HubClient, HubProcess, add_user, hub_process
from .tui import SIZE, app_for, settle, tab_to, told, type_text, wait_for


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[HubProcess, Path, str]]:
    data = tmp_path_factory.mktemp("hub")
    db_url = default_url(data)
    with hub_process(data, db_url) as process:
        yield process, data, db_url


def logged_in(data_dir: Path, url: str, token: str) -> None:
    config = load_config(data_dir)
    config.set("hub_url", url)
    config.set("hub_token", token)
    config.save()


def bar_sync(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    return str(screen.query_one("#bar-sync", Static).render())


async def synced(pilot: Pilot[None], app: KaizenApp) -> None:
    """Wait until the sync asked for is done (and what it told the screens is shown)."""
    runner = app.sync_runner
    await wait_for(
        pilot, lambda: not runner.running and runner.status.state != "waiting", what="synced"
    )
    await settle(pilot)


# -- the status ----------------------------------------------------------------------------------


async def test_the_top_bars_say_how_syncing_goes(
    tmp_path: Path, hub: tuple[HubProcess, Path, str]
) -> None:
    process, data, db_url = hub
    token = add_user(data, db_url, "Bo Status")
    data_dir = tmp_path / "laptop"
    store = Store(data_dir)
    store.create(make_event(id="KZ-2026-201"), today=TODAY)
    logged_in(data_dir, process.url, token)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot, app)
        assert str(app.screen.sub_title).endswith("· synced just now")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen))
        assert bar_sync(app) == "synced just now"
    # the same laptop where the hub cannot be reached, with an edit the hub has not got
    logged_in(data_dir, "http://127.0.0.1:9", token)
    event = store.load("KZ-2026-201")
    event.lessons = "written on the train"
    store.save(event)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot, app)
        assert app.sync_runner.status.state == "offline"
        assert "· offline · 1 to push" in str(app.screen.sub_title)
    # a token the hub no longer takes: said in the bar, in the error colour, and by Sync now
    logged_in(data_dir, process.url, token[:-4] + "xxxx")
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen))
        assert bar_sync(app) == "hub refused the token"
        assert app.screen.query_one("#bar-sync").has_class("-error")
        app.sync_runner.sync_now()
        await synced(pilot, app)
        [said] = told(app, "Sync")
        assert said.severity == "error" and "token" in str(said.message)
        assert Store(data_dir).load("KZ-2026-201").lessons == "written on the train"


class _HeldProxy(BaseHTTPRequestHandler):
    """Forwards to the hub once the test opens the gate: a sync held up on the network for as
    long as the test types."""

    hub_port = 0
    gate = threading.Event()

    def do_GET(self) -> None:
        self._forward()

    def do_PUT(self) -> None:
        self._forward()

    def _forward(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else None
        self.gate.wait(60)
        conn = http.client.HTTPConnection("127.0.0.1", self.hub_port, timeout=60)
        conn.request(self.command, self.path, body=body, headers=dict(self.headers))
        answer = conn.getresponse()
        data = answer.read()
        conn.close()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in ("transfer-encoding", "connection"):
                self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


async def test_an_edit_the_hub_refuses_is_not_called_synced(
    tmp_path: Path, hub: tuple[HubProcess, Path, str]
) -> None:
    """An LPO reads every event but pushes only their own: an edit of someone else's event stays
    on the laptop, and the bars and a notice say so instead of "synced just now"."""
    from kaizen_tui.sync import sync

    process, data, db_url = hub
    ann = Store(tmp_path / "ann")
    ann.create(make_event(id="KZ-2026-401"), today=TODAY)
    sync(ann, process.url, add_user(data, db_url, "Ann Owner"), today=TODAY)
    lee_token = add_user(data, db_url, "Lee Reader", role="lpo")
    lee_dir = tmp_path / "lee"
    lee = Store(lee_dir)
    assert "KZ-2026-401" in sync(lee, process.url, lee_token, today=TODAY).pulled
    event = lee.load("KZ-2026-401")
    event.title = "Edited by the LPO"
    lee.save(event)
    logged_in(lee_dir, process.url, lee_token)
    app = app_for(lee_dir)
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot, app)
        assert str(app.screen.sub_title).endswith("· synced just now · 1 not synced")
        [notice] = told(app, "Not synced")
        assert notice.message.startswith("KZ-2026-401: the hub refused it:")
        assert "not one of yours" in notice.message
        assert notice.message.endswith("The changes are kept on this laptop.")
        app.sync_runner.request()  # the same refusal again: the bar keeps it, no second notice
        await synced(pilot, app)
        assert str(app.screen.sub_title).endswith("· 1 not synced")
        assert len(told(app, "Not synced")) == 1
    assert Store(lee_dir).load("KZ-2026-401").title == "Edited by the LPO"


async def test_typing_goes_on_while_a_sync_runs_and_sync_now_says_how_it_went(
    tmp_path: Path, hub: tuple[HubProcess, Path, str]
) -> None:
    process, data, db_url = hub
    _HeldProxy.hub_port = urlsplit(process.url).port or 0
    _HeldProxy.gate.clear()
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), _HeldProxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        data_dir = tmp_path / "laptop"
        Store(data_dir).create(make_event(id="KZ-2026-202"), today=TODAY)
        token = add_user(data, db_url, "Cy Typing")
        logged_in(data_dir, f"http://127.0.0.1:{proxy.server_address[1]}", token)
        app = app_for(data_dir)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, EventScreen))
            assert app.sync_runner.status.state == "syncing"  # the first sync is on its way
            assert bar_sync(app) == "syncing…"
            await pilot.press("1")
            workspace = app.screen
            assert isinstance(workspace, EventScreen)
            await wait_for(pilot, lambda: workspace.active_phase == "charter", what="Charter")

            await tab_to(pilot, "#f-site")
            await type_text(pilot, "Typed during a sync")
            await pilot.press("tab")  # leaving the field saves it (in a worker of its own)
            await wait_for(
                pilot,
                lambda: Store(data_dir).load("KZ-2026-202").site == "Typed during a sync",
                what="the edit saved",
            )
            # the sync is still waiting on the network, and every key landed and was saved
            assert app.sync_runner.status.state == "syncing"
            assert app.screen.query_one("#f-site Input", Input).value == "Typed during a sync"
            _HeldProxy.gate.set()
            await synced(pilot, app)
            # the palette's Sync now: the edit goes to the hub and a note says so
            await pilot.press("ctrl+p")
            await type_text(pilot, "Sync now")
            await pilot.press("enter")
            await wait_for(pilot, lambda: bool(told(app, "Synced with the hub")), what="a note")
            said = [str(n.message) for n in told(app, "Synced with the hub")]
            assert said == ["up to date"]  # the held sync took the edit along when let go
            hub_copy = HubClient(process.url, token).get("KZ-2026-202").json()["bundle"]["event"]
            assert hub_copy["site"] == "Typed during a sync"
            assert bar_sync(app) == "synced just now"
    finally:
        proxy.shutdown()
        proxy.server_close()


# -- the conflicts view --------------------------------------------------------------------------


def with_conflicts(data_dir: Path) -> str:
    """An event whose merge left two conflicts: a due date, and a title with markup in it."""
    base = Bundle(event=make_event(id="KZ-2026-203")).to_json_dict()["event"]
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine["title"], theirs["title"] = "Mine [b]bold?[/b]", "Theirs [red]not red[/red] & <x>"
    mine["actions"][1]["due"], theirs["actions"][1]["due"] = "2026-12-05", "2026-12-09"
    merged = merge_events(base, mine, theirs, at="2026-11-25T09:30:00+00:00").event
    Store(data_dir).create(parse_event(merged), today=TODAY)
    return "KZ-2026-203"


async def test_the_conflicts_view_keeps_mine_or_takes_theirs_with_one_key(tmp_path: Path) -> None:
    data_dir = tmp_path / "laptop"
    event_id = with_conflicts(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        rows = app.screen.query_one("#events").row_texts()  # type: ignore[attr-defined]
        assert [cell for row in rows for cell in row if "⚠" in cell] == ["⚠ 2 Mine [b]bold?[/b]"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen))
        assert bar_sync(app) == "⚠ 2 conflicts · F8"
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen))
        screen = app.screen
        sides = {
            s: screen.query_one(f"#side-{s}", Static).render() for s in ("base", "mine", "theirs")
        }
        assert str(sides["mine"]) == "Mine [b]bold?[/b]", "user text is shown as typed, not markup"
        assert str(sides["theirs"]) == "Theirs [red]not red[/red] & <x>"
        assert str(sides["base"]) == "Cut changeover time on press 7"
        await pilot.press("t")  # take theirs for the title
        await settle(pilot)
        assert Store(data_dir).load(event_id).title == "Theirs [red]not red[/red] & <x>"
        assert isinstance(app.screen, ConflictsScreen), "one left"
        assert str(app.screen.query_one("#side-theirs", Static).render()) == "2026-12-09"
        await pilot.press("m")  # keep mine for the due date
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen))
        stored = Store(data_dir).load(event_id)
        assert stored.conflicts == [] and stored.actions[1].due == date(2026, 12, 5)
        assert bar_sync(app) == ""
    # and a restart shows the choices kept
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert Store(data_dir).load(event_id).title.startswith("Theirs")


async def test_every_key_stays_on_screen_at_80_columns_with_conflicts(tmp_path: Path) -> None:
    """F8 joins the event's keys when there are conflicts: at 80 columns the run-sheet's keys then
    take three lines, and none may fall off the bottom of the key bar (^l and the palette did)."""
    from kaizen_tui.widgets.keybar import KeyBar

    with_conflicts(tmp_path / "laptop")
    app = app_for(tmp_path / "laptop")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen))
        for phase in "1234567":
            await pilot.press(phase)
            await settle(pilot)
            bar = app.screen.query_one(KeyBar)
            lines = str(bar.render()).splitlines()
            assert len(lines) <= bar.size.height, f"phase {phase}: keys cut off: {lines}"
            assert "f8 Conflicts" in "".join(lines) and "^p palette" in lines[-1]


async def test_a_choice_the_event_cannot_take_is_refused_in_the_view(tmp_path: Path) -> None:
    data_dir = tmp_path / "laptop"
    base = Bundle(event=make_event(id="KZ-2026-204")).to_json_dict()["event"]
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine["start"] = "2026-11-26"
    theirs["end"] = "2026-11-25"
    merged = merge_events(base, mine, theirs, at="2026-11-25T09:30:00+00:00").event
    Store(data_dir).create(parse_event(merged), today=TODAY)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen))
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen))
        table = app.screen.query_one("#conflict-list")
        texts = [row[0] for row in table.row_texts()]  # type: ignore[attr-defined]
        assert texts == ["End", "Start"] or texts == ["Start", "End"]
        await pilot.press(*(["down"] if texts[0] == "Start" else []))
        await pilot.press("t")  # theirs' end is before mine's start: refused, said, nothing lost
        await settle(pilot)
        message = app.screen.query_one(".dialog-message", Static).render()
        assert "before it starts" in str(message)
        assert len(Store(data_dir).load("KZ-2026-204").conflicts) == 2


def test_values_are_text_for_people() -> None:
    from kaizen_tui.screens.conflicts import show_value

    assert str(show_value(None, path="actions[A3]")) == "(deleted)"
    assert str(show_value(None, path="title")) == "(empty)"
    assert str(show_value(3, path="actions[A3].pdca")) == "◕ 3 of 4 · checked"
    assert str(show_value("following_up", path="status")) == "following up"
    item = show_value(
        {"id": "A3", "what": "[b]x[/b]", "owner": "", "x_cost": 5}, path="actions[A3]"
    )
    assert str(item) == "id: A3\nwhat: [b]x[/b]\nx cost: 5"  # a Text: the [b] is not markup
    assert str(show_value(["a", "b"])) == "• a\n• b"


def test_what_the_bars_say_in_words() -> None:
    from datetime import UTC, datetime, timedelta

    from kaizen_tui.screens.syncing import SyncStatus

    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert SyncStatus().text(now) == "", "not logged in: nothing"
    assert SyncStatus("ok", now - timedelta(seconds=20)).text(now) == "synced just now"
    assert SyncStatus("ok", now - timedelta(minutes=2)).text(now) == "synced 2 min ago"
    assert SyncStatus("ok", now - timedelta(hours=3)).text(now) == "synced 3 h ago"
    left = SyncStatus("ok", now, not_synced=("KZ-1: the hub refused it: not one of yours",))
    assert (left.text(now), left.tone) == ("synced just now · 1 not synced", "warning")
    offline = SyncStatus("offline", now - timedelta(days=2), to_push=3)
    assert (offline.text(now), offline.tone) == ("offline · 3 to push", "warning")
    refused = SyncStatus("refused", by_event=(("KZ-1", 1), ("KZ-2", 1)))
    # conflicts first: a narrow header cuts off the end
    assert (refused.text(now), refused.tone) == ("2 conflicts · hub refused the token", "error")


def test_the_conflicts_view_fits_80_by_24(  # type: ignore[no-untyped-def]
    snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long value scrolls inside its side; the view, its keys and its list stay on screen."""
    import time

    monkeypatch.setenv("TZ", "UTC")  # "Found" is shown in local time
    time.tzset()
    data_dir = tmp_path / "laptop"
    base = Bundle(event=make_event(id="KZ-2026-205")).to_json_dict()["event"]
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    long = "Invoices wait 18 working days from receipt to approval; " * 6
    mine["problem"], theirs["problem"] = "Mine: " + long, "Theirs: [red]" + long
    mine["status"], theirs["status"] = "reported", "abandoned"
    merged = merge_events(base, mine, theirs, at="2026-11-25T09:30:00+00:00").event
    Store(data_dir).create(parse_event(merged), today=TODAY)

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen))
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen))
        rows = app.screen.query_one("#conflict-list").row_texts()  # type: ignore[attr-defined]
        await pilot.press(*["down"] * [row[0] for row in rows].index("Problem"))
        await settle(pilot)

    try:
        assert snap_compare(app_for(data_dir), terminal_size=(80, 24), run_before=run_before)
    finally:
        monkeypatch.undo()
        time.tzset()
