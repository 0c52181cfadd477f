"""CLI planning commands: lead office, budget allocation, distance to the provincial target."""

from __future__ import annotations

import openpyxl
import pandas as pd

from geo_planner.cli.commands import main


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
