"""Under ``CI=true`` (how .ci/run runs the suite) a test whose tool is missing fails; it never skips.

The suite's own conftest does it; these tests run small test files through pytest with that conftest
and check the outcome a CI run would report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CONFTEST = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")


def _run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str | None, body: str):
    pytester.makeconftest(CONFTEST.replace('pytest_plugins = ["pytester"]', "pytest_plugins = []"))
    pytester.makepyfile(test_tool=body)
    monkeypatch.setenv("GEO_PLANNER_CI_INNER", "1")  # the tools check of the outer run already passed
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    return pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")


SKIPPING_TEST = """
import pytest

def test_needs_a_tool():
    pytest.skip("the tool is missing")
"""

SKIPPING_MODULE = """
import pytest

pytest.importorskip("a_module_nobody_has")

def test_never_runs():
    pass
"""


def test_a_skip_is_a_failure_under_ci(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, "true", SKIPPING_TEST)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*a test may not skip under CI=true: *the tool is missing*"])
    assert result.ret == 1


def test_a_module_level_skip_is_a_failure_under_ci(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, "true", SKIPPING_MODULE)
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*a test module may not skip under CI=true*a_module_nobody_has*"])


def test_outside_ci_the_same_test_skips_with_its_reason(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, None, SKIPPING_TEST + "\n\ndef test_other():\n    pass\n")
    result.assert_outcomes(passed=1, skipped=1)
    assert result.ret == 0


def test_an_expected_failure_stays_one_under_ci(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, "true", "import pytest\n\n@pytest.mark.xfail(strict=True)\n"
                                                 "def test_known():\n    assert False\n")
    result.assert_outcomes(xfailed=1)


def test_this_run_has_every_tool_ci_needs(request):
    """In CI the run would have stopped before any test; outside it, say what is missing."""
    from conftest import CI, missing_in_ci

    missing = missing_in_ci()
    if CI:
        assert missing == []
    elif missing:
        pytest.skip("not in CI; missing: " + "; ".join(missing))
