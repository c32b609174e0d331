"""`kaizen hub user …` and `kaizen hub serve` as a person runs them: one clear line on errors."""

from __future__ import annotations

import socket
from pathlib import Path

from kaizen_tui.hub.db import SQLITE_FILE, default_url

from .hubkit import HubClient, hub_process, run_kaizen


def test_user_add_prints_the_token_once_alone_on_the_last_line(tmp_path: Path) -> None:
    added = run_kaizen(tmp_path, "hub", "user", "add", "Anna Kowalska", "--role", "lpo")
    assert added.returncode == 0, added.stderr
    lines = added.stdout.splitlines()
    token = lines[-1]
    assert token.startswith("kzh_") and " " not in token
    assert "Anna Kowalska" in lines[0] and token not in lines[0]
    # 256 random bits of secret (≥128 asked), url-safe base64
    assert len(token.split("_", 2)[2]) >= 43
    # only a salted hash is kept: neither the token nor its secret is anywhere in the database
    stored = b"".join(p.read_bytes() for p in tmp_path.glob(SQLITE_FILE + "*"))
    assert token.encode() not in stored and token.split("_", 2)[2].encode() not in stored

    again = run_kaizen(tmp_path, "hub", "user", "add", "anna  kowalska", "--role", "admin")
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1 and "already has a user 'Anna Kowalska'" in again.stderr

    listed = run_kaizen(tmp_path, "hub", "user", "list")
    assert "Anna Kowalska" in listed.stdout and "lpo" in listed.stdout
    assert token not in listed.stdout


def test_revoke_stops_the_token_and_a_new_one_can_be_issued(tmp_path: Path) -> None:
    db = default_url(tmp_path)
    first = run_kaizen(tmp_path, "hub", "user", "add", "Bo", "--role", "facilitator", "--db", db)
    old = first.stdout.splitlines()[-1]
    with hub_process(tmp_path, db) as hub:
        assert HubClient(hub.url, old).me().status_code == 200
        revoked = run_kaizen(tmp_path, "hub", "user", "revoke", "bo", "--db", db)
        assert revoked.returncode == 0 and "Revoked" in revoked.stdout
        assert HubClient(hub.url, old).me().status_code == 401  # at once, no restart
        assert "revoked" in run_kaizen(tmp_path, "hub", "user", "list", "--db", db).stdout
        second = run_kaizen(tmp_path, "hub", "user", "add", "Bo", "--role", "lpo", "--db", db)
        new = second.stdout.splitlines()[-1]
        assert new != old
        assert HubClient(hub.url, new).me().json() == {"name": "Bo", "role": "lpo"}
        assert HubClient(hub.url, old).me().status_code == 401
    unknown = run_kaizen(tmp_path, "hub", "user", "revoke", "Nobody", "--db", db)
    assert unknown.returncode == 1 and "no user 'Nobody'" in unknown.stderr


def test_bad_names_and_roles(tmp_path: Path) -> None:
    blank = run_kaizen(tmp_path, "hub", "user", "add", "  ", "--role", "lpo")
    assert blank.returncode == 1 and blank.stderr.startswith("kaizen: give the user's name")
    role = run_kaizen(tmp_path, "hub", "user", "add", "X", "--role", "boss")
    assert role.returncode == 2  # a usage error, click's


def test_busy_port_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = run_kaizen(tmp_path, "hub", "serve", "--port", str(port))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "choose another --port" in done.stderr
    assert "Traceback" not in done.stderr


def test_unreachable_or_unusable_database_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # nothing listens there once closed
    url = f"postgresql+psycopg://kaizen:s3cret@127.0.0.1:{port}/hub"
    for args in (
        ("hub", "serve", "--port", "0", "--db", url),
        ("hub", "user", "list", "--db", url),
        ("hub", "serve", "--port", "0", "--db", "mysql://x/y"),
        ("hub", "user", "list", "--db", "sqlite://"),
        ("hub", "user", "list", "--db", f"sqlite:///{tmp_path}/file/under/a/file.db"),
    ):
        (tmp_path / "file").write_text("not a folder")
        done = run_kaizen(tmp_path, *args)
        assert done.returncode == 1, args
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("kaizen: "), done.stderr
        assert "s3cret" not in done.stderr and "Traceback" not in done.stderr


def test_serve_prints_where_it_listens(tmp_path: Path) -> None:
    with hub_process(tmp_path, default_url(tmp_path)) as hub:
        assert hub.output[0].startswith(f"Hub serving at {hub.url}/")
        assert str(tmp_path / SQLITE_FILE) in hub.output[0]
    assert "No users yet: kaizen hub user add" in "".join(hub.output)
