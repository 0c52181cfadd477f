"""Composite need index, rank and map classes.

Method (also in the README):

1. Each chosen indicator is rescaled to 0-100 across the units shown
   (min-max). For a *need* indicator the highest value gets 100; for a
   *coverage* indicator (programme reach, service access) the lowest gets 100,
   because low coverage means more need. An indicator that has the same value
   everywhere carries no information and scores 0 for all.
2. The priority score is the weighted mean of those 0-100 values, over the
   indicators the unit has figures for; the weights are the user's and are
   re-scaled to sum to 1 over what is available. ``indicators_used`` says how
   many went in, so an incomplete score is visible.
3. Rank 1 = highest score (ties share the best rank). Units without any
   figure get no score and no rank.
4. Map classes come from mapclassify (quantiles by default).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from geo_planner.errors import InputError
from geo_planner.i18n.messages import msg
from geo_planner.layers.model import Indicator

__all__ = ["compute_priority", "classify", "classification_of", "parse_weights", "DEFAULT_WEIGHTS", "SCHEMES"]

DEFAULT_WEIGHTS = {"poverty_rate": 1.0, "poor_population": 1.0}
SCHEMES = {  # mapclassify's classes by name: it loads scipy, sklearn and matplotlib, so only when classifying
    "quantiles": "Quantiles",
    "natural_breaks": "NaturalBreaks",
    "equal_interval": "EqualInterval",
    "fisher_jenks": "FisherJenks",
}


def parse_weights(text: str) -> dict[str, float]:
    """Parse ``"poverty_rate=2,poor_population=1"`` into a dict.

    >>> parse_weights("poverty_rate=2, rtlh_units=0,5")
    {'poverty_rate': 2.0, 'rtlh_units': 0.5}
    """
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
        if "=" not in part:
            # "0,5" split by the comma: glue to the previous weight as a decimal
            if out and part.isdigit():
                last = next(reversed(out))
                out[last] = float(f"{int(out[last])}.{part}")
                continue
            raise InputError(msg("priority_bad_weight_form", part=part))
        key, val = (s.strip() for s in part.split("=", 1))
        try:
            out[key] = float(val.replace(",", "."))
        except ValueError:
            raise InputError(msg("priority_weight_not_number", key=key, value=val)) from None
    return out


def _check_weights(values: pd.DataFrame, indicators: Mapping[str, Indicator],
                   weights: Mapping[str, float]) -> dict[str, float]:
    used = {k: float(w) for k, w in weights.items() if w}
    for k, w in used.items():
        if w < 0:
            raise InputError(msg("priority_negative_weight", key=k, weight=f"{w:g}"))
        if k not in values.columns:
            avail = ", ".join(sorted(values.columns))
            raise InputError(msg("priority_no_indicator", key=k, available=avail))
        if indicators[k].direction == "context":
            raise InputError(msg("priority_context_weighted", key=k, label=indicators[k].label_en))
    if not used:
        raise InputError(msg("priority_all_zero"))
    return used


def compute_priority(values: pd.DataFrame, indicators: Mapping[str, Indicator],
                     weights: Mapping[str, float]) -> pd.DataFrame:
    """Score, rank and per-indicator 0-100 need for each unit.

    Parameters
    ----------
    values : DataFrame
        One row per unit, one column per indicator id.
    indicators : mapping
        Metadata, for each indicator's direction.
    weights : mapping
        Indicator id -> weight (0 or missing: not used).

    Returns
    -------
    DataFrame
        Same index; columns ``priority_score`` (0-100), ``rank``,
        ``indicators_used`` and ``need_<id>`` for each weighted indicator.

    Examples
    --------
    >>> from geo_planner.layers.model import Indicator
    >>> v = pd.DataFrame({"rate": [10.0, 5.0, 2.0]}, index=["a", "b", "c"])
    >>> meta = {"rate": Indicator("rate", "r", "r", "%", "need")}
    >>> compute_priority(v, meta, {"rate": 1})["rank"].tolist()
    [1, 2, 3]
    """
    used = _check_weights(values, indicators, weights)
    out = pd.DataFrame(index=values.index)
    num = pd.Series(0.0, index=values.index)
    den = pd.Series(0.0, index=values.index)
    for k, w in used.items():
        x = values[k].astype("float64")
        lo, hi = x.min(), x.max()
        span = hi - lo
        scaled = (x - lo) / span * 100 if span > 0 else x * 0.0
        if indicators[k].direction == "coverage":
            scaled = 100 - scaled if span > 0 else scaled
        out[f"need_{k}"] = scaled.round(2)
        has = scaled.notna()
        num = num + scaled.fillna(0) * w
        den = den + has * w
    score = (num / den.replace(0, np.nan)).round(2)
    out["priority_score"] = score
    out["rank"] = score.rank(ascending=False, method="min").astype("Int64")
    out["indicators_used"] = sum(values[k].notna().astype(int) for k in used)
    return out


def classification_of(provenance: Mapping[str, object]) -> tuple[str, int]:
    """The map classification of an analysis (``"quantiles, k=5"`` in its provenance) as (scheme, k)."""
    import re

    text = str(provenance.get("classification", "quantiles, k=5"))
    found = re.match(r"\s*([a-z_]+)\s*,\s*k\s*=\s*(\d+)", text)
    return (found.group(1), int(found.group(2))) if found else ("quantiles", 5)


def classify(scores: pd.Series, *, scheme: str = "quantiles", k: int = 5) -> tuple[pd.Series, list[float]]:
    """Map classes (0 = lowest) and upper bounds, with mapclassify.

    Fewer classes are used when there are fewer distinct scores than ``k``.
    """
    if scheme not in SCHEMES:
        raise InputError(msg("priority_unknown_scheme", scheme=scheme, schemes=", ".join(SCHEMES)))
    y = scores.dropna()
    if y.empty:
        return pd.Series(pd.NA, index=scores.index, dtype="Int64"), []
    k = max(1, min(k, y.nunique()))
    if k == 1:
        return pd.Series(0, index=y.index, dtype="Int64").reindex(scores.index), [float(y.max())]
    import warnings

    with warnings.catch_warnings():
        # tied values make fewer distinct quantile bins than k; mapclassify then uses fewer classes
        warnings.filterwarnings("ignore", message="Not enough unique values", category=UserWarning)
        import mapclassify

        clf = getattr(mapclassify, SCHEMES[scheme])(y.to_numpy(), k=k)
    classes = pd.Series(clf.yb, index=y.index, dtype="Int64").reindex(scores.index)
    return classes, [float(b) for b in clf.bins]
