"""Region codes and names: normalise, crosswalk BPS <-> Kemendagri, match.

Boundary files use Kemendagri codes (``64.02``); statistics tables use BPS
codes (``6403``) or names in many spellings. For Kalimantan Timur the two
numbering systems differ at regency level, so a BPS code must never be read as
a Kemendagri code with the dot removed: BPS ``6403`` is Kutai Kartanegara,
Kemendagri ``64.03`` is Berau.

The main entry point is :func:`match_keys`, which resolves one column of keys
(codes or names) against a set of units and says, row by row, how each key was
matched, or why it was not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from geo_planner.i18n.messages import msg

__all__ = [
    "BPS_TO_KEMENDAGRI",
    "KEMENDAGRI_TO_BPS",
    "normalise_name",
    "name_kind",
    "classify_key",
    "match_keys",
    "PROVINCE_TOTAL",
    "recover_code",
    "lost_digits",
    "undotted",
    "total_names",
    "match_codes",
]

# Kemendagri -> BPS for the kab/kota of Kalimantan Timur (DOMAIN.md). Extend per
# province as crosswalks are sourced; never derive one by dropping the dot.
KEMENDAGRI_TO_BPS: dict[str, str] = {
    "64.01": "6401",  # Paser
    "64.02": "6403",  # Kutai Kartanegara
    "64.03": "6405",  # Berau
    "64.07": "6402",  # Kutai Barat
    "64.08": "6404",  # Kutai Timur
    "64.09": "6409",  # Penajam Paser Utara
    "64.11": "6411",  # Mahakam Ulu
    "64.71": "6471",  # Balikpapan
    "64.72": "6472",  # Samarinda
    "64.74": "6474",  # Bontang
}
BPS_TO_KEMENDAGRI: dict[str, str] = {b: k for k, b in KEMENDAGRI_TO_BPS.items()}

# Province codes: the two systems agree at province level.
PROVINCE_NAMES: dict[str, tuple[str, ...]] = {
    "64": ("kalimantan timur", "kaltim"),
}

# Common abbreviations planners write, mapped to the normalised core name.
ALIASES: dict[str, str] = {
    "kukar": "kutai kartanegara",
    "kubar": "kutai barat",
    "kutim": "kutai timur",
    "ppu": "penajam paser utara",
    "penajam": "penajam paser utara",
    "mahulu": "mahakam ulu",
    "bpp": "balikpapan",
    "smd": "samarinda",
    "btg": "bontang",
}

PROVINCE_TOTAL = "province_total"

_PREFIXES = (
    ("kabupaten", "kab"),
    ("kab", "kab"),
    ("kotamadya", "kota"),
    ("kota adm", "kota"),
    ("kota administrasi", "kota"),
    ("kota", "kota"),
    ("kecamatan", "kec"),
    ("kec", "kec"),
    ("kelurahan", "kel"),
    ("kel", "kel"),
    ("desa", "desa"),
    ("provinsi", "prov"),
    ("prov", "prov"),
)
_TOTAL_WORDS = {"total", "jumlah", "jumlah total", "provinsi", "kalimantan timur total"}
_KEMENDAGRI_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_DIGITS_RE = re.compile(r"^\d+$")


def _ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _split_prefix(text: str) -> tuple[str | None, str]:
    """Return (kind, rest) where kind is 'kab', 'kota', ... or None."""
    for word, kind in _PREFIXES:
        if text == word:
            return kind, ""
        if text.startswith(word + " "):
            return kind, text[len(word) + 1 :]
    return None, text


def _clean(text: object) -> str:
    s = _ascii_fold(str(text)).lower()
    s = s.replace("’", "'").replace("`", "'")
    s = re.sub(r"\((kab|kabupaten|kota)\)", r" \1 ", s)  # "Balikpapan (kota)"
    s = re.sub(r"[\.,_/\-]+", " ", s)
    s = s.replace("'", "")  # "Mu'ut" == "Muut"
    return re.sub(r"\s+", " ", s).strip()


def name_kind(name: object) -> str | None:
    """Administrative kind written in a name: 'kab', 'kota', 'kec', ... or None.

    >>> name_kind("Kab. Kutai Kartanegara"), name_kind("Samarinda (kota)")
    ('kab', 'kota')
    """
    s = _clean(name)
    kind, _ = _split_prefix(s)
    if kind is None:
        m = re.search(r"\b(kab|kabupaten|kota)$", s)
        if m:
            kind = "kab" if m.group(1).startswith("kab") else "kota"
    return kind


def normalise_name(name: object) -> str:
    """Normalise a region name to a comparable core.

    Drops "Kab.", "Kabupaten", "Kota", case, punctuation, spacing and accents,
    and expands common abbreviations.

    >>> normalise_name("KAB.  Kutai  Kartanegara")
    'kutai kartanegara'
    >>> normalise_name("Kukar"), normalise_name("Kota Samarinda")
    ('kutai kartanegara', 'samarinda')
    """
    s = _clean(name)
    _, s = _split_prefix(s)
    s = re.sub(r"\s+\b(kab|kabupaten|kota)$", "", s).strip()
    return ALIASES.get(s, s)


def _normalise_code(key: str) -> str:
    return re.sub(r"\s+", "", key).lstrip("'’`").rstrip(".")


_FLOAT_INT_RE = re.compile(r"^(\d+)[.,]0+$")        # 6402.0: a BPS code read as a float
_ONE_DOT_RE = re.compile(r"^(\d{2})[.,](\d{1,2})$")  # 64.01 / 64,01 / 64,1 (64.10 as a number)
_LOST_RE = re.compile(r"^\d+(?:[.,]\d+)?[eE][+-]?\d+$")  # 6,40216E+09: digits lost in a spreadsheet


def recover_code(key: object) -> str:
    """The code a spreadsheet cell meant: apostrophe, spaces, float and decimal-comma damage undone.

    A Kemendagri regency code typed in a General cell becomes a number, so
    ``64.10`` arrives as ``64.1`` (or ``64,1`` from a workbook) and ``64.01`` as
    ``64,01``; a BPS code read as a float is ``6402.0``; a code kept as text
    by a leading apostrophe is ``'6403``. Each is unambiguous: a Kemendagri
    regency code has two digits after its dot. Anything else is returned as
    written (trimmed).

    >>> [recover_code(k) for k in ("64,01", "64.1", "6402.0", "'6403", " 64.02.16 ")]
    ['64.01', '64.10', '6402', '6403', '64.02.16']
    """
    s = _normalise_code(str(key).strip())
    m = _FLOAT_INT_RE.match(s)
    if m:
        return m.group(1)
    m = _ONE_DOT_RE.match(s)
    if m:
        return f"{m.group(1)}.{m.group(2).ljust(2, '0')}"
    return s


def lost_digits(key: object) -> bool:
    """True when a code cell is a number in scientific notation (``6,40216E+09``): its digits are lost."""
    return bool(_LOST_RE.match(_normalise_code(str(key).strip())))


def undotted(code: str) -> str | None:
    """A Kemendagri code written without dots (``6402162001``, ``640216``) with its dots, else None.

    >>> undotted("6402162001"), undotted("640216"), undotted("6403")
    ('64.02.16.2001', '64.02.16', None)
    """
    if len(code) == 10 and code.isdigit():
        return f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}"
    if len(code) == 6 and code.isdigit():
        return f"{code[:2]}.{code[2:4]}.{code[4:]}"
    return None


def classify_key(key: object) -> str:
    """Say what a key looks like: 'kemendagri', 'bps', 'name' or 'empty'.

    >>> classify_key("64.02"), classify_key("6403"), classify_key("Kukar")
    ('kemendagri', 'bps', 'name')
    """
    if key is None or (isinstance(key, float) and pd.isna(key)):
        return "empty"
    s = str(key).strip()
    if not s or s.lower() in {"nan", "none"}:
        return "empty"
    if lost_digits(s):
        return "bps"  # a number in scientific notation: a code whose digits are lost (reported as such)
    s = recover_code(s)
    if _KEMENDAGRI_RE.match(s) and "." in s:
        return "kemendagri"
    if _DIGITS_RE.match(s):
        return "bps" if len(s) in (4, 6, 7, 10) else ("kemendagri" if len(s) == 2 else "name")
    return "name"


def _is_province_total(key: str, kind: str, province: str) -> bool:
    if kind in ("kemendagri", "bps"):
        return recover_code(key) in (province, province + "00")
    s = _clean(key)
    core = normalise_name(key)
    names = PROVINCE_NAMES.get(province, ())
    if core in names or s in _TOTAL_WORDS:
        return True
    return any(s.startswith(w) for w in ("total", "jumlah")) or (
        s.startswith("prov") and core in names
    )


def match_keys(
    keys: Iterable[object],
    units: pd.DataFrame,
    *,
    parents: Iterable[object] | None = None,
    within: str | None = None,
    parent_names: Mapping[str, str] | None = None,
    province: str = "64",
    fuzzy_cutoff: float = 85.0,
    totals: Mapping[str, str] | None = None,
    column: object = None,
) -> pd.DataFrame:
    """Resolve keys (codes or names) to Kemendagri unit codes.

    A name is matched in its *scope*: the parent the row names (``parents``,
    e.g. the kecamatan or kabupaten column of a desa table), else the view
    (``within``, a drill-down code), else, when every unit has the same parent
    (the 10 kab/kota of a province), that parent. A unit is in a scope when its
    code is the scope's code or starts with it and a dot.

    - An exact match (after :func:`normalise_name`) is made in the scope; with
      no scope, among all units. Two units of the same name are *ambiguous*.
    - A close spelling (rapidfuzz ``token_sort_ratio`` >= ``fuzzy_cutoff``)
      is matched only within a scope; with none (desa or kecamatan names and
      no parent given) the row stays unmatched and says how to fix it.
    - When two or more units tie for the best score (a misspelt "Sumber Sari"
      near three desa of that name), the row is *ambiguous*: unmatched, with
      every candidate named with its code and parent, never joined to one.

    Parameters
    ----------
    keys : iterable
        One key per input row: a Kemendagri code (``64.02``), a BPS code
        (``6403``) or a name in any common spelling.
    units : DataFrame
        Indexed by Kemendagri code, with columns ``name`` and ``parent``.
    parents : iterable, optional
        Per row, the Kemendagri code of a unit the row lies in (its kecamatan
        or kab/kota), or None.
    within : str, optional
        The code of the view, the scope of rows without a parent.
    parent_names : mapping, optional
        Code -> name of parent units, to name them in a reason.
    province : str
        Province code, used to recognise a province total row.
    fuzzy_cutoff : float
        Lowest rapidfuzz score (0-100) accepted for a fuzzy name match.
    totals : mapping, optional
        Normalised name (:func:`normalise_name`) -> description of the units
        the level's units lie in (``"Kota Samarinda (64.72)"``): a row named
        so, and not exactly a unit of the level, is a total (a city total at
        the end of a kecamatan table), never joined (:func:`total_names`).
    column : optional
        The column the keys come from, named in the reasons.

    Each distinct (key, parent) pair is resolved once and mapped back to the
    rows, so a table of millions of rows with a few thousand keys costs a few
    thousand look-ups.

    Returns
    -------
    DataFrame
        One row per key, same order: ``key``, ``code`` (Kemendagri or
        missing), ``method`` (``kemendagri``, ``bps``, ``name``, ``alias``,
        ``fuzzy``, ``province_total`` or ``unmatched``), ``score``,
        ``reason`` (why a key did not match; ``ambiguous: ...`` for a tie)
        and ``candidates`` (the codes of an ambiguous key, ``;``-separated).

    Examples
    --------
    >>> units = pd.DataFrame({"name": ["Kabupaten Kutai Kartanegara", "Kabupaten Berau"],
    ...                       "parent": ["64", "64"]}, index=["64.02", "64.03"])
    >>> match_keys(["6403", "Berau", "Kutai Kartanegra"], units)["code"].tolist()
    ['64.02', '64.03', '64.02']
    >>> desa = pd.DataFrame({"name": ["Sumber Sari", "Sumber Sari"], "parent": ["64.02.02", "64.02.07"]},
    ...                     index=["64.02.02.2014", "64.02.07.2007"])
    >>> m = match_keys(["Sumber Sarx", "Sumber Sarx"], desa, parents=["64.02", "64.02.07"])
    >>> m["code"].fillna("-").tolist(), m["candidates"].iloc[0]
    (['-', '64.02.07.2007'], '64.02.02.2014;64.02.07.2007')
    """
    keys, distinct, groups = _match_distinct(keys, units, parents=parents, within=within, parent_names=parent_names,
                                             province=province, fuzzy_cutoff=fuzzy_cutoff, totals=totals,
                                             column=column)
    cols = list(distinct.columns)
    taken = {c: distinct[c].to_numpy()[groups] for c in cols[1:]}  # one array per column, mapped back
    return pd.DataFrame({"key": keys.to_numpy(dtype=object), **taken}, columns=cols, copy=False)


def match_codes(keys: Iterable[object], units: pd.DataFrame, **options) -> np.ndarray:
    """Only the ``code`` column of :func:`match_keys` (an object array, None where unmatched), without
    building the other columns for every row."""
    _, distinct, groups = _match_distinct(keys, units, **options)
    return distinct["code"].to_numpy(dtype=object)[groups]


def _match_distinct(keys, units: pd.DataFrame, *, parents=None, within=None, parent_names=None,
                    province: str = "64", fuzzy_cutoff: float = 85.0, totals=None, column=None):
    """(keys as a Series, one result row per distinct (key, parent), the row of each key in it)."""
    keys = keys if isinstance(keys, pd.Series) else pd.Series(list(keys), dtype=object)
    keys = keys.reset_index(drop=True)
    if parents is None:
        parent_arr = None
    else:
        parent_arr = pd.Series(parents if isinstance(parents, pd.Series) else list(parents), dtype=object)
        parent_arr = parent_arr.reset_index(drop=True)
        if len(parent_arr) != len(keys):
            raise ValueError(msg("codes_parents_length"))
    index = _UnitIndex(units, parent_names, totals)
    shared = units["parent"].dropna().astype(str).unique() if len(units) else []
    default = within or (str(shared[0]) if len(shared) == 1 and units["parent"].notna().all() else None)
    key_codes, key_values = pd.factorize(keys, use_na_sentinel=True)
    pair = key_codes.astype("int64")
    if parent_arr is not None:
        par_codes, par_values = pd.factorize(parent_arr, use_na_sentinel=True)
        pair = pair * (len(par_values) + 1) + (par_codes.astype("int64") + 1)
    groups, first = pd.factorize(pair)
    where = column
    rows = []
    for g in first:  # one look-up per distinct (key, parent)
        kc = g // (len(par_values) + 1) if parent_arr is not None else g
        pc = g % (len(par_values) + 1) - 1 if parent_arr is not None else -1
        key = key_values[kc] if kc >= 0 else None
        parent = None if pc < 0 or pd.isna(par_values[pc]) else str(par_values[pc])
        rows.append(_match_one(key, parent, parent or default, parent is None and within is not None, index,
                               province, fuzzy_cutoff, where))
    cols = ["key", "code", "method", "score", "reason", "candidates"]
    return keys, pd.DataFrame(rows, columns=cols), groups


def _sub_core(name: object) -> str:
    """The comparable core of a kecamatan or desa name: like :func:`normalise_name`, but a trailing or
    leading "Kota" stays (kecamatan Samarinda Kota is not the city Samarinda, desa Loa Kulu Kota not
    kecamatan Loa Kulu) and regency abbreviations are not expanded."""
    s = _clean(name)
    for word in ("kecamatan", "kec", "kelurahan", "kel", "desa"):
        if s.startswith(word + " ") and len(s) > len(word) + 1:
            return s[len(word) + 1:]
    return s


def total_names(parents: pd.DataFrame) -> dict[str, str]:
    """Normalised name -> "Name (code)" of units of a parent level, for ``match_keys(totals=...)``."""
    out: dict[str, str] = {}
    regency = _regency_like(parents)
    for code, name in zip(parents.index, parents["name"]):
        out.setdefault(normalise_name(name) if regency else _sub_core(name), f"{name} ({code})")
    return out


def _regency_like(units: pd.DataFrame) -> bool:
    if "level" in units.columns and len(units):
        return str(units["level"].iloc[0]) in ("kabkota", "province", "provinsi")
    return bool(len(units)) and all(str(c).count(".") <= 1 for c in units.index)


class _UnitIndex:
    """The units' codes, names and parents, looked up by normalised name and by scope."""

    def __init__(self, units: pd.DataFrame, parent_names: Mapping[str, str] | None,
                 totals: Mapping[str, str] | None = None) -> None:
        self.codes = [str(c) for c in units.index]
        self.code_set = set(self.codes)
        self.names = dict(zip(self.codes, units["name"]))
        self.parents = dict(zip(self.codes, units["parent"]))
        self.regency = _regency_like(units)
        self.core = normalise_name if self.regency else _sub_core
        self.cores = {c: self.core(n) for c, n in self.names.items()}
        self.by_core: dict[str, list[str]] = {}
        for code, core in self.cores.items():
            self.by_core.setdefault(core, []).append(code)
        self.parent_names = parent_names if parent_names is not None else {}  # may load lazily
        self.totals = dict(totals or {})
        self._scopes: dict[str, dict[str, str]] = {}

    def in_scope(self, scope: str) -> dict[str, str]:
        """Code -> normalised name of the units within ``scope``."""
        if scope not in self._scopes:
            self._scopes[scope] = {c: n for c, n in self.cores.items() if c == scope or c.startswith(scope + ".")}
        return self._scopes[scope]

    def describe(self, code: str) -> str:
        parent = self.parents.get(code)
        if parent is None or pd.isna(parent):
            return f"{self.names[code]} ({code})"
        pname = self.parent_names.get(str(parent))
        return msg("codes_in_parent", name=self.names[code], code=code,
                   parent=f"{pname + ' ' if pname else ''}{parent}")

    def ambiguous(self, key: str, candidates: list[str], what: str, **values: object):
        listed = "; ".join(self.describe(c) for c in candidates)
        hint = (msg("codes_hint_kab") if all(c.count(".") == 1 for c in candidates) else
                msg("codes_hint_parent"))
        return (key, None, "unmatched", None, msg(what, key=key, listed=listed, hint=hint, **values),
                ";".join(candidates))


_LEVEL_OF_PARTS = {1: "province", 2: "kabkota", 3: "kecamatan", 4: "desa"}  # parts of a Kemendagri code


def _not_of_level(code: str, codes: set[str]) -> str:
    """Why a well-formed Kemendagri code is none of the units: another province, another level, or neither."""
    sample = next(iter(codes), "")
    ours, theirs = sample.split(".")[0], code.split(".")[0]
    if sample and theirs != ours:
        return msg("codes_other_province", code=code, province=theirs, ours=ours)
    parts, unit_parts = code.count(".") + 1, sample.count(".") + 1
    if sample and parts != unit_parts and parts in _LEVEL_OF_PARTS:
        level = _LEVEL_OF_PARTS[parts]
        return msg("codes_other_level", code=code, kind=msg(f"codes_level_{level}"),
                   level=msg(f"codes_level_{_LEVEL_OF_PARTS.get(unit_parts, 'desa')}"), option=level)
    return msg("codes_not_of_level", code=code)


def _match_code(key, skey: str, kind: str, codes: set[str], where: object = None):
    hint = msg("codes_text_hint", where=f"'{where}'" if where is not None else msg("codes_key_column"))
    if lost_digits(skey):
        return (key, None, "unmatched", None, msg("codes_scientific", key=skey, hint=hint), "")
    code = recover_code(skey)
    how = "kemendagri" if code == _normalise_code(skey) else "kemendagri (recovered)"
    if kind == "kemendagri":
        if code in codes:
            return (key, code, how, 100.0, None, "")
        mangled = code != _normalise_code(skey)
        return (key, None, "unmatched", None, _not_of_level(code, codes)
                + (msg("codes_read_from_number", key=skey, hint=hint) if mangled else ""),
                "")
    dotted = undotted(code)
    if dotted is not None and dotted in codes:
        return (key, dotted, "kemendagri (no dots)", 100.0, None, "")
    kem = BPS_TO_KEMENDAGRI.get(code)
    if kem and kem in codes:
        return (key, kem, "bps", 100.0, None, "")
    if len(code) == 7:
        return (key, None, "unmatched", None, msg("codes_bps_kecamatan", code=code), "")
    if len(code) in (6, 10):
        level = "kecamatan" if len(code) == 6 else "desa"
        return (key, None, "unmatched", None, msg("codes_undotted_unknown", code=code, level=level, dotted=dotted),
                "")
    return (key, None, "unmatched", None, msg("codes_bps_no_crosswalk", code=code), "")


def _match_one(key, parent: str | None, scope: str | None, may_leave_view: bool, idx: _UnitIndex, province: str,
               cutoff: float, where: object = None):
    kind = classify_key(key)
    if kind == "empty":
        return (key, None, "unmatched", None, msg("codes_key_empty"), "")
    skey = str(key).strip()
    if _is_province_total(skey, kind, province):
        return (key, None, PROVINCE_TOTAL, None, msg("codes_province_total"), "")
    if kind in ("kemendagri", "bps"):
        return _match_code(key, skey, kind, idx.code_set, where)
    if not idx.regency:
        return _match_name(key, skey, parent, scope, may_leave_view, idx, cutoff, idx.core(skey))
    return _match_name(key, skey, parent, scope, may_leave_view, idx, cutoff, normalise_name(skey))


def _match_name(key, skey: str, parent: str | None, scope: str | None, may_leave_view: bool, idx: _UnitIndex,
                cutoff: float, core: str):
    method = "alias" if idx.regency and _clean(skey) in ALIASES else "name"
    everywhere = idx.by_core.get(core, [])
    candidates = [c for c in everywhere if scope is None or c in idx.in_scope(scope)]
    if not candidates and may_leave_view:
        candidates = everywhere  # the view names no parent of this row: an exact name outside it still counts
    if len(candidates) > 1:
        kind_written = name_kind(skey)
        candidates = [c for c in candidates if name_kind(idx.names[c]) == kind_written] or candidates
    if len(candidates) == 1:
        return (key, candidates[0], method, 100.0, None, "")
    if len(candidates) > 1:
        return idx.ambiguous(skey, candidates, "codes_ambiguous_several")
    total = idx.totals.get(normalise_name(skey)) or idx.totals.get(_sub_core(skey))
    if total is not None and not everywhere:
        return (key, None, PROVINCE_TOTAL, None, msg("codes_parent_total", total=total), "")
    if scope is None:
        return (key, None, "unmatched", None, msg("codes_no_exact_name", key=skey), "")
    found = process.extract(core, idx.in_scope(scope), scorer=fuzz.token_sort_ratio, score_cutoff=cutoff,
                            limit=None)
    if found:
        best = found[0][1]
        tied = [code for _, score, code in found if score >= best - 1e-9]
        if len(tied) > 1:
            return idx.ambiguous(skey, tied, "codes_ambiguous_close", score=f"{best:.1f}")
        return (key, tied[0], "fuzzy", round(float(best), 1), None, "")
    if parent is not None and everywhere:
        listed = "; ".join(idx.describe(c) for c in everywhere[:5])
        return (key, None, "unmatched", None, msg("codes_elsewhere", key=skey, parent=parent, listed=listed), "")
    if scope:
        return (key, None, "unmatched", None, msg("codes_no_name_within", key=skey, scope=scope), "")
    return (key, None, "unmatched", None, msg("codes_no_name", key=skey), "")
