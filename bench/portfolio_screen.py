"""`python -m bench portfolio_screen`: the LPO portfolio screen on 1,000 events, against the work it
cannot avoid, measured in the same run (headless app, 120×36).

* **open**: `p` on the home screen until the figures are painted, against the floor: reading
  the index and computing every figure (`Store.db()` + `compute_portfolio()`),
  then pushing and painting a plain screen (Header, Static, Footer) that shows the four answers.
  Bar ≤ 3×: the rest is building the screen (its first tab: the others are built when first
  shown).
* **filter change**: choosing a site until its figures are painted, against computing that
  site's figures on the summaries already read and painting the four answers for them.
  Bar ≤ 2×: table rows are built when scrolled to, so a change costs little more than that.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import build_portfolio, report

EVENTS = 1_000
ROUNDS = 5
OPEN_BAR = 3.0
FILTER_BAR = 2.0
# The figures are computed in a thread worker: a loop waking every 0.5 ms took the GIL from it
# each time (filter 2.4-2.8x the floor; 1.7x at 5 ms), a cost no person's app has.
POLL = 0.005


async def _measure(
    root: Path, today: date
) -> tuple[list[float], list[float], list[float], list[float]]:
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Static

    from kaizen_tui.app import make_app
    from kaizen_tui.logic.portfolio import compute_portfolio
    from kaizen_tui.logic.portfolio_view import FilterChoice
    from kaizen_tui.report.text import headlines
    from kaizen_tui.screens.portfolio.screen import PortfolioScreen
    from kaizen_tui.store import Store
    from kaizen_tui.widgets.picker import Picker

    class Plain(Screen[None]):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

        def compose(self):  # type: ignore[no-untyped-def]
            yield Header()
            yield Static(self.text)
            yield Footer()

    store = Store(root)
    floors, opens, filter_floors, filters = [], [], [], []
    app = make_app(root, today=today)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for round_ in range(ROUNDS):
            # floor and screen in alternation, so a neighbour's burst slows both
            started = time.perf_counter()
            figures = compute_portfolio(store.db(), today)
            await app.push_screen(Plain("\n".join(a for _, a in headlines(figures))))
            await pilot.pause()
            floors.append(time.perf_counter() - started)
            app.pop_screen()
            await pilot.pause()

            started = time.perf_counter()
            await pilot.press("p")
            while not isinstance(app.screen, PortfolioScreen) or app.screen.portfolio is None:
                await asyncio.sleep(POLL)
            await pilot.pause()  # painted
            opens.append(time.perf_counter() - started)

            screen = app.screen
            site = f"Site {round_ % 5}"
            flt = FilterChoice(site=site).to_filter()
            answers = screen.query_one("#answers", Static)
            started = time.perf_counter()
            figures = compute_portfolio(store.db(sync=False), today, screen.settings, flt)
            answers.update("\n".join(a for _, a in headlines(figures)))
            await pilot.pause()
            filter_floors.append(time.perf_counter() - started)

            started = time.perf_counter()
            screen.query_one("#pf-site", Picker).value = site
            # the figures are computed in a worker: wait for the site's to be shown
            while screen.portfolio is None or screen.portfolio.filter.sites != (site,):
                await asyncio.sleep(POLL)
            await pilot.pause()
            filters.append(time.perf_counter() - started)

            screen.query_one("#pf-tabs Tabs").focus()
            await pilot.press("escape")  # home again
            await pilot.pause()
    return floors, opens, filter_floors, filters


def run() -> bool:
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="kaizen-bench-portfolio-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        build_portfolio(root, EVENTS, lpo=True)
        print(f"built {EVENTS} events in {time.perf_counter() - started:.1f} s")
        floors, opens, filter_floors, filters = asyncio.run(_measure(root, today))
    floor = min(floors)
    report("floor: list_summaries + compute + a plain screen painted", floor)
    ok = report("open the portfolio screen (p → figures painted)", min(opens), floor, OPEN_BAR)
    filter_floor = min(filter_floors)
    report("floor: compute for one site + its answers painted", filter_floor)
    ok = (
        report(
            "choose a site on the screen (→ figures painted)",
            min(filters),
            filter_floor,
            FILTER_BAR,
        )
        and ok
    )
    return ok
