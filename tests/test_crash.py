"""Reliability bars: kill -9 during saves, and two processes saving one event."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from kaizen_tui.model import Event
from kaizen_tui.store import Store

HERE = Path(__file__).parent


def test_sigkill_during_saves_loses_nothing_acknowledged(tmp_path: Path) -> None:
    root = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, str(HERE / "crash_child.py"), str(root), "220", "7"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["failures"] == []
    assert summary["kills"] >= 200
    assert summary["saves"] >= 200  # each kill came after 0-3 acknowledged saves (seeded)
    # every file in the folder is readable, and the backup too
    store = Store(root)
    event = store.load("KZ-CRASH-1")
    assert event.revision >= summary["final"]
    assert store.problems() == []
    store.list_summaries()  # tidies temp files of killed writers
    assert not [p for p in (root / "events").iterdir() if p.name.endswith(".tmp")]
    backup = json.loads((root / "events" / "KZ-CRASH-1.json.bak").read_text())
    assert backup["bundle"]["1"]["event"]["revision"] >= 1


SAVER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from kaizen_tui.errors import ConflictError
    from kaizen_tui.store import Store

    root, title, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    store = Store(root)
    event = store.load("KZ-TEST-1")          # both load revision 1
    print("loaded", flush=True)
    while not go.exists():
        time.sleep(0.01)
    if title == "second":
        time.sleep(0.3)                      # save after the first one
    event.title = title
    try:
        saved = store.save(event)
        print("saved", saved.revision)
    except ConflictError as err:
        print("conflict", err)
    """
)


def test_two_processes_saving_one_event_get_a_conflict(tmp_path: Path, event: Event) -> None:
    root = tmp_path / "data"
    Store(root).create(event)
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SAVER, str(root), title, str(go)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for title in ("first", "second")
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "loaded"
    go.touch()
    first, second = (proc.communicate(timeout=60)[0].strip() for proc in procs)
    assert first == "saved 2"
    assert second.startswith("conflict")
    assert "revision 2" in second and "based on revision 1" in second
    stored = Store(root).load("KZ-TEST-1")
    assert stored.title == "first" and stored.revision == 2
