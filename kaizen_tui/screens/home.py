"""Home: every event at a glance, what needs attention, and the way into an event.

Start-up matters here (bench startup): this module imports no pydantic model and reads only the
store's cached summaries; opening, creating or copying an event imports the rest on demand.
"""

from __future__ import annotations

import contextlib
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Static

from kaizen_tui.labels import STATUS_SHORT_LABELS
from kaizen_tui.logic import listing
from kaizen_tui.logic.listing import dates_text
from kaizen_tui.widgets.keybar import KeyBar
from kaizen_tui.widgets.picker import Picker
from kaizen_tui.widgets.table import Column, RowParts, RowsAt, RowSource, Table

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kaizen_tui.logic.attention import AttentionItem, AttentionQueue
    from kaizen_tui.logic.summary import EventSummary
    from kaizen_tui.screens.host import KaizenHost
    from kaizen_tui.screens.syncing import SyncStatus

ALL = "__all__"
#: seconds after the list is shown before the "needs attention" queue is read (see on_mount)
ATTENTION_DELAY = 0.25


def _attention_parts(item: AttentionItem, owner: str, first: bool, narrow: bool) -> RowParts:
    """One line of the queue: the owner on the first line of their group, the event, what is
    due (an action's id and text, or which review) and when, in words."""
    from kaizen_tui.logic.attention import due_words, short_due_words

    who: str | Text = ""
    if first:
        who = Text(owner or "(no owner)", style="bold" if owner else "bold italic")
    if item.kind == "review":
        what = Text.assemble((item.label, "bold"), f" · {item.event_title}")
    else:
        what = Text.assemble((item.label, "bold"), f" {item.what}")
    tone = "error" if item.urgency == "overdue" else "warning"
    when = short_due_words(item.days) if narrow else due_words(item.days)
    return (who, item.event_id, what, when), tone, ()


class Welcome(Vertical):
    """First run: what this is, and the two ways to start."""

    def __init__(self, data_dir: object) -> None:
        super().__init__(id="empty")
        self.data_dir = data_dir

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(
                ("Welcome to kaizen.", "bold"),
                " There are no events in this data folder yet.\n\n"
                "  l  load three demo events: a press-line changeover (with overdue actions), a "
                "hospital discharge in follow-up, and an invoice approval being planned\n"
                "  n  create your first event (title, area, dates, a run-sheet template)\n\n",
                (f"Data folder: {self.data_dir}", "$text-muted"),
            ),
            id="empty-text",
        )
        with Horizontal(id="empty-buttons"):
            yield Button(
                "l  Load the 3 demo events", id="empty-demo", variant="primary", compact=True
            )
            yield Button("n  Create an event", id="empty-new", compact=True)


class AttentionTable(Table):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Open")]


class EventTable(Table):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Open")]


class HomeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New event"),
        Binding("d", "duplicate", "Duplicate"),
        Binding("a", "archive", "Archive"),
        Binding("slash", "filter", "Filter"),
        Binding("s", "sort", "Sort"),
        Binding("S", "reverse", "Reverse", show=False),
        Binding("u", "archived", "Archived…", show=False),
        Binding("l", "load_demo", "Load demo"),
        Binding("p", "app.portfolio", "Portfolio", tooltip="The LPO portfolio and report"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("r", "refresh", "Refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.total = 0  # events in the data folder
        self.shown_ids: list[str] = []  # the events the list shows, in its order
        self._id_chars = 8
        self.sort_key: listing.SortKey = "start"
        self.descending = True
        self._shown = False
        self._applied: tuple[str, str, str] = ("", "", "")
        self._attention_generation = 0
        self.attention: AttentionQueue | None = None  # None until the first read is done
        self._attention_shown = 0  # the generation of the read on screen
        self._attention_shown_narrow = False
        self._attention_mark: tuple[object, ...] = ()  # (today, Store.index_mark()) of the read
        self._counted = ""  # "3 events · Wed 25 Nov 2026", the header line before the sync state

    @property
    def kaizen(self) -> KaizenHost:
        return cast("KaizenHost", self.app)

    @property
    def current_event_id(self) -> str | None:
        return self.query_one("#events", Table).cursor_key

    # -- building -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Count the events now, so the screen is built in its final state: every class or
        # display switched after mounting restyles widgets, and start-up is measured. The
        # rows themselves are read a page at a time as they are shown (widgets/table.RowSource).
        self._count()
        empty = not self.total
        # Textual reads AUTO_FOCUS from the instance, though it declares it a ClassVar.
        self.AUTO_FOCUS = "#empty-demo" if empty else "#events"  # type: ignore[misc]
        yield Header(icon="≡")
        problems = self.kaizen.store.problems()
        if problems:
            yield Static("\n".join(p.message for p in problems), id="problems", markup=False)
        with Horizontal(id="filters") as filters:
            filters.display = not empty
            yield Input(
                placeholder="/ filter: id, title, area, people", id="filter-text", compact=True
            )
            yield Picker(
                "status",
                [("any", ALL), *[(label, s) for s, label in STATUS_SHORT_LABELS.items()]],
                ALL,
                id="filter-status",
            )
            yield Picker("area", [("any", ALL)], ALL, id="filter-area")
            yield Static(id="sort-label")
        id_width = self._id_width()
        with Horizontal(id="home-body") as body:
            body.display = not empty
            yield EventTable(
                self._columns(120), empty_text="No events match the filter.", id="events"
            )
            yield AttentionTable(
                self._attention_columns("", id_width),  # "When" wide or narrow
                empty_text="Reading reviews and actions …",
                zebra=False,
                id="attention",
            )
        if empty:
            yield Welcome(self.kaizen.store.root)
        yield KeyBar()

    def _count(self) -> None:
        store = self.kaizen.store
        if store.index_needs_building():
            store.sync_index()  # the first start with an index: nothing to show until it is made
        db = store.db(sync=False)
        self.total = listing.count_events(db)
        self._id_chars = listing.longest_id(db)

    def _id_width(self) -> int:
        # the ID column is as wide as the longest id (KZ-2026-014 is 11, demo ids are longer)
        return min(max(8, self._id_chars), 20)

    def _attention_columns(self, counts: str, id_width: int) -> list[Column]:
        if self._attention_narrow():
            return [
                Column("owner", "Needs attention", 16),
                Column("event", "Event", min(id_width, 13)),
                Column("what", f"What{counts}", None, min_width=12),
                Column("when", "When", 9),
            ]
        return [
            Column("owner", "Needs attention", 20),
            Column("event", "Event", min(id_width, 17)),
            Column("what", f"What{counts}", None, min_width=12),
            Column("when", "When", 16),
        ]

    def _attention_narrow(self) -> bool:
        width = self.size.width or self.app.size.width
        return width < 100 or width >= 150  # beside the list (-xwide), the panel is narrow too

    def _columns(self, width: int) -> list[Column]:
        id_width = self._id_width()
        if width >= 110:
            return [
                Column("id", "ID", id_width),
                Column("title", "Title", None, min_width=16, share=2),  # the name people use
                Column("area", "Area", None, min_width=10),
                Column("status", "Status", 9),
                Column("start", "Dates", 19),
                Column("open", "Open", 4, justify="right"),
                Column("overdue", "Late", 4, justify="right"),
                Column("review", "Next review", 17),
            ]
        return [
            Column("id", "ID", min(id_width, 15)),
            Column("title", "Title", None, min_width=12),
            Column("status", "Status", 9),
            Column("open", "Open", 4, justify="right"),
            Column("overdue", "Late", 4, justify="right"),
            Column("review", "Review", 10),
        ]

    def on_mount(self) -> None:
        self._show()
        # The list is shown from the index as it is; whether each event file is still what its
        # rows were made from (a stat of every file: ~0.1 s for 10,000) and the queue (every
        # item due across the portfolio) are read in a thread once the list is on screen and
        # has settled: started at the first paint, such reads slowed the list becoming usable
        # (bench startup 1.5x -> 2.0x); a quarter second later they do not. The quarter second
        # counts from the first paint, not from here: on a busy machine the paint itself took
        # longer, and the read (and showing the queue) ran before the list was on screen. The
        # panel says "Reading …" until the queue arrives; if a file changed, the list is read
        # again.
        self.call_after_refresh(self.set_timer, ATTENTION_DELAY, self._first_attention)

    def on_screen_resume(self) -> None:
        # back from an event, whose summary may have changed
        if self._shown:
            self.action_refresh()
        self._shown = True

    def on_resize(self) -> None:
        self._fit_columns()
        if self.attention is not None and self._attention_narrow() != self._attention_shown_narrow:
            self._show_attention(
                self.attention, self._attention_generation, False, self._attention_mark
            )

    def _fit_columns(self) -> bool:
        """Choose the columns for the table's width; True if they changed."""
        table = self.query_one("#events", Table)
        width = self.size.width
        if width >= 150:  # the attention panel is beside the list (app.tcss, -xwide)
            width -= 71
        columns = self._columns(width)
        if columns != table.columns:
            table.set_columns(columns)
            return True
        return False

    # -- data -----------------------------------------------------------------------------------

    def action_refresh(self) -> None:
        """Read the list again from the index (this process's saves are in it already), then
        check the event files and read the queue in a thread (see on_mount)."""
        self._reread()
        self.load_attention()

    def _reread(self) -> None:
        had_events = bool(self.total)
        self._count()
        self._show()
        if bool(self.total) != had_events:
            self.refresh_bindings()  # load demo / open / archive apply, or no longer
            if self.total:
                self.query_one("#events", Table).focus()
            else:
                self.call_after_refresh(lambda: self.query_one("#empty-demo", Button).focus())

    def _show(self) -> None:
        store = self.kaizen.store
        for notice in store.take_notices():
            self.notify(notice, title="Event index", timeout=8)
        problems = store.problems()
        banners = self.query("#problems")
        if problems:
            text = "\n".join(p.message for p in problems)
            if banners:
                cast("Static", banners.first()).update(text)
            else:
                self.mount(Static(text, id="problems", markup=False), after=self.query_one(Header))
        else:
            banners.remove()
        self._fill_areas()
        self._fill_table()
        empty = not self.total
        self.query_one("#home-body").display = not empty
        self.query_one("#filters").display = not empty
        welcome = self.query(Welcome)
        if empty and not welcome:
            self.mount(Welcome(store.root), before=self.query_one(KeyBar))
        elif not empty:
            welcome.remove()
        count = self.total
        self._counted = (
            f"{count} event{'s' if count != 1 else ''} · {self.kaizen.today:%a %d %b %Y}"
        )
        self._show_subtitle()

    def _show_subtitle(self) -> None:
        # the header line: how many events, today, and how syncing with the hub goes
        sync = self.kaizen.sync_runner.status.text(self.kaizen.now())
        self.sub_title = self._counted + (f" · {sync}" if sync else "")

    def show_sync(self, status: SyncStatus, changed: set[str]) -> None:
        """A sync ran (or started): say so in the header; list what it brought in."""
        self._show_subtitle()
        if changed and self.app.screen is self:
            self.action_refresh()  # (under an open event: refreshed when back, on resume)

    def _fill_areas(self) -> None:
        picker = self.query_one("#filter-area", Picker)
        areas = listing.distinct_areas(self.kaizen.store.db(sync=False))
        picker.set_options([("any", ALL), *[(a, a) for a in areas]])

    def _filters(self) -> tuple[str, str, str]:
        text = self.query_one("#filter-text", Input).value
        status = self.query_one("#filter-status", Picker).value
        area = self.query_one("#filter-area", Picker).value
        return text, "" if status == ALL else status, "" if area == ALL else area

    def _fill_table(self) -> None:
        self._fit_columns()
        today = self.kaizen.today
        text, status, area = self._applied = self._filters()
        query = listing.ListQuery(text, status, area, self.sort_key, self.descending)
        db = self.kaizen.store.db(sync=False)
        self.shown_ids = listing.event_ids(db, query, today)
        table = self.query_one("#events", Table)
        wide = "area" in [c.key for c in table.columns]
        table.sort_marks = {self.sort_key: "▼" if self.descending else "▲"}
        table.set_rows(RowSource(self.shown_ids, partial(self._page, wide, today)))
        label = f"{len(self.shown_ids)} of {self.total} · sorted by "
        label += listing.SORT_LABELS[self.sort_key] + (" ▼" if self.descending else " ▲")
        self.query_one("#sort-label", Static).update(label + "  (s)")

    def _page(self, wide: bool, today: date, ids: Sequence[str]) -> list[RowParts | None]:
        """The rows of one page of the list, read from the index (a few ms for 64 events)."""
        found = {
            s.id: s for s in listing.summaries_of(self.kaizen.store.db(sync=False), ids, today)
        }
        return [self._row_parts(found[i], wide, today) if i in found else None for i in ids]

    @staticmethod
    def _row_parts(s: EventSummary, wide: bool, today: date) -> RowParts:
        overdue = s.overdue_actions(today)
        review = "–"
        review_tone = ""
        if s.next_review_due is not None:
            review = (
                f"{s.next_review_day}-day {s.next_review_due.isoformat()}"
                if wide
                else f"{s.next_review_due:%d %b}"
            )
            delta = (s.next_review_due - today).days
            review_tone = "error" if delta < 0 else ("warning" if delta <= 7 else "")
        title: str | Text = s.title
        if s.conflicts:  # from syncing with the hub (F8 on the event); first, so never cut off
            title = Text(f"⚠ {s.conflicts} ", style="bold")
            title.append(s.title)
        cells: list[str | Text] = [Text(s.id, style="bold"), title]
        if wide:
            cells.append(s.area)
        cells.append(STATUS_SHORT_LABELS.get(s.status, s.status))
        if wide:
            cells.append(dates_text(s.start, s.end))
        cells += [str(s.open_actions), str(overdue), review]
        tones = [(1, "warning")] if s.conflicts else []
        if overdue:
            tones.append((len(cells) - 2, "error"))
        if review_tone:
            tones.append((len(cells) - 1, review_tone))
        tone = "muted" if s.status in ("closed", "abandoned") else ""
        return tuple(cells), tone, tuple(tones)

    def _first_attention(self) -> None:
        # Not when an event was opened meanwhile (the open would share the GIL with the read):
        # coming back to this screen reads the queue anyway (on_screen_resume).
        if self.app.screen is self:
            self.load_attention()

    @property
    def attention_pending(self) -> bool:
        """Whether the queue on screen is not (yet) the latest read (tests wait on this)."""
        return self.attention is None or self._attention_shown != self._attention_generation

    def load_attention(self) -> None:
        """Read the "needs attention" queue in a thread worker (logic.attention, grouped by
        owner); the panel says so while it reads. Only when the index changed since the queue
        on screen was read (or the day did): coming home from another screen read it again
        while the one on screen was still held, twice its memory (~30 MB at 10,000 events)."""
        self._attention_generation += 1
        generation = self._attention_generation
        store = self.kaizen.store
        today = self.kaizen.today
        app = self.app
        shown = self._attention_mark if self.attention is not None else None

        def read() -> None:
            from kaizen_tui.logic.attention import attention_queue

            changed = store.sync_index().changed
            mark = (today, *store.index_mark())  # before the read: a save meanwhile reads again
            found = None if mark == shown else store.streamed(partial(attention_queue, today=today))
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                app.call_from_thread(self._show_attention, found, generation, changed, mark)

        # exclusive: a newer read replaces an older one (a read, never a save)
        self.run_worker(read, name="attention", group="attention", thread=True, exclusive=True)

    def _show_attention(
        self,
        attention: AttentionQueue | None,
        generation: int,
        changed: bool,
        mark: tuple[object, ...],
    ) -> None:
        """Show the queue read (None: the index is as when the one on screen was read)."""
        from kaizen_tui.logic.words import plural

        if generation != self._attention_generation or not self.is_attached:
            return  # an older read finishing late
        if changed:  # event files changed since their rows were made: the list too
            self._reread()
        self._attention_shown = generation
        if attention is None:
            return
        self.attention = attention
        self._attention_mark = mark
        narrow = self._attention_shown_narrow = self._attention_narrow()
        table = self.query_one("#attention", Table)
        rows = RowsAt(
            len(attention),
            attention.key,
            page=partial(self._attention_page, attention, narrow),
            find=attention.index_of,
        )
        reviews = attention.count("review", "overdue") + attention.count("review", "due_soon")
        actions = attention.count("action", "overdue") + attention.count("action", "due_soon")
        overdue = attention.count("review", "overdue") + attention.count("action", "overdue")
        counts = [plural(reviews, "review")] if reviews else []
        counts += [plural(actions, "action")] if actions else []
        label = f" · {', '.join(counts)}" if counts else ""
        label += f" · {overdue} overdue" if overdue else ""
        table.empty_text = "Nothing overdue, and nothing due in the next 7 days."
        table.set_columns(self._attention_columns(label, self._id_width()))
        table.set_rows(rows)

    def _attention_page(
        self, queue: AttentionQueue, narrow: bool, places: range
    ) -> list[RowParts | None]:
        """The rows of one page of the queue, read from the index (2-4 ms for 64 items at
        10,000 events), each as it is now."""
        from kaizen_tui.logic.attention import attention_page

        items = attention_page(self.kaizen.store.db(sync=False), queue, places)
        return [
            _attention_parts(item, queue.owner_at(i), queue.first_of_group(i), narrow)
            if item is not None
            else (("", queue.place(i)[0], "(no longer here)", ""), "muted", ())  # deleted since
            for i, item in zip(places, items, strict=True)
        ]

    # -- filtering and sorting ------------------------------------------------------------------

    @on(Input.Changed, "#filter-text")
    @on(Picker.Changed, "#filter-status")
    @on(Picker.Changed, "#filter-area")
    def _filter_changed(self) -> None:
        if self._filters() != self._applied:  # Select posts Changed when it is set up, too
            self._fill_table()

    @on(Input.Submitted, "#filter-text")
    def _filter_submitted(self) -> None:
        self.query_one("#events", Table).focus()

    def action_filter(self) -> None:
        self.query_one("#filter-text", Input).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter-text", Input)
        if box.value or self._filters()[1] or self._filters()[2]:
            box.value = ""
            self.query_one("#filter-status", Picker).value = ALL
            self.query_one("#filter-area", Picker).value = ALL
        self.query_one("#events", Table).focus()

    def action_sort(self) -> None:
        keys = listing.SORT_KEYS
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.descending = listing.default_descending(self.sort_key)
        self._fill_table()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self._fill_table()

    @on(Table.HeaderClicked, "#events")
    def _header_clicked(self, event: Table.HeaderClicked) -> None:
        key = cast("listing.SortKey", event.column)
        if key not in listing.SORT_KEYS:
            return
        if key == self.sort_key:
            self.descending = not self.descending
        else:
            self.sort_key = key
            self.descending = listing.default_descending(key)
        self._fill_table()

    # -- actions --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        has_events = bool(self.total)
        if action in ("open", "duplicate", "archive", "sort", "filter", "reverse"):
            return has_events
        if action == "load_demo":
            return not has_events
        return True

    @on(Table.Selected, "#events")
    def _selected(self, event: Table.Selected) -> None:
        self.kaizen.open_event_screen(event.key)

    def action_open(self) -> None:
        key = self.current_event_id
        if key:
            self.kaizen.open_event_screen(key)

    @on(Table.Selected, "#attention")
    def _attention_selected(self, event: Table.Selected) -> None:
        # an action opens on Actions with the cursor on it; a review on Follow-up
        from kaizen_tui.logic.attention import attention_page

        queue = self.attention
        index = queue.index_of(event.key) if queue is not None else None
        if queue is None or index is None:
            return
        item = attention_page(self.kaizen.store.db(sync=False), queue, [index])[0]
        if item is None:  # gone since the queue was read (its row says so)
            return
        if item.kind == "review":
            self.kaizen.open_event_screen(item.event_id, phase="followup", item=str(item.day))
        else:
            self.kaizen.open_event_screen(item.event_id, phase="actions", item=item.label)

    @on(Button.Pressed, "#empty-demo")
    def action_load_demo(self) -> None:
        from kaizen_tui.demo import demo_events

        store = self.kaizen.store
        added = []
        for event in demo_events(self.kaizen.today):
            if not store.exists(event.id):
                store.create(event, today=self.kaizen.today)
                added.append(event.id)
        self.action_refresh()
        self.query_one("#events", Table).focus()
        self.notify(f"Added {len(added)} demo events. Enter opens the highlighted one.")

    @on(Button.Pressed, "#empty-new")
    def _empty_new(self) -> None:
        self.action_new()

    def action_new(self) -> None:
        from kaizen_tui.screens.event_forms import new_event_form

        new_event_form(self.kaizen)

    def action_duplicate(self) -> None:
        from kaizen_tui.screens.event_forms import duplicate_event_form

        key = self.current_event_id
        if key:
            duplicate_event_form(self.kaizen, key)

    def action_archive(self) -> None:
        from kaizen_tui.widgets.confirm import ConfirmScreen

        key = self.current_event_id
        if not key:
            return
        found = listing.summaries_of(self.kaizen.store.db(sync=False), [key], self.kaizen.today)
        title = found[0].title if found else ""

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            from kaizen_tui.errors import KaizenError

            try:
                self.kaizen.store.archive(key)
            except KaizenError as err:
                self.notify(str(err), title="Not archived", severity="error", timeout=10)
                return
            self.action_refresh()
            self.notify(f"{key} archived. u shows archived events and brings one back.")

        self.app.push_screen(
            ConfirmScreen(
                f"Archive {key}?",
                f"{title}\n\nIt leaves this list and moves to the archive folder; "
                "nothing is deleted, and u (Archived…) brings it back.",
                yes="Archive",
            ),
            answered,
        )

    def action_archived(self) -> None:
        from kaizen_tui.screens.event_forms import archived_picker

        archived_picker(self.kaizen, self.action_refresh)
