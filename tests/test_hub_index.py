"""The LPO figures on the hub, on SQLite and PostgreSQL, are the laptop's: compute_portfolio over
an index made from the latest revision of every event (store/sqlindex.memory_index), for an LPO
and for a facilitator, on a hub with new events, edits that add and remove actions, reviews,
people and practices, areas spelt two ways, and names outside ASCII. Asked again from another
hub process (a restart), and after an older hub's database is upgraded, they are still the same.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa

from bench.common import synthetic_event
from kaizen_tui.hub import events
from kaizen_tui.hub.auth import User
from kaizen_tui.hub.db import Database, open_database
from kaizen_tui.hub.figures import HubFigures
from kaizen_tui.logic.people import person_key
from kaizen_tui.logic.portfolio import (
    FilterOptions,
    Portfolio,
    PortfolioFilter,
    PortfolioSettings,
    compute_portfolio,
    filter_options,
)
from kaizen_tui.logic.portfolio_page import PageFigures
from kaizen_tui.model import Action, Bundle, Event, Person, Review, Yokoten

from .conftest import TODAY

LPO = User("Lena Lpo", "lena lpo", "lpo")
SETTINGS = PortfolioSettings()
FILTERS = (
    PortfolioFilter(),
    PortfolioFilter(areas=("area 3",)),  # "Area 3" and "AREA  3" are one area
    PortfolioFilter(sites=("Site 1", "Łódź"), start_from=TODAY - timedelta(days=200)),
    PortfolioFilter(business_units=("BU 2",), start_to=TODAY - timedelta(days=30)),
)
FACILITATOR = "Facilitator 2"
#: Rows of the dashboard's long tables shown: cut inside an owner's overdue actions, between
#: owners, and not cut at all.
SHOWN = (1, 7, 10_000)


def _push(db: Database, event: Event, base: int | None, latest: dict[str, Event]) -> None:
    result = events.push(db, LPO, event.id, base, Bundle(event=event))
    assert result.accepted
    latest[event.id] = Event.model_validate(result.bundle["event"])


def fill_varied(db: Database) -> dict[str, Event]:
    """Pushes and edits of 30 events; their latest revisions."""
    rng = random.Random(18)
    latest: dict[str, Event] = {}
    for n in range(30):
        event = synthetic_event(n, actions=rng.randint(0, 12), today=TODAY, lpo=True)
        if n % 6 == 1:
            event.site, event.area = "Łódź", "AREA  3"
            event.people.append(Person(name="Zofia Wiśniewska", role="facilitator"))
        if n % 7 == 2:
            event.metrics[0].readings.clear()
        _push(db, event, None, latest)
    for n in range(0, 30, 2):  # edits, some twice
        for edit in range(1 + n % 3):
            event = latest[f"KZ-BENCH-{n:04d}"].model_copy(deep=True)
            if event.actions:
                event.actions.pop(rng.randrange(len(event.actions)))  # an action removed
            if event.actions:
                changed = rng.choice(event.actions)
                changed.status = rng.choice(["open", "done", "dropped"])
                changed.done_on = TODAY - timedelta(days=2) if changed.status == "done" else None
                changed.due = TODAY - timedelta(days=rng.randint(-20, 40))
            event.actions.append(
                Action(
                    id=f"A{90 + 3 * n + edit}",
                    what="Added",
                    owner=rng.choice(["", "Ana", "佐藤 健"]),
                    # overdue, due the same day in many events: the order of one owner's actions
                    due=TODAY - timedelta(days=5) if edit == 0 else None,
                )
            )
            if n % 4 == 0 and event.reviews:
                event.reviews.pop()
            if n % 5 == 0:
                event.reviews.append(Review(day=180, due=TODAY - timedelta(days=3)))
                event.yokoten.append(Yokoten(practice="Shadow board", to_area="area 3"))
            if n % 8 == 0:
                event.people = [p for p in event.people if p.role != "facilitator"]
            if n % 10 == 6:
                event.status = "abandoned"
            if n % 3 == 0:
                event.area = "Area 3"
            _push(db, event, event.revision, latest)
    return latest


def expected(
    latest: list[Event], flt: PortfolioFilter, day: date = TODAY
) -> tuple[Portfolio, FilterOptions]:
    from kaizen_tui.store.sqlindex import memory_index

    ask = memory_index(e.model_dump(mode="json", by_alias=True) for e in latest).all
    return compute_portfolio(ask, day, SETTINGS, flt), filter_options(ask)


def facilitators_events(latest: dict[str, Event]) -> list[Event]:
    return [e for e in latest.values() if person_key(FACILITATOR) in events.names_of(e, LPO.name)]


def assert_as_on_a_laptop(
    figures: HubFigures, user: User, day: date, flt: PortfolioFilter, latest: list[Event]
) -> None:
    """The hub's figures are the laptop's, and so is what the dashboard page shows of them
    (computed apart: portfolio_page.py), whether its long tables are cut or not."""
    p, options = expected(latest, flt, day)
    assert figures.portfolio(user, day, flt, SETTINGS) == (p, options)
    for shown in SHOWN:
        assert figures.page(user, day, flt, SETTINGS, shown) == (PageFigures.of(p, shown), options)


def assert_figures_as_on_a_laptop(db: Database, latest: dict[str, Event]) -> None:
    figures = HubFigures(db)
    for flt in FILTERS:
        assert_as_on_a_laptop(figures, LPO, TODAY, flt, list(latest.values()))
    later = TODAY + timedelta(days=45)
    everything = PortfolioFilter()
    assert_as_on_a_laptop(figures, LPO, later, everything, list(latest.values()))
    theirs = facilitators_events(latest)
    assert 0 < len(theirs) < len(latest)
    facilitator = User(FACILITATOR, person_key(FACILITATOR), "facilitator")
    assert_as_on_a_laptop(figures, facilitator, TODAY, everything, theirs)


def test_the_hubs_figures_are_the_laptops_and_stay_so_after_a_restart(
    db: Database, db_url: str
) -> None:
    latest = fill_varied(db)
    assert_figures_as_on_a_laptop(db, latest)
    # another hub process on the database (or this one restarted), then a push it did not make
    other = open_database(db_url)
    try:
        assert_figures_as_on_a_laptop(other, latest)
        event = latest["KZ-BENCH-0005"].model_copy(deep=True)
        event.actions = event.actions[:1]
        event.area = "Paint shop"
        _push(db, event, event.revision, latest)
        assert_figures_as_on_a_laptop(other, latest)
    finally:
        other.close()


def lpo_rows(db: Database) -> dict[str, list[tuple[object, ...]]]:
    from kaizen_tui.hub.schema import lpo_tables

    with db.read() as conn:
        return {
            name: sorted(tuple(row) for row in conn.execute(sa.select(table)))
            for name, table in lpo_tables.items()
        }


def alembic(db_url: str, verb: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    engine = sa.create_engine(db_url)
    try:
        with engine.begin() as conn:
            config = Config()
            config.set_main_option("script_location", "kaizen_tui.hub:migrations")
            config.attributes["connection"] = conn
            getattr(command, verb)(config, revision)
    finally:
        engine.dispose()


def test_an_older_hubs_database_gets_its_rows_from_the_bundles_when_upgraded(db_url: str) -> None:
    db = open_database(db_url)
    try:
        latest = fill_varied(db)
        kept_by_pushes = lpo_rows(db)
    finally:
        db.close()
    assert len(kept_by_pushes["events"]) == len(latest)
    alembic(db_url, "downgrade", "0003")  # as the hub was before the rows were kept
    engine = sa.create_engine(db_url)
    try:
        assert not [n for n in sa.inspect(engine).get_table_names() if n.startswith("lpo_")]
    finally:
        engine.dispose()
    upgraded = open_database(db_url)
    try:
        assert lpo_rows(upgraded) == kept_by_pushes
        assert_figures_as_on_a_laptop(upgraded, latest)
    finally:
        upgraded.close()


def test_rows_made_by_another_version_of_the_rows_are_made_again_at_open(db_url: str) -> None:
    from kaizen_tui.hub.schema import lpo_index, lpo_tables

    db = open_database(db_url)
    try:
        latest = fill_varied(db)
        kept_by_pushes = lpo_rows(db)
        with db.write() as conn:  # as a hub with another logic/rows.py left them
            conn.execute(lpo_index.update().values(schema_version=2))
            conn.execute(lpo_tables["actions"].delete())
    finally:
        db.close()
    again = open_database(db_url)
    try:
        assert lpo_rows(again) == kept_by_pushes
        assert_figures_as_on_a_laptop(again, latest)
    finally:
        again.close()


def test_pushes_that_left_the_rows_behind_are_caught_up_before_figures(db: Database) -> None:
    from kaizen_tui.hub.schema import lpo_index, lpo_tables

    latest = fill_varied(db)
    figures = HubFigures(db)
    assert figures.portfolio(LPO, TODAY, PortfolioFilter(), SETTINGS) == expected(
        list(latest.values()), PortfolioFilter()
    )
    for n in (3, 4):
        event = latest[f"KZ-BENCH-{n:04d}"].model_copy(deep=True)
        event.actions = []
        event.area = "Paint shop"
        _push(db, event, event.revision, latest)
    kept_by_pushes = lpo_rows(db)
    with db.write() as conn:  # as a hub process from before the rows leaves them after 2 pushes
        for table in lpo_tables.values():
            conn.execute(table.delete().where(table.c.event_id.in_(["KZ-BENCH-0003"])))
        conn.execute(lpo_index.update().values(seq=lpo_index.c.seq - 2))
    assert_figures_as_on_a_laptop(db, latest)
    assert lpo_rows(db) == kept_by_pushes


def test_a_push_is_taken_when_the_rows_are_of_a_newer_hubs_shape(db: Database) -> None:
    # a newer hub process rebuilt the rows with another logic/rows.py (a rolling upgrade): this
    # one still takes pushes, and leaves the rows for the newer one to make (a gap in the counter)
    from kaizen_tui.hub import lpoindex
    from kaizen_tui.hub.schema import hub_state, lpo_index
    from kaizen_tui.logic.rows import SCHEMA_VERSION

    latest = fill_varied(db)
    with db.write() as conn:
        conn.execute(lpo_index.update().values(schema_version=SCHEMA_VERSION + 1))
        conn.execute(sa.text("ALTER TABLE lpo_events DROP COLUMN search"))
    event = latest["KZ-BENCH-0007"].model_copy(deep=True)
    event.title = "Pushed during the upgrade"
    _push(db, event, event.revision, latest)
    assert events.get_event(db, LPO, event.id).bundle["event"]["title"] == event.title
    with db.read() as conn:
        assert lpoindex.state(conn)[1]  # behind: left for the newer process
    with db.write() as conn:  # the same shape, another version's rules: still left behind
        conn.execute(sa.text("ALTER TABLE lpo_events ADD COLUMN search TEXT"))
        conn.execute(lpo_index.update().values(seq=sa.select(hub_state.c.seq).scalar_subquery()))
    _push(db, event, event.revision, latest)
    with db.read() as conn:
        assert lpoindex.state(conn)[1]
