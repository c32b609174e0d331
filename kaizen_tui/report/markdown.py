"""The portfolio report as Markdown, for wikis: the same content as the PDF, in the same order."""

from __future__ import annotations

from collections.abc import Sequence

from kaizen_tui.logic.evidence import PersonEvidence
from kaizen_tui.logic.portfolio import Portfolio
from kaizen_tui.report.definitions import definitions
from kaizen_tui.report.text import (
    capability_rows,
    capability_summary,
    every_event_header,
    every_event_rows,
    fmt_num,
    fmt_of,
    fmt_pct,
    headlines,
    people_rows,
    role_label,
    status_label,
    sustain_label,
    sustainment_summary,
    yokoten_rows,
    yokoten_summary,
)


def md(text: object) -> str:
    """User text made safe for a table cell on a wiki: no raw HTML, no broken table."""
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\r\n", " ")
        .replace("\n", " ")
        .replace("\r", " ")
    )


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    if not rows:
        return ["_None._", ""]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def portfolio_markdown(p: Portfolio, *, title: str = "Kaizen portfolio report") -> str:
    out: list[str] = [
        f"# {md(title)}",
        "",
        f"Lean Promotion Office · {md(p.filter.describe())} · {len(p.events)} events · "
        f"as of {p.today.isoformat()}",
        "",
        "## Summary",
        "",
    ]
    for question, answer in headlines(p):
        out.append(f"- **{md(question)}** {md(answer)}")
    a, s, c = p.actions, p.sustainment, p.capability
    out += [
        "",
        *table(
            ("Figure", "Value"),
            [
                ("Events", len(p.events)),
                ("Actions open / overdue", f"{a.open} / {a.overdue}"),
                ("Actions completed on time", fmt_of(a.on_time, a.on_time + a.late)),
                (f"Sustained at {s.day} days", fmt_of(s.sustained, s.held)),
                ("Events led from the line", fmt_of(c.line_led, c.events_with_leader)),
                ("Actions owned by the line", fmt_of(c.line_owned, c.actions_known)),
            ],
        ),
    ]
    # the PDF's order: leadership sections first, reference lists (results, events) last
    for section in (
        _sustainment,
        _capability,
        _people,
        _actions,
        _events,
        _yokoten,
        _sensei,
        _results,
        _every_event,
    ):
        out += section(p)
    out += ["## How these figures are computed", ""]
    for term, text in definitions(p.settings):
        out.append(f"- **{md(term)}.** {md(text)}")
    out.append("")
    return "\n".join(out)


def _events(p: Portfolio) -> list[str]:
    out = ["## Events by status, area and quarter", "", "### By status", ""]
    out += table(
        ("Status", "Events"),
        [(status_label(k), n) for k, n in p.by_status.items()],
    )
    quarters = p.quarters
    out += ["### By area and quarter", ""]
    out += table(
        ("Area", *quarters, "Total"),
        [
            (area, *(counts.get(q, 0) for q in quarters), sum(counts.values()))
            for area, counts in p.by_area_quarter.items()
        ],
    )
    return out


def _every_event(p: Portfolio) -> list[str]:
    return [
        "## Every event",
        "",
        *table(every_event_header(p.sustainment.day), every_event_rows(p)),
    ]


def _actions(p: Portfolio) -> list[str]:
    a = p.actions
    out = [
        "## Actions",
        "",
        f"{a.total} actions: {a.open} open ({a.overdue} overdue), {a.done} done, {a.dropped} "
        f"dropped. Completed on time: {fmt_of(a.on_time, a.on_time + a.late)}"
        + (f"; {a.done_undated} done without a due or done-on date." if a.done_undated else "."),
        "",
        "### Overdue, by owner",
        "",
    ]
    rows = []
    for owner in a.overdue_by_owner:
        for ref in owner.actions:
            rows.append(
                (owner.owner, ref.event_id, ref.action_id, ref.what, ref.due, ref.days_overdue)
            )
    out += table(("Owner", "Event", "Action", "What", "Due", "Days overdue"), rows)
    return out


def _results(p: Portfolio) -> list[str]:
    out = ["## Results against target", ""]
    rows = []
    for r in p.results:
        for m in r.metrics:
            rows.append(
                (
                    r.event_id,
                    r.area,
                    f"{m.name} ({m.unit})" if m.unit else m.name,
                    fmt_num(m.baseline),
                    fmt_num(m.target),
                    fmt_num(m.latest) + (f" ({m.latest_date})" if m.latest_date else ""),
                    fmt_pct(m.progress),
                    fmt_pct(r.result),
                )
            )
    out += table(
        ("Event", "Area", "Metric", "Baseline", "Target", "Latest", "Progress", "Event result"),
        rows,
    )
    return out


def _sustainment(p: Portfolio) -> list[str]:
    s = p.sustainment
    out = [
        f"## Sustainment at {s.day} days",
        "",
        sustainment_summary(s),
        "",
        "### By area",
        "",
    ]
    out += table(
        ("Area", "Held", "Sustained", "Rate"),
        [(r.key, r.held, r.sustained, fmt_pct(r.rate)) for r in s.by_area],
    )
    out += ["### By quarter of the event", ""]
    out += table(
        ("Quarter", "Held", "Sustained", "Rate"),
        [(r.key, r.held, r.sustained, fmt_pct(r.rate)) for r in s.by_quarter],
    )
    return out


def _capability(p: Portfolio) -> list[str]:
    c = p.capability
    out = [
        "## Line capability",
        "",
        capability_summary(c),
        "",
    ]
    out += table(
        (
            "Quarter",
            "Events with a team leader",
            "Line-led",
            "Share",
            "Actions",
            "Line-owned",
            "Share",
        ),
        capability_rows(c),
    )
    if c.owners_not_on_team:
        out += ["### Action owners not on the event's team", ""]
        out += table(("Owner", "Actions"), list(c.owners_not_on_team))
    return out


def _people(p: Portfolio) -> list[str]:
    out = ["## Facilitators and team leaders", ""]
    out += table(
        (
            "Person",
            "From",
            "Facilitated",
            "Co-facilitated",
            "Led",
            "Sustained",
            "Level",
            "Next level needs",
        ),
        people_rows(p),
    )
    out += ["### Evidence, person by person", ""]
    for person in p.people_by_standing:
        out += evidence_section(person, p.settings.sustain_day, level=4)
    return out


def evidence_section(
    person: PersonEvidence, sustain_day: int, *, level: int | None = 3
) -> list[str]:
    """The person's events as a table, under a heading of ``level`` (None: no heading)."""
    out = [f"{'#' * level} {md(person.name)}", ""] if level else []
    out += table(
        (
            "Event",
            "Title",
            "Area",
            "Role",
            "Dates",
            "Status",
            "Result",
            f"{sustain_day}-day review",
            "Counted",
        ),
        [
            (
                e.event_id,
                e.title,
                e.area,
                role_label(e.role),
                _dates(e.start, e.end),
                status_label(e.status),
                fmt_pct(e.result),
                sustain_label(e.sustain_state),
                "yes" if e.counted else "not yet (before report-out)",
            )
            for e in person.entries
        ],
    )
    return out


def _dates(start: object, end: object) -> str:
    if start and end and start != end:
        return f"{start} – {end}"
    return str(start or end or "–")


def _yokoten(p: Portfolio) -> list[str]:
    out = ["## Yokoten register", "", yokoten_summary(p.yokoten), ""]
    out += table(("Ref", "Practice", "From", "To", "Status"), yokoten_rows(p.yokoten))
    return out


def _sensei(p: Portfolio) -> list[str]:
    out = ["## Sensei notes", ""]
    if not p.sensei:
        return [*out, "_None._", ""]
    for group in p.sensei:
        out += [f"### {md(group.sensei)}", ""]
        out += table(
            ("Date", "Event", "Area", "Note"),
            [(n.date, n.event_id, n.area, n.note) for n in group.notes],
        )
    return out


def evidence_markdown(person: PersonEvidence, p: Portfolio) -> str:
    """One person's evidence for a certification panel (``kaizen report --evidence NAME``)."""
    st = person.standing
    counts = person.counts
    out = [
        f"# Facilitator evidence: {md(person.name)}",
        "",
        f"{'From the line' if person.from_line else 'Lean Promotion Office'}"
        + (f" · {md(person.department)}" if person.department else "")
        + f" · as of {p.today.isoformat()}",
        "",
        *table(
            ("Facilitated", "Co-facilitated", "Led as team leader", "Sustained", "Events"),
            [
                (
                    counts["facilitated"],
                    counts["co_facilitated"],
                    counts["led"],
                    counts["sustained"],
                    counts["events"],
                )
            ],
        ),
        f"**Level met:** {md(st.level or 'none yet')}. "
        + (
            f"**Next:** {md(st.next_level)} needs {md(', '.join(st.missing))}."
            if st.next_level
            else "This is the highest level configured."
        ),
        "",
        "**Levels:** "
        + md("; ".join(f"{lv.name}: {lv.describe()}" for lv in p.settings.levels))
        + ".",
        "",
        "## Events",
        "",
        *evidence_section(person, p.settings.sustain_day, level=None),
    ]
    return "\n".join(out)
