"""Layers: figures keyed to units, with metadata for every indicator.

A layer file is a table in one of two shapes, detected from its columns:

- *wide*: one row per unit, a key column (Kemendagri code, BPS code or name)
  and one column per indicator, as planners usually receive them;
- *long*: one row per figure, with ``indicator`` and ``value`` columns and
  optionally ``year``, ``period``, ``unit``, ``source_url``, ``source_note``
  and ``selected`` (the shape of the shipped ``layers/kaltim/figures.csv``).

Every input row ends up joined, listed as unmatched with its reason, or
recognised as a province total; nothing is dropped silently.

A user column named like a column the product writes itself (``code``,
``name``, ``level``, ``rank``, ``priority_score``, ...; compared after
:func:`slugify`, so ``Rank`` and ``LEVEL`` count) is renamed ``<id>_user``
with a warning that names the file, the column and the new name
(:mod:`geo_planner.layers.columns`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from geo_planner.errors import InputError, Problem, ValidationError
from geo_planner.i18n.figures import both, unit_label
from geo_planner.i18n.messages import msg
from geo_planner.layers.columns import rename_reserved, report_renames, slugify
from geo_planner.layers.kinds import kind_of
from geo_planner.layers.parents import (
    ANCESTORS,
    PARENT_HEADERS,
    ParentNames,
    parent_columns,
    row_parents,
    total_names_of,
    units_loader,
)
from geo_planner.sources.tables import TableRead, plain_numbers, published_scale, read_table, to_numeric
from geo_planner.units.codes import PROVINCE_TOTAL, classify_key, match_keys

__all__ = ["Indicator", "Layer", "read_layer", "read_manifest", "builtin_layer", "LAYERS_DIR", "slugify"]

LAYERS_DIR = Path(__file__).resolve().parents[2] / "layers"
DIRECTIONS = ("need", "coverage", "context")

_KEY_NAMES = (
    "kemendagri_code", "kode_kemendagri", "kode", "code", "bps_code", "kode_bps", "kode_wilayah",
    "kode_kab", "kdkab", "nama", "name", "nama_wilayah", "wilayah", "kabupaten_kota", "kab_kota",
    "kabupaten", "kota", "region", "regency", "nama_kabupaten_kota",
    "kecamatan", "nama_kecamatan", "desa", "kelurahan", "desa_kelurahan", "nama_desa", "nama_kelurahan",
    "nama_desa_kelurahan", "village", "district",
)
_YEAR_NAMES = ("year", "tahun")


def _parent_slugs(level: str) -> frozenset[str]:
    """Headers of a column naming a kecamatan or kabupaten: never tried for the names of a finer level's units."""
    return frozenset(h for a in ANCESTORS.get(level, ()) for h in PARENT_HEADERS[a])

@dataclass(frozen=True)
class Indicator:
    """Metadata of one indicator."""

    id: str
    label_id: str
    label_en: str
    unit: str = ""
    direction: str = "context"
    year: str = ""
    description: str = ""
    layer: str = ""
    synthetic: bool = False
    aggregation: str = ""  # how figures roll up: "sum", "weighted_mean", "area_share", "mean" or "" (from the kind)
    kind: str = ""  # count, area, money, rate, share or index (geo_planner.layers.kinds); "" = read from the unit
    default_weight: float = 0.0  # weight when none are given: 1 for a user's need/coverage figure (layers.directions)

    def label(self, lang: str = "id") -> str:
        return self.label_en if lang == "en" else self.label_id

    def unit_in(self, lang: str = "id") -> str:
        """The unit in ``lang`` (:func:`geo_planner.i18n.figures.unit_label`)."""
        return unit_label(self.unit, lang)


@dataclass
class Layer:
    """Figures of one file joined to units of one level."""

    name: str
    level: str
    figures: pd.DataFrame  # long: code, indicator, value, year, period, source, note, selected, row
    indicators: dict[str, Indicator]
    unmatched: pd.DataFrame = field(default_factory=pd.DataFrame)
    province_rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    problems: list[Problem] = field(default_factory=list)
    file: str | None = None
    synthetic: bool = False

    def selected(self) -> pd.DataFrame:
        """One figure per (unit, indicator): selected rows, manifest year or latest.

        Found on the key columns only (the rows are taken once at the end, not copied and sorted whole):
        rows by code, indicator and year (no year first), each group's last row kept.
        """
        figs = self.figures
        pos = np.flatnonzero(figs["selected"].to_numpy(dtype=bool))
        if not len(pos):
            return figs.iloc[pos].copy()
        year_text = figs["year"].iloc[pos].astype(str)
        indicator = figs["indicator"].iloc[pos]
        wanted = {i: m.year for i, m in self.indicators.items() if m.year.isdigit()}
        keep = indicator.map(wanted)
        ok = (keep.isna() | (year_text == keep.astype(str))).to_numpy(dtype=bool)
        pos, year_text, indicator = pos[ok], year_text[ok], indicator[ok]
        year = pd.to_numeric(year_text.str[:4], errors="coerce").to_numpy(dtype="float64")
        code = pd.factorize(figs["code"].iloc[pos], sort=True, use_na_sentinel=True)[0]
        ind = pd.factorize(indicator, sort=True, use_na_sentinel=True)[0]
        have_year = ~np.isnan(year)
        order = np.lexsort((np.where(have_year, year, 0.0), have_year, ind, code))  # stable, as sort_values
        code, ind = code[order], ind[order]
        last = np.ones(len(order), dtype=bool)
        last[:-1] = (code[1:] != code[:-1]) | (ind[1:] != ind[:-1])
        last &= (code >= 0) & (ind >= 0)  # groupby drops rows without a code or an indicator
        return figs.iloc[pos[order[last]]].copy()

    def values(self) -> pd.DataFrame:
        """Wide table: one row per unit code, one float column per indicator."""
        sel = self.selected()
        if sel.empty:
            return pd.DataFrame(index=pd.Index([], name="code"))
        wide = sel.pivot(index="code", columns="indicator", values="value")
        wide.columns.name = None
        return wide.astype("float64")


def _unit_from_header(header: str) -> str:
    m = re.search(r"\(([^)]*)\)", str(header))
    if m:
        return m.group(1).strip()
    return "%" if "%" in str(header) or "persen" in str(header).lower() else ""


def _kind(header: str, unit: str) -> str:
    """How a column's cells are checked: ``rate`` (0-100), ``count`` (whole, not negative) or ``number``."""
    kind = kind_of(header, unit)
    if kind == "count" and re.search(r"\b(ribu|juta|thousands?)\b", str(unit).lower()):
        return "number"  # "Jumlah Penduduk Miskin (ribu jiwa)" 58,42: thousands, not a whole count
    if kind == "rate" and ("/" in str(unit) or re.search(r"\bper\b", str(unit).lower())):
        return "number"  # a rate per something (Rp/kapita/bulan, per 1.000 penduduk) is not a percentage
    return kind if kind in ("rate", "count") else "number"


def read_manifest(path: str | Path) -> dict[str, Indicator]:
    """Read a layer manifest (CSV with id, label_id, label_en, unit, direction, year, description)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"id", "label_id", "label_en", "unit", "direction"} - set(df.columns)
    if missing:
        raise InputError(msg("model_manifest_columns", columns=", ".join(sorted(missing))), file=str(path))
    bad = df[~df["direction"].isin(DIRECTIONS)]
    if len(bad):
        raise InputError(
            msg("model_direction", directions=", ".join(DIRECTIONS), value=bad["direction"].iloc[0]),
            file=str(path), row=int(bad.index[0]) + 2, column="direction",
        )
    return {
        r["id"]: Indicator(r["id"], r["label_id"], r["label_en"], r["unit"], r["direction"],
                           r.get("year", ""), r.get("description", ""))
        for r in df.to_dict("records")
    }


_MAX_DISTINCT = 5000  # distinct cells of a column tried as keys when choosing the key column


def key_columns(table: TableRead, units: pd.DataFrame, province: str, key_column: str | None, *,
                level: str | None = None, totals: dict[str, str] | None = None) -> tuple[str, set[str]]:
    """The key column, and every column that holds unit keys (not figures).

    Each candidate column's distinct cells are matched against ``units``: the
    column that names the most distinct units is the key (a province column,
    "Kalimantan Timur" on every row, names none), and a column of codes wins
    over a column of names that matches about as many units (codes are exact).
    At desa and kecamatan ``level`` a column naming the kecamatan or kabupaten
    the rows lie in (:func:`geo_planner.layers.parents.parent_columns`) is never
    the key, and is a key column (not figures). ``totals`` are the names of the
    units the level's units lie in (:func:`geo_planner.units.codes.total_names`).
    """
    cols = list(table.data.columns)
    if key_column is not None and key_column not in cols:
        raise InputError(msg("model_no_column", column=key_column, columns=", ".join(map(str, cols))), file=table.name)
    parents = set(parent_columns(cols, level or _level_of(units)).values()) - {key_column}
    cols = [c for c in cols if c not in parents]
    scores: dict[object, int] = {}
    codes: set[object] = set()
    keyish: set[object] = set()
    for col in cols:
        distinct = pd.Series(pd.unique(table.data[col]), dtype=object).dropna()  # distinct cells, no copy of the column
        distinct = distinct.iloc[:_MAX_DISTINCT].astype(str).str.strip()
        distinct = distinct[distinct != ""].drop_duplicates()
        short_numbers = len(distinct) < 3 and _all_numbers(distinct)
        if distinct.empty or (short_numbers and not _code_header(col) and slugify(col) not in _KEY_NAMES):
            continue  # a short column of numbers is read as figures unless its header says "kode"
        m = match_keys(distinct, units, province=province, totals=totals)
        hit = m["code"].notna() | (m["candidates"] != "")  # a name several units share still says "key"
        total = m["method"] == PROVINCE_TOTAL
        scores[col] = int(m.loc[m["code"].notna(), "code"].nunique() + (m["candidates"] != "").sum())
        if (hit | total).sum() >= 0.5 * len(distinct) and (hit.any() or total.all()):
            keyish.add(col)  # keys (a province column among them), not figures
        kinds = distinct.map(classify_key)
        if kinds.isin(["kemendagri", "bps"]).mean() >= 0.5:
            codes.add(col)
    keyish |= {c for c in cols if slugify(c) in ("no", "nomor", "urut", "no_urut")}
    keyish |= parents
    if key_column is not None:
        return key_column, keyish | {key_column}
    best = max(scores.values(), default=0)
    ranked = sorted(scores, key=lambda c: (scores[c] >= 0.9 * best and c in codes, scores[c],
                                           slugify(c) in _KEY_NAMES), reverse=True)
    named = [c for c in cols if slugify(c) in _KEY_NAMES or _code_header(c)]
    if best == 0 and named:
        return named[0], keyish | {named[0]}  # nothing matches, but the header says key: report every row
    if best == 0:
        raise InputError(
            msg("model_no_key_column", columns=", ".join(map(str, cols))),
            file=table.name,
        )
    return ranked[0], keyish | {ranked[0]}


def _level_of(units: pd.DataFrame) -> str:
    return str(units["level"].iloc[0]) if "level" in units.columns and len(units) else ""


def _code_header(col: object) -> bool:
    return any(w in slugify(col).split("_") for w in ("kode", "code", "bps", "kd", "kdkab", "kemendagri", "id"))


def _all_numbers(cells: pd.Series) -> bool:
    return all(parses(c) for c in cells)


def _numeric_columns(table: TableRead, skip: set[str]) -> list[str]:
    out = []
    for col in table.data.columns:
        if col in skip:
            continue
        cells = table.data[col].dropna().astype(str).str.strip()
        cells = cells[cells != ""]
        if cells.empty:
            continue
        _, todo = plain_numbers(cells)  # plain numbers at once; the others one by one
        others = [c for c in cells[todo] if not _missing(c)]  # "-" and "..." say "no figure": a notes column
        written = len(cells) - int(todo.sum()) + len(others)  # of "-" with a few words (Keterangan) is notes
        ok = written - len(others) + sum(parses(c) for c in others)
        if written and ok / written >= 0.5:
            out.append(col)
    return out


def _missing(cell: str) -> bool:
    from geo_planner.sources.tables import parse_number

    try:
        return parse_number(cell) is None
    except ValueError:
        return False


def parses(cell: str) -> bool:
    from geo_planner.sources.tables import parse_number

    try:
        parse_number(cell)
        return True
    except ValueError:
        return False


def _long_figures(table: TableRead, key: str, problems: list[Problem]) -> pd.DataFrame:
    d = table.data
    values, probs = to_numeric(table, "value")
    problems.extend(probs)
    col = lambda *names: next((d[n] for n in names if n in d.columns), pd.Series("", index=d.index))  # noqa: E731
    selected = col("selected").fillna("").astype(str).str.strip().str.lower()
    return pd.DataFrame({
        "key": d[key], "indicator": d["indicator"].astype(str).str.strip(), "value": values,
        "year": col(*_YEAR_NAMES).fillna("").astype(str), "period": col("period", "periode").fillna(""),
        "source": col("source_url", "source", "sumber").fillna(""), "note": col("source_note", "note", "catatan").fillna(""),
        "selected": ~selected.isin(["no", "tidak", "false", "0"]),
        "selection_note": col("selection_note").fillna("").astype(str), "row": table.row_numbers,
    })


def _wide_figures(table: TableRead, key: str, skip: set[str], problems: list[Problem], indicators: dict) -> pd.DataFrame:
    d = table.data
    year_col = next((c for c in d.columns if slugify(c) in _YEAR_NAMES), None)
    parts = []
    for col in _numeric_columns(table, skip | ({year_col} if year_col else set())):
        base, col_year = _header_year(col, table)
        unit = _unit_from_header(base)
        series, probs = to_numeric(table, col, kind=_kind(base, unit))
        problems.extend(probs)
        note: object = ""
        scale = published_scale(unit)
        if scale is not None:  # "(ribu jiwa)" 58,42 -> 58,420 persons; the published value and unit kept in note
            published = series
            series = series * scale[0]
            note = [both("model_published_as", value=_shown(v), unit=unit) if pd.notna(v) else "" for v in published]
            unit = scale[1]  # persons ("jiwa", or no unit) or "Rp": never "ribu", which the values no longer are
        ind_id = slugify(base)
        label = re.sub(r"\s*\([^)]*\)\s*$", "", str(base)) or str(base)  # the unit is shown apart
        indicators.setdefault(ind_id, Indicator(ind_id, label, label, unit, "context", layer=table.name))
        year = col_year if col_year else d[year_col].fillna("").astype(str) if year_col else ""
        parts.append(pd.DataFrame({
            "key": d[key], "indicator": ind_id, "value": series,
            "year": year, "period": "",
            "source": table.name, "note": note, "selected": True, "selection_note": "", "row": table.row_numbers,
        }))
    if not parts:
        raise InputError(msg("model_no_figures"), file=table.name)
    return pd.concat(parts, ignore_index=True)


_HEADER_YEAR = re.compile(r"^(.*?)[\s_]*\b((?:19|20)\d\d)\*{0,2}$")


def _header_year(col: object, table: TableRead) -> tuple[str, str]:
    """A column header that ends in a year ("Jumlah Penduduk Miskin (ribu jiwa) 2024", or "2024" under a
    title): the indicator and the year; else the header and ""."""
    m = _HEADER_YEAR.match(str(col).strip())
    if not m:
        return str(col), ""
    base = m.group(1).strip() or (table.title or Path(table.name).stem)
    return base, m.group(2)


def _shown(value: float) -> str:
    from geo_planner.sources.tables import number_text

    return number_text(float(value))


def _choose_year(figs: pd.DataFrame, indicators: dict, year: str | None, file: str) -> dict:
    """With --year, every indicator published for several years uses that year (refused when it has none);
    the other years' rows are kept, not selected."""
    if year is None:
        return indicators
    out = dict(indicators)
    same = figs["year"].astype(str).str[:4] == str(year)
    for ind, grp in figs.groupby("indicator"):
        years = sorted({str(y)[:4] for y in grp["year"] if str(y).strip()})
        if len(years) < 2 and str(year) not in years:
            continue  # published for one other year (or none): the year chosen concerns other indicators
        if str(year) not in years:
            raise InputError(msg("model_no_year", indicator=ind, year=year, years=", ".join(years)), file=file)
        out[ind] = replace(out.get(ind) or Indicator(ind, ind, ind), year=str(year))
        mine = figs["indicator"] == ind
        figs.loc[mine, "selected"] = figs.loc[mine, "selected"] & same[mine]
    return out


def _duplicates(figs: pd.DataFrame, file: str) -> list[Problem]:
    keys = ["code", "indicator", "year"]
    sel = figs.loc[figs["selected"] & figs["code"].notna(), [*keys, "value", "row"]]  # only what is compared
    values = sel.groupby(keys)["value"].nunique(dropna=True)
    conflicting = values.index[values > 1]
    if len(conflicting) == 0:
        return []
    sel = sel[pd.MultiIndex.from_frame(sel[keys]).isin(conflicting)]
    problems = []
    for (code, ind, year), grp in sel.groupby(keys):
        if grp["value"].nunique(dropna=True) > 1:
            rows = ", ".join(str(r) for r in grp["row"])
            vals = " vs ".join(f"{v:g}" for v in grp["value"].dropna().unique())
            problems.append(Problem(
                msg("model_conflict", code=code, indicator=ind, values=vals, rows=rows), file=file, column=str(ind),
                unit=str(code)))
    return problems


def _match_rows(table: TableRead, key: str, keyish: set[str], units: pd.DataFrame, province: str, *,
                level: str, within: str | None, units_of) -> pd.DataFrame:
    """Match each row by its key column; a row whose key fails is tried on the other key columns.

    A table with both "Kode BPS" and "Kabupaten/Kota" joins a row by its name
    when its code is unknown, and says so in ``method``. Names are matched
    within the kecamatan or kabupaten the row names, else the view ``within``
    (:func:`geo_planner.units.codes.match_keys`).
    """
    rows = pd.Index(table.row_numbers, name="row")
    pcols = parent_columns([c for c in table.data.columns if c != key], level)
    parents = row_parents(table.data, pcols, units_of, province=province, within=within) if pcols else None
    opts = {"within": within, "province": province, "parent_names": ParentNames(level, units_of),
            "totals": total_names_of(level, units_of)}
    result = match_keys(table.data[key], units, parents=parents, column=key, **opts)
    result.index = rows  # no copy of a frame of millions of rows
    others = [c for c in table.data.columns if (c in keyish or slugify(c) in _KEY_NAMES) and c != key
              and not _code_header(c) and c not in pcols.values() and slugify(c) not in _parent_slugs(level)
              and slugify(c) not in ("no", "nomor", "urut", "no_urut")]
    for col in others:
        todo = (result["method"] == "unmatched").to_numpy()
        if not todo.any():
            break
        some = None if parents is None else parents[todo]
        retry = match_keys(table.data[col][todo], units, parents=some, column=col, **opts).set_index(rows[todo])
        ok = retry["code"].notna() | (retry["method"] == PROVINCE_TOTAL)
        retry.loc[ok & retry["code"].notna(), "method"] = retry["method"] + f" ({col})"
        result.loc[retry.index[ok], ["code", "method", "reason"]] = retry.loc[ok, ["code", "method", "reason"]]
    return result[~result.index.duplicated()] if result.index.has_duplicates else result


def read_layer(source, units: pd.DataFrame, *, level: str, name: str | None = None,
               sheet: str | int | None = None, key_column: str | None = None,
               manifest: dict[str, Indicator] | None = None, province: str = "64", within: str | None = None,
               parent_units: dict[str, pd.DataFrame] | None = None) -> Layer:
    """Read a table of figures and join it to ``units`` (one level).

    Names are matched exactly, and a close spelling only within a parent: the
    kecamatan or kabupaten column of the row, else the view ``within`` (a
    drill-down code), else (kab/kota level) the province. A name two units
    share, or a spelling as close to two units, is listed as unmatched with
    the reason ``ambiguous: ...`` naming every candidate. ``parent_units``
    gives the units of the parent levels (default: the catalogue's).

    Raises
    ------
    ValidationError
        When cells cannot be used (text in a number column, a rate outside
        0-100, a negative count, conflicting duplicates): all listed at once.
    InputError
        When the file cannot be read or has no key column.
    """
    table = read_table(source, name=name, sheet=sheet)
    if table.data.empty:
        raise InputError(msg("model_no_rows"), file=table.name)
    problems: list[Problem] = [Problem(note, file=table.name, severity="warning") for note in table.notes]
    indicators = dict(manifest or {})
    units_of = units_loader(province, parent_units)
    key, keyish = key_columns(table, units, province, key_column, level=level,
                              totals=total_names_of(level, units_of))
    is_long = {"indicator", "value"} <= set(table.data.columns)
    figs = _long_figures(table, key, problems) if is_long else _wide_figures(table, key, keyish, problems, indicators)
    indicators = _choose_year(figs, indicators, getattr(source, "year", None), table.name)  # FileChoice
    headers = {} if is_long else {slugify(c): c for c in table.data.columns}
    for ind in figs["indicator"].unique():
        if ind not in indicators:
            indicators[ind] = Indicator(ind, ind, ind, layer=table.name)
    figs = rename_reserved(figs, indicators, headers, table.name, problems)
    matched = _match_rows(table, key, keyish, units, province, level=level, within=within,
                          units_of=units_of)[["code", "method", "reason"]]
    at = matched.index.get_indexer(figs["row"])  # each figure's row: taken column by column, no 2M-row frame
    for col in ("code", "method", "reason"):
        figs[col] = matched[col].array.take(at)
    problems.extend(_duplicates(figs, table.name))
    if any(p.severity == "error" for p in problems):
        raise ValidationError(problems, file=table.name)
    del matched
    per_row = figs[["row", "method", "reason"]].drop_duplicates("row").set_index("row")
    reported = bool(per_row["method"].isin(["unmatched", PROVINCE_TOTAL]).any())
    listed = per_row.index[per_row["method"].isin(["unmatched", PROVINCE_TOTAL])]  # only these rows are copied
    at = pd.Index(table.row_numbers).get_indexer(listed)
    original = (table.data.iloc[at].rename(columns=report_renames(table.data.columns, table.name, problems, reported))
                .assign(row=listed).set_index("row"))
    unmatched = original.loc[per_row.index[per_row["method"] == "unmatched"]].copy()
    unmatched.insert(0, "reason", per_row.loc[unmatched.index, "reason"])
    province_rows = original.loc[per_row.index[per_row["method"] == PROVINCE_TOTAL]].copy()
    layer_name = name or Path(table.name).stem
    indicators = {k: replace(v, layer=v.layer or layer_name) for k, v in indicators.items()}
    figs = figs.drop(columns=["key", "reason"])
    joined = figs[figs["code"].notna()].reset_index(drop=True)
    del figs
    return Layer(layer_name, level, joined, indicators, unmatched.reset_index(), province_rows.reset_index(),
                 problems, file=table.name)


def builtin_layer(units: pd.DataFrame, *, level: str = "kabkota", province: str = "64") -> Layer | None:
    """The sourced figures shipped in ``layers/`` for a province, or None."""
    folder = {"64": LAYERS_DIR / "kaltim"}.get(province)
    if folder is None or level != "kabkota":
        return None
    manifest = read_manifest(folder / "manifest.csv")
    layer = read_layer(folder / "figures.csv", units, level=level, name="kaltim", key_column="kemendagri_code",
                       manifest=manifest, province=province)
    return layer


def looks_like_code(value: object) -> bool:
    return classify_key(value) in ("kemendagri", "bps")
