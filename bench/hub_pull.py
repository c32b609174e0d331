"""A fresh laptop pulling 1,000 events from the hub against importing the same bundles from
files: the third figure of bench/hub.py alone (the others fill 20,000 events first)."""

from __future__ import annotations

from bench.hub import run_pull


def run() -> bool:
    return run_pull()
