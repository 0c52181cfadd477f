"""Every download of the app is made by the export gate: driven with AppTest, each button's file is made by
calling the very function the button received (``app_views.offer`` keeps it in
``st.session_state["gate_downloads"]``), then read back as its user would (tests/gate_support.py).

The main page gets the hand-built desa fixture as an upload (desa of 64.07.16, synthetic demo off); the
planning pages run on their own data, the allocation page at desa level on the synthetic village demo,
where the test finds the desa with 1 to 4 poor people from the demo's figures itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from gate_support import (
    HYPERLINK,
    assert_formula_safe,
    assert_protected,
    assert_provenance,
    build_fixture,
    read_file,
)
from streamlit.testing.v1 import AppTest

from geo_planner.outputs.gate import Download

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app.py"
PAGES = REPO / "app_pages"


@pytest.fixture(scope="module")
def fx(mirror, tmp_path_factory):
    return build_fixture(tmp_path_factory.mktemp("gate_app"))


@pytest.fixture
def fresh():
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


def made(at: AppTest, key: str, tmp_path: Path) -> tuple[Download, Path]:
    """The file the download button ``key`` gives, written to ``tmp_path`` with its provenance beside it."""
    download = at.session_state["gate_downloads"][key]()
    assert isinstance(download, Download), key
    path = tmp_path / download.file_name
    path.write_bytes(download.data)
    if download.sidecar:
        path.with_name(path.name + ".provenance.json").write_text(download.provenance, encoding="utf-8")
        assert f"{key}_prov" in keys(at), f"{key}: no provenance button beside it"
    return download, path


def keys(at: AppTest) -> set[str]:
    return {b.key for b in at.get("download_button")}


@pytest.fixture
def main_page(fx, fresh):
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params["level"] = "desa"
    at.query_params["within"] = "64.07.16"
    at.run()
    at.toggle(key="synthetic").set_value(False).run()
    at.file_uploader(key="upload").set_value((fx.layer.name, fx.layer.read_bytes(), "text/csv")).run()
    at.selectbox(key="dir_poor_population").set_value("need")
    at.selectbox(key="dir_poverty_rate").set_value("need")
    at.run()
    for box in at.number_input:  # score on the fixture's own figures only (the page opened on IDM)
        if box.key.startswith("w_") and box.key not in ("w_poor_population", "w_poverty_rate"):
            box.set_value(0.0)
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


def test_main_page_downloads(main_page, fx, tmp_path):
    at = main_page
    assert {"dl_csv", "dl_csv_prov", "dl_xlsx", "dl_rpkd"} <= keys(at)
    for key in ("dl_csv", "dl_xlsx"):
        _, path = made(at, key, tmp_path)
        seen = read_file(path)
        assert_protected(seen, fx, key)
        assert_formula_safe(seen, key)
        assert_provenance(seen, key)
    seen = read_file(made(at, "dl_xlsx", tmp_path)[1])
    assert_formula_safe(seen, "xlsx", expect=[HYPERLINK, "@SUM(A1)"])  # the unmatched rows' sheet
    for fmt in ("rpkd", "geojson", "gpkg", "shp", "kml", "pdf"):
        at.selectbox(key="dl_fmt").set_value(fmt).run()
        assert not at.exception
        download, path = made(at, f"dl_{fmt}", tmp_path)
        seen = read_file(path)
        if fmt != "pdf":
            assert_protected(seen, fx, fmt)
        else:
            assert fx.hidden not in seen.units
        assert_formula_safe(seen, fmt)
        cells = json.loads(download.provenance)["privacy"]["cells"]
        assert cells >= 6, cells  # the fixture's 6, plus the village index (IDM) figures of the hidden rows


def test_unmatched_rows_download(main_page, tmp_path):
    key = next(k for k in keys(main_page) if k.startswith("unmatched_") and not k.endswith("_prov"))
    _, path = made(main_page, key, tmp_path)
    seen = read_file(path)
    assert_formula_safe(seen, key, expect=[HYPERLINK, "@SUM(A1)"])
    assert [r["row"] for r in seen.rows] == ["7", "8"]
    assert "geo-planner" in seen.provenance


def test_pockets_download(main_page, fx, tmp_path):
    """The fixture's five desa make no pocket in the app (it says so); the button's function, given the
    fixture's hand-built pocket P1 (A, B, D), gives the sums over the members shown."""
    import sys

    sys.path.insert(0, str(REPO))
    import app_views

    assert "dl_pockets" not in keys(main_page)
    assert any(i.value == "Tidak ada kantong dengan pengaturan ini." for i in main_page.info)
    download = app_views.pockets_download(fx.analysis, "id", "kantong.csv")
    path = tmp_path / download.file_name
    path.write_bytes(download.data)
    seen = read_file(path)
    assert_formula_safe(seen, "pockets", expect=["+1; -2 KK; \tTab desa"])
    p1 = next(r for r in seen.rows if r["pocket"] == "P1")
    assert float(p1["poor"]) == 52 and float(p1["population"]) == 440  # 12 + 40 shown; never 55
    assert download.sidecar and '"cells": 6' in download.provenance


def _page(name: str, **state) -> AppTest:
    at = AppTest.from_file(str(PAGES / name), default_timeout=300)
    for k, value in state.items():
        at.session_state[k] = value
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


def test_lead_page_downloads(fresh, tmp_path):
    at = _page("1_Sektor_pemimpin.py")
    assert {"lead_sector_dl", "lead_dl_csv"} <= keys(at)
    for key in ("lead_sector_dl", "lead_dl_csv"):
        download, path = made(at, key, tmp_path)
        seen = read_file(path)
        assert_formula_safe(seen, key)
        assert "geo-planner" in download.provenance and '"privacy"' in download.provenance
    assert '"privacy_of_figures"' in made(at, "lead_dl_csv", tmp_path)[0].provenance


def test_targets_page_downloads(fresh, tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_PLANNER_DATA", str(tmp_path))
    monkeypatch.delenv("GEO_PLANNER_DB", raising=False)
    from geo_planner.planning.targets import open_register

    with open_register(f"sqlite:///{tmp_path / 'targets.sqlite'}") as reg:
        reg.add({"unit_code": "64.02", "agency": "Dinas PUPR", "intervention": "rtlh_rehab", "year": 2026,
                 "quantity": 10, "budget_rp": 1e6, "status": "planned", "note": "=SUM(A1)"}, who="budi")
    at = _page("2_Target_instansi.py")
    for key in ("tg_dl_csv", "tg_dl_xlsx"):
        _, path = made(at, key, tmp_path)
        seen = read_file(path)
        assert_formula_safe(seen, key, expect=["=SUM(A1)"])
        assert "geo-planner" in seen.provenance


def test_goal_page_downloads(fresh, tmp_path):
    at = _page("4_Target_provinsi.py")
    for key in ("goal_dl_csv", "goal_dl_xlsx"):
        download, path = made(at, key, tmp_path)
        assert_formula_safe(read_file(path), key)
        assert '"level": "kabkota"' in download.provenance


def test_allocation_page_at_desa_hides_the_packages_of_small_counts(fresh, tmp_path):
    from geo_planner.pipeline import build_analysis

    exact = build_analysis("desa", "64", synthetic=True).units["poor_population"]  # the demo the page shows
    small = set(exact.index[(exact > 0) & (exact < 5)])
    assert small, "the demo has desa with 1-4 poor people"
    at = _page("3_Alokasi_anggaran.py", level="desa")
    download, path = made(at, "al_dl_xlsx", tmp_path)
    seen = read_file(path)
    assert seen.formulas == 0 and "Angka < 5" in seen.provenance
    reach = next(k for k in next(iter(seen.units.values())) if k.startswith("Penduduk miskin"))
    for code, row in seen.units.items():
        value = row[reach]
        assert value is None or not 1 <= value <= 4, (code, value)
        if code in small:
            assert all(v is None or ("terjangkau" in k and v == 0) for k, v in row.items()
                       if k not in ("code", "name")), row
    csv_download, csv_path = made(at, "al_dl_csv", tmp_path)
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    assert frame.columns[0] == "Kode" and set(frame["Kode"]) >= small
