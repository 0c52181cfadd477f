"""Texts of the library's own modules: export headers and sheet names, indicator labels of the built-in
layers (synthetic demo, village index IDM), notes and captions the outputs write.

Merged into :data:`geo_planner.i18n.STRINGS` (one catalogue); a module takes a pair with
``STRINGS[key]`` (an indicator's two labels) or one text with ``t(key, lang)``.
"""

from __future__ import annotations

__all__ = ["STRINGS_LIBRARY"]

STRINGS_LIBRARY: dict[str, tuple[str, str]] = {
    # outputs/pockets.py: headers of the pockets file
    "ph_pocket": ("Kantong", "Pocket"),
    "ph_n_units": ("Jumlah wilayah", "Units"),
    "ph_codes": ("Kode wilayah", "Unit codes"),
    "ph_names": ("Nama wilayah", "Unit names"),
    "ph_parents": ("Wilayah induk", "Parent units"),
    "ph_population": ("Penduduk (jiwa)", "Population"),
    "ph_poor": ("Penduduk miskin (jiwa)", "Poor people"),
    "ph_need": ("Rata-rata skor kebutuhan", "Mean need score"),
    "ph_coverage": ("Rata-rata skor cakupan", "Mean coverage score"),
    "ph_reason": ("Alasan", "Reason"),
    "ph_synthetic": ("Data sintetis", "Synthetic data"),
    "pockets_sheet": ("Kantong kemiskinan", "Poverty pockets"),
    # outputs/tables.py: columns that are not indicators, sheet names, the sources sheet
    "tl_parent_name": ("Wilayah induk", "Lies in"),
    "tl_pocket": ("Kantong kemiskinan", "Poverty pocket"),
    "tl_underserved": ("Kebutuhan tinggi, cakupan rendah", "High need, low coverage"),
    "tl_bivariate": ("Kelas kebutuhan-cakupan", "Need-coverage class"),
    "tl_gi_class": ("Hotspot (Gi*)", "Hotspot (Gi*)"),
    "tl_coverage_score": ("Skor cakupan (0-100)", "Coverage score (0-100)"),
    "tl_lead_office": ("OPD pengampu", "Lead office"),
    "tl_lead_sector": ("Sektor", "Sector"),
    "tl_lead_programmes": ("Program", "Programmes"),
    "tl_lead_strategy": ("Kode strategi", "Strategy code"),
    "tl_strategy": ("Strategi (Permendagri 53/2020)", "Strategy (Permendagri 53/2020)"),
    "tl_no": ("No.", "No."),
    "rpkd_sheet": ("Lokasi prioritas", "Priority locations"),
    "sheet_privacy": ("Privasi", "Privacy"),
    "sheet_household": ("Data rumah tangga", "Household data"),
    # outputs/report.py
    "report_no_protection": ("Tidak ada perlindungan angka kecil di tingkat ini.",
                             "No small-count protection at this level."),
    # outputs/idm_view.py
    "idm_not_assessed_desa": ("{n} kelurahan: tidak dinilai IDM (kelurahan); sel IDM-nya kosong, bukan 0",
                              "{n} kelurahan: not assessed by IDM (kelurahan); their IDM cells are empty, not 0"),
    "idm_not_assessed_units": ("{n} wilayah hanya berisi kelurahan: tidak dinilai IDM",
                               "{n} units hold only kelurahan: not assessed by IDM"),
    # pipeline.py: the method line, point counts
    "method_line": ("Skor prioritas = rata-rata tertimbang indikator yang diskalakan 0-100 (min-maks); indikator "
                    "cakupan dibalik; hanya indikator yang tersedia.",
                    "Priority score = weighted mean of indicators rescaled 0-100 (min-max); coverage indicators "
                    "reversed; over the indicators available."),
    "points_count": ("Jumlah titik {name}", "{name} points"),
    "points_sum": ("Jumlah {c} (titik {name})", "{c}, summed over {name} points"),
    "user_file": ("berkas pengguna {name}", "user file {name}"),
    # planning/sectors.py
    "strategy_1": ("Mengurangi beban pengeluaran", "Reduce the spending burden"),
    "strategy_2": ("Meningkatkan pendapatan", "Raise income"),
    "strategy_3": ("Mengurangi kantong kemiskinan", "Shrink poverty pockets"),
    "no_sector": ("tanpa sektor", "no sector"),
    "share_of_need": ("{share} dari kebutuhan", "{share} of need"),
    "no_indicator_above": ("tidak ada indikator di atas wilayah terendah", "no indicator above the lowest unit"),
    # sources/villages.py: the credit line of the village index
    "idm_attribution": ("Indeks Desa Membangun (IDM) 2023 dan 2024: Kementerian Desa, Pembangunan Daerah "
                        "Tertinggal, dan Transmigrasi (Kemendes PDTT), melalui Portal Satu Data Indonesia "
                        "(data.go.id); skor 50 indikator dari API IDM Kemendesa; dihimpun oleh {repo} "
                        "(GitHub) pada commit {commits}.",
                        "Indeks Desa Membangun (IDM, village development index) 2023 and 2024: Ministry of "
                        "Villages, Development of Disadvantaged Regions and Transmigration (Kemendes PDTT), via "
                        "Satu Data Indonesia (data.go.id); the 50 indicator scores from the Kemendesa IDM API; "
                        "compiled by {repo} (GitHub) at commits {commits}."),
    # analysis/national.py: the synthetic points layer
    "national_synthetic_note": ("SINTETIS: titik acak berbenih, bukan angka resmi",
                                "SYNTHETIC: seeded random points, not official figures"),
    "national_on_land": ("n={n}, benih={seed}; {land} di darat", "n={n}, seed={seed}; {land} on land"),
    "national_points": ("Jumlah titik SINTETIS", "SYNTHETIC points (count)"),
    "national_method": ("semua provinsi dibersihkan bersama sebagai satu cakupan",
                        "all provinces cleaned together as one coverage"),
    "national_scope": ("{n} provinsi, satu cakupan", "{n} provinces, one coverage"),
    # layers/synthetic.py: the demo's indicators (label, per language)
    "syn_population": ("Jumlah penduduk", "Population"),
    "syn_poor_population": ("Jumlah penduduk miskin", "Poor population"),
    "syn_poverty_rate": ("Persentase penduduk miskin", "Poverty rate"),
    "syn_households": ("Jumlah rumah tangga", "Households"),
    "syn_poor_households": ("Rumah tangga miskin", "Poor households"),
    "syn_households_decile": ("Rumah tangga desil {k} DTSEN", "Households in DTSEN decile {k}"),
    "syn_pkh_beneficiaries": ("Penerima PKH", "PKH beneficiaries"),
    "syn_bpnt_beneficiaries": ("Penerima BPNT/Sembako", "BPNT/Sembako beneficiaries"),
    "syn_coverage_ratio": ("Rumah tangga miskin terjangkau PKH/BPNT", "Poor households reached by PKH or BPNT"),
    "syn_sanitation_unimproved_households": ("Rumah tangga tanpa sanitasi layak",
                                             "Households without improved sanitation"),
    "syn_rtlh_units": ("Rumah tidak layak huni (RTLH)", "Uninhabitable houses (RTLH)"),
    "syn_slum_area_ha": ("Luas kumuh", "Slum area"),
    "unit_households": ("rumah tangga", "households"),
    # layers/idm.py: the village index's indicators, notes and coverage
    "idm_label_idm": ("Indeks Desa Membangun (IDM)", "Village development index (IDM)"),
    "idm_label_iks": ("Indeks Ketahanan Sosial (IKS)", "Social resilience index (IKS)"),
    "idm_label_ike": ("Indeks Ketahanan Ekonomi (IKE)", "Economic resilience index (IKE)"),
    "idm_label_ikl": ("Indeks Ketahanan Lingkungan (IKL)", "Environmental resilience index (IKL)"),
    "idm_mean_of_desa": ("Rata-rata {c} desa", "Mean {c} of the desa"),
    "idm_low_is_need": ("0-1; rendah berarti kebutuhan", "0-1; low is need"),
    "idm_change": ("Perubahan IDM 2023→2024", "Change in IDM 2023→2024"),
    "idm_change_unit": ("poin indeks", "index points"),
    "idm_change_note": ("IDM 2024 dikurangi IDM 2023; turun berarti kebutuhan", "IDM 2024 minus IDM 2023; a fall "
                        "is need"),
    "idm_status": ("Status IDM {year}", "IDM status {year}"),
    "idm_status_classes": ("1 Mandiri, 2 Maju, 3 Berkembang, 4 Tertinggal, 5 Sangat Tertinggal",
                           "1 Mandiri, 2 Maju, 3 Berkembang, 4 Tertinggal, 5 Sangat Tertinggal"),
    "idm_status_change": ("Perubahan status IDM 2023→2024", "IDM status change 2023→2024"),
    "idm_assessed": ("Dinilai IDM", "Assessed by IDM"),
    "idm_units_total": ("Jumlah wilayah", "Units"),
    "idm_share_left_behind": ("Desa Tertinggal atau Sangat Tertinggal {year}",
                              "Desa left behind or very left behind {year}"),
    "idm_share_note": ("porsi desa yang dinilai", "share of the desa assessed"),
    "idm_status_fell": ("Status turun 2023→2024", "Status fell 2023→2024"),
    "idm_status_rose": ("Status naik 2023→2024", "Status rose 2023→2024"),
    "idm_api_note": ("skor indikator dari API Kemendesa: menghasilkan IDM {x}, bukan IDM resmi",
                     "indicator scores from the Kemendesa API give IDM {x}, not the official one"),
    "idm_coverage": ("IDM untuk {n} dari {m} desa/kelurahan", "IDM for {n} of {m} desa/kelurahan"),
    "idm_unmatched_reason": ("kode desa IDM tidak cocok dengan desa mana pun di batas wilayah (kode Kemendagri "
                             "2025); periksa berkas batas atau provinsinya",
                             "IDM desa code matches no desa of the boundaries (Kemendagri 2025 codes); check the "
                             "boundary file or the province"),
    "idm_kelurahan_provenance": ("di luar IDM menurut undang-undang: tanpa angka (kosong, bukan 0), tidak dinilai",
                                 "outside IDM by law: no figure (empty, not 0), not scored"),
    # --- planning (issue 11, i18n2): planning/allocate.py, planning/allocation_tables.py, planning/goals.py
    # planning/allocate.py: the methods' labels (METHODS) and the reach model (REACH_MODEL, English in attrs)
    "alloc_method_equal": ("Kuota sama", "Equal quota"),
    "alloc_method_proportional": ("Proporsional kebutuhan", "Proportional to need"),
    "alloc_method_optimised": ("Optimal (MILP)", "Optimised (MILP)"),
    "alloc_method_fair": ("Adil (bagian terkecil terbesar)", "Fair (max-min share)"),
    "alloc_reach_model": ("penduduk miskin terjangkau = min(paket x {ppf:g} orang per keluarga, {column}); satu "
                          "paket menjangkau satu keluarga miskin; wilayah tanpa angka tidak diikutkan dalam "
                          "proporsional dan optimal, dan penduduk miskin terjangkaunya tidak diketahui",
                          "poor reached = min(packages x {ppf:g} people per family, {column}); one package reaches "
                          "one poor family; a unit without a figure is left out of proportional and optimised, and "
                          "its poor reached is unknown"),
    # planning/allocation_tables.py: the headers of the allocation tables
    "alloc_h_code": ("Kode", "Code"),
    "alloc_h_name": ("Nama wilayah", "Unit"),
    "alloc_h_need": ("Kebutuhan", "Need"),
    "alloc_h_reach": ("Penduduk miskin (batas jangkauan)", "Poor people (reach cap)"),
    "alloc_h_min_units": ("Minimum", "Minimum"),
    "alloc_h_max_units": ("Maksimum", "Maximum"),
    "alloc_h_quantity": ("jumlah paket (KPM/kelompok)", "packages (families/groups)"),
    "alloc_h_cost": ("biaya (Rp)", "cost (Rp)"),
    "alloc_h_poor_reached": ("penduduk miskin terjangkau", "poor people reached"),
    "alloc_h_note": ("Catatan", "Note"),
    "alloc_h_total": ("Jumlah", "Total"),
    "alloc_h_budget": ("Anggaran (Rp)", "Budget (Rp)"),
    "alloc_h_budget_used": ("Terpakai (Rp)", "Used (Rp)"),
    "alloc_h_leftover": ("Sisa (Rp)", "Left over (Rp)"),
    "alloc_h_units_funded": ("Wilayah mendapat", "Units funded"),
    "alloc_h_units_no_data": ("Wilayah tanpa data (tidak diikutkan)", "Units without data (left out)"),
    "alloc_h_method": ("Metode", "Method"),
    "alloc_h_min_share": ("bagian terkecil (%)", "smallest share (%)"),
    # planning/goals.py: what each per-regency rule does (RULES), the notes of the distance-to-target table
    "goal_rule_text_proportional_to_poor": (
        "Setiap kabupaten/kota mengentaskan bagian yang sama dari penduduk miskinnya (persentase miskin turun "
        "dengan proporsi yang sama).",
        "Every regency lifts the same share of its poor out of poverty (its rate falls by the same proportion)."),
    "goal_rule_text_equal_rate_cut": (
        "Persentase penduduk miskin setiap kabupaten/kota turun dengan jumlah poin yang sama.",
        "Every regency's poverty rate falls by the same number of percentage points."),
    "goal_rule_text_converge_to_target": (
        "Yang tertinggi turun lebih dulu: setiap kabupaten/kota di atas batas bersama R turun ke R, yang lain "
        "tetap; R dipilih agar target provinsi tercapai.",
        "The highest rates come down first: every regency above a common ceiling R comes down to R, the others "
        "hold; R is set so the provincial target is met."),
    "goal_note_no_count": ("tidak ada angka jumlah penduduk miskin bersumber: tidak diperkirakan",
                           "no sourced count of poor people: not estimated"),
    "goal_note_years": ("angka kabupaten/kota {ry}, angka provinsi {py}", "regency figures {ry}, province figure {py}"),
    "goal_note_rest": ("selisih: kabupaten/kota tanpa angka bersumber dan beda tahun/sumber antara angka "
                       "kabupaten/kota dan provinsi", "difference: regencies without a sourced count, and the "
                       "different years/sources of the regency and province figures"),
    "goal_note_capped": ("seluruh penduduk miskinnya (aturan poin sama melampaui persentasenya)",
                         "all its poor (the equal-points cut exceeds its rate)"),
    "goal_note_base": ("basis penduduk {base} = {poor} / {rate} % (basis angka BPS); proyeksi penduduk {proj} ({py}) "
                       "bukan basis angka tersebut", "population base {base} = {poor} / {rate} % (the base of the "
                       "BPS rate); the projection {proj} ({py}) is not that base"),
}
