"""The built-in village layer: Indeks Desa Membangun (IDM) 2023-2024 and its 50 indicators.

Per desa (:func:`read_idm`, joined to the 2025 Kemendagri boundary codes):
IDM, IKS, IKE, IKL and status for 2023 and 2024 as published, the change
2023 -> 2024 (``idm_change``: score difference; ``idm_status_change``: +1 the
status rose, 0 the same, -1 it fell) and the 50 indicator scores (0-5) of 2024,
labelled in Indonesian and English with their sub-dimension and the agencies
responsible (:mod:`geo_planner.layers.idm_catalogue`). Every figure is an
``index``: it rolls up as a mean. A low score or status is need: the 2024
scores have direction ``coverage`` (the priority score reverses them), the
status code runs 1 (Mandiri) to 5 (Sangat Tertinggal).

Kelurahan (code ``xx.xx.xx.1xxx``) are outside IDM by law: they get no figure
at all (empty, never 0), so they carry no score, no rank and no part in the
contiguity statistics. Kecamatan and kab/kota figures are computed from the
desa (:func:`roll_up_desa`): means over the desa assessed, status counts, the
share of desa Tertinggal or worse, and how many of the units are covered
(``idm_desa_assessed`` of ``idm_units_total``: "IDM untuk 13 dari 17
desa/kelurahan").

>>> layer = idm_layer(load_units("desa", "64"), level="desa")   # doctest: +SKIP
>>> layer.values().loc["64.01.09.2011", "idm_2024"]                # doctest: +SKIP
0.7887
"""

from __future__ import annotations

import functools
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from geo_planner import settings
from geo_planner.errors import InputError, Problem
from geo_planner.i18n import STRINGS, t
from geo_planner.i18n.figures import both
from geo_planner.i18n.messages import msg
from geo_planner.layers.idm_catalogue import (
    STATUS,
    is_kelurahan,
    read_dictionary,
    status_label,
    status_of,
)
from geo_planner.layers.model import Indicator, Layer
from geo_planner.sources import villages
from geo_planner.sources.boundaries import UPSTREAM_COMMIT, UPSTREAM_REPO

__all__ = ["LAYER_NAME", "YEARS", "COMPOSITES", "read_idm", "idm_layer", "roll_up_desa", "idm_indicators",
           "village_provenance", "not_assessed", "coverage_text", "STATUS_COLUMNS", "CHANGE_COLUMN", "DEFAULT_WEIGHTS"]

LAYER_NAME = "idm"
YEARS = ("2023", "2024")
COMPOSITES = ("idm", "iks", "ike", "ikl")
STATUS_COLUMNS = ("idm_status_2024", "idm_status_2023")
DEFAULT_WEIGHTS = {"idm_2024": 1.0}  # need = low IDM 2024, when no regency figure or demo is loaded
CHANGE_COLUMN = "idm_status_change"
BOUNDARIES = f"https://github.com/{UPSTREAM_REPO}/tree/{UPSTREAM_COMMIT}"  # where idm_units_total counts from
_COMPOSITE_LABELS = {c: STRINGS[f"idm_label_{c}"] for c in ("idm", "iks", "ike", "ikl")}  # (Indonesian, English)


def _desa_rows(path: Path, year: str) -> pd.DataFrame:
    """One province file of one year: a row per desa, dotted Kemendagri code as index."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = []
    for kec in data.get("kec", []):
        k = str(kec["k"])
        for n, r in enumerate(kec.get("ds", []), start=1):
            code = f"{k[:2]}.{k[2:4]}.{k[4:6]}.{r[0]}"
            rows.append({"code": code, "idm_code": k + str(r[0]), "name": " ".join(str(r[1]).split()),
                         f"idm_{year}": r[2], f"iks_{year}": r[3], f"ike_{year}": r[4], f"ikl_{year}": r[5],
                         f"status_{year}": r[6], f"source_{year}": r[7], "kec_name": kec.get("nm", "")})
    frame = pd.DataFrame(rows).set_index("code")
    if frame.index.has_duplicates:
        raise InputError(msg("idm_desa_twice", code=frame.index[frame.index.duplicated()][0]), file=Path(path).name)
    for c in COMPOSITES:
        frame[f"{c}_{year}"] = pd.to_numeric(frame[f"{c}_{year}"], errors="coerce").astype("float64")
    status = pd.to_numeric(frame[f"status_{year}"], errors="coerce")
    frame[f"status_{year}"] = status.where(status.between(1, 5)).astype("float64")  # 0 / -1: no status
    return frame


@functools.lru_cache(maxsize=8)
def _read(province: str, mirror: str | None, cache: str | None):
    files = villages.village_files(province, mirror=Path(mirror) if mirror else None,
                                   cache=Path(cache) if cache else None)
    new, old = _desa_rows(files["idm_2024"], "2024"), _desa_rows(files["idm_2023"], "2023")
    desa = new.join(old.drop(columns=["idm_code", "kec_name"]).rename(columns={"name": "name_2023"}), how="outer")
    scores = json.loads(Path(files["indicators"]).read_text(encoding="utf-8"))
    digits = {f"{c[:2]}.{c[2:4]}.{c[4:6]}.{c[6:]}": s for c, s in scores.get("ds", {}).items()}
    api = {f"{c[:2]}.{c[2:4]}.{c[4:6]}.{c[6:]}": float(v) for c, v in scores.get("api", {}).items()}
    desa["digits"] = pd.Series(digits, dtype="object").reindex(desa.index)
    desa["api_idm"] = pd.Series(api, dtype="float64").reindex(desa.index)
    dictionary = read_dictionary(files["dictionary"])
    return desa.sort_index(), dictionary, files


def read_idm(province: str | None = None, *, mirror: Path | None = None,
             cache: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Path]]:
    """The IDM files of a province, read: ``(desa, dictionary, files)``.

    ``desa`` is indexed by dotted Kemendagri code (``64.01.09.2011``) with
    ``idm_code`` (10 digits, as IDM writes it), ``name``, ``idm_2024`` ...
    ``ikl_2024``, ``status_2024`` (1-5, NaN without one), ``source_2024``, the
    same for 2023 (``name_2023``), ``digits`` (the 50 indicator scores as a
    string) and ``api_idm`` (the IDM the scores reproduce where it differs from
    the official one). ``dictionary`` is :func:`read_dictionary` of the file.
    The result is cached; do not change it.
    """
    province = province or settings.default_province()
    mirror = mirror if mirror is not None else settings.villages_mirror_dir()
    return _read(str(province), str(mirror) if mirror else None, str(cache) if cache else None)


def idm_indicators(dictionary: pd.DataFrame, *, level: str = "desa") -> dict[str, Indicator]:
    """Indicator metadata of the IDM layer at ``level`` (desa: scores and statuses; above: roll-ups)."""
    out: dict[str, Indicator] = {}
    for year in reversed(YEARS):
        for c in COMPOSITES:
            lid, len_ = _COMPOSITE_LABELS[c]
            if level != "desa":  # a roll-up: the mean over the desa assessed
                lid, len_ = (t("idm_mean_of_desa", lang, c=c.upper()) for lang in ("id", "en"))
            out[f"{c}_{year}"] = Indicator(
                f"{c}_{year}", f"{lid} {year}", f"{len_} {year}", "indeks",
                "coverage" if year == "2024" else "context", year, t("idm_low_is_need", "en"), LAYER_NAME,
                kind="index", aggregation="mean")
    out["idm_change"] = Indicator("idm_change", *STRINGS["idm_change"], STRINGS["idm_change_unit"][0],
                                  "coverage", "2023-2024", t("idm_change_note", "en"), LAYER_NAME,
                                  kind="index", aggregation="mean")
    if level == "desa":
        for year in reversed(YEARS):
            out[f"idm_status_{year}"] = Indicator(
                f"idm_status_{year}", t("idm_status", "id", year=year), t("idm_status", "en", year=year), "",
                "context", year, t("idm_status_classes", "id"), LAYER_NAME, kind="index")
        out[CHANGE_COLUMN] = Indicator(CHANGE_COLUMN, *STRINGS["idm_status_change"],
                                       "", "context", "2023-2024", " / ".join(STRINGS["idm_change_desc"]),
                                       LAYER_NAME, kind="index")
    else:
        out.update(_summary_indicators())
    if level in ("desa", "kecamatan"):
        for r in dictionary.itertuples():
            agencies = " / ".join(STRINGS["idm_desc_agencies"])
            desc = f"{r.dim} · {r.sub_label_id} / {r.sub_label_en} · {agencies}: {r.agencies}"
            out[r.id] = Indicator(r.id, str(r.label_id), str(r.label_en), "skor 0-5", "coverage", "2024", desc,
                                  LAYER_NAME, kind="index", aggregation="mean")
    if level == "kabkota":  # beside the BPS regency figures, IDM is context: shown, not scored
        out = {k: replace(v, direction="context") for k, v in out.items()}
    return out


def _summary_indicators() -> dict[str, Indicator]:
    def count(i, lid, len_, year="2024", direction="context", unit="desa"):
        return Indicator(i, lid, len_, unit, direction, year, "", LAYER_NAME, kind="count", aggregation="sum")

    out = {"idm_desa_assessed": count("idm_desa_assessed", *STRINGS["idm_assessed"]),
           "idm_units_total": count("idm_units_total", *STRINGS["idm_units_total"], "2025", unit="desa/kelurahan")}
    for code, name in STATUS.items():
        key = f"idm_n_{name.lower().replace(' ', '_')}_2024"
        out[key] = count(key, f"{name} 2024", f"{status_label(code, 'en')} 2024")
    for year in reversed(YEARS):
        key = f"idm_share_tertinggal_{year}"
        out[key] = Indicator(key, t("idm_share_left_behind", "id", year=year),
                             t("idm_share_left_behind", "en", year=year), "%",
                             "need" if year == "2024" else "context", year, t("idm_share_note", "en"),
                             LAYER_NAME, kind="rate")
    out["idm_status_fell"] = count("idm_status_fell", *STRINGS["idm_status_fell"], "2023-2024")
    out["idm_status_rose"] = count("idm_status_rose", *STRINGS["idm_status_rose"], "2023-2024")
    return out


def _desa_values(desa: pd.DataFrame, dictionary: pd.DataFrame) -> pd.DataFrame:
    """Wide table of every desa figure (index: code)."""
    v = desa[[f"{c}_{y}" for y in reversed(YEARS) for c in COMPOSITES]].copy()
    v["idm_change"] = (desa["idm_2024"] - desa["idm_2023"]).round(4)
    v["idm_status_2024"], v["idm_status_2023"] = desa["status_2024"], desa["status_2023"]
    v[CHANGE_COLUMN] = np.sign(desa["status_2023"] - desa["status_2024"])
    digits = desa["digits"].dropna()
    bad = digits[(digits.str.len() != len(dictionary)) | ~digits.str.fullmatch(r"[0-5]+")]
    if len(bad):
        raise InputError(msg("idm_bad_scores", code=bad.index[0], scores=bad.iloc[0], n=len(dictionary)),
                         file="indikator")
    grid = np.array([list(map(int, s)) for s in digits], dtype="float64").reshape(len(digits), len(dictionary))
    scores = pd.DataFrame(grid, index=digits.index, columns=list(dictionary["id"])).reindex(desa.index)
    return v.join(scores)


def roll_up_desa(desa_values: pd.DataFrame, desa_codes: pd.Index, level: str) -> pd.DataFrame:
    """Kecamatan or kab/kota figures from the desa: means, counts, shares, coverage.

    ``desa_values`` has one row per desa assessed (as from the desa layer);
    ``desa_codes`` are all desa and kelurahan of the boundaries, so
    ``idm_units_total`` counts them all. A unit with no desa assessed keeps
    ``idm_desa_assessed`` = 0 and NaN everywhere else.
    """
    depth = {"kecamatan": 3, "kabkota": 2}[level]
    parent = lambda codes: pd.Index([".".join(str(c).split(".")[:depth]) for c in codes])  # noqa: E731
    keys = parent(desa_values.index)
    means = [c for c in desa_values.columns if c not in (*STATUS_COLUMNS, CHANGE_COLUMN)]
    if level == "kabkota":
        means = [c for c in means if c.split("_")[0] in COMPOSITES or c == "idm_change"]
    grouped = desa_values.set_axis(keys, axis=0).groupby(level=0)
    out = grouped[means].mean()
    assessed = grouped["idm_2024"].count()
    out["idm_desa_assessed"] = assessed
    status = desa_values["idm_status_2024"].set_axis(keys)
    for code, name in STATUS.items():
        out[f"idm_n_{name.lower().replace(' ', '_')}_2024"] = (status == code).groupby(level=0).sum()
    for year in YEARS:
        s = desa_values[f"idm_status_{year}"].set_axis(keys)
        behind = (s >= 4).groupby(level=0).sum()
        out[f"idm_share_tertinggal_{year}"] = 100 * behind / s.notna().groupby(level=0).sum()
    change = desa_values[CHANGE_COLUMN].set_axis(keys)
    out["idm_status_fell"] = (change < 0).groupby(level=0).sum()
    out["idm_status_rose"] = (change > 0).groupby(level=0).sum()
    total = pd.Series(1, index=parent(desa_codes)).groupby(level=0).sum()
    out = out.reindex(out.index.union(total.index))
    out["idm_desa_assessed"] = out["idm_desa_assessed"].fillna(0)
    out["idm_units_total"] = total.reindex(out.index)
    none = out["idm_desa_assessed"] == 0
    out.loc[none, [c for c in out.columns if c not in ("idm_desa_assessed", "idm_units_total")]] = np.nan
    return out.astype("float64").rename_axis("code")


def _notes(desa: pd.DataFrame, values: pd.DataFrame) -> dict[str, pd.Series]:
    """Per desa: the status in words beside its score, and the API note of the 10 desa whose indicator
    scores reproduce another IDM than the official one."""
    s24 = desa["status_2024"].map(lambda c: f"Status 2024: {status_label(c)}" if pd.notna(c) else "")
    s23 = desa["status_2023"].map(lambda c: f"Status 2023: {status_label(c)}" if pd.notna(c) else "")
    api = desa["api_idm"].map(lambda x: "" if pd.isna(x) else both("idm_api_note", x=f"{x:.4f}").rstrip("."))
    return {"2024": s24, "2023": s23, "api": api}


def _long(values: pd.DataFrame, indicators: dict[str, Indicator], province: str,
          notes: dict[str, pd.Series] | None = None, coverage: pd.Series | None = None) -> pd.DataFrame:
    parts = []
    url = {"2024": villages.file_url("idm_2024", province), "2023": villages.file_url("idm_2023", province)}
    scores_url = villages.file_url("indicators", province)
    for k, meta in indicators.items():
        if k not in values.columns:
            continue
        col = values[k].dropna()
        year = meta.year
        is_score = meta.unit == "skor 0-5"
        source = scores_url if is_score else BOUNDARIES if k == "idm_units_total" else url.get(year, url["2024"])
        if notes is not None:
            note = (notes["api"] if is_score else notes["2023" if year == "2023" else "2024"]).reindex(col.index)
        elif coverage is not None:
            note = coverage.reindex(col.index)
        else:
            note = ""
        parts.append(pd.DataFrame({"code": col.index.astype(str), "indicator": k, "value": col.to_numpy(),
                                   "year": year, "period": "", "source": source, "note": note,
                                   "selected": True, "selection_note": "", "row": None,
                                   "source_type": "open_data"}))
    return pd.concat(parts, ignore_index=True)


def coverage_text(assessed: object, total: object, lang: str = "id") -> str:
    """``"IDM untuk 13 dari 17 desa/kelurahan"`` (``"IDM for 13 of 17 desa/kelurahan"``)."""
    if pd.isna(total):
        return ""
    n, m = int(0 if pd.isna(assessed) else assessed), int(total)
    return t("idm_coverage", lang, n=n, m=m)


def idm_layer(units: pd.DataFrame, *, level: str = "desa", province: str | None = None,
              desa_units: pd.DataFrame | None = None) -> Layer | None:
    """The IDM layer of ``units`` (desa, kecamatan or kabkota level), or None at other levels.

    ``desa_units`` are the desa and kelurahan the roll-ups count (default:
    the catalogue's, or ``units`` at desa level). IDM desa that match no desa
    unit are listed in ``unmatched`` with the reason; desa units without an
    IDM row are warnings; kelurahan without one are expected and not reported.
    """
    if level not in ("desa", "kecamatan", "kabkota"):
        return None
    province = province or settings.default_province()
    desa, dictionary, _ = read_idm(province)
    if desa_units is None:
        if level == "desa":
            desa_units = units
        else:
            from geo_planner.units.hierarchy import load_units

            desa_units = load_units("desa", province)
    codes = pd.Index(desa_units.index.astype(str))
    joined = desa.index.isin(codes)
    rows = np.flatnonzero(~joined) + 1
    unmatched = pd.DataFrame({"row": rows, "reason": t("idm_unmatched_reason", "en"),
                              "kode_idm": desa["idm_code"].to_numpy()[~joined],
                              "nama": desa["name"].to_numpy()[~joined]})
    missing = [c for c in codes if not is_kelurahan(c) and c not in desa.index]
    problems = [Problem(msg("idm_no_row", code=c), file="idm", unit=c,
                        severity="warning") for c in missing]
    values = _desa_values(desa[joined], dictionary)
    indicators = idm_indicators(dictionary, level=level)
    if level == "desa":
        figures = _long(values, indicators, province, notes=_notes(desa[joined], values))
    else:
        wide = roll_up_desa(values, codes, level)
        cover = pd.Series([coverage_text(a, m) + " / " + coverage_text(a, m, "en") for a, m in
                           zip(wide["idm_desa_assessed"], wide["idm_units_total"])], index=wide.index)
        figures = _long(wide, indicators, province, coverage=cover)
    inconsistent = values[values["idm_status_2024"].notna()]
    wrong = [c for c, x, s in zip(inconsistent.index, inconsistent["idm_2024"], inconsistent["idm_status_2024"])
             if status_of(x) != int(s)]
    problems += [Problem(msg("idm_status_disagrees", code=c), file="idm", unit=c,
                         severity="warning") for c in wrong]
    return Layer(LAYER_NAME, level, figures, indicators, unmatched=unmatched, problems=problems,
                 file=villages.FILES["idm_2024"].format(province=province))


def not_assessed(units: pd.DataFrame, level: str) -> pd.Series:
    """Per unit: True where IDM does not assess it (a kelurahan; a kecamatan or regency with no desa)."""
    if level == "desa":
        return pd.Series([is_kelurahan(c) for c in units.index], index=units.index, dtype=bool)
    if "idm_desa_assessed" in units.columns:
        return (units["idm_desa_assessed"] == 0).fillna(False).astype(bool)
    return pd.Series(False, index=units.index)


def village_provenance(layers, province: str) -> dict[str, object]:
    """The ``villages`` entry of an analysis's provenance when the IDM layer is in ``layers`` (else empty)."""
    layer = next((lay for lay in layers if getattr(lay, "name", None) == LAYER_NAME), None)
    if layer is None:
        return {}
    files = [{"file": kind, "commit": villages.COMMITS[kind], "path": villages.FILES[kind].format(province=province),
              "sha256": villages.catalogue()[(villages.COMMITS[kind], villages.FILES[kind].format(province=province))],
              "url": villages.file_url(kind, province)} for kind in villages.FILES]
    return {"villages": {"attribution": villages.attribution("en"), "atribusi": villages.attribution("id"),
                         "publisher": "Kemendes PDTT (Kementerian Desa, Pembangunan Daerah Tertinggal, dan "
                                      "Transmigrasi)", "via": "Satu Data Indonesia (data.go.id)",
                         "dataset": villages.DATASET_2024, "compiled_by": villages.REPOSITORY,
                         "years": list(YEARS), "level": layer.level, "files": files,
                         "units_with_figures": int(layer.figures["code"].nunique()),
                         "unmatched_idm_rows": int(len(layer.unmatched)),
                         "kelurahan": t("idm_kelurahan_provenance", "en")}}
