"""What `kaizen` loads and does before its home screen is up (issue 18: start-up at most 1.3× an
empty Textual app with 1,000 events, bench scale). A start is a fresh process: tested as one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click

from kaizen_tui.cli import COMMANDS, load_command, main
from kaizen_tui.store import Store

from .conftest import make_event

#: `kaizen --data DIR` as a person starts it, headless; once the home list shows the events it
#: presses ↓ and prints what the process has loaded and how its garbage collector stands.
CHILD = """
import gc, json, sys
from kaizen_tui import app as app_module
from kaizen_tui.cli import context, main

context.check_terminal = lambda hint='': None  # headless on purpose
original_run = app_module.KaizenApp.run
seen = {}

async def look(pilot):
    table = None
    for _ in range(400):
        await pilot.pause(0.02)
        try:
            table = pilot.app.screen.query_one("#events")
        except Exception:
            continue
        if table.row_count:
            break
    seen["modules"] = sorted(sys.modules)
    seen["rows"] = table.row_count
    await pilot.press("down")
    await pilot.pause()
    seen["cursor"] = table.cursor_row
    seen["gc_enabled"] = gc.isenabled()
    seen["frozen"] = gc.get_freeze_count()
    pilot.app.exit()

def run(self, **kwargs):
    return original_run(self, headless=True, size=(120, 36), auto_pilot=look)

app_module.KaizenApp.run = run
sys.argv = ["kaizen", "--data", sys.argv[1]]
try:
    main()
finally:
    print(json.dumps(seen))
"""

#: Not needed to show the home screen, each a measurable part of a start (bench startup).
NOT_AT_START = (
    "kaizen_tui.model",  # pydantic, ~150 ms
    "pydantic",
    "kaizen_tui.screens.workspace",
    "kaizen_tui.a3",
    "kaizen_tui.report",
    "kaizen_tui.hub",
    "kaizen_tui.sync",
    "textual.widgets._text_area",  # and the document modules behind it
    "hashlib",  # OpenSSL
    "secrets",
    *(f"kaizen_tui.cli.{module}" for module, _ in COMMANDS.values()),
)


def test_the_app_starts_without_what_the_home_screen_does_not_need(data_dir: Path) -> None:
    store = Store(data_dir)
    store.create(make_event())
    store.create(make_event(id="KZ-TEST-2", title="Second"))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "KAIZEN_TODAY": "2026-11-25"},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["rows"] == 2
    assert seen["cursor"] == 1  # keys work: ↓ moved to the second event
    loaded = [
        m for m in seen["modules"] if any(m == n or m.startswith(n + ".") for n in NOT_AT_START)
    ]
    assert loaded == []
    # collection is off during the start (cli.context.open_tui) and back once the screen is up;
    # what was loaded before the app ran is frozen (never scanned again)
    assert seen["gc_enabled"] is True
    assert seen["frozen"] > 10_000


def test_every_command_is_found_under_its_name() -> None:
    for name in COMMANDS:
        command = load_command(name)
        assert command.name == name
        # --data after its name, once however often the command is asked for
        assert [p.name for p in load_command(name).params].count("data_after") == 1
    ctx = click.Context(main)
    assert main.list_commands(ctx) == sorted(COMMANDS)
    hub = main.get_command(ctx, "hub")
    assert isinstance(hub, click.Group)
    assert sorted(hub.commands) == ["login", "serve", "user"]
    login = hub.commands["login"]
    assert any(p.name == "data_after" for p in login.params)


def test_data_after_a_command_is_described_without_a_default(
    kaizen: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    out = kaizen("list", "--help").stdout
    assert "Data folder (also accepted before the command)." in out
    assert "default" not in out  # it said "[default: (data_after)]"


#: A one-shot command run as `kaizen --data DIR ARGS…`; at its end, what it loaded (on stderr).
COMMAND_CHILD = """
import json, sys
from kaizen_tui.cli import main

sys.argv = ["kaizen", "--data", *sys.argv[1:]]
try:
    main()
finally:
    print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def test_the_portfolio_report_and_follow_ups_read_the_index_without_pydantic(
    data_dir: Path,
) -> None:
    """`kaizen report --json` answers from the index's rows: loading the model (pydantic) was
    two thirds of its start, every time (bench scale: its start-up is the empty folder's run)."""
    store = Store(data_dir)
    store.create(make_event())
    # an event file changed a minute ago, its rows made since: the index is trusted as it is
    # (a file changed within the last seconds is read again, through the model)
    for path in (data_dir / "events").glob("*.json"):
        os.utime(path, ns=(path.stat().st_mtime_ns - 60 * 10**9,) * 2)
    for args in (["list"], ["report", "--json"], ["followups", "--json"]):
        out = subprocess.run(
            [sys.executable, "-c", COMMAND_CHILD, str(data_dir), *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "KAIZEN_TODAY": "2026-11-25"},
        )
        assert out.returncode == 0, out.stderr[-2000:]
        if args == ["list"]:
            continue  # the index brought up to date with the file's new time
        assert json.loads(out.stdout)  # the figures were written
        modules = json.loads(out.stderr.strip().splitlines()[-1])
        assert [m for m in modules if m.split(".")[0] == "pydantic"] == [], args
        assert "kaizen_tui.model" not in modules, args
