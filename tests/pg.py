"""A real PostgreSQL server for the tests: one per test run, shared by the xdist workers.

The first worker to ask runs ``initdb`` and ``pg_ctl start`` in a fresh temp folder on a free
127.0.0.1 port (as the ``postgres`` user when the tests run as root: PostgreSQL refuses root);
the others find it through a state file under a file lock, and the last one to finish stops it
and removes the folder. Each test gets a database of its own (``pg_url``), dropped afterwards.

A watchdog process stops the server when every test process that used it is gone, so a run
that is killed (no teardown) leaves no server behind either.

In CI (``CI`` set) a missing or failing server fails the tests loudly: `.ci/run` installs
Debian's ``postgresql``. Elsewhere, with no PostgreSQL binaries at all, those tests are skipped.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from filelock import FileLock

if TYPE_CHECKING:
    from kaizen_tui.hub.db import Database

SUPERUSER = "postgres"


def pg_bin() -> Path | None:
    """The newest PostgreSQL server binaries on this machine (Debian's layout first)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _as_server_user(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--", *args]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in args)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(args: list[str]) -> None:
    # cwd "/": the postgres user may not be allowed into the folder the tests run from
    done = subprocess.run(
        _as_server_user(args), capture_output=True, text=True, timeout=120, cwd="/"
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stdout}{done.stderr}")


def start_server(bin_dir: Path, *, durable: bool = False) -> dict[str, object]:
    """initdb + pg_ctl start in a new temp folder; ``durable`` keeps fsync on (benches)."""
    folder = Path(tempfile.mkdtemp(prefix="kaizen-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    _run(
        [
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        ]
    )
    last: Exception | None = None
    for _ in range(3):  # a free port can be taken between asking and binding
        port = _free_port()
        options = f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c max_connections=200"
        if not durable:
            # a test server: the tests kill hub processes, never the database, so skipping
            # fsync loses nothing they check and keeps the suite quick on a shared machine
            options += " -c fsync=off -c full_page_writes=off"
        try:
            _run(
                [
                    str(bin_dir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(folder / "log"),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            )
            return {"folder": str(folder), "bin": str(bin_dir), "port": port}
        except RuntimeError as err:
            last = err
    shutil.rmtree(folder, ignore_errors=True)
    raise RuntimeError(f"PostgreSQL did not start: {last}")


def stop_server(info: dict[str, object]) -> None:
    folder = Path(str(info["folder"]))
    subprocess.run(
        _as_server_user(
            [f"{info['bin']}/pg_ctl", "-D", str(folder / "data"), "-m", "fast", "-w", "stop"]
        ),
        capture_output=True,
        timeout=120,
        cwd="/",
    )
    shutil.rmtree(folder, ignore_errors=True)


def admin_url(port: object, database: str = "postgres") -> str:
    return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/{database}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leave(state: Path, pid: int | None) -> bool:
    """Take ``pid`` off the server's users (None: only drop the dead ones); the last one out
    stops it. Call under the lock. True when the server is gone."""
    if not state.exists():
        return True
    info = json.loads(state.read_text())
    info["pids"] = [p for p in info["pids"] if p != pid and _alive(p)]
    if info["pids"]:
        state.write_text(json.dumps(info))
        return False
    stop_server(info)
    state.unlink()
    return True


def watch(state_path: str) -> None:
    """Run beside the server: stop it once every test process using it is gone, also when they
    were killed (a killed pytest runs no teardown; a server must not outlive its run)."""
    state = Path(state_path)
    while True:
        time.sleep(1)
        with FileLock(str(state.with_suffix(".lock"))):
            if _leave(state, None):
                return


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shared server's port, as a string (start it if this worker is the first)."""
    bin_dir = pg_bin()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed; .ci/run installs Debian's postgresql")
        pytest.skip("no PostgreSQL server binaries here (apt-get install postgresql)")
    base = tmp_path_factory.getbasetemp()
    # under xdist every worker's base folder sits in the run's own folder: share that one
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    state = shared / "kaizen-pg.json"
    with FileLock(str(state.with_suffix(".lock"))):
        if state.exists():
            info = json.loads(state.read_text())
        else:
            info = {**start_server(bin_dir), "pids": []}
            subprocess.Popen(  # the watchdog, in a session of its own so it outlives us
                [sys.executable, __file__, "watch", str(state)],
                start_new_session=True,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        info["pids"].append(os.getpid())
        state.write_text(json.dumps(info))
    try:
        yield str(info["port"])
    finally:
        with FileLock(str(state.with_suffix(".lock"))):
            _leave(state, os.getpid())


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the shared server, for this test alone."""
    import psycopg

    name = f"kz_{uuid.uuid4().hex[:12]}"
    dsn = f"host=127.0.0.1 port={pg_server} user={SUPERUSER} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url(pg_server, name)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh hub database: the test runs once on a SQLite file, once on PostgreSQL."""
    from kaizen_tui.hub.db import default_url

    if request.param == "sqlite":
        return default_url(tmp_path)
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """That database opened (migrated) as a hub opens it."""
    from kaizen_tui.hub.db import open_database

    database = open_database(db_url)
    yield database
    database.close()


if __name__ == "__main__" and sys.argv[1:2] == ["watch"]:
    watch(sys.argv[2])
