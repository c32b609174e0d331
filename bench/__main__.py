"""`python -m bench NAME…` runs bench/NAME.py's ``run()``; with no NAME, lists what there is.

Each bench prints its figures and the ratio to its floor, and returns False when a bar is missed
(exit code 1), so a regression is visible without timed assertions in the test suite.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def available() -> list[str]:
    here = Path(__file__).parent
    return sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if m.name not in ("common", "__main__")
    )


def main(argv: list[str]) -> int:
    names = argv or []
    if not names or names == ["--help"]:
        print("usage: python -m bench NAME… | all\navailable: " + ", ".join(available()))
        return 0
    if names == ["all"]:
        names = available()
    ok = True
    for name in names:
        if name not in available():
            print(f"bench: no bench named {name!r}; available: {', '.join(available())}")
            return 2
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}")
        ok = module.run() is not False and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
