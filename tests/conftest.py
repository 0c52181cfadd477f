"""Shared test set-up: boundaries come from the offline mirror in ../shared.

The mirror is the public source's files byte for byte (checked against the
pinned sha256), so tests exercise the real download path minus the network.
Set GEO_PLANNER_MIRROR yourself to use another copy.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]  # tests/test_ci_never_skips.py runs small test files through pytest itself

REPO = Path(__file__).resolve().parents[1]
SHARED_MIRROR = REPO.parent / "shared" / "data" / "boundaries" / "upstream"
SHARED_VILLAGES = REPO.parent / "shared" / "data" / "villages" / "upstream"


# What CI must have (``CI=true``, as .ci/run runs): a missing one ends the run before any test, and any
# test that still skips fails instead. Without CI a test whose tool is missing is skipped with the reason.
CI = os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")
CI_PROGRAMS = {"/usr/bin/chromium": "Debian package chromium", "pdftoppm": "Debian package poppler-utils",
               "pdftotext": "Debian package poppler-utils"}
CI_MODULES = {"playwright.sync_api": "PyPI playwright (the test extra)", "distributed": "PyPI dask[distributed]",
              "psutil": "PyPI psutil (with distributed)",
              "oidc_provider_mock": "PyPI oidc-provider-mock (the test extra)"}
CI_ENV = {"GEO_PLANNER_TEST_PG": "the PostgreSQL + PostGIS server .ci/run starts"}


def missing_in_ci() -> list[str]:
    """The tools CI must have and this machine lacks, each with where it comes from."""
    missing = [f"{p} ({why})" for p, why in CI_PROGRAMS.items() if shutil.which(p) is None]
    missing += [f"{m} ({why})" for m, why in CI_MODULES.items() if importlib.util.find_spec(m.split(".")[0]) is None]
    return missing + [f"${v} ({why})" for v, why in CI_ENV.items() if not os.environ.get(v)]


def pytest_sessionstart(session: pytest.Session) -> None:
    if CI and not os.environ.get("GEO_PLANNER_CI_INNER") and (missing := missing_in_ci()):
        pytest.exit("CI=true, but these test tools are missing: " + "; ".join(missing)
                    + ". .ci/run must install them", returncode=1)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"a test may not skip under CI=true: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    outcome = yield
    report = outcome.get_result()
    if CI and report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"a test module may not skip under CI=true: {reason}"


def pytest_configure(config: pytest.Config) -> None:
    # the CLI speaks Indonesian by default; tests written against its English messages get English
    # (tests/test_cli_lang.py unsets this to check the Indonesian default)
    os.environ.setdefault("GEO_PLANNER_LANG", "en")
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
