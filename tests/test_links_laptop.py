"""Owners' links on the laptop, against a real `kaizen hub serve` (SQLite): `kaizen links`
(the same links every time, --json, --revoke), `kaizen a3 --cards` (the PDF's QR codes decode to
the owners' links, as a phone reads them), and the app: the actions phase's Owner links dialog,
an update from the floor marked in the actions table and starting the next review's form."""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pypdfium2 as pdfium
import pytest
import zxingcpp

from kaizen_tui.hub.db import default_url
from kaizen_tui.model import Action, Bundle, Person, Review
from kaizen_tui.store import Store

from .conftest import TODAY, make_event
from .hubkit import HubProcess, add_user, hub_process, run_kaizen
from .pdftext import pages_text
from .tui import SIZE, app_for, settle, wait_for


@dataclass
class Hub:
    process: HubProcess
    db_url: str
    data: Path


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    data = tmp_path_factory.mktemp("links-hub")
    db_url = default_url(data)
    with hub_process(data, db_url) as process:
        yield Hub(process, db_url, data)


def laptop(tmp_path: Path, hub: Hub, name: str, event_id: str) -> Path:
    """A data folder with one event facilitated by ``name``, logged in and synced."""
    data = tmp_path / name
    token = add_user(hub.data, hub.db_url, name)
    event = make_event(
        id=event_id,
        status="following_up",
        start=date(2026, 10, 5),
        end=date(2026, 10, 9),
        report_out=date(2026, 10, 20),
        people=[Person(name=name, role="facilitator", from_line=False)],
        actions=[
            Action(id="A1", what="Fit the <jig> & test", owner="Jan Nowak", due=date(2026, 11, 20)),
            Action(id="A2", what="Label the shelves", owner="Maria", due=date(2026, 12, 9)),
            Action(id="A3", what="Train shift C", owner="jan nowak", due=date(2026, 12, 1)),
        ],
        reviews=[Review(day=30), Review(day=60)],
    )
    source = tmp_path / f"{event_id}.json"
    source.write_text(json.dumps(Bundle(event=event).to_json_dict()))
    for args in (
        ("import", str(source)),
        ("hub", "login", hub.process.url, "--token", token),
        ("sync",),
    ):
        done = run_kaizen(data, *args)
        assert done.returncode == 0, done.stderr
    return data


def qr_codes(pdf: bytes, dpi: int = 150) -> list[str]:
    found = []
    for page in pdfium.PdfDocument(pdf):
        image = page.render(scale=dpi / 72).to_pil()
        found += [r.text for r in zxingcpp.read_barcodes(image)]
    return found


def test_links_are_the_same_each_time_and_revoking_ends_them(tmp_path: Path, hub: Hub) -> None:
    data = laptop(tmp_path, hub, "Ann Facil", "KZ-LL-1")
    first = run_kaizen(data, "links", "KZ-LL-1")
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert [line.split("  ")[0] for line in lines] == ["Jan Nowak", "Maria"]
    assert "2 new" in first.stderr and "hand each to its owner only" in first.stderr
    listed = json.loads(run_kaizen(data, "links", "KZ-LL-1", "--json").stdout)
    assert [item["owner"] for item in listed] == ["Jan Nowak", "Maria"]
    assert set(listed[0]) == {"owner", "url"}
    for item, line in zip(listed, lines, strict=True):
        assert line.endswith(item["url"])  # the same links: this laptop kept them
        assert re.fullmatch(re.escape(hub.process.url) + r"/o/[A-Za-z0-9_-]{43}/", item["url"])
    kept = data / "sync" / "links.json"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    jan, maria = listed[0]["url"], listed[1]["url"]
    assert httpx.get(jan).status_code == 200

    revoked = run_kaizen(data, "links", "KZ-LL-1", "--revoke", "JAN  nowak")
    assert revoked.returncode == 0, revoked.stderr
    assert revoked.stdout.strip() == (
        "Ended 1 personal link of Jan Nowak: they open nothing from now on."
    )
    assert httpx.get(jan).status_code == 404
    assert httpx.get(maria).status_code == 200
    again = json.loads(run_kaizen(data, "links", "KZ-LL-1", "--json").stdout)
    assert again[1]["url"] == maria and again[0]["url"] != jan  # Jan gets a new one

    nobody = run_kaizen(data, "links", "KZ-LL-1", "--revoke", "Nobody")
    assert nobody.returncode == 1
    assert nobody.stderr.startswith("kaizen: 'Nobody' owns no action of KZ-LL-1")
    unknown = run_kaizen(data, "links", "KZ-NOT-HERE")
    assert unknown.returncode == 1 and len(unknown.stderr.splitlines()) == 1


def test_links_need_a_hub_login_and_an_event_on_the_hub(tmp_path: Path, hub: Hub) -> None:
    data = tmp_path / "offline"
    store = Store(data)
    store.create(make_event(id="KZ-OFF-1"), today=TODAY)
    alone = run_kaizen(data, "links", "KZ-OFF-1")
    assert alone.returncode == 1
    assert alone.stderr == (
        "kaizen: owners' links come from the hub; log in first: kaizen hub login URL --token "
        "TOKEN\n"
    )
    token = add_user(hub.data, hub.db_url, "Off Line")
    assert run_kaizen(data, "hub", "login", hub.process.url, "--token", token).returncode == 0
    unsynced = run_kaizen(data, "links", "KZ-OFF-1")
    assert unsynced.returncode == 1
    assert "no event KZ-OFF-1 on the hub (sync it first: kaizen sync)" in unsynced.stderr
    cards = run_kaizen(data, "a3", "KZ-OFF-1", "--cards")
    assert cards.returncode == 1 and "Traceback" not in cards.stderr


def test_owner_cards_carry_each_owners_link_as_a_qr_code(tmp_path: Path, hub: Hub) -> None:
    data = laptop(tmp_path, hub, "Cara Facil", "KZ-LC-1")
    links = {
        i["owner"]: i["url"]
        for i in json.loads(run_kaizen(data, "links", "KZ-LC-1", "--json").stdout)
    }
    out = tmp_path / "cards.pdf"
    done = run_kaizen(data, "a3", "KZ-LC-1", "--cards", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    pdf = out.read_bytes()
    assert sorted(qr_codes(pdf)) == sorted(links.values())  # the same links, read as a phone would
    text = " ".join(pages_text(pdf))
    for expected in (
        "Jan Nowak",
        "Maria",
        "Fit the <jig> & test",
        "A3",
        "due 2026-12-01",
        "OVERDUE",
    ):
        assert expected in text, expected
    assert len(pdfium.PdfDocument(pdf)) == 1  # two cards on one A4 sheet
    tall = run_kaizen(data, "a3", "KZ-LC-1", "--cards", "--paper", "a3", "-o", str(out))
    assert tall.returncode == 0, tall.stderr
    width, height = pdfium.PdfDocument(out.read_bytes())[0].get_size()
    assert height > width  # eight cards on a portrait A3 sheet


async def test_the_app_lists_revokes_and_marks_updates_from_the_floor(
    tmp_path: Path, hub: Hub
) -> None:
    from kaizen_tui.screens.owner_links import OwnerLinksScreen
    from kaizen_tui.screens.review import ReviewScreen
    from kaizen_tui.widgets.table import Table

    data = laptop(tmp_path, hub, "Dora Facil", "KZ-LA-1")
    app = app_for(data)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the only event
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "EventScreen")
        await pilot.press("5")  # the actions phase
        await settle(pilot)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, OwnerLinksScreen))
        dialog = app.screen
        assert isinstance(dialog, OwnerLinksScreen)
        await wait_for(pilot, lambda: len(dialog.links) == 2, what="the two owners listed")
        table = dialog.query_one("#links-table", Table)
        assert table.cursor_key == "Jan Nowak"
        jan = dialog.links[0].url
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("y")
        await wait_for(pilot, lambda: "Jan Nowak" in dialog.ended, what="Jan Nowak revoked")
        assert httpx.get(jan).status_code == 404
        await pilot.press("escape")
        await settle(pilot)

        # Maria marks A2 done from her phone; the laptop syncs
        maria = dialog.links[1].url
        page = httpx.get(maria).text
        csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)
        assert csrf
        posted = httpx.post(
            maria,
            data={
                "action": "KZ-LA-1/A2",
                "csrf": csrf.group(1),
                "status": "done",
                "pdca": "4",
                "note": "[b]labels[/b] up",
            },
        )
        assert posted.status_code == 303
    synced = run_kaizen(data, "sync")
    assert synced.returncode == 0, synced.stderr
    assert "Pulled 1: KZ-LA-1" in synced.stdout

    app = app_for(data)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "EventScreen")
        await pilot.press("5")
        await settle(pilot)
        row = app.screen.query_one("#actions", Table).row("A2")
        assert row is not None
        cells = [str(c) for c in row.cells]
        assert cells[5].startswith("done")
        assert cells[-1] == (
            "25 Nov from the floor · Maria: Marked done, PDCA not started → "
            "acted / standardised: [b]labels[/b] up"
        )
        # the next review starts from it: A2 is listed, done, with what the floor said
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("h")  # hold the next review that is due
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert [a.id for a in review.open_actions] == ["A1", "A2", "A3"]
        assert review.query_one("#status-A2").value == "done"  # type: ignore[attr-defined]
        floor_line = str(review.query_one("#block-A2 .action-floor").render())
        assert "from the floor · Maria" in floor_line and "[b]labels[/b] up" in floor_line
