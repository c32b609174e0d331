"""`kaizen followups`, `gate`, `status` and `review` as a user runs them: a subprocess on a
hand-made data set with known dates (today is pinned to 2026-11-25 by the fixture)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kaizen_tui.model import Action, Bundle, Event, Metric, Person, Reading, Review

from .conftest import TODAY, CliRunner, make_event

assert date(2026, 11, 25) == TODAY  # the dates below are counted from it; due soon = by 12-02

D = date


def _people(facilitator: str | None, leader: str) -> list[Person]:
    people = [Person(name=leader, role="team_leader"), Person(name="Zofia", role="process_owner")]
    if facilitator:
        people.append(Person(name=facilitator, role="facilitator", from_line=False))
    return people


def portfolio() -> list[Event]:
    """Six events whose follow-ups are written out in EXPECTED below."""
    press = make_event(
        id="KZ-F-1",
        title="Press 7 changeover",
        status="following_up",
        start=D(2026, 9, 28),
        end=D(2026, 10, 1),
        report_out=D(2026, 10, 1),
        people=_people("Anna Lewandowska", "Tomasz Nowak"),
        reviews=[
            Review(day=30, due=D(2026, 10, 31), held_on=D(2026, 11, 2), verdict="sustained"),
            Review(day=60, due=D(2026, 11, 30)),  # due soon
            Review(day=90, due=D(2026, 12, 30)),  # later
        ],
        actions=[
            Action(id="A1", what="Shadow board", owner="Tomasz Nowak", due=D(2026, 11, 20)),
            Action(id="A2", what="Die cart", owner="Bo", due=D(2026, 12, 2)),  # 7 days: soon
            Action(id="A3", what="Quick clamps", owner="Bo", due=D(2026, 12, 3)),  # 8: later
            Action(id="A4", what="Done", owner="Bo", due=D(2026, 11, 1), status="done"),
            Action(id="A5", what="Nobody's", owner="", due=D(2026, 11, 24)),
            Action(id="A6", what="Undated", owner="Anna Lewandowska"),
            Action(id="A7", what="Due today", owner="Anna Lewandowska", due=TODAY),
            Action(id="A8", what="Dropped", owner="Bo", due=D(2026, 11, 1), status="dropped"),
        ],
    )
    ward = make_event(
        id="KZ-F-2",
        title="Ward discharge",
        status="reported",
        start=D(2026, 10, 16),
        end=D(2026, 10, 20),
        report_out=D(2026, 10, 20),
        people=_people(None, "Chen Wei"),  # no facilitator: the team leader calls the review
        reviews=[Review(day=30, due=D(2026, 11, 19)), Review(day=60, due=D(2026, 12, 19))],
        actions=[Action(id="A1", what="Pharmacy slot", owner="Anna Lewandowska", due=TODAY)],
    )
    overdue = [Action(id="A1", what="Old", owner="Bo", due=D(2026, 11, 1))]
    stale_review = [Review(day=30, due=D(2026, 11, 1))]
    closed = make_event(
        id="KZ-F-3", title="Closed", status="closed", actions=overdue, reviews=stale_review
    )
    abandoned = make_event(
        id="KZ-F-4", title="Abandoned", status="abandoned", actions=overdue, reviews=stale_review
    )
    planned = make_event(
        id="KZ-F-5",
        title="Invoice approval",
        status="planned",
        start=D(2026, 12, 7),
        end=D(2026, 12, 11),
        actions=[Action(id="A1", what="Pre-work data pull", owner="Bo", due=D(2026, 11, 23))],
    )
    live = make_event(
        id="KZ-F-6",
        title="Paint shop",
        status="live",
        reviews=[Review(day=30, due=D(2026, 11, 20))],  # reviews start after the gate
        actions=[Action(id="A1", what="Mask rack", owner="Chen Wei", due=D(2026, 12, 1))],
    )
    return [press, ward, closed, abandoned, planned, live]


def item(
    kind: str,
    event_id: str,
    title: str,
    what: str,
    due: str,
    days: int,
    *,
    action_id: str | None = None,
    day: int | None = None,
    pdca: int | None = None,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "event_id": event_id,
        "event_title": title,
        "action_id": action_id,
        "day": day,
        "what": what,
        "due": due,
        "days": days,
        "urgency": "overdue" if days < 0 else "due_soon",
        "pdca": pdca,
    }


def action(
    event_id: str, title: str, action_id: str, what: str, due: str, days: int
) -> dict[str, Any]:
    return item("action", event_id, title, what, due, days, action_id=action_id, pdca=0)


def review(event_id: str, title: str, day: int, due: str, days: int) -> dict[str, Any]:
    return item("review", event_id, title, f"{day}-day review", due, days, day=day)


EXPECTED = {
    "today": "2026-11-25",
    "within_days": 7,
    "counts": {
        "reviews_overdue": 1,
        "reviews_due_soon": 1,
        "actions_overdue": 3,
        "actions_due_soon": 4,
    },
    "owners": [
        {
            "owner": "",
            "overdue": 1,
            "due_soon": 0,
            "items": [action("KZ-F-1", "Press 7 changeover", "A5", "Nobody's", "2026-11-24", -1)],
        },
        {
            "owner": "Anna Lewandowska",
            "overdue": 0,
            "due_soon": 3,
            "items": [
                action("KZ-F-1", "Press 7 changeover", "A7", "Due today", "2026-11-25", 0),
                action("KZ-F-2", "Ward discharge", "A1", "Pharmacy slot", "2026-11-25", 0),
                review("KZ-F-1", "Press 7 changeover", 60, "2026-11-30", 5),
            ],
        },
        {
            "owner": "Bo",
            "overdue": 1,
            "due_soon": 1,
            "items": [
                action("KZ-F-5", "Invoice approval", "A1", "Pre-work data pull", "2026-11-23", -2),
                action("KZ-F-1", "Press 7 changeover", "A2", "Die cart", "2026-12-02", 7),
            ],
        },
        {
            "owner": "Chen Wei",
            "overdue": 1,
            "due_soon": 1,
            "items": [
                review("KZ-F-2", "Ward discharge", 30, "2026-11-19", -6),
                action("KZ-F-6", "Paint shop", "A1", "Mask rack", "2026-12-01", 6),
            ],
        },
        {
            "owner": "Tomasz Nowak",
            "overdue": 1,
            "due_soon": 0,
            "items": [
                action("KZ-F-1", "Press 7 changeover", "A1", "Shadow board", "2026-11-20", -5)
            ],
        },
    ],
}


def import_events(kaizen: CliRunner, folder: Path, events: list[Event]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for event in events:
        data = Bundle(event=event).to_json_dict()
        (folder / f"{event.id}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = kaizen("import", str(folder))
    assert result.returncode == 0, result.stderr


@pytest.fixture
def seeded(kaizen: CliRunner, tmp_path: Path) -> CliRunner:
    import_events(kaizen, tmp_path / "bundles", portfolio())
    return kaizen


def test_followups_json_is_exactly_the_expected_items(seeded: CliRunner) -> None:
    result = seeded("followups", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED


def test_followups_for_people(seeded: CliRunner) -> None:
    result = seeded("followups")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Overdue, or due by 2026-12-02 (today is 2026-11-25):"
    headers = [line for line in lines if line and not line.startswith(" ")][1:]
    assert headers == [
        "(no owner) · 1 overdue",
        "Anna Lewandowska · 3 due soon",
        "Bo · 1 overdue, 1 due soon",
        "Chen Wei · 1 overdue, 1 due soon",
        "Tomasz Nowak · 1 overdue",
    ]
    rows = [line.split() for line in lines if line.startswith("  ")]
    assert rows[0] == ["2026-11-24", "1", "day", "overdue", "KZ-F-1", "A5", "·", "Nobody's"]
    assert ["2026-11-25", "today", "KZ-F-2", "A1", "·", "Pharmacy", "slot"] in rows
    assert ["2026-11-19", "6", "days", "overdue", "KZ-F-2", "30-day", "review", "·", "Ward",
            "discharge"] in rows  # fmt: skip
    assert ["2026-12-01", "in", "6", "days", "KZ-F-6", "A1", "·", "Mask", "rack"] in rows
    assert len(rows) == 9


def test_an_item_a_year_overdue_says_so_whole(kaizen: CliRunner, tmp_path: Path) -> None:
    old = make_event(
        id="KZ-OLD",
        status="live",
        actions=[
            Action(id="A1", what="Ancient", owner="Bo", due=D(2025, 12, 10)),
            Action(id="A2", what="Recent", owner="Bo", due=D(2026, 11, 24)),
        ],
    )
    import_events(kaizen, tmp_path / "bundles", [old])
    lines = kaizen("followups").stdout.splitlines()
    assert "  2025-12-10  350 days overdue  KZ-OLD  A1 · Ancient" in lines
    assert "  2026-11-24  1 day overdue     KZ-OLD  A2 · Recent" in lines  # one column


def test_followups_window_and_empty(seeded: CliRunner, kaizen: CliRunner, tmp_path: Path) -> None:
    narrow = json.loads(seeded("followups", "--json", "--within", "0").stdout)
    assert narrow["within_days"] == 0
    assert narrow["counts"] == {
        "reviews_overdue": 1,
        "reviews_due_soon": 0,
        "actions_overdue": 3,
        "actions_due_soon": 2,  # due today
    }
    empty = kaizen("--data", str(tmp_path / "empty"), "followups")
    assert empty.returncode == 0
    assert empty.stdout.strip() == (
        "Nothing needs attention: no review or action is overdue or due by 2026-12-02."
    )
    nothing = json.loads(kaizen("--data", str(tmp_path / "empty"), "followups", "--json").stdout)
    assert nothing["owners"] == []


# --- the whole follow-up path on the command line -------------------------------------------------


def event_at_report_out() -> Event:
    """Live, everything in order except the A3 print; revision 5 on import."""
    return make_event(
        id="KZ-GATE",
        status="planned",
        revision=5,
        start=D(2026, 11, 23),
        end=D(2026, 11, 25),
        people=_people("Anna Lewandowska", "Tomasz Nowak"),
        metrics=[
            Metric(
                id="M1",
                name="Changeover",
                unit="min",
                baseline=95,
                target=30,
                readings=[Reading(date=D(2026, 11, 24), value=44, note="after")],
            ),
            Metric(
                id="M2",
                name="Yield",
                unit="%",
                direction="higher",
                baseline=80,
                target=95,
                readings=[Reading(date=D(2026, 11, 24), value=90, note="after")],
            ),
        ],
        review_days=[30, 60, 90],
    )


def test_from_planned_to_closed(kaizen: CliRunner, tmp_path: Path) -> None:
    import_events(kaizen, tmp_path / "b", [event_at_report_out()])

    early = kaizen("gate", "KZ-GATE")
    assert early.returncode == 1
    assert early.stderr == (
        "kaizen: KZ-GATE is planned: start it first (move it to live): kaizen status KZ-GATE live\n"
    )
    assert kaizen("status", "KZ-GATE", "live").stdout == "KZ-GATE: planned → live\n"

    refused = kaizen("status", "KZ-GATE", "reported")
    assert refused.returncode == 1
    assert refused.stderr == (
        "kaizen: an event is reported by passing the close-out gate, which also schedules the "
        "reviews: kaizen gate KZ-GATE\n"
    )

    check = kaizen("gate", "KZ-GATE", "--check")
    assert check.returncode == 1
    assert "  ✓ actions  Every open action has an owner and a due date" in check.stdout
    assert (
        "  ✗ a3       The A3 is printed at the current revision: the A3 has not been printed "
        in (check.stdout)
    )
    assert check.stderr == "kaizen: the gate would not pass: the A3 has not been printed yet\n"

    blocked = kaizen("gate", "KZ-GATE")
    assert blocked.returncode == 1
    assert blocked.stderr == (
        "kaizen: the close-out gate is not passed: the A3 has not been printed yet (fix it, or "
        "override a3 with a reason)\n"
    )
    assert _event(kaizen)["status"] == "live"  # nothing changed

    passed = kaizen("gate", "KZ-GATE", "--override", "a3=printer jammed; printing Monday")
    assert passed.returncode == 0, passed.stderr
    assert "  ~ a3 " in passed.stdout
    assert "overridden: printer jammed; printing Monday" in passed.stdout
    assert passed.stdout.splitlines()[-1] == (
        "KZ-GATE is reported (report-out 2026-11-25). Reviews: 30-day 2026-12-25, "
        "60-day 2027-01-24, 90-day 2027-02-23."
    )
    event = _event(kaizen)
    assert event["closeout"]["overrides"] == [
        {
            "rule": "a3",
            "reason": "printer jammed; printing Monday",
            "by": "",
            "date": "2026-11-25",
            "finding": "the A3 has not been printed yet",
        }
    ]
    assert [(r["day"], r["due"]) for r in event["reviews"]] == [
        (30, "2026-12-25"),
        (60, "2027-01-24"),
        (90, "2027-02-23"),
    ]

    # the 30-day review, held on the day it fell due
    on_day_30 = {"KAIZEN_TODAY": "2026-12-25"}
    held = kaizen(
        "review", "KZ-GATE", "30",
        "--reading", "M1=40", "--reading", "M2=93",
        "--action", "A1=done",
        "--action", "A2=dropped:supplier changed",
        "--action", "A3=pdca:2", "--action", "A3=due:2027-01-15",
        "--notes", "Held at the press",
        env=on_day_30,
    )  # fmt: skip
    assert held.returncode == 0, held.stderr
    assert held.stdout.splitlines()[0] == (
        "KZ-GATE: 30-day review held on 2026-12-25, verdict sustained (suggested sustained)"
    )
    event = _event(kaizen)
    assert event["status"] == "following_up"
    assert event["reviews"][0]["readings"] == {"M1": 40.0, "M2": 93.0}
    actions = {a["id"]: a for a in event["actions"]}
    assert (actions["A1"]["status"], actions["A1"]["done_on"]) == ("done", "2026-12-25")
    assert actions["A2"]["updates"][-1] == {
        "date": "2026-12-25",
        "note": "30-day review: dropped: supplier changed",
    }
    assert (actions["A3"]["pdca"], actions["A3"]["due"]) == (2, "2027-01-15")

    # closing too early says what is missing
    early_close = kaizen("status", "KZ-GATE", "closed", env=on_day_30)
    assert early_close.returncode == 1
    assert early_close.stderr == "kaizen: the 90-day review is not held yet (due 2027-02-23)\n"

    # the 90-day review: sustained, and the last open action done → it can be closed
    day_90 = {"KAIZEN_TODAY": "2027-02-23"}
    final = kaizen(
        "review", "KZ-GATE", "90", "--reading", "M1=31", "--reading", "M2=96",
        "--action", "A3=done", env=day_90,
    )  # fmt: skip
    assert final.returncode == 0, final.stderr
    assert final.stdout.splitlines()[-1] == "KZ-GATE can be closed: kaizen status KZ-GATE closed"
    closed = kaizen("status", "KZ-GATE", "closed", env=day_90)
    assert closed.stdout == "KZ-GATE: following up → closed\n"
    assert [(c["from"], c["to"]) for c in _event(kaizen)["status_history"]] == [
        ("planned", "live"),
        ("live", "reported"),
        ("reported", "following_up"),
        ("following_up", "closed"),
    ]


def test_status_moves_that_need_a_reason(kaizen: CliRunner, tmp_path: Path) -> None:
    import_events(kaizen, tmp_path / "b", [make_event(id="KZ-S")])
    no_reason = kaizen("status", "KZ-S", "abandoned")
    assert no_reason.returncode == 1
    assert no_reason.stderr == "kaizen: abandoning needs a reason (--reason TEXT)\n"
    gone = kaizen("status", "KZ-S", "abandoned", "--reason", "line closed")
    assert gone.returncode == 0
    shown = kaizen("status", "KZ-S").stdout
    assert shown == (
        "KZ-S is abandoned\n  reason: line closed\n  → live: possible, with --reason\n"
    )
    bad = kaizen("status", "KZ-S", "finished")
    assert bad.returncode == 1
    assert "'finished' is not a status" in bad.stderr


def test_a_printed_a3_passes_the_gate(kaizen: CliRunner, tmp_path: Path) -> None:
    # printed at revision 4; recording the print was the save to revision 5
    event = event_at_report_out().model_copy(update={"status": "live", "a3_printed_revision": 4})
    import_events(kaizen, tmp_path / "b", [event])
    check = kaizen("gate", "KZ-GATE", "--check")
    assert check.returncode == 0, check.stderr
    assert "  ✓ a3       The A3 is printed at the current revision: printed at revision 4" in (
        check.stdout
    )
    assert check.stdout.splitlines()[-1] == "The gate would pass."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--action", "A1"), "--action 'A1': write it as ID=CHANGE, e.g. A4=done or "
         "A6=due:2027-01-15"),
        (("--action", "A1=finished"), "--action 'A1=finished': the change is done, open, "
         "dropped:REASON, due:DATE, pdca:0-4 or note:TEXT"),
        (("--action", "A1=pdca:7"), "--action 'A1=pdca:7': PDCA is a step from 0 to 4"),
        (("--reading", "M1=fast"), "--reading M1: 'fast' is not a number"),
        (("--reading", "M1=1,200"), "--reading M1: '1,200' is ambiguous: write 1200 or 1.2"),
        (("--reading", "M1="), "--reading M1=: give the reading, e.g. M1=1200.5"),
        (("--held-on", "someday"), "--held-on: 'someday' is not a date; write it as YYYY-MM-DD; "
         "or +7, -7, d4, tomorrow, fri, last fri"),
    ],
)  # fmt: skip
def test_review_input_errors_are_one_line(
    kaizen: CliRunner, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    import_events(kaizen, tmp_path / "b", [make_event(id="KZ-R", status="reported")])
    result = kaizen("review", "KZ-R", "30", *args)
    assert result.returncode == 1
    assert result.stderr == f"kaizen: {message}\n"


def _event(kaizen: CliRunner) -> dict:
    return json.loads(kaizen("export", "KZ-GATE").stdout)["event"]


def test_review_without_readings_or_verdict_says_how(kaizen: CliRunner, tmp_path: Path) -> None:
    event = make_event(
        id="KZ-R",
        status="reported",
        report_out=TODAY,
        reviews=[Review(day=30, due=D(2026, 12, 25))],
    )
    import_events(kaizen, tmp_path / "b", [event])
    result = kaizen("review", "KZ-R", "30", env={"KAIZEN_TODAY": "2026-12-26"})
    assert result.returncode == 1
    assert result.stderr == (
        "kaizen: no verdict to suggest (no reading yet for M1): give the readings with --reading "
        "METRIC=VALUE, or choose with --verdict sustained|slipping|lost\n"
    )
    chosen = kaizen(
        "review", "KZ-R", "30", "--verdict", "slipping", "--notes", "data not ready",
        env={"KAIZEN_TODAY": "2026-12-26"},
    )  # fmt: skip
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.splitlines() == [
        "KZ-R: 30-day review held on 2026-12-26, verdict slipping (suggested none)",
        "  M1 Changeover time: no reading",
    ]


def test_review_readings_follow_the_number_rule_of_the_fields(
    kaizen: CliRunner, tmp_path: Path
) -> None:
    """1 200 is twelve hundred here as in the app; 1,200 was read as 1.2 (see the errors above)."""
    event = make_event(
        id="KZ-R",
        status="reported",
        report_out=TODAY,
        reviews=[Review(day=30, due=D(2026, 12, 25))],
    )
    import_events(kaizen, tmp_path / "b", [event])
    held = kaizen(
        "review", "KZ-R", "30", "--reading", "M1=1 200", env={"KAIZEN_TODAY": "2026-12-26"}
    )  # fmt: skip
    assert held.returncode == 0, held.stderr
    review = json.loads(kaizen("export", "KZ-R").stdout)["event"]["reviews"][0]
    assert review["readings"] == {"M1": 1200.0}


def test_a_held_review_is_replaced_only_when_asked_and_kept(
    kaizen: CliRunner, tmp_path: Path, data_dir: Path
) -> None:
    # the trial: `kaizen review ID 60` run a second time erased the readings, notes and verdict
    event = make_event(
        id="KZ-R",
        status="reported",
        report_out=TODAY,
        reviews=[Review(day=30, due=D(2026, 12, 25))],
    )
    import_events(kaizen, tmp_path / "b", [event])
    day_30 = {"KAIZEN_TODAY": "2026-12-26"}
    first = kaizen(
        "review", "KZ-R", "30", "--reading", "M1=40", "--notes", "Held at the press", env=day_30
    )
    assert first.returncode == 0, first.stderr
    stored = data_dir / "events" / "KZ-R.json"
    before = stored.read_bytes()

    again = kaizen("review", "KZ-R", "30", "--reading", "M1=90", env=day_30)
    assert again.returncode == 1
    assert again.stderr == (
        "kaizen: KZ-R: the 30-day review was already held on 2026-12-26 (sustained); --replace "
        "records this one instead and keeps that one as superseded\n"
    )
    assert stored.read_bytes() == before  # nothing written

    replaced = kaizen(
        "review", "KZ-R", "30", "--reading", "M1=90", "--replace", "--notes", "Re-measured",
        env={"KAIZEN_TODAY": "2026-12-28"},
    )  # fmt: skip
    assert replaced.returncode == 0, replaced.stderr
    assert replaced.stdout.splitlines()[:2] == [
        "KZ-R: 30-day review held on 2026-12-28, verdict lost (suggested lost)",
        "  replaces the record of 2026-12-26 (sustained), kept as superseded",
    ]
    review = json.loads(kaizen("export", "KZ-R").stdout)["event"]["reviews"][0]
    assert (review["held_on"], review["verdict"], review["notes"]) == (
        "2026-12-28",
        "lost",
        "Re-measured",
    )
    assert review["readings"] == {"M1": 90.0}
    [earlier] = review["superseded"]
    assert earlier["held_on"] == "2026-12-26" and earlier["replaced_on"] == "2026-12-28"
    assert (earlier["verdict"], earlier["notes"], earlier["readings"]) == (
        "sustained",
        "Held at the press",
        {"M1": 40.0},
    )
    markdown = kaizen("export", "KZ-R", "--markdown").stdout
    assert (
        "**30-day review** (2026-12-28): **lost** — Re-measured (corrected; was sustained on "
        "2026-12-26)" in markdown
    )
