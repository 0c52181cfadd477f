"""One vocabulary of what an indicator's number *is*, used by every module.

Five kinds of figure, plus one for scores, decide how a figure is read, rolled
up, protected and offered:

========  ==========================================  ==================  =========
kind      examples (unit)                             rolls up as         private
========  ==========================================  ==================  =========
count     jiwa, KK, KPM, rumah tangga, unit, titik    sum                 yes
area      ha, km2                                     sum                 no
money     Rp, rupiah, Rp juta                         sum                 no
rate      %, per 1000, Rp/kapita/bulan                population-weighted no
share     % of the unit's area (``L_share_pct``)      area over area      no
index     IDM, skor, indeks (0-1, 0-100)              mean                no
========  ==========================================  ==================  =========

*private* kinds are the small counts of people, households or houses that the
export gate suppresses at desa level (:mod:`geo_planner.outputs.privacy`).

The kind is the indicator's own ``kind`` when set (a manifest column, a
spatial layer), else :func:`kind_of` reads it from the unit, then the id and
label. An unknown kind is ``""``: such a figure is shown and scored but never
rolled up by guess (:func:`aggregation` raises).

>>> kind_of("jumlah_penduduk_miskin", "jiwa"), kind_of("poverty_rate", "%"), kind_of("luas_kumuh", "ha")
('count', 'rate', 'area')
>>> kind_of("rtlh", ""), kind_of("anggaran", "Rp juta"), kind_of("idm_2024", "indeks")
('count', 'money', 'index')
"""

from __future__ import annotations

import re

from geo_planner.errors import InputError
from geo_planner.i18n.messages import msg

__all__ = ["KINDS", "PRIVATE_KINDS", "SUM_KINDS", "AGGREGATIONS", "kind_of", "indicator_kind", "aggregation",
           "is_private", "is_count", "counts_people", "PEOPLE_UNITS"]

KINDS = ("count", "area", "money", "rate", "share", "index")
PRIVATE_KINDS = frozenset({"count"})
SUM_KINDS = frozenset({"count", "area", "money"})
# how each kind rolls up; "area_share" is the share recomputed as area over area
AGGREGATIONS = {"count": "sum", "area": "sum", "money": "sum", "rate": "weighted_mean",
                "share": "area_share", "index": "mean"}

# Units, lower-cased and spaces collapsed, checked first and whole.
_UNIT_KINDS = {
    **dict.fromkeys(("jiwa", "orang", "penduduk", "people", "persons", "person", "kk", "keluarga", "families",
                     "rumah tangga", "ruta", "rt", "rtm", "households", "household", "kpm", "penerima", "unit",
                     "units", "rumah", "houses", "titik", "points", "anak", "balita", "lansia", "kelompok",
                     "groups", "buah", "desa", "sekolah", "lokasi", "paket", "kasus", "cases", "sambungan",
                     "connections", "bidang", "jamban"), "count"),
    **dict.fromkeys(("ha", "hektar", "hectare", "hectares", "km2", "m2"), "area"),
    **dict.fromkeys(("rp", "rupiah", "idr", "rp juta", "rp miliar", "ribu rupiah", "juta rupiah"), "money"),
    **dict.fromkeys(("%", "persen", "percent", "permil", "‰"), "rate"),
    **dict.fromkeys(("indeks", "index", "skor", "score", "poin", "nilai"), "index"),
}
# Words of an id, label or unit, checked in this order when the unit alone does not tell.
_WORDS = (
    ("share", ("share", "pangsa", "proporsi_luas")),
    ("rate", ("%", "persen", "percent", "persentase", "rate", "rasio", "ratio", "pct", "p0", "p1", "p2",
              "tingkat")),
    ("index", ("indeks", "index", "skor", "score", "idm", "iks", "ike", "ikl", "status")),
    ("area", ("ha", "hektar", "luas", "area", "km2")),
    ("money", ("rp", "rupiah", "anggaran", "budget", "biaya", "cost", "dana")),
    ("count", ("jumlah", "count", "jiwa", "kk", "kpm", "penerima", "households", "rumah", "keluarga",
               "beneficiaries", "recipients", "people", "population", "penduduk", "orang", "rtlh", "unit",
               "titik", "kelompok", "sum")),
)


def _norm(text: object) -> str:
    return re.sub(r"\s+", " ", str(text or "").strip().lower())


def kind_of(indicator_id: str, unit: str = "", label: str = "") -> str:
    """The kind of a figure from its unit, else its id and label; ``""`` when none tells.

    A unit with ``/`` or the word ``per`` (``Rp/kapita/bulan``, ``per 1000 penduduk``) is a rate.
    """
    u = _norm(unit)
    if u:
        if "/" in u or re.search(r"\bper\b", u):
            return "rate"
        if u in _UNIT_KINDS:
            return _UNIT_KINDS[u]
        if "%" in u:
            return "rate"
        if u.startswith("rp") or "rupiah" in u:
            return "money"
        first = u.split(" ")[0]
        if first in _UNIT_KINDS:
            return _UNIT_KINDS[first]
    words = [w for w in re.split(r"[^a-z0-9%]+", f"{_norm(indicator_id)} {_norm(label)} {u}") if w]
    if str(indicator_id).endswith("_share_pct"):
        return "share"
    for kind, hints in _WORDS:
        if any(w in hints for w in words):
            return kind
    return ""


def indicator_kind(indicator: object) -> str:
    """The kind of an :class:`~geo_planner.layers.model.Indicator`: its own ``kind`` when set,
    else its ``aggregation`` when that says ``sum`` of an unknown unit (a count), else :func:`kind_of`."""
    own = str(getattr(indicator, "kind", "") or "")
    if own:
        if own not in KINDS:
            raise InputError(msg("kinds_bad_kind", indicator=getattr(indicator, "id", "?"), kinds=", ".join(KINDS),
                                 value=own), column=getattr(indicator, "id", None))
        return own
    found = kind_of(getattr(indicator, "id", ""), getattr(indicator, "unit", ""),
                    getattr(indicator, "label_id", ""))
    return found


def aggregation(indicator: object) -> str:
    """How an indicator rolls up: ``sum``, ``weighted_mean`` (by population), ``area_share`` or ``mean``.

    The indicator's own ``aggregation`` wins when set; otherwise its kind decides.

    Raises
    ------
    InputError
        When neither tells (an empty or unknown unit): guessing could add up rates.
    """
    own = str(getattr(indicator, "aggregation", "") or "")
    ident = getattr(indicator, "id", "?")
    if own:
        if own not in set(AGGREGATIONS.values()):
            raise InputError(msg("kinds_bad_aggregation", indicator=ident,
                                 aggregations=", ".join(sorted(set(AGGREGATIONS.values()))), value=own), column=ident)
        return own
    kind = indicator_kind(indicator)
    if not kind:
        raise InputError(msg("kinds_unknown", indicator=ident, unit=getattr(indicator, "unit", "")), column=ident)
    return AGGREGATIONS[kind]


# counts of things, not of people, households or houses: never small-count protected
_IMPERSONAL_UNITS = frozenset({"desa", "sekolah", "lokasi", "paket", "buah", "kelompok", "groups", "bidang",
                               "kasus", "cases"})


def is_private(indicator_id: str, indicator: object | None) -> bool:
    """True for counts of people, households, houses or points (suppressed when small at desa level);
    counts of schools, villages, groups or packages are not private."""
    if indicator is None:
        return kind_of(indicator_id) in PRIVATE_KINDS
    if _norm(getattr(indicator, "unit", "")) in _IMPERSONAL_UNITS:
        return False
    return indicator_kind(indicator) in PRIVATE_KINDS


# units of a count of people or families: what a programme package reaches
PEOPLE_UNITS = frozenset({"jiwa", "orang", "penduduk", "people", "persons", "rumah tangga", "ruta", "rt", "rtm",
                          "households", "keluarga", "families", "kpm", "kk"})


def is_count(indicator: object) -> bool:
    """True when the figure is a count of something (people, households, houses, groups, points)."""
    return indicator_kind(indicator) == "count"


def counts_people(indicator: object) -> bool:
    """True when the figure counts people or families (jiwa, KK, KPM, rumah tangga): a need count a
    programme's packages can be shared by."""
    return is_count(indicator) and _norm(getattr(indicator, "unit", "")) in PEOPLE_UNITS
