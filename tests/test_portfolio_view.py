"""The portfolio screen's choices as plain functions (logic/portfolio_view.py) and the export files
(report/files.py), on the hand-made portfolio of tests/portfolio_data.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.listing import iter_summaries
from kaizen_tui.logic.portfolio import compute_portfolio
from kaizen_tui.logic.portfolio_view import (
    FilterChoice,
    adoption_targets,
    area_quarter_grid,
    areas_for,
    evidence_file_name,
    find_targets,
    report_file_name,
    share_bar,
    slug,
    trend_word,
)
from kaizen_tui.logic.queries import Execute
from kaizen_tui.logic.summary import EventSummary
from kaizen_tui.logic.yokoten import yokoten_register
from kaizen_tui.report.files import (
    EVIDENCE_SUFFIXES,
    REPORT_SUFFIXES,
    file_kind,
    free_path,
    output_problem,
)

from .indexes import index_of
from .portfolio_data import TODAY, portfolio_events


def summaries() -> Execute:
    """The hand-made portfolio's cross-event index."""
    return index_of(portfolio_events())


def listed() -> list[EventSummary]:
    """Its events as lists show them (what adoption targets are chosen from)."""
    return list(iter_summaries(summaries(), TODAY))


def test_filter_choice_reads_quarters_and_dates() -> None:
    flt = FilterChoice(site="Leeds", start_from="2026-Q3", start_to="2026-q3").to_filter()
    assert flt.sites == ("Leeds",) and flt.areas == ()
    assert (flt.start_from, flt.start_to) == (date(2026, 7, 1), date(2026, 9, 30))
    exact = FilterChoice(start_from="2026-08-01").to_filter()
    assert (exact.start_from, exact.start_to) == (date(2026, 8, 1), None)
    assert FilterChoice().to_filter().is_empty


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        (FilterChoice(start_from="2026-Q4", start_to="2026-Q3"), "ends .* before it starts"),
        (FilterChoice(start_from="last week"), "is not a date"),
        (FilterChoice(start_to="2026-Q5"), "is not a date"),
    ],
)
def test_filter_choice_refuses_what_cannot_be_a_range(choice: FilterChoice, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        choice.to_filter()


def test_areas_follow_the_chosen_site_and_unit() -> None:
    s = summaries()
    assert areas_for(s) == ("Paint Shop", "Pharmacy", "Press Shop", "Ward 7B", "Welding")
    assert areas_for(s, site="leeds") == ("Pharmacy", "Ward 7B")
    assert areas_for(s, unit="Automotive") == ("Paint Shop", "Press Shop", "Welding")
    assert areas_for(s, site="Leeds", unit="Automotive") == ()


def test_adoption_targets_put_the_receiving_area_first() -> None:
    s = summaries()
    shadow_board = next(i for i in yokoten_register(s) if i.ref == "KZ-P-01#1")  # to Welding
    targets = adoption_targets(listed(), shadow_board)
    ids = [t.id for t in targets]
    assert ids[0] == "KZ-P-02" and targets[0].in_area  # the Welding event
    assert "KZ-P-01" not in ids  # not into the event proposing it
    assert "KZ-P-07" not in ids  # nor into an abandoned one
    # the rest: open events newest first, the closed ones last, the undated live one before them
    assert ids[1:] == ["KZ-P-06", "KZ-P-05", "KZ-P-03", "KZ-P-08", "KZ-P-04"]
    assert not any(t.in_area for t in targets[1:])


def test_adoption_targets_match_an_area_named_inside_another() -> None:
    s = summaries()
    criteria = next(i for i in yokoten_register(s) if i.ref == "KZ-P-05#1")  # to Ward 8A
    assert not any(t.in_area for t in adoption_targets(listed(), criteria))
    from dataclasses import replace

    to_ward = replace(criteria, to_area="ward 7b (28 beds)")
    targets = adoption_targets(listed(), to_ward)
    assert [t.id for t in targets if t.in_area] == ["KZ-P-04"]  # KZ-P-05 proposes it


def test_finding_a_target_event_by_what_is_typed() -> None:
    s = summaries()
    shadow_board = next(i for i in yokoten_register(s) if i.ref == "KZ-P-01#1")
    targets = adoption_targets(listed(), shadow_board)
    assert [t.id for t in find_targets(targets, "")] == [t.id for t in targets]
    assert [t.id for t in find_targets(targets, "ward 7b")] == ["KZ-P-05", "KZ-P-04"]
    # the phrase "p-0" is in every id; "ward leeds" is no phrase, but both words are there
    assert len(find_targets(targets, "P-0")) == len(targets)
    assert [t.id for t in find_targets(targets, "leeds  WARD")] == ["KZ-P-05", "KZ-P-04"]
    assert [t.id for t in find_targets(targets, "following up")] == ["KZ-P-02", "KZ-P-03"]
    assert find_targets(targets, "nowhere") == []


def test_area_quarter_grid_folds_older_quarters() -> None:
    p = compute_portfolio(summaries(), TODAY)
    grid = area_quarter_grid(p.by_area_quarter, 2)
    assert grid.columns == ("earlier", "2026-Q3", "2026-Q4", "undated")
    rows = {area: (counts, total) for area, counts, total in grid.rows}
    assert rows["Press Shop"] == ((1, 1, 0, 0), 2)
    assert rows["(no area)"] == ((0, 0, 0, 1), 1)
    assert [area for area, _, _ in grid.rows][:2] == ["Press Shop", "Ward 7B"]  # most first
    assert grid.totals == (2, 3, 2, 1) and grid.total == 8
    wide = area_quarter_grid(p.by_area_quarter, 10)
    assert wide.columns == ("2026-Q2", "2026-Q3", "2026-Q4", "undated")


def test_bars_and_trends() -> None:
    assert share_bar(0.6) == "██████░░░░"
    assert share_bar(1.3, 4) == "████"
    assert share_bar(-0.2, 4) == "░░░░"
    assert share_bar(None) == ""
    assert trend_word(1.0, 0.5) == "up"
    assert trend_word(0.4, 0.5) == "down"
    assert trend_word(0.5, 0.5) == "same"
    assert trend_word(None, 0.5) == ""


def test_export_names_are_safe_file_names() -> None:
    assert slug("Anna Lewandowska") == "anna-lewandowska"
    assert slug("Zofia Wiśniewska / QA") == "zofia-wiśniewska-qa"
    assert slug("../..") == "unnamed"
    assert report_file_name(TODAY) == "kaizen-report-2026-11-25.pdf"
    assert report_file_name(TODAY, ".md", ["Leeds", "Ward 7B"]) == (
        "kaizen-report-leeds-ward-7b-2026-11-25.md"
    )
    assert evidence_file_name("Grace Okafor", TODAY, ".csv") == (
        "evidence-grace-okafor-2026-11-25.csv"
    )


def test_export_files_never_overwrite_a_suggested_name(tmp_path: Path) -> None:
    assert free_path(tmp_path, "r.pdf") == tmp_path / "r.pdf"
    (tmp_path / "r.pdf").write_bytes(b"old")
    (tmp_path / "r-2.pdf").write_bytes(b"old")
    assert free_path(tmp_path, "r.pdf") == tmp_path / "r-3.pdf"
    assert output_problem(tmp_path / "r.pdf") is None
    assert "does not exist" in (output_problem(tmp_path / "nope" / "r.pdf") or "")
    assert "is a folder" in (output_problem(tmp_path) or "")
    assert file_kind(Path("x.PDF"), REPORT_SUFFIXES, "the report") == "pdf"
    assert file_kind(Path("x.markdown"), EVIDENCE_SUFFIXES, "evidence") == "md"
    with pytest.raises(KaizenError, match=r"evidence is written as \.csv, \.json, \.md"):
        file_kind(Path("x.pdf"), EVIDENCE_SUFFIXES, "evidence")
