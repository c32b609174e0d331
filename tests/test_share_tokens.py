"""A share token is one event's link and nobody else's (issue 12, defect 1): an import cannot
give an event another event's token or a made-up one; `kaizen token rotate` and the palette's
"Rotate the share link" draw a new one; the demo's tokens are drawn per data folder."""

from __future__ import annotations

import json
import secrets
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner as ClickRunner
from starlette.testclient import TestClient

from kaizen_tui.cli import main
from kaizen_tui.model import Bundle, new_share_token, token_bits
from kaizen_tui.store import Store
from kaizen_tui.web.app import create_app
from kaizen_tui.widgets.confirm import ConfirmScreen

from .conftest import TODAY, data_snapshot, make_event
from .tui import SIZE, app_for, open_event, screen_is, settle, told, type_text


def kaizen(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real `kaizen` command, in this process (click's runner)."""
    result = ClickRunner().invoke(
        main, ["--data", str(data_dir), *args], env={"KAIZEN_TODAY": TODAY.isoformat()}
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def bundle_of(**overrides: object) -> dict:
    return Bundle(event=make_event(**overrides)).to_json_dict()


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def page_title(data_dir: Path, token: str) -> str | None:
    """The title the action page of ``token`` shows (what a scanned QR code opens), or None."""
    client = TestClient(create_app(Store(data_dir, read_only=True), link_base="http://x"))
    response = client.get(f"/e/{token}/")
    if response.status_code != 200:
        return None
    return response.text.split("<h1", 1)[1].split(">", 1)[1].split("<", 1)[0].strip()


@pytest.fixture
def victim(data_dir: Path, tmp_path: Path) -> str:
    path = write(tmp_path / "victim.json", bundle_of(id="KZ-VICTIM", title="Press line changeover"))
    assert kaizen(data_dir, "import", str(path)).returncode == 0
    return Store(data_dir).load("KZ-VICTIM").share_token


def test_an_import_cannot_take_over_another_events_link(
    data_dir: Path, tmp_path: Path, victim: str
) -> None:
    before = data_snapshot(data_dir)
    intruder = write(
        tmp_path / "intruder.json",
        bundle_of(id="KZ-INTRUDER", title="Nothing to see", share_token=victim),
    )
    result = kaizen(data_dir, "import", str(intruder))
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert "KZ-INTRUDER" in line and "already the link of KZ-VICTIM" in line
    assert data_snapshot(data_dir) == before
    assert page_title(data_dir, victim) == "Press line changeover"


def test_a_new_event_without_an_id_cannot_take_a_link_either(
    data_dir: Path, tmp_path: Path, victim: str
) -> None:
    data = bundle_of(share_token=victim)
    del data["event"]["id"]
    result = kaizen(data_dir, "import", str(write(tmp_path / "idless.json", data)))
    assert result.returncode == 1
    assert "a new event: its share_token is already the link of KZ-VICTIM" in result.stderr
    assert [s.id for s in Store(data_dir).list_summaries()] == ["KZ-VICTIM"]


def test_two_new_events_in_one_file_with_one_token_are_refused(
    data_dir: Path, tmp_path: Path
) -> None:
    token = new_share_token()
    path = write(
        tmp_path / "pair.json",
        [bundle_of(id="KZ-ONE", share_token=token), bundle_of(id="KZ-TWO", share_token=token)],
    )
    result = kaizen(data_dir, "import", str(path))
    assert result.returncode == 1
    assert "KZ-ONE and KZ-TWO have the same share_token" in result.stderr
    assert not (data_dir / "events").exists() or not list((data_dir / "events").iterdir())


def test_the_same_token_in_two_files_imports_the_first_only(data_dir: Path, tmp_path: Path) -> None:
    token = new_share_token()
    folder = tmp_path / "laptops"
    folder.mkdir()
    write(folder / "a.json", bundle_of(id="KZ-A", title="A", share_token=token))
    write(folder / "b.json", bundle_of(id="KZ-B", title="B", share_token=token))
    result = kaizen(data_dir, "import", str(folder))
    assert result.returncode == 1
    assert "KZ-B: its share_token is already the link of KZ-A" in result.stderr
    assert page_title(data_dir, token) == "A"


def test_a_newer_revision_of_the_same_event_keeps_or_changes_its_own_token(
    data_dir: Path, tmp_path: Path, victim: str
) -> None:
    same = bundle_of(id="KZ-VICTIM", title="Same link", revision=5, share_token=victim)
    assert kaizen(data_dir, "import", str(write(tmp_path / "same.json", same))).returncode == 0
    fresh = new_share_token()  # rotated on another laptop
    moved = bundle_of(id="KZ-VICTIM", title="New link", revision=6, share_token=fresh)
    assert kaizen(data_dir, "import", str(write(tmp_path / "moved.json", moved))).returncode == 0
    assert page_title(data_dir, fresh) == "New link"
    assert page_title(data_dir, victim) is None


@pytest.mark.parametrize(
    ("token", "bits"),
    [
        ("a" * 22, "0"),  # one kind of character
        ("aB" * 11, "0"),
        ("abcdefghijklmnopqrstuv", "103"),  # lowercase letters: 4.7 bits each
        ("0123456789abcdef012345678", "100"),  # hex: 4 bits each
        ("31415926535897932384626433832795", "106"),  # digits
    ],
)
def test_a_token_too_weak_to_be_random_is_refused(
    data_dir: Path, tmp_path: Path, token: str, bits: str
) -> None:
    path = write(tmp_path / "weak.json", bundle_of(id="KZ-WEAK", share_token=token))
    result = kaizen(data_dir, "import", str(path))
    assert result.returncode == 1
    assert f"share_token can hold only {bits} random bits (at least 128)" in result.stderr
    assert not Store(data_dir).exists("KZ-WEAK")


def test_strong_tokens_pass_and_generated_ones_always_do(data_dir: Path, tmp_path: Path) -> None:
    hex_token = secrets.token_hex(16)  # 32 hex digits: exactly 128 bits
    path = write(tmp_path / "hex.json", bundle_of(id="KZ-HEX", share_token=hex_token))
    assert kaizen(data_dir, "import", str(path)).returncode == 0
    assert all(token_bits(new_share_token()) >= 128 for _ in range(20_000))
    # every token earlier versions drew (token_urlsafe(16)) passes too
    assert all(token_bits(secrets.token_urlsafe(16)) >= 128 for _ in range(20_000))


def test_rotate_gives_a_new_link_and_the_old_one_leads_nowhere(
    data_dir: Path, tmp_path: Path, victim: str
) -> None:
    store = Store(data_dir)
    event = store.load("KZ-VICTIM")
    event.a3_printed_revision = event.revision
    store.save(event)
    result = kaizen(data_dir, "token", "rotate", "KZ-VICTIM")
    assert result.returncode == 0, result.stderr
    rotated = Store(data_dir).load("KZ-VICTIM")
    assert rotated.share_token != victim
    assert f"/e/{rotated.share_token}/" in result.stdout
    assert "printed A3s of KZ-VICTIM open nothing" in result.stdout
    assert page_title(data_dir, victim) is None
    assert page_title(data_dir, rotated.share_token) == "Press line changeover"
    # the A3 on paper has the dead link: the close-out gate asks for a new print
    assert rotated.a3_printed_revision is None
    assert kaizen(data_dir, "token", "rotate", "KZ-NOPE").returncode == 1


def test_demo_tokens_are_drawn_per_data_folder(tmp_path: Path) -> None:
    tokens = []
    for name in ("one", "two"):
        folder = tmp_path / name
        assert kaizen(folder, "demo", "--no-open").returncode == 0
        assert kaizen(folder, "demo", "--no-open").returncode == 0  # again: nothing changes
        tokens.append({s.id: s.share_token for s in Store(folder).list_summaries()})
    assert tokens[0].keys() == tokens[1].keys()
    assert all(tokens[0][i] != tokens[1][i] for i in tokens[0])
    assert len(set(tokens[0].values())) == 3


async def test_palette_rotates_the_share_link_after_asking(data_dir: Path) -> None:
    Store(data_dir).create(make_event())
    old = Store(data_dir).load("KZ-TEST-1").share_token
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_event(pilot)
        for answer, expect_new in (("n", False), ("y", True)):
            await pilot.press("ctrl+p")
            await settle(pilot)
            await type_text(pilot, "rotate the share link")
            await settle(pilot)
            await pilot.press("enter")
            confirm = await screen_is(pilot, ConfirmScreen)
            assert "every printed A3 of this event" in confirm.message
            assert "will lead nowhere" in confirm.message
            await pilot.press(answer)
            await settle(pilot)
            stored = Store(data_dir).load("KZ-TEST-1").share_token
            assert (stored != old) is expect_new
        assert app.screen.event.share_token == stored  # type: ignore[attr-defined]
        notes = [n.message for n in told(app)]
        assert any("lead nowhere now" in m and stored in m for m in notes)
