"""The LPO in a real browser (Debian's chromium, headless, 1366×900): opens the dashboard, is sent
to the login, logs in with a hub token, filters to one site, and reads the same figures as
`kaizen report --json --site` on a laptop that synced the hub. The screenshots are kept (tmp
folder, and $KAIZEN_ARTEFACTS when set)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from kaizen_tui.hub.db import default_url

from .browser import DESKTOP, PHONE, screenshot, set_size
from .hubkit import HubClient, add_user, hub_process
from .test_browser_owner import wait
from .test_hub_dashboard import LPO, Hub, laptop_report, portfolio_events

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver


def test_the_lpo_logs_in_filters_to_a_site_and_reads_the_reports_figures(
    tmp_path: Path, browser: WebDriver
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    data = tmp_path / "hub"
    data.mkdir()
    db_url = default_url(data)
    token = add_user(data, db_url, LPO, "lpo")
    with hub_process(data, db_url) as process:
        client = HubClient(process.url, token)
        for bundle in portfolio_events():
            assert client.put(bundle["event"]["id"], None, bundle).status_code == 200
        client.close()
        hub = Hub(process.url, db_url, data, {LPO: token})
        expected = json.loads(laptop_report(hub, tmp_path, LPO, "--site", "Site 1"))

        set_size(browser, *DESKTOP)
        browser.get(f"{process.url}/lpo/")
        wait(browser, "location.pathname === '/login'")
        screenshot(browser, tmp_path, "lpo-login")
        browser.find_element(By.NAME, "token").send_keys(token)
        browser.find_element(By.CSS_SELECTOR, "form.login button").click()
        wait(browser, "location.pathname === '/lpo/' && !!document.getElementById('fig-events')")
        everything = int(browser.find_element(By.ID, "fig-events").text)
        assert everything == 24

        Select(browser.find_element(By.NAME, "site")).select_by_visible_text("Site 1")
        browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
        wait(browser, "location.search.includes('site=Site+1')")

        def figure(name: str) -> str:
            return str(browser.find_element(By.ID, f"fig-{name}").text)

        assert int(figure("events")) == expected["events"]["total"] < everything
        assert int(figure("open")) == expected["actions"]["open"]
        assert int(figure("overdue")) == expected["actions"]["overdue"]
        rate = expected["sustainment"]["rate_pct"]
        assert figure("sustained") == ("–" if rate is None else f"{rate}%")
        owners = browser.find_elements(By.CSS_SELECTOR, "#t-owners tbody tr")
        assert [row.find_elements(By.TAG_NAME, "td")[0].text for row in owners] == [
            o["owner"] for o in expected["actions"]["overdue_by_owner"]
        ]
        charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
        assert len(charts) == 3 and all(c.size["width"] > 300 for c in charts)
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= DESKTOP[0]
        shot = screenshot(browser, tmp_path, "lpo-dashboard-site")

        browser.find_element(By.LINK_TEXT, "Printable view").click()
        wait(browser, "location.pathname === '/lpo/print'")
        assert "site Site 1" in browser.find_element(By.TAG_NAME, "header").text
        assert not browser.find_elements(By.CSS_SELECTOR, "form.filters")
        screenshot(browser, tmp_path, "lpo-dashboard-print")
        assert shot.stat().st_size > 10_000

        # a leader on a phone: the page fits its width; wide tables scroll inside their section
        set_size(browser, *PHONE)
        browser.get(f"{process.url}/lpo/?site=Site+1")
        wait(browser, "!!document.getElementById('fig-events')")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE[0]
        screenshot(browser, tmp_path, "lpo-dashboard-phone")
