"""Points to units without a shapely Point per row: counts and sums per unit.

A grid over the units marks
the cells a unit boundary crosses and, for each such border cell, the units whose
boundaries cross it. Each run of unmarked cells along a row lies in one unit's
interior (or outside all) and is located once, so most points are assigned by an
array lookup. A point in a border cell is tested with :func:`shapely.contains_xy`
only against the prepared units crossing its cell (in a clean coverage it lies in
one of them or in none); a point in no interior (on a border) goes to the first
unit by code it touches (:func:`shapely.intersects_xy`).

:func:`aggregate_points` is what :mod:`geo_planner.analysis.spatial` (point layers),
:mod:`geo_planner.analysis.engine_dask` (one call per batch) and
:mod:`geo_planner.analysis.national` use; ``benchmarks/bench_spatial.py`` measures it
against ``gpd.sjoin`` + groupby.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

__all__ = ["aggregate_points"]

_GRID_MIN_POINTS = 30_000  # below this the grid costs more than it saves (measured on the 1,038 desa)
_CELLS_PER_POINT = 0.5  # grid cells per point: measured fastest at 1M and 5M points (benchmarks/bench_spatial.py)


def aggregate_points(units: gpd.GeoDataFrame, x, y, *, weights: dict[str, np.ndarray] | None = None
                     ) -> tuple[pd.DataFrame, np.ndarray]:
    """Count points (and sum weights) per unit.

    Parameters
    ----------
    units : GeoDataFrame
        A clean coverage (no overlaps), in the CRS of `x` and `y`.
    x, y : array-like of float
        Point coordinates (longitude, latitude for EPSG:4326). NaN is outside.
    weights : dict of str to array-like, optional
        Values per point to sum per unit; NaN counts as 0.

    Returns
    -------
    totals : DataFrame
        Index ``units.index``; column ``count`` (int) and one float column per weight.
    position : ndarray of int
        For each point, the position of its unit in `units`, or -1 outside every unit.

    Notes
    -----
    A point in a unit's interior belongs to it; a point on a border shared by
    several units belongs to the first of them by code, so it is counted once.
    """
    geoms = np.asarray(units.geometry.values, dtype=object)
    order = np.argsort(np.asarray(units.index, dtype=str), kind="stable")
    pos = _locate(geoms, order, np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64"))
    m, slot = len(geoms), pos + 1  # slot 0: outside every unit
    out = {"count": np.bincount(slot, minlength=m + 1)[1:]}
    for name, w in (weights or {}).items():
        out[name] = np.bincount(slot, weights=np.nan_to_num(np.asarray(w, dtype="float64")), minlength=m + 1)[1:]
    return pd.DataFrame(out, index=units.index), pos


def _locate(geoms: np.ndarray, code_order: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    pos = np.full(len(x), -1, dtype=np.int64)
    usable = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if not usable.any():
        return pos
    shapely.prepare(geoms[usable])
    bounds = shapely.bounds(geoms)
    (x0, y0), (x1, y1) = np.nanmin(bounds[:, :2], axis=0), np.nanmax(bounds[:, 2:], axis=0)
    with np.errstate(invalid="ignore"):
        inbox = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
    idx = None if inbox.all() else np.flatnonzero(inbox)
    n = len(x) if idx is None else len(idx)
    if n < _GRID_MIN_POINTS:  # the grid costs more than it saves for few points
        idx = np.arange(len(x)) if idx is None else idx
        pos[idx] = _refine(geoms, usable, bounds, code_order, x[idx], y[idx])
        return pos
    grid = _Grid(geoms, usable, bounds, code_order, (x0, y0, x1, y1), int(np.clip(n * _CELLS_PER_POINT, 2**16, 2**22)))
    px, py = (x, y) if idx is None else (x[idx], y[idx])
    st = grid.state[grid.cell(py, px)]
    border = np.flatnonzero(st <= -2)
    border = border[np.argsort(st[border], kind="stable")[::-1]]  # by cell: a unit's tests run together (cache)
    st = st.astype(np.int64)
    st[border] = grid.refine(-2 - st[border], px[border], py[border])
    if idx is None:
        return st
    pos[idx] = st
    return pos


class _Grid:
    """A regular grid over the units: each cell resolved to one unit, to none, or to the units crossing it.

    ``state`` (flat, one per cell) is the position of the unit whose interior
    holds the cell, -1 outside every unit, or ``-2 - b`` for the ``b``-th
    border cell, one a unit boundary crosses. ``slots[b]`` lists the units
    whose boundaries cross border cell ``b`` (-1 for an empty slot); in a
    clean coverage a point in that cell lies in one of them or in none.
    ``overflow[b]`` marks a cell crossed by more units than there are slots.
    """

    SLOTS = 6

    def __init__(self, geoms, usable, bounds, code_order, extent, ncells: int):
        x0, y0, x1, y1 = extent
        cs = max(np.sqrt((x1 - x0) * (y1 - y0) / ncells), (x1 - x0) / 4096, (y1 - y0) / 4096, 1e-9)
        self.x0, self.y0, self.cs, self.inv = x0, y0, cs, 1 / cs
        self.nx, self.ny = int(np.floor((x1 - x0) / cs)) + 1, int(np.floor((y1 - y0) / cs)) + 1
        self.geoms, self.usable, self.bounds, self.code_order = geoms, usable, bounds, code_order
        self.rank = np.empty(len(geoms), dtype=np.int64)
        self.rank[code_order] = np.arange(len(geoms))
        cells, units = self._crossings()
        border = np.zeros(self.nx * self.ny, dtype=bool)
        border[cells] = True
        nb = int(border.sum())
        index = np.full(border.size, -1, dtype=np.int32)
        index[border] = np.arange(nb, dtype=np.int32)
        self.slots, self.overflow = self._fill_slots(index[cells], units, nb)
        # A run of cells along a row that no border crosses lies in one unit's interior or outside all units.
        # The cell after its last (or before its first) is a border cell, and in a clean coverage the unit
        # holding the run crosses that cell: the run is located among that cell's units, once.
        free = ~border.reshape(self.ny, self.nx)
        starts, ends = free.copy(), free.copy()
        starts[:, 1:] &= ~free[:, :-1]
        ends[:, :-1] &= ~free[:, 1:]
        first, last = np.flatnonzero(starts), np.flatnonzero(ends)  # one of each per run, runs in row order
        labels = np.cumsum(starts.ravel(), dtype=np.int32)  # run number (from 1) of each cell not crossed
        del free, starts, ends
        right = last % self.nx < self.nx - 1
        left = ~right & (first % self.nx > 0)
        probe = np.where(right, last, first)
        col, row = probe % self.nx, probe // self.nx
        cx, cy = x0 + (col + 0.5) * cs, y0 + (row + 0.5) * cs
        nxt = np.where(right, last + 1, np.where(left, first - 1, -1))
        alone = nxt < 0  # a whole row no border crosses: no border cell beside it
        run_unit = np.empty(len(first), dtype=np.int64)
        run_unit[~alone] = self.refine(index[nxt[~alone]], cx[~alone], cy[~alone])
        run_unit[alone] = _refine(geoms, usable, bounds, code_order, cx[alone], cy[alone])
        state = np.r_[0, run_unit].astype(np.int32)[labels]
        state[border] = -2 - np.arange(nb, dtype=np.int32)  # border cells: their own state
        self.state = state

    def _index(self, v: np.ndarray, lo: float, n: int, shift: float = 0.0) -> np.ndarray:
        """Cell row or column of coordinates, ``shift`` cells along (truncation is floor here: below 0 is 0)."""
        f = v - lo
        f *= self.inv
        if shift:
            f += shift
        i = f.astype(np.int32)
        np.maximum(i, 0, out=i)
        return np.minimum(i, n - 1, out=i)

    def cell(self, y: np.ndarray, x: np.ndarray) -> np.ndarray:
        """Flat cell index of points inside the grid's extent."""
        i = self._index(y, self.y0, self.ny)
        i *= self.nx
        i += self._index(x, self.x0, self.nx)
        return i

    def _crossings(self) -> tuple[np.ndarray, np.ndarray]:
        """(cell, unit) pairs, with repeats, for every cell a unit's boundary passes through.

        A cell is listed only if the boundary passes through it (or within a
        hair of it): a cell listed for units whose boundaries miss it could lie
        in a third unit's interior, which would then not be among its candidates.
        """
        unit_pos = np.flatnonzero(self.usable)
        lines, owner = shapely.get_parts(shapely.segmentize(shapely.boundary(self.geoms[unit_pos]), self.cs / 2),
                                         return_index=True)
        xy, part = shapely.get_coordinates(lines, return_index=True)
        # A segment no longer than half a cell spans at most 2 x 2 cells, and a point on it lies in a cell
        # between its ends' cells (the index is monotone), widened by eps for a point that rounds across.
        eps = self.cs * 1e-6
        vx, vy = xy[:, 0], xy[:, 1]
        jlo, jhi = self._index(vx, self.x0, self.nx, -1e-6), self._index(vx, self.x0, self.nx, 1e-6)
        ilo, ihi = self._index(vy, self.y0, self.ny, -1e-6), self._index(vy, self.y0, self.ny, 1e-6)
        j0, j1 = np.minimum(jlo[:-1], jlo[1:]), np.maximum(jhi[:-1], jhi[1:])
        i0, i1 = np.minimum(ilo[:-1], ilo[1:]), np.maximum(ihi[:-1], ihi[1:])
        valid = part[1:] == part[:-1]  # not the jump from one ring to the next
        unit = unit_pos[owner[part[:-1]]]
        diag = valid & (j1 != j0) & (i1 != i0)
        plain = valid & ~diag  # in one cell, or in two side by side: both are crossed
        a, b = i0 * self.nx + j0, i1 * self.nx + j1
        keep = plain.copy()  # a run of segments of one unit in one cell gives one pair
        keep[1:] &= (a[1:] != a[:-1]) | (unit[1:] != unit[:-1]) | ~plain[:-1]
        two = plain & (b != a)
        cells, units = [a[keep], b[two]], [unit[keep], unit[two]]
        # A diagonal segment crosses the column line between its ends once: of the 2 x 2 cells only those
        # on either side of that crossing are passed (a corner cell it misses may lie in another unit).
        k = np.flatnonzero(diag)
        left = np.where(vx[k] <= vx[k + 1], k, k + 1)
        right = k + (k + 1) - left
        xa, ya, xb, yb = vx[left], vy[left], vx[right], vy[right]
        xline = self.x0 + j1[k] * self.cs
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.clip((xline - xa) / (xb - xa), 0, 1)
        ycross = np.where(xb - xa >= eps, ya + t * (yb - ya), np.nan)
        steep = np.isnan(ycross)  # within a hair of the column line: every cell of the 2 x 2 is touched
        clo = np.where(steep, i0[k], self._index(np.nan_to_num(ycross), self.y0, self.ny, -1e-6))
        chi = np.where(steep, i1[k], self._index(np.nan_to_num(ycross), self.y0, self.ny, 1e-6))
        for col, end in ((j0[k], left), (j1[k], right)):
            lo, hi = np.minimum(ilo[end], clo), np.maximum(ihi[end], chi)
            for row, passed in ((i0[k], lo <= i0[k]), (i1[k], hi >= i1[k])):
                cells.append(row[passed] * self.nx + col[passed])
                units.append(unit[k][passed])
        return np.concatenate(cells), np.concatenate(units)

    def _fill_slots(self, b: np.ndarray, u: np.ndarray, nb: int) -> tuple[np.ndarray, np.ndarray]:
        slots = np.full((nb, self.SLOTS), -1, dtype=np.int32)
        for k in range(self.SLOTS):
            slots[b, k] = u  # one of the units still to place in each cell wins slot k
            placed = (slots[b, : k + 1] == u[:, None]).any(axis=1)
            b, u = b[~placed], u[~placed]
            if not len(b):
                break
        overflow = np.zeros(nb, dtype=bool)
        overflow[b] = True
        return slots, overflow

    def refine(self, b: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Exact unit of points in border cells ``b``: tested only against the units crossing the cell."""
        res = np.full(len(x), -1, dtype=np.int64)
        cand = self.slots[b]
        todo = ~self.overflow[b]
        for k in range(self.SLOTS):  # interiors do not overlap: at most one candidate contains a point
            sel = np.flatnonzero(todo & (cand[:, k] >= 0))
            if len(sel):
                hit = shapely.contains_xy(self.geoms[cand[sel, k]], x[sel], y[sel])
                res[sel[hit]] = cand[sel[hit], k]
                todo[sel[hit]] = False
        # On a border (in no interior): the first unit by code among those it touches.
        best = np.full(len(x), np.iinfo(np.int64).max)
        for k in range(self.SLOTS):
            sel = np.flatnonzero(todo & (cand[:, k] >= 0))
            if len(sel):
                c = cand[sel, k]
                hit = shapely.intersects_xy(self.geoms[c], x[sel], y[sel])
                better = hit & (self.rank[c] < best[sel])
                best[sel[better]] = self.rank[c[better]]
                res[sel[better]] = c[better]
        slow = np.flatnonzero(self.overflow[b])
        if len(slow):
            res[slow] = _refine(self.geoms, self.usable, self.bounds, self.code_order, x[slow], y[slow])
        return res


def _refine(geoms, usable, bounds, code_order, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Exact location of a few points: contains_xy over bbox candidates, then intersects_xy on borders."""
    res = np.full(len(x), -1, dtype=np.int64)
    if len(x) <= 8:  # a few points: each tested against every unit at once
        ordered = code_order[usable[code_order]]
        for i in range(len(x)):
            for pred in (shapely.contains_xy, shapely.intersects_xy):
                hit = np.flatnonzero(pred(geoms[ordered], x[i], y[i]))
                if len(hit):
                    res[i] = ordered[hit[0]]
                    break
        return res
    order = np.argsort(x, kind="stable")
    xs = x[order]
    for pred in (shapely.contains_xy, shapely.intersects_xy):
        for j in code_order:  # code order: on a border the first unit by code wins
            if not usable[j]:
                continue
            lo, hi = np.searchsorted(xs, bounds[j, 0], "left"), np.searchsorted(xs, bounds[j, 2], "right")
            cand = order[lo:hi]
            cand = cand[(y[cand] >= bounds[j, 1]) & (y[cand] <= bounds[j, 3]) & (res[cand] < 0)]
            if len(cand):
                res[cand[pred(geoms[j], x[cand], y[cand])]] = j
        left = res[order] < 0
        order, xs = order[left], xs[left]
        if not len(order):
            break
    return res
