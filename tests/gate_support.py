"""A hand-built desa fixture for the export gate, and readers that open each written file as its user would.

The fixture (five desa of Kec. Nyuatan, 64.07.16, Kutai Barat; figures typed by hand):

====  ===============  ==============  ============  ==========  ==========================
desa  poor_population  poverty_rate %  population    name        what the gate must do
====  ===============  ==============  ============  ==========  ==========================
A     3                2.5             120           ``+1``      hide 3 (1-4) and the rate
B     12               10.0            120           ``-2 KK``   show
C     0                0.0             300           ``@SUM..``  hide 0 with 3 (secondary)
D     40               20.0            200           tab + text  show
E     25               5.0             500           CR + text   show
====  ===============  ==============  ============  ==========  ==========================

``rate * population / 100`` gives every count back (2.5 % of 120 is 3). A user column is headed
``=HYPERLINK("http://x","y")``; two rows match no desa, named ``=HYPERLINK(...)`` and ``@SUM(A1)``.
Weights: poor_population 1, poverty_rate 1. Scores from the figures a file may show (hand computed,
min-max over B, D, E: poor 12-40, rate 5-20): B (0 + 33.33) / 2 = 16.67, D 100, E (46.43 + 0) / 2 = 23.21;
A and C have no figure left, so no score and no rank. Pocket P1 = A, B, D: poor people shown 12 + 40 = 52
(the exact 55 would give A's 3 back), population 120 + 120 + 200 = 440.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from geo_planner.sources.cells import looks_like_formula, unquote

HYPERLINK = '=HYPERLINK("http://x","y")'
HOSTILE_NAMES = ["+1", "-2 KK", "@SUM(A1)", "\tTab desa", "\rCR desa"]
HOSTILE = [HYPERLINK, *HOSTILE_NAMES]
FIGURES = {  # code index -> (poor_population, poverty_rate, population, the hostile column)
    0: (3, 2.5, 120, 7), 1: (12, 10.0, 120, 40), 2: (0, 0.0, 300, 9), 3: (40, 20.0, 200, 30), 4: (25, 5.0, 500, 12)}
SCORES = {1: 16.67, 3: 100.0, 4: 23.21}  # from the figures shown (module notes)
RANKS = {3: 1, 4: 2, 1: 3}
KML = "{http://www.opengis.net/kml/2.2}"


def fixture_csv(path: Path, codes: list[str]) -> Path:
    """The hand-made table of the fixture (one row per desa, two rows that match no desa)."""
    head = f'kode,nama,poor_population (jiwa),poverty_rate (%),population (jiwa),"{HYPERLINK.replace(chr(34), 2 * chr(34))}"\n'
    rows = "".join(f"{codes[i]},desa {i},{p},{r},{n},{h}\n" for i, (p, r, n, h) in FIGURES.items())
    rows += f'99.99.99.9999,"{HYPERLINK.replace(chr(34), 2 * chr(34))}",5,1.0,100,1\n99.99.99.9998,@SUM(A1),6,1.0,100,1\n'
    path.write_text(head + rows, encoding="utf-8")
    return path


@dataclass
class Fixture:
    analysis: object
    codes: list[str]
    layer: Path

    @property
    def hidden(self) -> str:  # the count of 3
        return self.codes[0]

    @property
    def secondary(self) -> str:  # the 0 hidden with it
        return self.codes[2]


def build_fixture(tmp: Path) -> Fixture:
    from geo_planner.pipeline import analyse, load_layers
    from geo_planner.units.hierarchy import load_units

    units = load_units("desa", "64", within="64.07.16")
    codes = list(units.index[:5])
    layer = fixture_csv(tmp / "kpm_desa.csv", codes)
    layers = load_layers(units, [layer], level="desa", include_builtin=False,
                         directions={"poor_population": "need", "poverty_rate": "need"})
    a = analyse(units, layers, {"poor_population": 1, "poverty_rate": 1}, level="desa")
    named = a.units.copy()
    for code, name in zip(codes, HOSTILE_NAMES):
        named.loc[code, "name"] = name
    named["pocket"] = pd.Series({codes[0]: "P1", codes[1]: "P1", codes[3]: "P1"}).reindex(named.index).astype(
        "string")
    pockets = pd.DataFrame({"pocket": ["P1"], "units": [[codes[0], codes[1], codes[3]]],
                            "names": [[HOSTILE_NAMES[0], HOSTILE_NAMES[1], HOSTILE_NAMES[3]]], "n_units": [3],
                            "population": [440.0], "poor": [55.0], "need": [50.0], "coverage": [float("nan")],
                            "reason": ["high need, low coverage"]})
    provenance = {**a.provenance, "within": "64.07.16", "pockets": {"flag": "underserved", "hand_built": True}}
    return Fixture(replace(a, units=named, pockets=pockets, provenance=provenance), codes, layer)


# --------------------------------------------------------------------------- what a file shows

@dataclass
class Seen:
    """What a written file shows: per unit its figures by column id, every text as written, formulas."""

    units: dict[str, dict[str, object]] = field(default_factory=dict)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (text as written, "csv" | "xlsx" | "plain")
    formulas: int = 0
    provenance: str = ""
    rows: list[dict[str, object]] = field(default_factory=list)  # every row of the first table


def column_id(header: object) -> str:
    """``poor_population (jiwa)`` -> ``poor_population``; ``Kode`` / ``kode`` -> ``code``."""
    text = str(unquote(str(header))).strip()
    text = re.sub(r"\s*\([^()]*\)$", "", text) if not text.startswith("=") else text
    return {"Kode": "code", "kode": "code", "Peringkat": "rank", "peringkat": "rank", "Skor prioritas": "priority_score",
            "skor": "priority_score", "Nama wilayah": "name", "nama": "name", "No.": "no"}.get(text, text)


def _number(value: object) -> float | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("'", "")
    if not text or text in ("–", "-", "nan", "None", "<NA>"):
        return None
    try:
        return float(text.replace(".", "").replace(",", ".")) if "," in text else float(text)
    except ValueError:
        return None


def _table_rows(header: list, rows: list[list], seen: Seen) -> None:
    ids = [column_id(h) for h in header]
    for row in rows:
        record = dict(zip(ids, row))
        seen.rows.append(record)
        code = str(unquote(str(record.get("code", "")))).strip()
        if re.fullmatch(r"\d{2}\.\d{2}\.\d{2}\.\d{4}", code):
            seen.units[code] = record


def read_csv_bytes(data: bytes, seen: Seen | None = None) -> Seen:
    seen = seen or Seen()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    seen.texts += [(cell, "csv") for row in rows for cell in row if cell]
    if rows:
        _table_rows(rows[0], rows[1:], seen)
    return seen


def read_xlsx_bytes(data: bytes, seen: Seen | None = None) -> Seen:
    import openpyxl

    seen = seen or Seen()
    book = openpyxl.load_workbook(io.BytesIO(data))
    for k, ws in enumerate(book.worksheets):
        grid = [list(r) for r in ws.iter_rows()]
        for row in grid:
            for c in row:
                seen.formulas += c.data_type == "f"
                if isinstance(c.value, str):
                    seen.texts.append((c.value, "xlsx"))
        if k == 0 and grid:
            _table_rows([c.value for c in grid[0]], [[c.value for c in r] for r in grid[1:]], seen)
        if ws.title in ("Sumber", "Sources"):
            seen.provenance += "\n".join(str(c.value) for r in grid for c in r if c.value is not None)
    return seen


def _sidecar(path: Path) -> str:
    side = path.with_name(path.name + ".provenance.json")
    return side.read_text(encoding="utf-8") if side.is_file() else ""


def read_file(path: Path) -> Seen:
    """Open ``path`` as its user would and return what it shows (see :class:`Seen`)."""
    import geopandas as gpd
    import pyogrio

    suffix = path.suffix.lower()
    if suffix == ".csv":
        seen = read_csv_bytes(path.read_bytes())
        seen.provenance = _sidecar(path)
    elif suffix == ".xlsx":
        seen = read_xlsx_bytes(path.read_bytes())
    elif suffix in (".geojson", ".json"):
        seen = _frame(gpd.read_file(path, engine="pyogrio"))
        seen.provenance = _sidecar(path) + json.loads(path.read_text(encoding="utf-8")).get("description", "")
    elif suffix == ".gpkg":
        layers = [str(n) for n in pyogrio.list_layers(path)[:, 0] if str(n) != "provenance"]
        seen = _frame(gpd.read_file(path, layer=layers[0], engine="pyogrio"))
        seen.provenance = " ".join(pyogrio.read_dataframe(path, layer="provenance")["json"])
    elif suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            fields = zf.read("fields.csv")
            inner = [zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".provenance.json")]
        seen = read_csv_bytes(fields)
        names = pd.read_csv(io.BytesIO(fields), encoding="utf-8-sig", dtype=str)
        shp = gpd.read_file(f"zip://{path}", engine="pyogrio").rename(columns=dict(zip(names["field"], names["column"])))
        seen.units = _frame(shp).units
        seen.provenance = "".join(inner) + _sidecar(path)
    elif suffix == ".kml":
        seen = Seen()
        doc = ET.parse(path).getroot().find(f"{KML}Document")
        for pm in doc.findall(f"{KML}Placemark"):
            data = {d.get("name"): d.findtext(f"{KML}value") for d in pm.iter(f"{KML}Data")}
            seen.units[str(data.get("code"))] = data
        seen.provenance = _sidecar(path) + (doc.findtext(f"{KML}description") or "")
    elif suffix == ".pdf":
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout
        seen = Seen(texts=[(line, "plain") for line in text.decode("utf-8").splitlines()],
                    provenance=info.decode("utf-8", errors="replace"))
        seen.units = {m.group(0): {"line": line} for line, _ in seen.texts
                      for m in re.finditer(r"64\.07\.16\.\d{4}", line)}
    elif suffix == ".html":
        page = path.read_text(encoding="utf-8")
        found = re.search(r'<script type="application/json" id="geo-planner-provenance">(.*?)</script>', page, re.S)
        tips = re.search(r'gpRestyle\((\{.*?\})\);', page, re.S)
        seen = Seen(provenance=found.group(1) if found else "")
        if tips:
            seen.units = {code: {"tip": tip[2]} for code, tip in json.loads(tips.group(1))["u"].items()}
    else:
        raise AssertionError(f"no reader for {path.name}")
    return seen


def _frame(gdf) -> Seen:
    seen = Seen()
    for record in gdf.drop(columns="geometry", errors="ignore").to_dict("records"):
        seen.units[str(record.get("code"))] = record
    seen.texts = [(v, "plain") for r in seen.units.values() for v in r.values() if isinstance(v, str)]
    return seen


# --------------------------------------------------------------------------- the checks

def assert_protected(seen: Seen, fx: Fixture, what: str) -> None:
    """No count 1-4 in the file; the hidden 3 cannot be worked out from its row; shown counts as typed."""
    codes = fx.codes
    for code, row in seen.units.items():
        for col in ("poor_population", "population"):
            value = _number(row.get(col))
            assert value is None or not 1 <= value <= 4, (what, code, col, value)
    for code in (fx.hidden, fx.secondary):
        row = seen.units.get(code)
        if row is None:
            continue  # not listed at all (an unranked desa in a top-N table)
        assert _number(row.get("poor_population")) is None, (what, code, row)
        assert _number(row.get("poverty_rate")) is None, (what, code, "rate beside a hidden count", row)
        assert _number(row.get("priority_score")) is None, (what, code, "score from a hidden count", row)
    numbers = [v for k, v in ((k, _number(v)) for k, v in seen.units.get(fx.hidden, {}).items()
                              if k not in ("code", "rank", "no", "name", "parent")) if v is not None]
    for x in numbers:  # the recomputation attack on the 3: any two figures of its row, as rate x population / 100
        for y in numbers:
            assert round(x * y / 100) != 3, (what, x, y, seen.units[fx.hidden])
    for i in (1, 3, 4):
        row = seen.units.get(codes[i])
        if row is not None and "poor_population" in row:
            assert _number(row["poor_population"]) == FIGURES[i][0], (what, codes[i], row)
        if row is not None and "priority_score" in row:
            assert abs(_number(row["priority_score"]) - SCORES[i]) < 0.006, (what, codes[i], row)


def assert_formula_safe(seen: Seen, what: str, *, expect: list[str] | None = None) -> None:
    """No live formula: XLSX cells are never formulas, CSV texts a spreadsheet would evaluate start with '."""
    assert seen.formulas == 0, (what, "formula cells")
    for text, kind in seen.texts:
        if kind == "csv":
            assert not looks_like_formula(text), (what, text)
    shown = {str(unquote(text)) if kind == "csv" else text for text, kind in seen.texts}
    for text in expect or []:
        assert text in shown, (what, "missing", text, sorted(shown)[:20])


def assert_provenance(seen: Seen, what: str) -> None:
    text = seen.provenance
    assert "geo-planner" in text and ("0." in text or "version" in text), (what, text[:200])
    assert "desa" in text, (what, "level missing from the provenance")
