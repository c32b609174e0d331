"""`kaizen a3` and `kaizen export --markdown` as a user runs them: a real subprocess, real files."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import CliRunner


@pytest.fixture
def demo(kaizen: CliRunner) -> CliRunner:
    assert kaizen("demo", "--no-open").returncode == 0
    return kaizen


def revision_of(kaizen: CliRunner, event_id: str) -> dict:
    bundle = json.loads(kaizen("export", event_id).stdout)["event"]
    return {"revision": bundle["revision"], "printed": bundle.get("a3_printed_revision")}


def test_a3_writes_a_one_page_pdf(demo: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    demo("config", "set", "link_base", "https://kaizen.example.org")
    result = demo("a3", "KZ-DEMO-SMED", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    assert result.stderr == ""  # link_base is set: nothing to warn about
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == 1
    assert "Die changeover on Press Line 3" in reader.pages[0].extract_text()


def test_default_name_records_the_print_and_a_reprint_changes_nothing(
    demo: CliRunner, tmp_path: Path
) -> None:
    before = revision_of(demo, "KZ-DEMO-INVOICE")
    assert before["printed"] is None
    first = demo("a3", "KZ-DEMO-INVOICE", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    name = f"KZ-DEMO-INVOICE-A3-r{before['revision']}.pdf"
    assert first.stdout.strip() == name
    assert (tmp_path / name).exists()
    # the page shows the revision as loaded; recording the print is one save on top of it
    after = revision_of(demo, "KZ-DEMO-INVOICE")
    assert after == {"revision": before["revision"] + 1, "printed": before["revision"]}
    text = PdfReader(tmp_path / name).pages[0].extract_text()
    assert f"Revision {before['revision']}" in text

    again = demo("a3", "KZ-DEMO-INVOICE", cwd=tmp_path)
    assert again.stdout.strip() == name
    assert revision_of(demo, "KZ-DEMO-INVOICE") == after


def test_a3_dir_setting_is_the_default_folder(demo: CliRunner, tmp_path: Path) -> None:
    assert demo("config", "set", "a3_dir", "A3s").returncode == 0
    result = demo("a3", "KZ-DEMO-SMED", cwd=tmp_path)  # the folder is created
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(Path("A3s") / "KZ-DEMO-SMED-A3-r1.pdf")
    assert (tmp_path / "A3s" / "KZ-DEMO-SMED-A3-r1.pdf").exists()
    elsewhere = tmp_path / "printed"
    assert demo("config", "set", "a3_dir", str(elsewhere)).returncode == 0
    again = demo("a3", "KZ-DEMO-DISCHARGE", cwd=tmp_path)
    assert again.stdout.strip() == str(elsewhere / "KZ-DEMO-DISCHARGE-A3-r1.pdf")


def test_unset_link_base_is_said_on_stderr(demo: CliRunner, tmp_path: Path) -> None:
    result = demo("a3", "KZ-DEMO-SMED", "-o", str(tmp_path / "a.pdf"))
    assert result.returncode == 0
    assert "link_base is not set" in result.stderr
    assert ":8765" in result.stderr
    assert "kaizen config set link_base" in result.stderr


@pytest.mark.parametrize("paper", ["tabloid", "A4", "letter"])
def test_other_papers(demo: CliRunner, tmp_path: Path, paper: str) -> None:
    out = tmp_path / f"{paper}.pdf"
    assert demo("a3", "KZ-DEMO-DISCHARGE", "--paper", paper, "-o", str(out)).returncode == 0
    box = PdfReader(out).pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape


def test_bad_paper_is_a_usage_error(demo: CliRunner) -> None:
    result = demo("a3", "KZ-DEMO-SMED", "--paper", "b5")
    assert result.returncode == 2
    assert "b5" in result.stderr


def test_unknown_event_is_one_line(demo: CliRunner, tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    result = demo("a3", "KZ-NOPE", cwd=here)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("kaizen: no event KZ-NOPE")
    assert list(here.iterdir()) == []


def test_unwritable_output_is_one_line(demo: CliRunner, tmp_path: Path) -> None:
    result = demo("a3", "KZ-DEMO-SMED", "-o", str(tmp_path / "no" / "such" / "dir.pdf"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot write" in result.stderr


@pytest.mark.skipif(shutil.which("lp") is not None, reason="a printer system is installed here")
def test_print_without_cups_says_so_and_keeps_the_pdf(demo: CliRunner, tmp_path: Path) -> None:
    result = demo("a3", "KZ-DEMO-SMED", "--print", cwd=tmp_path)
    assert result.returncode == 1
    assert "no `lp` command" in result.stderr
    assert list(tmp_path.glob("KZ-DEMO-SMED-A3-r*.pdf"))


def test_export_markdown(demo: CliRunner, tmp_path: Path) -> None:
    result = demo("export", "KZ-DEMO-SMED", "--markdown")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Die changeover on Press Line 3 (SMED)\n")
    for number, title in [
        ("1", "Background / problem"),
        ("2", "Current condition"),
        ("3", "Target"),
        ("4", "Root-cause analysis"),
        ("5", "Countermeasures"),
        ("6", "Action plan"),
        ("7", "Results"),
        ("8", "Follow-up"),
    ]:
        assert f"\n## {number} {title}\n" in text
    assert "Zofia Wiśniewska" in text and "佐藤 健" in text
    assert "| **A3** |" in text
    assert "OVERDUE" in text
    out = tmp_path / "smed.md"
    assert demo("export", "KZ-DEMO-SMED", "--markdown", "-o", str(out)).returncode == 0
    assert out.read_text("utf-8") == text
    # JSON stays the default
    assert json.loads(demo("export", "KZ-DEMO-SMED").stdout)["event"]["id"] == "KZ-DEMO-SMED"


def test_export_markdown_unknown_event(demo: CliRunner) -> None:
    result = demo("export", "KZ-NOPE", "--markdown")
    assert result.returncode == 1
    assert result.stderr.startswith("kaizen: no event KZ-NOPE")
