"""The LPO report and one person's evidence as file contents, by file suffix: one place for
``kaizen report -o FILE`` / ``--evidence NAME -o FILE`` and the portfolio screen, so that both
write the same bytes for the same figures."""

from __future__ import annotations

import json
from pathlib import Path

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.evidence import PersonEvidence
from kaizen_tui.logic.portfolio import Portfolio

REPORT_SUFFIXES = {".pdf": "pdf", ".md": "md", ".markdown": "md", ".json": "json"}
EVIDENCE_SUFFIXES = {".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json"}
PAPERS = ("a4", "letter")


def file_kind(output: Path, suffixes: dict[str, str], what: str) -> str:
    """``pdf``/``md``/``json``/``csv`` from the file's suffix; KaizenError for any other."""
    kind = suffixes.get(output.suffix.lower())
    if kind is None:
        allowed = ", ".join(sorted({s for s in suffixes if s != ".markdown"}))
        raise KaizenError(f"{output}: cannot tell the format; {what} is written as {allowed}")
    return kind


def report_content(p: Portfolio, kind: str, *, paper: str = "a4") -> str | bytes:
    """The report as the CLI writes it: PDF bytes, Markdown or JSON text."""
    if kind == "pdf":
        from kaizen_tui.report.pdf import portfolio_pdf

        return portfolio_pdf(p, paper=paper)
    if kind == "json":
        from kaizen_tui.jsonout import dumps
        from kaizen_tui.report.data import portfolio_json

        return dumps(portfolio_json(p)) + "\n"
    from kaizen_tui.report.markdown import portfolio_markdown

    return portfolio_markdown(p)


def evidence_content(person: PersonEvidence, p: Portfolio, kind: str) -> str:
    """One person's evidence log as Markdown, CSV (one row per event and role) or JSON."""
    if kind == "json":
        from kaizen_tui.report.data import person_json

        payload = {
            "today": p.today.isoformat(),
            "levels": [level.spec for level in p.settings.levels],
            **person_json(person),
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if kind == "csv":
        from kaizen_tui.report.evidence import evidence_csv

        return evidence_csv(person)
    from kaizen_tui.report.markdown import evidence_markdown

    return evidence_markdown(person, p)


def write_content(output: Path, content: str | bytes) -> None:
    from kaizen_tui.store.files import write_bytes_file, write_text_file

    if isinstance(content, bytes):
        write_bytes_file(output, content)
    else:
        write_text_file(output, content)


def write_report(p: Portfolio, output: Path, *, paper: str = "a4") -> str:
    """Write the report in the format the suffix names; returns that format."""
    kind = file_kind(output, REPORT_SUFFIXES, "the report")
    write_content(output, report_content(p, kind, paper=paper))
    return kind


def write_evidence(person: PersonEvidence, p: Portfolio, output: Path) -> str:
    kind = file_kind(output, EVIDENCE_SUFFIXES, "evidence")
    write_content(output, evidence_content(person, p, kind))
    return kind


def free_path(directory: Path, name: str) -> Path:
    """``directory/name``, or ``name-2``, ``-3`` … when taken: a suggested file name that never
    overwrites an earlier report (a name typed by the person overwrites, as the CLI does)."""
    path = directory / name
    stem, suffix = path.stem, path.suffix
    number = 2
    while path.exists():
        path = directory / f"{stem}-{number}{suffix}"
        number += 1
    return path


def output_problem(path: Path) -> str | None:
    """Why ``path`` cannot be written, said before any work is done; None when it can."""
    if path.is_dir():
        return f"{path} is a folder; give a file name"
    if not path.parent.is_dir():
        return f"the folder {path.parent} does not exist"
    return None
