"""The ``geo-planner`` command line: the same pipeline as the app, from a shell.

Subcommands::

    geo-planner data fetch [--province 64] [--levels province,kabkota,kecamatan,desa]
    geo-planner rank --level kabkota [--layer FILE]... [--weights id=w,...] [--out FILE.csv|.xlsx]
    geo-planner map --level kabkota --out map.html [--column poverty_rate]
    geo-planner validate FILE [--level kabkota]
    geo-planner serve [--port 8501] [--host 127.0.0.1] [--unprotected]
    geo-planner users add|list|remove

Errors a user can cause print one sentence to stderr, prefixed
``geo-planner: error:``, and exit with status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from geo_planner import __version__
from geo_planner.cli.common import (
    MAX_PROBLEMS,
    PROG,
    build,
    err,
    first_text,
    problem_lines,
    split_list,
    warn_unmatched,
    write_problems,
)
from geo_planner.errors import GeoPlannerError, InputError, Problem, ValidationError

__all__ = ["main", "build_parser"]

# --------------------------------------------------------------------------- data fetch

def _cmd_fetch(args: argparse.Namespace) -> int:
    from geo_planner.sources.boundaries import LEVELS
    from geo_planner.units.coverage import CleaningReport
    from geo_planner.units.hierarchy import cleaning_report, fetch

    levels = tuple(split_list(args.levels)) or LEVELS
    unknown = [lv for lv in levels if lv not in LEVELS]
    if unknown:
        raise InputError(f"unknown level '{unknown[0]}'; choose from {', '.join(LEVELS)}")
    paths = fetch(args.province, levels)
    for level, path in paths.items():
        report = cleaning_report(level, args.province)
        print(f"{level}: {path}")
        try:
            print(f"  {CleaningReport(**report).summary()}")
        except TypeError:  # province level: built from the cleaned kab/kota units
            print(f"  {report.get('method', 'no cleaning report')}")
    return 0


# --------------------------------------------------------------------------- rank

def _screen_table(analysis, lang: str) -> str:
    from geo_planner.i18n import fmt_number
    from geo_planner.outputs.idm_view import coverage_column, decimals, screen_ids
    from geo_planner.outputs.ranked import header_label, ranked_table

    table = ranked_table(analysis, lang)
    ids = [k for k in analysis.weights if k in table.columns]
    ids += [k for k in screen_ids(analysis) if k not in ids]  # IDM: scores, statuses, 2023
    cover = coverage_column(analysis.units, lang) if analysis.level == "kecamatan" else None
    if cover is not None:  # "IDM untuk 13 dari 17 desa/kelurahan"
        table["idm_coverage"] = table["code"].map(cover)
        ids = [k for k in ids if k not in ("idm_desa_assessed", "idm_units_total")] + ["idm_coverage"]
    cols = ["rank", "code", "name", "priority_score", "indicators_used", *ids]
    if "synthetic" in table.columns:
        cols.append("synthetic")
    shown = table[cols].astype(object)
    for col in ("rank", "priority_score", "indicators_used", *ids):
        shown[col] = ["-" if pd.isna(v) else fmt_number(v, lang, decimals(col)) for v in shown[col]]
    width = int(shown["name"].str.len().max())
    shown["name"] = shown["name"].str.ljust(width)  # names read best left-aligned
    shown.columns = ["IDM" if c == "idm_coverage" else header_label(c, analysis, lang) for c in cols]
    return shown.to_string(index=False)


def _cmd_rank(args: argparse.Namespace) -> int:
    analysis = build(args)
    warn_unmatched(analysis, args.unmatched_out)
    if analysis.synthetic:
        err(f"{PROG}: warning: the ranking uses SYNTHETIC (demo) data, not official figures")
    if args.out:
        from geo_planner.outputs.gate import write

        suffix = Path(args.out).suffix
        if suffix.lower() not in (".csv", ".xlsx"):
            got = f"'{suffix}'" if suffix else "no suffix"
            raise InputError(f"cannot write {got} files; name the output with one of .csv, .xlsx",
                             file=Path(args.out).name)
        path = write(analysis, args.out, lang=args.lang, headers="ids")
        print(f"wrote {path} ({int(analysis.units['rank'].notna().sum())} ranked units)")
        return 0
    print(_screen_table(analysis, args.lang))
    weights = ", ".join(f"{k}={w:g}" for k, w in analysis.weights.items())
    print(f"\nweights: {weights}; level {analysis.level}, province {analysis.province}")
    _print_villages(analysis, args.lang)
    return 0


def _print_villages(analysis, lang: str) -> None:
    """The IDM credit line and the kelurahan note under a ranking that uses the village index."""
    from geo_planner.outputs.idm_view import not_assessed_note

    if "villages" in analysis.provenance:
        note = not_assessed_note(analysis, lang)
        print((note + "\n" if note else "") + str(analysis.provenance["villages"]["atribusi" if lang != "en"
                                                                                   else "attribution"]))


# --------------------------------------------------------------------------- map

def _cmd_map(args: argparse.Namespace) -> int:
    analysis = build(args)
    warn_unmatched(analysis, args.unmatched_out)
    kw = {"lang": args.lang}
    if args.column in POCKET_MAP_MODES:
        from geo_planner.pipeline import add_pockets

        analysis = add_pockets(analysis, fdr=args.fdr)
        kw["column"] = args.column
    elif args.column == "trend":  # IDM 2023 -> 2024
        kw["column"] = args.column
    elif args.column:
        if args.column not in analysis.units.columns:
            avail = ", ".join(["priority_score", *analysis.indicator_ids])
            raise InputError(f"no column '{args.column}' to map; choose one of {avail}")
        kw["column"] = args.column
    from geo_planner.outputs.gate import write

    path = write(analysis, args.out, fmt="html", **kw)
    print(f"wrote {path}")
    return 0


# --------------------------------------------------------------------------- pockets

POCKET_MAP_MODES = ("bivariate", "hotspots")


def _cmd_pockets(args: argparse.Namespace) -> int:
    from geo_planner.outputs.gate import write
    from geo_planner.outputs.pockets import pockets_table
    from geo_planner.pipeline import add_pockets

    analysis = build(args)
    warn_unmatched(analysis, args.unmatched_out)
    analysis = add_pockets(analysis, flag=args.flag, permutations=args.permutations, fdr=args.fdr,
                           seed=args.seed)
    if analysis.synthetic:
        err(f"{PROG}: warning: the pockets come from SYNTHETIC (demo) data, not official figures")
    if args.out:
        if Path(args.out).suffix.lower() not in (".csv", ".xlsx"):
            raise InputError("cannot write pockets to this file type; name the output .csv or .xlsx",
                             file=Path(args.out).name)
        path = write(analysis, args.out, fmt="pockets", lang=args.lang)
        print(f"wrote {path} ({len(analysis.pockets)} pockets)")
        return 0
    table = pockets_table(analysis, args.lang, headers="labels")
    if table.empty:
        print("no pocket found" if args.lang == "en" else "tidak ada kantong kemiskinan yang ditemukan")
        return 0
    shown = table.drop(columns=[c for c in table.columns if c in ("Kode wilayah", "Unit codes")])
    print(shown.to_string(index=False, max_colwidth=60, float_format=lambda v: f"{v:,.1f}"))
    return 0


# --------------------------------------------------------------------------- validate

def _problem_line(p: Problem) -> str:
    where = Problem("", None, p.row, p.column, p.unit).where()
    message = " ".join(str(p.message).split())
    message = message if len(message) <= 300 else message[:299] + "…"  # a pasted cell never floods the screen
    return f"  {p.severity.upper():7} {where + ': ' if where else ''}{message}"


def _key_preview(path: str, units, province: str,
                 sheet: str | int | None = None) -> tuple[list[tuple[int, str, str]], list[int]]:
    """Unmatched (row, key, reason) and province-total rows, for a file whose cells have errors."""
    from geo_planner.layers.model import key_columns
    from geo_planner.sources.tables import read_table
    from geo_planner.units.codes import PROVINCE_TOTAL, match_keys

    table = read_table(path, sheet=sheet)
    key, _ = key_columns(table, units, province, None)
    m = match_keys(table.data[key], units, province=province)
    rows = table.row_numbers
    unmatched = [(rows[i], str(k), r) for i, (k, meth, r) in enumerate(zip(m["key"], m["method"], m["reason"]))
                 if meth == "unmatched"]
    totals = [rows[i] for i, meth in enumerate(m["method"]) if meth == PROVINCE_TOTAL]
    return sorted(set(unmatched)), sorted(set(totals))


def _sheet(value: str | None) -> str | int | None:
    """A sheet named on the command line: a name, or a 0-based number."""
    return int(value) if value is not None and value.isdigit() else value


def _cmd_validate(args: argparse.Namespace) -> int:
    from geo_planner.pipeline import read_source
    from geo_planner.settings import default_province
    from geo_planner.units.hierarchy import load_units

    province = args.province or default_province()
    units = load_units(args.level, province)
    name = Path(args.file).name
    if not Path(args.file).is_file():
        raise InputError("file not found; check the path", file=args.file)
    from geo_planner.sources.choice import choice_of

    source = choice_of(args.file, sheet=_sheet(args.sheet), layer_name=args.layer_name, year=args.year)
    try:  # tables of figures, and point / polygon layers alike
        layer = read_source(source, units, level=args.level, province=province, sheet=_sheet(args.sheet))
        problems = layer.problems
        unmatched = [(int(r["row"]), first_text(r), str(r["reason"])) for _, r in layer.unmatched.iterrows()]
        totals = [int(r) for r in layer.province_rows.get("row", [])]
        joined = layer.figures["code"].nunique()
        found = ", ".join(sorted(layer.indicators))
    except ValidationError as exc:
        problems = exc.problems
        try:
            unmatched, totals = _key_preview(args.file, units, province, _sheet(args.sheet))
        except GeoPlannerError:
            unmatched, totals = [], []
        joined, found = None, ""
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    print(f"{name} ({args.level}, province {province})")
    if found:
        print(f"indicators: {found}")
    if problems:
        print(f"problems ({len(problems)}):")
        ordered = sorted(problems, key=lambda p: (p.row is None, p.row or 0, str(p.column)))
        for p in ordered[:MAX_PROBLEMS]:
            print(_problem_line(p))
        if len(problems) > MAX_PROBLEMS:
            print(problem_lines(ordered, args.problems_out)[-1].replace("-", " ", 1))
        if args.problems_out:
            write_problems(ordered, args.problems_out)
    if unmatched:
        print(f"rows that matched no {args.level} unit ({len(unmatched)}, not joined):")
        for row, key, reason in unmatched[:MAX_PROBLEMS]:
            print(f"  row {row} '{key}': {reason}")
        if len(unmatched) > MAX_PROBLEMS:
            print(f"  ... and {len(unmatched) - MAX_PROBLEMS} more")
    if totals:
        print(f"province total rows, recognised and not joined: {', '.join(f'row {r}' for r in totals)}")
    status = "FAILED" if errors else "OK"
    joined_text = "" if joined is None else f", {joined} unit(s) joined"
    print(f"{status}: {len(errors)} error(s), {len(warnings)} warning(s), {len(unmatched)} unmatched row(s), "
          f"{len(totals)} province total row(s){joined_text}")
    return 1 if errors else 0


# --------------------------------------------------------------------------- parser

def _analysis_options(p: argparse.ArgumentParser) -> None:
    from geo_planner.sources.boundaries import LEVELS

    p.add_argument("--level", default="kabkota", choices=LEVELS, help="unit level (default kabkota)")
    p.add_argument("--province", default=None, help="two-digit Kemendagri province code (default 64)")
    p.add_argument("--layer", action="append", metavar="FILE", help="CSV/XLSX table of figures; repeatable")
    p.add_argument("--weights", metavar="ID=W,...", help="indicator weights, e.g. poverty_rate=2,poor_population=1")
    p.add_argument("--direction", metavar="ID=DIR,...", help="need, coverage or context per indicator of a --layer")
    p.add_argument("--no-builtin", action="store_true", help="leave out the shipped sourced figures")
    p.add_argument("--boundaries", metavar="FILE", help="your own boundary file (GeoJSON, GeoPackage, "
                   "zipped Shapefile, GeoParquet, KML) instead of the downloaded ones")
    p.add_argument("--within", metavar="CODE", help="only the units inside this code (e.g. 64.72: Samarinda)")
    p.add_argument("--synthetic", action=argparse.BooleanOptionalAction, default=None,
                   help="add the seeded SYNTHETIC village demo (default: off; below regency level the "
                        "built-in figures are the village index IDM 2023-2024 of Kemendes PDTT)")
    p.add_argument("--engine", default="local", choices=("local", "dask"),
                   help="dask: count the --layer points (a partitioned GeoParquet folder) on dask.distributed")
    p.add_argument("--scheduler", metavar="ADDRESS", help="dask scheduler, e.g. tcp://10.0.0.5:8786 "
                   "(default: a local cluster)")
    p.add_argument("--lang", default="id", choices=("id", "en"), help="language of headers (default id)")
    p.add_argument("--unmatched-out", metavar="FILE.csv", help="write input rows that matched no unit here")
    _reader_options(p)


def _reader_options(p: argparse.ArgumentParser, layer: bool = True) -> None:
    """--sheet, --layer-name, --year (which part of each --layer file to read) and --problems-out."""
    if layer:
        p.add_argument("--sheet", help="sheet of each --layer workbook, by name or 0-based number (default: the "
                       "first sheet holding figures)")
    p.add_argument("--layer-name", metavar="NAME", help="layer of a GeoPackage that holds several")
    p.add_argument("--year", metavar="YYYY", help="year of a table published for several years (default: the latest)")
    p.add_argument("--problems-out", metavar="FILE.csv", help="write every problem found in the input files here "
                   f"(only the first {MAX_PROBLEMS} are printed)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``geo-planner``."""
    from geo_planner.sources.boundaries import LEVELS

    parser = argparse.ArgumentParser(prog=PROG, description="Poverty-pocket planning maps and priority lists.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    data = sub.add_parser("data", help="boundary data")
    data_sub = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    fetch = data_sub.add_parser("fetch", help="download (or mirror), check, clean and cache boundaries")
    fetch.add_argument("--province", default=None, help="two-digit Kemendagri province code (default 64)")
    fetch.add_argument("--levels", default=",".join(LEVELS), help=f"comma-separated, from {','.join(LEVELS)}")
    fetch.set_defaults(func=_cmd_fetch)

    rank = sub.add_parser("rank", help="rank units by priority; print or write CSV/XLSX")
    _analysis_options(rank)
    rank.add_argument("--out", metavar="FILE", help="write .csv or .xlsx instead of printing")
    rank.set_defaults(func=_cmd_rank)

    map_ = sub.add_parser("map", help="write an HTML map")
    _analysis_options(map_)
    map_.add_argument("--out", required=True, metavar="FILE.html", help="HTML file to write")
    map_.add_argument("--column", help="indicator id to colour by (default the priority score), or "
                      "'bivariate' (need x coverage), 'hotspots' (Gi* and pockets) or 'trend' (IDM 2023->2024)")
    map_.add_argument("--fdr", action="store_true", help="false-discovery-rate control for hotspots")
    map_.set_defaults(func=_cmd_map)

    pockets = sub.add_parser("pockets", help="find poverty pockets (hotspots, high need with low coverage)")
    _analysis_options(pockets)
    pockets.add_argument("--flag", default="both", choices=("both", "hotspot", "underserved"),
                         help="what makes a unit part of a pocket (default: hotspot or underserved)")
    pockets.add_argument("--fdr", action="store_true", help="false-discovery-rate control of the p-values")
    pockets.add_argument("--permutations", type=int, default=999, help="permutations for inference")
    pockets.add_argument("--seed", type=int, default=0, help="random seed of the permutations")
    pockets.add_argument("--out", metavar="FILE", help="write .csv or .xlsx instead of printing")
    pockets.set_defaults(func=_cmd_pockets)

    validate = sub.add_parser("validate", help="check a table of figures and list every problem")
    validate.add_argument("file", help="CSV or XLSX table")
    validate.add_argument("--level", default="kabkota", choices=LEVELS)
    validate.add_argument("--province", default=None)
    validate.add_argument("--sheet", help="sheet of a workbook, by name or 0-based number (default: the "
                          "first sheet holding a table)")
    _reader_options(validate, layer=False)
    validate.set_defaults(func=_cmd_validate)

    from geo_planner.cli.planning import add_planning_commands
    from geo_planner.cli.serve import add_serve_command
    from geo_planner.cli.targets import add_cli as add_targets_commands
    from geo_planner.cli.users import add_cli as add_users_commands

    add_serve_command(sub)
    add_planning_commands(sub, _analysis_options)
    add_targets_commands(sub)
    add_users_commands(sub)
    from geo_planner.cli.export import add_export_command

    add_export_command(sub, _analysis_options)
    return parser


def _os_message(exc: OSError) -> str:
    if exc.filename and exc.strerror:
        return f"cannot write or read {exc.filename}: {exc.strerror}; check the path and its folder"
    return str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 error, 2 usage).

    Examples
    --------
    >>> main(["rank", "--level", "kabkota", "--out", "ranked.csv"])  # doctest: +SKIP
    0
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ValidationError as exc:
        out = getattr(args, "problems_out", None)
        if out:
            write_problems(exc.problems, out)
        errors = sum(p.severity == "error" for p in exc.problems)
        where = f"{Problem('', exc.file).where()}: " if exc.file else ""
        err(f"{PROG}: error: {where}{errors} problem(s) found; fix them and try again:\n"
            + "\n".join(problem_lines(exc.problems, out)))
    except GeoPlannerError as exc:
        err(f"{PROG}: error: {exc}")
    except OSError as exc:
        err(f"{PROG}: error: {_os_message(exc)}")
    except KeyboardInterrupt:
        err(f"{PROG}: interrupted")
        return 130
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
