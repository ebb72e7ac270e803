"""Real browser: the served app in Debian's Chromium via Playwright.

Starts ``streamlit run app.py`` on a free localhost port against a database
built from the real sources, opens every page (Dutch and English), waits
until Streamlit has finished running, asserts the heading, a drawn plotly
chart and no error element, records every request the page makes (only the
app itself may be contacted) and saves a screenshot per page to
``tests/browser/screenshots/``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from charts import first_chart, wait_for_chart

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]
SCREENSHOTS = Path(__file__).parent / "screenshots"
REPO = Path(__file__).resolve().parents[2]
#: The README's run command serves this production entry (the app behind warmte/ui/server.py's guard).
ENTRY = REPO / "warmte" / "ui" / "server.py"

pytestmark = pytest.mark.browser

# (url path, query, expected heading text, needs a plotly chart)
PAGES = [
    ("", "", "Warmtetransitie: Nederland", True),
    ("kaart", "", "Kaart", True),
    ("initiatieven", "", "Warmte-initiatieven: Nederland", True),
    ("gemeenteraad", "", "Gemeenteraad: Nederland", True),
    ("gemeenteprofiel", "regio=GM0363", "Profiel: Amsterdam", True),
    ("data", "", "Data & methode", False),
    ("gemeenteprofiel", "regio=GM0363&lang=en", "Profile: Amsterdam", True),
    ("", "regio=PV27&lang=en", "Heat transition: Noord-Holland", True),
    ("kaart", "niveau=provincie&indicator=on_track&lang=en", "Map", True),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(built_db):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (bash .ci/setup)")
    port = _free_port()
    env = dict(os.environ, WARMTE_DB=str(built_db), WARMTE_FRAME_ANCESTORS="'self' https://example.org")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ENTRY), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not start: " + proc.stdout.read().decode(errors="replace")[-2000:])
    # Streamlit shows a "Page not found" modal on the very first session after a
    # start when it opens on a non-default page (streamlit/streamlit#9992): warm
    # the server up with one request for the main page.
    _warm_up(base)
    yield base
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _warm_up(base: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = b.new_page()
        page.goto(base + "/")
        wait_for_streamlit(page)
        b.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def wait_for_streamlit(page, timeout_ms: int = 30000) -> None:
    """Wait until the app has rendered and no script run is in progress."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            const running = document.querySelector('[data-testid="stStatusWidget"]');
            return app && !running && document.querySelector('h1');
        }""", timeout=timeout_ms)
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)


@pytest.mark.parametrize("path,query,heading,chart", PAGES)
def test_page_in_chromium(server, browser, path, query, heading, chart):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    url = f"{server}/{path}" + (f"?{query}" if query else "")
    page.goto(url)
    wait_for_streamlit(page)
    if chart:
        wait_for_chart(page)
    h1 = page.locator("h1").first.inner_text()
    assert heading in h1
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Page not found").count() == 0
    name = f"{path or 'nederland'}_{query.replace('&', '_').replace('=', '-') or 'default'}.png"
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
    outside = [u for u in requests if not (u.startswith(server) or u.startswith("data:") or u.startswith("blob:"))]
    assert outside == [], f"requests outside the app: {outside[:5]}"
    page.close()


def test_clicking_the_map_opens_that_regions_profile(server, browser, data):
    page = browser.new_page(viewport={"width": 1300, "height": 1100})
    page.goto(f"{server}/kaart")
    wait_for_streamlit(page)
    wait_for_chart(page)
    box = first_chart(page).bounding_box()  # in page coordinates, also for a chart in a component's frame
    # the middle of the country (the Veluwe / Utrecht area) is land in every layout
    page.mouse.click(box["x"] + box["width"] * 0.52, box["y"] + box["height"] * 0.5)
    page.wait_for_url("**/gemeenteprofiel?regio=GM*", timeout=30000)
    wait_for_streamlit(page)
    code = page.url.split("regio=")[1][:6]
    assert page.locator("h1").first.inner_text() == f"Profiel: {data.region_name(code)}"
    page.screenshot(path=str(SCREENSHOTS / "kaart_click_profile.png"))
    page.close()


def test_a_chart_table_is_drawn_when_opened(server, browser):
    """The chart card's table is drawn only while its expander is open (a first visit does not wait for the
    grid's code): closed, there is no grid on the page; opened, the page reruns and shows it."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/?regio=GM0363")
    wait_for_streamlit(page)
    wait_for_chart(page)
    assert page.locator('[data-testid="stDataFrame"]').count() == 0
    grid_code = [u for u in page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
                 if "/static/js/DataFrame." in u]
    assert grid_code == [], "the grid's code was loaded before any table was opened"
    page.get_by_text("Tabel met de cijfers").first.click()
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30000)
    wait_for_streamlit(page)
    assert page.locator('[data-testid="stDataFrame"]').count() == 1
    page.close()


def test_production_entry_guards_the_server(server):
    """Served through warmte/ui/server.py: the frame-ancestors header on every page, no public metrics."""
    with urllib.request.urlopen(server + "/", timeout=10) as r:
        assert r.headers["Content-Security-Policy"] == "frame-ancestors 'self' https://example.org"
    with urllib.request.urlopen(server + "/_stcore/health", timeout=10) as r:
        assert r.status == 200
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(server + "/_stcore/metrics", timeout=10)
    assert err.value.code == 404
