"""Planning commands of ``geo-planner``: lead offices, budget allocation, distance to target.

Registered by :func:`geo_planner.cli.commands.build_parser`; each command is a few
calls into :mod:`geo_planner.planning.sectors`, :mod:`geo_planner.planning.allocate` and
:mod:`geo_planner.planning.goals`. Errors are :class:`~geo_planner.errors.GeoPlannerError`
and reach the user as one sentence (see :func:`geo_planner.cli.commands.main`).
"""

from __future__ import annotations

import argparse

from geo_planner.cli.common import ALLOCATION_METHODS, lang_of
from geo_planner.errors import InputError
from geo_planner.i18n.cli import tr

__all__ = ["add_planning_commands"]


def _write(item, path: str, lang: str) -> None:
    """CSV (UTF-8 with BOM) or XLSX through the export gate (privacy, formula safety, provenance)."""
    from geo_planner.outputs.gate import write

    print(tr("wrote", lang_of(), path=write(item, path, lang=lang)))


def _cmd_lead(args: argparse.Namespace) -> int:
    from geo_planner.cli.common import build
    from geo_planner.pipeline import add_pockets
    from geo_planner.planning.sectors import lead_sectors, pocket_lead

    analysis = build(args)
    if args.pockets:
        analysis = add_pockets(analysis, permutations=args.permutations)

    def lead(a):
        if args.pockets:
            return pocket_lead(a, basis=args.basis, lang=args.lang).reset_index()
        table = lead_sectors(a, basis=args.basis, lang=args.lang).reset_index()
        return table.sort_values("score", ascending=False, na_position="last")

    if args.out:
        from geo_planner.outputs.plan_tables import lead_table

        title = tr("sheet_lead", args.lang)
        _write(lead_table(analysis, lead, title=title, name="sektor_pemimpin",
                          code=None if args.pockets else "code"), args.out, args.lang)
        return 0
    table = lead(analysis)
    cols = [c for c in ("code", "pocket", "name", "n_units", "score", "lead_office", "lead_share", "text")
            if c in table.columns]
    print(table[cols].to_string(index=False, max_colwidth=70, float_format=lambda v: f"{v:,.2f}"))
    return 0


def _cmd_allocate(args: argparse.Namespace) -> int:
    from geo_planner.cli.common import build
    from geo_planner.i18n import column_label
    from geo_planner.planning.allocate import compare, need_options
    from geo_planner.planning.allocation_tables import summary

    lang = lang_of(args)
    analysis = build(args)
    units = analysis.units.drop(columns="geometry")
    counts = need_options(analysis.indicators, units.columns)
    if not counts:
        raise InputError(tr("no_need_count", lang, level=args.level))
    need = args.need or counts[0]
    reach = args.reach or need
    for option, col in (("--need", need), ("--reach", reach)):
        if col not in counts:
            raise InputError(tr("not_a_need_count", lang, option=option, column=col, counts=", ".join(counts)),
                             column=col)
    methods = ALLOCATION_METHODS if args.method == "all" else (args.method,)
    result = compare(units, budget=args.budget, unit_cost=args.unit_cost, methods=methods,
                     min_units=args.min, max_units=args.max, reach_column=reach, need_column=need)
    labels = {c: column_label(c, analysis.indicators, args.lang) for c in {need, reach}}
    print(summary(result, args.lang, labels))
    if args.out:
        from geo_planner.outputs.plan_tables import allocation_file

        _write(allocation_file(result, analysis, reach=reach, need=need, lang=args.lang, labels=labels),
               args.out, args.lang)
    return 0


def _cmd_goal(args: argparse.Namespace) -> int:
    from geo_planner.planning.goals import distance_to_target

    try:
        targets = tuple(float(t.replace(",", ".")) for t in args.target.split("/"))
    except ValueError:
        raise InputError(tr("bad_target", lang_of(args), text=args.target)) from None
    table = distance_to_target(target_rate=targets, rule=args.rule, lang=args.lang)
    print(table.attrs.get("rule_text", ""))
    if args.out:
        from geo_planner.outputs.plan_tables import goal_file

        title = tr("sheet_goal", args.lang)
        _write(goal_file(table, title=title, lang=args.lang, provenance={"rule": args.rule, "target": args.target}),
               args.out, args.lang)
        return 0
    cols = ["target_rate", "level", "code", "name", "poverty_rate", "poor_population", "must_leave", "rate_after",
            "note"]
    print(table[[c for c in cols if c in table.columns]].to_string(
        index=False, max_colwidth=60, float_format=lambda v: f"{v:,.2f}"))
    return 0


def add_planning_commands(sub, analysis_options, lang: str | None = None) -> None:
    """Register ``lead``, ``allocate`` and ``goal`` on the CLI's subparsers."""
    lang = lang or lang_of()

    def h(key: str, **values: object) -> str:
        return tr(key, lang, **values)

    lead = sub.add_parser("lead", help=h("cmd_lead"), description=h("cmd_lead"))
    analysis_options(lead, lang)
    lead.add_argument("--basis", default="weights", choices=("weights", "all"), help=h("opt_basis"))
    lead.add_argument("--pockets", action="store_true", help=h("opt_per_pocket"))
    lead.add_argument("--permutations", type=int, default=999, help=h("opt_permutations"))
    lead.add_argument("--out", metavar=h("metavar_file"), help=h("opt_out_csv_xlsx"))
    lead.set_defaults(func=_cmd_lead)

    alloc = sub.add_parser("allocate", help=h("cmd_allocate"), description=h("cmd_allocate"))
    analysis_options(alloc, lang)
    alloc.add_argument("--budget", type=float, required=True, help=h("opt_budget"))
    alloc.add_argument("--unit-cost", type=float, required=True, help=h("opt_unit_cost"))
    alloc.add_argument("--min", type=int, default=0, help=h("opt_min"))
    alloc.add_argument("--max", type=int, default=None, help=h("opt_max"))
    alloc.add_argument("--need", metavar="COLUMN", default=None, help=h("opt_need"))
    alloc.add_argument("--reach", metavar="COLUMN", default=None, help=h("opt_reach"))
    alloc.add_argument("--method", default="all", choices=("all", *ALLOCATION_METHODS),
                       help=h("opt_method"))
    alloc.add_argument("--out", metavar=h("metavar_file"), help=h("opt_out_allocation"))
    alloc.set_defaults(func=_cmd_allocate)

    goal = sub.add_parser("goal", help=h("cmd_goal"), description=h("cmd_goal"))
    goal.add_argument("--target", default="3/4", help=h("opt_target"))
    goal.add_argument("--rule", default="proportional_to_poor",
                      choices=("proportional_to_poor", "equal_rate_cut", "converge_to_target"), help=h("opt_rule"))
    goal.add_argument("--lang", default="id", choices=("id", "en"), help=h("opt_lang_headers"))
    goal.add_argument("--out", metavar=h("metavar_file"), help=h("opt_out_csv_xlsx"))
    goal.set_defaults(func=_cmd_goal)
