"""The real `kaizen` command in a real terminal (tmux): first run, demo, an event, the parking-lot
hotkey, quit; then the idea is in the data folder. Skipped where tmux is not installed."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from kaizen_tui.store import Store

from .conftest import TODAY

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        self.name = f"kaizen-test-{uuid.uuid4().hex[:8]}"
        # a private tmux server: nobody else's clients or settings change the window size
        self.tmux = ["tmux", "-L", self.name, "-f", "/dev/null"]
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # a clean environment: a COLUMNS or LINES inherited from the test runner would win over
        # the real terminal size
        shell = f"env -i {exports} " + " ".join(shlex.quote(c) for c in command)
        subprocess.run(
            [
                *self.tmux,
                "new-session",
                "-d",
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
        out = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=False,
        )
        return out.stdout

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        args = [*self.tmux, "send-keys", "-t", self.name]
        if literal:
            args.append("-l")
        subprocess.run([*args, *keys], check=True)
        time.sleep(0.3)

    def alive(self) -> bool:
        return (
            subprocess.run(
                [*self.tmux, "has-session", "-t", self.name], capture_output=True, check=False
            ).returncode
            == 0
        )

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True, check=False)


def test_kaizen_in_a_real_terminal(data_dir: Path) -> None:
    kaizen = Path(sys.executable).with_name("kaizen")
    command = [str(kaizen)] if kaizen.exists() else [sys.executable, "-m", "kaizen_tui"]
    env = {
        "KAIZEN_DATA": str(data_dir),
        "KAIZEN_TODAY": TODAY.isoformat(),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
    }
    session = Tmux(command, env, (120, 36))
    try:
        session.wait_for("Welcome to kaizen")
        session.keys("l")
        session.wait_for("KZ-DEMO-DISCHARGE")
        session.keys("Down", "Enter")
        session.wait_for("Die changeover on Press Line 3")
        session.keys("5")
        screen = session.wait_for("16 actions")
        assert "3 overdue" in screen and "6 d late" in screen
        session.keys("C-l")
        session.wait_for("Park an idea")
        session.keys("Forklift driver missing after 2am", literal=True)
        session.keys("Tab")
        session.keys("Jan", literal=True)
        session.keys("Enter")
        session.wait_for("Parked on KZ-DEMO-SMED")
        session.keys("C-q")
        deadline = time.monotonic() + 15
        while session.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not session.alive(), "the app did not quit on ctrl+q"
    finally:
        session.close()
    parked = Store(data_dir).load("KZ-DEMO-SMED").parking_lot[-1]
    # "Jan" + Enter takes the name shown greyed, as Tab does (issue 13: "An" was saved)
    assert (parked.text, parked.raised_by) == (
        "Forklift driver missing after 2am",
        "Jan Kamiński",
    )
