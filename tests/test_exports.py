"""CSV and iCalendar exports, read back the way a spreadsheet or calendar would read them."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import icalendar

from kaizen_tui.demo import SMED_ID, demo_events
from kaizen_tui.exports import CSV_COLUMNS, actions_csv, csv_bytes, event_ics, event_uid
from kaizen_tui.logic.actions import urgency
from kaizen_tui.logic.metrics import format_number, latest_reading, target_met
from kaizen_tui.model import Action, Event, Metric, Reading, Review, Update

from .conftest import TODAY, CliRunner, make_event

LINK = "https://kaizen.example.org"


def smed() -> Event:
    return next(e for e in demo_events(TODAY) if e.id == SMED_ID)


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_one_row_per_action_with_the_right_values() -> None:
    event = smed()
    rows = read_csv(actions_csv(event, TODAY))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["action_id"] for r in rows] == [a.id for a in event.actions]
    for row, action in zip(rows, event.actions, strict=True):
        assert row["event_id"] == SMED_ID
        assert row["what"] == action.what
        assert row["owner"] == action.owner
        assert row["due"] == (action.due.isoformat() if action.due else "")
        assert row["status"] == action.status
        assert int(row["pdca"]) == action.pdca
        expected = {"overdue": "overdue", "due_soon": "due soon"}.get(urgency(action, TODAY), "")
        assert row["flag"] == expected, action.id
    a3 = next(r for r in rows if r["action_id"] == "A3")
    # the latest of two updates, not the first
    assert a3["last_update"] == "Steel for the last 7 not delivered; PO raised"
    assert a3["last_update_date"] == (TODAY - timedelta(days=5)).isoformat()
    assert sum(r["flag"] == "overdue" for r in rows) == 3


def test_csv_keeps_commas_quotes_newlines_and_unicode() -> None:
    text = 'Fix "the" jig, then\nretrain 佐藤 健 — ✓'
    event = make_event(actions=[Action(id="A1", what=text, owner="Zofia Wiśniewska")])
    [row] = read_csv(actions_csv(event, TODAY))
    assert row["what"] == text
    assert row["owner"] == "Zofia Wiśniewska"
    assert row["due"] == "" and row["flag"] == ""


def test_csv_cells_cannot_run_as_spreadsheet_formulas() -> None:
    event = make_event(
        actions=[
            Action(
                id="A1",
                what='=HYPERLINK("http://evil.example","x")',
                owner="@SUM(A1)",
                updates=[Update(date=TODAY, note="+1 from the team")],
            )
        ]
    )
    [row] = read_csv(actions_csv(event, TODAY))
    assert row["what"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["owner"] == "'@SUM(A1)"
    assert row["last_update"] == "'+1 from the team"


def test_csv_file_bytes_carry_a_bom_for_excel() -> None:
    data = csv_bytes(actions_csv(smed(), TODAY))
    assert data.startswith(b"\xef\xbb\xbf")
    assert read_csv(data.decode("utf-8-sig"))[0]["action_id"] == "A1"


def test_ics_has_every_review_and_every_open_dated_action() -> None:
    event = smed()
    cal = icalendar.Calendar.from_ical(event_ics(event, link_base=LINK))
    entries = {str(c["uid"]): c for c in cal.walk("VEVENT")}
    page = f"{LINK}/e/{event.share_token}"

    for review in event.reviews:
        entry = entries.pop(event_uid(event, f"review-{review.day}"))
        assert entry.decoded("dtstart") == review.due
        assert entry.decoded("dtend") == review.due + timedelta(days=1)
        assert str(entry["summary"]) == f"{review.day}-day review: {event.title}"
        assert str(entry["url"]) == page

    open_dated = [a for a in event.actions if a.status == "open" and a.due]
    assert len(open_dated) == 10
    for action in open_dated:
        entry = entries.pop(event_uid(event, f"action-{action.id}"))
        assert entry.decoded("dtstart") == action.due
        assert type(entry.decoded("dtstart")) is date  # all-day, not a time
        assert action.what in str(entry["summary"]) and action.owner in str(entry["summary"])
        assert page in str(entry["description"])
    assert entries == {}  # nothing for done, dropped or undated actions


def test_ics_is_stable_for_an_unchanged_event_and_uids_survive_a_change() -> None:
    event = smed()
    first = event_ics(event, link_base=LINK)
    assert event_ics(event, link_base=LINK) == first
    changed = event.model_copy(deep=True)
    changed.actions[2].due = date(2027, 1, 15)
    changed.revision += 1
    cal = icalendar.Calendar.from_ical(event_ics(changed, link_base=LINK))
    entry = next(c for c in cal.walk("VEVENT") if str(c["uid"]) == event_uid(event, "action-A3"))
    assert entry.decoded("dtstart") == date(2027, 1, 15)
    assert entry.decoded("sequence") == changed.revision  # calendars take the newer version


def test_ics_of_a_held_review_says_the_verdict() -> None:
    event = make_event(
        start=date(2026, 9, 28),
        end=date(2026, 10, 1),
        report_out=date(2026, 10, 1),
        reviews=[
            Review(day=30, due=date(2026, 10, 31), held_on=date(2026, 11, 2), verdict="lost"),
            Review(day=60),  # due from report_out
        ],
    )
    cal = icalendar.Calendar.from_ical(event_ics(event, link_base=LINK))
    by_uid = {str(c["uid"]): c for c in cal.walk("VEVENT")}
    held = by_uid[event_uid(event, "review-30")]
    assert "Held on 2026-11-02: lost" in str(held["description"])
    assert by_uid[event_uid(event, "review-60")].decoded("dtstart") == date(2026, 11, 30)


def test_uids_do_not_give_away_the_share_token() -> None:
    event = smed()
    assert event.share_token not in event_uid(event, "review-30")


def test_metric_helpers() -> None:
    metric = Metric(
        id="M1",
        name="Changeover",
        direction="lower",
        baseline=94,
        target=30,
        readings=[
            Reading(date=date(2026, 11, 20), value=29.5),
            Reading(date=date(2026, 11, 1), value=60),
        ],
    )
    latest = latest_reading(metric)
    assert latest is not None and latest.value == 29.5
    assert target_met(metric, 29.5) is True and target_met(metric, 31) is False
    up = Metric(id="M2", name="Yield", direction="higher", baseline=80, target=95)
    assert latest_reading(up) is None
    assert target_met(up, 96) is True and target_met(up, 90) is False
    assert target_met(Metric(id="M3", name="x"), 1) is None
    assert [format_number(v) for v in (94.0, 4.4, 2400.0, 1234567.0, 0.125, None)] == [
        "94",
        "4.4",
        "2400",
        "1234567",
        "0.125",
        "–",
    ]


def test_cli_export_csv_and_ics(kaizen: CliRunner, tmp_path: Path) -> None:
    assert kaizen("demo", "--no-open").returncode == 0
    out = kaizen("export", SMED_ID, "--csv")
    assert out.returncode == 0, out.stderr
    rows = read_csv(out.stdout)
    assert len(rows) == 16 and sum(r["flag"] == "overdue" for r in rows) == 3

    assert kaizen("export", SMED_ID, "--csv", "-o", str(tmp_path / "a.csv")).returncode == 0
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")

    assert kaizen("config", "set", "link_base", LINK).returncode == 0
    ics = kaizen("export", SMED_ID, "--ics", "-o", str(tmp_path / "a.ics"))
    assert ics.returncode == 0 and ics.stdout.strip() == str(tmp_path / "a.ics")
    cal = icalendar.Calendar.from_ical((tmp_path / "a.ics").read_bytes())
    assert len(cal.walk("VEVENT")) == 13
    assert all(str(c["url"]).startswith(LINK + "/e/") for c in cal.walk("VEVENT"))

    both = kaizen("export", SMED_ID, "--csv", "--ics")
    assert both.returncode == 1 and both.stderr == "kaizen: choose one of --csv and --ics\n"
    missing = kaizen("export", "KZ-NOPE", "--ics")
    assert missing.returncode == 1 and "no event KZ-NOPE" in missing.stderr
