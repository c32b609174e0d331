"""What needs attention across every event: the home queue and ``kaizen followups``.

Two kinds of item, each **overdue** (due before today) or **due soon** (due today up to 7 days
ahead, the same window as an action's "due soon"):

* a **review** not yet held, in an event that is reported or following up. Its owner is the
  event's facilitator — the change agent who calls the review and runs this tool — or, when the
  event names none, the team leader, then the process owner.
* an **open action** with a due date, in an event that is planned, live, reported or following
  up. Its owner is the action's owner ("" when nobody is named: that group is listed first, since
  an unowned overdue action is the first thing to fix).

Closed and abandoned events are left out: a closed event has no open actions (closing needs it),
and an abandoned one is followed by nobody.

The question is SQL on the cross-event index (logic/rows.py: who calls an event's reviews is its
``review_owner``), so it loads no event and reads only the items due; dates are compared as
ISO strings, and only those reported are parsed.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from kaizen_tui.logic.actions import DUE_SOON_DAYS
from kaizen_tui.logic.queries import Execute, at_places

ACTION_STATUSES = frozenset({"planned", "live", "reported", "following_up"})
REVIEW_STATUSES = frozenset({"reported", "following_up"})

Kind = Literal["review", "action"]
Urgency = Literal["overdue", "due_soon"]


@dataclass(slots=True)
class AttentionItem:
    kind: Kind
    owner: str
    due: date
    days: int  # due - today: negative when overdue
    event_id: str
    event_title: str
    what: str  # the action's text, or "30-day review"
    action_id: str | None = None
    pdca: int | None = None
    day: int | None = None  # the review's day
    order: int = 0  # position in its event, to keep A2 before A10

    @property
    def urgency(self) -> Urgency:
        """Items are only those due within the window: overdue (due before today) or due soon."""
        return "overdue" if self.days < 0 else "due_soon"

    @property
    def label(self) -> str:
        """``A4`` or ``30-day review``."""
        return self.action_id if self.action_id is not None else f"{self.day}-day review"

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "event_id": self.event_id,
            "event_title": self.event_title,
            "action_id": self.action_id,
            "day": self.day,
            "what": self.what,
            "due": self.due.isoformat(),
            "days": self.days,
            "urgency": "overdue" if self.days < 0 else "due_soon",  # self.urgency, inlined
            "pdca": self.pdca,
        }


@dataclass(slots=True)
class OwnerGroup:
    owner: str  # "" = nobody named
    items: list[AttentionItem] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.urgency == "overdue")

    @property
    def due_soon(self) -> int:
        return sum(1 for item in self.items if item.urgency == "due_soon")

    def as_json(self) -> dict[str, Any]:
        items = [item.as_json() for item in self.items]
        overdue = sum(1 for item in self.items if item.days < 0)
        return {
            "owner": self.owner,
            "overdue": overdue,
            "due_soon": len(items) - overdue,
            "items": items,
        }


@dataclass(frozen=True, slots=True)
class Attention:
    today: date
    within_days: int
    groups: list[OwnerGroup]

    @property
    def items(self) -> list[AttentionItem]:
        return [item for group in self.groups for item in group.items]

    def count(self, kind: Kind, urgency: Urgency) -> int:
        return sum(
            1
            for group in self.groups
            for item in group.items
            if item.kind == kind and item.urgency == urgency
        )

    def as_json(self) -> dict[str, Any]:
        """The ``kaizen followups --json`` document (docs/cli.md; keep it stable)."""
        counts = dict.fromkeys(
            ("reviews_overdue", "reviews_due_soon", "actions_overdue", "actions_due_soon"), 0
        )
        owners = []
        for group in self.groups:
            owner = group.as_json()
            for item in owner["items"]:  # one pass over the items for every count
                counts[f"{item['kind']}s_{item['urgency']}"] += 1
            owners.append(owner)
        return {
            "today": self.today.isoformat(),
            "within_days": self.within_days,
            "counts": counts,
            "owners": owners,
        }


def due_words(days: int) -> str:
    """How far a due date is from today, in words: ``3 days overdue``, ``1 day overdue``,
    ``today``, ``tomorrow``, ``in 4 days`` (the home queue and ``kaizen followups``)."""
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def short_due_words(days: int) -> str:
    """The same in at most 9 characters, for narrow screens: ``12 d late``, ``today``,
    ``in 4 d`` (as the action list says it)."""
    if days < 0:
        return f"{-days} d late"
    if days == 0:
        return "today"
    return f"in {days} d"


#: What a queue line shows of a review and of an action (the columns group_attention and
#: attention_page read), from where, and which are due by :horizon. Reviews count only in events
#: past report-out; actions in every event still followed.
_REVIEW_COLUMNS = "r.event_id, e.title, e.review_owner, r.day, r.due, r.seq"
_ACTION_COLUMNS = "a.event_id, e.title, a.owner, a.due, a.what, a.action_id, a.pdca, a.seq"
_REVIEWS = "FROM reviews r JOIN events e ON e.event_id = r.event_id"
#: CROSS JOIN: event by event, each one's open actions through the (event_id, status, due)
#: index (see portfolio._OVERDUE: 2-3x faster than one row lookup per due action).
_ACTIONS = "FROM events e CROSS JOIN actions a WHERE a.event_id = e.event_id"
_REVIEW_DUE = f"""r.held_on IS NULL AND r.due IS NOT NULL AND r.due <= :horizon
  AND e.status IN ({", ".join(f"'{s}'" for s in sorted(REVIEW_STATUSES))})"""
_ACTION_DUE = f"""e.status IN ({", ".join(f"'{s}'" for s in sorted(ACTION_STATUSES))})
  AND a.status = 'open' AND a.due IS NOT NULL AND a.due <= :horizon"""
#: Both in the order of a group (see group_attention).
_REVIEWS_DUE = f"""
SELECT {_REVIEW_COLUMNS} {_REVIEWS}
WHERE {_REVIEW_DUE}
ORDER BY r.due, r.event_id, r.seq
"""
_ACTIONS_DUE = f"""
SELECT {_ACTION_COLUMNS} {_ACTIONS}
  AND {_ACTION_DUE}
ORDER BY a.due, a.event_id, a.seq
"""


def owner_order(name: str) -> tuple[bool, str, str]:
    """How owner groups are ordered: nobody named first, then by name ignoring case."""
    return (name != "", name.casefold(), name)


def needs_attention(db: Execute, today: date, *, within_days: int = DUE_SOON_DAYS) -> Attention:
    """Reviews and actions overdue or due within ``within_days``, grouped by owner: the group
    with no owner first, then owners alphabetically; in a group, by due date, then event, reviews
    before actions, then the order in the event. Asked of the cross-event index (``db``, see
    logic/queries.py), so only the items due come back, not the portfolio."""
    params = {"horizon": (today + timedelta(days=within_days)).isoformat()}
    return group_attention(
        db(_REVIEWS_DUE, params), db(_ACTIONS_DUE, params), today, within_days=within_days
    )


def group_attention(
    reviews: Iterable[Sequence[Any]],
    actions: Iterable[Sequence[Any]],
    today: date,
    *,
    within_days: int = DUE_SOON_DAYS,
) -> Attention:
    """The queue from the rows of the two queries above (pure: tests hand rows in, in any
    order). The queries give them in a group's order, so that sorting each group is a merge of
    two runs and the items are made in their final order: made in another order and sorted
    after, the items of a 10,000-event portfolio lay scattered in memory, and every later pass
    over them cost more per item than at 1,000."""
    parsed: dict[str, tuple[date, int]] = {}  # ISO date → (date, days from today), parsed once
    groups: dict[str, list[tuple[Any, ...]]] = {}

    def when(iso: str) -> tuple[date, int]:
        found = parsed.get(iso)
        if found is None:
            day = date.fromisoformat(iso)
            found = parsed[iso] = (day, (day - today).days)
        return found

    # (due, event, reviews first, order in the event) is unique: no tie reaches the rest
    for event_id, title, owner, day, due, seq in reviews:
        groups.setdefault(owner, []).append(
            (
                due,
                event_id,
                False,
                seq,
                "review",
                owner,
                title,
                f"{day}-day review",
                None,
                None,
                day,
            )
        )
    for event_id, title, owner, due, what, action_id, pdca, seq in actions:
        groups.setdefault(owner, []).append(
            (due, event_id, True, seq, "action", owner, title, what, action_id, pdca, None)
        )

    ordered = []
    for owner in sorted(groups, key=owner_order):
        rows = groups[owner]
        rows.sort()
        items = []
        for due, event_id, _, seq, kind, who, title, what, action_id, pdca, day in rows:
            when_due, days = when(due)
            # positional: this loop runs for every hit across the portfolio (bench/followups.py)
            items.append(
                AttentionItem(
                    kind, who, when_due, days, event_id, title, what, action_id, pdca, day, seq
                )
            )
        ordered.append(OwnerGroup(owner, items))
    return Attention(today, within_days, ordered)


# -- the home screen's queue: where each item is, read a page at a time ---------------------------

_REVIEW, _ACTION = 0, 1
#: Where every item due is, in a group's order but for the owner (ordered in Python: by their
#: name casefolded, which SQL does not do): both kinds in one pass, reviews before actions.
_QUEUE = f"""
SELECT e.review_owner, r.due, r.event_id, {_REVIEW}, r.seq {_REVIEWS}
WHERE {_REVIEW_DUE}
UNION ALL
SELECT a.owner, a.due, a.event_id, {_ACTION}, a.seq {_ACTIONS}
  AND {_ACTION_DUE}
ORDER BY 2, 3, 4, 5
"""
_KINDS: tuple[Kind, Kind] = ("review", "action")


@dataclass(frozen=True, slots=True, weakref_slot=True)  # the home lets go of one (tests)
class AttentionQueue:
    """The queue of :func:`needs_attention` as the home screen keeps it: 8 bytes an item
    (``events`` number << 32 | seq << 1 | kind) and each group's owner and first place; the
    items themselves are read from the index when shown (:func:`attention_page`). 63,872 items
    at 10,000 events: 0.5 MB, against ~30 MB as AttentionItems."""

    today: date
    within_days: int
    events: tuple[str, ...]  # the event ids the places number
    places: array[int]
    owners: tuple[str, ...]  # each group's owner ("" = nobody named), in order
    starts: array[int]  # where each group starts in places
    counts: tuple[int, int, int, int]  # reviews overdue, due soon; actions overdue, due soon

    def __len__(self) -> int:
        return len(self.places)

    def place(self, index: int) -> tuple[str, Kind, int]:
        """(event id, kind, seq) of the item at ``index``."""
        place = self.places[index]
        return self.events[place >> 32], _KINDS[place & 1], (place & 0xFFFFFFFF) >> 1

    def key(self, index: int) -> str:
        """``event|kind|seq``: the item's row in a table."""
        event_id, kind, seq = self.place(index)
        return f"{event_id}|{kind}|{seq}"

    def index_of(self, key: str) -> int | None:
        """Where the item of ``key`` is (None: not in this queue); C-speed passes, no dict."""
        parts = key.rsplit("|", 2)
        if len(parts) != 3 or parts[1] not in _KINDS or not parts[2].isdigit():
            return None
        event_id, kind, seq = parts
        if event_id not in self.events:
            return None
        packed = self.events.index(event_id) << 32 | int(seq) << 1 | (kind == "action")
        try:
            return self.places.index(packed)
        except ValueError:
            return None

    def owner_at(self, index: int) -> str:
        return self.owners[bisect_right(self.starts, index) - 1]

    def first_of_group(self, index: int) -> bool:
        found = bisect_right(self.starts, index) - 1
        return self.starts[found] == index

    def count(self, kind: Kind, urgency: Urgency) -> int:
        return self.counts[(kind == "action") * 2 + (urgency == "due_soon")]


def attention_queue(
    db: Execute, today: date, *, within_days: int = DUE_SOON_DAYS
) -> AttentionQueue:
    """Where each item of :func:`needs_attention` is, in its order, read in one pass over the
    index (``db`` may give the rows as they are read: nothing per item is kept but 8 bytes)."""
    params = {"horizon": (today + timedelta(days=within_days)).isoformat()}
    first_due_soon = today.isoformat()
    number: dict[str, int] = {}
    groups: dict[str, array[int]] = {}
    counts = [0, 0, 0, 0]
    for owner, due, event_id, kind, seq in db(_QUEUE, params):
        found = number.get(event_id)
        if found is None:
            found = number[event_id] = len(number)
        places = groups.get(owner)
        if places is None:
            places = groups[owner] = array("q")
        places.append(found << 32 | seq << 1 | kind)
        counts[kind * 2 + (due >= first_due_soon)] += 1
    owners = tuple(sorted(groups, key=owner_order))
    places = array("q")
    starts = array("q")
    for owner in owners:
        starts.append(len(places))
        places.extend(groups.pop(owner))
    return AttentionQueue(
        today,
        within_days,
        tuple(number),
        places,
        owners,
        starts,
        (counts[0], counts[1], counts[2], counts[3]),
    )


def _review_item(row: Sequence[Any], today: date) -> AttentionItem:
    event_id, title, owner, day, due, seq = row
    when = date.fromisoformat(due) if due else today
    what = f"{day}-day review"
    return AttentionItem(
        "review", owner, when, (when - today).days, event_id, title, what, None, None, day, seq
    )


def _action_item(row: Sequence[Any], today: date) -> AttentionItem:
    event_id, title, owner, due, what, action_id, pdca, seq = row
    when = date.fromisoformat(due) if due else today
    return AttentionItem(
        "action",
        owner,
        when,
        (when - today).days,
        event_id,
        title,
        what,
        action_id,
        pdca,
        None,
        seq,
    )


#: Per kind: some items' rows by place (a primary-key lookup each), and the item of a row.
_PAGE: dict[Kind, tuple[str, str, Callable[[Sequence[Any], date], AttentionItem]]] = {
    "review": (f"SELECT {_REVIEW_COLUMNS} {_REVIEWS} WHERE ", "r", _review_item),
    "action": (
        f"SELECT {_ACTION_COLUMNS} FROM actions a JOIN events e ON e.event_id = a.event_id WHERE ",
        "a",
        _action_item,
    ),
}


def attention_page(
    db: Execute, queue: AttentionQueue, indexes: Iterable[int]
) -> list[AttentionItem | None]:
    """The items at ``indexes`` of ``queue``, as they are in the index now (None: gone since;
    one that is no longer due is shown as it now is, until the queue is read again)."""
    wanted = [queue.place(i) for i in indexes]
    found: dict[tuple[str, Kind, int], AttentionItem] = {}
    for kind, (select, table, item_of) in _PAGE.items():
        places = [(event_id, seq) for event_id, k, seq in wanted if k == kind]
        if not places:
            continue
        params: dict[str, Any] = {}
        for row in db(select + at_places(table, places, params), params):
            item = item_of(row, queue.today)
            found[item.event_id, kind, item.order] = item
    return [found.get(place) for place in wanted]
