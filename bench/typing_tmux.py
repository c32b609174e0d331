"""Type into the real ``kaizen`` in tmux at a fixed pace across focus changes; count the keys lost
or put in the wrong place (issue 13, defect 1).

Each round parks an idea (ctrl+l, the idea, Tab, a name, Enter: the dialog closes, the focus
comes back) and adds an action on the quick-add line (what, Tab, owner, Tab, due, Enter): every
key is a separate ``tmux send-keys`` with ``--delay`` seconds between keys, no waiting for the
screen. Then the store is read and every
field compared with what was typed, character by character.

    python -m bench typing_tmux                      # this checkout, 50 ms a key, 4 rounds
    python -m bench.typing_tmux --code /tmp/old      # another checkout of the package (before)
    python -m bench.typing_tmux --delay 0.03 --rounds 8 --size 80x24

``--code`` puts that folder first on PYTHONPATH so its ``kaizen_tui`` runs (the data is read back
with this checkout's store; the bundle format is the same). The bar is no key lost or misplaced;
the machine's load decides how often code without the type-ahead loses one, so compare before
and after in turns (``TYPING_DEBUG=1`` prints the screen and the store before quitting).
"""

from __future__ import annotations

import argparse
import difflib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 25)
NAME = "Jan Kamiński"


def _rounds(n: int) -> list[tuple[str, str, str]]:
    return [
        (f"Forklift idea {i} from the floor", f"Stage die {i} before the stop", "+4")
        for i in range(1, n + 1)
    ]


class Session:
    def __init__(self, code: Path | None, data: Path, size: tuple[int, int]) -> None:
        self.name = f"kaizen-typing-{uuid.uuid4().hex[:8]}"
        self.tmux = ["tmux", "-L", self.name, "-f", "/dev/null"]
        env = {
            "KAIZEN_DATA": str(data),
            "KAIZEN_TODAY": TODAY.isoformat(),
            "TERM": "xterm-256color",
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", "/tmp"),
            "LANG": "C.UTF-8",
        }
        if code is not None:
            env["PYTHONPATH"] = str(code)
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        shell = f"env -i {exports} {shlex.quote(sys.executable)} -m kaizen_tui"
        subprocess.run(
            [
                *self.tmux,
                "new-session",
                "-d",
                "-c",
                tempfile.gettempdir(),  # not a checkout: PYTHONPATH decides
                "-s",
                self.name,
                "-x",
                str(size[0]),
                "-y",
                str(size[1]),
                shell,
            ],
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=False,
        ).stdout

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen():
            if time.monotonic() > deadline:
                raise SystemExit(f"{text!r} never appeared:\n{self.screen()}")
            time.sleep(0.2)

    def key(self, key: str, literal: bool = False) -> None:
        args = [*self.tmux, "send-keys", "-t", self.name, *(["-l"] if literal else []), key]
        subprocess.run(args, check=True)

    def alive(self) -> bool:
        return (
            subprocess.run(
                [*self.tmux, "has-session", "-t", self.name], capture_output=True, check=False
            ).returncode
            == 0
        )

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True, check=False)


def _type(session: Session, keys: list[tuple[str, bool]], delay: float) -> None:
    for key, literal in keys:
        session.key(key, literal)
        time.sleep(delay)


def _text(s: str) -> list[tuple[str, bool]]:
    return [(ch, True) for ch in s]


def typing_run(
    code: Path | None, delay: float, rounds: int, size: tuple[int, int]
) -> dict[str, int | float]:
    from kaizen_tui.store import Store  # this checkout's store reads what either one wrote

    data = Path(tempfile.mkdtemp(prefix="kaizen-typing-"))
    session = Session(code, data, size)
    try:
        session.wait_for("Welcome to kaizen")
        session.key("l")
        session.wait_for("KZ-DEMO-SMED")  # (the longer ids are cut at 80 columns)
        session.key("Down")
        session.key("Enter")
        session.wait_for("Die changeover")
        for _ in range(30):  # the setup is not measured: press again until Actions shows
            session.key("5")
            time.sleep(1)
            if "16 actions" in session.screen():
                break
        session.wait_for("16 actions")
        session.key("a")  # to the quick-add line, where each round's action is typed
        time.sleep(2)
        before = Store(data).load("KZ-DEMO-SMED")
        keys: list[tuple[str, bool]] = []
        for idea, what, due in _rounds(rounds):
            keys += [("C-l", False), *_text(idea), ("Tab", False), *_text(NAME), ("Enter", False)]
            keys += [*_text(what), ("Tab", False), *_text(NAME), ("Tab", False)]
            keys += [*_text(due), ("Enter", False)]
        started = time.monotonic()
        _type(session, keys, delay)
        typed_in = time.monotonic() - started
        time.sleep(15)  # whatever was held or queued lands; then quit (waits for the saves)
        screen = session.screen()
        if os.environ.get("TYPING_DEBUG"):
            print(screen)
            stored = Store(data).load("KZ-DEMO-SMED")
            print("stored before quitting:", len(stored.actions), len(stored.parking_lot))
        session.key("Escape")
        session.key("Escape")
        session.key("C-q")
        deadline = time.monotonic() + 30
        while session.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        session.close()
    after = Store(data).load("KZ-DEMO-SMED")
    shutil.rmtree(data, ignore_errors=True)

    expected: list[str] = []
    got: list[str] = []
    ideas = after.parking_lot[len(before.parking_lot) :]
    actions = after.actions[len(before.actions) :]
    for i, (idea, what, _due) in enumerate(_rounds(rounds)):
        park = ideas[i] if i < len(ideas) else None
        act = actions[i] if i < len(actions) else None
        due = (TODAY + timedelta(days=4)).isoformat()
        expected += [idea, NAME, what, NAME, due]
        got += [
            park.text if park else "",
            park.raised_by if park else "",
            act.what if act else "",
            act.owner if act else "",
            act.due.isoformat() if act and act.due else "",
        ]
    lost = extra = wrong_fields = 0
    for want, have in zip(expected, got, strict=True):
        if want != have:
            wrong_fields += 1
        blocks = difflib.SequenceMatcher(None, want, have, autojunk=False).get_matching_blocks()
        same = sum(b.size for b in blocks)
        lost += len(want) - same
        extra += len(have) - same
    result = {
        "keys": len(keys),
        "fields": len(expected),
        "wrong_fields": wrong_fields,
        "chars_lost": lost,
        "chars_misplaced": extra,
        "ideas": len(ideas),
        "actions": len(actions),
        "typed_in_s": round(typed_in, 1),
    }
    if wrong_fields:
        for want, have in zip(expected, got, strict=True):
            if want != have:
                print(f"  typed {want!r} -> stored {have!r}")
        if len(ideas) > rounds or len(actions) > rounds:
            extra_items = [i.text for i in ideas[rounds:]] + [a.what for a in actions[rounds:]]
            print(f"  extra items: {extra_items}")
        print("  last screen:\n" + "\n".join("    " + line for line in screen.splitlines()[-6:]))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, help="a checkout whose kaizen_tui to run")
    parser.add_argument("--delay", type=float, default=0.05, help="seconds between keys")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--size", default="120x36")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed")
    width, height = (int(v) for v in args.size.split("x"))
    print(typing_run(args.code, args.delay, args.rounds, (width, height)))


def run() -> bool:
    """``python -m bench typing_tmux``: this checkout, 4 rounds at 50 ms a key; the bar is no
    key lost or misplaced."""
    if shutil.which("tmux") is None:
        print("tmux is not installed: skipped")
        return True
    result = typing_run(None, 0.05, 4, (120, 36))
    print(result)
    return result["wrong_fields"] == 0


if __name__ == "__main__":
    main()
