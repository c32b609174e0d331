"""The event bundle (format kaizen-event/1; docs/architecture.md) as pydantic v2 models.

Validation lives here and speaks to the user: every message names the field (``event.actions[2]
(A3).due``) and what would make it right. Every model keeps keys it does not know, so a bundle
written by a newer minor version, or hand-edited with extra notes, survives a round trip.
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal, NamedTuple, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)

from kaizen_tui.errors import BundleError, NewerFormatError

# Statuses (as choices and in words) and MAX_TEXT live in labels.py (no pydantic: the home
# screen's cold start and the portfolio report need them); re-exported here beside the others.
from kaizen_tui.labels import MAX_TEXT as MAX_TEXT
from kaizen_tui.labels import STATUS_LABELS as STATUS_LABELS
from kaizen_tui.labels import STATUS_SHORT_LABELS as STATUS_SHORT_LABELS
from kaizen_tui.labels import STATUSES as STATUSES
from kaizen_tui.labels import YOKOTEN_STATUSES as YOKOTEN_STATUSES
from kaizen_tui.labels import Status as Status
from kaizen_tui.labels import YokotenStatus as YokotenStatus

FORMAT_NAME = "kaizen-event"
FORMAT_MAJOR = 1
FORMAT = f"{FORMAT_NAME}/{FORMAT_MAJOR}"

MAX_NAME = 300
#: Highest revision a bundle may carry: a save a second for thirty years. Without a bound a
#: bundle could claim revision 10^30 and win every later merge (and overflow the hub's column).
MAX_REVISION = 1_000_000_000

ROLE_LABELS = {
    "sponsor": "Sponsor",
    "process_owner": "Process owner",
    "team_leader": "Team leader",
    "facilitator": "Facilitator",
    "sensei": "Sensei",
    "member": "Member",
}
#: What a process step's value means (VA, NNVA, NVA), as the step and element forms explain it.
STEP_VALUE_MEANINGS = {
    "VA": "adds value the customer pays for",
    "NNVA": "needed today",
    "NVA": "waste",
}
#: The same as the one help line under a Value field (current and future steps, work elements).
STEP_VALUE_HELP = " · ".join(f"{value} {meaning}" for value, meaning in STEP_VALUE_MEANINGS.items())
Role = Literal["sponsor", "process_owner", "team_leader", "facilitator", "sensei", "member"]
Verdict = Literal["sustained", "slipping", "lost"]
WasteType = Literal[
    "transport",
    "inventory",
    "motion",
    "waiting",
    "overproduction",
    "overprocessing",
    "defects",
    "skills",
]
StepValue = Literal["VA", "NNVA", "NVA"]
ActionStatus = Literal["open", "done", "dropped"]

# The same choices as tuples, for pickers and loops (one source: the Literal types above).
ROLES: tuple[str, ...] = get_args(Role)
WASTES: tuple[str, ...] = get_args(WasteType)
STEP_VALUES: tuple[str, ...] = get_args(StepValue)
ACTION_STATUSES: tuple[str, ...] = get_args(ActionStatus)
FISHBONE_DEFAULT = ("man", "machine", "method", "material", "measurement", "environment")
REVIEW_DAYS_DEFAULT = (30, 60, 90)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EVENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
_ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,128}$")
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_]{1,40}$")
_FORMAT_VERSION = re.compile(r"^([0-9]{1,6})(?:\.[0-9]{1,6})?$")


def parse_iso_date(value: Any) -> date:
    """A strict ``YYYY-MM-DD`` date: no timestamps, no datetimes, no 2026-02-30."""
    if isinstance(value, datetime):
        raise ValueError("expected a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        raise ValueError(f"{_short(value)} is not a date; write it as YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{_short(value)} is not a real date (YYYY-MM-DD)") from None


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…'"


def _key(text: str) -> str:
    """A key or id from a bundle, for a message: as it is when plain, else quoted briefly (a key
    can be anything: a megabyte, a line feed, a terminal escape)."""
    return text if _PLAIN_KEY.fullmatch(text) else _short(text)


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


IsoDate = Annotated[date, BeforeValidator(parse_iso_date)]
OptDate = Annotated[IsoDate | None, BeforeValidator(_blank_to_none)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
Name = Annotated[str, Field(max_length=MAX_NAME)]
ItemId = Annotated[str, Field(pattern=_ITEM_ID.pattern)]
# The contract's booleans, whole numbers and numbers as JSON types: "yes" is not true, "7" and
# 7.5 are not a revision, "41" is not a reading (pydantic would otherwise coerce them silently).
Flag = Annotated[bool, Field(strict=True)]
Whole = Annotated[int, Field(strict=True)]
Number = Annotated[float, Field(strict=True)]


#: A share token must be able to hold this much randomness (DESIGN.md: >= 128 random bits).
TOKEN_BITS = 128

#: Narrow alphabets a made-up token tends to use. A token whose characters all come from one
#: of them is judged by that alphabet; any other by the 64 url-safe characters. Wider narrow
#: alphabets (letters and digits of one case) are left out on purpose: 1 random url-safe token in
#: 300,000 happens to use only those, and must not be refused.
_NARROW_ALPHABETS = tuple(
    frozenset(chars)
    for chars in (
        "0123456789",
        "0123456789abcdef",
        "0123456789ABCDEF",
        "abcdefghijklmnopqrstuvwxyz",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    )
)
#: A random 22-character token repeats this few kinds of character once in 10^12 draws.
_MIN_DISTINCT = 8


def token_bits(token: str) -> float:
    """How much randomness ``token`` can hold, as far as a look at it can tell: its length times
    the bits per character of the alphabet it draws from (a 32-digit hex token: 128 bits; 22
    lowercase letters: 103), and nothing for a token of under 8 kinds of character. No look at a
    string proves it random; this refuses what cannot be, and never a token drawn by
    new_share_token or by earlier versions (secrets.token_urlsafe(16))."""
    chars = set(token)
    if len(chars) < _MIN_DISTINCT:
        return 0.0
    size = next((len(a) for a in _NARROW_ALPHABETS if chars <= a), 64)
    return len(token) * math.log2(size)


def new_share_token() -> str:
    """128 random bits or more, url-safe: the secret part of the QR link. (Drawn again in the
    all but impossible case that it looks too weak to token_bits, which an import applies.)"""
    while True:
        token = secrets.token_urlsafe(16)
        if token_bits(token) >= TOKEN_BITS:
            return token


class KaizenModel(BaseModel):
    # extra="allow": unknown keys are kept and written back out (round trip).
    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        validate_assignment=True,
        allow_inf_nan=False,  # NaN would be written out as invalid JSON
    )


# --- What a new event made from an old one takes along (logic/carry.py) -------------------------
# Two ways to start an event from another: "use as template" on the home screen (a new event
# framed like the old one) and "plan a re-run" after a review found the gains lost (the same
# charter run again). Event, Metric and AgendaItem name a rule for each of their fields in CARRY
# (tests/test_carry.py fails on a field without one, so a new field is never silently dropped).
#: "keep": copied as it is; "new": as in a new event (its default: empty, a fresh share token);
#: "derive": worked out by the copying function (logic/carry.py) from the source.
CarryRule = Literal["keep", "new", "derive"]
CarryKind = Literal["template", "rerun"]


class Carry(NamedTuple):
    template: CarryRule
    rerun: CarryRule

    def rule(self, kind: CarryKind) -> CarryRule:
        return self.template if kind == "template" else self.rerun


KEEP = Carry("keep", "keep")
NEW = Carry("new", "new")
DERIVE = Carry("derive", "derive")


class Scope(KaizenModel):
    first_step: Name = ""
    last_step: Name = ""
    in_: list[Text] = Field(default_factory=list, alias="in")
    out: list[Text] = Field(default_factory=list)


class Person(KaizenModel):
    name: Name = Field(min_length=1)
    role: Role = "member"
    department: Name = ""
    from_line: Flag = True

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a person needs a name")
        return value


class Reading(KaizenModel):
    date: IsoDate
    value: Number
    note: Text = ""


class Metric(KaizenModel):
    id: ItemId
    name: Name = Field(min_length=1)
    unit: Name = ""
    direction: Literal["lower", "higher"] = "lower"
    baseline: Number | None = None
    baseline_date: OptDate = None
    baseline_source: Text = ""
    target: Number | None = None
    readings: list[Reading] = Field(default_factory=list)
    #: A template takes the definition (what is measured, which way is better); a re-run also
    #: the target, and the latest reading becomes its baseline while still short of the target.
    CARRY: ClassVar[Mapping[str, Carry]] = {
        "id": KEEP,
        "name": KEEP,
        "unit": KEEP,
        "direction": KEEP,
        "baseline": Carry("new", "derive"),
        "baseline_date": Carry("new", "derive"),
        "baseline_source": Carry("new", "derive"),
        "target": Carry("new", "keep"),
        "readings": NEW,
    }

    @model_validator(mode="after")
    def _target_points_the_right_way(self) -> Metric:
        b, t = self.baseline, self.target
        if b is not None and t is not None and b != t:
            if self.direction == "lower" and t > b:
                raise ValueError(
                    f"metric {self.id}: lower is better, but the target {t:g} is above the "
                    f"baseline {b:g}; set direction to 'higher' or fix the target"
                )
            if self.direction == "higher" and t < b:
                raise ValueError(
                    f"metric {self.id}: higher is better, but the target {t:g} is below the "
                    f"baseline {b:g}; set direction to 'lower' or fix the target"
                )
        return self


class ProcessStep(KaizenModel):
    name: Name = Field(min_length=1)
    cycle_min: Number = Field(default=0, ge=0)
    wait_min: Number = Field(default=0, ge=0)
    value: StepValue = "NVA"


class Waste(KaizenModel):
    type: WasteType
    description: Text = ""
    step: Name = ""


class RootCause(KaizenModel):
    id: ItemId
    problem: Text = ""
    whys: list[Text] = Field(default_factory=list)
    category: Name = ""
    cause: Text = ""
    confirmed: Flag = False
    #: the countermeasure in a few words, for the A3's Countermeasures box (issue 16)
    countermeasure: Text = ""


class Update(KaizenModel):
    date: IsoDate
    note: Text = ""
    # issue 15: an update an action's owner sent from their personal page on the hub ("from
    # the floor"), with their name; laptops receive it through sync (logic/floor.py)
    by: Name = ""
    from_floor: Flag = False

    @model_serializer(mode="wrap")
    def _floor_marks_only_when_set(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> Any:
        # written only on updates from the floor: every other update stays {"date", "note"}, as
        # bundles, exports and the laptop-only user always had them
        data = handler(self)
        if isinstance(data, dict):
            if not self.by:
                data.pop("by", None)
            if not self.from_floor:
                data.pop("from_floor", None)
        return data


class Action(KaizenModel):
    id: ItemId
    what: Text = Field(min_length=1)
    owner: Name = ""
    due: OptDate = None
    pdca: Whole = Field(default=0, ge=0, le=4)
    status: ActionStatus = "open"
    root_cause: str | None = None
    done_on: OptDate = None
    updates: list[Update] = Field(default_factory=list)

    @field_validator("root_cause", mode="before")
    @classmethod
    def _empty_link_is_none(cls, value: Any) -> Any:
        return _blank_to_none(value)


class ParkingItem(KaizenModel):
    text: Text = Field(min_length=1)
    raised_by: Name = ""
    resolved: Flag = False
    raised_on: OptDate = None
    action: str | None = None  # the action this idea became, if any (an id such as "A17")


class AgendaItem(KaizenModel):
    title: Name = Field(min_length=1)
    minutes: Whole = Field(default=30, ge=1, le=24 * 60)
    done: Flag = False
    # When the timebox was started and finished (UTC), so a restarted app resumes the countdown.
    started_at: datetime | None = None
    finished_at: datetime | None = None
    #: the run-sheet comes along with its timeboxes, none of them started yet
    CARRY: ClassVar[Mapping[str, Carry]] = {
        "title": KEEP,
        "minutes": KEEP,
        "done": NEW,
        "started_at": NEW,
        "finished_at": NEW,
    }


class EarlierReview(KaizenModel):
    """A review's record as it was before it was held again (issue 13, defect 2): a correction
    replaces the review, and what was recorded before stays here, with who replaced it when."""

    held_on: IsoDate
    verdict: Verdict | None = None
    suggested_verdict: Verdict | None = None
    notes: Text = ""
    readings: dict[str, Number] = Field(default_factory=dict)
    replaced_on: IsoDate
    replaced_by: Name = ""


class Review(KaizenModel):
    day: Whole = Field(ge=1, le=3650)
    due: OptDate = None
    held_on: OptDate = None
    verdict: Verdict | None = None
    #: What the readings suggested when the review was held (logic/verdict.py); kept beside the
    #: facilitator's verdict so an override stays visible to the LPO.
    suggested_verdict: Verdict | None = None
    notes: Text = ""
    readings: dict[str, Number] = Field(default_factory=dict)
    #: Earlier records of this review, oldest first, each replaced by holding it again.
    superseded: list[EarlierReview] = Field(default_factory=list)


class Yokoten(KaizenModel):
    practice: Text = Field(min_length=1)
    to_area: Name = ""
    status: YokotenStatus = "proposed"
    #: Set when the practice was adopted through `kaizen yokoten adopt --into`: the receiving
    #: event and the action created there, so the register can point to the follow-through.
    adopted_in: Name = ""
    adopted_action: Name = ""


class GateOverride(KaizenModel):
    """A close-out gate rule the facilitator passed on purpose, and why (logic/gate.py)."""

    rule: Name = Field(min_length=1)
    reason: Text = Field(min_length=1)
    by: Name = ""
    date: IsoDate
    #: what the rule reported when it was overridden, e.g. "A4 and A7 have no due date"
    finding: Text = ""


class Closeout(KaizenModel):
    """The close-out gate as it was passed at report-out."""

    passed_on: IsoDate
    by: Name = ""
    overrides: list[GateOverride] = Field(default_factory=list)


class StatusChange(KaizenModel):
    """One status move (logic/transitions.py), so reopenings and abandonment stay on record."""

    date: IsoDate
    from_: Status = Field(alias="from")
    to: Status
    reason: Text = ""
    by: Name = ""


class SenseiNote(KaizenModel):
    date: IsoDate
    by: Name = ""
    note: Text = ""


# --- The lean tools of the event week (issue 13) ------------------------------------------------
# All optional, so older bundles read unchanged; the rules that use them live in logic/ (takt and
# balance in logic/balance.py, changeover totals in logic/smed.py, before/after flow in
# logic/flow.py, the "after" readings in logic/metrics.py).

ChangeoverKind = Literal["internal", "external"]
ChangeoverAfter = Literal["internal", "external", "removed"]
ExperimentDecision = Literal["trying", "kept", "dropped"]
SignOffRole = Literal["sponsor", "process_owner"]
EXPERIMENT_DECISIONS: tuple[str, ...] = get_args(ExperimentDecision)
SIGNOFF_ROLES: tuple[str, ...] = get_args(SignOffRole)


class Takt(KaizenModel):
    """Customer demand over a period and the working time available in it: takt = time / demand."""

    demand: float = Field(gt=0)  # how many the customer needs in the period
    available_min: float = Field(gt=0, le=60 * 24 * 366)  # working minutes in it, breaks out
    period: Name = "day"  # the period in words: "shift", "day", "week"
    unit: Name = ""  # what is counted: "brackets", "invoices", "patients"


class WorkElement(KaizenModel):
    """One element of an operator's (or a step's) work in one cycle, for the balance chart."""

    operator: Name = Field(min_length=1)  # the operator, or the step, the element belongs to
    element: Name = ""
    seconds: float = Field(ge=0, le=7 * 24 * 3600)
    value: StepValue = "NNVA"

    @field_validator("operator")
    @classmethod
    def _operator_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a work element needs the operator or step it belongs to")
        return value


class ChangeoverElement(KaizenModel):
    """One element of a changeover (SMED): as filmed before the event, and after it."""

    name: Name = Field(min_length=1)
    minutes: float = Field(default=0, ge=0)  # as filmed before the event
    kind: ChangeoverKind = "internal"  # internal: only while the machine is stopped
    #: after the event: kept internal, converted to external, or removed; None = not decided yet
    after: ChangeoverAfter | None = None
    after_minutes: float | None = Field(default=None, ge=0)  # None = as long as before


class Experiment(KaizenModel):
    """One try-storming experiment: what was tried, what happened, kept or dropped."""

    id: ItemId
    date: OptDate = None
    tried: Text = Field(min_length=1)
    result: Text = ""
    decision: ExperimentDecision = "trying"
    action: str | None = None  # the action a kept experiment became (an id such as "A17")


class SignOff(KaizenModel):
    """The sponsor's or process owner's agreement to the charter: who and when."""

    role: SignOffRole
    name: Name = Field(min_length=1)
    date: IsoDate
    note: Text = ""


class Conflict(KaizenModel):
    """A field two copies of the event changed two ways, found when they were merged (logic/
    threeway.py, issue 14). The value in the event is ``mine`` (the copy that merged); ``theirs``
    is kept here until the facilitator chooses (the conflicts view, ``kaizen resolve``)."""

    #: where, with list items named by id: ``actions[A4].due`` (logic/itempaths.py)
    path: str = Field(min_length=1, max_length=MAX_TEXT)
    base: Any = None
    mine: Any = None
    theirs: Any = None
    #: when the merge found it (ISO date and time)
    at: str

    @field_validator("at")
    @classmethod
    def _at_is_a_time(cls, value: str) -> str:
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{_short(value)} is not a date and time (ISO 8601)") from None
        return value


class Event(KaizenModel):
    id: str = ""
    share_token: str = Field(default_factory=new_share_token)
    revision: Whole = Field(default=0, ge=0, le=MAX_REVISION)
    updated_at: datetime | None = None
    title: Name = Field(min_length=1)
    site: Name = ""
    area: Name = ""
    value_stream: Name = ""
    business_unit: Name = ""
    status: Status = "planned"
    start: OptDate = None
    end: OptDate = None
    report_out: OptDate = None
    problem: Text = ""
    background: Text = ""
    target_condition: Text = ""
    lessons: Text = ""
    scope: Scope = Field(default_factory=Scope)
    people: list[Person] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    process_steps: list[ProcessStep] = Field(default_factory=list)
    wastes: list[Waste] = Field(default_factory=list)
    root_causes: list[RootCause] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    parking_lot: list[ParkingItem] = Field(default_factory=list)
    agenda: list[AgendaItem] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)
    yokoten: list[Yokoten] = Field(default_factory=list)
    sensei_notes: list[SenseiNote] = Field(default_factory=list)
    # Follow-up and sustainment (issue 7); all optional, so older bundles read unchanged.
    #: review offsets in days for this event; None = the data folder's `review_days` setting
    review_days: list[Whole] | None = None
    #: the revision shown on the last printed A3 (set when the A3 is printed; see logic/gate.py)
    a3_printed_revision: Whole | None = Field(default=None, ge=0, le=MAX_REVISION)
    closeout: Closeout | None = None
    #: why the event is in its current status, when the move needed a reason (abandoned, reopened)
    status_reason: Text = ""
    status_history: list[StatusChange] = Field(default_factory=list)
    #: the event this one runs again after its gains were lost (logic/followup.py rerun_draft)
    rerun_of: str | None = None
    # The lean tools of the event week (issue 13; models above).
    takt: Takt | None = None
    balance: list[WorkElement] = Field(default_factory=list)
    future_steps: list[ProcessStep] = Field(default_factory=list)
    changeover: list[ChangeoverElement] = Field(default_factory=list)
    experiments: list[Experiment] = Field(default_factory=list)
    signoffs: list[SignOff] = Field(default_factory=list)
    # The hub (issue 14): fields changed two ways by two copies, until the facilitator chooses.
    conflicts: list[Conflict] = Field(default_factory=list)

    #: What a template and a re-run take of each field (rules above Scope). A template keeps the
    #: frame: where, who, what is measured, the run-sheet and the follow-up days. A re-run keeps
    #: the charter too (problem, target condition, takt) and starts each metric from its latest
    #: reading. Neither takes what the team found, decided or signed during the old event.
    CARRY: ClassVar[Mapping[str, Carry]] = {
        "id": NEW,  # the store gives one
        "share_token": NEW,  # a fresh one: the copy's QR link is its own
        "revision": NEW,
        "updated_at": NEW,
        "title": DERIVE,  # a template's is typed by the user; a re-run's says "(re-run)"
        "site": KEEP,
        "area": KEEP,
        "value_stream": KEEP,
        "business_unit": KEEP,
        "status": NEW,  # planned
        "start": NEW,
        "end": NEW,
        "report_out": NEW,
        "problem": Carry("new", "keep"),
        "background": Carry("new", "derive"),  # why it runs again, then the old background
        "target_condition": Carry("new", "keep"),
        "lessons": NEW,
        "scope": KEEP,
        "people": KEEP,
        "metrics": DERIVE,  # by Metric.CARRY
        "process_steps": NEW,
        "wastes": NEW,
        "root_causes": NEW,
        "actions": NEW,
        "parking_lot": NEW,
        "agenda": DERIVE,  # by AgendaItem.CARRY
        "reviews": NEW,
        "yokoten": NEW,
        "sensei_notes": NEW,
        "review_days": KEEP,
        "a3_printed_revision": NEW,
        "closeout": NEW,
        "status_reason": NEW,
        "status_history": NEW,
        "rerun_of": Carry("new", "derive"),  # the event it runs again
        "takt": Carry("new", "keep"),  # the same line's demand, for the team to confirm
        "balance": NEW,
        "future_steps": NEW,
        "changeover": NEW,
        "experiments": NEW,
        "signoffs": NEW,  # the sponsor and process owner agree to the new charter again
        "conflicts": NEW,
    }

    @field_validator("review_days")
    @classmethod
    def _review_days_sane(cls, value: list[int] | None) -> list[int] | None:
        if value is None:
            return None
        if not value:
            raise ValueError("review_days needs at least one day, e.g. [30, 60, 90]")
        if any(day < 1 or day > 3650 for day in value):
            raise ValueError("review days must be between 1 and 3650")
        return sorted(set(value))

    @field_validator("id")
    @classmethod
    def _id_is_safe(cls, value: str) -> str:
        if value and not _EVENT_ID.fullmatch(value):
            raise ValueError(
                f"event id {_short(value)} may use only letters, digits, '-' and '_' "
                "(at most 40, starting with a letter or digit)"
            )
        return value

    @field_validator("share_token")
    @classmethod
    def _token_is_long_enough(cls, value: str) -> str:
        if not _TOKEN.fullmatch(value):
            raise ValueError(
                "share_token must be at least 22 url-safe characters (128 random bits); "
                "remove it and one is generated"
            )
        return value

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("an event needs a title")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Event:
        for kind, items in (
            ("metrics", self.metrics),
            ("root causes", self.root_causes),
            ("actions", self.actions),
            ("experiments", self.experiments),
        ):
            _check_unique(kind, (item.id for item in items))
        causes = {rc.id for rc in self.root_causes}
        for action in self.actions:
            if action.root_cause is not None and action.root_cause not in causes:
                raise ValueError(
                    f"action {action.id} links root cause {_short(action.root_cause)}, which "
                    "this event does not have"
                )
        metric_ids = {m.id for m in self.metrics}
        for review in self.reviews:
            unknown = sorted(set(review.readings) - metric_ids)
            if unknown:
                raise ValueError(
                    f"the {review.day}-day review has a reading for "
                    f"{', '.join(_key(k) for k in unknown[:5])}, "
                    "which is not one of this event's metrics"
                )
        roles: list[str] = [s.role for s in self.signoffs]
        for role in SIGNOFF_ROLES:
            if roles.count(role) > 1:
                raise ValueError(
                    f"the charter has two sign-offs by the {ROLE_LABELS[role].lower()}; "
                    "keep one (the latest agreement)"
                )
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"the event ends ({self.end}) before it starts ({self.start})")
        if self.start and self.report_out and self.report_out < self.start:
            raise ValueError(
                f"the report-out ({self.report_out}) is before the event starts ({self.start})"
            )
        return self

    # Small conveniences used by every front end; the rules themselves live in logic/.
    def people_with_role(self, role: str) -> list[Person]:
        return [p for p in self.people if p.role == role]

    def first_name_with_role(self, role: str) -> str:
        found = self.people_with_role(role)
        return found[0].name if found else ""

    def action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)

    def metric(self, metric_id: str) -> Metric | None:
        return next((m for m in self.metrics if m.id == metric_id), None)

    def root_cause(self, cause_id: str) -> RootCause | None:
        return next((rc for rc in self.root_causes if rc.id == cause_id), None)

    def signoff(self, role: str) -> SignOff | None:
        return next((s for s in self.signoffs if s.role == role), None)


def _check_unique(kind: str, ids: Iterable[str]) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ValueError(f"two {kind} share the id {item_id!r}; ids must be unique")
        seen.add(item_id)


def next_item_id(prefix: str, existing: Iterable[str]) -> str:
    """The next free id such as ``A12`` after ``A1 … A11`` (gaps are not reused)."""
    highest = 0
    for item_id in existing:
        if item_id.startswith(prefix) and item_id[len(prefix) :].isdigit():
            highest = max(highest, int(item_id[len(prefix) :]))
    return f"{prefix}{highest + 1}"


class Bundle(KaizenModel):
    format: str = FORMAT
    event: Event

    def to_json_dict(self) -> dict[str, Any]:
        """The bundle as plain JSON-ready data, aliases (``in``) and unknown keys included."""
        return self.model_dump(mode="json", by_alias=True)


# --- parsing with messages a person can act on ------------------------------------------------


def format_major(fmt: Any) -> int:
    """The major version of a ``kaizen-event/N[.M]`` format string, or a BundleError."""
    if not isinstance(fmt, str) or not fmt.startswith(FORMAT_NAME + "/"):
        raise BundleError(
            f"format is {_short(fmt)}, not a kaizen event bundle (expected {FORMAT!r})"
        )
    # ASCII digits only: str.isdigit() takes '²' and '١', which int() then refuses
    version = _FORMAT_VERSION.fullmatch(fmt[len(FORMAT_NAME) + 1 :])
    if version is None:
        raise BundleError(f"format {_short(fmt)} has no version number (expected {FORMAT!r})")
    return int(version.group(1))


def check_format(data: Any) -> None:
    """Refuse anything that is not a bundle, a bundle that does not say its format, and
    bundles from a newer major version."""
    if not isinstance(data, dict) or "event" not in data:
        raise BundleError(
            'not a kaizen event bundle: expected a JSON object with "format" and "event"'
        )
    if "format" not in data:
        raise BundleError(f'format is missing: a bundle says "format": {FORMAT!r} first')
    major = format_major(data["format"])
    if major > FORMAT_MAJOR:
        raise NewerFormatError(
            f"this bundle is format {_short(data['format'])}, written by a newer kaizen-tui; "
            f"this version reads up to {FORMAT!r}. Upgrade kaizen-tui to open it"
        )


def parse_bundle(data: Any) -> Bundle:
    """Validate plain JSON data as a bundle; raise BundleError with readable messages."""
    check_format(data)
    try:
        bundle = Bundle.model_validate(data)
    except ValidationError as err:
        raise BundleError(describe_validation_error(err, data)) from None
    bundle.format = FORMAT
    return bundle


def parse_event(data: Any) -> Event:
    """Validate the ``event`` part alone (used by editors that build an event dict)."""
    try:
        return Event.model_validate(data)
    except ValidationError as err:
        raise BundleError(describe_validation_error(err, {"event": data}, prefix="event")) from None


def describe_validation_error(
    err: ValidationError, data: Any = None, *, prefix: str = "", limit: int = 2
) -> str:
    """The first ``limit`` problems joined with '; ' and how many more: one short line
    (``event.actions[2] (A3).due: … ``). Values are quoted briefly (_short), so a megabyte of
    bad input makes no megabyte of message."""
    parts = []
    errors = err.errors(include_url=False)
    for item in errors[:limit]:
        where = _describe_location(prefix, item["loc"], data)
        msg = _humane_message(item)
        parts.append(f"{where}: {msg}" if where else msg)
    if len(errors) > limit:
        parts.append(f"and {len(errors) - limit} more")
    return "; ".join(parts)


def _describe_location(prefix: str, loc: tuple[Any, ...], data: Any) -> str:
    words: list[str] = [prefix] if prefix else []
    node = data
    if prefix and isinstance(node, dict):
        node = node.get(prefix, node)
    for part in loc:
        if isinstance(part, int):
            label = f"[{part}]"
            if isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    label += f" ({_key(node['id'])})"  # an id can be a megabyte too
            else:
                node = None
            if words:
                words[-1] += label
            else:
                words.append(label)
        else:
            # a key of a user's dict (a reading's metric id) can be anything: quote it, briefly
            words.append(_key(str(part)))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(words)


def _humane_message(item: Any) -> str:
    kind = item["type"]
    msg: str = item["msg"]
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind == "missing":
        return "is required"
    if kind == "string_too_long":
        got = len(item["input"]) if isinstance(item.get("input"), str) else "?"
        limit = item.get("ctx", {}).get("max_length")
        return f"text is too long ({got:,} characters; at most {limit:,})"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"should be an object {{…}} (got {_short(item.get('input'))})"
    if kind == "list_type":
        return f"should be a list […] (got {_short(item.get('input'))})"
    if kind == "string_pattern_mismatch":
        return (
            f"{_short(item.get('input'))} is not a valid id (letters, digits, '.', '-', '_'; "
            "at most 20)"
        )
    return f"{msg} (got {_short(item.get('input'))})" if "input" in item else msg
