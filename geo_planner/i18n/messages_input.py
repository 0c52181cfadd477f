"""Messages of the readers: ``geo_planner/sources``, ``geo_planner/units`` and ``geo_planner/layers``.

Merged into :data:`geo_planner.i18n.messages.MESSAGES` (see there); a module writes one with
``msg(key, **values)``. Keys start with the module's short name (``tables_``, ``coords_``, ``codes_`` ...).
"""

from __future__ import annotations

__all__ = ["MESSAGES_INPUT"]

# key: (Bahasa Indonesia, English)
MESSAGES_INPUT: dict[str, tuple[str, str]] = {
    # sources/tables.py: reading a CSV or XLSX table
    "tables_setting_not_number": ("setelan {env}={text} bukan angka; isi dengan angka seperti {default} atau hapus "
                                  "setelan itu",
                                  "the setting {env}={text} is not a number; set it to a number such as {default} or "
                                  "remove it"),
    "tables_over_limit": ("berkas ini {what} {found}, melebihi batas {limit} untuk unggahan; pecah tabelnya, baca "
                          "dengan baris perintah (geo-planner ... --layer FILE tanpa batas), atau minta administrator "
                          "menaikkan {env}",
                          "the file {what} {found}, over the limit of {limit} for an upload; split the table, read it "
                          "with the command line (geo-planner ... --layer FILE has no limit), or ask the administrator "
                          "to raise {env}"),
    "tables_has": ("berisi", "has"),
    "tables_holds": ("berisi", "holds"),
    "tables_took": ("butuh", "took"),
    "tables_about_lines": ("sekitar {n} baris teks", "about {n} lines"),
    "tables_n_rows": ("{n} baris", "{n} rows"),
    "tables_n_cells": ("{n} sel", "{n} cells"),
    "tables_more_seconds": ("lebih dari {n} detik untuk dibaca", "more than {n} seconds to read"),
    "tables_n_seconds": ("{n} detik", "{n} seconds"),
    "tables_file_missing": ("berkas tidak ditemukan; periksa lokasi berkasnya lalu coba lagi",
                            "the file was not found; check the path and try again"),
    "tables_file_unreadable": ("berkas tidak dapat dibaca ({error}); pastikan itu sebuah berkas dan tidak sedang "
                               "dibuka di program lain, lalu coba lagi",
                               "the file could not be read ({error}); check that it is a file and not open in "
                               "another program and try again"),
    "tables_uploaded_file": ("berkas unggahan", "uploaded file"),
    "tables_source_type": ("source harus berupa path atau objek berkas biner, bukan {type}",
                           "source must be a path or a binary file-like object, not {type}"),
    "tables_empty": ("berkas kosong; ekspor tabelnya lagi, simpan, lalu unggah berkas yang sudah disimpan",
                     "the file is empty; export the table again, save it and upload the saved file"),
    "tables_too_large": ("berkas lebih besar dari batas {mb} MB; hapus sheet atau kolom yang tidak diperlukan, atau "
                         "pecah tabelnya, lalu coba lagi (batas ini hanya untuk unggahan: baris perintah membaca "
                         "berkas sebesar apa pun, dan GEO_PLANNER_MAX_UPLOAD_MB menaikkannya)",
                         "the file is larger than the limit of {mb} MB; remove sheets or columns that are not "
                         "needed, or split the table, and try again (the limit is for uploads: the command line "
                         "reads a file of any size, and GEO_PLANNER_MAX_UPLOAD_MB raises it)"),
    "tables_is_xls": ("ini buku kerja Excel lama 97-2003 (.xls) atau buku kerja berkata sandi; buka di Excel atau "
                      "LibreOffice, hapus kata sandinya, simpan sebagai .xlsx atau CSV, lalu coba lagi",
                      "this is an old Excel 97-2003 workbook (.xls) or a password-protected one; open it in Excel "
                      "or LibreOffice, remove any password and save it as .xlsx or CSV, then try again"),
    "tables_is_ods": ("ini lembar kerja OpenDocument (.ods); buka di LibreOffice, simpan sebagai .xlsx atau CSV, "
                      "lalu coba lagi",
                      "this is an OpenDocument spreadsheet (.ods); open it in LibreOffice and save it as .xlsx or "
                      "CSV, then try again"),
    "tables_is_zip": ("ini arsip ZIP atau buku kerja yang rusak; ekstrak tabelnya dari arsip, atau buka di Excel, "
                      "simpan sebagai .xlsx atau CSV, lalu coba lagi",
                      "this is a ZIP archive or a damaged workbook; extract the table from it, or open it in Excel "
                      "and save it as .xlsx or CSV, then try again"),
    "tables_is_binary": ("ini bukan berkas CSV/teks maupun buku kerja Excel .xlsx; buka di Excel, simpan sebagai "
                         ".xlsx atau CSV, lalu coba lagi",
                         "this is neither a CSV/text file nor an Excel .xlsx workbook; open it in Excel and save it "
                         "as .xlsx or CSV, then try again"),
    "tables_text_named_excel": ("nama berkas berakhiran {suffix} tetapi isinya teks biasa, bukan buku kerja Excel; "
                                "jika ini ekspor CSV, ganti akhiran namanya menjadi .csv, jika bukan, buka di Excel "
                                "dan simpan sebagai .xlsx, lalu coba lagi",
                                "the name ends in {suffix} but the file is plain text, not an Excel workbook; if it "
                                "is a CSV export rename it to .csv, otherwise open it in Excel and save it as .xlsx, "
                                "then try again"),
    "tables_nul_removed": ("{count} byte NUL (hasil ekspor rusak?) telah dihapus",
                           "{count} NUL byte(s) (a damaged export?) were removed"),
    "tables_csv_unreadable": ("berkas tidak dapat dibaca sebagai CSV ({error}); simpan lagi sebagai CSV dari Excel "
                              "lalu coba lagi",
                              "the file could not be read as CSV ({error}); save it again as CSV from Excel and try "
                              "again"),
    "tables_xlsx_damaged": ("buku kerja Excel tidak dapat dibuka; mungkin rusak: buka di Excel, simpan lagi sebagai "
                            ".xlsx lalu coba lagi",
                            "the Excel workbook could not be opened; it may be damaged: open it in Excel, save it "
                            "again as .xlsx and try again"),
    "tables_no_sheet_table": ("tidak ada sheet yang berisi tabel (baris judul kolom dengan sedikitnya dua sel terisi, "
                              "diikuti baris data); sheet yang ada: {titles}: pilih sheet yang berisi data "
                              "(--sheet NAMA) atau tulis nama kolom dalam satu baris di atas data",
                              "no sheet holds a table (a header row with at least two filled cells followed by data "
                              "rows); the sheets are {titles}: choose the sheet with the data (--sheet NAME) or put "
                              "the column names in one row above the data"),
    "tables_sheet_no_table": ("sheet '{sheet}' tidak berisi tabel (baris judul kolom dengan sedikitnya dua sel "
                              "terisi, diikuti baris data); sheet yang ada: {titles}: pilih sheet yang berisi data "
                              "(--sheet NAMA) atau tulis nama kolom dalam satu baris di atas data",
                              "sheet '{sheet}' holds no table (a header row with at least two filled cells followed "
                              "by data rows); the sheets are {titles}: choose the sheet with the data (--sheet NAME) "
                              "or put the column names in one row above the data"),
    "tables_sheet_read": ("yang dibaca: sheet '{sheet}' (sheet yang ada: {titles}); pilih yang lain dengan "
                          "--sheet NAMA (di aplikasi: pilihan sheet)",
                          "sheet '{sheet}' was read (the sheets are {titles}); choose another with --sheet NAME "
                          "(in the app: the sheet choice)"),
    "tables_no_sheet_number": ("tidak ada sheet nomor {sheet} (dihitung dari 0); sheet yang ada: {titles}",
                               "there is no sheet number {sheet} (counting from 0); the sheets are {titles}"),
    "tables_no_sheet_named": ("tidak ada sheet bernama '{sheet}'; sheet yang ada: {titles}",
                              "there is no sheet named '{sheet}'; the sheets are {titles}"),
    "tables_no_table": ("tidak ditemukan tabel (baris judul kolom dengan sedikitnya dua sel terisi, diikuti baris "
                        "data); tulis nama kolom dalam satu baris di atas data lalu coba lagi",
                        "no table was found (a header row with at least two filled cells followed by data rows); put "
                        "the column names in one row above the data and try again"),
    "tables_value_not_number": ("{value} bukan angka", "{value} is not a number"),
    "tables_value_bad_thousands": ("{value} bukan angka (pemisah ribuan salah tempat)",
                                   "{value} is not a number (misplaced thousands separator)"),
    "tables_number_type": ("tidak dapat membaca angka dari {type}", "cannot parse a number from {type}"),
    "tables_kind": ("kind harus salah satu dari {kinds}, bukan {kind}", "kind must be one of {kinds}, not {kind}"),
    "tables_no_column": ("tidak ada kolom '{column}'; kolom yang ada: {columns}; ganti nama kolomnya atau pilih "
                         "kolom lain",
                         "there is no column '{column}'; the columns are {columns}; rename the column or choose "
                         "another one"),
    "tables_not_a_number": ("'{value}' bukan angka; tulis angka seperti 5,17 atau kosongkan selnya",
                            "'{value}' is not a number; write a number such as 5,17 or leave the cell empty"),
    "tables_not_finite": ("{value} bukan angka terhingga; tulis angka biasa",
                          "{value} is not a finite number; write an ordinary number"),
    "tables_rate_outside": ("persentase {value} di luar 0-100 %; tulis sebagai persen seperti 5,17",
                            "rate {value} is outside 0-100 %; write the rate as a percentage such as 5,17"),
    "tables_count_negative": ("jumlah {value} negatif; jumlah harus 0 atau lebih",
                              "count {value} is negative; a count must be 0 or more"),
    "tables_count_fraction": ("jumlah {value} bukan bilangan bulat; koma dibaca sebagai pemisah desimal, jadi tulis "
                              "ribuan sebagai 221.340 atau 221340",
                              "count {value} is not a whole number; a comma is read as a decimal separator, so write "
                              "thousands as 221.340 or 221340"),
    # @@next
}
