"""`kaizen browser`: the app served to a web browser by textual-serve, on this computer only."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import httpx

from .conftest import TODAY


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def first_screen(url: str, wait: float = 60) -> str:
    """What the app draws over the websocket until its home screen is up (escapes removed)."""
    drawn = ""

    async def read() -> None:
        nonlocal drawn
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
            while "no events in this data folder yet" not in drawn:
                message = await ws.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    drawn += re.sub(
                        r"\x1b\[[0-9;?]*[A-Za-z]", "", message.data.decode(errors="replace")
                    )
                elif message.type != aiohttp.WSMsgType.TEXT:
                    break  # closed: the app did not start

    # One deadline over connecting and reading: a server that never answers fails the test.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(read(), wait)
    return drawn


def test_browser_serves_the_app_page_on_localhost(data_dir: Path) -> None:
    port = free_port()
    env = {**os.environ, "KAIZEN_DATA": str(data_dir), "KAIZEN_TODAY": TODAY.isoformat()}
    server = subprocess.Popen(
        [sys.executable, "-m", "kaizen_tui", "browser", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        page = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert page is not None, f"the server never answered: {server.poll()}"
        assert page.status_code == 200
        # the page is the terminal (xterm.js) that opens the app over a websocket
        assert "xterm.css" in page.text
        assert f'data-session-websocket-url="ws://localhost:{port}/ws"' in page.text
        screen = asyncio.run(first_screen(f"ws://127.0.0.1:{port}/ws?width=120&height=36"))
        assert "no events in this data folder yet" in screen, f"never drew home: {screen[-300:]!r}"
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"http://localhost:{port}" in output


def test_browser_refuses_a_port_out_of_range(kaizen) -> None:  # type: ignore[no-untyped-def]
    result = kaizen("browser", "--port", "70000")
    assert result.returncode == 1
    assert result.stderr.strip() == "kaizen: --port must be between 1 and 65535, not 70000"
