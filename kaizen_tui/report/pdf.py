"""The leadership report as a PDF: one summary page (key figures, three charts, the four answers),
then the detail. Landscape, A4 or letter. Every piece of user text is escaped before it reaches
reportlab markup (a practice called "R&D <pilot>" prints as typed)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kaizen_tui.a3.fonts import markup
from kaizen_tui.logic.evidence import PersonEvidence
from kaizen_tui.logic.portfolio import Portfolio
from kaizen_tui.report.charts import (
    GRID,
    INK,
    MAX_AREAS,
    MUTED,
    NAVY,
    TEAL,
    area_bars,
    capability_trend,
    sustainment_trend,
)
from kaizen_tui.report.definitions import definitions
from kaizen_tui.report.fonts import printable, report_fonts
from kaizen_tui.report.text import (
    capability_rows,
    capability_summary,
    every_event_header,
    every_event_rows,
    fmt_num,
    fmt_of,
    fmt_pct,
    headline_certification,
    headline_line,
    headline_overdue,
    headline_sustained,
    people_rows,
    role_label,
    status_label,
    sustain_label,
    sustainment_summary,
    yokoten_rows,
    yokoten_summary,
)

PAPERS = {"a4": A4, "letter": letter}
MARGIN = 12 * mm
_NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?%?$")
PALE = colors.HexColor("#f3f6f9")
RED = colors.HexColor("#b42318")


def _x(text: object) -> str:
    """User text for a Paragraph: escaped, CJK runs in the CJK font (a3.fonts.markup)."""
    return markup(str(text))


class _Styles:
    def __init__(self) -> None:
        f = report_fonts()
        self.fonts = f
        base = {"fontName": f.regular, "textColor": INK}
        self.title = ParagraphStyle(
            "title", fontName=f.bold, fontSize=20, leading=24, textColor=NAVY
        )
        self.subtitle = ParagraphStyle("subtitle", **base, fontSize=9.5, leading=12)
        self.stamp = ParagraphStyle("stamp", **base, fontSize=9, leading=12, alignment=TA_RIGHT)
        self.h1 = ParagraphStyle(
            "h1",
            fontName=f.bold,
            fontSize=13,
            leading=16,
            textColor=NAVY,
            spaceBefore=6,
            spaceAfter=4,
        )
        self.h2 = ParagraphStyle(
            "h2",
            fontName=f.bold,
            fontSize=10,
            leading=13,
            textColor=INK,
            spaceBefore=6,
            spaceAfter=3,
        )
        self.body = ParagraphStyle("body", **base, fontSize=8.5, leading=11, spaceAfter=4)
        self.cell = ParagraphStyle("cell", **base, fontSize=7.5, leading=9)
        self.cell_bold = ParagraphStyle(
            "cellb", fontName=f.bold, fontSize=7.5, leading=9, textColor=INK
        )
        self.head = ParagraphStyle(
            "head", fontName=f.bold, fontSize=7.5, leading=9, textColor=colors.white
        )
        self.kpi = ParagraphStyle("kpi", fontName=f.bold, fontSize=22, leading=25, textColor=NAVY)
        self.kpi_alert = ParagraphStyle("kpia", parent=self.kpi, textColor=RED)
        self.kpi_label = ParagraphStyle(
            "kpil", fontName=f.bold, fontSize=8, leading=10, textColor=INK
        )
        self.kpi_sub = ParagraphStyle(
            "kpis", fontName=f.regular, fontSize=7, leading=9, textColor=MUTED
        )
        self.chart_title = ParagraphStyle(
            "ct", fontName=f.bold, fontSize=9, leading=11, textColor=INK, alignment=TA_LEFT
        )
        self.question = ParagraphStyle(
            "q", fontName=f.bold, fontSize=9.5, leading=12, textColor=NAVY, spaceAfter=3
        )
        self.answer = ParagraphStyle("a", **base, fontSize=9, leading=11.5)
        self.cell_num = ParagraphStyle("celln", parent=self.cell, alignment=TA_RIGHT)
        self.head_num = ParagraphStyle("headn", parent=self.head, alignment=TA_RIGHT)


def portfolio_pdf(
    p: Portfolio, *, paper: str = "a4", title: str = "Kaizen portfolio report"
) -> bytes:
    """The whole report as PDF bytes."""
    size = landscape(PAPERS[paper])
    buffer = io.BytesIO()
    styles = _Styles()
    doc = BaseDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        author="kaizen-tui",
        subject=f"Lean Promotion Office portfolio, {p.filter.describe()}, as of {p.today}",
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    footer = printable(f"{title} · {p.filter.describe()} · as of {p.today.isoformat()}")

    def on_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(styles.fonts.regular, 7)
        canvas.setFillColor(MUTED)
        y = MARGIN
        canvas.drawString(MARGIN, y, footer[:160])
        canvas.drawRightString(size[0] - MARGIN, y, f"page {document.page}")
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    story = _summary_page(p, styles, doc.width, doc.height)
    story.append(PageBreak())
    story += _detail(p, styles, doc.width)
    doc.build(story)
    return buffer.getvalue()


# -- page 1 ---------------------------------------------------------------------------------------


def _summary_page(p: Portfolio, st: _Styles, width: float, height: float) -> list[Flowable]:
    a, s, c = p.actions, p.sustainment, p.capability
    header = Table(
        [
            [
                [
                    Paragraph("Kaizen portfolio", st.title),
                    Paragraph(
                        f"Lean Promotion Office report · {_x(p.filter.describe())} · "
                        f"{len(p.events)} events",
                        st.subtitle,
                    ),
                ],
                Paragraph(f"as of <b>{p.today.isoformat()}</b>", st.stamp),
            ]
        ],
        colWidths=[width * 0.75, width * 0.25],
    )
    header.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, 0), 1.5, NAVY),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    statuses = [f"{status_label(k)} {n}" for k, n in p.by_status.items() if n]
    now, before = c.this_quarter, c.last_quarter
    tiles = [
        (str(len(p.events)), "events", " · ".join(statuses) or "none", False),
        (
            str(a.overdue),
            "actions overdue",
            f"of {a.open} open · {len(a.overdue_by_owner)} owners",
            a.overdue > 0,
        ),
        (
            fmt_pct(a.on_time_rate),
            "actions done on time",
            fmt_of(a.on_time, a.on_time + a.late).split(" (")[0] + " done with dates",
            False,
        ),
        (
            fmt_pct(s.rate),
            f"sustained at {s.day} days",
            f"{s.sustained} of {s.held} reviews with a verdict",
            False,
        ),
        (
            fmt_pct(now.line_led_rate),
            f"events line-led in {now.quarter}",
            f"{now.line_led} of {now.events_with_leader}; {before.quarter}: "
            f"{fmt_pct(before.line_led_rate)} ({before.line_led} of {before.events_with_leader})",
            False,
        ),
        (
            fmt_pct(c.line_owned_rate),
            "actions owned by the line",
            f"{c.line_owned} of {c.actions_known} with a known owner",
            False,
        ),
    ]
    tile_w = width / len(tiles)
    kpis = Table(
        [
            [
                [
                    Paragraph(_x(value), st.kpi_alert if alert else st.kpi),
                    Paragraph(_x(label), st.kpi_label),
                    Paragraph(_x(sub), st.kpi_sub),
                ]
                for value, label, sub, alert in tiles
            ]
        ],
        colWidths=[tile_w] * len(tiles),
        rowHeights=[68],
    )
    kpis.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, -1), PALE),
                ("LINEBEFORE", (1, 0), (-1, 0), 3, colors.white),
                ("LINEABOVE", (0, 0), (-1, 0), 2, TEAL),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    chart_w = (width - 16) / 3
    chart_h = 235
    charts = Table(
        [
            [
                Paragraph(_area_chart_title(p), st.chart_title),
                Paragraph(f"Sustained at {s.day} days, by quarter of the event", st.chart_title),
                Paragraph("Line capability, by quarter", st.chart_title),
            ],
            [
                area_bars(p, chart_w, chart_h),
                sustainment_trend(p, chart_w, chart_h),
                capability_trend(p, chart_w, chart_h),
            ],
        ],
        colWidths=[chart_w + 8, chart_w + 8, chart_w],
    )
    charts.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 2),
            ]
        )
    )
    answers = [
        ("Overdue, and with whom", headline_overdue(p)),
        (f"Held their gains at {s.day} days", headline_sustained(p)),
        ("Ready for certification", headline_certification(p)),
        ("Is the line leading its own events?", headline_line(p)),
    ]
    answer_w = width / 4
    answer_table = Table(
        [[[Paragraph(_x(q), st.question), Paragraph(_x(text), st.answer)] for q, text in answers]],
        colWidths=[answer_w] * 4,
    )
    answer_table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 0.75, GRID),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return [
        header,
        Spacer(1, 8),
        kpis,
        Spacer(1, 12),
        charts,
        Spacer(1, 10),
        answer_table,
        Spacer(1, 6),
        Paragraph(
            "How each figure is computed is on the last page. Detail follows from page 2.",
            st.kpi_sub,
        ),
    ]


def _area_chart_title(p: Portfolio) -> str:
    areas = len(p.by_area_quarter)
    if areas > MAX_AREAS:
        return f"Events by area (the {MAX_AREAS} busiest of {areas})"
    return "Events by area"


# -- detail ---------------------------------------------------------------------------------------


def _table(
    st: _Styles,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    alerts: Sequence[int] = (),
) -> Flowable:
    """A detail table: escaped cells that wrap, a header repeated on every page, light zebra."""
    if not rows:
        return Paragraph("None.", st.body)
    numeric = [
        all(_is_number(row[i]) for row in rows) and any(row[i] != "" for row in rows)
        for i in range(len(header))
    ]
    data = [
        [Paragraph(_x(h), st.head_num if numeric[i] else st.head) for i, h in enumerate(header)]
    ]
    data += [
        [Paragraph(_x(cell), st.cell_num if numeric[i] else st.cell) for i, cell in enumerate(row)]
        for row in rows
    ]
    table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, GRID),
    ]
    for index in range(1, len(data)):
        if index % 2 == 0:
            commands.append(("BACKGROUND", (0, index), (-1, index), PALE))
    for row in alerts:
        commands.append(("TEXTCOLOR", (0, row + 1), (-1, row + 1), RED))
    table.setStyle(TableStyle(commands))
    return table


def _is_number(cell: object) -> bool:
    """Numbers and percentages line up on the right; '–' and blanks go with them."""
    if isinstance(cell, int | float):
        return True
    text = str(cell)
    return text in ("", "–") or bool(_NUMBER.match(text))


def _w(width: float, *shares: float) -> list[float]:
    total = sum(shares)
    return [width * share / total for share in shares]


def _section(st: _Styles, title: str, intro: str = "") -> list[Flowable]:
    items: list[Flowable] = [CondPageBreak(90), Paragraph(_x(title), st.h1)]
    if intro:
        items.append(Paragraph(_x(intro), st.body))
    return items


#: Per owner, the PDF lists this many overdue actions (most overdue first) and counts the rest;
#: the Markdown and JSON list them all.
OVERDUE_PER_OWNER = 5


def _detail(p: Portfolio, st: _Styles, width: float) -> list[Flowable]:
    """Leadership sections first, reference lists (every result, every event) last."""
    story: list[Flowable] = []
    for section in (
        _sustainment,
        _capability,
        _people,
        _overdue,
        _events_by_area,
        _yokoten,
        _sensei,
        _results,
        _every_event,
    ):
        story += section(p, st, width)
    story.append(PageBreak())
    story += _section(st, "How these figures are computed")
    story.append(_table(st, ("Figure", "Definition"), definitions(p.settings), _w(width, 1, 5)))
    return story


def _sustainment(p: Portfolio, st: _Styles, width: float) -> list[Flowable]:
    s = p.sustainment
    story = _section(
        st,
        f"Sustainment at {s.day} days",
        sustainment_summary(s),
    )
    half = (width - 12) / 2
    side = Table(
        [
            [
                _table(
                    st,
                    ("Area", "Held", "Sustained", "Rate"),
                    [(r.key, r.held, r.sustained, fmt_pct(r.rate)) for r in s.by_area],
                    _w(half, 5, 1, 1.3, 1),
                ),
                _table(
                    st,
                    ("Quarter of the event", "Held", "Sustained", "Rate"),
                    [(r.key, r.held, r.sustained, fmt_pct(r.rate)) for r in s.by_quarter],
                    _w(half, 5, 1, 1.3, 1),
                ),
            ]
        ],
        colWidths=[half + 12, half],
        hAlign="LEFT",
    )
    side.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [*story, side]


def _capability(p: Portfolio, st: _Styles, width: float) -> list[Flowable]:
    c = p.capability
    story = _section(st, "Line capability", capability_summary(c))
    story.append(
        _table(
            st,
            (
                "Quarter",
                "Events with a team leader",
                "Line-led",
                "Share",
                "Actions with known owner",
                "Line-owned",
                "Share",
            ),
            capability_rows(c),
            _w(width, 1.5, 2, 1.2, 1, 2, 1.2, 1),
        )
    )
    if c.owners_not_on_team:
        shown = c.owners_not_on_team[:12]
        rows: list[tuple[object, ...]] = list(shown)
        if len(c.owners_not_on_team) > len(shown):
            rest = c.owners_not_on_team[len(shown) :]
            rows.append((f"and {len(rest)} more", sum(n for _, n in rest)))
        story.append(CondPageBreak(80))
        story.append(
            Paragraph("Action owners not on their event's team (add them to the team)", st.h2)
        )
        story.append(_table(st, ("Owner", "Actions"), rows, _w(width * 0.4, 4, 1)))
    return story


def _people(p: Portfolio, st: _Styles, width: float) -> list[Flowable]:
    story = _section(
        st,
        "Facilitators and team leaders",
        "Levels: "
        + "; ".join(f"{lv.name}: {lv.describe()}" for lv in p.settings.levels)
        + ". Only events past their report-out count.",
    )
    story.append(
        _table(
            st,
            (
                "Person",
                "From",
                "Facilitated",
                "Co-facilitated",
                "Led",
                "Sustained",
                "Level met",
                "Next level needs",
            ),
            people_rows(p),
            _w(width, 3, 1, 1.2, 1.4, 0.8, 1.1, 1.6, 5),
        )
    )
    ready = p.ready_for_certification
    if ready:
        story.append(CondPageBreak(120))
        story.append(Paragraph("Evidence of those who meet a level", st.h2))
        story.append(
            Paragraph(
                "Anyone's full evidence, for a certification panel: "
                "kaizen report --evidence NAME -o NAME.csv (or .md).",
                st.body,
            )
        )
        story.append(evidence_table(st, ready, p.sustainment.day, width))
    return story


def _overdue(p: Portfolio, st: _Styles, width: float) -> list[Flowable]:
    a = p.actions
    story = _section(
        st,
        "Overdue actions, by owner",
        f"{a.total} actions: {a.open} open, {a.overdue} overdue, {a.done} done, {a.dropped} "
        f"dropped. Done on time: {fmt_of(a.on_time, a.on_time + a.late)}"
        + (f"; {a.done_undated} done without a due or done-on date." if a.done_undated else ".")
        + f" The {OVERDUE_PER_OWNER} most overdue per owner; the Markdown report lists all.",
    )
    rows: list[tuple[object, ...]] = []
    for owner in a.overdue_by_owner:
        for i, r in enumerate(owner.actions[:OVERDUE_PER_OWNER]):
            label = f"{owner.owner} ({owner.count})" if i == 0 else ""
            rows.append((label, r.event_id, r.action_id, r.what, r.due, r.days_overdue))
        if owner.count > OVERDUE_PER_OWNER:
            rows.append(("", "", "", f"and {owner.count - OVERDUE_PER_OWNER} more", "", ""))
    story.append(
        _table(
            st,
            ("Owner (overdue)", "Event", "Action", "What", "Due", "Days overdue"),
            rows,
            _w(width, 3, 2.2, 1, 9, 1.6, 1.4),
        )
    )
    return story


def _events_by_area(p: Portfolio, st: _Styles, width: float) -> list[Flowable]:
    story = _section(
        st,
        "Events by area and quarter",
        f"{len(p.events)} events: "
        + ", ".join(f"{n} {status_label(k)}" for k, n in p.by_status.items() if n)
        + ".",
    )
    quarters = p.quarters
    story.append(
        _table(
            st,
            ("Area", *quarters, "Total"),
            [
                (area, *(counts.get(q, 0) or "" for q in quarters), sum(counts.values()))
                for area, counts in p.by_area_quarter.items()
            ],
            _w(width, 4, *([1] * len(quarters)), 1),
        )
    )
    return story


def _yokoten(p: Portfolio, st: _Styles, width: float) -> list[Flowable]:
    story = _section(st, "Yokoten register", yokoten_summary(p.yokoten))
    story.append(
        _table(
            st,
            ("Ref", "Practice", "From", "To", "Status"),
            yokoten_rows(p.yokoten),
            _w(width, 2.4, 8, 3, 3, 2.2),
        )
    )
    return story


def _sensei(p: Portfolio, st: _Styles, width: float) -> list[Flowable]:
    story = _section(st, "Sensei notes")
    if not p.sensei:
        story.append(Paragraph("None.", st.body))
    for group in p.sensei:
        story.append(CondPageBreak(60))
        story.append(Paragraph(_x(group.sensei), st.h2))
        story.append(
            _table(
                st,
                ("Date", "Event", "Area", "Note"),
                [(n.date, n.event_id, n.area, n.note) for n in group.notes],
                _w(width, 1.3, 2, 3, 12),
            )
        )
    return story


def _results(p: Portfolio, st: _Styles, width: float) -> list[Flowable]:
    story = _section(
        st,
        "Results against target",
        "Progress = (latest - baseline) ÷ (target - baseline); the event result averages its "
        "metrics, each capped to -100 … 100%.",
    )
    rows = []
    for r in p.results:
        for i, m in enumerate(r.metrics):
            rows.append(
                (
                    r.event_id if i == 0 else "",
                    r.area if i == 0 else "",
                    f"{m.name} ({m.unit})" if m.unit else m.name,
                    fmt_num(m.baseline),
                    fmt_num(m.target),
                    fmt_num(m.latest),
                    m.latest_date or "",
                    fmt_pct(m.progress),
                    fmt_pct(r.result) if i == 0 else "",
                )
            )
    story.append(
        _table(
            st,
            (
                "Event",
                "Area",
                "Metric",
                "Baseline",
                "Target",
                "Latest",
                "Read on",
                "Progress",
                "Result",
            ),
            rows,
            _w(width, 2.6, 3, 4, 1.2, 1.2, 1.2, 1.6, 1.2, 1.2),
        )
    )
    return story


def _every_event(p: Portfolio, st: _Styles, width: float) -> list[Flowable]:
    story = _section(st, "Every event")
    story.append(
        _table(
            st,
            every_event_header(p.sustainment.day),
            every_event_rows(p),
            _w(width, 2.8, 4, 3, 1.6, 1.6, 2.6, 2.6, 0.9, 1.3, 1, 1.8),
        )
    )
    return story


def evidence_table(
    st: _Styles, people: Sequence[PersonEvidence], sustain_day: int, width: float
) -> Flowable:
    rows = []
    for person in people:
        for i, e in enumerate(person.entries):
            rows.append(
                (
                    person.name if i == 0 else "",
                    e.event_id,
                    e.title,
                    role_label(e.role),
                    e.start.isoformat() if e.start else "–",
                    status_label(e.status) + ("" if e.counted else " (not counted yet)"),
                    fmt_pct(e.result),
                    sustain_label(e.sustain_state),
                )
            )
    return _table(
        st,
        (
            "Person",
            "Event",
            "Title",
            "Role",
            "Start",
            "Status",
            "Result",
            f"{sustain_day}-day review",
        ),
        rows,
        _w(width, 3, 2.2, 5, 2, 1.5, 2.6, 1, 2),
    )
