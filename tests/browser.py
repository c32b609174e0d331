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
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
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
    found = find_chromium()
    if found is None:
        raise RuntimeError("chromium and chromium-driver are not installed (apt-get install …)")
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
