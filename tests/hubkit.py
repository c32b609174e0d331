"""Helpers for hub tests: the real `kaizen hub serve` in a subprocess, users made with the real
CLI, and a small API client (httpx, as the laptops' sync speaks to the hub)."""

from __future__ import annotations

import ctypes
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from kaizen_tui.hub import users
from kaizen_tui.hub.db import open_database
from kaizen_tui.model import Bundle, Event

from .conftest import TODAY


def kaizen_env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "KAIZEN_DATA": str(data_dir), "KAIZEN_TODAY": TODAY.isoformat()}
    env.pop("KAIZEN_HUB_DB", None)
    return env


def run_kaizen(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kaizen_tui", *args],
        capture_output=True,
        text=True,
        env=kaizen_env(data_dir),
        timeout=120,
    )


def add_user(data_dir: Path, db_url: str, name: str, role: str = "facilitator") -> str:
    """A hub user and their token, made in this process (the CLI that does the same is tested
    in test_hub_cli.py; a subprocess per user would cost a second each)."""
    db = open_database(db_url)
    try:
        return users.add_user(db, name, role)[1]
    finally:
        db.close()


@dataclass
class HubProcess:
    process: subprocess.Popen[str]
    url: str
    output: list[str] = field(default_factory=list)  # every line it printed, as it comes

    def kill(self) -> None:
        """kill -9: no shutdown, no flush; what was committed is all that is left."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


def _die_with_parent() -> None:
    """Linux: the hub gets SIGKILL when the test process dies, so a killed test run leaves no
    hub behind holding a port (prctl PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)


@contextmanager
def hub_process(data_dir: Path, db_url: str, *args: str) -> Iterator[HubProcess]:
    """`kaizen hub serve --db URL --port 0` running until the block ends (then Ctrl+C). Every
    line it prints (stdout and stderr) ends up in ``output``, read as it comes."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kaizen_tui", "hub", "serve", "--db", db_url, "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=kaizen_env(data_dir),
        preexec_fn=_die_with_parent,
    )
    assert process.stdout is not None
    stdout = process.stdout
    lines: queue.Queue[str] = queue.Queue()
    output: list[str] = []

    def drain() -> None:  # also keeps the pipe from filling up and blocking the hub
        for line in stdout:
            lines.put(line)
            output.append(line)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        try:
            first = lines.get(timeout=60)
        except queue.Empty:
            raise AssertionError("kaizen hub serve printed nothing within 60 s") from None
        found = re.search(r"http://[^\s/]+", first)
        assert found, f"no URL in {first!r}"
        hub = HubProcess(process, found.group(0), output)
        wait_healthy(hub.url)
        yield hub
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=10)


def wait_healthy(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"{url}/healthz never answered 200"
        time.sleep(0.05)


class HubClient:
    """The v1 API as the sync client uses it."""

    def __init__(self, url: str, token: str | None) -> None:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        self.http = httpx.Client(base_url=url, headers=headers, timeout=60)

    def me(self) -> httpx.Response:
        return self.http.get("/api/v1/me")

    def get(self, event_id: str) -> httpx.Response:
        return self.http.get(f"/api/v1/events/{event_id}")

    def put(self, event_id: str, base: int | None, bundle: dict[str, Any]) -> httpx.Response:
        return self.http.put(f"/api/v1/events/{event_id}", json={"base": base, "bundle": bundle})

    def changes(self, since: str | None = None) -> httpx.Response:
        params = {"since": since} if since is not None else {}
        return self.http.get("/api/v1/changes", params=params)

    def close(self) -> None:
        self.http.close()


def bundle_of(event: Event) -> dict[str, Any]:
    return Bundle(event=event).to_json_dict()


def without_revision(bundle: dict[str, Any]) -> dict[str, Any]:
    event = {k: v for k, v in bundle["event"].items() if k != "revision"}
    return {**bundle, "event": event}
