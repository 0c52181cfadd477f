"""The tables and notes of a budget allocation: headers per language, totals, units without data named."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo_planner.planning.allocate import compare
from geo_planner.planning.allocation_tables import (
    allocation_table,
    notes,
    method_goal,
    summary,
    totals_table,
    verdict_notes,
)

UEP = 5_000_000


@pytest.fixture
def hand() -> pd.DataFrame:
    return pd.DataFrame({"name": ["A", "B", "C"], "poor_households": [2, 6, 10]},
                        index=pd.Index(["a", "b", "c"], name="code"))


def test_export_tables(hand):
    c = compare(hand, budget=50e6, unit_cost=UEP, min_units=1, max_units=6, reach_column="poor_households")
    table = allocation_table(c)
    assert table.columns[:2].tolist() == ["Kode", "Nama wilayah"]
    assert "Optimal (MILP): jumlah paket (KPM/kelompok)" in table.columns
    assert table.iloc[-1]["Kode"] == "Jumlah" and table.iloc[-1]["Kuota sama: biaya (Rp)"] == 45e6
    assert table["Catatan"].iloc[:3].tolist() == ["", "", ""]
    en = allocation_table(c, "en")
    assert "Equal quota: poor people reached" in en.columns
    single = allocation_table(c.results["optimised"])
    assert single.iloc[-1]["Optimal (MILP): penduduk miskin terjangkau"] == 10
    totals = totals_table(c)
    assert totals["Metode"].tolist() == ["Kuota sama", "Proporsional kebutuhan", "Optimal (MILP)",
                                         "Adil (bagian terkecil terbesar)"]
    assert totals["Wilayah tanpa data (tidak diikutkan)"].tolist() == [0, 0, 0, 0]
    # equal 3 each: A reaches min(3, 2) = 2 of 2, B 3 of 6, C 3 of 10 -> smallest share 30 %
    assert totals["bagian terkecil (%)"].tolist() == [30.0, 50.0, 50.0, 50.0]
    assert "Rp 45.000.000" in summary(c)


def test_units_without_data_are_named_in_the_notes_and_the_table(hand):
    t = hand.assign(poor_households=[2.0, np.nan, 10.0])
    c = compare(t, budget=50e6, unit_cost=UEP, reach_column="poor_households")
    labels = {"poor_households": "Rumah tangga miskin"}
    n = notes(c, "id", labels)
    assert n["proportional"] == ("Proporsional kebutuhan: dibagi sebanding dengan Rumah tangga miskin atas 2 dari 3 "
                                 "wilayah. Tidak ada data Rumah tangga miskin: B (b); tidak diikutkan.")
    assert n["optimised"].endswith("Tidak ada data Rumah tangga miskin: B (b); tidak diikutkan.")
    assert n["equal"] == ("Kuota sama: kuota yang sama untuk semua 3 wilayah. Penduduk miskin terjangkau tidak "
                          "diketahui (tidak ada data) di B (b).")
    en = notes(c, "en", labels)
    assert en["proportional"].endswith("No data for Rumah tangga miskin: B (b); left out.")
    table = allocation_table(c, "id", labels).set_index("Kode")
    assert table.loc["b", "Catatan"] == ("tidak ada data: Rumah tangga miskin; tidak diikutkan dalam Proporsional "
                                         "kebutuhan, Optimal (MILP), Adil (bagian terkecil terbesar); kuota sama tetap memberi paket, penduduk "
                                         "miskin terjangkau tidak diketahui")
    assert pd.isna(table.loc["b", "Proporsional kebutuhan: jumlah paket (KPM/kelompok)"])
    assert table.loc["b", "Kuota sama: jumlah paket (KPM/kelompok)"] == 3   # 10 packages / 3 units, 1 left
    assert table.loc["a", "Catatan"] == ""
    text = summary(c, "id", labels)
    assert "Tidak ada data Rumah tangga miskin: B (b); tidak diikutkan." in text


def test_a_long_list_of_units_without_data_is_cut_with_a_count():
    t = pd.DataFrame({"poor": [5.0] + [np.nan] * 32}, index=[f"u{i:02d}" for i in range(33)])
    c = compare(t, budget=10 * UEP, unit_cost=UEP, reach_column="poor", methods=("proportional",))
    text = notes(c, "en")["proportional"]
    assert "u01, u02" in text and "u30" in text and "u31" not in text   # 30 named
    assert text.endswith(" and 2 more (see the Note column); left out.")


REGENCIES = pd.DataFrame({"name": ["Kota Balik", "Kab. Hulu", "Kab. Barat", "Kota Pantai"],
                          "poor_population": [14530.0, 2900.0, 14490.0, 7110.0]},
                         index=pd.Index(["64.71", "64.11", "64.07", "64.74"], name="code"))


def test_a_tie_is_said_with_its_reason_and_the_fair_share_tells_them_apart():
    # 100 packages, at least 20 each, thousands of poor everywhere: every package reaches someone, so all
    # four reach 100. Optimised gives the 20 extra to the neediest (its tie-break); fair lifts the smallest
    # share: 20 / 14,530 = 0.14 % for the city under the other three, fair gives the city and the west more.
    c = compare(REGENCIES, budget=100 * UEP, unit_cost=UEP, min_units=20, reach_column="poor_population")
    said = verdict_notes(c, "en")
    assert said[0] == ("«Equal quota», «Proportional to need», «Optimised (MILP)» and «Fair (max-min share)» reach "
                       "the same 100 poor people: no unit gets more packages than it has poor, so every package "
                       "reaches someone whichever way is used. The ways differ only in where the packages go.")
    assert said[1] == "«Optimised (MILP)» is no better than the others here: it is only one of many equally good allocations."
    assert not any("unspent" in s for s in said)
    ind = verdict_notes(c, "id")
    assert ind[0].startswith("«Kuota sama», «Proporsional kebutuhan», «Optimal (MILP)» dan «Adil (bagian terkecil "
                             "terbesar)» menjangkau jumlah yang sama, 100 penduduk miskin")


def test_fair_share_sentence_when_it_differs():
    # 3 packages, poor 2 / 6 / 10, no bounds: the most reached is 3 whichever way; optimised's tie-break may
    # put all 3 in C (the neediest): smallest share 0; fair gives 1 each: A 1/2, B 1/6, C 1/10 -> 10 %
    hand = pd.DataFrame({"name": ["A", "B", "C"], "poor_households": [2, 6, 10]}, index=["a", "b", "c"])
    c = compare(hand, budget=15e6, unit_cost=UEP, reach_column="poor_households", methods=("optimised", "fair"))
    assert c.results["optimised"]["quantity"].tolist() == [0, 0, 3]
    said = verdict_notes(c, "en")
    assert ("What tells them apart is the smallest share: with «Fair (max-min share)» the least-reached unit gets "
            "10.0 % of its poor, with «Optimised (MILP)» 0.0 %.") in said
    assert "Spread most evenly: «Fair (max-min share)»; every unit gets at least 10.0 % of its poor." in said


def test_money_left_over_is_said_with_the_amount_and_why(hand):
    c = compare(hand, budget=52e6, unit_cost=UEP, min_units=1, max_units=6, reach_column="poor_households")
    said = verdict_notes(c, "id")
    assert ("Kuota sama: Rp 7.000.000 tidak terpakai (1 × Rp 5.000.000 yang terbayar anggaran tidak dialokasikan): "
            "satu paket lagi untuk setiap wilayah melebihi anggaran. Rp 2.000.000 di antaranya kurang dari satu "
            "paket.") in said
    assert ("Optimal (MILP): Rp 2.000.000 tidak terpakai, kurang dari satu paket: biaya per paket Rp 5.000.000 "
            "tidak membagi habis anggaran.") in said
    big = compare(hand, budget=200e6, unit_cost=UEP, max_units=6, reach_column="poor_households",
                  methods=("equal", "fair"))
    en = verdict_notes(big, "en")
    assert ("Equal quota: Rp 110,000,000 unspent (22 × Rp 5,000,000 that the budget pays for not allocated): every "
            "unit is at its maximum (raise the maximum per unit to use it).") in en
    assert ("Fair (max-min share): Rp 130,000,000 unspent (26 × Rp 5,000,000 that the budget pays for not "
            "allocated): every unit is at its maximum or all its poor are reached; more packages would reach no "
            "one.") in en
    assert method_goal("fair", "en").startswith("The least-reached unit gets as large a share of its poor")
