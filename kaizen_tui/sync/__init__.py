"""The laptop's side of sync with the hub (DESIGN.md "The hub"): the client of the hub's API
(client.py), what the laptop remembers between syncs (state.py) and one sync (engine.py). The
merge itself is pure, in logic/threeway.py. No Textual here: the app runs a sync in a worker."""

from kaizen_tui.sync.client import HubClient, HubRefused, HubUnreachable
from kaizen_tui.sync.engine import SyncReport, last_sync, pending, sync

__all__ = [
    "HubClient",
    "HubRefused",
    "HubUnreachable",
    "SyncReport",
    "last_sync",
    "pending",
    "sync",
]
