"""Shared pieces of the real-browser tests: start the app, launch chromium, cut the network.

Used by test_browser.py and test_browser_planning.py.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]
FRAME = 'iframe[title="streamlit_folium.st_folium"]'  # the folium maps of the planning pages
HOME_FRAME = 'iframe[title="app_map.geo_planner_map"]'  # the map page's own component (app_map.py)
LOCAL = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "data:", "blob:", "file:", "about:")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(log_dir: Path, env: Mapping[str, str], *, port: int | None = None,
                     args: Sequence[str] = ()) -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port (or ``port``); yields its URL, stops it afterwards.

    ``args`` are more Streamlit options, e.g. ``["--secrets.files", "secrets.toml"]``.
    """
    port = port or free_port()
    log_path = log_dir / "server.log"
    cmd = [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", "--client.toolbarMode", "minimal", *args]
    log = log_path.open("wb")
    proc = subprocess.Popen(cmd, cwd=REPO, env=dict(env), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"streamlit did not start on port {port}:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextlib.contextmanager
def chromium(playwright_api) -> Iterator[object]:
    """Debian's chromium driven by Playwright (never a browser Playwright downloads)."""
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


def offline_page(browser, *, width: int = 1400, height: int = 1000):
    """A page whose requests beyond the local server are aborted and recorded in the returned list."""
    page = browser.new_page(viewport={"width": width, "height": height})
    blocked: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(LOCAL):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    page.route("**/*", route)
    return page, blocked


def screenshot(page, shot: Path, name: str, *, max_height: int = 4000) -> None:
    """Full-page screenshot: size the viewport to the scrolling main area first.

    With GEO_PLANNER_SCREENSHOT=1 it is also copied to ``docs/<name>``.
    """
    height = page.evaluate("() => { const m = document.querySelector('[data-testid=\"stMain\"]')"
                           " || document.scrollingElement; return m.scrollHeight; }")
    page.set_viewport_size({"width": 1400, "height": max(900, min(int(height) + 40, max_height))})
    page.wait_for_timeout(1000)
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if os.environ.get("GEO_PLANNER_SCREENSHOT") == "1":
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, REPO / "docs" / name)


def idle(page) -> None:
    """Wait until the script run is over (Streamlit's running indicator is gone)."""
    page.wait_for_timeout(1000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def edit_first_quantity(page, value: str, timeout_error: type[BaseException]) -> None:
    """Type a new quantity into the first row of the first targets grid (as a planner does) and commit it.

    Typing into the canvas grid is timing-sensitive (the cell editor takes the typed text a moment after
    the keys), so the edit is tried up to three times; the checks after it are strict.
    """
    for attempt in range(3):
        idle(page)
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
        page.wait_for_timeout(500)
        page.keyboard.press("Enter")
        try:
            page.get_by_text("Ada perubahan yang belum disimpan.", exact=True).wait_for(timeout=10_000)
        except timeout_error:
            if attempt == 2:
                raise
            continue
        idle(page)
        return
