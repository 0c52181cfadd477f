"""Texts that travel inside the figure tables: the generators' notes, and the periods of the sourced figures.

A figure's ``note`` is written once, in both languages, so that every export keeps it whole: each sentence
is ``"<Indonesian> / <English>."`` (:func:`both`). The app shows one side of it (:func:`one_language`).
A figure's ``period`` is the source's wording (``layers/kaltim/figures.csv``); the known ones are shown in
the chosen language (:func:`period_label`), others (decree numbers, "Susenas") as written.
Merged into :data:`geo_planner.i18n.STRINGS` (one catalogue).
"""

from __future__ import annotations

import re

__all__ = ["STRINGS_FIGURES", "PERIODS", "UNITS_EN", "both", "one_language", "period_label", "unit_label"]

STRINGS_FIGURES: dict[str, tuple[str, str]] = {
    # notes of the synthetic village demo (geo_planner.layers.synthetic)
    "syn_note": ("SINTETIS: angka desa buatan untuk demo, bukan data resmi",
                 "SYNTHETIC demo figure, not official statistics"),
    "syn_real": ("Jumlah desa = angka kab/kota sebenarnya di layer '{layer}'",
                 "sums to the regency's real figure in layer '{layer}'"),
    "syn_stand_in_province": ("Total kab/kota ini PENGGANTI SINTETIS: provinsi {total} dikurangi kab/kota lain",
                              "the regency total is a synthetic stand-in: province total {total} minus the other "
                              "regencies"),
    "syn_stand_in_density": ("Total kab/kota ini PENGGANTI SINTETIS: luas x kepadatan kab/kota lain",
                             "the regency total is a synthetic stand-in: area x density of the other regencies"),
    "syn_stand_in_rate": ("Total kab/kota ini PENGGANTI SINTETIS: P0 {rate} % x penduduk",
                          "the regency total is a synthetic stand-in: P0 {rate} % x population"),
    "syn_stand_in_median": ("Total kab/kota ini PENGGANTI SINTETIS: median {indicator} per penduduk miskin "
                            "kab/kota lain",
                            "the regency total is a synthetic stand-in: median {indicator} per poor person of "
                            "the other regencies"),
    "syn_pocket_neighbour": ("Desa tetangga kantong kemiskinan sintetis", "neighbour of a planted synthetic pocket"),
    "syn_pocket_seed": ("Inti kantong kemiskinan sintetis", "seed of a planted synthetic pocket"),
    "syn_describe": ("SINTETIS (benih {seed}): dibuat oleh geo_planner.layers.synthetic, bukan angka resmi",
                     "SYNTHETIC (seed {seed}): drawn by geo_planner.layers.synthetic, not an official figure"),
    "syn_describe_calibrated": ("jumlah desa sama dengan angka kab/kota layer '{layer}' (pengganti bila tidak ada)",
                                "village sums equal the regency figures of layer '{layer}' (stand-ins where "
                                "missing)"),
    # the note of rolled-up figures (geo_planner.analysis.rollup), recognised by its pattern
    "rollup_note": ("dijumlahkan dari {from_level} ke {level} (layer {layer})",
                    "rolled up from {from_level} to {level} (layer {layer})"),
    "rollup_synthetic": ("SINTETIS", "synthetic"),
}

# the periods of the shipped sourced figures: the source's wording -> (Indonesian, English)
PERIODS: dict[str, tuple[str, str]] = {
    "Maret": ("Maret", "March"),
    "Maret (Susenas)": ("Maret (Susenas)", "March (Susenas)"),
    "Susenas Maret": ("Susenas Maret", "Susenas, March"),
    "September": ("September", "September"),
    "cumulative": ("kumulatif", "cumulative"),
    "cumulative to article date": ("kumulatif sampai tanggal artikel", "cumulative to the article's date"),
    "mid-year": ("pertengahan tahun", "mid-year"),
    "mid-year projection (assumed)": ("proyeksi pertengahan tahun (diasumsikan)", "mid-year projection (assumed)"),
    "proyeksi": ("proyeksi", "projection"),
    "annual": ("tahunan", "annual"),
    "annual target": ("target tahunan", "annual target"),
    "target": ("target", "target"),
    "end of year": ("akhir tahun", "end of year"),
    "RPJMD 2021-2026 baseline": ("data dasar RPJMD 2021-2026", "RPJMD 2021-2026 baseline"),
    "Bappeda data": ("data Bappeda", "Bappeda data"),
    "mapping 2025": ("pemetaan 2025", "mapping 2025"),
    "Disperkim preliminary": ("Disperkim (sementara)", "Disperkim (preliminary)"),
    "SK (as stated)": ("SK (sesuai tertulis)", "SK (as stated)"),
    "SK kumuh 2020 (review)": ("SK kumuh 2020 (peninjauan)", "SK kumuh 2020 (review)"),
    "older SK Bupati (RPIJM Bab 7)": ("SK Bupati lama (RPIJM Bab 7)", "older SK Bupati (RPIJM Bab 7)"),
    "remaining backlog needing renovation": ("sisa yang masih perlu direnovasi",
                                             "remaining backlog needing renovation"),
    "first-year target of 1,000 over 5 yrs": ("target tahun pertama: 1.000 dalam 5 tahun",
                                              "first-year target of 1,000 over 5 years"),
    "sintetis": ("sintetis", "synthetic"),
}

_ROLLUP = re.compile(r"^roll-up of (?P<layer>\S+) from (?P<from_level>\w+) to (?P<level>\w+)"
                     r"(?P<synthetic> \(SINTETIS / synthetic\))?$")


def _pair(key: str, **values: object) -> tuple[str, str]:
    from geo_planner.i18n import STRINGS  # the whole catalogue (this module is part of it)

    pid, pen = STRINGS[key]
    return (pid.format(**values), pen.format(**values)) if values else (pid, pen)


def both(key: str, **values: object) -> str:
    """The note sentence ``key`` in both languages, ``"<Indonesian> / <English>."``.

    >>> both("syn_pocket_seed")
    'Inti kantong kemiskinan sintetis / seed of a planted synthetic pocket.'
    """
    pid, pen = _pair(key, **values)
    return f"{pid} / {pen}."


def one_language(text: object, lang: str = "id") -> str:
    """One side of a note written by :func:`both` (each sentence), or the roll-up note in ``lang``;
    other text as it is, a missing note as ``""``.

    >>> one_language(both("syn_note") + " " + both("syn_pocket_seed"), "en")
    'SYNTHETIC demo figure, not official statistics. seed of a planted synthetic pocket.'
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    text = str(text)
    side = 1 if lang == "en" else 0
    m = _ROLLUP.match(text)
    if m:
        pair = _pair("rollup_note", layer=m["layer"], from_level=m["from_level"], level=m["level"])
        extra = f" ({STRINGS_FIGURES['rollup_synthetic'][side]})" if m["synthetic"] else ""
        return pair[side] + extra
    sentences = [s for s in re.split(r"(?<=\.)\s+", text.strip()) if s]
    out = []
    for s in sentences:
        parts = s.split(" / ")
        if len(parts) == 2:
            chosen = parts[side].strip()
            out.append(chosen if chosen.endswith(".") else chosen + ".")
        else:
            out.append(s)
    return " ".join(out)


def period_label(value: object, lang: str = "id") -> str:
    """The period of a figure in ``lang`` when it is one of :data:`PERIODS`, else as the source wrote it.

    >>> period_label("mid-year projection (assumed)", "id"), period_label("SK Bupati 2023", "en")
    ('proyeksi pertengahan tahun (diasumsikan)', 'SK Bupati 2023')
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    pair = PERIODS.get(str(value).strip())
    return pair[1 if lang == "en" else 0] if pair else str(value)


# The units of the shipped layers (the regency figures, IDM, the synthetic demo) in English. A unit a
# user's file brings is shown as the file writes it.
UNITS_EN: dict[str, str] = {
    "indeks": "index",
    "poin indeks": "index points",
    "skor 0-5": "score 0-5",
    "jiwa": "people",
    "rumah tangga": "households",
    "kelompok": "groups",
    "unit": "units",
    "desa": "villages",
    "desa/kelurahan": "villages",
    "Rp/kapita/bulan": "Rp/capita/month",
    "KPM": "beneficiary families (KPM)",
}


def unit_label(unit: object, lang: str = "id") -> str:
    """A figure's unit in ``lang``: the shipped layers' units in English (:data:`UNITS_EN`), any other as written.

    >>> unit_label("indeks", "en"), unit_label("indeks", "id"), unit_label("unit rumah", "en")
    ('index', 'indeks', 'unit rumah')
    """
    if unit is None or (isinstance(unit, float) and unit != unit):
        return ""
    text = str(unit)
    return UNITS_EN.get(text.strip(), text) if lang == "en" else text
