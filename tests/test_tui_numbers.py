"""A number typed in the app follows the one rule of logic/numbers.py: a facilitator who types a
baseline of ``1,200`` (twelve hundred, US style) is asked which is meant, instead of 1.2 going
onto the A3; ``1 200`` is twelve hundred."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from kaizen_tui.model import Metric
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store
from kaizen_tui.widgets.form import FormScreen
from kaizen_tui.widgets.item_table import ItemTable

from .conftest import TODAY, make_event
from .tui import SIZE, app_for, open_event, paste, saved, screen_is, settle, tab_to


async def test_a_baseline_of_1_comma_200_is_asked_about_and_1_space_200_is_stored(
    data_dir: Path,
) -> None:
    store = Store(data_dir)
    metric = Metric(
        id="M1", name="Parts per shift", unit="parts", direction="higher", baseline=950, target=1500
    )
    store.create(make_event(metrics=[metric]), today=TODAY)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        workspace = await open_event(pilot, "1")
        metrics = workspace.query_one("#metrics", ItemTable)
        metrics.focus()
        metrics.move_to("M1")
        await settle(pilot)
        await pilot.press("enter")
        form = await screen_is(pilot, FormScreen)
        assert form.form_title == "Edit metric M1"

        await tab_to(pilot, "#field-baseline")
        await pilot.press("ctrl+u")
        await paste(pilot, "1,200")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused: the dialog stays, with what was typed in it
        error = str(form.query_one("#error-baseline", Static).render())
        assert error == "'1,200' is ambiguous: write 1200 or 1.2"
        assert form.query_one("#field-baseline", Input).value == "1,200"
        await saved(pilot)
        assert store.load("KZ-TEST-1").metrics[0].baseline == 950  # the baseline it had

        await pilot.press("ctrl+u")
        await paste(pilot, "1 200")
        await pilot.press("ctrl+s")
        await screen_is(pilot, EventScreen)
        await saved(pilot)
        assert store.load("KZ-TEST-1").metrics[0].baseline == 1200
        assert metrics.row_texts()[0][:5] == ["M1", "Parts per shift", "parts", "↑ higher", "1200"]
