""" "Closest to certification" names the person with the least still to do (issue 13, defect 3):
the LPO sentence named someone at 0 of 2 while another person was at 1 of 2. The data here is
chosen so that the old order (fewest unmet rules, then most events) picks the wrong person."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader

from kaizen_tui.logic.certification import parse_levels
from kaizen_tui.logic.portfolio import PortfolioSettings, compute_portfolio
from kaizen_tui.model import Event, Person
from kaizen_tui.report.text import headline_certification
from kaizen_tui.store import Store

from .conftest import TODAY, CliRunner
from .indexes import index_of

LEVELS = ("Facilitator: facilitated>=2",)


def _events() -> list[Event]:
    # Bo led three events (3 events, facilitated 0 of 2); Ada facilitated one (1 of 2, 1 event)
    events = [
        Event(
            id=f"KZ-C-{n}",
            title=f"Event {n}",
            status="reported",
            start=date(2026, 9, n),
            end=date(2026, 9, n + 2),
            people=[Person(name="Bo Lind", role="team_leader")],
        )
        for n in (1, 8)
    ]
    events.append(
        Event(
            id="KZ-C-3",
            title="Event 3",
            status="reported",
            start=date(2026, 10, 5),
            end=date(2026, 10, 7),
            people=[
                Person(name="Bo Lind", role="team_leader"),
                Person(name="Ada Nowak", role="facilitator", from_line=False),
            ],
        )
    )
    return events


def _store(data_dir: Path) -> Store:
    store = Store(data_dir)
    for event in _events():
        store.create(event, today=TODAY)
    return store


def test_the_person_with_least_to_do_is_named(data_dir: Path) -> None:
    settings = PortfolioSettings(levels=parse_levels(LEVELS))
    portfolio = compute_portfolio(index_of(_events()), TODAY, settings)
    text = headline_certification(portfolio)
    assert text == (
        "Nobody meets a level yet; closest: Ada Nowak (Facilitator: facilitated 1 of 2)."
    )


def test_the_pdf_names_the_closest_person(
    data_dir: Path, kaizen: CliRunner, tmp_path: Path
) -> None:
    _store(data_dir)
    set_levels = kaizen("config", "set", "certification_levels", LEVELS[0])
    assert set_levels.returncode == 0, set_levels.stderr
    out = tmp_path / "report.pdf"
    done = kaizen("report", "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "closest: Ada Nowak" in text
    assert "closest: Bo Lind" not in text
