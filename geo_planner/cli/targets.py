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

from geo_planner.cli.common import LEVELS, STATUSES, lang_of
from geo_planner.errors import InputError
from geo_planner.i18n.cli import tr

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


def _open(args: argparse.Namespace):
    from geo_planner.planning.targets.register import open_register

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
    lang = lang_of(args)
    who = args.who or _default_who()
    if not who:
        raise InputError(tr("who_missing", lang))
    units = _units(args)
    with _open(args) as register:
        sheet = int(args.sheet) if args.sheet and args.sheet.isdigit() else args.sheet
        report = register.import_table(args.file, who=who, units=units, sheet=sheet)
        where = register.url
    print(tr("register_at", lang, where=where))
    print(report.summary())
    if report.ignored_columns:
        print(tr("ignored_columns", lang, columns=", ".join(report.ignored_columns)))
    for _, r in report.skipped.head(MAX_LISTED).iterrows():
        print(tr("skipped_row", lang, row=r["row"], reason=r["reason"]))
    if len(report.rejected):
        print(tr("rejected_head", lang, n=len(report.rejected_rows)), file=sys.stderr)
        for _, r in report.rejected.head(MAX_LISTED).iterrows():
            print(tr("rejected_row", lang, row=r["row"], column=r["column"], reason=r["reason"]), file=sys.stderr)
        if len(report.rejected) > MAX_LISTED:
            print(tr("and_more_line", lang, n=len(report.rejected) - MAX_LISTED), file=sys.stderr)
        if args.rejected_out:
            from geo_planner.outputs.gate import write
            from geo_planner.outputs.plan_tables import rows_table

            write(rows_table(report.rejected, title="Ditolak", name="ditolak", source=report.file),
                  args.rejected_out)
            print(tr("rejected_written", lang, path=args.rejected_out), file=sys.stderr)
        else:
            print(tr("rejected_hint", lang), file=sys.stderr)
        return 1
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from geo_planner.outputs.gate import write
    from geo_planner.outputs.plan_tables import targets_table

    units = _units(args)
    with _open(args) as register:
        table = targets_table(register, lang=args.lang, units=units, **_filters(args))
    path = write(table, args.file, lang=args.lang)
    print(tr("wrote_targets", lang_of(args), path=path, n=len(table.frame)))
    return 0


def _screen(frame, lang: str) -> str:
    import pandas as pd

    from geo_planner.i18n import fmt_number
    from geo_planner.planning.targets.files import HEADERS
    from geo_planner.planning.targets.overlaps import mark_overlaps
    from geo_planner.planning.targets.registry import intervention_label, status_label

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
    from geo_planner.planning.targets.overlaps import mark_overlaps
    from geo_planner.planning.targets.registry import intervention_label

    lang = lang_of(args)
    with _open(args) as register:
        frame = register.list(**_filters(args))
        where = register.url
    if frame.empty:
        filtered = any(v for v in _filters(args).values())
        print(tr("no_target_filtered", lang) if filtered else tr("no_target", lang, where=where))
        return 0
    print(_screen(frame, args.lang))
    marked = mark_overlaps(frame)
    flagged = marked[marked["overlap"]]
    print("\n" + tr("targets_in", lang, n=len(frame), where=where))
    if len(flagged):
        groups = flagged.groupby(["unit_code", "intervention", "year"], sort=True)
        print(tr("overlaps_head", lang, n=len(groups)))
        for (code, iv, year), g in groups:
            who = ", ".join(f"{i} ({a})" for i, a in zip(g["id"], g["agency"], strict=True))
            print(tr("overlap_line", lang, code=code, intervention=intervention_label(iv, args.lang), year=year,
                     who=who))
    return 0


def _common(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("--db", metavar="URL", help=tr("opt_db", lang))


def _filter_options(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("--unit", metavar="CODE", help=tr("opt_unit", lang))
    p.add_argument("--agency", help=tr("opt_agency", lang))
    p.add_argument("--intervention", help=tr("opt_intervention", lang))
    p.add_argument("--year", type=int, action="append", metavar="YEAR", help=tr("opt_year", lang))
    p.add_argument("--status", action="append", metavar="STATUS",
                   help=tr("opt_status", lang, statuses=", ".join(STATUSES)))
    p.add_argument("--lang", default="id", choices=("id", "en"), help=tr("opt_lang_headers", lang))


def _level_options(p: argparse.ArgumentParser, what: str, lang: str) -> None:
    p.add_argument("--level", choices=LEVELS, help=tr(what, lang))
    p.add_argument("--province", default=None, help=tr("opt_province", lang))


def add_cli(subparsers: Any, lang: str | None = None) -> argparse.ArgumentParser:
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
    lang = lang or lang_of()

    def h(key: str) -> str:
        return tr(key, lang)

    targets = subparsers.add_parser("targets", help=h("cmd_targets"), description=h("cmd_targets"))
    sub = targets.add_subparsers(dest="targets_command", required=True, metavar=h("metavar_action"))

    imp = sub.add_parser("import", help=h("cmd_targets_import"), description=h("cmd_targets_import"))
    imp.add_argument("file", help=h("opt_targets_file"))
    imp.add_argument("--who", help=h("opt_who"))
    imp.add_argument("--sheet", help=h("opt_sheet_short"))
    imp.add_argument("--rejected-out", metavar="FILE.csv", help=h("opt_rejected_out"))
    _level_options(imp, "opt_level_check", lang)
    _common(imp, lang)
    imp.set_defaults(func=_cmd_import)

    exp = sub.add_parser("export", help=h("cmd_targets_export"), description=h("cmd_targets_export"))
    exp.add_argument("file", help=h("opt_targets_out"))
    _filter_options(exp, lang)
    _level_options(exp, "opt_level_names", lang)
    _common(exp, lang)
    exp.set_defaults(func=_cmd_export)

    lst = sub.add_parser("list", help=h("cmd_targets_list"), description=h("cmd_targets_list"))
    _filter_options(lst, lang)
    _common(lst, lang)
    lst.set_defaults(func=_cmd_list)
    return targets
