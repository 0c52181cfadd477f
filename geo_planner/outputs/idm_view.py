"""How the village index (IDM) reads in tables: statuses in words, scores to 4 decimals, kelurahan named.

The IDM layer (:mod:`geo_planner.layers.idm`) keeps statuses as their
published codes (1 Mandiri ... 5 Sangat Tertinggal) so they can be counted and
compared; every table a planner reads shows the words instead
(:func:`readable_columns`): ``Maju``, ``naik (Berkembang → Maju)``. IDM, IKS,
IKE and IKL are published to 4 decimals and shown so (:func:`decimals`).
Kelurahan have no IDM: their cells stay empty and a note says why
(:func:`not_assessed_note`).

>>> readable_columns(pd.DataFrame({"idm_status_2023": [3.0], "idm_status_2024": [2.0],
...                                "idm_status_change": [1.0]}))["idm_status_change"].tolist()
['naik (Berkembang → Maju)']
"""

from __future__ import annotations

import pandas as pd

from geo_planner.i18n import t

from geo_planner.layers.idm import (
    CHANGE_COLUMN,
    COMPOSITES,
    STATUS_COLUMNS,
    YEARS,
    coverage_text,
    not_assessed,
)
from geo_planner.layers.idm_catalogue import change_label, status_label

__all__ = ["readable_columns", "decimals", "screen_ids", "not_assessed_note", "coverage_column", "IDM_COLUMNS"]

IDM_COLUMNS = tuple(f"{c}_{y}" for y in reversed(YEARS) for c in COMPOSITES) + ("idm_change",)


def readable_columns(table: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """A copy of ``table`` with the IDM status codes in words (missing stays missing).

    ``idm_status_change`` becomes ``naik (Berkembang → Maju)``, ``tetap (Maju)``
    or ``turun (...)`` (``up``/``same``/``down`` in English) when both years'
    statuses are in the table, else ``naik``/``tetap``/``turun``.
    """
    present = [c for c in (*STATUS_COLUMNS, CHANGE_COLUMN) if c in table.columns]
    if not present:
        return table
    out = table.copy()
    if CHANGE_COLUMN in out.columns:
        words = {1: "naik", 0: "tetap", -1: "turun"} if lang != "en" else {1: "up", 0: "same", -1: "down"}
        if all(c in table.columns for c in STATUS_COLUMNS):
            text = [change_label(a, b, lang) or pd.NA for a, b in zip(table["idm_status_2023"], table["idm_status_2024"])]
        else:
            text = [words.get(int(v), pd.NA) if pd.notna(v) else pd.NA for v in table[CHANGE_COLUMN]]
        out[CHANGE_COLUMN] = pd.array(text, dtype="string")
    for col in STATUS_COLUMNS:
        if col in out.columns:
            out[col] = pd.array([status_label(v, lang) or pd.NA for v in table[col]], dtype="string")
    return out


def decimals(col: str) -> int | None:
    """4 for the IDM scores (as published), None (up to 2) for everything else."""
    return 4 if col in IDM_COLUMNS else None


def screen_ids(analysis) -> list[str]:
    """The IDM columns a printed ranking of desa or kecamatan shows beside the weighted ones."""
    if analysis.level not in ("desa", "kecamatan"):
        return []
    if analysis.level == "desa":
        wanted = ["idm_2024", "idm_status_2024", "idm_2023", "idm_status_2023", "idm_change", CHANGE_COLUMN]
    else:
        wanted = ["idm_2024", "idm_desa_assessed", "idm_units_total", "idm_share_tertinggal_2024", "idm_status_fell"]
    return [c for c in wanted if c in analysis.units.columns]


def coverage_column(units: pd.DataFrame, lang: str = "id") -> pd.Series | None:
    """Per kecamatan or regency: "IDM untuk 13 dari 17 desa/kelurahan"; None without the counts."""
    if not {"idm_desa_assessed", "idm_units_total"} <= set(units.columns):
        return None
    return pd.Series([coverage_text(a, m, lang) for a, m in zip(units["idm_desa_assessed"], units["idm_units_total"])],
                     index=units.index, dtype="string")


def not_assessed_note(analysis, lang: str = "id") -> str:
    """``"197 kelurahan: tidak dinilai IDM (kelurahan), kolom IDM kosong"``; ``""`` without IDM figures."""
    if "idm_2024" not in analysis.units.columns:
        return ""
    n = int(not_assessed(analysis.units, analysis.level).sum())
    if not n:
        return ""
    if analysis.level == "desa":
        return t("idm_not_assessed_desa", lang, n=n)
    return t("idm_not_assessed_units", lang, n=n)
