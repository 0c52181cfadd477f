"""Lead sector: which deficits drive a unit's need and which office should lead.

The editable table ``layers/sectors.csv`` maps each indicator to a sector, the
office that leads it, its programmes and the strategy of Permendagri 53/2020
it serves (``1`` reduce the spending burden, ``2`` raise income, ``3`` shrink
poverty pockets; ``1/2`` when both apply). Columns: ``indicator``,
``sector_id`` (Indonesian), ``sector_en``, ``office``, ``programmes``,
``strategy``, ``keywords``, ``note``.

Matching an indicator to a row (:func:`sector_for`):

1. the row whose ``indicator`` is the id itself;
2. otherwise the first row, in table order, with a keyword that occurs in the
   id as whole ``_``-separated words (``jumlah_rtlh`` matches ``rtlh``,
   ``akses_air_minum`` matches ``air``). Specific sectors come first in the
   shipped table and the generic poverty words (``miskin``) last, so
   ``rtlh_keluarga_miskin`` goes to housing. Reorder rows to change that;
3. otherwise no row: the indicator is shown as *tanpa sektor* (no sector).

How a unit's need is split (:func:`contributions`): the priority score is
the weighted mean of 0-100 need values, so indicator *k* contributes
``need_k * w_k / sum(w)`` points (weights re-scaled over the indicators the
unit has figures for), and its *share* of the need is that over the score.
``basis="weights"`` uses the weights of the analysis (it explains the score
shown); ``basis="all"`` weighs every need/coverage indicator equally (it shows
every deficit, also those left out of the score). The *lead office* is the one
with the largest summed share; indicators without a sector never lead but
their share is reported.

A composite index with its indicator scores loaded (IDM, IKS, IKE, IKL: the
village layer) is not a sector of its own: its part of a unit's need is split
over the indicators behind it, in proportion to what each takes off the index
(:mod:`geo_planner.planning.idm_lead`), and their agencies lead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from geo_planner.analysis.priority import compute_priority
from geo_planner.errors import InputError, Problem, ValidationError
from geo_planner.i18n import STRINGS, fmt_number, t
from geo_planner.i18n.messages import msg
from geo_planner.layers.model import LAYERS_DIR, Indicator
from geo_planner.planning.idm_lead import split_rows as _split_arrays

__all__ = ["read_sector_table", "sector_for", "sector_map", "contributions", "lead_sectors", "pocket_lead",
           "strategy_text", "SECTOR_TABLE", "STRATEGIES", "UNMAPPED", "COLUMNS"]

SECTOR_TABLE = LAYERS_DIR / "sectors.csv"
COLUMNS = ("indicator", "sector_id", "sector_en", "office", "programmes", "strategy", "keywords", "note")
_REQUIRED = ("indicator", "sector_id", "sector_en", "office", "programmes", "strategy")
STRATEGIES = {k: STRINGS[f"strategy_{k}"] for k in ("1", "2", "3")}  # (Indonesian, English)
UNMAPPED = STRINGS["no_sector"]
_STRATEGY_RE = re.compile(r"^[123](/[123])*$")


def _split(text: object) -> list[str]:
    return [p.strip() for p in re.split(r"[;,]", str(text or "")) if p.strip()]


def _keyword(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def read_sector_table(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check a sector table (default: the shipped ``layers/sectors.csv``).

    Parameters
    ----------
    path : str or Path, optional
        CSV with the columns of :data:`COLUMNS` (``keywords`` and ``note``
        may be missing or empty).

    Returns
    -------
    DataFrame
        One row per indicator, in file order; ``keywords`` normalised to
        ``;``-separated ``snake_case`` words and ``strategy`` to text such as ``1/2``.

    Raises
    ------
    InputError
        When the file cannot be read or lacks a column.
    ValidationError
        Listing every bad row (empty cell, strategy not 1, 2, 3 or a
        combination such as ``1/2``, an indicator listed twice) by file,
        row (as a spreadsheet shows it, header = row 1) and column.

    Examples
    --------
    >>> table = read_sector_table()
    >>> table.set_index("indicator").loc["rtlh_units", "office"]
    'Dinas PUPR'
    """
    path = Path(path) if path is not None else SECTOR_TABLE
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(msg("sectors_unreadable", reason=exc), file=str(path)) from None
    df.columns = [str(c).strip().lower() for c in df.columns]
    for col in _REQUIRED:
        if col not in df.columns:
            raise InputError(msg("sectors_no_column", column=col, expected=", ".join(COLUMNS)),
                             file=str(path), column=col)
    for col in ("keywords", "note"):
        if col not in df.columns:
            df[col] = ""
    df = df[list(COLUMNS)].apply(lambda s: s.str.strip())
    df["strategy"] = df["strategy"].str.replace(" ", "").str.replace(",", "/")
    problems = []
    for i, row in df.iterrows():
        line = int(i) + 2
        for col in ("indicator", "sector_id", "sector_en", "office", "strategy"):
            if not row[col]:
                problems.append(Problem(msg("sectors_empty_cell", column=col), str(path), line, col))
        if row["strategy"] and not _STRATEGY_RE.match(row["strategy"]):
            problems.append(Problem(msg("sectors_bad_strategy", strategy=row["strategy"]), str(path), line,
                                    "strategy"))
    dup = df[df["indicator"].ne("") & df.duplicated("indicator", keep="first")]
    for i, row in dup.iterrows():
        first = int(df.index[df["indicator"] == row["indicator"]][0]) + 2
        problems.append(Problem(msg("sectors_duplicate", indicator=row["indicator"], first=first),
                                str(path), int(i) + 2, "indicator"))
    if problems:
        raise ValidationError(problems, file=str(path))
    df["keywords"] = df["keywords"].map(lambda s: ";".join(_keyword(k) for k in _split(s)))
    df.attrs["file"] = str(path)
    return df


def sector_for(indicator_id: str, table: pd.DataFrame | None = None) -> pd.Series | None:
    """The sector row of an indicator: by exact id, then by keyword; None when no row fits.

    The returned row has the table's columns plus ``match``: ``"exact"`` or
    ``"keyword:<word>"``.

    Examples
    --------
    >>> sector_for("jumlah_rtlh")["office"], sector_for("jumlah_rtlh")["match"]
    ('Dinas PUPR', 'keyword:rtlh')
    >>> sector_for("panjang_jalan") is None
    True
    """
    table = read_sector_table() if table is None else table
    exact = table[table["indicator"] == indicator_id]
    if len(exact):
        return pd.concat([exact.iloc[0], pd.Series({"match": "exact"})]).rename(indicator_id)
    padded = f"_{_keyword(indicator_id)}_"
    for _, row in table.iterrows():
        for kw in filter(None, str(row["keywords"]).split(";")):
            if f"_{kw}_" in padded:
                return pd.concat([row, pd.Series({"match": f"keyword:{kw}"})]).rename(indicator_id)
    return None


def sector_map(ids, table: pd.DataFrame | None = None, *, lang: str = "id") -> pd.DataFrame:
    """:func:`sector_for` for many ids: one row per id, unmapped ones as *tanpa sektor*.

    Columns: ``office``, ``sector`` (in ``lang``), ``programmes``, ``strategy``,
    ``match`` (``"exact"``, ``"keyword:<word>"`` or ``"none"``) and ``mapped``.
    """
    if table is None:  # the shipped table does not change while the app runs: look its ids up once
        return _shipped_sector_map(tuple(ids), lang).copy()
    return _sector_frame({k: _sector_row(k, table, lang) for k in ids})


def _sector_row(k: str, table: pd.DataFrame, lang: str) -> dict:
    r = sector_for(k, table)
    if r is None:
        none = UNMAPPED[1 if lang == "en" else 0]
        return {"office": none, "sector": none, "programmes": "", "strategy": "", "match": "none", "mapped": False}
    return {"office": r["office"], "sector": r["sector_en" if lang == "en" else "sector_id"],
            "programmes": r["programmes"], "strategy": r["strategy"], "match": r["match"], "mapped": True}


def _sector_frame(rows: dict) -> pd.DataFrame:
    cols = ["office", "sector", "programmes", "strategy", "match", "mapped"]
    if not rows:
        return pd.DataFrame.from_dict(rows, orient="index", columns=cols).rename_axis("indicator")
    # from_dict(rows, orient="index") column by column (its nested-dict path took ~10 ms for 50 ids,
    # paid again whenever a weight change gives the pockets a new list of indicators)
    return pd.DataFrame({c: [r[c] for r in rows.values()] for c in cols},
                        index=pd.Index(list(rows), name="indicator"))


@functools.lru_cache(maxsize=64)
def _shipped_sector_map(ids: tuple, lang: str) -> pd.DataFrame:
    # the ids of a pocket's members change with the weights: each id is looked up once, not each set
    return _sector_frame({k: dict(_shipped_sector_row(k, lang)) for k in ids})


@functools.lru_cache(maxsize=1)
def _shipped_sector_table() -> pd.DataFrame:
    return read_sector_table()


@functools.lru_cache(maxsize=4096)
def _shipped_sector_row(k: str, lang: str) -> dict:
    return _sector_row(k, _shipped_sector_table(), lang)


def strategy_text(code: str, lang: str = "id") -> str:
    """``"1/2"`` -> ``"1 Mengurangi beban pengeluaran; 2 Meningkatkan pendapatan"``."""
    parts = [p for p in str(code).split("/") if p in STRATEGIES]
    return "; ".join(f"{p} {STRATEGIES[p][1 if lang == 'en' else 0]}" for p in parts)


def _need_and_weights(source, basis: str, weights: Mapping[str, float] | None):
    """(need 0-100 by indicator id, weights, indicators, names) from an Analysis or a tuple."""
    if basis not in ("weights", "all"):
        raise InputError(msg("sectors_bad_basis", basis=basis))
    analysis = not isinstance(source, tuple)
    if not analysis:
        values, indicators, need = (*source, None) if len(source) == 2 else source
        names = values["name"] if "name" in values.columns else None
        if need is None and weights is None and basis == "weights":
            basis = "all"  # nothing says which indicators make the score: show every deficit
    else:  # an Analysis
        values, indicators = None, source.indicators  # its figures, read only when needed (62 columns at desa)
        names = source.units["name"] if "name" in source.units.columns else None
        weights = dict(source.weights) if weights is None else weights
        need = source.units if basis == "weights" and weights == dict(source.weights) else None
    if analysis and (basis == "all" or need is None):
        values = source.units[source.indicator_ids]
    if basis == "all":
        weights = {k: 1.0 for k, m in indicators.items() if m.direction in ("need", "coverage")
                   and k in values.columns and values[k].notna().any()}
        if not weights:
            raise InputError(msg("sectors_no_figures"))
        need = None
    if need is None:
        need = compute_priority(values, indicators, weights)
    if weights is None:
        weights = {c[5:]: 1.0 for c in need.columns if str(c).startswith("need_")}
    cols = {k: f"need_{k}" for k, w in weights.items() if w and f"need_{k}" in need.columns}
    frame = need[list(cols.values())].rename(columns={v: k for k, v in cols.items()}).astype("float64")
    return frame, {k: float(weights[k]) for k in cols}, indicators, names


def contributions(source, table: pd.DataFrame | None = None, *, basis: str = "weights",
                  weights: Mapping[str, float] | None = None, lang: str = "id") -> pd.DataFrame:
    """Each indicator's part of each unit's need, with its sector.

    Parameters
    ----------
    source : Analysis or tuple
        An :class:`~geo_planner.pipeline.Analysis`, or ``(values, indicators)``
        or ``(values, indicators, need)`` where ``need`` holds the
        ``need_<id>`` columns of :func:`~geo_planner.analysis.priority.compute_priority`.
    table : DataFrame, optional
        From :func:`read_sector_table` (default: the shipped table).
    basis : {"weights", "all"}
        See the module notes. A tuple without ``need`` or ``weights`` uses ``"all"``.
    weights : mapping, optional
        Indicator id -> weight, replacing the analysis weights.
    lang : {"id", "en"}

    Returns
    -------
    DataFrame
        Long: ``unit``, ``indicator``, ``label``, ``need`` (0-100),
        ``weight`` (re-scaled per unit), ``contribution`` (points of the
        score), ``share`` (0-1 of the unit's total; NaN when the total is 0)
        and ``office``, ``sector``, ``programmes``, ``strategy``, ``match``, ``mapped``.
    """
    return _contributions(source, table, basis, weights, lang)[0]


def _contributions(source, table, basis, weights, lang):
    parts, names = _contribution_parts(source, table, basis, weights, lang)
    return _contribution_frame(parts), names


def _group_total(values: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Per row the sum over its group, as ``groupby("unit").transform("sum")`` on the unit codes.

    ``keys``: per row the rank of its unit among the sorted codes (NaN: no code), so pandas numbers
    the groups as for the codes themselves and takes the same summation (it picks one by whether the
    rows come group by group).
    """
    return pd.Series(values).groupby(keys, sort=True).transform("sum").to_numpy(dtype="float64")


def _contribution_parts(source, table, basis, weights, lang):
    """The rows of :func:`contributions` as arrays (in the frame's row order).

    The table is long by (unit, indicator): one row per unit and indicator with a figure (indicators in
    the order of the weights, units in the order of the table), weights re-scaled over a unit's rows,
    then composites split (:func:`geo_planner.planning.idm_lead.split_composites`). Kept as codes and
    arrays: a pandas melt, merges and a join per weight change cost most of a pocket's lead office.
    """
    need, w, indicators, names = _need_and_weights(source, basis, weights)
    n, k = need.shape
    flat = need.to_numpy(dtype="float64").T.reshape(-1)  # indicator by indicator, units in order (as melt)
    keep = np.flatnonzero(~np.isnan(flat))
    unit_pos = np.tile(np.arange(n, dtype=np.intp), k)[keep]
    ind_codes = np.repeat(np.arange(k, dtype=np.intp), n)[keep]
    unit_of, unit_keys = pd.factorize(need.index)  # one group per unit code, as groupby("unit")
    unit_codes = unit_of[unit_pos]
    rank = pd.factorize(need.index, sort=True)[0].astype("float64")
    rank[rank < 0] = np.nan
    rank = rank[unit_pos]
    ind_keys = list(need.columns)
    values = flat[keep]
    weight = np.array([w[c] for c in ind_keys], dtype="float64")[ind_codes] if k else np.zeros(0)
    weight = weight / _group_total(weight, rank)
    contribution = values * weight
    total = _group_total(contribution, rank)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = contribution / np.where(total > 0, total, np.nan)
    cols = {"need": values, "weight": weight, "contribution": contribution, "share": share}
    units = pd.Index(unit_keys)
    split = _split_arrays(unit_codes, units, ind_codes, ind_keys,
                   cols, source[0] if isinstance(source, tuple) else source.units)  # IDM: by indicator
    if split is not None:
        src, unit_codes, ind_codes, cols = split
        unit_pos = unit_pos[src]
    order = pd.unique(ind_codes)
    ids = [ind_keys[c] for c in order]
    meta = sector_map(ids, table, lang=lang)
    labels = pd.Series(ids, dtype=need.columns.dtype).map(
        lambda x: indicators[x].label(lang) if isinstance(indicators.get(x), Indicator) else x)
    slot = np.full(len(ind_keys), -1, dtype=np.intp)
    slot[order] = np.arange(order.size)
    return {"index": need.index, "unit_pos": unit_pos, "unit_codes": unit_codes, "units": units,
            "ind_slot": slot[ind_codes], "ids": ids, "id_dtype": need.columns.dtype, "labels": labels,
            "meta": meta, **cols}, names


def _contribution_frame(parts) -> pd.DataFrame:
    """The long frame of :func:`contributions` from :func:`_contribution_parts`."""
    slot = parts["ind_slot"]
    frame = pd.DataFrame({
        "unit": pd.Series(parts["index"].take(parts["unit_pos"])),
        "indicator": pd.Series(parts["ids"], dtype=parts["id_dtype"]).take(slot).reset_index(drop=True),
        "label": parts["labels"].take(slot).reset_index(drop=True),
        **{c: parts[c] for c in ("need", "weight", "contribution", "share")}})
    meta = parts["meta"].take(slot).reset_index(drop=True)
    return pd.concat([frame, meta], axis=1)


def dedup(parts) -> str:
    seen: list[str] = []
    for text in parts:
        for p in _split(text):
            if p not in seen:
                seen.append(p)
    return "; ".join(seen)


def _summarise(long: pd.DataFrame, *, top: int, lang: str, text: bool = True) -> pd.DataFrame:
    """One row per unit from a long contributions frame (``unit`` may be a pocket).

    ``text=False`` leaves out the ``text`` column (its number formatting is most of the loop's time).

    One sort of the whole frame, then plain Python over each unit's rows: a
    pandas group per unit cost about 3 ms, i.e. seconds for 1,038 desa.
    """
    none = UNMAPPED[1 if lang == "en" else 0]
    if long.empty:
        return pd.DataFrame()
    units = pd.unique(long["unit"])  # first-appearance order, as groupby(sort=False)
    totals = long.groupby("unit", sort=False)["contribution"].sum().reindex(units)
    # the rows with a positive contribution by unit, largest first, ties by indicator id (a stable sort
    # on ranks: the order of sort_values(["_u", "contribution", "indicator"], kind="mergesort"))
    contribution = long["contribution"].to_numpy(dtype="float64")
    unit_at = pd.Index(units).get_indexer(long["unit"])
    keep = np.flatnonzero(contribution > 0)
    id_rank = pd.factorize(long["indicator"], sort=True)[0]
    order = keep[np.lexsort((id_rank[keep], -contribution[keep], unit_at[keep]))]
    pos_u = unit_at[order]
    share = contribution[order] / totals.to_numpy()[pos_u]
    cols = {}
    for c in ("indicator", "label", "office", "sector", "programmes", "strategy", "mapped"):
        every = long[c].tolist()
        cols[c] = [every[i] for i in order]
    starts = np.searchsorted(pos_u, np.arange(len(units) + 1))
    rows = {}
    for u, (unit, total) in enumerate(zip(units, totals.to_numpy())):
        idx = range(starts[u], starts[u + 1])
        sh = {i: (share[i] if total > 0 else np.nan) for i in idx}
        mapped = [i for i in idx if cols["mapped"][i]]
        office_share: dict = {}
        for i in mapped:
            office_share[cols["office"][i]] = office_share.get(cols["office"][i], 0.0) + sh[i]
        offices = sorted(office_share.items(), key=lambda kv: (-kv[1], kv[0]))  # ties: by name
        unmapped = [i for i in idx if not cols["mapped"][i]]
        row = {"score": round(total, 2), "lead_office": pd.NA, "lead_sector": pd.NA, "lead_programmes": "",
               "lead_strategy": "", "lead_share": np.nan, "second_office": pd.NA, "second_share": np.nan,
               "unmapped_share": round(float(np.nansum([sh[i] for i in unmapped])), 3),
               "unmapped": "; ".join(cols["indicator"][i] for i in unmapped)}
        if offices:
            lead = [i for i in idx if cols["office"][i] == offices[0][0]]
            strategies = sorted({p for i in lead for p in str(cols["strategy"][i]).split("/") if p})
            row.update(lead_office=offices[0][0], lead_sector=cols["sector"][lead[0]],
                       lead_programmes=dedup(cols["programmes"][i] for i in lead),
                       lead_strategy="/".join(strategies), lead_share=round(offices[0][1], 3))
        elif len(idx):
            row["lead_office"] = none
        if len(offices) > 1:
            row.update(second_office=offices[1][0], second_share=round(offices[1][1], 3))
        drivers = list(idx)[:top]
        row["drivers"] = "; ".join(cols["indicator"][i] for i in drivers)
        by_office: dict = {}  # every office (and "no sector") by its share, ties in order of appearance
        for i in idx:
            by_office[cols["office"][i]] = by_office.get(cols["office"][i], 0.0) + sh[i]
        place = {o: k for k, (o, _) in enumerate(sorted(by_office.items(), key=lambda kv: -kv[1]))}
        drivers.sort(key=lambda i: place[cols["office"][i]])
        if text:
            row["text"] = (_text([(cols["office"][i], cols["label"][i], sh[i]) for i in drivers], lang)
                           if drivers else t("no_indicator_above", lang))
        rows[unit] = row
    if not rows:
        return pd.DataFrame.from_dict(rows, orient="index")
    # what from_dict(rows, orient="index") makes (every row has the same keys), column by column: its
    # nested-dict path aligned one dict per column on the units, most of this function's time
    keys = list(next(iter(rows.values())))
    return pd.DataFrame({k: [r[k] for r in rows.values()] for k in keys}, index=list(rows))


def _text(drivers: list[tuple], lang: str) -> str:
    """``"Dinas PUPR: RTLH 0,60, luas kumuh 0,30; Dinas Sosial: ... dari kebutuhan"``, largest office first.

    ``drivers``: (office, label, share) in the order to tell them.
    """
    parts: dict = {}
    for office, label, share in drivers:
        parts.setdefault(office, []).append(f"{label} {fmt_number(share, lang, 2)}")
    return t("share_of_need", lang, share="; ".join(f"{o}: {', '.join(items)}" for o, items in parts.items()))


def lead_sectors(source, table: pd.DataFrame | None = None, *, top: int = 3, basis: str = "weights",
                 weights: Mapping[str, float] | None = None, lang: str = "id") -> pd.DataFrame:
    """Per unit: the deficits that drive its need and the office that should lead.

    Parameters
    ----------
    source, table, basis, weights, lang
        As for :func:`contributions`.
    top : int
        How many indicators to list in ``drivers`` and ``text``.

    Returns
    -------
    DataFrame
        Indexed by unit code: ``name`` (when known), ``score`` (sum of the
        contributions; the priority score for ``basis="weights"``),
        ``lead_office``, ``lead_sector``, ``lead_programmes``,
        ``lead_strategy`` (e.g. ``1/2``; see :func:`strategy_text`),
        ``lead_share`` (0-1), ``second_office``, ``second_share``,
        ``unmapped_share`` and ``unmapped`` (indicators *tanpa sektor*),
        ``drivers`` (top indicator ids) and ``text``. A unit with no figure
        is absent; one whose need is 0 everywhere has no lead office.

    Examples
    --------
    >>> from geo_planner.layers.model import Indicator
    >>> v = pd.DataFrame({"rtlh_units": [900.0, 100.0], "poverty_rate": [5.0, 6.0]}, index=["a", "b"])
    >>> meta = {k: Indicator(k, k, k, "", "need") for k in v.columns}
    >>> lead_sectors((v, meta))["lead_office"].tolist()
    ['Dinas PUPR', 'Dinas Sosial']
    """
    long, names = _contributions(source, table, basis, weights, lang)
    out = _summarise(long, top=top, lang=lang)
    if names is not None:
        out.insert(0, "name", names.reindex(out.index))
    return out.rename_axis("code")


def _members_of(units: pd.Index, unit_codes: np.ndarray, member_units: list, member_pocket: np.ndarray):
    """Rows of a long table (by unit code into ``units``) times the pockets holding their unit, as an
    inner merge with the (pocket, unit) list: rows in order, each row's pockets in the list's order."""
    mcode = units.get_indexer(pd.Index(member_units, dtype=units.dtype) if len(member_units) else
                              pd.Index([], dtype=units.dtype)) if len(units) else np.full(len(member_units), -1)
    valid = np.flatnonzero(mcode >= 0)
    by_unit = valid[np.argsort(mcode[valid], kind="stable")]
    counts = np.bincount(mcode[valid], minlength=len(units))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]) if len(units) else np.zeros(0, dtype=np.intp)
    per_row = np.where(unit_codes >= 0, counts[np.maximum(unit_codes, 0)] if len(units) else 0, 0)
    rows = np.repeat(np.arange(unit_codes.size), per_row)
    offset = np.arange(rows.size) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    member = by_unit[starts[unit_codes[rows]] + offset] if rows.size else np.zeros(0, dtype=np.intp)
    return rows, member_pocket[member]


def pocket_lead(analysis, table: pd.DataFrame | None = None, *, top: int = 3, basis: str = "weights",
                weights: Mapping[str, float] | None = None, lang: str = "id", text: bool = True) -> pd.DataFrame:
    """:func:`lead_sectors` for the pockets of an analysis (after ``add_pockets``).

    A pocket's contribution of an indicator is the mean over its members
    (each member counts equally; a member without the figure adds 0), so the
    shares say what drives the pocket as a whole.

    Returns
    -------
    DataFrame
        Indexed by pocket (``P1``, ...): ``n_units``, ``units`` (codes,
        ``;``-separated) and the columns of :func:`lead_sectors` (``text=False``:
        without its ``text`` column, which the app's pockets table does not show).

    Raises
    ------
    InputError
        When the analysis has no pockets computed yet.
    """
    if getattr(analysis, "pockets", None) is None:
        raise InputError(msg("sectors_no_pockets"))
    parts, _ = _contribution_parts(analysis, table, basis, weights, lang)
    cols = ["unit", "indicator", "label", "contribution", "office", "sector", "programmes", "strategy", "mapped"]
    # one sum by (pocket, indicator) over all pockets, on codes: the other columns are the indicator's own
    # (its label and sector row), taken once; a merge with the members and a grouping on text keys cost
    # most of the lead offices' time at desa level on every weight change
    pockets = analysis.pockets
    member_pocket = np.array([i for i, ms in enumerate(pockets["units"]) for _ in ms], dtype=np.intp)
    member_units = [m for ms in pockets["units"] for m in ms]
    sizes = np.array([max(len(ms), 1) for ms in pockets["units"]], dtype="float64")
    rows, pocket = _members_of(parts["units"], parts["unit_codes"], member_units, member_pocket)
    if len(rows):
        n_ids = max(len(parts["ids"]), 1)
        slot = parts["ind_slot"][rows]
        groups, _ = pd.factorize(pocket.astype(np.int64) * n_ids + slot)  # first appearance (sort=False)
        sums = pd.Series(parts["contribution"][rows]).groupby(groups, sort=False).sum().to_numpy()
        first = np.full(sums.size, -1, dtype=np.intp)
        first[groups[::-1]] = np.arange(groups.size - 1, -1, -1)
        g_pocket, g_slot = pocket[first], slot[first]
        by_pocket = np.argsort(g_pocket, kind="stable")
        g_pocket, g_slot, sums = g_pocket[by_pocket], g_slot[by_pocket], sums[by_pocket]
        meta = parts["meta"].take(g_slot).reset_index(drop=True)
        pooled = pd.DataFrame({
            "indicator": pd.Series(parts["ids"], dtype=parts["id_dtype"]).take(g_slot).reset_index(drop=True),
            "contribution": sums / sizes[g_pocket],
            "label": parts["labels"].take(g_slot).reset_index(drop=True),
            **{c: meta[c] for c in ("office", "sector", "programmes", "strategy", "match", "mapped")},
            "unit": pockets["pocket"].to_numpy()[g_pocket]})
    else:
        pooled = pd.DataFrame(columns=cols)
    out = _summarise(pooled, top=top, lang=lang, text=text) if len(pooled) else pd.DataFrame()
    info = analysis.pockets.set_index("pocket")
    out = out.reindex(info.index)
    out.insert(0, "units", info["units"].map(lambda m: "; ".join(map(str, m))))
    out.insert(0, "n_units", info["n_units"])
    return out.rename_axis("pocket")
