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

from geo_planner.cli.common import FORMATS, PRIVACY_MODES, PRIVACY_THRESHOLD, SUFFIXES, lang_of, say_privacy, warn
from geo_planner.i18n.cli import tr

__all__ = ["add_export_command"]


def _cmd_export(args: argparse.Namespace) -> int:
    from geo_planner.cli.common import build, warn_unmatched
    from geo_planner.outputs.gate import export

    lang = lang_of(args)
    analysis = build(args)
    warn_unmatched(analysis, args.unmatched_out, lang)
    if args.pockets:
        from geo_planner.pipeline import add_pockets

        analysis = add_pockets(analysis, permutations=args.permutations)
    if analysis.synthetic:
        warn(tr("synthetic_export", lang), lang)
    options: dict[str, object] = {"top": args.top, "headers": args.headers}
    if args.title:
        options["title"] = args.title
    report: dict = {}
    path = export(analysis, args.out, args.format, args.lang, privacy=args.privacy, threshold=args.threshold,
                  report=report, **options)
    n = int(analysis.units["rank"].notna().sum())
    print(tr("wrote_ranked", lang, path=path, n=n))
    say_privacy(report, path, lang)
    return 0


def _positive(text: str) -> int:
    lang = lang_of()
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("not_whole_number", lang, text=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(tr("at_least_1", lang, value=value))
    return value


def add_export_command(sub, analysis_options, lang: str | None = None) -> argparse.ArgumentParser:
    """Register ``export`` on the subparsers ``sub``; ``analysis_options`` adds --level, --layer, ...."""
    lang = lang or lang_of()

    def h(key: str, **values: object) -> str:
        return tr(key, lang, **values)

    p = sub.add_parser("export", help=h("cmd_export"), description=h("cmd_export"))
    analysis_options(p, lang)
    p.add_argument("--format", choices=FORMATS, default=None,
                   help=h("opt_format", formats=", ".join(FORMATS), suffixes=" ".join(SUFFIXES)))
    p.add_argument("--out", required=True, metavar=h("metavar_file"), help=h("opt_out_file"))
    p.add_argument("--privacy", choices=PRIVACY_MODES, default="suppress", help=h("opt_privacy"))
    p.add_argument("--threshold", type=_positive, default=PRIVACY_THRESHOLD,
                   help=h("opt_threshold", default=PRIVACY_THRESHOLD))
    p.add_argument("--top", type=_positive, default=20, help=h("opt_top"))
    p.add_argument("--headers", choices=("labels", "ids"), default="labels", help=h("opt_headers"))
    p.add_argument("--title", help=h("opt_title"))
    p.add_argument("--pockets", action="store_true", help=h("opt_pockets_first"))
    p.add_argument("--permutations", type=_positive, default=999, help=h("opt_permutations"))
    p.set_defaults(func=_cmd_export)
    return p
