"""The ``geo-planner`` command line: the same pipeline as the app, from a shell.

Subcommands::

    geo-planner data fetch [--province 64] [--levels province,kabkota,kecamatan,desa]
    geo-planner rank --level kabkota [--layer FILE]... [--weights id=w,...] [--out FILE.csv|.xlsx]
    geo-planner map --level kabkota --out map.html [--column poverty_rate]
    geo-planner validate FILE [--level kabkota]
    geo-planner serve [--port 8501] [--host 127.0.0.1] [--unprotected]
    geo-planner users add|list|remove

Errors a user can cause print one sentence to stderr, prefixed
``geo-planner: kesalahan:`` (``geo-planner: error:`` in English), and exit with
status 1; never a traceback. Help and messages come from
:mod:`geo_planner.i18n.cli` in the language ``--lang`` or ``GEO_PLANNER_LANG``
chooses (default Indonesian). Only the stdlib and the catalogue are imported to
build the parser; each command imports what it needs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from geo_planner import __version__
from geo_planner.cli.common import (
    LEVELS,
    MAX_PROBLEMS,
    PROG,
    UI_LANG,
    build,
    err,
    first_text,
    lang_of,
    problem_lines,
    say_privacy,
    split_list,
    warn,
    warn_unmatched,
    write_problems,
)
from geo_planner.errors import GeoPlannerError, InputError, Problem, ValidationError
from geo_planner.i18n.cli import argparse_in, resolve_lang, tr
from geo_planner.i18n.messages import language

__all__ = ["main", "build_parser"]

# --------------------------------------------------------------------------- data fetch

def _cmd_fetch(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    levels = tuple(split_list(args.levels)) or LEVELS
    unknown = [lv for lv in levels if lv not in LEVELS]
    if unknown:
        raise InputError(tr("unknown_level", lang, level=unknown[0], levels=", ".join(LEVELS)))
    from geo_planner.units.coverage import CleaningReport
    from geo_planner.units.hierarchy import cleaning_report, fetch

    paths = fetch(args.province, levels)
    _store_map_geometry(args.province, levels)
    for level, path in paths.items():
        report = cleaning_report(level, args.province)
        print(f"{level}: {path}")
        try:
            print(f"  {CleaningReport(**report).summary()}")
        except TypeError:  # province level: built from the cleaned kab/kota units
            print(f"  {report.get('method', tr('no_cleaning_report', lang))}")
    return 0


def _store_map_geometry(province: str | None, levels) -> None:
    """The app's simplified map geometry of each level, made now rather than on the level's first view."""
    from geo_planner import settings
    from geo_planner.outputs.map_geometry import level_geometry
    from geo_planner.units.hierarchy import load_units

    province = province or settings.default_province()
    for level in levels:
        if level in ("kabkota", "kecamatan", "desa"):
            level_geometry(load_units(level, province), province, level)


# --------------------------------------------------------------------------- rank

def _screen_table(analysis, lang: str) -> str:
    import pandas as pd

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
    lang = lang_of(args)
    analysis = build(args, classes=False)  # a ranking to the screen, CSV or XLSX draws no map
    warn_unmatched(analysis, args.unmatched_out, lang)
    if analysis.synthetic:
        warn(tr("synthetic_rank", lang), lang)
    if args.out:
        from geo_planner.outputs.gate import write

        suffix = Path(args.out).suffix
        if suffix.lower() not in (".csv", ".xlsx"):
            got = f"'{suffix}'" if suffix else tr("no_suffix", lang)
            raise InputError(tr("rank_bad_suffix", lang, got=got), file=Path(args.out).name)
        report: dict = {}
        path = write(analysis, args.out, lang=args.lang, headers="ids", report=report)
        print(tr("wrote_ranked", lang, path=path, n=int(analysis.units["rank"].notna().sum())))
        say_privacy(report, path, lang)
        return 0
    print(_screen_table(analysis, args.lang))
    weights = ", ".join(f"{k}={w:g}" for k, w in analysis.weights.items())
    print("\n" + tr("weights_line", lang, weights=weights, level=analysis.level, province=analysis.province))
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
    lang = lang_of(args)
    analysis = build(args)
    warn_unmatched(analysis, args.unmatched_out, lang)
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
            raise InputError(tr("no_column", lang, column=args.column, avail=avail))
        kw["column"] = args.column
    from geo_planner.outputs.gate import write

    path = write(analysis, args.out, fmt="html", **kw)
    print(tr("wrote", lang, path=path))
    return 0


# --------------------------------------------------------------------------- pockets

POCKET_MAP_MODES = ("bivariate", "hotspots")


def _cmd_pockets(args: argparse.Namespace) -> int:
    from geo_planner.outputs.gate import write
    from geo_planner.outputs.pockets import pockets_table
    from geo_planner.pipeline import add_pockets

    lang = lang_of(args)
    analysis = build(args)
    warn_unmatched(analysis, args.unmatched_out, lang)
    analysis = add_pockets(analysis, flag=args.flag, permutations=args.permutations, fdr=args.fdr,
                           seed=args.seed)
    if analysis.synthetic:
        warn(tr("synthetic_pockets", lang), lang)
    if args.out:
        if Path(args.out).suffix.lower() not in (".csv", ".xlsx"):
            raise InputError(tr("pockets_bad_suffix", lang), file=Path(args.out).name)
        path = write(analysis, args.out, fmt="pockets", lang=args.lang)
        print(tr("wrote_pockets", lang, path=path, n=len(analysis.pockets)))
        return 0
    table = pockets_table(analysis, args.lang, headers="labels")
    if table.empty:
        print(tr("no_pocket", args.lang))
        return 0
    from geo_planner.i18n import STRINGS

    shown = table.drop(columns=[c for c in table.columns if c in STRINGS["ph_codes"]])
    print(shown.to_string(index=False, max_colwidth=60, float_format=lambda v: f"{v:,.1f}"))
    return 0


# --------------------------------------------------------------------------- validate

def _problem_line(p: Problem, lang: str) -> str:
    where = Problem("", None, p.row, p.column, p.unit).where()
    severity = tr("severity_error" if p.severity == "error" else "severity_warning", lang)
    width = 7 if lang == "en" else 10
    message = " ".join(str(p.message).split())
    message = message if len(message) <= 300 else message[:299] + "…"  # a pasted cell never floods the screen
    return f"  {severity:{width}} {where + ': ' if where else ''}{message}"


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
    from geo_planner.settings import default_province

    lang = lang_of(args)
    province = args.province or default_province()
    name = Path(args.file).name
    if not Path(args.file).is_file():  # before anything is loaded: a typo is told at once
        raise InputError(tr("file_not_found", lang), file=args.file)
    from geo_planner.pipeline import read_source
    from geo_planner.units.hierarchy import load_units

    units = load_units(args.level, province)
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
    print(tr("validate_head", lang, name=name, level=args.level, province=province))
    if found:
        print(tr("validate_indicators", lang, found=found))
    if problems:
        print(tr("validate_problems", lang, n=len(problems)))
        ordered = sorted(problems, key=lambda p: (p.row is None, p.row or 0, str(p.column)))
        for p in ordered[:MAX_PROBLEMS]:
            print(_problem_line(p, lang))
        if len(problems) > MAX_PROBLEMS:
            print(problem_lines(ordered, args.problems_out, lang)[-1].replace("-", " ", 1))
        if args.problems_out:
            write_problems(ordered, args.problems_out)
    if unmatched:
        print(tr("validate_unmatched", lang, level=args.level, n=len(unmatched)))
        for row, key, reason in unmatched[:MAX_PROBLEMS]:
            print(tr("row_key_reason", lang, row=row, key=key, reason=reason))
        if len(unmatched) > MAX_PROBLEMS:
            print(tr("unmatched_more", lang, n=len(unmatched) - MAX_PROBLEMS))
    if totals:
        print(tr("validate_totals", lang, rows=", ".join(tr("row_n", lang, row=r) for r in totals)))
    nothing = joined == 0  # a file none of whose rows lands on a unit is of no use at this level: not OK
    if nothing:
        print(tr("validate_nothing_joined", lang, level=args.level))
    status = tr("status_failed" if errors or nothing else "status_ok", lang)
    joined_text = "" if joined is None else tr("validate_joined", lang, n=joined)
    print(tr("validate_summary", lang, status=status, errors=len(errors), warnings=len(warnings),
             unmatched=len(unmatched), totals=len(totals), joined=joined_text))
    return 1 if errors or nothing else 0


# --------------------------------------------------------------------------- parser

def _analysis_options(p: argparse.ArgumentParser, lang: str | None = None) -> None:
    """--level, --layer, --weights, ... of the commands that build an analysis."""
    lang = lang or lang_of()
    p.add_argument("--level", default="kabkota", choices=LEVELS, help=tr("opt_level", lang, levels=", ".join(LEVELS)))
    p.add_argument("--province", default=None, help=tr("opt_province", lang))
    p.add_argument("--layer", action="append", metavar=tr("metavar_file", lang), help=tr("opt_layer", lang))
    p.add_argument("--weights", metavar="ID=W,...", help=tr("opt_weights", lang))
    p.add_argument("--direction", metavar="ID=DIR,...", help=tr("opt_direction", lang))
    p.add_argument("--no-builtin", action="store_true", help=tr("opt_no_builtin", lang))
    p.add_argument("--boundaries", metavar=tr("metavar_file", lang), help=tr("opt_boundaries", lang))
    p.add_argument("--within", metavar="CODE", help=tr("opt_within", lang))
    p.add_argument("--synthetic", action=argparse.BooleanOptionalAction, default=None, help=tr("opt_synthetic", lang))
    p.add_argument("--engine", default="local", choices=("local", "dask"), help=tr("opt_engine", lang))
    p.add_argument("--scheduler", metavar="ADDRESS", help=tr("opt_scheduler", lang))
    p.add_argument("--lang", default="id", choices=("id", "en"), help=tr("opt_lang_headers", lang))
    p.add_argument("--unmatched-out", metavar="FILE.csv", help=tr("opt_unmatched_out", lang))
    _reader_options(p, lang)


def _reader_options(p: argparse.ArgumentParser, lang: str, layer: bool = True) -> None:
    """--sheet, --layer-name, --year (which part of each --layer file to read) and --problems-out."""
    if layer:
        p.add_argument("--sheet", help=tr("opt_sheet_layer", lang))
    p.add_argument("--layer-name", metavar="NAME", help=tr("opt_layer_name", lang))
    p.add_argument("--year", metavar="YYYY", help=tr("opt_year", lang))
    p.add_argument("--problems-out", metavar="FILE.csv", help=tr("opt_problems_out", lang, n=MAX_PROBLEMS))


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of ``geo-planner``, its help in ``lang`` (default: the run's language)."""
    lang = lang or lang_of()
    with argparse_in(lang):  # argparse's own words (-h, usage, section titles) in lang too
        return _parser(lang)


def _parser(lang: str) -> argparse.ArgumentParser:
    def h(key: str, **values: object) -> str:
        return tr(key, lang, **values)

    parser = argparse.ArgumentParser(prog=PROG, description=h("prog_description"))
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}", help=h("opt_version"))
    parser.add_argument("--lang", choices=("id", "en"), dest="global_lang", default=argparse.SUPPRESS,
                        help=h("opt_lang"))
    sub = parser.add_subparsers(dest="command", required=True, metavar=h("metavar_command"))

    data = sub.add_parser("data", help=h("cmd_data"), description=h("cmd_data"))
    data_sub = data.add_subparsers(dest="data_command", required=True, metavar=h("metavar_action"))
    fetch = data_sub.add_parser("fetch", help=h("cmd_fetch"), description=h("cmd_fetch"))
    fetch.add_argument("--province", default=None, help=h("opt_province"))
    fetch.add_argument("--levels", default=",".join(LEVELS), help=h("opt_levels", levels=",".join(LEVELS)))
    fetch.set_defaults(func=_cmd_fetch)

    rank = sub.add_parser("rank", help=h("cmd_rank"), description=h("cmd_rank"))
    _analysis_options(rank, lang)
    rank.add_argument("--out", metavar=h("metavar_file"), help=h("opt_out_table"))
    rank.set_defaults(func=_cmd_rank)

    map_ = sub.add_parser("map", help=h("cmd_map"), description=h("cmd_map"))
    _analysis_options(map_, lang)
    map_.add_argument("--out", required=True, metavar="FILE.html", help=h("opt_out_html"))
    map_.add_argument("--column", help=h("opt_column"))
    map_.add_argument("--fdr", action="store_true", help=h("opt_fdr_map"))
    map_.set_defaults(func=_cmd_map)

    pockets = sub.add_parser("pockets", help=h("cmd_pockets"), description=h("cmd_pockets"))
    _analysis_options(pockets, lang)
    pockets.add_argument("--flag", default="both", choices=("both", "hotspot", "underserved"), help=h("opt_flag"))
    pockets.add_argument("--fdr", action="store_true", help=h("opt_fdr"))
    pockets.add_argument("--permutations", type=int, default=999, help=h("opt_permutations"))
    pockets.add_argument("--seed", type=int, default=0, help=h("opt_seed"))
    pockets.add_argument("--out", metavar=h("metavar_file"), help=h("opt_out_table"))
    pockets.set_defaults(func=_cmd_pockets)

    validate = sub.add_parser("validate", help=h("cmd_validate"), description=h("cmd_validate"))
    validate.add_argument("file", help=h("opt_validate_file"))
    validate.add_argument("--level", default="kabkota", choices=LEVELS,
                          help=h("opt_validate_level", levels=", ".join(LEVELS)))
    validate.add_argument("--province", default=None, help=h("opt_province"))
    validate.add_argument("--sheet", help=h("opt_sheet"))
    _reader_options(validate, lang, layer=False)
    validate.set_defaults(func=_cmd_validate)

    from geo_planner.cli.planning import add_planning_commands
    from geo_planner.cli.serve import add_serve_command
    from geo_planner.cli.targets import add_cli as add_targets_commands
    from geo_planner.cli.users import add_cli as add_users_commands

    add_serve_command(sub, lang)
    add_planning_commands(sub, _analysis_options, lang)
    add_targets_commands(sub, lang)
    add_users_commands(sub, lang)
    from geo_planner.cli.export import add_export_command

    add_export_command(sub, _analysis_options, lang)
    return parser


def _os_message(exc: OSError, lang: str) -> str:
    if exc.filename and exc.strerror:
        return tr("os_error", lang, file=exc.filename, reason=exc.strerror)
    return str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 error, 2 usage).

    ``--lang id|en`` (anywhere) or ``GEO_PLANNER_LANG`` chooses the language of
    the help and messages; ``--lang`` also chooses the headers of what is
    written (default Indonesian).

    Examples
    --------
    >>> main(["rank", "--level", "kabkota", "--out", "ranked.csv"])  # doctest: +SKIP
    0
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    lang, rest = resolve_lang(argv)
    explicit = len(rest) != len(argv)  # --lang was given: it sets the output language too
    token = UI_LANG.set(lang)
    try:
        with language(lang):  # the library's messages in the command line's language
            return _run(rest, lang, explicit)
    finally:
        UI_LANG.reset(token)


def _run(rest: list[str], lang: str, explicit: bool) -> int:
    """Parse ``rest`` and run its command; a user's error is one sentence on stderr and status 1."""
    with argparse_in(lang):
        parser = build_parser()
        args = parser.parse_args(rest)
    args.ui_lang = lang
    if explicit or not hasattr(args, "lang"):
        args.lang = lang if explicit else "id"
    try:
        return int(args.func(args))
    except ValidationError as exc:
        out = getattr(args, "problems_out", None)
        if out:
            write_problems(exc.problems, out)
        errors = sum(p.severity == "error" for p in exc.problems)
        where = f"{Problem('', exc.file).where()}: " if exc.file else ""
        err(tr("error_line", lang, prog=PROG, message=tr("problems_found", lang, where=where, n=errors))
            + "\n" + "\n".join(problem_lines(exc.problems, out, lang)))
    except GeoPlannerError as exc:
        err(tr("error_line", lang, prog=PROG, message=exc))
    except OSError as exc:
        err(tr("error_line", lang, prog=PROG, message=_os_message(exc, lang)))
    except KeyboardInterrupt:
        err(tr("interrupted", lang, prog=PROG))
        return 130
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
