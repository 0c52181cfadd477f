"""Shared test set-up: boundaries come from the offline mirror in ../shared.

The mirror is the public source's files byte for byte (checked against the
pinned sha256), so tests exercise the real download path minus the network.
Set GEO_PLANNER_MIRROR yourself to use another copy.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_MIRROR = REPO.parent / "shared" / "data" / "boundaries" / "upstream"
SHARED_VILLAGES = REPO.parent / "shared" / "data" / "villages" / "upstream"


def pytest_configure(config: pytest.Config) -> None:
    if not os.environ.get("GEO_PLANNER_MIRROR") and SHARED_MIRROR.is_dir():
        os.environ["GEO_PLANNER_MIRROR"] = str(SHARED_MIRROR)
    if not os.environ.get("GEO_PLANNER_VILLAGES_MIRROR") and SHARED_VILLAGES.is_dir():
        os.environ["GEO_PLANNER_VILLAGES_MIRROR"] = str(SHARED_VILLAGES)
    if not os.environ.get("GEO_PLANNER_CACHE"):
        cache = REPO / ".pytest_cache" / "geo-planner"
        cache.mkdir(parents=True, exist_ok=True)
        os.environ["GEO_PLANNER_CACHE"] = str(cache)


@pytest.fixture(scope="session")
def mirror() -> Path:
    path = Path(os.environ.get("GEO_PLANNER_MIRROR", SHARED_MIRROR))
    if not path.is_dir():
        pytest.fail(f"boundary mirror {path} is missing: put ../shared beside the repo or set GEO_PLANNER_MIRROR")
    return path


@pytest.fixture(scope="session")
def kabkota(mirror):
    from geo_planner.units.hierarchy import load_units

    return load_units("kabkota", "64")


@pytest.fixture(scope="session")
def analysis(kabkota):
    from geo_planner.pipeline import build_analysis

    return build_analysis("kabkota", "64")


@pytest.fixture(scope="module")
def browser():
    """One Debian chromium per browser test module, driven by Playwright (tests/browser_support.py)."""
    from browser_support import chromium

    api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is missing")
    with chromium(api) as b:
        yield b
