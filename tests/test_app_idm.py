"""The app on the real village figures (IDM): desa and kecamatan views, kelurahan, pockets, lead offices, trend.

Driven headless with AppTest (as tests/test_app.py); boundaries and IDM files from the test mirrors.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app.py"
IDM24 = "1d09fa3bf59b44cb2f8c23f42817da1f4fba15d5/data/idm/2024/prov/64.json"


def published() -> dict[str, list]:
    path = Path(os.environ["GEO_PLANNER_VILLAGES_MIRROR"]) / IDM24
    data = json.loads(path.read_text(encoding="utf-8"))
    return {f"{k['k'][:2]}.{k['k'][2:4]}.{k['k'][4:6]}.{r[0]}": r[1:] for k in data["kec"] for r in k["ds"]}


def offices() -> set[str]:
    with (REPO / "layers" / "sectors.csv").open(encoding="utf-8") as fh:
        return {r["office"] for r in csv.DictReader(fh)}


@pytest.fixture
def app():
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception
    yield at
    st.cache_resource.clear()


def open_level(at: AppTest, level: str) -> AppTest:
    at.selectbox(key="level").set_value(level).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


def ranked_table(at: AppTest):
    """The ranked table (its key changes with the level, drill-down and language)."""
    return next(d for d in at.dataframe if str(d.key).startswith("table:")).value


def map_style(at: AppTest) -> str:
    """The colours, tooltips and legend the map component gets this run, as text."""
    comp = next(c for c in at.get("component_instance") if "geo_planner_map" in c.proto.component_name)
    return json.dumps(json.loads(comp.proto.json_args)["style"], ensure_ascii=False)


def pockets_table(at: AppTest):
    return next(d.value for d in at.dataframe if "Anggota" in d.value.columns)


def test_desa_view_opens_on_real_idm_with_kelurahan_not_assessed(app):
    at = open_level(app, "desa")
    assert at.toggle(key="synthetic").value is False
    assert not any("SINTETIS" in w.value for w in at.warning)
    ranked = ranked_table(at).set_index("Kode")
    assert len(ranked) == 1038 and "Data sintetis" not in ranked.columns
    idm = published()
    col = "Indeks Desa Membangun (IDM) 2024 (indeks)"
    for code in ("64.01.09.2011", "64.07.12.2001", "64.11.01.2010"):
        assert ranked.at[code, col] == idm[code][1]
    kelurahan = ranked.loc[[c for c in ranked.index if c not in idm]]
    assert len(kelurahan) == 197 and kelurahan[col].isna().all() and kelurahan["Peringkat"].isna().all()
    captions = " ".join(c.value for c in at.caption)
    assert "Kemendes PDTT" in captions and "Satu Data Indonesia" in captions
    assert "197 kelurahan: tidak dinilai IDM (kelurahan)" in captions
    style = map_style(at)
    assert "SINTETIS / SYNTHETIC" not in style
    assert "tidak dinilai IDM (kelurahan) (197)" in style and "#8c8c8c" in style


def test_pockets_on_idm_need_each_with_a_lead_office_from_the_indicators(app):
    at = open_level(app, "desa")
    pockets = pockets_table(at)
    assert len(pockets) >= 1 and pockets["Kantong"].str.match(r"^P\d+$").all()
    assert "Data sintetis" not in pockets.columns and "Penduduk miskin" not in pockets.columns  # IDM has no count
    lead = pockets["OPD pengampu (indikator IDM)"]
    assert lead.notna().all() and set(lead) <= offices()
    assert pockets["Indikator pendorong kebutuhan"].str.match(r"^IK[SEL]\d\d ").all()
    members = set(ranked_table(at).query("Kantong == Kantong")["Kode"])
    assert members and members <= set(published())  # kelurahan are never in a pocket


def test_trend_mode_shows_change_and_status_falls(app):
    at = open_level(app, "desa")
    at.selectbox(key="column").set_value("trend").run()
    assert not at.exception and not at.error
    style = map_style(at)
    assert "Perubahan IDM 2023→2024" in style and "status IDM turun: " in style
    assert "Perubahan IDM: " in style and "tidak dinilai IDM (kelurahan)" in style


def test_kecamatan_view_is_real_with_n_of_m(app):
    at = open_level(app, "kecamatan")
    assert not any("SINTETIS" in w.value for w in at.warning)
    ranked = ranked_table(at).set_index("Kode")
    assert len(ranked) == 105
    idm = published()
    bongan = [r[1] for c, r in idm.items() if c.startswith("64.07.12.")]
    assert ranked.at["64.07.12", "Rata-rata IDM desa 2024 (indeks)"] == pytest.approx(sum(bongan) / len(bongan))
    assert ranked.at["64.07.12", "Cakupan IDM"] == f"IDM untuk {len(bongan)} dari {len(bongan)} desa/kelurahan"
    assert ranked.at["64.72.01", "Cakupan IDM"].startswith("IDM untuk 0 dari ")
    assert "tidak dinilai IDM (hanya kelurahan) (22)" in map_style(at)


def test_selected_desa_names_its_lead_office(app):
    at = open_level(app, "desa")
    at.session_state["selected_code"] = "64.07.12.2001"
    at.run()
    assert not at.exception
    lines = [x.value for x in at.text if x.value.startswith("OPD pengampu: ")]
    assert len(lines) == 1 and lines[0].split(":")[1].strip().split(" ·")[0] in offices()
    figures = next(d.value for d in at.dataframe if "Status" in d.value.columns)
    assert "Status 2024: Tertinggal" in " ".join(figures["Catatan"].astype(str))


def test_colouring_by_a_weighted_indicator_shows_it_once(app):
    """Colour by IDM 2024 while IDM 2024 has its default weight: the table shows the column once, with
    the published scores (it raised "Columns must be same length as key")."""
    at = open_level(app, "desa")
    at.selectbox(key="column").set_value("idm_2024").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    ranked = ranked_table(at)
    col = "Indeks Desa Membangun (IDM) 2024 (indeks)"
    assert list(ranked.columns).count(col) == 1
    idm = published()
    ranked = ranked.set_index("Kode")
    assert ranked.at["64.01.09.2011", col] == idm["64.01.09.2011"][1]


def test_units_of_the_shipped_figures_are_in_english_with_the_switch(app):
    at = open_level(app, "desa")
    at.selectbox(key="lang").set_value("en").run()
    assert not at.exception and not at.error
    columns = list(ranked_table(at).columns)
    assert "Village development index (IDM) 2024 (index)" in columns
    assert not [c for c in columns if "(indeks)" in c]
    labels = [w.label for w in at.number_input]
    assert "Village development index (IDM) 2024 (index)" in labels
    assert not [lb for lb in labels if "(indeks)" in lb or "(skor 0-5)" in lb]


def test_weights_panel_and_idm_dictionary_are_drawn_when_opened(app):
    """Both expanders are drawn only when open (a weight change at desa does not build or send them while
    they are closed); opened, they show the score's weights and sources and the 50 IDM indicators."""
    at = open_level(app, "desa")
    labels = [e.label for e in at.main.expander]
    assert labels == ["Bobot dan sumber yang dipakai", "Indikator IDM: sub-dimensi dan pelaksana"], labels
    assert not any("Bobot" in d.value.columns for d in at.dataframe)          # closed: nothing inside
    assert not any("Sub-dimensi" in d.value.columns for d in at.dataframe)
    at.session_state["open_weights_sources"] = True
    at.session_state["open_idm_dictionary"] = True
    at.run()
    assert not at.exception
    weights = next(d.value for d in at.dataframe if "Bobot" in d.value.columns)
    assert weights.to_dict("records") == [{"Indikator": "Indeks Desa Membangun (IDM) 2024", "Arah": "cakupan (makin tinggi makin terlayani)", "Bobot": 1.0, "Porsi": "100%", "Tahun": "2024",
                                           "Sumber": "raw.githubusercontent.com"}]
    method = " ".join(m.value for m in at.main.expander[0].markdown)
    assert "999 permutasi, p ≤ 0,05; bobot: ketetanggaan queen, pulau dihubungkan ke tetangga terdekat" in method
    dictionary = next(d.value for d in at.dataframe if "Sub-dimensi" in d.value.columns)
    assert len(dictionary) == 50
    # AppTest does not send an expander's open state back as the browser does: opened again with the change
    at.session_state["open_weights_sources"] = True
    at.number_input(key="w_iks_2024").set_value(3.0).run()
    weights = next(d.value for d in at.dataframe if "Bobot" in d.value.columns)
    assert weights["Porsi"].tolist() == ["25%", "75%"]
