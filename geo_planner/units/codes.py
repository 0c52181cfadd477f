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
from collections.abc import Iterable

import pandas as pd
from rapidfuzz import fuzz, process

__all__ = [
    "BPS_TO_KEMENDAGRI",
    "KEMENDAGRI_TO_BPS",
    "normalise_name",
    "name_kind",
    "classify_key",
    "match_keys",
    "PROVINCE_TOTAL",
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
    return re.sub(r"\s+", "", key).rstrip(".")


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
    s = _normalise_code(s)
    if re.fullmatch(r"\d+\.0", s):  # a code read as a float by a spreadsheet
        s = s[:-2]
    if _KEMENDAGRI_RE.match(s) and "." in s:
        return "kemendagri"
    if _DIGITS_RE.match(s):
        return "bps" if len(s) in (4, 7, 10) else ("kemendagri" if len(s) == 2 else "name")
    return "name"


def _is_province_total(key: str, kind: str, province: str) -> bool:
    if kind in ("kemendagri", "bps"):
        code = _normalise_code(key)
        code = code[:-2] if code.endswith(".0") else code
        return code in (province, province + "00")
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
    province: str = "64",
    fuzzy_cutoff: float = 85.0,
) -> pd.DataFrame:
    """Resolve keys (codes or names) to Kemendagri unit codes.

    Parameters
    ----------
    keys : iterable
        One key per input row: a Kemendagri code (``64.02``), a BPS code
        (``6403``) or a name in any common spelling.
    units : DataFrame
        Indexed by Kemendagri code, with columns ``name`` and ``parent``.
    parents : iterable, optional
        Parent codes (Kemendagri) per row, to match names within a parent.
    province : str
        Province code, used to recognise a province total row.
    fuzzy_cutoff : float
        Lowest rapidfuzz score (0-100) accepted for a fuzzy name match.

    Returns
    -------
    DataFrame
        One row per key, same order: ``key``, ``code`` (Kemendagri or
        missing), ``method`` (``kemendagri``, ``bps``, ``name``, ``alias``,
        ``fuzzy``, ``province_total`` or ``unmatched``), ``score`` and
        ``reason`` (why a key did not match).

    Examples
    --------
    >>> units = pd.DataFrame({"name": ["Kabupaten Kutai Kartanegara", "Kabupaten Berau"],
    ...                       "parent": ["64", "64"]}, index=["64.02", "64.03"])
    >>> match_keys(["6403", "Berau"], units)["code"].tolist()
    ['64.02', '64.03']
    """
    keys = list(keys)
    parent_list = list(parents) if parents is not None else [None] * len(keys)
    codes = set(map(str, units.index))
    by_core: dict[tuple[str | None, str], list[str]] = {}
    for code, name, parent in zip(units.index, units["name"], units["parent"]):
        by_core.setdefault((str(parent), normalise_name(name)), []).append(str(code))
        by_core.setdefault((None, normalise_name(name)), []).append(str(code))
    choices_by_parent: dict[str | None, dict[str, str]] = {}
    for code, name, parent in zip(units.index, units["name"], units["parent"]):
        choices_by_parent.setdefault(str(parent), {})[str(code)] = normalise_name(name)
        choices_by_parent.setdefault(None, {})[str(code)] = normalise_name(name)
    names = dict(zip(map(str, units.index), units["name"]))

    rows = []
    for key, parent in zip(keys, parent_list):
        parent = None if parent is None or pd.isna(parent) else str(parent)
        rows.append(
            _match_one(key, parent, codes, by_core, choices_by_parent, names, province, fuzzy_cutoff)
        )
    return pd.DataFrame(rows, columns=["key", "code", "method", "score", "reason"])


def _match_one(key, parent, codes, by_core, choices_by_parent, names, province, cutoff):
    kind = classify_key(key)
    if kind == "empty":
        return (key, None, "unmatched", None, "the key cell is empty")
    skey = str(key).strip()
    if _is_province_total(skey, kind, province):
        return (key, None, PROVINCE_TOTAL, None, "province total row: not joined to a unit")
    if kind == "kemendagri":
        code = _normalise_code(skey)
        if code in codes:
            return (key, code, "kemendagri", 100.0, None)
        return (key, None, "unmatched", None, f"Kemendagri code {code} is not a unit of this level")
    if kind == "bps":
        code = _normalise_code(skey)
        code = code[:-2] if code.endswith(".0") else code
        kem = BPS_TO_KEMENDAGRI.get(code)
        if kem and kem in codes:
            return (key, kem, "bps", 100.0, None)
        return (
            key,
            None,
            "unmatched",
            None,
            f"BPS code {code} has no Kemendagri equivalent in the crosswalk; use the unit's name or Kemendagri code",
        )
    core = normalise_name(skey)
    method = "alias" if _clean(skey) in ALIASES else "name"
    candidates = by_core.get((parent, core), [])
    if len(candidates) > 1:
        kind_written = name_kind(skey)
        candidates = [c for c in candidates if name_kind(names[c]) == kind_written] or candidates
    if len(candidates) == 1:
        return (key, candidates[0], method, 100.0, None)
    if len(candidates) > 1:
        listed = ", ".join(f"{c} {names[c]}" for c in candidates)
        return (key, None, "unmatched", None, f"'{skey}' is ambiguous ({listed}); write 'Kab.' or 'Kota' or use the code")
    choices = choices_by_parent.get(parent, {})
    best = process.extractOne(core, choices, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff)
    if best is not None:
        _, score, code = best
        return (key, code, "fuzzy", round(float(score), 1), None)
    scope = f" within {parent}" if parent else ""
    return (key, None, "unmatched", None, f"no unit named like '{skey}'{scope}; check the spelling or use the code")
