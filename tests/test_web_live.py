"""The real `kaizen serve` on 127.0.0.1, fetched over HTTP as a phone does after a QR scan."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from kaizen_tui.demo import DEMO_IDS, SMED_ID
from kaizen_tui.model import Event
from kaizen_tui.store import Store
from kaizen_tui.web.serve import Listener, link_base_advice

from .conftest import TODAY, CliRunner
from .pdfqr import qr_on_page_one
from .webpage import action_rows


def action_page_link(kaizen: CliRunner, tmp_path: Path, event: Event, port: int) -> str:
    """Where a phone goes for ``event``: print the A3 with the real `kaizen a3`, decode the QR on
    page 1, and point only its host:port at the test server (the printed host is the office's)."""
    pdf = tmp_path / f"{event.id}.pdf"
    printed = kaizen("a3", event.id, "-o", str(pdf))
    assert printed.returncode == 0, printed.stderr
    [link] = qr_on_page_one(pdf.read_bytes())
    parts = urlsplit(link)
    assert parts.path == f"/e/{event.share_token}"
    return urlunsplit(parts._replace(netloc=f"127.0.0.1:{port}"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # follows the redirect
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


@contextmanager
def kaizen_serve(data_dir: Path, *args: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`kaizen serve ARGS` in a subprocess; yields it and the first line it printed."""
    env = {**os.environ, "KAIZEN_DATA": str(data_dir), "KAIZEN_TODAY": TODAY.isoformat()}
    server = subprocess.Popen(
        [sys.executable, "-m", "kaizen_tui", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        ready, _, _ = select.select([server.stdout], [], [], 60)
        assert ready, "kaizen serve printed nothing within 60 s"
        yield server, server.stdout.readline()
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl+C
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_qr_on_the_printed_a3_opens_every_action_on_the_served_page(
    kaizen: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    assert kaizen("demo", "--no-open").returncode == 0
    port = free_port()
    # the office's address, as printed on the A3s on the board; the test server runs elsewhere
    assert kaizen("config", "set", "link_base", "http://kaizen.plant.example:8765").returncode == 0
    store = Store(data_dir)

    with kaizen_serve(data_dir, "--port", str(port)) as (server, first_line):
        assert first_line.strip() == (
            f"Serving the action pages of 3 events at http://127.0.0.1:{port}/"
        )
        for event_id in DEMO_IDS:
            event = store.load(event_id)
            status, html = fetch(action_page_link(kaizen, tmp_path, event, port))
            assert status == 200
            rows = action_rows(html)
            assert sorted(rows) == sorted(a.id for a in event.actions), event_id
            for action in event.actions:
                assert action.what in rows[action.id].text
                assert action.owner in rows[action.id].text

        # an edit saved by the app shows on the very next request
        event = store.load(SMED_ID)
        a7 = event.action("A7")
        assert a7 is not None and a7.status == "open"
        a7.status = "done"
        a7.done_on = date(2026, 11, 24)
        a7.what = "Go/no-go gauges for the 5 high-runner brackets (in use on all shifts)"
        store.save(event)
        status, html = fetch(action_page_link(kaizen, tmp_path, event, port))
        row = action_rows(html)["A7"]
        assert "(in use on all shifts)" in row.text and "done 2026-11-24" in row.text

        status, body = fetch(f"http://127.0.0.1:{port}/e/{'x' * 22}")
        assert status == 404 and "x" * 22 not in body
    assert server.returncode == 0  # Ctrl+C is a normal stop
    assert "Traceback" not in server.stderr.read()  # type: ignore[union-attr]


def test_serve_on_a_busy_port_says_so(data_dir: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {**os.environ, "KAIZEN_DATA": str(data_dir)}
        result = subprocess.run(
            [sys.executable, "-m", "kaizen_tui", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"kaizen: cannot serve on 127.0.0.1:{port}: address already in use; choose another --port"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # TEST-NET-1: not an address of this computer (and no name lookup, no traffic)
        (("--host", "192.0.2.1"), "cannot assign requested address; check --host and --port"),
        (("--port", "70000"), "is not a port number"),
    ],
)
def test_serve_refuses_bad_addresses(
    kaizen: CliRunner, args: tuple[str, ...], message: str
) -> None:
    result = kaizen("serve", *args)
    assert result.returncode == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def listener(host: str, port: int, *, loopback: bool, wildcard: bool = False) -> Listener:
    return Listener(socket.socket(), host, port, loopback=loopback, wildcard=wildcard)


def test_link_base_advice() -> None:
    local = listener("127.0.0.1", 8765, loopback=True)
    assert local.base_url == "http://127.0.0.1:8765"
    [only] = link_base_advice(local, "http://vm:8765", guessed=True)
    assert "Only this computer" in only
    assert "not to this server" in link_base_advice(local, "https://kaizen.example.org", False)[1]

    lan = listener("10.1.2.3", 8080, loopback=False)
    lines = link_base_advice(lan, "http://vm:8765", guessed=True)
    assert "can read that event's actions" in lines[0]
    assert lines[1] == (
        "QR codes on printed A3s point to http://vm:8765 (a guess: link_base is not set). "
        "To point them at this server: kaizen config set link_base http://10.1.2.3:8080"
    )
    assert len(link_base_advice(lan, "http://10.1.2.3:8080", guessed=False)) == 1  # all set

    everywhere = listener("0.0.0.0", 8765, loopback=False, wildcard=True)
    assert everywhere.base_url == f"http://{socket.gethostname()}:8765"
    assert listener("::1", 8765, loopback=True).base_url == "http://[::1]:8765"
