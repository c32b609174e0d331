"""Helpers shared by the benches: timing, ratios, and a synthetic portfolio."""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from kaizen_tui.model import (
    Action,
    Event,
    Metric,
    Person,
    ProcessStep,
    Reading,
    Review,
    RootCause,
    SenseiNote,
    Yokoten,
)


def start_env(**extra: str) -> dict[str, str]:
    """The environment of a child that times a cold start (floor and app alike): Python's
    bytecode cache on, as in any installed copy (pip compiles every module when it installs, as it
    did textual's), kept in the temp folder rather than beside the sources. A shell with
    PYTHONDONTWRITEBYTECODE (this machine sets it) had every child compile kaizen_tui from source
    while textual's bytecode came from site-packages: about 0.2x of the empty app's start that no
    user pays. The first (warm-up) child of each kind writes the cache. BENCH_BYTECODE=0 measures
    with the environment as it is."""
    env = {**os.environ, **extra}
    if os.environ.get("BENCH_BYTECODE", "1") != "0":
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "kaizen-bench-pycache")
    return env


def best_of(func: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """Best (lowest) mean seconds per call over ``repeat`` rounds of ``number`` calls: the
    least disturbed measurement on a shared machine."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        rounds.append((time.perf_counter() - start) / number)
    return min(rounds)


def median_of(samples: list[float]) -> float:
    return statistics.median(samples)


def report(
    label: str, seconds: float, floor: float | None = None, bar: float | None = None
) -> bool:
    """Print one line; with a floor, the ratio and whether it meets ``bar`` (ratio ≤ bar)."""
    text = f"{label:<58} {seconds * 1000:9.2f} ms"
    ok = True
    if floor is not None and floor > 0:
        ratio = seconds / floor
        text += f"   {ratio:5.2f}× floor"
        if bar is not None:
            ok = ratio <= bar
            text += f"   (bar ≤ {bar}×: {'ok' if ok else 'MISSED'})"
    print(text)
    return ok


def synthetic_event(
    n: int,
    *,
    actions: int = 15,
    today: date | None = None,
    rng: random.Random | None = None,
    lpo: bool = False,
) -> Event:
    """A plausible event: people, metrics, steps, root causes and ``actions`` actions with due
    dates spread around today, some done, some overdue. With ``lpo``, also what the LPO report
    reads: a co-facilitator on some events, metric readings, review verdicts for the reviews
    that are past, yokoten practices and sensei notes (see with_lpo_detail)."""
    rng = rng or random.Random(n)
    today = today or date.today()
    start = today - timedelta(days=rng.randint(0, 400))
    owners = [f"Owner {i}" for i in range(12)]
    status_choices = ["open", "open", "open", "done", "dropped"]
    acts = []
    for i in range(actions):
        status = rng.choice(status_choices)
        acts.append(
            Action(
                id=f"A{i + 1}",
                what=f"Countermeasure {i + 1} for event {n}: standardise the changeover cart",
                owner=rng.choice(owners),
                due=start + timedelta(days=rng.randint(1, 120)),
                pdca=rng.randint(0, 4),
                status=status,
                root_cause="RC1" if i % 3 == 0 else None,
                done_on=start + timedelta(days=rng.randint(1, 120)) if status == "done" else None,
            )
        )
    report_out = start + timedelta(days=4)
    event = Event(
        id=f"KZ-BENCH-{n:04d}",
        title=f"Bench event {n}: reduce lead time in cell {n % 40}",
        site=f"Site {n % 5}",
        area=f"Area {n % 17}",
        business_unit=f"BU {n % 3}",
        status=rng.choice(["planned", "live", "reported", "following_up", "closed"]),
        start=start,
        end=start + timedelta(days=4),
        report_out=report_out,
        problem="Changeovers take too long and vary from shift to shift. " * 3,
        people=[
            Person(name=f"Leader {n % 50}", role="team_leader", from_line=n % 3 != 0),
            Person(name=f"Facilitator {n % 9}", role="facilitator", from_line=False),
            Person(name=f"Sponsor {n % 7}", role="sponsor"),
            *[Person(name=f"Member {n}-{i}", role="member") for i in range(4)],
        ],
        metrics=[
            Metric(id="M1", name="Lead time", unit="h", direction="lower", baseline=40, target=20),
            Metric(
                id="M2",
                name="First pass yield",
                unit="%",
                direction="higher",
                baseline=80,
                target=95,
            ),
        ],
        process_steps=[
            ProcessStep(
                name=f"Step {i}",
                cycle_min=rng.randint(1, 30),
                wait_min=rng.randint(0, 300),
                value=rng.choice(["VA", "NNVA", "NVA"]),
            )
            for i in range(8)
        ],
        root_causes=[RootCause(id="RC1", whys=["why 1", "why 2", "why 3"], category="method")],
        actions=acts,
        reviews=[Review(day=d, due=report_out + timedelta(days=d)) for d in (30, 60, 90)],
    )
    return with_lpo_detail(event, today, rng) if lpo else event


def with_lpo_detail(event: Event, today: date, rng: random.Random) -> Event:
    n = int(event.id.rsplit("-", 1)[-1])
    if n % 4 == 0:
        event.people.append(Person(name=f"Facilitator {(n + 3) % 9}", role="facilitator"))
    for metric in event.metrics:
        assert metric.baseline is not None and metric.target is not None
        span = metric.target - metric.baseline
        value = metric.baseline + span * rng.uniform(-0.2, 1.3)
        metric.readings.append(Reading(date=event.end or today, value=round(value, 1)))
    for review in event.reviews:
        if review.due is not None and review.due < today and rng.random() < 0.8:
            review.held_on = review.due
            review.verdict = rng.choice(["sustained", "sustained", "slipping", "lost"])
    event.yokoten = [
        Yokoten(practice=f"Practice {n}-{i}: visual board at the cell", to_area=f"Area {i % 17}")
        for i in range(n % 3)
    ]
    event.sensei_notes = (
        [SenseiNote(date=event.start or today, by=f"Sensei {n % 4}", note="Go and see. " * 8)]
        if n % 5 == 0
        else []
    )
    return event


def build_portfolio(root: Path, count: int, *, actions: int = 15, lpo: bool = False) -> None:
    """Write ``count`` synthetic events through the store (as real saves would)."""
    from kaizen_tui.store import Store

    store = Store(root)
    for n in range(count):
        store.create(synthetic_event(n, actions=actions, lpo=lpo))


# the lean tools' fields of an event (issue 13), empty
WITHOUT_LEAN_TOOLS: dict[str, object] = {
    "takt": None,
    "balance": [],
    "future_steps": [],
    "changeover": [],
    "experiments": [],
    "signoffs": [],
}


def crowded_event(today: date, *, actions: int = 40) -> Event:
    """The SMED demo event grown to ``actions`` actions with long texts, owners from three
    scripts, extra root causes and readings: more than one A3 page can hold at a legible size
    on small paper. Used by the A3 bench and tests.

    Issue 16's event, kept as it was: the demo's story, causes and metrics without the lean
    tools' data (takt, balance, SMED breakdown, future steps, experiments, sign-off) and with
    its readings after the event week (a reading in the event week is an "after" reading since
    issue 13, which adds a column to the Target box): what the A3 printed when the issue was
    measured. The bench compares like with like across
    sessions; the press line's A3 with its lean tools is tested in tests/test_lean_a3.py."""
    from kaizen_tui.demo import demo_events
    from kaizen_tui.model import Reading, Update

    base = demo_events(today)[0].model_copy(update=WITHOUT_LEAN_TOOLS)
    owners = ["Zofia Wiśniewska", "Νίκος Παπαδόπουλος", "佐藤 健", "Jan Kamiński", "Олена Коваль"]
    verbs = ["Standardise", "Trial", "Document", "Train every shift on", "Audit weekly"]
    objects = [
        "the die-change cart checklist, including the torque values for every clamp and the "
        "order in which the bolts are released",
        "first-off approval with go/no-go gauges, so the setter approves and Quality audits "
        "one changeover in five instead of every one",
        "the shadow board at Press Line 3 <b>& its tool check</b> at shift start, with a red "
        "tag for anything missing and the team leader told at once",
        "setting cards per part number: die position, shut height, feeder pitch and the "
        "lubrication settings that were kept in one setter's head",
    ]
    acts = []
    for i in range(actions):
        due = today + timedelta(days=(i * 7) % 60 - 25)
        status = "done" if i % 4 == 0 else "dropped" if i % 13 == 5 else "open"
        acts.append(
            Action(
                id=f"A{i + 1}",
                what=f"{verbs[i % len(verbs)]} {objects[i % len(objects)]} (step {i + 1})",
                owner=owners[i % len(owners)],
                due=due,
                pdca=i % 5,
                status=status,
                root_cause=f"RC{i % 4 + 1}",
                done_on=due if status == "done" else None,
                updates=[
                    Update(
                        date=today - timedelta(days=i % 9),
                        note="Agreed with the night shift; waiting for the maintenance window "
                        f"on line {i % 4 + 1} before the trial can run",
                    )
                ],
            )
        )
    long_text = (
        " Shift handovers lose the information the next crew needs, so every changeover starts "
        "with a search for tools, settings and the right die, and the first parts are scrapped "
        "while the press is adjusted by trial and error."
    )
    metrics = []
    for m in base.metrics:
        readings = [
            Reading(date=today - timedelta(days=d), value=(m.baseline or 1) * (1 - d / 100))
            for d in range(1, 24, 3)  # after the event week: follow-up readings, no "after" ones
        ]
        metrics.append(m.model_copy(update={"readings": readings}))
    return base.model_copy(
        update={
            "id": "KZ-CROWDED",
            "problem": base.problem + long_text * 3,
            "background": base.background + long_text * 2,
            "lessons": base.lessons + long_text * 2,
            "actions": acts,
            "metrics": metrics,
        },
        deep=True,
    )


def long_text_event(today: date, *, actions: int = 40, what_chars: int = 0) -> Event:
    """The SMED demo event grown to ``actions`` actions of the length actions have on a real
    board (the demo's own, one line or two), with the crowded event's long problem, background
    and lessons: "40 actions and a few long texts". With ``what_chars``, every action's text is
    padded to that many characters (the 500-action, 10,000-character cost case)."""
    from kaizen_tui.demo import demo_events
    from kaizen_tui.model import Update

    crowded = crowded_event(today, actions=1)
    base = demo_events(today)[0]
    owners = ["Zofia Wiśniewska", "Νίκος Παπαδόπουλος", "佐藤 健", "Jan Kamiński", "Олена Коваль"]
    acts = []
    for i in range(actions):
        template = base.actions[i % len(base.actions)]
        what = f"{template.what} (step {i + 1})"
        if what_chars:
            filler = " and the standard work is checked at the gemba by the team leader"
            what = (what + filler * (what_chars // len(filler) + 1))[:what_chars]
        due = today + timedelta(days=(i * 7) % 60 - 25)
        status = "done" if i % 4 == 0 else "dropped" if i % 13 == 5 else "open"
        acts.append(
            template.model_copy(
                update={
                    "id": f"A{i + 1}",
                    "what": what,
                    "owner": owners[i % len(owners)],
                    "due": due,
                    "pdca": i % 5,
                    "status": status,
                    "root_cause": f"RC{i % 4 + 1}",
                    "done_on": due if status == "done" else None,
                    "updates": [Update(date=today - timedelta(days=i % 9), note="Trial booked")]
                    if i % 3 == 0
                    else [],
                }
            )
        )
    return crowded.model_copy(update={"id": "KZ-LONG", "actions": acts}, deep=True)


# -- big portfolios, written straight to disk ---------------------------------------------------

#: The day the big benches pretend it is (children get it as KAIZEN_TODAY), so that the data
#: written once and kept between runs stays as overdue as it was.
BENCH_TODAY = date(2026, 11, 25)
#: Bump when write_portfolio writes something else, so cached data sets are made again.
DATASET_VERSION = 1


def write_portfolio(root: Path, count: int, *, today: date = BENCH_TODAY) -> None:
    """``count`` synthetic events with LPO detail (see synthetic_event), written straight into
    ``root/events`` in the store's file layout: no validation, locks or fsync, so 10,000 events
    take seconds instead of the minutes that real saves would. Only for benches."""
    import json
    import secrets

    from kaizen_tui.model import FORMAT

    events = root / "events"
    events.mkdir(parents=True, exist_ok=True)
    stamp = f"{today.isoformat()}T09:00:00+00:00"
    for n in range(count):
        event = synthetic_event(n, today=today, rng=random.Random(n), lpo=True)
        data = event.model_dump(mode="json", by_alias=True)
        data.update(revision=1, updated_at=stamp, share_token=secrets.token_urlsafe(16))
        doc = {"bundle": {"1": {"format": FORMAT, "event": data}}}
        raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        (events / f"{event.id}.json").write_bytes(raw)


def cached_portfolio(count: int) -> Path:
    """A data folder holding ``count`` events from write_portfolio, made once and kept in the
    temp folder between runs (``BENCH_DATA`` overrides where). Benches that edit it edit one
    event's title only, which no other figure depends on."""
    import os
    import shutil
    import tempfile

    base = Path(os.environ.get("BENCH_DATA") or Path(tempfile.gettempdir()) / "kaizen-bench-data")
    root = base / f"v{DATASET_VERSION}-{count}"
    if not (root / "events").is_dir():
        base.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".building-{count}-", dir=base))
        started = time.perf_counter()
        print(f"writing {count:,} events to {root} …", flush=True)
        write_portfolio(building, count)
        shutil.rmtree(root, ignore_errors=True)
        building.rename(root)
        print(f"  {time.perf_counter() - started:.1f} s", flush=True)
    return root
