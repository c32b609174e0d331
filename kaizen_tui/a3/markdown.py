"""The A3 as Markdown, for wikis and intranet pages: the same sections, facts and order as the PDF
(both read kaizen_tui.a3.facts), and every user string escaped so it prints literally."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from kaizen_tui.a3 import facts
from kaizen_tui.logic.actions import PDCA_LABELS, pdca_circle
from kaizen_tui.logic.flow import flow_of, format_minutes, format_ratio
from kaizen_tui.logic.links import action_page_url
from kaizen_tui.logic.trend import metric_trend
from kaizen_tui.model import FISHBONE_DEFAULT, Event

# CommonMark treats these as markup anywhere in a line (emphasis, code, links, HTML, entities,
# table cells, strikethrough); a backslash makes each one literal.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# ...and these only at the start of a line: headings, lists, thematic breaks, "1." lists.
_LINE_START = re.compile(r"^(\s*)([#+\-=])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")


def md(text: str, *, cell: bool = False) -> str:
    """``text`` escaped for Markdown; in a table cell its line breaks become spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [
        _ORDERED.sub(r"\1\\\2", _LINE_START.sub(r"\1\\\2", _INLINE.sub(r"\\\1", line)))
        for line in text.split("\n")
    ]
    if cell:
        return " ".join(line.strip() for line in lines if line.strip()) or " "
    return "  \n".join(lines)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _section(number: str) -> str:
    return f"## {number} {facts.SECTION_TITLES[number]}"


def a3_markdown(
    event: Event,
    *,
    today: date,
    link_base: str,
    categories: Sequence[str] = FISHBONE_DEFAULT,
) -> str:
    """The event's A3 as one Markdown document."""
    e = event
    url = action_page_url(link_base, e.share_token)
    out: list[str] = [f"# {md(e.title)}", ""]

    meta = [f"**{md(e.id)}**"] if e.id else []
    meta += [
        f"{label}: {md(value)}" if label else md(value) for label, value in facts.header_facts(e)
    ]
    out.append(" · ".join(meta) + "  ")
    roles = facts.role_lines(e)
    if roles:
        out.append(
            " · ".join(f"{label}: {', '.join(md(n) for n in names)}" for label, names in roles)
            + "  "
        )
    team = facts.team_members(e)
    if team:
        out.append("Team: " + " · ".join(md(m) for m in team) + "  ")
    out.append(f"Revision {e.revision} · printed {facts.iso(today)} · live action list: <{url}>")

    out += ["", _section("1"), ""]
    body = []
    if e.problem.strip():
        body.append(f"**Problem** {md(e.problem)}")
    if e.background.strip():
        body.append(f"**Background** {md(e.background)}")
    scope = e.scope
    if scope.first_step.strip() or scope.last_step.strip():
        body.append(
            f"**Scope** from “{md(scope.first_step or '…')}” to “{md(scope.last_step or '…')}”"
        )
    if scope.in_:
        body.append("**In:** " + "; ".join(md(item) for item in scope.in_))
    if scope.out:
        body.append("**Out:** " + "; ".join(md(item) for item in scope.out))
    out += _paragraphs(body, "No problem statement or background recorded yet.")

    out += ["", _section("2"), ""]
    if e.process_steps:
        out += _table(
            ["#", "Process step", "Type", "Work", "Wait"],
            [
                [
                    str(n),
                    md(s.name, cell=True),
                    s.value,
                    format_minutes(s.cycle_min),
                    format_minutes(s.wait_min),
                ]
                for n, s in enumerate(e.process_steps, 1)
            ],
        )
        flow = flow_of(e.process_steps)
        out += [
            "",
            f"**Lead time {format_minutes(flow.lead_time_min)}** = work "
            f"{format_minutes(flow.cycle_min)} + waiting {format_minutes(flow.wait_min)} · "
            f"value-adding {format_minutes(flow.va_min)} · "
            f"**VA ratio {format_ratio(flow.va_ratio)}**",
        ]
    if e.wastes:
        out += ["", "### Main wastes", ""]
        out += _table(
            ["Waste", "What we saw", "Where"],
            [
                [facts.WASTE_LABELS[w.type], md(w.description, cell=True), md(w.step, cell=True)]
                for w in e.wastes
            ],
        )
    if not e.process_steps and not e.wastes:
        out.append("_Current state not mapped yet._")

    out += ["", _section("3"), ""]
    if e.target_condition.strip():
        out += [f"**Target condition** {md(e.target_condition)}", ""]
    if e.metrics:
        out += _table(
            ["Metric", "Baseline", "Target", "Better", "Baseline measured"],
            [
                [
                    f"**{md(m.id)}** {md(m.name, cell=True)}",
                    md(facts.quantity(m.baseline, m.unit), cell=True),
                    f"**{md(facts.quantity(m.target, m.unit), cell=True)}**",
                    "↓ lower" if m.direction == "lower" else "↑ higher",
                    md(
                        ", ".join(
                            part
                            for part in (
                                facts.iso(m.baseline_date) if m.baseline_date else "",
                                m.baseline_source,
                            )
                            if part.strip()
                        ),
                        cell=True,
                    ),
                ]
                for m in e.metrics
            ],
        )
    elif not e.target_condition.strip():
        out.append("_No target condition or metrics set yet._")

    out += ["", _section("4"), ""]
    if e.root_causes:
        rows_by_category, empty = facts.fishbone(e, categories)
        out += ["### Fishbone", ""]
        out += _table(
            ["Category", "Root causes found"],
            [
                [
                    md(category.capitalize(), cell=True),
                    "<br>".join(
                        f"**{md(rc.id)}** {md(rc.cause.strip() or rc.problem, cell=True)} "
                        f"({'confirmed' if rc.confirmed else 'to confirm'})"
                        for rc in causes
                    ),
                ]
                for category, causes in rows_by_category
            ],
        )
        if empty:
            out += ["", "No cause found under: " + ", ".join(md(c) for c in empty) + "."]
        chains = [rc for rc in e.root_causes if rc.whys or rc.problem.strip()]
        if chains:
            out += ["", "### 5 whys"]
            for rc in chains:
                out += ["", f"**{md(rc.id)}** {md(rc.problem)}", ""]
                out += [f"{n}. {md(why)}" for n, why in enumerate(rc.whys, 1)]
    else:
        out.append("_No root causes recorded yet._")

    out += ["", _section("5"), ""]
    groups = facts.countermeasures(e)
    for cause, actions in groups:
        label = (
            "**Not linked to a root cause**"
            if cause is None
            else f"**{md(cause.id)}** {md(cause.cause.strip() or cause.problem)}"
        )
        out += [label, ""]
        for a in actions:
            if a.status == "dropped":
                out.append(f"- ~~{md(a.id)} {md(a.what, cell=True)}~~ (dropped)")
            else:
                out.append(f"- **{md(a.id)}** {md(a.what, cell=True)}")
        out.append("")
    if not groups:
        out += ["_No countermeasures yet._", ""]

    out += [_section("6"), ""]
    if e.actions:
        rows = []
        for a in e.actions:
            state = facts.action_state(a, today)
            what = md(a.what, cell=True)
            update = facts.latest_update(a)
            if update is not None and a.status == "open" and update.note.strip():
                what += f" — _{facts.iso(update.date)}: {md(update.note, cell=True)}_"
            status = md(state.label.replace("\u00a0", " "), cell=True)
            if state.kind == "overdue":
                status = f"**{status}**"
            rows.append(
                [
                    f"**{md(a.id)}**",
                    what,
                    md(a.owner, cell=True) if a.owner.strip() else "–",
                    f"**{facts.iso(a.due)}**" if state.kind == "overdue" else facts.iso(a.due),
                    f"{pdca_circle(a.pdca)} {PDCA_LABELS[a.pdca]}",
                    status,
                ]
            )
        out += _table(["ID", "Action", "Owner", "Due", "PDCA", "Status"], rows)
        out += ["", f"At print ({facts.iso(today)}): {facts.action_summary(e, today)}."]
    else:
        out.append("_No actions yet._")

    out += ["", _section("7"), ""]
    measured = [m for m in e.metrics if m.readings]
    if measured:
        rows = []
        for m in measured:
            trend = metric_trend(e, m)
            latest = trend.latest
            assert latest is not None
            rows.append(
                [
                    f"**{md(m.id)}** {md(m.name, cell=True)}",
                    md(facts.quantity(m.baseline, m.unit), cell=True),
                    md(facts.quantity(m.target, m.unit), cell=True),
                    f"**{md(facts.quantity(latest.value, m.unit), cell=True)}** "
                    f"({facts.iso(latest.date)})",
                    " · ".join(
                        part for part in (facts.progress_text(trend), latest.verdict) if part
                    )
                    or "–",
                ]
            )
        out += _table(["Metric", "Baseline", "Target", "Latest", "Progress"], rows)
    elif e.metrics:
        out.append("_No readings recorded yet._")
    held = [r for r in facts.review_lines(e, today) if r.held_on is not None]
    if held:
        out += ["", "### Review verdicts", ""]
        for r in held:
            verdict = r.verdict or "no verdict"
            line = f"- **{r.day}-day review** ({facts.iso(r.held_on)}): **{verdict}**"
            if r.notes.strip():
                line += " — " + md(r.notes, cell=True)
            out.append(line)
    if not measured and not held and not e.metrics:
        out.append("_No results yet._")

    out += ["", _section("8"), ""]
    reviews = facts.review_lines(e, today)
    if reviews:
        out += _table(
            ["Review", "Due", "Status"],
            [
                [
                    f"{r.day}-day",
                    facts.iso(r.due),
                    (f"**{r.state}**" if r.overdue else r.state).replace("\u00a0", " ")
                    + (f": {r.verdict or 'no verdict'}" if r.held_on else ""),
                ]
                for r in reviews
            ],
        )
    if e.yokoten:
        out += ["", "### Yokoten", ""]
        out += [
            f"- {md(y.practice, cell=True)}"
            + (f" → {md(y.to_area, cell=True)}" if y.to_area.strip() else "")
            + f" ({y.status})"
            for y in e.yokoten
        ]
    if e.lessons.strip():
        out += ["", f"**Lessons learned** {md(e.lessons)}"]
    if not reviews and not e.yokoten and not e.lessons.strip():
        out.append("_Nothing planned yet: set the report-out date to schedule the reviews._")
    return "\n".join(out).rstrip() + "\n"


def _paragraphs(blocks: list[str], empty: str) -> list[str]:
    if not blocks:
        return [f"_{empty}_"]
    out: list[str] = []
    for block in blocks:
        out += [block, ""]
    return out[:-1]
