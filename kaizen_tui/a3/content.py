"""Each A3 section built once from the event, as renderer-neutral blocks (a3/blocks.py).

The PDF and the Markdown both draw what ``a3_content`` returns, so a change of content is one edit
here. Facts shared with other views (action states, review lines, quantities) come from
``a3/facts.py`` and ``logic/``. To add a section or a block to one, see docs/a3.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kaizen_tui.a3 import facts
from kaizen_tui.a3.blocks import (
    A3Content,
    ActionsBar,
    Aside,
    BalanceBar,
    Block,
    ChartPoint,
    Charts,
    Column,
    FlowBar,
    Heading,
    MetricChart,
    Para,
    Pdca,
    QrCode,
    Row,
    Section,
    Span,
    Stack,
    Stamp,
    Table,
    Title,
    Tone,
    Yamazumi,
    b,
    para,
    t,
)
from kaizen_tui.logic.actions import PDCA_LABELS, count_actions, last_update, shown_pdca
from kaizen_tui.logic.balance import balance_of, format_seconds
from kaizen_tui.logic.flow import compare_flows, flow_of, format_minutes, format_ratio
from kaizen_tui.logic.metrics import after_reading, format_number
from kaizen_tui.logic.smed import changeover_of, minutes_after, state_after
from kaizen_tui.logic.trend import metric_trend
from kaizen_tui.logic.words import join_and, plural
from kaizen_tui.model import FISHBONE_DEFAULT, ROLE_LABELS, SIGNOFF_ROLES, Event, Metric

MAX_OVERDUE_LISTED = 8  # under the QR code; the action plan lists them all
COUNTERMEASURE_WORDS = 8  # a cause quoted in box 5 when no countermeasure is written

STATE_TONES: dict[str, Tone] = {
    "overdue": "bad",
    "due_soon": "warn",
    "done": "good",
    "dropped": "muted",
}
VERDICT_TONES: dict[str, Tone] = {"sustained": "good", "slipping": "warn", "lost": "bad"}
STEP_TONES: dict[str, Tone] = {"VA": "good", "NVA": "bad"}
YOKOTEN_TONES: dict[str, Tone] = {"adopted": "good", "declined": "muted"}
DECISION_TONES: dict[str, Tone] = {"kept": "good", "dropped": "muted", "trying": "warn"}


def a3_content(
    event: Event,
    *,
    today: date,
    url: str,
    categories: Sequence[str] = FISHBONE_DEFAULT,
) -> A3Content:
    """Every section of the event's A3, in reading order: header, 1–8, the QR column."""
    e = event
    titles = facts.SECTION_TITLES
    sections = (
        Section("header", "", e.title, _header(e, today)),
        Section("qr", "", "Live action list", _qr_column(e, today, url)),
        Section("1", "1", titles["1"], _background(e)),
        Section("2", "2", titles["2"], _current(e)),
        Section("3", "3", titles["3"], _target(e)),
        Section("4", "4", titles["4"], _root_causes(e, categories)),
        Section("5", "5", titles["5"], _countermeasures(e, today)),
        Section("6", "6", titles["6"], _actions(e, today)),
        Section("7", "7", titles["7"], _results(e, today)),
        Section("8", "8", titles["8"], _followup(e, today)),
    )
    hint = f"kaizen export {e.id} --markdown" if e.id else "kaizen export ID --markdown"
    return A3Content(e.id, e.title, sections, export_hint=hint)


def _nothing(text: str) -> Para:
    return para(text, style="muted")


def _labelled(label: str, text: str) -> Para:
    return para(b(label), " ", text, ref=label)


# -- header ----------------------------------------------------------------------------------------


def _header(e: Event, today: date) -> tuple[Block, ...]:
    first: list[str | Span] = [b(e.id)] if e.id else []
    for label, value in facts.header_facts(e):
        if first:
            first.append(" · ")
        if label:
            first += [t(label, "muted"), " "]
        first.append(value)
    blocks: list[Block] = [Title(e.title), para(*first)]
    roles: list[str | Span] = []
    signing = {ROLE_LABELS[role]: role for role in SIGNOFF_ROLES}
    for label, names in facts.role_lines(e):
        if roles:
            roles.append(" · ")
        roles += [t(label, "muted"), " "]
        for n, name in enumerate(names):
            roles += ([", "] if n else []) + [b(name)]
        if label in signing:
            roles += _signoff(e, signing.pop(label), names)
    for role in signing.values():  # agreed by someone the charter does not list in that role
        if e.signoff(role) is not None:
            roles += [" · " if roles else "", t(ROLE_LABELS[role], "muted"), " "]
            roles += _signoff(e, role, [])
    if roles:
        blocks.append(para(*roles))
    team = facts.team_members(e)
    if team:
        members: list[str | Span] = [t("Team", "muted"), " "]
        for n, member in enumerate(team):
            members += ([" · "] if n else []) + [member]
        blocks.append(para(*members, ref="Team"))
    blocks.append(Stamp(e.revision, today))
    return tuple(blocks)


def _signoff(e: Event, role: str, names: Sequence[str]) -> list[str | Span]:
    """The charter sign-off beside the sponsor's or process owner's name in the header: ``✓
    agreed 2026-10-21`` (with the name when someone else agreed), or that it is not agreed yet.
    On the roles' line, so the header does not grow a line (issue 13)."""
    signed = e.signoff(role)
    if signed is None:
        return [t(" (charter not agreed yet)", "warn")]
    who = "" if signed.name in names else f"by {signed.name} "
    return [t(f" ✓ agreed {who}{facts.iso(signed.date)}", "good")]


# -- 1 Background / problem ------------------------------------------------------------------------


def _background(e: Event) -> tuple[Block, ...]:
    blocks: list[Block] = []
    if e.problem.strip():
        blocks.append(_labelled("Problem", e.problem))
    if e.background.strip():
        blocks.append(_labelled("Background", e.background))
    scope = e.scope
    lines: list[Block] = []
    if scope.first_step.strip() or scope.last_step.strip():
        lines.append(
            para(b("Scope"), f" from “{scope.first_step or '…'}” to “{scope.last_step or '…'}”")
        )
    if scope.in_:
        lines.append(para(b("In"), " ", "; ".join(scope.in_), ref="Scope in"))
    if scope.out:
        lines.append(para(b("Out"), " ", "; ".join(scope.out), ref="Scope out"))
    if lines:
        blocks.append(Stack(tuple(lines)))
    return tuple(blocks) or (_nothing("No problem statement or background recorded yet."),)


# -- 2 Current condition ---------------------------------------------------------------------------


def _current(e: Event) -> tuple[Block, ...]:
    blocks: list[Block] = []
    if e.changeover:
        # a changeover is measured by its internal time, not a VA ratio (every step of it is
        # waiting for the machine): its SMED breakdown stands for the process steps
        blocks.append(_changeover(e))
    elif e.process_steps:
        rows = []
        for n, step in enumerate(e.process_steps, 1):
            tone = STEP_TONES.get(step.value)
            rows.append(
                Row(
                    (
                        (para(str(n)),),
                        (para(step.name),),
                        (para(Span(step.value, bold=step.value == "VA", tone=tone)),),
                        (para(format_minutes(step.cycle_min)),),
                        (para(format_minutes(step.wait_min)),),
                    )
                )
            )
        blocks.append(
            Table(
                (
                    Column("#", "short"),
                    Column("Process step", "text", 5.0),
                    Column("Type", "short"),
                    Column("Work", "short", align="right"),
                    Column("Wait", "short", align="right"),
                ),
                tuple(rows),
                name="process steps",
            )
        )
        flow = flow_of(e.process_steps)
        other = max(0.0, flow.cycle_min - flow.va_min)
        total = (flow.va_min + other + flow.wait_min) or 1.0
        legend = tuple(
            f"{label} {format_minutes(value)} ({value / total:.0%})"
            for label, value in (
                ("Value-adding", flow.va_min),
                ("Other work", other),
                ("Waiting", flow.wait_min),
            )
        )
        blocks.append(
            Stack(
                (
                    para(
                        Span(f"Lead time {format_minutes(flow.lead_time_min)}", True, nobreak=True),
                        f" = work {format_minutes(flow.cycle_min)} + waiting "
                        f"{format_minutes(flow.wait_min)} · value-adding "
                        f"{format_minutes(flow.va_min)} · ",
                        Span(f"VA ratio {format_ratio(flow.va_ratio)}", True, nobreak=True),
                    ),
                    FlowBar(flow.va_min, other, flow.wait_min, legend),  # type: ignore[arg-type]
                )
            )
        )
    if e.wastes:
        rows = []
        for waste in e.wastes:
            where = [t(f" ({waste.step})", "muted")] if waste.step.strip() else []
            rows.append(
                Row(
                    (
                        (para(b(facts.WASTE_LABELS[waste.type])),),
                        (para(waste.description, *where),),
                    )
                )
            )
        table = Table(
            (Column("Waste", "key", cap=0.35), Column("What we saw (where)", "text", 5.0)),
            tuple(rows),
            name="wastes",
        )
        blocks.append(Stack((Heading("Main wastes"), table)))
    if e.takt is not None or e.balance:
        blocks.append(_balance(e))
    if e.future_steps:
        blocks.append(_future(e))
    return tuple(blocks) or (_nothing("Current state not mapped yet."),)


def _count(value: float) -> str:
    """``5,400``, ``12.5``: demand and minutes as people write them."""
    return f"{value:,.0f}" if value == int(value) else format_number(value)


def _minutes(value: float) -> str:
    return f"{format_number(round(value, 1))} min"


def _changeover(e: Event) -> Block:
    co = changeover_of(e.changeover)
    summary: list[str | Span] = [
        Span(f"Changeover {_minutes(co.before)} → {_minutes(co.after)}", True, nobreak=True)
    ]
    if co.reduction is not None and co.saved:
        summary.append(b(f" ({-co.reduction:+.0%})", "good" if co.saved > 0 else "bad"))
    summary.append(
        f" with the machine stopped · external work {_minutes(co.before_external)} → "
        f"{_minutes(co.after_external)}"
    )
    moves = []
    if co.converted:
        moves.append(f"{plural(len(co.converted), 'element')} converted to external")
    if co.removed:
        moves.append(f"{len(co.removed)} removed")
    if co.undecided:
        moves.append(f"{co.undecided} not decided yet")
    if moves:
        summary.append(" · " + ", ".join(moves))
    rows = []
    short = {"internal": "int", "external": "ext", "removed": "removed"}
    for n, element in enumerate(e.changeover, 1):
        after = state_after(element)
        was = short[element.kind]
        if element.after is None:
            moved = para(was, t(" → ?", "muted"))
        elif after == element.kind:
            moved = para(was)
        elif element.kind == "internal" and after == "external":
            moved = para(was, b(" → ext", "good"))
        else:
            moved = para(was, t(f" → {short[after]}", "muted" if after == "removed" else None))
        before_min = format_number(round(element.minutes, 1))
        after_min = "–" if after == "removed" else format_number(round(minutes_after(element), 1))
        rows.append(
            Row(
                (
                    (para(str(n)),),
                    (para(Span(element.name, strike=after == "removed")),),
                    (moved,),
                    (para(f"{before_min} → {after_min}"),),
                ),
                ref=f"changeover {n}",
            )
        )
    table = Table(
        (
            Column("#", "short"),
            Column("Changeover element (SMED)", "text", 5.0),
            Column("Int / ext", "short"),
            Column("Min", "short", align="right"),
        ),
        tuple(rows),
    )
    return Stack((para(*summary, ref="Changeover"), table))


def _balance(e: Event) -> Block:
    balance = balance_of(e.balance, e.takt)
    takt = e.takt
    line: list[str | Span] = []
    if takt is not None and balance.takt_s is not None:
        unit = f" {takt.unit}" if takt.unit.strip() else ""
        line += [
            Span(f"Takt {format_seconds(balance.takt_s)}", True, nobreak=True),
            f" = {_count(takt.available_min)} min ÷ {_count(takt.demand)}{unit} "
            f"a {takt.period or 'period'}",
        ]
    neck = balance.bottleneck
    if neck is not None:
        if line:
            line.append(" · ")
        line += [f"cycle {format_seconds(neck.seconds)} ({neck.operator})"]
        if balance.balance_ratio is not None and len(balance.loads) > 1:
            line.append(f" · balance {balance.balance_ratio:.0%}")
    over = {load.operator for load in balance.over_takt}
    if over:
        line += [" · ", b(f"over takt: {join_and(sorted(over))}", "bad")]
    blocks: list[Block] = [Heading("Takt and operator balance"), para(*line, ref="Takt")]
    if balance.loads:
        blocks.append(
            Yamazumi(
                tuple(
                    BalanceBar(
                        load.operator,
                        load.va_s,
                        load.nnva_s,
                        load.nva_s,
                        format_seconds(load.seconds),
                        load.operator in over,
                    )
                    for load in balance.loads
                ),
                balance.takt_s,
                f"takt {format_seconds(balance.takt_s)}" if balance.takt_s else "",
                ("value-adding", "other work", "waste"),
            )
        )
    return Stack(tuple(blocks))


def _future(e: Event) -> Block:
    change = compare_flows(e.process_steps, e.future_steps)
    before, after = change.before, change.after
    line: list[str | Span] = [
        Span(
            f"Lead time {format_minutes(before.lead_time_min)} → "
            f"{format_minutes(after.lead_time_min)}",
            True,
            nobreak=True,
        )
    ]
    if change.lead_time_cut is not None and change.lead_time_saved_min:
        line.append(
            b(
                f" ({-change.lead_time_cut:+.0%})",
                "good" if change.lead_time_saved_min > 0 else "bad",
            )
        )
    line += [
        " · ",
        Span(
            f"VA ratio {format_ratio(before.va_ratio)} → {format_ratio(after.va_ratio)}",
            nobreak=True,
        ),
        f" · steps {before.steps} → {after.steps}",
    ]
    blocks: list[Block] = [Heading("Future state (after the event)"), para(*line, ref="Future")]
    if change.removed:
        blocks.append(
            para(
                t("Removed: ", "muted"),
                *[Span(name, strike=True, tone="muted") for name in _joined(change.removed)],
                style="muted",
                ref="Future removed",
            )
        )
    if change.added:
        blocks.append(para(t("New: ", "muted"), "; ".join(change.added), ref="Future new"))
    return Stack(tuple(blocks))


def _joined(names: Sequence[str]) -> list[str]:
    """Names with "; " between them, as separate texts (each struck through on its own)."""
    out: list[str] = []
    for n, name in enumerate(names):
        out.append(name + ("; " if n < len(names) - 1 else ""))
    return out


# -- 3 Target --------------------------------------------------------------------------------------


def _target(e: Event) -> tuple[Block, ...]:
    blocks: list[Block] = []
    if e.target_condition.strip():
        blocks.append(_labelled("Target condition", e.target_condition))
    if e.metrics:
        rows = []
        for m in e.metrics:
            source = ", ".join(
                part
                for part in (
                    facts.iso(m.baseline_date) if m.baseline_date else "",
                    m.baseline_source,
                )
                if part.strip()
            )
            name: list[Para] = [para(b(m.id), " ", m.name)]
            if source:
                name.append(para("baseline: " + source, style="muted"))
            after = after_reading(e, m)
            rows.append(
                Row(
                    (
                        tuple(name),
                        (para(facts.quantity(m.baseline, m.unit)),),
                        (para(facts.quantity(after.value if after else None, m.unit)),),
                        (para(b(_target_value(m))),),
                    ),
                    ref=m.id,
                )
            )
        blocks.append(
            Table(
                (
                    Column("Metric", "text", 5.0),
                    Column("Baseline", "short", cap=0.22),
                    Column("After", "short", cap=0.22),
                    Column("Target", "short", cap=0.22),
                ),
                tuple(rows),
            )
        )
    return tuple(blocks) or (_nothing("No target condition or metrics set yet."),)


def _target_value(m: Metric) -> str:
    """The target with the way it is met: "≤ 30 min" for a metric that is better lower, "≥ 8 per
    week" for one better higher (one column fewer than a separate "Better" one, which the
    After column needs in a narrow box)."""
    if m.target is None:
        return facts.quantity(None, m.unit)
    return f"{'≤' if m.direction == 'lower' else '≥'} {facts.quantity(m.target, m.unit)}"


# -- 4 Root-cause analysis -------------------------------------------------------------------------


def _root_causes(e: Event, categories: Sequence[str]) -> tuple[Block, ...]:
    if not e.root_causes:
        return (_nothing("No root causes recorded yet."),)
    rows_by_category, empty = facts.fishbone(e, categories)
    rows = []
    for category, causes in rows_by_category:
        cell = tuple(
            para(
                b(rc.id),
                " ",
                rc.cause.strip() or rc.problem.strip(),
                " · ",
                t("✓ confirmed", "good") if rc.confirmed else t("to confirm", "warn"),
            )
            for rc in causes
        )
        rows.append(Row(((para(b(category.capitalize())),), cell)))
    blocks: list[Block] = [
        Table(
            (Column("Fishbone", "key", cap=0.35), Column("Root causes found", "text", 5.0)),
            tuple(rows),
            name="fishbone rows",
        )
    ]
    if empty:
        blocks.append(_nothing("No cause found under: " + ", ".join(empty) + "."))
    chains: list[Block] = []
    for rc in e.root_causes:
        if not rc.whys and not rc.problem.strip():
            continue
        chain: list[Block] = [para(b(rc.id), " ", rc.problem, ref=f"{rc.id} whys")]
        chain += [
            para(why, style="item", ref=f"{rc.id} whys", bullet=f"{n}.")
            for n, why in enumerate(rc.whys, 1)
        ]
        chains.append(Stack(tuple(chain)))
    if chains:
        blocks.append(Stack((Heading("5 whys"), *chains)))
    return tuple(blocks)


# -- 5 Countermeasures -----------------------------------------------------------------------------


def _few_words(text: str, words: int = COUNTERMEASURE_WORDS) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _countermeasures(e: Event, today: date) -> tuple[Block, ...]:
    """Per root cause, the countermeasure in a few words and the ids of the actions that carry
    it out; the action plan is the one place an action's text is printed."""
    groups = facts.countermeasures(e)
    if not groups and not e.experiments:
        return (_nothing("No countermeasures yet."),)
    out: list[Block] = []
    for rc, actions in groups:
        if rc is None:
            head: list[str | Span] = [b("Not linked to a root cause")]
        else:
            measure = rc.countermeasure.strip()
            if measure:
                head = [b(rc.id), " ", measure]
            else:
                head = [b(rc.id), " ", t("against: ", "muted"), _few_words(rc.cause or rc.problem)]
        ids: list[str | Span] = [" → "]
        for n, a in enumerate(actions):
            if n:
                ids.append(", ")
            state = facts.action_state(a, today)
            tone = STATE_TONES.get(state.kind)
            ids.append(
                Span(a.id, bold=state.kind != "dropped", tone=tone, strike=a.status == "dropped")
            )
        done = sum(a.status == "done" for a in actions)
        live = sum(a.status != "dropped" for a in actions)
        tally = [t(f" · {done} of {live} done", "muted")] if live else []
        out.append(para(*head, *ids, *tally, ref=rc.id if rc else "unlinked actions"))
    if e.experiments:
        out.append(_experiments(e))
    return tuple(out)


def _experiments(e: Event) -> Block:
    """Try-storming: what was tried, what happened, kept or dropped (and the action it became)."""
    lines: list[Block] = [Heading("Try-storming: what we tried")]
    for x in e.experiments:
        action = e.action(x.action) if x.action else None
        if action is not None and action.what.strip() == x.tried.strip():
            # the action plan is the one place an action's text is printed
            tried = t(f"(as {action.id})", "muted")
        else:
            tried = Span(x.tried, strike=x.decision == "dropped")
        parts: list[str | Span] = [b(x.id), " ", tried]
        if x.result.strip():
            parts += [t(" — ", "muted"), x.result]
        parts += [" ", b(x.decision, DECISION_TONES.get(x.decision))]
        if x.action:
            parts += [" → ", b(x.action)]
        lines.append(para(*parts, style="item", ref="Try-storming", bullet="•"))
    return Stack(tuple(lines))


# -- 6 Action plan ---------------------------------------------------------------------------------


def status_text(state: facts.ActionState) -> str:
    """The Status cell in two short lines ("✓ done" above its date, "OVERDUE" above "6 d"), so
    the column stays narrow and the action's text gets the width."""
    if state.kind == "done":
        return "✓ " + state.label.replace(" ", "\n", 1)
    if state.kind in ("overdue", "due_soon") and "\u00a0" in state.label:
        head, _, days = state.label.rpartition(" ")  # the days keep their no-break space
        return f"{head}\n{days}"
    return state.label


def _actions(e: Event, today: date) -> tuple[Block, ...]:
    if not e.actions:
        return (_nothing("No actions yet."),)
    rows = []
    for a in e.actions:
        state = facts.action_state(a, today)
        overdue = state.kind == "overdue"
        update = last_update(a)
        detail = None
        if update is not None and a.status == "open" and update.note.strip():
            detail = para(f"{facts.iso(update.date)}: ", update.note, style="muted", ref=a.id)
        step = shown_pdca(a)
        rows.append(
            Row(
                (
                    (para(b(a.id)),),
                    (para(a.what),),
                    (para(a.owner or "–"),),
                    (para(Span(facts.iso(a.due), bold=overdue, tone="bad" if overdue else None)),),
                    (Pdca(step, PDCA_LABELS[step]),),
                    (
                        para(
                            Span(
                                status_text(state),
                                bold=state.kind in ("overdue", "due_soon"),
                                tone=STATE_TONES.get(state.kind),
                            )
                        ),
                    ),
                ),
                ref=a.id,
                detail=detail,
                tone="bad" if overdue else None,
            )
        )
    table = Table(
        (
            Column("ID", "key", cap=0.12),
            Column("Action", "text", 5.0),
            Column("Owner", "name", 0.7, cap=0.25),
            Column("Due", "short", cap=0.5),
            Column("PDCA", "graphic", align="center"),
            Column("Status", "short", cap=0.3),
        ),
        tuple(rows),
        balance=True,
        detail_heading="Latest updates on open actions",
        name="actions",
        details_name="latest updates",
    )
    return (table,)


# -- 7 Results -------------------------------------------------------------------------------------


def _results(e: Event, today: date) -> tuple[Block, ...]:
    blocks: list[Block] = []
    measured = [m for m in e.metrics if m.readings]
    charts = []
    for m in measured:
        trend = metric_trend(e, m)
        latest = trend.latest
        assert latest is not None
        progress = facts.progress_text(trend)
        caption = f"latest {facts.quantity(latest.value, m.unit)} on {facts.iso(latest.date)}"
        after = after_reading(e, m)
        if after is not None and after.date != latest.date:
            # baseline → after (the event week) → now: short, the caption shares a narrow chart
            # (the chart prints the latest reading's date under its last point)
            caption = (
                f"after {facts.quantity(after.value, m.unit)} → now "
                f"{facts.quantity(latest.value, m.unit)}"
            )
        if progress:
            caption += f" · {'✓ ' if progress == 'target met' else ''}{progress}"
        charts.append(
            MetricChart(
                title=f"{m.id} {m.name}",
                baseline=m.baseline,
                baseline_label=(
                    f"baseline {facts.quantity(m.baseline, m.unit)}"
                    if m.baseline is not None
                    else ""
                ),
                target=m.target,
                target_label=(
                    f"target {facts.quantity(m.target, m.unit)}" if m.target is not None else ""
                ),
                points=tuple(
                    ChartPoint(p.date, p.value, facts.quantity(p.value, m.unit), p.review_day)
                    for p in trend.points
                ),
                caption=caption,
                tone=VERDICT_TONES.get(latest.verdict or ""),
            )
        )
    if charts:
        blocks.append(Charts(tuple(charts)))
        unmeasured = [m for m in e.metrics if not m.readings]
        if unmeasured:
            blocks.append(
                _nothing("No readings yet for " + ", ".join(m.id for m in unmeasured) + ".")
            )
    elif e.metrics:
        blocks.append(
            _nothing("No readings recorded yet: results appear here as they are measured.")
        )
    held = [r for r in facts.review_lines(e, today) if r.held_on is not None]
    if held:
        lines: list[Block] = [Heading("Review verdicts")]
        for r in held:
            verdict = r.verdict or "no verdict"
            parts: list[str | Span] = [
                b(f"{r.day}-day review"),
                f" ({facts.iso(r.held_on)}): ",
                b(verdict, VERDICT_TONES.get(r.verdict or "", "muted")),
            ]
            if r.notes.strip():
                parts += [" — ", r.notes]
            # a review held again says what it replaced (the earlier record is kept, issue 13)
            replaced = next((x.superseded for x in e.reviews if x.day == r.day), [])
            if replaced:
                was = replaced[-1]
                verdict_was = was.verdict or "no verdict"
                parts.append(
                    t(f" (corrected; was {verdict_was} on {facts.iso(was.held_on)})", "muted")
                )
            lines.append(para(*parts, ref=f"{r.day}-day review"))
        blocks.append(Stack(tuple(lines)))
    return tuple(blocks) or (_nothing("No results yet."),)


# -- 8 Follow-up -----------------------------------------------------------------------------------


def _followup(e: Event, today: date) -> tuple[Block, ...]:
    blocks: list[Block] = []
    reviews = facts.review_lines(e, today)
    if reviews:
        rows = []
        for r in reviews:
            state: tuple[Para, ...]
            if r.overdue:
                state = (para(b(r.state, "bad")),)
            elif r.held_on is not None:
                verdict = r.verdict or "no verdict"
                state = (
                    para(r.state, ": ", b(verdict, VERDICT_TONES.get(r.verdict or "", "muted"))),
                )
            else:
                state = (para(r.state),)
            rows.append(
                Row(
                    ((para(b(f"{r.day}-day")),), (para(facts.iso(r.due)),), state),
                    ref=f"{r.day}-day review",
                    tone="bad" if r.overdue else None,
                )
            )
        blocks.append(
            Table(
                (
                    Column("Review", "key"),
                    Column("Due", "short", cap=0.5),
                    Column("Status", "text", 3.0),
                ),
                tuple(rows),
            )
        )
    if e.yokoten:
        lines: list[Block] = [Heading("Yokoten: spreading the practice")]
        for y in e.yokoten:
            to = [f" → {y.to_area}"] if y.to_area.strip() else []
            mark = t(f"({y.status})", YOKOTEN_TONES.get(y.status, "warn"))
            lines.append(para(y.practice, *to, " ", mark, style="item", ref="Yokoten", bullet="•"))
        blocks.append(Stack(tuple(lines)))
    if e.lessons.strip():
        blocks.append(_labelled("Lessons learned", e.lessons))
    return tuple(blocks) or (
        _nothing("Nothing planned yet: set the report-out date to schedule the reviews."),
    )


# -- the QR column ---------------------------------------------------------------------------------


def _qr_column(e: Event, today: date, url: str) -> tuple[Block, ...]:
    """What goes with the QR code: its URL, what it opens, the actions at print (counts; the
    overdue ones with their owners and the next review as an aside) and the PDCA legend."""
    blocks: list[Block] = [
        QrCode(url),
        Stack(
            (
                para(Span(url, link=True), style="muted"),
                para("Scan for the live action list: owners, due dates, status."),
            )
        ),
    ]
    counts = count_actions(e.actions, today)
    at_print: list[Block] = [para(b(f"At print ({facts.iso(today)})"))]
    if counts.total:
        words: list[str | Span] = [f"{counts.total} actions: "]
        parts = [
            (counts.done, "done", "good"),
            (counts.open - counts.overdue, "open", "accent"),
            (counts.overdue, "overdue", "bad"),
            (counts.dropped, "dropped", "muted"),
        ]
        shown = [(n, label, tone) for n, label, tone in parts if n]
        for i, (n, label, tone) in enumerate(shown):
            if i:
                words.append(" · ")
            words += [b(str(n), tone), t(f" {label}", tone)]  # type: ignore[arg-type]
        at_print += [
            para(*words),
            ActionsBar(counts.done, counts.open - counts.overdue, counts.overdue, counts.dropped),
        ]
        if counts.due_soon:
            at_print.append(para(f"{counts.due_soon} due within 7 days", style="muted"))
    else:
        at_print.append(para("No actions yet."))
    blocks.append(Stack(tuple(at_print)))
    attention = _needs_attention(e, today)
    if attention:
        blocks.append(Aside(attention))
    legend = tuple(Pdca(step, label, labelled=True) for step, label in enumerate(PDCA_LABELS))
    blocks.append(Stack((Heading("PDCA circle"), *legend)))
    return tuple(blocks)


def _needs_attention(e: Event, today: date) -> tuple[Block, ...]:
    """Who owes what, for a glance at the board: overdue actions with owner and days late, and
    the next review."""
    out: list[Block] = []
    late = [(a, s) for a in e.actions if (s := facts.action_state(a, today)).kind == "overdue"]
    if late:
        lines: list[Block] = [para(b("Overdue", "bad"))]
        for a, state in late[:MAX_OVERDUE_LISTED]:
            days = state.label.removeprefix("OVERDUE ")
            lines.append(
                para(b(a.id), " ", a.owner.strip() or "no owner", f" · {days}", style="item")
            )
        if len(late) > MAX_OVERDUE_LISTED:
            more = len(late) - MAX_OVERDUE_LISTED
            lines.append(para(f"and {more} more in the action plan", style="muted"))
        out.append(Stack(tuple(lines)))
    upcoming = [r for r in facts.review_lines(e, today) if r.held_on is None]
    if upcoming:
        r = upcoming[0]
        when = f"{facts.iso(r.due)} ({r.state})" if r.state != "planned" else facts.iso(r.due)
        out.append(
            para(b("Next review", "bad" if r.overdue else "accent"), f" {r.day}-day, {when}")
        )
    return tuple(out)
