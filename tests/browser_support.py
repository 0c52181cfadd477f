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
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]
FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOCAL = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "data:", "blob:", "file:", "about:")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(log_dir: Path, env: Mapping[str, str]) -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port; yields its URL, stops it afterwards."""
    port = free_port()
    log_path = log_dir / "server.log"
    cmd = [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", "--client.toolbarMode", "minimal"]
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
