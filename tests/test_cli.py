"""The `kaizen` command as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kaizen_tui.model import Bundle

from .conftest import TODAY, CliRunner, make_event


def write_bundle(path: Path, **overrides: object) -> dict:
    data = Bundle(event=make_event(**overrides)).to_json_dict()
    data["event"]["x_unknown"] = {"kept": True}
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return data


def test_version_and_help(kaizen: CliRunner) -> None:
    assert kaizen("--version").stdout.startswith("kaizen, version ")
    out = kaizen("--help").stdout
    for command in ("list", "import", "export", "demo", "config"):
        assert command in out


def test_console_script_is_installed() -> None:
    assert shutil.which("kaizen") or Path(sys.executable).with_name("kaizen").exists()


def test_import_list_export_round_trip(kaizen: CliRunner, tmp_path: Path) -> None:
    original = write_bundle(tmp_path / "event.json")
    result = kaizen("import", str(tmp_path / "event.json"))
    assert result.returncode == 0, result.stderr
    assert "added: KZ-TEST-1" in result.stdout

    listing = json.loads(kaizen("list", "--json").stdout)
    assert listing["today"] == TODAY.isoformat()
    [row] = listing["events"]
    assert row == {
        "id": "KZ-TEST-1",
        "title": "Cut changeover time on press 7",
        "area": "Stamping",
        "site": "",
        "business_unit": "",
        "status": "live",
        "start": "2026-11-23",
        "end": "2026-11-27",
        "report_out": None,
        "revision": 0,
        "actions": 4,
        "open_actions": 3,
        "overdue_actions": 1,
        "due_soon_actions": 1,
        "conflicts": 0,
        "next_review": None,
    }
    exported = json.loads(kaizen("export", "KZ-TEST-1").stdout)
    assert exported == original

    out_file = tmp_path / "again.json"
    assert kaizen("export", "KZ-TEST-1", "-o", str(out_file)).returncode == 0
    assert json.loads(out_file.read_text("utf-8")) == original
    again = kaizen("import", str(out_file))
    assert again.returncode == 0 and "unchanged: KZ-TEST-1" in again.stdout


def test_list_table_for_people(kaizen: CliRunner, tmp_path: Path) -> None:
    write_bundle(tmp_path / "event.json")
    kaizen("import", str(tmp_path / "event.json"))
    out = kaizen("list").stdout
    assert out.splitlines()[0].split() == [
        "ID",
        "TITLE",
        "AREA",
        "STATUS",
        "OPEN",
        "OVERDUE",
        "NEXT",
        "REVIEW",
    ]
    assert "KZ-TEST-1" in out and "Stamping" in out


def test_empty_list_says_what_to_do(kaizen: CliRunner) -> None:
    result = kaizen("list")
    assert result.returncode == 0
    assert "kaizen demo" in result.stdout


def test_higher_revision_wins_and_conflicts_are_reported(kaizen: CliRunner, tmp_path: Path) -> None:
    write_bundle(tmp_path / "v3.json", revision=3, title="third")
    write_bundle(tmp_path / "v2.json", revision=2, title="second")
    assert kaizen("import", str(tmp_path / "v3.json")).returncode == 0
    older = kaizen("import", str(tmp_path / "v2.json"))
    assert older.returncode == 0 and "kept newer" in older.stdout
    data = json.loads((tmp_path / "v3.json").read_text())
    data["event"]["title"] = "edited elsewhere at the same revision"
    (tmp_path / "clash.json").write_text(json.dumps(data))
    clash = kaizen("import", str(tmp_path / "clash.json"))
    assert clash.returncode == 1
    assert "conflict: KZ-TEST-1: both are revision 3 but differ" in clash.stderr
    assert "Traceback" not in clash.stderr
    listing = json.loads(kaizen("list", "--json").stdout)
    assert listing["events"][0]["title"] == "third"


BAD_INPUTS = {
    "malformed.json": (b'{"format": "kaizen-event/1", "event": {', "not valid JSON (line 1"),
    "missing.json": (
        b'{"format": "kaizen-event/1", "event": {"area": "x"}}',
        "event.title: is required",
    ),
    "enum.json": (
        b'{"format": "kaizen-event/1", "event": {"title": "t", "status": "finished"}}',
        "event.status",
    ),
    "date.json": (
        b'{"format": "kaizen-event/1", "event": {"title": "t", "start": "2026-02-30"}}',
        "event.start: '2026-02-30' is not a real date",
    ),
    "latin1.json": ('{"event": {"title": "Caf\u00e9"}}'.encode("latin-1"), "not UTF-8"),
    "newer.json": (
        b'{"format": "kaizen-event/2", "event": {"title": "t"}}',
        "written by a newer kaizen-tui",
    ),
    "huge.json": (
        json.dumps(
            {"format": "kaizen-event/1", "event": {"title": "t", "problem": "x" * 10_485_760}}
        ).encode(),
        "event.problem: text is too long (10,485,760 characters",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_clear_line_and_changes_nothing(
    kaizen: CliRunner, tmp_path: Path, data_dir: Path, name: str
) -> None:
    write_bundle(tmp_path / "good.json")
    kaizen("import", str(tmp_path / "good.json"))
    before = (data_dir / "events" / "KZ-TEST-1.json").read_bytes()
    content, expected = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(content)
    result = kaizen("import", str(path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"kaizen: {path}: ")
    assert expected in lines[0]
    assert "Traceback" not in result.stderr
    assert (data_dir / "events" / "KZ-TEST-1.json").read_bytes() == before
    assert sorted(p.name for p in (data_dir / "events").iterdir()) == [
        "KZ-TEST-1.json",
        "KZ-TEST-1.json.bak",
    ]


def test_a_file_with_a_bad_bundle_imports_nothing_from_it(
    kaizen: CliRunner, tmp_path: Path
) -> None:
    good = Bundle(event=make_event(id="KZ-L-1")).to_json_dict()
    bad = {"format": "kaizen-event/1", "event": {"id": "KZ-L-2", "title": "t", "end": "2026-13-01"}}
    (tmp_path / "list.json").write_text(json.dumps([good, bad]))
    result = kaizen("import", str(tmp_path / "list.json"))
    assert result.returncode == 1
    assert "(bundle 2): event.end" in result.stderr
    assert json.loads(kaizen("list", "--json").stdout)["events"] == []


def test_import_a_folder(kaizen: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "laptops"
    folder.mkdir()
    for n in range(3):
        write_bundle(folder / f"e{n}.json", id=f"KZ-F-{n}")
    result = kaizen("import", str(folder))
    assert result.returncode == 0, result.stderr
    assert "3 added" in result.stdout
    assert len(json.loads(kaizen("list", "--json").stdout)["events"]) == 3


def test_unknown_event_and_missing_file(kaizen: CliRunner, tmp_path: Path) -> None:
    result = kaizen("export", "KZ-NOPE")
    assert result.returncode == 1
    assert result.stderr.startswith("kaizen: no event KZ-NOPE")
    missing = kaizen("import", str(tmp_path / "nowhere.json"))
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_usage_errors_exit_2(kaizen: CliRunner) -> None:
    assert kaizen("export").returncode == 2
    assert kaizen("frobnicate").returncode == 2


def test_config_get_set(kaizen: CliRunner, data_dir: Path) -> None:
    assert kaizen("config", "set", "link_base", "https://kaizen.example.org/").returncode == 0
    assert kaizen("config", "get", "link_base").stdout.strip() == "https://kaizen.example.org"
    assert (data_dir / "config.toml").exists()
    unset = kaizen("config", "set", "link_base", "not a url")
    assert unset.returncode == 1 and "not a web address" in unset.stderr
    unknown = kaizen("config", "get", "colour")
    assert unknown.returncode == 1 and "known settings: " in unknown.stderr
    assert kaizen("config", "set", "review_days", "90,30,60").stdout.strip() == (
        "review_days = 30,60,90"
    )


def test_data_option_beats_environment(kaizen: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "other"
    write_bundle(tmp_path / "e.json")
    assert kaizen("--data", str(other), "import", str(tmp_path / "e.json")).returncode == 0
    assert (other / "events" / "KZ-TEST-1.json").exists()
    assert json.loads(kaizen("list", "--json").stdout)["events"] == []


def test_demo_is_idempotent(kaizen: CliRunner) -> None:
    first = kaizen("demo", "--no-open")
    assert first.returncode == 0, first.stderr
    assert "added 3 demo events" in first.stdout
    second = kaizen("demo", "--no-open")
    assert second.returncode == 0 and "there already" in second.stdout
    events = json.loads(kaizen("list", "--json").stdout)["events"]
    assert len(events) == 3
    statuses = {e["id"]: e["status"] for e in events}
    assert statuses == {
        "KZ-DEMO-SMED": "reported",
        "KZ-DEMO-DISCHARGE": "following_up",
        "KZ-DEMO-INVOICE": "planned",
    }
    smed = next(e for e in events if e["id"] == "KZ-DEMO-SMED")
    assert smed["overdue_actions"] >= 1


def test_corrupt_file_is_named_kept_and_restorable(
    kaizen: CliRunner, tmp_path: Path, data_dir: Path
) -> None:
    write_bundle(tmp_path / "e.json")
    kaizen("import", str(tmp_path / "e.json"))
    path = data_dir / "events" / "KZ-TEST-1.json"
    path.write_bytes(path.read_bytes()[:50])
    listing = kaizen("list", "--json")
    assert listing.returncode == 0
    payload = json.loads(listing.stdout)
    assert payload["events"] == []
    [problem] = payload["problems"]
    assert problem["file"] == "events/KZ-TEST-1.json"
    assert problem["backup_revision"] == 0
    assert "events/KZ-TEST-1.json is unreadable" in listing.stderr
    assert "kaizen restore KZ-TEST-1" in listing.stderr
    assert list((data_dir / "corrupt").glob("KZ-TEST-1.json.*"))
    restored = kaizen("restore", "KZ-TEST-1")
    assert restored.returncode == 0, restored.stderr
    assert len(json.loads(kaizen("list", "--json").stdout)["events"]) == 1


@pytest.fixture
def read_only_data(tmp_path: Path, kaizen: CliRunner) -> Iterator[tuple[Path, Path]]:
    """A data folder holding one event, then made read-only: a read-only mount when running as
    root (permissions do not bind root), file permissions otherwise."""
    data = tmp_path / "ro"
    data.mkdir()
    bundle = tmp_path / "e.json"
    write_bundle(bundle)
    if os.geteuid() == 0:
        if (
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(data)], capture_output=True
            ).returncode
            != 0
        ):
            pytest.skip("running as root and cannot mount a read-only folder here")
        kaizen("--data", str(data), "import", str(bundle))
        subprocess.run(["mount", "-o", "remount,ro", str(data)], check=True)
        try:
            yield data, bundle
        finally:
            subprocess.run(["umount", str(data)], check=False)
    else:
        kaizen("--data", str(data), "import", str(bundle))
        for path in (data, data / "events"):
            path.chmod(0o555)
        try:
            yield data, bundle
        finally:
            for path in (data, data / "events"):
                path.chmod(0o755)


def test_read_only_data_folder(
    kaizen: CliRunner, read_only_data: tuple[Path, Path], tmp_path: Path
) -> None:
    data, _bundle = read_only_data
    before = (data / "events" / "KZ-TEST-1.json").read_bytes()
    newer = tmp_path / "newer.json"
    write_bundle(newer, revision=5)
    result = kaizen("--data", str(data), "import", str(newer))
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "read-only" in result.stderr
    assert "--data DIR" in result.stderr
    assert "Traceback" not in result.stderr
    assert (data / "events" / "KZ-TEST-1.json").read_bytes() == before
    # reading still works
    listing = kaizen("--data", str(data), "list", "--json")
    assert listing.returncode == 0
    assert json.loads(listing.stdout)["events"][0]["id"] == "KZ-TEST-1"
