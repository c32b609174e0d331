"""Owners' personal links, on the laptop (issue 15; docs/hub.md "Owner links").

The hub keeps only a hash of each link, so it can never show one again. The laptop that asked
for a link keeps it, in ``sync/links.json`` (mode 0600: anyone holding a link can update that
person's actions), per hub and per owner; asking again names the links held here, and the hub
answers with those that are still active and new links for the others. So ``kaizen links ID``
shows the same link every time on this laptop, a card printed last week stays good, and a laptop
that lost the file (or another facilitator's laptop) simply gets new links, without ending the
old ones. Revoking ends every link of that owner, wherever it was asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.people import person_key
from kaizen_tui.store.atomic import atomic_write_bytes, writing
from kaizen_tui.store.tinystorage import UnreadableFile, dump_json, read_json_object
from kaizen_tui.sync.client import Answer, HubClient, HubUnreachable
from kaizen_tui.sync.state import SYNC_DIR

LINKS_FILE = "links.json"


@dataclass(frozen=True)
class OwnerLink:
    owner: str
    url: str
    new: bool  # issued by the hub just now (else held here from before)


def _path(root: Path) -> Path:
    return root / SYNC_DIR / LINKS_FILE


def _read(root: Path) -> dict[str, Any]:
    try:
        data = read_json_object(_path(root))
    except (UnreadableFile, OSError):
        data = None  # lost links are not lost access: the hub issues new ones
    return data if isinstance(data, dict) else {}


def _write(root: Path, data: dict[str, Any]) -> None:
    path = _path(root)
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, dump_json(data), mode=0o600)


def _held(data: dict[str, Any], hub_url: str) -> dict[str, Any]:
    hubs = data.get("hubs")
    if not isinstance(hubs, dict):
        hubs = data["hubs"] = {}
    held = hubs.get(hub_url)
    if not isinstance(held, dict):
        held = hubs[hub_url] = {}
    return held


def _logged_in(hub_url: str, token: str) -> None:
    if not hub_url or not token:
        raise KaizenError(
            "owners' links come from the hub; log in first: kaizen hub login URL --token TOKEN"
        )


def _check(answer: Answer, event_id: str, hub_url: str) -> dict[str, Any]:
    if answer.status == 404:
        raise KaizenError(f"{answer.error} (the hub at {hub_url})")
    if answer.status == 403:
        raise KaizenError(f"the hub at {hub_url} says {event_id} is not one of yours")
    if answer.status != 200:
        raise HubUnreachable(f"the hub at {hub_url} answered {answer.status}: {answer.error}")
    return answer.data


def owner_links(root: Path, hub_url: str, token: str, event_id: str) -> list[OwnerLink]:
    """A personal link for each owner of the event's actions (as the hub has the event), in
    the event's order; kept in ``root``'s sync folder."""
    _logged_in(hub_url, token)
    data = _read(root)
    held = _held(data, hub_url)
    with HubClient(hub_url, token) as client:
        have = [str(v["link_id"]) for v in held.values() if isinstance(v, dict) and "link_id" in v]
        found = _check(client.links(event_id, have), event_id, hub_url)
    links: list[OwnerLink] = []
    changed = False
    for item in found.get("links", []):
        owner = str(item.get("owner", ""))
        key = person_key(owner)
        if item.get("url"):
            held[key] = {"owner": owner, "link_id": str(item["link_id"]), "url": str(item["url"])}
            links.append(OwnerLink(owner, str(item["url"]), True))
            changed = True
        elif isinstance(held.get(key), dict) and held[key].get("link_id") == item.get("link_id"):
            links.append(OwnerLink(owner, str(held[key]["url"]), False))
    if changed:
        _write(root, data)
    return links


def revoke_owner_links(
    root: Path, hub_url: str, token: str, event_id: str, owner: str
) -> tuple[str, int]:
    """End every link of ``owner`` on the hub (they answer 404 from then on): (the owner's
    name as the hub has it, how many links ended)."""
    _logged_in(hub_url, token)
    with HubClient(hub_url, token) as client:
        found = _check(client.revoke_links(event_id, owner), event_id, hub_url)
    data = _read(root)
    held = _held(data, hub_url)
    if held.pop(person_key(owner), None) is not None:
        _write(root, data)
    return str(found.get("owner", owner)), int(found.get("revoked", 0))
