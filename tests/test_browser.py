"""One real browser (Debian's Chromium, driven by Playwright) clicks through the main path of the app."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

from tests.conftest import ROOT, SCENARIOS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts"
BROWSER_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("Debian's chromium is not installed (CI installs it)", allow_module_level=True)


_SERVED: dict[str, Path] = {}


def _served_folder(url: str) -> Path:
    """Return the scenarios folder the test server at url serves."""
    return _SERVED[url]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start the app on a copy of the demo scenarios on a free loopback port; stop it afterwards."""
    folder = tmp_path_factory.mktemp("scenarios")
    shutil.copytree(SCENARIOS, folder, dirs_exist_ok=True)
    port = _free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--", "--scenarios", str(folder),
    ]  # fmt: skip
    log = (folder.parent / "streamlit.log").open("w", encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's planner, whatever is installed
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=environment)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            log.flush()
            raise RuntimeError("the app did not start within 60 s:\n" + (folder.parent / "streamlit.log").read_text())
        _SERVED[url] = folder
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the module's tests; each test opens its own contexts (sessions)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_FLAGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def test_change_budget_in_a_real_browser_and_see_the_new_plan(browser: Browser, server: str) -> None:
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server, wait_until="domcontentloaded")
    metric = page.get_by_test_id("stMetricValue").nth(1)  # conversions
    expect(page.get_by_test_id("stMetricValue").first).to_contain_text("¥", timeout=60_000)
    before = metric.inner_text()
    budget = page.get_by_role("textbox", name="Budget (CNY)", exact=True)
    budget.fill("1500000")
    budget.press("Enter")
    expect(metric).not_to_have_text(before, timeout=30_000)
    after = metric.inner_text()
    assert after != before
    page.screenshot(path=str(ARTIFACTS / "budget-change.png"), full_page=True)


def test_two_sessions_on_one_server_see_each_others_saves(browser: Browser, server: str) -> None:
    """One colleague saves a budget; a session opened afterwards shows it, and Save offers nothing stale."""
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    first = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    first.goto(server, wait_until="domcontentloaded")
    expect(first.get_by_test_id("stMetricValue").first).to_contain_text("¥", timeout=60_000)
    budget = first.get_by_role("textbox", name="Budget (CNY)", exact=True)
    budget.fill("1620000")
    budget.press("Enter")
    _shows(first, "Budget (CNY)", "¥1,620,000")  # read, re-planned and shown by the policy
    _open_tab(first, "Files")
    expect(first.get_by_test_id("stCode").first).to_contain_text("1620000", timeout=30_000)
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.get_by_text("No unsaved changes.")).to_be_visible(timeout=30_000)

    second = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    second.goto(server, wait_until="domcontentloaded")
    expect(second.get_by_role("textbox", name="Budget (CNY)", exact=True)).to_have_value("¥1,620,000", timeout=60_000)
    second.get_by_role("tab", name="Files").click()
    expect(second.get_by_text("No unsaved changes.")).to_be_visible(timeout=30_000)
    second.screenshot(path=str(ARTIFACTS / "second-session.png"), full_page=True)


def _shows(page: Page, label: str, value: str, timeout: float = 30) -> None:
    """Wait until the one box labelled so shows value (a typed amount redraws the box, formatted)."""
    boxes = page.get_by_role("textbox", name=label, exact=True)
    deadline = time.monotonic() + timeout
    from playwright.sync_api import Error

    while time.monotonic() < deadline:
        try:
            if boxes.count() == 1 and boxes.input_value(timeout=1000) == value:
                return
        except Error:  # the old box and the new one are both on the page for a moment
            pass
        page.wait_for_timeout(200)
    raise AssertionError(f"{label} shows {boxes.all_inner_texts()!r}, not {value}")


def _open_tab(page: Page, name: str) -> None:
    from playwright.sync_api import expect

    page.get_by_role("tab", name=name, exact=True).click()
    expect(page.get_by_role("tab", name=name, exact=True)).to_have_attribute("aria-selected", "true", timeout=30_000)
    page.wait_for_timeout(1500)  # a tab click runs the page again (to remember the tab); let that finish


def test_the_app_in_chinese_screen_by_screen(browser: Browser, server: str) -> None:
    """中文 from top to bottom, at 1400 px: plan, edit, compare and a conflict, saved for the closing note.

    Also: no Deploy button, the allocation table fits (no column cut off), and switching language keeps
    the tab the user is on.
    """
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    # 1400 px wide; tall, because the page scrolls inside its main area and a screenshot shows the window.
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    page.goto(server, wait_until="domcontentloaded")
    expect(page.get_by_test_id("stMetricValue").first).to_contain_text("¥", timeout=60_000)
    expect(page.get_by_role("button", name="Deploy")).to_have_count(0)
    page.get_by_role("combobox", name="Scenario").click()
    page.get_by_role("option", name="Tmall baseline Q4 · Tmall flagship (天猫旗舰店)").click()
    expect(page.get_by_role("heading", name="Tmall baseline Q4")).to_be_visible(timeout=30_000)
    page.get_by_text("简体中文").click()
    expect(page.get_by_role("tab", name="方案", exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_text("为什么是这个方案")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("textbox", name="预算（CNY）", exact=True)).to_have_value("¥2,200,000")
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible(timeout=30_000)
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 1400  # the table fits the window
    expect(table.get_by_text("限制", exact=True)).to_have_count(1, timeout=30_000)
    expect(table.get_by_text("合计", exact=True)).to_have_count(1)
    # Every column of the allocation is on screen: the grid has nothing to scroll sideways to.
    hidden = table.locator(".dvn-scroller").first.evaluate("grid => grid.scrollWidth - grid.clientWidth")
    assert hidden <= 1, f"{hidden} px of the allocation table are cut off"
    page.wait_for_timeout(1500)  # charts draw after the data
    page.screenshot(path=str(ARTIFACTS / "app-zh-plan.png"), full_page=True)

    _open_tab(page, "编辑")
    objective = page.get_by_role("combobox", name="目标")
    expect(objective).to_match_aria_snapshot('- combobox "目标": 最大化', timeout=30_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "app-zh-edit.png"), full_page=True)
    page.get_by_text("English").click()  # the tab stays the one the user is on
    expect(page.get_by_role("tab", name="Edit", exact=True)).to_have_attribute("aria-selected", "true", timeout=30_000)
    page.get_by_text("简体中文").click()
    expect(page.get_by_role("tab", name="编辑", exact=True)).to_have_attribute("aria-selected", "true", timeout=30_000)

    _open_tab(page, "对比")
    expect(page.get_by_text("不同的输入").first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("数字为每周数值")).to_be_visible()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "app-zh-compare.png"), full_page=True)

    _open_tab(page, "方案")
    budget = page.get_by_role("textbox", name="预算（CNY）", exact=True)
    budget.fill("1000")
    budget.press("Enter")
    expect(page.get_by_text("没有满足这些规则的方案。")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("修改前最后一个可行的方案（它不满足当前规则）")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^采用此修改：")).first).to_be_visible()
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "app-zh-conflict.png"), full_page=True)


def test_a_store_started_from_an_upload_opens_at_once(
    browser: Browser, server: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from playwright.sync_api import expect

    from tests.conftest import SCENARIOS

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server, wait_until="domcontentloaded")
    expect(page.get_by_role("tab", name="Files")).to_be_visible(timeout=60_000)
    _open_tab(page, "Files")
    page.get_by_text("Start a store from a history CSV").click()
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="History CSV")  # the Import tab has its own
    uploader.locator("input[type=file]").set_input_files(str(SCENARIOS / "us_outdoor" / "history.csv"))
    expect(uploader).to_contain_text("KB", timeout=30_000)
    page.get_by_label("Store").fill("Shopee SG")
    page.get_by_label("Store").press("Enter")
    page.get_by_role("button", name="Create the store").click()
    expect(page.get_by_text("Saved: Shopee_SG/baseline.yaml")).to_be_visible(timeout=60_000)
    picked = page.get_by_role("combobox", name="Scenario")
    expect(picked).to_match_aria_snapshot('- combobox "Scenario": New scenario · Shopee SG', timeout=30_000)


def test_exports_uploaded_in_the_import_tab_become_a_history_file(browser: Browser, server: str) -> None:
    """A GBK 直通车 export goes through the page's uploader, is recognised, and is written where asked."""
    from playwright.sync_api import expect

    from tests.exports_gen import FOLDER

    folder = _served_folder(server)
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(server, wait_until="domcontentloaded")
    expect(page.get_by_role("tab", name="Import")).to_be_visible(timeout=60_000)
    _open_tab(page, "Import")
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Platform exports")
    uploader.locator("input[type=file]").set_input_files(str(FOLDER / "直通车_2026-03.csv"))
    expect(page.get_by_text("Every file was imported (1).")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("What was recognised")).to_be_visible()
    expect(page.get_by_text("How 直通车_2026-03.csv is read")).to_be_visible()
    name = page.get_by_role("textbox", name="File name", exact=True)
    name.fill("直通车三月")
    name.press("Enter")
    expect(page.get_by_text(re.compile(r"直通车三月\.csv will be created\."))).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Write the history", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Wrote .*直通车三月\.csv: "))).to_be_visible(timeout=30_000)
    (written,) = folder.rglob("直通车三月.csv")
    assert written.read_text(encoding="utf-8").startswith("date,channel,spend,conversions,revenue")
    page.screenshot(path=str(ARTIFACTS / "import-tab.png"), full_page=True)
    page.get_by_text("简体中文").click()  # the same step in 中文, on the same tab
    expect(page.get_by_role("tab", name="导入", exact=True)).to_have_attribute("aria-selected", "true", timeout=30_000)
    expect(page.get_by_text("识别结果")).to_be_visible(timeout=30_000)
    page.get_by_text("直通车_2026-03.csv 的读取方式").click()  # open the file's column mapping
    expect(page.get_by_role("combobox", name="花费")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("combobox", name="渠道", exact=True)).to_match_aria_snapshot('- combobox "渠道": （无）')
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "import-tab-zh.png"), full_page=True)


def test_a_change_on_disk_shows_without_a_click(browser: Browser, server: str) -> None:
    """A colleague saves while the page is open with unsaved edits: the page says so by itself, in 中文 too."""
    from playwright.sync_api import expect

    folder = _served_folder(server)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server, wait_until="domcontentloaded")
    expect(page.get_by_role("tab", name="Files")).to_be_visible(timeout=60_000)
    page.get_by_role("combobox", name="Scenario").click()
    page.get_by_role("option", name="Tmall Double 11 push · Tmall flagship (天猫旗舰店)").click()
    expect(page.get_by_role("heading", name="Tmall Double 11 push")).to_be_visible(timeout=30_000)
    page.get_by_text("简体中文").click()
    budget = page.get_by_role("textbox", name="预算（CNY）", exact=True)
    budget.fill("1650000")
    budget.press("Enter")
    _shows(page, "预算（CNY）", "¥1,650,000")
    _open_tab(page, "文件")
    expect(page.get_by_role("button", name="保存", exact=True)).to_be_visible(timeout=30_000)
    path = folder / "tmall_flagship" / "event_push.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: ", "name: 复盘 ", 1), encoding="utf-8")
    expect(page.get_by_text("文件在你打开后已在磁盘上被修改").first).to_be_visible(timeout=15_000)
    expect(page.get_by_role("button", name="保存", exact=True)).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "changed-on-disk-zh.png"), full_page=True)


def _offline_page(browser: Browser, blocked: list[str]) -> Page:
    """Return a page with the network cut: only file: and data: URLs load; every other request is recorded."""
    context = browser.new_context(viewport={"width": 1100, "height": 1000}, offline=True)

    def refuse_the_network(route: Route) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", refuse_the_network)
    return context.new_page()


def test_the_chinese_plan_report_and_a_chart_open_offline(browser: Browser, tmp_path: Path) -> None:
    """`planner report --lang zh` and `planner frontier --chart`: both pages show their charts with no network."""
    from playwright.sync_api import expect

    from planner.cli import main

    ARTIFACTS.mkdir(exist_ok=True)
    scenario = SCENARIOS / "tmall_flagship" / "baseline.yaml"
    report, chart = tmp_path / "plan.html", tmp_path / "frontier.html"
    assert main(["report", str(scenario), "-o", str(report), "--lang", "zh"]) == 0
    assert main(["frontier", str(scenario), "--points", "21", "--chart", str(chart)]) == 0
    blocked: list[str] = []

    page = _offline_page(browser, blocked)
    page.goto(chart.as_uri())
    expect(page.locator("svg.marks").first).to_be_visible(timeout=30_000)  # vega drew it from the inline libraries
    expect(page.locator("svg.marks text", has_text="Today's budget ¥2,200,000")).to_have_count(1)

    page = _offline_page(browser, blocked)
    page.goto(report.as_uri())
    expect(page.get_by_role("heading", name="推广预算方案：Tmall baseline Q4")).to_be_visible()
    table = page.locator("table.allocation")
    expect(table.locator("tbody tr")).to_have_count(5)
    expect(table.locator("tbody tr").first).to_contain_text("直通车")
    expect(table.locator("tfoot")).to_contain_text("合计")
    expect(table.locator("tfoot")).to_contain_text("¥2,200,000")
    charts = page.locator("figure.chart svg")
    expect(charts).to_have_count(7)
    for index in range(7):
        box = charts.nth(index).bounding_box()
        assert box is not None
        assert box["width"] > 200
        assert box["height"] > 150
    expect(page.locator("#frontier svg text", has_text="当前预算 ¥2,200,000")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "report-zh.png"), full_page=True)
    assert blocked == []


def test_a_calendar_plan_renders_its_chart_and_table_without_sideways_scroll(browser: Browser, server: str) -> None:
    """The Tmall Q4 calendar demo at 1400 px: the calendar chart and the spend per channel and period, on screen."""
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    assert (_served_folder(server) / "tmall_flagship" / "q4_calendar.yaml").exists()
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    page.goto(server, wait_until="domcontentloaded")
    expect(page.get_by_test_id("stMetricValue").first).to_contain_text("¥", timeout=60_000)
    page.get_by_role("combobox", name="Scenario").click()
    page.get_by_role("option", name="Tmall Q4 calendar · Tmall flagship (天猫旗舰店)").click()
    expect(page.get_by_role("heading", name="Plan by period")).to_be_visible(timeout=60_000)
    table = page.get_by_test_id("stDataFrame").filter(has_text="first wave").first
    table.scroll_into_view_if_needed()
    expect(table.get_by_text("December", exact=True)).to_have_count(1, timeout=30_000)  # the last period
    expect(table.get_by_text("TOTAL", exact=True)).to_have_count(2)  # the total row and the total column
    box = table.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 1400
    hidden = table.locator(".dvn-scroller").first.evaluate("grid => grid.scrollWidth - grid.clientWidth")
    assert hidden <= 1, f"{hidden} px of the spend by period are cut off"
    chart = page.get_by_test_id("stVegaLiteChart").first  # the calendar chart comes first, above the table
    expect(chart).to_be_visible(timeout=30_000)
    chart_box = chart.bounding_box()
    assert chart_box is not None
    assert chart_box["x"] + chart_box["width"] <= 1400
    assert chart_box["height"] > 150
    sideways = page.get_by_test_id("stMain").evaluate("area => area.scrollWidth - area.clientWidth")
    assert sideways <= 1, f"the page scrolls {sideways} px sideways"
    page.wait_for_timeout(1500)  # charts draw after the data
    page.screenshot(path=str(ARTIFACTS / "app-calendar-plan.png"), full_page=True)
