"""Crash harness, run as a subprocess by test_crash.py.

It forks a writer that saves one event in a loop and reports each acknowledged revision on a
pipe, kills it with SIGKILL after a random number of saves and a random delay, checks that the
file still loads with at least the last acknowledged revision, and repeats. Forking from this
already-warm process makes hundreds of kills fit in seconds. Prints a JSON summary on stdout.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from pathlib import Path

from kaizen_tui.model import Action, Event
from kaizen_tui.store import Store


def writer(root: Path, event_id: str, out_fd: int) -> None:
    store = Store(root)
    event = store.load(event_id)
    n = 0
    while True:
        n += 1
        event.actions.append(Action(id=f"A{event.revision + 100}", what=f"save {n} " + "x" * 200))
        event = store.save(event)
        os.write(out_fd, f"{event.revision}\n".encode())


def _index_disagrees(root: Path, event_id: str) -> list[str]:
    """What the index says of the event after a start, against the file (empty: agreed)."""
    store = Store(root)
    event = store.load(event_id)
    found = store.db()(
        "SELECT revision, actions_total FROM events WHERE event_id = :id", {"id": event_id}
    )
    rows = [tuple(row) for row in found]
    if rows != [(event.revision, len(event.actions))]:
        return [f"index says {rows}, the file revision {event.revision}"]
    return []


def main() -> None:
    root, kills = Path(sys.argv[1]), int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    # "index": after each kill, the next start's index must agree with the file
    check_index = len(sys.argv) > 4 and sys.argv[4] == "index"
    index_checks = 0
    rng = random.Random(seed)
    store = Store(root)
    event = store.create(Event(id="KZ-CRASH-1", title="crash test"))
    failures: list[str] = []
    acknowledged = event.revision
    saves = 0
    for _ in range(kills):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            os.close(read_fd)
            try:
                writer(root, event.id, write_fd)
            finally:
                os._exit(0)
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            # Let the writer acknowledge a random number of saves first, so the kills land at
            # every stage of a save however busy the machine is; then kill within ~3 ms.
            revisions = []
            for _ in range(rng.randint(0, 3)):
                line = pipe.readline()
                if not line:
                    break
                revisions.append(int(line))
            time.sleep(rng.uniform(0, 0.003))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            revisions += [int(line) for line in pipe.read().split()]
        saves += len(revisions)
        if revisions:
            acknowledged = revisions[-1]
        try:
            on_disk = Store(root).load(event.id).revision
        except Exception as err:  # report, don't stop: the test asserts on the summary
            failures.append(f"unreadable after kill: {err!r}")
            break
        if on_disk < acknowledged:
            failures.append(f"lost acknowledged revision {acknowledged} (disk has {on_disk})")
        acknowledged = on_disk
        if check_index:
            index_checks += 1
            failures += _index_disagrees(root, event.id)
    leftovers = [p.name for p in (root / "events").iterdir() if p.name.endswith(".tmp")]
    print(
        json.dumps(
            {
                "kills": kills,
                "saves": saves,
                "final": acknowledged,
                "failures": failures,
                "temp_files": len(leftovers),
                "index_checks": index_checks,
            }
        )
    )


if __name__ == "__main__":
    main()
