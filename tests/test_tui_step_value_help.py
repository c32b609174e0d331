"""The step forms explain VA / NNVA / NVA in the same words, current and future state alike (one
word list: model.STEP_VALUE_MEANINGS)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from kaizen_tui.model import STEP_VALUE_HELP
from kaizen_tui.store import Store

from .conftest import make_event
from .tui import SIZE, app_for, open_event, settle, tab_to, wait_for


async def test_both_step_forms_explain_the_value_in_the_same_words(data_dir: Path) -> None:
    Store(data_dir).create(make_event())
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        workspace = await open_event(pilot)

        def on_event() -> bool:
            return app.screen is workspace

        for phase, phase_id, table in (
            ("2", "current", "#steps"),
            ("4", "future", "#future-steps"),
        ):
            await pilot.press(phase)

            def shown(p: str = phase_id) -> bool:
                return workspace.active_phase == p

            await wait_for(pilot, shown, what=phase_id)
            await tab_to(pilot, table)
            await pilot.press("a")  # add a step: the form
            await wait_for(pilot, lambda: not on_event(), what=f"the {table} form")
            help_line = app.screen.query_one("#help-value", Static)
            assert str(help_line.render()) == STEP_VALUE_HELP, table
            await pilot.press("escape")
            await wait_for(pilot, on_event, what="back on the event")
    assert STEP_VALUE_HELP == "VA adds value the customer pays for · NNVA needed today · NVA waste"
