"""Cold start to an interactive home screen with 1,000 events, against an empty Textual app.

Each run is a fresh process (interpreter start and imports included), as a user experiences it:
the parent notes the wall clock, starts the child, and the child prints the wall clock once its
first screen is up and filled (for the app: the home table holds every event). Floor and app
alternate, so both see the same machine load; the median of the runs is compared.

Also reported, not barred: the start until the "needs attention" queue is filled as well (it is
read in a thread after the list is shown), and opening one event with 200 actions, from pressing
Enter on the home screen to the workspace being filled (in one process, after the app is up).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import report, start_env

EVENTS = 1_000
RUNS = 7
BAR = 1.5

# The floor: an empty Textual app (Header, Static, Footer), headless, ready when mounted.
FLOOR_CHILD = """
import time
from textual.app import App
from textual.widgets import Footer, Header, Static

class Empty(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()

async def ready(pilot):
    await pilot.pause()
    print(time.time(), flush=True)
    pilot.app.exit()

Empty().run(headless=True, size=(120, 36), auto_pilot=ready)
"""

# The app as the `kaizen` command starts it, ready when the home table lists every event.
APP_CHILD = """
import sys, time
from kaizen_tui.cli import main
from kaizen_tui import app as app_module
from kaizen_tui.cli import context

context.check_terminal = lambda hint='': None  # headless under the bench, on purpose

expected = int(sys.argv[1])
original_run = app_module.KaizenApp.run

async def ready(pilot):
    deadline = time.time() + 60
    while time.time() < deadline:
        await pilot.pause()
        try:
            table = pilot.app.screen.query_one("#events")
        except Exception:
            continue
        if table.row_count >= expected:
            print(time.time(), flush=True)
            break
    pilot.app.exit()

def run(self, **kwargs):
    return original_run(self, headless=True, size=(120, 36), auto_pilot=ready)

app_module.KaizenApp.run = run
sys.argv = ["kaizen", "--data", sys.argv[2]]
main()
"""

# The same start, ready when the "needs attention" queue (read in a thread after the list is
# shown) is filled too: reported, not barred.
QUEUE_CHILD = APP_CHILD.replace(
    "if table.row_count >= expected:",
    "if table.row_count >= expected and pilot.app.screen.attention is not None:",
)

OPEN_CHILD = """
import asyncio, sys, time
from pathlib import Path
from kaizen_tui.app import make_app

async def main():
    app = make_app(Path(sys.argv[1]))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("enter")
        while type(app.screen).__name__ != "EventScreen" or not app.screen.is_filled:
            await pilot.pause()
        print(time.perf_counter() - start, flush=True)

asyncio.run(main())
"""


def _time_child(code: str, *args: str) -> float:
    env = start_env(KAIZEN_TODAY="2026-11-25")
    start = time.time()
    return _run_child(code, *args, env=env) - start


def _open_event_seconds(root: Path) -> float:
    from bench.common import synthetic_event
    from kaizen_tui.store import Store

    Store(root).create(synthetic_event(1, actions=200))
    return _run_child(OPEN_CHILD, str(root))


def _run_child(code: str, *args: str, env: dict[str, str] | None = None) -> float:
    """Run ``code`` in a fresh interpreter; the number it prints last."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"bench child failed: {out.stderr[-2000:]}")
    return float(out.stdout.strip().splitlines()[-1])


def run() -> bool:
    from bench.common import build_portfolio

    with tempfile.TemporaryDirectory(prefix="kaizen-bench-") as tmp:
        root = Path(tmp) / "portfolio"
        print(f"building {EVENTS} events …", flush=True)
        build_portfolio(root, EVENTS)
        # one warm-up each: the index cache is built once, as after any first start
        _time_child(APP_CHILD, str(EVENTS), str(root))
        _time_child(FLOOR_CHILD)
        floors, apps = [], []
        for _ in range(RUNS):
            floors.append(_time_child(FLOOR_CHILD))
            apps.append(_time_child(APP_CHILD, str(EVENTS), str(root)))
        floor = statistics.median(floors)
        app = statistics.median(apps)
        report("empty Textual app (Header, Static, Footer), median", floor)
        ok = report(f"kaizen home with {EVENTS:,} events, median", app, floor, BAR)
        queued = [_time_child(QUEUE_CHILD, str(EVENTS), str(root)) for _ in range(3)]
        report("home with the needs-attention queue filled too, median", statistics.median(queued))
        opened = [_open_event_seconds(Path(tmp) / f"one-{i}") for i in range(3)]
        report(
            "open an event with 200 actions (Enter → workspace), median", statistics.median(opened)
        )
    return ok
