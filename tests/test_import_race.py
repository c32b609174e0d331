"""Two processes importing bundles without an id at the same moment: each gets its own new id,
both exit 0, no event is lost (issue 12, defect 5: 11 of 40 rounds lost one)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kaizen_tui.model import FORMAT
from kaizen_tui.store import Store

HERE = Path(__file__).parent
ROUNDS = 50


def idless_bundle(path: Path, title: str, revision: int) -> Path:
    # Different revisions: before the fix the higher one "updated" the other's new event.
    data = {"format": FORMAT, "event": {"title": title, "revision": revision}}
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_two_processes_importing_idless_bundles_always_make_two_events(tmp_path: Path) -> None:
    root = tmp_path / "rounds"
    children = [
        subprocess.Popen(
            [
                sys.executable,
                str(HERE / "import_child.py"),
                str(root),
                str(idless_bundle(tmp_path / f"{name}.json", name, revision)),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name, revision in (("first", 3), ("second", 4))
    ]
    failures = []
    try:
        for round_no in range(ROUNDS):
            for child in children:  # both wake on the same round number
                assert child.stdin is not None
                child.stdin.write(f"{round_no}\n")
                child.stdin.flush()
            for child in children:
                assert child.stdout is not None
                number, code, *detail = child.stdout.readline().split(" ", 2)
                assert number == str(round_no)
                if code != "0":
                    failures.append(f"round {round_no}: exit {code} {detail}")
            titles = sorted(s.title for s in Store(root / str(round_no)).list_summaries())
            if titles != ["first", "second"]:
                failures.append(f"round {round_no}: events {titles}")
    finally:
        for child in children:
            assert child.stdin is not None
            child.stdin.close()
            child.wait(timeout=60)
    assert failures == []
