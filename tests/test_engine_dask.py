"""The dask engine: counts from partitioned GeoParquet on dask.distributed equal the local path exactly."""

from __future__ import annotations

import socket
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

pytest.importorskip("distributed")

from distributed import LocalCluster  # noqa: E402

from geo_planner.analysis.engine_dask import (  # noqa: E402
    DEFAULT_BATCH_ROWS,
    SchedulerError,
    aggregate_points_dask,
    write_partitioned_points,
)
from geo_planner.analysis.spatial import aggregate_points  # noqa: E402
from geo_planner.errors import InputError  # noqa: E402
from geo_planner.units.hierarchy import load_units

pytestmark = pytest.mark.slow

N_RANDOM = 200_000


@pytest.fixture(scope="module")
def desa(mirror):
    return load_units("desa", "64")


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes on this machine, reached by address like a real cluster."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as c:
        yield c


def _shared_vertices(units: gpd.GeoDataFrame) -> np.ndarray:
    """Boundary vertices that belong to two or more units (exactly on a shared border)."""
    xy, unit = shapely.get_coordinates(units.boundary.values, return_index=True)
    v = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "unit": unit}).drop_duplicates()
    n = v.groupby(["x", "y"])["unit"].nunique()
    return np.array(n[n >= 2].index.tolist())


@pytest.fixture(scope="module")
def points(desa):
    """200k random points in the province's bounding box, 3,000 on shared desa borders, 50 without coordinates."""
    rng = np.random.default_rng(64)
    x0, y0, x1, y1 = desa.total_bounds
    border = _shared_vertices(desa)
    assert len(border) > 3_000
    border = border[rng.choice(len(border), 3_000, replace=False)]
    x = np.concatenate([rng.uniform(x0, x1, N_RANDOM), border[:, 0], np.full(50, np.nan)])
    y = np.concatenate([rng.uniform(y0, y1, N_RANDOM), border[:, 1], np.full(50, np.nan)])
    order = rng.permutation(len(x))  # border points and empty rows spread over the partitions
    x, y = x[order], y[order]
    households = rng.integers(0, 30, len(x)).astype("int64")
    income = rng.gamma(2.0, 1.5e6, len(x))
    return x, y, {"households": households, "income": income}


@pytest.fixture(scope="module")
def local(desa, points):
    x, y, w = points
    totals, pos = aggregate_points(desa, x, y, weights=w)
    return totals, pos


@pytest.fixture(scope="module")
def folders(points, tmp_path_factory):
    x, y, w = points
    root = tmp_path_factory.mktemp("points")
    for enc in ("WKB", "geoarrow"):
        write_partitioned_points(x, y, root / enc, partitions=12, extra=w, geometry_encoding=enc)
    plain = root / "lonlat"
    plain.mkdir()
    for i, part in enumerate(np.array_split(np.arange(len(x)), 5)):  # plain Parquet, no geometry
        pd.DataFrame({"Lintang": y[part], "Bujur": x[part], "households": w["households"][part]}).to_parquet(
            plain / f"part-{i}.parquet", index=False)
    return root


def _assert_equal_to_local(result: pd.DataFrame, local, weights=("households", "income")) -> None:
    totals, pos = local
    assert result.index.equals(totals.index)
    assert result["count"].dtype == np.int64
    np.testing.assert_array_equal(result["count"].to_numpy(), totals["count"].to_numpy())
    if "households" in weights:  # integer-valued weights: exact in any order of addition
        np.testing.assert_array_equal(result["households"].to_numpy(), totals["households"].to_numpy())
    if "income" in weights:  # fractional weights: equal up to the rounding of another summation order
        np.testing.assert_allclose(result["income"].to_numpy(), totals["income"].to_numpy(), rtol=1e-12, atol=0)
    assert result.attrs["points"] == len(pos)
    assert result.attrs["outside"] == int((pos < 0).sum())
    assert result.attrs["no_coordinates"] == 50


@pytest.mark.parametrize("encoding", ["WKB", "geoarrow"])
@pytest.mark.parametrize("batch_rows", [20_000, DEFAULT_BATCH_ROWS])
def test_dask_equals_local(desa, local, folders, cluster, encoding, batch_rows):
    result = aggregate_points_dask(desa, folders / encoding, weight_columns=["households", "income"],
                                   scheduler=cluster.scheduler_address, batch_rows=batch_rows)
    _assert_equal_to_local(result, local)
    # 12 files: one task per file with small batches (summed in a two-level tree), else one task for all
    assert (result.attrs["files"], result.attrs["tasks"]) == (12, 12 if batch_rows == 20_000 else 1)
    assert result.attrs["scheduler"] == cluster.scheduler_address


def test_threads_sharing_a_worker_and_a_client_object(desa, local, folders):
    """Two threads in one worker (each builds its own prepared units) and an open Client passed in (left open)."""
    from distributed import Client

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address="127.0.0.1:0") as c, \
            Client(c) as client:
        result = aggregate_points_dask(desa, folders / "WKB", weight_columns=["households", "income"],
                                       scheduler=client, batch_rows=20_000)
        assert client.status == "running"
    _assert_equal_to_local(result, local)


def test_points_on_shared_borders_counted_once_as_locally(desa, points, local, folders, cluster):
    x, y, _ = points
    _, pos = local
    shared = {tuple(v) for v in _shared_vertices(desa).tolist()}
    on_border = np.array([(a, b) in shared for a, b in zip(x.tolist(), y.tolist())])
    assert on_border.sum() == 3_000 and (pos[on_border] >= 0).all()  # every border point is in exactly one desa
    # only the border points, one file: the dask engine puts each in the same desa as aggregate_points
    path = folders / "border"
    write_partitioned_points(x[on_border], y[on_border], path, partitions=3)
    result = aggregate_points_dask(desa, path, scheduler=cluster.scheduler_address, batch_rows=1_000)
    expected = np.bincount(pos[on_border], minlength=len(desa))
    np.testing.assert_array_equal(result["count"].to_numpy(), expected)
    assert result.attrs["outside"] == 0


def test_plain_parquet_with_lon_lat_columns(desa, local, folders, cluster):
    result = aggregate_points_dask(desa, folders / "lonlat", weight_columns=["households"],
                                   scheduler=cluster.scheduler_address)
    _assert_equal_to_local(result, local, weights=("households",))
    assert list(result.columns) == ["count", "households"]


def test_projected_geoparquet_is_transformed(desa, cluster, tmp_path):
    rng = np.random.default_rng(5)
    x0, y0, x1, y1 = desa.total_bounds
    x, y = rng.uniform(x0, x1, 20_000), rng.uniform(y0, y1, 20_000)
    utm = gpd.GeoSeries(gpd.points_from_xy(x, y), crs="EPSG:4326").to_crs("EPSG:32750")
    write_partitioned_points(utm.x.to_numpy(), utm.y.to_numpy(), tmp_path / "utm", partitions=2, crs="EPSG:32750")
    result = aggregate_points_dask(desa, tmp_path / "utm", scheduler=cluster.scheduler_address)
    back = utm.to_crs("EPSG:4326")
    expected = aggregate_points(desa, back.x.to_numpy(), back.y.to_numpy())[0]
    np.testing.assert_array_equal(result["count"].to_numpy(), expected["count"].to_numpy())


def test_default_local_cluster_is_started_and_closed(desa, points, tmp_path):
    psutil = pytest.importorskip("psutil")
    x, y, _ = points
    write_partitioned_points(x[:20_000], y[:20_000], tmp_path / "few", partitions=2)

    def started():  # processes started since `before`, less multiprocessing's resource tracker (lives with us)
        return [p.cmdline() for p in psutil.Process().children(recursive=True)
                if p.pid not in before and "resource_tracker" not in " ".join(p.cmdline())]

    before = {p.pid for p in psutil.Process().children(recursive=True)}
    result = aggregate_points_dask(desa, tmp_path / "few", n_workers=1)
    expected = aggregate_points(desa, x[:20_000], y[:20_000])[0]
    np.testing.assert_array_equal(result["count"].to_numpy(), expected["count"].to_numpy())
    assert result.attrs["scheduler"].startswith("tcp://127.0.0.1:")
    deadline = time.monotonic() + 10
    while started() and time.monotonic() < deadline:
        time.sleep(0.1)
    left = started()
    assert not left, left  # its workers have ended


def test_single_geoparquet_file_and_readable_by_geopandas(desa, cluster, tmp_path):
    files = write_partitioned_points([117.15, 200.0], [-0.5, 0.0], tmp_path / "one", partitions=1,
                                     extra={"jiwa": [4, 5]})
    back = gpd.read_parquet(files[0])
    assert back.crs.to_epsg() == 4326 and back["jiwa"].tolist() == [4, 5]
    result = aggregate_points_dask(desa, files[0], weight_columns=["jiwa"], scheduler=cluster.scheduler_address)
    assert result["count"].sum() == 1 and result["jiwa"].sum() == 4
    assert (result.attrs["points"], result.attrs["outside"], result.attrs["no_coordinates"]) == (2, 1, 0)


def test_unreachable_scheduler_fails_fast_with_a_clear_message(desa, folders):
    with socket.socket() as s:  # a free port on this machine: nothing listens there
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
    t0 = time.monotonic()
    with pytest.raises(SchedulerError) as err:
        aggregate_points_dask(desa, folders / "WKB", scheduler=address, connect_timeout=2)
    assert time.monotonic() - t0 < 15
    msg = str(err.value)
    assert address in msg and "2 s" in msg and "dask scheduler" in msg and "local cluster" in msg


def test_missing_path(desa, tmp_path):
    with pytest.raises(InputError, match="no such file or folder") as err:
        aggregate_points_dask(desa, tmp_path / "nowhere", scheduler="tcp://127.0.0.1:1")
    assert "nowhere" in str(err.value)  # the path is named; the scheduler was never contacted


def test_folder_without_parquet(desa, tmp_path):
    (tmp_path / "notes.txt").write_text("no points here")
    with pytest.raises(InputError, match="holds no Parquet files"):
        aggregate_points_dask(desa, tmp_path)


def test_no_geometry_or_coordinate_columns(desa, tmp_path):
    pd.DataFrame({"nama": ["a", "b"], "jiwa": [1, 2]}).to_parquet(tmp_path / "t.parquet", index=False)
    with pytest.raises(InputError, match="no geometry or longitude column") as err:
        aggregate_points_dask(desa, tmp_path / "t.parquet")
    assert "nama, jiwa" in str(err.value)


def test_missing_or_text_weight_column(desa, tmp_path):
    write_partitioned_points([117.0], [0.0], tmp_path / "p", partitions=1, extra={"nama": ["a"]})
    with pytest.raises(InputError, match="no weight column 'jiwa'"):
        aggregate_points_dask(desa, tmp_path / "p", weight_columns=["jiwa"])
    with pytest.raises(InputError, match="'nama' holds .*string, not numbers"):
        aggregate_points_dask(desa, tmp_path / "p", weight_columns=["nama"])


def test_polygons_are_refused(desa, tmp_path):
    desa.head(3).to_parquet(tmp_path / "poly.parquet")
    with pytest.raises(InputError, match="points only"):
        aggregate_points_dask(desa, tmp_path / "poly.parquet")


def test_write_refuses_a_folder_with_partitions(tmp_path):
    write_partitioned_points([117.0], [0.0], tmp_path, partitions=1)
    with pytest.raises(InputError, match="already holds Parquet files"):
        write_partitioned_points([117.0], [0.0], tmp_path, partitions=1)


def test_error_found_on_a_worker_reaches_the_caller(desa, cluster, tmp_path):
    pts = [shapely.Point(117.0, 0.0), shapely.MultiPoint([(117.1, 0.1), (117.2, 0.2)])]
    gpd.GeoDataFrame(geometry=pts, crs="EPSG:4326").to_parquet(tmp_path / "multi.parquet")
    with pytest.raises(InputError, match="MultiPoint of 2 points") as err:
        aggregate_points_dask(desa, tmp_path / "multi.parquet", scheduler=cluster.scheduler_address)
    assert "multi.parquet" in str(err.value)


@pytest.mark.slow
def test_cli_rank_with_the_dask_engine_equals_the_local_layer(tmp_path, capsys):
    """`geo-planner rank --engine dask` counts the same points per desa as the local point layer."""
    import pandas as pd

    from geo_planner.analysis.engine_dask import write_partitioned_points
    from geo_planner.analysis.spatial import aggregate_points
    from geo_planner.cli.commands import main
    from geo_planner.units.hierarchy import load_units

    units = load_units("kecamatan", "64")
    rng = np.random.default_rng(5)
    x0, y0, x1, y1 = units.total_bounds
    x, y = rng.uniform(x0, x1, 20_000), rng.uniform(y0, y1, 20_000)
    folder = tmp_path / "titik"
    write_partitioned_points(x, y, folder, partitions=3)
    out = tmp_path / "rank.csv"
    assert main(["rank", "--level", "kecamatan", "--no-synthetic", "--layer", str(folder), "--engine", "dask",
                 "--weights", "titik_count=1", "--direction", "titik_count=need", "--out", str(out)]) == 0
    ranked = pd.read_csv(out, dtype={"code": str}).set_index("code")
    local, _ = aggregate_points(units, x, y)
    assert (ranked["titik_count"].reindex(local.index) == local["count"]).all()
