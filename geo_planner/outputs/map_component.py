"""What the app's map component (``app_map.py``) sends to the browser: geometry once, colours per rerun.

Two payloads, so that a weight, class or mode change does not send the geometry again:

- :func:`geometry_payload`: the encoded units of a :class:`~geo_planner.outputs.map_geometry.UnitLayer`
  (codes, names, parent names, polygons as encoded polylines), the bounds to zoom to and, at kab/kota and
  kecamatan level, a label point per unit (largest units first: they keep their label when labels
  collide). Sent when the level or the drill-down changes, or when the browser asks for it again.
- :func:`style_payload`: per unit, in the order of the geometry's codes, a colour index (one character),
  an outline flag (one character) and the tooltip body, written as templates shared by all units plus
  the numbers of each unit (a desa tooltip is "score 45,2 · rank 12 of 841": the template is sent once,
  "45,2|12" per desa). A few KB to a few tens of KB at desa level.

The browser rebuilds each tooltip exactly (:func:`expand_tips` is the same decoding in Python, for tests).
"""

from __future__ import annotations

import operator
import re
from collections import Counter

import geopandas as gpd
import numpy as np
import shapely

from geo_planner.i18n.messages import msg
from geo_planner.outputs.map_geometry import POLYLINE_ALPHABET, UnitLayer

__all__ = ["LABEL_LEVELS", "geometry_payload", "style_payload", "expand_tips", "unit_styles", "label_points"]

LABEL_LEVELS = ("kabkota", "kecamatan")  # unit names on the map at these levels (1,038 desa: too many)
SLOT = "\x01"                             # where a unit's number goes in a tooltip template
_TAG = re.compile(r"(<[^>]*>)")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def label_points(geometry: gpd.GeoSeries) -> tuple[list[list[float]], list[int]]:
    """A point inside each unit (of its largest part) for its name, and the order of the units by area."""
    points, areas = [], []
    for geom in geometry:
        if geom is None or geom.is_empty:
            continue
        parts = shapely.get_parts(geom)
        part = parts[int(np.argmax(shapely.area(parts)))] if len(parts) > 1 else parts[0]
        p = part.representative_point()
        points.append([round(p.y, 4), round(p.x, 4)])
        areas.append(float(geom.area))
    order = sorted(range(len(areas)), key=lambda i: -areas[i])
    return points, order


def geometry_payload(layer: UnitLayer, geometry: gpd.GeoSeries | None = None, *,
                     level: str | None = None) -> dict:
    """The units as the component draws them; ``id`` changes with the set of units (level, drill-down)."""
    payload = {"id": layer_id(layer), "data": layer.data, "bounds": layer.bounds, "many": layer.many,
               "alphabet": POLYLINE_ALPHABET}
    if geometry is not None and level in LABEL_LEVELS:
        shown = geometry[[not (g is None or g.is_empty) for g in geometry]]
        payload["labels"], payload["label_order"] = label_points(shown)
    return payload


def layer_id(layer: UnitLayer) -> str:
    """A short id of a unit layer: its number of units, first and last code and the size of its data."""
    if not layer.codes:
        return "empty"
    return f"{len(layer.codes)}:{layer.codes[0]}:{layer.codes[-1]}:{layer.nbytes}"


def _template(line: str) -> tuple[str, list[str]]:
    """A tooltip line with its numbers (outside HTML tags) taken out.

    Where the numbers are depends only on which characters are digits: the lines of one shape (every ASCII
    digit read as 0, e.g. "Skor: <b>00,0</b> · Peringkat <b>00 dari 000</b>") share the places of their
    numbers, found once per shape; when no digit of the shape is inside a tag, they share the template too
    (every other character is the same)."""
    if SLOT in line:
        return _template_scan(line)
    shape = line.encode("utf-8", "surrogatepass").translate(_ZEROS)  # UTF-8: no other character holds an ASCII byte
    known = _SHAPES.get(shape)
    if known is None:
        spans = _number_spans(line)
        numbers = operator.itemgetter(*(slice(a, b) for a, b in spans)) if spans else None
        gaps = [slice(b, a) for b, a in zip([0, *(b for _, b in spans)], [*(a for a, _ in spans), len(line)])]
        digit_in_tag = any("0" in m.group(0) for m in _TAG.finditer(line.translate(_STR_ZEROS)))
        shared = None if digit_in_tag else SLOT.join(line[g] for g in gaps)
        known = (len(spans), numbers, gaps, shared)
        if len(_SHAPES) >= 4096:
            _SHAPES.clear()
        _SHAPES[shape] = known
    n, numbers, gaps, shared = known
    if not n:
        return line, []
    values = [numbers(line)] if n == 1 else list(numbers(line))
    return (shared if shared is not None else SLOT.join([line[g] for g in gaps])), values


_ZEROS = bytes.maketrans(b"123456789", b"0" * 9)
_STR_ZEROS = str.maketrans("123456789", "0" * 9)
_SHAPES: dict[bytes, tuple] = {}


def _number_spans(line: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each number of ``line`` outside its HTML tags."""
    spans, prev = [], 0
    for tag in (*_TAG.finditer(line), None):
        end = len(line) if tag is None else tag.start()
        spans += [m.span() for m in _NUMBER.finditer(line, prev, end)]
        if tag is not None:
            prev = tag.end()
    return tuple(spans)


def _template_scan(line: str) -> tuple[str, list[str]]:
    """:func:`_template` of a line holding the slot character itself (dropped outside tags)."""
    values: list[str] = []
    parts = []
    for i, piece in enumerate(_TAG.split(line)):
        if i % 2:  # a tag
            parts.append(piece)
        else:
            parts.append(_NUMBER.sub(lambda m: values.append(m.group(0)) or SLOT, piece.replace(SLOT, "")))
    return "".join(parts), values


def style_payload(colours: dict[str, str], outlines: dict[str, int], tips: dict[str, str],
                  codes: tuple[str, ...], *, legend: str, banner: str | None, outline_weight: float,
                  outline_colour: str, no_data: str) -> dict:
    """Colours, outlines and tooltips of the units ``codes`` (the geometry's order), compactly.

    ``k``: one character per unit, ``POLYLINE_ALPHABET[2 * i + outlined]`` with ``i`` the index of its
    colour in ``pal`` (a unit without a colour gets ``no_data``) and ``outlined`` 1 for an emphasised
    unit (underserved, pocket member); ``tpl``: tooltip
    templates, ``t``: per unit (joined by newlines) "template|number|number..." (empty: no tooltip body).
    """
    palette = list(dict.fromkeys([no_data, *(colours.get(c, no_data) for c in codes)]))
    if 2 * len(palette) > len(POLYLINE_ALPHABET):
        raise ValueError(msg("map_too_many_colours", n=len(palette), most=len(POLYLINE_ALPHABET) // 2))
    index = {c: i for i, c in enumerate(palette)}
    split = {code: _template(tips.get(code) or "") for code in codes}
    # a number that is the same in every use of a template (the "1038" of "rank 12 of 1038") stays in it
    uses: dict[str, list[list[str]]] = {}
    for tpl, values in split.values():
        uses.setdefault(tpl, []).append(values)
    fixed: dict[str, tuple[str, list[bool]]] = {}
    for tpl, rows in uses.items():
        n = len(rows[0])  # the same template has the same number of slots
        constant = [len(rows) > 1 and len({r[i] for r in rows}) == 1 for i in range(n)]
        bits = tpl.split(SLOT)
        out = bits[0]
        for i, keep in enumerate(constant):
            out += (rows[0][i] if keep else SLOT) + bits[i + 1]
        fixed[tpl] = (out, constant)
    counts = Counter(fixed[tpl][0] for tpl, _ in split.values())
    templates = [t for t, _ in counts.most_common()]
    tindex = {t: i for i, t in enumerate(templates)}
    per_unit = []
    for code in codes:
        tpl, values = split[code]
        final, constant = fixed[tpl]
        kept = [v for v, keep in zip(values, constant) if not keep]
        per_unit.append("|".join([str(tindex[final]), *kept]) if final else "")
    k = "".join(POLYLINE_ALPHABET[2 * index[colours.get(c, no_data)] + (1 if outlines.get(c) else 0)]
                for c in codes)
    return {"pal": palette, "k": k, "ow": outline_weight,
            "oc": outline_colour, "tpl": templates, "t": "\n".join(per_unit), "legend": legend, "banner": banner}


def unit_styles(style: dict, codes: tuple[str, ...]) -> dict[str, tuple[str, bool]]:
    """(fill colour, outlined) per unit from a :func:`style_payload` (what the browser draws)."""
    return {code: (style["pal"][POLYLINE_ALPHABET.index(ch) // 2], POLYLINE_ALPHABET.index(ch) % 2 == 1)
            for code, ch in zip(codes, style["k"])}


def expand_tips(style: dict, codes: tuple[str, ...]) -> dict[str, str]:
    """The tooltip body per unit from a :func:`style_payload` (what the browser shows)."""
    out = {}
    for code, cell in zip(codes, style["t"].split("\n")):
        if not cell:
            out[code] = ""
            continue
        idx, *values = cell.split("|")
        bits = style["tpl"][int(idx)].split(SLOT)
        out[code] = bits[0] + "".join(v + b for v, b in zip(values, bits[1:]))
    return out
