"""Portfolio scale (issue 18): 10,000 events against 1,000, each figure as a ratio in one run.

    python -m bench scale                   every part
    BENCH_PARTS=home,portfolio python -m bench scale

Parts and bars:

* ``home``   cold start to the interactive home screen (fresh process, as ``kaizen`` starts,
             bytecode cached as installed: common.start_env) against an empty Textual app:
             ≤ 1.3× with 1,000 events, ≤ 2× with 10,000. Then the app's peak RSS with 10,000
             events, started, queue read, scrolled to the last event: ≤ 150 MB.
* ``portfolio`` the app's peak RSS with 10,000 events once the LPO portfolio screen has shown
             its figures, every tab, the overdue actions scrolled to the last, and again after
             leaving and opening it a second time: ≤ 150 MB, the app's bar (issue 18: memory
             that does not grow with the portfolio beyond what is on screen).
* ``cli``    ``kaizen report --json`` and ``kaizen followups --json`` at 10,000 events against the
             same at 1,000 and on an empty data folder (whole processes, alternated): the **CPU
             time per event** beyond the empty folder's run, (cpu(n) − cpu(0)) / n, at 10,000
             ≤ 1.2× that at 1,000. Peak RSS of ``kaizen list --json`` at 10,000: ≤ 120 MB.

             Why not issue 18's "10,000 ≤ 2× 1,000": their JSON lists every event, overdue
             action, result and person of the portfolio (report 4.5 → 45 MB, followups 2.5 →
             26 MB), and what a program must do for each row listed — fetch it from the index,
             write it — grows tenfold with it. Writing the output alone (the same data, already
             made, through the same writer to /dev/null, in a child between the runs) took
             1.1 s for the report at 10,000 against 0.4 s for the whole 1,000-event command
             (2026-12-03); the 75,738 overdue action rows take ~0.2 s to fetch as tuples (an
             indexed SELECT, no Python). A bar of 2× the whole would need the 1,000-event run's
             own work (~0.25 s CPU beyond start-up) to be under 1/8 of its start-up (~0.15 s):
             no listing program is. The same held for the previous engineer's "beyond writing
             ≤ 2×" (printed for comparison, no bar): it takes the bytes out but not the rows.
             What the issue is after — 10,000
             events as light as 1,000 — is that nothing costs more per event at 10,000: no
             quadratic loop, no query that reads the whole index per event, no growing per-row
             overhead. That is this bar; the cost per row itself is held by the 1,000-event
             benches (``report`` ≤ 3× listing the events, ``followups`` ≤ 3× a loop over the
             rows). CPU time (the child's rusage), not wall: these commands are one thread, and on
             this shared 2-core machine a run's wall time was up to 2.5× its CPU time; the
             1,000-event difference (~0.1-0.25 s) is too small to survive that noise. Even so
             the ratio moves about ±0.15 between runs; and this machine's caches make even the
             floor cost 10-25% more per row at 10,000 (writing alone, SQLite fetching the rows).
* ``save``   one edit saved in a 10,000-event store against one atomic fsynced write of the same
             bytes: ≤ 3×.
* ``import`` ``kaizen import`` of a folder of 10,000 bundles against one of 1,000, each into an
             empty data folder: ≤ 12×.

The data sets come from bench.common.cached_portfolio (written once, kept in the temp folder);
every child runs with KAIZEN_TODAY = BENCH_TODAY so that the data stays as overdue as written,
and with Python's bytecode cached as an installed copy has it (common.start_env).
Before a timed run each store is read once, so the index is warm as on any second start.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import BENCH_TODAY, best_of, cached_portfolio, report, start_env
from bench.startup import APP_CHILD, FLOOR_CHILD

SMALL, BIG = 1_000, 10_000
RUNS = 5

HOME_BAR_SMALL, HOME_BAR_BIG = 1.3, 2.0
APP_RSS_BAR_MB, LIST_RSS_BAR_MB = 150, 120
CLI_BAR = 1.2  # CPU per event at 10,000 against at 1,000
SAVE_BAR = 3.0
IMPORT_BAR = 12.0

#: The app started, its queue read, the list scrolled to the last event, then closed: the peak
#: memory of a look through the whole portfolio.
RSS_CHILD = """
import sys, time
from kaizen_tui.cli import main
from kaizen_tui import app as app_module
from kaizen_tui.cli import context

context.check_terminal = lambda hint='': None  # headless under the bench, on purpose

original_run = app_module.KaizenApp.run

async def look(pilot):
    deadline = time.time() + 120
    while time.time() < deadline:
        await pilot.pause()
        screen = pilot.app.screen
        try:
            table = screen.query_one("#events")
        except Exception:
            continue
        if table.row_count and not screen.attention_pending:
            break
    await pilot.press("end")
    await pilot.pause()
    await pilot.press("pageup", "pageup", "home")
    await pilot.pause()
    pilot.app.exit()

def run(self, **kwargs):
    return original_run(self, headless=True, size=(120, 36), auto_pilot=look)

app_module.KaizenApp.run = run
sys.argv = ["kaizen", "--data", sys.argv[1]]
main()
"""


#: The app started and its "needs attention" queue read (as a person sees the home screen),
#: then the LPO portfolio screen opened (`p`) until its figures are shown, every tab visited,
#: the overdue actions of all owners scrolled to the last; home again (the queue is read again)
#: and the screen opened a second time. Prints the peak RSS (MB) at the home screen, with the
#: screen open the first time, and over the whole run.
PORTFOLIO_RSS_CHILD = """
import asyncio, resource, sys, time
from kaizen_tui.cli import main
from kaizen_tui import app as app_module
from kaizen_tui.cli import context

context.check_terminal = lambda hint='': None  # headless under the bench, on purpose

original_run = app_module.KaizenApp.run
peaks = []

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

async def until(test, what):
    deadline = time.time() + 300
    while time.time() < deadline:
        await asyncio.sleep(0.05)  # the figures are computed in a thread: no busy polling
        try:
            if test():
                return
        except Exception:
            pass
    raise SystemExit(f"timed out waiting for {what}")

def home_read(app):
    return app.screen.query_one("#events").row_count and not app.screen.attention_pending

async def look(pilot):
    app = pilot.app
    await until(lambda: home_read(app), "the home screen and its queue")
    peaks.append(peak())
    for _ in range(2):
        await pilot.press("p")
        await until(lambda: getattr(app.screen, "portfolio", None) is not None, "the figures")
        await pilot.pause()
        for tab in "2345678":
            await pilot.press(tab)
            await pilot.pause()
        await pilot.press("3", "enter")  # every owner's overdue actions
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        peaks.append(peak())
        await pilot.press("escape", "escape")
        await until(lambda: home_read(app), "the home screen again")
    app.exit()

def run(self, **kwargs):
    return original_run(self, headless=True, size=(120, 36), auto_pilot=look)

app_module.KaizenApp.run = run
sys.argv = ["kaizen", "--data", sys.argv[1]]
try:
    main()
finally:  # main() exits
    print(*peaks[:2], peak())
"""


def _env() -> dict[str, str]:
    # bytecode cached, as an installed copy has it (common.start_env): otherwise every run of a
    # command compiled kaizen_tui from source, ~0.25 s of start-up no user pays
    return start_env(KAIZEN_TODAY=BENCH_TODAY.isoformat())


def _timed(argv: list[str], *, stdin_code: str | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one child process, its
    output thrown away."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}): {err[-2000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _kaizen(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "kaizen_tui", "--data", str(root), *args]


def _child(code: str, *args: str, timeout: float = 300) -> str:
    """What a Python child running ``code`` printed; its error, if it failed."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=timeout,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"bench child failed: {out.stderr[-2000:]}")
    return out.stdout


def _start_child(code: str, *args: str) -> float:
    start = time.time()
    return float(_child(code, *args).strip().splitlines()[-1]) - start


def part_home(small: Path, big: Path) -> bool:
    # a warm-up each: the index is made once, as after any first start
    for root, count in ((small, SMALL), (big, BIG)):
        _start_child(APP_CHILD, str(count), str(root))
    _start_child(FLOOR_CHILD)
    floors, smalls, bigs = [], [], []
    for _ in range(RUNS):
        floors.append(_start_child(FLOOR_CHILD))
        smalls.append(_start_child(APP_CHILD, str(SMALL), str(small)))
        bigs.append(_start_child(APP_CHILD, str(BIG), str(big)))
    floor = statistics.median(floors)
    report("empty Textual app (Header, Static, Footer), median", floor)
    ok = report(
        f"home with {SMALL:,} events, median", statistics.median(smalls), floor, HOME_BAR_SMALL
    )
    ok = (
        report(f"home with {BIG:,} events, median", statistics.median(bigs), floor, HOME_BAR_BIG)
        and ok
    )
    _, _, rss = _timed([sys.executable, "-c", RSS_CHILD, str(big)])
    ok = (
        _rss(f"app peak RSS, {BIG:,} events (queue read, scrolled to the end)", rss, APP_RSS_BAR_MB)
        and ok
    )
    return ok


def part_portfolio(big: Path) -> bool:
    _start_child(APP_CHILD, str(BIG), str(big))  # warm: the index current, as on any 2nd start
    out = _child(PORTFOLIO_RSS_CHILD, str(big), timeout=600)
    home, first, whole = (float(x) for x in out.split()[-3:])
    print(f"{'app peak RSS, ' + f'{BIG:,} events, home and its queue read':<58} {home:9.1f} MB")
    print(f"{'  then the portfolio screen open, its figures shown':<58} {first:9.1f} MB")
    return _rss("  then home and the portfolio screen again (whole run)", whole, APP_RSS_BAR_MB)


def _rss(label: str, mb: float, bar: float) -> bool:
    ok = mb <= bar
    print(f"{label:<58} {mb:9.1f} MB   (bar ≤ {bar} MB: {'ok' if ok else 'MISSED'})")
    return ok


#: Writes the JSON in the file argv[1] as a --json command writes its output (jsonout through
#: cli.output.data_stream), to /dev/null, and prints the seconds that took: the output's own
#: cost, with nothing to read or compute. A child, so that the bench process stays small (a
#: child's peak RSS counts the parent's pages it was forked from).
WRITE_CHILD = """
import contextlib, json, os, sys, time
from kaizen_tui.cli.output import data_stream
from kaizen_tui.jsonout import iter_json

with open(sys.argv[1], encoding="utf-8") as f:
    data = json.load(f)
with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
    start = time.perf_counter()
    data_stream(iter_json(data), json=True)
    seconds = time.perf_counter() - start
print(seconds)
"""


def _write_floor(path: Path) -> float:
    return float(_child(WRITE_CHILD, str(path)).strip().splitlines()[-1])


def part_cli(small: Path, big: Path) -> bool:
    ok = True
    with tempfile.TemporaryDirectory(prefix="kaizen-bench-out-") as tmp:
        empty = Path(tmp) / "empty"
        empty.mkdir()
        for command in (["report", "--json"], ["followups", "--json"], ["list", "--json"]):
            ok = _cli_command(command, empty, small, big, Path(tmp)) and ok
    return ok


def _cli_command(command: list[str], empty: Path, small: Path, big: Path, tmp: Path) -> bool:
    name = "kaizen " + " ".join(command)
    outputs: dict[Path, Path] = {}
    for root in (empty, small, big):  # warm: the index is current, as on any second run
        outputs[root] = tmp / f"{command[0]}-{root.name}.json"
        with outputs[root].open("wb") as out:
            subprocess.run(_kaizen(root, *command), stdout=out, env=_env(), check=True, timeout=300)
    wall: dict[Path, list[float]] = {empty: [], small: [], big: []}
    cpu: dict[Path, list[float]] = {empty: [], small: [], big: []}
    rss = []
    writes: dict[Path, list[float]] = {small: [], big: []}
    for _ in range(RUNS):
        for root in (empty, small, big):
            seconds, used, mb = _timed(_kaizen(root, *command))
            wall[root].append(seconds)
            cpu[root].append(used)
            if root is big:
                rss.append(mb)
        if command[0] != "list":
            for root in (small, big):
                writes[root].append(_write_floor(outputs[root]))
    median = statistics.median
    floor = median(wall[small])
    report(f"{name}, {SMALL:,} events, median", floor)
    if command[0] == "list":
        report(f"{name}, {BIG:,} events, median", median(wall[big]), floor)
        return _rss(f"{name} peak RSS, {BIG:,} events", max(rss), LIST_RSS_BAR_MB)
    report(f"{name}, {BIG:,} events, median (whole: no bar)", median(wall[big]), floor)
    sizes = {root: outputs[root].stat().st_size / 1e6 for root in (small, big)}
    print(f"{'  output':<58} {sizes[small]:6.1f} MB → {sizes[big]:.1f} MB")
    write_small, write_big = (median(writes[r]) for r in (small, big))
    report(f"  writing that output alone, {SMALL:,} events", write_small)
    report(f"  writing that output alone, {BIG:,} events", write_big)
    # the floor's own growth per event: what this machine's caches add at ten times the data
    report(
        f"  writing alone per event, {BIG:,} against {SMALL:,}",
        write_big / BIG,
        write_small / SMALL,
    )
    beyond_small = floor - write_small
    report(f"  beyond writing, {SMALL:,} events (earlier bar, wall)", beyond_small)
    report(
        f"  beyond writing, {BIG:,} events (earlier bar ≤ 2×: no bar)",
        median(wall[big]) - write_big,
        beyond_small,
    )
    start, cpu_small, cpu_big = (median(cpu[r]) for r in (empty, small, big))
    report("  CPU, empty data folder (start-up), median", start)
    report(f"  CPU, {SMALL:,} events, median", cpu_small)
    report(f"  CPU, {BIG:,} events, median", cpu_big)
    per_small = (cpu_small - start) / SMALL
    report(f"  CPU per event beyond start-up, {SMALL:,} events", per_small)
    ok = report(
        f"  CPU per event beyond start-up, {BIG:,} events",
        (cpu_big - start) / BIG,
        per_small,
        CLI_BAR,
    )
    print(f"{'  ' + name + ' peak RSS, ' + f'{BIG:,} events':<58} {max(rss):9.1f} MB")
    return ok


def part_save(big: Path) -> bool:
    from bench.store import floor_write
    from kaizen_tui.store import Store
    from kaizen_tui.store.tinystorage import dump_json

    store = Store(big)
    store.list_summaries()  # the index current, as the app leaves it
    holder = {"event": store.load("KZ-BENCH-0000")}
    data = dump_json({"bundle": {"1": store.export_bundle("KZ-BENCH-0000")}})

    def save_one() -> None:
        event = holder["event"]
        event.title = f"Bench event 0 (edit {event.revision})"
        holder["event"] = store.save(event)

    with tempfile.TemporaryDirectory(prefix="kaizen-bench-floor-", dir=big) as tmp:
        floors, saves = [], []
        for _ in range(25):
            floors.append(best_of(lambda: floor_write(Path(tmp), data), repeat=1))
            saves.append(best_of(save_one, repeat=1))
    floor = min(floors)
    report("floor: atomic write + fsync of one event's JSON", floor)
    return report(f"save one edit, {BIG:,} events stored", min(saves), floor, SAVE_BAR)


def _bundle_folder(source: Path, dest: Path) -> Path:
    """The events of ``source`` as bundle files (what `kaizen export` writes), one per event."""
    if dest.is_dir():
        return dest
    building = dest.with_name(dest.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    for path in sorted((source / "events").glob("KZ-*.json")):
        doc = json.loads(path.read_bytes())
        bundle = doc["bundle"]["1"] if "bundle" in doc else doc
        (building / path.name).write_text(json.dumps(bundle, ensure_ascii=False))
    building.rename(dest)
    return dest


def part_import(small: Path, big: Path) -> bool:
    times = {}
    for root, count in ((small, SMALL), (big, BIG)):
        bundles = _bundle_folder(root, root.parent / f"bundles-{root.name}")
        with tempfile.TemporaryDirectory(prefix="kaizen-bench-import-") as tmp:
            seconds, _, _ = _timed(_kaizen(Path(tmp), "import", str(bundles)))
        times[count] = seconds
    report(f"kaizen import of {SMALL:,} bundles", times[SMALL])
    return report(f"kaizen import of {BIG:,} bundles", times[BIG], times[SMALL], IMPORT_BAR)


def run() -> bool:
    parts = [
        p for p in os.environ.get("BENCH_PARTS", "home,portfolio,cli,save,import").split(",") if p
    ]
    small, big = cached_portfolio(SMALL), cached_portfolio(BIG)
    ok = True
    for part in parts:
        print(f"-- {part}", flush=True)
        if part == "home":
            ok = part_home(small, big) and ok
        elif part == "cli":
            ok = part_cli(small, big) and ok
        elif part == "portfolio":
            ok = part_portfolio(big) and ok
        elif part == "save":
            ok = part_save(big) and ok
        elif part == "import":
            ok = part_import(small, big) and ok
        else:
            print(f"no part {part!r}: home, portfolio, cli, save, import")
            return False
    return ok
