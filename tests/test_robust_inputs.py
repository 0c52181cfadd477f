"""Bad input never crashes and nothing is lost: GIS files, zips, validate, fuzzing.

Table-level cases (encodings, delimiters, BPS sheets, numbers, rates, counts,
duplicates) are in test_tables.py and test_layers.py.
"""

from __future__ import annotations

import io
import os
import random
import time
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest

from geo_planner.cli.commands import main
from geo_planner.errors import GeoPlannerError, InputError
from geo_planner.layers.model import read_layer
from geo_planner.sources.tables import read_table
from geo_planner.units.userunits import read_boundary_file

PACKAGE = Path(__file__).resolve().parents[1] / "geo_planner"


def _point_zip(tmp_path: Path, kabkota, extra: dict[str, bytes]) -> Path:
    pts = gpd.GeoDataFrame({"n": [1]}, geometry=[kabkota.geometry.iloc[0].representative_point()], crs=4326)
    folder = tmp_path / "shp"
    folder.mkdir()
    pts.to_file(folder / "titik.shp")
    path = tmp_path / "titik.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for part in folder.iterdir():
            zf.write(part, part.name)
        for name, data in extra.items():
            zf.writestr(name, data)
    return path


def test_zip_with_a_path_leaving_its_folder_is_refused_before_reading(tmp_path, kabkota):
    path = _point_zip(tmp_path, kabkota, {"../../escaped.txt": b"x"})
    before = sorted(p.name for p in tmp_path.parent.iterdir())
    with pytest.raises(InputError, match="titik.zip: the zip holds a path that leaves its folder"):
        read_boundary_file(path)
    assert sorted(p.name for p in tmp_path.parent.iterdir()) == before
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_zip_bomb_is_refused(tmp_path, kabkota):
    path = _point_zip(tmp_path, kabkota, {"padding.dbf": bytes(60_000_000)})  # 60 MB of zeros packs to ~60 KB
    with pytest.raises(InputError, match="would expand .* times its packed size"):
        read_boundary_file(path)


def test_corrupt_and_empty_gis_files_get_a_sentence_not_a_traceback(tmp_path):
    broken = tmp_path / "rusak.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [{"type": "Feat', encoding="utf-8")
    with pytest.raises(InputError, match="rusak.geojson: cannot be read as GEOJSON"):
        read_boundary_file(broken)
    empty = tmp_path / "kosong.gpkg"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="kosong.gpkg: the file is empty"):
        read_boundary_file(empty)
    fake = tmp_path / "palsu.parquet"
    fake.write_text("kode,nama\n64.01,Paser\n", encoding="utf-8")
    with pytest.raises(InputError, match="palsu.parquet: cannot be read as GeoParquet"):
        read_boundary_file(fake)


def test_gis_file_over_the_size_limit(tmp_path, monkeypatch, kabkota):
    path = tmp_path / "besar.geojson"
    kabkota.reset_index().to_file(path)
    monkeypatch.setenv("GEO_PLANNER_MAX_UPLOAD_MB", "0.01")
    with pytest.raises(InputError, match="besar.geojson: the file is .* over the 0 MB limit"):
        read_boundary_file(path)


def test_kml_points_are_read(tmp_path, kabkota):
    from geo_planner.analysis.spatial import read_spatial_layer

    pts = kabkota.loc[["64.72", "64.72", "64.02"]].geometry.representative_point()
    kml = "".join(f"<Placemark><name>t{i}</name><Point><coordinates>{p.x},{p.y}</coordinates></Point></Placemark>"
                  for i, p in enumerate(pts))
    path = tmp_path / "lapangan.kml"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
                    f"<Document>{kml}</Document></kml>", encoding="utf-8")
    layer = read_spatial_layer(path, kabkota, level="kabkota")
    counts = layer.values()["lapangan_count"]
    assert counts["64.72"] == 2 and counts["64.02"] == 1


def test_validate_reports_a_point_layer(tmp_path, capsys):
    path = tmp_path / "titik.csv"
    path.write_text("lat,lon,n\n-0.5,117.15,1\n,,2\n0.5,100.5,3\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "row 3" in out and "no coordinates" in out and "row 4" in out


def test_nothing_in_an_input_is_executed_or_unpickled():
    risky = ("pickle", "eval(", "exec(", "read_pickle", "marshal", "allow_pickle=True", "yaml.load(")
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in risky:
            assert word not in text, f"{path.name} uses {word}"


SEEDS = [
    "nama;persentase miskin (%);jumlah penduduk miskin\nPaser;8,63;25.280\nKukar;7,28;59.000\n"
    "Kalimantan Timur;5,78;221.340\nSumber: BPS\n",
    "kode_bps,kabupaten,rtlh\n6401,Paser,100\n6403,Kutai Kartanegara,200\n6499,Antah,3\n",
    "lintang,bujur,kpm\n-0.5,117.15,2\n,,1\n",
]


def _xlsx_seed() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Tabel 1. Kemiskinan"])
    ws.append([])
    ws.append(["Kabupaten/Kota", "P0 (%)", "Jumlah"])
    ws.append(["Paser", "8,63", 25280])
    ws.append(["Berau", 5.08, 12350])
    ws.merge_cells("A1:C1")
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(5)
        pos = rng.randrange(len(data) + 1)
        if op == 0 and data:
            data[min(pos, len(data) - 1)] = rng.randrange(256)
        elif op == 1:
            data[pos:pos] = rng.choice([b";", b",", b"\n", b"\"", b"-", b"...", b"\xff\xfe", b"1.234,5", b"\x00"])
        elif op == 2:
            del data[pos:pos + rng.randint(1, 40)]
        elif op == 3:
            data = data[:pos]
        else:
            data[pos:pos] = data[rng.randrange(len(data) + 1):][:rng.randint(1, 60)]
    return bytes(data)


@pytest.mark.slow
def test_bounded_fuzz_of_the_table_readers(kabkota):
    """Mutated CSV/XLSX files for about a minute: only the project's own error type may come out."""
    seconds = float(os.environ.get("GEO_PLANNER_FUZZ_SECONDS", "60"))
    rng = random.Random(6)
    seeds = [s.encode("utf-8") for s in SEEDS] + [s.encode("cp1252") for s in SEEDS[:1]] + [_xlsx_seed()]
    names = ["f.csv"] * 4 + ["f.xlsx"]
    stop, runs, refused = time.monotonic() + seconds, 0, 0
    while time.monotonic() < stop:
        i = rng.randrange(len(seeds))
        data = _mutate(seeds[i], rng)
        buf = io.BytesIO(data)
        buf.name = names[i]
        try:
            read_table(buf)
            buf.seek(0)
            read_layer(buf, kabkota, level="kabkota")
        except GeoPlannerError:
            refused += 1
        except Exception as exc:  # noqa: BLE001 - the point of the test
            pytest.fail(f"{type(exc).__name__}: {exc} on input {data[:300]!r}")
        runs += 1
    assert runs > 100 and refused > 0


def test_validate_chooses_a_sheet_by_name(tmp_path, capsys):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Catatan"
    book.active.append(["Data untuk rapat"])
    ws = book.create_sheet("Tabel 2")
    ws.append(["Kabupaten/Kota", "RTLH (unit)"])
    ws.append(["Paser", 10])
    ws.append(["Kukar", "abc"])
    path = tmp_path / "bps.xlsx"
    book.save(path)
    assert main(["validate", str(path), "--sheet", "Tabel 2"]) == 1
    out = capsys.readouterr().out
    assert "row 3" in out and "'abc' is not a number" in out
    assert main(["validate", str(path), "--sheet", "Tidak Ada"]) == 1
    assert "Tidak Ada" in capsys.readouterr().err
