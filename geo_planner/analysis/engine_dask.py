"""Points beyond one machine's memory: counted per unit on dask.distributed, from partitioned (Geo)Parquet.

:func:`aggregate_points_dask` gives the same counts (and sums) per unit as
:func:`geo_planner.analysis.spatial.aggregate_points` on the same points, without ever
holding all the points in one process. The points are read where the work runs:
each task reads a few row groups of the Parquet files (only the coordinate and
weight columns), turns them into plain coordinate arrays and runs
``aggregate_points`` on them; the tasks' small per-unit partial results are then
added up in a tree on the workers. The units are sent to every worker once
(``Client.scatter(broadcast=True)``), not with each task.

When to use it
--------------
* The points do not fit in memory (tens or hundreds of millions of rows, for
  example every building footprint or every DTKS household of a province):
  one process holds only ``batch_rows`` points per worker at a time.
* A real dask cluster is at hand (``scheduler="tcp://host:8786"``) and the
  points lie where every worker can read them (a shared folder at the same
  path, or an object store URL such as ``s3://bucket/points/``).
* Otherwise use the local path. On 2 cores, for 5 million points read from 20
  partitions, the local path took 1.1 s (reading included) and 0.75 GB; the
  engine 4.8 s with worker processes (cluster start-up included) or 2.3 s with
  threads, in 13 MB of client memory and about 220 MB per worker. At 20 million
  points the times were on par (7.0 s local, 6.3 s processes, 3.6 s threads)
  but the local path needed 2.5 GB. See ``benchmarks/bench_dask.py``.

Inputs
------
* GeoParquet (a file, or a folder of partitions as written by
  :func:`write_partitioned_points`, dask-geopandas or GDAL) of points, with the
  geometry as WKB or as GeoParquet 1.1 native ``point`` encoding. Single-point
  MultiPoints are read as points; a MultiPoint of several points is refused (it
  would be counted once). Other coordinate systems are transformed to the
  units' one with pyproj (``always_xy``).
* Plain Parquet with longitude/latitude columns (the names that
  :data:`~geo_planner.analysis.spatial.LON_NAMES` / :data:`~geo_planner.analysis.spatial.LAT_NAMES`
  list, any case, or ``lon_column``/``lat_column``), in the units' CRS.

Counts are exact, and so are sums of integer-valued weights (households,
people): the order of addition does not matter for them. Sums of fractional
weights agree with the local path up to floating-point rounding (the partial
sums are added in another order). Rows in no unit (outside, or without
coordinates) are counted in ``attrs``, never dropped silently.

dask-geopandas is not used for reading: its ``read_parquet`` builds a shapely
Point per row, which costs more than the counting itself (see the benchmark);
the engine reads the Arrow columns with pyarrow and decodes point WKB without
shapely. ``write_partitioned_points`` writes standard GeoParquet that
dask-geopandas and GeoPandas read.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import shapely

from geo_planner.analysis.spatial import LAT_NAMES, LON_NAMES, aggregate_points
from geo_planner.errors import GeoPlannerError, InputError
from geo_planner.i18n.messages import current_language, language, msg

__all__ = ["aggregate_points_dask", "write_partitioned_points", "SchedulerError", "DEFAULT_BATCH_ROWS"]

DEFAULT_BATCH_ROWS = 1_000_000  # points per aggregate_points call: about 150 MB of memory per worker thread
_PARQUET_SUFFIXES = (".parquet", ".geoparquet", ".parq", ".pq")
_INSTALL = "pip install 'geo-planner[dask]'"


class SchedulerError(GeoPlannerError, ConnectionError):
    """The dask scheduler at the given address could not be reached."""


# --- public API
def aggregate_points_dask(units: gpd.GeoDataFrame, source: str | os.PathLike, *,
                          weight_columns: Sequence[str] = (), scheduler=None, n_workers: int = 2,
                          processes: bool = True, batch_rows: int = DEFAULT_BATCH_ROWS,
                          lon_column: str | None = None, lat_column: str | None = None,
                          connect_timeout: float = 10.0) -> pd.DataFrame:
    """Count points (and sum weight columns) per unit on dask.distributed, reading partitioned Parquet.

    Parameters
    ----------
    units : GeoDataFrame
        A clean coverage (no overlaps), indexed by code, as for ``aggregate_points``.
    source : str or path
        A GeoParquet file, a folder of (Geo)Parquet partitions (searched
        recursively; names starting with ``_`` or ``.`` are skipped), or a
        Parquet file/folder with longitude/latitude columns. A URL
        (``s3://...``, ``gs://...``) is opened with :mod:`pyarrow.fs`.
        On a real cluster every worker must be able to read it at this path.
    weight_columns : sequence of str
        Numeric columns to sum per unit; empty cells count 0.
    scheduler : str, distributed.Client or None
        None: start a ``LocalCluster`` of `n_workers` single-threaded workers
        (closed afterwards). A string: the address of a running scheduler
        (``tcp://host:8786``). A Client: use it (left open).
    n_workers : int
        Workers of the local cluster (``scheduler=None`` only).
    processes : bool
        Local cluster workers as processes (default; parallel, and a worker's
        memory is returned to the system when it ends) or threads of this
        process (starts faster).
    batch_rows : int
        Points per ``aggregate_points`` call; bounds each worker thread's memory.
    lon_column, lat_column : str, optional
        Coordinate columns of a plain Parquet, when their names are not recognised.
    connect_timeout : float
        Seconds to wait for a scheduler given by address.

    Returns
    -------
    DataFrame
        Index ``units.index``; ``count`` (int64) and one float64 column per
        weight column, equal to ``aggregate_points(units, x, y, weights=...)[0]``.
        ``attrs``: ``points`` (rows read), ``outside`` (rows in no unit,
        including those without coordinates), ``no_coordinates`` (null, empty
        or NaN points), ``files``, ``tasks`` and ``scheduler`` (its address).

    Raises
    ------
    InputError
        Missing path, no Parquet files, no geometry or coordinate columns,
        non-point geometries, a weight column missing or not numeric, an
        unreadable file.
    SchedulerError
        The scheduler at `scheduler` did not answer within `connect_timeout` seconds.
    GeoPlannerError
        dask.distributed is not installed (``pip install 'geo-planner[dask]'``).

    Notes
    -----
    A local cluster of processes starts its workers with multiprocessing's
    *spawn*: a script that calls this at import time must do so under
    ``if __name__ == "__main__":`` (the ``geo-planner`` command does).
    Start-up takes about 1-3 s; ``processes=False`` starts at once.
    """
    if batch_rows < 1:
        raise ValueError(msg("dask_batch_rows"))
    weights = (weight_columns,) if isinstance(weight_columns, str) else tuple(dict.fromkeys(weight_columns))
    fs, files, label = _list_files(source)
    spec = _read_spec(fs, files, label, weights, lon_column, lat_column, units.crs)
    tasks = _plan(fs, files, batch_rows)
    payload = _UnitsPayload(uuid.uuid4().hex, np.asarray(units.index, dtype=object),
                            shapely.to_wkb(np.asarray(units.geometry.values, dtype=object)))
    m, k = len(units), len(spec.weights)
    with _client(scheduler, n_workers, processes, connect_timeout) as client:
        address = client.scheduler.address
        if tasks:
            [units_f] = client.scatter([payload], broadcast=True, hash=False)
            futures = client.map(_count_task, tasks, units=units_f, spec=spec, fs=fs, batch_rows=batch_rows,
                                 lang=current_language(), pure=False)  # the workers' messages in ours
            while len(futures) > 1:  # add the partial results in a tree, on the workers
                futures = [client.submit(_combine, *futures[i:i + 8], pure=False)
                           for i in range(0, len(futures), 8)]
            total = futures[0].result()
            del futures, units_f
        else:
            total = _Partial.zero(m, k)
    out = pd.DataFrame({"count": total.counts, **{w: total.sums[i] for i, w in enumerate(spec.weights)}},
                       index=units.index)
    out.attrs.update(points=int(total.points), outside=int(total.points - total.counts.sum()),
                     no_coordinates=int(total.missing), files=len(files), tasks=len(tasks), scheduler=address)
    return out


def write_partitioned_points(x, y, path: str | os.PathLike, *, partitions: int,
                             extra: Mapping[str, np.ndarray] | pd.DataFrame | None = None,
                             crs="EPSG:4326", geometry_encoding: str = "WKB") -> list[Path]:
    """Write points as a folder of GeoParquet partitions ``part.00000.parquet``, ...

    Parameters
    ----------
    x, y : array-like of float
        Point coordinates (longitude, latitude for EPSG:4326); NaN writes an empty point.
    path : str or path
        A folder; created if missing, refused if it already holds Parquet files.
    partitions : int
        Number of files (consecutive, nearly equal slices of the points).
    extra : mapping of str to array-like, or DataFrame, optional
        Columns to write beside the geometry (one value per point).
    crs : CRS-like
        The points' coordinate system, written in the GeoParquet metadata.
    geometry_encoding : {"WKB", "geoarrow"}
        GeoParquet geometry encoding: WKB (read everywhere) or GeoParquet 1.1
        native point encoding (faster to read; GDAL 3.9+, GeoPandas 1.0+).

    Returns
    -------
    list of Path
        The files written, in order.
    """
    x, y = np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64")
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(msg("dask_xy_shape"))
    if partitions < 1:
        raise ValueError(msg("dask_partitions"))
    cols = pd.DataFrame(extra if extra is not None else {}, index=None if extra is not None else range(len(x)))
    if len(cols) != len(x):
        raise ValueError(msg("dask_extra_rows", rows=len(cols), points=len(x)))
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    if any(p.suffix.lower() in _PARQUET_SUFFIXES for p in folder.iterdir()):
        raise InputError(msg("dask_folder_not_empty"), file=str(folder))
    written = []
    for i, (lo, hi) in enumerate(_slices(len(x), partitions)):
        part = gpd.GeoDataFrame(cols.iloc[lo:hi].reset_index(drop=True),
                                geometry=gpd.points_from_xy(x[lo:hi], y[lo:hi]), crs=crs)
        file = folder / f"part.{i:05d}.parquet"
        part.to_parquet(file, index=False, geometry_encoding=geometry_encoding)
        written.append(file)
    return written


# --- the plan: files, columns, tasks (client side)
@dataclass(frozen=True)
class _Spec:
    geometry: str | None          # GeoParquet geometry column, or None for plain x/y columns
    xy: tuple[str, str] | None    # longitude, latitude columns of a plain Parquet
    weights: tuple[str, ...]
    crs: str | None               # the points' CRS when it differs from the units' (transformed on read)
    dst_crs: str | None

    @property
    def columns(self) -> list[str]:
        return ([self.geometry] if self.geometry else list(self.xy)) + list(self.weights)


def _list_files(source) -> tuple[pafs.FileSystem, list[str], str]:
    label = os.fspath(source)
    try:
        if "://" in label:
            fs, root = pafs.FileSystem.from_uri(label)
        else:
            fs, root = pafs.LocalFileSystem(), str(Path(label).expanduser().resolve())
        info = fs.get_file_info(root)
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise InputError(msg("dask_cannot_open", reason=f"{type(exc).__name__}: {exc}"), file=label) from None
    if info.type == pafs.FileType.NotFound:
        raise InputError(msg("dask_not_found"), file=label)
    if info.type != pafs.FileType.Directory:
        return fs, [root], label
    found = fs.get_file_info(pafs.FileSelector(root, recursive=True))
    files = sorted(f.path for f in found if f.type == pafs.FileType.File
                   and f.path.lower().endswith(_PARQUET_SUFFIXES)
                   and not any(p.startswith(("_", ".")) for p in Path(f.path[len(root):]).parts))
    if not files:
        raise InputError(msg("dask_no_parquet", suffixes=", ".join(_PARQUET_SUFFIXES)), file=label)
    return fs, files, label


def _read_spec(fs, files: list[str], label: str, weights: tuple[str, ...], lon_column, lat_column,
               units_crs) -> _Spec:
    schema = _schema(fs, files[0])
    names = list(schema.names)
    geo = _geo_metadata(schema, files[0])
    if geo is not None and lon_column is None and lat_column is None:
        geometry, meta = geo
        kinds = {t.removesuffix(" Z").removesuffix(" M").removesuffix(" ZM") for t in meta.get("geometry_types", [])}
        encoding = str(meta.get("encoding", "WKB"))
        if (kinds - {"Point", "MultiPoint"}) or encoding.casefold() not in ("wkb", "point"):
            what = (", ".join(sorted(kinds)) if kinds - {"Point", "MultiPoint"}
                    else msg("dask_encoding", encoding=encoding))
            raise InputError(msg("dask_not_points", geometry=geometry, what=what), file=files[0])
        src = meta["crs"] if "crs" in meta else "OGC:CRS84"  # GeoParquet: no key means OGC:CRS84
        spec = _Spec(geometry, None, weights, *_transform(src, units_crs, files[0]))
    else:
        x = _find_column(names, lon_column, LON_NAMES, "longitude", files[0])
        y = _find_column(names, lat_column, LAT_NAMES, "latitude", files[0])
        spec = _Spec(None, (x, y), weights, None, None)
    for file in files:  # every partition must hold the columns, so a task never fails half-way
        sch = schema if file == files[0] else _schema(fs, file)
        for col in spec.columns:
            if col not in sch.names:
                what = "geometry" if col == spec.geometry else "coordinate" if spec.xy and col in spec.xy else "weight"
                raise InputError(msg(f"dask_no_{what}_column", column=col, columns=", ".join(sch.names)), file=file)
        for col in spec.columns[1 if spec.geometry else 0:]:
            t = sch.field(col).type
            if not (pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t)
                    or pa.types.is_boolean(t) or pa.types.is_null(t)):
                raise InputError(msg("dask_not_numeric", column=col, type=t), file=file, column=col)
    return spec


def _schema(fs, file: str) -> pa.Schema:
    try:
        return pq.read_schema(file, filesystem=fs)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(msg("dask_not_parquet", reason=f"{type(exc).__name__}: {exc}"), file=file) from None


def _geo_metadata(schema: pa.Schema, file: str) -> tuple[str, dict] | None:
    raw = (schema.metadata or {}).get(b"geo")
    if raw is None:
        return None
    try:
        geo = json.loads(raw)
        name = geo["primary_column"]
        return name, dict(geo["columns"][name])
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(msg("dask_bad_metadata", reason=f"{type(exc).__name__}: {exc}"), file=file) from None


def _transform(src, units_crs, file: str) -> tuple[str | None, str | None]:
    """(source CRS, units' CRS) as WKT when the points must be transformed, else (None, None)."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    if src is None or units_crs is None:
        return None, None
    try:
        src_crs = CRS.from_user_input(src)
    except CRSError as exc:
        raise InputError(msg("dask_unknown_crs", reason=exc), file=file) from None
    dst = CRS.from_user_input(units_crs)
    if src_crs.equals(dst, ignore_axis_order=True):
        return None, None
    return src_crs.to_wkt(), dst.to_wkt()


def _find_column(names: list[str], given: str | None, candidates: tuple[str, ...], what: str, file: str) -> str:
    if given is not None:
        if given not in names:
            raise InputError(msg(f"dask_no_{what}_column", column=given, columns=", ".join(names)), file=file)
        return given
    for cand in candidates:
        for name in names:
            if name.strip().casefold() == cand:
                return name
    raise InputError(msg(f"dask_no_geometry_or_{what}", columns=", ".join(names)), file=file)


def _plan(fs, files: list[str], batch_rows: int) -> list[list[tuple[str, list[int]]]]:
    """Tasks of about `batch_rows` points: lists of (file, row groups); small files share a task."""
    tasks, current, rows = [], [], 0
    for file in files:
        try:
            meta = pq.ParquetFile(file, filesystem=fs).metadata
        except (OSError, pa.ArrowException) as exc:
            raise InputError(msg("dask_not_parquet", reason=f"{type(exc).__name__}: {exc}"), file=file) from None
        for rg in range(meta.num_row_groups):
            n = meta.row_group(rg).num_rows
            if n == 0:
                continue
            if rows and rows + n > batch_rows:
                tasks.append(current)
                current, rows = [], 0
            if current and current[-1][0] == file:
                current[-1][1].append(rg)
            else:
                current.append((file, [rg]))
            rows += n
    if current:
        tasks.append(current)
    return tasks


@contextmanager
def _client(scheduler, n_workers: int, processes: bool, timeout: float) -> Iterator:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise GeoPlannerError(msg("dask_not_installed", install=_INSTALL)) from None
    if isinstance(scheduler, Client):
        yield scheduler
    elif scheduler is None:
        with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=processes,
                          dashboard_address="127.0.0.1:0") as cluster, Client(cluster) as client:
            yield client
    else:
        try:
            client = Client(str(scheduler), timeout=timeout)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            raise SchedulerError(msg("dask_no_scheduler", scheduler=scheduler, timeout=f"{timeout:g}",
                                     reason=exc)) from None
        with client:
            yield client


# --- the tasks (worker side)
@dataclass
class _UnitsPayload:
    token: str
    index: np.ndarray
    wkb: np.ndarray


@dataclass
class _Partial:
    counts: np.ndarray            # int64, per unit
    sums: np.ndarray              # float64, weights x units
    points: int = 0
    missing: int = 0

    @classmethod
    def zero(cls, m: int, k: int) -> _Partial:
        return cls(np.zeros(m, dtype=np.int64), np.zeros((k, m), dtype=np.float64))

    def __iadd__(self, other: _Partial) -> _Partial:
        self.counts += other.counts
        self.sums += other.sums
        self.points += other.points
        self.missing += other.missing
        return self


_LOCAL = threading.local()


def _thread_units(payload: _UnitsPayload) -> gpd.GeoDataFrame:
    """This thread's own copy of the units: GEOS prepared geometries are not safe to share between threads."""
    cached = getattr(_LOCAL, "units", None)
    if cached is None or cached[0] != payload.token:
        geoms = shapely.from_wkb(payload.wkb)
        shapely.prepare(geoms)
        cached = (payload.token, gpd.GeoDataFrame(geometry=gpd.GeoSeries(geoms, index=pd.Index(payload.index))))
        _LOCAL.units = cached
    return cached[1]


def _count_task(pieces: list[tuple[str, list[int]]], *, units: _UnitsPayload, spec: _Spec, fs,
                batch_rows: int, lang: str = "id") -> _Partial:
    with language(lang):  # a worker's messages in the language of the one who asked
        return _count_pieces(pieces, units, spec, fs, batch_rows)


def _count_pieces(pieces: list[tuple[str, list[int]]], units: _UnitsPayload, spec: _Spec, fs,
                  batch_rows: int) -> _Partial:
    table = _thread_units(units)
    total = _Partial.zero(len(table), len(spec.weights))
    buf: list[tuple[np.ndarray, np.ndarray, list[np.ndarray]]] = []
    held = 0
    for file, row_groups in pieces:
        try:
            pf = pq.ParquetFile(file, filesystem=fs)
            for batch in pf.iter_batches(batch_size=batch_rows, row_groups=row_groups, columns=spec.columns,
                                         use_threads=False):
                x, y = _coordinates(batch, spec, file)
                w = [_floats(batch.column(c)) for c in spec.weights]
                buf.append((x, y, w))
                held += len(x)
                if held >= batch_rows:
                    total += _aggregate(table, buf, spec.weights)
                    buf, held = [], 0
        except GeoPlannerError:
            raise
        except (OSError, pa.ArrowException, ValueError) as exc:
            raise InputError(msg("dask_unreadable", reason=f"{type(exc).__name__}: {exc}"), file=file) from None
    if buf:
        total += _aggregate(table, buf, spec.weights)
    return total


def _aggregate(units: gpd.GeoDataFrame, buf, weights: tuple[str, ...]) -> _Partial:
    x = np.concatenate([b[0] for b in buf])
    y = np.concatenate([b[1] for b in buf])
    ws = {name: np.concatenate([b[2][i] for b in buf]) for i, name in enumerate(weights)}
    totals, _ = aggregate_points(units, x, y, weights=ws)
    return _Partial(totals["count"].to_numpy(dtype=np.int64),
                    np.stack([totals[n].to_numpy(dtype=np.float64) for n in weights]) if weights
                    else np.zeros((0, len(units))),
                    points=len(x), missing=int((np.isnan(x) | np.isnan(y)).sum()))


def _combine(*parts: _Partial) -> _Partial:
    total = _Partial(parts[0].counts.copy(), parts[0].sums.copy(), parts[0].points, parts[0].missing)
    for p in parts[1:]:
        total += p
    return total


# --- decoding (no shapely object per point on the common paths)
_WKB_POINT = np.dtype([("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")])  # packed: 21 bytes


def _floats(arr) -> np.ndarray:
    """A numeric Arrow column as float64, nulls as NaN."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_null(arr.type):
        return np.full(len(arr), np.nan)
    arr = pc.cast(arr, pa.float64())
    return arr.to_numpy(zero_copy_only=False) if arr.null_count == 0 else \
        arr.fill_null(np.nan).to_numpy(zero_copy_only=False)


def _coordinates(batch: pa.RecordBatch, spec: _Spec, file: str) -> tuple[np.ndarray, np.ndarray]:
    if spec.geometry is None:
        x, y = _floats(batch.column(spec.xy[0])), _floats(batch.column(spec.xy[1]))
    else:
        arr = batch.column(spec.geometry)
        if pa.types.is_struct(arr.type):
            x, y = _point_struct_xy(arr, file)
        elif pa.types.is_binary(arr.type) or pa.types.is_large_binary(arr.type):
            x, y = _wkb_xy(arr, file)
        else:
            raise InputError(msg("dask_bad_geometry_type", geometry=spec.geometry, type=arr.type), file=file)
    if spec.crs is not None:
        from pyproj import Transformer

        x, y = Transformer.from_crs(spec.crs, spec.dst_crs, always_xy=True).transform(x, y)
        x, y = np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64")
    return x, y


def _point_struct_xy(arr: pa.StructArray, file: str) -> tuple[np.ndarray, np.ndarray]:
    names = [arr.type.field(i).name for i in range(arr.type.num_fields)]
    if "x" not in names or "y" not in names:
        raise InputError(msg("dask_bad_struct", fields=", ".join(names)), file=file)
    x, y = _floats(arr.field("x")), _floats(arr.field("y"))
    if arr.null_count:
        valid = arr.is_valid().to_numpy(zero_copy_only=False)
        x, y = np.where(valid, x, np.nan), np.where(valid, y, np.nan)
    return x, y


def _wkb_xy(arr: pa.Array, file: str) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates of point WKB: read straight from the buffer when every row is a 2-D little-endian Point."""
    n = len(arr)
    if n and arr.null_count == 0:
        width = 8 if pa.types.is_large_binary(arr.type) else 4
        offsets = np.frombuffer(arr.buffers()[1], dtype=f"<i{width}", count=n + 1, offset=arr.offset * width)
        if offsets[-1] - offsets[0] == 21 * n and (np.diff(offsets) == 21).all():
            rec = np.frombuffer(arr.buffers()[2], dtype=_WKB_POINT, count=n, offset=int(offsets[0]))
            if (rec["order"] == 1).all() and (rec["type"] == 1).all():
                return rec["x"].astype("float64"), rec["y"].astype("float64")
    geoms = shapely.from_wkb(arr.to_numpy(zero_copy_only=False), on_invalid="raise")
    kinds = shapely.get_type_id(geoms)
    bad = np.flatnonzero((kinds != 0) & (kinds != 4) & (kinds != -1))  # -1: missing
    if len(bad):
        raise InputError(msg("dask_not_point_geometries", kind=geoms[bad[0]].geom_type), file=file)
    parts = shapely.get_num_geometries(geoms)
    multi = np.flatnonzero((kinds == 4) & (parts > 1))
    if len(multi):
        raise InputError(msg("dask_multipoint", n=parts[multi[0]]), file=file)
    pts = np.where(kinds == 4, shapely.get_geometry(geoms, 0), geoms)
    return shapely.get_x(pts), shapely.get_y(pts)


def _slices(n: int, parts: int) -> list[tuple[int, int]]:
    edges = np.linspace(0, n, parts + 1).round().astype(int)
    return list(zip(edges[:-1].tolist(), edges[1:].tolist()))
