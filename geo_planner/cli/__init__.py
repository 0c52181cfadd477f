"""The ``geo-planner`` command line: a thin shell that parses, calls the library and prints.

:mod:`.commands` holds the parser and the analysis commands, :mod:`.export`,
:mod:`.planning` and :mod:`.targets` add their subcommands, and :mod:`.common` is what
they share. Heavy libraries are imported inside the commands that need them, so
``geo-planner --help`` loads no pandas or geopandas (``tests/test_cli_startup.py``).
Help and messages are in Bahasa Indonesia unless ``--lang en`` or
``GEO_PLANNER_LANG=en`` (:mod:`geo_planner.i18n.cli`).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``geo-planner`` with *argv* (default: the process arguments); return the exit code."""
    from geo_planner.cli.commands import main as run

    return run(argv)
