"""Coordinates as field teams write them, and the GPS / Google Earth files they send.

- :func:`parse_coordinate`: one cell in decimal degrees (``-0.5021``), with a
  decimal comma (``-0,5021``) or an exponent as NumPy and pandas write small
  values (``8e-05``, 0.00008 degrees: a point on the equator), or in degrees-minutes-seconds
  (``0°29'35.3"S``, ``117° 9' 12" BT``, ``S 0 29 35.3``), degrees and decimal
  minutes (``0°29.588'S``); hemisphere letters N/S/E/W and the Indonesian
  U/S/T/B, LU/LS/BT/BB.
- :func:`parse_coordinates`: a column of them, each distinct cell parsed once.
- :func:`split_pair`: one "Koordinat" cell holding both (``-0.502, 117.153``,
  a Google Maps copy; or a DMS pair), latitude first.
- :func:`read_field_file`: waypoints of a GPX (GPS units) or placemarks of a
  KMZ / KML (Google Earth), read by GDAL, with their name and description.
- :func:`hemisphere_hint`: a layer whose UTM zone says north (``32650``) but
  whose coordinates lie in Indonesia with the southern zone (``32750``), the
  usual .prj slip south of the equator, is refused naming both systems.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from geo_planner.errors import InputError
from geo_planner.i18n.messages import msg

__all__ = ["COORDINATE_PAIR_NAMES", "parse_coordinate", "parse_coordinates", "split_pair", "pair_column",
           "split_pair_column", "read_field_file", "hemisphere_hint"]

# Headers of one column holding "latitude, longitude" (compared lower-case, spaces and _ removed).
COORDINATE_PAIR_NAMES = ("koordinat", "coordinates", "coordinate", "koordinatgps", "titikkoordinat", "latlong",
                         "latlon", "latlng", "lokasigps", "gps")

_NEG = {"s", "w", "b", "ls", "bb"}
_POS = {"n", "e", "u", "t", "lu", "bt"}
_HEMI = r"(LU|LS|BT|BB|[NSEWUTB])"
_NUM = r"\d+(?:[.,]\d+)?"
_DMS_RE = re.compile(
    rf"^\s*(?P<h1>{_HEMI})?\s*(?P<sign>[+-])?\s*(?P<d>{_NUM})\s*(?:°|º|˚|deg|d|\s)\s*"
    rf"(?:(?P<m>{_NUM})\s*(?:'|′|’|m|\s)?\s*)?(?:(?P<s>{_NUM})\s*(?:\"|″|”|''|s)?\s*)?(?P<h2>{_HEMI})?\s*$",
    re.IGNORECASE)
_DECIMAL_RE = re.compile(r"^\s*([+-]?)\s*(\d+)(?:[.,](\d+))?(?:[eE]([+-]?\d+))?\s*$")  # 8e-05: a NumPy export


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def parse_coordinate(cell: object) -> float | None:
    """Degrees as a float (south and west negative), None for an empty cell; ValueError when unreadable.

    >>> parse_coordinate("-0,5021"), parse_coordinate('0°29\\'35.3"S'), parse_coordinate("117° 9' 12\\" BT")
    (-0.5021, -0.493139, 117.153333)
    >>> parse_coordinate("0°29.588'S"), parse_coordinate("S 0 29 35.3")
    (-0.493133, -0.493139)
    """
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return None
    text = str(cell).strip()
    if not text:
        return None
    m = _DECIMAL_RE.match(text)
    if m:
        sign, whole, frac, exp = m.groups()
        value = float((f"{whole}.{frac}" if frac else whole) + (f"e{exp}" if exp else ""))
        return -value if sign == "-" else value
    m = _DMS_RE.match(text.replace("''", '"'))
    if not m or (m.group("m") is None and m.group("h1") is None and m.group("h2") is None):
        raise ValueError(msg("coords_not_coordinate", text=text))
    h1, h2 = (m.group("h1") or "").lower(), (m.group("h2") or "").lower()
    if h1 and h2:
        raise ValueError(msg("coords_two_hemispheres", text=text))
    if not (h1 or h2 or m.group("sign")):  # north or south of the equator? Kalimantan Timur lies on both sides
        raise ValueError(msg("coords_no_hemisphere", text=text))
    d, mi, se = _num(m.group("d")), _num(m.group("m") or "0"), _num(m.group("s") or "0")
    if mi >= 60 or se >= 60:
        raise ValueError(msg("coords_minutes", text=text))
    value = round(d + mi / 60 + se / 3600, 6)
    hemi = h1 or h2
    negative = m.group("sign") == "-" or hemi in _NEG
    if hemi in _NEG and m.group("sign") == "-":
        raise ValueError(msg("coords_negative_south", text=text))
    return -value if negative else value


def arrow_strings(cells: pd.Series):
    """``cells`` as text in one pyarrow array; pandas' pyarrow strings (what the CSV reader gives) are not copied."""
    import pyarrow as pa

    text = pa.array(cells.astype("string").reset_index(drop=True), from_pandas=True)
    text = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    return text if pa.types.is_string(text.type) or pa.types.is_large_string(text.type) else text.cast(pa.string())


def has_comma(text) -> bool:
    """Whether a cell of a pyarrow string array holds a comma; its bytes are searched where they lie."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(text, pa.Array) and text.type in (pa.string(), pa.large_string()):
        data = text.buffers()[2]  # the bytes of every cell (a slice's neighbours too: then a needless replace)
        return data is not None and bool((np.frombuffer(data, dtype=np.uint8) == ord(",")).any())
    return bool(pc.any(pc.match_substring(text, ",")).as_py())


def parse_coordinates(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A column of coordinates -> (degrees, mask of cells that are not coordinates); each distinct cell once.

    A column the reader already holds as numbers is taken as it is. In text, decimal degrees with a dot or a
    comma, also in scientific notation (``3e-05``, as spreadsheets and pandas write a point near the
    equator), are parsed with pyarrow (no Python object per cell); any other cell is parsed by
    :func:`parse_coordinate` once per distinct value.

    >>> parse_coordinates(pd.Series(["3e-05", "-7E-06", "-0.5021", "S 0 29 35.3"]))[0].tolist()
    [3e-05, -7e-06, -0.5021, -0.493139]
    """
    if pd.api.types.is_numeric_dtype(cells) and not pd.api.types.is_bool_dtype(cells):
        values = pd.to_numeric(cells, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        return values, np.zeros(len(values), dtype=bool)
    import pyarrow as pa
    import pyarrow.compute as pc

    from geo_planner.sources.tables import trim_whitespace

    text = trim_whitespace(arrow_strings(cells))  # utf8_trim_whitespace, skipped when nothing is to trim
    plain_pa = pc.fill_null(pc.match_substring_regex(text, r"^[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?$"), False)
    numbers = text if text.null_count == 0 and pc.all(plain_pa).as_py() else pc.if_else(
        plain_pa, text, pa.scalar(None, text.type))
    if has_comma(numbers):  # a decimal comma
        numbers = pc.replace_substring(numbers, ",", ".")
    values = np.array(pc.cast(numbers, pa.float64()).to_numpy(zero_copy_only=False), dtype="float64")  # NaN if not
    plain = np.asarray(plain_pa.to_numpy(zero_copy_only=False), dtype=bool)
    bad = np.zeros(len(text), dtype=bool)
    rest = ~plain & np.asarray(pc.fill_null(pc.not_equal(text, ""), False).to_numpy(zero_copy_only=False), dtype=bool)
    if rest.any():
        codes, distinct = pd.factorize(pd.Series(text.filter(pa.array(rest)).to_pylist(), dtype=object))
        parsed = np.full(len(distinct), np.nan)
        failed = np.zeros(len(distinct), dtype=bool)
        for i, cell in enumerate(distinct):
            try:
                v = parse_coordinate(cell)
                parsed[i] = np.nan if v is None else v
            except ValueError:
                failed[i] = True
        values[rest], bad[rest] = parsed[codes], failed[codes]
    return values, bad


def split_pair(cell: object) -> tuple[float | None, float | None]:
    """One cell holding latitude and longitude -> (latitude, longitude); ValueError when unreadable.

    >>> split_pair("-0.502, 117.153"), split_pair("-0,502; 117,153"), split_pair('0°29\\'35.3"S 117°09\\'12.0"E')
    ((-0.502, 117.153), (-0.502, 117.153), (-0.493139, 117.153333))
    """
    if cell is None or (isinstance(cell, float) and math.isnan(cell)) or not str(cell).strip():
        return None, None
    text = str(cell).strip().strip("()[]")
    candidates = (
        text.split(";"),
        re.split(r"(?<=[NSEWUTBnsewutb\"″”])(?:\s*[,/]\s*|\s+)(?=[\dNSEWUTBnsewutb+-])", text),
        text.split(", "),
        text.split(","),
        text.split(),
    )
    for parts in candidates:
        if len(parts) != 2:
            continue
        try:
            lat, lon = parse_coordinate(parts[0]), parse_coordinate(parts[1])
        except ValueError:
            continue
        if lat is not None and lon is not None:
            return lat, lon
    raise ValueError(msg("coords_not_pair", text=text))


def pair_column(columns) -> object | None:
    """The first column whose header names a coordinate pair ("Koordinat", "Lat Long", ...), or None."""
    for c in columns:
        if re.sub(r"[\s_/\-.()]+", "", str(c).lower()) in COORDINATE_PAIR_NAMES:
            return c
    return None


def split_pair_column(data: pd.DataFrame, column: object) -> pd.DataFrame:
    """``data`` with ``latitude`` and ``longitude`` text columns split from ``column``; a Google Maps copy
    ("-0.502, 117.153") is split vectorised, any other cell once per distinct value. A cell that is not
    a pair keeps its text in both, reported as a latitude that is not a number by the caller."""
    cells = data[column].astype("string").str.strip()
    plain = cells.str.extract(r"^\(?\s*([+-]?\d+(?:\.\d+)?)\s*[,;]\s*([+-]?\d+(?:\.\d+)?)\s*\)?$")
    lat, lon = plain[0].astype(object), plain[1].astype(object)
    rest = (plain[0].isna() & cells.notna() & (cells != "")).fillna(False).to_numpy(dtype=bool)
    if rest.any():
        codes, distinct = pd.factorize(cells[rest])
        la = np.empty(len(distinct), dtype=object)
        lo = np.empty(len(distinct), dtype=object)
        for i, text in enumerate(distinct):
            try:
                a, b = split_pair(text)
            except ValueError:
                a, b = text, text  # reported as a latitude that is not a number
            la[i], lo[i] = (None if a is None else str(a)), (None if b is None else str(b))
        lat[rest], lon[rest] = la[codes], lo[codes]
    lat, lon = lat.where(lat.notna(), None), lon.where(lon.notna(), None)
    return data.assign(latitude=lat.to_numpy(dtype=object), longitude=lon.to_numpy(dtype=object))


# Fields the GDAL drivers give every feature of a KML / KMZ (LIBKML: style and time of each placemark;
# KML: Name, Description) or a GPX (the GPX schema: elevation, time, symbol, precision ...): not figures.
# The user's own fields (KML ExtendedData, GPX extensions, read as "ogr_<name>") are kept.
KML_FIELDS = frozenset({
    "id", "timestamp", "begin", "end", "altitudemode", "tessellate", "extrude", "visibility", "draworder", "icon",
    "snippet", "model", "heading", "tilt", "roll", "scale_x", "scale_y", "scale_z", "networklink",
    "networklink_refreshvisibility", "networklink_flytoview", "networklink_refreshmode",
    "networklink_refreshinterval", "networklink_viewrefreshmode", "networklink_viewrefreshtime",
    "networklink_viewboundscale", "networklink_viewformat", "networklink_httpquery", "camera_longitude",
    "camera_latitude", "camera_altitude", "camera_altitudemode", "photooverlay", "leftfov", "rightfov", "bottomfov",
    "topfov", "near", "photooverlay_shape", "imagepyramid_tilesize", "imagepyramid_maxwidth",
    "imagepyramid_maxheight", "imagepyramid_gridorigin"})
GPX_FIELDS = frozenset({
    "ele", "time", "magvar", "geoidheight", "cmt", "src", "link1_href", "link1_text", "link1_type", "link2_href",
    "link2_text", "link2_type", "sym", "type", "fix", "sat", "hdop", "vdop", "pdop", "ageofdgpsdata", "dgpsid",
    "track_fid", "track_seg_id", "track_seg_point_id", "route_fid", "route_point_id", "number"})
_TEXT_FIELDS = {"name": "name", "description": "description", "desc": "description"}


def format_fields_dropped(frame, suffix: str):
    """``frame`` of a KML / KMZ / GPX without the fields its driver adds (:data:`KML_FIELDS`,
    :data:`GPX_FIELDS`); name and description kept (as ``name``, ``description``), the user's own fields kept
    (a GPX extension ``ogr_jumlah`` as ``jumlah``). Other formats are returned as they are."""
    suffix = suffix.lower()
    drop = KML_FIELDS if suffix in (".kml", ".kmz") else GPX_FIELDS if suffix == ".gpx" else None
    if drop is None:
        return frame
    geometry = frame.geometry.name
    keep, names = [], {}
    for col in frame.columns:
        low = str(col).lower()
        if col == geometry or low in drop:
            continue
        keep.append(col)
        if low in _TEXT_FIELDS:
            names[col] = _TEXT_FIELDS[low]
        elif suffix == ".gpx" and low.startswith("ogr_") and len(low) > 4:
            names[col] = str(col)[4:]
    taken = [names.get(c, c) for c in keep]
    for col in list(names):  # a renamed field never takes another's name (description and desc both there)
        if taken.count(names[col]) > 1:
            del names[col]
            taken = [names.get(c, c) for c in keep]
    return frame[[*keep, geometry]].rename(columns=names)


def read_field_file(path: Path):
    """Points of a GPX (waypoints; else track points) or a KMZ / KML (every placemark folder), with
    ``name``, ``description`` and the user's own fields: GPS and Google Earth fields (elevation, time, symbol,
    draw order ...) are not figures (:func:`format_fields_dropped`)."""
    import geopandas as gpd
    import pyogrio

    suffix = path.suffix.lower()
    try:
        layers = [name for name, _ in pyogrio.list_layers(path)]
        if suffix == ".gpx":
            wanted = [n for n in ("waypoints", "track_points", "route_points") if n in layers]
            frames = []
            for n in wanted:
                frame = gpd.read_file(path, layer=n, engine="pyogrio")
                if len(frame):
                    frames = [frame]
                    break
        else:
            frames = [gpd.read_file(path, layer=n, engine="pyogrio") for n in layers]  # GDAL's LIBKML reads KMZ
            frames = [f for f in frames if len(f)]
    except InputError:
        raise
    except Exception as exc:  # pyogrio raises many types on damaged files
        first = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise InputError(msg("coords_field_unreadable", format=suffix.lstrip('.').upper(), error=first),
                         file=path.name) from None
    if not frames:
        raise InputError(msg("coords_no_points", format=suffix.lstrip('.').upper()), file=path.name)
    keep = [format_fields_dropped(f, suffix) for f in frames]
    geometry = keep[0].geometry.name
    out = pd.concat([f.rename_geometry(geometry) if f.geometry.name != geometry else f for f in keep],
                    ignore_index=True)
    gdf = gpd.GeoDataFrame(out, geometry=geometry, crs=frames[0].crs or "EPSG:4326")
    return gdf


def hemisphere_hint(gdf, file: str) -> None:
    """Refuse a layer in a northern UTM zone whose coordinates lie in Indonesia only with the southern zone
    (or the reverse), naming both coordinate systems."""
    from pyproj import CRS

    from geo_planner.sources.wilayah_sql import INDONESIA_BOUNDS

    crs = gdf.crs
    if crs is None or not len(gdf):
        return
    epsg = crs.to_epsg() or 0
    if not (32601 <= epsg <= 32660 or 32701 <= epsg <= 32760):
        return
    bx0, by0, bx1, by1 = INDONESIA_BOUNDS

    def inside(c) -> bool:
        with np.errstate(all="ignore"):
            x0, y0, x1, y1 = gdf.set_crs(c, allow_override=True).to_crs("EPSG:4326").total_bounds
        return bool(np.isfinite([x0, y0, x1, y1]).all() and bx0 <= x0 and x1 <= bx1 and by0 <= y0 and y1 <= by1)

    if inside(crs):
        return
    other = epsg + 100 if epsg < 32700 else epsg - 100
    if inside(CRS.from_epsg(other)):
        said, meant = crs.name, CRS.from_epsg(other).name
        raise InputError(msg("coords_wrong_hemisphere_south" if other > 32700 else "coords_wrong_hemisphere_north",
                             said=said, epsg=epsg, meant=meant, other=other),
                         file=file)
