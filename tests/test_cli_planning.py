"""CLI planning commands: lead office, budget allocation, distance to the provincial target."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from geo_planner.cli.commands import main


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests read the CLI's English messages (its default is Bahasa Indonesia: tests/test_cli_lang.py)."""
    monkeypatch.setenv("GEO_PLANNER_LANG", "en")


def test_lead_by_unit_names_an_office_per_regency(tmp_path, capsys):
    out = tmp_path / "sektor.csv"
    assert main(["lead", "--basis", "all", "--out", str(out)]) == 0
    table = pd.read_csv(out, dtype={"code": str})
    assert len(table) == 10 and table["lead_office"].notna().all()
    from geo_planner.planning.sectors import read_sector_table

    offices = set(read_sector_table()["office"]) | {"tanpa sektor"}
    assert set(table["lead_office"]) <= offices
    assert "Dinas" in " ".join(table["lead_office"])


def test_allocate_compares_three_methods_within_budget(tmp_path, capsys):
    out = tmp_path / "alokasi.xlsx"
    assert main(["allocate", "--level", "kabkota", "--budget", "500000000", "--unit-cost", "5000000",
                 "--min", "5", "--max", "20", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Kuota sama" in text and "Optimal (MILP)" in text
    sheet = openpyxl.load_workbook(out).active
    assert sheet.max_row >= 11  # 10 regencies + header (+ total)


def test_allocate_with_minimums_over_budget_is_a_clear_error(capsys):
    assert main(["allocate", "--budget", "10000000", "--unit-cost", "5000000", "--min", "1"]) == 1
    err = capsys.readouterr().err
    assert "budget" in err and "Traceback" not in err


def test_goal_prints_people_to_leave_poverty(capsys):
    assert main(["goal", "--target", "4", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "45,195" in out or "45195" in out  # 199,710 poor at 5.17 %: base 3,862,863 x (5.17 - 4) %


def test_allocate_shares_by_poor_people_and_leaves_out_a_regency_without_a_count(tmp_path, capsys):
    # weight on the poverty rate alone puts Balikpapan's min-max score at 0 (its 2.23 % is the lowest rate);
    # the proportional share follows the poor people count instead (layers/kaltim, BPS 2024). PPU has no count.
    # 1,000 packages over 210,570 poor in the 9 other regencies: Balikpapan 1000 x 14,530 / 210,570 = 69.003;
    # whole parts 120+280+58+68+176+13+69+179+33 = 996, the 4 left to the largest remainders
    # (Kutai Barat .813, Mahakam Ulu .772, Bontang .765, Berau .650).
    out = tmp_path / "alokasi.csv"
    assert main(["allocate", "--weights", "poverty_rate=1", "--budget", "5000000000", "--unit-cost", "5000000",
                 "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert ("Tidak ada data Jumlah penduduk miskin (jiwa): Kabupaten Penajam Paser Utara (64.09); "
            "tidak diikutkan.") in text
    assert "Kuota sama: kuota yang sama untuk semua 10 wilayah." in text
    table = pd.read_csv(out, dtype={"Kode": str}).set_index("Kode")
    prop = table["Proporsional kebutuhan: jumlah paket (KPM/kelompok)"]
    expected = {"64.01": 120, "64.02": 280, "64.03": 59, "64.07": 69, "64.08": 176, "64.11": 14, "64.71": 69,
                "64.72": 179, "64.74": 34}
    assert prop.drop(["64.09", "Jumlah"]).astype(int).to_dict() == expected
    assert pd.isna(prop["64.09"]) and pd.isna(table.at["64.09", "Optimal (MILP): jumlah paket (KPM/kelompok)"])
    assert table.at["64.09", "Kuota sama: jumlah paket (KPM/kelompok)"] == 100
    assert table.at["64.09", "Catatan"].startswith("tidak ada data: Jumlah penduduk miskin (jiwa)")


def test_allocate_refuses_a_rate_as_the_need(capsys):
    assert main(["allocate", "--budget", "5000000000", "--unit-cost", "5000000", "--need", "poverty_rate"]) == 1
    err = capsys.readouterr().err
    assert "--need 'poverty_rate' is not a count of poor people or households" in err
    assert "choose one of: poor_population" in err and "Traceback" not in err
