"""A real browser for the hub's pages: Debian's ``chromium`` driven by its ``chromedriver``
through Selenium, headless, never a downloaded browser (Selenium Manager is not asked: both
paths are given). One browser serves a whole test session (``conftest.browser`` fixture); each
test resizes it and starts from a clean cookie jar.

Screenshots go to the test's tmp folder and, when the env KAIZEN_ARTEFACTS names a folder, there
too (CI keeps that folder as the run's artefacts).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # selenium is imported when a browser starts, not by every test worker
    from selenium.webdriver.remote.webdriver import WebDriver

CHROMIUM = ("chromium", "chromium-browser")
DRIVER = ("chromedriver", "chromium-driver")
PHONE = (390, 844)
DESKTOP = (1366, 900)


def _which(names: tuple[str, ...], also: tuple[str, ...] = ()) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return next((path for path in also if Path(path).exists()), None)


def find_chromium() -> tuple[str, str] | None:
    """(browser, driver) paths of the system's Chromium, or None when either is missing."""
    browser = _which(CHROMIUM)
    driver = _which(DRIVER, ("/usr/lib/chromium/chromedriver",))
    return (browser, driver) if browser and driver else None


def start_chromium(profile: Path) -> WebDriver:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    found = find_chromium()
    if found is None:
        # not a skip: .ci/run installs them, so CI never runs these tests without a browser
        raise RuntimeError(
            "the browser tests need Debian's chromium and chromium-driver: "
            "apt-get install chromium chromium-driver (.ci/run does it)"
        )
    browser, driver = found
    options = Options()
    options.binary_location = browser
    for flag in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root in a container
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={profile}",
        "--window-size=1366,900",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


def fresh_profile() -> Path:
    return Path(tempfile.mkdtemp(prefix="kaizen-chromium-"))


def set_size(driver: WebDriver, width: int, height: int) -> None:
    """Make the *viewport* (not the window) ``width``×``height`` CSS pixels, as on that phone."""
    driver.set_window_size(width, height)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    driver.set_window_size(width + (width - inner[0]), height + (height - inner[1]))


def screenshot(driver: WebDriver, folder: Path, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG of the page (the whole page, as tall as it is, when ``full_page``) into
    ``folder`` and into $KAIZEN_ARTEFACTS if set; returns the first path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    if full_page:
        _, height = driver.execute_script("return [window.innerWidth, window.innerHeight]")
        total = driver.execute_script("return document.documentElement.scrollHeight")
        outer = driver.get_window_size()
        driver.set_window_size(outer["width"], outer["height"] + max(0, total - height))
        driver.save_screenshot(str(path))
        driver.set_window_size(outer["width"], outer["height"])
    else:
        driver.save_screenshot(str(path))
    artefacts = os.environ.get("KAIZEN_ARTEFACTS")
    if artefacts:
        Path(artefacts).mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, Path(artefacts) / path.name)
    return path


@pytest.fixture(scope="session")
def browser_session() -> Iterator[WebDriver]:
    """One Chromium for the whole test session (per xdist worker), with a fresh profile."""
    profile = fresh_profile()
    driver = start_chromium(profile)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(browser_session: WebDriver) -> Iterator[WebDriver]:
    """The session's browser with no cookies (no test sees another's login) on a blank page."""
    browser_session.execute_cdp_cmd("Network.clearBrowserCookies", {})
    browser_session.get("about:blank")
    yield browser_session
    browser_session.execute_cdp_cmd("Network.clearBrowserCookies", {})
