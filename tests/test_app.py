"""The Streamlit app, driven headless with AppTest on the real data (boundaries from the test mirror).

Covered here: first render (map component + ranked table), weights changing the
ranking without reloading data, language switch, an upload with an unmatched
row (AppTest can set st.file_uploader), table-row selection driving the details
panel (selection state set through session_state, as AppTest cannot click a
row), and a user error shown with st.error. Below regency level: the desa view
with the synthetic demo (on request) flagged, pockets, the map modes, drill-down from a
regency and back, the synthetic toggle, and a weight change that reloads
nothing; the real village figures (IDM) are in test_app_idm.py. A click on the map cannot be made in AppTest: the browser tests click a
region (tests/test_browser.py, tests/test_browser_selection.py).
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo_planner import pipeline
from geo_planner.analysis import pockets
from geo_planner.outputs import mapping

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app.py"
UPLOAD = b"kode,nama,jumlah_kpm\n64.01,Paser,120\n64.72,Samarinda,300\n99.99,Atlantis,7\n"
COUNTED = {"load_units": pipeline, "load_layers": pipeline, "combine_layers": pipeline, "add_pockets": pipeline,
           "contiguity": pockets, "simplify_units": mapping, "map_data": mapping}


@pytest.fixture
def calls(monkeypatch):
    """Count calls of the loaders, pocket statistics and map builders the app uses, with fresh caches."""
    counts = dict.fromkeys(COUNTED, 0)
    for name, module in COUNTED.items():
        original = getattr(module, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    # the geometry a level's first view would read from the store `data fetch` fills is made here, so each
    # test counts the one simplification of its first view (the store: tests/test_mapping.py, test_cli.py)
    from geo_planner.units import hierarchy

    monkeypatch.setattr(hierarchy, "cached_geometry", lambda *args, build, **kwargs: build())
    st.cache_resource.clear()
    st.cache_data.clear()
    yield counts
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def app(calls) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def table_key(at: AppTest) -> str:
    """The ranked table's widget key (new for each level, drill-down, language and after a map click)."""
    return next(d.key for d in at.dataframe if str(d.key).startswith("table:"))


def ranked_frame(at: AppTest) -> pd.DataFrame:
    return at.dataframe(key=table_key(at)).value


def tick(at: AppTest, row: int) -> AppTest:
    """Tick a row of the ranked table (AppTest cannot click one)."""
    at.session_state[table_key(at)] = {"selection": {"rows": [row], "columns": []}}
    return at.run()


def top_name(at: AppTest) -> str:
    table = ranked_frame(at)
    return table.sort_values("Peringkat")["Nama wilayah"].iloc[0]


def test_first_render_shows_map_and_ranked_table(app):
    assert not app.error
    assert app.title[0].value == "Peta prioritas penanggulangan kemiskinan"
    table = ranked_frame(app)
    assert len(table) == 10
    assert {"Peringkat", "Nama wilayah", "Kode", "Skor prioritas"} <= set(table.columns)
    maps = [c for c in app.get("component_instance") if "geo_planner_map" in c.proto.component_name]
    assert len(maps) == 1
    assert top_name(app) == "Kabupaten Kutai Kartanegara"  # defaults: rate and count, weight 1 each


def test_weight_change_reranks_without_reloading(app, calls):
    first = {"load_units": 1, "load_layers": 1, "combine_layers": 1, "add_pockets": 0, "contiguity": 0,
             "simplify_units": 1, "map_data": 1}
    assert calls == first
    app.number_input(key="w_poor_population").set_value(0.0)
    app.number_input(key="w_poverty_rate").set_value(2.0)
    app.run()
    assert not app.exception
    assert top_name(app) == "Kabupaten Mahakam Ulu"  # 10.75 %, the highest rate
    # no data reloaded or re-joined, geometry not simplified again; the map colours were rebuilt once
    assert calls == first | {"map_data": 2}


def test_map_not_rebuilt_when_colouring_unchanged(app, calls):
    tick(app, 0)
    app.selectbox(key="lang").set_value("id").run()
    assert not app.exception
    assert calls["map_data"] == 1 and calls["simplify_units"] == 1


def test_language_switch_keeps_weights(app):
    app.number_input(key="w_poor_population").set_value(0.0).run()
    app.selectbox(key="lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Poverty priority map"
    assert "Rank" in ranked_frame(app).columns
    assert app.number_input(key="w_poor_population").value == 0.0
    assert any(s.value == "Priority list" for s in app.subheader)


def test_upload_with_unmatched_row(app):
    app.file_uploader(key="upload").set_value(("mine.csv", UPLOAD, "text/csv")).run()
    assert not app.exception and not app.error
    warnings = [w.value for w in app.warning]
    assert any("1 baris dari mine.csv" in w for w in warnings), warnings
    assert any("Atlantis" in d.value.to_string() for d in app.dataframe)
    assert app.download_button(key="unmatched_mine")
    # KPM (keluarga penerima manfaat, families an aid reaches) comes in as coverage, weighted; the planner can
    # turn it round
    assert "w_jumlah_kpm" in [n.key for n in app.number_input]
    assert app.selectbox(key="dir_jumlah_kpm").value == "coverage"
    app.selectbox(key="dir_jumlah_kpm").set_value("need").run()
    app.number_input(key="w_poverty_rate").set_value(0.0)
    app.number_input(key="w_poor_population").set_value(0.0)
    app.number_input(key="w_jumlah_kpm").set_value(1.0)
    app.run()
    assert not app.exception and not app.error
    assert top_name(app) == "Kota Samarinda"  # 300 > 120; the others have no figure


def test_table_selection_shows_all_figures_of_the_unit(app):
    ranked = ranked_frame(app)
    row = int(ranked.index[ranked["Kode"] == "64.09"][0])  # Penajam Paser Utara: has alternative figures
    tick(app, row)
    assert not app.exception
    figures = next(d.value for d in app.dataframe if "Status" in d.value.columns)
    assert "Semua angka Kabupaten Penajam Paser Utara (64.09)" in [m.value.strip("*") for m in app.markdown]
    statuses = set(figures["Status"])
    assert "dipakai" in statuses
    # the alternative PPU rate (6.69, databoks) says why it is not used
    assert any(s.startswith("alternatif, tidak dipakai (alternative: BPS Paser head quotes 6.68") for s in statuses)
    assert figures["Sumber"].str.startswith("http").all()
    assert {"Tahun", "Periode", "Catatan", "Satuan"} <= set(figures.columns)


def test_user_error_is_shown_not_raised(app):
    app.number_input(key="w_poverty_rate").set_value(0.0)
    app.number_input(key="w_poor_population").set_value(0.0)
    app.run()
    assert not app.exception
    assert any("semua bobot bernilai 0" in e.value for e in app.error)  # in the app's language


def test_downloads_present(app):
    keys = [b.key for b in app.get("download_button")]
    assert {"dl_csv", "dl_csv_prov", "dl_xlsx"} <= set(keys)  # a CSV's provenance beside it


# --- below regency level -------------------------------------------------------------------------------
def map_component(at: AppTest):
    return next(c for c in at.get("component_instance") if "geo_planner_map" in c.proto.component_name)


def map_args(at: AppTest) -> dict:
    return json.loads(map_component(at).proto.json_args)


def map_style(at: AppTest) -> str:
    """The colours, outlines, tooltips and legend the map gets this run, as text."""
    return json.dumps(map_args(at)["style"], ensure_ascii=False)


def table(at: AppTest) -> pd.DataFrame:
    return ranked_frame(at)


def pockets_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Anggota" in d.value.columns or "Members" in d.value.columns)


@pytest.fixture
def desa(app) -> AppTest:
    app.selectbox(key="level").set_value("desa").run()
    assert not app.exception and not app.error
    return app


@pytest.fixture
def demo(desa) -> AppTest:
    """The desa view with the synthetic demo switched on (real IDM figures are the default)."""
    desa.toggle(key="synthetic").set_value(True).run()
    assert not desa.exception and not desa.error
    return desa


def test_desa_view_with_the_demo_is_synthetic_with_pockets(demo):
    desa = demo
    ranked = table(desa)
    assert len(ranked) == 1038
    assert ranked["Data sintetis"].all()                       # flagged in the table
    assert ranked["Wilayah induk"].str.startswith("Kec. ").all()
    assert any("SINTETIS" in w.value for w in desa.warning)    # the banner above the map
    args = map_args(desa)
    assert "SINTETIS / SYNTHETIC" in args["style"]["banner"]   # ... and on the map
    assert args["gid"].startswith("1038:") and "geometry" not in args  # drawn when the level changed
    pockets_ = pockets_table(desa)
    assert len(pockets_) >= 1 and pockets_["Data sintetis"].all()
    assert {"Kantong", "Anggota", "Jumlah wilayah", "Penduduk", "Penduduk miskin", "Alasan"} <= set(pockets_.columns)
    assert pockets_["Jumlah wilayah"].sum() == ranked["Kantong"].notna().sum()
    assert any(s.value == "Kantong kemiskinan" for s in desa.subheader)
    assert desa.download_button(key="dl_pockets")
    assert desa.query_params["level"] in ("desa", ["desa"])


def test_pockets_csv_marks_synthetic(desa):
    sys.path.insert(0, str(REPO))
    import app_views

    analysis = pipeline.add_pockets(pipeline.build_analysis("desa", "64", synthetic=True), permutations=99)
    data = app_views.pockets_download(analysis, "id", "kantong.csv").data
    assert data.startswith("\ufeff".encode("utf-8"))
    csv = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(csv) == len(analysis.pockets) and csv["synthetic"].all()


def test_weight_change_at_desa_reloads_nothing(desa, calls):
    before = dict(calls)
    assert before["contiguity"] == 1 and before["add_pockets"] == 1 and before["combine_layers"] == 2  # kab/kota, desa
    desa.number_input(key="w_iks_2024").set_value(3.0).run()
    assert not desa.exception and not desa.error
    # re-scored, pockets recomputed with the cached contiguity, map restyled: nothing reloaded or re-simplified
    assert calls == before | {"add_pockets": 2, "map_data": before["map_data"] + 1}


def test_pocket_settings_are_cached(desa, calls):
    n = calls["add_pockets"]
    desa.checkbox(key="fdr").check().run()
    desa.select_slider(key="permutations").set_value(199).run()
    assert calls["add_pockets"] == n + 2
    desa.checkbox(key="fdr").uncheck()
    desa.select_slider(key="permutations").set_value(999).run()
    assert not desa.exception
    assert calls["add_pockets"] == n + 2  # back to the first settings: from the cache


@pytest.mark.parametrize("mode", ["bivariate", "hotspots"])
def test_map_modes(demo, mode):
    desa = demo
    desa.selectbox(key="column").set_value(mode).run()
    assert not desa.exception and not desa.error
    styles = map_style(desa)
    legend = {"bivariate": "Kebutuhan × cakupan", "hotspots": "Hotspot kebutuhan"}[mode]
    assert legend in styles and "Kantong" in styles
    # a mode change sends the colours, outlines and tooltips of the 1,038 desa, not their geometry
    assert "geometry" not in map_args(desa) and len(map_component(desa).proto.json_args.encode()) < 30_000


def test_drill_down_from_a_regency_and_back(app):
    ranked = table(app)
    row = int(ranked.index[ranked["Kode"] == "64.72"][0])
    tick(app, row)
    app.button(key="drill").click().run()
    assert not app.exception and not app.error
    assert app.selectbox(key="level").value == "kecamatan"
    kec = table(app)
    assert 0 < len(kec) <= 10 and kec["Kode"].str.startswith("64.72.").all()
    assert kec["Wilayah induk"].eq("Kota Samarinda").all()
    assert app.query_params["within"] in ("64.72", ["64.72"])
    app.button(key="up").click().run()
    assert not app.exception
    assert app.selectbox(key="level").value == "kabkota" and len(table(app)) == 10
    assert "Semua angka Kota Samarinda (64.72)" in [m.value.strip("*") for m in app.markdown]


def test_click_can_drill_down(app):
    app.radio(key="click_action").set_value("drill").run()
    ranked = table(app)
    row = int(ranked.index[ranked["Kode"] == "64.01"][0])
    tick(app, row)
    assert not app.exception
    assert app.selectbox(key="level").value == "kecamatan"
    assert table(app)["Kode"].str.startswith("64.01.").all()


@pytest.mark.parametrize("within, n, too_few", [("64.74.03", 3, True), ("64.72.01", 5, False)])
def test_start_at_desa_of_one_kecamatan_from_the_url(calls, within, n, too_few):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["level"] = "desa"
    at.query_params["within"] = within  # 3 desa are too few for hot-spot statistics, 5 are enough
    at.session_state["synthetic"] = True  # kelurahan only: IDM does not assess them, the demo does
    at.run()
    assert not at.exception and not at.error
    assert len(table(at)) == n and table(at)["Kode"].str.startswith(within + ".").all()
    assert any("Statistik hotspot tidak dihitung" in i.value for i in at.info) is too_few
    at.selectbox(key="column").set_value("hotspots").run()
    assert not at.exception and "Hotspot kebutuhan" in map_style(at)


def test_demo_off_goes_back_to_the_real_village_figures(demo):
    desa = demo
    desa.toggle(key="synthetic").set_value(False).run()
    assert not desa.exception and not desa.error
    assert not any("SINTETIS" in w.value for w in desa.warning)
    assert "Data sintetis" not in table(desa).columns and desa.number_input(key="w_idm_2024").value == 1.0
    # the choice is kept when going up to regency level and back
    desa.selectbox(key="level").set_value("kabkota").run()
    desa.selectbox(key="level").set_value("desa").run()
    assert desa.toggle(key="synthetic").value is False


def test_point_layer_upload_at_desa(desa):
    units = pipeline.load_units("desa", "64")
    pts = units.loc[["64.72.01.1001", "64.72.01.1001", "64.01.01.2009"]].geometry.representative_point()
    rows = "\n".join(f"{p.y},{p.x},{n}" for p, n in zip(pts, (2, 3, 4)))
    data = f"lat,lon,jumlah_kpm\n{rows}\n".encode()
    desa.file_uploader(key="upload").set_value(("penerima.csv", data, "text/csv")).run()
    assert not desa.exception and not desa.error, [e.value for e in desa.error]
    # "penerima" (recipients) says coverage: the count starts as coverage, weighted 1 (issue 12, class 8)
    assert desa.selectbox(key="dir_penerima_count").value == "coverage"
    assert desa.number_input(key="w_penerima_count").value == 1.0
    desa.selectbox(key="dir_penerima_count").set_value("context").run()
    assert "w_penerima_count" not in [n.key for n in desa.number_input]


def test_other_export_formats_are_offered():
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not app.exception
    box = next(s for s in app.selectbox if s.key == "dl_fmt")
    assert set(box.options) >= {"RPKD (XLSX)", "GeoJSON", "GeoPackage", "Shapefile (ZIP)", "KML", "PDF (A4)"}
    box.set_value("gpkg").run()
    assert not app.exception


# --- the map component: geometry once per view, colours per run; selection that cannot go stale -------------
def test_geometry_goes_once_per_view_and_a_weight_change_sends_a_few_kb(app):
    from geo_planner.i18n import fmt_number
    from geo_planner.outputs.map_component import expand_tips, unit_styles

    first = map_args(app)
    assert "assets" in first and "geometry" in first  # Leaflet and the 10 regencies, on the first run
    assert json.loads(first["geometry"]["data"])["n"][0].startswith(("Kabupaten", "Kota"))
    app.selectbox(key="level").set_value("desa").run()
    assert not app.exception and not app.error
    opened = map_args(app)
    codes = tuple(json.loads(opened["geometry"]["data"])["c"])
    assert len(codes) == 1038 and "assets" not in opened  # the frame holds Leaflet already
    assert len(json.dumps(opened["geometry"]).encode()) > 200_000  # what is not sent again below

    app.number_input(key="w_iks_2024").set_value(3.0).run()
    assert not app.exception and not app.error
    args = map_args(app)
    sent = len(map_component(app).proto.json_args.encode("utf-8"))
    assert "geometry" not in args and "assets" not in args and sent < 30_000, sent
    # the tooltip the browser builds from it shows the new score of the desa ranked first
    top = ranked_frame(app).sort_values("Peringkat").iloc[0]
    tips = expand_tips(args["style"], codes)
    assert f"<b>{fmt_number(top['Skor prioritas'], 'id')}</b>" in tips[top["Kode"]]
    assert "Peringkat <b>1 dari 841</b>" in tips[top["Kode"]]
    assert len(args["style"]["k"]) == 1038
    # ... and it is filled with the darkest class of the legend (no data / not assessed greys aside)
    swatches = [c for c in re.findall(r"background:(#[0-9a-f]{6})", args["style"]["legend"])
                if c not in ("#d9d9d9", "#8c8c8c")]
    assert unit_styles(args["style"], codes)[top["Kode"]][0] == swatches[-1]

    app.selectbox(key="level").set_value("kabkota").run()  # another view: its geometry is sent
    back = map_args(app)
    assert "geometry" in back and back["gid"].startswith("10:") and back["gid"] != args["gid"]


def test_a_ticked_row_does_not_survive_a_language_switch_or_a_drill_down(app):
    ranked = ranked_frame(app)
    tick(app, int(ranked.index[ranked["Kode"] == "64.72"][0]))
    assert "Semua angka Kota Samarinda (64.72)" in [m.value.strip("*") for m in app.markdown]
    assert map_args(app)["selected"] == "64.72"  # outlined on the map
    before = table_key(app)
    app.selectbox(key="lang").set_value("en").run()
    assert not app.exception
    assert table_key(app) != before and not app.session_state[table_key(app)]["selection"]["rows"]
    assert any("Select a unit" in i.value for i in app.info) and map_args(app)["selected"] is None
    # drill into Samarinda from a ticked row: the kecamatan table starts with no row ticked, nothing selected
    ranked = ranked_frame(app)
    tick(app, int(ranked.index[ranked["Code"] == "64.72"][0]))
    app.button(key="drill").click().run()
    assert not app.exception and app.selectbox(key="level").value == "kecamatan"
    assert table_key(app).startswith("table:kecamatan:64.72:en:")
    assert not app.session_state[table_key(app)]["selection"]["rows"] and map_args(app)["selected"] is None
    kec = ranked_frame(app)
    row = int(kec.index[kec["Name"] == "Palaran"][0])
    tick(app, row)  # the row of Palaran in the table shown selects Palaran
    assert map_args(app)["selected"] == kec.at[row, "Code"]
    assert f"All figures of Palaran ({kec.at[row, 'Code']})" in [m.value.strip("*") for m in app.markdown]


def test_an_uploads_error_shows_the_files_text_as_text_one_problem_a_line():
    """A bad cell under a column header written as a link: the error names the file once, lists each problem on
    its own line, and the header is escaped (no link, no emphasis)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)
    at.run()
    table = ("kabupaten,[klik](http://evil.example) **jumlah rtlh**\nPaser,120\nBerau,abc\nBontang,12a\n"
             "Kutai Barat,30\nMahakam Ulu,40\nKota Samarinda,50\n")
    at.file_uploader(key="upload").set_value(("dinas.csv", table.encode(), "text/csv")).run()
    assert not at.exception
    shown = at.error[0].value
    assert shown.startswith("berkas dinas.csv: 2 masalah ditemukan; perbaiki lalu coba lagi:  \n• berkas dinas.csv, "
                            "baris 3, kolom ")
    assert shown.count("dinas.csv") == 3 and shown.count("  \n• ") == 2  # the file once per line, two problems
    assert "\\[klik\\](http" in shown and "\\*\\*jumlah rtlh\\*\\*" in shown
    assert "[klik](http://evil.example)" not in shown
