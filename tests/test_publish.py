"""`kaizen publish`: static files equal to the served pages, rewritten only when they change."""

from __future__ import annotations

import json
from pathlib import Path

from starlette.testclient import TestClient

from kaizen_tui.demo import DEMO_IDS, DISCHARGE_ID, SMED_ID
from kaizen_tui.store import Store
from kaizen_tui.web.app import create_app
from kaizen_tui.web.pages import EVENT_FILES
from kaizen_tui.web.publish import MANIFEST, PublishResult, page_key, publish

from .conftest import TODAY, CliRunner

LINK = "http://intranet.example.org/kaizen"


def run(store: Store, dest: Path) -> PublishResult:
    return publish(Store(store.root, read_only=True), dest, today=TODAY, link_base=LINK)


def snapshot(dest: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every file: what changes when a file is rewritten."""
    return {
        p.relative_to(dest).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in dest.rglob("*")
        if p.is_file()
    }


def test_published_files_equal_the_served_ones(demo_store: Store, tmp_path: Path) -> None:
    dest = tmp_path / "site"
    result = run(demo_store, dest)
    assert result.events == 3 and result.removed == [] and result.skipped == []
    client = TestClient(
        create_app(Store(demo_store.root, read_only=True), link_base=LINK, today=lambda: TODAY)
    )
    assert (dest / "index.html").read_bytes() == client.get("/").content
    assert (dest / "static/style.css").read_bytes() == client.get("/static/style.css").content
    for event_id in DEMO_IDS:
        token = demo_store.load(event_id).share_token
        for name in EVENT_FILES:
            url = f"/e/{token}/" + ("" if name == "index.html" else name)
            served = client.get(url)
            assert served.status_code == 200
            assert (dest / "e" / token / name).read_bytes() == served.content, (event_id, name)
    # the style sheet, an index.html that lists nothing in /, e/ and static/, 3 files per event
    assert len(result.written) == 4 + 3 * 3


def test_a_rerun_rewrites_nothing(demo_store: Store, tmp_path: Path) -> None:
    dest = tmp_path / "site"
    run(demo_store, dest)
    before = snapshot(dest)
    result = run(demo_store, dest)
    assert result.written == [] and result.removed == []
    assert result.unchanged == 4 + 3 * 3
    assert snapshot(dest) == before


def test_a_changed_event_rewrites_only_its_own_files(demo_store: Store, tmp_path: Path) -> None:
    dest = tmp_path / "site"
    run(demo_store, dest)
    before = snapshot(dest)
    event = demo_store.load(SMED_ID)
    event.action("A7").what = "Go/no-go gauges, ordered"  # type: ignore[union-attr]
    demo_store.save(event)

    result = run(demo_store, dest)
    folder = f"e/{event.share_token}/"
    assert set(result.written) == {
        folder + "index.html",
        folder + "actions.csv",
        folder + "reviews.ics",
    }
    after = snapshot(dest)
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed == set(result.written)
    assert "Go/no-go gauges, ordered" in (dest / folder / "index.html").read_text("utf-8")


def test_pages_of_a_deleted_event_or_an_old_link_are_removed(
    demo_store: Store, tmp_path: Path
) -> None:
    dest = tmp_path / "site"
    run(demo_store, dest)
    (dest / "README.txt").write_text("ours")  # what people keep in the folder stays
    smed = demo_store.load(SMED_ID)
    (dest / "e" / smed.share_token / "notes.txt").write_text("kept")
    discharge = demo_store.load(DISCHARGE_ID)

    demo_store.delete(SMED_ID)
    old_token = discharge.share_token
    discharge.share_token = "N" * 22  # a new link: the old one must stop working
    demo_store.save(discharge)
    result = run(demo_store, dest)

    assert not (dest / "e" / smed.share_token / "index.html").exists()
    assert (dest / "e" / smed.share_token / "notes.txt").read_text() == "kept"
    assert not (dest / "e" / old_token).exists()
    assert (dest / "e" / ("N" * 22) / "index.html").exists()
    assert (dest / "README.txt").read_text() == "ours"
    assert len(result.removed) == 6 and result.events == 2
    manifest = json.loads((dest / MANIFEST).read_text())
    tokens = {"N" * 22, demo_store.load("KZ-DEMO-INVOICE").share_token}
    assert set(manifest["pages"]) == {page_key(t) for t in tokens}  # digests, never tokens


def test_an_unreadable_event_keeps_its_last_pages(demo_store: Store, tmp_path: Path) -> None:
    dest = tmp_path / "site"
    run(demo_store, dest)
    token = demo_store.load(SMED_ID).share_token
    demo_store.event_path(SMED_ID).write_text('{"bundle": ')  # damaged, to be restored from backup
    result = run(demo_store, dest)
    assert result.removed == []
    [problem] = result.skipped
    assert f"events/{SMED_ID}.json is unreadable" in problem
    assert (dest / "e" / token / "index.html").exists()
    assert demo_store.event_path(SMED_ID).exists()  # a read-only demo_store moves nothing aside


def test_a_tampered_manifest_cannot_delete_outside_the_folder(
    demo_store: Store, tmp_path: Path
) -> None:
    dest = tmp_path / "site"
    run(demo_store, dest)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("not ours")
    (dest / MANIFEST).write_text(
        json.dumps({"version": 1, "pages": {"../../outside": "X", "..": "Y", "A" * 22: "Z"}})
    )
    run(demo_store, dest)
    assert (outside / "index.html").read_text() == "not ours"


def test_cli_publish(kaizen: CliRunner, tmp_path: Path) -> None:
    assert kaizen("demo", "--no-open").returncode == 0
    dest = tmp_path / "site"
    result = kaizen("publish", str(dest))
    assert result.returncode == 0, result.stderr
    assert (
        f"3 events published to {dest}: 13 files written, 0 unchanged, 0 removed" in result.stdout
    )
    assert "link_base is not set" in result.stderr  # the QR codes would point to a guess
    assert kaizen("config", "set", "link_base", "http://intranet/kaizen").returncode == 0
    again = kaizen("publish", str(dest))
    # the calendar files carry the page's address; nothing else changed
    assert "3 files written, 10 unchanged" in again.stdout and again.stderr == ""
    assert "0 files written, 13 unchanged" in kaizen("publish", str(dest)).stdout

    (tmp_path / "a-file").write_text("x")
    refused = kaizen("publish", str(tmp_path / "a-file"))
    assert refused.returncode in (1, 2)
    assert "Traceback" not in refused.stderr and "a-file" in refused.stderr
