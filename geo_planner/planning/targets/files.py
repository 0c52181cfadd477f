"""Targets to and from the CSV/XLSX files planners exchange.

Import reads a table as planners write it (:func:`geo_planner.sources.tables.read_table`:
title rows, Indonesian number formats, headers in Bahasa Indonesia or English),
rejects the rows with problems (file, row, column, reason) and adds the rest in
one transaction. A row equal to a record already in the register (or to an
earlier row of the file) is skipped, so importing the same file twice adds
nothing. Export (:func:`export_rows`, written through the export gate
:func:`geo_planner.outputs.gate.write`) has Indonesian (or English) headers that
import reads back; a text the gate wrote with a leading apostrophe in a CSV
(a note ``=SUM(A1)`` or ``-3 KK``, which a spreadsheet would take for a
formula) comes back without it (:func:`geo_planner.sources.cells.unquote`).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from geo_planner.errors import InputError, Problem, ValidationError
from geo_planner.i18n.messages import msg
from geo_planner.planning.targets.access import AccessDenied, Actor, as_actor
from geo_planner.planning.targets.records import (
    FIELDS,
    ConflictError,
    NotFoundError,
    UnitCheck,
    clean_record,
)
from geo_planner.planning.targets.registry import (
    INTERVENTIONS,
    intervention_label,
    status_label,
)
from geo_planner.sources.cells import unquote
from geo_planner.sources.tables import read_table
from geo_planner.units.codes import (
    PROVINCE_NAMES,
    PROVINCE_TOTAL,
    match_keys,
    normalise_name,
)

if TYPE_CHECKING:
    from geo_planner.planning.targets.register import Register

__all__ = ["ImportReport", "import_table", "export_rows", "export_frame", "csv_numbers", "HEADERS"]

# field -> (Bahasa Indonesia, English) export headers; import reads both.
HEADERS: dict[str, tuple[str, str]] = {
    "id": ("ID", "ID"),
    "unit_code": ("Kode wilayah", "Unit code"),
    "unit_name": ("Nama wilayah", "Unit name"),
    "unit_level": ("Tingkat", "Level"),
    "agency": ("Instansi", "Agency"),
    "intervention": ("Intervensi", "Intervention"),
    "measure": ("Satuan", "Unit of measure"),
    "year": ("Tahun", "Year"),
    "quantity": ("Jumlah", "Quantity"),
    "budget_rp": ("Anggaran (Rp)", "Budget (Rp)"),
    "status": ("Status", "Status"),
    "note": ("Catatan", "Note"),
    "overlap": ("Tumpang tindih", "Overlap"),
    "version": ("Versi", "Version"),
    "created_by": ("Dibuat oleh", "Created by"),
    "created_at": ("Dibuat pada", "Created at"),
    "updated_by": ("Diubah oleh", "Updated by"),
    "updated_at": ("Diubah pada", "Updated at"),
}
_READ = ("unit_code", "unit_name", "agency", "intervention", "year", "quantity", "budget_rp", "status", "note")
_ALIASES: dict[str, tuple[str, ...]] = {
    "unit_code": ("kode", "kode kemendagri", "kode wilayah kemendagri", "kode unit", "code", "unit_code"),
    "unit_name": ("nama", "wilayah", "name", "lokasi", "location", "kabupaten kota", "kab kota"),
    "agency": ("opd", "perangkat daerah", "dinas", "lembaga", "office", "instansi pelaksana", "pelaksana"),
    "intervention": ("jenis intervensi", "program", "kode intervensi", "intervention id"),
    "year": ("tahun anggaran", "ta"),
    "quantity": ("target", "volume", "qty", "jumlah target", "kuantitas"),
    "budget_rp": ("anggaran", "budget", "budget_rp", "pagu", "pagu anggaran", "nilai anggaran", "biaya"),
    "status": ("status pelaksanaan", "tahap"),
    "note": ("notes", "keterangan", "ket"),
}
_EXPORTED = ("id", "unit_level", "measure", "overlap", "version", "created_by", "created_at", "updated_by",
             "updated_at")  # written by export, set by the register: ignored on import


def _norm(text: object) -> str:
    folded = unicodedata.normalize("NFKD", str(text))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    folded = re.sub(r"\(.*?\)", " ", folded)  # "Anggaran (Rp)" -> "anggaran"
    return " ".join(re.sub(r"[^0-9a-z]+", " ", folded).split())


def _header_lookup() -> dict[str, str]:
    table = {_norm(h): f for f in _EXPORTED for h in HEADERS[f]}
    for f in _READ:
        for text in (f, *HEADERS[f], *_ALIASES.get(f, ())):
            table[_norm(text)] = f
    return table


_HEADER_LOOKUP = _header_lookup()


@dataclass
class ImportReport:
    """What an import did.

    Attributes
    ----------
    file : str
        Name of the file read.
    imported : int
        Number of targets added.
    ids : list of int
        Their ids.
    rejected : pandas.DataFrame
        One row per problem: ``file``, ``row`` (as the spreadsheet shows it),
        ``column``, ``reason``, then the row's cells as read.
    skipped : pandas.DataFrame
        Rows equal to a record already in the register or to an earlier row,
        and exported rows left as they were: ``file``, ``row``, ``reason``.
    ignored_columns : list of str
        Columns of the file that are not fields of a target.
    updated : list of int
        Ids of the targets changed by rows of an exported file (``ID`` and
        ``Versi`` columns) whose fields were edited.
    """

    file: str
    imported: int
    ids: list[int]
    rejected: pd.DataFrame
    skipped: pd.DataFrame
    ignored_columns: list[str] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)

    @property
    def rejected_rows(self) -> list[int]:
        """Row numbers of the rejected rows, in order."""
        return sorted({int(r) for r in self.rejected["row"]})

    def summary(self) -> str:
        """One sentence: imported, rejected and skipped counts."""
        parts = [msg("files_imported", n=self.imported, file=self.file)]
        if self.updated:
            parts.append(msg("files_updated", n=len(self.updated)))
        if len(self.rejected):
            parts.append(msg("files_rejected", n=len(self.rejected_rows)))
        if len(self.skipped):
            parts.append(msg("files_skipped", n=len(self.skipped)))
        return "; ".join(parts)


def _map_columns(columns: list[str], name: str) -> tuple[dict[str, str], list[str]]:
    """Field -> file column, and the columns ignored; raise if a required one is missing or doubled."""
    found: dict[str, list[str]] = {}
    ignored = []
    for col in columns:
        f = _HEADER_LOOKUP.get(_norm(col))
        if f in _READ:
            found.setdefault(f, []).append(col)
        elif f is None:
            ignored.append(col)
    problems = [Problem(msg("files_columns_doubled", columns=", ".join(repr(c) for c in cols), field=f), file=name)
                for f, cols in found.items() if len(cols) > 1]
    required = {"unit": ("unit_code", "unit_name"), "agency": ("agency",),
                "intervention": ("intervention",), "year": ("year",), "quantity": ("quantity",)}
    for what, options in required.items():
        if not any(o in found for o in options):
            heads = msg("files_or").join(f"'{HEADERS[o][0]}' / '{HEADERS[o][1]}'" for o in options)
            problems.append(Problem(msg("files_no_column", what=msg(f"files_need_{what}"), heads=heads), file=name))
    if problems:
        raise ValidationError(problems, file=name)
    return {f: cols[0] for f, cols in found.items()}, ignored


def _resolve_units(data: pd.DataFrame, cols: Mapping[str, str], units: pd.DataFrame | None,
                   province: str) -> tuple[list[Any], list[str | None]]:
    """Per row: the code to check (a code, a matched name's code, or the raw name) and a reason if none."""
    n = len(data)
    codes: list[Any] = list(data[cols["unit_code"]]) if "unit_code" in cols else [None] * n
    names: list[Any] = list(data[cols["unit_name"]]) if "unit_name" in cols else [None] * n
    reasons: list[str | None] = [None] * n
    if units is None:
        for i, (code, nm) in enumerate(zip(codes, names, strict=True)):
            if pd.isna(code) and not pd.isna(nm):
                reasons[i] = msg("files_name_only", name=nm)
        return codes, reasons
    matched = match_keys([None if pd.isna(v) else v for v in names], units, province=province)
    for i, (code, nm, m) in enumerate(zip(codes, names, matched.itertuples(index=False), strict=True)):
        if pd.isna(nm):
            continue
        if m.method == PROVINCE_TOTAL and normalise_name(nm) in PROVINCE_NAMES.get(province, ()):
            m_code, reason = province, None
        elif m.method == PROVINCE_TOTAL:
            m_code, reason = None, msg("files_total_row", name=nm)
        else:
            m_code = None if pd.isna(m.code) else str(m.code)
            reason = None if m_code is not None or pd.isna(m.reason) else str(m.reason)
        if pd.isna(code):
            codes[i], reasons[i] = m_code, reason
        elif m_code is not None and str(code).strip() != m_code:
            other = units["name"].get(str(code).strip())
            said = msg("files_code_is", other=other) if other is not None else ""
            reasons[i] = msg("files_code_and_name_differ", code=str(code).strip(), said=said, name=nm, unit=m_code)
    return codes, reasons


def _row_key(clean: Mapping[str, Any]) -> tuple[Hashable, ...]:
    def norm(v: Any) -> Hashable:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return None
        return " ".join(str(v).split()).casefold() if isinstance(v, str) else float(v)

    return tuple(norm(clean.get(f)) for f in FIELDS)


def _import_key(key: tuple[Hashable, ...]) -> str:
    """The key the database keeps unique for an imported row: a digest of its tidied fields."""
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()


def import_table(register: Register, source: Any, *, who: str | Actor, units: pd.DataFrame | None = None,
                 name: str | None = None, sheet: str | int | None = None) -> ImportReport:
    """Add the targets of a CSV/XLSX file; reject the rows with problems.

    Parameters
    ----------
    register : Register
    source : str, path or binary file-like
        The file (also Streamlit's ``UploadedFile``).
    who : str or Actor
        The importing identity (audit log, action ``import``); rows of agencies
        it may not write are rejected.
    units : DataFrame, optional
        Boundary units (:func:`geo_planner.units.hierarchy.load_units`): codes are
        checked against them and names (``Nama wilayah``) matched to codes.
        Without them, codes are checked for format only and rows with only a
        name are rejected.
    name : str, optional
        Display name of the file.
    sheet : str or int, optional
        XLSX sheet (default the first holding a table).

    Returns
    -------
    ImportReport
        The valid rows are added in one transaction: all of them or, on a
        database failure, none.

    Raises
    ------
    InputError
        If the file cannot be read.
    ValidationError
        If a required column is missing or doubled (nothing is imported).

    Examples
    --------
    >>> report = register.import_table("target_2026.xlsx", who="budi")    # doctest: +SKIP
    >>> report.imported, report.rejected_rows                             # doctest: +SKIP
    (41, [7, 12])

    Notes
    -----
    A file exported by the register can be edited and imported back: a row
    with an ``ID`` updates that target (only the fields that differ), if its
    ``Versi`` is still the register's; when someone changed or deleted the
    target since the export, the row is rejected with who and when, and
    nothing is overwritten. A row without an ``ID`` is a new target.
    """

    actor = as_actor(who)
    if actor.role in ("viewer", "none"):
        actor.check_write(None, msg("access_act_import"))
    table = read_table(source, name=name, sheet=sheet)
    data = table.data
    if table.sheet is None:  # a CSV: texts the export gate wrote with a leading apostrophe come back as typed
        data = data.rename(columns=lambda c: unquote(str(c)))
        data = data.map(unquote)
    cols, ignored = _map_columns(list(data.columns), table.name)
    province = str(units.index[0]).split(".")[0] if units is not None and len(units) else "64"
    codes, unit_reasons = _resolve_units(data, cols, units, province)
    check = UnitCheck(units) if units is not None else None
    rejected: list[dict[str, Any]] = []
    valid: list[tuple[int, dict[str, Any], int | None, int | None, dict[str, Any]]] = []
    unit_col = cols.get("unit_code", cols.get("unit_name"))
    cell_rows = [dict(zip(map(str, data.columns), values, strict=True))
                 for values in data.astype(object).itertuples(index=False, name=None)]
    id_col, version_col, created_col, creator_col = (_exported_column(data.columns, f)
                                                     for f in ("id", "version", "created_at", "created_by"))
    present = {f for f in cols if f in FIELDS} | ({"unit_code"} if unit_col else set())  # a missing column: kept
    for i, (row_number, cells) in enumerate(zip(table.row_numbers, cell_rows, strict=True)):
        raw = {f: cells[str(c)] for f, c in cols.items() if f in FIELDS}
        raw["unit_code"] = codes[i]
        clean, problems = clean_record(raw, units=check)
        if unit_reasons[i]:
            problems = [(f, m) for f, m in problems if f != "unit_code"] + [("unit_code", unit_reasons[i])]
        problems = [(cols.get(f, unit_col) if f != "unit_code" else unit_col, m) for f, m in problems]
        target_id, version, more = _id_and_version(cells, id_col, version_col)
        for column, message in [*problems, *more]:
            rejected.append({"file": table.name, "row": row_number, "column": column, "reason": message, **cells})
        if not problems and not more:
            valid.append((row_number, clean, target_id, version, cells))
    def body() -> tuple[list[dict[str, Any]], list[int], list[int], list[dict[str, Any]]]:
        # run again from the start if the database asks (deadlock, lost connection): nothing carries over
        skipped, ids, updated, late = [], [], [], []
        seen = {_row_key(r): msg("files_target", id=r["id"]) for r in register._query("SELECT * FROM targets")}
        for row_number, clean, target_id, version, cells in valid:
            if target_id is not None:  # a row of an exported file: an edit of that target, if it is ours
                current = register._row(target_id)
                made = [(_cell_text(cells.get(col)), _cell_text(current[f]) if current is not None else None)
                        for f, col in (("created_at", created_col), ("created_by", creator_col)) if col]
                if current is not None and all(mine in (None, theirs) for mine, theirs in made):
                    changes = {k: v for k, v in clean.items()
                               if k in present and _row_key({k: current.get(k)}) != _row_key({k: v})}
                    if not changes:
                        skipped.append({"file": table.name, "row": row_number,
                                        "reason": msg("files_unchanged", id=target_id)})
                        continue
                    try:
                        register._update(target_id, changes, version, actor, check)
                    except (ConflictError, NotFoundError, ValidationError, AccessDenied) as e:
                        late.append({"file": table.name, "row": row_number, "column": id_col,
                                     "reason": msg("files_not_applied", error=e), **cells})
                        continue
                    updated.append(target_id)
                    continue
                gone = register._conflict(target_id, version, None) if current is None else None
                if isinstance(gone, ConflictError):  # deleted here since the export
                    late.append({"file": table.name, "row": row_number, "column": id_col,
                                 "reason": msg("files_deleted_add_again", error=gone), **cells})
                    continue
                # an ID this register never had (or another record's): the row of another register, added new
            key = _row_key(clean)
            if key in seen:
                skipped.append({"file": table.name, "row": row_number,
                                "reason": msg("files_same_as", other=seen[key])})
                continue
            if not actor.may_write(clean["agency"]):
                late.append({"file": table.name, "row": row_number, "column": cols.get("agency"),
                             "reason": msg("files_may_not_add", who=actor.describe(), agency=clean["agency"]),
                             **cells})
                continue
            target = register._insert(clean, actor, "import", import_key=_import_key(key))
            if target is None:  # the same row, imported by someone else at this very moment
                other = register._execute("SELECT id FROM targets WHERE import_key = ?", (_import_key(key),))
                seen[key] = msg("files_target", id=dict(other.fetchone())["id"])
                skipped.append({"file": table.name, "row": row_number,
                                "reason": msg("files_same_as", other=seen[key])})
                continue
            seen[key] = msg("where_row", row=row_number)
            ids.append(target.id)
        return skipped, ids, updated, late

    skipped, ids, updated, late = register._atomic(body)
    rejected += late
    rejected_frame = pd.DataFrame(rejected, columns=["file", "row", "column", "reason", *map(str, data.columns)])
    return ImportReport(
        table.name, len(ids), ids, rejected_frame.sort_values("row", kind="stable").reset_index(drop=True),
        pd.DataFrame(skipped, columns=["file", "row", "reason"]), ignored, updated)


def _cell_text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or not str(value).strip():
        return None
    return str(value).strip()


def _exported_column(columns, fld: str) -> str | None:
    """The file's column of an exported field (``ID``, ``Versi``), if it has one."""
    return next((str(c) for c in columns if _HEADER_LOOKUP.get(_norm(c)) == fld), None)


def _id_and_version(cells: Mapping[str, Any], id_col: str | None, version_col: str | None
                    ) -> tuple[int | None, int | None, list[tuple[str, str]]]:
    """The target id and version of a row (None: a new target) and the problems with them."""
    def whole(col: str | None) -> int | None | str:
        value = cells.get(col) if col else None
        if value is None or (isinstance(value, float) and math.isnan(value)) or not str(value).strip():
            return None
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            return "bad"
        return int(number) if number.is_integer() and number > 0 else "bad"

    target_id, version = whole(id_col), whole(version_col)
    problems = []
    if target_id == "bad":
        problems.append((id_col, msg("files_bad_id", value=cells.get(id_col))))
    if target_id is not None and version is None:
        problems.append((version_col or id_col, msg("files_no_version")))
    if version == "bad":
        problems.append((version_col, msg("files_bad_version", value=cells.get(version_col))))
    if problems:
        return None, None, problems
    return target_id, version, []


# --------------------------------------------------------------------------- export

def _number_text(value: float) -> str | None:
    """A number as text that :func:`geo_planner.sources.tables.parse_number` reads back exactly."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value)).replace(".", ",")  # decimal comma: "1.234" would read as 1234


def export_frame(frame: pd.DataFrame, *, lang: str = "id", units: pd.DataFrame | None = None) -> pd.DataFrame:
    """The register's rows (from :meth:`Register.list`) with export headers and words.

    Interventions and statuses become labels in ``lang``, an ``overlap`` column
    marks records aimed at the same unit, intervention and year as another
    (see :func:`geo_planner.planning.targets.overlaps.mark_overlaps`), and unit names
    are added when ``units`` are given.
    """
    from geo_planner.planning.targets.overlaps import mark_overlaps

    if lang not in ("id", "en"):
        raise InputError(msg("outputs_unknown_language", lang=lang))
    k = 1 if lang == "en" else 0
    marked = mark_overlaps(frame)
    out = pd.DataFrame({"id": frame["id"], "unit_code": frame["unit_code"]})
    if units is not None:
        out["unit_name"] = [units["name"].get(c) for c in frame["unit_code"]]
    out["unit_level"] = frame["unit_level"]
    out["agency"] = frame["agency"]
    out["intervention"] = [intervention_label(v, lang) for v in frame["intervention"]]
    out["measure"] = [INTERVENTIONS[v].unit if v in INTERVENTIONS else None for v in frame["intervention"]]
    out["year"] = frame["year"]
    out["quantity"] = frame["quantity"]
    out["budget_rp"] = frame["budget_rp"]
    out["status"] = [status_label(v, lang) for v in frame["status"]]
    out["note"] = frame["note"]
    out["overlap"] = [("yes" if lang == "en" else "ya") if v else "" for v in marked["overlap"]]
    for c in ("version", "created_by", "created_at", "updated_by", "updated_at"):
        out[c] = frame[c]
    out.columns = [HEADERS[c][k] for c in out.columns]
    return out


def csv_numbers(table: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """:func:`export_frame`'s table for a CSV: quantities and budgets as text the importer reads back exactly.

    ``1234.5`` becomes ``"1234,5"`` (a decimal comma: ``"1.234"`` would read as 1234).
    """
    k = 1 if lang == "en" else 0
    text = table.copy()
    for col in (HEADERS["quantity"][k], HEADERS["budget_rp"][k]):
        if col in text.columns:
            text[col] = [_number_text(v) for v in text[col]]
    return text


def export_rows(register: Register, *, lang: str = "id", units: pd.DataFrame | None = None,
                **filters: Any) -> pd.DataFrame:
    """The register's targets as exported (headers and words in ``lang``), for the export gate.

    Write them with ``geo_planner.outputs.gate.write(targets_table(...), path)``
    (:func:`geo_planner.outputs.plan_tables.targets_table`): CSV (UTF-8 with
    BOM, for Excel) or XLSX, formula-safe, read back by :func:`import_table`.

    Parameters
    ----------
    register : Register
    lang : {"id", "en"}
        Language of headers, interventions and statuses (default Indonesian).
    units : DataFrame, optional
        Boundary units, to add a ``Nama wilayah`` column.
    **filters
        As for :meth:`Register.list` (``unit``, ``agency``, ``intervention``, ``year``, ``status``).

    Raises
    ------
    InputError
        For an unknown language.
    """
    return export_frame(register.list(**filters), lang=lang, units=units)
