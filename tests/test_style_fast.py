"""The fast map style and number formatting show exactly what they showed before (desa level, real IDM).

The expected tooltips, colours and legend labels below were written out from what the app showed before the
map's tooltips, style payload and ``fmt_number`` were made faster; number formatting is also checked against
Babel's own ``format_decimal`` over many numbers.
"""

from __future__ import annotations

import math
import random
import re

import pytest
from babel.numbers import format_decimal

from geo_planner import pipeline
from geo_planner.i18n import LOCALES, fmt_number
from geo_planner.outputs import map_component as mc
from geo_planner.outputs import mapping

KELURAHAN = "64.74.03.1003"


@pytest.fixture(scope="module")
def desa():
    units = pipeline.load_units("desa", "64")
    layers = pipeline.load_layers(units, [], level="desa", province="64")
    return units, layers, pipeline.combine_layers(layers)


def styled(desa, weights: dict, column: str, lang: str):
    units, layers, combined = desa
    analysis = pipeline.analyse(units, layers, weights, level="desa", province="64", combined=combined)
    data = mapping.map_data(analysis, column=column, lang=lang, scheme="quantiles")
    codes = tuple(str(c) for c in units.index)
    style = mc.style_payload(data.colours, data.outlines, data.tips, codes, legend=data.legend, banner=data.banner,
                             outline_weight=data.outline_weight, outline_colour=mapping.OUTLINE,
                             no_data=mapping.NO_DATA)
    return data, style, codes


def legend_labels(data) -> list[str]:
    return re.findall(r"<span>([^<]*)</span>", data.legend)


SCORE_ID = {"64.01.01.2009": "Skor prioritas: <b>40,15</b> · Peringkat <b>477 dari 841</b>",
            "64.07.05.2021": "Skor prioritas: <b>54,55</b> · Peringkat <b>194 dari 841</b>",
            KELURAHAN: "Skor prioritas: <i>tidak ada data</i><br><i>tidak dinilai IDM (kelurahan)</i>"}
SCORE_EN = {"64.01.01.2009": "Priority score: <b>40.15</b> · Rank <b>477 of 841</b>",
            "64.07.05.2021": "Priority score: <b>54.55</b> · Rank <b>194 of 841</b>",
            KELURAHAN: "Priority score: <i>no data</i><br><i>not assessed by IDM (kelurahan)</i>"}


@pytest.mark.parametrize("lang, tips, labels", [
    ("id", SCORE_ID, ["2,68 – 28,18", "28,18 – 38,61", "38,61 – 47,43", "47,43 – 57,17", "57,17 – 100",
                      "tidak dinilai IDM (kelurahan) (197)"]),
    ("en", SCORE_EN, ["2.68 – 28.18", "28.18 – 38.61", "38.61 – 47.43", "47.43 – 57.17", "57.17 – 100",
                      "not assessed by IDM (kelurahan) (197)"]),
])
def test_score_map_tooltips_colours_and_legend(desa, lang, tips, labels):
    data, style, codes = styled(desa, {"idm_2024": 1.0, "iks_2024": 2.0}, "priority_score", lang)
    assert legend_labels(data) == labels
    shown = mc.expand_tips(style, codes)
    drawn = mc.unit_styles(style, codes)
    for code, tip in tips.items():
        assert data.tips[code] == tip
        assert shown[code] == tip
    assert drawn["64.01.01.2009"] == ("#fd8d3c", False)
    assert drawn["64.07.05.2021"] == ("#f03b20", False)
    assert drawn[KELURAHAN] == ("#8c8c8c", False)
    assert style["pal"] == ["#d9d9d9", "#fd8d3c", "#ffffb2", "#bd0026", "#f03b20", "#fecc5c", "#8c8c8c"]
    assert style["k"][:12] == "CCECCCGGECIG"
    assert style["tpl"][0] == tips["64.01.01.2009"].replace("40,15", "\x01").replace("40.15", "\x01").replace(
        "477", "\x01")
    assert style["tpl"][1] == tips[KELURAHAN]


def test_other_weights_and_an_indicator_map(desa):
    data, style, codes = styled(desa, {"ike_2024": 3.5}, "priority_score", "id")
    assert data.tips["64.01.01.2009"] == "Skor prioritas: <b>43,9</b> · Peringkat <b>435 dari 841</b>"
    assert legend_labels(data)[:2] == ["0 – 29,27", "29,27 – 39,03"]
    assert style["k"][:12] == "CEGCICKKGGEI"
    data, style, codes = styled(desa, {"ike_2024": 3.5}, "idm_2024", "en")
    assert mc.expand_tips(style, codes)["64.07.05.2021"] == (
        "Village development index (IDM) 2024: <b>0.73 index</b><br>Priority score: <b>56.1</b> · Rank "
        "<b>255 of 841</b>")
    assert data.tips[KELURAHAN] == ("Village development index (IDM) 2024: <i>no data</i><br>Priority score: "
                                    "<i>no data</i><br><i>not assessed by IDM (kelurahan)</i>")
    assert mc.unit_styles(style, codes)["64.07.05.2021"] == ("#a1dab4", False)
    assert legend_labels(data)[0] == "0.53 – 0.7"


def test_trend_map(desa):
    data, style, codes = styled(desa, {"idm_2024": 1.0, "iks_2024": 2.0}, "trend", "id")
    assert data.tips["64.07.05.2021"] == ("Skor prioritas: <b>54,55</b> · Peringkat <b>194 dari 841</b><br>"
                                          "Perubahan IDM: <b>+0,0112</b> (Maju → Maju)")
    assert mc.expand_tips(style, codes) == {c: data.tips.get(c, "") for c in codes}
    assert legend_labels(data) == ["turun 0,05 atau lebih", "turun", "tetap", "naik", "naik 0,05 atau lebih",
                                   "status IDM turun: 1 desa", "tidak dinilai IDM (kelurahan) (197)"]


def test_templates_take_out_the_numbers_outside_tags_only():
    line = '<span style="color:#666">Skor 1.234,5</span> · Peringkat <b>12 dari 841</b> -3 x+0,5'
    assert mc._template(line) == ('<span style="color:#666">Skor \x01</span> · Peringkat <b>\x01 dari \x01</b> '
                                  '\x01 x\x01', ["1.234,5", "12", "841", "-3", "+0,5"])
    other = line.replace("#666", "#777").replace("1.234,5", "9.876,1")  # same shape, another colour in the tag
    assert mc._template(other)[0] == mc._template(line)[0].replace("#666", "#777")
    assert mc._template("a\x01 1 <b x='\x01'>2</b>") == ("a \x01 <b x='\x01'>\x01</b>", ["1", "2"])
    assert mc._template("no numbers <b>here</b>") == ("no numbers <b>here</b>", [])


def babel_text(x: float, lang: str, decimals: int | None) -> str:
    pattern = "#,##0.##" if decimals is None else "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(x, pattern, locale=LOCALES.get(lang, "id_ID"))
    return "0" if text in ("-0", "−0") else text


def test_fmt_number_writes_what_babel_writes():
    rng = random.Random(7)
    values = [0.0, -0.0, 0.005, 0.015, 0.025, 2.675, 1.005, -0.004, -0.005, 0.5, 1.5, 2.5, 999.995, 1234.5,
              -1234.5, 1e15, 123456789.125, 1e-7, 5e-5, -5e-5, 1e16, 1e20, float("inf"), float("-inf"), 12, 10**6]
    values += [rng.uniform(-1e6, 1e6) for _ in range(2000)]
    values += [round(rng.uniform(0, 100), rng.randint(0, 5)) for _ in range(2000)]
    values += [rng.expovariate(1) * 10 ** rng.randint(-8, 15) for _ in range(500)]
    for lang in ("id", "en"):
        for decimals in (None, 0, 1, 2, 4):
            for x in values:
                assert fmt_number(x, lang, decimals) == babel_text(x, lang, decimals), (x, lang, decimals)
    assert fmt_number(1234.5, "id") == "1.234,5" and fmt_number(1234.5, "en") == "1,234.5"
    assert fmt_number(float("nan")) == "–" and fmt_number(None) == "–" and fmt_number("abc") == "abc"
    assert math.isnan(float("nan"))
