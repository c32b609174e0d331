"""Realistic sample events for ``kaizen demo``, the tests and the screenshots.

Three events in three different states, with every date counted from ``today`` so that the states
stay true whenever the demo is loaded: an action that is overdue today is overdue next year too.

* ``KZ-DEMO-SMED``: a die changeover (SMED) event on a press line, reported about three weeks
  ago; some actions overdue, some due this week, the 30-day review due within a week.
* ``KZ-DEMO-DISCHARGE``: a hospital discharge event, following up; the 30-day review was held and
  found the gains slipping, the 60- and 90-day reviews are still to come.
* ``KZ-DEMO-INVOICE``: an accounts-payable invoice-approval event, planned for two weeks' time;
  charter, team, agenda and pre-work only.

The ids are fixed, so loading the demo twice changes nothing. The share tokens are drawn at random
each time the events are made, so each data folder's demo has links of its own (tokens written in
the source would let anyone who read it open every installation's demo pages); once stored, a
demo event keeps its token and the QR links on a printed demo A3 keep working.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from kaizen_tui.logic.agenda import FIVE_DAY
from kaizen_tui.logic.reviews import review_due
from kaizen_tui.model import (
    Action,
    AgendaItem,
    ChangeoverElement,
    Closeout,
    Event,
    Experiment,
    GateOverride,
    Metric,
    ParkingItem,
    Person,
    ProcessStep,
    Reading,
    Review,
    RootCause,
    Scope,
    SenseiNote,
    SignOff,
    Takt,
    Update,
    Waste,
    WorkElement,
    Yokoten,
)

SMED_ID = "KZ-DEMO-SMED"
DISCHARGE_ID = "KZ-DEMO-DISCHARGE"
INVOICE_ID = "KZ-DEMO-INVOICE"
DEMO_IDS: tuple[str, str, str] = (SMED_ID, DISCHARGE_ID, INVOICE_ID)


def demo_events(today: date) -> list[Event]:
    """The demo events, dated relative to ``today``."""
    return [_smed(today), _discharge(today), _invoice(today)]


def _days_from(today: date) -> Callable[[int], date]:
    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    return day


def _five_day_agenda(done: bool) -> list[AgendaItem]:
    """The LPO's standard five-day kaizen agenda: the run-sheet's 5-day template."""
    return [AgendaItem(title=title, minutes=minutes, done=done) for title, minutes in FIVE_DAY]


# --- 1. SMED on a press line: reported, follow-up under way ------------------------------------


def _smed(today: date) -> Event:
    d = _days_from(today)
    report_out = d(-24)
    return Event(
        id=SMED_ID,
        title="Die changeover on Press Line 3 (SMED)",
        site="Wrocław Stamping Plant",
        area="Press Shop · Press Line 3 (400 t transfer press)",
        value_stream="Seat brackets for car seat frames",
        business_unit="Automotive Components",
        status="reported",
        start=d(-28),
        end=report_out,
        report_out=report_out,
        problem=(
            "A die change on Press Line 3 takes 94 minutes on average (range 70–135) and varies "
            "by shift. To avoid changeovers the line runs three-day batches, which holds about "
            "2,400 brackets in WIP, and urgent schedule changes from the seat plant cost overtime "
            "on Saturdays."
        ),
        background=(
            "Customer call-offs moved from weekly to daily in January. Press Line 3 makes 11 part "
            "numbers on 11 dies; demand for the 6 low-runners is now too small for three-day "
            "batches. Overtime on the press line was 320 hours last quarter and finished-goods "
            "stock of brackets is 9 days against a target of 3."
        ),
        target_condition=(
            "Any die on Press Line 3 changed in under 30 minutes, by one setter and one operator, "
            "on every shift, following one standard. Batches of one day or less; first-off parts "
            "approved at the press without waiting for Quality."
        ),
        lessons=(
            "Filming the changeover and watching it with the setters found more than any "
            "brainstorm: 40% of the time was walking and searching. Separating internal from "
            "external work cost nothing and saved 25 minutes in the first week. Hardware (quick "
            "clamps, PLC recipes) takes longer than the event: give those actions realistic dates "
            "and a named owner outside the team, or they drift."
        ),
        scope=Scope(
            first_step="Last good part of the old run",
            last_step="First good part of the new run approved",
            in_=[
                "All 11 dies run on Press Line 3",
                "Die storage, die cart and tooling for Press Line 3",
                "First-off approval at changeover",
            ],
            out=[
                "Die design changes",
                "Press Lines 1, 2 and 4 (yokoten later)",
                "Production planning rules beyond batch size",
            ],
        ),
        people=[
            Person(name="Marek Kowalczyk", role="sponsor", department="Plant management"),
            Person(name="Zofia Wiśniewska", role="process_owner", department="Press Shop"),
            Person(name="Tomasz Nowak", role="team_leader", department="Press Line 3"),
            Person(
                name="Anna Lewandowska",
                role="facilitator",
                department="Lean Promotion Office",
                from_line=False,
            ),
            Person(
                name="佐藤 健",
                role="sensei",
                department="Lean Promotion Office (group)",
                from_line=False,
            ),
            Person(name="Piotr Zieliński", role="member", department="Die maintenance"),
            Person(name="Katarzyna Wójcik", role="member", department="Quality"),
            Person(name="Jan Kamiński", role="member", department="Press Line 3 (setter)"),
        ],
        metrics=[
            Metric(
                id="M1",
                name="Die changeover time (last good part to first good part)",
                unit="min",
                direction="lower",
                baseline=94,
                baseline_date=d(-35),
                baseline_source="Hour-by-hour boards, 21 changeovers over 4 weeks",
                target=30,
                readings=[
                    Reading(date=d(-27), value=71, note="Trial 1: die staged on the cart"),
                    Reading(date=d(-25), value=58, note="Trial 2: shadow board in use"),
                    Reading(date=d(-21), value=46),
                    Reading(date=d(-17), value=44),
                    Reading(date=d(-12), value=39, note="Night shift after standard work training"),
                    Reading(date=d(-6), value=41),
                    Reading(date=d(-2), value=37),
                ],
            ),
            Metric(
                id="M2",
                name="Changeovers per week",
                unit="per week",
                direction="higher",
                baseline=3,
                baseline_date=d(-35),
                baseline_source="Production plan, last 8 weeks",
                target=8,
                readings=[
                    Reading(date=d(-21), value=5),
                    Reading(date=d(-14), value=6),
                    Reading(date=d(-7), value=6, note="Batch size still 2 days (A11)"),
                ],
            ),
            Metric(
                id="M3",
                name="Scrap parts per changeover",
                unit="parts",
                direction="lower",
                baseline=38,
                baseline_date=d(-35),
                baseline_source="Scrap tickets at Press Line 3",
                target=10,
                readings=[
                    Reading(date=d(-25), value=22),
                    Reading(date=d(-17), value=16),
                    Reading(date=d(-6), value=14),
                ],
            ),
        ],
        process_steps=[
            ProcessStep(name="Wait for die cart and forklift", cycle_min=3, wait_min=12),
            ProcessStep(
                name="Unclamp and lift out old die", cycle_min=11, wait_min=2, value="NNVA"
            ),
            ProcessStep(name="Return old die, fetch new die", cycle_min=8, wait_min=4),
            ProcessStep(name="Find bolts, clamps and shims", cycle_min=7, wait_min=0),
            ProcessStep(name="Set and clamp new die", cycle_min=13, wait_min=0, value="NNVA"),
            ProcessStep(
                name="Adjust shut height and feeder", cycle_min=12, wait_min=3, value="NNVA"
            ),
            ProcessStep(name="Trial hits and adjustment", cycle_min=6, wait_min=0),
            ProcessStep(name="Run first-off parts", cycle_min=2, wait_min=0, value="VA"),
            ProcessStep(
                name="Wait for QC first-off approval", cycle_min=3, wait_min=8, value="NNVA"
            ),
        ],
        wastes=[
            Waste(
                type="waiting",
                description="Press stopped while the setter looks for a free forklift",
                step="Wait for die cart and forklift",
            ),
            Waste(
                type="transport",
                description="Die rack is 60 m away in the old hall; two trips per changeover",
                step="Return old die, fetch new die",
            ),
            Waste(
                type="motion",
                description="Setter walked 412 m in one filmed changeover, mostly to the tool crib",
                step="Find bolts, clamps and shims",
            ),
            Waste(
                type="defects",
                description="Shut height found by trial hits: 38 scrap parts per changeover",
                step="Trial hits and adjustment",
            ),
            Waste(
                type="overproduction",
                description="Three-day batches to avoid changeovers; 2,400 brackets in WIP",
                step="Run first-off parts",
            ),
            Waste(
                type="overprocessing",
                description="Full 32-feature layout at every changeover, as for a new part",
                step="Wait for QC first-off approval",
            ),
            Waste(
                type="skills",
                description="Only Jan knows the feeder settings by heart; nothing is written",
                step="Adjust shut height and feeder",
            ),
        ],
        root_causes=[
            RootCause(
                id="RC1",
                problem="Press stands still while the next die is fetched and prepared",
                whys=[
                    "Why does the press stand still for 35 min? The die, bolts and clamps are "
                    "fetched after the press stops.",
                    "Why after? Nobody is told which die is next until the run ends.",
                    "Why not told? The schedule is printed once a day and kept in the office.",
                    "Why in the office? Changeovers were rare, so no one planned them as work.",
                ],
                category="method",
                cause="No split between internal and external changeover work",
                countermeasure="External work done before the press stops",
                confirmed=True,
            ),
            RootCause(
                id="RC2",
                problem="Shut height and feeder are set by trial and error",
                whys=[
                    "Why trial hits? Each die needs a different shut height.",
                    "Why different? Dies came from three toolmakers with different heights.",
                    "Why not corrected? Parallels were never made; the setter compensates.",
                    "Why does it work at all? Jan remembers the settings; others guess.",
                ],
                category="machine",
                cause="Dies have non-standard shut heights and feeder settings are not recorded",
                countermeasure="Parallels on every die; setting cards",
                confirmed=True,
            ),
            RootCause(
                id="RC3",
                problem="Tools and dies are not at the point of use",
                whys=[
                    "Why does the setter walk? The tools are in the central crib.",
                    "Why there? Tools went missing when they were left at the press.",
                    "Why missing? There is no marked place for each tool at the press.",
                ],
                category="environment",
                cause="No shadow board or die storage at Press Line 3",
                countermeasure="Tools and dies kept at the press",
                confirmed=True,
            ),
            RootCause(
                id="RC4",
                problem="First-off approval waits for an inspector",
                whys=[
                    "Why wait? One roaming inspector covers four press lines.",
                    "Why must the inspector approve? The control plan asks for a full layout.",
                    "Why a full layout? The control plan treats a changeover like a new part.",
                    "Why? It was copied from the PPAP plan and never reviewed.",
                ],
                category="measurement",
                cause="Control plan requires a full layout by Quality at every changeover",
                countermeasure="Setter approves first-off with gauges",
                confirmed=False,
            ),
        ],
        actions=[
            Action(
                id="A1",
                what="Stage the next die, bolts and clamps on the die cart before the press stops",
                owner="Tomasz Nowak",
                due=d(-20),
                pdca=4,
                status="done",
                root_cause="RC1",
                done_on=d(-21),
                updates=[
                    Update(date=d(-26), note="Tried on trial 2: saved 14 minutes"),
                    Update(date=d(-21), note="In the standard work; all shifts doing it"),
                ],
            ),
            Action(
                id="A2",
                what="Shadow board with the complete die-change tool set at Press Line 3",
                owner="Jan Kamiński",
                due=d(-22),
                pdca=4,
                status="done",
                root_cause="RC3",
                done_on=d(-25),
                updates=[Update(date=d(-25), note="Board up; tool check added to shift start")],
            ),
            Action(
                id="A3",
                what="Machine parallels so all 11 dies share one shut height",
                owner="Piotr Zieliński",
                due=d(-6),
                pdca=2,
                root_cause="RC2",
                updates=[
                    Update(date=d(-15), note="Parallels for 4 of 11 dies done"),
                    Update(date=d(-5), note="Steel for the last 7 not delivered; PO raised"),
                ],
            ),
            Action(
                id="A4",
                what="Quote and fit quick-release hydraulic clamps on the bolster",
                owner="Piotr Zieliński",
                due=d(20),
                pdca=1,
                root_cause="RC2",
                updates=[Update(date=d(-10), note="Two quotes in; waiting for the third")],
            ),
            Action(
                id="A5",
                what="Setting card per part number: die position, shut height, feeder values",
                owner="Jan Kamiński",
                due=d(-3),
                pdca=2,
                root_cause="RC2",
                updates=[Update(date=d(-9), note="7 of 11 cards written")],
            ),
            Action(
                id="A6",
                what="First-off approval by the setter with go/no-go gauges; QC audits 1 in 5",
                owner="Katarzyna Wójcik",
                due=d(4),
                pdca=2,
                root_cause="RC4",
                updates=[Update(date=d(-8), note="Control plan change drafted for sign-off")],
            ),
            Action(
                id="A7",
                what="Go/no-go gauges for the 5 high-runner brackets",
                owner="Katarzyna Wójcik",
                due=d(12),
                pdca=1,
                root_cause="RC4",
            ),
            Action(
                id="A8",
                what="Move the Press Line 3 die rack next to the press",
                owner="Zofia Wiśniewska",
                due=d(30),
                pdca=1,
                root_cause="RC3",
                updates=[Update(date=d(-11), note="Floor load check booked with facilities")],
            ),
            Action(
                id="A9",
                what="Changeover standard work posted at the press and trained on all 3 shifts",
                owner="Tomasz Nowak",
                due=d(-10),
                pdca=4,
                status="done",
                root_cause="RC1",
                done_on=d(-12),
                updates=[
                    Update(date=d(-19), note="Day shifts trained"),
                    Update(date=d(-12), note="Night shift trained; sign-off sheet complete"),
                ],
            ),
            Action(
                id="A10",
                what="Record every changeover time on the hour-by-hour board",
                owner="Tomasz Nowak",
                due=d(-23),
                pdca=3,
                status="done",
                done_on=d(-24),
            ),
            Action(
                id="A11",
                what="Cut batch size from 3 days to 1 day once changeovers are under 40 min",
                owner="Zofia Wiśniewska",
                due=d(5),
                pdca=1,
                updates=[Update(date=d(-7), note="Planning agreed 2-day batches as a first step")],
            ),
            Action(
                id="A12",
                what="Buy a second die cart for staging",
                owner="Marek Kowalczyk",
                due=d(-14),
                pdca=1,
                status="dropped",
                root_cause="RC1",
                updates=[
                    Update(date=d(-16), note="Dropped: staging with the existing cart is enough"),
                ],
            ),
            Action(
                id="A13",
                what="Feeder settings stored as PLC recipes per part number",
                owner="Krzysztof Mazur",
                due=d(-9),
                pdca=1,
                root_cause="RC2",
                updates=[Update(date=d(-13), note="Needs a PLC licence from the OEM; quote asked")],
            ),
            Action(
                id="A14",
                what="Cross-train two operators as setters",
                owner="Jan Kamiński",
                due=d(40),
                pdca=0,
            ),
            Action(
                id="A15",
                what="Fix the leaking hydraulic hose on the bolster",
                owner="Piotr Zieliński",
                due=d(-26),
                pdca=4,
                status="done",
                done_on=d(-26),
            ),
            Action(
                id="A16",
                what="Add Press Line 3 SMED film and checklist to the LPO training module",
                owner="Anna Lewandowska",
                due=d(25),
                pdca=0,
            ),
        ],
        parking_lot=[
            ParkingItem(
                text="No forklift driver on night shift after 02:00", raised_by="Jan Kamiński"
            ),
            ParkingItem(
                text="Crane hook inspection overdue",
                raised_by="Piotr Zieliński",
                resolved=True,
            ),
            ParkingItem(
                text="Press Line 4 has the same changeover problem",
                raised_by="Zofia Wiśniewska",
                resolved=True,
            ),
            ParkingItem(text="Scrap bin labels are unclear", raised_by="Katarzyna Wójcik"),
        ],
        agenda=_five_day_agenda(done=True),
        reviews=[
            Review(day=30, due=review_due(report_out, 30)),
            Review(day=60, due=review_due(report_out, 60)),
            Review(day=90, due=review_due(report_out, 90)),
        ],
        yokoten=[
            Yokoten(
                practice="Shadow board for die-change tools",
                to_area="Press Line 4",
                status="adopted",
            ),
            Yokoten(
                practice="Die staged on the cart before the press stops", to_area="Press Line 1"
            ),
            Yokoten(practice="Changeover time on the hour-by-hour board", to_area="Welding cells"),
        ],
        sensei_notes=[
            SenseiNote(
                date=d(-27),
                by="佐藤 健",
                note="Film the changeover, then watch it with the setter, not about him.",
            ),
            SenseiNote(
                date=d(-25),
                by="佐藤 健",
                note="Do not buy quick clamps before the shut heights are standard. "
                "Wisdom first, money last.",
            ),
            SenseiNote(
                date=d(-24),
                by="佐藤 健",
                note="At the report-out I heard the best time. Show me all three shifts.",
            ),
        ],
        signoffs=[
            SignOff(role="sponsor", name="Marek Kowalczyk", date=d(-35)),
            SignOff(
                role="process_owner",
                name="Zofia Wiśniewska",
                date=d(-33),
                note="Die rack move (A8) only after the floor-load check",
            ),
        ],
        # Two shifts of 450 minutes net for 5,400 brackets a day: one bracket every 10 s.
        takt=Takt(demand=5400, available_min=900, period="day", unit="brackets"),
        closeout=Closeout(
            passed_on=report_out,
            by="Anna Lewandowska",
            overrides=[
                GateOverride(
                    rule="after",
                    reason="Changeovers are counted per week: the first full week is the "
                    "week after the event",
                    by="Anna Lewandowska",
                    date=report_out,
                    finding="M2 has no after reading",
                )
            ],
        ),
        balance=_press_line_balance(),
        changeover=_press_line_changeover(),
        experiments=[
            Experiment(
                id="E1",
                date=d(-27),
                tried="Stage the next die, bolts and clamps on the die cart before the press stops",
                result="Trial 1: 71 min (from 94); no waiting for the forklift",
                decision="kept",
                action="A1",
            ),
            Experiment(
                id="E2",
                date=d(-26),
                tried="Shadow board with the die-change tool set at the press",
                result="Setter walked 60 m instead of 412 m; 7 minutes less searching",
                decision="kept",
                action="A2",
            ),
            Experiment(
                id="E3",
                date=d(-26),
                tried="Piotr sets the feeder from a hand-written card instead of asking Jan",
                result="9 minutes, no trial hits on 2 of 3 dies; the third card had a wrong value",
                decision="kept",
                action="A5",
            ),
            Experiment(
                id="E4",
                date=d(-25),
                tried="Two-person changeover: the operator unclamps the back of the die",
                result="Trial 2: 58 min, but the destacker stood unattended for 20 minutes",
                decision="dropped",
            ),
            Experiment(
                id="E5",
                date=d(-25),
                tried="Setter approves first-off parts with gauges; QC audits afterwards",
                result="QC will not sign without the control-plan change; waiting for A6",
                decision="trying",
                action="A6",
            ),
        ],
    )


def _press_line_balance() -> list[WorkElement]:
    """The three operators at Press Line 3, seconds per bracket: the packer is over takt."""
    elements = [
        ("Op 1 destack", "Load the blank stack on the destacker", 1.2, "NNVA"),
        ("Op 1 destack", "Check blanks for oil and burrs", 2.1, "NNVA"),
        ("Op 1 destack", "Clear misfeeds", 1.4, "NVA"),
        ("Op 2 unload", "Take the bracket off the conveyor", 2.2, "NNVA"),
        ("Op 2 unload", "Visual check against the limit sample", 3.0, "VA"),
        ("Op 2 unload", "Walk to the scrap bin", 1.8, "NVA"),
        ("Op 3 pack", "Pack the bracket in the rack", 3.5, "NNVA"),
        ("Op 3 pack", "Label the rack and log the count", 2.4, "NNVA"),
        ("Op 3 pack", "Fetch an empty rack", 3.3, "NVA"),
        ("Op 3 pack", "Wait for the forklift to swap racks", 1.6, "NVA"),
    ]
    return [
        WorkElement(operator=who, element=what, seconds=seconds, value=value)
        for who, what, seconds, value in elements
    ]


def _press_line_changeover() -> list[ChangeoverElement]:
    """The filmed die change (94 minutes of internal work) and the new standard."""
    rows = [
        # (element, minutes before, before, after, minutes after)
        ("Wait for the die cart and a forklift", 12, "internal", "external", 4),
        ("Fetch bolts, clamps and shims from the tool crib", 7, "internal", "external", 3),
        ("Unclamp the old die", 8, "internal", "internal", 6),
        ("Lift the old die out onto the cart", 6, "internal", "internal", 5),
        ("Return the old die to the rack, fetch the new one", 8, "internal", "external", 8),
        ("Clean the bolster", 3, "internal", "internal", 3),
        ("Set the new die and clamp it", 13, "internal", "internal", 8),
        ("Find the shut height by trial hits", 12, "internal", "internal", 5),
        ("Set the feeder and transfer fingers", 9, "internal", "internal", 6),
        ("Trial hits and adjustment", 6, "internal", "internal", 3),
        ("Run first-off parts", 2, "internal", "internal", 2),
        ("Wait for QC first-off approval", 8, "internal", None, None),
        ("Prepare the next job's blanks", 10, "external", "external", 10),
    ]
    return [
        ChangeoverElement(
            name=name,
            minutes=before,
            kind=kind,
            after=after,
            after_minutes=after_min,
        )
        for name, before, kind, after, after_min in rows
    ]


# --- 2. Hospital discharge: following up, 30-day review held -----------------------------------


def _discharge(today: date) -> Event:
    d = _days_from(today)
    report_out = d(-45)
    return Event(
        id=DISCHARGE_ID,
        title="Same-day discharge on Ward 7B",
        site="Riverside General Hospital",
        area="Acute Medicine · Ward 7B (28 beds)",
        value_stream="Emergency admission to discharge home",
        business_unit="Medicine Division",
        status="following_up",
        start=d(-47),
        end=report_out,
        report_out=report_out,
        problem=(
            "Patients on Ward 7B who are medically fit to leave wait a median of 6.5 hours "
            "before they leave the ward. Only 12% leave before noon, so the beds are not free "
            "when the Emergency Department needs them: 9 patients a day wait in ED for a bed "
            "after 14:00."
        ),
        background=(
            "Winter pressure and the new ED four-hour standard. The medicine division loses "
            "about 40 bed-days a month to discharge delays on Ward 7B alone. Staff survey: "
            "discharge paperwork is the most frustrating task for ward nurses."
        ),
        target_condition=(
            "A patient who is medically fit leaves the ward within 3 hours, with medicines, "
            "letter and transport ready; 35% of discharges before noon; the bed is cleaned "
            "and ready within 45 minutes."
        ),
        lessons=(
            "Having pharmacy, transport and social work in the room for three days mattered more "
            "than any tool: the delays were all in the hand-offs between them. The 30-day review "
            "showed the gains slipping where the change depends on one person's goodwill (the "
            "pharmacy technician on the ward); changes built into the routine (board round, "
            "transport booked on the ward round) held."
        ),
        scope=Scope(
            first_step="Consultant decides the patient is fit for discharge",
            last_step="Bed cleaned and flagged ready",
            in_=[
                "Adult patients discharged home from Ward 7B",
                "Take-home medicines (TTO), discharge letter, patient transport",
                "Bed cleaning after discharge",
            ],
            out=[
                "Discharges needing a new social-care package (separate event)",
                "Transfers to other hospitals",
                "Weekend staffing",
            ],
        ),
        people=[
            Person(name="Helen Carter", role="sponsor", department="Nursing directorate"),
            Person(name="Νίκος Παπαδόπουλος", role="process_owner", department="Acute Medicine"),
            Person(name="Grace Okafor", role="team_leader", department="Ward 7B"),
            Person(
                name="Daniel Reyes",
                role="facilitator",
                department="Lean Promotion Office",
                from_line=False,
            ),
            Person(name="Priya Shah", role="member", department="Pharmacy"),
            Person(name="Tom Whitfield", role="member", department="Patient transport"),
            Person(name="Sarah Lindqvist", role="member", department="Discharge coordination"),
            Person(name="Mark Evans", role="member", department="Acute Medicine (junior doctor)"),
        ],
        metrics=[
            Metric(
                id="M1",
                name="Median time from fit for discharge to leaving the ward",
                unit="h",
                direction="lower",
                baseline=6.5,
                baseline_date=d(-60),
                baseline_source="EPR timestamps, all Ward 7B discharges home, 8 weeks",
                target=3.0,
                readings=[
                    Reading(date=d(-45), value=4.6, note="Day 3: 11 discharges followed"),
                    Reading(date=d(-40), value=4.9),
                    Reading(date=d(-33), value=3.6),
                    Reading(date=d(-26), value=3.9),
                    Reading(date=d(-19), value=4.2, note="Pharmacy technician on leave"),
                    Reading(date=d(-12), value=4.4),
                    Reading(date=d(-5), value=4.1),
                ],
            ),
            Metric(
                id="M2",
                name="Discharges before noon",
                unit="%",
                direction="higher",
                baseline=12,
                baseline_date=d(-60),
                baseline_source="EPR discharge times, 8 weeks",
                target=35,
                readings=[
                    Reading(date=d(-45), value=27, note="Day 3: 3 of 11 left before noon"),
                    Reading(date=d(-40), value=20),
                    Reading(date=d(-33), value=31),
                    Reading(date=d(-26), value=28),
                    Reading(date=d(-19), value=25),
                    Reading(date=d(-12), value=24),
                    Reading(date=d(-5), value=27),
                ],
            ),
            Metric(
                id="M3",
                name="TTO turnaround (prescribed to on the ward)",
                unit="min",
                direction="lower",
                baseline=190,
                baseline_date=d(-60),
                baseline_source="Pharmacy tracking system, 2 weeks sample (n=143)",
                target=60,
                readings=[
                    Reading(date=d(-46), value=58, note="Day 2 try-storm: bedside screening"),
                    Reading(date=d(-40), value=95),
                    Reading(date=d(-33), value=62),
                    Reading(date=d(-26), value=70),
                    Reading(date=d(-19), value=78),
                    Reading(date=d(-12), value=75),
                    Reading(date=d(-5), value=64),
                ],
            ),
        ],
        process_steps=[
            ProcessStep(
                name="Ward round: fit-for-discharge decision", cycle_min=5, wait_min=60, value="VA"
            ),
            ProcessStep(name="Junior doctor writes TTO", cycle_min=15, wait_min=120, value="NNVA"),
            ProcessStep(
                name="Pharmacy screens and dispenses TTO", cycle_min=20, wait_min=150, value="NNVA"
            ),
            ProcessStep(name="Discharge letter written", cycle_min=20, wait_min=45, value="NNVA"),
            ProcessStep(name="Transport booked", cycle_min=10, wait_min=90),
            ProcessStep(
                name="Discharge checklist and patient education",
                cycle_min=15,
                wait_min=20,
                value="VA",
            ),
            ProcessStep(name="Patient waits in bed for transport", cycle_min=0, wait_min=60),
            ProcessStep(
                name="Bed cleaned and flagged ready", cycle_min=30, wait_min=40, value="NNVA"
            ),
        ],
        wastes=[
            Waste(
                type="inventory",
                description="TTOs written in a batch after the ward round ends at 13:00",
                step="Junior doctor writes TTO",
            ),
            Waste(
                type="waiting",
                description="TTOs queue in pharmacy in arrival order behind inpatient orders",
                step="Pharmacy screens and dispenses TTO",
            ),
            Waste(
                type="transport",
                description="Porter carries each TTO to pharmacy and back (two trips)",
                step="Pharmacy screens and dispenses TTO",
            ),
            Waste(
                type="defects",
                description="1 TTO in 5 returned by pharmacy for a correction",
                step="Junior doctor writes TTO",
            ),
            Waste(
                type="overprocessing",
                description="Letter retypes diagnoses and medicines already in the EPR",
                step="Discharge letter written",
            ),
            Waste(
                type="motion",
                description="Nurses search three places for the discharge paperwork",
                step="Discharge checklist and patient education",
            ),
            Waste(
                type="skills",
                description="Only the ward clerk may book transport; nurses wait for her",
                step="Transport booked",
            ),
            Waste(
                type="waiting",
                description="Patient dressed and ready, waiting in the bed an ED patient needs",
                step="Patient waits in bed for transport",
            ),
        ],
        root_causes=[
            RootCause(
                id="RC1",
                problem="TTOs are written hours after the discharge decision",
                whys=[
                    "Why late? Junior doctors write all TTOs after the ward round.",
                    "Why after? The ward round takes until 13:00 and comes first.",
                    "Why not during? Discharges are decided on the day, not planned the day "
                    "before.",
                    "Why on the day? There is no expected date of discharge for each patient.",
                    "Why none? The board round was stopped during COVID and never restarted.",
                ],
                category="method",
                cause="Discharges are not planned the day before (no expected discharge date)",
                countermeasure="Expected discharge date set on admission",
                confirmed=True,
            ),
            RootCause(
                id="RC2",
                problem="Transport is booked only when medicines are ready",
                whys=[
                    "Why so late? Staff fear a wasted booking if the TTO is delayed.",
                    "Why a fear? Cancelled bookings were charged under the old contract.",
                    "Why still believed? Nobody checked the new contract (free cancellation).",
                ],
                category="method",
                cause="An outdated rule about cancelling transport bookings",
                countermeasure="Book transport at the discharge decision",
                confirmed=True,
            ),
            RootCause(
                id="RC3",
                problem="Pharmacy treats a TTO like any other order",
                whys=[
                    "Why no priority? The pharmacy system has no 'going home today' flag.",
                    "Why not flagged by hand? Wards never told pharmacy which were urgent.",
                    "Why not? Each side thought the other knew.",
                ],
                category="measurement",
                cause="No signal that a TTO blocks a bed today",
                countermeasure="TTOs for today's discharges flagged first",
                confirmed=True,
            ),
            RootCause(
                id="RC4",
                problem="The discharge letter takes 20 minutes to write",
                whys=[
                    "Why 20 minutes? Diagnoses and medicines are retyped.",
                    "Why retyped? The letter template does not pull from the EPR.",
                    "Why not? It was built in a word processor before the EPR went live.",
                ],
                category="machine",
                cause="Letter template not linked to the EPR",
                countermeasure="Discharge letter drafted from the EPR",
                confirmed=False,
            ),
        ],
        actions=[
            Action(
                id="A1",
                what="Write TTOs on the ward round for patients expected home tomorrow",
                owner="Mark Evans",
                due=d(-40),
                pdca=4,
                status="done",
                root_cause="RC1",
                done_on=d(-41),
                updates=[
                    Update(date=d(-46), note="Tried on day 2 with two consultants"),
                    Update(
                        date=d(-41), note="Agreed by all consultants at the directorate meeting"
                    ),
                ],
            ),
            Action(
                id="A2",
                what="Pharmacy prioritises TTOs in a red 'home today' bag; target 60 min",
                owner="Priya Shah",
                due=d(-38),
                pdca=3,
                status="done",
                root_cause="RC3",
                done_on=d(-38),
                updates=[Update(date=d(-38), note="Red bags in use; turnaround 62 min in week 2")],
            ),
            Action(
                id="A3",
                what="Book transport on the ward round for expected discharges; cancel if not fit",
                owner="Tom Whitfield",
                due=d(-42),
                pdca=4,
                status="done",
                root_cause="RC2",
                done_on=d(-44),
                updates=[Update(date=d(-46), note="Contract checked: cancellation is free")],
            ),
            Action(
                id="A4",
                what="08:30 board round with an expected discharge date for every patient",
                owner="Grace Okafor",
                due=d(-44),
                pdca=4,
                status="done",
                root_cause="RC1",
                done_on=d(-45),
            ),
            Action(
                id="A5",
                what="Discharge letter template pre-filled from the EPR",
                owner="Joe Banks",
                due=d(-10),
                pdca=1,
                root_cause="RC4",
                updates=[
                    Update(date=d(-30), note="Change request CR-4471 raised with Clinical IT"),
                    Update(date=d(-12), note="Missed the release window; sponsor escalating"),
                ],
            ),
            Action(
                id="A6",
                what="Criteria-led discharge: consultant sets criteria, nurse discharges",
                owner="Νίκος Παπαδόπουλος",
                due=d(10),
                pdca=2,
                root_cause="RC1",
                updates=[
                    Update(date=d(-20), note="Policy draft with the clinical governance team")
                ],
            ),
            Action(
                id="A7",
                what="'Going home' column on the ward whiteboard with checklist ticks",
                owner="Grace Okafor",
                due=d(-40),
                pdca=4,
                status="done",
                done_on=d(-39),
            ),
            Action(
                id="A8",
                what="Patients waiting for transport wait in the discharge lounge, not in bed",
                owner="Sarah Lindqvist",
                due=d(-4),
                pdca=2,
                updates=[
                    Update(date=d(-25), note="Lounge opens 10:00–16:00 only"),
                    Update(date=d(-6), note="Asked for 08:00–20:00; decision at bed meeting"),
                ],
            ),
            Action(
                id="A9",
                what="Discharges before noon on the daily huddle board",
                owner="Grace Okafor",
                due=d(-42),
                pdca=3,
                status="done",
                done_on=d(-42),
            ),
            Action(
                id="A10",
                what="Pharmacy technician on the ward 09:00–12:00 to screen TTOs at the bedside",
                owner="Priya Shah",
                due=d(3),
                pdca=2,
                root_cause="RC3",
                updates=[
                    Update(date=d(-20), note="Tue/Thu trial: TTO turnaround 48 min"),
                    Update(date=d(-13), note="30-day review: needs a funded post to hold"),
                ],
            ),
            Action(
                id="A11",
                what="Train nurses and ward clerks to book patient transport",
                owner="Tom Whitfield",
                due=d(-30),
                pdca=4,
                status="done",
                done_on=d(-31),
            ),
            Action(
                id="A12",
                what="Ward clerk pages housekeeping when the patient leaves, not at shift end",
                owner="Grace Okafor",
                due=d(-35),
                pdca=3,
                status="done",
                done_on=d(-36),
            ),
            Action(
                id="A13",
                what="Pharmacist cover on Saturday mornings",
                owner="Helen Carter",
                due=d(-14),
                pdca=1,
                status="dropped",
                root_cause="RC3",
                updates=[Update(date=d(-13), note="Dropped at the 30-day review: no budget")],
            ),
            Action(
                id="A14",
                what="Re-audit TTOs returned for correction after A1",
                owner="Priya Shah",
                due=d(6),
                pdca=3,
                root_cause="RC1",
            ),
            Action(
                id="A15",
                what="Expected discharge date recorded in the EPR within 24 h of admission",
                owner="Mark Evans",
                due=d(25),
                pdca=1,
                root_cause="RC1",
            ),
            Action(
                id="A16",
                what="Share the board round and transport standard with Wards 8A and 9C",
                owner="Daniel Reyes",
                due=d(20),
                pdca=1,
            ),
        ],
        parking_lot=[
            ParkingItem(
                text="Waits for social-care assessments: needs its own event",
                raised_by="Sarah Lindqvist",
            ),
            ParkingItem(text="Weekend pharmacy cover", raised_by="Priya Shah", resolved=True),
            ParkingItem(
                text="Porters for TTO delivery are shared with theatres",
                raised_by="Tom Whitfield",
                resolved=True,
            ),
        ],
        agenda=[
            AgendaItem(title="Day 1 · Kick-off, charter, patient story", minutes=60, done=True),
            AgendaItem(title="Day 1 · Gemba: follow three discharges", minutes=180, done=True),
            AgendaItem(title="Day 1 · Current-state map and data", minutes=120, done=True),
            AgendaItem(title="Day 2 · Wastes, 5 whys and fishbone", minutes=150, done=True),
            AgendaItem(title="Day 2 · Try-storm on the ward", minutes=240, done=True),
            AgendaItem(title="Day 3 · Standard work and huddle board", minutes=180, done=True),
            AgendaItem(title="Day 3 · Action plan and report-out", minutes=90, done=True),
        ],
        reviews=[
            Review(
                day=30,
                due=review_due(report_out, 30),
                held_on=d(-13),
                verdict="slipping",
                notes=(
                    "Board round and transport booking held. TTO turnaround crept back up "
                    "when the pharmacy technician was on leave; time to leave is 4.4 h against "
                    "3.0. Decided: fund the technician post (A10), chase the EPR letter (A5)."
                ),
                readings={"M1": 4.4, "M2": 24, "M3": 75},
            ),
            Review(day=60, due=review_due(report_out, 60)),
            Review(day=90, due=review_due(report_out, 90)),
        ],
        yokoten=[
            Yokoten(practice="Criteria-led discharge", to_area="Ward 8A", status="adopted"),
            Yokoten(
                practice="08:30 board round with expected discharge dates",
                to_area="Surgical Assessment Unit",
            ),
            Yokoten(
                practice="Transport booked on the ward round",
                to_area="Ward 9C",
                status="declined",
            ),
        ],
        signoffs=[
            SignOff(role="sponsor", name="Helen Carter", date=d(-55)),
            SignOff(role="process_owner", name="Νίκος Παπαδόπουλος", date=d(-52)),
        ],
        # 14 discharges home a day, spread over the 12 hours from 08:00 to 20:00
        takt=Takt(demand=14, available_min=720, period="day", unit="discharges"),
        balance=_discharge_balance(),
        future_steps=[
            ProcessStep(
                name="08:30 board round: expected discharge date and criteria",
                cycle_min=5,
                wait_min=30,
                value="VA",
            ),
            ProcessStep(name="Junior doctor writes TTO", cycle_min=10, wait_min=20, value="NNVA"),
            ProcessStep(
                name="Pharmacy screens and dispenses TTO", cycle_min=20, wait_min=40, value="NNVA"
            ),
            ProcessStep(name="Discharge letter written", cycle_min=15, wait_min=30, value="NNVA"),
            ProcessStep(name="Transport booked", cycle_min=5, wait_min=0, value="NNVA"),
            ProcessStep(
                name="Discharge checklist and patient education",
                cycle_min=15,
                wait_min=10,
                value="VA",
            ),
            ProcessStep(
                name="Bed cleaned and flagged ready", cycle_min=30, wait_min=15, value="NNVA"
            ),
        ],
        experiments=[
            Experiment(
                id="E1",
                date=d(-46),
                tried="Pharmacy technician screens TTOs at the bedside during the ward round",
                result="TTO turnaround 58 min for 6 patients (baseline 190)",
                decision="kept",
                action="A10",
            ),
            Experiment(
                id="E2",
                date=d(-46),
                tried="Book transport on the ward round, before the TTO is ready",
                result="Transport waited for the patient 2 times in 9; cancelling is free",
                decision="kept",
                action="A3",
            ),
            Experiment(
                id="E3",
                date=d(-46),
                tried="Patients waiting for transport wait in the discharge lounge",
                result="Lounge closed before 10:00: 3 of 4 patients went back to bed",
                decision="trying",
                action="A8",
            ),
            Experiment(
                id="E4",
                date=d(-45),
                tried="Nurse writes the discharge letter for short stays",
                result="Consultants will not sign letters they did not write; needs a policy",
                decision="dropped",
            ),
        ],
    )


def _discharge_balance() -> list[WorkElement]:
    """Each role's work per discharge, in minutes (stored in seconds): pharmacy is over takt."""
    elements = [
        ("Doctor", "Decide fit for discharge on the ward round", 5, "VA"),
        ("Doctor", "Write the TTO", 15, "NNVA"),
        ("Doctor", "Correct a TTO returned by pharmacy", 6, "NVA"),
        ("Doctor", "Write the discharge letter", 20, "NNVA"),
        ("Nurse", "Discharge checklist and patient education", 15, "VA"),
        ("Nurse", "Chase the TTO and the letter by phone", 12, "NVA"),
        ("Nurse", "Search for the discharge paperwork", 6, "NVA"),
        ("Nurse", "Wait for the ward clerk to book transport", 4, "NVA"),
        ("Pharmacy", "Screen the TTO", 12, "NNVA"),
        ("Pharmacy", "Dispense and check", 20, "NNVA"),
        ("Pharmacy", "Porter trips to and from the ward", 16, "NVA"),
        ("Pharmacy", "Query the prescriber", 9, "NVA"),
        ("Ward clerk", "Book patient transport", 10, "NNVA"),
        ("Ward clerk", "Page housekeeping", 3, "NNVA"),
    ]
    return [
        WorkElement(operator=who, element=what, seconds=minutes * 60, value=value)
        for who, what, minutes, value in elements
    ]


# --- 3. Invoice approval in accounts payable: planned -------------------------------------------


def _invoice(today: date) -> Event:
    d = _days_from(today)
    start = d(14)
    return Event(
        id=INVOICE_ID,
        title="Supplier invoice approval in Accounts Payable",
        site="Leeds Finance Shared Services",
        area="Accounts Payable",
        value_stream="Procure to pay",
        business_unit="Group Finance",
        status="planned",
        start=start,
        end=d(18),
        report_out=d(18),
        problem=(
            "A supplier invoice takes 18 working days on average from receipt to approval, and "
            "27% of invoices are paid after their due date. Late payments cost early-payment "
            "discounts and two key suppliers have put us on credit hold this year."
        ),
        background=(
            "Invoice volume grew 40% after two sites moved to the shared service centre. "
            "AP handles about 3,100 invoices a month with 9 clerks. Only 61% match purchase "
            "order and goods receipt at the first attempt; the rest are chased by email."
        ),
        target_condition=(
            "An invoice that matches its PO and goods receipt is approved in under 5 working "
            "days without anyone touching it twice; exceptions are visible on one board and "
            "owned by a named person; fewer than 5% of invoices are paid late."
        ),
        scope=Scope(
            first_step="Invoice received (post, email or supplier portal)",
            last_step="Invoice approved and scheduled for payment",
            in_=[
                "PO-backed supplier invoices for the UK entities",
                "Goods-receipt and budget-holder approval steps",
                "Supplier queries about invoice status",
            ],
            out=[
                "Non-PO invoices and expenses",
                "Payment run frequency (treasury decision)",
                "ERP replacement project",
            ],
        ),
        people=[
            Person(name="Rachel Moore", role="sponsor", department="Group Finance"),
            Person(name="Ahmed Khan", role="process_owner", department="Accounts Payable"),
            Person(name="Lucy Brennan", role="team_leader", department="Accounts Payable"),
            Person(
                name="Oliver Grant",
                role="facilitator",
                department="Lean Promotion Office",
                from_line=False,
            ),
            Person(name="Chloe Adams", role="member", department="Accounts Payable"),
            Person(name="Ravi Patel", role="member", department="Procurement"),
            Person(name="James Hughes", role="member", department="Goods receiving"),
            Person(name="Emma Schultz", role="member", department="ERP support"),
        ],
        metrics=[
            Metric(
                id="M1",
                name="Invoice lead time, receipt to approval",
                unit="working days",
                direction="lower",
                baseline=18,
                baseline_date=d(-10),
                baseline_source="ERP invoice log, last 3 months (9,240 invoices)",
                target=5,
            ),
            Metric(
                id="M2",
                name="Invoices paid after due date",
                unit="%",
                direction="lower",
                baseline=27,
                baseline_date=d(-10),
                baseline_source="AP ageing report, last 3 months",
                target=5,
            ),
            Metric(
                id="M3",
                name="First-pass three-way match",
                unit="%",
                direction="higher",
                baseline=61,
                baseline_date=d(-10),
                baseline_source="ERP match exceptions report",
                target=90,
            ),
            Metric(
                id="M4",
                name="Touches per invoice",
                unit="touches",
                direction="lower",
                baseline=7,
                baseline_date=d(-21),
                baseline_source="Sample of 30 invoices traced by hand",
                target=3,
            ),
        ],
        process_steps=[
            ProcessStep(name="Receive and scan invoice", cycle_min=3, wait_min=480, value="NNVA"),
            ProcessStep(name="Key invoice into ERP", cycle_min=6, wait_min=960, value="NNVA"),
            ProcessStep(name="Three-way match", cycle_min=4, wait_min=1440, value="NNVA"),
            ProcessStep(name="Chase missing goods receipt", cycle_min=15, wait_min=2400),
            ProcessStep(name="Route to budget holder", cycle_min=2, wait_min=2880, value="NNVA"),
            ProcessStep(name="Budget holder approves", cycle_min=3, wait_min=0, value="VA"),
            ProcessStep(name="Resolve price or quantity query", cycle_min=20, wait_min=1440),
            ProcessStep(name="Schedule for payment", cycle_min=2, wait_min=0, value="VA"),
        ],
        wastes=[
            Waste(
                type="waiting",
                description="Invoices sit in budget holders' inboxes for 6 days on average",
                step="Route to budget holder",
            ),
            Waste(
                type="overprocessing",
                description="PDF invoices printed, scanned and keyed again",
                step="Key invoice into ERP",
            ),
            Waste(
                type="defects",
                description="39% fail the match, mostly missing goods receipts",
                step="Three-way match",
            ),
            Waste(
                type="motion",
                description="Clerks switch between 4 screens and a shared spreadsheet",
                step="Chase missing goods receipt",
            ),
            Waste(
                type="inventory",
                description="1,800 invoices on hold in the exceptions queue",
                step="Resolve price or quantity query",
            ),
        ],
        root_causes=[
            RootCause(
                id="RC1",
                problem="Invoices fail the three-way match (hypothesis, to test in the event)",
                whys=[
                    "Why do they fail? The goods receipt is missing in the ERP.",
                    "Why missing? Services and direct deliveries to site are not receipted.",
                    "Why not? Site staff do not know they must receipt them.",
                ],
                category="method",
                cause="No goods-receipt step for services and direct deliveries",
                countermeasure="Goods receipt for services and deliveries",
                confirmed=False,
            ),
            RootCause(
                id="RC2",
                problem="Budget holders approve late (hypothesis)",
                whys=[
                    "Why late? Approval requests arrive as emails among hundreds of others.",
                    "Why email? The ERP workflow was switched off after an upgrade.",
                    "Why off? Approval limits were wrong and nobody owned fixing them.",
                ],
                category="machine",
                cause="ERP approval workflow switched off; approvals by email",
                countermeasure="Approvals back in the ERP workflow",
                confirmed=False,
            ),
        ],
        actions=[
            Action(
                id="A1",
                what="Confirm the team and free them from daily work for the 5 days",
                owner="Ahmed Khan",
                due=d(-2),
                pdca=4,
                status="done",
                done_on=d(-3),
            ),
            Action(
                id="A2",
                what="Book the project room with wall space next to the AP team",
                owner="Lucy Brennan",
                due=d(-1),
                pdca=4,
                status="done",
                done_on=d(-5),
            ),
            Action(
                id="A3",
                what="Pull 3 months of invoice data: receipt, match, approval, payment dates",
                owner="Emma Schultz",
                due=d(7),
                pdca=2,
                updates=[Update(date=d(-1), note="Extract running; approval dates incomplete")],
            ),
            Action(
                id="A4",
                what="Collect 20 real problem invoices for the gemba walk",
                owner="Chloe Adams",
                due=d(10),
                pdca=1,
            ),
            Action(
                id="A5",
                what="Brief the 12 largest budget holders; ask for one hour on day 3",
                owner="Rachel Moore",
                due=d(12),
                pdca=0,
            ),
        ],
        parking_lot=[
            ParkingItem(
                text="Supplier portal for e-invoices: on the IT roadmap, out of scope",
                raised_by="Emma Schultz",
            ),
        ],
        agenda=_five_day_agenda(done=False),
        # pre-work: the sponsor has agreed the charter, the process owner not yet
        signoffs=[SignOff(role="sponsor", name="Rachel Moore", date=d(-3))],
        # 620 invoices a day in a 7.5-hour day: one every 43.5 seconds
        takt=Takt(demand=620, available_min=450, period="day", unit="invoices"),
    )
