"""What each tab of the portfolio screen shows, built from a computed Portfolio: tiles, the four
answers, and the rows of its tables. No widgets are touched here; the screen puts these in place.

Row keys start with the event id before a ``|`` when the row is about one event (so Enter and the
parking-lot hotkey know which event is meant); rows about a person or an area start with ``@``.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import accumulate

from rich.text import Text
from textual.content import Content

from kaizen_tui.logic.evidence import EvidenceEntry, PersonEvidence
from kaizen_tui.logic.listing import dates_text
from kaizen_tui.logic.people import person_key
from kaizen_tui.logic.portfolio import (
    ActionRef,
    EventResult,
    EventRow,
    OverdueList,
    OwnerOverdue,
    Portfolio,
)
from kaizen_tui.logic.portfolio_view import area_quarter_grid, share_bar, trend_word
from kaizen_tui.logic.results import MetricResult, RateRow
from kaizen_tui.logic.sensei import SenseiNotes
from kaizen_tui.logic.words import plural
from kaizen_tui.logic.yokoten import YokotenItem
from kaizen_tui.model import STATUS_SHORT_LABELS
from kaizen_tui.report.text import (
    fmt_num,
    fmt_of,
    fmt_pct,
    headlines,
    role_label,
    status_label,
    sustain_label,
)
from kaizen_tui.widgets.table import Column, Row, RowParts, RowsAt

#: Below 110 columns: the same states in fewer letters.
SHORT_SUSTAIN = {
    "no_verdict": "no verdict",
    "overdue": "overdue",
    "pending": "not yet due",
    "no_review": "none planned",
}
SUSTAIN_TONES = {"sustained": "success", "slipping": "warning", "lost": "error", "overdue": "error"}
TREND_ARROWS = {"up": "▲", "down": "▼", "same": "=", "": ""}


def event_of(key: str | None) -> str | None:
    """The event a row is about, from its key (see the module docstring)."""
    if not key or key.startswith("@"):
        return None
    return key.partition("|")[0] or None


def _tones(*pairs: tuple[int, str]) -> tuple[tuple[int, str], ...]:
    """Cell tones without the empty ones (a cell with no tone keeps the row's colour)."""
    return tuple(pair for pair in pairs if pair[1])


def _pct_text(share: float | None) -> str:
    return fmt_pct(share).replace("-", "−") if share is not None and share < 0 else fmt_pct(share)


# -- overview -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    sub: str
    tone: str = ""  # "error", "warning", "success" or ""


def tiles(p: Portfolio, *, narrow: bool = False) -> list[Tile]:
    """Six figures at a glance. Labels and lines fit a tile 16 columns wide, or 11 below 110
    columns (``narrow``)."""
    a, s, c = p.actions, p.sustainment, p.capability
    now, before = c.this_quarter, c.last_quarter
    abandoned = p.by_status.get("abandoned", 0)
    trend = trend_word(now.line_led_rate, before.line_led_rate)
    led_tone = {"up": "success", "down": "warning"}.get(trend, "")
    judged = a.on_time + a.late
    return [
        Tile("Events", str(len(p.events)), f"{abandoned} abandoned" if abandoned else ""),
        Tile(
            "Overdue" if narrow else "Overdue actions",
            str(a.overdue),
            f"of {a.open} open",
            "error" if a.overdue else "success",
        ),
        Tile(
            "On time" if narrow else "Done on time",
            fmt_pct(a.on_time_rate),
            f"{a.on_time} of {judged} done" if judged else "none done yet",
        ),
        Tile(
            f"Held at {s.day}d" if narrow else f"Sustained at {s.day}d",
            fmt_pct(s.rate),
            f"{s.sustained} of {s.held} held" if narrow else f"{s.sustained} of {s.held} reviewed",
            "" if s.rate is None else ("success" if s.rate >= 0.5 else "warning"),
        ),
        Tile(
            f"Line-led {now.quarter[-2:] if narrow else now.quarter}",
            f"{fmt_pct(now.line_led_rate)} {TREND_ARROWS[trend]}".strip(),
            f"{before.quarter[-2:] if narrow else before.quarter}: {fmt_pct(before.line_led_rate)}",
            led_tone,
        ),
        Tile(
            "Line-owned",
            fmt_pct(c.line_owned_rate),
            f"{c.line_owned} of {c.actions_known}"
            + ("" if narrow else f" action{'s' if c.actions_known != 1 else ''}"),
        ),
    ]


def tile_content(tile: Tile) -> Content:
    tone = f"bold $text-{tile.tone}" if tile.tone else "bold"
    return Content.assemble(
        (tile.label, "$text-muted"), "\n", (tile.value, tone), "\n", (tile.sub, "$text-muted")
    )


def answers(p: Portfolio, *, compact: bool = False) -> Content:
    """The four questions an LPO lead is asked, each with its answer from these figures
    (``compact``: no blank line between them, so all four fit on an 80×24 screen)."""
    parts: list[str | tuple[str, str]] = []
    for question, answer in headlines(p):
        if parts:
            parts.append("\n" if compact else "\n\n")
        parts += [(question, "bold $accent"), "\n", answer]
    return Content.assemble(*parts)


def status_counts(p: Portfolio) -> Content:
    parts: list[str | tuple[str, str]] = [("Events by status  ", "bold")]
    shown = [(status, n) for status, n in p.by_status.items()]
    for i, (status, n) in enumerate(shown):
        if i:
            parts.append(("  ·  ", "$text-muted"))
        parts.append((f"{status_label(status)} ", "$text-muted"))
        parts.append((str(n), "bold" if n else "$text-muted"))
    return Content.assemble(*parts)


# -- events -------------------------------------------------------------------------------------


def grid_columns_and_rows(p: Portfolio, width: int) -> tuple[list[Column], list[Row]]:
    """Events by area and quarter: as many recent quarters as fit in ``width`` columns."""
    room = max(1, (width - 28 - 7) // 9)
    grid = area_quarter_grid(p.by_area_quarter, room)
    columns = [Column("area", "Area", None, min_width=14)]
    columns += [Column(q, q, 8, justify="right") for q in grid.columns]
    columns.append(Column("total", "Total", 6, justify="right"))
    rows = [
        Row(
            f"@area:{area}",
            (area, *[str(n) if n else "·" for n in counts], str(total)),
        )
        for area, counts, total in grid.rows
    ]
    if len(grid.rows) > 1:
        rows.append(
            Row("@total", ("All areas", *[str(n) for n in grid.totals], str(grid.total)), "muted")
        )
    return columns, rows


def event_columns(wide: bool, sustain_day: int, id_width: int = 12) -> list[Column]:
    if wide:
        return [
            Column("id", "ID", id_width),
            Column("title", "Title", None, min_width=16),
            Column("area", "Area", None, min_width=10),
            Column("status", "Status", 12),
            Column("start", "Start", 10),
            Column("leader", "Led by", 6),
            Column("late", "Late", 4, justify="right"),
            Column("result", "Result", 6, justify="right"),
            Column("sustain", f"{sustain_day}-day review", 18),
        ]
    return [
        Column("id", "ID", id_width),
        Column("title", "Title", None, min_width=12),
        Column("status", "Status", 9),
        Column("late", "Late", 4, justify="right"),
        Column("result", "Result", 6, justify="right"),
        Column("sustain", f"{sustain_day}-day", 12),
    ]


def id_width(p: Portfolio | None) -> int:
    """As wide as the longest id (KZ-2026-014 is 11, bench ids 13), within reason."""
    longest = max((len(e.id) for e in p.events), default=8) if p is not None else 12
    return max(8, min(16, longest))


LEADER_LABELS = {"line": "line", "lpo": "LPO", None: "–"}


def event_rows(p: Portfolio, wide: bool) -> RowsAt:
    # made when a row is first shown: 10,000 events cost nothing until scrolled to
    events = p.events
    return RowsAt(len(events), lambda i: events[i].id, lambda i: _event_parts(events[i], wide))


def _event_parts(e: EventRow, wide: bool) -> RowParts:
    late = str(e.actions_overdue) if e.status != "abandoned" else "–"
    cells: tuple[str | Text, ...]
    if wide:
        cells = (
            Text(e.id, style="bold"),
            e.title,
            e.area,
            status_label(e.status),
            e.start.isoformat() if e.start else "–",
            LEADER_LABELS[e.leader],
            late,
            _pct_text(e.result),
            sustain_label(e.sustain_state),
        )
    else:
        cells = (
            Text(e.id, style="bold"),
            e.title,
            STATUS_SHORT_LABELS.get(e.status, e.status),
            late,
            _pct_text(e.result),
            SHORT_SUSTAIN.get(e.sustain_state, e.sustain_state),
        )
    tones: list[tuple[int, str]] = []
    if e.actions_overdue and e.status != "abandoned":
        tones.append((6 if wide else 3, "error"))
    tones.append((len(cells) - 1, SUSTAIN_TONES.get(e.sustain_state, "")))
    tone = "muted" if e.status in ("closed", "abandoned") else ""
    return cells, tone, _tones(*tones)


# -- actions ------------------------------------------------------------------------------------


def action_summary(p: Portfolio) -> Content:
    a = p.actions
    parts: list[str | tuple[str, str]] = [
        (f"{a.open} open", "bold"),
        " · ",
        (f"{a.overdue} overdue", "bold $text-error" if a.overdue else "bold"),
        f" · {a.done} done: {a.on_time} on time, {a.late} late",
    ]
    if a.done_undated:
        parts.append(f", {a.done_undated} without a due or done date")
    parts.append(f" · completed on time {fmt_pct(a.on_time_rate)}")
    if a.dropped:
        parts.append(f" · {a.dropped} dropped")
    return Content.assemble(*parts)


def overdue_columns(wide: bool, id_w: int = 12) -> list[Column]:
    """Beside the owners table (36 columns) at 110 columns and more, under it below."""
    if wide:
        return [
            Column("owner", "Owner", 18),
            Column("event", "Event", id_w),
            Column("what", "Action", None, min_width=16),
            Column("due", "Due", 10),
            Column("late", "Late", 6, justify="right"),
        ]
    return [
        Column("owner", "Owner", 18),
        Column("event", "Event", id_w),
        Column("what", "Action", None, min_width=14),
        Column("late", "Late", 6, justify="right"),
    ]


ALL_OWNERS = "@owner:*"


def owner_columns() -> list[Column]:
    return [
        Column("owner", "Owner", None, min_width=12),
        Column("count", "Late", 5, justify="right"),
        Column("oldest", "Oldest", 6, justify="right"),
    ]


def owner_rows(p: Portfolio) -> list[Row]:
    """Who has overdue actions, most first; "All owners" first (every overdue action)."""
    owners = p.actions.overdue_by_owner
    if not owners:
        return []
    oldest = max(o.oldest for o in owners)
    rows = [
        Row(ALL_OWNERS, (Text("All owners", style="bold"), str(p.actions.overdue), f"{oldest} d"))
    ]
    rows += [
        Row(f"@owner:{person_key(o.owner)}", (o.owner, str(o.count), f"{o.oldest} d"), "error")
        for o in owners
    ]
    return rows


def owner_at(p: Portfolio, key: str | None) -> int | None:
    """Which owner (their place in ``overdue_by_owner``) an owner row is about (None for "All
    owners")."""
    if not key or key == ALL_OWNERS or not key.startswith("@owner:"):
        return None
    wanted = key.removeprefix("@owner:")
    return next(
        (n for n, o in enumerate(p.actions.overdue_by_owner) if person_key(o.owner) == wanted),
        None,
    )


#: Reads the actions at (event id, seq) from the index (logic/portfolio.overdue_page).
ReadActions = Callable[[Sequence[tuple[str, int]]], Sequence[ActionRef | None]]


class OverduePlaces:
    """Where each listed overdue action of some owners sits in the OverdueList, in the order
    listed: row ``i``'s key (``event id|seq``) and its action are made when asked, nothing is
    held per action (a portfolio of 10,000 events has ~77,000)."""

    def __init__(self, found: OverdueList, owners: Sequence[int]) -> None:
        self.found = found
        self.owners = owners
        self.starts = list(accumulate((len(found.refs[n]) for n in owners), initial=0))

    def __len__(self) -> int:
        return self.starts[-1]

    def place(self, index: int) -> tuple[int, int]:
        """(owner, index among their actions) of the ``index``th row."""
        at = bisect_right(self.starts, index) - 1
        return self.owners[at], index - self.starts[at]

    def ref(self, index: int) -> tuple[str, int]:
        return self.found.at(*self.place(index))

    def key(self, index: int) -> str:
        event_id, seq = self.ref(index)
        return f"{event_id}|{seq}"

    def find(self, key: str) -> int | None:
        event_id, _, seq = key.rpartition("|")
        try:
            ref = self.found.events.index(event_id) << 32 | int(seq)
        except ValueError:
            return None
        for at, n in enumerate(self.owners):
            try:
                return self.starts[at] + self.found.refs[n].index(ref)
            except ValueError:
                continue
        return None

    def page(self, read: ReadActions, wide: bool, places: range) -> list[RowParts | None]:
        """The rows at ``places``, their actions read from the index at once."""
        refs = read([self.ref(i) for i in places])
        parts: list[RowParts | None] = []
        for i, ref in zip(places, refs, strict=True):
            owner, n = self.place(i)
            first = self.found.owners[owner] if n == 0 else None
            parts.append(None if ref is None else _overdue_parts(ref, first, wide))
        return parts


def overdue_rows(
    found: OverdueList, read: ReadActions, wide: bool, only: int | None = None
) -> RowsAt:
    """Overdue actions grouped by owner, the owner with most first, each owner named once; or
    the actions of owner number ``only``, most overdue first. Read from the index a page at a
    time as they are shown: holding them (then a Row each) was most of the screen's memory at
    10,000 events and held the UI thread for a second in garbage collection."""
    owners = [only] if only is not None else range(len(found.owners))
    at = OverduePlaces(found, owners)
    return RowsAt(len(at), at.key, page=partial(at.page, read, wide), find=at.find)


def _overdue_parts(ref: ActionRef, owner: OwnerOverdue | None, wide: bool) -> RowParts:
    who: str | Text = Text(f"{owner.owner} ({owner.count})", style="bold") if owner else ""
    what = Text.assemble((ref.action_id, "bold"), " ", ref.what)
    late = f"{ref.days_overdue} d"
    cells: tuple[str | Text, ...] = (
        (who, ref.event_id, what, ref.due or "–", late) if wide else (who, ref.event_id, what, late)
    )
    return cells, "error", ()


# -- results and sustainment ----------------------------------------------------------------------


def sustain_summary(p: Portfolio) -> Content:
    s = p.sustainment
    parts: list[str | tuple[str, str]] = [
        (f"Sustained at {s.day} days: ", "bold"),
        (f"{s.sustained} of {s.held} events with a verdict ({fmt_pct(s.rate)})", "bold"),
    ]
    judged = [(state, s.counts.get(state, 0)) for state in ("slipping", "lost")]
    judged = [(state, n) for state, n in judged if n]
    if judged:
        parts.append("; " + ", ".join(f"{n} {state}" for state, n in judged))
    later = [
        (state, s.counts.get(state, 0))
        for state in ("no_verdict", "overdue", "pending", "no_review")
        if s.counts.get(state, 0)
    ]
    if later:
        parts.append("\n")
        parts.append(
            (
                "Not counted: "
                + " · ".join(f"{n} {counted(sustain_label(state), n)}" for state, n in later),
                "$text-muted",
            )
        )
    return Content.assemble(*parts)


def counted(label: str, n: int) -> str:
    """``review not yet due`` → ``reviews not yet due`` for more than one."""
    if n == 1 or not label.startswith("review "):
        return label
    return "reviews " + label.removeprefix("review ")


def sustain_columns(first: str, wide: bool) -> list[Column]:
    columns = [
        Column("key", first, None, min_width=12),
        Column("held", "Held", 5, justify="right"),
        Column("sustained", "Sust.", 5, justify="right"),
        Column("rate", "Rate", 5, justify="right"),
    ]
    if wide:
        columns.append(Column("bar", "", 10))
    return columns


def held_first(rows: Sequence[RateRow]) -> list[RateRow]:
    """Areas that held a review first, the best rate first (then the most reviews); areas with
    nothing held yet last, by name: the order in which "which areas held their gains" is read."""
    return sorted(
        rows,
        key=lambda r: (not r.held, -(r.rate or 0), -r.held, r.key.casefold()),
    )


def sustain_rows(rows_in: Sequence[RateRow], prefix: str, wide: bool) -> list[Row]:
    rows = []
    for r in rows_in:
        tone = ""
        if r.held:
            tone = "success" if r.rate == 1 else ("error" if r.sustained == 0 else "warning")
        cells: tuple[str, ...] = (
            r.key,
            str(r.held),
            str(r.sustained),
            fmt_pct(r.rate),
            *((share_bar(r.rate),) if wide else ()),
        )
        rows.append(
            Row(f"@{prefix}:{r.key}", cells, "muted" if not r.held else "", _tones((3, tone)))
        )
    return rows


def result_columns(wide: bool, sustain_day: int) -> list[Column]:
    if wide:
        return [
            Column("event", "Event / metric", None, min_width=24),
            Column("area", "Area", 18),
            Column("baseline", "Baseline", 9, justify="right"),
            Column("latest", "Latest", 9, justify="right"),
            Column("date", "on", 10),
            Column("target", "Target", 9, justify="right"),
            Column("progress", "Progress", 8, justify="right"),
            Column("sustain", f"{sustain_day}-day", 18),
        ]
    return [
        Column("event", "Event / metric", None, min_width=20),
        Column("baseline", "Base", 7, justify="right"),
        Column("latest", "Latest", 7, justify="right"),
        Column("target", "Target", 7, justify="right"),
        Column("progress", "Progr.", 6, justify="right"),
    ]


def _progress_tone(progress: float | None) -> str:
    if progress is None:
        return ""
    return "success" if progress >= 1 else ("error" if progress < 0 else "")


def result_rows(p: Portfolio, wide: bool) -> RowsAt:
    """Per event its result (mean progress, each metric capped), then each metric: baseline,
    latest reading, target and the change achieved as a share of the change intended."""
    results = p.results
    # each row's place: the result's number << 16, plus its metric's number + 1 (0: the event)
    places = array("q")
    for n, r in enumerate(results):
        places.extend(n << 16 | m for m in range(len(r.metrics) + 1))
    states: dict[str, str] = {}

    def key(i: int) -> str:
        r = results[places[i] >> 16]
        m = places[i] & 0xFFFF
        return f"{r.event_id}|{r.metrics[m - 1].id}" if m else r.event_id

    def parts(i: int) -> RowParts:
        r = results[places[i] >> 16]
        m = places[i] & 0xFFFF
        if m:
            return _metric_parts(r.metrics[m - 1], wide)
        if not states:
            states.update((e.id, e.sustain_state) for e in p.events)
        return _result_parts(r, states.get(r.event_id, "no_review"), wide)

    return RowsAt(len(places), key, parts)


def _result_parts(r: EventResult, state: str, wide: bool) -> RowParts:
    head = Text.assemble((r.event_id, "bold"), " ", r.title)
    cells: tuple[str | Text, ...]
    if wide:
        cells = (head, r.area, "", "", "", "", _pct_text(r.result), sustain_label(state))
        tones = _tones((6, _progress_tone(r.result)), (7, SUSTAIN_TONES.get(state, "")))
    else:
        cells = (head, "", "", "", _pct_text(r.result))
        tones = _tones((4, _progress_tone(r.result)))
    return cells, "", tones


def _metric_parts(m: MetricResult, wide: bool) -> RowParts:
    name = f"   {m.name}" + (f" ({m.unit})" if m.unit else "")
    numbers = (fmt_num(m.baseline), fmt_num(m.latest))
    cells: tuple[str, ...]
    if wide:
        cells = (
            name,
            "",
            *numbers,
            m.latest_date or "",
            fmt_num(m.target),
            _pct_text(m.progress),
            "",
        )
        at = 6
    else:
        cells = (name, *numbers, fmt_num(m.target), _pct_text(m.progress))
        at = 4
    return cells, "", _tones((at, _progress_tone(m.progress)))


# -- line capability ------------------------------------------------------------------------------


def capability_summary(p: Portfolio) -> Content:
    c = p.capability
    parts: list[str | tuple[str, str]] = [
        ("Line-led events: ", "bold"),
        fmt_of(c.line_led, c.events_with_leader),
        " of the events with a team leader",
    ]
    if c.no_leader:
        parts.append(f" ({plural(c.no_leader, 'event')} without one)")
    parts += ["\n", ("Line-owned actions: ", "bold"), fmt_of(c.line_owned, c.actions_known)]
    parts.append(" of the actions whose owner is on the team")
    apart = []
    if c.not_on_team:
        names = ", ".join(f"{name} {n}" for name, n in c.owners_not_on_team[:4])
        more = len(c.owners_not_on_team) - 4
        apart.append(
            f"{plural(c.not_on_team, 'action')} owned by people not on the team ({names}"
            + (f" and {more} more" if more > 0 else "")
            + "): add them to the team to count them"
        )
    if c.no_owner:
        apart.append(f"{plural(c.no_owner, 'action')} without an owner")
    if apart:
        parts += ["\n", ("Left out: " + "; ".join(apart) + ".", "$text-muted")]
    parts += [
        "\n",
        (
            "Bars growing quarter by quarter: the line leads and owns more of its own "
            "improvement, and the LPO is making itself unnecessary.",
            "$text-muted",
        ),
    ]
    return Content.assemble(*parts)


def capability_columns(wide: bool) -> list[Column]:
    bar = 20 if wide else 10
    return [
        Column("quarter", "Quarter", 14),
        Column("led", "Line-led", 9, justify="right"),
        Column("led_pct", "%", 5, justify="right"),
        Column("led_bar", "", bar),
        Column("owned", "Line-owned", 11, justify="right"),
        Column("owned_pct", "%", 5, justify="right"),
        Column("owned_bar", "", bar),
    ]


def capability_rows(p: Portfolio, wide: bool) -> list[Row]:
    c = p.capability
    bar = 20 if wide else 10
    rows = []
    quarters = list(c.by_quarter)
    known = {q.quarter for q in quarters}
    # the quarters the question is about are always shown, even with no event yet
    for q in (c.last_quarter, c.this_quarter):
        if q.quarter not in known:
            quarters.append(q)
    quarters.sort(key=lambda q: q.quarter)
    for q in quarters:
        label = q.quarter
        tone = ""
        if q.quarter == c.this_quarter.quarter:
            label += " (now)"
            tone = "warning" if not q.events_with_leader else ""
        elif q.quarter == c.last_quarter.quarter:
            label += " (last)"
        cells = (
            Text(label, style="bold") if q.quarter == c.this_quarter.quarter else label,
            f"{q.line_led} of {q.events_with_leader}",
            fmt_pct(q.line_led_rate),
            share_bar(q.line_led_rate, bar),
            f"{q.line_owned} of {q.actions_known}",
            fmt_pct(q.line_owned_rate),
            share_bar(q.line_owned_rate, bar),
        )
        rows.append(Row(f"@quarter:{q.quarter}", cells, "", ((0, tone),) if tone else ()))
    return rows


# -- people ---------------------------------------------------------------------------------------


def people_summary(p: Portfolio) -> Content:
    ready = p.ready_for_certification
    # in words, not the config's rule syntax (co_facilitated>=2)
    levels = "; ".join(f"{level.name}: {level.describe()}" for level in p.settings.levels)
    first: tuple[str, str] | str
    if ready:
        first = ", ".join(f"{x.name} ({x.standing.level})" for x in ready[:6]) + (
            f" and {len(ready) - 6} more" if len(ready) > 6 else ""
        )
    else:
        first = ("nobody yet", "$text-muted")
    return Content.assemble(
        ("Meets a level: ", "bold"),
        first,
        "\n",
        (f"Levels: {levels}. Only events past their report-out count.", "$text-muted"),
    )


def people_columns(wide: bool) -> list[Column]:
    if wide:
        return [
            Column("name", "Person", 22),
            Column("from", "From", 4),
            Column("level", "Level", 13),
            Column("fac", "Fac", 3, justify="right"),
            Column("co", "Co", 3, justify="right"),
            Column("led", "Led", 3, justify="right"),
            Column("sus", "Sus", 3, justify="right"),
            Column("events", "Evts", 4, justify="right"),
            Column("next", "Next level needs", None, min_width=20),
        ]
    return [
        Column("name", "Person", 18),
        Column("level", "Level", 12),
        Column("fac", "Fac", 3, justify="right"),
        Column("co", "Co", 3, justify="right"),
        Column("led", "Led", 3, justify="right"),
        Column("next", "Next level needs", None, min_width=12),
    ]


def _next(person: PersonEvidence) -> str:
    st = person.standing
    if st.next_level is None:
        return "highest level met"
    return f"{st.next_level}: {', '.join(st.missing)}"


def people_rows(p: Portfolio, wide: bool) -> list[Row]:
    rows = []
    for person in p.people_by_standing:
        k = person.counts
        level: str | Text = (
            Text(person.standing.level, style="bold") if person.standing.level else "–"
        )
        cells: tuple[str | Text, ...]
        if wide:
            cells = (
                person.name,
                "line" if person.from_line else "LPO",
                level,
                str(k["facilitated"]),
                str(k["co_facilitated"]),
                str(k["led"]),
                str(k["sustained"]),
                str(k["events"]),
                _next(person),
            )
        else:
            cells = (
                person.name,
                level,
                str(k["facilitated"]),
                str(k["co_facilitated"]),
                str(k["led"]),
                _next(person),
            )
        rows.append(
            Row(
                f"@person:{person.key}",
                cells,
                "",
                ((2 if wide else 1, "success"),) if person.ready else (),
            )
        )
    return rows


def evidence_columns(wide: bool, sustain_day: int, id_w: int = 12) -> list[Column]:
    if wide:
        return [
            Column("event", "Event", id_w),
            Column("title", "Title", None, min_width=16),
            Column("role", "Role", 17),
            Column("dates", "Dates", 19),
            Column("status", "Status", 12),
            Column("result", "Result", 6, justify="right"),
            Column("sustain", f"{sustain_day}-day review", 18),
        ]
    return [
        Column("event", "Event", id_w),
        Column("role", "Role", 14),
        Column("start", "Start", 10),
        Column("result", "Result", 6, justify="right"),
        Column("sustain", f"{sustain_day}-day", None, min_width=10),
    ]


def evidence_rows(person: PersonEvidence | None, wide: bool) -> list[Row]:
    if person is None:
        return []
    rows = []
    for e in person.entries:
        status = status_label(e.status) + ("" if e.counted else " (not yet counted)")
        cells: tuple[str, ...] = (
            (
                e.event_id,
                e.title,
                role_label(e.role),
                dates_text(e.start, e.end),
                status,
                _pct_text(e.result),
                sustain_label(e.sustain_state),
            )
            if wide
            else (
                e.event_id,
                role_label(e.role),
                e.start.isoformat() if e.start else "–",
                _pct_text(e.result),
                sustain_label(e.sustain_state),
            )
        )
        tones = (
            ((len(cells) - 1, SUSTAIN_TONES[e.sustain_state]),)
            if e.sustain_state in SUSTAIN_TONES
            else ()
        )
        rows.append(Row(_evidence_key(e), cells, "" if e.counted else "muted", tones))
    return rows


def _evidence_key(e: EvidenceEntry) -> str:
    return f"{e.event_id}|{e.role}"


def evidence_title(person: PersonEvidence | None) -> str:
    if person is None:
        return "Evidence"
    where = "from the line" if person.from_line else "LPO"
    if person.department and person.department.casefold() != where.casefold():
        where += f", {person.department}"
    return f"Evidence: {person.name} ({where}) · e exports it"


# -- yokoten --------------------------------------------------------------------------------------

YOKOTEN_TONES = {"adopted": "success", "declined": "muted"}


def yokoten_columns(wide: bool, id_w: int = 12) -> list[Column]:
    if wide:
        return [
            Column("ref", "Ref", id_w + 3),
            Column("status", "Status", 19),
            Column("from", "From area", 18),
            Column("to", "To area", 18),
            Column("practice", "Practice", None, min_width=20),
        ]
    return [
        Column("ref", "Ref", id_w + 3),
        Column("status", "Status", 9),
        Column("to", "To area", 14),
        Column("practice", "Practice", None, min_width=16),
    ]


def yokoten_status(item: YokotenItem, wide: bool = True) -> str:
    if item.status == "adopted" and item.adopted_in and wide:
        return f"adopted → {item.adopted_in}"
    return item.status


def yokoten_rows(items: list[YokotenItem], wide: bool) -> RowsAt:
    # made when a row is first shown (10,000 practices at 10,000 events)
    return RowsAt(
        len(items),
        lambda i: f"{items[i].event_id}|{items[i].index}",
        lambda i: _yokoten_parts(items[i], wide),
    )


def _yokoten_parts(item: YokotenItem, wide: bool) -> RowParts:
    cells: tuple[str | Text, ...] = (
        (
            Text(item.ref, style="bold"),
            yokoten_status(item),
            item.from_area or "(no area)",
            item.to_area or "(any area)",
            item.practice,
        )
        if wide
        else (
            Text(item.ref, style="bold"),
            item.status,
            item.to_area or "(any area)",
            item.practice,
        )
    )
    return cells, "", _tones((1, YOKOTEN_TONES.get(item.status, "")))


def yokoten_detail(item: YokotenItem | None, count: int, total: int) -> Content:
    if item is None:
        if total:
            return Content.styled(
                f"No practice matches (of {plural(total, 'practice')}).", "$text-muted"
            )
        return Content.styled(
            "No yokoten practices yet: events propose them in their follow-up.", "$text-muted"
        )
    where = f"{item.from_area or '(no area)'} → {item.to_area or '(any area)'}"
    state = yokoten_status(item)
    if item.status == "proposed":
        keys = "a: adopt into an event · x: the area declined it"
    elif item.status == "declined":
        keys = "a: adopt it after all"
    else:
        keys = ""
    return Content.assemble(
        (f"{item.ref}", "bold"),
        f" · {item.event_title} · {where} · ",
        (state, "bold"),
        (f"   {count} of {total} shown" + (f" · {keys}" if keys else ""), "$text-muted"),
        "\n",
        item.practice,
    )


# -- sensei ---------------------------------------------------------------------------------------


def sensei_columns(wide: bool, id_w: int = 12) -> list[Column]:
    if wide:
        return [
            Column("sensei", "Sensei", 18),
            Column("date", "Date", 10),
            Column("event", "Event", id_w),
            Column("area", "Area", 18),
            Column("note", "Note", None, min_width=20),
        ]
    return [
        Column("sensei", "Sensei", 14),
        Column("date", "Date", 10),
        Column("event", "Event", id_w),
        Column("note", "Note", None, min_width=16),
    ]


def sensei_rows(groups: tuple[SenseiNotes, ...], wide: bool) -> list[Row]:
    rows = []
    for g, group in enumerate(groups):
        for i, note in enumerate(group.notes):
            name: str | Text = (
                Text(f"{group.sensei} ({len(group.notes)})", style="bold") if i == 0 else ""
            )
            cells: tuple[str | Text, ...] = (
                (name, note.date, note.event_id, note.area, note.note)
                if wide
                else (name, note.date, note.event_id, note.note)
            )
            rows.append(Row(f"{note.event_id}|{g}|{i}", cells))
    return rows


def sensei_detail(groups: tuple[SenseiNotes, ...], key: str | None) -> Content:
    if not groups:
        return Content.styled("No sensei notes in these events.", "$text-muted")
    if key is None:
        return Content("")
    _, g, i = key.rsplit("|", 2)
    group = groups[int(g)]
    note = group.notes[int(i)]
    return Content.assemble(
        (group.sensei, "bold"),
        f" on {note.date} · {note.event_id} {note.event_title}",
        (f" · {note.area}" if note.area else ""),
        "\n",
        note.note,
    )
