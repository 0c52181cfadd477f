"""Priority: hand-checked scores on a tiny table, weights, directions, missing values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo_planner.analysis.priority import (
    DEFAULT_WEIGHTS,
    classify,
    compute_priority,
    parse_weights,
)
from geo_planner.errors import InputError
from geo_planner.layers.model import Indicator

META = {
    "rate": Indicator("rate", "Persentase", "Rate", "%", "need"),
    "count": Indicator("count", "Jumlah", "Count", "jiwa", "need"),
    "cov": Indicator("cov", "Cakupan", "Coverage", "%", "coverage"),
    "pop": Indicator("pop", "Penduduk", "Population", "jiwa", "context"),
}


@pytest.fixture
def values() -> pd.DataFrame:
    # rate scales to 100, 50, 0; count to 0, 75, 100; cov (reversed) to 100, 50, 0
    return pd.DataFrame(
        {"rate": [10.0, 6.0, 2.0], "count": [100.0, 400.0, 500.0], "cov": [20.0, 50.0, 80.0],
         "pop": [1.0, 2.0, 3.0]},
        index=pd.Index(["a", "b", "c"], name="code"),
    )


@pytest.mark.parametrize(("weights", "scores", "ranks"), [
    ({"rate": 1, "count": 1}, [50.0, 62.5, 50.0], [2, 1, 2]),       # a and c tie: both rank 2
    ({"rate": 3, "count": 1}, [75.0, 56.25, 25.0], [1, 2, 3]),
    ({"rate": 1, "count": 3}, [25.0, 68.75, 75.0], [3, 2, 1]),
    ({"rate": 2}, [100.0, 50.0, 0.0], [1, 2, 3]),
])
def test_weights_change_the_ranking(values, weights, scores, ranks):
    out = compute_priority(values, META, weights)
    assert out["priority_score"].tolist() == scores
    assert out["rank"].tolist() == ranks


def test_weights_are_relative(values):
    a = compute_priority(values, META, {"rate": 1, "count": 3})
    b = compute_priority(values, META, {"rate": 10, "count": 30})
    pd.testing.assert_frame_equal(a, b)


def test_coverage_is_reversed(values):
    out = compute_priority(values, META, {"cov": 1})
    assert out["need_cov"].tolist() == [100.0, 50.0, 0.0]  # lowest coverage = most need
    assert out["rank"].tolist() == [1, 2, 3]
    both = compute_priority(values, META, {"cov": 1, "count": 1})
    assert both["priority_score"].tolist() == [50.0, 62.5, 50.0]


def test_missing_values_use_the_indicators_available(values):
    values.loc["b", "rate"] = np.nan
    out = compute_priority(values, META, {"rate": 1, "count": 1})
    # rate rescales over a and c only: 100 and 0; b's score is its count alone (75)
    assert out["priority_score"].tolist() == [50.0, 75.0, 50.0]
    assert out["indicators_used"].tolist() == [2, 1, 2]
    assert out["rank"].tolist() == [2, 1, 2]


def test_unit_without_any_figure_has_no_score_and_no_rank(values):
    values.loc["c", ["rate", "count"]] = np.nan
    out = compute_priority(values, META, {"rate": 1, "count": 1})
    assert pd.isna(out.loc["c", "priority_score"]) and pd.isna(out.loc["c", "rank"])
    assert out.loc["c", "indicators_used"] == 0


def test_constant_indicator_scores_zero(values):
    values["rate"] = 5.0
    out = compute_priority(values, META, {"rate": 1, "count": 1})
    assert out["need_rate"].tolist() == [0.0, 0.0, 0.0]
    assert out["priority_score"].tolist() == [0.0, 37.5, 50.0]


def test_zero_weight_is_left_out(values):
    out = compute_priority(values, META, {"rate": 1, "count": 0})
    assert out["priority_score"].tolist() == [100.0, 50.0, 0.0]
    assert "need_count" not in out.columns


@pytest.mark.parametrize(("weights", "message"), [
    ({"rate": 0, "count": 0}, "all weights are 0"),
    ({}, "all weights are 0"),
    ({"rate": -1}, "weight of 'rate' is -1; weights must be 0 or more"),
    ({"nope": 1}, "no indicator 'nope' at this level; available: count, cov, pop, rate"),
    ({"pop": 1}, "'pop' is a context figure"),
])
def test_bad_weights_are_clear_errors(values, weights, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        compute_priority(values, META, weights)


def test_parse_weights():
    assert parse_weights("poverty_rate=2,poor_population=1") == {"poverty_rate": 2.0, "poor_population": 1.0}
    assert parse_weights("poverty_rate=2, rtlh_units=0,5") == {"poverty_rate": 2.0, "rtlh_units": 0.5}
    assert parse_weights("a = 1,5 ; b=0.25") == {"a": 1.5, "b": 0.25}
    assert parse_weights("") == {}


@pytest.mark.parametrize(("text", "message"), [
    ("poverty_rate", "not of the form id=number"),
    ("poverty_rate=two", "weight for 'poverty_rate' is 'two', not a number"),
])
def test_parse_weights_errors(text, message):
    with pytest.raises(InputError, match=message):
        parse_weights(text)


def test_default_weights_are_the_two_bps_poverty_figures():
    assert DEFAULT_WEIGHTS == {"poverty_rate": 1.0, "poor_population": 1.0}


def test_classify_quantiles_and_few_distinct_scores():
    scores = pd.Series([10.0, 20.0, 30.0, 40.0, 50.0, np.nan], index=list("abcdef"))
    classes, bins = classify(scores, k=5)
    assert classes.tolist()[:5] == [0, 1, 2, 3, 4] and pd.isna(classes["f"])
    assert bins[-1] == 50.0
    same, bins1 = classify(pd.Series([7.0, 7.0]), k=5)
    assert same.tolist() == [0, 0] and bins1 == [7.0]
    with pytest.raises(InputError, match="unknown classification"):
        classify(scores, scheme="nope")
