"""Storage of events: the only package that touches the data folder (see store.py)."""

from kaizen_tui.store.merge import MergeOutcome
from kaizen_tui.store.problems import StoreProblem
from kaizen_tui.store.store import Store

__all__ = ["MergeOutcome", "Store", "StoreProblem"]
