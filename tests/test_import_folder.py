"""The LPO merging many facilitators' laptops: `kaizen import FOLDER` with subfolders, the same
event in several files (older copies, identical copies, a conflict), a broken file, a progress bar
on a terminal, and an end summary that says what happened."""

from __future__ import annotations

import itertools
import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from kaizen_tui.model import Bundle
from kaizen_tui.store import Store
from kaizen_tui.store.importplan import plan_import

from .conftest import TODAY, CliRunner, make_event


def bundle(event_id: str, revision: int, title: str = "Cut changeover time") -> dict:
    event = make_event(id=event_id, revision=revision, title=title)
    # the same event exported from two laptops carries the same share token
    event.share_token = f"token-of-{event_id}-000000000000"
    return Bundle(event=event).to_json_dict()


def write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def laptops(root: Path, count: int = 24) -> Path:
    """``count`` events over four laptop folders, plus the awkward cases."""
    folder = root / "laptops"
    for n in range(count):
        write(folder / f"laptop-{n % 4}" / f"KZ-L-{n:02d}.json", bundle(f"KZ-L-{n:02d}", 3))
    # an identical copy of KZ-L-01 on another laptop: imported once
    write(folder / "laptop-3" / "copy-of-01.json", bundle("KZ-L-01", 3))
    # an older copy of KZ-L-02: skipped in favour of revision 3
    write(folder / "laptop-3" / "old-02.json", bundle("KZ-L-02", 2))
    # a newer copy of KZ-L-03 found first in file order: it wins
    write(folder / "laptop-0" / "a-newer-03.json", bundle("KZ-L-03", 4, "Edited later"))
    # KZ-L-05 edited on two laptops without a new revision: a conflict, neither imported
    write(folder / "laptop-2" / "ben-05.json", bundle("KZ-L-05", 3, "Edited on Ben's laptop"))
    write(folder / "laptop-1" / "broken.json", {"format": "kaizen-event/1", "event": {}})
    write(folder / ".trash" / "KZ-L-99.json", bundle("KZ-L-99", 1))  # hidden: not read
    (folder / "notes.txt").write_text("not a bundle", "utf-8")
    return folder


def test_import_a_folder_of_laptops(kaizen: CliRunner, tmp_path: Path, data_dir: Path) -> None:
    store = Store(data_dir)
    # already in the data folder: KZ-L-00 at revision 1 (will be updated), KZ-L-04 at revision 3
    # with other content (a conflict with the data folder, kept aside to compare)
    store.create(make_event(id="KZ-L-00"))
    write(tmp_path / "seed.json", bundle("KZ-L-04", 3, "Edited in the LPO office"))
    assert kaizen("import", str(tmp_path / "seed.json")).returncode == 0

    folder = laptops(tmp_path)
    result = kaizen("import", str(folder))
    assert result.returncode == 1  # conflicts and a refused file are worth a non-zero exit
    out = result.stdout
    # 24 + copy + old + newer + ben + broken = 29 files; the broken one holds no bundle
    assert "29 files read, holding 28 event copies:" in out
    assert "     21 added        new to this data folder" in out
    assert "      1 updated      a newer revision replaced the stored one" in out
    assert "      2 older copy   another file has a newer revision of the same event" in out
    assert "      1 duplicate    the same revision in several files, imported once" in out
    assert "      2 conflict     same revision, different content" in out
    assert "      1 refused      file(s) not valid" in out
    assert "Conflicts are listed above; nothing was overwritten." in out
    # more than 20 files: no line per event unless --verbose
    assert "added: KZ-L-06" not in out

    errors = result.stderr.splitlines()
    assert len(errors) == 3, result.stderr
    assert errors[0].startswith(f"kaizen: {folder}/laptop-1/broken.json: event.title")
    assert errors[1] == (
        f"kaizen: conflict: KZ-L-05: revision 3 differs between "
        f"{folder}/laptop-1/KZ-L-05.json and {folder}/laptop-2/ben-05.json; none imported: "
        "compare them, keep one, raise its revision and import it again"
    )
    assert errors[2].startswith("kaizen: conflict: KZ-L-04: both are revision 3 but differ; ")
    assert errors[2].endswith(f"(from {folder}/laptop-0/KZ-L-04.json)")
    assert "Traceback" not in result.stderr

    events = {e["id"]: e for e in json.loads(kaizen("list", "--json").stdout)["events"]}
    assert len(events) == 23  # 24 less the conflicting KZ-L-05
    assert "KZ-L-05" not in events and "KZ-L-99" not in events
    assert (events["KZ-L-03"]["title"], events["KZ-L-03"]["revision"]) == ("Edited later", 4)
    assert events["KZ-L-02"]["revision"] == 3
    assert events["KZ-L-00"]["revision"] == 3
    assert events["KZ-L-04"]["title"] == "Edited in the LPO office"  # not overwritten
    assert len(list((data_dir / "conflicts").glob("KZ-L-04-r3-*.json"))) == 1

    again = kaizen("import", "--verbose", str(folder))
    assert "unchanged: KZ-L-06 (revision 3)" in again.stdout
    assert (
        f"older copy: KZ-L-02 revision 2 in {folder}/laptop-3/old-02.json "
        f"({folder}/laptop-2/KZ-L-02.json has revision 3)"
    ) in again.stdout
    assert "     22 unchanged" in again.stdout


def test_the_same_files_in_any_order_give_the_same_plan(tmp_path: Path) -> None:
    copies = [
        (tmp_path / "a.json", [Bundle(event=make_event(id="KZ-X", revision=3))]),
        (tmp_path / "b.json", [Bundle(event=make_event(id="KZ-X", revision=3, title="other"))]),
        (tmp_path / "c.json", [Bundle(event=make_event(id="KZ-X", revision=2))]),
        (tmp_path / "d.json", [Bundle(event=make_event(id="KZ-Y", revision=5))]),
        (tmp_path / "e.json", [Bundle(event=make_event(id="KZ-Y", revision=7))]),
    ]
    plans = []
    for order in itertools.permutations(copies):
        plan = plan_import(list(order))
        merged = sorted(
            (b.event.id, b.event.revision, str(path)) for path, bs in plan.files for b in bs
        )
        conflicts = sorted(
            (c.event_id, c.revision, sorted(map(str, c.paths))) for c in plan.conflicts
        )
        skipped = sorted((s.event_id, s.revision, s.reason) for s in plan.skipped)
        plans.append((merged, conflicts, skipped))
    assert all(p == plans[0] for p in plans)
    merged, conflicts, skipped = plans[0]
    assert merged == [("KZ-Y", 7, str(tmp_path / "e.json"))]
    assert conflicts == [("KZ-X", 3, [str(tmp_path / "a.json"), str(tmp_path / "b.json")])]
    assert skipped == [("KZ-X", 2, "older"), ("KZ-Y", 5, "older")]


def test_a_progress_bar_on_a_terminal(tmp_path: Path, data_dir: Path) -> None:
    folder = tmp_path / "laptops"
    for n in range(25):
        write(folder / f"KZ-T-{n:02d}.json", bundle(f"KZ-T-{n:02d}", 1))
    main, secondary = pty.openpty()
    env = {**os.environ, "KAIZEN_DATA": str(data_dir), "KAIZEN_TODAY": TODAY.isoformat()}
    env["COLUMNS"] = "100"
    process = subprocess.Popen(
        [sys.executable, "-m", "kaizen_tui", "import", str(folder)],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=env,
        close_fds=True,
    )
    os.close(secondary)
    seen = b""
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal is closed once the process exits
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait(timeout=60) == 0
    os.close(main)
    text = seen.decode("utf-8", "replace")
    assert "Reading 25 files" in text and "Merging 25 files" in text
    assert "100%" in text
    assert "25 added" in text
