"""Lead sector: the shipped table, lookups by id and keyword, hand-built units and pockets, bad tables."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from geo_planner.analysis.priority import compute_priority
from geo_planner.errors import InputError, ValidationError
from geo_planner.layers.model import LAYERS_DIR, Indicator, read_manifest
from geo_planner.layers.synthetic import _SPECS
from geo_planner.planning.sectors import (
    UNMAPPED,
    contributions,
    lead_sectors,
    pocket_lead,
    read_sector_table,
    sector_for,
    sector_map,
    strategy_text,
)

META = {
    "rtlh_units": Indicator("rtlh_units", "RTLH", "RTLH", "unit", "need"),
    "coverage_ratio": Indicator("coverage_ratio", "Cakupan PKH/BPNT", "PKH/BPNT coverage", "%", "coverage"),
    "poverty_rate": Indicator("poverty_rate", "Persentase miskin", "Poverty rate", "%", "need"),
    "jalan_rusak_km": Indicator("jalan_rusak_km", "Jalan rusak", "Damaged roads", "km", "need"),
}
WEIGHTS = {"rtlh_units": 1, "coverage_ratio": 1, "poverty_rate": 1}


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return read_sector_table()


@pytest.fixture
def values() -> pd.DataFrame:
    # rtlh -> need 100, 10, 0; coverage (reversed) -> 0, 100, 0; poverty_rate has no spread -> 0 everywhere
    return pd.DataFrame({"name": ["A", "B", "C"], "rtlh_units": [1000.0, 100.0, 0.0],
                         "coverage_ratio": [90.0, 10.0, 90.0], "poverty_rate": [5.0, 5.0, 5.0]},
                        index=pd.Index(["a", "b", "c"], name="code"))


def test_shipped_table_maps_every_weightable_indicator(table):
    ids = {k for k, m in read_manifest(LAYERS_DIR / "kaltim" / "manifest.csv").items() if m.direction != "context"}
    ids |= {k for k, spec in _SPECS.items() if spec[3] != "context"}
    exact = set(table["indicator"])
    assert ids <= exact, sorted(ids - exact)
    assert set(table["office"]) >= {"Dinas PUPR", "Dinas Sosial", "Dinkes", "Disdikbud"}
    assert table["strategy"].str.fullmatch(r"[123](/[123])*").all()


@pytest.mark.parametrize(("ind", "office", "strategy"), [
    ("rtlh_units", "Dinas PUPR", "3"), ("slum_area_sk", "Dinas PUPR", "3"), ("slum_area_ha", "Dinas PUPR", "3"),
    ("households_without_toilet_facility", "Dinas PUPR", "3"), ("drinking_water_layak_households", "Dinas PUPR", "3"),
    ("pkh_beneficiaries", "Dinas Sosial", "1"), ("coverage_ratio", "Dinas Sosial", "1"),
    ("poverty_rate", "Dinas Sosial", "1/2"), ("extreme_poverty_rate", "Dinas Sosial", "1/2"),
    ("stunting_prevalence", "Dinkes", "1"), ("school_participation_rate", "Disdikbud", "1"),
])
def test_exact_lookup(table, ind, office, strategy):
    row = sector_for(ind, table)
    assert (row["office"], row["strategy"], row["match"]) == (office, strategy, "exact")


@pytest.mark.parametrize(("ind", "office", "sector_en", "keyword"), [
    ("jumlah_rtlh", "Dinas PUPR", "Housing", "rtlh"),
    ("luas_kawasan_kumuh", "Dinas PUPR", "Slum settlements", "kumuh"),
    ("rumah_tangga_tanpa_sanitasi", "Dinas PUPR", "Sanitation", "sanitasi"),
    ("akses_air_limbah", "Dinas PUPR", "Sanitation", "air_limbah"),   # sanitation rows come before water
    ("akses_air_minum", "Dinas PUPR", "Drinking water", "air"),
    ("penerima_pkh", "Dinas Sosial", "Social assistance", "pkh"),
    ("kpm_bpnt_2025", "Dinas Sosial", "Social assistance", "bpnt"),
    ("prevalensi_stunting", "Dinkes", "Nutrition and health", "stunting"),
    ("angka_partisipasi_sekolah", "Disdikbud", "Education", "sekolah"),
    ("rtlh_keluarga_miskin", "Dinas PUPR", "Housing", "rtlh"),          # generic poverty words come last
    ("Jumlah RTLH (unit)", "Dinas PUPR", "Housing", "rtlh"),             # a raw header works too
])
def test_keyword_lookup(table, ind, office, sector_en, keyword):
    row = sector_for(ind, table)
    assert (row["office"], row["sector_en"], row["match"]) == (office, sector_en, f"keyword:{keyword}")


@pytest.mark.parametrize("ind", ["panjang_jalan", "kairan", "pairing_score", "pkhx"])
def test_no_row_and_no_partial_word_match(table, ind):
    assert sector_for(ind, table) is None
    m = sector_map([ind], table)
    assert m.loc[ind, "office"] == UNMAPPED[0] and not m.loc[ind, "mapped"]
    assert sector_map([ind], table, lang="en").loc[ind, "office"] == "no sector"


def test_unit_dominated_by_rtlh_is_led_by_pupr_and_low_pkh_coverage_by_dinsos(values, table):
    out = lead_sectors((values, META), table, weights=WEIGHTS)
    a, b, c = out.loc["a"], out.loc["b"], out.loc["c"]
    assert (a["name"], a["lead_office"], a["lead_sector"], a["lead_strategy"], a["lead_share"]) == (
        "A", "Dinas PUPR", "Perumahan", "3", 1.0)
    assert "RTLH" in a["lead_programmes"] and a["drivers"] == "rtlh_units"
    # b: rtlh 10 / 3 points, coverage 100 / 3 points -> shares 1/11 and 10/11
    assert (b["lead_office"], b["lead_strategy"]) == ("Dinas Sosial", "1")
    assert b["lead_share"] == pytest.approx(10 / 11, abs=1e-3)
    assert (b["second_office"], b["second_share"]) == ("Dinas PUPR", pytest.approx(1 / 11, abs=1e-3))
    assert "PKH" in b["lead_programmes"]
    assert b["text"] == "Dinas Sosial: Cakupan PKH/BPNT 0,91; Dinas PUPR: RTLH 0,09 dari kebutuhan"
    assert pd.isna(c["lead_office"]) and c["score"] == 0   # lowest everywhere: nothing drives it
    en = lead_sectors((values, META), table, weights=WEIGHTS, lang="en").loc["b"]
    assert en["text"] == "Dinas Sosial: PKH/BPNT coverage 0.91; Dinas PUPR: RTLH 0.09 of need"
    assert en["lead_sector"] == "Social assistance"


def test_contributions_add_up_to_the_priority_score(values, table):
    weights = {"rtlh_units": 3, "coverage_ratio": 1}
    scores = compute_priority(values, META, weights)
    long = contributions((values, META, scores), table, weights=weights)
    assert long.groupby("unit")["contribution"].sum().round(2).tolist() == scores["priority_score"].tolist()
    shares = long.groupby("unit")["share"].sum(min_count=1)
    assert shares[["a", "b"]].tolist() == pytest.approx([1, 1]) and np.isnan(shares["c"])  # c: need 0 everywhere


def test_basis_all_uses_every_need_and_coverage_indicator(values, table):
    long = contributions((values, META), table)  # no weights, no need: every deficit counts
    assert set(long["indicator"]) == {"rtlh_units", "coverage_ratio", "poverty_rate"}
    assert lead_sectors((values, META), table, basis="all").loc["a", "lead_office"] == "Dinas PUPR"


def test_indicator_without_sector_is_reported_but_never_leads(values, table):
    v = values.assign(jalan_rusak_km=[0.0, 70.0, 10.0], rtlh_units=[0.0, 30.0, 0.0],
                      coverage_ratio=[50.0, 50.0, 50.0])
    out = lead_sectors((v, META), table, weights={"rtlh_units": 1, "jalan_rusak_km": 1})
    b = out.loc["b"]   # rtlh 100 / 2, roads 100 / 2 -> 0.5 each; the mapped office leads
    assert (b["lead_office"], b["unmapped"], b["unmapped_share"]) == ("Dinas PUPR", "jalan_rusak_km", 0.5)
    c = out.loc["c"]   # only roads: no office, said so
    assert c["lead_office"] == "tanpa sektor" and c["unmapped_share"] == 1.0
    assert c["text"].startswith("tanpa sektor: Jalan rusak")


def test_an_edited_table_changes_the_lead(values, table):
    edited = table.copy()
    edited.loc[edited["indicator"] == "rtlh_units", "office"] = "Disperkim"
    assert lead_sectors((values, META), edited, weights=WEIGHTS).loc["a", "lead_office"] == "Disperkim"


def test_pocket_lead_pools_member_contributions(values, table):
    units = values.join(compute_priority(values, META, WEIGHTS))
    pockets = pd.DataFrame({"pocket": ["P1", "P2"], "units": [["a", "b"], ["c"]], "n_units": [2, 1]})
    analysis = SimpleNamespace(units=units, indicators=META, weights=WEIGHTS,
                               indicator_ids=["rtlh_units", "coverage_ratio", "poverty_rate"], pockets=pockets)
    out = pocket_lead(analysis, table)
    # P1: rtlh (100 + 10) / 2 / 3, coverage (0 + 100) / 2 / 3 -> PUPR 110/210
    assert out.loc["P1", "lead_office"] == "Dinas PUPR"
    assert out.loc["P1", "lead_share"] == pytest.approx(110 / 210, abs=1e-3)
    assert out.loc["P1", "units"] == "a; b" and out.loc["P1", "n_units"] == 2
    assert pd.isna(out.loc["P2", "lead_office"])
    with pytest.raises(InputError, match="add_pockets"):
        pocket_lead(SimpleNamespace(pockets=None), table)


def _write(tmp_path, text: str):
    path = tmp_path / "sectors.csv"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "indicator,sector_id,sector_en,office,programmes,strategy,keywords,note\n"


def test_bad_strategy_and_empty_office_are_named_by_row(tmp_path):
    path = _write(tmp_path, HEADER + "rtlh_units,Perumahan,Housing,Dinas PUPR,RTLH,3,rtlh,\n"
                  "pkh_beneficiaries,Bansos,Aid,Dinas Sosial,PKH,4,pkh,\n"
                  "stunting,Gizi,Nutrition,,PMT,1,,\n")
    with pytest.raises(ValidationError) as err:
        read_sector_table(path)
    text = str(err.value)
    assert "row 3, column 'strategy'" in text and "got '4'" in text
    assert "row 4, column 'office'" in text and str(path) in text


def test_duplicate_indicator_and_missing_column(tmp_path):
    path = _write(tmp_path, HEADER + "rtlh_units,Perumahan,Housing,Dinas PUPR,RTLH,3,,\n"
                  "rtlh_units,Perumahan,Housing,Disperkim,RTLH,3,,\n")
    with pytest.raises(ValidationError, match=r"row 3, column 'indicator'.*already listed on row 2"):
        read_sector_table(path)
    path = _write(tmp_path, "indicator,sector_id,sector_en,programmes,strategy\nx,a,b,c,1\n")
    with pytest.raises(InputError, match="lacks the column 'office'"):
        read_sector_table(path)


def test_keywords_and_note_are_optional_and_normalised(tmp_path):
    path = _write(tmp_path, "indicator,sector_id,sector_en,office,programmes,strategy\n"
                  "rtlh_units,Perumahan,Housing,Dinas PUPR,RTLH,\"1, 3\"\n")
    table = read_sector_table(path)
    assert table.loc[0, "strategy"] == "1/3" and table.loc[0, "keywords"] == ""
    assert strategy_text("1/3", "en") == "1 Reduce the spending burden; 3 Shrink poverty pockets"


def test_real_kabkota_analysis_has_a_lead_office_everywhere(analysis):
    out = lead_sectors(analysis, basis="all")
    assert len(out) == 10
    assert set(out["lead_office"]) <= {"Dinas PUPR", "Dinas Sosial"}
    assert (out["unmapped"] == "").all()
    weighted = lead_sectors(analysis)   # default weights: poverty rate and count only
    assert (weighted["lead_office"] == "Dinas Sosial").all()
