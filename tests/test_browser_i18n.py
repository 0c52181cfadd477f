"""One language at a time, in a real browser (Playwright + Debian chromium, the network cut off).

The language is switched on every page (the priority map and the four planning pages, each seen in both
languages: reached in one, switched to the other with that page's own selector). Each time the page's text
(visible text, the choices shown in its inputs, its tables' cells, the map's legend) must hold no word of
the other language from the lists below, and no "None" or "nan"; the tables' numbers (drawn on a canvas
in the browser's number locale, set by the page) are written the language's way (Indonesian 1.234,5, English 1,234.5).
Screenshots of each page in each language go to /tmp/shots_i18n/ (or $GEO_PLANNER_SHOTS).

The word lists are the contract: words that only one language uses, and that no place or office name of
the data contains (office names such as "Dinas Pekerjaan Umum dan Penataan Ruang" are Indonesian in both
languages, so "dan" is not a word of the Indonesian list).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

from browser_support import CHROMIUM, FRAME, HOME_FRAME, offline_page, streamlit_server  # noqa: E402

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium package)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="the playwright Python package is missing")

NAV = '[data-testid="stTopNav"]'
SHOTS = Path(os.environ.get("GEO_PLANNER_SHOTS", "/tmp/shots_i18n"))

# words of one language that must not be seen in the other (whole words, case-sensitive)
ENGLISH = ("the", "of", "and", "with", "Upload", "Browse", "Drag", "units", "Download", "Rank", "Priority",
           "Sources", "Weight", "rows", "file", "projection", "assumed", "roll-up")
INDONESIAN = ("yang", "wilayah", "Unggah", "Unduh", "Tidak", "untuk", "dengan", "Pilih", "berkas", "Peringkat",
              "Bobot", "Sumber", "sintetis", "proyeksi", "pertengahan", "baris", "Rincian", "semua", "tahun",
              "indeks", "jiwa")  # the last two: units of the shipped figures
MISSING = ("None", "nan", "NaN")

PAGES = {  # page -> its title per language
    "home": ("Peta prioritas penanggulangan kemiskinan", "Poverty priority map"),
    "lead": ("Sektor pemimpin", "Lead office"),
    "targets": ("Target instansi", "Agencies' targets"),
    "budget": ("Alokasi anggaran", "Budget allocation"),
    "goal": ("Jarak ke target provinsi", "Distance to the provincial target"),
}
NAV_NAME = {"home": ("Peta prioritas", "Priority map"), **{k: v for k, v in PAGES.items() if k != "home"}}

# the text a reader sees: visible text without icon ligatures, the choices shown in inputs, the tables' cells
# (the grid draws them on a canvas and keeps them in an accessible table), the maps' legends
PAGE_TEXT = """() => {
  const skip = el => el.closest('[aria-hidden="true"], [data-testid="stIconMaterial"], script, style');
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!el || skip(el)) continue;
    const inGrid = el.closest('[data-testid="stDataFrame"], [data-testid="stDataFrameResizable"]');
    if (!inGrid && !el.checkVisibility()) continue;
    out.push(n.textContent);
  }
  for (const el of document.querySelectorAll('input')) {  // a selectbox shows its choice as an input's value
    if (el.type !== 'file' && el.type !== 'hidden' && el.value && !skip(el) && el.checkVisibility()) out.push(el.value);
  }
  for (const f of document.querySelectorAll('iframe')) {
    try { for (const l of f.contentDocument.querySelectorAll('.gp-legend')) out.push(l.innerText); } catch (e) {}
  }
  return out.join('\\n');
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("i18n_data")
    env = dict(os.environ, GEO_PLANNER_DATA=str(data), GEO_PLANNER_USER="budi")
    env.pop("GEO_PLANNER_DB", None)
    with streamlit_server(tmp_path_factory.mktemp("streamlit_i18n"), env) as url:
        yield url


def found_words(text: str, words) -> list[str]:
    return [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


def settle(page) -> None:
    """Wait until the run is over and the page has stopped changing."""
    page.wait_for_timeout(1500)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)
    page.wait_for_timeout(1500)


def go(page, name: str, lang: str) -> None:
    i = 1 if lang == "en" else 0
    page.locator(f"{NAV} a").filter(has_text=re.compile(f"^\\s*{re.escape(NAV_NAME[name][i])}\\s*$")).click()
    page.get_by_role("heading", name=PAGES[name][i], exact=True).wait_for(timeout=90_000)
    settle(page)


def switch(page, name: str, lang: str) -> None:
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Bahasa / Language").click()
    page.get_by_role("option", name="English" if lang == "en" else "Bahasa Indonesia").click()
    page.get_by_role("heading", name=PAGES[name][1 if lang == "en" else 0], exact=True).wait_for(timeout=90_000)
    settle(page)


def check(page, name: str, lang: str) -> list[str]:
    """Words of the other language (and missing-value words) on the page; a screenshot either way."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.mouse.move(5, 5)
    page.screenshot(path=str(SHOTS / f"{name}_{lang}.png"), full_page=True)
    text = page.evaluate(PAGE_TEXT)
    (SHOTS / f"{name}_{lang}.txt").write_text(text)
    other = found_words(text, ENGLISH if lang == "id" else INDONESIAN)
    problems = [f"{name} ({lang}): {w!r}" for w in other + found_words(text, MISSING)]
    # the tables draw their numbers on a canvas with the browser's number locale: the page sets it
    shown = page.evaluate("() => new Intl.NumberFormat(navigator.languages, {minimumFractionDigits: 1})"
                          ".format(1234.5)")
    if shown != ("1.234,5" if lang == "id" else "1,234.5"):
        problems.append(f"{name} ({lang}): tables write 1234.5 as {shown}")
    return problems


def test_every_page_in_one_language_at_a_time(server, browser):
    page, blocked = offline_page(browser)
    page.goto(server)
    page.wait_for_selector(HOME_FRAME, timeout=90_000)
    settle(page)
    problems = check(page, "home", "id")
    switch(page, "home", "en")
    problems += check(page, "home", "en")
    lang = "en"
    for name in ("lead", "targets", "budget", "goal"):
        go(page, name, lang)
        problems += check(page, name, lang)
        lang = "id" if lang == "en" else "en"
        switch(page, name, lang)
        problems += check(page, name, lang)
    assert not blocked, blocked
    assert not problems, "\n".join(problems)
    page.close()
