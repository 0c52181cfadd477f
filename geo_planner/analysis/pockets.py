"""Poverty pockets: contiguous groups of units in need that programmes miss.

Strategy 3 of Permendagri 53/2020 is to shrink poverty pockets (kantong
kemiskinan). A unit is *flagged* when it is

- a **hot spot**: Getis-Ord Gi* of the need score (``priority_score``) is
  significantly high, i.e. the unit *and its neighbours* score high; and/or
- **underserved**: it is in the highest need class and the lowest coverage
  class (terciles by default) of a bivariate classification.

A *pocket* is a connected group of flagged units on the contiguity graph
(Queen by default; small islands are attached to their nearest unit).

Inference is by conditional permutation (esda), seeded so that a run is
reproducible. Pseudo p-values are esda's one-sided ("directed") ones; with
``fdr=True`` the significance threshold is esda's false-discovery-rate bound
instead of ``alpha``. Units without a value are left out of the statistics
and reported as ``"no data"``.
"""

from __future__ import annotations

import functools
import threading
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import esda
import geopandas as gpd
import numpy as np
import pandas as pd
from libpysal.weights import Queen, Rook, W, w_subset
from scipy.sparse.csgraph import connected_components

from geo_planner.errors import InputError
from geo_planner.i18n.messages import msg
from geo_planner.layers.kinds import indicator_kind
from geo_planner.layers.model import Indicator

__all__ = [
    "MIN_UNITS",
    "PocketResult",
    "contiguity",
    "coverage_score",
    "bivariate_classes",
    "hotspots",
    "find_pockets",
    "pocket_membership",
    "analyse_pockets",
]

MIN_UNITS = 5  # fewer units with a value than this: no local statistic
NO_DATA = "no data"
REASON_HOTSPOT = "hotspot (Gi*)"
REASON_UNDERSERVED = "high need, low coverage"
_QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
_KINDS = {"queen": Queen, "rook": Rook}
_FLAGS = ("both", "hotspot", "underserved")
POCKET_COLUMNS = ["pocket", "units", "names", "n_units", "population", "poor"]


def _check_units(units: gpd.GeoDataFrame) -> None:
    if units.index.has_duplicates:
        dup = ", ".join(map(str, units.index[units.index.duplicated()].unique()[:5]))
        raise InputError(msg("pockets_duplicate_codes", codes=dup))
    bad = units.geometry.isna() | units.geometry.is_empty
    if bad.any():
        raise InputError(msg("pockets_no_geometry", codes=", ".join(map(str, units.index[bad][:5]))))


def contiguity(units: gpd.GeoDataFrame, *, kind: str = "queen") -> tuple[W, list[str]]:
    """Contiguity weights of the units, with islands attached.

    Parameters
    ----------
    units : GeoDataFrame
        Indexed by unit code; a clean coverage (neighbours share edges).
    kind : {"queen", "rook"}
        Queen: units sharing an edge or a corner are neighbours; Rook: an edge.

    Returns
    -------
    w : libpysal.weights.W
        Binary weights, ids = unit codes in ``units.index`` order. Every unit
        has at least one neighbour (when there are two units or more).
    islands : list of str
        Units that touched no other unit (e.g. small islands); each one is
        joined to the unit nearest to it (boundary-to-boundary distance in a
        local UTM CRS), like ``libpysal.weights.attach_islands`` with KNN-1.
    """
    if kind not in _KINDS:
        raise InputError(msg("pockets_unknown_contiguity", kind=kind, kinds=", ".join(_KINDS)))
    _check_units(units)
    base = _KINDS[kind].from_dataframe(units, use_index=True, silence_warnings=True)
    neighbors = {code: list(base.neighbors.get(code, [])) for code in units.index}
    islands = [code for code in units.index if not neighbors[code]] if len(units) > 1 else []
    if islands:
        geoms = units.geometry
        if geoms.crs is not None and geoms.crs.is_geographic:  # distances in local UTM metres
            geoms = geoms.to_crs(geoms.estimate_utm_crs())
        for code in islands:
            nearest = geoms.drop(code).distance(geoms[code]).idxmin()
            if nearest not in neighbors[code]:
                neighbors[code].append(nearest)
                neighbors[nearest].append(code)
    w = W(neighbors, id_order=list(units.index), silence_warnings=True)
    return w, [str(c) for c in islands]


def coverage_score(values: pd.DataFrame, indicators: Mapping[str, Indicator],
                   weights: Mapping[str, float] | None = None) -> pd.Series:
    """How well programmes reach each unit, 0-100 (higher = better covered).

    Each coverage-direction indicator of programme reach is rescaled min-max across the units
    (lowest 0, highest 100) and the score is their (weighted) mean over the
    indicators the unit has figures for. An indicator with the same value
    everywhere says nothing about who is better covered and is left out.

    Parameters
    ----------
    values : DataFrame
        One row per unit, one column per indicator id.
    indicators : mapping
        Indicator metadata; only ``direction == "coverage"`` ones are used, and
        not those of kind ``index``: a low development score such as IDM is need
        (it is reversed in the priority score), not a measure of what programmes reach.
    weights : mapping, optional
        Indicator id -> weight. ``None``: every coverage indicator, equally.
        Ids that are not coverage indicators, or have weight 0, are ignored.

    Returns
    -------
    Series
        ``coverage_score`` per unit, NaN when the unit has no coverage figure.

    Examples
    --------
    >>> meta = {"reach": Indicator("reach", "r", "r", "%", "coverage")}
    >>> coverage_score(pd.DataFrame({"reach": [10.0, 30.0, 20.0]}), meta).tolist()
    [0.0, 100.0, 50.0]
    """
    ids = [i for i in values.columns if i in indicators and indicators[i].direction == "coverage"
           and indicator_kind(indicators[i]) != "index"]  # a development index (IDM) is not programme reach
    if weights is not None:
        ids = [i for i in ids if weights.get(i, 0)]
    num = pd.Series(0.0, index=values.index)
    den = pd.Series(0.0, index=values.index)
    for i in ids:
        x = pd.to_numeric(values[i], errors="coerce").astype("float64")
        span = x.max() - x.min()
        if not span > 0:
            continue
        wt = 1.0 if weights is None else float(weights[i])
        scaled = (x - x.min()) / span * 100
        num += scaled.fillna(0) * wt
        den += scaled.notna() * wt
    return (num / den.replace(0, np.nan)).round(2).rename("coverage_score")


def _quantile_class_array(x: np.ndarray, k: int) -> np.ndarray:
    """Classes 1..k by rank (0 where ``x`` is NaN): class c holds the c-th k-quantile; ties share a class."""
    from scipy.stats import rankdata

    out = np.zeros(len(x), dtype="int64")
    ok = ~np.isnan(x)
    if ok.any():
        ranks = rankdata(x[ok], method="average")  # pandas' rank(method="average"), the same numbers
        out[ok] = np.ceil(k * ranks / int(ok.sum())).clip(1, k).astype("int64")
    return out


def bivariate_classes(need: pd.Series, coverage: pd.Series, *, k: int = 3) -> pd.DataFrame:
    """Cross need classes with coverage classes (terciles by default).

    Classes are quantiles of rank: with ``k=3`` the lowest third is class 1
    and the highest third class ``k``; tied values share a class (all equal:
    the middle class), so duplicates never break the classification.

    Returns
    -------
    DataFrame
        Indexed like ``need``: ``need``, ``coverage``, ``need_class`` and
        ``coverage_class`` (Int64, 1..k, NA without a figure), ``label``
        ("3-1" = need 3, coverage 1; NA when either class is missing),
        ``underserved`` (need class k and coverage class 1) and
        ``no_coverage_data`` (no coverage figure: never underserved).
    """
    if k < 2:
        raise InputError(msg("pockets_few_classes", k=k))
    coverage = coverage.reindex(need.index).astype("float64")
    need = need.astype("float64")
    nc = _quantile_class_array(need.to_numpy(na_value=np.nan), k)
    cc = _quantile_class_array(coverage.to_numpy(na_value=np.nan), k)
    both = (nc > 0) & (cc > 0)
    # the k x k labels once, picked per unit (class 0 = no figure: no label)
    texts = np.array([None, *(f"{i}-{j}" for i in range(1, k + 1) for j in range(1, k + 1))], dtype=object)
    label = texts[np.where(both, (nc - 1) * k + cc, 0)]
    return pd.DataFrame({"need": need, "coverage": coverage,
                         "need_class": pd.arrays.IntegerArray(nc, nc == 0),
                         "coverage_class": pd.arrays.IntegerArray(cc, cc == 0),
                         "label": pd.array(label, dtype="string"),
                         "underserved": (nc == k) & (cc == 1),
                         "no_coverage_data": coverage.isna().to_numpy()}, index=need.index)


def _no_hotspots(ids) -> pd.DataFrame:
    return pd.DataFrame({"gi_z": np.nan, "gi_p": np.nan, "gi_class": NO_DATA, "moran_i": np.nan,
                         "moran_p": np.nan, "moran_quadrant": NO_DATA}, index=pd.Index(ids, name="code"))


def _threshold(p: np.ndarray, alpha: float, fdr: bool) -> float:
    return float(esda.fdr(p, alpha)) if fdr else alpha


_SUBSETS: dict[tuple[int, tuple], tuple[W, "_Plan"]] = {}
# one hot-spot computation at a time (the app serves sessions in threads): the kept weights get their
# transform set by esda, and esda seeds NumPy's global generator for its draws
_LOCK = threading.RLock()


class _KeptTransform(W):
    """A ``W`` that keeps its sparse matrix (and the rest libpysal caches) when it is given the transform
    it already has. esda sets the transform on every call, and libpysal then builds the sparse matrix
    again, neighbour by neighbour (about 40 ms for the 1,038 desa, more than the statistic)."""

    def _set_kept(self, value="B"):
        if str(value).upper() != getattr(self, "_transform", None):
            W.set_transform(self, value)

    transform = property(W.get_transform, _set_kept)


def _kept(w: W, transform: str) -> _KeptTransform:
    kept = _KeptTransform(w.neighbors, w.weights, id_order=list(w.id_order), silence_warnings=True)
    kept.transform = transform
    kept.sparse  # noqa: B018 -- built once here, then kept
    return kept


@dataclass(frozen=True)
class _Plan:
    """The weights of one set of units as esda's conditional randomisation uses them, prepared once.

    ``star`` (Gi*: binary, self-weight 1) and ``moran`` (row-standardised) are the weights handed to esda;
    ``groups`` are the units with the same number of neighbours and the same weights (so the same
    arithmetic on arrays of the same shape), with those weights for each statistic; ``gi_self`` and
    ``lm_self`` the self-weights (0 for an island); ``max_card`` the most neighbours of a unit.
    """

    star: W
    moran: W
    groups: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...]
    gi_self: np.ndarray
    lm_self: np.ndarray
    max_card: int
    kept: dict = field(default_factory=dict, compare=False)  # drawn positions per (permutations, seed)

    def drawn(self, ids: np.ndarray, key: tuple) -> list:
        """Per group, the positions of the values drawn for each unit and permutation (units x
        permutations x neighbours): esda's ``ids + (ids >= i)``, which leaves the unit's own value out of
        its draw. They depend on the draws only, so they are kept for the last two (uint16 while the
        units are fewer than 65,536: 12 MB for the 1,038 desa and 999 permutations); beyond
        :data:`_DRAWN_BUDGET` bytes they are worked out a few units at a time instead."""
        hit = self.kept.get(key)
        if hit is None:
            n = len(self.gi_self)
            size = ids.shape[0] * sum(len(rows) * len(gi_w) for rows, gi_w, _ in self.groups)
            dtype = np.uint16 if n <= 1 << 16 else np.int32
            hit = [_Drawn(ids, rows, len(gi_w), dtype) for rows, gi_w, _ in self.groups]
            if size * np.dtype(dtype).itemsize <= _DRAWN_BUDGET:
                hit = [d[:] for d in hit]  # worked out once for all units
            while len(self.kept) >= 2:
                self.kept.pop(next(iter(self.kept)))
            self.kept[key] = hit
        return hit


_DRAWN_BUDGET = 64 << 20  # bytes of drawn positions kept per set of units and draws


class _Drawn:
    """The drawn positions of the units ``rows`` (a group of ``k`` neighbours each), a slice of units at
    a time: ``ids[:, :k] + (ids[:, :k] >= unit)``."""

    def __init__(self, ids: np.ndarray, rows: np.ndarray, k: int, dtype) -> None:
        self.ids, self.rows, self.k, self.dtype = ids[:, :k], rows, k, dtype

    def __getitem__(self, part: slice) -> np.ndarray:
        units = self.rows[part][:, None, None]
        return (self.ids[None] + (self.ids[None] >= units)).astype(self.dtype)


def _plan(star: W, moran: W) -> _Plan:
    gi_self, gi_w, cards = _neighbour_weights(star.sparse, np.float64)
    lm_self, lm_w, lm_cards = _neighbour_weights(moran.sparse, np.float64)
    if not np.array_equal(cards, lm_cards):
        raise ValueError(msg("pockets_weights_differ"))
    rows: dict[tuple, list[int]] = {}
    first: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
    for i, (g, m) in enumerate(zip(gi_w, lm_w)):
        key = (len(g), g.tobytes(), m.tobytes())
        rows.setdefault(key, []).append(i)
        first.setdefault(key, (g, m))
    groups = tuple((np.array(at, dtype=np.intp), *first[key]) for key, at in rows.items())
    return _Plan(star, moran, groups, gi_self, lm_self, int(cards.max()))


def _subset_weights(w: W, ids: list) -> _Plan:
    """The weights of the units ``ids`` for Gi* (binary, self-weight 1: what ``esda.G_Local`` makes of
    them with ``star=True``) and for local Moran's I (row-standardised), prepared for the permutations
    and kept for the last few sets of units: they change with the units that have a value, not with the
    weights of the indicators, and preparing them cost more than the statistics themselves."""
    from libpysal.weights import fill_diagonal

    key = (id(w), tuple(ids))
    hit = _SUBSETS.get(key)
    if hit is not None and hit[0] is w:  # the entry holds w, so its id is not another object's
        return hit[1]
    sub = w_subset(w, ids, silence_warnings=True)
    plan = _plan(_kept(fill_diagonal(sub, 1), "B"), _kept(sub, "R"))
    while len(_SUBSETS) >= 4:
        _SUBSETS.pop(next(iter(_SUBSETS)))
    _SUBSETS[key] = (w, plan)
    return plan


@functools.lru_cache(maxsize=8)
def _permuted_ids(max_card: int, n: int, permutations: int, seed: int) -> np.ndarray:
    """esda's draws of neighbours for the conditional permutations (``esda.crand.vec_permutations``: it
    seeds NumPy's global generator itself; the caller restores it). They depend on the sizes and the
    seed only, so Gi*, local Moran's I and every weight change of the same units share them."""
    from esda.crand import vec_permutations

    ids = vec_permutations(max_card, n, permutations, seed)
    ids.setflags(write=False)
    return ids


def _neighbour_weights(adj, dtype) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Per unit as ``esda.crand`` sees the weights: the self-weight (0 for an island), the weights of
    the other units (one "fake" neighbour of weight 0 for an island) and the number of neighbours.
    ``adj`` (the weights' sparse matrix, diagonal = self-weights) is not changed."""
    adj = adj.tocsr(copy=True)
    diagonal = adj.diagonal()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # changing the sparsity of the diagonal (as esda does)
        adj.setdiag(0)
        adj.eliminate_zeros()
    flat = adj.data.astype(dtype)
    cardinalities = np.array((adj != 0).sum(1)).flatten()
    self_weights = np.zeros(len(cardinalities), dtype=flat.dtype)
    others, wloc = [], 0
    for i, card in enumerate(cardinalities.tolist()):
        if card == 0:
            weights_i = np.zeros(2, dtype=flat.dtype)
        else:  # laid out as esda does: [self, others...]; the statistic takes weights_i[1:]
            weights_i = np.zeros(card + 1, dtype=flat.dtype)
            weights_i[0] = self_weights[i] = diagonal[i]
            weights_i[1:] = flat[wloc:wloc + card]
        wloc += card
        others.append(weights_i[1:])
    return self_weights, others, cardinalities


_CHUNK = 1 << 16  # values taken at once per statistic: 512 KB, which stays in the processor's cache


@functools.cache
def _worker():
    """One thread kept for the second statistic's permutations (made on first use)."""
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="geo-planner-permutations")


def _permuted_sums(values: np.ndarray, plan: _Plan, drawn: list, which: int, permutations: int) -> np.ndarray:
    """Per unit and permutation, the drawn neighbours' values times the unit's weights (``which``: 1 =
    the Gi* weights of the plan's groups, 2 = local Moran's): esda's ``zrand @ weights``.

    ``drawn`` (:meth:`_Plan.drawn`) holds the positions of the values each unit draws, its own value left
    out (esda's ``ids + (ids >= i)``). The units of a group are stacked and multiplied by the group's
    weights in one ``matmul``, which works through the stack one array at a time with esda's operation
    on an array of esda's shape: the same numbers, to the last bit (tests/test_pockets.py compares the
    p-values with esda's own).
    """
    out = np.empty((len(values), permutations), dtype=values.dtype)
    for group, positions in zip(plan.groups, drawn):
        rows, weights = group[0], group[which]
        k = len(weights)
        step = max(1, _CHUNK // (permutations * k))
        taken = np.empty((min(step, len(rows)), permutations, k), dtype=values.dtype)
        for start in range(0, len(rows), step):
            part = positions[start:start + step]
            into = taken[:len(part)]
            np.take(values, part, out=into)
            out[rows[start:start + step]] = into @ weights
    return out


def _conditional_p(y: np.ndarray, z: np.ndarray, plan: _Plan, gi_observed: np.ndarray,
                   lm_observed: np.ndarray, permutations: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Pseudo p-values of Gi* (values ``y``, the plan's star weights) and local Moran's I (standardised
    values ``z``, its row-standardised weights) as esda's conditional randomisation gives them
    (``esda.crand.crand`` with ``n_jobs=1``, the "directed" alternative, ``island_weight=0``).

    The permuted statistics are esda's, to the last bit (:func:`_permuted_sums`); the self-weight,
    scaling and comparison with the observed statistic are done for all units at once, in esda's order
    of operations. Returns float32 arrays, as esda does.
    """
    n = len(y)
    ids = _permuted_ids(plan.max_card, n, permutations, seed)
    drawn = plan.drawn(ids, (permutations, seed))
    # local Moran's I in a second thread while this one does Gi*: NumPy lets go of the interpreter in
    # take, matmul and the comparisons, so on two cores the pair takes little more than one

    def gi() -> np.ndarray:
        r = _permuted_sums(y, plan, drawn, 1, permutations)
        return _pseudo_p((r + (plan.gi_self * y)[:, None]) / y.sum(), gi_observed)  # (zrand @ w + w_ii z_i) / scaling

    def moran() -> np.ndarray:
        r = _permuted_sums(z, plan, drawn, 2, permutations)
        scaling = (n - 1) / (z * z).sum()
        return _pseudo_p(z[:, None] * (r + (plan.lm_self * z)[:, None]) * scaling, lm_observed)  # z_i (...) scaling

    lm = _worker().submit(moran)
    return gi(), lm.result()


def _pseudo_p(stats: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """esda's "directed" pseudo p-values of the permuted statistics ``stats`` (units x permutations)."""
    permutations = stats.shape[1]
    larger = (stats >= observed[:, None]).sum(axis=1)
    low = (permutations - larger) < larger
    larger[low] = permutations - larger[low]
    return ((larger + 1.0) / (permutations + 1.0)).astype(np.float32)


def hotspots(values: pd.Series, w: W, *, permutations: int = 999, alpha: float = 0.05,
             fdr: bool = False, seed: int = 0) -> pd.DataFrame:
    """Getis-Ord Gi* hot/cold spots and local Moran's I clusters.

    Parameters
    ----------
    values : Series
        One value (0 or more) per unit code; NaN or absent units are left out
        of the statistics (the weights are subset to the units with a value).
    w : W
        Contiguity weights (see :func:`contiguity`); not modified.
    permutations, alpha : int, float
        Conditional permutations for the pseudo p-values; significance level.
    fdr : bool
        Threshold = esda's false-discovery-rate bound (:func:`esda.fdr`) on
        each statistic's p-values instead of ``alpha``.
    seed : int
        Seed of the permutations; the global NumPy random state is restored.

    Returns
    -------
    DataFrame
        Indexed by ``w.id_order``: ``gi_z`` (analytical z of Gi*), ``gi_p``
        (pseudo p), ``gi_class`` ("hot", "cold", "ns" or "no data"),
        ``moran_i``, ``moran_p``, ``moran_quadrant`` ("HH", "LH", "LL", "HL",
        "ns" or "no data").

    Raises
    ------
    InputError
        Codes outside ``w``, negative values, < :data:`MIN_UNITS` values.
    """
    ids = list(w.id_order)
    order = pd.Index(ids)
    same = values.index.equals(order)  # the usual case: the values of the weights' units, in their order
    extra = values.index.difference(order) if not same else ()
    if len(extra):
        raise InputError(msg("pockets_values_not_in_weights", n=len(extra), codes=", ".join(map(str, extra[:5]))))
    y = pd.to_numeric(values if same else values.reindex(order), errors="coerce").astype("float64")
    have = y.dropna()
    if len(have) < MIN_UNITS:
        raise InputError(msg("pockets_too_few_values", least=MIN_UNITS, n=len(have), total=len(ids)))
    if (have < 0).any():
        raise InputError(msg("pockets_negative", unit=have.idxmin(), value=f"{have.min():g}"))
    out = _no_hotspots(ids)
    sub = have.index
    if have.nunique() == 1:  # no variation: nothing stands out
        out.loc[sub, ["gi_class", "moran_quadrant"]] = "ns"
        return out
    with _LOCK:
        return _statistics(out, have, w, permutations, alpha, fdr, seed)


def _statistics(out: pd.DataFrame, have: pd.Series, w: W, permutations: int, alpha: float, fdr: bool,
                seed: int) -> pd.DataFrame:
    """:func:`hotspots` for the units ``have`` (checked, with varying values): ``out`` filled in."""
    sub = have.index
    arr = have.to_numpy()
    state = np.random.get_state()  # esda seeds the global generator
    try:
        # esda divides 0 by 0 for the z-scores of a handful of identical values (a small
        # drill-down); those units come out "not significant", which is what they are.
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            # esda 2.x announces a change of its default alternative hypothesis
            # (G_Local/Moran_Local do not let us choose it); we keep "directed".
            warnings.filterwarnings("ignore", message="The alternative hypothesis for conditional",
                                    category=DeprecationWarning)
            # esda rebuilds the weights internally (Gi* fills the diagonal) without silencing
            # libpysal; a map with separate island groups is expected and handled above.
            warnings.filterwarnings("ignore", message="The weights matrix is not fully connected",
                                    category=UserWarning)
            plan = _subset_weights(w, list(sub))  # Gi*'s diagonal filled here, not by esda
            # the statistics by esda (no permutations there), their pseudo p-values by
            # _conditional_p: esda's conditional randomisation with esda's draws and arithmetic,
            # several units at a time (tests/test_pockets.py checks it against esda's own)
            gi = esda.G_Local(arr, plan.star, transform="B", star=True, permutations=0, n_jobs=1,
                              keep_simulations=False)
            lm = esda.Moran_Local(arr, plan.moran, permutations=0, n_jobs=1, keep_simulations=False)
            gi_p, lm_p = _conditional_p(gi.y, lm.z, plan, gi.Gs, lm.Is, permutations, seed)
    finally:
        np.random.set_state(state)
    # filled by position (one look-up of the units), not by label column by column
    pos = np.arange(len(out)) if out.index.equals(sub) else out.index.get_indexer(sub)
    gi_sig = gi_p <= _threshold(gi_p, alpha, fdr)
    m_sig = lm_p <= _threshold(lm_p, alpha, fdr)
    columns = {"gi_z": gi.Zs, "gi_p": gi_p,
               "gi_class": np.where(gi_sig & (gi.Zs > 0), "hot", np.where(gi_sig & (gi.Zs < 0), "cold", "ns")),
               "moran_i": lm.Is, "moran_p": lm_p,
               "moran_quadrant": np.where(m_sig, np.array(["", *_QUADRANTS.values()])[np.asarray(lm.q, dtype=int)],
                                          "ns")}
    filled = {}
    for col, computed in columns.items():
        full = out[col].to_numpy(dtype=object if computed.dtype.kind == "U" else "float64", copy=True)
        full[pos] = computed
        filled[col] = full
    return pd.DataFrame(filled, index=out.index)


def _join_reasons(reasons: list[str]) -> str:
    counts = Counter(part for r in reasons if isinstance(r, str) for part in r.split("; ") if part)
    return "; ".join(r for r, _ in counts.most_common()) or "flagged"


def find_pockets(units: gpd.GeoDataFrame, flags: pd.Series, w: W, *,
                 values: pd.DataFrame | None = None, population: pd.Series | None = None,
                 reasons: pd.Series | None = None, poor_column: str = "poor_population") -> pd.DataFrame:
    """Group flagged units into pockets: connected components on ``w``.

    Parameters
    ----------
    units : GeoDataFrame
        Indexed by code; its ``name`` column (if any) gives ``names``.
    flags : Series of bool
        Code -> flagged (NA counts as not flagged).
    w : W
        Contiguity weights of the units (see :func:`contiguity`).
    values : DataFrame, optional
        Per-unit figures to summarise: ``poor_column`` is summed into ``poor``;
        every other numeric column becomes the member mean under its own name
        (e.g. ``need``, ``coverage``).
    population : Series, optional
        Code -> population, summed into ``population``.
    reasons : Series, optional
        Code -> why the unit is flagged ("; "-separated); the pocket's
        ``reason`` lists its members' reasons, most frequent first.
    poor_column : str
        Column of ``values`` holding the number of poor people.

    Returns
    -------
    DataFrame
        One row per pocket, biggest first (by ``poor``, then ``population``,
        then ``n_units``): ``pocket`` ("P1", ...), ``units`` (list of codes),
        ``names`` (list), ``n_units``, ``population`` and ``poor`` (sums that
        skip missing figures; NaN when no member has one), the member means,
        and ``reason``. A single flagged unit is a pocket of one.
    """
    ids = list(w.id_order)
    order = pd.Index(ids)
    id_index = units.index if units.index.equals(order) else order
    flags = flags.astype("boolean").fillna(False).astype(bool)
    missing = flags.index[flags].difference(id_index)
    if len(missing):
        raise InputError(msg("pockets_flagged_not_in_weights", codes=", ".join(map(str, missing[:5]))))
    if flags.index.is_unique:  # one look-up for all units, not one Series.get per unit
        pos = np.flatnonzero(flags.reindex(id_index, fill_value=False).to_numpy(dtype=bool)).tolist()
    else:
        pos = [i for i, code in enumerate(ids) if flags.get(code, False)]
    codes = [ids[i] for i in pos]

    def members_of(series: pd.Series) -> np.ndarray:
        """The flagged units' values of ``series``, by position when it is indexed like the weights."""
        if series.index.equals(id_index):
            return series.to_numpy()[pos]
        return series.reindex(codes).to_numpy()

    names = units["name"] if "name" in units.columns else pd.Series(units.index, index=units.index)
    values = pd.DataFrame(index=units.index) if values is None else values
    means = [c for c in values.columns if c != poor_column and pd.api.types.is_numeric_dtype(values[c])]
    rows = []
    if codes:
        adj = w.sparse.tocsr()[pos][:, pos]
        n_pockets, labels = connected_components(adj, directed=False)
        # one grouped pass over the members (by position: no look-ups of codes in an index of text)
        frame = pd.DataFrame({"label": labels})
        frame["population"] = (members_of(population.astype("float64")) if population is not None else np.nan)
        frame["poor"] = (members_of(values[poor_column].astype("float64"))
                         if poor_column in values.columns else np.nan)
        for c in means:
            frame[c] = members_of(values[c].astype("float64"))
        grouped = frame.groupby("label", sort=True)  # labels 0 .. n_pockets - 1, each with a member
        sums = grouped[["population", "poor"]].sum(min_count=1).to_numpy()
        avgs = grouped[means].mean().to_numpy() if means else None
        member_reasons = members_of(reasons).tolist() if reasons is not None else None
        at = names.index.get_indexer(codes) if names.index.is_unique else None
        name_list = ([str(names.iat[i]) if i >= 0 else str(c) for c, i in zip(codes, at)] if at is not None
                     else [str(names.get(c, c)) for c in codes])
        order = np.argsort(labels, kind="stable")  # members of a pocket in the order of the units
        bounds = np.searchsorted(labels[order], np.arange(n_pockets + 1))
        for lab in range(n_pockets):
            idx = order[bounds[lab]:bounds[lab + 1]].tolist()
            row = {"units": [codes[j] for j in idx], "names": [name_list[j] for j in idx],
                   "n_units": len(idx), "population": sums[lab, 0], "poor": sums[lab, 1]}
            for m, c in enumerate(means):
                row[c] = avgs[lab, m]
            row["reason"] = _join_reasons([member_reasons[j] for j in idx] if member_reasons is not None else [])
            rows.append(row)
    out = pd.DataFrame(rows, columns=POCKET_COLUMNS[1:] + means + ["reason"])
    if len(out):
        out["_first"] = out["units"].map(lambda m: str(m[0]))
        out = out.sort_values(["poor", "population", "n_units", "_first"],
                              ascending=[False, False, False, True], na_position="last")
        out = out.drop(columns="_first").reset_index(drop=True)
    out.insert(0, "pocket", [f"P{i + 1}" for i in range(len(out))])
    return out


def pocket_membership(pockets: pd.DataFrame, codes: Iterable[str]) -> pd.Series:
    """Code -> pocket id ("P1", ...) for ``codes``; NA for units in no pocket."""
    idx = pd.Index(codes, name="code")
    out = np.full(len(idx), None, dtype=object)
    members = [c for ms in pockets["units"] for c in ms]
    if not idx.is_unique:
        lookup = {c: p for p, ms in zip(pockets["pocket"], pockets["units"]) for c in ms}
        return pd.Series([lookup.get(c, pd.NA) for c in idx], index=idx, name="pocket", dtype="string")
    if members:
        of = np.repeat(pockets["pocket"].to_numpy(dtype=object), [len(ms) for ms in pockets["units"]])
        at = idx.get_indexer(members)
        out[at[at >= 0]] = of[at >= 0]
    return pd.Series(out, index=idx, name="pocket", dtype="string")


@dataclass
class PocketResult:
    """Everything :func:`analyse_pockets` computes.

    ``bivariate``, ``hotspots``, ``flags``, ``reasons`` and ``membership``
    are indexed by unit code; ``pockets`` has one row per pocket.
    """

    w: W
    islands: list[str]
    bivariate: pd.DataFrame
    hotspots: pd.DataFrame
    flags: pd.Series
    reasons: pd.Series
    pockets: pd.DataFrame
    membership: pd.Series


def analyse_pockets(units: gpd.GeoDataFrame, values: pd.DataFrame, indicators: Mapping[str, Indicator],
                    scores: pd.DataFrame, *, flag: str = "both", kind: str = "queen",
                    permutations: int = 999, alpha: float = 0.05, fdr: bool = False,
                    seed: int = 0, k: int = 3, w: tuple[W, list[str]] | None = None) -> PocketResult:
    """Weights, hot spots, bivariate classes and pockets in one go.

    Parameters
    ----------
    units : GeoDataFrame
        Indexed by code.
    values : DataFrame
        Indicator figures per unit (``population`` and ``poor_population``
        columns, when present, size the pockets).
    indicators : mapping
        Indicator metadata (coverage-direction ones make the coverage score).
    scores : DataFrame
        From :func:`geo_planner.analysis.priority.compute_priority`;
        ``priority_score`` is the need index.
    flag : {"both", "hotspot", "underserved"}
        Which units seed pockets: Gi* hot spots of need whose own need is
        above the mean (Gi* alone also marks a low-need unit ringed by
        high-need ones), underserved units (high need, low coverage), or
        ``"both"`` = either of the two.
    kind, permutations, alpha, fdr, seed
        See :func:`contiguity` and :func:`hotspots`.
    k : int
        Classes of the bivariate classification (3 = terciles).
    w : (W, islands), optional
        Ready contiguity weights of exactly these units, from :func:`contiguity`
        (building them for 1,038 desa takes about a second; the app caches them).

    Returns
    -------
    PocketResult
    """
    if flag not in _FLAGS:
        raise InputError(msg("pockets_unknown_flag", flag=flag, flags=", ".join(_FLAGS)))
    if "priority_score" not in scores.columns:
        raise InputError(msg("pockets_no_score"))
    if w is not None and list(w[0].id_order) != list(units.index):
        raise InputError(msg("pockets_other_weights"))
    w, islands = w if w is not None else contiguity(units, kind=kind)
    codes = units.index
    need = scores["priority_score"].reindex(codes).astype("float64")
    coverage = coverage_score(values.reindex(codes), indicators)
    biv = bivariate_classes(need, coverage, k=k)
    try:
        hs = hotspots(need, w, permutations=permutations, alpha=alpha, fdr=fdr, seed=seed)
    except InputError:
        if flag != "underserved":
            raise
        hs = _no_hotspots(codes)
    # a hot spot seeds a pocket only where the unit's own need is above average too:
    # Gi* also marks a low-need unit ringed by high-need ones (e.g. a small city)
    core = (hs["gi_class"] == "hot") & (need > need.mean())
    hot = core if flag != "underserved" else pd.Series(False, index=codes)
    under = biv["underserved"] if flag != "hotspot" else pd.Series(False, index=codes)
    flags = (hot | under).rename("flagged")
    # one of four texts per unit: neither, hot spot, underserved, both
    texts = np.array(["", REASON_HOTSPOT, REASON_UNDERSERVED, f"{REASON_HOTSPOT}; {REASON_UNDERSERVED}"], dtype=object)
    which = hot.to_numpy(dtype=bool).astype(np.intp) + 2 * under.to_numpy(dtype=bool).astype(np.intp)
    reasons = pd.Series(texts[which], index=codes, name="reason", dtype="string")
    table = pd.DataFrame({"need": need, "coverage": coverage}, index=codes)
    if "poor_population" in values.columns:
        table["poor_population"] = values["poor_population"].reindex(codes)
    population = values["population"].reindex(codes) if "population" in values.columns else None
    pockets = find_pockets(units, flags, w, values=table, population=population, reasons=reasons)
    return PocketResult(w, islands, biv, hs, flags, reasons, pockets, pocket_membership(pockets, codes))
