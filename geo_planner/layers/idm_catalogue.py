"""What the Indeks Desa Membangun (IDM) numbers mean: statuses, dimensions, the 50 indicators.

IDM (Kemendes PDTT) scores a desa on three dimensions, each from indicator
scores 0-5: IKS (social resilience, 35 indicators, sum / 175), IKE (economic,
12, sum / 60) and IKL (environmental, 3, sum / 15); IDM is their mean. A
status follows from IDM (Permendesa thresholds, as every Kaltim 2023/2024 row
confirms): Mandiri > 0.8155 >= Maju >= 0.7073 > Berkembang >= 0.5990 >
Tertinggal >= 0.4908 > Sangat Tertinggal. The published status code runs
1 (Mandiri) to 5 (Sangat Tertinggal): a higher code is more need.

The indicator dictionary (codes, Indonesian labels, the 12 sub-dimensions,
the agencies responsible at each level of government, score meanings) comes
with the data (``indikator/meta.json``, read by :func:`read_dictionary`);
what this module adds is English: sub-dimension names and indicator labels,
the themes a planner asks for (sanitation IKS32-IKS33, water IKS34-IKS35) and
how the agencies IDM names are spelled as the regional offices of
``layers/sectors.csv`` (:data:`AGENCY_OFFICES`).

>>> status_label(2), status_label(4, "en")
('Maju', 'Tertinggal (left behind)')
>>> status_of(0.8155), status_of(0.8156)
(2, 1)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from geo_planner.errors import InputError
from geo_planner.i18n.messages import msg

__all__ = ["STATUS", "STATUS_EN", "THRESHOLDS", "DIMENSIONS", "SUBDIMENSIONS_EN", "LABELS_EN", "THEMES",
           "AGENCY_OFFICES", "status_label", "status_of", "change_label", "indicator_id", "read_dictionary",
           "agencies_text", "offices_named", "default_office", "is_kelurahan", "OFFICE_LEVELS"]

STATUS = {1: "Mandiri", 2: "Maju", 3: "Berkembang", 4: "Tertinggal", 5: "Sangat Tertinggal"}
STATUS_EN = {1: "Mandiri (independent)", 2: "Maju (advanced)", 3: "Berkembang (developing)",
             4: "Tertinggal (left behind)", 5: "Sangat Tertinggal (very left behind)"}
THRESHOLDS = (0.8155, 0.7073, 0.5990, 0.4908)  # lower bounds of Maju..Tertinggal; Mandiri is above the first
DIMENSIONS = {"IKS": ("Indeks Ketahanan Sosial", "Social resilience index", 175),
              "IKE": ("Indeks Ketahanan Ekonomi", "Economic resilience index", 60),
              "IKL": ("Indeks Ketahanan Lingkungan", "Environmental resilience index", 15)}
SUBDIMENSIONS_EN = {"kes": "Health", "pdd": "Education", "mds": "Social capital", "pmk": "Settlement",
                    "prd": "Diversity of production", "dag": "Trade and services",
                    "log": "Distribution and logistics", "keu": "Finance and credit",
                    "lek": "Economic institutions", "akw": "Openness of the area", "lkg": "Environmental quality",
                    "bcn": "Disasters"}
LABELS_EN = {
    "IKS01": "Access to health facilities", "IKS02": "Doctor available", "IKS03": "Midwife available",
    "IKS04": "Other health workers", "IKS05": "Health insurance (BPJS) membership",
    "IKS06": "Access to a village health post (poskesdes/polindes)", "IKS07": "Posyandu activity",
    "IKS08": "Access to primary school (SD/MI)", "IKS09": "Access to junior secondary school (SMP/MTs)",
    "IKS10": "Access to senior secondary school (SMA/SMK)", "IKS11": "Early-childhood education (PAUD)",
    "IKS12": "Community learning centre, equivalency classes (PKBM, Paket A-B-C)",
    "IKS13": "Training courses", "IKS14": "Reading room or village library",
    "IKS15": "Habit of mutual help (gotong royong)", "IKS16": "Frequency of gotong royong",
    "IKS17": "Open public space", "IKS18": "Sports groups", "IKS19": "Sports activities",
    "IKS20": "Religious diversity", "IKS21": "Language diversity", "IKS22": "Diversity of communication",
    "IKS23": "Security post (pos kamling)", "IKS24": "Neighbourhood watch (siskamling)",
    "IKS25": "Conflicts", "IKS26": "People with social-welfare problems (PMKS)",
    "IKS27": "Special-needs school (SLB)", "IKS28": "Electricity access", "IKS29": "Mobile phone signal",
    "IKS30": "Internet at the village office", "IKS31": "Internet for residents",
    "IKS32": "Latrine access", "IKS33": "Waste disposal", "IKS34": "Drinking-water source",
    "IKS35": "Water for bathing and washing",
    "IKE01": "Diversity of production", "IKE02": "Shopping centre", "IKE03": "Market",
    "IKE04": "Grocery shops (toko/warung)", "IKE05": "Food stalls and lodging", "IKE06": "Post and logistics",
    "IKE07": "Banks and rural banks (BPR)", "IKE08": "Credit facilities",
    "IKE09": "Cooperatives and village enterprises (BUMDes)", "IKE10": "Public transport",
    "IKE11": "Four-wheel road access", "IKE12": "Road quality",
    "IKL01": "Environmental quality", "IKL02": "Disaster exposure", "IKL03": "Disaster-response facilities",
}
# Desa-level sanitation and water, labelled as such (IDM has no poverty, housing or bansos indicator).
THEMES = {"IKS32": ("Sanitasi", "Sanitation"), "IKS33": ("Sanitasi", "Sanitation"),
          "IKS34": ("Air minum", "Drinking water"), "IKS35": ("Air bersih", "Clean water")}
# The agencies IDM names (upper-cased, as in its `pel` lists, typos included) -> the office of layers/sectors.csv.
# Work of the desa itself (Desa, Dana Desa, BUMDes, Karang Taruna) is coached by DPMD.
AGENCY_OFFICES = {
    "DINKES": "Dinkes", "PU": "Dinas PUPR", "DISDIK": "Disdikbud", "DIKNAS": "Disdikbud", "DPMD": "DPMD",
    "DD": "DPMD", "DESA": "DPMD", "BUMDES": "DPMD", "BUMDES/ KOPERASI": "DPMD", "KARANG TARUNA": "DPMD",
    "DINSOS": "Dinas Sosial", "DLH": "DLH", "DKPP": "DKPP", "DISPERINDAKOP UKM": "Disperindagkop",
    "DISHUB": "Dishub", "BPBD": "BPBD", "BPDB": "BPBD", "DPBD": "BPBD", "DISKOMINFO": "Diskominfo",
    "KESBANGPOL": "Kesbangpol", "DISPORA": "Dispora", "DINAS PERPUS": "Dinas Perpustakaan",
    "DINAS PARIWISATA": "Dinas Pariwisata", "ESDM": "Dinas ESDM", "DISHUT/KPH": "Dinas Kehutanan/KPH",
    "CSR": "CSR/swasta", "SWASTA": "CSR/swasta", "PERBANKAN": "Perbankan", "BANK": "Perbankan",
    "PDAM": "Perumda Air Minum", "OPERATOR SELULAR": "Operator seluler",
}


def status_label(code: object, lang: str = "id") -> str:
    """The name of a status code 1-5; ``""`` for a missing one."""
    try:
        c = int(float(code))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return (STATUS_EN if lang == "en" else STATUS).get(c, "")


def status_of(idm: float) -> int:
    """The status code of an IDM value by the published thresholds (1 Mandiri ... 5 Sangat Tertinggal)."""
    if idm > THRESHOLDS[0]:
        return 1
    for code, low in enumerate(THRESHOLDS[1:], start=2):
        if idm >= low:
            return code
    return 5


def change_label(before: object, after: object, lang: str = "id") -> str:
    """``'naik (Berkembang → Maju)'``, ``'tetap (Maju)'`` or ``'turun (Maju → Berkembang)'``; ``""`` when unknown."""
    a, b = status_label(before, lang), status_label(after, lang)
    if not a or not b:
        return ""
    words = ("naik", "tetap", "turun") if lang != "en" else ("up", "same", "down")
    diff = int(float(before)) - int(float(after))  # type: ignore[arg-type]
    if diff == 0:
        return f"{words[1]} ({b})"
    return f"{words[0] if diff > 0 else words[2]} ({a} → {b})"


def indicator_id(code: str) -> str:
    """Product id of an IDM indicator code: ``'IKS32_AKSES_JAMBAN'`` -> ``'iks32_akses_jamban'``."""
    return re.sub(r"[^a-z0-9]+", "_", str(code).lower()).strip("_")


def agencies_text(pel: list) -> str:
    """``[['Kab/kota', 'DINSOS,DINKES'], ['CSR', 'CSR']]`` -> ``'Kab/kota: DINSOS, DINKES; CSR: CSR'``."""
    return "; ".join(f"{level}: {', '.join(a.strip() for a in str(names).split(','))}" for level, names in pel)


def offices_named(pel: list) -> list[str]:
    """The offices of :data:`AGENCY_OFFICES` an indicator's agencies stand for, in IDM's order."""
    out: list[str] = []
    for _, names in pel:
        for agency in str(names).split(","):
            office = AGENCY_OFFICES.get(agency.strip().upper())
            if office and office not in out:
                out.append(office)
    return out


# Which agency an indicator's lead office comes from: the regency's own offices first, then the province's,
# then the desa's (coached by DPMD), then the others IDM names.
OFFICE_LEVELS = ("Kab/kota", "Provinsi", "Desa", "Pusat", "CSR", "Lainnya")


def default_office(pel: list) -> str:
    """The office that leads an indicator by default: the first agency IDM names at kab/kota level that
    is an office of :data:`AGENCY_OFFICES`, else at province level, else at desa level, else any.

    >>> default_office([["Kab/kota", "DINSOS,DINKES"], ["CSR", "CSR"]])
    'Dinas Sosial'
    """
    for level in OFFICE_LEVELS:
        for lvl, names in pel:
            if lvl != level:
                continue
            for agency in str(names).split(","):
                office = AGENCY_OFFICES.get(agency.strip().upper())
                if office:
                    return office
    return ""


def read_dictionary(path: str | Path) -> pd.DataFrame:
    """The 50 indicators of ``indikator/meta.json``, with English labels and agencies.

    Returns
    -------
    DataFrame
        One row per indicator in score-string order: ``position`` (0-49),
        ``code`` (``IKS32_AKSES_JAMBAN``), ``id`` (``iks32_akses_jamban``),
        ``short`` (``IKS32``), ``dim``, ``div`` (the dimension's divisor),
        ``sub``, ``sub_label_id``, ``sub_label_en``, ``label_id``, ``label_en``
        (sanitation and water prefixed with their theme), ``agencies``
        (:func:`agencies_text`), ``offices`` (:func:`offices_named`, ``; ``-joined),
        ``office`` (:func:`default_office`),
        ``scores`` (score -> meaning, ``; ``-joined) and ``fix`` (the compiler's
        note when a score was reconstructed).

    Raises
    ------
    InputError
        When the file does not hold the 50 indicators in the known order.
    """
    meta = json.loads(Path(path).read_text(encoding="utf-8"))
    subs = {s["k"]: s for s in meta.get("sub", [])}
    divs = {d["k"]: int(d["div"]) for d in meta.get("dim", [])}
    rows = []
    for pos, ind in enumerate(meta.get("ind", [])):
        short = str(ind["c"]).split("_")[0]
        if short not in LABELS_EN or ind["sub"] not in subs:
            raise InputError(msg("idm_catalogue_unknown_indicator", code=ind["c"], pos=pos), file=Path(path).name)
        theme_id, theme_en = THEMES.get(short, ("", ""))
        label_id = f"{short} {theme_id + ': ' if theme_id else ''}{ind['nm']}"
        label_en = f"{short} {theme_en + ': ' if theme_en else ''}{LABELS_EN[short]}"
        scores = "; ".join(f"{k} = {v[0]}" for k, v in sorted(ind.get("ref", {}).items(), reverse=True))
        rows.append({"position": pos, "code": ind["c"], "id": indicator_id(ind["c"]), "short": short,
                     "dim": ind["dim"], "div": divs.get(ind["dim"]), "sub": ind["sub"],
                     "sub_label_id": subs[ind["sub"]]["nm"], "sub_label_en": SUBDIMENSIONS_EN[ind["sub"]],
                     "label_id": label_id, "label_en": label_en, "agencies": agencies_text(ind.get("pel", [])),
                     "offices": "; ".join(offices_named(ind.get("pel", []))),
                     "office": default_office(ind.get("pel", [])), "scores": scores,
                     "fix": ind.get("fix", "")})
    table = pd.DataFrame(rows)
    if len(table) != 50 or divs != {k: v[2] for k, v in DIMENSIONS.items()}:
        raise InputError(msg("idm_catalogue_shape", n=len(table), divisors=divs), file=Path(path).name)
    return table


def is_kelurahan(code: str) -> bool:
    """True for a kelurahan code (last part 1xxx, ``64.72.05.1010``): outside IDM by law."""
    parts = str(code).split(".")
    return len(parts) == 4 and parts[3][:1] == "1"
