"""An owner on a phone, in a real browser (Debian's chromium, headless, 390×844): opens their
personal page from the link the facilitator's laptop got, marks an action done with a note, sees
it saved; the facilitator's laptop has it after `kaizen sync`. The screenshots are kept
(tmp folder, and $KAIZEN_ARTEFACTS when set)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kaizen_tui.hub.db import default_url
from kaizen_tui.model import Action, Bundle, Person

from .browser import PHONE, screenshot, set_size
from .conftest import TODAY, make_event
from .hubkit import add_user, hub_process, run_kaizen

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver


def wait(browser: WebDriver, check: str, seconds: float = 20) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, seconds).until(lambda b: b.execute_script(f"return {check}"))


def test_an_owner_marks_an_action_done_on_a_phone_and_the_laptop_gets_it(
    tmp_path: Path, browser: WebDriver
) -> None:
    from selenium.webdriver.common.by import By

    hub_data = tmp_path / "hub"
    hub_data.mkdir()
    db_url = default_url(hub_data)
    token = add_user(hub_data, db_url, "Anna Lewandowska")
    laptop = tmp_path / "laptop"
    event = make_event(
        id="KZ-PHONE-1",
        title="Die changeover on Press Line 3",
        area="Press Shop",
        people=[Person(name="Anna Lewandowska", role="facilitator", from_line=False)],
        actions=[
            Action(
                id="A3",
                what="Machine parallels so all 11 dies share one shut height",
                owner="Piotr Zieliński",
                due=date(2026, 11, 19),
                pdca=2,
            ),
            Action(
                id="A4",
                what="Quote and fit quick-release hydraulic clamps",
                owner="Piotr Zieliński",
                due=date(2026, 12, 15),
                pdca=1,
            ),
            Action(id="A5", what="Someone else's", owner="Jan Kamiński", due=date(2026, 11, 1)),
        ],
    )
    bundle = tmp_path / "event.json"
    bundle.write_text(json.dumps(Bundle(event=event).to_json_dict()))
    shots = tmp_path / "screenshots"
    with hub_process(hub_data, db_url) as hub:
        for args in (
            ("import", str(bundle)),
            ("hub", "login", hub.url, "--token", token),
            ("sync",),
        ):
            assert run_kaizen(laptop, *args).returncode == 0
        links = json.loads(run_kaizen(laptop, "links", "KZ-PHONE-1", "--json").stdout)
        url = next(i["url"] for i in links if i["owner"] == "Piotr Zieliński")

        set_size(browser, *PHONE)
        browser.get(url)
        wait(browser, "document.readyState === 'complete'")
        assert browser.execute_script("return window.innerWidth") == PHONE[0]
        screenshot(browser, shots, "owner-phone-page")
        # a phone page: nothing wider than the screen, the overdue action first, nobody else's
        assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE[0]
        titles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".card-what")]
        assert titles == [
            "Machine parallels so all 11 dies share one shut height",
            "Quote and fit quick-release hydraulic clamps",
        ]
        first = browser.find_element(By.ID, "a-KZ-PHONE-1-A3")
        assert "Overdue by 6 days" in first.text
        # tap "Done", type a note, tap Save (the buttons are big enough for a thumb)
        done = first.find_element(By.CSS_SELECTOR, "input[name=status][value=done]")
        label = done.find_element(By.XPATH, "..")
        assert label.size["height"] >= 44 and label.size["width"] >= 100
        label.click()
        assert done.is_selected()
        first.find_element(By.NAME, "note").send_keys("Parallels fitted on <night> shift")
        save = first.find_element(By.CSS_SELECTOR, "button[type=submit]")
        assert save.size["height"] >= 44
        save.click()
        wait(browser, "location.search.indexOf('saved=') >= 0")
        screenshot(browser, shots, "owner-phone-saved", full_page=False)
        card = browser.find_element(By.ID, "a-KZ-PHONE-1-A3")
        assert "Saved: A3 is now done." in card.text
        assert "from the floor" in card.text
        assert "Parallels fitted on <night> shift" in card.text  # shown as text, not markup
        assert card.is_displayed()
        assert browser.execute_script(  # the page landed on the card that was saved
            "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < 844",
            card,
        )
        screenshot(browser, shots, "owner-phone-after")

        synced = run_kaizen(laptop, "sync")
        assert synced.returncode == 0, synced.stderr
        assert "Pulled 1: KZ-PHONE-1" in synced.stdout
    exported = json.loads(run_kaizen(laptop, "export", "KZ-PHONE-1").stdout)["event"]
    a3 = next(a for a in exported["actions"] if a["id"] == "A3")
    assert (a3["status"], a3["done_on"], a3["pdca"]) == ("done", TODAY.isoformat(), 2)
    assert a3["updates"][-1] == {
        "date": TODAY.isoformat(),
        "note": "Marked done: Parallels fitted on <night> shift",
        "by": "Piotr Zieliński",
        "from_floor": True,
    }
    listed = run_kaizen(laptop, "list", "--json")
    assert json.loads(listed.stdout)["events"][0]["open_actions"] == 2
    for name in ("owner-phone-page", "owner-phone-saved", "owner-phone-after"):
        assert (shots / f"{name}.png").stat().st_size > 10_000
