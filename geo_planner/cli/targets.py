"""``geo-planner targets import|export|list``: the register from a shell.

:func:`add_cli` registers the subcommands on the ``geo-planner`` parser; each
handler returns an exit status and raises :class:`~geo_planner.errors.GeoPlannerError`
for a user's mistake (the command line prints it as one sentence and exits 1).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

import pandas as pd

from geo_planner.errors import InputError
from geo_planner.planning.targets.files import HEADERS
from geo_planner.planning.targets.overlaps import mark_overlaps
from geo_planner.planning.targets.register import Register, open_register
from geo_planner.planning.targets.registry import (
    STATUSES,
    intervention_label,
    status_label,
)

__all__ = ["add_cli"]

PROG = "geo-planner"
MAX_LISTED = 20


def _default_who() -> str | None:
    env = os.environ.get("GEO_PLANNER_USER")
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):
        return None


def _open(args: argparse.Namespace) -> Register:
    return open_register(args.db)


def _units(args: argparse.Namespace) -> Any:
    if not args.level:
        return None
    from geo_planner.units.hierarchy import load_units

    return load_units(args.level, args.province)


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    return {"unit": args.unit, "agency": args.agency, "intervention": args.intervention,
            "year": args.year or None, "status": args.status or None}


def _cmd_import(args: argparse.Namespace) -> int:
    who = args.who or _default_who()
    if not who:
        raise InputError("say who imports the file with --who NAME (every change is logged with a name)")
    units = _units(args)
    with _open(args) as register:
        sheet = int(args.sheet) if args.sheet and args.sheet.isdigit() else args.sheet
        report = register.import_table(args.file, who=who, units=units, sheet=sheet)
        where = register.url
    print(f"register: {where}")
    print(report.summary())
    if report.ignored_columns:
        print(f"ignored column(s): {', '.join(report.ignored_columns)}")
    for _, r in report.skipped.head(MAX_LISTED).iterrows():
        print(f"  skipped row {r['row']}: {r['reason']}")
    if len(report.rejected):
        print(f"rejected rows ({len(report.rejected_rows)}), not imported:", file=sys.stderr)
        for _, r in report.rejected.head(MAX_LISTED).iterrows():
            print(f"  row {r['row']}, column '{r['column']}': {r['reason']}", file=sys.stderr)
        if len(report.rejected) > MAX_LISTED:
            print(f"  ... and {len(report.rejected) - MAX_LISTED} more", file=sys.stderr)
        if args.rejected_out:
            from geo_planner.outputs.gate import write
            from geo_planner.outputs.plan_tables import rows_table

            write(rows_table(report.rejected, title="Ditolak", name="ditolak", source=report.file),
                  args.rejected_out)
            print(f"the rejected rows were written to {args.rejected_out}; fix them and import that file",
                  file=sys.stderr)
        else:
            print("write them to a file with --rejected-out FILE.csv, fix them there and import it",
                  file=sys.stderr)
        return 1
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from geo_planner.outputs.gate import write
    from geo_planner.outputs.plan_tables import targets_table

    units = _units(args)
    with _open(args) as register:
        table = targets_table(register, lang=args.lang, units=units, **_filters(args))
    path = write(table, args.file, lang=args.lang)
    print(f"wrote {path} ({len(table.frame)} target(s))")
    return 0


def _screen(frame: pd.DataFrame, lang: str) -> str:
    from geo_planner.i18n import fmt_number

    k = 1 if lang == "en" else 0
    marked = mark_overlaps(frame)
    shown = pd.DataFrame({
        HEADERS["id"][k]: frame["id"],
        HEADERS["unit_code"][k]: frame["unit_code"],
        HEADERS["agency"][k]: frame["agency"],
        HEADERS["intervention"][k]: [intervention_label(v, lang) for v in frame["intervention"]],
        HEADERS["year"][k]: frame["year"],
        HEADERS["quantity"][k]: [fmt_number(v, lang) for v in frame["quantity"]],
        HEADERS["budget_rp"][k]: [fmt_number(v, lang, 0) for v in frame["budget_rp"]],
        HEADERS["status"][k]: [status_label(v, lang) for v in frame["status"]],
        HEADERS["version"][k]: frame["version"],
        HEADERS["overlap"][k]: ["! " + w if w else "" for w in marked["overlap_with"]],
    })
    for col in (HEADERS["agency"][k], HEADERS["intervention"][k], HEADERS["status"][k], HEADERS["overlap"][k]):
        shown[col] = shown[col].str.ljust(max(int(shown[col].str.len().max()), len(col)))  # text reads left
    return shown.to_string(index=False)


def _cmd_list(args: argparse.Namespace) -> int:
    with _open(args) as register:
        frame = register.list(**_filters(args))
        where = register.url
    if frame.empty:
        filtered = any(v for v in _filters(args).values())
        print("no target matches these filters" if filtered else f"the register at {where} holds no target")
        return 0
    print(_screen(frame, args.lang))
    marked = mark_overlaps(frame)
    flagged = marked[marked["overlap"]]
    print(f"\n{len(frame)} target(s) in {where}")
    if len(flagged):
        groups = flagged.groupby(["unit_code", "intervention", "year"], sort=True)
        print(f"{len(groups)} overlap(s): records aimed at the same unit, intervention and year; the largest "
              "quantity counts, not the sum:")
        for (code, iv, year), g in groups:
            who = ", ".join(f"{i} ({a})" for i, a in zip(g["id"], g["agency"], strict=True))
            print(f"  ! {code} {intervention_label(iv, args.lang)} {year}: targets {who}")
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL", help="postgresql://user:password@host/db or sqlite:///path "
                   "(default: GEO_PLANNER_DB, else targets.sqlite in the data folder)")


def _filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--unit", metavar="CODE", help="Kemendagri code: this unit and the units inside it")
    p.add_argument("--agency", help="part of the agency name, any case")
    p.add_argument("--intervention", help="intervention id or label, e.g. rtlh_rehab")
    p.add_argument("--year", type=int, action="append", metavar="YEAR", help="year; repeatable")
    p.add_argument("--status", action="append", metavar="STATUS",
                   help=f"status ({', '.join(STATUSES)}, or in Indonesian); repeatable")
    p.add_argument("--lang", default="id", choices=("id", "en"), help="language of headers (default id)")


def _level_options(p: argparse.ArgumentParser, what: str) -> None:
    from geo_planner.sources.boundaries import LEVELS

    p.add_argument("--level", choices=LEVELS, help=f"boundary level to {what}")
    p.add_argument("--province", default=None, help="two-digit Kemendagri province code (default 64)")


def add_cli(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``targets import|export|list`` on the subparsers of ``geo-planner``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        What ``parser.add_subparsers()`` returned. Each subcommand sets
        ``func``, called with the parsed arguments; it returns the exit status.

    Returns
    -------
    argparse.ArgumentParser
        The ``targets`` parser.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="geo-planner")
    >>> _ = add_cli(parser.add_subparsers(dest="command", required=True))
    >>> parser.parse_args(["targets", "list", "--year", "2026"]).year
    [2026]
    """
    targets = subparsers.add_parser("targets", help="the agencies' targets register (import, export, list)")
    sub = targets.add_subparsers(dest="targets_command", required=True, metavar="ACTION")

    imp = sub.add_parser("import", help="add the targets of a CSV/XLSX file; rows with problems are rejected")
    imp.add_argument("file", help="CSV or XLSX file, headers in Bahasa Indonesia or English")
    imp.add_argument("--who", help="your name for the audit log (default: GEO_PLANNER_USER or the login name)")
    imp.add_argument("--sheet", help="sheet of a workbook, by name or 0-based number")
    imp.add_argument("--rejected-out", metavar="FILE.csv", help="write the rejected rows and reasons here")
    _level_options(imp, "check codes against and match unit names in (e.g. kabkota)")
    _common(imp)
    imp.set_defaults(func=_cmd_import)

    exp = sub.add_parser("export", help="write targets to .csv or .xlsx")
    exp.add_argument("file", help="FILE.csv or FILE.xlsx")
    _filter_options(exp)
    _level_options(exp, "take unit names from")
    _common(exp)
    exp.set_defaults(func=_cmd_export)

    lst = sub.add_parser("list", help="print targets and flag overlaps")
    _filter_options(lst)
    _common(lst)
    lst.set_defaults(func=_cmd_list)
    return targets
