"""The Streamlit app, driven headless with AppTest on the real data (boundaries from the test mirror).

Covered here: first render (map component + ranked table), weights changing the
ranking without reloading data, language switch, an upload with an unmatched
row (AppTest can set st.file_uploader), table-row selection driving the details
panel (selection state set through session_state, as AppTest cannot click a
row), and a user error shown with st.error. A click on the map cannot be made in
AppTest: the browser test clicks a region, and test_mapping checks
``clicked_code``, the helper the app uses to read the click.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo_planner import mapping, pipeline

APP = Path(__file__).resolve().parents[1] / "app.py"
UPLOAD = b"kode,nama,jumlah_kpm\n64.01,Paser,120\n64.72,Samarinda,300\n99.99,Atlantis,7\n"


@pytest.fixture
def calls(monkeypatch):
    """Count calls of the loaders and map builders the app uses, with fresh caches."""
    counts = {"load_units": 0, "load_layers": 0, "simplify_units": 0, "map_data": 0}
    for name in counts:
        module = pipeline if name.startswith("load") else mapping
        original = getattr(module, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
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


def top_name(at: AppTest) -> str:
    table = at.dataframe(key="table").value
    return table.sort_values("Peringkat")["Nama wilayah"].iloc[0]


def test_first_render_shows_map_and_ranked_table(app):
    assert not app.error
    assert app.title[0].value == "Peta prioritas penanggulangan kemiskinan"
    table = app.dataframe(key="table").value
    assert len(table) == 10
    assert {"Peringkat", "Nama wilayah", "Kode", "Skor prioritas"} <= set(table.columns)
    maps = [c for c in app.get("component_instance") if "st_folium" in c.proto.component_name]
    assert len(maps) == 1
    assert top_name(app) == "Kabupaten Kutai Kartanegara"  # defaults: rate and count, weight 1 each


def test_weight_change_reranks_without_reloading(app, calls):
    assert calls == {"load_units": 1, "load_layers": 1, "simplify_units": 1, "map_data": 1}
    app.number_input(key="w_poor_population").set_value(0.0)
    app.number_input(key="w_poverty_rate").set_value(2.0)
    app.run()
    assert not app.exception
    assert top_name(app) == "Kabupaten Mahakam Ulu"  # 10.75 %, the highest rate
    # no data reloaded, geometry not simplified again; the map colours were rebuilt once
    assert calls == {"load_units": 1, "load_layers": 1, "simplify_units": 1, "map_data": 2}


def test_map_not_rebuilt_when_colouring_unchanged(app, calls):
    app.session_state["table"] = {"selection": {"rows": [0], "columns": []}}
    app.run()
    app.selectbox(key="lang").set_value("id").run()
    assert not app.exception
    assert calls["map_data"] == 1 and calls["simplify_units"] == 1


def test_language_switch_keeps_weights(app):
    app.number_input(key="w_poor_population").set_value(0.0).run()
    app.selectbox(key="lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Poverty priority map"
    assert "Rank" in app.dataframe(key="table").value.columns
    assert app.number_input(key="w_poor_population").value == 0.0
    assert any(s.value == "Priority list" for s in app.subheader)


def test_upload_with_unmatched_row(app):
    app.file_uploader(key="upload").set_value(("mine.csv", UPLOAD, "text/csv")).run()
    assert not app.exception and not app.error
    warnings = [w.value for w in app.warning]
    assert any("1 baris dari mine.csv" in w for w in warnings), warnings
    assert any("Atlantis" in d.value.to_string() for d in app.dataframe)
    assert app.download_button(key="unmatched_mine")
    # uploaded figures come in as context; giving them a direction makes them weightable
    assert "w_jumlah_kpm" not in [n.key for n in app.number_input]
    app.selectbox(key="dir_jumlah_kpm").set_value("need").run()
    app.number_input(key="w_poverty_rate").set_value(0.0)
    app.number_input(key="w_poor_population").set_value(0.0)
    app.number_input(key="w_jumlah_kpm").set_value(1.0)
    app.run()
    assert not app.exception and not app.error
    assert top_name(app) == "Kota Samarinda"  # 300 > 120; the others have no figure


def test_table_selection_shows_all_figures_of_the_unit(app):
    ranked = app.dataframe(key="table").value
    row = int(ranked.index[ranked["Kode"] == "64.09"][0])  # Penajam Paser Utara: has alternative figures
    app.session_state["table"] = {"selection": {"rows": [row], "columns": []}}
    app.run()
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
    assert any("all weights are 0" in e.value for e in app.error)


def test_downloads_present(app):
    keys = [b.key for b in app.get("download_button")]
    try:
        import geo_planner.export  # noqa: F401
    except ImportError:
        pytest.skip("geo_planner.export is not there yet")
    assert {"dl_csv", "dl_xlsx"} <= set(keys)
