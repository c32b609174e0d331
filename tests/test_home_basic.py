"""The home screen as a person sees it (Pilot)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from kaizen_tui.app import make_app
from kaizen_tui.store import Store
from kaizen_tui.widgets.table import Table

from .conftest import TODAY, make_event
from .tui import wait_for


async def test_home_lists_events_and_names_a_corrupt_file(data_dir: Path) -> None:
    store = Store(data_dir)
    store.create(make_event())
    store.create(make_event(id="KZ-TEST-2", title="Broken one"))
    store.event_path("KZ-TEST-2").write_text('{"bundle": ')
    app = make_app(data_dir, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        # The list is shown from the event index at once; the files are checked a moment later
        # (a thread), and a file damaged behind kaizen's back then leaves the list.
        table = app.screen.query_one("#events", Table)
        await wait_for(pilot, lambda: table.row_count == 1, what="the damaged event left out")
        row = table.row_texts()[0]
        assert row[0] == "KZ-TEST-1"
        assert "Cut changeover time on press 7" in row
        banner = app.screen.query_one("#problems", Static)
        text = str(banner.render())
        assert "events/KZ-TEST-2.json is unreadable" in text
        assert "kaizen restore KZ-TEST-2" in text
