"""Messages of ``geo_planner/analysis``, ``geo_planner/planning``, ``geo_planner/outputs``,
``geo_planner/pipeline.py`` and the command line's library-side errors.

Merged into :data:`geo_planner.i18n.messages.MESSAGES` (see there); a module writes one with
``msg(key, **values)``. Keys start with the module's short name (``spatial_``, ``targets_``, ``gate_`` ...).
"""

from __future__ import annotations

__all__ = ["MESSAGES_PLANNING"]

# key: (Bahasa Indonesia, English)
MESSAGES_PLANNING: dict[str, tuple[str, str]] = {
    # planning/targets/records.py: the checks of a target's fields
    "records_what_year": ("tahun", "year"),
    "records_what_quantity": ("jumlah", "quantity"),
    "records_what_budget": ("anggaran", "budget"),
    "records_what_agency": ("instansi", "agency"),
    "records_what_note": ("catatan", "note"),
    "records_not_a_number": ("'{value}' bukan angka; tulis {what} sebagai angka, misalnya 1.500",
                             "'{value}' is not a number; write the {what} as a number such as 1.500"),
    "records_number_empty": ("{what} kosong; tulis sebuah angka", "the {what} is empty; write a number"),
    "records_not_finite": ("{what} {number} bukan angka terhingga", "the {what} {number} is not a finite number"),
    "records_unknown_unit": ("wilayah {code} tidak dikenal; periksa kodenya pada daftar batas wilayah",
                             "unit {code} is not a known unit; check the code against the boundary list"),
    "records_text_empty": ("{field} kosong; tulis perangkat daerah yang bertanggung jawab, misalnya Dinas Sosial",
                           "the {field} is empty; write the office responsible, e.g. Dinas Sosial"),
    "records_text_long": ("{field} sepanjang {n} karakter; persingkat menjadi paling banyak {most}",
                          "the {field} is {n} characters long; shorten it to {most} at most"),
    "records_bad_year": ("tahun {value} bukan tahun antara {low} dan {high}",
                         "year {value} is not a year from {low} to {high}"),
    "records_quantity_negative": ("jumlah {value} negatif; target bernilai 0 atau lebih",
                                  "quantity {value} is negative; a target is 0 or more"),
    "records_quantity_fraction": ("jumlah {value} bukan bilangan bulat {what}; koma adalah pemisah desimal, "
                                  "tulis ribuan sebagai 1.500 atau 1500",
                                  "quantity {value} is not a whole number of {what}; a comma is a decimal "
                                  "separator, write thousands as 1.500 or 1500"),
    "records_budget_negative": ("anggaran {value} negatif; anggaran bernilai 0 rupiah atau lebih",
                                "budget {value} is negative; a budget is 0 or more rupiah"),
    "records_unknown_field": ("'{field}' bukan isian yang dapat ditulis; isiannya adalah {fields}",
                              "'{field}' is not a field that can be written; the fields are {fields}"),
    # planning/targets/registry.py: interventions, statuses, unit codes
    "registry_intervention_empty": ("intervensi kosong; pilih salah satu dari {choices}",
                                    "the intervention is empty; choose one of {choices}"),
    "registry_did_you_mean": ("mungkin maksud Anda {key}? ", "did you mean {key}? "),
    "registry_unknown_intervention": ("intervensi '{text}' tidak dikenal; {hint}pilih salah satu dari {choices}",
                                      "unknown intervention '{text}'; {hint}choose one of {choices}"),
    "registry_unknown_status": ("status '{text}' tidak dikenal; pilih salah satu dari {choices}",
                                "unknown status '{text}'; choose one of {choices}"),
    "registry_code_empty": ("kode wilayah kosong; tulis kode Kemendagri, misalnya 64.02",
                            "the unit code is empty; write the Kemendagri code, e.g. 64.02"),
    "registry_bps_is": (" (kode BPS {code} adalah kode Kemendagri {kem})", " (BPS {code} is Kemendagri {kem})"),
    "registry_bps_code": ("'{raw}' tampaknya kode BPS; daftar target memakai kode Kemendagri{hint}",
                          "'{raw}' looks like a BPS code; the register uses Kemendagri codes{hint}"),
    "registry_bad_code": ("'{raw}' bukan kode Kemendagri seperti 64.02 (kabupaten), 64.02.01 (kecamatan) atau "
                          "64.02.01.2001 (desa); jika Excel mengubah 64.10 menjadi 64,1, format kolom sebagai Teks",
                          "'{raw}' is not a Kemendagri code such as 64.02 (regency), 64.02.01 (district) "
                          "or 64.02.01.2001 (village); if Excel turned 64.10 into 64,1, format the column as text"),
    # planning/targets/files.py: importing targets from a file
    "files_imported": ("{n} target diimpor dari {file}", "imported {n} target(s) from {file}"),
    "files_updated": ("{n} target diperbarui", "updated {n} target(s)"),
    "files_rejected": ("{n} baris ditolak", "rejected {n} row(s)"),
    "files_skipped": ("{n} baris dilewati karena sudah ada di daftar target atau tidak berubah",
                      "skipped {n} row(s) already in the register or unchanged"),
    "files_columns_doubled": ("kolom {columns} semuanya berarti {field}; pertahankan salah satunya",
                              "columns {columns} all mean {field}; keep one of them"),
    "files_or": (" atau ", " or "),
    "files_need_unit": ("kode wilayah atau nama wilayah", "unit_code or unit_name"),
    "files_need_agency": ("instansi", "agency"),
    "files_need_intervention": ("intervensi", "intervention"),
    "files_need_year": ("tahun", "year"),
    "files_need_quantity": ("jumlah", "quantity"),
    "files_no_column": ("tidak ada kolom {what}; tambahkan kolom berjudul {heads}",
                        "there is no {what} column; add a column headed {heads}"),
    "files_name_only": ("wilayah '{name}' hanya diberi nama; tambahkan kode Kemendagri-nya, atau impor dengan "
                        "batas wilayah (geo-planner targets import --level ...) agar nama dicocokkan",
                        "unit '{name}' is given by name only; add its Kemendagri code, or import with the "
                        "boundary units (geo-planner targets import --level ...) to match names"),
    "files_total_row": ("'{name}' adalah baris total, bukan wilayah; hapus baris itu",
                        "'{name}' is a total row, not a unit; remove it"),
    "files_code_is": (" adalah {other}", " is {other}"),
    "files_code_and_name_differ": ("kode {code}{said} tetapi nama '{name}' adalah wilayah {unit}; "
                                   "perbaiki kodenya atau namanya",
                                   "code {code}{said} but the name '{name}' is unit {unit}; "
                                   "correct the code or the name"),
    "files_target": ("target {id}", "target {id}"),
    "files_unchanged": ("target {id} sama seperti di daftar target", "target {id} as it is in the register"),
    "files_not_applied": ("{error} (baris ini tidak diterapkan)", "{error} (this row was not applied)"),
    "files_deleted_add_again": ("{error}; untuk menambahkannya lagi, kosongkan ID-nya",
                                "{error}; to add it again, clear its ID"),
    "files_may_not_add": ("{who} tidak boleh menambah target {agency}", "{who} may not add targets of {agency}"),
    "files_same_as": ("sama dengan {other}", "same as {other}"),
    "files_bad_id": ("'{value}' bukan ID target; kosongkan ID untuk menambah target baru",
                     "'{value}' is not a target ID; leave ID empty to add a new target"),
    "files_no_version": ("baris ber-ID memerlukan versi target (kolom 'Versi' dari hasil ekspor) agar perubahan "
                         "yang dibuat sejak itu tidak tertimpa; ekspor ulang targetnya",
                         "a row with an ID needs the target's version (column 'Versi' of the export) so that a "
                         "change made since is not overwritten; export the targets again"),
    "files_bad_version": ("'{value}' bukan nomor versi; salin dari hasil ekspor",
                          "'{value}' is not a version number; copy it from the export"),
    # outputs (ranked, report, exports): the language of a file
    "outputs_unknown_language": ("bahasa '{lang}' tidak dikenal; pilih id (Bahasa Indonesia) atau en (English)",
                                 "unknown language '{lang}'; choose id (Bahasa Indonesia) or en (English)"),
    # planning/targets/access.py: who may do what in the register
    "access_no_who": ("sebutkan siapa yang membuat perubahan (who=...); setiap perubahan dicatat dengan nama",
                      "say who makes the change (who=...); every change is logged with a name"),
    "access_editor_of": ("{who} (editor {agencies})", "{who} (editor of {agencies})"),
    "access_viewer": ("{who} boleh membaca daftar target tetapi tidak boleh {what}; mintalah peran editor untuk "
                      "instansi Anda kepada admin Bappeda",
                      "{who} may read the register but not {what}; ask a Bappeda admin for the editor role of "
                      "your agency"),
    "access_not_a_user": ("{who} bukan pengguna daftar target ini dan tidak boleh {what}; mintalah admin Bappeda "
                          "menambahkan Anda (geo-planner users add)",
                          "{who} is not a user of this register and may not {what}; ask a Bappeda admin to add "
                          "you (geo-planner users add)"),
    "access_other_agency": ("{who} tidak boleh {what}: target itu milik {agency}; hanya editornya sendiri atau "
                            "admin Bappeda yang boleh",
                            "{who} may not {what}: it belongs to {agency}; only its own editors or a Bappeda "
                            "admin may"),
    "access_manage_users": ("{who} tidak boleh menambah atau menghapus pengguna; hanya admin Bappeda yang boleh",
                            "{who} may not add or remove users; only a Bappeda admin may"),
    "access_nobody": ("penyedia identitas tidak menyebut siapa pun (tanpa subjek, tanpa e-mail); masuk lagi",
                      "the identity provider named nobody (no subject, no e-mail); sign in again"),
    "access_no_identity": ("tulis e-mail pengguna atau subjek dari penyedia identitas",
                           "give the user's e-mail or identity-provider subject"),
    "access_unknown_role": ("peran '{role}' tidak dikenal; pilih {roles}", "unknown role '{role}'; choose {roles}"),
    "access_editor_needs_agency": ("editor menyunting target satu instansi atau lebih; sebutkan instansinya untuk "
                                   "{key} (--agency 'Dinas PUPR')",
                                   "an editor edits the targets of one or more agencies; name them for {key} "
                                   "(--agency 'Dinas PUPR')"),
    "access_remove_self": ("{who} tidak boleh menghapus dirinya sendiri; admin lain (atau operator) boleh",
                           "{who} may not remove itself; another admin (or the operator) may"),
    "access_no_user": ("tidak ada pengguna {key} di daftar target ini; lihat geo-planner users list",
                       "there is no user {key} in this register; see geo-planner users list"),
    # the acts a user may be refused (access.Actor.check_write's ``what``)
    "access_act_import": ("mengimpor target", "import targets"),
    "access_act_add": ("menambah target {agency}", "add a target of {agency}"),
    "access_act_change": ("mengubah target {id}", "change target {id}"),
    "access_act_give": ("memberikan target {id} kepada {agency}", "give target {id} to {agency}"),
    "access_act_delete": ("menghapus target {id}", "delete target {id}"),
    # planning/targets/register.py: a record changed or deleted meanwhile
    "register_changed": ("target {id} diubah oleh {who} pada {at} (sekarang versi {now}, Anda memegang versi "
                         "{had}); muat ulang lalu terapkan lagi perubahan Anda",
                         "target {id} was changed by {who} at {at} (now version {now}, you had version {had}); "
                         "reload it and apply your change again"),
    "register_deleted": ("target {id} dihapus oleh {who} pada {at}; muat ulang daftar target",
                         "target {id} was deleted by {who} at {at}; reload the register"),
    "register_no_target": ("tidak ada target {id} di daftar target; muat ulang daftar target",
                           "there is no target {id} in the register; reload the list of targets"),
    # planning/targets/db.py: opening and saving the register (SQLite file or PostgreSQL server)
    "db_data_folder": ("folder data {path} tidak dapat dibuat ({reason}); atur GEO_PLANNER_DATA ke folder yang "
                       "dapat Anda tulisi",
                       "the data folder {path} cannot be created ({reason}); set GEO_PLANNER_DATA to a folder you "
                       "can write to"),
    "db_bad_url": ("GEO_PLANNER_DB (atau --db) bukan URL basis data yang sah; tulis sebagai "
                   "postgresql://user:password@host:5432/database (karakter khusus dalam kata sandi ditulis dengan "
                   "kode persen: @ sebagai %40, spasi sebagai %20, % sebagai %25, / sebagai %2F) atau "
                   "sqlite:///path/to/targets.sqlite",
                   "GEO_PLANNER_DB (or --db) is not a valid database URL; write it as "
                   "postgresql://user:password@host:5432/database (special characters of the password "
                   "percent-encoded: @ as %40, a space as %20, % as %25, / as %2F) or "
                   "sqlite:///path/to/targets.sqlite"),
    "db_not_sqlite_url": ("'{url}' bukan URL SQLite; tulis sqlite:///path/to/targets.sqlite",
                          "'{url}' is not a SQLite URL; write sqlite:///path/to/targets.sqlite"),
    "db_restore_advice": ("pulihkan {name} dari cadangan Anda, atau pindahkan berkas itu lalu impor ekspor terakhir "
                          "Anda (geo-planner targets import FILE.xlsx) ke daftar target baru; geo-planner tidak pernah "
                          "menggantinya",
                          "restore {name} from your backup, or move it away and import your last export "
                          "(geo-planner targets import FILE.xlsx) into a new register; geo-planner never replaces "
                          "it"),
    "db_file_unreadable": ("berkas daftar target {path} tidak dapat dibaca ({reason}); periksa apakah Anda boleh "
                           "membaca berkas itu dan foldernya",
                           "the register file {path} cannot be read ({reason}); check that you may read it and "
                           "its folder"),
    "db_file_empty": ("berkas daftar target {path} kosong (0 byte): targetnya hilang, mungkin terpotong karena disk "
                      "penuh atau penyalinan yang gagal; {advice}",
                      "the register file {path} is empty (0 bytes): its targets are gone, perhaps cut off by a "
                      "full disk or a failed copy; {advice}"),
    "db_file_not_sqlite": ("berkas daftar target {path} rusak (bukan basis data SQLite); {advice}",
                           "the register file {path} is damaged (it is not a SQLite database); {advice}"),
    "db_file_folder": ("folder berkas daftar target {path} tidak dapat dibuat ({reason}); pilih folder lain dengan "
                       "GEO_PLANNER_DATA",
                       "the folder of the register file {path} cannot be created ({reason}); choose another with "
                       "GEO_PLANNER_DATA"),
    "db_more_problems": (", dan {n} masalah lainnya", ", and {n} more problem(s)"),
    "db_file_damaged": ("berkas daftar target {path} rusak ({reason}); {advice}",
                        "the register file {path} is damaged ({reason}); {advice}"),
    "db_unsupported_url": ("URL basis data '{url}' tidak didukung; gunakan postgresql://user:password@host/db "
                           "atau sqlite:///path/to/targets.sqlite",
                           "unsupported database URL '{url}'; use postgresql://user:password@host/db or "
                           "sqlite:///path/to/targets.sqlite"),
    "db_no_psycopg": ("PostgreSQL memerlukan paket psycopg; pasang dengan pip install 'psycopg[binary]'",
                      "PostgreSQL needs the psycopg package; install it with pip install 'psycopg[binary]'"),
    "db_cannot_connect": ("tidak dapat terhubung ke server PostgreSQL di {url} ({reason}); periksa GEO_PLANNER_DB, "
                          "kata sandinya, dan apakah servernya berjalan",
                          "cannot connect to the PostgreSQL server at {url} ({reason}); check GEO_PLANNER_DB, the "
                          "password and that the server is running"),
    "db_file_cause": ("berkas daftar target {path} {advice}", "the register file {path} {advice}"),
    "db_sqlite_locked": ("sedang sibuk: program lain sedang menyimpan ke berkas itu; coba lagi sebentar lagi, dan "
                         "jika berlanjut tutup program lain itu (atau aplikasi di jendela lain) yang memegangnya",
                         "is busy: another program is saving to it; try again in a moment, and if it lasts close "
                         "the other program (or the app in another window) that holds it"),
    "db_sqlite_busy": ("sedang sibuk: program lain sedang menyimpan ke berkas itu; coba lagi sebentar lagi",
                       "is busy: another program is saving to it; try again in a moment"),
    "db_sqlite_readonly": ("hanya dapat dibaca oleh Anda: mintalah izin menulis pada berkas itu dan foldernya, "
                           "atau salin ke folder yang dapat Anda tulisi lalu atur GEO_PLANNER_DATA ke sana",
                           "is read-only for you: ask for write permission on the file and its folder, or copy it "
                           "to a folder you can write to and set GEO_PLANNER_DATA there"),
    "db_sqlite_full": ("tidak dapat ditulis karena disk penuh: kosongkan sebagian ruang disk itu, lalu simpan "
                       "lagi (tidak ada bagian perubahan ini yang tersimpan)",
                       "could not be written because the disk is full: free some space on that disk, then save "
                       "again (nothing of this change was saved)"),
    "db_sqlite_io": ("tidak dapat dibaca atau ditulis oleh disk (galat I/O): periksa disk atau folder jaringan, "
                     "lalu coba lagi",
                     "could not be read or written by the disk (I/O error): check the disk or the network share, "
                     "then try again"),
    "db_sqlite_cannot_open": ("tidak dapat dibuka: periksa apakah foldernya ada dan Anda boleh menulis di sana, "
                              "atau pilih folder lain dengan GEO_PLANNER_DATA",
                              "cannot be opened: check that its folder exists and you may write to it, or choose "
                              "another with GEO_PLANNER_DATA"),
    "db_refused": ("ditolak: {reason}", "refused: {reason}"),
    "db_file_failed": ("berkas daftar target {path} tidak dapat dibaca atau ditulis ({reason})",
                       "the register file {path} could not be read or written ({reason})"),
    "db_pg_cause": ("daftar target di {where} {advice}", "the register at {where} {advice}"),
    "db_pg_busy": ("sedang sibuk: orang lain sedang menyimpan target yang sama pada saat yang sama; simpan lagi",
                   "is busy: other people were saving the same targets at the same moment; save again"),
    "db_pg_locked": ("sedang sibuk: target dikunci oleh penyimpanan lain; simpan lagi sebentar lagi",
                     "is busy: the targets are locked by another save; save again in a moment"),
    "db_pg_timeout": ("terlalu lama menjawab (batas waktu perintah); coba lagi, dan beri tahu administrator jika "
                      "berlanjut",
                      "took too long to answer (statement timeout); try again, and tell the administrator if it "
                      "lasts"),
    "db_pg_disk_full": ("tidak dapat menyimpan karena disk server basis data penuh; beri tahu administrator (tidak "
                        "ada bagian perubahan ini yang tersimpan)",
                        "could not save because the database server's disk is full; tell the administrator "
                        "(nothing of this change was saved)"),
    "db_pg_memory": ("kehabisan memori; beri tahu administrator (tidak ada bagian perubahan ini yang tersimpan)",
                     "is out of memory; tell the administrator (nothing of this change was saved)"),
    "db_pg_read_only": ("hanya dapat dibaca (salinan cadangan siaga, atau sedang dalam pemeliharaan); arahkan "
                        "GEO_PLANNER_DB ke server utama",
                        "is read-only (a standby copy, or in maintenance); point GEO_PLANNER_DB at the primary "
                        "server"),
    "db_pg_privilege": ("menolak ini: peran basis data geo-planner tidak memiliki suatu hak akses; administrator "
                        "memberikannya seperti dijelaskan bagian penerapan bersama di README",
                        "refused this: the database role of geo-planner lacks a privilege; the administrator "
                        "grants it as the README's shared deployment describes"),
    "db_pg_damaged": ("melaporkan data rusak; minta administrator memulihkan basis data dari cadangannya",
                      "reports damaged data; tell the administrator to restore the database from its backup"),
    "db_pg_lost": ("sambungan ke daftar target di {where} terputus ({reason}); operasi berikutnya menyambung "
                   "lagi: coba lagi setelah server kembali",
                   "the connection to the register at {where} was lost ({reason}); the next operation connects "
                   "again: try again when the server is back"),
    "db_pg_failed": ("daftar target di {where} tidak dapat dibaca atau ditulis ({reason})",
                     "the register at {where} could not be read or written ({reason})"),
    "db_lost_while_saving": ("sambungan ke daftar target di {where} terputus saat menyimpan, jadi perubahan ini "
                             "mungkin tersimpan atau tidak; muat ulang dan periksa sebelum menyimpan lagi",
                             "the connection to the register at {where} was lost while saving, so this change may "
                             "or may not be stored; reload and check it before saving again"),
    # planning/targets/migrations.py: the register's schema
    "migrations_no_postgis": ("PostGIS tidak tersedia di basis data ini ({reason}); pasang PostGIS di server "
                              "(Debian: postgresql-15-postgis-3) lalu jalankan CREATE EXTENSION postgis sebagai "
                              "superuser di basis data ini, kemudian coba lagi",
                              "PostGIS is not available in this database ({reason}); install PostGIS on the server "
                              "(Debian: postgresql-15-postgis-3) and run CREATE EXTENSION postgis as a superuser "
                              "in this database, then try again"),
    "migrations_bad_role": ("'{role}' bukan nama peran PostgreSQL yang sederhana (huruf kecil, angka, _)",
                            "'{role}' is not a plain PostgreSQL role name (lower-case letters, digits, _)"),
    "migrations_too_new": ("daftar target di {where} memakai skema versi {version} tetapi geo-planner ini hanya "
                           "mengenal sampai versi {known}; perbarui geo-planner",
                           "the register at {where} has schema version {version} but this geo-planner knows only "
                           "up to {known}; upgrade geo-planner"),
    # planning/targets/overlaps.py
    "overlaps_no_indicator": ("angka wilayah tidak memuat satu pun indikator yang dikurangi target ({wanted}); "
                              "tambahkan salah satunya",
                              "the figures have none of the indicators the targets reduce ({wanted}); add one of "
                              "them"),
    # planning/allocate.py: sharing a budget over units
    "allocate_no_value": ("{name} tidak memiliki nilai untuk wilayah {units}",
                          "{name} has no value for unit(s) {units}"),
    "allocate_no_units": ("tabel wilayah kosong; tidak ada wilayah untuk dibagi anggarannya",
                          "the table of units is empty; there is nothing to share the budget over"),
    "allocate_no_column": ("tidak ada kolom '{column}'; kolom yang ada: {columns}",
                           "no column '{column}'; the columns are: {columns}"),
    "allocate_bad_budget": ("anggaran harus berupa angka 0 atau lebih, bukan {value}",
                            "the budget must be a number of 0 or more, got {value}"),
    "allocate_bad_cost": ("biaya per paket harus di atas 0, bukan {value}",
                          "the cost per package must be above 0, got {value}"),
    "allocate_bad_people_per_family": ("people_per_family harus di atas 0, bukan {value}",
                                       "people_per_family must be above 0, got {value}"),
    "allocate_bad_bounds": ("wilayah {unit}: min_units {lo} dan max_units {hi} tidak mungkin dipenuhi (batas bawah "
                            "harus 0 atau lebih dan paling banyak sama dengan batas atas)",
                            "unit {unit}: min_units {lo} and max_units {hi} cannot hold (the minimum must be 0 or "
                            "more and at most the maximum)"),
    "allocate_minimums_over_budget": ("batas minimum memerlukan {n} paket = Rp {cost}, melebihi anggaran Rp {budget}; "
                                      "turunkan min_units atau naikkan anggaran",
                                      "the minimums need {n} packages = Rp {cost}, more than the budget of Rp "
                                      "{budget}; lower min_units or raise the budget"),
    "allocate_no_solution": ("solver tidak menemukan alokasi: {reason}", "the solver found no allocation: {reason}"),
    "allocate_unknown_method": ("metode alokasi '{method}' tidak dikenal; pilih salah satu dari {methods}",
                                "unknown allocation method '{method}'; choose one of {methods}"),
    "allocate_score_not_need": ("'{column}' adalah skor 0-100 yang titik nolnya sembarang, bukan jumlah kebutuhan; "
                                "bagi menurut jumlah penduduk miskin atau rumah tangga miskin (misalnya "
                                "poor_population)",
                                "'{column}' is a 0-100 score whose zero is arbitrary, not a need count; share by a "
                                "count of poor people or poor households (e.g. poor_population)"),
    # planning/goals.py: a province's poverty goal shared over its regencies
    "goals_unknown_rule": ("aturan '{rule}' tidak dikenal; pilih salah satu dari {rules}",
                           "unknown rule '{rule}'; choose one of {rules}"),
    "goals_no_province_row": ("tidak ada baris provinsi untuk '{indicator}' pada {year} {period}",
                              "no province row for '{indicator}' in {year} {period}"),
    "goals_bad_base": ("base harus 'implied' atau 'population', bukan '{base}'",
                       "base must be 'implied' or 'population', not '{base}'"),
    "goals_need_poor": ("berikan jumlah penduduk miskin (poor=) atau jumlah penduduk untuk tingkat kemiskinan "
                        "{rate} %",
                        "give the number of poor people (poor=) or the population for a rate of {rate} %"),
    "goals_bad_target": ("target tingkat kemiskinan harus 0 atau lebih dan di bawah tingkat saat ini {rate} %, "
                         "bukan {target}",
                         "the target rate must be 0 or more and below the current {rate} %, got {target}"),
    "goals_no_column": ("regency_values tidak memiliki kolom '{column}'", "regency_values lacks the column '{column}'"),
    # planning/sectors.py: the sector table (indicator -> office, programmes, strategy)
    "sectors_unreadable": ("tabel sektor tidak dapat dibaca: {reason}", "cannot read the sector table: {reason}"),
    "sectors_no_column": ("tabel sektor tidak memiliki kolom '{column}'; kolom yang diharapkan: {expected}",
                          "the sector table lacks the column '{column}'; expected {expected}"),
    "sectors_empty_cell": ("'{column}' kosong; isi atau hapus barisnya",
                           "'{column}' is empty; fill it in or delete the row"),
    "sectors_bad_strategy": ("strategi harus 1 (beban pengeluaran), 2 (pendapatan), 3 (kantong kemiskinan) atau "
                             "gabungannya seperti 1/2, bukan '{strategy}'",
                             "strategy must be 1 (spending burden), 2 (income), 3 (pockets) or a combination such "
                             "as 1/2, got '{strategy}'"),
    "sectors_duplicate": ("indikator '{indicator}' sudah tercantum di baris {first}; pertahankan satu baris",
                          "indicator '{indicator}' is already listed on row {first}; keep one row"),
    "sectors_bad_basis": ("basis harus 'weights' atau 'all', bukan '{basis}'",
                          "basis must be 'weights' or 'all', not '{basis}'"),
    "sectors_no_figures": ("tidak ada indikator kebutuhan atau cakupan yang memiliki angka; muat lapisan dengan "
                           "indikator seperti itu",
                           "no need or coverage indicator has figures; load a layer with such indicators"),
    "sectors_no_pockets": ("analisis belum memiliki kantong kemiskinan; jalankan dulu add_pockets(analysis)",
                           "the analysis has no pockets yet; run add_pockets(analysis) first"),
    # analysis/spatial.py: a layer of points or polygons counted per unit
    "spatial_outside": ("di luar semua wilayah {level}", "outside every {level} unit"),
    "spatial_outside_province": ("di luar semua wilayah {level} provinsi {province}",
                                 "outside every {level} unit of province {province}"),
    "spatial_mixed": ("titik dan poligon bercampur", "points and polygons mixed"),
    "spatial_lines": ("garis atau kumpulan geometri", "lines or collections"),
    "spatial_not_points_or_polygons": ("berkas berisi {what}; lapisan spasial hanya berisi titik atau hanya "
                                       "poligon: simpan titik dan poligon sebagai berkas terpisah",
                                       "the file holds {what}; a spatial layer holds only points or only polygons: "
                                       "save points and polygons as separate files"),
    "spatial_empty_geometry": ("geometri kosong", "empty geometry"),
    "spatial_projected": ("koordinat ('{lon_col}' {x}, '{lat_col}' {y}) jauh di luar rentang derajat: tampaknya "
                          "terproyeksi (meter). Tabel memerlukan bujur/lintang dalam derajat (WGS84, EPSG:4326); "
                          "konversikan, atau kirim berkas GIS beserta sistem koordinatnya",
                          "the coordinates ('{lon_col}' {x}, '{lat_col}' {y}) are far outside degree ranges: they "
                          "look projected (metres). The table needs longitude/latitude in degrees (WGS84, "
                          "EPSG:4326); convert them, or send a GIS file with its coordinate system"),
    "spatial_bad_format": ("lapisan spasial harus berupa berkas GIS ({gis}) atau tabel dengan kolom lintang/bujur "
                           "({tables}), bukan '{suffix}'",
                           "spatial layers must be a GIS file ({gis}) or a table with latitude/longitude columns "
                           "({tables}), got '{suffix}'"),
    "spatial_label_points": ("Jumlah titik {layer}", "{layer} points"),
    "spatial_label_sum": ("Jumlah {column} (titik {layer})", "{column}, summed over {layer} points"),
    "spatial_label_area": ("Luas {layer}", "{layer} area"),
    "spatial_label_share": ("Persentase luas wilayah {layer}", "{layer} share of the unit's area"),
    "spatial_desc_points": ("titik dari {file} di dalam wilayah", "points of {file} in the unit"),
    "spatial_desc_sum": ("jumlah '{column}' atas titik dari {file} di dalam wilayah",
                         "sum of '{column}' over the points of {file} in the unit"),
    "spatial_desc_area": ("luas poligon dari {file} di dalam wilayah (tumpang tindih dihitung sekali)",
                          "area of the polygons of {file} in the unit (overlaps counted once)"),
    "spatial_desc_share": ("luas poligon dari {file} di dalam wilayah / luas wilayah x 100",
                           "area of the polygons of {file} in the unit / area of the unit x 100"),
    "spatial_most_unmatched": ("{n} dari {total} baris tidak terhitung di wilayah mana pun (lihat baris yang tidak "
                               "cocok); periksa koordinatnya",
                               "{n} of {total} rows are not counted in any unit (see the unmatched rows); check the "
                               "coordinates"),
    "spatial_not_found": ("berkas tidak ditemukan; periksa jalurnya lalu coba lagi",
                          "the file was not found; check the path and try again"),
    "spatial_unreadable": ("tidak dapat dibaca sebagai berkas GIS ({reason}); ekspor ulang berkasnya",
                           "could not be read as a GIS file ({reason}); export it again"),
    "spatial_multipoint": ("fitur {feature} adalah MultiPoint berisi {n} titik; simpan satu titik per fitur "
                           "(pecah/explode) agar setiap titik dihitung sekali",
                           "feature {feature} is a MultiPoint of {n} points; save one point per feature (explode "
                           "it) so each point is counted once"),
    "spatial_no_sum_column": ("tidak ada kolom '{column}' untuk dijumlahkan; kolom yang ada: {columns}",
                              "no column '{column}' to sum; the columns are: {columns}"),
    "spatial_not_a_number": ("'{value}' bukan angka; tulis angka seperti 5,17 atau kosongkan selnya",
                             "'{value}' is not a number; write a number such as 5,17 or leave the cell empty"),
    "spatial_no_latitude_column": ("tidak ada kolom lintang{given}; beri nama kolom lintang/bujur atau "
                                   "latitude/longitude (derajat, WGS84); kolom yang ada: {columns}",
                                   "no latitude column{given}; name the columns lintang/bujur or latitude/longitude "
                                   "(degrees, WGS84); the columns are: {columns}"),
    "spatial_no_longitude_column": ("tidak ada kolom bujur{given}; beri nama kolom lintang/bujur atau "
                                    "latitude/longitude (derajat, WGS84); kolom yang ada: {columns}",
                                    "no longitude column{given}; name the columns lintang/bujur or "
                                    "latitude/longitude (degrees, WGS84); the columns are: {columns}"),
    "spatial_dms_hint": (" dan juga bukan derajat-menit-detik dengan belahan bumi (tulis -0.4931 atau 0°29'35.2\"S)",
                         " nor degrees-minutes-seconds with a hemisphere (write -0.4931 or 0°29'35.2\"S)"),
    "spatial_no_latitude": ("tanpa lintang", "no latitude"),
    "spatial_no_longitude": ("tanpa bujur", "no longitude"),
    "spatial_no_coordinates": ("tanpa koordinat", "no coordinates"),
    "spatial_bad_latitude": ("lintang '{value}' bukan angka{hint}", "latitude '{value}' is not a number{hint}"),
    "spatial_bad_longitude": ("bujur '{value}' bukan angka{hint}", "longitude '{value}' is not a number{hint}"),
    "spatial_swapped": ("lintang dan bujur tampaknya tertukar: sebagian besar titik jatuh di luar Indonesia "
                        "sebagaimana dibaca (bujur dari '{x}', lintang dari '{y}') tetapi di dalamnya bila keduanya "
                        "ditukar; taruh bujur (95..141) di '{x}' dan lintang (-11..6) di '{y}'",
                        "latitude and longitude look swapped: most points fall outside Indonesia as read "
                        "(longitude from '{x}', latitude from '{y}') but inside with the two exchanged; put "
                        "longitude (95..141) in '{x}' and latitude (-11..6) in '{y}'"),
    "spatial_repaired": ("fitur {feature} memiliki geometri tidak sah ({why}) dan diperbaiki dengan make_valid; "
                         "periksa luasnya",
                         "feature {feature} had an invalid geometry ({why}) and was repaired with make_valid; check "
                         "its area"),
    "spatial_overlap": ("poligon saling tumpang tindih ({ha} ha); lapisan digabung (dissolve) agar tumpang tindih "
                        "dihitung sekali",
                        "polygons overlap ({ha} ha); the layer was dissolved so overlaps are counted once"),
    "spatial_outside_ha": ("{ha} ha poligon terletak {outside} dan tidak dihitung",
                           "{ha} ha of the polygons lie {outside} and are not counted"),
    # analysis/pockets.py: poverty pockets (contiguity, hot spots, bivariate classes)
    "pockets_duplicate_codes": ("kode wilayah harus unik; yang ganda: {codes}",
                                "unit codes must be unique; duplicated: {codes}"),
    "pockets_no_geometry": ("wilayah tanpa geometri: {codes}; beri setiap wilayah batasnya sebelum mencari kantong "
                            "kemiskinan",
                            "units without a geometry: {codes}; give every unit a boundary before looking for "
                            "pockets"),
    "pockets_unknown_contiguity": ("ketetanggaan '{kind}' tidak dikenal; pilih salah satu dari {kinds}",
                                   "unknown contiguity '{kind}'; choose one of {kinds}"),
    "pockets_few_classes": ("k={k}: klasifikasi bivariat memerlukan paling sedikit 2 kelas",
                            "k={k}: a bivariate classification needs at least 2 classes"),
    "pockets_values_not_in_weights": ("nilai diberikan untuk {n} kode yang tidak ada dalam bobot ketetanggaan "
                                      "({codes}); gunakan bobot dari wilayah yang sama",
                                      "values given for {n} code(s) that are not in the weights ({codes}); use the "
                                      "weights of the same units"),
    "pockets_too_few_values": ("statistik hot spot memerlukan nilai untuk paling sedikit {least} wilayah, tetapi "
                               "hanya {n} dari {total} yang memilikinya; tambahkan angka atau gunakan tingkat "
                               "wilayah yang lebih rinci",
                               "hot-spot statistics need values for at least {least} units, but only {n} of {total} "
                               "have one; add figures or use a finer level"),
    "pockets_negative": ("Getis-Ord Gi* memerlukan nilai 0 atau lebih; wilayah {unit} bernilai {value}",
                         "Getis-Ord Gi* needs values of 0 or more; unit {unit} has {value}"),
    "pockets_weights_differ": ("bobot Gi* dan Moran's I lokal untuk wilayah yang berbeda",
                               "Gi* and local Moran's I weights of different units"),
    "pockets_flagged_not_in_weights": ("wilayah yang ditandai {codes} tidak ada dalam bobot ketetanggaan",
                                       "flagged unit(s) {codes} are not in the weights"),
    "pockets_unknown_flag": ("penanda kantong '{flag}' tidak dikenal; pilih salah satu dari {flags}",
                             "unknown pocket flag '{flag}'; choose one of {flags}"),
    "pockets_no_score": ("skor tidak memiliki kolom 'priority_score'; berikan tabel dari compute_priority",
                         "scores have no 'priority_score' column; pass the table from compute_priority"),
    "pockets_other_weights": ("bobot ketetanggaan yang diberikan milik wilayah lain; buat dengan contiguity(units)",
                              "the contiguity weights given are for other units; build them with contiguity(units)"),
    # outputs/gate.py: the export's file and format
    "gate_unknown_format": ("format ekspor '{fmt}' tidak dikenal; pilih salah satu dari {formats}",
                            "unknown export format '{fmt}'; choose one of {formats}"),
    "gate_no_suffix": ("nama tanpa akhiran", "no suffix"),
    "gate_format_unknown_from": ("format tidak dapat ditentukan dari {got}; beri nama berkas dengan salah satu dari "
                                 "{suffixes} atau sebutkan formatnya ({formats})",
                                 "cannot tell the format from {got}; name the file with one of {suffixes} or give "
                                 "the format ({formats})"),
    "gate_table_suffix": ("beri nama berkas keluaran .csv atau .xlsx", "name the output .csv or .xlsx"),
    "gate_unknown_table_format": ("format '{fmt}' tidak dikenal; pilih csv atau xlsx",
                                  "unknown format '{fmt}'; choose csv or xlsx"),
    # outputs/privacy.py: small counts in an export
    "privacy_unknown_mode": ("mode privasi '{mode}' tidak dikenal; pilih suppress, round atau none",
                             "unknown privacy mode '{mode}'; choose suppress, round or none"),
    "privacy_threshold_not_whole": ("ambang privasi harus bilangan bulat, bukan '{value}'",
                                    "the privacy threshold must be a whole number, not '{value}'"),
    "privacy_threshold_below_1": ("ambang privasi harus bilangan bulat paling sedikit 1, bukan '{value}'",
                                  "the privacy threshold must be a whole number of at least 1, not '{value}'"),
    # outputs/vector.py: GIS exports
    "vector_too_many_fields": ("Shapefile memuat paling banyak {most} kolom, tetapi ekspor ini memiliki {n} kolom; "
                               "ekspor sebagai GeoPackage (.gpkg) atau GeoJSON, yang memuat semua kolom, atau pakai "
                               "lebih sedikit indikator",
                               "a Shapefile holds at most {most} fields, but this export has {n} columns; export a "
                               "GeoPackage (.gpkg) or GeoJSON, which hold every column, or use fewer indicators"),
    "vector_kml_title": ("Prioritas penanggulangan kemiskinan", "Poverty priorities"),
    # pipeline.py: reading sources and scoring
    "pipeline_dask_upload": ("mesin dask membaca berkas atau folder GeoParquet di disk, bukan unggahan",
                             "the dask engine reads a GeoParquet file or folder on disk, not an upload"),
    "pipeline_dask_outside": ("{n} dari {total} titik terletak di luar semua wilayah {level} ({missing} tanpa "
                              "koordinat); titik itu dihitung, tidak didaftar, dengan mesin dask",
                              "{n} of {total} points lie outside every {level} unit ({missing} without "
                              "coordinates); they are counted, not listed, with the dask engine"),
    "pipeline_unknown_engine": ("mesin '{engine}' tidak dikenal; pilih local atau dask",
                                "unknown engine '{engine}'; choose local or dask"),
    "pipeline_nothing_joined": ("tidak satu pun dari {n} baris tergabung ke wilayah {level}, jadi angkanya tidak "
                                "dipakai; periksa alasan tiap baris, tingkatnya dan provinsinya",
                                "none of the {n} rows joined a {level} unit, so its figures are not used; check each "
                                "row's reason, the level and the province"),
    "pipeline_unknown_direction": ("--direction menyebut {names}, yang tidak dimuat; indikator yang ada: {indicators}",
                                   "--direction names {names}, which is not loaded; the indicators are: {indicators}"),
    "pipeline_bad_direction": ("arah '{indicator}' harus need, coverage atau context, bukan '{direction}'",
                               "direction of '{indicator}' must be need, coverage or context, not '{direction}'"),
    "pipeline_default_weights_missing": ("bobot bawaan menyebut {missing}, yang tidak dimuat pada tingkat ini; "
                                         "peringkat disusun dari indikator kebutuhan/cakupan yang tersedia: {used} "
                                         "(atur bobot lain dengan --weights)",
                                         "the default weights name {missing}, which are not loaded at this level; "
                                         "ranked by the need/coverage indicators available instead: {used} (set "
                                         "others with --weights)"),
    "pipeline_no_figures": ("tidak ada angka yang tergabung ke wilayah {level} mana pun; muat lapisan berisi angka "
                            "untuk tingkat ini",
                            "no figure is joined to any {level} unit; load a layer with figures for this level"),
    "pipeline_nothing_to_rank": ("tidak ada indikator yang dimuat berupa angka kebutuhan atau cakupan, jadi tidak ada "
                                 "dasar peringkat; indikatornya: {indicators}; beri salah satunya arah "
                                 "(--direction ID=need atau ID=coverage)",
                                 "no indicator loaded is a need or coverage figure, so there is nothing to rank "
                                 "by; the indicators are: {indicators}; give one a direction (--direction ID=need "
                                 "or ID=coverage)"),
    "pipeline_nothing_within": ("tidak ada wilayah pada tingkat ini di dalam kode {code}; gunakan kode tingkat "
                                "yang lebih tinggi, misalnya 64.02 untuk Kutai Kartanegara",
                                "no unit of this level lies within code {code}; use a code of a higher level, e.g. "
                                "64.02 for Kutai Kartanegara"),
    # analysis/national.py: units of several provinces
    "national_none_given": ("(tidak ada yang diberikan)", "(none given)"),
    "national_unknown_provinces": ("kode provinsi {codes} tidak dikenal; gunakan kode Kemendagri dua digit seperti "
                                   "64 (Kalimantan Timur)",
                                   "unknown province code(s) {codes}; use two-digit Kemendagri codes such as 64 "
                                   "(Kalimantan Timur)"),
    "national_bad_level": ("wilayah nasional dibuat pada tingkat {levels}, bukan '{level}'",
                           "national units are built at {levels} level, not '{level}'"),
    "national_duplicate_code": ("kode wilayah {code} muncul di dua berkas provinsi; sumbernya tidak konsisten",
                                "unit code {code} occurs in two province files; the source is inconsistent"),
    # analysis/priority.py: weights and classes of the priority score
    "priority_bad_weight_form": ("bobot '{part}' tidak berbentuk id=angka, misalnya poverty_rate=2",
                                 "weight '{part}' is not of the form id=number, e.g. poverty_rate=2"),
    "priority_weight_not_number": ("bobot untuk '{key}' adalah '{value}', bukan angka",
                                   "weight for '{key}' is '{value}', not a number"),
    "priority_negative_weight": ("bobot '{key}' bernilai {weight}; bobot harus 0 atau lebih",
                                 "weight of '{key}' is {weight}; weights must be 0 or more"),
    "priority_no_indicator": ("tidak ada indikator '{key}' pada tingkat ini; yang tersedia: {available}",
                              "no indicator '{key}' at this level; available: {available}"),
    "priority_context_weighted": ("'{key}' adalah angka konteks ({label}); beri arah need atau coverage sebelum "
                                  "memberinya bobot",
                                  "'{key}' is a context figure ({label}); give it the direction need or coverage "
                                  "before weighting it"),
    "priority_all_zero": ("semua bobot bernilai 0; beri paling sedikit satu indikator bobot di atas 0",
                          "all weights are 0; give at least one indicator a weight above 0"),
    "priority_unknown_scheme": ("klasifikasi '{scheme}' tidak dikenal; pilih salah satu dari {schemes}",
                                "unknown classification '{scheme}'; choose one of {schemes}"),
    # analysis/rollup.py: figures rolled up to a higher level
    "rollup_no_metadata": ("tidak ada metadata indikator untuk kolom {columns}; berikan Indicator-nya dalam "
                           "`indicators` agar roll-up tahu apakah menjumlahkan atau merata-ratakannya",
                           "no indicator metadata for column(s) {columns}; pass their Indicator in `indicators` so "
                           "the roll-up knows whether to sum or average them"),
    "rollup_weight_not_count": ("'{weight}' membobot '{column}' tetapi bukan jumlah (count); bobot rata-rata harus "
                                "kolom yang dijumlahkan",
                                "'{weight}' weights '{column}' but is not a count; weight a mean with a summed "
                                "column"),
    "rollup_orphans": ("{n} kode tidak memiliki induk, misalnya {codes}; berikan induk setiap wilayah dalam `values`",
                       "{n} code(s) have no parent, e.g. {codes}; pass the parent of every unit in `values`"),
    "rollup_area_share": ("'{column}' adalah persentase luas tiap wilayah; berikan luas wilayah sebagai "
                          "'{weight}' agar dijumlahkan sebagai luas atas luas",
                          "'{column}' is a share of each unit's area; pass the units' areas as '{weight}' so it "
                          "rolls up as area over area"),
    "rollup_unknown_level": ("tingkat '{level}' tidak dikenal; pilih salah satu dari {levels}",
                             "unknown level '{level}'; choose one of {levels}"),
    "rollup_not_above": ("tidak dapat melakukan roll-up dari {low} ke {high}: {high} tidak berada di atas {low}",
                         "cannot roll up from {low} to {high}: {high} is not above {low}"),
    "rollup_units_needed": ("wilayah tingkat '{level}' diperlukan untuk roll-up dari {low} ke {high}",
                            "units of level '{level}' are needed to roll up from {low} to {high}"),
    # outputs/map_component.py, map_geometry.py, mapping.py: the map
    "map_too_many_colours": ("{n} warna pada satu peta: paling banyak {most}",
                             "{n} colours on one map: at most {most}"),
    "map_coverage_invalid": ("cakupan batas wilayah tetap tidak sah setelah {rounds} putaran pembulatan ke {decimals} "
                             "desimal dan pembersihan",
                             "the coverage is not valid after {rounds} rounds of snapping to {decimals} decimals and "
                             "cleaning"),
    "mapping_no_column": ("tidak ada kolom '{column}' untuk mewarnai peta; pilih priority_score, {modes} atau salah "
                          "satu dari {indicators}",
                          "no column '{column}' to colour the map by; choose priority_score, {modes} or one of "
                          "{indicators}"),
    "mapping_needs_pockets": ("peta '{column}' memerlukan analisis kantong kemiskinan; jalankan dulu "
                              "geo_planner.pipeline.add_pockets pada analisisnya (CLI melakukannya untuk --column "
                              "bivariate/hotspots)",
                              "the '{column}' map needs the pockets analysis; run geo_planner.pipeline.add_pockets "
                              "on the analysis first (the CLI does it for --column bivariate/hotspots)"),
    # outputs/plan_tables.py, pockets.py, ranked.py, report.py, tables.py: tables and reports
    "plan_tables_columns_changed": ("kolom tabel alokasi berubah; angkanya tidak dapat dilindungi, jadi tabel tidak "
                                    "ditulis (sebuah cacat program: mohon laporkan)",
                                    "the allocation table's columns changed; its figures cannot be protected, so it "
                                    "is not written (a defect: please report it)"),
    "pockets_out_none": ("belum ada kantong kemiskinan yang dihitung untuk analisis ini; jalankan add_pockets (CLI: "
                         "geo-planner pockets)",
                         "no pockets computed for this analysis; run add_pockets (CLI: geo-planner pockets)"),
    "pockets_out_suffix": ("kantong kemiskinan tidak dapat ditulis ke jenis berkas ini; beri nama berkas keluaran "
                           ".csv atau .xlsx",
                           "cannot write pockets to this file type; name the output .csv or .xlsx"),
    "ranked_bad_headers": ("headers harus salah satu dari {choices}, bukan '{headers}'",
                           "headers must be one of {choices}, not '{headers}'"),
    "report_bad_top": ("top harus paling sedikit 1, bukan {top}", "top must be at least 1, not {top}"),
    "tables_bad_headers": ("headers harus labels atau ids, bukan '{headers}'",
                           "headers must be labels or ids, not '{headers}'"),
    "tables_rpkd_suffix": ("tabel RPKD ditulis sebagai .xlsx atau .csv", "the RPKD table is written as .xlsx or .csv"),
    # cli/serve.py: starting the app for others
    "serve_no_app": ("berkas aplikasi {app} tidak ada; 'serve' memerlukan folder sumber geo-planner dengan app.py "
                     "di samping paket geo_planner",
                     "the app file {app} is not there; 'serve' needs the geo-planner source folder with app.py next "
                     "to the geo_planner package"),
    "serve_no_toml": ("pemeriksaan secrets.toml memerlukan Python 3.11 atau paket tomli (pip install tomli)",
                      "checking secrets.toml needs Python 3.11 or the tomli package (pip install tomli)"),
    "serve_bad_toml": ("{path} bukan TOML yang sah ({reason}); perbaiki (lihat README, bagian penerapan bersama)",
                       "{path} is not valid TOML ({reason}); fix it (see the README, shared deployment)"),
    # analysis/engine_dask.py: points counted on dask.distributed
    "dask_batch_rows": ("batch_rows harus paling sedikit 1", "batch_rows must be at least 1"),
    "dask_xy_shape": ("x dan y harus larik 1 dimensi dengan panjang yang sama",
                      "x and y must be 1-d arrays of the same length"),
    "dask_partitions": ("partitions harus paling sedikit 1", "partitions must be at least 1"),
    "dask_extra_rows": ("extra memiliki {rows} baris untuk {points} titik",
                        "extra has {rows} rows for {points} points"),
    "dask_folder_not_empty": ("folder sudah berisi berkas Parquet; tulis partisi ke folder kosong",
                              "the folder already holds Parquet files; write partitions to an empty folder"),
    "dask_cannot_open": ("tidak dapat dibuka ({reason}); periksa jalur atau URL-nya",
                         "could not be opened ({reason}); check the path or URL"),
    "dask_not_found": ("berkas atau folder tidak ada; berikan berkas GeoParquet atau folder berisi partisi Parquet",
                       "no such file or folder; give a GeoParquet file or a folder of Parquet partitions"),
    "dask_no_parquet": ("folder tidak berisi berkas Parquet ({suffixes})",
                        "the folder holds no Parquet files ({suffixes})"),
    "dask_encoding": ("pengodean '{encoding}'", "'{encoding}' encoding"),
    "dask_not_points": ("kolom geometri '{geometry}' berisi {what}; mesin dask hanya menghitung titik (pengodean "
                        "titik WKB atau GeoParquet)",
                        "the geometry column '{geometry}' holds {what}; the dask engine counts points only (WKB or "
                        "GeoParquet point encoding)"),
    "dask_no_geometry_column": ("tidak ada kolom geometri '{column}'; kolom yang ada: {columns}",
                                "no geometry column '{column}'; the columns are: {columns}"),
    "dask_no_coordinate_column": ("tidak ada kolom koordinat '{column}'; kolom yang ada: {columns}",
                                  "no coordinate column '{column}'; the columns are: {columns}"),
    "dask_no_weight_column": ("tidak ada kolom bobot '{column}'; kolom yang ada: {columns}",
                              "no weight column '{column}'; the columns are: {columns}"),
    "dask_no_longitude_column": ("tidak ada kolom bujur '{column}'; kolom yang ada: {columns}",
                                 "no longitude column '{column}'; the columns are: {columns}"),
    "dask_no_latitude_column": ("tidak ada kolom lintang '{column}'; kolom yang ada: {columns}",
                                "no latitude column '{column}'; the columns are: {columns}"),
    "dask_not_numeric": ("kolom '{column}' berisi {type}, bukan angka; koordinat dan bobot harus kolom angka",
                         "column '{column}' holds {type}, not numbers; coordinates and weights must be numeric "
                         "columns"),
    "dask_not_parquet": ("tidak dapat dibaca sebagai Parquet ({reason}); tulis ulang berkasnya",
                         "could not be read as Parquet ({reason}); write it again"),
    "dask_bad_metadata": ("metadata GeoParquet-nya rusak ({reason}); tulis ulang berkasnya",
                          "has damaged GeoParquet metadata ({reason}); write it again"),
    "dask_unknown_crs": ("menyebut sistem koordinat yang tidak dikenal pyproj ({reason})",
                         "names a coordinate system pyproj does not know ({reason})"),
    "dask_no_geometry_or_longitude": ("tidak ada kolom geometri atau bujur: berikan GeoParquet berisi titik, atau "
                                      "Parquet dengan kolom bujur/lintang (lon/longitude/bujur/x dan "
                                      "lat/latitude/lintang/y); kolom yang ada: {columns}",
                                      "no geometry or longitude column: give GeoParquet of points, or Parquet with "
                                      "longitude/latitude columns (lon/longitude/bujur/x and lat/latitude/lintang/y); "
                                      "the columns are: {columns}"),
    "dask_no_geometry_or_latitude": ("tidak ada kolom geometri atau lintang: berikan GeoParquet berisi titik, atau "
                                     "Parquet dengan kolom bujur/lintang (lon/longitude/bujur/x dan "
                                     "lat/latitude/lintang/y); kolom yang ada: {columns}",
                                     "no geometry or latitude column: give GeoParquet of points, or Parquet with "
                                     "longitude/latitude columns (lon/longitude/bujur/x and lat/latitude/lintang/y); "
                                     "the columns are: {columns}"),
    "dask_not_installed": ("mesin dask memerlukan dask.distributed; pasang dengan {install}",
                           "the dask engine needs dask.distributed; install it with {install}"),
    "dask_no_scheduler": ("tidak dapat menjangkau scheduler dask di {scheduler} dalam {timeout} detik ({reason}); "
                          "periksa alamatnya (tcp://HOST:8786), bahwa 'dask scheduler' berjalan di sana dan mesin ini "
                          "dapat menjangkau port-nya, atau hilangkan scheduler agar berjalan di kluster lokal",
                          "could not reach the dask scheduler at {scheduler} within {timeout} s ({reason}); check the "
                          "address (tcp://HOST:8786), that 'dask scheduler' runs there and that this machine can "
                          "reach its port, or leave out the scheduler to run on a local cluster"),
    "dask_unreadable": ("tidak dapat dibaca ({reason})", "could not be read ({reason})"),
    "dask_bad_geometry_type": ("kolom geometri '{geometry}' bertipe {type}, bukan WKB dan bukan pengodean titik "
                               "GeoParquet",
                               "the geometry column '{geometry}' is {type}, neither WKB nor GeoParquet point "
                               "encoding"),
    "dask_bad_struct": ("kolom geometri adalah struct dari {fields}, bukan pengodean titik GeoParquet (x, y)",
                        "the geometry column is a struct of {fields}, not GeoParquet point encoding (x, y)"),
    "dask_not_point_geometries": ("berisi geometri {kind}; mesin dask hanya menghitung titik",
                                  "holds {kind} geometries; the dask engine counts points only"),
    "dask_multipoint": ("berisi MultiPoint dengan {n} titik; simpan satu titik per baris (pecah/explode) agar setiap "
                        "titik dihitung sekali",
                        "a MultiPoint of {n} points; save one point per row (explode it) so each point is counted "
                        "once"),
    # planning/targets/db.py: a change refused by the append-only trigger of a log (migrations.py's text)
    "db_append_only": ("ditolak: {table} hanya dapat ditambah: barisnya tidak pernah diubah atau dihapus",
                       "refused: the {table} is append-only: its rows are never changed or deleted"),
}
