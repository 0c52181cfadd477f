"""Real-browser checks with Playwright and Debian chromium, with the network cut off.

Every request that does not go to the local Streamlit server (or is a data:/blob:
URL) is aborted and recorded, so the tests prove the map draws offline.
Set GEO_PLANNER_SCREENSHOT=1 to copy the app screenshots to docs/screenshot.png (regencies) and
docs/screenshot_desa.png (the 1,038 desa: hotspots and pockets of IDM need, kelurahan not assessed) and
docs/screenshot_trend.png (the change in IDM 2023 -> 2024).
"""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.browser

from browser_support import CHROMIUM, offline_page, screenshot, streamlit_server  # noqa: E402

FRAME = 'iframe[title="app_map.geo_planner_map"]'  # the app's own map component (app_map.py)

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium package)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is missing")



@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("streamlit"), os.environ) as url:
        yield url


def test_app_draws_all_regions_offline(server, browser, tmp_path):
    page, blocked = offline_page(browser)
    page.goto(server)
    page.wait_for_selector(FRAME, timeout=60_000)
    frame = page.frame_locator(FRAME)
    paths = frame.locator("path.leaflet-interactive")
    paths.first.wait_for(timeout=30_000)
    assert paths.count() == 10
    frame.locator("#side .gp-legend").wait_for(timeout=10_000)  # beside the map, not over its units
    legend = frame.locator("#side .gp-legend").inner_text()
    assert legend.startswith("Skor prioritas")
    assert frame.locator(".gp-banner").count() == 0      # sourced figures: no SYNTHETIC banner
    # the regencies are named on the map; names that would overlap are left out, the big ones stay
    shown = frame.locator(".gp-label:not(.hidden)").all_inner_texts()
    assert {"Kutai Kartanegara", "Kutai Timur", "Berau", "Mahakam Ulu", "Paser"} <= set(shown), shown
    map_box = frame.locator("#map").bounding_box()
    legend_box = frame.locator("#side").bounding_box()
    assert legend_box["x"] >= map_box["x"] + map_box["width"]  # the legend covers no unit
    # the ranked table is visible beside the map
    page.get_by_text("Daftar prioritas", exact=True).wait_for()
    assert page.locator('[data-testid="stDataFrame"]').first.is_visible()

    # clicking a region selects it: the details panel lists its figures
    paths.nth(0).click(force=True)
    page.get_by_text("Semua angka ").first.wait_for(timeout=20_000)
    frame.locator('path[stroke="#1f3b73"]').wait_for(state="attached", timeout=10_000)  # outline of the unit
    page.mouse.move(5, 5)  # let the tooltip go
    page.wait_for_timeout(800)
    assert not blocked, blocked

    screenshot(page, tmp_path / "screenshot.png", "screenshot.png")
    page.close()


def _map_window(page):
    """The map iframe's document (a new one if the component was mounted again)."""
    return page.locator(FRAME).element_handle().content_frame()


def test_desa_view_draws_1038_villages_and_restyles_in_place(server, browser, tmp_path):
    page, blocked = offline_page(browser)
    page.goto(f"{server}/?level=desa")
    page.wait_for_selector(FRAME, timeout=90_000)
    frame = page.frame_locator(FRAME)
    paths = frame.locator("path.leaflet-interactive")
    paths.first.wait_for(timeout=60_000)
    assert paths.count() == 1038
    frame.locator(".gp-legend").wait_for(timeout=10_000)
    legend = frame.locator(".gp-legend").inner_text()
    assert legend.startswith("Skor prioritas") and "tidak dinilai IDM (kelurahan) (197)" in legend
    assert frame.locator(".gp-label").count() == 0  # 1,038 names would hide the map: none at desa level
    assert frame.locator(".gp-banner").count() == 0      # real village figures (IDM): no SYNTHETIC banner
    page.locator("#kantong-kemiskinan").wait_for()

    # a lean tooltip: name, code, kecamatan and regency, score and rank
    paths.nth(500).hover(force=True)
    tip = frame.locator("#tip")
    tip.wait_for(timeout=10_000)
    text = tip.inner_text()
    assert "Kec. " in text and "Peringkat" in text and "dari 841" in text  # the 841 desa IDM scores
    # a unit at the map's right edge: its tooltip stays inside the map
    east = _map_window(page).evaluate(
        "() => { let best = null, x = -1; for (const c of gpMap.codes) { const p = gpMap.pointOf(c);"
        " if (p.x > x) { x = p.x; best = c; } } return best; }")
    point = _map_window(page).evaluate("c => gpMap.pointOf(c)", east)
    iframe = page.locator(FRAME).bounding_box()
    page.mouse.move(iframe["x"] + point["x"], iframe["y"] + point["y"])
    page.wait_for_timeout(300)
    tip_box, map_box = tip.bounding_box(), frame.locator("#map").bounding_box()
    assert tip.is_visible() and tip_box["x"] >= map_box["x"]
    assert tip_box["x"] + tip_box["width"] <= map_box["x"] + map_box["width"] + 1
    assert tip_box["y"] + tip_box["height"] <= map_box["y"] + map_box["height"] + 1
    page.mouse.move(5, 5)

    # switching to hotspots & pockets restyles the drawn villages: same document, same paths
    _map_window(page).evaluate("() => { window.__gpMarker = 42; }")
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Warna peta menurut").click()
    page.get_by_role("option", name="Hotspot & kantong kemiskinan").click()
    frame.locator(".gp-legend", has_text="Hotspot kebutuhan").wait_for(timeout=30_000)
    assert _map_window(page).evaluate("() => window.__gpMarker") == 42  # the map was not reloaded
    assert paths.count() == 1038
    outlined = _map_window(page).evaluate(
        "() => Object.values(window.gpMap.layers).filter(l => l.options.weight > 1).length")
    assert outlined > 0  # pocket members
    page.wait_for_timeout(500)
    assert not blocked, blocked
    screenshot(page, tmp_path / "screenshot_desa.png", "screenshot_desa.png", max_height=3200)

    # the trend 2023 -> 2024: the same villages restyled, the desa whose status fell outlined
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Warna peta menurut").click()
    page.get_by_role("option", name="Tren IDM 2023→2024").click()
    frame.locator(".gp-legend", has_text="Perubahan IDM 2023→2024").wait_for(timeout=30_000)
    assert _map_window(page).evaluate("() => window.__gpMarker") == 42 and paths.count() == 1038
    page.wait_for_timeout(500)
    assert not blocked, blocked
    screenshot(page, tmp_path / "screenshot_trend.png", "screenshot_trend.png", max_height=1400)
    page.close()


def test_standalone_map_html_works_offline(analysis, browser, tmp_path):
    from geo_planner.outputs.mapping import map_html

    out = tmp_path / "map.html"
    out.write_text(map_html(analysis, lang="en"), encoding="utf-8")
    page, blocked = offline_page(browser, width=900, height=700)
    page.goto(out.as_uri())
    paths = page.locator("path.leaflet-interactive")
    paths.first.wait_for(timeout=20_000)
    assert paths.count() == 10
    paths.nth(0).hover(force=True)
    tip = page.locator(".leaflet-tooltip")
    tip.wait_for(timeout=10_000)
    assert "Rank" in tip.inner_text() and "Priority score" in tip.inner_text()
    assert not blocked, blocked
    page.close()


def test_basemap_switch_adds_openstreetmap_with_attribution(server, browser):
    """Off by default (offline, nothing fetched); switched on, the map asks for OpenStreetMap tiles (cut off
    here, so recorded) and credits OpenStreetMap; switched off again, no more tiles."""
    page, blocked = offline_page(browser)
    page.goto(server)
    page.wait_for_selector(FRAME, timeout=60_000)
    frame = page.frame_locator(FRAME)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    assert frame.locator(".leaflet-tile").count() == 0 and not blocked
    page.get_by_text("Latar peta OpenStreetMap (perlu internet)").click()
    frame.locator(".leaflet-tile").first.wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(500)
    assert blocked and all(u.startswith("https://tile.openstreetmap.org/") for u in blocked), blocked[:3]
    assert "OpenStreetMap" in frame.locator(".leaflet-control-attribution").inner_text()
    page.get_by_text("Latar: © kontributor OpenStreetMap").wait_for(timeout=10_000)
    page.get_by_text("Latar peta OpenStreetMap (perlu internet)").click()
    page.get_by_text("Peta tanpa latar (bekerja tanpa internet).").wait_for(timeout=30_000)
    assert frame.locator(".leaflet-tile").count() == 0
    page.close()
