"""User columns named like the columns geo-planner writes (code, name, level, rank, scores, pockets, report
columns) are renamed ``<id>_user`` with a warning, through the CLI, the pipeline and the table reader."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo_planner.cli.commands import main
from geo_planner.layers.columns import RESERVED_COLUMNS, RESERVED_PREFIXES
from geo_planner.layers.model import read_layer
from geo_planner.pipeline import add_pockets, build_analysis

# Paser rank 3 / level 1, Berau 1 / 2, Samarinda 2 / 3: hand-written, so each value's unit is known
TABLE = ("kabupaten,Rank,LEVEL,jumlah rtlh (unit)\n"
         "Paser,3,1,120\nBerau,1,2,80\nKota Samarinda,2,3,50\n")


def _write(tmp_path: Path, text: str, name: str = "dinas.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rank_and_level_columns_through_the_cli(tmp_path, capsys):
    src, out = _write(tmp_path, TABLE), tmp_path / "ranked.csv"
    assert main(["rank", "--layer", str(src), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert ("geo-planner: warning: file dinas.csv, column 'Rank': 'Rank' has the name of a column geo-planner "
            "writes ('rank'); its figures are kept as 'rank_user'") in err
    assert "column 'LEVEL': 'LEVEL' has the name of a column geo-planner writes ('level'); its figures are kept " \
           "as 'level_user'" in err
    assert "Traceback" not in err
    table = pd.read_csv(out, dtype={"code": str}).set_index("code")
    assert table.loc[["64.01", "64.03", "64.72"], "rank_user"].tolist() == [3, 1, 2]
    assert table.loc[["64.01", "64.03", "64.72"], "level_user"].tolist() == [1, 2, 3]
    assert table.loc["64.01", "jumlah_rtlh"] == 120
    assert table["rank_user"].drop(["64.01", "64.03", "64.72"]).isna().all()   # no figure elsewhere
    assert set(table["level"]) == {"kabkota"}                                # the product's own columns intact
    assert sorted(table["rank"]) == list(range(1, 11))


def test_rank_and_level_columns_through_the_pipeline(tmp_path):
    analysis = build_analysis("kabkota", "64", [_write(tmp_path, TABLE)])
    u = analysis.units
    assert u.loc["64.01", "rank_user"] == 3 and u.loc["64.03", "rank_user"] == 1 and u.loc["64.72", "rank_user"] == 2
    assert u.loc["64.01", "level_user"] == 1 and u.loc["64.72", "level_user"] == 3
    assert set(u["level"]) == {"kabkota"}
    warned = [(p.file, p.column, p.severity) for p in analysis.problems]
    assert warned == [("dinas.csv", "Rank", "warning"), ("dinas.csv", "LEVEL", "warning")]
    assert analysis.indicators["rank_user"].label("en") == "Rank (your column)"
    assert analysis.indicators["rank_user"].label("id") == "Rank (kolom Anda)"
    assert "rank_user" in analysis.ranked().columns


def test_every_output_column_name_is_caught_whatever_its_case(kabkota, tmp_path):
    headers = ["Code", "Name", "Parent", "BPS_Code", "Priority Score", "priority_class", "Indicators used",
               "Score", "Geometry", "coverage_score", "Bivariate", "underserved", "GI_class", "Moran quadrant",
               "Pocket", "need_rtlh"]
    text = "kemendagri_code," + ",".join(headers) + "\n64.02," + ",".join(str(i) for i in range(len(headers)))
    layer = read_layer(_write(tmp_path, text + "\n"), kabkota, level="kabkota")
    values = layer.values()
    assert sorted(values.columns) == sorted(f"{c.lower().replace(' ', '_')}_user" for c in headers)
    assert values.loc["64.02", "priority_score_user"] == 4 and values.loc["64.02", "need_rtlh_user"] == 15
    assert len(layer.problems) == len(headers) and {p.severity for p in layer.problems} == {"warning"}


def test_long_table_indicator_named_rank(kabkota, tmp_path):
    text = "kemendagri_code,indicator,value,year\n64.01,rank,4,2024\n64.01,rtlh,9,2024\n"
    layer = read_layer(_write(tmp_path, text), kabkota, level="kabkota")
    assert layer.values().loc["64.01"].to_dict() == {"rank_user": 4.0, "rtlh": 9.0}
    assert layer.problems[0].column == "rank" and "kept as 'rank_user'" in layer.problems[0].message


def test_report_columns_of_an_unmatched_row_are_renamed_not_lost(kabkota, tmp_path):
    # "reason" and "row" are columns of the unmatched-rows report: the user's own are kept beside them
    text = "nama,reason,row,rtlh\nKukar,banjir,r1,5\nAntah Berantah,longsor,r2,6\n"
    layer = read_layer(_write(tmp_path, text), kabkota, level="kabkota")
    u = layer.unmatched
    assert u["row"].tolist() == [3] and "no unit named like 'Antah Berantah'" in u["reason"].iloc[0]
    assert u["reason_user"].tolist() == ["longsor"] and u["row_user"].tolist() == ["r2"]
    assert [p.column for p in layer.problems] == ["reason", "row"]
    assert layer.values().loc["64.02", "rtlh"] == 5


def test_the_reserved_names_cover_every_column_the_analysis_writes():
    analysis = add_pockets(build_analysis("kecamatan", "64"), permutations=9)
    written = [c for c in analysis.units.columns if c not in analysis.indicators] + [analysis.units.index.name]
    assert [c for c in written if c not in RESERVED_COLUMNS and not c.startswith(RESERVED_PREFIXES)] == []


def test_an_upload_with_a_rank_column_in_the_app():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)
    at.run()
    at.file_uploader(key="upload").set_value(("dinas.csv", TABLE.encode(), "text/csv")).run()
    assert not at.exception and not at.error
    assert any(w.value == "2 peringatan tentang data Anda:" for w in at.warning), [w.value for w in at.warning]
    shown = "\n".join(c.value for c in at.code)
    assert "berkas dinas.csv, kolom 'Rank': 'Rank' bernama sama dengan kolom yang ditulis geo-planner ('rank'); " \
           "angkanya disimpan sebagai 'rank_user'" in shown  # the app's language
    assert "Rank (kolom Anda)" in [s.label for s in at.selectbox if s.key == "dir_rank_user"]



def test_an_uploads_warnings_follow_the_language_switch():
    """The upload's warnings are kept with the layer read; switching the language reads them in the new one."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)
    at.run()
    at.file_uploader(key="upload").set_value(("dinas.csv", TABLE.encode(), "text/csv")).run()
    assert "angkanya disimpan sebagai 'rank_user'" in "\n".join(c.value for c in at.code)
    at.selectbox(key="lang").set_value("en").run()
    assert not at.exception and not at.error
    shown = "\n".join(c.value for c in at.code)
    assert "file dinas.csv, column 'Rank': 'Rank' has the name of a column geo-planner writes ('rank'); its " \
           "figures are kept as 'rank_user'" in shown
    assert "angkanya" not in shown and "berkas" not in shown