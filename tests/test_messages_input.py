"""The readers' messages (sources/, units/, layers/) in the reader's language, sentence by sentence.

Each expected sentence is written out by hand, in Bahasa Indonesia and in English: through the command line
(``--lang``) and through the library (:func:`geo_planner.i18n.messages.language`). The catalogue itself is
``geo_planner/i18n/messages_input.py``; tests/test_i18n.py checks its placeholders and that the modules take
every message from it.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from geo_planner.cli.commands import main
from geo_planner.errors import InputError
from geo_planner.i18n.messages import language
from geo_planner.sources.coordinates import parse_coordinate
from geo_planner.sources.tables import read_table, to_numeric
from geo_planner.units.codes import match_keys


def _units() -> pd.DataFrame:
    return pd.DataFrame({"name": ["Paser", "Kutai Kartanegara", "Kota Samarinda"], "parent": ["64", "64", "64"],
                         "level": "kabkota"}, index=pd.Index(["64.01", "64.02", "64.72"], name="code"))


@pytest.fixture
def bad_table(tmp_path):
    path = tmp_path / "buruk.csv"
    path.write_text("nama,jumlah rtlh\nKukar,100\nBerau,abc\n64.99,3\n", encoding="utf-8")
    return path


# --- through the command line ------------------------------------------------------------------------------
def test_a_bad_number_cell_and_an_unknown_code_in_indonesian(capsys, bad_table):
    assert main(["validate", str(bad_table), "--lang", "id"]) == 1
    out = capsys.readouterr().out
    assert ("  KESALAHAN  baris 3, kolom 'jumlah rtlh': 'abc' bukan angka; tulis angka seperti 5,17 atau "
            "kosongkan selnya") in out.splitlines()
    assert "  baris 4 '64.99': kode Kemendagri 64.99 bukan wilayah tingkat ini" in out.splitlines()


def test_a_bad_number_cell_and_an_unknown_code_in_english(capsys, bad_table):
    assert main(["validate", str(bad_table), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert ("  ERROR   row 3, column 'jumlah rtlh': 'abc' is not a number; write a number such as 5,17 or leave "
            "the cell empty") in out.splitlines()
    assert "  row 4 '64.99': Kemendagri code 64.99 is not a unit of this level" in out.splitlines()


def test_an_old_excel_workbook_in_both_languages(capsys, tmp_path):
    path = tmp_path / "lama.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 64)
    assert main(["validate", str(path), "--lang", "id"]) == 1
    assert capsys.readouterr().err == (
        "geo-planner: kesalahan: berkas lama.xls: ini buku kerja Excel lama 97-2003 (.xls) atau buku kerja yang "
        "dilindungi kata sandi; buka di Excel atau LibreOffice, hapus kata sandinya, simpan sebagai .xlsx atau CSV, "
        "lalu coba lagi\n")
    assert main(["validate", str(path), "--lang", "en"]) == 1
    assert capsys.readouterr().err == (
        "geo-planner: error: file lama.xls: this is an old Excel 97-2003 workbook (.xls) or a password-protected "
        "one; open it in Excel or LibreOffice, remove any password and save it as .xlsx or CSV, then try again\n")


def test_an_empty_file_in_both_languages(capsys, tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"\xef\xbb\xbf \n")
    assert main(["validate", str(path), "--lang", "id"]) == 1
    assert capsys.readouterr().err == ("geo-planner: kesalahan: berkas kosong.csv: berkas kosong; ekspor tabelnya "
                                       "lagi, simpan, lalu unggah berkas yang sudah disimpan\n")
    assert main(["validate", str(path), "--lang", "en"]) == 1
    assert capsys.readouterr().err == ("geo-planner: error: file kosong.csv: the file is empty; export the table "
                                       "again, save it and upload the saved file\n")


# --- through the library -----------------------------------------------------------------------------------
def test_a_missing_column_in_both_languages():
    table = read_table(io.BytesIO(b"kode,rtlh\n64.01,3\n"), name="rtlh.csv")
    with language("id"):  # the where-part is written when the error is shown: inside the block too
        with pytest.raises(InputError) as exc:
            to_numeric(table, "jumlah")
        assert str(exc.value) == ("berkas rtlh.csv: tidak ada kolom 'jumlah'; kolom yang ada: 'kode', 'rtlh'; "
                                  "ganti nama kolomnya atau pilih kolom lain")
    with language("en"):
        with pytest.raises(InputError) as exc:
            to_numeric(table, "jumlah")
        assert str(exc.value) == ("file rtlh.csv: there is no column 'jumlah'; the columns are 'kode', 'rtlh'; "
                                  "rename the column or choose another one")


def test_a_rate_outside_0_100_in_both_languages():
    table = read_table(io.BytesIO(b"kode,p0\n64.01,120\n64.02,5\n"), name="t.csv")
    with language("id"):
        assert str(to_numeric(table, "p0", kind="rate")[1][0]) == (
            "berkas t.csv, baris 2, kolom 'p0': persentase 120 di luar 0-100 %; tulis sebagai persen seperti 5,17")
    with language("en"):
        assert str(to_numeric(table, "p0", kind="rate")[1][0]) == (
            "file t.csv, row 2, column 'p0': rate 120 is outside 0-100 %; write the rate as a percentage such as "
            "5,17")


def test_key_matching_reasons_in_both_languages():
    keys = ["6499", "1.23E+15", "Kab. Xyz"]
    with language("id"):
        reasons = match_keys(keys, _units())["reason"].tolist()
    assert reasons == [
        "kode BPS 6499 tidak punya padanan kode Kemendagri dalam tabel padanan; pakai nama wilayah atau kode "
        "Kemendagri-nya",
        "kode '1.23E+15' adalah angka dalam notasi ilmiah, sehingga digitnya hilang; format kolom kunci sebagai "
        "Teks di lembar kerja lalu ketik ulang kodenya (mis. 64.02 atau 6403)",
        "tidak ada wilayah bernama seperti 'Kab. Xyz' di dalam 64; periksa ejaannya atau pakai kodenya",
    ]
    with language("en"):
        reasons = match_keys(keys, _units())["reason"].tolist()
    assert reasons == [
        "BPS code 6499 has no Kemendagri equivalent in the crosswalk; use the unit's name or Kemendagri code",
        "the code '1.23E+15' is a number in scientific notation, so its digits are lost; format the key column "
        "as Text in the spreadsheet and type the codes again (e.g. 64.02 or 6403)",
        "no unit named like 'Kab. Xyz' within 64; check the spelling or use the code",
    ]


def test_a_coordinate_without_hemisphere_in_both_languages():
    with language("id"), pytest.raises(ValueError) as exc:
        parse_coordinate("0°29'35\"")
    assert str(exc.value) == "'0°29'35\"' tidak menyebut belahan bumi; tambahkan S/LS atau N/LU (E/BT untuk bujur)"
    with language("en"), pytest.raises(ValueError) as exc:
        parse_coordinate("0°29'35\"")
    assert str(exc.value) == "'0°29'35\"' names no hemisphere; add S/LS or N/LU (E/BT for longitude)"


def test_a_message_follows_a_language_switch_made_after_import():
    """Messages are made when the error is, so a switch between two reads shows in the second."""
    with language("en"), pytest.raises(InputError, match="^file x.csv: the file is empty"):
        read_table(io.BytesIO(b""), name="x.csv")
    with language("id"), pytest.raises(InputError, match="^berkas x.csv: berkas kosong;"):
        read_table(io.BytesIO(b""), name="x.csv")
