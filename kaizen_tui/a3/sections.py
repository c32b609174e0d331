"""The content of each A3 box as reportlab flowables, built for a body size and a width.

Every user string goes through ``fonts.markup`` (escaped, CJK runs in the CJK font) before it
reaches a Paragraph; only our own labels are written as markup here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from kaizen_tui.a3 import facts
from kaizen_tui.a3.fonts import SANS, SANS_BOLD, latin_coverage, markup
from kaizen_tui.a3.graphics import ActionsBar, PdcaCircle, TrendLegend, ValueAddBar, metric_trend
from kaizen_tui.a3.style import PALETTE, Styles, hex_of, para
from kaizen_tui.logic.actions import count_actions
from kaizen_tui.logic.flow import flow_of, format_minutes, format_ratio
from kaizen_tui.logic.trend import metric_trend as trend_of
from kaizen_tui.model import Event

BAD = hex_of(PALETTE.bad)
GOOD = hex_of(PALETTE.good)
MUTED = hex_of(PALETTE.muted)
ACCENT = hex_of(PALETTE.accent)
AMBER_TEXT = "#8a5a00"  # darker than the bar's amber so it reads as text


@dataclass(frozen=True)
class A3Context:
    event: Event
    today: date
    url: str
    categories: tuple[str, ...]


# -- small helpers ---------------------------------------------------------------------------------


def p(text: str, style: ParagraphStyle) -> Paragraph:
    return para(text, style)


def labelled(label: str, text: str, st: Styles) -> Paragraph:
    return p(f"<b>{label}</b>  {markup(text)}", st.body)


def subhead(text: str, st: Styles) -> Paragraph:
    para = p(text, st.head)
    para.keepWithNext = 1
    return para


def muted(text: str, st: Styles) -> Paragraph:
    return p(text, st.muted)


def gap(st: Styles, factor: float = 1.0) -> Spacer:
    return Spacer(1, st.gap * factor)


def with_gaps(blocks: Sequence[Flowable | list[Flowable]], st: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        items = block if isinstance(block, list) else [block]
        if not items:
            continue
        if out:
            out.append(gap(st))
        out.extend(items)
    return out


@dataclass(frozen=True)
class Fit:
    """A column as wide as the widest of ``samples`` in bold (dates, ids, short labels), so it
    never wraps mid-word; at most ``cap`` of the table width."""

    samples: tuple[str, ...]
    cap: float = 0.3


@dataclass(frozen=True)
class Flex:
    """A column taking ``share`` of the room left by Fit columns, but never narrower than the
    longest word of ``texts`` (names wrap between words, not inside them), up to ``cap``."""

    share: float
    texts: tuple[str, ...] = ()
    cap: float = 0.3


Column = float | Fit | Flex


def column_widths(
    cols: Sequence[Column], width: float, st: Styles
) -> tuple[list[float], list[bool]]:
    """Each column's width, and whether it is set by its content (True) or shares the rest."""

    def widest(samples: Sequence[str], font: str) -> float:
        return max((stringWidth(s, font, st.size) for s in samples), default=0.0) + 2 * st.pad + 1

    fixed = {
        i: min(col.cap * width, widest(col.samples, SANS_BOLD))
        for i, col in enumerate(cols)
        if isinstance(col, Fit)
    }
    shares = {
        i: (col.share if isinstance(col, Flex) else col)
        for i, col in enumerate(cols)
        if not isinstance(col, Fit)
    }
    rest = max(0.0, width - sum(fixed.values()))
    # a flexible column below its minimum gets the minimum; the others share what is left
    for i, col in enumerate(cols):
        if isinstance(col, Flex) and col.texts:
            words = [word for text in col.texts for word in text.split()]
            least = min(col.cap * width, widest(words, SANS))
            if rest * shares[i] / sum(shares.values()) < least:
                fixed[i] = least
                rest -= least
                del shares[i]
    total = sum(shares.values()) or 1.0
    rest = max(0.0, rest)
    widths = [fixed[i] if i in fixed else rest * shares[i] / total for i in range(len(cols))]
    return widths, [i in fixed for i in range(len(cols))]


class Grid:
    """Builds a compact table across ``width``: ``cols`` are shares of the width or Fit columns.

    Short texts of ours (ids, dates, durations, states) go in as plain strings when they fit
    their column on one line: the table draws those directly, several times faster than a
    Paragraph, and an A3 has hundreds of them. Anything else is a Paragraph."""

    def __init__(
        self, cols: Sequence[Column], width: float, st: Styles, labels: Sequence[str]
    ) -> None:
        self.st = st
        self.width = width
        self.widths, self.fixed = column_widths(cols, width, st)
        self.rows: list[list[object]] = [heads(labels, st)]
        self.commands: list[tuple[object, ...]] = []

    def text(
        self,
        col: int,
        text: str,
        *,
        bold: bool = False,
        colour: str | None = None,
        right: bool = False,
    ) -> object:
        """A cell for the row being built (the next one added)."""
        st = self.st
        font = SANS_BOLD if bold else SANS
        room = self.widths[col] - 2 * st.pad
        if is_plain(text) and all(
            stringWidth(line, font, st.size) <= room for line in text.split("\n")
        ):
            where = (col, len(self.rows))
            if bold:
                self.commands.append(("FONTNAME", where, where, SANS_BOLD))
            if colour:
                self.commands.append(("TEXTCOLOR", where, where, colour))
            if right:
                self.commands.append(("ALIGN", where, where, "RIGHT"))
            return text
        body = markup(text)
        if bold:
            body = f"<b>{body}</b>"
        if colour:
            body = f"<font color='{colour}'>{body}</font>"
        return p(body, st.cell_right if right else st.cell)

    def add(self, cells: list[object], *commands: tuple[object, ...]) -> None:
        row = len(self.rows)
        for name, start, stop, *args in commands:
            self.commands.append((name, (start[0], row), (stop[0], row), *args))  # type: ignore[index]
        self.rows.append(cells)

    def build(self) -> Table:
        """The table; its header row repeats when it continues in the appendix, and a row taller
        than a page can split inside itself."""
        st = self.st
        t = Table(self.rows, colWidths=self.widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
        pad = st.pad
        t.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), SANS),
                    ("FONTSIZE", (0, 0), (-1, -1), st.size),
                    ("LEADING", (0, 0), (-1, -1), st.leading),
                    ("TEXTCOLOR", (0, 0), (-1, -1), PALETTE.ink),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, -1), pad * 0.6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.8),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, PALETTE.rule),
                    ("BACKGROUND", (0, 0), (-1, 0), PALETTE.accent_light),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, PALETTE.accent),
                    *self.commands,
                ]
            )
        )
        # what measure.py needs to estimate this table's height at other sizes
        t.kz_grid = (
            self.rows,
            self.widths,
            self.fixed,
            2 * pad,
            1.4 * pad,
            st.leading,
        )
        return t


def is_plain(text: str) -> bool:
    """Text the Latin font prints as it is (no markup needed, no CJK run)."""
    return text.isascii() or all(ord(ch) in latin_coverage() for ch in text if ch != "\n")


def heads(labels: Sequence[str], st: Styles) -> list[object]:
    return [p(label, st.head) for label in labels]


MAX_OVERDUE_LISTED = 8  # under the QR code; the action plan lists them all
MINUTES = Fit(("88.8 min",))
DATE = Fit(("2026-12-31",), cap=0.5)  # durations such as "13.5 min", "40.0 h", "2.1 d"


# -- header ----------------------------------------------------------------------------------------


def build_header(ctx: A3Context, st: Styles, width: float) -> list[Flowable]:
    from reportlab.lib.styles import ParagraphStyle

    e = ctx.event
    title_size = st.size * 1.9
    title_style = ParagraphStyle(
        f"title-{st.size}",
        parent=st.bold,
        fontName=SANS_BOLD,
        fontSize=title_size,
        leading=title_size * 1.15,
        textColor=PALETTE.accent,
    )
    facts_parts = [f"<b>{markup(e.id)}</b>" if e.id else ""]
    facts_parts += [
        f"<font color='{MUTED}'>{label}</font> {markup(value)}" if label else markup(value)
        for label, value in facts.header_facts(e)
    ]
    out: list[Flowable] = [
        p(markup(e.title), title_style),
        Spacer(1, st.size * 0.3),
        p(" · ".join(part for part in facts_parts if part), st.body),
    ]
    roles = facts.role_lines(e)
    if roles:
        out.append(
            p(
                "    ".join(
                    f"<font color='{MUTED}'>{label}</font> "
                    + ", ".join(f"<b>{markup(n)}</b>" for n in names)
                    for label, names in roles
                ),
                st.body,
            )
        )
    team = facts.team_members(e)
    if team:
        out.append(
            p(f"<font color='{MUTED}'>Team</font> " + " · ".join(markup(m) for m in team), st.body)
        )
    return out


# -- 1 Background / problem ------------------------------------------------------------------------


def build_background(ctx: A3Context, st: Styles, width: float) -> list[Flowable]:
    e = ctx.event
    blocks: list[Flowable | list[Flowable]] = []
    if e.problem.strip():
        blocks.append(labelled("Problem", e.problem, st))
    if e.background.strip():
        blocks.append(labelled("Background", e.background, st))
    scope = e.scope
    lines = []
    if scope.first_step.strip() or scope.last_step.strip():
        lines.append(
            f"<b>Scope</b>  from “{markup(scope.first_step or '…')}” "
            f"to “{markup(scope.last_step or '…')}”"
        )
    if scope.in_:
        lines.append("<b>In</b>  " + "; ".join(markup(item) for item in scope.in_))
    if scope.out:
        lines.append("<b>Out</b>  " + "; ".join(markup(item) for item in scope.out))
    if lines:
        blocks.append([p(line, st.body) for line in lines])
    if not blocks:
        blocks.append(muted("No problem statement or background recorded yet.", st))
    return with_gaps(blocks, st)


# -- 2 Current condition ---------------------------------------------------------------------------


def build_current(ctx: A3Context, st: Styles, width: float) -> list[Flowable]:
    e = ctx.event
    blocks: list[Flowable | list[Flowable]] = []
    if e.process_steps:
        number = Fit((str(len(e.process_steps)),))
        steps = Grid(
            [number, 5.0, Fit(("NNVA",)), MINUTES, MINUTES],
            width,
            st,
            ["#", "Process step", "Type", "Work", "Wait"],
        )
        for n, step in enumerate(e.process_steps, 1):
            kind = {"VA": (True, GOOD), "NVA": (False, BAD)}.get(step.value, (False, None))
            steps.add(
                [
                    steps.text(0, str(n)),
                    p(markup(step.name), st.cell),
                    steps.text(2, step.value, bold=kind[0], colour=kind[1]),
                    steps.text(3, format_minutes(step.cycle_min), right=True),
                    steps.text(4, format_minutes(step.wait_min), right=True),
                ]
            )
        blocks.append(steps.build())
        flow = flow_of(e.process_steps)
        # no-break spaces keep "Lead time 1.6 h" and "VA ratio 2.1%" each on one line
        lead = _nbsp(f"Lead time {format_minutes(flow.lead_time_min)}")
        ratio = _nbsp(f"VA ratio {format_ratio(flow.va_ratio)}")
        blocks.append(
            [
                p(
                    f"<b>{lead}</b> = work {format_minutes(flow.cycle_min)} + waiting "
                    f"{format_minutes(flow.wait_min)} · value-adding "
                    f"{format_minutes(flow.va_min)} · <b>{ratio}</b>",
                    st.body,
                ),
                Spacer(1, st.size * 0.3),
                ValueAddBar(flow, width, st.size),
            ]
        )
    if e.wastes:
        labels = Fit(tuple(facts.WASTE_LABELS[w.type] for w in e.wastes), cap=0.35)
        wastes = Grid([labels, 5.0], width, st, ["Waste", "What we saw (where)"])
        for waste in e.wastes:
            where = (
                f" <font color='{MUTED}'>({markup(waste.step)})</font>"
                if waste.step.strip()
                else ""
            )
            wastes.add(
                [
                    wastes.text(0, facts.WASTE_LABELS[waste.type], bold=True),
                    p(markup(waste.description) + where, st.cell),
                ]
            )
        blocks.append([subhead("Main wastes", st), wastes.build()])
    if not blocks:
        blocks.append(muted("Current state not mapped yet.", st))
    return with_gaps(blocks, st)


def _nbsp(text: str) -> str:
    return text.replace(" ", "\u00a0")


# -- 3 Target --------------------------------------------------------------------------------------


def _direction(direction: str) -> str:
    return "↓ lower" if direction == "lower" else "↑ higher"


def build_target(ctx: A3Context, st: Styles, width: float) -> list[Flowable]:
    e = ctx.event
    blocks: list[Flowable | list[Flowable]] = []
    if e.target_condition.strip():
        blocks.append(labelled("Target condition", e.target_condition, st))
    if e.metrics:
        grid = Grid(
            [5.0, 1.5, 1.5, Fit(("↑ higher",))],
            width,
            st,
            ["Metric", "Baseline", "Target", "Better"],
        )
        for m in e.metrics:
            source = ", ".join(
                part
                for part in (
                    facts.iso(m.baseline_date) if m.baseline_date else "",
                    m.baseline_source,
                )
                if part.strip()
            )
            name: list[object] = [p(f"<b>{markup(m.id)}</b> {markup(m.name)}", st.cell)]
            if source:
                name.append(p("baseline: " + markup(source), st.muted))
            grid.add(
                [
                    name,
                    grid.text(1, facts.quantity(m.baseline, m.unit)),
                    grid.text(2, facts.quantity(m.target, m.unit), bold=True),
                    grid.text(3, _direction(m.direction)),
                ]
            )
        blocks.append(grid.build())
    if not blocks:
        blocks.append(muted("No target condition or metrics set yet.", st))
    return with_gaps(blocks, st)


# -- 4 Root-cause analysis -------------------------------------------------------------------------


def build_root_causes(ctx: A3Context, st: Styles, width: float) -> list[Flowable]:
    e = ctx.event
    if not e.root_causes:
        return [muted("No root causes recorded yet.", st)]
    rows_by_category, empty = facts.fishbone(e, ctx.categories)
    names = Fit(tuple(category.capitalize() for category, _ in rows_by_category), cap=0.35)
    fishbone = Grid([names, 5.0], width, st, ["Fishbone", "Root causes found"])
    for category, causes in rows_by_category:
        cells = []
        for rc in causes:
            mark = (
                f"<font color='{GOOD}'>✓ confirmed</font>"
                if rc.confirmed
                else f"<font color='{AMBER_TEXT}'>to confirm</font>"
            )
            text = rc.cause.strip() or rc.problem.strip()
            cells.append(p(f"<b>{markup(rc.id)}</b> {markup(text)} · {mark}", st.cell))
        fishbone.add([fishbone.text(0, category.capitalize(), bold=True), cells])
    blocks: list[Flowable | list[Flowable]] = [fishbone.build()]
    if empty:
        blocks.append(
            muted("No cause found under: " + ", ".join(markup(c) for c in empty) + ".", st)
        )
    chains: list[Flowable] = [subhead("5 whys", st)]
    for rc in e.root_causes:
        if not rc.whys and not rc.problem.strip():
            continue
        chains.append(Spacer(1, st.size * 0.25))
        head = p(f"<b>{markup(rc.id)}</b>  {markup(rc.problem)}", st.body)
        head.keepWithNext = 1
        chains.append(head)
        for n, why in enumerate(rc.whys, 1):
            chains.append(p(f"<font color='{MUTED}'>{n}.</font> {markup(why)}", st.indent))
    if len(chains) > 1:
        blocks.append(chains)
    return with_gaps(blocks, st)


# -- 5 Countermeasures -----------------------------------------------------------------------------


def build_countermeasures(ctx: A3Context, st: Styles, width: float) -> list[Flowable]:
    groups = facts.countermeasures(ctx.event)
    if not groups:
        return [muted("No countermeasures yet.", st)]
    out: list[Flowable] = []
    for rc, actions in groups:
        if out:
            out.append(Spacer(1, st.size * 0.35))
        if rc is None:
            label = "<b>Not linked to a root cause</b>"
        else:
            label = f"<b>{markup(rc.id)}</b> {markup(rc.cause.strip() or rc.problem)}"
        head = p(label, st.body)
        head.keepWithNext = 1
        out.append(head)
        for a in actions:
            text = f"<b>{markup(a.id)}</b> {markup(a.what)}"
            if a.status == "dropped":
                struck = f"<strike>{markup(a.id)} {markup(a.what)}</strike>"
                text = f"<font color='{MUTED}'>{struck} (dropped)</font>"
            out.append(p(f"→ {text}", st.indent))
    return out


# -- 6 Action plan ---------------------------------------------------------------------------------


def build_actions(ctx: A3Context, st: Styles, width: float) -> list[Flowable]:
    return _actions(ctx, st, width, updates_inline=True)


def build_actions_compact(ctx: A3Context, st: Styles, width: float) -> list[Flowable]:
    """The plan without the latest updates under each action (so every action gets a line on
    page 1); the updates follow the table, and continue in the appendix if there is no room."""
    return _actions(ctx, st, width, updates_inline=False)


def _actions(ctx: A3Context, st: Styles, width: float, *, updates_inline: bool) -> list[Flowable]:
    e = ctx.event
    if not e.actions:
        return [muted("No actions yet.", st)]
    states = [facts.action_state(a, ctx.today) for a in e.actions]
    status_lines = [line for state in states for line in _status_text(state).split("\n")]
    grid = Grid(
        [
            Fit(tuple(a.id for a in e.actions), cap=0.12),
            5.0,
            Flex(1.75, tuple(a.owner for a in e.actions), cap=0.25),
            DATE,
            Fit(("PDCA",)),
            Fit(tuple(status_lines), cap=0.3),
        ],
        width,
        st,
        ["ID", "Action", "Owner", "Due", "PDCA", "Status"],
    )
    circle = st.size * 1.3
    for a, state in zip(e.actions, states, strict=True):
        what: list[object] = [p(markup(a.what), st.cell)]
        update = facts.latest_update(a)
        if updates_inline and update is not None and a.status == "open" and update.note.strip():
            what.append(p(f"{facts.iso(update.date)}: {markup(update.note)}", st.muted))
        colour = {
            "overdue": BAD,
            "due_soon": AMBER_TEXT,
            "done": GOOD,
            "dropped": MUTED,
        }.get(state.kind)
        overdue = state.kind == "overdue"
        grid.add(
            [
                grid.text(0, a.id, bold=True),
                what,
                p(markup(a.owner) or "–", st.cell),
                grid.text(3, facts.iso(a.due), bold=overdue, colour=BAD if overdue else None),
                PdcaCircle(a.pdca, circle),
                grid.text(
                    5,
                    _status_text(state),
                    bold=state.kind in ("overdue", "due_soon"),
                    colour=colour,
                ),
            ],
            *([("BACKGROUND", (0,), (-1,), PALETTE.bad_light)] if overdue else []),
            ("ALIGN", (4,), (4,), "CENTER"),
        )
    out: list[Flowable] = [grid.build()]
    if not updates_inline:
        notes = [
            (a, u)
            for a in e.actions
            if a.status == "open" and (u := facts.latest_update(a)) is not None and u.note.strip()
        ]
        if notes:
            out += [gap(st), subhead("Latest updates on open actions", st)]
            out += [
                p(
                    f"<b>{markup(a.id)}</b> <font color='{MUTED}'>{facts.iso(u.date)}</font> "
                    + markup(u.note),
                    st.indent,
                )
                for a, u in notes
            ]
    return out


def _status_text(state: facts.ActionState) -> str:
    """The Status cell: "✓ done" above its date, so the column stays narrow."""
    if state.kind == "done":
        return "✓ " + state.label.replace(" ", "\n", 1)
    return state.label


# -- QR column -------------------------------------------------------------------------------------


def build_qr_notes(ctx: A3Context, st: Styles, width: float) -> list[Flowable]:
    """What goes under the QR code: the URL, what it opens, the actions at print (counts, the
    overdue ones with their owners, the next review) and the PDCA legend."""
    return _qr_notes(ctx, st, width, attention=True)


def build_qr_notes_compact(ctx: A3Context, st: Styles, width: float) -> list[Flowable]:
    """The same without the overdue list and next review (both are in boxes 6 and 8)."""
    return _qr_notes(ctx, st, width, attention=False)


def _qr_notes(ctx: A3Context, st: Styles, width: float, *, attention: bool) -> list[Flowable]:
    url_style = st.muted
    out: list[Flowable] = [
        p(markup(ctx.url), url_style),
        Spacer(1, st.size * 0.4),
        p("Scan for the live action list: owners, due dates, status.", st.body),
        Spacer(1, st.size * 0.6),
        p(f"<b>At print ({facts.iso(ctx.today)})</b>", st.body),
    ]
    counts = count_actions(ctx.event.actions, ctx.today)
    if counts.total:
        # the words are coloured as the bar's segments, so the line is also its legend
        parts = [
            (counts.done, "done", GOOD),
            (counts.open - counts.overdue, "open", ACCENT),
            (counts.overdue, "overdue", BAD),
            (counts.dropped, "dropped", MUTED),
        ]
        words = " · ".join(
            f"<font color='{colour}'><b>{n}</b> {label}</font>" for n, label, colour in parts if n
        )
        out += [
            p(f"{counts.total} actions: {words}", st.body),
            Spacer(1, st.size * 0.3),
            ActionsBar(counts.done, counts.open, counts.overdue, counts.dropped, width, st.size),
        ]
        if counts.due_soon:
            out.append(p(f"{counts.due_soon} due within 7 days", st.muted))
    else:
        out.append(p("No actions yet.", st.body))
    if attention:
        out += _needs_attention(ctx, st)
    out += [
        Spacer(1, st.size * 0.6),
        p("<b>PDCA circle</b>", st.body),
    ]
    rows = [
        [PdcaCircle(step, st.size * 1.2), p(label, st.cell)] for step, label in facts.pdca_legend()
    ]
    legend = Table(rows, colWidths=[st.size * 1.9, width - st.size * 1.9], hAlign="LEFT")
    legend.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 0.6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
            ]
        )
    )
    out.append(legend)
    return out


def _needs_attention(ctx: A3Context, st: Styles) -> list[Flowable]:
    """Who owes what, for a glance at the board: overdue actions with owner and days late, and
    the next review."""
    out: list[Flowable] = []
    late = [
        (a, state)
        for a in ctx.event.actions
        if (state := facts.action_state(a, ctx.today)).kind == "overdue"
    ]
    if late:
        out += [Spacer(1, st.size * 0.6), p(f"<font color='{BAD}'><b>Overdue</b></font>", st.body)]
        for a, state in late[:MAX_OVERDUE_LISTED]:
            days = state.label.removeprefix("OVERDUE ")
            owner = markup(a.owner) if a.owner.strip() else "no owner"
            out.append(p(f"<b>{markup(a.id)}</b> {owner} · {days}", st.indent))
        if len(late) > MAX_OVERDUE_LISTED:
            more = len(late) - MAX_OVERDUE_LISTED
            out.append(p(f"and {more} more in the action plan", st.muted))
    upcoming = [r for r in facts.review_lines(ctx.event, ctx.today) if r.held_on is None]
    if upcoming:
        r = upcoming[0]
        when = (
            f"{facts.iso(r.due)} ({markup(r.state)})" if r.state != "planned" else facts.iso(r.due)
        )
        colour = BAD if r.overdue else ACCENT
        out += [
            Spacer(1, st.size * 0.6),
            p(f"<font color='{colour}'><b>Next review</b></font> {r.day}-day, {when}", st.body),
        ]
    return out


# -- 7 Results -------------------------------------------------------------------------------------


def _verdict(verdict: str | None) -> str:
    colour = {"sustained": GOOD, "slipping": AMBER_TEXT, "lost": BAD}.get(verdict or "", MUTED)
    return f"<font color='{colour}'><b>{verdict or 'no verdict'}</b></font>"


def build_results(ctx: A3Context, st: Styles, width: float) -> list[Flowable]:
    e = ctx.event
    blocks: list[Flowable | list[Flowable]] = []
    measured = [m for m in e.metrics if m.readings]
    if measured:
        grid = Grid(
            [3.0, 1.9, 2.1, 2.2], width, st, ["Metric", "Baseline → target", "Latest", "Trend"]
        )
        trend_w = grid.widths[3] - 2 * st.pad
        for m in measured:
            trend = trend_of(e, m)
            latest = trend.latest
            assert latest is not None
            progress = facts.progress_text(trend)
            colour = {"sustained": GOOD, "slipping": AMBER_TEXT, "lost": BAD}.get(
                latest.verdict or "", MUTED
            )
            latest_cell: list[object] = [
                p(
                    f"<b>{markup(facts.quantity(latest.value, m.unit))}</b> "
                    f"<font color='{MUTED}' size='{st.muted.fontSize}'>"
                    f"{facts.iso(latest.date)}</font>",
                    st.cell,
                )
            ]
            if progress:
                mark = "✓ " if progress == "target met" else ""
                latest_cell.append(p(f"<font color='{colour}'>{mark}{progress}</font>", st.cell))
            grid.add(
                [
                    p(f"<b>{markup(m.id)}</b> {markup(m.name)}", st.cell),
                    p(
                        markup(facts.quantity(m.baseline, m.unit))
                        + " → "
                        + f"<b>{markup(facts.quantity(m.target, m.unit))}</b>",
                        st.cell,
                    ),
                    latest_cell,
                    metric_trend(trend, max(10.0, trend_w), st.size * 2.6),
                ]
            )
        blocks.append([grid.build(), Spacer(1, 2), TrendLegend(st.size)])
        unmeasured = [m for m in e.metrics if not m.readings]
        if unmeasured:
            blocks.append(
                muted(
                    "No readings yet for " + ", ".join(markup(m.id) for m in unmeasured) + ".", st
                )
            )
    elif e.metrics:
        blocks.append(
            muted("No readings recorded yet: results appear here as they are measured.", st)
        )
    held = [r for r in facts.review_lines(e, ctx.today) if r.held_on is not None]
    if held:
        lines: list[Flowable] = [subhead("Review verdicts", st)]
        for r in held:
            text = f"<b>{r.day}-day review</b> ({facts.iso(r.held_on)}): {_verdict(r.verdict)}"
            if r.notes.strip():
                text += " — " + markup(r.notes)
            lines.append(p(text, st.body))
        blocks.append(lines)
    if not blocks:
        blocks.append(muted("No results yet.", st))
    return with_gaps(blocks, st)


# -- 8 Follow-up -----------------------------------------------------------------------------------


def build_followup(ctx: A3Context, st: Styles, width: float) -> list[Flowable]:
    e = ctx.event
    blocks: list[Flowable | list[Flowable]] = []
    reviews = facts.review_lines(e, ctx.today)
    if reviews:
        grid = Grid(
            [Fit(("90-day", "Review")), DATE, 3.0],
            width,
            st,
            ["Review", "Due", "Status"],
        )
        for r in reviews:
            if r.overdue:
                state: object = grid.text(2, r.state, bold=True, colour=BAD)
            elif r.held_on is not None:
                state = p(f"{markup(r.state)}: {_verdict(r.verdict)}", st.cell)
            else:
                state = grid.text(2, r.state)
            grid.add(
                [grid.text(0, f"{r.day}-day", bold=True), grid.text(1, facts.iso(r.due)), state],
                *([("BACKGROUND", (0,), (-1,), PALETTE.bad_light)] if r.overdue else []),
            )
        blocks.append(grid.build())
    if e.yokoten:
        lines: list[Flowable] = [subhead("Yokoten: spreading the practice", st)]
        for y in e.yokoten:
            to = f" → {markup(y.to_area)}" if y.to_area.strip() else ""
            colour = {"adopted": GOOD, "declined": MUTED}.get(y.status, AMBER_TEXT)
            lines.append(
                p(
                    f"• {markup(y.practice)}{to} <font color='{colour}'>({y.status})</font>",
                    st.indent,
                )
            )
        blocks.append(lines)
    if e.lessons.strip():
        blocks.append(labelled("Lessons learned", e.lessons, st))
    if not blocks:
        blocks.append(
            muted(
                "Nothing planned yet: set the report-out date to schedule the reviews.",
                st,
            )
        )
    return with_gaps(blocks, st)
