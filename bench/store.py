"""Store: one save against the floor of an atomic fsynced write of the same bytes; flat from 10 to
1,000 events; and the time to list 1,000 events.

    python -m bench store
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bench.common import best_of, build_portfolio, report, synthetic_event
from kaizen_tui.model import Bundle
from kaizen_tui.store import Store
from kaizen_tui.store.tinystorage import dump_json

SAVE_BAR = 3.0
REPEAT = 25


def floor_write(folder: Path, data: bytes) -> None:
    """The floor: temp file, write, fsync, rename, fsync the folder — nothing else."""
    path = folder / "floor.json"
    tmp = folder / ".floor.json.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dfd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def _cold_listing(data: Path) -> object:
    """List the events with the index file gone, so every event file is read again."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{data / 'index.sqlite'}{suffix}").unlink(missing_ok=True)
    return Store(data).list_summaries()


def run() -> bool:
    ok = True
    with tempfile.TemporaryDirectory(
        prefix="kaizen-bench-", dir=os.environ.get("BENCH_DIR")
    ) as tmp:
        root = Path(tmp)
        sample = synthetic_event(0)
        data = dump_json({"bundle": {"1": Bundle(event=sample).to_json_dict()}})
        floor_dir = root / "floor"
        floor_dir.mkdir()
        print(f"event file size: {len(data) / 1024:.1f} KiB ({len(sample.actions)} actions)")
        for count in (10, 100, 1000):
            folder = root / f"p{count}"
            build_portfolio(folder, count)
            store = Store(folder)
            store.list_summaries()  # warm the index, as the app does at start
            holder = {"event": store.load("KZ-BENCH-0000")}

            def save_one(store: Store = store, holder: dict = holder) -> None:
                event = holder["event"]
                event.title = f"edit {event.revision}"
                holder["event"] = store.save(event)

            # Interleaved, so a burst of disk activity from elsewhere hits both alike.
            floors, saves = [], []
            for _ in range(REPEAT):
                floors.append(best_of(lambda: floor_write(floor_dir, data), repeat=1))
                saves.append(best_of(save_one, repeat=1))
            floor, seconds = min(floors), min(saves)
            report(f"floor: atomic write + fsync of one event's JSON ({count} run)", floor)
            ok &= report(f"save one edit, {count:>5} events stored", seconds, floor, SAVE_BAR)

        store = Store(root / "p1000")
        listed = best_of(store.list_summaries, repeat=5)
        report("list 1,000 events (index warm)", listed)
        cold = best_of(lambda: _cold_listing(root / "p1000"), repeat=1)
        report("list 1,000 events (index rebuilt from the event files)", cold)
    return ok
