"""``geo-planner export``: the priority list in every format planners pass on.

    geo-planner export --level desa --format gpkg --out prioritas.gpkg
    geo-planner export --level kabkota --format rpkd --out lokasi_prioritas.xlsx --top 20
    geo-planner export --level desa --within 64.02 --pockets --out laporan.pdf

The format comes from ``--format`` or the suffix of ``--out`` (see
:data:`geo_planner.outputs.formats.SUFFIXES`); every file goes through the export gate
(:func:`geo_planner.outputs.gate.write`). Registered by
:func:`geo_planner.cli.commands.build_parser` through :func:`add_export_command`.
"""

from __future__ import annotations

import argparse
import sys

from geo_planner.outputs.privacy import DEFAULT_THRESHOLD, MODES

__all__ = ["add_export_command"]


def _cmd_export(args: argparse.Namespace) -> int:
    from geo_planner.cli.common import PROG, build, warn_unmatched
    from geo_planner.outputs.gate import export

    analysis = build(args)
    warn_unmatched(analysis, args.unmatched_out)
    if args.pockets:
        from geo_planner.pipeline import add_pockets

        analysis = add_pockets(analysis, permutations=args.permutations)
    if analysis.synthetic:
        print(f"{PROG}: warning: the export holds SYNTHETIC (demo) data, not official figures; it is marked so",
              file=sys.stderr)
    options: dict[str, object] = {"top": args.top, "headers": args.headers}
    if args.title:
        options["title"] = args.title
    path = export(analysis, args.out, args.format, args.lang, privacy=args.privacy, threshold=args.threshold,
                  **options)
    n = int(analysis.units["rank"].notna().sum())
    print(f"wrote {path} ({n} ranked units)")
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def add_export_command(sub, analysis_options) -> argparse.ArgumentParser:
    """Register ``export`` on the subparsers ``sub``; ``analysis_options`` adds --level, --layer, ...."""
    from geo_planner.outputs.formats import FORMATS, SUFFIXES

    p = sub.add_parser("export", help="write the priority list as CSV, XLSX, RPKD table, GeoJSON, GeoPackage, "
                       "zipped Shapefile, KML or a PDF report")
    analysis_options(p)
    p.add_argument("--format", choices=FORMATS, default=None,
                   help=f"output format (default: from the --out suffix, one of {' '.join(SUFFIXES)}); "
                        "rpkd = the RPKD priority-locations table (.xlsx or .csv)")
    p.add_argument("--out", required=True, metavar="FILE", help="file to write")
    p.add_argument("--privacy", choices=MODES, default="suppress",
                   help="small counts at desa level: suppress (default, empty cells), round (to a multiple of "
                        "--threshold) or none")
    p.add_argument("--threshold", type=_positive, default=DEFAULT_THRESHOLD,
                   help=f"counts below this are protected (default {DEFAULT_THRESHOLD})")
    p.add_argument("--top", type=_positive, default=20, help="rows of the PDF table and of the RPKD table "
                   "(default 20)")
    p.add_argument("--headers", choices=("labels", "ids"), default="labels",
                   help="CSV headers: labels in --lang (default) or machine ids")
    p.add_argument("--title", help="title of the PDF report")
    p.add_argument("--pockets", action="store_true", help="compute poverty pockets first (fills the pocket "
                   "columns)")
    p.add_argument("--permutations", type=_positive, default=999, help="permutations for the pockets' "
                   "hotspot tests (default 999)")
    p.set_defaults(func=_cmd_export)
    return p
