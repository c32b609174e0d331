"""`kaizen serve`: bind first (a busy port is one clear line), then hand the socket to uvicorn."""

from __future__ import annotations

import errno
import ipaddress
import socket
from dataclasses import dataclass

from starlette.types import ASGIApp

from kaizen_tui.errors import KaizenError


@dataclass(frozen=True)
class Listener:
    sock: socket.socket
    host: str  # as the user gave it
    port: int  # the bound port (the real one when 0 was asked for)
    loopback: bool
    wildcard: bool  # 0.0.0.0 or :: (every interface)

    @property
    def base_url(self) -> str:
        """The address to type in a browser (on another machine, for a non-loopback bind)."""
        host = socket.gethostname() if self.wildcard else self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"


def listen(host: str, port: int) -> Listener:
    """A bound TCP socket for ``host:port``, or a KaizenError that says what to do."""
    if not 0 <= port <= 65535:
        raise KaizenError(f"--port {port} is not a port number (1–65535, or 0 for any free port)")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except OSError:
        raise KaizenError(f"--host {host!r} is not an address or name of this computer") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        # listening at once: a browser that connects before uvicorn is up waits, is not refused
        sock.listen(128)
    except OSError as err:
        sock.close()
        reason = err.strerror or str(err)
        hint = (
            "choose another --port" if err.errno == errno.EADDRINUSE else "check --host and --port"
        )
        raise KaizenError(f"cannot serve on {host}:{port}: {reason.lower()}; {hint}") from None
    ip = ipaddress.ip_address(address[0])
    return Listener(
        sock=sock,
        host=host,
        port=sock.getsockname()[1],
        loopback=ip.is_loopback,
        wildcard=ip.is_unspecified,
    )


def run(app: ASGIApp, listener: Listener) -> None:
    """Serve until Ctrl+C or SIGTERM. Quiet: no access log (the URLs hold the share tokens)."""
    import uvicorn

    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        server_header=False,
        lifespan="off",
        proxy_headers=False,
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[listener.sock])
    except KeyboardInterrupt:
        pass  # uvicorn re-raises the Ctrl+C it handled; stopping is what the user asked for
    finally:
        listener.sock.close()


def link_base_advice(listener: Listener, link_base: str, guessed: bool) -> list[str]:
    """What to tell the user about where printed QR codes point, compared with what is served."""
    served = listener.base_url
    current = f"{link_base} (a guess: link_base is not set)" if guessed else link_base
    if listener.loopback:
        lines = [
            "Only this computer can open these pages; phones need --host 0.0.0.0 (or this "
            "computer's network address)."
        ]
        if not guessed and link_base != served:
            lines.append(f"QR codes on printed A3s point to {link_base}, not to this server.")
        return lines
    lines = [
        "Anyone on your network who has an event's link (its QR code) can read that event's "
        "actions; nothing can be changed here."
    ]
    if guessed or link_base != served:
        lines.append(
            f"QR codes on printed A3s point to {current}. To point them at this server: "
            f"kaizen config set link_base {served}"
        )
    return lines
