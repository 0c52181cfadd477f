"""The planning pages in a real browser (Playwright + Debian chromium), with the network cut off.

``streamlit run app.py`` is started as in test_browser.py, with ``GEO_PLANNER_DATA`` pointing at a
temporary folder (its register is seeded here; the user's register is never touched). The tests reach
every planning page through the navigation bar and check that its tables and maps render (map
polygons drawn offline, legends), type into the targets table editor and save, provoke a conflict with a
second planner's change, and carry the language choice across pages.
Set GEO_PLANNER_SCREENSHOT=1 to copy the allocation page's screenshot to docs/screenshot_planning.png.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

from browser_support import CHROMIUM, FRAME, offline_page, screenshot, streamlit_server  # noqa: E402

HOME_FRAME = 'iframe[title="app_map.geo_planner_map"]'  # the map page's own component (app_map.py)

NAV = '[data-testid="stTopNav"]'

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium package)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is missing")



@pytest.fixture(scope="module")
def register_url(tmp_path_factory) -> str:
    """The register the server will open: a fresh SQLite file with two overlapping RTLH targets."""
    from geo_planner.planning.targets import open_register

    folder = tmp_path_factory.mktemp("planning_data")
    url = f"sqlite:///{folder / 'targets.sqlite'}"
    with open_register(url) as reg:
        for agency, quantity in (("Dinas PUPR", 100), ("Dinas Sosial", 80)):
            reg.add({"unit_code": "64.72", "agency": agency, "intervention": "rtlh_rehab", "year": 2026,
                     "quantity": quantity}, who="ani")
    return url


@pytest.fixture(scope="module")
def server(tmp_path_factory, register_url):
    env = dict(os.environ, GEO_PLANNER_DATA=str(Path(register_url.removeprefix("sqlite:///")).parent),
               GEO_PLANNER_USER="budi")
    env.pop("GEO_PLANNER_DB", None)
    with streamlit_server(tmp_path_factory.mktemp("streamlit_planning"), env) as url:
        yield url


def _go(page, name: str, title: str) -> None:
    """Open a page through the navigation bar and wait for its title."""
    page.locator(f"{NAV} a").filter(has_text=re.compile(f"^\\s*{re.escape(name)}\\s*$")).click()
    page.get_by_role("heading", name=title, exact=True).wait_for(timeout=60_000)


def _map_paths(page, legend: str, n: int):
    """The map's polygons once drawn and coloured (legend present); checks their number."""
    page.wait_for_selector(FRAME, timeout=60_000)
    frame = page.frame_locator(FRAME)
    frame.locator(".gp-legend", has_text=legend).wait_for(timeout=60_000)
    paths = frame.locator("path.leaflet-interactive")
    assert paths.count() == n
    return frame


def test_planning_pages_render_offline_from_the_navigation(server, browser, tmp_path):
    page, blocked = offline_page(browser)
    page.goto(server)
    page.wait_for_selector(HOME_FRAME, timeout=60_000)
    links = page.locator(f"{NAV} a").all_inner_texts()
    assert [x.strip() for x in links] == ["Peta prioritas", "Sektor pemimpin", "Target instansi", "Alokasi anggaran",
                                          "Jarak ke target provinsi"]

    _go(page, "Sektor pemimpin", "Sektor pemimpin")
    frame = _map_paths(page, "Instansi pemimpin", 10)
    assert "Dinas Sosial" in frame.locator(".gp-legend").inner_text()
    page.get_by_text("Instansi pemimpin per wilayah", exact=True).wait_for()
    assert page.locator('[data-testid="stDataFrame"]:visible').count() >= 1  # the editor of the sector table is folded

    _go(page, "Target instansi", "Target instansi")
    page.get_by_text("Basis data: berkas SQLite", exact=False).wait_for()
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.locator('[data-testid="data-grid-canvas"]').wait_for()
    assert grid.locator('[data-testid="glide-cell-2-0"]').inner_text() == "64.72"
    page.get_by_text("2 catatan dalam 1 kelompok", exact=False).wait_for()
    frame = _map_paths(page, "Sisa: Rumah tidak layak huni", 10)
    page.get_by_role("button", name="Simpan").wait_for()
    page.get_by_role("button", name="Unduh Excel (XLSX)").wait_for()

    _go(page, "Alokasi anggaran", "Alokasi anggaran")
    page.get_by_text("4 cara berdampingan", exact=True).wait_for()
    frame = _map_paths(page, "Paket: Optimal (MILP)", 10)
    page.get_by_role("button", name="Unduh Excel (XLSX)").wait_for()
    page.mouse.move(5, 5)
    page.wait_for_timeout(800)
    assert not blocked, blocked
    screenshot(page, tmp_path / "screenshot_planning.png", "screenshot_planning.png", max_height=2600)
    page.set_viewport_size({"width": 1400, "height": 1000})

    _go(page, "Jarak ke target provinsi", "Jarak ke target provinsi")
    page.get_by_text("45.195", exact=True).first.wait_for()
    page.get_by_text("Penajam Paser Utara", exact=False).first.wait_for()
    assert not blocked, blocked
    page.close()


def _edit_quantity(page, value: str) -> None:
    """Type a new quantity into the first row of the targets table (as a planner does) and commit it.

    Typing into the canvas grid is timing-sensitive (the cell editor takes the typed text a moment after
    the keys), so the edit is tried up to three times; the checks after it are strict.
    """
    for attempt in range(3):
        _idle(page)
        grid = page.locator('[data-testid="stDataFrame"]').first
        box = grid.locator('[data-testid="data-grid-canvas"]').bounding_box()
        page.mouse.click(box["x"] + 150, box["y"] + 54)   # first row, unit code column
        for _ in range(5):                                # -> name, agency, intervention, year, quantity
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")                      # opens the cell editor
        page.wait_for_function(
            "() => document.activeElement && document.activeElement.classList.contains('gdg-input')",
            timeout=10_000)
        page.wait_for_timeout(300)
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        page.wait_for_function("v => document.activeElement && document.activeElement.value === v", arg=value,
                               timeout=10_000)
        page.wait_for_timeout(500)  # the grid takes the typed text a moment later; Enter before that drops it
        page.keyboard.press("Enter")
        try:
            page.get_by_text("Ada perubahan yang belum disimpan.", exact=True).wait_for(timeout=10_000)
        except playwright_api.TimeoutError:
            if attempt == 2:
                raise
            continue
        _idle(page)
        return


def _idle(page) -> None:
    """Wait until the script run is over (Streamlit's running indicator is gone)."""
    page.wait_for_timeout(1000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def test_typing_saving_and_a_conflict_in_the_targets_editor(server, browser, register_url):
    from geo_planner.planning.targets import open_register

    with open_register(register_url) as reg:
        first = int(reg.list().at[0, "id"])
    page, blocked = offline_page(browser)
    page.goto(f"{server}/Target_instansi")
    page.get_by_text("Daftar target", exact=True).wait_for(timeout=60_000)
    page.locator('[data-testid="data-grid-canvas"]').first.wait_for()
    _map_paths(page, "Sisa: Rumah tidak layak huni", 10)

    _edit_quantity(page, "777")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Tersimpan oleh budi: 0 ditambah, 1 diubah, 0 dihapus.", exact=True).wait_for(timeout=30_000)
    with open_register(register_url) as reg:
        saved = reg.get(first)
    assert saved.quantity == 777 and saved.updated_by == "budi"

    # a second planner saves the same record after this page loaded it: the save is refused
    _edit_quantity(page, "555")
    with open_register(register_url) as other:
        other.update(first, {"quantity": 300}, expected_version=saved.version, who="ani")
    page.get_by_role("button", name="Simpan").click()
    alert = page.locator('[data-testid="stAlertContentError"]', has_text="Konflik")
    alert.wait_for(timeout=30_000)
    assert f"target {first} diubah oleh ani" in alert.inner_text()  # the app's language
    with open_register(register_url) as reg:
        assert reg.get(first).quantity == 300                        # nothing overwritten
    grid = page.locator('[data-testid="stDataFrame"]').first
    assert grid.locator('[data-testid="glide-cell-7-0"]').inner_text() == "555"   # the edit is still there

    page.get_by_role("button", name="Muat ulang").click()
    page.wait_for_function("() => !document.body.innerText.includes('Konflik')", timeout=30_000)
    grid = page.locator('[data-testid="stDataFrame"]').first
    assert grid.locator('[data-testid="glide-cell-7-0"]').inner_text() == "300"
    assert not blocked, blocked
    page.close()


def test_language_and_level_carry_across_pages(server, browser):
    page, blocked = offline_page(browser)
    page.goto(server)
    page.wait_for_selector(HOME_FRAME, timeout=60_000)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Bahasa / Language").click()
    page.get_by_role("option", name="English").click()
    page.get_by_role("heading", name="Poverty priority map", exact=True).wait_for(timeout=30_000)
    _go(page, "Distance to the provincial target", "Distance to the provincial target")
    page.get_by_text("45,195", exact=True).first.wait_for()
    _go(page, "Lead office", "Lead office")
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Level").click()
    page.get_by_role("option", name="District").click()
    _map_paths_eventually(page, 105)
    _go(page, "Priority map", "Poverty priority map")      # the main page keeps both choices
    _map_paths_eventually(page, 105)
    assert not blocked, blocked
    page.close()


def _map_paths_eventually(page, n: int) -> None:
    page.wait_for_function(
        "n => { const f = document.querySelector('iframe[title=\"streamlit_folium.st_folium\"],"
        " iframe[title=\"app_map.geo_planner_map\"]');"
        " return f && f.contentDocument && f.contentDocument.querySelectorAll('path.leaflet-interactive').length"
        " === n; }", arg=n, timeout=90_000)


def test_a_page_address_opened_first_on_a_fresh_server_has_the_navigation_bar(tmp_path, browser):
    """A colleague's link to a planning page, opened before anyone has loaded the map: the page comes up
    inside the app's navigation bar, not in a sidebar listing files (what a pages/ folder would give)."""
    env = dict(os.environ, GEO_PLANNER_DATA=str(tmp_path / "data"), GEO_PLANNER_USER="budi")
    env.pop("GEO_PLANNER_DB", None)
    with streamlit_server(tmp_path, env) as url:
        page, blocked = offline_page(browser)
        page.goto(f"{url}/Alokasi_anggaran")
        page.get_by_role("heading", name="Alokasi anggaran", exact=True).wait_for(timeout=90_000)
        links = [x.strip() for x in page.locator(f"{NAV} a").all_inner_texts()]
        assert links[0] == "Peta prioritas" and "Alokasi anggaran" in links
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
        assert not blocked
        page.close()
