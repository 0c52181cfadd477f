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
    "tables_uploaded_file": ("unggahan", "uploaded file"),  # a name: "berkas unggahan: ..."
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
    "tables_is_xls": ("ini buku kerja Excel lama 97-2003 (.xls) atau buku kerja yang dilindungi kata sandi; buka di "
                      "Excel atau LibreOffice, hapus kata sandinya, simpan sebagai .xlsx atau CSV, lalu coba lagi",
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
    "tables_figures_above_header": ("baris {rows} di atas judul kolom (baris {header}) berisi angka atau kode tetapi "
                                    "tidak dibaca sebagai data; periksa apakah baris {header} memang judul kolomnya",
                                    "row(s) {rows} above the header (row {header}) hold figures or codes but were not "
                                    "read as data; check that row {header} is the header"),
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
    # sources/userfiles.py: a user's own boundary file
    "userfiles_bad_zip": ("bukan arsip zip yang dapat dibaca ({error}); zip ulang bagian-bagian Shapefile-nya",
                          "is not a readable zip archive ({error}); zip the Shapefile parts again"),
    "userfiles_zip_members": ("zip berisi {n} berkas; paling banyak {most} yang dibaca",
                              "the zip holds {n} files; at most {most} are read"),
    "userfiles_zip_path": ("zip berisi path yang keluar dari foldernya ('{member}'); zip tidak dibuka. Zip hanya "
                           "bagian-bagian Shapefile, tanpa folder di atasnya",
                           "the zip holds a path that leaves its folder ('{member}'); it was not opened. Zip only "
                           "the Shapefile parts, without folders above them"),
    "userfiles_zip_ratio": ("'{member}' akan membesar {ratio} kali ukuran terkompresinya (bom zip?); zip tidak dibuka",
                            "'{member}' would expand {ratio} times its packed size (a zip bomb?); it was not opened"),
    "userfiles_zip_total": ("zip akan membesar menjadi {mb} MB, melebihi batas {limit} MB; zip tidak dibuka",
                            "the zip would expand to {mb} MB, over the {limit} MB limit; it was not opened"),
    "userfiles_no_layer": ("tidak ada lapisan bernama '{layer}'; lapisan yang ada: {layers}",
                           "there is no layer named '{layer}'; the layers are {layers}"),
    "userfiles_many_layers": ("berkas berisi {n} lapisan ({layers}); pilih satu dengan --layer-name NAMA (di "
                              "aplikasi: pilihan lapisan)",
                              "the file holds {n} layers ({layers}); choose one with --layer-name NAME (in the app: "
                              "the layer choice)"),
    "userfiles_unreadable": ("tidak dapat dibaca sebagai {format} ({error}); periksa bahwa berkasnya lengkap dan "
                             "memang berformat itu",
                             "cannot be read as {format} ({error}); check that the file is complete and of this "
                             "format"),
    "userfiles_suffix": ("berkas GIS harus salah satu dari {suffixes}, bukan '{suffix}'",
                         "GIS files must be one of {suffixes}, got '{suffix}'"),
    "userfiles_empty": ("berkas kosong", "the file is empty"),
    "userfiles_too_large": ("berkas berukuran {mb} MB, melebihi batas unggahan {limit} MB; baris perintah membaca "
                            "berkas sebesar apa pun, dan GEO_PLANNER_MAX_UPLOAD_MB menaikkan batasnya",
                            "the file is {mb} MB, over the {limit} MB limit for uploads; the command line reads a "
                            "file of any size, and GEO_PLANNER_MAX_UPLOAD_MB raises the limit"),
    "userfiles_not_zip": ("bukan arsip zip; kirim bagian-bagian Shapefile (.shp, .shx, .dbf, .prj) dalam satu zip",
                          "is not a zip archive; send the Shapefile parts (.shp, .shx, .dbf, .prj) zipped"),
    "userfiles_zip_shps": ("zip berisi {n} berkas .shp; zip harus berisi tepat satu Shapefile",
                           "the zip holds {n} .shp files; it must hold exactly one Shapefile"),
    "userfiles_zip_no_prj": ("Shapefile tidak punya .prj, jadi sistem koordinatnya tidak diketahui; tambahkan berkas "
                             ".prj bawaannya ke dalam zip",
                             "the Shapefile has no .prj, so its coordinate system is unknown; add the .prj file that "
                             "came with it to the zip"),
    "userfiles_no_prj": ("Shapefile tidak punya .prj di sebelahnya, jadi sistem koordinatnya tidak diketahui",
                         "the Shapefile has no .prj beside it, so its coordinate system is unknown"),
    "userfiles_assumed_wgs84": ("{file}: sistem koordinat tidak disebutkan; koordinatnya tampak seperti bujur/lintang, "
                                "dibaca sebagai EPSG:4326",
                                "{file}: no coordinate system given; the coordinates look like longitude/latitude, "
                                "read as EPSG:4326"),
    "userfiles_projected_no_crs": ("koordinatnya terproyeksi (meter?) tetapi berkas tidak menyebut sistem "
                                   "koordinatnya; ekspor ulang beserta CRS-nya (.prj untuk Shapefile)",
                                   "coordinates are projected (metres?) but the file names no coordinate system; "
                                   "export it again with its CRS (a .prj for a Shapefile)"),
    "userfiles_outside": ("batas wilayahnya berada di luar Indonesia (bujur {lon}, lintang {lat}).",
                          "the boundaries lie outside Indonesia (lon {lon}, lat {lat})."),
    "userfiles_axes_swapped": ("Sumbunya tampak tertukar (lintang disimpan sebagai x): ekspor dengan bujur lebih dulu.",
                               "The axes look swapped (latitude stored as x): export with longitude first."),
    # sources/coordinates.py: coordinates typed in a table, GPS and Google Earth files
    "coords_not_coordinate": ("'{text}' bukan koordinat", "'{text}' is not a coordinate"),
    "coords_two_hemispheres": ("'{text}' menyebut dua belahan bumi", "'{text}' names two hemispheres"),
    "coords_no_hemisphere": ("'{text}' tidak menyebut belahan bumi; tambahkan S/LS atau N/LU (E/BT untuk bujur)",
                             "'{text}' names no hemisphere; add S/LS or N/LU (E/BT for longitude)"),
    "coords_minutes": ("'{text}': menit dan detik harus di bawah 60", "'{text}': minutes and seconds are below 60"),
    "coords_negative_south": ("'{text}' bertanda negatif sekaligus selatan/barat",
                              "'{text}' is negative and south/west at once"),
    "coords_not_pair": ("'{text}' bukan pasangan 'lintang, bujur'", "'{text}' is not a pair 'latitude, longitude'"),
    "coords_field_unreadable": ("tidak dapat dibaca sebagai {format} ({error}); ekspor ulang dari perangkat GPS atau "
                                "Google Earth",
                                "cannot be read as {format} ({error}); export it again from the GPS unit or Google "
                                "Earth"),
    "coords_no_points": ("berkas {format} tidak berisi titik", "the {format} file holds no points"),
    "coords_wrong_hemisphere_south": ("koordinatnya berada di luar Indonesia menurut sistem koordinat berkas {said} "
                                      "(EPSG:{epsg}), tetapi di dalamnya menurut {meant} (EPSG:{other}): .prj "
                                      "menyebut belahan bumi yang salah; ekspor ulang berkasnya dengan zona selatan, "
                                      "atau ganti .prj-nya",
                                      "the coordinates lie outside Indonesia in the file's coordinate system {said} "
                                      "(EPSG:{epsg}), but inside it with {meant} (EPSG:{other}): the .prj names the "
                                      "wrong hemisphere; export the file again with the southern zone, or replace "
                                      "its .prj"),
    "coords_wrong_hemisphere_north": ("koordinatnya berada di luar Indonesia menurut sistem koordinat berkas {said} "
                                      "(EPSG:{epsg}), tetapi di dalamnya menurut {meant} (EPSG:{other}): .prj "
                                      "menyebut belahan bumi yang salah; ekspor ulang berkasnya dengan zona utara, "
                                      "atau ganti .prj-nya",
                                      "the coordinates lie outside Indonesia in the file's coordinate system {said} "
                                      "(EPSG:{epsg}), but inside it with {meant} (EPSG:{other}): the .prj names the "
                                      "wrong hemisphere; export the file again with the northern zone, or replace "
                                      "its .prj"),
    # units/codes.py: matching a row's key (code or name) to a unit
    "codes_parents_length": ("parents harus memberi satu induk untuk setiap kunci",
                             "parents must give one parent per key"),
    "codes_in_parent": ("{name} ({code}, di {parent})", "{name} ({code}, in {parent})"),
    "codes_hint_kab": ("tulis 'Kab.' atau 'Kota'", "write 'Kab.' or 'Kota'"),
    "codes_hint_parent": ("sebutkan kecamatan atau kabupatennya dalam satu kolom",
                          "name the kecamatan or kabupaten in a column"),
    "codes_ambiguous_several": ("ambigu: '{key}' adalah nama beberapa wilayah: {listed}; {hint}, atau pakai kodenya",
                                "ambiguous: '{key}' names several units: {listed}; {hint}, or use the code"),
    "codes_ambiguous_close": ("ambigu: '{key}' sama miripnya ({score}) dengan {listed}; {hint}, atau pakai kodenya",
                              "ambiguous: '{key}' is as close ({score}) to {listed}; {hint}, or use the code"),
    "codes_key_column": ("kolom kunci", "the key column"),
    "codes_text_hint": ("format {where} sebagai Teks di lembar kerja lalu ketik ulang kodenya (mis. 64.02 atau 6403)",
                        "format {where} as Text in the spreadsheet and type the codes again (e.g. 64.02 or 6403)"),
    "codes_scientific": ("kode '{key}' adalah angka dalam notasi ilmiah, sehingga digitnya hilang; {hint}",
                         "the code '{key}' is a number in scientific notation, so its digits are lost; {hint}"),
    "codes_other_province": ("kode Kemendagri {code} ada di provinsi {province}, bukan {ours}; periksa berkasnya atau "
                             "pilih provinsi {province} (--province {province})",
                             "Kemendagri code {code} lies in province {province}, not {ours}; check the file or "
                             "choose province {province} (--province {province})"),
    "codes_other_level": ("kode Kemendagri {code} adalah kode {kind}, bukan {level}; pilih tingkat {kind} "
                          "(--level {option}) atau periksa kolom kodenya",
                          "Kemendagri code {code} is a {kind} code, not a {level} one; choose the {kind} level "
                          "(--level {option}) or check the code column"),
    "codes_level_province": ("provinsi", "province"),
    "codes_level_kabkota": ("kab/kota", "regency/city"),
    "codes_level_kecamatan": ("kecamatan", "district"),
    "codes_level_desa": ("desa/kelurahan", "village"),
    "codes_not_of_level": ("kode Kemendagri {code} bukan wilayah tingkat ini",
                           "Kemendagri code {code} is not a unit of this level"),
    "codes_read_from_number": (" (dibaca dari angka '{key}'; jika bukan itu kode yang dimaksud, {hint})",
                               " (read from the number '{key}'; if that is not the code meant, {hint})"),
    "codes_bps_kecamatan": ("kode BPS kecamatan {code} berbeda dari kode Kemendagri (bentuk 64.02.05) dan tidak ada "
                            "tabel padanannya; pakai nama kecamatan atau kode Kemendagri-nya",
                            "BPS kecamatan code {code} differs from the Kemendagri code (64.02.05 style) and there "
                            "is no crosswalk; use the kecamatan's name or Kemendagri code"),
    "codes_undotted_unknown": ("kode {code} bukan kode Kemendagri {level} tingkat ini yang ditulis tanpa titik "
                               "({dotted}) dan bukan pula kode BPS dalam tabel padanan; pakai kode Kemendagri "
                               "bertitik atau nama wilayahnya",
                               "code {code} is neither a {level} Kemendagri code of this level without dots "
                               "({dotted}) nor a BPS code in the crosswalk; use the Kemendagri code with dots or "
                               "the unit's name"),
    "codes_bps_no_crosswalk": ("kode BPS {code} tidak punya padanan kode Kemendagri dalam tabel padanan; pakai nama "
                               "wilayah atau kode Kemendagri-nya",
                               "BPS code {code} has no Kemendagri equivalent in the crosswalk; use the unit's name "
                               "or Kemendagri code"),
    "codes_key_empty": ("sel kunci kosong", "the key cell is empty"),
    "codes_province_total": ("baris total provinsi: tidak digabungkan ke wilayah mana pun",
                             "province total row: not joined to a unit"),
    "codes_parent_total": ("baris total {total}, wilayah induk dari wilayah-wilayah ini: tidak digabungkan ke "
                           "wilayah mana pun",
                           "total row of {total}, the unit these units lie in: not joined to a unit"),
    "codes_no_exact_name": ("tidak ada wilayah yang bernama persis '{key}'; ejaan yang mirip hanya dicocokkan di "
                            "dalam kecamatan atau kabupaten yang disebut barisnya: tambahkan kolom itu, atau periksa "
                            "ejaannya atau pakai kodenya",
                            "no unit is named exactly '{key}'; a close spelling is matched only within the "
                            "kecamatan or kabupaten the row names: add such a column, or check the spelling or use "
                            "the code"),
    "codes_elsewhere": ("tidak ada wilayah bernama seperti '{key}' di dalam {parent}; wilayah dengan nama itu ada di "
                        "tempat lain: {listed}; periksa induknya atau pakai kodenya",
                        "no unit named like '{key}' within {parent}; units of that name lie elsewhere: {listed}; "
                        "check the parent or use the code"),
    "codes_no_name_within": ("tidak ada wilayah bernama seperti '{key}' di dalam {scope}; periksa ejaannya atau pakai "
                             "kodenya",
                             "no unit named like '{key}' within {scope}; check the spelling or use the code"),
    "codes_no_name": ("tidak ada wilayah bernama seperti '{key}'; periksa ejaannya atau pakai kodenya",
                      "no unit named like '{key}'; check the spelling or use the code"),
    # units/userunits.py: a user's boundary file made into units
    "userunits_no_column": ("tidak ada kolom '{column}'; kolom yang ada: {columns}",
                            "no column '{column}'; columns: {columns}"),
    "userunits_bps_no_crosswalk": ("kode BPS {code} tidak punya padanan kode Kemendagri dalam tabel padanan; "
                                   "tambahkan kolom kode Kemendagri",
                                   "BPS code {code} has no Kemendagri equivalent in the crosswalk; add a Kemendagri "
                                   "code column"),
    "userunits_file_missing": ("berkas tidak ditemukan", "file not found"),
    "userunits_no_geometry": ("fitur {rows} tidak punya geometri; perbaiki atau hapus fitur itu",
                              "features {rows} have no geometry; fix or remove them"),
    "userunits_names_unmatched": ("tidak ada kolom kode, dan nama-nama ini tidak cocok dengan wilayah {level} mana "
                                  "pun: {names}",
                                  "no code column, and these names match no {level} unit: {names}"),
    "userunits_no_code_column": ("tidak ditemukan kolom kode wilayah (mis. 'kode' berisi 64.02); sebutkan kolomnya "
                                 "dengan --code-column",
                                 "no column of region codes found (e.g. 'kode' with 64.02); name it with "
                                 "--code-column"),
    "userunits_repaired": ("{file}: geometri fitur {code} tidak valid dan telah diperbaiki",
                           "{file}: feature {code} had an invalid geometry and was repaired"),
    "userunits_duplicate_codes": ("kode muncul pada lebih dari satu fitur: {codes}; gabungkan (dissolve) dulu",
                                  "codes appear on more than one feature: {codes}; dissolve them first"),
    # layers/official.py: kinds of source, the uploaded official BPS table
    "official_src_bps_release": ("rilis BPS", "BPS release"),
    "official_src_bps_table": ("tabel BPS", "BPS table"),
    "official_src_regency_statement": ("pernyataan pemda", "regency/province statement"),
    "official_src_news_report": ("laporan berita", "news report"),
    "official_src_secondary_document": ("dokumen sekunder", "secondary document"),
    "official_src_open_data": ("data terbuka pemerintah", "government open data"),
    "official_note": ("tabel BPS resmi yang diunggah: menggantikan angka bawaan",
                      "official BPS table uploaded: replaces the built-in figure"),
    "official_other_year": ("tahun lain di tabel BPS", "another year of the BPS table"),
    "official_no_source_type": ("tabel angka tidak punya kolom 'source_type'; tambahkan kolom itu (bps_release, "
                                "bps_table, regency_statement, news_report, secondary_document)",
                                "the figures table has no 'source_type' column; add one (bps_release, bps_table, "
                                "regency_statement, news_report, secondary_document)"),
    "official_bad_source_type": ("source_type '{value}' bukan salah satu dari {types}",
                                 "source_type '{value}' is not one of {types}"),
    # layers/model.py: a table read as a layer of figures
    "model_manifest_columns": ("manifest tidak punya kolom {columns}", "manifest lacks column(s) {columns}"),
    "model_direction": ("direction harus salah satu dari {directions}, bukan '{value}'",
                        "direction must be one of {directions}, got '{value}'"),
    "model_no_column": ("tidak ada kolom '{column}'; kolom yang ada: {columns}",
                        "no column '{column}'; the columns are: {columns}"),
    "model_no_key_column": ("tidak ada kolom yang berisi kode atau nama wilayah tingkat ini (kode Kemendagri seperti "
                            "64.02, kode BPS seperti 6403, atau nama seperti 'Kutai Kartanegara'); kolom yang ada: "
                            "{columns}",
                            "no column holds unit codes or names of this level (Kemendagri code such as 64.02, BPS "
                            "code such as 6403, or a name such as 'Kutai Kartanegara'); the columns are: {columns}"),
    "model_published_as": ("diterbitkan sebagai {value} {unit}", "published as {value} {unit}"),
    "model_no_figures": ("tidak ada kolom berisi angka untuk digabungkan; sebuah lapisan perlu sedikitnya satu kolom "
                         "angka",
                         "no column holds numbers to join; a layer needs at least one column of figures"),
    "model_no_year": ("'{indicator}' tidak punya angka untuk tahun {year}; tahun yang ada: {years}: pilih salah "
                      "satunya dengan --year",
                      "'{indicator}' has no figures for {year}; the years are {years}: choose one of them with "
                      "--year"),
    "model_conflict": ("wilayah {code} punya nilai yang bertentangan untuk '{indicator}' ({values}) pada baris {rows}; "
                       "pertahankan satu baris atau tandai yang lain selected=no",
                       "unit {code} has conflicting values for '{indicator}' ({values}) on rows {rows}; keep one row "
                       "or mark the others selected=no"),
    "model_no_rows": ("tabel punya baris judul kolom tetapi tidak punya baris data",
                      "the table has a header but no data rows"),
    # sources/boundaries.py: the pinned boundary files
    "boundaries_unknown_level": ("tingkat '{level}' tidak dikenal; pilih salah satu dari {levels}",
                                 "unknown level '{level}'; choose one of {levels}"),
    "boundaries_unknown_province": ("kode provinsi '{province}' tidak dikenal; pakai kode Kemendagri dua digit seperti "
                                    "64 (Kalimantan Timur)",
                                    "unknown province code '{province}'; use a two-digit Kemendagri code such as 64 "
                                    "(Kalimantan Timur)"),
    "boundaries_no_desa": ("batas desa provinsi {province} tidak ada dalam katalog geo-planner (dipatok ke {pinned}); "
                           "hanya provinsi 64 yang ada di katalog. Pakai tingkat kabkota atau kecamatan, atau muat "
                           "berkas batas desa Anda sendiri.",
                           "desa boundaries of province {province} are not in geo-planner's catalogue (pinned to "
                           "{pinned}); only province 64 is catalogued. Use kabkota or kecamatan level, or load your "
                           "own desa boundary file."),
    "boundaries_not_pinned": ("{file} tidak ada dalam katalog berkas yang dipatok",
                              "{file} is not in the catalogue of pinned files"),
    "boundaries_mirror_missing": ("folder cermin {mirror} tidak berisi {file}; susunan folder cermin harus sama dengan "
                                  "repositori asal {repo} (db/kab, db/kec, db/kel/<provinsi>)",
                                  "the mirror folder {mirror} has no {file}; a mirror must be laid out like the "
                                  "upstream repository {repo} (db/kab, db/kec, db/kel/<province>)"),
    "boundaries_mirror_sha": ("{path} tidak cocok dengan sha256 yang dipatok untuk {file}; cermin berisi versi lain "
                              "dari commit {commit}: ganti berkasnya dengan versi yang dipatok",
                              "{path} does not match the pinned sha256 of {file}; the mirror holds another version "
                              "than commit {commit}: replace the file with the pinned one"),
    "boundaries_offline_advice": ("Jalankan sekali dengan akses internet (berkas lalu disimpan di {cache}), atau isi "
                                  "GEO_PLANNER_MIRROR dengan folder yang susunannya sama dengan repositori asal {repo}",
                                  "Run once with network access (files are then cached in {cache}), or set "
                                  "GEO_PLANNER_MIRROR to a folder laid out like the upstream repository {repo}"),
    "boundaries_sha_failed": ("unduhan {name} gagal dalam pemeriksaan sha256: {error}",
                              "download of {name} failed its sha256 check: {error}"),
    "boundaries_download_failed": ("tidak dapat mengunduh {url} ({error}); tidak ada jaringan atau server tidak dapat "
                                   "dijangkau. {advice}",
                                   "could not download {url} ({error}); there is no network or the host is "
                                   "unreachable. {advice}"),
    # sources/villages.py: the pinned IDM village files
    "villages_not_catalogued": ("berkas desa IDM provinsi {province} ({name}) tidak ada dalam katalog geo-planner; "
                                "yang ada di katalog: {known}. Tambahkan sha256 berkas-berkasnya pada commit yang "
                                "dipatok dari {repo} ke geo_planner/sources/village_files.sha256, atau muat angka desa "
                                "Anda sendiri sebagai lapisan",
                                "IDM village files of province {province} ({name}) are not in geo-planner's "
                                "catalogue; catalogued: {known}. Add the sha256 of its files at the pinned commits of "
                                "{repo} to geo_planner/sources/village_files.sha256, or load your own desa figures as "
                                "a layer"),
    "villages_mirror_missing": ("cermin desa {mirror} tidak berisi {file}; cermin berisi satu folder per commit yang "
                                "dipatok dari {repo}, tersusun seperti repositorinya (<commit>/data/idm/...)",
                                "the village mirror {mirror} has no {file}; a mirror holds one folder per pinned "
                                "commit of {repo}, laid out like the repository (<commit>/data/idm/...)"),
    "villages_mirror_sha": ("{local} tidak cocok dengan sha256 yang dipatok untuk {file} pada commit {commit}; cermin "
                            "berisi versi lain: ganti dengan berkas dari commit itu",
                            "{local} does not match the pinned sha256 of {file} at commit {commit}; the mirror holds "
                            "another version: replace it with the file of that commit"),
    "villages_offline_advice": ("Jalankan sekali dengan akses internet (berkas lalu disimpan di {cache}), atau isi "
                                "GEO_PLANNER_VILLAGES_MIRROR dengan folder yang tersusun seperti {repo} pada "
                                "commit-commit yang dipatok",
                                "Run once with network access (the files are then cached in {cache}), or set "
                                "GEO_PLANNER_VILLAGES_MIRROR to a folder laid out like {repo} at its pinned commits"),
    # sources/wilayah_sql.py: the wilayah_boundaries SQL files
    "wilayah_sql_depth": ("wilayah {code} punya koordinat bersarang {depth} tingkat; seharusnya 3 (Polygon) atau 4 "
                          "(MultiPolygon)",
                          "unit {code} has coordinates nested {depth} deep; expected 3 (Polygon) or 4 (MultiPolygon)"),
    "wilayah_sql_no_rows": ("tidak ditemukan baris batas wilayah berbentuk ('kode','nama',lat,lng,'[...]'); apakah ini "
                            "berkas SQL wilayah_boundaries?",
                            "no boundary rows of the form ('kode','nama',lat,lng,'[...]') were found; is this a "
                            "wilayah_boundaries SQL file?"),
    "wilayah_sql_axes": ("koordinat membentang bujur {lon}, lintang {lat}, di luar Indonesia setelah dibaca sebagai "
                         "(lat, lng); urutan sumbu berkas ini bukan urutan yang dipakai sumber wilayah_boundaries",
                         "coordinates span lon {lon}, lat {lat}, outside Indonesia after reading them as (lat, lng); "
                         "the file's axis order is not the one the wilayah_boundaries source uses"),
    # units/coverage.py: the one line a planner checks after cleaning a level
    "coverage_summary": ("{level}: {units} wilayah; pasangan tetangga yang tumpang tindih {pairs_before} -> "
                         "{pairs_after}; celah tertutup {gaps_before} -> {gaps_after}; luas total {area_before} ha -> "
                         "{area_after} ha; {changed} wilayah berubah lebih dari 0,01 ha",
                         "{level}: {units} units; overlapping neighbour pairs {pairs_before} -> {pairs_after}; "
                         "enclosed gaps {gaps_before} -> {gaps_after}; total area {area_before} ha -> {area_after} "
                         "ha; {changed} units changed by more than 0.01 ha"),
    "coverage_dissolve_of": ("; gabungan (dissolve) dari {children} wilayah {built_from} yang sudah dibersihkan",
                             "; dissolve of the {children} cleaned {built_from} units"),
    "coverage_without_children": ("; {n} wilayah dari berkas sumber {level} tidak memuat {built_from} dan tidak "
                                  "diikutkan ({codes})",
                                  "; {n} unit(s) of the {level} source file contain no {built_from} and are left out "
                                  "({codes})"),
    "coverage_not_in_source": ("; {n} wilayah tidak ada di berkas sumber {level} dan diberi nama menurut kodenya "
                               "({codes})",
                               "; {n} unit(s) are not in the {level} source file and are named by their code "
                               "({codes})"),
    # units/hierarchy.py: the cleaning report's provenance (kept in English in the cached report)
    "hierarchy_method": ("gabungan (dissolve) cakupan {finest} yang sudah dibersihkan: {union} dari {n} wilayah "
                         "{child_level}{each} menurut kode {level}; nama dari berkas sumber {level}",
                         "dissolve of the cleaned {finest} coverage: {union} of the {n} {child_level} units{each} by "
                         "{level} code; names from the {level} source file"),
    "hierarchy_each": (" (masing-masing gabungan dari {finest}-nya)", " (each a dissolve of its {finest})"),
    "hierarchy_no_child": ("tidak ada {child_level} di dalamnya: tidak diikutkan di tingkat ini",
                           "no {child_level} lies in it: left out of the level"),
    "hierarchy_not_in_source": ("tidak ada di berkas sumber {level}: diberi nama menurut kodenya",
                                "not in the {level} source file: named by its code"),
    "hierarchy_province_method": ("gabungan wilayah kab/kota yang sudah dibersihkan",
                                  "union of the cleaned kab/kota units"),
    "hierarchy_province_each": (" (masing-masing gabungan dari cakupan desa yang sudah dibersihkan)",
                                " (each the dissolve of the cleaned desa coverage)"),
    "hierarchy_none_within": ("tidak ada wilayah {level} di dalam kode {within}",
                              "no {level} unit lies within code {within}"),
    # layers/idm_catalogue.py: the IDM indicator dictionary
    "idm_catalogue_unknown_indicator": ("indikator {code} pada posisi {pos} tidak dikenal geo-planner; kamus IDM "
                                        "berubah: patok ke commit yang ada di katalog",
                                        "indicator {code} at position {pos} is not one geo-planner knows; the IDM "
                                        "dictionary changed: pin the catalogued commit"),
    "idm_catalogue_shape": ("kamus IDM berisi {n} indikator dan pembagi {divisors}; seharusnya 50 serta IKS 175, "
                            "IKE 60, IKL 15",
                            "the IDM dictionary holds {n} indicators and divisors {divisors}; expected 50 and IKS 175, "
                            "IKE 60, IKL 15"),
    # layers/idm.py: the IDM village layer
    "idm_desa_twice": ("kode desa {code} muncul dua kali", "desa code {code} appears twice"),
    "idm_bad_scores": ("desa {code} punya skor indikator '{scores}'; seharusnya {n} digit 0-5",
                       "desa {code} has indicator scores '{scores}'; expected {n} digits 0-5"),
    "idm_no_row": ("desa {code} tidak punya baris IDM; desa ini ditampilkan tanpa angka IDM",
                   "desa {code} has no IDM row; it is shown without IDM figures"),
    "idm_status_disagrees": ("desa {code}: status yang diterbitkan tidak sesuai dengan ambang batas IDM",
                             "desa {code}: the published status disagrees with the IDM thresholds"),
    # layers/columns.py: a user's column named like one geo-planner writes
    "columns_reserved": ("'{header}' bernama sama dengan kolom yang ditulis geo-planner ('{reserved}'); angkanya "
                         "disimpan sebagai '{new}'",
                         "'{header}' has the name of a column geo-planner writes ('{reserved}'); its figures are kept "
                         "as '{new}'"),
    "columns_report_clash": ("'{column}' bernama sama dengan kolom laporan baris yang tidak cocok; di sana kolom ini "
                             "ditampilkan sebagai '{new}'",
                             "'{column}' has the name of a column of the unmatched-rows report; it is shown there as "
                             "'{new}'"),
    # layers/kinds.py: how an indicator rolls up
    "kinds_bad_kind": ("kind dari '{indicator}' harus salah satu dari {kinds}, bukan '{value}'",
                       "kind of '{indicator}' must be one of {kinds}, not '{value}'"),
    "kinds_bad_aggregation": ("aggregation dari '{indicator}' harus salah satu dari {aggregations}, bukan '{value}'",
                              "aggregation of '{indicator}' must be one of {aggregations}, not '{value}'"),
    "kinds_unknown": ("tidak dapat menentukan cara menjumlahkan '{indicator}' (satuan '{unit}') ke tingkat di atasnya; "
                      "isi kind-nya (count, area, money, rate, share, index) atau aggregation-nya",
                      "cannot tell how '{indicator}' (unit '{unit}') rolls up; set its kind (count, area, money, "
                      "rate, share, index) or aggregation"),
    # layers/synthetic.py: the synthetic village demo
    "synthetic_caps": ("tidak dapat membagi {total} ke wilayah-wilayah yang batas atasnya berjumlah {caps}",
                       "cannot share {total} over units whose caps add up to {caps}"),
    "synthetic_no_desa": ("tidak ada wilayah desa untuk dibuatkan angka sintetis",
                          "no desa units to draw synthetic figures for"),
    "synthetic_not_desa": ("{n} wilayah bukan desa (kode seperti 64.01.01.2009), mis. {example}",
                           "{n} unit(s) are not desa (code like 64.01.01.2009), e.g. {example}"),
    "synthetic_no_regency": ("tidak ada angka kab/kota bawaan untuk provinsi {province}; berikan regency_layer",
                             "no built-in regency figures for province {province}; pass regency_layer"),
    "synthetic_no_slum": ("lapisan '{layer}' tidak punya slum_area_ha untuk menggambar poligon kumuh",
                          "layer '{layer}' has no slum_area_ha to draw slum polygons for"),
    # layers/idm.py: parts of the IDM indicators' descriptions (one text for both languages: "<id> / <en>")
    "idm_change_desc": ("+1 naik, 0 tetap, -1 turun", "+1 rose, 0 same, -1 fell"),
    "idm_desc_agencies": ("Pelaksana", "agencies"),
}
