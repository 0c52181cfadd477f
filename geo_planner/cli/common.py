"""What every ``geo-planner`` subcommand shares: the program name, the language, the
choices the parser offers, the one way to build an analysis from the common options,
and the report of unmatched rows.

The command modules (:mod:`.commands`, :mod:`.export`, :mod:`.planning`,
:mod:`.targets`, :mod:`.users`, :mod:`.serve`) import from here and never from each
other, so the CLI has no import cycle. This module imports nothing heavy at the top:
``geo-planner --help`` builds the whole parser without pandas or geopandas. The
choices below repeat the library's (``tests/test_cli_startup.py`` checks that they
are equal), so the parser need not import the modules that define them.
"""

from __future__ import annotations

import argparse
import contextvars
import os
import sys

from geo_planner.errors import InputError
from geo_planner.i18n.cli import tr

__all__ = ["PROG", "MAX_LISTED", "LEVELS", "FORMATS", "SUFFIXES", "PRIVACY_MODES", "PRIVACY_THRESHOLD",
           "STATUSES", "ROLES", "ALLOCATION_METHODS", "UI_LANG", "lang_of", "err", "warn", "say_privacy",
           "split_list", "directions", "build", "warn_unmatched",
           "write_unmatched", "first_text", "MAX_PROBLEMS", "sheet_arg", "layer_sources", "problem_lines",
           "write_problems"]

PROG = "geo-planner"
MAX_LISTED = 10
MAX_PROBLEMS = 20  # problems printed; --problems-out FILE writes all of them

# the library's choices (sources.boundaries.LEVELS, outputs.formats.FORMATS / SUFFIXES,
# outputs.privacy.MODES / DEFAULT_THRESHOLD, planning.targets.registry.STATUSES, planning.targets.access.ROLES)
LEVELS = ("province", "kabkota", "kecamatan", "desa")
FORMATS = ("csv", "xlsx", "rpkd", "geojson", "gpkg", "shp", "kml", "pdf")
SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg",
            ".zip": "shp", ".shp": "shp", ".kml": "kml", ".pdf": "pdf"}
PRIVACY_MODES = ("suppress", "round", "none")
PRIVACY_THRESHOLD = 5
STATUSES = ("planned", "funded", "in_progress", "done")
ROLES = ("viewer", "editor", "admin")
ALLOCATION_METHODS = ("equal", "proportional", "optimised", "fair")  # planning.allocate.METHODS


UI_LANG: contextvars.ContextVar[str | None] = contextvars.ContextVar("geo_planner_cli_lang", default=None)


def lang_of(args: argparse.Namespace | None = None) -> str:
    """The language of this run's help and messages.

    What :func:`geo_planner.cli.commands.main` resolved (``--lang``, then
    ``GEO_PLANNER_LANG``, then Indonesian); for a parser used on its own, the
    environment variable, else the command's ``--lang``.
    """
    chosen = getattr(args, "ui_lang", None) or UI_LANG.get()
    if chosen:
        return chosen
    env = (os.environ.get("GEO_PLANNER_LANG") or "").strip().lower()
    if env in ("id", "en"):
        return env
    return "en" if getattr(args, "lang", None) == "en" else "id"


def err(text: str) -> None:
    print(text, file=sys.stderr)


def warn(message: str, lang: str) -> None:
    """``geo-planner: warning: ...`` (``peringatan`` in Indonesian) on stderr."""
    err(tr("warning_line", lang, prog=PROG, message=message))


def say_privacy(report: dict, path: object, lang: str) -> None:
    """Beside a file written: how many small counts the export gate hid or rounded in it (else nothing)."""
    cells, units = int(report.get("cells") or 0), int(report.get("units_with_hidden_counts") or 0)
    if not report.get("applied") or not cells:
        return
    key = "privacy_rounded" if report.get("mode") == "round" else "privacy_suppressed"
    warn(tr(key, lang, cells=cells, units=units, below=int(report.get("threshold") or 5) - 1, path=path), lang)


def split_list(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def directions(text: str | None, lang: str = "id") -> dict[str, str]:
    out = {}
    for part in split_list(text):
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(tr("bad_direction", lang, part=part))
        out[key.strip()] = value.strip()
    return out


def build(args: argparse.Namespace, *, classes: bool = True):
    """The analysis the arguments ask for; ``classes=False`` when no map is drawn (no mapclassify)."""
    from geo_planner.analysis.priority import parse_weights
    from geo_planner.pipeline import build_analysis

    lang = lang_of(args)
    weights = parse_weights(args.weights) if args.weights else None
    analysis = build_analysis(args.level, args.province, layer_sources(args), weights,
                              directions=directions(args.direction, lang), include_builtin=not args.no_builtin,
                              boundary_file=args.boundaries, within=args.within, synthetic=args.synthetic,
                              engine=args.engine, scheduler=args.scheduler, classes=classes)
    for problem in getattr(analysis, "problems", ()):  # warnings of the layers (errors were raised)
        warn(str(problem), lang)
    return analysis


def first_text(row) -> str:
    import pandas as pd

    for col, value in row.items():
        if col in ("layer", "file", "row", "reason") or value is None or pd.isna(value):
            continue
        if str(value).strip():
            return str(value).strip()
    return ""


def warn_unmatched(analysis, unmatched_out: str | None, lang: str = "id") -> None:
    u = analysis.unmatched
    if u.empty:
        return
    for file, grp in u.groupby("file", sort=False, dropna=False):
        lines = [tr("row_key_reason_inline", lang, row=int(r["row"]), key=first_text(r), reason=r["reason"])
                 for _, r in grp.head(MAX_LISTED).iterrows()]
        more = tr("and_more", lang, n=len(grp) - MAX_LISTED) if len(grp) > MAX_LISTED else ""
        warn(tr("unmatched_rows", lang, n=len(grp), file=file, rows="; ".join(lines) + more), lang)
    if unmatched_out:
        write_unmatched(u, unmatched_out)
        err(tr("unmatched_written", lang, prog=PROG, path=unmatched_out))
    else:
        err(tr("unmatched_hint", lang, prog=PROG))


def write_unmatched(u, path: str) -> None:
    """The unmatched rows through the export gate (formula-safe, household-level rows stripped, provenance)."""
    from geo_planner.outputs.gate import write
    from geo_planner.outputs.plan_tables import rows_table

    write(rows_table(u, title=tr("sheet_unmatched", "id"), name="tidak_cocok",
                     source=tr("sheet_unmatched_source", "en")), path)


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


def problem_lines(problems, out: str | None, lang: str | None = None) -> list[str]:
    """The first MAX_PROBLEMS problems, one short line each, and a last line with the total and --problems-out."""
    lang = lang or lang_of()
    lines = [f"- {_short(p)}" for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        more, n = len(problems) - MAX_PROBLEMS, len(problems)
        lines.append(tr("problems_more_out", lang, more=more, n=n, out=out) if out else
                     tr("problems_more_hint", lang, more=more, n=n))
    return lines


def write_problems(problems, path: str) -> None:
    """Every problem, one row each (severity, file, row, column, unit, message), through the export gate."""
    import pandas as pd

    from geo_planner.outputs.gate import Table, write

    frame = pd.DataFrame([p.to_dict() for p in problems],
                         columns=["severity", "file", "row", "column", "unit", "message"])
    frame["row"] = frame["row"].astype("Int64")
    write(Table(frame, tr("sheet_problems", "id"), provenance={"source": tr("sheet_problems_source", "en")},
                name="masalah"), path)
