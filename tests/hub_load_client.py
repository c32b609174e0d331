"""One laptop of the hub load test, as a process of its own (tests/test_hub_processes.py):
push N new events, then add one note to a shared event the way sync does (read, edit, push on
that base, on 409 start again from the hub's copy). Prints a JSON report on stdout.

    python -m tests.hub_load_client URL[,URL…] TOKEN NAME COUNT SHARED_ID
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import httpx


def event_bundle(event_id: str, owner: str, n: int) -> dict[str, Any]:
    return {
        "format": "kaizen-event/1",
        "event": {
            "id": event_id,
            "title": f"Load event {n} of {owner}",
            "area": "Assembly",
            "status": "live",
            "people": [{"name": owner, "role": "facilitator"}],
            "actions": [
                {"id": f"A{i}", "what": f"Step {i}", "owner": owner, "due": "2026-12-01"}
                for i in range(1, 16)
            ],
        },
    }


def main(urls_arg: str, token: str, name: str, count: str, shared_id: str) -> int:
    urls = urls_arg.split(",")
    headers = {"authorization": f"Bearer {token}"}
    clients = [httpx.Client(base_url=u, headers=headers, timeout=120) for u in urls]
    report: dict[str, Any] = {"pushed": {}, "errors": [], "conflicts": 0}
    start = time.monotonic()
    for n in range(int(count)):
        client = clients[n % len(clients)]  # spread over the hub processes
        event_id = f"KZ-{name}-{n}"
        answer = client.put(
            f"/api/v1/events/{event_id}",
            json={"base": None, "bundle": event_bundle(event_id, name, n)},
        )
        if answer.status_code == 200:
            report["pushed"][event_id] = answer.json()["revision"]
        else:
            report["errors"].append(f"{event_id}: {answer.status_code} {answer.text[:200]}")
    # the contended edit: a note on the shared event's action A1, never lost, never doubled
    client = clients[-1]
    current = client.get(f"/api/v1/events/{shared_id}").json()
    for _ in range(200):
        bundle = current["bundle"]
        updates = bundle["event"]["actions"][0].setdefault("updates", [])
        updates.append({"date": "2026-11-25", "note": f"checked by {name}"})
        answer = client.put(
            f"/api/v1/events/{shared_id}", json={"base": current["revision"], "bundle": bundle}
        )
        if answer.status_code == 200:
            report["shared_revision"] = answer.json()["revision"]
            break
        if answer.status_code != 409:
            report["errors"].append(f"shared: {answer.status_code} {answer.text[:200]}")
            break
        report["conflicts"] += 1
        current = answer.json()
    else:
        report["errors"].append("shared: never got through")
    report["seconds"] = round(time.monotonic() - start, 2)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
