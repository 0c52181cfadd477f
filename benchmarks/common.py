"""What the benchmark scripts share: the repository on ``sys.path``, the offline mirror, the Markdown table."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
_MIRROR = REPO.parent / "shared" / "data" / "boundaries" / "upstream"
if not os.environ.get("GEO_PLANNER_MIRROR") and _MIRROR.is_dir():  # ../shared beside the repository, as in tests
    os.environ["GEO_PLANNER_MIRROR"] = str(_MIRROR)


def print_table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] | None = None) -> None:
    """A Markdown table (``align``: one ``---`` / ``---:`` per column; default left)."""
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join(align or ["---"] * len(headers)) + "|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
