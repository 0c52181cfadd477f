"""What a target can be: the interventions, the statuses and the unit codes of the register.

Registries are dicts, looked up by id, Indonesian or English label, or a common
short name planners write ("bedah rumah", "jamban", "UEP"); unknown text gets a
"did you mean" suggestion, never a silent guess.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from rapidfuzz import fuzz, process

from geo_planner.i18n.messages import msg
from geo_planner.units.codes import BPS_TO_KEMENDAGRI, classify_key

__all__ = [
    "Intervention",
    "INTERVENTIONS",
    "STATUSES",
    "STATUS_LABELS",
    "LEVEL_BY_DEPTH",
    "resolve_intervention",
    "resolve_status",
    "intervention_label",
    "status_label",
    "normalise_unit_code",
    "unit_level",
]


class Intervention(NamedTuple):
    """One kind of intervention a target commits to.

    Attributes
    ----------
    label_id, label_en : str
        Labels in Bahasa Indonesia and English.
    unit : str
        What the quantity counts (always whole numbers).
    reduces : str or None
        Id of the indicator (a count of what is lacking, e.g. ``rtlh_units``)
        that the quantity reduces on the map, or ``None``.
    office : str
        The office that usually carries it out (a default for forms, never
        filled in silently).
    """

    label_id: str
    label_en: str
    unit: str
    reduces: str | None
    office: str


_PUPR = "Dinas PUPR / Perkim"
_DINSOS = "Dinas Sosial"

INTERVENTIONS: dict[str, Intervention] = {
    "rtlh_rehab": Intervention("Rehabilitasi RTLH", "RTLH rehabilitation", "unit", "rtlh_units", _PUPR),
    "sanitation_connection": Intervention("Sambungan sanitasi / jamban sehat",
                                          "Sanitation connection / improved latrine", "rumah tangga",
                                          "sanitation_unimproved_households", _PUPR),
    "water_connection": Intervention("Sambungan rumah air minum", "Drinking-water house connection", "SR",
                                     None, "Dinas PUPR / PDAM"),
    "uep_family": Intervention("Usaha Ekonomi Produktif (UEP)", "Productive business grant (UEP)", "KPM",
                               None, _DINSOS),
    "kube_group": Intervention("Kelompok Usaha Bersama (KUBE)", "Joint business group (KUBE)", "kelompok",
                               None, _DINSOS),
    "wrse_grant": Intervention("Bantuan WRSE", "WRSE grant (socially and economically vulnerable women)",
                               "orang", None, _DINSOS),
    "pkh_enrolment": Intervention("Kepesertaan PKH", "PKH enrolment", "KPM", None, _DINSOS),
    "bpnt_enrolment": Intervention("Kepesertaan BPNT/Sembako", "BPNT/Sembako enrolment", "KPM", None, _DINSOS),
}

# Short names planners write, normalised (see _norm) -> intervention id.
_ALIASES: dict[str, str] = {
    "rtlh": "rtlh_rehab", "rehab rtlh": "rtlh_rehab", "bedah rumah": "rtlh_rehab",
    "rehabilitasi rumah tidak layak huni": "rtlh_rehab", "perbaikan rtlh": "rtlh_rehab",
    "sanitasi": "sanitation_connection", "jamban": "sanitation_connection",
    "jamban sehat": "sanitation_connection", "sambungan sanitasi": "sanitation_connection",
    "air minum": "water_connection", "sambungan air": "water_connection",
    "sambungan air minum": "water_connection", "sr air minum": "water_connection",
    "uep": "uep_family", "kube": "kube_group", "wrse": "wrse_grant", "pkh": "pkh_enrolment",
    "bpnt": "bpnt_enrolment", "sembako": "bpnt_enrolment", "bpnt sembako": "bpnt_enrolment",
}

STATUSES: tuple[str, ...] = ("planned", "funded", "in_progress", "done")
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "planned": ("direncanakan", "planned"),
    "funded": ("didanai", "funded"),
    "in_progress": ("dalam pelaksanaan", "in progress"),
    "done": ("selesai", "done"),
}
_STATUS_WORDS: dict[str, str] = {
    "rencana": "planned", "perencanaan": "planned", "usulan": "planned",
    "dianggarkan": "funded", "sudah didanai": "funded", "teranggarkan": "funded",
    "berjalan": "in_progress", "sedang berjalan": "in_progress", "pelaksanaan": "in_progress",
    "dilaksanakan": "in_progress", "ongoing": "in_progress", "in progress": "in_progress",
    "tuntas": "done", "sudah selesai": "done", "completed": "done", "complete": "done",
}

LEVEL_BY_DEPTH = {1: "province", 2: "kabkota", 3: "kecamatan", 4: "desa"}
_CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_EXCEL_CODE_RE = re.compile(r"^\d{2},\d{2}$")  # 64.02 typed as a number and read back as "64,02"


def _norm(text: object) -> str:
    folded = unicodedata.normalize("NFKD", str(text))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", folded).split())


def _lookup() -> dict[str, str]:
    table = dict(_ALIASES)
    for key, iv in INTERVENTIONS.items():
        for text in (key, iv.label_id, iv.label_en):
            table[_norm(text)] = key
    return table


_INTERVENTION_LOOKUP = _lookup()


def _choices() -> str:
    return ", ".join(f"{key} ({iv.label_id})" for key, iv in INTERVENTIONS.items())


def resolve_intervention(text: object) -> str:
    """The intervention id for an id, label or common short name.

    Parameters
    ----------
    text : str
        E.g. ``"rtlh_rehab"``, ``"Rehabilitasi RTLH"``, ``"bedah rumah"``, ``"UEP"``.

    Returns
    -------
    str
        A key of :data:`INTERVENTIONS`.

    Raises
    ------
    ValueError
        With a sentence listing the choices (and the closest one) if the text is unknown.

    Examples
    --------
    >>> resolve_intervention("Bedah rumah"), resolve_intervention("Kepesertaan PKH")
    ('rtlh_rehab', 'pkh_enrolment')
    """
    key = _norm(text) if text is not None else ""
    if not key:
        raise ValueError(msg("registry_intervention_empty", choices=_choices()))
    if key in _INTERVENTION_LOOKUP:
        return _INTERVENTION_LOOKUP[key]
    best = process.extractOne(key, list(_INTERVENTION_LOOKUP), scorer=fuzz.WRatio, score_cutoff=80)
    hint = msg("registry_did_you_mean", key=_INTERVENTION_LOOKUP[best[0]]) if best else ""
    raise ValueError(msg("registry_unknown_intervention", text=str(text).strip(), hint=hint, choices=_choices()))


def resolve_status(text: object) -> str:
    """The status id for an English or Indonesian status word; empty gives ``"planned"``.

    Examples
    --------
    >>> resolve_status("Dalam pelaksanaan"), resolve_status("selesai"), resolve_status(None)
    ('in_progress', 'done', 'planned')
    """
    if text is None or (isinstance(text, float) and text != text) or not str(text).strip():
        return "planned"
    key = _norm(text)
    for status, (word_id, word_en) in STATUS_LABELS.items():
        if key in (_norm(status), _norm(word_id), _norm(word_en)):
            return status
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key]
    words = ", ".join(f"{s} ({STATUS_LABELS[s][0]})" for s in STATUSES)
    raise ValueError(msg("registry_unknown_status", text=str(text).strip(), choices=words))


def intervention_label(key: str, lang: str = "id") -> str:
    """Label of an intervention id in ``lang``; an unknown id is returned as it is."""
    iv = INTERVENTIONS.get(key)
    return key if iv is None else (iv.label_en if lang == "en" else iv.label_id)


def status_label(status: str, lang: str = "id") -> str:
    """Word for a status in ``lang`` (``"in_progress"`` -> ``"dalam pelaksanaan"``)."""
    pair = STATUS_LABELS.get(status)
    return status if pair is None else pair[1 if lang == "en" else 0]


def normalise_unit_code(text: object) -> str:
    """Check and tidy a Kemendagri unit code (``64``, ``64.02``, ``64.02.01``, ``64.02.01.2001``).

    Raises
    ------
    ValueError
        With a sentence saying what a code looks like; a BPS code gets its
        Kemendagri equivalent when the crosswalk knows it.

    Examples
    --------
    >>> normalise_unit_code(" 64.02. "), normalise_unit_code("64,72")
    ('64.02', '64.72')
    """
    raw = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    code = re.sub(r"\s+", "", raw).rstrip(".")
    if not code:
        raise ValueError(msg("registry_code_empty"))
    if _EXCEL_CODE_RE.match(code):
        code = code.replace(",", ".")
    if _CODE_RE.match(code):
        return code
    if classify_key(code) == "bps":
        kem = BPS_TO_KEMENDAGRI.get(code)
        hint = msg("registry_bps_is", code=code, kem=kem) if kem else ""
        raise ValueError(msg("registry_bps_code", raw=raw.strip(), hint=hint))
    raise ValueError(msg("registry_bad_code", raw=raw.strip()))


def unit_level(code: str) -> str:
    """Level of a Kemendagri code: ``province``, ``kabkota``, ``kecamatan`` or ``desa``.

    >>> unit_level("64.02.01")
    'kecamatan'
    """
    return LEVEL_BY_DEPTH[code.count(".") + 1]
