"""The command line as an unlucky new user meets it (issue 12, defects 6, 8, 10 and the "also"
list): escape sequences in titles, a non-UTF-8 terminal, no terminal at all, `--data` typed last,
a damaged config.toml, a read-only data folder, a full disk. Real subprocesses, real files."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kaizen_tui.model import Bundle, Person
from kaizen_tui.store import Store

from .conftest import CliRunner, make_event

ESCAPES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
EVIL = "Evil \x1b]2;pwned\x07 title \x9b31m\x1b[2J"


@pytest.fixture
def evil_store(data_dir: Path) -> Store:
    store = Store(data_dir)
    event = make_event(title=EVIL, area="Stamping\x1b[31m", status="reported")
    event.actions[0].what = "Stage dies \x1b]0;owned\x07first"
    event.actions[0].owner = "Zofia\x1b[8m Wiśniewska"
    event.people.append(Person(name="Zofia\x1b[8m Wiśniewska", role="process_owner"))
    store.create(event)
    return store


#: A terminal wide enough that `kaizen list` prints whole titles (xdist workers have 80 columns).
WIDE = {"COLUMNS": "200"}


def test_escape_sequences_never_reach_the_terminal(kaizen: CliRunner, evil_store: Store) -> None:
    for args in (
        ("list",),
        ("followups",),
        ("report",),
        ("export", "KZ-TEST-1", "--markdown"),
        ("gate", "KZ-TEST-1", "--check"),
        ("status", "KZ-TEST-1"),
    ):
        result = kaizen(*args, env=WIDE)
        assert "Traceback" not in result.stderr, args
        out = result.stdout + result.stderr
        assert not ESCAPES.search(out), (args, ESCAPES.findall(out))
    listing = kaizen("list", env=WIDE).stdout
    assert "Evil ]2;pwned title 31m[2J" in listing  # the words stay, on one line
    assert "Stage dies ]0;ownedfirst" in kaizen("followups", env=WIDE).stdout


def test_json_and_csv_keep_control_characters_as_data(kaizen: CliRunner, evil_store: Store) -> None:
    listing = kaizen("list", "--json")
    assert not ESCAPES.search(listing.stdout)  # JSON escapes them …
    assert json.loads(listing.stdout)["events"][0]["title"] == EVIL  # … and keeps them
    bundle = json.loads(kaizen("export", "KZ-TEST-1").stdout)
    assert bundle["event"]["title"] == EVIL
    csv_text = kaizen("export", "KZ-TEST-1", "--csv").stdout
    assert "Stage dies \x1b]0;owned\x07first" in csv_text  # CSV is data


def test_a_non_utf8_terminal_gets_no_traceback(kaizen: CliRunner, data_dir: Path) -> None:
    Store(data_dir).create(make_event())  # Zofia Wiśniewska, Νίκος, 佐藤 健
    env = {"PYTHONIOENCODING": "cp1252"}
    human = subprocess.run(
        ["kaizen", "followups"],
        capture_output=True,
        env={**os.environ, "KAIZEN_DATA": str(data_dir), "KAIZEN_TODAY": "2026-11-25", **env},
        timeout=120,
    )
    assert human.returncode == 0, human.stderr
    assert b"Traceback" not in human.stderr
    assert "Zofia Wi?niewska" in human.stdout.decode("cp1252")
    assert b"they print as '?'" in human.stderr
    for args in (("export", "KZ-TEST-1"), ("list", "--json"), ("followups", "--json")):
        # (the bundle and the follow-ups hold Wiśniewska; the list is ASCII and stays cp1252)
        result = subprocess.run(
            ["kaizen", *args],
            capture_output=True,
            env={**os.environ, "KAIZEN_DATA": str(data_dir), **env},
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr
        data = json.loads(result.stdout.decode("utf-8"))  # exact, as UTF-8
        if "Wiśniewska" in json.dumps(data, ensure_ascii=False):  # not in cp1252: said so
            assert b"this output is UTF-8" in result.stderr
    csv_run = subprocess.run(
        ["kaizen", "export", "KZ-TEST-1", "--csv"],
        capture_output=True,
        env={**os.environ, "KAIZEN_DATA": str(data_dir), **env},
        timeout=120,
    )
    assert csv_run.returncode == 0 and "Wiśniewska" in csv_run.stdout.decode("utf-8")


@pytest.mark.parametrize("args", [(), ("demo",)])
def test_the_app_without_a_terminal_refuses_with_one_line(
    data_dir: Path, args: tuple[str, ...]
) -> None:
    result = subprocess.run(
        ["kaizen", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "KAIZEN_DATA": str(data_dir)},
        timeout=60,
    )
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("kaizen: the app needs a terminal")
    assert "kaizen list, import, export" in line
    if args:
        assert "kaizen demo --no-open" in line
    assert not (data_dir / "events").exists()  # the demo was not added either


def test_data_is_accepted_after_the_command_too(
    kaizen: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    Store(data_dir).create(make_event())
    elsewhere = {"KAIZEN_DATA": str(tmp_path / "empty")}
    listing = kaizen("list", "--json", "--data", str(data_dir), env=elsewhere)
    assert listing.returncode == 0, listing.stderr
    assert [e["id"] for e in json.loads(listing.stdout)["events"]] == ["KZ-TEST-1"]
    setting = kaizen("config", "set", "user_name", "Ana", "--data", str(data_dir), env=elsewhere)
    assert setting.returncode == 0, setting.stderr
    assert "user_name" in (data_dir / "config.toml").read_text()
    rotated = kaizen("token", "rotate", "KZ-TEST-1", "--data", str(data_dir), env=elsewhere)
    assert rotated.returncode == 0, rotated.stderr
    both = kaizen("--data", str(data_dir), "list", "--data", str(tmp_path / "other"))
    assert both.returncode == 2 and "two data folders" in both.stderr


def test_config_always_reads_back_and_a_damaged_one_locks_nobody_out(
    kaizen: CliRunner, data_dir: Path
) -> None:
    Store(data_dir).create(make_event())
    refused = kaizen("config", "set", "user_name", "Ann\x1b]2;x\x07")
    assert refused.returncode == 1 and "control characters" in refused.stderr
    tricky = 'Anna "Ania" Łódź \\ [x] # not a comment'
    assert kaizen("config", "set", "user_name", tricky).returncode == 0
    assert kaizen("config", "get", "user_name").stdout.strip() == tricky

    config = data_dir / "config.toml"
    damaged = 'user_name = "x\x7f"\nlink_base = "http://kaizen.example.org"\n'
    config.write_text(damaged, "utf-8")  # DEL is not allowed in a TOML string
    assert kaizen("list").returncode == 0
    calendar = kaizen("export", "KZ-TEST-1", "--ics")  # reads link_base
    assert calendar.returncode == 0, calendar.stderr
    [warning] = calendar.stderr.strip().splitlines()
    assert f"{config} is not valid TOML" in warning and "default settings are used" in warning
    assert kaizen("config", "set", "user_name", "Bob").returncode == 0
    assert kaizen("config", "get", "user_name").stdout.strip() == "Bob"
    assert kaizen("config", "get", "user_name").stderr == ""
    [kept] = data_dir.glob("config.toml.damaged-*")
    assert kept.read_text("utf-8") == damaged  # what the user had, to look at

    config.write_text('review_days = "soon"\nuser_name = "Bob"\n', "utf-8")
    days = kaizen("config", "get", "review_days")
    assert days.returncode == 0 and days.stdout.strip() == "30,60,90"
    assert "review_days = 'soon' is not valid" in days.stderr


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A small file system of its own (root only): read-only and full disks, for real."""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a file system")
    folder = tmp_path / "fs"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_an_unreadable_event_in_a_read_only_folder_is_named(
    kaizen: CliRunner, tmpfs: Path, tmp_path: Path
) -> None:
    data = tmpfs / "data"
    store = Store(data)
    store.create(make_event())
    store.create(make_event(id="KZ-TEST-2", title="Broken one"))
    store.event_path("KZ-TEST-2").write_text('{"bundle": ')
    store.index.close()  # a file open for writing keeps the file system from going read-only
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    listing = kaizen("--data", str(data), "list")
    assert listing.returncode == 0, listing.stderr
    assert "KZ-TEST-1" in listing.stdout
    assert "events/KZ-TEST-2.json is unreadable" in listing.stderr
    as_json = json.loads(kaizen("--data", str(data), "list", "--json").stdout)
    [problem] = as_json["problems"]
    assert problem["file"] == "events/KZ-TEST-2.json" and problem["moved_to"] is None


async def test_the_home_screen_names_it_too(tmpfs: Path) -> None:
    from textual.widgets import Static

    from .tui import SIZE, app_for, settle

    data = tmpfs / "data"
    store = Store(data)
    store.create(make_event())
    store.create(make_event(id="KZ-TEST-2", title="Broken one"))
    store.event_path("KZ-TEST-2").write_text('{"bundle": ')
    store.index.close()  # a file open for writing keeps the file system from going read-only
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    app = app_for(data)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        banner = str(app.screen.query_one("#problems", Static).render())
        assert "events/KZ-TEST-2.json is unreadable" in banner


def fill(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` until ``leave`` bytes are free."""
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    with (folder / "filler").open("wb") as handle:
        handle.write(b"\0" * max(0, free - leave))


@pytest.mark.parametrize("command", ["export", "a3"])
def test_a_full_disk_never_replaces_a_good_file_by_half_a_file(
    kaizen: CliRunner, data_dir: Path, tmpfs: Path, command: str
) -> None:
    event = make_event(problem="x" * 19_000, background="y" * 19_000)  # ~40 kB out
    Store(data_dir).create(event)
    target = tmpfs / ("event.json" if command == "export" else "event.pdf")
    good = kaizen(command, "KZ-TEST-1", "-o", str(target))
    assert good.returncode == 0, good.stderr
    before = target.read_bytes()
    assert len(before) > 20_000
    event = Store(data_dir).load("KZ-TEST-1")
    event.lessons = "z" * 19_000  # the new file is larger than the room left
    Store(data_dir).save(event)
    fill(tmpfs, leave=8192)
    result = kaizen(command, "KZ-TEST-1", "-o", str(target))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "the disk is full" in result.stderr
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmpfs.iterdir()) == sorted([target.name, "filler"])


def test_bundle_round_trip_still_exact(kaizen: CliRunner, data_dir: Path, tmp_path: Path) -> None:
    """Writing -o files atomically changed how, not what: an export imports back equal."""
    original = Bundle(event=make_event(title="Ł\tó\ndź")).to_json_dict()
    (tmp_path / "in.json").write_text(json.dumps(original), "utf-8")
    assert kaizen("import", str(tmp_path / "in.json")).returncode == 0
    assert kaizen("export", "KZ-TEST-1", "-o", str(tmp_path / "out.json")).returncode == 0
    assert json.loads((tmp_path / "out.json").read_text("utf-8")) == original
