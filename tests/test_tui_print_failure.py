"""A rendering bug while printing the A3: the facilitator reads one line, the traceback is in the
data folder's kaizen.log for the bug report, nothing is recorded and the app carries on."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaizen_tui.config import LOG_FILE, log_failure
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store

from .conftest import make_event
from .tui import SIZE, app_for, open_event, settle, told, wait_for


def _a_rendering_bug(*args: object, **kwargs: object) -> Path:
    # Fault injection: the renderer is fuzzed elsewhere (test_a3.py) and no known input breaks
    # it, so the bug this handler is for is put where the worker calls the renderer.
    raise RuntimeError("the section\nran out of room")  # a message over two lines


async def test_a_rendering_bug_is_one_line_for_the_user_and_a_traceback_in_the_log(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kaizen_tui.a3.output.write_a3", _a_rendering_bug)
    monkeypatch.chdir(tmp_path)  # the A3 folder defaults to where kaizen was started
    Store(data_dir).create(make_event())
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_event(pilot)
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: told(app, "A3 not printed"), what="the failure told")
        message = told(app, "A3 not printed")[0].message
        assert "\n" not in message
        assert "RuntimeError: the section ran out of room" in message
        assert str(data_dir / LOG_FILE) in message
        await settle(pilot)
        assert isinstance(app.screen, EventScreen)  # the app carries on, the event is open
    log = (data_dir / LOG_FILE).read_text(encoding="utf-8")
    assert "Printing the A3 of KZ-TEST-1" in log
    assert "Traceback (most recent call last)" in log and "_a_rendering_bug" in log
    assert "RuntimeError: the section\nran out of room" in log
    assert Store(data_dir).load("KZ-TEST-1").a3_printed_revision is None
    assert not list(tmp_path.glob("**/*.pdf"))


def test_the_log_is_appended_and_kept_small(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kaizen_tui.config.LOG_MAX_BYTES", 200)
    for n in range(3):
        try:
            raise ValueError(f"failure {n}")
        except ValueError as err:
            assert log_failure(tmp_path, f"attempt {n}", err) == tmp_path / LOG_FILE
    newest = (tmp_path / LOG_FILE).read_text(encoding="utf-8")
    older = (tmp_path / f"{LOG_FILE}.1").read_text(encoding="utf-8")
    assert "ValueError: failure 2" in newest and "failure 0" not in newest
    assert "ValueError: failure 1" in older and "failure 0" not in older  # the one before goes
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    try:
        raise ValueError("nowhere to write")
    except ValueError as err:
        assert log_failure(blocked / "data", "unwritable", err) is None
