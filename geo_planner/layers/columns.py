"""Column names of user tables: indicator ids, and the names geo-planner keeps for itself.

:func:`slugify` turns a header into an indicator id. A user column named like
a column the product writes beside the figures (``code``, ``name``,
``level``, ``rank``, ``priority_score``, the pocket columns ...
:data:`RESERVED_COLUMNS`, or ``need_<id>``), compared after :func:`slugify` so
that ``Rank`` and ``LEVEL`` count, would collide with it in every table and
file; :func:`rename_reserved` gives such a figure the id ``<id>_user`` and
says so in a warning that names the file, the column and the new name.
The unmatched-rows report keeps the user's own columns beside ``row``,
``reason``, ``layer`` and ``file`` (:data:`REPORT_COLUMNS`); a user column of
one of those names is renamed there the same way (:func:`report_renames`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

import pandas as pd

from geo_planner.errors import Problem
from geo_planner.i18n import t
from geo_planner.i18n.messages import msg

__all__ = ["slugify", "RESERVED_COLUMNS", "RESERVED_PREFIXES", "REPORT_COLUMNS", "is_reserved", "free_name",
           "rename_reserved", "report_renames"]

# Columns the product writes beside the figures (units, scores, pockets): a user figure must not take one of
# these names, nor ``need_<id>`` (the 0-100 need of an indicator).
RESERVED_COLUMNS = frozenset({
    "code", "name", "level", "parent", "bps_code", "rank", "priority_score", "priority_class",
    "indicators_used", "score", "geometry",
    "coverage_score", "bivariate", "underserved", "gi_class", "moran_quadrant", "pocket",
})
RESERVED_PREFIXES = ("need_",)
# Columns of the unmatched-rows and province-rows reports, beside the user's own columns.
REPORT_COLUMNS = frozenset({"row", "reason", "layer", "file"})


def slugify(text: str) -> str:
    """Column header -> indicator id: ``'Jumlah RTLH (unit)'`` -> ``'jumlah_rtlh'``."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    s = re.sub(r"\(.*?\)", " ", s.lower())
    s = s.replace("%", " persen ")
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_")
    if not s or s[0].isdigit():
        s = f"col_{s}"
    return s


def is_reserved(column: object) -> bool:
    """True when ``column`` (after :func:`slugify`, so case does not matter) names an output column.

    >>> is_reserved("Rank"), is_reserved("LEVEL"), is_reserved("Priority Score"), is_reserved("RTLH")
    (True, True, True, False)
    """
    s = slugify(column)
    return s in RESERVED_COLUMNS or s.startswith(RESERVED_PREFIXES)


def free_name(base: str, taken: set[str]) -> str:
    """``<base>_user``, or ``<base>_user2``, ... when that is taken too.

    >>> free_name("rank", {"rank_user"})
    'rank_user2'
    """
    new, n = f"{base}_user", 2
    while new in taken or new in RESERVED_COLUMNS or new in REPORT_COLUMNS:
        new, n = f"{base}_user{n}", n + 1
    return new


def rename_reserved(figs: pd.DataFrame, indicators: dict, headers: dict[str, str], file: str,
                    problems: list[Problem]) -> pd.DataFrame:
    """Give a figure named like an output column the id ``<id>_user`` and say so (a warning in ``problems``).

    ``figs`` is the long table of figures (column ``indicator``), ``indicators``
    the metadata of each of its ids (renamed in place, labels marked "(kolom
    Anda)" / "(your column)"), ``headers`` the original header of an id.
    """
    taken = set(figs["indicator"]) | set(indicators)
    renames = {}
    for ind in figs["indicator"].unique():
        if not is_reserved(ind):
            continue
        new = free_name(slugify(ind), taken)
        taken.add(new)
        renames[ind] = new
        header = headers.get(ind, ind)
        problems.append(Problem(
            msg("columns_reserved", header=header, reserved=slugify(ind), new=new), file=file, column=str(header),
            severity="warning"))
        old = indicators.pop(ind)
        indicators[new] = replace(old, id=new, label_id=t("own_column", "id", label=old.label_id),
                                  label_en=t("own_column", "en", label=old.label_en))
    if renames:
        figs = figs.assign(indicator=figs["indicator"].replace(renames))
    return figs


def report_renames(columns, file: str, problems: list[Problem], reported: bool) -> dict[str, str]:
    """User columns named like a column of the unmatched-rows report -> their new name; a warning each
    when rows are ``reported``."""
    cols = [str(c) for c in columns]
    clash = {c: free_name(slugify(c), set(cols)) for c in cols if slugify(c) in REPORT_COLUMNS}
    if clash and reported:
        problems.extend(Problem(msg("columns_report_clash", column=c, new=new), file=file, column=c,
                                severity="warning") for c, new in clash.items())
    return clash
