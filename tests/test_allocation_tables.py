"""The tables and notes of a budget allocation: headers per language, totals, units without data named."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo_planner.planning.allocate import compare
from geo_planner.planning.allocation_tables import (
    allocation_table,
    notes,
    summary,
    totals_table,
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
    assert totals["Metode"].tolist() == ["Kuota sama", "Proporsional kebutuhan", "Optimal (MILP)"]
    assert totals["Wilayah tanpa data (tidak diikutkan)"].tolist() == [0, 0, 0]
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
                                         "kebutuhan, Optimal (MILP); kuota sama tetap memberi paket, penduduk "
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
