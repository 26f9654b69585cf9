"""The observation console in a real browser (Debian's chromium, driven by selenium through
Debian's chromedriver: nothing downloads a browser), against the session stack: the groups grid
shows the live instances; when one is stopped its partitions change owner on the page and the
rebalance view reports the drift; a dead letter opened in the page is replayed with its button and
its status changes. Screenshots go to .run/system-tests/artifacts/."""

import os
import re
import uuid

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from conftest import RUN_BASE
from consumer_helpers import GROUP, post_accepted, produce_raw, wait_rows
from dlt_helpers import monitor_url, statuses, wait_letters
from producer_helpers import event
from tracker_cli import wait_for

PARTITIONS = 6
ARTIFACTS = RUN_BASE / "artifacts"
SECOND = f"consumer-{GROUP}-2"


@pytest.fixture(scope="module")
def browser():
    os.environ["SE_OFFLINE"] = "true"  # selenium must not fetch a driver or a browser
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,800"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


# Read in one script: the page redraws every second, so elements found one call earlier go stale.
GRID_SCRIPT = """
const rows = {};
for (const group of document.querySelectorAll('#groups .group')) {
  if (group.querySelector('.group-head .name')?.textContent !== arguments[0]) continue;
  for (const row of group.querySelectorAll('table.grid tbody tr')) {
    const label = row.querySelector('.member-name');
    if (label) rows[label.textContent] = row.querySelectorAll('td.cell.owned').length;
  }
}
return rows;
"""


def group_rows(driver):
    """{member label: owned partition count} of the default group's grid, as the page shows it."""
    return driver.execute_script(GRID_SCRIPT, GROUP)


def test_the_grid_follows_an_instance_that_stops(infra, browser):
    infra.run("up", "--consumers", "2")
    infra.refresh_status()
    second = infra.services[SECOND]["url"].removeprefix("http://")
    try:
        browser.get(f"{monitor_url(infra)}/console#groups")
        def shared():
            rows = group_rows(browser)
            return len(rows) == 2 and all(rows.values()) and sum(rows.values()) == PARTITIONS
        wait_for(shared, 60, "the grid to show two instances sharing the partitions")
        assert any(second in label for label in group_rows(browser))
        browser.save_screenshot(str(ARTIFACTS / "console-groups-two-instances.png"))
        infra.run("stop", SECOND)
        wait_for(lambda: list(group_rows(browser).values()) == [PARTITIONS], 90,
                 "the grid to show one instance owning every partition")
        assert not any(second in label for label in group_rows(browser))
        browser.find_element(By.CSS_SELECTOR, "button[data-view=rebalances]").click()
        wait_for(lambda: "partition drift" in browser.execute_script(
            "return document.getElementById('drifts').textContent"), 30,
            "the drift of the stopped instance's partitions to be listed")
        browser.save_screenshot(str(ARTIFACTS / "console-rebalances.png"))
    finally:
        infra.run("stop", SECOND, check=False)


END_TO_END_SCRIPT = """
for (const card of document.querySelectorAll('#pipeline .card')) {
  if (card.querySelector('strong')?.textContent === arguments[0]) return card.querySelector('.e2e')?.textContent ?? null;
}
return null;
"""


def test_the_pipeline_shows_the_end_to_end_time_of_a_group(infra, browser):
    browser.get(f"{monitor_url(infra)}/console#pipeline")
    accepted = post_accepted(infra, [event(f"e2e-page-{n}", "click") for n in range(20)])
    wait_rows(infra, accepted.keys())
    shown = []

    def a_time():
        text = browser.execute_script(END_TO_END_SCRIPT, GROUP) or ""
        shown.append(text)
        found = re.search(r"end-to-end\s*[\d,]+\s*ms", text)
        if not found:  # the card shows "idle" 5 s after the last batch: keep a trickle going
            post_accepted(infra, [event(f"e2e-page-{uuid.uuid4()}", "click")])
        return found
    wait_for(a_time, 30, f"the {GROUP} card to show an end-to-end time (saw {shown[-3:]})")
    browser.save_screenshot(str(ARTIFACTS / "console-pipeline.png"))


def test_a_dead_letter_is_replayed_from_the_page(infra, browser):
    offset = produce_raw(infra, 0, None, b"console-poison-" + uuid.uuid4().bytes)
    row = wait_letters(infra, [(0, offset)])[(0, offset)]
    browser.get(f"{monitor_url(infra)}/console#dead-letters")
    selector = f'#dl-rows tr[data-id="{row["id"]}"]'

    def listed():
        if not browser.execute_script("return !!document.querySelector(arguments[0])", selector):
            browser.execute_script(
                "document.querySelector('#dl-filters button[type=submit]').click()")
        return browser.execute_script("return !!document.querySelector(arguments[0])", selector)
    wait_for(listed, 30, "the dead letter in the page's table")
    # A real click on the row, then on the pane's Replay button (found afresh: the pane redraws).
    click = "const e = document.querySelector(arguments[0]); if (e) e.click(); return !!e;"
    wait_for(lambda: browser.execute_script(click, selector), 30, "the row to be clickable")
    replay = "#dl-detail button[data-act=replay]:not([disabled])"
    wait_for(lambda: browser.execute_script(click, replay), 30, "the detail pane's Replay button")
    wait_for(lambda: browser.execute_script(
        "return !!document.querySelector('#dl-detail .status-replayed')"), 60,
        "the page to show the dead letter replayed")
    assert statuses(infra, [row["id"]]) == {row["id"]: "replayed"}
    browser.save_screenshot(str(ARTIFACTS / "console-dead-letter-replayed.png"))
