"""A real browser over a real server: ``artindex serve`` on a free loopback port, Debian's
chromium driven by Selenium. Searches in Korean, follows a page link and (when the index
offers facets) a facet, opens an article, and checks what is shown.

Set ARTINDEX_SCREENSHOT=docs/serve-results.png to keep the screenshot of the results page.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the server extra (artindex[server]) is not installed")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.common.by import By  # noqa: E402

from serverdata import build_server_index  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--window-size=1100,1300",
]

pytestmark = pytest.mark.skipif(
    not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``artindex serve`` as a user starts it, on its own port, stopped after the module."""
    index = build_server_index(tmp_path_factory.mktemp("browser") / "index")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "artindex", "serve", "--index", str(index), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    pytest.fail(f"artindex serve did not start: {err[-500:]}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "ko-KR,ko"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def titles(driver: webdriver.Chrome) -> list[str]:
    return [a.text for a in driver.find_elements(By.CSS_SELECTOR, "li.hit h3 a")]


def hit_ids(driver: webdriver.Chrome) -> list[str]:
    links = driver.find_elements(By.CSS_SELECTOR, "li.hit h3 a")
    return [str(a.get_attribute("href")).rsplit("/", 1)[1] for a in links]


def test_search_page_link_facet_and_article_in_a_real_browser(
    server: str, browser: webdriver.Chrome, tmp_path: Path
):
    """In Chromium, a Korean search, its pages, a facet and an article page all work."""
    browser.get(server + "/")
    assert "색인된 기사 25건" in browser.find_element(By.TAG_NAME, "main").text
    box = browser.find_element(By.NAME, "q")
    box.send_keys("박람회 개막")
    box.submit()
    first_page = hit_ids(browser)
    assert len(first_page) == 10 and all("박람회" in t for t in titles(browser))
    assert "q=%EB%B0%95%EB%9E%8C%ED%9A%8C" in browser.current_url  # the URL holds the query
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "p.snippet mark")]
    assert "박람회" in marks
    assert "검색 결과" in browser.find_element(By.CSS_SELECTOR, "p.summary").text
    shot = tmp_path / "serve-results.png"
    browser.save_screenshot(str(shot))
    if os.environ.get("ARTINDEX_SCREENSHOT"):
        shutil.copy(shot, os.environ["ARTINDEX_SCREENSHOT"])

    browser.find_element(By.CSS_SELECTOR, "nav.pages a[href$='page=2']").click()
    assert browser.current_url.endswith("page=2")
    second_page = hit_ids(browser)
    assert second_page and not set(second_page) & set(first_page)
    browser.back()
    assert hit_ids(browser) == first_page  # reloading a shared URL shows the same page

    facets = browser.find_elements(By.CSS_SELECTOR, "ul.facet a")
    if facets:  # only when this artindex version counts facets
        label = facets[0].text
        facets[0].click()
        assert hit_ids(browser) and label in browser.find_element(By.TAG_NAME, "aside").text

    link = browser.find_element(By.CSS_SELECTOR, "li.hit h3 a")
    title = link.text
    link.click()
    assert browser.find_element(By.TAG_NAME, "h1").text == title
    body = browser.find_element(By.TAG_NAME, "article").text
    assert "참가해 신제품을 선보였다" in body
    browser.find_element(By.LINK_TEXT, "English").click()
    assert browser.find_element(By.CSS_SELECTOR, "p.back a").text == "Back to search"


@pytest.mark.parametrize("width", [390, 1280])
def test_layout_on_a_phone_and_a_desktop(
    server: str, browser: webdriver.Chrome, tmp_path: Path, width: int
):
    """At 390 px the first hit starts within the first screen (844 px) and nothing scrolls
    sideways; at 1280 px the chart stands in a column beside the results; both show the trend
    chart, in Korean fonts. Screenshots are saved under the test's tmp dir."""
    browser.set_window_size(width, 844 if width < 1024 else 900)
    browser.get(server + "/?q=%EB%B0%95%EB%9E%8C%ED%9A%8C")  # 박람회
    inner = browser.execute_script("return window.innerWidth")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= inner
    hit = browser.find_element(By.CSS_SELECTOR, "li.hit")
    chart = browser.find_element(By.CSS_SELECTOR, "svg.trend-chart")
    assert chart.size["width"] > 200 and chart.find_elements(By.CSS_SELECTOR, "a.bar rect")
    button = browser.find_element(By.CSS_SELECTOR, "form.search button")
    assert button.size["height"] < 50  # one line: the label does not wrap
    font = browser.execute_script(
        "return document.fonts.check('16px NanumGothic', '박람회') && "
        "getComputedStyle(document.body).fontFamily"
    )
    assert font and "NanumGothic" in font
    shot = tmp_path / f"search-{width}.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
    if width < 1024:
        assert hit.location["y"] < 844
        assert not browser.find_element(By.CSS_SELECTOR, "aside.drawer").is_displayed()
        browser.find_element(By.CSS_SELECTOR, "label.drawer-bar").click()
        assert browser.find_element(By.CSS_SELECTOR, "aside.drawer").is_displayed()
    else:
        assert chart.location["x"] > hit.location["x"] + hit.size["width"] - 5  # beside
        assert chart.location["y"] < hit.location["y"] + 300
