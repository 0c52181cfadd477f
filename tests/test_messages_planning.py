"""The messages of planning, analysis, outputs and the pipeline in Bahasa Indonesia and in English.

Each expected sentence is written here by hand: a planner of Dinas PUPR or Dinas Sosial reads them in the
targets page and in ``geo-planner targets``; the English ones are those the rest of the suite asserts.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geo_planner.cli.commands import main
from geo_planner.errors import GeoPlannerError, InputError, ValidationError
from geo_planner.i18n.messages import language
from geo_planner.outputs.privacy import check_settings
from geo_planner.pipeline import within_units
from geo_planner.planning.allocate import allocate
from geo_planner.planning.targets.access import Actor
from geo_planner.planning.targets.records import validate_record
from geo_planner.planning.targets.registry import normalise_unit_code, resolve_status

RECORD = {"unit_code": "64.02", "agency": "Dinas Sosial", "intervention": "uep_family", "year": 2026,
          "quantity": 3}


def _problems(record: dict, lang: str) -> list[str]:
    with language(lang):
        with pytest.raises(ValidationError) as exc:
            validate_record(record)
        return [str(p) for p in exc.value.problems]  # the where-part too, in the reader's language


# --- the library, with language(...) ------------------------------------------------------------------------
def test_a_bad_number_cell_of_a_target():
    bad = {**RECORD, "quantity": "abc"}
    assert _problems(bad, "id") == ["kolom 'quantity': 'abc' bukan angka; tulis jumlah sebagai angka, "
                                    "misalnya 1.500"]
    assert _problems(bad, "en") == ["column 'quantity': 'abc' is not a number; write the quantity as a number "
                                    "such as 1.500"]


def test_a_fraction_of_a_whole_quantity():
    bad = {**RECORD, "quantity": "1,5"}
    assert _problems(bad, "id") == ["kolom 'quantity': jumlah 1,5 bukan bilangan bulat KPM; koma adalah pemisah "
                                    "desimal, tulis ribuan sebagai 1.500 atau 1500"]
    assert _problems(bad, "en") == ["column 'quantity': quantity 1,5 is not a whole number of KPM; a comma is a "
                                    "decimal separator, write thousands as 1.500 or 1500"]


def test_a_missing_field_and_an_unknown_field():
    bad = {**RECORD, "agency": " ", "colour": "red"}
    assert _problems(bad, "id") == [
        "kolom 'colour': 'colour' bukan isian yang dapat ditulis; isiannya adalah unit_code, agency, intervention, "
        "year, quantity, budget_rp, status, note",
        "kolom 'agency': instansi kosong; tulis perangkat daerah yang bertanggung jawab, misalnya "
        "Dinas Sosial"]
    assert _problems(bad, "en")[1] == ("column 'agency': the agency is empty; write the office responsible, "
                                       "e.g. Dinas Sosial")


def test_an_unknown_code_and_a_bps_code():
    with language("id"):
        with pytest.raises(ValueError) as bps:
            normalise_unit_code("6403")
        with pytest.raises(ValueError) as wrong:
            normalise_unit_code("64-02")
    assert str(bps.value) == ("'6403' tampaknya kode BPS; daftar target memakai kode Kemendagri "
                              "(kode BPS 6403 adalah kode Kemendagri 64.02)")
    assert str(wrong.value) == ("'64-02' bukan kode Kemendagri seperti 64.02 (kabupaten), 64.02.01 (kecamatan) "
                                "atau 64.02.01.2001 (desa); jika Excel mengubah 64.10 menjadi 64,1, format kolom "
                                "sebagai Teks")
    with language("en"), pytest.raises(ValueError) as bps:
        normalise_unit_code("6403")
    assert str(bps.value) == ("'6403' looks like a BPS code; the register uses Kemendagri codes "
                              "(BPS 6403 is Kemendagri 64.02)")


def test_an_unknown_status():
    with language("id"), pytest.raises(ValueError) as exc:
        resolve_status("mungkin")
    assert str(exc.value) == ("status 'mungkin' tidak dikenal; pilih salah satu dari planned (direncanakan), "
                              "funded (didanai), in_progress (dalam pelaksanaan), done (selesai)")


def test_a_viewer_may_not_change_a_target():
    viewer, editor = Actor("sari@pupr.go.id", "viewer"), Actor("budi@dinsos.go.id", "editor", ("Dinas Sosial",))
    with language("id"):
        with pytest.raises(GeoPlannerError) as refused:
            viewer.check_write("Dinas PUPR", "mengubah target 7")
        with pytest.raises(GeoPlannerError) as other:
            editor.check_write("Dinas PUPR", "mengubah target 7")
    assert str(refused.value) == ("sari@pupr.go.id (viewer) boleh membaca daftar target tetapi tidak boleh mengubah "
                                  "target 7; mintalah peran editor untuk instansi Anda kepada admin Bappeda")
    assert str(other.value) == ("budi@dinsos.go.id (editor Dinas Sosial) tidak boleh mengubah target 7: target "
                                "itu milik Dinas PUPR; hanya editornya sendiri atau admin Bappeda yang boleh")
    with language("en"), pytest.raises(GeoPlannerError) as other:
        editor.check_write("Dinas PUPR", "change target 7")
    assert str(other.value) == ("budi@dinsos.go.id (editor of Dinas Sosial) may not change target 7: it belongs "
                                "to Dinas PUPR; only its own editors or a Bappeda admin may")


def test_minimums_over_the_budget_in_each_language_and_its_numbers():
    units = pd.DataFrame({"poor_population": [100.0, 200.0]}, index=pd.Index(["64.01", "64.02"], name="code"))
    kwargs = dict(budget=4_000_000, unit_cost=1_500_000, min_units=2, reach_column="poor_population")
    with language("id"), pytest.raises(InputError) as exc:
        allocate(units, **kwargs)
    assert str(exc.value) == ("batas minimum memerlukan 4 paket = Rp 6.000.000, melebihi anggaran Rp 4.000.000; "
                              "turunkan min_units atau naikkan anggaran")
    with language("en"), pytest.raises(InputError) as exc:
        allocate(units, **kwargs)
    assert str(exc.value) == ("the minimums need 4 packages = Rp 6,000,000, more than the budget of Rp 4,000,000; "
                              "lower min_units or raise the budget")


def test_an_unknown_privacy_mode_and_a_drill_down_code():
    with language("id"):
        with pytest.raises(InputError) as mode:
            check_settings("blur", 10)
        with pytest.raises(InputError) as within:
            within_units(pd.DataFrame(index=pd.Index(["64.01", "64.02"])), "64.99")
    assert str(mode.value) == "mode privasi 'blur' tidak dikenal; pilih suppress, round atau none"
    assert str(within.value) == ("tidak ada wilayah pada tingkat ini di dalam kode 64.99; gunakan kode tingkat yang "
                                 "lebih tinggi, misalnya 64.02 untuk Kutai Kartanegara")
    with language("en"), pytest.raises(InputError) as mode:
        check_settings("blur", 10)
    assert str(mode.value) == "unknown privacy mode 'blur'; choose suppress, round or none"


# --- the command line, with --lang ----------------------------------------------------------------------------
@pytest.fixture
def register_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'targets.sqlite'}"


def _import(capsys, path: Path, url: str, lang: str) -> tuple[int, str, str]:
    code = main(["targets", "import", str(path), "--who", "rina", "--db", url, "--lang", lang])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_a_missing_column_in_both_languages(capsys, tmp_path, register_url):
    path = tmp_path / "target.csv"
    path.write_text("kode,instansi,intervensi,jumlah\n64.02,Dinas Sosial,RTLH,5\n", encoding="utf-8")
    code, out, err = _import(capsys, path, register_url, "id")
    assert code == 1 and out == ""
    assert err == ("geo-planner: kesalahan: berkas target.csv: 1 masalah ditemukan; perbaiki lalu coba lagi:\n"
                   "- berkas target.csv: tidak ada kolom tahun; tambahkan kolom berjudul 'Tahun' / 'Year'\n")
    code, out, err = _import(capsys, path, register_url, "en")
    assert code == 1 and err == ("geo-planner: error: file target.csv: 1 problem(s) found; fix them and try again:\n"
                                 "- file target.csv: there is no year column; add a column headed 'Tahun' / "
                                 "'Year'\n")


def test_cli_rejected_rows_in_both_languages(capsys, tmp_path, register_url):
    path = tmp_path / "target.csv"
    path.write_text("kode,instansi,intervensi,tahun,jumlah\n64.02,Dinas Sosial,RTLH,2026,abc\n"
                    "6403,Dinas Sosial,RTLH,2026,3\n64.02,Dinas Sosial,RTLH,1999,3\n", encoding="utf-8")
    code, out, err = _import(capsys, path, register_url, "id")
    assert code == 1
    assert "0 target diimpor dari target.csv; 3 baris ditolak" in out
    assert "  baris 2, kolom 'jumlah': 'abc' bukan angka; tulis jumlah sebagai angka, misalnya 1.500\n" in err
    assert ("  baris 3, kolom 'kode': '6403' tampaknya kode BPS; daftar target memakai kode Kemendagri "
            "(kode BPS 6403 adalah kode Kemendagri 64.02)\n") in err
    assert "  baris 4, kolom 'tahun': tahun 1999 bukan tahun antara 2000 dan 2100\n" in err
    code, out, err = _import(capsys, path, register_url, "en")
    assert code == 1 and "imported 0 target(s) from target.csv; rejected 3 row(s)" in out
    assert "  row 2, column 'jumlah': 'abc' is not a number; write the quantity as a number such as 1.500\n" in err
    assert "  row 4, column 'tahun': year 1999 is not a year from 2000 to 2100\n" in err


def test_cli_an_empty_register_file(capsys, tmp_path):
    empty = tmp_path / "targets.sqlite"
    empty.write_bytes(b"")
    code = main(["targets", "list", "--db", f"sqlite:///{empty}", "--lang", "id"])
    _, err = capsys.readouterr()
    assert code == 1
    assert err == (f"geo-planner: kesalahan: berkas daftar target {empty} kosong (0 byte): targetnya hilang, mungkin "
                   "terpotong karena disk penuh atau penyalinan yang gagal; pulihkan targets.sqlite dari cadangan "
                   "Anda, atau pindahkan berkas itu lalu impor ekspor terakhir Anda (geo-planner targets import "
                   "FILE.xlsx) ke daftar target baru; geo-planner tidak pernah menggantinya\n")


def test_the_append_only_log_refuses_a_change_in_both_languages(tmp_path):
    from geo_planner.planning.targets import open_register
    from geo_planner.planning.targets.db import StorageError

    with open_register(f"sqlite:///{tmp_path / 'targets.sqlite'}") as reg:
        reg.add(RECORD, who="rina")  # one row in the audit log
        for lang, expected in (("id", "ditolak: audit_log hanya dapat ditambah: barisnya tidak pernah diubah atau "
                                      "dihapus"),
                               ("en", "refused: the audit_log is append-only: its rows are never changed or "
                                      "deleted")):
            with language(lang), pytest.raises(StorageError) as exc, reg._transaction():
                reg._execute("DELETE FROM audit_log")
            assert str(exc.value) == expected
