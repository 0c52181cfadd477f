"""Every ``geo-planner`` line of the README's command-line block runs as written.

The block is the one after "From the command line" in README.md. Each line runs
from a copy of the repository's ``examples/`` folder and README (the repository root
as a planner has it), with ``python -m geo_planner.cli`` for ``geo-planner``; the
boundaries and the village index come from the offline mirror conftest.py points at.
Each must exit 0 and write the files it names.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def readme_commands() -> list[list[str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"From the command line.*?```bash\n(.*?)```", text, re.S)
    assert block, "README.md has no ```bash block after 'From the command line'"
    joined = block.group(1).replace("\\\n", " ")
    commands = [shlex.split(line, comments=True) for line in joined.splitlines()]
    return [c for c in commands if c]


COMMANDS = readme_commands()


def test_the_block_holds_only_geo_planner_commands_and_uses_the_examples():
    assert len(COMMANDS) >= 10 and all(c[0] == "geo-planner" for c in COMMANDS)
    used = {Path(a).name for c in COMMANDS for a in c if a.startswith("examples/")}
    shipped = {p.name for p in (REPO / "examples").glob("*.csv")}
    assert used == shipped  # every example file is used, and every file used is shipped
    assert all("sintetis" in name for name in shipped)


def test_the_example_files_are_small_and_say_they_are_synthetic():
    assert "SYNTHETIC" in (REPO / "examples" / "README.md").read_text(encoding="utf-8")
    for path in (REPO / "examples").iterdir():
        assert path.stat().st_size < 5_000, path.name


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(REPO / "examples", root / "examples")
    shutil.copy(REPO / "README.md", root / "README.md")
    return root


def _outputs(argv: list[str]) -> list[str]:
    files = [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--out"]
    files += [argv[i + 1].removeprefix("sqlite:///") for i, a in enumerate(argv[:-1])
              if a == "--db" and argv[i + 1].startswith("sqlite:///")]
    return files


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(c[1:4]) for c in COMMANDS])
def test_readme_example_runs(argv, root, mirror):
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-m", "geo_planner.cli", *argv[1:]], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert proc.stdout.strip()
    for name in _outputs(argv):
        path = root / name
        assert path.is_file() and path.stat().st_size > 0, name
