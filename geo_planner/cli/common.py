"""What every ``geo-planner`` subcommand shares: the program name, the one way to
build an analysis from the common options, and the report of unmatched rows.

The command modules (:mod:`.commands`, :mod:`.export`, :mod:`.planning`,
:mod:`.targets`) import from here and never from each other, so the CLI has no
import cycle.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from geo_planner.errors import InputError

__all__ = ["PROG", "MAX_LISTED", "err", "split_list", "directions", "build", "warn_unmatched", "write_unmatched"]

PROG = "geo-planner"
MAX_LISTED = 10


def err(text: str) -> None:
    print(text, file=sys.stderr)


def split_list(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def directions(text: str | None) -> dict[str, str]:
    out = {}
    for part in split_list(text):
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(f"direction '{part}' is not of the form id=need|coverage|context, "
                             "e.g. rtlh_units=need")
        out[key.strip()] = value.strip()
    return out


def build(args: argparse.Namespace):
    from geo_planner.analysis.priority import parse_weights
    from geo_planner.pipeline import build_analysis

    weights = parse_weights(args.weights) if args.weights else None
    analysis = build_analysis(args.level, args.province, args.layer or [], weights,
                              directions=directions(args.direction), include_builtin=not args.no_builtin,
                              boundary_file=args.boundaries, within=args.within, synthetic=args.synthetic,
                              engine=args.engine, scheduler=args.scheduler)
    for problem in getattr(analysis, "problems", ()):  # warnings of the layers (errors were raised)
        err(f"{PROG}: warning: {problem}")
    return analysis


def first_text(row: pd.Series) -> str:
    for col, value in row.items():
        if col in ("layer", "file", "row", "reason") or value is None or pd.isna(value):
            continue
        if str(value).strip():
            return str(value).strip()
    return ""


def warn_unmatched(analysis, unmatched_out: str | None) -> None:
    u = analysis.unmatched
    if u.empty:
        return
    for file, grp in u.groupby("file", sort=False, dropna=False):
        lines = [f"row {int(r['row'])} '{first_text(r)}': {r['reason']}" for _, r in grp.head(MAX_LISTED).iterrows()]
        more = f"; ... and {len(grp) - MAX_LISTED} more" if len(grp) > MAX_LISTED else ""
        err(f"{PROG}: warning: {len(grp)} row(s) of {file} matched no unit: " + "; ".join(lines) + more)
    if unmatched_out:
        write_unmatched(u, unmatched_out)
        err(f"{PROG}: the unmatched rows were written to {unmatched_out}")
    else:
        err(f"{PROG}: write them to a file with --unmatched-out FILE.csv (they also appear in an .xlsx output)")


def write_unmatched(u: pd.DataFrame, path: str) -> None:
    """The unmatched rows through the export gate (formula-safe, household-level rows stripped, provenance)."""
    from geo_planner.outputs.gate import write
    from geo_planner.outputs.plan_tables import rows_table

    write(rows_table(u, title="Tidak cocok", name="tidak_cocok", source="rows that matched no unit"), path)
