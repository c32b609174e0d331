"""A hand-made portfolio whose every LPO figure was worked out by hand (see the comments) and is
written in the tests. TODAY is 2026-11-25 (2026-Q4; last quarter 2026-Q3).

    event     site    area        status        start       team leader     facilitators
    KZ-P-01   Gdańsk  Press Shop  closed        2026-04-13  Tomasz (line)   Anna (LPO)
    KZ-P-02   Gdańsk  Welding     following_up  2026-08-03  Ewa (LPO)       Anna, Marek (line)
    KZ-P-03   Gdańsk  Press Shop  following_up  2026-07-06  Tomasz (line)   Marek, Anna
    KZ-P-04   Leeds   Ward 7B     closed        2026-05-11  Grace (line)    Daniel (LPO)
    KZ-P-05   Leeds   Ward 7B     reported      2026-10-12  Oliver (line)   Grace, Daniel
    KZ-P-06   Leeds   Pharmacy    planned       2026-12-07  Priya (line)    Grace
    KZ-P-07   Gdańsk  Paint Shop  abandoned     2026-09-14  Ewa (LPO)       Anna
    KZ-P-08   –       –           live          –           –               –
"""

from __future__ import annotations

from datetime import date

from kaizen_tui.model import (
    Action,
    Event,
    Metric,
    Person,
    Reading,
    Review,
    SenseiNote,
    Yokoten,
)

TODAY = date(2026, 11, 25)

TOMASZ = Person(name="Tomasz Nowak", role="team_leader", department="Press Line 3")
ANNA = Person(name="Anna Lewandowska", role="facilitator", department="LPO", from_line=False)
MAREK = Person(name="Marek Nowicki", role="facilitator", department="Welding")
EWA = Person(name="Ewa Kaczmarek", role="team_leader", department="LPO", from_line=False)
GRACE_TL = Person(name="Grace Okafor", role="team_leader", department="Ward 7B")
GRACE_F = Person(name="Grace Okafor", role="facilitator", department="Ward 7B")
DANIEL = Person(name="Daniel Reyes", role="facilitator", department="LPO", from_line=False)


def d(text: str) -> date:
    return date.fromisoformat(text)


def portfolio_events() -> list[Event]:
    return [
        Event(
            id="KZ-P-01",
            title="Die changeover on Press Line 3",
            site="Gdańsk",
            business_unit="Automotive",
            area="Press Shop",
            status="closed",
            start=d("2026-04-13"),
            end=d("2026-04-17"),
            report_out=d("2026-04-17"),
            people=[
                TOMASZ,
                ANNA,
                Person(name="Piotr Zieliński", role="member", department="Die maintenance"),
            ],
            metrics=[
                # latest 45 (90-day review, 2026-07-16) beats the 2026-05-01 reading:
                # (45-90)/(30-90) = 75 %
                Metric(
                    id="M1",
                    name="Changeover time",
                    unit="min",
                    direction="lower",
                    baseline=90,
                    target=30,
                    readings=[Reading(date=d("2026-05-01"), value=60)],
                ),
                # (3-2)/(4-2) = 50 %; event result (75+50)/2 = 62.5 %
                Metric(
                    id="M2",
                    name="Changeovers per shift",
                    direction="higher",
                    baseline=2,
                    target=4,
                    readings=[Reading(date=d("2026-06-01"), value=3)],
                ),
            ],
            reviews=[
                Review(day=30, held_on=d("2026-05-17"), verdict="sustained"),
                Review(day=60, held_on=d("2026-06-16"), verdict="sustained"),
                Review(day=90, held_on=d("2026-07-16"), verdict="sustained", readings={"M1": 45}),
            ],
            actions=[
                # on time, line
                Action(
                    id="A1",
                    what="Shadow board for die tools",
                    owner="Tomasz Nowak",
                    due=d("2026-04-30"),
                    status="done",
                    done_on=d("2026-04-28"),
                ),
                # late; owner spelt in lower case still matches Anna (LPO)
                Action(
                    id="A2",
                    what="Standard work for the setter",
                    owner="anna lewandowska",
                    due=d("2026-05-15"),
                    status="done",
                    done_on=d("2026-05-20"),
                ),
                # dropped: in no ownership share
                Action(id="A3", what="Quick clamps", owner="Piotr Zieliński", status="dropped"),
            ],
            yokoten=[
                Yokoten(practice="Shadow board for die tools", to_area="Welding"),
                Yokoten(
                    practice="Die cart staged before the press stops",
                    to_area="Paint Shop",
                    status="adopted",
                ),
            ],
            sensei_notes=[
                SenseiNote(
                    date=d("2026-04-14"), by="Sato Ken", note="Watch the setter, not the clock."
                )
            ],
        ),
        Event(
            id="KZ-P-02",
            title="Spatter rework in welding cell 4",
            site="Gdańsk",
            business_unit="Automotive",
            area="Welding",
            status="following_up",
            start=d("2026-08-03"),
            end=d("2026-08-07"),
            report_out=d("2026-08-07"),
            people=[EWA, ANNA, MAREK],
            metrics=[
                # (92-80)/(90-80) = 120 %, capped to 100 % in the event result
                Metric(
                    id="M1",
                    name="First pass yield",
                    unit="%",
                    direction="higher",
                    baseline=80,
                    target=90,
                    readings=[Reading(date=d("2026-09-01"), value=92)],
                ),
                # no reading: not measured, left out of the result (100 %)
                Metric(id="M2", name="Spatter rework", unit="min", baseline=20, target=10),
            ],
            # 90-day review due 2026-11-05, not held: overdue
            reviews=[
                Review(day=30, held_on=d("2026-09-06"), verdict="slipping"),
                Review(day=90),
            ],
            actions=[
                # overdue 24 days, line
                Action(
                    id="A1",
                    what="Nozzle cleaning every 2 hours",
                    owner="Marek Nowicki",
                    due=d("2026-11-01"),
                ),
                # overdue 5 days, owner not on the team
                Action(
                    id="A2",
                    what="Order anti-spatter spray",
                    owner="Joe Outsider",
                    due=d("2026-11-20"),
                ),
                # open, no owner, not yet due
                Action(id="A3", what="Fixture check sheet", due=d("2026-12-10")),
                # done without a done-on date: counted apart; LPO-owned
                Action(
                    id="A4",
                    what="Train second shift",
                    owner="Ewa Kaczmarek",
                    due=d("2026-09-01"),
                    status="done",
                ),
            ],
        ),
        Event(
            id="KZ-P-03",
            title="Scrap on the blanking line",
            site="Gdańsk",
            business_unit="Automotive",
            area="Press Shop",
            status="following_up",
            start=d("2026-07-06"),
            end=d("2026-07-10"),
            report_out=d("2026-07-10"),
            people=[TOMASZ, MAREK, ANNA],
            metrics=[
                # (5.6-5)/(2-5) = -20 %
                Metric(id="M1", name="Scrap", unit="%", baseline=5, target=2),
                # (20-10)/(5-10) = -200 %, capped to -100 %; result (-20-100)/2 = -60 %
                Metric(id="M2", name="Press downtime", unit="h", baseline=10, target=5),
            ],
            reviews=[
                Review(
                    day=90, held_on=d("2026-10-08"), verdict="lost", readings={"M1": 5.6, "M2": 20}
                )
            ],
            actions=[
                # overdue 15 days
                Action(
                    id="A1", what="Coil end detection", owner="Tomasz Nowak", due=d("2026-11-10")
                ),
                # on time (done on the due date)
                Action(
                    id="A2",
                    what="Blank nesting study",
                    owner="Marek Nowicki",
                    due=d("2026-08-01"),
                    status="done",
                    done_on=d("2026-08-01"),
                ),
                # overdue 24 days; the same owner as A1 in another spelling
                Action(
                    id="A3", what="Scrap chute guard", owner="tomasz  nowak", due=d("2026-11-01")
                ),
            ],
        ),
        Event(
            id="KZ-P-04",
            title="Discharge before noon on Ward 7B",
            site="Leeds",
            business_unit="Healthcare",
            area="Ward 7B",
            status="closed",
            start=d("2026-05-11"),
            end=d("2026-05-15"),
            report_out=d("2026-05-15"),
            people=[GRACE_TL, DANIEL],
            metrics=[
                # (35-20)/(50-20) = 50 %
                Metric(
                    id="M1",
                    name="Discharges before noon",
                    unit="%",
                    direction="higher",
                    baseline=20,
                    target=50,
                    readings=[Reading(date=d("2026-08-10"), value=35)],
                )
            ],
            reviews=[Review(day=90, held_on=d("2026-08-13"), verdict="sustained")],
            actions=[
                Action(
                    id="A1",
                    what="Criteria-led discharge",
                    owner="Grace Okafor",
                    due=d("2026-06-01"),
                    status="done",
                    done_on=d("2026-05-30"),
                ),
                Action(
                    id="A2",
                    what="TTO prescriptions the day before",
                    owner="Daniel Reyes",
                    due=d("2026-06-01"),
                    status="done",
                    done_on=d("2026-06-10"),
                ),
                # done without a due date: counted apart
                Action(
                    id="A3",
                    what="Expected discharge date on the board",
                    owner="Grace Okafor",
                    status="done",
                    done_on=d("2026-06-02"),
                ),
            ],
            sensei_notes=[
                SenseiNote(
                    date=d("2026-05-12"),
                    by="Sato Ken",
                    note="Ask the patient what the waiting costs them.",
                ),
                SenseiNote(
                    date=d("2026-05-13"),
                    by="Dr. Imai",
                    note="Go and see the discharge lounge at 15:00.",
                ),
            ],
        ),
        Event(
            id="KZ-P-05",
            title="Board round on Ward 7B",
            site="Leeds",
            business_unit="Healthcare",
            area="Ward 7B",
            status="reported",
            start=d("2026-10-12"),
            end=d("2026-10-16"),
            report_out=d("2026-10-16"),
            people=[
                GRACE_F,
                Person(name="Oliver Grant", role="team_leader", department="Ward 7B"),
                DANIEL,
            ],
            # 90-day review due 2027-01-14: not yet due
            reviews=[Review(day=30), Review(day=90)],
            actions=[
                # overdue 1 day
                Action(
                    id="A1", what="Board round at 08:30", owner="Oliver Grant", due=d("2026-11-24")
                ),
                # due today: not overdue
                Action(
                    id="A2", what="Discharge checklist", owner="Oliver Grant", due=d("2026-11-25")
                ),
                # undated, LPO
                Action(id="A3", what="Audit board round", owner="Daniel Reyes"),
            ],
            yokoten=[
                Yokoten(practice="Criteria-led discharge", to_area="Ward 8A"),
                Yokoten(
                    practice="Discharge lounge for patients waiting for transport",
                    to_area="Ward 9C",
                    status="declined",
                ),
            ],
        ),
        Event(
            id="KZ-P-06",
            title="Pharmacy turnaround",
            site="Leeds",
            business_unit="Healthcare",
            area="Pharmacy",
            status="planned",
            start=d("2026-12-07"),
            end=d("2026-12-11"),
            people=[
                Person(name="Priya Shah", role="team_leader", department="Pharmacy"),
                GRACE_F,
            ],
        ),
        Event(
            id="KZ-P-07",
            title="Colour change in the paint shop",
            site="Gdańsk",
            business_unit="Automotive",
            area="Paint Shop",
            status="abandoned",
            start=d("2026-09-14"),
            people=[EWA, ANNA],
            actions=[
                Action(id="A1", what="Colour wheel", owner="Ewa Kaczmarek", due=d("2026-10-01"))
            ],
            yokoten=[Yokoten(practice="Colour change wheel", to_area="Press Shop")],
        ),
        Event(
            id="KZ-P-08",
            title="Office 5S pilot",
            status="live",
            people=[Person(name="Sam Lee", role="member")],
            # held without a verdict
            reviews=[Review(day=90, held_on=d("2026-11-20"))],
            actions=[
                Action(id="A1", what="Label the shelves", owner="Sam Lee", due=d("2026-11-30"))
            ],
        ),
    ]
