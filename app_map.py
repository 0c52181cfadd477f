"""The app's map: a Streamlit component of our own (``app_map_frontend/index.html``), no CDN, no st_folium.

What goes to the browser, per rerun:

- always: the colours, outlines and tooltips of the units (:func:`geo_planner.outputs.map_component.style_payload`,
  a few KB to a few tens of KB at desa level), the selected unit, the basemap switch;
- once per mounted frame: Leaflet (text of the ``xstatic-leaflet`` package);
- once per level / drill-down: the geometry (:func:`geo_planner.outputs.map_component.geometry_payload`).

The frame tells the app which units it holds (``have``) and asks again (``need``) when it was mounted anew
(after a page change) and lacks Leaflet or the units; the app then sends them in the next run. It returns
the code of a clicked unit (``click``, with a new ``n`` per click).
"""

from __future__ import annotations

import base64
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from geo_planner.outputs import mapping
from geo_planner.outputs.map_component import geometry_payload, style_payload
from geo_planner.outputs.map_geometry import POLYLINE_ALPHABET, POLYLINE_DECODER_JS

FRONTEND = Path(__file__).resolve().parent / "app_map_frontend"
NAME = "geo_planner_map"
_component = components.declare_component(NAME, path=str(FRONTEND))


def leaflet_text() -> dict[str, str]:
    """Leaflet's JavaScript and CSS as text (the CSS's icons inlined), from the xstatic-leaflet package, and the
    polyline decoder the HTML export uses too."""
    js, css = mapping.leaflet_assets()
    decode = lambda uri: base64.b64decode(uri.split(",", 1)[1]).decode("utf-8")  # noqa: E731
    return {"js": decode(js), "css": decode(css), "decoder": POLYLINE_DECODER_JS}


def style_of(data: mapping.MapData, codes: tuple[str, ...]) -> dict:
    return style_payload(data.colours, data.outlines, data.tips, codes, legend=data.legend, banner=data.banner,
                         outline_weight=data.outline_weight, outline_colour=mapping.OUTLINE,
                         no_data=mapping.NO_DATA)


def map_args(geometry: dict, style: dict, selected: str | None, *, basemap: bool, height: int,
             send_geometry: bool, send_assets: bool) -> dict:
    """The component's arguments (what is sent to the browser this run)."""
    args = {"gid": geometry["id"], "style": style, "selected": selected, "basemap": basemap, "height": height,
            "alphabet": POLYLINE_ALPHABET, "attribution": mapping.ATTRIBUTION}
    if send_geometry:
        args["geometry"] = geometry
    if send_assets:
        args["assets"] = leaflet_text()
    return args


def show(geometry: dict, style: dict, selected: str | None, *, basemap: bool = False, height: int = 560,
         key: str = "map", on_change=None):
    """Draw the map; the geometry and Leaflet only when the frame does not hold them yet."""
    ss = st.session_state
    value = ss.get(key) or {}
    sent = ss.setdefault("_map_sent", {"gid": None, "assets": False, "req": None})
    request = value.get("req")
    if value.get("need") and request != sent["req"]:  # a frame mounted anew asks for what it lacks
        sent.update(gid=None, assets=False, req=request)
    send_geometry = sent["gid"] != geometry["id"]
    send_assets = not sent["assets"]
    args = map_args(geometry, style, selected, basemap=basemap, height=height, send_geometry=send_geometry,
                    send_assets=send_assets)
    sent.update(gid=geometry["id"], assets=True)
    return _component(key=key, default=None, on_change=on_change, **args)


__all__ = ["FRONTEND", "NAME", "geometry_payload", "leaflet_text", "map_args", "show", "style_of"]
