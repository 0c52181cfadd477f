"""The planning pages (``app_pages/``) driven headless with AppTest on the real data.

Covered here:

- lead office (1_Sektor_pemimpin): 10 regencies with their lead office, the weights/all-figures basis, the
  map coloured by office, the pockets below regency level, and an edit of the sector table in the app
  (valid: used; invalid: refused with the problems, the shipped table still used);
- targets register (2_Target_instansi) on a temporary SQLite file (``GEO_PLANNER_DATA`` points at a tmp
  folder, so the user's register is never touched), and once on PostgreSQL when ``GEO_PLANNER_TEST_PG``
  is set: which database is shown, adding / changing / deleting rows through the table editor, a
  concurrent change by a second planner (conflict message naming them, nothing overwritten, the edits kept
  in the editor), refused invalid rows, a missing name, the CSV import with its report, the export
  buttons, the overlaps table and the "what remains" map and table.
  AppTest cannot type into ``st.data_editor``; it sets the editor's edit state (``edited_rows``,
  ``added_rows``, ``deleted_rows``) in session state before a run, which is what the browser sends after
  typing. The browser test (test_browser_planning.py) types into the real grid.
- allocation (3_Alokasi_anggaran): the four methods' totals, the optimised allocation reaching at least
  as many poor as the others, the tie said with its reason and what each method optimises, money left
  over warned with amount and reason, an edited preset named "(diubah)", a budget change changing the
  totals, presets, an impossible minimum shown as an error, the map of a method's packages and the downloads;
- distance to target (4_Target_provinsi): 45,195 people for 4 %, 83,824 for 3 %, whole people, the
  difference row said in words (never "-2.458 must leave"), the rules with their sentence, PPU without a
  count and the year mismatch on screen;
- the targets editor's unit column: a choice of "code — name" for every unit;
- the language and level chosen on the main page carry over to the planning pages and back.

Not covered here: clicks in the map (the pages do not react to them), the look of the pages (browser
test), the content of the downloaded files beyond their presence (the library's tests check the tables
they are made of).
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from pg_support import pg_schema
from streamlit.testing.v1 import AppTest

from geo_planner.outputs.gate import write
from geo_planner.outputs.plan_tables import targets_table
from geo_planner.planning.targets import open_register

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO / "app_pages"
LEAD, TARGETS, ALLOC, GOAL = ("1_Sektor_pemimpin.py", "2_Target_instansi.py", "3_Alokasi_anggaran.py",
                              "4_Target_provinsi.py")


def page(name: str) -> AppTest:
    at = AppTest.from_file(str(PAGES / name), default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    return at


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page with this column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def map_script(at: AppTest, n: int = 0) -> str:
    maps = [c for c in at.get("component_instance") if "st_folium" in c.proto.component_name]
    return json.loads(maps[n].proto.json_args)["script"]


def rec(**changes) -> dict:
    base = {"unit_code": "64.02", "agency": "Dinas PUPR", "intervention": "rtlh_rehab", "year": 2026,
            "quantity": 100, "status": "planned"}
    return {**base, **changes}


# --- lead office ---------------------------------------------------------------------------------------
def test_lead_page_shows_the_lead_office_of_the_10_regencies():
    at = page(LEAD)
    assert not errors(at)
    assert at.title[0].value == "Sektor pemimpin"
    lead = table_with(at, "Instansi pemimpin")
    assert len(lead) == 10
    assert {"Nama wilayah", "Kode", "Instansi pemimpin", "Program", "Strategi",
            "Kekurangan yang mendorong kebutuhan"} <= set(lead.columns)
    # default weights (poverty rate and count): Dinas Sosial leads everywhere, strategies 1 and 2
    assert set(lead["Instansi pemimpin"]) == {"Dinas Sosial"}
    assert lead["Strategi"].str.contains("Mengurangi beban pengeluaran").all()
    assert lead["Kekurangan yang mendorong kebutuhan"].str.endswith("dari kebutuhan").all()
    assert "Instansi pemimpin" in map_script(at) and "Dinas Sosial" in map_script(at)

    at.radio(key="lead_basis").set_value("all").run()
    assert not at.exception and not errors(at)
    lead = table_with(at, "Instansi pemimpin").set_index("Kode")
    assert lead.at["64.72", "Instansi pemimpin"] == "Dinas PUPR"     # housing and slum figures weigh in
    assert lead.at["64.02", "Instansi pemimpin"] == "Dinas Sosial"
    assert "Dinas PUPR" in map_script(at)


def test_lead_page_below_regency_level_shows_pockets():
    at = page(LEAD)
    at.selectbox(key="pl_level").set_value("desa").run()
    assert not at.exception and not errors(at)
    assert not any("SINTETIS" in w.value for w in at.warning)  # real by default: the village index IDM
    lead = table_with(at, "Instansi pemimpin")
    assert len(lead) == 841  # the desa; kelurahan are not assessed by IDM
    assert lead["Instansi pemimpin"].isna().sum() == (lead["Skor"] == 0).sum() == 1  # the best desa
    pockets = table_with(at, "Anggota")
    assert len(pockets) >= 1 and pockets["Kantong"].str.match(r"^P\d+$").all()
    assert pockets["Instansi pemimpin"].notna().all()
    assert pockets["Kekurangan yang mendorong kebutuhan"].str.contains(r"IK[SEL]\d\d ").all()  # the indicators
    assert "SINTETIS / SYNTHETIC" not in map_script(at)


def test_sector_table_can_be_edited_in_the_app():
    at = page(LEAD)
    editor = at.data_editor(key="lead_sector_editor")
    rows = editor.value.reset_index(drop=True)
    social = rows.index[rows["indicator"].isin(["poverty_rate", "poor_population"])].tolist()
    at.session_state["lead_sector_editor"] = {"edited_rows": {i: {"office": "TKPK"} for i in social},
                                              "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception and not errors(at)
    assert any("dipakai di halaman ini" in s.value for s in at.success)
    assert set(table_with(at, "Instansi pemimpin")["Instansi pemimpin"]) == {"TKPK"}

    at.session_state["lead_sector_editor"] = {"edited_rows": {social[0]: {"strategy": "9"}}, "added_rows": [],
                                              "deleted_rows": []}
    at.run()
    assert not at.exception
    assert any("tidak dipakai" in e and "strategy must be 1" in e for e in errors(at))
    assert set(table_with(at, "Instansi pemimpin")["Instansi pemimpin"]) == {"Dinas Sosial"}


# --- targets register -------------------------------------------------------------------------------------
@pytest.fixture
def sqlite_url(tmp_path, monkeypatch) -> str:
    """A fresh embedded register in a tmp data folder (what the page opens by default)."""
    monkeypatch.setenv("GEO_PLANNER_DATA", str(tmp_path))
    monkeypatch.delenv("GEO_PLANNER_DB", raising=False)
    monkeypatch.setenv("GEO_PLANNER_USER", "budi")
    return f"sqlite:///{tmp_path / 'targets.sqlite'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def register_url(request, tmp_path, monkeypatch) -> str:
    """The page's register on SQLite (tmp file) or PostgreSQL (a new schema, dropped afterwards)."""
    monkeypatch.setenv("GEO_PLANNER_DATA", str(tmp_path))
    monkeypatch.setenv("GEO_PLANNER_USER", "budi")
    if request.param == "sqlite":
        monkeypatch.delenv("GEO_PLANNER_DB", raising=False)
        yield f"sqlite:///{tmp_path / 'targets.sqlite'}"
        return
    with pg_schema("test_app") as url:
        monkeypatch.setenv("GEO_PLANNER_DB", url)
        yield url


def seed(url: str, *records: dict, who: str = "ani") -> list[int]:
    with open_register(url) as reg:
        return [reg.add(r, who=who).id for r in records]


def editor(at: AppTest):
    return next(e for e in at.data_editor if str(e.key).startswith("tg_editor_"))


def edit(at: AppTest, *, edited=None, added=None, deleted=None) -> None:
    """What the browser sends after typing into the table editor."""
    at.session_state[editor(at).key] = {"edited_rows": edited or {}, "added_rows": added or [],
                                        "deleted_rows": deleted or []}


def row_of(at: AppTest, target_id: int) -> int:
    ids = editor(at).value["id"].tolist()
    return ids.index(target_id)


def test_targets_page_add_conflict_and_reload(register_url):
    """Add a row and save; then a second planner changes a record between load and save: conflict."""
    first, _ = seed(register_url, rec(quantity=100), rec(agency="Dinas Sosial", quantity=80))
    at = page(TARGETS)
    assert not errors(at)
    shown = " ".join(c.value for c in at.caption)
    if register_url.startswith("sqlite"):
        assert "Basis data: berkas SQLite" in shown and str(Path(os.environ["GEO_PLANNER_DATA"])) in shown
    else:
        assert "Basis data: PostgreSQL/PostGIS" in shown and "@" not in shown and "password" not in shown
    assert len(editor(at).value) == 2
    assert at.text_input(key="tg_who").value == "budi"  # from GEO_PLANNER_USER

    # add a row through the editor and save: stored, and shown after the reload
    edit(at, added=[{"unit_code": "64.72", "agency": "Dinas Sosial", "intervention": "uep_family",
                     "year": 2026, "quantity": 50, "budget_rp": 250_000_000}])
    at.button(key="tg_save").click().run()
    assert not at.exception and not errors(at), errors(at)
    assert any("Tersimpan oleh budi: 1 ditambah" in s.value for s in at.success)
    table = editor(at).value
    assert len(table) == 3 and "64.72" in set(table["unit_code"])
    assert table.set_index("unit_code").at["64.72", "unit_name"] == "Kota Samarinda"
    with open_register(register_url) as reg:
        stored = reg.list(unit="64.72")
        assert len(stored) == 1 and stored.at[0, "created_by"] == "budi" and stored.at[0, "quantity"] == 50

    # a second planner changes record `first` after this page loaded it
    with open_register(register_url) as other:
        other.update(first, {"quantity": 120}, expected_version=1, who="ani")
    edit(at, edited={row_of(at, first): {"quantity": 999}})
    at.button(key="tg_save").click().run()
    assert not at.exception
    conflict = [e for e in errors(at) if e.startswith("Konflik")]
    assert conflict and "changed by ani" in conflict[0] and "you had version 1" in conflict[0]
    with open_register(register_url) as reg:
        kept = reg.get(first)
    assert kept.quantity == 120 and kept.version == 2 and kept.updated_by == "ani"   # not overwritten
    key = editor(at).key
    assert at.session_state[key]["edited_rows"] == {row_of(at, first): {"quantity": 999}}  # nothing lost

    # reload: the other planner's change is shown, the editor starts afresh
    at.button(key="tg_reload").click().run()
    assert not at.exception and not errors(at)
    table = editor(at).value.set_index("id")
    assert table.at[first, "quantity"] == 120 and table.at[first, "version"] == 2
    assert editor(at).key != key


def test_targets_page_change_and_delete_in_one_save(sqlite_url):
    a, b = seed(sqlite_url, rec(quantity=100), rec(unit_code="64.01", quantity=10))
    at = page(TARGETS)
    edit(at, edited={row_of(at, a): {"status": "funded", "note": "DAK 2026"}}, deleted=[row_of(at, b)])
    at.button(key="tg_save").click().run()
    assert not at.exception and not errors(at)
    assert any("1 diubah, 1 dihapus" in s.value for s in at.success)
    with open_register(sqlite_url) as reg:
        rows = reg.list()
        assert rows["id"].tolist() == [a]
        assert rows.at[0, "status"] == "funded" and rows.at[0, "note"] == "DAK 2026" and rows.at[0, "version"] == 2
        assert list(reg.history(b)["action"]) == ["create", "delete"]


def test_targets_page_refuses_invalid_rows_and_keeps_them(sqlite_url):
    seed(sqlite_url, rec())
    at = page(TARGETS)
    bad = [{"unit_code": "6403", "agency": "Dinas Sosial", "intervention": "uep_family", "year": 2026,
            "quantity": 1.5},
           {"unit_code": "64.99", "agency": "Dinas Sosial", "intervention": "kube_group", "year": 2026,
            "quantity": 3}]
    edit(at, added=bad)
    at.button(key="tg_save").click().run()
    assert not at.exception
    (message,) = errors(at)
    assert message.startswith("Tidak ada yang disimpan")
    assert "Baris baru 1 · Kode wilayah: '6403' looks like a BPS code" in message and "Kemendagri 64.02" in message
    assert "Baris baru 1 · Jumlah: quantity 1.5 is not a whole number" in message
    assert "Baris baru 2 · Kode wilayah: unit 64.99 is not a known unit" in message
    assert len(at.session_state[editor(at).key]["added_rows"]) == 2
    with open_register(sqlite_url) as reg:
        assert len(reg.list()) == 1

    at.text_input(key="tg_who").set_value("  ")
    edit(at, added=[{"unit_code": "64.72", "agency": "Dinas Sosial", "intervention": "uep_family", "year": 2026,
                     "quantity": 5}])
    at.button(key="tg_save").click().run()
    assert errors(at) == ["Isi nama Anda dulu: setiap perubahan dicatat dengan nama."]


def test_targets_page_overlaps_and_what_remains(sqlite_url):
    seed(sqlite_url, rec(unit_code="64.72", quantity=100), rec(unit_code="64.72", agency="Dinas Sosial", quantity=80),
         rec(unit_code="64.72.01.1001", quantity=30), rec(unit_code="64.72", quantity=50, year=2027),
         rec(unit_code="64.02", intervention="uep_family", quantity=10))
    at = page(TARGETS)
    assert not errors(at)
    flags = editor(at).value.set_index("id")["overlap"]
    assert sorted(flags.index[flags]) == [1, 2]
    assert any("2 catatan dalam 1 kelompok" in w.value for w in at.warning)
    overlaps = table_with(at, "Dihitung")
    assert sorted(overlaps["Instansi"]) == ["Dinas PUPR", "Dinas Sosial"]
    assert set(overlaps["Jenis"]) == {"dua instansi atau lebih"} and set(overlaps["Dihitung"]) == {100}

    rem = table_with(at, "Sisa").set_index("Kode wilayah")
    # Samarinda: 20,131 RTLH. 2026: the two regency records overlap (max 100) and the village record inside
    # (30) is counted within them: 100; 2027 adds 50. Overlapping records are counted once.
    assert rem.at["64.72", "Rumah tidak layak huni (RTLH)"] == 20131
    assert rem.at["64.72", "Direncanakan"] == 150 and rem.at["64.72", "Sisa"] == 20131 - 150
    assert bool(rem.at["64.72", "Tumpang tindih"]) is True
    assert pd.isna(rem.at["64.02", "Sisa"])                            # no sourced RTLH count: no data
    script = map_script(at)
    assert "Sisa: Rumah tidak layak huni (RTLH)" in script and "Direncanakan" in script
    assert {m.label: m.value for m in at.metric}["Direncanakan"] == "150"

    at.selectbox(key="tg_rem_year").set_value(2027).run()
    rem = table_with(at, "Sisa").set_index("Kode wilayah")
    assert rem.at["64.72", "Direncanakan"] == 50 and not rem.at["64.72", "Tumpang tindih"]
    at.selectbox(key="tg_rem_year").set_value(2026).run()
    assert table_with(at, "Sisa").set_index("Kode wilayah").at["64.72", "Direncanakan"] == 100
    at.multiselect(key="tg_rem_status").set_value(["done"]).run()
    assert table_with(at, "Sisa").set_index("Kode wilayah").at["64.72", "Direncanakan"] == 0


def test_targets_page_import_and_export(sqlite_url):
    at = page(TARGETS)
    assert any("Tidak ada tumpang tindih" in s.value for s in at.success)
    assert {"tg_dl_xlsx", "tg_dl_csv"} <= {b.key for b in at.get("download_button")}
    data = ("Kode wilayah,Instansi,Intervensi,Tahun,Jumlah,Anggaran (Rp),Status\n"
            "64.02,Dinas PUPR,bedah rumah,2026,120,Rp 2.400.000.000,direncanakan\n"
            "6403,Dinas Sosial,UEP,2026,10,,\n"
            "64.72,Dinas Sosial,UEP,2026,dua,,\n").encode()
    at.file_uploader(key="tg_upload").set_value(("target.csv", data, "text/csv")).run()
    at.button(key="tg_import").click().run()
    assert not at.exception and not errors(at)
    assert any("1 target diimpor dari target.csv; 0 target diperbarui; 2 baris ditolak" in w.value
               for w in at.warning)
    rejected = table_with(at, "reason")
    assert sorted(rejected["row"].astype(int)) == [3, 4]
    assert at.download_button(key="tg_rejected_dl")
    table = editor(at).value
    assert len(table) == 1 and table.at[0, "intervention"] == "rtlh_rehab" and table.at[0, "budget_rp"] == 2.4e9
    with open_register(sqlite_url) as reg:
        assert list(reg.history()["action"]) == ["import"]
        csv = pd.read_csv(io.BytesIO(write(targets_table(reg), None, fmt="csv").data), encoding="utf-8-sig")
    assert csv.at[0, "Intervensi"] == "Rehabilitasi RTLH"

    # the same file again: nothing new, the row is skipped
    at.button(key="tg_import").click().run()
    assert any("0 target diimpor" in w.value and "1 baris dilewati" in w.value for w in at.warning)


def test_targets_editor_names_the_unit_as_it_is_chosen(sqlite_url):
    # (its height when empty is checked in the browser: test_browser_tables.py)
    at = page(TARGETS)                                     # an empty register
    grid = at.data_editor(key="tg_editor_0")
    config = json.loads(grid.proto.columns)["unit_code"]
    assert config["label"] == "Wilayah (kode — nama)"
    options = {o["value"]: o["label"] for o in config["type_config"]["options"]}
    # the choice shows code and name: the name is seen the moment the unit is picked, before any save
    assert options["64.72"] == "64.72 — Kota Samarinda" and options["64.02"] == "64.02 — Kabupaten Kutai Kartanegara"
    assert len([c for c in options if c.count(".") == 1]) == 10            # the 10 regencies ...
    assert len([c for c in options if c.count(".") == 3]) == 1038          # ... and every desa/kelurahan
    at.selectbox(key="pl_lang").set_value("en").run()
    config = json.loads(at.data_editor(key="tg_editor_0").proto.columns)["unit_code"]
    assert config["label"] == "Unit (code — name)"


def test_targets_page_in_english(sqlite_url):
    seed(sqlite_url, rec())
    at = page(TARGETS)
    at.selectbox(key="pl_lang").set_value("en").run()
    assert not at.exception and not errors(at)
    assert at.title[0].value == "Agencies' targets"
    assert "Remaining" in table_with(at, "Remaining").columns
    assert any("Database: SQLite file" in c.value for c in at.caption), [c.value for c in at.caption]


# --- allocation ----------------------------------------------------------------------------------------------
def totals(at: AppTest) -> pd.DataFrame:
    return table_with(at, "Metode").set_index("Metode")


def test_allocation_page_compares_four_methods():
    at = page(ALLOC)
    assert not errors(at)
    t = totals(at)
    assert list(t.index) == ["Kuota sama", "Proporsional kebutuhan", "Optimal (MILP)",
                             "Adil (bagian terkecil terbesar)"]
    reached = t["penduduk miskin terjangkau"]
    assert reached["Optimal (MILP)"] >= reached.max()
    assert (t["Terpakai (Rp)"] <= 5e9).all() and t.at["Kuota sama", "jumlah paket (KPM/kelompok)"] == 1000
    compact = table_with(at, "Optimal (MILP)").set_index("Kode")
    assert len(compact) == 10
    others = compact.drop(index="64.09")
    assert others["Optimal (MILP)"].between(50, 200).all()           # UEP preset: 50 to 200 per regency
    # Penajam Paser Utara has no count of poor people (layers/kaltim): "no data", left out, never 0
    assert compact.at["64.09", "Jumlah penduduk miskin (jiwa)"] == "tidak ada data"
    assert pd.isna(compact.at["64.09", "Optimal (MILP)"]) and pd.isna(compact.at["64.09", "Proporsional kebutuhan"])
    assert compact.at["64.09", "Kuota sama"] == 100                     # the equal quota covers every unit
    warned = [re.sub(r"\\(.)", r"\1", w.value) for w in at.warning]   # shown with Markdown escaped
    assert sum("Tidak ada data Jumlah penduduk miskin (jiwa): Kabupaten Penajam Paser Utara (64.09); tidak "
               "diikutkan." in w for w in warned) == 3, warned             # proportional, optimised, fair
    assert any("kuota yang sama untuk semua 10 wilayah" in w for w in warned), warned
    assert at.selectbox(key="al_need").options == ["Jumlah penduduk miskin (jiwa)"]   # a count, never the score
    assert "Paket: Optimal (MILP)" in map_script(at)
    assert {"al_dl_xlsx", "al_dl_csv"} <= {b.key for b in at.get("download_button")}

    at.number_input(key="al_budget").set_value(7_500_000_000).run()   # 1,500 families
    assert not at.exception and not errors(at)
    t2 = totals(at)
    assert not t2.equals(t)
    assert t2["jumlah paket (KPM/kelompok)"].max() == 1500
    assert t2.at["Optimal (MILP)", "penduduk miskin terjangkau"] >= t2["penduduk miskin terjangkau"].max()
    assert t2.at["Optimal (MILP)", "penduduk miskin terjangkau"] > t.at["Optimal (MILP)", "penduduk miskin terjangkau"]

    at.radio(key="al_map_method").set_value("equal").run()
    assert "Paket: Kuota sama" in map_script(at)


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def test_allocation_page_says_when_methods_tie_and_why():
    # UEP 1,000 families over 9 regencies with a count (PPU has none), 50 to 200 each: every regency has
    # thousands of poor people (layers/kaltim: 2,900 in Mahakam Ulu the fewest), so each family package reaches
    # a poor family whichever way: proportional, optimised and fair all reach 1,000 (equal: 100 x 9 = 900 of
    # its 1,000 families in regencies with a count)
    at = page(ALLOC)
    t = totals(at)
    assert t["penduduk miskin terjangkau"].tolist() == [900, 1000, 1000, 1000]
    infos = [unescape(i.value) for i in at.info]
    assert any(i.startswith("«Proporsional kebutuhan», «Optimal (MILP)» dan «Adil (bagian terkecil terbesar)» "
                            "menjangkau jumlah yang sama, 1.000 penduduk miskin: tidak ada wilayah yang mendapat "
                            "lebih banyak paket daripada penduduk miskinnya") for i in infos), infos
    assert any("«Optimal (MILP)» di sini tidak lebih baik dari yang lain" in i for i in infos), infos
    # what each method optimises is said beside its figure
    captions = [unescape(c.value) for c in at.caption]
    assert "Jumlah paket yang sama untuk setiap wilayah." in captions
    assert any(c.startswith("Wilayah yang paling sedikit terjangkau mendapat bagian sebesar mungkin") for c in captions)
    # the smallest share of the fair method is the largest of the four (proportional to the same count, 50
    # to 200 each, may match it)
    shares = t["bagian terkecil (%)"]
    assert shares["Adil (bagian terkecil terbesar)"] == shares.max() > shares["Kuota sama"]
    assert [m.label for m in at.metric][3] == "Adil (bagian terkecil terbesar)"

    at.selectbox(key="pl_lang").set_value("en").run()
    infos = [unescape(i.value) for i in at.info]
    assert any(i.startswith("«Proportional to need», «Optimised (MILP)» and «Fair (max-min share)» reach the same "
                            "1,000 poor people") for i in infos), infos


def test_allocation_page_warns_about_money_left_over_and_renames_an_edited_preset():
    at = page(ALLOC)
    select = at.selectbox(key="al_preset")
    assert select.options[0] == "UEP 2026: Rp 5 juta per KPM, 1.000 KPM"
    # equal: 100 each x 10 = 1,000: nothing left; no warning about money for the others either
    assert not [w.value for w in at.warning if "tidak terpakai" in w.value]
    assert not any("(diubah)" in c.value for c in at.caption)
    at.number_input(key="al_budget").set_value(5_002_500_000).run()   # Rp 2,5 juta more: half a package
    assert not at.exception and not errors(at)
    assert ("Program: UEP 2026: Rp 5 juta per KPM, 1.000 KPM (diubah): nilai di bawah tidak lagi sama dengan "
            "program; unduhan menyebutnya begitu.") in [unescape(c.value) for c in at.caption]
    warned = [unescape(w.value) for w in at.warning]
    assert ("Optimal (MILP): Rp 2.500.000 tidak terpakai, kurang dari satu paket: biaya per paket Rp 5.000.000 "
            "tidak membagi habis anggaran.") in warned, warned
    # at most 50 each: equal 10 x 50 = 500 of the 1,000 packages; proportional 9 x 50 (PPU has no count):
    # the money of 500 / 550 packages and the half package are left, with the reason
    at.number_input(key="al_max").set_value(50).run()
    warned = [unescape(w.value) for w in at.warning]
    assert ("Kuota sama: Rp 2.502.500.000 tidak terpakai (500 × Rp 5.000.000 yang terbayar anggaran tidak "
            "dialokasikan): setiap wilayah sudah pada maksimumnya (naikkan maksimum per wilayah untuk memakainya). "
            "Rp 2.500.000 di antaranya kurang dari satu paket.") in warned, warned
    assert any(w.startswith("Proporsional kebutuhan: Rp 2.752.500.000 tidak terpakai (550 × Rp 5.000.000") and
               "setiap wilayah sudah pada maksimumnya" in w for w in warned), warned
    # the edited preset is named so in the parameters of the download
    at.selectbox(key="pl_lang").set_value("en").run()
    assert any(unescape(c.value).startswith("Programme: UEP 2026: Rp 5 million per family, 1,000 families (edited)")
               for c in at.caption)
    # choosing another preset puts its values in, and nothing says "(edited)"
    at.selectbox(key="al_preset").set_value("uep_1500").run()
    assert at.number_input(key="al_budget").value == 7_500_000_000
    assert not any("(edited)" in c.value for c in at.caption)


def test_allocation_presets_and_errors():
    at = page(ALLOC)
    at.selectbox(key="al_preset").set_value("kube").run()
    assert not at.exception and not errors(at)
    assert at.number_input(key="al_unit_cost").value == 0  # no sourced cost per group: the planner enters it
    assert any("Isi biaya per paket" in i.value for i in at.info)
    assert any("tidak ada sumbernya" in c.value for c in at.caption)
    at.number_input(key="al_unit_cost").set_value(20_000_000).run()
    assert at.number_input(key="al_budget").value == 20_000_000 * 500  # the 500 groups stay
    t = totals(at)
    assert t.at["Kuota sama", "jumlah paket (KPM/kelompok)"] == 500      # 50 per kab/kota
    compact = table_with(at, "Kuota sama")
    assert set(compact["Kuota sama"]) == {50}

    at.selectbox(key="al_preset").set_value("free").run()
    at.number_input(key="al_min").set_value(80).run()                      # 10 x 80 KUBE cost more than the budget
    assert not at.exception
    assert any("the minimums need 800 packages" in e for e in errors(at))


def test_allocation_page_at_village_level():
    at = page(ALLOC)
    at.selectbox(key="pl_level").set_value("desa").run()
    assert not at.exception and not errors(at)
    assert any("SINTETIS" in w.value for w in at.warning)
    assert at.selectbox(key="al_reach").value == "poor_households"
    t = totals(at)
    assert t.at["Optimal (MILP)", "penduduk miskin terjangkau"] >= t["penduduk miskin terjangkau"].max()
    assert len(table_with(at, "Optimal (MILP)")) == 1038


# --- distance to target -------------------------------------------------------------------------------------
def test_goal_page_distance_to_target():
    at = page(GOAL)
    assert not errors(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Harus keluar dari kemiskinan (target 4 %)"] == "45.195"
    assert metrics["Penduduk miskin sekarang"] == "199.710"
    assert any("**45.195** orang (target 4 %) sampai **83.824** orang (target 3 %)" in m.value for m in at.markdown)
    reg = table_with(at, "Harus keluar dari kemiskinan")
    assert len(reg) == 11                                              # 10 regencies + the difference row
    ppu = reg.set_index("Kode").loc["64.09"]
    assert pd.isna(ppu["Harus keluar dari kemiskinan"])                 # no sourced count: never filled in
    assert any("Penajam Paser Utara" in w.value for w in at.warning)
    notes = " ".join(i.value for i in at.info)
    assert "angka kabupaten/kota 2024 Maret, angka provinsi 2025 Maret" in notes
    assert "basis penduduk 3.862.863" in notes
    # whole people: the regencies add up to the province's 45,195 less what is not shared to a regency
    must = reg.set_index("Kode")["Harus keluar dari kemiskinan"]
    assert must.dropna().map(lambda x: float(x).is_integer()).all()
    assert reg["Penduduk miskin sesudah"].dropna().map(lambda x: float(x).is_integer()).all()
    # the regencies' 2024 figures add up to more than the province's 2025 one: the difference is said in
    # words, never as a negative number of people who must leave
    diff = reg.set_index("Wilayah").loc["Selisih (provinsi − jumlah kabupaten/kota)"]
    assert pd.isna(diff["Harus keluar dari kemiskinan"])
    assert (must.dropna() >= 0).all()
    over = int(must.dropna().sum()) - 45_195
    assert over == 2458    # the "-2.458 people must leave poverty" once shown
    assert diff["Catatan"].startswith(f"jumlah kabupaten/kota {over:,} orang lebih banyak dari total provinsi "
                                      .replace(",", ".") + "(tahun dan sumber berbeda); bukan jumlah orang")
    assert "jumlah kabupaten/kota 2.458 orang lebih banyak dari total provinsi" in " ".join(i.value for i in at.info)
    # Balikpapan (2.23 %) and Bontang (3.74 %) are already below 4 %: said in their note
    notes_by = reg.set_index("Kode")["Catatan"]
    assert "sudah di bawah target provinsi 4 %" in notes_by["64.71"] and "sudah di bawah" in notes_by["64.74"]
    assert "sudah di bawah" not in notes_by["64.02"]

    at.slider(key="goal_target").set_value(3.0).run()
    assert {m.label: m.value for m in at.metric}["Harus keluar dari kemiskinan (target 3 %)"] == "83.824"
    at.selectbox(key="goal_rule").set_value("converge_to_target").run()
    assert not at.exception
    assert any("Yang tertinggi turun lebih dulu" in m.value for m in at.markdown)
    must = table_with(at, "Harus keluar dari kemiskinan").set_index("Kode")["Harus keluar dari kemiskinan"]
    assert must["64.11"] > 0 and must["64.71"] == 0   # Mahakam Ulu (10.75 %) comes down, Balikpapan (2.23 %) holds
    notes_by = table_with(at, "Harus keluar dari kemiskinan").set_index("Kode")["Catatan"]
    assert "target sudah tercapai menurut aturan ini: tidak ada yang harus keluar" in notes_by["64.71"]
    assert {"goal_dl_csv", "goal_dl_xlsx"} <= {b.key for b in at.get("download_button")}


@pytest.mark.parametrize("name, title, column", [(LEAD, "Lead office", "Deficits driving the need"),
                                                  (ALLOC, "Budget allocation", "Method"),
                                                  (GOAL, "Distance to the provincial target", "Must leave poverty")])
def test_pages_in_english(name, title, column):
    at = page(name)
    at.selectbox(key="pl_lang").set_value("en").run()
    assert not at.exception and not errors(at)
    assert at.title[0].value == title
    assert len(table_with(at, column)) > 0


# --- navigation ------------------------------------------------------------------------------------------------
def test_language_and_level_carry_over_between_pages(sqlite_url):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.run()
    at.selectbox(key="lang").set_value("en").run()
    at.selectbox(key="level").set_value("kecamatan").run()
    at.switch_page("app_pages/" + LEAD).run()
    assert not at.exception and not errors(at)
    assert at.title[0].value == "Lead office"
    assert at.selectbox(key="pl_level").value == "kecamatan"
    assert len(table_with(at, "Lead office")) == 83  # kecamatan with desa (IDM); 22 hold kelurahan only
    at.switch_page("app_pages/" + GOAL).run()
    assert at.title[0].value == "Distance to the provincial target"
    at.selectbox(key="pl_lang").set_value("id").run()
    # AppTest.switch_page reaches file pages only; the map is a function page (the default one, url "")
    at._page_hash = next(h for h, info in at._registered_pages.items() if info["url_pathname"] == "")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Peta prioritas penanggulangan kemiskinan"
    assert at.selectbox(key="level").value == "kecamatan"


def test_every_planning_page_is_in_the_navigation():
    names = sorted(p.name for p in PAGES.glob("*.py"))
    assert names == [LEAD, TARGETS, ALLOC, GOAL]  # the shared helpers live in app_pages/_planning/, not a page
    app = (REPO / "app.py").read_text(encoding="utf-8")
    assert all(f'"{Path(n).stem}"' in app for n in names)
