"""A seeded demo of village (desa) figures, always flagged SYNTHETIC.

No village poverty, social-assistance or housing figures are public, so the
demo draws them, calibrated to the real regency totals of a regency layer:

- population: a Dirichlet draw within each regency weighted by village area
  (kelurahan weigh more), summing to the regency population exactly
  (largest-remainder rounding, :func:`allocate`);
- poor people: shared by population times a spatially clustered propensity (a
  kecamatan effect, village noise and a few planted *pockets*: seed villages
  and their neighbours, which also get lower PKH/BPNT reach and say so in
  their note), summing to the regency poor count exactly;
- households, DTSEN deciles 1-4, PKH/BPNT, sanitation follow; RTLH and slum
  area sum to the regency figures.

A missing regency total (PPU has no population nor poor count) gets a
*stand-in*: population = province total minus the other regencies, poor = the
regency's P0 times that; RTLH and slum area from the median per poor person
elsewhere. Stand-ins exist only in this layer's figures, each noted; the
regency layer is never changed. A village ``poverty_rate`` is its poor /
population, so rolled up it is not BPS P0 (see ``layers/kaltim/NOTES.md``).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely import affinity

from geo_planner.errors import InputError
from geo_planner.i18n import STRINGS, t
from geo_planner.i18n.figures import both
from geo_planner.i18n.messages import msg
from geo_planner.layers.model import Indicator, Layer
from geo_planner.units.coverage import EQUAL_AREA_CRS

__all__ = ["generate_villages", "generate_slum_polygons", "allocate", "SOURCE", "LAYER_NAME", "ROLLUP_WEIGHTS"]

SOURCE = "SINTETIS (geo-planner synthetic generator, seed {seed})"  # i18n: an identifier (the source's name)
LAYER_NAME = "sintetis_desa"
NOTE = both("syn_note")
# Weights to pass to geo_planner.analysis.rollup.roll_up(..., weight_for=ROLLUP_WEIGHTS)
ROLLUP_WEIGHTS = {"coverage_ratio": "poor_households"}

_HH = "rumah tangga"  # i18n: a unit, one for both languages (as "jiwa", "KPM")
_KINDS = {  # id: (unit, direction, aggregation); the labels are the catalogue's syn_<id> (Indonesian, English)
    "population": ("jiwa", "context", "sum"),
    "poor_population": ("jiwa", "need", "sum"),
    "poverty_rate": ("%", "need", "weighted_mean"),
    "households": (_HH, "context", "sum"),
    "poor_households": (_HH, "need", "sum"),
    **{f"households_decile_{k}": (_HH, "need", "sum") for k in range(1, 5)},
    "pkh_beneficiaries": ("KPM", "coverage", "sum"),
    "bpnt_beneficiaries": ("KPM", "coverage", "sum"),
    "coverage_ratio": ("%", "coverage", "weighted_mean"),
    "sanitation_unimproved_households": (_HH, "need", "sum"),
    "rtlh_units": ("unit", "need", "sum"),
    "slum_area_ha": ("ha", "need", "sum"),
}


def _labels(k: str) -> tuple[str, str]:
    if k.startswith("households_decile_"):
        decile = k.rsplit("_", 1)[1]
        return t("syn_households_decile", "id", k=decile), t("syn_households_decile", "en", k=decile)
    return STRINGS[f"syn_{k}"]


# id: (label_id, label_en, unit, direction, aggregation)
_SPECS = {k: (*_labels(k), *kind) for k, kind in _KINDS.items()}
_CALIBRATED = {"population": "population", "poor_population": "poor_population",
               "rtlh_units": "rtlh_units", "slum_area_ha": "slum_area_sk"}  # village id -> regency id


def allocate(weights, total: int, cap=None) -> np.ndarray:
    """Share an integer total in proportion to weights, each share at most its cap.

    Shares over a cap are fixed at the cap and the rest shared again (water
    filling), then rounded by largest remainder: the result sums to ``total``.

    Parameters
    ----------
    weights : array-like of float
        Non-negative weights; all zero shares equally.
    total : int
        What to share out.
    cap : array-like of float, optional
        Upper bound of each share (integers for an exact result).

    Returns
    -------
    ndarray of int64

    Raises
    ------
    InputError
        When the caps add up to less than ``total``.

    Examples
    --------
    >>> allocate([1, 1, 1], 10).tolist()
    [4, 3, 3]
    """
    w = np.asarray(weights, dtype="float64")
    caps = np.full(len(w), np.inf) if cap is None else np.asarray(cap, dtype="float64")
    total = int(total)
    if caps.sum() < total:
        raise InputError(msg("synthetic_caps", total=total, caps=f"{caps.sum():g}"))
    out, free = np.zeros(len(w)), np.ones(len(w), dtype=bool)
    while free.any() and total > 0:
        remaining = total - out[~free].sum()
        share = np.where(free, w, 0.0)
        share = share if share.sum() > 0 else free.astype("float64")
        trial = remaining * share / share.sum()
        over = free & (trial > caps)
        if not over.any():
            out[free] = trial[free]
            break
        out[over], free = caps[over], free & ~over
    base = np.floor(out + 1e-9)
    frac = np.where(base < caps, out - base, -1.0)
    base[np.argsort(-frac, kind="stable")[: int(round(total - base.sum()))]] += 1
    return base.astype("int64")


def _province_total(layer: Layer, indicator: str) -> float | None:
    """The province row of an indicator matching the regency figures' year and period."""
    rows = layer.province_rows
    if rows.empty or "indicator" not in rows:
        return None
    text = lambda c: rows[c].fillna("").astype(str) if c in rows else pd.Series("", index=rows.index)  # noqa: E731
    rows = rows[(rows["indicator"] == indicator) & ~text("selected").str.lower().isin(["no", "false", "tidak"])]
    sel = layer.selected()
    sel = sel[sel["indicator"] == indicator]
    if not sel.empty:  # the row of the regency figures' year, and of their period when several
        year = sel["year"].astype(str).mode().iloc[0]
        rows = rows[text("year") == year]
        words = " ".join(sel["period"].astype(str)).lower()
        same = text("period").str.lower().str.split().str[0].fillna("").map(lambda w: bool(w) and w in words)
        rows = rows[same] if same.any() else rows
    values = pd.to_numeric(rows["value"], errors="coerce").dropna()
    return float(values.iloc[0]) if len(values) else None


def _targets(layer: Layer, area_ha: pd.Series) -> pd.DataFrame:
    """Regency totals to calibrate to (index ``area_ha.index``), real or stand-in, each with a note.

    Stand-ins are computed over every regency of ``layer``, so they do not
    depend on which villages are drawn. The province-minus-others population
    is used only when exactly one regency of the layer lacks a population;
    otherwise area times the density of the regencies that have one. Slum
    area is returned in hundredths of a hectare.
    """
    v = layer.values()
    v = v.reindex(v.index.union(area_ha.index))
    col = lambda c: v[c].copy() if c in v else pd.Series(np.nan, index=v.index)  # noqa: E731
    pop, poor, rate = col("population"), col("poor_population"), col("poverty_rate")
    prov_pop, prov_rate = _province_total(layer, "population"), _province_total(layer, "poverty_rate")
    prov_rate = prov_rate or (float(rate.median()) if rate.notna().any() else 5.0)
    real = both("syn_real", layer=layer.name)
    notes = {c: pd.Series(np.where(col(c).notna(), real, ""), index=v.index)
             for c in ("population", "poor_population", "rtlh_units", "slum_area_sk")}
    missing = pop.isna()
    if missing.sum() == 1 and prov_pop and prov_pop > pop.sum():
        pop[missing] = prov_pop - pop.sum()
        notes["population"][missing] = both("syn_stand_in_province", total=f"{prov_pop:.0f}")
    elif missing.any():
        known = area_ha.reindex(pop.index)[~missing].sum()
        density = pop.sum() / known if known > 0 else 0.5
        pop[missing] = area_ha.reindex(pop.index)[missing].fillna(0) * density
        notes["population"][missing] = both("syn_stand_in_density")
    rate = rate.fillna(prov_rate)
    missing = poor.isna()
    poor[missing] = pop[missing] * rate[missing] / 100
    notes["poor_population"][missing] = [both("syn_stand_in_rate", rate=f"{x:.2f}") for x in rate[missing]]
    out = pd.DataFrame({"population": pop.round(), "poor_population": poor.round(), "poverty_rate": rate})
    for c, scale in (("rtlh_units", 1), ("slum_area_sk", 100)):
        per_poor = (col(c) / poor).median()
        out[c] = col(c).fillna(poor * (0.0 if np.isnan(per_poor) else per_poor)).mul(scale).round()
        notes[c][col(c).isna()] = both("syn_stand_in_median", indicator=c)
    out = out.astype({c: "int64" for c in ("population", "poor_population", "rtlh_units", "slum_area_sk")})
    return out.join(pd.DataFrame({f"{c}_note": n for c, n in notes.items()})).loc[area_ha.index]


def _pockets(units: gpd.GeoDataFrame, regency: pd.Series, rng: np.random.Generator) -> np.ndarray:
    """0 = no pocket, 2 = seed of a planted pocket, 1 = its neighbour."""
    pocket = np.zeros(len(units), dtype="int64")
    seeds = []
    for reg in sorted(regency.unique()):
        idx = np.flatnonzero(regency.to_numpy() == reg)
        seeds.extend(rng.choice(idx, size=int(np.clip(round(len(idx) / 50), 1, 4)), replace=False))
    geoms = units.geometry.to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")  # neighbours (and self)
    pocket[right[np.isin(left, seeds)]] = 1
    pocket[np.asarray(seeds, dtype="int64")] = 2
    return pocket


def _draw(units: gpd.GeoDataFrame, area_ha: np.ndarray, targets: pd.DataFrame, prov_unimproved: float,
          rng: np.random.Generator) -> pd.DataFrame:
    """Every village figure; regency totals are met exactly where calibrated."""
    code = units.index.to_series()
    regency = code.str.split(".").str[:2].str.join(".").to_numpy()
    urban = code.str.split(".").str[3].str.startswith("1").to_numpy()  # kelurahan codes start with 1
    pocket = _pockets(units, pd.Series(regency), rng)
    _, kec = np.unique(code.str.split(".").str[:3].str.join(".").to_numpy(), return_inverse=True)
    kec_effect, reach = rng.normal(0, 0.35, kec.max() + 1)[kec], rng.beta(9, 7, kec.max() + 1)[kec]
    n, f = len(units), {k: np.zeros(len(units), dtype="int64") for k in _CALIBRATED}
    propensity = np.exp(kec_effect + rng.normal(0, 0.25, n)) * np.where(urban, 0.7, 1.0)
    propensity *= np.array([1.0, 2.2, 3.0])[pocket]
    groups = [(t, np.flatnonzero(regency == reg)) for reg, t in targets.iterrows()]
    for t, i in groups:
        alpha = np.maximum(area_ha[i], 1.0) ** 0.4 * np.where(urban[i], 3.0, 1.0)
        share = 0.95 * rng.dirichlet(4 * alpha / alpha.mean()) + 0.05 / len(i)
        f["population"][i] = pop = allocate(share, t["population"])
        f["poor_population"][i] = allocate(pop * propensity[i], t["poor_population"], cap=np.floor(0.6 * pop))
    pop, poor = f["population"], f["poor_population"]
    f["poverty_rate"] = np.round(100 * poor / np.where(pop > 0, pop, np.nan), 2)
    rel = np.nan_to_num(f["poverty_rate"]) / max(float(targets["poverty_rate"].mean()), 1e-9)
    _households(f, rel, rng)
    _programmes(f, np.where(pocket > 0, 0.4, 1.0) * reach, rng)
    f["sanitation_unimproved_households"] = rng.binomial(
        f["households"], np.clip(prov_unimproved * rel**0.8 * rng.lognormal(0, 0.3, n), 0, 0.9))
    hh, slum = f["households"], np.zeros(n)
    for t, i in groups:
        w = f["poor_households"][i] * rng.lognormal(0, 0.4, len(i)) * np.array([1.0, 1.5, 2.0])[pocket[i]]
        f["rtlh_units"][i] = allocate(w, min(t["rtlh_units"], hh[i].sum()), cap=hh[i])
        w = poor[i] * np.where(urban[i], 3.0, 1.0) * np.array([1.0, 2.0, 3.0])[pocket[i]]
        slum[i] = _slum_hundredths(w, area_ha[i], int(t["slum_area_sk"]), rng) / 100
    f["slum_area_ha"] = slum
    return pd.DataFrame(f, index=units.index)[list(_SPECS)].assign(_pocket=pocket, _regency=regency)


def _households(f: dict, rel: np.ndarray, rng: np.random.Generator) -> None:
    """Households, poor households and DTSEN deciles 1-4 from population and poor people."""
    pop, poor, n = f["population"], f["poor_population"], len(f["population"])
    f["households"] = hh = np.maximum(np.rint(pop / rng.uniform(3.2, 4.0, n)), pop > 0).astype("int64")
    poor_hh = np.minimum(hh, np.maximum(np.rint(poor / rng.uniform(4.2, 5.2, n)), poor > 0)).astype("int64")
    f["poor_households"] = poor_hh  # poor households are larger (BPS: about 5 members)
    f["households_decile_1"] = d1 = np.minimum(hh, np.rint(poor_hh * rng.uniform(1.0, 1.4, n))).astype("int64")
    pool = hh - d1
    for k, e in zip((2, 3, 4), (0.6, 0.4, 0.2)):
        f[f"households_decile_{k}"] = dk = rng.binomial(pool, np.clip(0.1 * rel**e * rng.lognormal(0, 0.15, n),
                                                                      0.02, 0.35))
        pool = pool - dk


def _programmes(f: dict, reach: np.ndarray, rng: np.random.Generator) -> None:
    """PKH (deciles 1-2) and BPNT (deciles 1-3) recipients and the share of poor households reached."""
    poor_hh = f["poor_households"]
    p_pkh, p_bpnt = np.clip(reach, 0.02, 0.95), np.clip(np.sqrt(reach), 0.02, 0.95)
    pkh, bpnt = rng.binomial(poor_hh, p_pkh), rng.binomial(poor_hh, p_bpnt)
    reached = pkh + bpnt - rng.hypergeometric(pkh, poor_hh - pkh, bpnt)  # either programme
    low2 = f["households_decile_1"] + f["households_decile_2"]
    f["pkh_beneficiaries"] = pkh + rng.binomial(np.maximum(low2 - poor_hh, 0), 0.6 * p_pkh)
    low3 = low2 + f["households_decile_3"]
    f["bpnt_beneficiaries"] = bpnt + rng.binomial(np.maximum(low3 - poor_hh, 0), 0.6 * p_bpnt)
    f["coverage_ratio"] = np.round(100 * reached / np.where(poor_hh > 0, poor_hh, np.nan), 2)


def _slum_hundredths(weight: np.ndarray, area_ha: np.ndarray, total: int, rng: np.random.Generator) -> np.ndarray:
    """Slum area (hundredths of a ha) in a few villages picked by weight, each at most a quarter of its area."""
    if total <= 0:
        return np.zeros(len(weight), dtype="int64")
    key = np.log(rng.uniform(size=len(weight))) / np.maximum(weight, 1e-9)  # weighted sampling, no replacement
    order = np.argsort(-key, kind="stable")
    cap = np.floor(25 * area_ha)
    m = int(np.clip(round(len(weight) * 0.1), 1, 12))
    while cap[order[:m]].sum() < total and m < len(weight):
        m += 1
    pick = np.zeros(len(weight))
    pick[order[:m]] = rng.dirichlet(np.full(m, 2.0))
    return allocate(pick, total, cap=np.where(pick > 0, cap, 0))


def generate_villages(desa_units: gpd.GeoDataFrame, regency_layer: Layer | None = None, *,
                      seed: int = 2026) -> Layer:
    """Draw a synthetic village (desa) layer calibrated to real regency totals.

    Parameters
    ----------
    desa_units : GeoDataFrame
        Desa units (EPSG:4326, index Kemendagri code such as ``64.01.01.2009``),
        as from ``load_units("desa", "64")``.
    regency_layer : Layer, optional
        Regency figures to calibrate to; by default the built-in sourced
        layer of the province (``builtin_layer(load_units("kabkota"))``).
    seed : int
        Seed of the random draw: the same seed gives identical figures.

    Returns
    -------
    Layer
        Level ``desa``, name ``sintetis_desa``, ``synthetic=True``; every
        indicator is flagged synthetic and every figure's source is
        ``SINTETIS (geo-planner synthetic generator, seed N)``. Indicators:
        ``population``, ``poor_population``, ``poverty_rate``, ``households``,
        ``poor_households``, ``households_decile_1`` .. ``_4``,
        ``pkh_beneficiaries``, ``bpnt_beneficiaries``, ``coverage_ratio``
        (no figure where a village has no poor household),
        ``sanitation_unimproved_households``, ``rtlh_units``, ``slum_area_ha``.

    Raises
    ------
    InputError
        When there are no units, or no regency layer for their province.

    Examples
    --------
    >>> layer = generate_villages(load_units("desa", "64"))   # doctest: +SKIP
    >>> layer.values().groupby(lambda c: c[:5])["population"].sum()  # doctest: +SKIP
    """
    if desa_units.empty:
        raise InputError(msg("synthetic_no_desa"))
    units = desa_units.sort_index()
    bad = units.index[units.index.astype(str).str.count(r"\.") != 3]
    if len(bad):
        raise InputError(msg("synthetic_not_desa", n=len(bad), example=bad[0]))
    if regency_layer is None:
        from geo_planner.layers.model import builtin_layer
        from geo_planner.units.hierarchy import load_units

        province = str(units.index[0]).split(".")[0]
        regency_layer = builtin_layer(load_units("kabkota", province), province=province)
        if regency_layer is None:
            raise InputError(msg("synthetic_no_regency", province=province))
    regency = units.index.to_series().str.split(".").str[:2].str.join(".").to_numpy()
    area = units.to_crs(EQUAL_AREA_CRS).area.to_numpy() / 1e4
    targets = _targets(regency_layer, pd.Series(area).groupby(regency).sum())
    sanitation = _province_total(regency_layer, "sanitation_layak_households")
    d = _draw(units, area, targets, (100 - (sanitation or 90.0)) / 100, np.random.default_rng(seed))
    sel = regency_layer.selected()
    years = sel.loc[sel["indicator"] == "population", "year"].astype(str)
    year = str(years.mode().iloc[0]) if len(years) else ""  # the year the totals are of
    long = d[list(_SPECS)].rename_axis("code").reset_index().melt(
        id_vars="code", var_name="indicator", value_name="value").dropna(subset=["value"])
    pocket_note = {0: "", 1: " " + both("syn_pocket_neighbour"), 2: " " + both("syn_pocket_seed")}
    notes = pd.DataFrame({c: targets[f"{r}_note"].reindex(d["_regency"]).to_numpy()
                          for c, r in _CALIBRATED.items()}, index=d.index)
    calib = [notes.at[c, i] if i in _CALIBRATED else "" for c, i in zip(long["code"], long["indicator"])]
    pocket = d["_pocket"].map(pocket_note).reindex(long["code"]).to_numpy()
    figures = pd.DataFrame({
        "indicator": long["indicator"].to_numpy(), "value": long["value"].astype("float64").to_numpy(),
        "year": year, "period": "sintetis", "source": SOURCE.format(seed=seed),
        "note": [" ".join(filter(None, (NOTE, c))) + p for c, p in zip(calib, pocket)],
        "selected": True, "selection_note": "", "row": np.arange(1, len(long) + 1),
        "code": long["code"].astype(str).to_numpy(), "method": "synthetic",
    })
    describe = both("syn_describe", seed=seed)
    indicators = {
        k: Indicator(k, lid, len_, unit, direction, year=year, layer=LAYER_NAME, synthetic=True, aggregation=agg,
                     description=describe + (" " + both("syn_describe_calibrated", layer=regency_layer.name)
                                             if k in _CALIBRATED else ""))
        for k, (lid, len_, unit, direction, agg) in _SPECS.items()
    }
    return Layer(LAYER_NAME, "desa", figures, indicators, synthetic=True)


def _point_inside(village, r: float, rng: np.random.Generator) -> shapely.Point:
    """A random point of the village, at least ``r`` from its border when possible."""
    x0, y0, x1, y1 = village.bounds
    xs, ys = rng.uniform(x0, x1, 200), rng.uniform(y0, y1, 200)
    inside = shapely.contains_xy(village, xs, ys)
    if not inside.any():
        return village.representative_point()
    pts = shapely.points(xs[inside], ys[inside])
    depth = shapely.distance(village.boundary, pts)
    deep = np.flatnonzero(depth >= 0.8 * r)
    return pts[deep[0]] if len(deep) else pts[int(np.argmax(depth))]


def _blob(village, province, area_m2: float, cross: bool, rng: np.random.Generator):
    """An irregular polygon of about ``area_m2``, in the village or across one of its inner borders."""
    r = float(np.sqrt(area_m2 / np.pi))
    center = None
    for _ in range(20 if cross else 0):
        p = shapely.line_interpolate_point(village.boundary, rng.uniform(), normalized=True)
        if province.contains(p.buffer(r)):  # an inner border: part of the blob spills into a neighbour
            center = p
            break
    clip = province if center is not None else village
    center = center if center is not None else _point_inside(village, r, rng)
    angles = (np.arange(10) + rng.uniform(-0.35, 0.35, 10)) * np.pi / 5  # jittered, gaps < pi: a simple polygon
    radii = r * rng.uniform(0.7, 1.3, 10)
    shape = shapely.Polygon(np.c_[center.x + radii * np.cos(angles), center.y + radii * np.sin(angles)])
    for _ in range(3):  # grow the shape until its clipped part has about the target area
        piece = shapely.intersection(shape, clip)
        if piece.area <= 0:
            return None
        f = min(float(np.sqrt(area_m2 / piece.area)), 3.0)
        shape = affinity.scale(shape, f, f, origin=center)
    piece = shapely.make_valid(shapely.intersection(shape, clip))
    polys = [g for g in shapely.get_parts(piece) if g.geom_type == "Polygon" and g.area > 0]
    return shapely.MultiPolygon(polys) if len(polys) > 1 else (polys[0] if polys else None)


def generate_slum_polygons(desa_units: gpd.GeoDataFrame, villages: Layer, *, seed: int = 2026) -> gpd.GeoDataFrame:
    """Draw small synthetic slum polygons in the villages that have a slum area.

    Each village with ``slum_area_ha > 0`` gets one to three irregular
    polygons adding up to about its slum area, inside the village or (about
    30 % of villages) across an inner village border, clipped to the province.

    Parameters
    ----------
    desa_units : GeoDataFrame
        The desa units the village layer was drawn for (EPSG:4326).
    villages : Layer
        A layer with ``slum_area_ha`` per desa, e.g. from :func:`generate_villages`.
    seed : int
        Seed of the random draw.

    Returns
    -------
    GeoDataFrame
        EPSG:4326; columns ``slum_id``, ``code`` (the village drawn for),
        ``area_ha``, ``crosses_border``, ``synthetic`` (always True),
        ``source`` and ``geometry``.


    Raises
    ------
    InputError
        When the layer has no ``slum_area_ha``.
    """
    values = villages.values()
    if "slum_area_ha" not in values:
        raise InputError(msg("synthetic_no_slum", layer=villages.name))
    target = values["slum_area_ha"].reindex(desa_units.index.astype(str)).dropna()
    target = target[target > 0].sort_index()
    proj = desa_units.to_crs(EQUAL_AREA_CRS)
    proj.index = proj.index.astype(str)
    province = shapely.union_all(proj.geometry.to_numpy())
    shapely.prepare(province)
    rng = np.random.default_rng([seed, 7])
    rows = []
    for code, ha in target.items():
        village = proj.geometry.loc[code]
        shares = rng.dirichlet(np.full(1 if ha < 5 else int(rng.integers(1, 4)), 3.0))
        for j, share in enumerate(shares):
            geom = _blob(village, province, share * ha * 1e4, j == 0 and rng.uniform() < 0.3, rng)
            if geom is not None:
                spill = shapely.difference(geom, village).area > 0.01 * geom.area
                rows.append({"code": code, "area_ha": round(geom.area / 1e4, 2), "crosses_border": bool(spill),
                             "geometry": geom})
    out = gpd.GeoDataFrame(rows, columns=["code", "area_ha", "crosses_border", "geometry"],
                           geometry="geometry", crs=EQUAL_AREA_CRS).to_crs("EPSG:4326")
    out.insert(0, "slum_id", [f"SINTETIS-KUMUH-{i + 1:04d}" for i in range(len(out))])
    out["synthetic"], out["source"] = True, SOURCE.format(seed=seed)
    return out[["slum_id", "code", "area_ha", "crosses_border", "synthetic", "source", "geometry"]]
