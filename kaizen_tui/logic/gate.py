"""The close-out gate at report-out: what must be true before an event counts as reported.

Five rules, each with a short id for overrides (``kaizen gate ID --override a3=REASON``):

* ``actions``: every open action has an owner and a due date.
* ``metrics``: the event has at least one metric, and every metric has a baseline and a target.
  (Without one there is nothing to follow up at 30/60/90 days and no verdict to suggest.)
* ``after``: every metric has an after reading, measured during the event (logic/metrics.py):
  the report-out shows what the new process did, not only what it should do.
* ``people``: the team leader and the process owner are named.
* ``a3``: the A3 has been printed at the current revision.

**The A3 rule and revisions.** ``a3_printed_revision`` is the revision shown on the printed page.
Recording the print is itself a save, which moves the event to ``a3_printed_revision + 1``; so the
printed A3 is current while ``revision <= a3_printed_revision + 1`` — any edit after the print
moves the event further on and asks for a reprint. (``==`` also covers a print recorded in memory
and not yet saved.)

A failing rule can be overridden with a reason; the override is recorded on the event with who,
when and what the rule had found, so the LPO sees what was passed on purpose. Passing — every rule
passed or overridden — moves the event from live to reported, sets the report-out date to today
when it has none, and schedules the reviews on report-out + each of the event's ``review_days``
(default: the data folder's ``review_days`` setting).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.metrics import after_reading, format_number
from kaizen_tui.logic.reviews import review_days_of, schedule_reviews
from kaizen_tui.logic.transitions import IllegalMove, label, record_move
from kaizen_tui.logic.words import join_and, plural
from kaizen_tui.model import REVIEW_DAYS_DEFAULT, Closeout, Event, GateOverride

RULES: dict[str, str] = {
    "actions": "Every open action has an owner and a due date",
    "metrics": "Every metric has a baseline and a target",
    "after": "Every metric has an after reading, measured during the event",
    "people": "The team leader and the process owner are named",
    "a3": "The A3 is printed at the current revision",
}


@dataclass(frozen=True, slots=True)
class GateCheck:
    """One line of the checklist."""

    rule: str  # a key of RULES
    title: str  # RULES[rule]
    passed: bool
    message: str  # what was found, naming the items: "A4 and A7 have no due date"
    items: tuple[str, ...] = ()  # ids of the offending actions or metrics, for a screen to jump to


class GateNotPassed(KaizenError):
    """The gate has failing rules that were not overridden."""

    def __init__(self, message: str, checks: list[GateCheck]) -> None:
        super().__init__(message)
        self.checks = checks


def _have(ids: list[str], what: str) -> str:
    return f"{join_and(ids)} {'has' if len(ids) == 1 else 'have'} {what}"


def _lacking(rule: str, lacks: list[tuple[list[str], str]]) -> GateCheck | None:
    """The failing check naming which items lack what ("A4 has no owner; A4 and A7 have no due
    date"), with every such item once; None when nothing lacks anything."""
    problems = [_have(ids, what) for ids, what in lacks if ids]
    if not problems:
        return None
    items = tuple(dict.fromkeys(item for ids, _ in lacks for item in ids))
    return GateCheck(rule, RULES[rule], False, "; ".join(problems), items)


def check_actions(event: Event) -> GateCheck:
    open_actions = [a for a in event.actions if a.status == "open"]
    no_owner = [a.id for a in open_actions if not a.owner.strip()]
    no_due = [a.id for a in open_actions if a.due is None]
    failed = _lacking("actions", [(no_owner, "no owner"), (no_due, "no due date")])
    if failed:
        return failed
    if not open_actions:
        return GateCheck("actions", RULES["actions"], True, "no open actions")
    if len(open_actions) == 1:
        message = f"{open_actions[0].id} has an owner and a due date"
    else:
        message = f"{plural(len(open_actions), 'open action')}, each with an owner and a due date"
    return GateCheck("actions", RULES["actions"], True, message)


def check_metrics(event: Event) -> GateCheck:
    if not event.metrics:
        return GateCheck(
            "metrics",
            RULES["metrics"],
            False,
            "no metrics yet: add at least one, with a baseline and a target, to follow up on",
        )
    no_baseline = [m.id for m in event.metrics if m.baseline is None]
    no_target = [m.id for m in event.metrics if m.target is None]
    failed = _lacking("metrics", [(no_baseline, "no baseline"), (no_target, "no target")])
    if failed:
        return failed
    if len(event.metrics) == 1:
        message = f"{event.metrics[0].id} has a baseline and a target"
    else:
        message = f"{plural(len(event.metrics), 'metric')}, each with a baseline and a target"
    return GateCheck("metrics", RULES["metrics"], True, message)


def check_after(event: Event) -> GateCheck:
    if not event.metrics:
        return GateCheck("after", RULES["after"], False, "no metrics to measure yet")
    afters = [(m, after_reading(event, m)) for m in event.metrics]
    failed = _lacking("after", [([m.id for m, r in afters if r is None], "no after reading")])
    if failed:
        return failed
    shown = [
        f"{m.id} {format_number(m.baseline)} → {format_number(r.value)}"
        for m, r in afters
        if r is not None
    ]
    return GateCheck("after", RULES["after"], True, "; ".join(shown))


def check_people(event: Event) -> GateCheck:
    leader = event.first_name_with_role("team_leader")
    owner = event.first_name_with_role("process_owner")
    missing = [
        role for role, name in (("team leader", leader), ("process owner", owner)) if not name
    ]
    if missing:
        return GateCheck("people", RULES["people"], False, f"no {join_and(missing, 'or')} named")
    return GateCheck(
        "people", RULES["people"], True, f"team leader {leader}, process owner {owner}"
    )


def a3_is_current(event: Event) -> bool:
    """The printed A3 shows this revision (see the module doc for the +1)."""
    printed = event.a3_printed_revision
    return printed is not None and event.revision <= printed + 1


def check_a3(event: Event) -> GateCheck:
    printed = event.a3_printed_revision
    if printed is None:
        return GateCheck("a3", RULES["a3"], False, "the A3 has not been printed yet")
    if not a3_is_current(event):
        return GateCheck(
            "a3",
            RULES["a3"],
            False,
            f"the A3 was printed at revision {printed}; the event has changed since "
            f"(revision {event.revision}): print it again",
        )
    return GateCheck("a3", RULES["a3"], True, f"printed at revision {printed}")


def check_gate(event: Event) -> list[GateCheck]:
    """The checklist, in the order a facilitator works through it."""
    return [
        check_actions(event),
        check_metrics(event),
        check_after(event),
        check_people(event),
        check_a3(event),
    ]


def outstanding(checks: Iterable[GateCheck], overrides: Mapping[str, str]) -> list[GateCheck]:
    """Failing checks without an override reason."""
    return [c for c in checks if not c.passed and not overrides.get(c.rule, "").strip()]


def check_overrides(overrides: Mapping[str, str]) -> None:
    for rule, reason in overrides.items():
        if rule not in RULES:
            raise KaizenError(f"no gate rule {rule!r}; the rules are {', '.join(RULES)}")
        if not reason.strip():
            raise KaizenError(f"overriding the {rule} rule needs a reason")


def gate_refusal(event: Event) -> str | None:
    """Why the gate cannot be run on this event at all (wrong status), or None."""
    name = event.id or "the event"
    if event.status == "live":
        return None
    if event.status == "planned":
        return f"{name} is planned: start it first (move it to live)"
    if event.status in ("reported", "following_up", "closed"):
        when = f" on {event.closeout.passed_on}" if event.closeout else ""
        return f"{name} passed the close-out gate already{when}; it is {label(event.status)}"
    return f"{name} is {label(event.status)}; the close-out gate is for a live event"


def report_out_on_pass(event: Event, today: date) -> date:
    """The report-out date passing the gate today would record: the gate is passed at the
    report-out, so a planned date still ahead (or none) means today; a past one is kept."""
    if event.report_out is None or event.report_out > today:
        return today
    return event.report_out


def date_problem(event: Event, today: date) -> str | None:
    """Why the dates stop the gate from passing today (a report-out before the start)."""
    report_out = report_out_on_pass(event, today)
    if event.start and report_out < event.start:
        return (
            f"the report-out ({report_out}) would be before the event starts ({event.start}); "
            "fix the dates first"
        )
    return None


def reviews_on_pass(
    event: Event, today: date, default_days: Iterable[int] = REVIEW_DAYS_DEFAULT
) -> list[tuple[int, date]]:
    """The (day, due date) of each review passing the gate today would schedule, for the gate
    screen to say before the facilitator passes it."""
    report_out = report_out_on_pass(event, today)
    days = review_days_of(event, default_days)
    return [(r.day, r.due or report_out) for r in schedule_reviews(event.reviews, report_out, days)]


def close_out(
    event: Event,
    *,
    today: date,
    overrides: Mapping[str, str] | None = None,
    by: str = "",
    default_days: Iterable[int] = REVIEW_DAYS_DEFAULT,
) -> Event:
    """Pass the gate: a copy of a live ``event`` moved to reported, with its reviews scheduled
    and the close-out (and any overrides) recorded. Raises GateNotPassed naming every failing
    rule that has no override, or KaizenError when the event is not live."""
    overrides = dict(overrides or {})
    refusal = gate_refusal(event)
    if refusal:
        raise IllegalMove(refusal)
    check_overrides(overrides)
    checks = check_gate(event)
    blocking = outstanding(checks, overrides)
    if blocking:
        found = "; ".join(c.message for c in blocking)
        rules = join_and([c.rule for c in blocking])
        raise GateNotPassed(
            f"the close-out gate is not passed: {found} (fix it, or override {rules} with a "
            "reason)",
            checks,
        )
    problem = date_problem(event, today)
    if problem:
        raise KaizenError(problem)
    report_out = report_out_on_pass(event, today)
    passed = record_move(event, "reported", today=today, by=by, reason="close-out gate passed")
    passed.report_out = report_out
    days = review_days_of(event, default_days)
    passed.reviews = schedule_reviews(event.reviews, report_out, days)
    recorded = [
        GateOverride(
            rule=c.rule, reason=overrides[c.rule].strip(), by=by, date=today, finding=c.message
        )
        for c in checks
        if not c.passed
    ]
    passed.closeout = Closeout(passed_on=today, by=by, overrides=recorded)
    return passed
