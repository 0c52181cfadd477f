"""The selection cannot go stale (issue 15): a real browser, the network cut off.

The case reported: a regency ticked in the ranked table, "Telusuri" into Kota Samarinda, then a click on
Palaran on the map showed and outlined another kecamatan (the ticked row index of the regency table,
read again against the kecamatan table), and "Telusuri" drilled into that one. Here the same steps, with
real clicks: the table row, the drill button, the unit on the map.
"""

from __future__ import annotations

import os
import re

import pytest

pytestmark = pytest.mark.browser

from browser_support import CHROMIUM, idle, offline_page, streamlit_server  # noqa: E402

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium package)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is missing")

FRAME = 'iframe[title="app_map.geo_planner_map"]'
ROW_HEIGHT, HEADER = 35, 35  # Streamlit's data grid: pixels per row and of the header row


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("streamlit"), os.environ) as url:
        yield url


def map_ready(page, n: int):
    frame = page.frame_locator(FRAME)
    page.wait_for_function(
        "n => { const f = document.querySelector('iframe[title=\"app_map.geo_planner_map\"]');"
        " const w = f && f.contentWindow; return w && w.gpMap && w.gpMap.codes.length === n"
        " && w.document.querySelectorAll('path.leaflet-interactive').length === n; }", arg=n, timeout=60_000)
    return frame, page.locator(FRAME).element_handle().content_frame()


def click_unit(page, name: str) -> str:
    """Click the unit called ``name`` on the map (a real mouse click at a point inside it); its code."""
    page.locator(FRAME).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    window = page.locator(FRAME).element_handle().content_frame()
    code = window.evaluate("n => gpMap.codeOf(n)", name)
    assert code, f"{name} is not on the map"
    point = window.evaluate("c => gpMap.pointOf(c)", code)
    box = page.locator(FRAME).bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    return code


def outlined(page) -> list[str]:
    """Codes of the units drawn with the selection's outline."""
    window = page.locator(FRAME).element_handle().content_frame()
    return window.evaluate("() => gpMap.codes.filter(c => gpMap.layers[c].options.color === '#1f3b73')")


def tick_row(page, row: int) -> None:
    """Tick row ``row`` (0 = first shown) of the ranked table with the mouse (its check-box column)."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.locator('[data-testid="data-grid-canvas"]').bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + HEADER + ROW_HEIGHT * row + ROW_HEIGHT / 2)


def details_title(page) -> str:
    heading = page.get_by_text(re.compile(r"^Semua angka ")).first
    heading.wait_for(timeout=30_000)
    return heading.inner_text()


def test_a_map_click_after_a_drill_down_selects_the_unit_clicked(server, browser):
    page, blocked = offline_page(browser)
    page.goto(server)
    map_ready(page, 10)
    idle(page)
    # tick Kota Samarinda in the ranked table (7th by the default weights), drill into it
    rows = page.locator('[data-testid="stDataFrame"]').first
    rows.wait_for()
    tick_row(page, 6)
    assert details_title(page) == "Semua angka Kota Samarinda (64.72)"
    page.get_by_role("button", name=re.compile("^Telusuri")).click()
    frame, window = map_ready(page, 10)  # Samarinda has 10 kecamatan
    # ... and the province 10 kab/kota: wait for the drill-down's own units, not the map before it
    page.wait_for_function(
        "() => { const f = document.querySelector('iframe[title=\"app_map.geo_planner_map\"]');"
        " const w = f && f.contentWindow; return w && w.gpMap && w.gpMap.codes.length === 10"
        " && w.gpMap.codes.every(c => c.startsWith('64.72.')); }", timeout=60_000)
    idle(page)
    window = page.locator(FRAME).element_handle().content_frame()
    assert window.evaluate("() => gpMap.codes.every(c => c.startsWith('64.72.'))")
    assert page.get_by_text("Pilih wilayah di peta atau di daftar prioritas").first.is_visible()  # nothing picked
    # the map was zoomed to Samarinda: its kecamatan fill the map
    span = window.evaluate("() => { const b = gpMap.map.getBounds(); return b.getEast() - b.getWest(); }")
    assert span < 1.0, span  # degrees: the province is about 6

    # click Palaran on the map: the details and the outline are Palaran's, not the ticked row's
    code = click_unit(page, "Palaran")
    page.get_by_text(f"Semua angka Palaran ({code})").wait_for(timeout=30_000)
    idle(page)
    assert details_title(page) == f"Semua angka Palaran ({code})"
    assert outlined(page) == [code]
    # and "Telusuri" drills into Palaran
    page.get_by_role("button", name=re.compile("^Telusuri")).click()
    page.wait_for_function(
        "c => { const f = document.querySelector('iframe[title=\"app_map.geo_planner_map\"]');"
        " const w = f && f.contentWindow; return w && w.gpMap && w.gpMap.codes.length > 0"
        " && w.gpMap.codes.every(x => x.startsWith(c + '.')); }", arg=code, timeout=60_000)
    idle(page)
    assert f"within={code}" in page.url
    assert page.get_by_text("Pilih wilayah di peta atau di daftar prioritas").first.is_visible()
    assert not blocked, blocked
    page.close()


def test_a_map_click_wins_over_a_ticked_row(server, browser):
    page, blocked = offline_page(browser)
    page.goto(server)
    frame, window = map_ready(page, 10)
    idle(page)
    tick_row(page, 0)  # Kutai Kartanegara, ranked first
    assert details_title(page) == "Semua angka Kabupaten Kutai Kartanegara (64.02)"
    code = click_unit(page, "Kabupaten Berau")
    page.get_by_text(f"Semua angka Kabupaten Berau ({code})").wait_for(timeout=30_000)
    idle(page)
    assert outlined(page) == [code]
    # the language switch drops the selection and the tick
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Bahasa / Language").click()
    page.get_by_role("option", name="English").click()
    page.get_by_text("Select a unit on the map or in the priority list").first.wait_for(timeout=30_000)
    idle(page)
    assert outlined(page) == []
    assert not blocked, blocked
    page.close()
