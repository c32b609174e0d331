"""Print the leadership report and export a person's evidence from the portfolio screen: ask where,
then write in a thread the same file ``kaizen report -o FILE`` (or ``--evidence NAME -o FILE``)
writes for the same filter, and say where it went.

Files go to the folder the app was started from unless another is typed, as with the CLI; the
suggested name never overwrites an earlier file.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.portfolio import compute_portfolio
from kaizen_tui.logic.portfolio_view import evidence_file_name, report_file_name
from kaizen_tui.report.files import (
    EVIDENCE_SUFFIXES,
    REPORT_SUFFIXES,
    file_kind,
    free_path,
    output_problem,
    write_evidence,
    write_report,
)
from kaizen_tui.widgets.form import Field, FormScreen

if TYPE_CHECKING:
    from kaizen_tui.logic.evidence import PersonEvidence
    from kaizen_tui.logic.portfolio import Portfolio
    from kaizen_tui.logic.queries import Execute
    from kaizen_tui.screens.portfolio.screen import PortfolioScreen


def _path(text: str) -> Path:
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else Path.cwd() / path


def _check(text: str, suffixes: dict[str, str], what: str) -> str | None:
    path = _path(text)
    try:
        file_kind(path, suffixes, what)
    except KaizenError as err:
        return str(err)
    return output_problem(path)


def ask_report_file(screen: PortfolioScreen, p: Portfolio) -> None:
    flt = p.filter
    named = [*flt.sites, *flt.business_units, *flt.areas]
    default = free_path(Path.cwd(), report_file_name(p.today, ".pdf", named))
    fields = [
        Field(
            "file",
            "File",
            value=str(default),
            required=True,
            help=".pdf for the leadership meeting, .md for a wiki, .json for other tools",
        ),
        Field(
            "paper",
            "Paper (PDF)",
            kind="choice",
            options=[("A4", "a4"), ("Letter", "letter")],
            value="a4",
        ),
    ]

    def submit(values: dict[str, Any]) -> str | None:
        return _check(values["file"], REPORT_SUFFIXES, "the report")

    def chosen(values: dict[str, Any] | None) -> None:
        if values is None:
            return
        path = _path(values["file"])
        screen.notify(
            f"{len(p.events)} events, {flt.describe()} → {path.name}",
            title="Printing the report…",
            timeout=5,
        )
        db = screen.kaizen.store.db(sync=False)
        screen.write_file("Report", partial(_write_report, db, p, path, values["paper"]), path)

    screen.app.push_screen(
        FormScreen(
            "Print the leadership report",
            fields,
            today=p.today,
            submit=submit,
            save_label="Print",
            intro=f"The figures on screen ({flt.describe()}, {len(p.events)} events), "
            "as `kaizen report -o FILE` writes them.",
        ),
        chosen,
    )


def _write_report(db: Execute, p: Portfolio, path: Path, paper: str) -> str:
    """The report of the screen's filter, its overdue actions listed (the screen reads them a
    page at a time): figures the screen's, unless an event was saved since."""
    listed = compute_portfolio(db, p.today, p.settings, p.filter)
    return write_report(listed, path, paper=paper)


def ask_evidence_file(screen: PortfolioScreen, p: Portfolio, person: PersonEvidence) -> None:
    default = free_path(Path.cwd(), evidence_file_name(person.name, p.today, ".md"))
    fields = [
        Field(
            "file",
            "File",
            value=str(default),
            required=True,
            help=".md to read or print, .csv for a spreadsheet, .json for other tools",
        )
    ]

    def submit(values: dict[str, Any]) -> str | None:
        return _check(values["file"], EVIDENCE_SUFFIXES, "evidence")

    def chosen(values: dict[str, Any] | None) -> None:
        if values is None:
            return
        path = _path(values["file"])
        screen.write_file(
            f"Evidence of {person.name}", partial(write_evidence, person, p, path), path
        )

    level = person.standing.level or "no level yet"
    scope = "" if p.filter.is_empty else f" with this filter ({p.filter.describe()})"
    screen.app.push_screen(
        FormScreen(
            f"Export the evidence of {person.name}",
            fields,
            today=p.today,
            submit=submit,
            save_label="Export",
            intro=f"{len(person.entries)} events · {level} · for a certification panel: the file "
            f'`kaizen report --evidence "{person.name}" -o FILE` writes{scope}.',
        ),
        chosen,
    )
