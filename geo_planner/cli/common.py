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

__all__ = ["PROG", "MAX_LISTED", "MAX_PROBLEMS", "err", "split_list", "directions", "build", "warn_unmatched",
           "write_unmatched", "sheet_arg", "layer_sources", "problem_lines", "write_problems"]

PROG = "geo-planner"
MAX_LISTED = 10
MAX_PROBLEMS = 20  # problems printed; --problems-out FILE writes all of them


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
    analysis = build_analysis(args.level, args.province, layer_sources(args), weights,
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


def sheet_arg(value: str | None) -> str | int | None:
    """A sheet named on the command line: a name, or a 0-based number."""
    return int(value) if value is not None and value.isdigit() else value


def layer_sources(args: argparse.Namespace, paths: list[str] | None = None) -> list:
    """The --layer files, each with the --sheet, --layer-name and --year chosen (for every file alike)."""
    from geo_planner.sources.choice import choice_of

    chosen = {"sheet": sheet_arg(getattr(args, "sheet", None)), "layer_name": getattr(args, "layer_name", None),
              "year": getattr(args, "year", None)}
    return [choice_of(p, **chosen) for p in (args.layer or [] if paths is None else paths)]


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())  # a cell's line breaks and tabs never break the listing
    return text if len(text) <= limit else text[:limit - 1] + "…"


def problem_lines(problems, out: str | None) -> list[str]:
    """The first MAX_PROBLEMS problems, one short line each, and a last line with the total and --problems-out."""
    lines = [f"- {_short(p)}" for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        where = f"all {len(problems)} are in {out}" if out else \
            f"write all {len(problems)} to a file with --problems-out FILE.csv"
        lines.append(f"- ... and {len(problems) - MAX_PROBLEMS} more; {where}")
    return lines


def write_problems(problems, path: str) -> None:
    """Every problem, one row each (severity, file, row, column, unit, message), through the export gate."""
    from geo_planner.outputs.gate import Table, write

    frame = pd.DataFrame([p.to_dict() for p in problems],
                         columns=["severity", "file", "row", "column", "unit", "message"])
    frame["row"] = frame["row"].astype("Int64")
    write(Table(frame, "Masalah", provenance={"source": "problems found in the input files"}, name="masalah"), path)
