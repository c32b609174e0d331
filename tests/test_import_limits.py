"""`kaizen import` against hostile and unlucky files (issue 12, defects 4 and 11): each is refused
with one short line, exit 1, the data folder untouched; never a traceback, a hang or all the
memory; a bad file in a folder does not stop the good ones."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner as ClickRunner

from kaizen_tui.cli import main
from kaizen_tui.model import FORMAT, MAX_REVISION, Bundle
from kaizen_tui.store.tinystorage import MAX_JSON_BYTES, MAX_JSON_DEPTH

from .conftest import TODAY, CliRunner, data_snapshot, make_event


def good_bundle(**overrides: object) -> dict:
    return Bundle(event=make_event(**overrides)).to_json_dict()


def as_text(data: dict, raw: dict[str, str] | None = None) -> str:
    """JSON text of ``data`` where each string value ``"@NAME@"`` becomes the raw JSON ``raw[NAME]``
    (what json.dumps cannot write: a 5,000-digit number, 100,000 levels of nesting)."""
    text = json.dumps(data, ensure_ascii=False)
    for name, fragment in (raw or {}).items():
        text = text.replace(json.dumps(f"@{name}@"), fragment)
    return text


def invoke(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real `kaizen` command in this process (click's runner), as a CompletedProcess."""
    result = ClickRunner().invoke(
        main, ["--data", str(data_dir), *args], env={"KAIZEN_TODAY": TODAY.isoformat()}
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def seeded(tmp_path: Path, data_dir: Path) -> dict[str, bytes]:
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(good_bundle(id="KZ-SEED-1")), "utf-8")
    assert invoke(data_dir, "import", str(path)).returncode == 0
    return data_snapshot(data_dir)


def assert_refused(result: subprocess.CompletedProcess[str], path: Path, expected: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"kaizen: {path}: ")
    assert expected in line
    # quotes at most ~80 characters of what it found: the line stays short
    assert len(line) - len(str(path)) < 260, line


HOSTILE = {
    "deep.json": ("[" * 100_000 + "]" * 100_000, "nested more than"),
    "deep-unknown-key.json": (
        as_text(
            {"format": FORMAT, "event": {"title": "t", "x_junk": "@deep@"}},
            {"deep": "[" * (MAX_JSON_DEPTH + 5) + "]" * (MAX_JSON_DEPTH + 5)},
        ),
        "nested more than 64 levels deep",
    ),
    "very-deep-unknown-key.json": (
        as_text(
            {"format": FORMAT, "event": {"title": "t", "x_junk": "@deep@"}},
            {"deep": '{"a":' * 50_000 + "1" + "}" * 50_000},
        ),
        "nested more than 64 levels deep",
    ),
    "huge-int.json": (
        as_text({"format": FORMAT, "event": {"title": "t", "x": "@n@"}}, {"n": "7" * 5000}),
        "a number 5,000 digits long",
    ),
    "huge-revision.json": (
        as_text(
            {"format": FORMAT, "event": {"title": "t", "revision": "@n@"}}, {"n": "1" + "0" * 30}
        ),
        "a number 31 digits long",
    ),
    "infinity.json": (
        as_text({"format": FORMAT, "event": {"title": "t", "x": "@n@"}}, {"n": "1e999"}),
        "too large",
    ),
    "nan.json": (
        as_text({"format": FORMAT, "event": {"title": "t", "x": "@n@"}}, {"n": "NaN"}),
        "holds NaN",
    ),
    "lone-surrogate.json": (
        as_text({"format": FORMAT, "event": {"title": "t", "x": "@s@"}}, {"s": '"\\ud800"'}),
        "half a character",
    ),
    "superscript-format.json": (
        json.dumps({"format": "kaizen-event/²", "event": {"title": "t"}}),
        "has no version number",
    ),
    "arabic-digit-format.json": (
        json.dumps({"format": "kaizen-event/١", "event": {"title": "t"}}),
        "has no version number",
    ),
    "long-format.json": (
        json.dumps({"format": "kaizen-event/" + "9" * 100_000, "event": {"title": "t"}}),
        "has no version number",
    ),
    # defect 11: what the contract does not allow is refused, not coerced
    "no-format.json": (json.dumps({"event": {"title": "t"}}), "format is missing"),
    "revision-too-high.json": (
        json.dumps({"format": FORMAT, "event": {"title": "t", "revision": 10**20}}),
        f"event.revision: Input should be less than or equal to {MAX_REVISION}",
    ),
    "revision-as-text.json": (
        json.dumps({"format": FORMAT, "event": {"title": "t", "revision": "7"}}),
        "event.revision: Input should be a valid integer",
    ),
    "unknown-status.json": (
        json.dumps({"format": FORMAT, "event": {"title": "t", "status": "Live"}}),
        "event.status: Input should be 'planned'",
    ),
    "from-line-yes.json": (
        json.dumps(
            {
                "format": FORMAT,
                "event": {"title": "t", "people": [{"name": "A", "from_line": "yes"}]},
            }
        ),
        "event.people[0].from_line: Input should be a valid boolean",
    ),
    "reading-as-text.json": (
        json.dumps(
            {
                "format": FORMAT,
                "event": {
                    "title": "t",
                    "metrics": [
                        {
                            "id": "M1",
                            "name": "m",
                            "readings": [{"date": "2026-01-01", "value": "41"}],
                        }
                    ],
                },
            }
        ),
        "readings[0].value: Input should be a valid number",
    ),
    "long-bad-link.json": (
        json.dumps(
            {
                "format": FORMAT,
                "event": {
                    "title": "t",
                    "actions": [{"id": "A1", "what": "w", "root_cause": "\x1b]2;x" * 50_000}],
                },
            }
        ),
        "links root cause '\\x1b]2;x",
    ),
    "long-reading-key.json": (
        json.dumps(
            {
                "format": FORMAT,
                "event": {"title": "t", "reviews": [{"day": 30, "readings": {"M\n" * 100_000: 1}}]},
            }
        ),
        "has a reading for 'M\\nM\\n",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_one_short_line_and_changes_nothing(
    tmp_path: Path, data_dir: Path, seeded: dict[str, bytes], name: str
) -> None:
    content, expected = HOSTILE[name]
    path = tmp_path / name
    path.write_text(content, "utf-8")
    assert_refused(invoke(data_dir, "import", str(path)), path, expected)
    assert data_snapshot(data_dir) == seeded


def run_limited(
    args: list[str], data_dir: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`kaizen` with at most 2 GB of address space: a file that eats memory fails this test
    instead of the machine."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    env = {**os.environ, "KAIZEN_DATA": str(data_dir), "KAIZEN_TODAY": TODAY.isoformat()}
    return subprocess.run(
        [sys.executable, "-m", "kaizen_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        preexec_fn=limit,
    )


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path, data_dir: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result = run_limited(["import", str(fifo)], data_dir, timeout=30)
    assert_refused(result, fifo, "not a regular file")


def test_a_device_is_refused_not_read_forever(data_dir: Path) -> None:
    result = run_limited(["import", "/dev/zero"], data_dir, timeout=30)
    assert_refused(result, Path("/dev/zero"), "not a regular file")


def test_a_file_over_the_size_cap_is_refused_without_reading_it(
    tmp_path: Path, data_dir: Path
) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_JSON_BYTES + 1)
    result = run_limited(["import", str(big)], data_dir)
    assert_refused(result, big, "larger than 50 MB")


def test_one_bad_file_in_a_folder_does_not_stop_the_good_ones(
    kaizen: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "laptop"
    folder.mkdir()
    (folder / "a-good.json").write_text(json.dumps(good_bundle(id="KZ-G-1")), "utf-8")
    for name in ("b-deep.json", "c-huge-int.json", "d-superscript-format.json", "e-no-format.json"):
        (folder / name).write_text(HOSTILE[name.split("-", 1)[1]][0], "utf-8")
    os.mkfifo(folder / "f-pipe.json")
    (folder / "g-good.json").write_text(json.dumps(good_bundle(id="KZ-G-2")), "utf-8")
    result = kaizen("import", str(folder))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    refused = result.stderr.strip().splitlines()
    assert len(refused) == 5
    for name in ("b-deep", "c-huge-int", "d-superscript-format", "e-no-format", "f-pipe"):
        assert any(f"{name}.json: " in line for line in refused), name
    assert "2 added" in result.stdout.replace("      ", " ").replace("  ", " ")
    assert "5 refused" in result.stdout.replace("      ", " ").replace("  ", " ")
    listing = json.loads(kaizen("list", "--json").stdout)
    assert sorted(e["id"] for e in listing["events"]) == ["KZ-G-1", "KZ-G-2"]


def test_a_hostile_file_in_the_data_folder_is_named_not_a_traceback(
    data_dir: Path, seeded: dict[str, bytes]
) -> None:
    events = data_dir / "events"
    (events / "KZ-DEEP.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    os.mkfifo(events / "KZ-PIPE.json")
    result = run_limited(["list", "--json"], data_dir, timeout=30)
    assert result.returncode == 0, result.stderr
    assert [e["id"] for e in json.loads(result.stdout)["events"]] == ["KZ-SEED-1"]
    problems = {p["file"]: p["reason"] for p in json.loads(result.stdout)["problems"]}
    assert "nested more than" in problems["events/KZ-DEEP.json"]
    assert "not a regular file" in problems["events/KZ-PIPE.json"]
