"""The Lean Promotion Office's portfolio: the four questions an LPO lead is asked, answered on the
first tab, and the figures behind them one tab each: events, overdue actions by owner, results and
sustainment, line capability by quarter, facilitator evidence and certification, the yokoten
register (adopt or decline a practice here) and sensei notes.

Filters (site, business unit, area, a start-date range) recompute every figure: queries on the
cross-event index (store.db(), brought up to date when the screen opens), run in a thread worker
so that keys are handled meanwhile (seconds at 10,000 events); a newer filter supersedes an older
computation. Figures come from logic/portfolio.py, the same as ``kaizen report``; this module only
places them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.compose import compose
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import Header, Input, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.listing import count_events
from kaizen_tui.logic.portfolio import (
    ActionRef,
    FilterOptions,
    OverdueList,
    Portfolio,
    PortfolioFilter,
    PortfolioSettings,
    compute_portfolio,
    filter_options,
    overdue_list,
    overdue_page,
    parse_period,
)
from kaizen_tui.logic.portfolio_view import FilterChoice, adoption_targets, areas_for
from kaizen_tui.logic.words import plural
from kaizen_tui.logic.yokoten import YokotenItem, search_yokoten
from kaizen_tui.report.text import headline_line
from kaizen_tui.screens.portfolio import views
from kaizen_tui.widgets.keybar import KeyBar
from kaizen_tui.widgets.picker import Picker
from kaizen_tui.widgets.table import Column, Row, Table
from kaizen_tui.widgets.tabs import switch_tab

if TYPE_CHECKING:
    from kaizen_tui.logic.evidence import PersonEvidence
    from kaizen_tui.screens.host import KaizenHost

ANY = ""
A_DATE = "__date__"
#: (tab id, label, label below 100 columns)
TABS = (
    ("overview", "Overview", "Overview"),
    ("events", "Events", "Events"),
    ("actions", "Overdue actions", "Actions"),
    ("results", "Results", "Results"),
    ("line", "Line capability", "Line"),
    ("people", "People", "People"),
    ("yokoten", "Yokoten", "Yokoten"),
    ("sensei", "Sensei", "Sensei"),
)
#: What gets the focus when a tab is opened.
MAIN = {
    "overview": "#overview",
    "events": "#event-list",
    "actions": "#overdue-owners",
    "results": "#results",
    "line": "#capability",
    "people": "#people",
    "yokoten": "#yokoten",
    "sensei": "#sensei",
}
TILES = 6
STATUS_CHOICES = [("any", ANY), ("proposed", "proposed"), ("adopted", "adopted")]
STATUS_CHOICES.append(("declined", "declined"))


class EventRows(Table):
    """Rows about events: Enter opens the event."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Open event")]


class AreaRows(Table):
    """Rows about areas: Enter narrows the filter to the area."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Only this area")]


class OwnerRows(Table):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Their actions")]


class PeopleRows(Table):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Their evidence")]


class PlainRows(Table):
    pass


def _table(
    columns: list[Column], empty: str, id: str, *, kind: type[Table] = EventRows, zebra: bool = True
) -> Table:
    return kind(columns, empty_text=empty, zebra=zebra, id=id)


class PortfolioScreen(Screen[None]):
    CSS_PATH = "portfolio.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Leave the list; from the tab bar, go home"),
        Binding("f", "filters", "Filter", tooltip="Site, business unit, area, start dates"),
        Binding("c", "clear_filters", "Clear filter"),
        Binding("p", "print_report", "Print report", tooltip="PDF or Markdown, as kaizen report"),
        Binding("e", "export_evidence", "Export evidence"),
        Binding("a", "adopt", "Adopt"),
        Binding("x", "decline", "Decline"),
        Binding("slash", "search", "Search"),
        Binding("r", "reload", "Reload", show=False),
        *[
            Binding(str(number), f"tab('{tab}')", label, show=False)
            for number, (tab, label, _) in enumerate(TABS, start=1)
        ],
    ]

    def __init__(self) -> None:
        super().__init__()
        self.total = 0  # events in the data folder
        self.portfolio: Portfolio | None = None
        self.overdue: OverdueList | None = None  # where its overdue actions are in the index
        self.options = FilterOptions((), (), (), ())
        self.choice = FilterChoice()
        self.settings = PortfolioSettings()
        self.found: list[YokotenItem] = []  # the yokoten rows shown
        self._wide = True
        self._reload_on_resume = False
        self._owner_shown: str | None = None
        self._problems_told: set[str] = set()
        self._asked = 0  # figures asked for so far: only the latest are shown
        # the tabs built: the others are built when first shown (mounting and styling seven
        # tabs of tables nobody had looked at yet was most of the time the screen took to open);
        # "stale": built, not showing the latest figures yet
        self._built: dict[str, AwaitMount | None] = {"overview": None}  # None: mounted
        self._stale: set[str] = set()

    @property
    def kaizen(self) -> KaizenHost:
        return cast("KaizenHost", self.app)

    @property
    def active_tab(self) -> str:
        return (self.query_one("#pf-tabs", TabbedContent).active or "").removeprefix("tab-")

    @property
    def current_event_id(self) -> str | None:
        """The event of the highlighted row (the parking-lot hotkey parks on it)."""
        focused = self.focused
        if isinstance(focused, Table):
            return views.event_of(focused.cursor_key)
        return None

    # -- building -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.title = "LPO portfolio"
        self.sub_title = "reading the events…"
        wide = self._wide
        day = self.settings.sustain_day
        yield Header(icon="≡")
        with Horizontal(id="pf-filters"):
            yield Picker("site", [("any", ANY)], ANY, id="pf-site")
            yield Picker("unit", [("any", ANY)], ANY, id="pf-unit")
            yield Picker("area", [("any", ANY)], ANY, id="pf-area")
            yield Picker("from", [("any", ANY)], ANY, id="pf-from")
            yield Picker("to", [("any", ANY)], ANY, id="pf-to")
        with TabbedContent(id="pf-tabs"):
            for number, (tab, label, _) in enumerate(TABS, start=1):
                with TabPane(f"{number} {label}", id=f"tab-{tab}"):
                    if tab in self._built:
                        yield from self._tab(tab, wide, day)
        yield KeyBar()

    def _tab(self, tab: str, wide: bool, day: int) -> ComposeResult:
        loading = "Reading the events…"
        if tab == "overview":
            with VerticalScroll(id="overview"):
                with Grid(id="tiles"):
                    for i in range(TILES):
                        yield Static(classes="tile", id=f"tile-{i}")
                yield Static(loading, id="answers")
                yield Static(id="by-status")
        elif tab == "events":
            yield Static(id="events-head", classes="pf-head")
            yield _table([], loading, "area-quarter", kind=AreaRows, zebra=False)
            yield _table(views.event_columns(wide, day), loading, "event-list")
        elif tab == "actions":
            yield Static(id="actions-head", classes="pf-head")
            with Horizontal(id="overdue-split"):
                yield _table(views.owner_columns(), loading, "overdue-owners", kind=OwnerRows)
                yield _table(views.overdue_columns(wide), "", "overdue")
        elif tab == "results":
            yield Static(id="results-head", classes="pf-head")
            with Horizontal(id="sustain-tables"):
                yield _table(
                    views.sustain_columns("Area", wide), loading, "sustain-areas", kind=AreaRows
                )
                yield _table(
                    views.sustain_columns("Quarter", False), "", "sustain-quarters", kind=PlainRows
                )
            yield _table(views.result_columns(wide, day), loading, "results")
        elif tab == "line":
            yield Static(id="line-answer", classes="pf-head")
            yield Static(id="line-head", classes="pf-head")
            yield _table(
                views.capability_columns(wide), loading, "capability", kind=PlainRows, zebra=False
            )
        elif tab == "people":
            yield Static(id="people-head", classes="pf-head")
            yield _table(views.people_columns(wide), loading, "people", kind=PeopleRows)
            yield _table(views.evidence_columns(wide, day), "", "evidence")
        elif tab == "yokoten":
            with Horizontal(id="yokoten-search"):
                yield Input(
                    placeholder="/ search practices and event titles", id="yk-text", compact=True
                )
                yield Input(placeholder="area (from or to)", id="yk-area", compact=True)
                yield Picker("status", STATUS_CHOICES, ANY, id="yk-status")
            yield _table(views.yokoten_columns(wide), loading, "yokoten")
            yield Static(id="yokoten-detail")
        elif tab == "sensei":
            yield _table(views.sensei_columns(wide), loading, "sensei")
            yield Static(id="sensei-detail")

    async def _build(self, tab: str) -> None:
        """The widgets of ``tab``, mounted the first time it is shown, then its figures if they
        are newer than those it shows."""
        if tab not in self._built:
            pane = self.query_one(f"#tab-{tab}", TabPane)
            widgets = compose(pane, self._tab(tab, self._wide, self.settings.sustain_day))
            self._built[tab] = pane.mount_all(widgets)
            self._stale.add(tab)
        mounting = self._built[tab]
        if mounting is not None:
            await mounting
            self._built[tab] = None
        if tab in self._stale:
            self._show_tab(tab)

    def _mounted(self, tab: str) -> bool:
        return tab in self._built and self._built[tab] is None

    def on_mount(self) -> None:
        try:
            self.settings = PortfolioSettings.from_values(
                self.kaizen.config.get("sustain_review_day"),
                self.kaizen.config.get("certification_levels"),
            )
        except KaizenError as err:
            self.notify(
                f"{err}\nThe default settings are used meanwhile.",
                title="Settings",
                severity="error",
                timeout=15,
            )
        self._wide = self.size.width >= 110
        self._label_tabs()
        self.query_one("#overview").focus()
        self.load()

    # -- data -----------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="portfolio-load", exit_on_error=False)
    def load(self) -> None:
        """Bring the index up to date with the event files, off the UI thread."""
        store = self.kaizen.store
        try:
            db = store.db()
            total = count_events(db)
            options = filter_options(db)
            problems = [problem.message for problem in store.problems()]
        except (KaizenError, OSError) as err:
            self.app.call_from_thread(
                self.notify, str(err), title="Cannot read the events", severity="error", timeout=15
            )
            return
        self.app.call_from_thread(self._loaded, total, options, problems)

    def _loaded(self, total: int, options: FilterOptions, problems: list[str]) -> None:
        if not self.is_attached:
            return
        self.total = total
        self.options = options
        for problem in problems:
            if problem not in self._problems_told:  # once, not at every reload
                self._problems_told.add(problem)
                self.notify(problem, title="Not in the figures", severity="warning", timeout=15)
        self._fill_pickers()
        self._recompute(self.choice.to_filter())

    def _recompute(self, flt: PortfolioFilter) -> None:
        """Compute the figures for ``flt`` off the UI thread (seconds at 10,000 events: keys
        typed meanwhile are handled); the figures shown stay until the new ones arrive."""
        self._asked += 1
        self.sub_title = f"computing the figures for {flt.describe()}…"
        self.compute(flt, self._asked)

    @work(thread=True, exclusive=True, group="portfolio-compute", exit_on_error=False)
    def compute(self, flt: PortfolioFilter, asked: int) -> None:
        try:
            db = self.kaizen.store.db(sync=False)
            # the owners of overdue actions counted, their actions not read: the table reads
            # them a page at a time (views.overdue_rows), 8 bytes kept for each
            portfolio = compute_portfolio(
                db, self.kaizen.today, self.settings, flt, list_overdue=False
            )
            overdue = overdue_list(db, portfolio)
        except (KaizenError, OSError) as err:
            self.app.call_from_thread(
                self.notify, str(err), title="Cannot read the events", severity="error", timeout=15
            )
            return
        if not get_current_worker().is_cancelled:  # a newer filter, or the screen is gone
            self.app.call_from_thread(self._computed, portfolio, overdue, asked)

    def _computed(self, portfolio: Portfolio, overdue: OverdueList, asked: int) -> None:
        # exclusive= cancels an older worker but cannot stop its thread: a result that comes
        # after a newer filter was chosen, or after the screen was left, is dropped here
        if asked != self._asked or not self.is_attached:
            return
        self.portfolio = portfolio
        self.overdue = overdue
        self._show()

    def _read_actions(self, wanted: Sequence[tuple[str, int]]) -> Sequence[ActionRef | None]:
        """A page of overdue actions, from the index (a few ms for 64, as the home list)."""
        try:
            return overdue_page(self.kaizen.store.db(sync=False), self.kaizen.today, wanted)
        except (KaizenError, OSError):
            return [None] * len(wanted)  # shown as "(no longer here)"; r reads them again

    def action_reload(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        # back from an event opened here: its figures may have changed
        if self._reload_on_resume:
            self._reload_on_resume = False
            self.load()

    # -- filters --------------------------------------------------------------------------------

    def _fill_pickers(self) -> None:
        o = self.options
        self._set_options("#pf-site", o.sites)
        self._set_options("#pf-unit", o.business_units)
        db = self.kaizen.store.db(sync=False)
        self._set_options("#pf-area", areas_for(db, self.choice.site, self.choice.unit))
        for selector, value in (
            ("#pf-from", self.choice.start_from),
            ("#pf-to", self.choice.start_to),
        ):
            values = list(o.quarters)
            if value and value not in values:
                values.append(value)  # a date typed earlier stays on offer
            picker = self.query_one(selector, Picker)
            picker.set_options([("any", ANY), *[(v, v) for v in values], ("a date…", A_DATE)])

    def _set_options(self, selector: str, values: tuple[str, ...]) -> None:
        self.query_one(selector, Picker).set_options([("any", ANY), *[(v, v) for v in values]])

    def _read_choice(self) -> FilterChoice:
        def value(selector: str) -> str:
            return self.query_one(selector, Picker).value

        return FilterChoice(
            site=value("#pf-site"),
            unit=value("#pf-unit"),
            area=value("#pf-area"),
            start_from=value("#pf-from"),
            start_to=value("#pf-to"),
        )

    def _show_choice(self, choice: FilterChoice) -> None:
        for selector, value in (
            ("#pf-site", choice.site),
            ("#pf-unit", choice.unit),
            ("#pf-area", choice.area),
            ("#pf-from", choice.start_from),
            ("#pf-to", choice.start_to),
        ):
            self.query_one(selector, Picker).value = value

    @on(Picker.Changed, "#pf-filters Picker")
    def _filter_changed(self, event: Picker.Changed) -> None:
        if event.value == A_DATE:
            self._ask_date(event.picker)
            return
        if event.picker.id in ("pf-site", "pf-unit"):
            site = self.query_one("#pf-site", Picker).value
            unit = self.query_one("#pf-unit", Picker).value
            self._set_options("#pf-area", areas_for(self.kaizen.store.db(sync=False), site, unit))
        self._apply_filters()

    def _apply_filters(self) -> None:
        choice = self._read_choice()
        if A_DATE in (choice.start_from, choice.start_to):
            return  # the date is being asked for
        if choice == self.choice and self.portfolio is not None:
            return  # pickers post Changed when they are filled, too
        try:
            flt = choice.to_filter()
        except ValueError as err:
            self.notify(str(err), title="Filter not changed", severity="error", timeout=10)
            self._show_choice(self.choice)
            return
        self.choice = choice
        if self.total or self.portfolio is not None:
            self._recompute(flt)

    def _ask_date(self, picker: Picker) -> None:
        from kaizen_tui.widgets.form import Field, FormScreen

        end = picker.id == "pf-to"
        previous = self.choice.start_to if end else self.choice.start_from

        def submit(values: dict[str, Any]) -> str | None:
            try:
                parse_period(values["date"], end=end)
            except ValueError as err:
                return str(err)
            return None

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                picker.value = previous
                return
            typed = values["date"].strip().upper() if "q" in values["date"].lower() else None
            text = typed or parse_period(values["date"], end=end).isoformat()
            options = [o for o in picker.options if o[1] != A_DATE]
            if text not in [v for _, v in options]:
                options.append((text, text))
            picker.set_options([*options, ("a date…", A_DATE)])
            picker.value = text

        which = "last" if end else "first"
        self.app.push_screen(
            FormScreen(
                "Events starting on or before…" if end else "Events starting on or after…",
                [
                    Field(
                        "date",
                        "Date",
                        required=True,
                        value=previous,
                        placeholder="YYYY-MM-DD, or a quarter: 2026-Q3",
                        help=f"a quarter means its {which} day",
                    )
                ],
                today=self.kaizen.today,
                submit=submit,
                save_label="Filter",
            ),
            done,
        )

    def action_filters(self) -> None:
        self.query_one("#pf-site", Picker).focus()

    def action_clear_filters(self) -> None:
        self._show_choice(FilterChoice())

    # -- showing --------------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._label_tabs()
        wide = self.size.width >= 110
        if wide != self._wide:
            self._wide = wide
            self._show()

    def _label_tabs(self) -> None:
        narrow = self.size.width < 100
        tabs = self.query_one("#pf-tabs", TabbedContent)
        for number, (tab, label, short) in enumerate(TABS, start=1):
            text = f"{number} {short if narrow else label}"
            widget = tabs.get_tab(f"tab-{tab}")
            if str(widget.label) != text:
                widget.label = text

    def _show(self) -> None:
        p = self.portfolio
        if p is None:
            return
        count = len(p.events)
        total = self.total
        shown = plural(count, "event") if p.filter.is_empty else f"{count} of {total} events"
        self.sub_title = f"{shown} · {p.filter.describe()} · as of {p.today:%a %d %b %Y}"
        # the tabs built so far (one being mounted shows them once it is)
        self._stale = set(self._built)
        for tab in list(self._built):
            self._show_tab(tab)
        self.refresh_bindings()

    def _show_tab(self, tab: str) -> None:
        p = self.portfolio
        if p is None or not self._mounted(tab):
            return  # _build shows it once it is
        self._stale.discard(tab)
        wide = self._wide
        if tab == "overview":
            self._show_overview(p, wide)
        elif tab == "events":
            self._show_events(p, wide)
        elif tab == "actions":
            self._show_actions(p, wide)
        elif tab == "results":
            self._show_results(p, wide)
        elif tab == "line":
            self._show_line(p, wide)
        elif tab == "people":
            self._show_people(p, wide)
        elif tab == "yokoten":
            self._show_yokoten()
        elif tab == "sensei":
            self._show_sensei(p, wide)

    def _fill(
        self,
        selector: str,
        columns: list[Column] | None,
        rows: Sequence[Row],
        empty: str,
        *,
        top: bool = False,
    ) -> Table:
        """Columns and rows of a table; the cursor stays on its row if it is still there (a
        filter change keeps your place), or goes to the top with ``top``."""
        table = self.query_one(selector, Table)
        if columns is not None and columns != table.columns:
            table.set_columns(columns)
        table.empty_text = empty
        table.set_rows(rows, keep="" if top else None)
        return table

    @staticmethod
    def _fit(table: Table, rows: int, most: int) -> None:
        """A table as tall as its rows (and header), up to ``most`` lines."""
        table.styles.height = max(2, min(most, rows + 1))

    def _show_overview(self, p: Portfolio, wide: bool) -> None:
        for i, tile in enumerate(views.tiles(p, narrow=not wide)):
            widget = self.query_one(f"#tile-{i}", Static)
            widget.update(views.tile_content(tile))
        self.query_one("#answers", Static).update(views.answers(p, compact=not wide))
        self.query_one("#by-status", Static).update(views.status_counts(p))

    def _show_events(self, p: Portfolio, wide: bool) -> None:
        self.query_one("#events-head", Static).update(views.status_counts(p))
        width = self.size.width - 4
        columns, rows = views.grid_columns_and_rows(p, width)
        grid = self._fill("#area-quarter", columns, rows, "No events in this filter.")
        self._fit(grid, len(rows), 9 if wide else 6)
        day = p.settings.sustain_day
        self._fill(
            "#event-list",
            views.event_columns(wide, day, views.id_width(p)),
            views.event_rows(p, wide),
            "No events in this filter.",
        )

    def _show_actions(self, p: Portfolio, wide: bool) -> None:
        self.query_one("#actions-head", Static).update(views.action_summary(p))
        rows = views.owner_rows(p)
        owners = self._fill(
            "#overdue-owners",
            None,
            rows,
            "No action is overdue." if p.actions.open else "No open actions.",
        )
        if not wide:
            self._fit(owners, len(rows), 7)
        else:
            owners.styles.height = "1fr"
        self._show_owner_actions()

    def _show_owner_actions(self) -> None:
        p = self.portfolio
        found = self.overdue
        if p is None or found is None:
            return
        key = self.query_one("#overdue-owners", Table).cursor_key
        only = views.owner_at(p, key)
        table = self._fill(
            "#overdue",
            views.overdue_columns(self._wide, views.id_width(p)),
            views.overdue_rows(found, self._read_actions, self._wide, only),
            "Nothing is overdue.",
            top=key != self._owner_shown,  # another owner's list starts at the top
        )
        self._owner_shown = key
        owner = found.owners[only] if only is not None else None
        who = owner.owner if owner else "All owners"
        count = owner.count if owner else p.actions.overdue
        table.border_title = Content(
            f"{who}: {plural(count, 'action')} overdue · ⏎ opens the event"
        )

    def _show_results(self, p: Portfolio, wide: bool) -> None:
        s = p.sustainment
        self.query_one("#results-head", Static).update(views.sustain_summary(p))
        areas = self._fill(
            "#sustain-areas",
            views.sustain_columns("Area", wide),
            views.sustain_rows(views.held_first(s.by_area), "area", wide),
            f"No {s.day}-day review in these events.",
        )
        quarters = self._fill(
            "#sustain-quarters",
            views.sustain_columns("Quarter", False),
            views.sustain_rows(s.by_quarter, "quarter", False),
            "",
        )
        most = 9 if wide else 6
        height = max(len(s.by_area), len(s.by_quarter))
        self._fit(areas, height, most)
        self._fit(quarters, height, most)
        self.query_one("#sustain-tables").styles.height = areas.styles.height
        self._fill(
            "#results",
            views.result_columns(wide, p.settings.sustain_day),
            views.result_rows(p, wide),
            "No event in this filter has metrics.",
        )

    def _show_line(self, p: Portfolio, wide: bool) -> None:
        self.query_one("#line-answer", Static).update(headline_line(p))
        self.query_one("#line-head", Static).update(views.capability_summary(p))
        self._fill(
            "#capability",
            views.capability_columns(wide),
            views.capability_rows(p, wide),
            "No dated event with a team leader.",
        )

    def _show_people(self, p: Portfolio, wide: bool) -> None:
        self.query_one("#people-head", Static).update(views.people_summary(p))
        rows = views.people_rows(p, wide)
        people = self._fill(
            "#people", views.people_columns(wide), rows, "Nobody facilitated or led these events."
        )
        self._fit(people, len(rows), 12 if wide else 7)
        self._show_evidence()

    def _show_evidence(self) -> None:
        if self.portfolio is None:
            return
        person = self.current_person
        table = self._fill(
            "#evidence",
            views.evidence_columns(
                self._wide, self.portfolio.settings.sustain_day, views.id_width(self.portfolio)
            ),
            views.evidence_rows(person, self._wide),
            "",
        )
        table.border_title = Content(views.evidence_title(person))

    @property
    def current_person(self) -> PersonEvidence | None:
        if self.portfolio is None or not self._mounted("people"):
            return None
        key = self.query_one("#people", Table).cursor_key or ""
        wanted = key.removeprefix("@person:")
        return next((x for x in self.portfolio.people if x.key == wanted), None)

    def _show_yokoten(self) -> None:
        p = self.portfolio
        if p is None:
            return
        text = self.query_one("#yk-text", Input).value
        area = self.query_one("#yk-area", Input).value
        status = self.query_one("#yk-status", Picker).value or None
        self.found = search_yokoten(p.yokoten, text, area=area, status=status)
        empty = "No practice matches." if p.yokoten else "No yokoten practices in these events."
        self._fill(
            "#yokoten",
            views.yokoten_columns(self._wide, views.id_width(p)),
            views.yokoten_rows(self.found, self._wide),
            empty,
        )
        self._show_practice()

    @property
    def current_practice(self) -> YokotenItem | None:
        if not self._mounted("yokoten"):
            return None
        key = self.query_one("#yokoten", Table).cursor_key
        if key is None:
            return None
        event_id, _, index = key.rpartition("|")
        return next(
            (i for i in self.found if i.event_id == event_id and str(i.index) == index), None
        )

    def _show_practice(self) -> None:
        total = len(self.portfolio.yokoten) if self.portfolio else 0
        detail = views.yokoten_detail(self.current_practice, len(self.found), total)
        self.query_one("#yokoten-detail", Static).update(detail)
        self.refresh_bindings()

    def _show_sensei(self, p: Portfolio, wide: bool) -> None:
        self._fill(
            "#sensei",
            views.sensei_columns(wide, views.id_width(p)),
            views.sensei_rows(p.sensei, wide),
            "No sensei notes in these events.",
        )
        self._show_note()

    def _show_note(self) -> None:
        if self.portfolio is None:
            return
        key = self.query_one("#sensei", Table).cursor_key
        self.query_one("#sensei-detail", Static).update(
            views.sensei_detail(self.portfolio.sensei, key)
        )

    @on(Table.Highlighted, "#overdue-owners")
    def _owner_highlighted(self) -> None:
        self._show_owner_actions()

    @on(Table.Highlighted, "#people")
    def _person_highlighted(self) -> None:
        self._show_evidence()

    @on(Table.Highlighted, "#yokoten")
    def _practice_highlighted(self) -> None:
        self._show_practice()

    @on(Table.Highlighted, "#sensei")
    def _note_highlighted(self) -> None:
        self._show_note()

    @on(Input.Changed, "#yokoten-search Input")
    @on(Picker.Changed, "#yk-status")
    def _search_changed(self) -> None:
        self._show_yokoten()

    @on(Input.Submitted, "#yokoten-search Input")
    def _search_submitted(self) -> None:
        self.query_one("#yokoten", Table).focus()

    # -- moving around --------------------------------------------------------------------------

    async def action_tab(self, tab: str) -> None:
        await self._build(tab)
        switch_tab(
            self.query_one("#pf-tabs", TabbedContent), f"tab-{tab}", lambda: self._focus_main(tab)
        )

    def _focus_main(self, tab: str) -> None:
        self.query_one(MAIN[tab], Widget).focus()

    @on(TabbedContent.TabActivated, "#pf-tabs")
    async def _tab_activated(self) -> None:
        self.refresh_bindings()
        await self._build(self.active_tab)  # a click on the tab bar, or its arrow keys
        self.refresh_bindings()  # the keys that depend on its highlighted row

    def action_back(self) -> None:
        # Escape climbs out one level at a time, as in an event: from a search box or a filter
        # to the tab's list, from a list to the tab bar, from the tab bar home.
        focused = self.focused
        if isinstance(focused, (Input, Picker)):
            self._focus_main(self.active_tab)
            return
        tabs = self.query_one("#pf-tabs Tabs")
        if focused is not None and focused is not tabs:
            tabs.focus()
            return
        # the figures let go now: a finished worker's arguments kept this screen alive until
        # the next one was opened, and with it 16 MB of figures at 10,000 events
        self.portfolio = None
        self.overdue = None
        self.found = []
        for table in self.query(Table):
            table.set_rows([])
        self.dismiss(None)

    async def action_search(self) -> None:
        def search() -> None:
            self.query_one("#yk-text", Input).focus()

        await self._build("yokoten")
        if self.active_tab != "yokoten":
            switch_tab(self.query_one("#pf-tabs", TabbedContent), "tab-yokoten", search)
        else:
            search()

    def _open_event(self, event_id: str | None, phase: str | None = None) -> None:
        if not event_id:
            return
        self._reload_on_resume = True
        self.kaizen.open_event_screen(event_id, phase=phase)

    @on(Table.Selected)
    def _selected(self, event: Table.Selected) -> None:
        table_id = event.table.id
        if table_id == "people":
            self.query_one("#evidence", Table).focus()
        elif table_id == "overdue-owners":
            self.query_one("#overdue", Table).focus()
        elif event.key.startswith("@area:"):
            area = event.key.removeprefix("@area:")
            picker = self.query_one("#pf-area", Picker)
            if area in [v for _, v in picker.options]:
                picker.value = area
                self.notify(f"Only {area} now; c clears the filter.", timeout=4)
        elif not event.key.startswith("@"):
            phase = "actions" if table_id == "overdue" else None
            self._open_event(views.event_of(event.key), phase)

    # -- bindings that apply ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = self.active_tab if self.is_mounted else ""
        if action == "clear_filters":
            return self.choice != FilterChoice()
        if action == "export_evidence":
            return tab == "people" and (self.current_person is not None or None)
        if action in ("adopt", "decline", "search"):
            if tab != "yokoten":
                return False
            if action == "search":
                return True
            item = self.current_practice
            if item is None:
                return None
            if action == "adopt":
                return item.status != "adopted" or None
            return item.status == "proposed" or None
        if action in ("print_report",):
            return self.portfolio is not None
        return True

    # -- yokoten: adopt and decline -------------------------------------------------------------

    def action_adopt(self) -> None:
        from kaizen_tui.screens.portfolio.adopt import ask_adoption

        item = self.current_practice
        if item is not None and item.status != "adopted":
            store = self.kaizen.store
            active = [s for s in store.list_summaries(self.kaizen.today) if s.status != "abandoned"]
            ask_adoption(self, item, adoption_targets(active, item))

    def action_decline(self) -> None:
        from kaizen_tui.screens.portfolio.adopt import ask_decline

        item = self.current_practice
        if item is not None and item.status == "proposed":
            ask_decline(self, item)

    # -- exports --------------------------------------------------------------------------------

    def action_print_report(self) -> None:
        from kaizen_tui.screens.portfolio.exports import ask_report_file

        if self.portfolio is not None:
            ask_report_file(self, self.portfolio)

    def action_export_evidence(self) -> None:
        from kaizen_tui.screens.portfolio.exports import ask_evidence_file

        person = self.current_person
        if self.portfolio is not None and person is not None:
            ask_evidence_file(self, self.portfolio, person)

    @work(thread=True, group="portfolio-export", exit_on_error=False)
    def write_file(self, what: str, write: Any, path: Path) -> None:
        """Render and write an export off the UI thread (a PDF of 1,000 events takes seconds);
        then say where it is."""
        try:
            kind = write()
        except KaizenError as err:
            self.app.call_from_thread(
                self.notify, str(err), title=f"{what} not written", severity="error", timeout=15
            )
            return
        self.app.call_from_thread(
            self.notify, str(path), title=f"{what} written ({kind.upper()})", timeout=20
        )
