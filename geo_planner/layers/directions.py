"""Default directions of a user's indicators, read from their names.

An uploaded layer used to come in as *context* (not weighted), so nothing
changed in the ranking until the planner found two settings. Each new
indicator now gets a direction from its id, label and layer name, by the
sector keywords planners use (:data:`NEED_WORDS`: kumuh, rtlh, miskin,
jamban ...; :data:`COVERAGE_WORDS`: penerima, cakupan, akses, terlayani ...),
and weight 1 when that direction is need or coverage
(:attr:`geo_planner.layers.model.Indicator.default_weight`). Both are only
defaults: shown, and changed by ``--direction`` / ``--weights`` or in the app.

A coverage word wins over a need word ("penerima bantuan miskin" counts those
reached, "sudah ditangani" the houses already repaired), unless a not-yet word
turns it round ("belum terlayani", "sisa", "tanpa akses": those not reached,
so need); a figure with neither stays context. An area in hectares of a
polygon layer stays context beside its share of the unit's area (which carries
the need), so one layer is not weighted twice.
"""

from __future__ import annotations

import re
from dataclasses import replace

from geo_planner.layers.columns import slugify

__all__ = ["NEED_WORDS", "COVERAGE_WORDS", "NOT_YET_WORDS", "direction_of", "default_direction", "with_default_directions"]

# Words (whole words of the slugified id, label or layer name) that say a high figure means more need.
NEED_WORDS = frozenset({
    "kumuh", "slum", "rtlh", "miskin", "kemiskinan", "poverty", "poor", "jamban", "babs", "stunting",
    "gizi_buruk", "putus_sekolah", "pengangguran", "unemployment", "banjir", "flood", "rawan", "rusak",
    "tidak_layak", "bencana", "dtks", "pmks", "tertinggal", "malnutrition", "desil",
})
# Words that say a high figure means better served (so less need); they win over a need word.
COVERAGE_WORDS = frozenset({
    "penerima", "cakupan", "akses", "terlayani", "tercakup", "coverage", "access", "served", "reach",
    "pkh", "bpnt", "kpm", "ditangani", "tertangani", "diperbaiki", "terealisasi", "realisasi", "tersalurkan",
    "disalurkan", "terbangun", "handled", "repaired", "completed", "delivered",
})
# Words that turn a coverage word round ("belum terlayani", "sisa RTLH", "tanpa akses"): those not yet
# reached, so need.
NOT_YET_WORDS = frozenset({"belum", "sisa", "tanpa", "tidak", "not", "without", "unserved", "remaining"})
_AREA = re.compile(r"_area_ha$")


def _words(*texts: str) -> set[str]:
    words: set[str] = set()
    for text in texts:
        slug = slugify(text) if text else ""
        parts = [p for p in slug.split("_") if p]
        words.update(parts)
        words.update(f"{a}_{b}" for a, b in zip(parts, parts[1:]))
    return words


def direction_of(indicator_id: str, label: str = "", layer: str = "") -> str:
    """``need``, ``coverage`` or ``context`` for an indicator, from the words of its id, label and layer.

    >>> direction_of("jumlah_rtlh"), direction_of("penerima_pkh"), direction_of("kumuh_share_pct", layer="kumuh")
    ('need', 'coverage', 'need')
    >>> direction_of("jumlah_penduduk"), direction_of("kumuh_area_ha", layer="kumuh")
    ('context', 'context')
    >>> direction_of("sudah_ditangani", layer="rtlh"), direction_of("belum_terlayani_air_minum")
    ('coverage', 'need')
    """
    if _AREA.search(indicator_id):
        return "context"  # the share of the unit's area carries a polygon layer's need
    words = _words(indicator_id, label)
    if words & COVERAGE_WORDS:
        return "need" if words & NOT_YET_WORDS else "coverage"
    if words & NEED_WORDS:
        return "need"
    layer_words = _words(layer)  # a count of points "rtlh_count" of layer rtlh: the layer names the sector
    if layer_words & COVERAGE_WORDS:
        return "coverage"
    if layer_words & NEED_WORDS:
        return "need"
    return "context"


def default_direction(meta, layer: str = "") -> str:
    """The direction an indicator starts with: its own (a manifest's, an official table's, one set
    before), else the one its name says (:func:`direction_of`)."""
    if meta.direction != "context" or meta.synthetic:
        return meta.direction
    return direction_of(meta.id, meta.label_en if meta.label_en != meta.id else meta.label_id, layer or meta.layer)


def with_default_directions(layer):
    """``layer`` with each context indicator that has no direction of its own given the one its name says,
    and weight 1 when that is need or coverage. A layer whose indicators came with a manifest keeps them."""
    indicators = dict(layer.indicators)
    for k, meta in indicators.items():
        if meta.direction != "context" or meta.synthetic:
            continue
        d = default_direction(meta, layer.name)
        if d != "context":
            indicators[k] = replace(meta, direction=d, default_weight=1.0)
    return replace(layer, indicators=indicators)
