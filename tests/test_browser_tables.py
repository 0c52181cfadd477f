"""Wide tables and the targets editor in a real browser at 1400 px (Playwright + Debian chromium, offline).

What a planner sees: the ranked table's indicator columns are reached by scrolling the table sideways while
the unit's name and code stay pinned at the left; the targets editor has room for several rows when the
register is empty, and a unit is chosen by typing part of its name or code, its name shown as it is typed
("64.72 — Kota Samarinda") before anything is saved; the allocation page says when its methods tie and the
target page shows whole people. Both languages. Screenshots go to ``GEO_PLANNER_SHOTS`` (default: the test's
tmp folder).

The grid is drawn on a canvas; glide-data-grid mirrors the cells in view into an accessible table
(``[role=columnheader]``, ``glide-cell-<col>-<row>``), which is what is read here: a column is "in view" when
its header is in that table.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

from browser_support import CHROMIUM, FRAME, HOME_FRAME, idle, offline_page, screenshot, streamlit_server  # noqa: E402

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium package)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is missing")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("tables_data")        # an empty targets register
    env = dict(os.environ, GEO_PLANNER_DATA=str(data), GEO_PLANNER_USER="budi")
    env.pop("GEO_PLANNER_DB", None)
    with streamlit_server(tmp_path_factory.mktemp("streamlit_tables"), env) as url:
        yield url, data


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("GEO_PLANNER_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _english(page) -> None:
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Bahasa / Language").click()
    page.get_by_role("option", name="English").click()
    idle(page)


def _headers(grid) -> list[str]:
    return [(h or "").strip() for h in grid.locator('[role="columnheader"]').all_text_contents()]


def _scroll_right(page, grid) -> None:
    box = grid.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] / 2)
    page.mouse.wheel(3000, 0)
    page.wait_for_timeout(1000)


@pytest.mark.parametrize(("lang", "name", "code", "last"), [
    ("id", "Nama wilayah", "Kode", "Indikator dipakai"),
    ("en", "Name", "Code", "Indicators used"),
])
def test_ranked_table_scrolls_to_its_indicators_with_name_and_code_pinned(server, browser, shots, lang, name, code,
                                                                        last):
    url, _ = server
    page, blocked = offline_page(browser, width=1400, height=1000)
    page.goto(url)
    page.wait_for_selector(HOME_FRAME, timeout=90_000)
    idle(page)
    if lang == "en":
        _english(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    before = _headers(grid)
    assert before[:2] == [name, code], before
    assert last not in before                      # the table is wider than its place at 1400 px ...
    page.screenshot(path=str(shots / f"ranked_{lang}_before.png"))
    _scroll_right(page, grid)
    after = _headers(grid)
    assert after[:2] == [name, code], after        # ... the name and code stay, pinned
    assert last in after and after != before       # ... and the last indicator columns come into view
    assert grid.locator('[data-testid="glide-cell-1-0"]').inner_text().startswith(("Kabupaten", "Kota"))
    page.screenshot(path=str(shots / f"ranked_{lang}_scrolled.png"))
    assert not blocked, blocked
    page.close()


@pytest.mark.parametrize(("lang", "column"), [("id", "Wilayah (kode — nama)"), ("en", "Unit (code — name)")])
def test_targets_editor_has_room_and_names_the_unit_as_it_is_typed(server, browser, shots, lang, column):
    url, _ = server
    page, blocked = offline_page(browser, width=1400, height=1000)
    page.goto(f"{url}/Target_instansi")
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=90_000)
    idle(page)
    if lang == "en":
        _english(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    assert column in _headers(grid)
    assert grid.bounding_box()["height"] >= 38 + 35 * 7       # several rows' room in an empty register
    canvas = grid.locator('[data-testid="data-grid-canvas"]').bounding_box()
    page.mouse.click(canvas["x"] + 150, canvas["y"] + 54)     # the "add a row" line: a new row, its unit open
    page.wait_for_function("() => document.activeElement && document.activeElement.id.startsWith('react-select')",
                           timeout=10_000)
    page.keyboard.type("Samarinda", delay=40)
    option = page.get_by_text("64.72 — Kota Samarinda", exact=True)
    option.wait_for(timeout=10_000)                           # the name shows while typing
    page.screenshot(path=str(shots / f"editor_{lang}_typing.png"))
    option.click()
    page.wait_for_function("() => !document.activeElement || !document.activeElement.id.startsWith('react-select')",
                           timeout=10_000)
    page.wait_for_timeout(800)
    assert grid.locator('[data-testid="glide-cell-2-0"]').inner_text() == "64.72"   # the code is what is kept
    assert grid.bounding_box()["height"] >= 38 + 35 * 7                             # the new row is in view
    page.screenshot(path=str(shots / f"editor_{lang}_chosen.png"))
    # a code typed finds the unit too, with its name
    page.mouse.click(canvas["x"] + 150, canvas["y"] + 54 + 35)
    page.wait_for_function("() => document.activeElement && document.activeElement.id.startsWith('react-select')",
                           timeout=10_000)
    page.keyboard.type("64.02", delay=40)
    page.get_by_text("64.02 — Kabupaten Kutai Kartanegara", exact=True).wait_for(timeout=10_000)
    page.keyboard.press("Escape")
    assert not blocked, blocked
    page.close()


@pytest.mark.parametrize(("lang", "tie", "ways", "must"), [
    ("id", "menjangkau jumlah yang sama, 1.000 penduduk miskin", "4 cara berdampingan", "45.195"),
    ("en", "reach the same 1,000 poor people", "The 4 ways side by side", "45,195"),
])
def test_allocation_and_target_pages_say_what_they_mean(server, browser, shots, lang, tie, ways, must):
    url, _ = server
    page, blocked = offline_page(browser, width=1400, height=1000)
    page.goto(f"{url}/Alokasi_anggaran")
    page.get_by_text(re.compile(r"^(Alokasi anggaran|Budget allocation)$")).first.wait_for(timeout=90_000)
    idle(page)
    if lang == "en":
        _english(page)
    page.get_by_text(ways, exact=True).wait_for(timeout=60_000)
    page.get_by_text(tie, exact=False).first.wait_for(timeout=60_000)
    totals = page.locator('[data-testid="stDataFrame"]').first
    totals.scroll_into_view_if_needed()
    totals.locator('[role="columnheader"]').first.wait_for(state="attached", timeout=30_000)
    assert _headers(totals)[0] in ("Metode", "Method")
    page.mouse.move(5, 5)
    page.wait_for_timeout(800)
    screenshot(page, shots / f"allocation_{lang}.png", f"screenshot_allocation_{lang}.png", max_height=3200)
    page.set_viewport_size({"width": 1400, "height": 1000})

    nav = "Jarak ke target provinsi" if lang == "id" else "Distance to the provincial target"
    page.locator('[data-testid="stTopNav"] a').filter(has_text=re.compile(f"^\\s*{nav}\\s*$")).click()
    page.get_by_text(must, exact=True).first.wait_for(timeout=90_000)
    idle(page)
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "-2.458" not in body and "-2,458" not in body         # the difference is said in words
    screenshot(page, shots / f"target_{lang}.png", f"screenshot_target_{lang}.png", max_height=2600)
    assert not blocked, blocked
    page.close()


def test_lead_office_table_scrolls_with_name_and_code_pinned(server, browser, shots):
    url, _ = server
    page, blocked = offline_page(browser, width=1400, height=1000)
    page.goto(f"{url}/Sektor_pemimpin")
    page.wait_for_selector(FRAME, timeout=90_000)
    idle(page)
    grid = page.locator('[data-testid="stDataFrame"]:visible').first   # the sector table's editor is folded
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    before = _headers(grid)
    assert before[:2] == ["Nama wilayah", "Kode"] and "Porsi tanpa sektor" not in before, before
    _scroll_right(page, grid)
    after = _headers(grid)
    assert after[:2] == ["Nama wilayah", "Kode"] and "Porsi tanpa sektor" in after, after
    page.screenshot(path=str(shots / "lead_id_scrolled.png"))
    assert not blocked, blocked
    page.close()
