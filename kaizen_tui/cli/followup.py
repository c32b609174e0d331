"""The follow-up commands: ``kaizen followups`` (what needs attention), ``gate`` (the close-out
gate), ``status`` (moving an event on) and ``review`` (recording a held review)."""

from __future__ import annotations

import shutil
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from kaizen_tui.cli.context import Context, complete_event_id, fail, pass_ctx
from kaizen_tui.cli.output import data_stream, no_gc_pauses
from kaizen_tui.logic.words import one_line

if TYPE_CHECKING:
    from kaizen_tui.logic.attention import Attention


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (docs/cli.md).")
@click.option(
    "--within",
    "within_days",
    type=click.IntRange(0, 365),
    default=7,
    show_default=True,
    metavar="DAYS",
    help="Count as due soon what falls due up to DAYS days ahead.",
)
@pass_ctx
def followups(ctx: Context, as_json: bool, within_days: int) -> None:
    """Reviews and actions overdue or due soon, across all events, by owner."""
    from kaizen_tui.cli.events import tell_problems
    from kaizen_tui.logic.attention import needs_attention

    with no_gc_pauses():
        attention = needs_attention(ctx.store.db(), ctx.today, within_days=within_days)
        if as_json:
            from kaizen_tui.jsonout import iter_json

            data_stream(iter_json(attention.as_json()), json=True)
        else:
            _print_attention(attention)
    tell_problems(ctx)


def _print_attention(attention: Attention) -> None:
    from rich.cells import cell_len, set_cell_size

    from kaizen_tui.logic.attention import due_words

    horizon = attention.today.toordinal() + attention.within_days
    by = date.fromordinal(horizon).isoformat()
    if not attention.groups:
        click.echo(f"Nothing needs attention: no review or action is overdue or due by {by}.")
        return
    click.echo(f"Overdue, or due by {by} (today is {attention.today}):")
    id_width = min(20, max(cell_len(i.event_id) for i in attention.items))
    # "in 6 days" fits 15; a year-old item's "350 days overdue" widens the column, never cut
    when_width = max(15, max(cell_len(due_words(i.days)) for i in attention.items))
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    for group in attention.groups:
        counts = [f"{group.overdue} overdue"] if group.overdue else []
        counts += [f"{group.due_soon} due soon"] if group.due_soon else []
        click.echo(f"\n{one_line(group.owner) or '(no owner)'} · {', '.join(counts)}")
        for item in group.items:
            when = due_words(item.days)
            what = (
                f"{item.label} · {item.event_title}"
                if item.kind == "review"
                else f"{item.label} · {item.what}"
            )
            line = (
                f"  {item.due}  {set_cell_size(when, when_width)}  "
                f"{set_cell_size(item.event_id, id_width)}  {what}"
            )
            line = one_line(line)  # a line feed in a title would break the list
            if cell_len(line) > width:
                line = set_cell_size(line, width - 1) + "…"
            click.echo(line)


@click.command()
@click.argument("event_id", metavar="ID", shell_complete=complete_event_id)
@click.option(
    "--override",
    "overrides",
    multiple=True,
    metavar="RULE=REASON",
    help="Pass a failing rule on purpose; the reason is recorded. Repeatable.",
)
@click.option("--check", is_flag=True, help="Only show the checklist; change nothing.")
@pass_ctx
def gate(ctx: Context, event_id: str, overrides: tuple[str, ...], check: bool) -> None:
    """The close-out gate at report-out: check it and, when it passes, move the event to
    reported and schedule its reviews.

    Rules: actions (every open action has an owner and a due date), metrics (every metric has a
    baseline and a target), people (team leader and process owner named), a3 (the A3 printed at
    the current revision).
    """
    from kaizen_tui.logic import gate as gate_logic
    from kaizen_tui.logic.transitions import IllegalMove

    reasons = _pairs(overrides, "--override", "RULE=REASON")
    gate_logic.check_overrides(reasons)
    event = ctx.store.load(event_id)
    refusal = gate_logic.gate_refusal(event)
    if refusal:
        hint = f": kaizen status {event.id} live" if event.status == "planned" else ""
        raise IllegalMove(refusal + hint)
    checks = gate_logic.check_gate(event)
    click.echo(f"Close-out gate · {event.id} · {event.title}")
    for item in checks:
        reason = reasons.get(item.rule, "").strip()
        mark = "✓" if item.passed else ("~" if reason else "✗")
        click.echo(f"  {mark} {item.rule:<8} {item.title}: {item.message}")
        if reason and not item.passed:
            click.echo(f"    {'':<8} overridden: {reason}")
    blocking = gate_logic.outstanding(checks, reasons)
    if check:
        if blocking:
            fail(f"the gate would not pass: {'; '.join(c.message for c in blocking)}")
        click.echo("The gate would pass.")
        return
    passed = gate_logic.close_out(
        event,
        today=ctx.today,
        overrides=reasons,
        by=ctx.config.user_name,
        default_days=ctx.config.review_days,
    )
    saved = ctx.store.save(passed)
    dates = ", ".join(f"{r.day}-day {r.due}" for r in saved.reviews if r.held_on is None)
    click.echo(f"{saved.id} is reported (report-out {saved.report_out}). Reviews: {dates}.")


def _pairs(values: tuple[str, ...], option: str, shape: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            fail(f"{option} {value!r}: write it as {shape}")
        pairs[key.strip()] = rest
    return pairs


@click.command()
@click.argument("event_id", metavar="ID", shell_complete=complete_event_id)
@click.argument("new_status", metavar="STATUS", required=False)
@click.option("--reason", default="", help="Why (needed to abandon, and for every move back).")
@pass_ctx
def status(ctx: Context, event_id: str, new_status: str | None, reason: str) -> None:
    """Show an event's status and where it can go, or move it to STATUS.

    STATUS is one of planned, live, reported, following_up, closed, abandoned. An event becomes
    reported through `kaizen gate`; closing needs the last review held with the verdict sustained.
    """
    from kaizen_tui.logic.transitions import (
        change_status,
        label,
        move_problems,
        needs_reason,
        targets,
    )

    event = ctx.store.load(event_id)
    if new_status is None:
        click.echo(f"{event.id} is {label(event.status)}")
        if event.status_reason:
            click.echo(f"  reason: {event.status_reason}")
        for to in targets(event):
            # a placeholder reason, so the list shows the conditions beyond the reason
            problems = move_problems(event, to, reason="given")
            if problems:
                note = problems[0]
            else:
                note = "possible, with --reason" if needs_reason(event, to) else "possible"
            click.echo(f"  → {to}: {note}")
        return
    new_status = new_status.strip().lower().replace(" ", "_").replace("-", "_")
    problems = move_problems(event, new_status, reason=reason)
    if problems:
        hint = ""
        if event.status == "live" and new_status == "reported":
            hint = f": kaizen gate {event.id}"
        elif problems[0].endswith("needs a reason"):
            hint = " (--reason TEXT)"
        fail(problems[0] + hint)
    moved = change_status(
        event, new_status, today=ctx.today, reason=reason, by=ctx.config.user_name
    )
    saved = ctx.store.save(moved)
    click.echo(f"{saved.id}: {label(event.status)} → {label(saved.status)}")


@click.command()
@click.argument("event_id", metavar="ID", shell_complete=complete_event_id)
@click.argument("day", type=int)
@click.option(
    "--held-on", default="today", show_default=True, metavar="DATE", help="When it was held."
)
@click.option(
    "--reading", "readings", multiple=True, metavar="METRIC=VALUE", help="e.g. M1=41. Repeatable."
)
@click.option(
    "--action",
    "action_specs",
    multiple=True,
    metavar="ID=CHANGE",
    help=(
        "An action update: A4=done, A4=open, 'A5=dropped:REASON', A6=due:DATE, A3=pdca:0-4, "
        "'A3=note:TEXT'. Repeatable."
    ),
)
@click.option("--notes", default="", help="What the review found and decided.")
@click.option(
    "--verdict",
    type=click.Choice(["sustained", "slipping", "lost"]),
    help="Your verdict (default: the one the readings suggest).",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Hold a review that was held already again; its earlier record is kept as superseded.",
)
@pass_ctx
def review(
    ctx: Context,
    event_id: str,
    day: int,
    held_on: str,
    readings: tuple[str, ...],
    action_specs: tuple[str, ...],
    notes: str,
    verdict: str | None,
    replace: bool,
) -> None:
    """Record a held follow-up review: readings, action updates, notes and a verdict. A review
    held already is only recorded again with --replace (the earlier record is kept)."""
    from kaizen_tui.logic.dates import parse_user_date
    from kaizen_tui.logic.followup import (
        AlreadyHeld,
        ReviewRecord,
        VerdictNeeded,
        hold_review,
        suggestion_for,
    )
    from kaizen_tui.logic.numbers import parse_number
    from kaizen_tui.logic.transitions import close_problems

    try:
        held = parse_user_date(held_on, ctx.today)
    except ValueError as err:
        fail(f"--held-on: {err}")
    values: dict[str, float] = {}
    for metric_id, raw in _pairs(readings, "--reading", "METRIC=VALUE").items():
        try:
            value = parse_number(raw)
        except ValueError as err:  # the rule of every numeric field: 1,200 is asked about
            fail(f"--reading {metric_id}: {err}")
        if value is None:
            fail(f"--reading {metric_id}=: give the reading, e.g. {metric_id}=1200.5")
        values[metric_id] = value
    record = ReviewRecord(
        day=day,
        held_on=held,
        readings=values,
        actions=_action_updates(action_specs, ctx.today),
        notes=notes,
        verdict=verdict,  # type: ignore[arg-type]
        by=ctx.config.user_name,
    )
    event = ctx.store.load(event_id)
    try:
        held_event = hold_review(event, record, today=ctx.today, replace=replace)
    except AlreadyHeld as err:
        fail(f"{err}; --replace records this one instead and keeps that one as superseded")
    except VerdictNeeded as err:
        fail(
            f"no verdict to suggest ({err.reason}): give the readings with --reading "
            "METRIC=VALUE, or choose with --verdict sustained|slipping|lost"
        )
    saved = ctx.store.save(held_event)
    held_review = next(r for r in saved.reviews if r.day == day)
    suggested = held_review.suggested_verdict or "none"
    click.echo(
        f"{saved.id}: {day}-day review held on {held_review.held_on}, verdict "
        f"{held_review.verdict} (suggested {suggested})"
    )
    if held_review.superseded:
        earlier = held_review.superseded[-1]
        click.echo(
            f"  replaces the record of {earlier.held_on} ({earlier.verdict or 'no verdict'}), "
            "kept as superseded"
        )
    for judged in suggestion_for(saved, held_review.readings).metrics:
        metric = saved.metric(judged.metric_id)
        unit = f" {metric.unit}" if metric and metric.unit else ""
        unit = "%" if unit == " %" else unit
        if judged.reading is None:
            click.echo(f"  {judged.metric_id} {judged.name}: {judged.why}")
            continue
        verdict_note = f" ({judged.verdict})" if judged.verdict else ""
        click.echo(
            f"  {judged.metric_id} {judged.name}: {judged.reading:g}{unit} — "
            f"{judged.why}{verdict_note}"
        )
    if held_review.verdict == "lost":
        click.echo("The gains are lost: add an action, or plan a re-run of the event.")
    elif saved.status == "following_up" and not close_problems(saved):
        click.echo(f"{saved.id} can be closed: kaizen status {saved.id} closed")


def _action_updates(specs: tuple[str, ...], today: date) -> list[Any]:
    """``A4=done``, ``A5=dropped:REASON``, ``A6=due:DATE``, ``A3=pdca:2``, ``A3=note:TEXT``;
    several specs for one action are merged into one update."""
    from kaizen_tui.logic.dates import parse_user_date
    from kaizen_tui.logic.followup import ActionUpdate

    fields: dict[str, dict[str, Any]] = {}
    for spec in specs:
        action_id, sep, change = spec.partition("=")
        action_id = action_id.strip()
        if not sep or not action_id or not change.strip():
            fail(f"--action {spec!r}: write it as ID=CHANGE, e.g. A4=done or A6=due:2027-01-15")
        kind, _, arg = change.partition(":")
        kind = kind.strip().lower()
        got = fields.setdefault(action_id, {})
        if kind in ("done", "open"):
            got["status"] = kind
        elif kind == "dropped":
            got["status"], got["reason"] = "dropped", arg
        elif kind == "due":
            try:
                got["due"] = parse_user_date(arg, today)
            except ValueError as err:
                fail(f"--action {spec!r}: {err}")
        elif kind == "pdca":
            if not arg.strip().isdigit() or not 0 <= int(arg) <= 4:
                fail(f"--action {spec!r}: PDCA is a step from 0 to 4")
            got["pdca"] = int(arg)
        elif kind == "note":
            got["note"] = arg
        else:
            fail(
                f"--action {spec!r}: the change is done, open, dropped:REASON, due:DATE, "
                "pdca:0-4 or note:TEXT"
            )
    return [ActionUpdate(action_id, **values) for action_id, values in fields.items()]
