"""One of two importers, run as a subprocess by test_import_race.py.

Imports kaizen once, then for every line ``ROUND`` on stdin runs the real ``kaizen import`` (the
click command, in this process) of its own bundle into ``ROOT/ROUND`` and prints one line:
``ROUND EXIT-CODE``. The two children are woken by the same write from the parent, so their
imports overlap.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from kaizen_tui.cli import main


def run() -> None:
    root, bundle = Path(sys.argv[1]), sys.argv[2]
    runner = CliRunner()
    for line in sys.stdin:
        round_no = line.strip()
        result = runner.invoke(
            main, ["--data", str(root / round_no), "import", bundle], catch_exceptions=True
        )
        detail = (result.stderr or "").strip().replace("\n", " | ")
        print(round_no, result.exit_code, detail, flush=True)


if __name__ == "__main__":
    run()
