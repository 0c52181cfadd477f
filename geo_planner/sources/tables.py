"""Read the tabular files planners actually receive: CSV exports and BPS-style XLSX sheets.

:func:`read_table` finds the table in a file and returns every cell as text with
the row numbers a spreadsheet shows, so errors can say "row 7"; numbers are
parsed explicitly by :func:`parse_number` / :func:`to_numeric`.

Number format rules (Indonesian data first):

* A single comma is decimal: ``"5,17"`` -> 5.17, ``"221,340"`` -> 221.34 (never 221340).
* A single dot followed by exactly three digits after 1-3 digits (not starting
  with 0) groups thousands: ``"1.500"`` -> 1500, ``"221.340"`` -> 221340. Other
  single dots are decimal: ``"5.17"``, ``"0.500"``, ``"1234.567"``.
* A separator that occurs several times groups thousands (``"1.234.567"``,
  ``"1,234,567"``); with both, the last one is decimal (``"1.234,56"``, ``"1,234.56"``).
"""

from __future__ import annotations

import csv
import io
import math
import numbers
import os
import re
import time
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geo_planner.errors import InputError, Problem
from geo_planner.i18n.messages import current_language, msg

__all__ = ["TableRead", "RowNumbers", "published_scale", "number_text", "plain_numbers", "ReadLimits", "NO_LIMITS", "upload_limits", "read_table", "list_sheets", "parse_number",
           "to_numeric"]

_Cells = list[str | None]
_Grid = list[tuple[int, _Cells]]  # (1-based row number, cells)
_Merge = tuple[int, int, int, int]  # first row, first col, last row, last col (0-based grid indices)

_EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xls"}
_DELIMITERS = ("\t", ";", ",")  # on a tie the earlier one wins: ';' and tab rarely occur inside values
# "Sumber: BPS", "Sumber/Source:", "Catatan:", "Ket.", "*) angka sementara"; not the village "Sumber Sari"
_NOTE_RE = re.compile(
    r"^(?:(?:sumber|source|catatan|notes?|keterangan|ket)\b[^:]{0,20}:|ket\.|\*|[¹²³⁴⁵])", re.I)
_COLUMN_NUMBER_RE = re.compile(r"^\(\d+\)$")
_MISSING = frozenset({"", "-", "–", "—", "...", "…", "na", "n/a", "n.a.", "tidak ada data", "x"})
_NUMBER_RE = re.compile(r"([+-]?)(?:rp\.?|idr)?\s*([+-]?)([0-9.,]+)(?:e([+-]?[0-9]+))?", re.I)
_THOUSANDS_RE = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})*")
_KINDS = ("number", "rate", "count")
_MAX_HEADER_ROWS = 5
_CODE_RE = re.compile(r"\d{2}(?:\.\d{2}){1,3}|\d{2}(?:\.\d{2}){1,2}\.\d{4}|\d{4}|\d{6}|\d{10}")  # 64.01, 6401


class RowNumbers(Sequence):
    """Row numbers of a table as one int64 array: a list of millions of Python ints would take ~36 bytes each.

    Reads like a list of int (indexing gives ``int``, equal to a list of the same numbers) and converts to
    NumPy or pandas without a copy per row.
    """

    __slots__ = ("_array",)

    def __init__(self, values: Any) -> None:
        self._array = np.asarray(values, dtype=np.int64)
        self._array.flags.writeable = False

    def __len__(self) -> int:
        return len(self._array)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return RowNumbers(self._array[i])
        return int(self._array[i])

    def __iter__(self) -> Any:
        return iter(self._array.tolist())

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self._array if dtype is None else self._array.astype(dtype)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (RowNumbers, list, tuple)):
            return len(self) == len(other) and bool(np.array_equal(self._array, np.asarray(other)))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"RowNumbers({self._array.tolist() if len(self) <= 20 else f'{len(self)} rows'})"


@dataclass(frozen=True, eq=False)
class TableRead:
    """A table read from a file, with every cell as text.

    Attributes
    ----------
    data : pandas.DataFrame
        The table; cells are strings, empty cells are missing (NaN).
    name, sheet : str, str or None
        Display name of the file; sheet read (``None`` for CSV).
    header_row : int
        1-based row number of the (first) header row, as a spreadsheet shows it.
    row_numbers : RowNumbers (a sequence of int)
        For each row of `data`, its 1-based row number in the file or sheet.
    dropped_rows : list of (int, str)
        Rows left out and why: "title above the header", "blank",
        "column numbers below the header", "note below the table".
    encoding, delimiter : str or None
        For CSV: "utf-8", "utf-8-sig", "utf-16" or "cp1252", and the delimiter.
    notes : tuple of str
        What was cleaned or chosen while reading (NUL bytes removed, the sheet read), for the user.
    title : str or None
        The title above the header, if any (the indicator of a table whose columns are years).
    """

    data: pd.DataFrame
    name: str
    sheet: str | None
    header_row: int
    row_numbers: Sequence[int]
    dropped_rows: list[tuple[int, str]]
    encoding: str | None
    delimiter: str | None
    notes: tuple[str, ...] = ()
    title: str | None = None


@dataclass(frozen=True)
class ReadLimits:
    """How much work reading one file may take; ``None`` for no limit.

    The command line reads a local file of any size (:data:`NO_LIMITS`); an
    upload to the app is bounded (:func:`upload_limits`) so that one large file
    cannot stall everybody else's session.
    """

    bytes: int | None = None
    cells: int | None = None
    rows: int | None = None
    seconds: float | None = None


NO_LIMITS = ReadLimits()
_UPLOAD_ENV = {"bytes": ("GEO_PLANNER_MAX_UPLOAD_MB", 50.0, 1_000_000),
               "cells": ("GEO_PLANNER_MAX_UPLOAD_CELLS", 250_000, 1),
               "rows": ("GEO_PLANNER_MAX_UPLOAD_ROWS", 500_000, 1),
               "seconds": ("GEO_PLANNER_MAX_UPLOAD_SECONDS", 30.0, 1)}
_DEFAULT: Any = object()


def upload_limits() -> ReadLimits:
    """The limits of an upload to the app, from the environment (``GEO_PLANNER_MAX_UPLOAD_MB``, default 50;
    ``GEO_PLANNER_MAX_UPLOAD_CELLS``, 250,000 cells of a workbook, whose parsing is the slow part; ``GEO_PLANNER_MAX_UPLOAD_ROWS``, 500,000;
    ``GEO_PLANNER_MAX_UPLOAD_SECONDS``, 30)."""
    values = {}
    for field_name, (env, default, scale) in _UPLOAD_ENV.items():
        text = os.environ.get(env, "").strip()
        try:
            value = float(text) if text else float(default)
        except ValueError:
            raise InputError(msg("tables_setting_not_number", env=env, text=repr(text),
                                 default=f"{default:g}")) from None
        values[field_name] = value * scale if field_name == "seconds" else int(value * scale)
    return ReadLimits(**values)


def _count(n: int) -> str:
    """A whole number as the reader's language writes it (1.000.000 / 1,000,000)."""
    from geo_planner.i18n import fmt_number

    return fmt_number(n, current_language(), 0)


def _over_limit(what: str, found: str, limit: str, field_name: str, name: str) -> InputError:
    env = _UPLOAD_ENV[field_name][0]
    return InputError(msg("tables_over_limit", what=msg(what), found=found, limit=limit, env=env), file=name)


def read_table(source: Any, *, name: str | None = None, sheet: str | int | None = None,
               max_bytes: int | None = _DEFAULT, limits: ReadLimits | None = None) -> TableRead:
    """Read the table in a CSV/TXT or XLSX file.

    Parameters
    ----------
    source : str, os.PathLike or binary file-like
        A path, or an object whose ``read()`` gives bytes (Streamlit's
        ``UploadedFile``, :class:`io.BytesIO`).
    name : str, optional
        Display name for messages; default the file name or the buffer's ``name``.
    sheet : str or int, optional
        XLSX sheet by name or 0-based index; default the first visible sheet
        holding a table. Ignored for CSV.
    max_bytes : int or None, optional
        Refuse larger files; ``None`` for no limit. Overrides ``limits.bytes``.
    limits : ReadLimits, optional
        Bytes, cells, rows and seconds the reading may take. Default: none for
        a path (the command line reads a file of any size), :func:`upload_limits`
        for a file-like object (an upload to the app).

    Returns
    -------
    TableRead
        The table with original row numbers and the rows that were dropped.

    Raises
    ------
    InputError
        If the file is missing, empty, too large, of an unsupported format or
        holds no table.

    Notes
    -----
    The format is detected from the content. The header is the first row with
    two or more filled cells followed by a data row; title rows above it and
    notes below the table ("Sumber: ...", "Catatan: ...", one-cell rows after
    the last data row) are dropped. XLSX merged cells fill every covered cell
    from the header down; header rows reached by the header's vertical merges,
    or below its horizontal merges when the first header column is empty there,
    are joined with " ". XLSX numbers are written with a decimal comma and no
    grouping (1.234 -> "1,234") so :func:`parse_number` reads them back exactly;
    percent-formatted cells as shown (0.0517 -> "5,17%"). Formulas give their
    cached value; a formula never calculated is empty.
    """
    if sheet is None:
        sheet = getattr(source, "sheet", None)  # a geo_planner.sources.choice.FileChoice
    if limits is None:
        limits = NO_LIMITS if isinstance(source, (str, os.PathLike)) else upload_limits()
    if max_bytes is not _DEFAULT:
        limits = replace(limits, bytes=max_bytes)
    cached = _cache_get(source, sheet, limits)
    if cached is not None:
        return cached
    data, name, suffix = _load_bytes(source, name, limits.bytes)
    kind = _sniff_kind(data)
    if kind == "xlsx":
        table = _read_xlsx(data, name, sheet, limits)
    else:
        _check_text(kind, name, suffix)
        table = _read_csv(data, name, limits)
    _cache_put(source, sheet, limits, table)
    return table


# The last table read from a path, so that a file looked at twice (is it a point layer? then read it as one)
# is read once. Keyed on the path, its size and modification time, the sheet and the limits.
_LAST: list[tuple[tuple, TableRead]] = []


def _cache_key(source: Any, sheet: Any, limits: ReadLimits) -> tuple | None:
    if not isinstance(source, (str, os.PathLike)):
        return None
    try:
        path = Path(source).resolve()
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_size, stat.st_mtime_ns, repr(sheet), limits)


def _cache_get(source: Any, sheet: Any, limits: ReadLimits) -> TableRead | None:
    key = _cache_key(source, sheet, limits)
    if key is None or not _LAST or _LAST[0][0] != key:
        return None
    table = _LAST.pop()[1]  # read twice, kept no longer: a large table is not held for the rest of the run
    return replace(table, data=table.data.copy(deep=False), row_numbers=table.row_numbers,
                   dropped_rows=list(table.dropped_rows))


def _cache_put(source: Any, sheet: Any, limits: ReadLimits, table: TableRead) -> None:
    key = _cache_key(source, sheet, limits)
    _LAST.clear()
    if key is not None:
        _LAST.append((key, replace(table, data=table.data.copy(deep=False))))


def _load_bytes(source: Any, name: str | None, max_bytes: int | None) -> tuple[bytes, str, str]:
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = name or path.name
        try:
            _check_size(path.stat().st_size, name, max_bytes)
            data = path.read_bytes()
        except OSError as exc:
            what = msg("tables_file_missing") if isinstance(exc, FileNotFoundError) else \
                msg("tables_file_unreadable", error=exc.strerror)
            raise InputError(what, file=name) from None
    elif hasattr(source, "read"):
        name = name or Path(str(getattr(source, "name", "") or msg("tables_uploaded_file"))).name
        if isinstance(getattr(source, "size", None), int):  # Streamlit's UploadedFile knows its size
            _check_size(source.size, name, max_bytes)
        if getattr(source, "seekable", lambda: False)():
            source.seek(0)  # read from the start even if a widget already read it
        data = source.read() if max_bytes is None else source.read(max_bytes + 1)
        data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        _check_size(len(data), name, max_bytes)
    else:
        raise TypeError(msg("tables_source_type", type=type(source).__name__))
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise InputError(msg("tables_empty"), file=name)
    return data, name, Path(name).suffix.lower()


def _check_size(size: int, name: str, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise InputError(msg("tables_too_large", mb=f"{max_bytes / 1e6:g}"), file=name)


def _sniff_kind(data: bytes) -> str:
    """Return "xlsx", "xls", "ods", "zip", "binary" or "text" from the content."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
                if any(n.startswith("xl/") for n in names):
                    return "xlsx"
                if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
                    return "ods"
        except (zipfile.BadZipFile, OSError, KeyError, NotImplementedError, RuntimeError, EOFError, zlib.error):
            pass  # damaged or unsupported zip (a newer zip version, encryption): reported as "zip" below
        return "zip"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    head = data[:4096]
    return "binary" if head.count(b"\x00") > len(head) // 10 else "text"  # a few NULs: a damaged text export


def _check_text(kind: str, name: str, suffix: str) -> None:
    what = {"xls": "tables_is_xls", "ods": "tables_is_ods", "zip": "tables_is_zip", "binary": "tables_is_binary"}
    if kind in what:
        raise InputError(msg(what[kind]), file=name)
    if suffix in _EXCEL_SUFFIXES:
        raise InputError(msg("tables_text_named_excel", suffix=suffix), file=name)


# --- CSV
def _read_csv(data: bytes, name: str, limits: ReadLimits = NO_LIMITS) -> TableRead:
    if limits.rows is not None and (lines := data.count(b"\n")) > limits.rows + 1000:
        raise _over_limit("tables_has", msg("tables_about_lines", n=_count(lines)),
                          msg("tables_n_rows", n=_count(limits.rows)), "rows", name)
    notes = []
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in data:
        count = data.count(b"\x00")
        data = data.replace(b"\x00", b"")
        notes.append(msg("tables_nul_removed", count=count))
    text, encoding = _decode_head(data)  # UTF-8: the bytes are parsed, only their first characters are text
    cut = text.find("\n")  # the first line, without a copy of the rest of a large file
    first = text if cut < 0 else text[:cut]
    hint = re.fullmatch(r"sep=(.)\r?", first)  # Excel's "sep=;" line, hidden when Excel opens the file
    if hint:
        text = "" if cut < 0 else text[cut + 1:]
    delimiter = hint.group(1) if hint else _sniff_delimiter(text)
    if encoding == "utf-8":
        raw, start = data, len(first) + 1 if hint else 0
    elif encoding == "utf-8-sig":
        raw, start = data, 3 + (len(first.encode("utf-8")) + 1 if hint else 0)
    else:
        raw, start = text.encode("utf-8"), 0
    sample = text[:65536]
    if encoding in ("utf-8", "utf-8-sig"):
        del text  # the text is decoded in full again only for the slow reader
    columns = _csv_columns(raw, sample, delimiter, start) if sample.strip() else None
    del raw
    table = _make_table_columns(columns, name, encoding, delimiter, 1) if columns is not None else None
    del columns
    if table is None:
        if encoding in ("utf-8", "utf-8-sig"):
            text = _decode(data)[0]
            text = text.partition("\n")[2] if hint else text
        try:
            records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as exc:
            raise InputError(msg("tables_csv_unreadable", error=exc), file=name) from exc
        grid = [(i + 1, [_clean(cell) for cell in record]) for i, record in enumerate(records)]
        del records
        table = _make_table(grid, [], name, None, encoding, delimiter)
    _check_shape(table, limits)
    return replace(table, notes=tuple(notes) + table.notes) if notes else table


def _check_shape(table: TableRead, limits: ReadLimits) -> None:
    rows = len(table.data)
    if limits.rows is not None and rows > limits.rows:
        raise _over_limit("tables_has", msg("tables_n_rows", n=_count(rows)), _count(limits.rows), "rows", table.name)


_HEAD_CHARS = 65536 + 16  # the sample (64k characters) after a "sep=;" line


def _decode_head(data: bytes) -> tuple[str, str]:
    """:func:`_decode`, but of UTF-8 (with or without BOM) only the first _HEAD_CHARS characters are returned.

    The encoding is the same as :func:`_decode` finds: the whole of a file without BOM is checked to be UTF-8,
    piece by piece, so a large file is never held as text as well as bytes.
    """
    import codecs

    if data.startswith(b"\xef\xbb\xbf"):  # decoded with replacement: any bytes are UTF-8 with a BOM
        return data[3:3 + 4 * _HEAD_CHARS + 4].decode("utf-8", errors="replace")[:_HEAD_CHARS], "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data)
    view, step = memoryview(data), 1 << 20
    check = codecs.getincrementaldecoder("utf-8")()  # strict, as data.decode("utf-8")
    head = ""
    try:
        for at in range(0, len(data), step):
            piece = check.decode(view[at:at + step], final=at + step >= len(data))
            if len(head) < _HEAD_CHARS:
                head += piece[:_HEAD_CHARS - len(head)]
        check.decode(b"", final=True)
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"
    return head, "utf-8"


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _sniff_delimiter(text: str) -> str:
    """Pick the delimiter that splits most lines into the same number (>= 2) of fields."""
    sample = text[:65536]

    def score(delimiter: str) -> tuple[int, int]:
        try:
            rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))[:200]
        except csv.Error:
            return (0, 0)
        counts = [len(r) for r in rows if len(r) >= 2 and any(c.strip() for c in r)]
        if not counts:
            return (0, 0)
        width, hits = Counter(counts).most_common(1)[0]
        return (hits, width)

    return max(_DELIMITERS, key=score)


def _clean(value: str | None) -> str | None:
    return (value.strip() or None) if value is not None else None


# --- CSV, vectorised: pyarrow parses, the table is located on the first rows, the rest as array operations
_HEAD_ROWS = 2000  # the header is looked for in the first rows; a table below that is read the slow way
_NOTE_PREFILTER = r"(?i)^(sumber|source|catatan|note|keterangan|ket|\*|¹|²|³|⁴|⁵)"


def _csv_columns(raw: bytes, text_sample: str, delimiter: str, start: int = 0) -> list[Any] | None:
    """Every record of the CSV as pyarrow string columns (stripped, empty = null), or None to read it the slow way.

    The CSV is ``raw`` from byte ``start`` on (read in place, not copied).

    Rows shorter than the widest row of the first 64 kB are padded with empty cells (as the csv module
    reads them); a wider row, or a short row in a file with quotes (whose line numbers may not be record
    numbers), sends the file to the slow reader.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    try:
        widths = [len(r) for r in list(csv.reader(io.StringIO(text_sample, newline=""), delimiter=delimiter))[:-1]]
    except csv.Error:
        return None
    width = max(widths, default=0)
    if width < 2:
        return None
    names = [f"c{i}" for i in range(width)]
    quoted = raw.find(b'"', start) >= 0

    def attempt(threads: bool) -> tuple[Any, list[Any]]:
        short: list[Any] = []

        def invalid(row: Any) -> str:
            short.append((row.number, row.text, row.actual_columns))
            return "skip"

        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(raw).slice(start)),  # the bytes in place (io.BytesIO reads copies)
            read_options=pacsv.ReadOptions(column_names=names, use_threads=threads, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=quoted, ignore_empty_lines=False,
                                             invalid_row_handler=invalid),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.large_string() for n in names},  # pandas' own
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
        return table, short

    try:
        table, short = attempt(True)
        if short:
            table, short = attempt(False)  # line numbers of the short rows are known single-threaded only
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeError, OSError):
        return None
    if short and (quoted or any(n is None or actual > width for n, _, actual in short)):
        return None
    columns = []
    for name in names:  # one column at a time, each dropped from the parsed table once cleaned
        col = trim_whitespace(table.column(name)).combine_chunks()  # trimmed chunk by chunk: one copy
        table = table.drop_columns([name])
        columns.append(_empty_as_null(col))
        del col
    if short:
        columns = _insert_short(columns, short, delimiter, width)
    return columns


def _string_buffers(arr: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """The offsets (one more than cells) and bytes of a pyarrow (large) string array, not copied; None if not one."""
    import pyarrow as pa

    if arr.type not in (pa.string(), pa.large_string()):
        return None
    wide = np.int64 if arr.type == pa.large_string() else np.int32
    offsets = np.frombuffer(arr.buffers()[1], dtype=wide)[arr.offset:arr.offset + len(arr) + 1] if len(arr) else \
        np.zeros(1, dtype=wide)
    data = arr.buffers()[2]
    return offsets, np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)


def trim_whitespace(col: Any) -> Any:
    """``pyarrow.compute.utf8_trim_whitespace``, skipped when it would change nothing: no cell starts or ends with
    a byte that can be part of whitespace (ASCII up to the space, or any byte of a character beyond ASCII)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for chunk in (col.chunks if isinstance(col, pa.ChunkedArray) else [col]):
        found = _string_buffers(chunk)
        if found is None:
            return pc.utf8_trim_whitespace(col)
        offsets, data = found
        if not len(data) or (data.min() > 0x20 and data.max() < 0x80):
            continue  # no byte that can be whitespace anywhere (the usual numbers and codes): two passes
        filled = offsets[1:] > offsets[:-1]
        if not filled.any():
            continue
        edges = np.concatenate([data[offsets[:-1][filled]], data[offsets[1:][filled] - 1]])
        if ((edges <= 0x20) | (edges >= 0x80)).any():
            return pc.utf8_trim_whitespace(col)
    return col


def _empty_as_null(col: Any) -> Any:
    """A string array with its empty cells made null; the characters are not copied, only validity is new."""
    import pyarrow as pa
    import pyarrow.compute as pc

    keep = pc.fill_null(pc.greater(pc.binary_length(col), 0), False)  # False: empty or null
    nulls = len(col) - int(pc.sum(keep).as_py() or 0)
    if nulls == col.null_count:
        return col  # no empty cell
    if col.offset or keep.offset or col.type not in (pa.string(), pa.large_string()):
        return pc.if_else(keep, col, pa.scalar(None, col.type))
    return pa.Array.from_buffers(col.type, len(col), [keep.buffers()[1], col.buffers()[1], col.buffers()[2]], nulls)


def _note_candidates(first: Any) -> np.ndarray:
    """Rows whose first cell matches _NOTE_PREFILTER (it may open a note, "Sumber: ...", see _NOTE_RE).

    Such a cell starts with s, c, n, k (either case), '*' or a character outside ASCII (superscripts, and
    letters that fold to s or k): only cells starting so are matched with the regular expression.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(first)
    found = _string_buffers(first)
    if found is None:
        return pc.fill_null(pc.match_substring_regex(first, _NOTE_PREFILTER), False).to_numpy(zero_copy_only=False)
    offsets, data = found
    if n == 0 or not len(data):  # every cell empty
        return np.zeros(n, dtype=bool)
    filled = offsets[1:] > offsets[:-1]
    if first.null_count:
        filled &= first.is_valid().to_numpy(zero_copy_only=False)
    allowed = np.zeros(256, dtype=bool)
    allowed[list(b"sScCnNkK*")] = True
    allowed[0x80:] = True
    if filled.all():  # no empty cell: each one's first byte read directly
        maybe = allowed[data[offsets[:-1]]]
    else:
        lead = np.zeros(n, dtype=np.uint8)
        lead[filled] = data[offsets[:-1][filled]]
        maybe = filled & allowed[lead]
    at = np.flatnonzero(maybe)
    if len(at):
        hit = pc.fill_null(pc.match_substring_regex(first.take(pa.array(at)), _NOTE_PREFILTER), False)
        maybe[at] = hit.to_numpy(zero_copy_only=False)
    return maybe


def _insert_short(columns: list[Any], short: list[Any], delimiter: str, width: int) -> list[Any]:
    """Put the rows pyarrow skipped (fewer fields) back at their line numbers, padded with empty cells."""
    import pyarrow as pa

    total = len(columns[0]) + len(short)
    at = np.array([n - 1 for n, _, _ in short], dtype=np.int64)
    keep = np.ones(total, dtype=bool)
    keep[at] = False
    order = np.empty(total, dtype=np.int64)
    order[keep] = np.arange(len(columns[0]))
    order[at] = len(columns[0]) + np.arange(len(short))
    parsed = [next(csv.reader([text], delimiter=delimiter), []) for _, text, _ in short]
    out = []
    for c, col in enumerate(columns):
        extra = pa.array([_clean(cells[c]) if c < len(cells) else None for cells in parsed], col.type)
        out.append(pa.concat_arrays([col, extra]).take(pa.array(order)))
    return out


def _arrow_row(columns: list[Any], i: int) -> _Cells:
    return [col[i].as_py() for col in columns]


def _make_table_columns(columns: list[Any], name: str, encoding: str, delimiter: str,
                        first_row: int) -> TableRead | None:
    """:func:`_make_table` on pyarrow columns: the same rows kept and dropped, found with array operations.

    ``first_row`` is the row number of the first record. Returns None when the header is not in the first
    rows (the caller then reads the file the slow way, so the result never differs).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(columns[0])
    head = [(first_row + i, _arrow_row(columns, i)) for i in range(min(n, _HEAD_ROWS))]
    located = _locate_header(head, [])
    if located is None:
        return None
    start, end = located
    if end + 1 >= len(head) and n > len(head):
        return None
    # Row positions are found with masks and their first / last True, not with index arrays over every row:
    # a large file's arrays are few and each of them costs fresh memory.
    filled = np.zeros(n, dtype=np.int32)
    for col in columns:
        if col.null_count:
            filled += col.is_valid().to_numpy(zero_copy_only=False)
        else:
            filled += 1
    first = pc.coalesce(*columns) if columns[0].null_count else columns[0]
    note = np.zeros(n, dtype=bool)
    maybe = _note_candidates(first)
    for i in np.flatnonzero(maybe):
        note[i] = bool(_NOTE_RE.match(first[int(i)].as_py()))
    del first, maybe
    stop = _first_true(note, end + 1, n)  # the first note below the table
    looks = filled >= 2
    ones = np.flatnonzero(filled == 1)
    if len(ones):
        c0_null = ~columns[0].is_valid().to_numpy(zero_copy_only=False)
        for i in ones:
            looks[i] = _looks_like_data(_arrow_row(columns, int(i))) if not c0_null[i] else True
    last_data = _last_true(looks, end + 1, stop, end)
    has_cells = filled > 0
    last_filled = _last_true(has_cells, end + 1, n, end)
    dropped = [(num, "title above the header" if _filled(cells) else "blank") for num, cells in head[:start]]
    part = has_cells[end + 1:last_filled + 1]  # rows end + 1 .. last_filled
    cut = last_data - end  # of those, the first cut rows are at or above the last data row
    blank = np.flatnonzero(~part) + (end + 1)
    after = np.flatnonzero(part[cut:]) + (end + 1 + cut)
    kept_idx = np.arange(end + 1, last_data + 1) if part[:cut].all() else np.flatnonzero(part[:cut]) + (end + 1)
    del has_cells, part
    reasons = {int(i): "blank" for i in blank}
    reasons.update({int(i): "note below the table" for i in after})
    while len(kept_idx) and all(c is None or _COLUMN_NUMBER_RE.match(c)
                                for c in _arrow_row(columns, int(kept_idx[0]))):
        reasons[int(kept_idx[0])] = "column numbers below the header"
        kept_idx = kept_idx[1:]
    dropped += [(first_row + i, reasons[i]) for i in sorted(reasons)]
    header = _fill_year_header([_arrow_row(columns, i) for i in range(start, end + 1)])
    if len(kept_idx) and kept_idx[-1] - kept_idx[0] + 1 == len(kept_idx):  # one block of rows: no copy
        picked = [col.slice(int(kept_idx[0]), len(kept_idx)) for col in columns]
    else:
        take = pa.array(kept_idx)
        picked = [col.take(take) for col in columns]
    keep_cols = [c for c in range(len(columns))
                 if any(cells[c] is not None for cells in header) or picked[c].null_count < len(picked[c])]
    names = _column_names(header, keep_cols)
    as_str = {pa.string(): pd.StringDtype("pyarrow", na_value=np.nan),  # no Python string per cell, and
              pa.large_string(): pd.StringDtype("pyarrow", na_value=np.nan)}.get  # large strings: not copied
    frame = pd.DataFrame({names[k]: picked[c].to_pandas(types_mapper=as_str) for k, c in enumerate(keep_cols)})
    return TableRead(frame, name, None, first_row + start, RowNumbers(kept_idx + first_row), dropped, encoding,
                     delimiter, notes=_above_header_notes(head[:start], first_row + start),
                     title=_title_text([cells for _, cells in head[:start]]))


def _first_true(mask: np.ndarray, lo: int, hi: int) -> int:
    """The first position in lo..hi-1 where ``mask`` is True, else ``hi``."""
    seg = mask[lo:hi]
    return lo + int(np.argmax(seg)) if seg.any() else hi


def _last_true(mask: np.ndarray, lo: int, hi: int, default: int) -> int:
    """The last position in lo..hi-1 where ``mask`` is True, else ``default``."""
    seg = mask[lo:hi]
    return lo + len(seg) - 1 - int(np.argmax(seg[::-1])) if seg.any() else default


# --- XLSX
def _xlsx_cells(data: bytes) -> int:
    """Cells written in the workbook's sheets, counted in the XML without parsing it."""
    count = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                tail = b""
                with archive.open(info) as member:
                    while chunk := member.read(1 << 20):
                        block = tail + chunk
                        count += block.count(b"<c ") + block.count(b"<c>")
                        tail = block[-2:] if not block.endswith((b"<c ", b"<c>")) else b""
    return count


def _read_xlsx(data: bytes, name: str, sheet: str | int | None, limits: ReadLimits = NO_LIMITS) -> TableRead:
    import openpyxl

    deadline = None if limits.seconds is None else time.monotonic() + limits.seconds
    if limits.cells is not None:
        try:
            cells = _xlsx_cells(data)
        except (zipfile.BadZipFile, OSError, zlib.error, EOFError, NotImplementedError, RuntimeError):
            cells = 0  # damaged: openpyxl says so below
        if cells > limits.cells:
            raise _over_limit("tables_holds", msg("tables_n_cells", n=_count(cells)), _count(limits.cells), "cells", name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many exception types on damaged files
        raise InputError(msg("tables_xlsx_damaged"), file=name) from exc
    titles = ", ".join(f"'{ws.title}'" for ws in book.worksheets)
    try:
        tables = []
        for ws in _candidate_sheets(book, sheet, name):
            grid, merges = _sheet_grid(ws, deadline, limits, name)
            if _locate_header(grid, merges) is not None:
                table = _make_table(grid, merges, name, ws.title, None, None)
                _check_shape(table, limits)
                if sheet is not None:
                    return table
                tables.append(table)
    finally:
        book.close()
    if tables:
        return _chosen_sheet(tables, titles)
    title = sheet if isinstance(sheet, str) or sheet is None else book.worksheets[sheet].title
    where = msg("tables_no_sheet_table", titles=titles) if sheet is None else \
        msg("tables_sheet_no_table", sheet=title, titles=titles)
    raise InputError(where, file=name)


def _figure_columns(table: TableRead) -> int:
    """Columns mostly of numbers, not counting row numbers ("No", "Nomor", "Urut"): a table of figures has some."""
    count = 0
    for column in table.data.columns:
        if re.fullmatch(r"(?i)\s*(no\.?|nomor|urut|no\.? urut|langkah)\s*", str(column)):
            continue
        cells = table.data[column].dropna().head(200)
        if cells.empty:
            continue
        numbers = 0
        for cell in cells:
            try:
                numbers += parse_number(cell) is not None
            except ValueError:
                pass
        count += numbers >= 0.5 * len(cells)
    return count


def _chosen_sheet(tables: list[TableRead], titles: str) -> TableRead:
    """The first sheet whose table holds figures (an instructions sheet such as "Petunjuk" holds none),
    saying which sheet was read when the workbook has several."""
    chosen = next((t for t in tables if _figure_columns(t)), tables[0])
    if len(tables) == 1 and titles.count("', '") == 0:
        return chosen
    note = msg("tables_sheet_read", sheet=chosen.sheet, titles=titles)
    return replace(chosen, notes=chosen.notes + (note,))


def list_sheets(source: Any) -> list[str]:
    """Names of the sheets of an XLSX workbook (path, bytes or file-like), in order; [] for a CSV or a damaged file."""
    import openpyxl

    try:
        if isinstance(source, (bytes, bytearray)):
            data = bytes(source)
        elif isinstance(source, (str, os.PathLike)):
            data = Path(source).read_bytes()
        else:
            if getattr(source, "seekable", lambda: False)():
                source.seek(0)
            data = source.read()
            if getattr(source, "seekable", lambda: False)():
                source.seek(0)
        if _sniff_kind(data) != "xlsx":
            return []
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        try:
            return list(book.sheetnames)
        finally:
            book.close()
    except Exception:  # unreadable: read_table says why
        return []


def _candidate_sheets(book: Any, sheet: str | int | None, name: str) -> list[Any]:
    sheets = book.worksheets
    titles = ", ".join(f"'{ws.title}'" for ws in sheets)
    if sheet is None:
        return [ws for ws in sheets if ws.sheet_state == "visible"] or sheets
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if not -len(sheets) <= sheet < len(sheets):
            raise InputError(msg("tables_no_sheet_number", sheet=sheet, titles=titles), file=name)
        return [sheets[sheet]]
    wanted = str(sheet).strip().casefold()
    found = [ws for ws in sheets if ws.title == sheet]
    found = found or [ws for ws in sheets if ws.title.strip().casefold() == wanted]
    if not found:
        raise InputError(msg("tables_no_sheet_named", sheet=sheet, titles=titles), file=name)
    return found[:1]


def _sheet_grid(ws: Any, deadline: float | None = None, limits: ReadLimits = NO_LIMITS,
                name: str = "") -> tuple[_Grid, list[_Merge]]:
    grid = []
    for number, row in enumerate(ws.iter_rows(min_row=1, min_col=1), start=1):
        grid.append((number, [_cell_text(cell) for cell in row]))
        if deadline is not None and number % 1000 == 0 and time.monotonic() > deadline:
            raise _over_limit("tables_took", msg("tables_more_seconds", n=f"{limits.seconds:g}"),
                              msg("tables_n_seconds", n=f"{limits.seconds:g}"), "seconds", name)
    merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
    return grid, merges


def _cell_text(cell: Any) -> str | None:
    value = cell.value
    if value is None or isinstance(value, str):
        return _clean(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        if "%" in str(cell.number_format or ""):
            return _number_text(round(value * 100, 12)) + "%"
        return _number_text(value)
    return _clean(str(value))  # dates as "2023-03-01 00:00:00", Excel errors as "#DIV/0!"


def _number_text(value: float) -> str:
    """Write a number so that parse_number reads it back exactly (decimal comma, no grouping)."""
    if isinstance(value, int) or (math.isfinite(value) and float(value).is_integer()):
        return str(int(value))
    return np.format_float_positional(value, trim="-").replace(".", ",")


def number_text(value: float) -> str:
    """A number written as the reader writes XLSX numbers: decimal comma, no grouping (58.42 -> "58,42")."""
    return _number_text(value)


# --- locating the table
def _filled(cells: _Cells) -> int:
    return sum(cell is not None for cell in cells)


def _is_note(cells: _Cells) -> bool:
    first = next((cell for cell in cells if cell is not None), None)
    return first is not None and bool(_NOTE_RE.match(first))


def _looks_like_data(cells: _Cells) -> bool:
    """A row of the table: two filled cells, or one that is not a text in the first column.

    A lone text in the first column below the table is a note; a lone number, or a
    cell in another column (a row whose key or coordinates are missing), is data
    and must be kept so it can be reported rather than lost.
    """
    if _filled(cells) >= 2:
        return True
    if _filled(cells) == 0:
        return False
    if cells[0] is None:
        return True
    try:
        return parse_number(cells[0]) is not None
    except ValueError:
        return False


_MAX_LABEL_ROWS = 3  # block labels ("KABUPATEN", "KOTA") looked past between a header and its first data row


def _is_label(cells: _Cells) -> bool:
    """A row of one text (not a number, not a note): a block label such as "KABUPATEN", or a subtitle."""
    if _filled(cells) != 1 or _is_note(cells):
        return False
    text = next(cell for cell in cells if cell is not None)
    try:
        return parse_number(text) is None
    except ValueError:
        return True


def _has_figures(cells: _Cells, years: bool = True) -> bool:
    """Some cell of the row is a number or a unit's code (64.01, 6401): a data row, not a header or a title.

    With ``years=False`` a year (2023, as in a title "Tahun, 2023" or a header of years) is not a figure.
    """
    for cell in cells:
        if cell is None or (not years and _YEAR_RE.fullmatch(cell.strip())):
            continue
        if _CODE_RE.fullmatch(cell.strip()):
            return True
        try:
            if parse_number(cell) is not None:
                return True
        except ValueError:
            pass
    return False


def _above_header_notes(rows: _Grid, header_row: int) -> tuple[str, ...]:
    """A note naming the rows above the header that hold figures (a code, numbers): left out, but never silently."""
    found = [num for num, cells in rows
             if _has_figures(cells, years=False) and (_filled(cells) >= 2 or not _is_label(cells))]
    if not found:
        return ()
    return (msg("tables_figures_above_header", rows=", ".join(str(num) for num in found), header=header_row),)


def _heads_figures(grid: _Grid, i: int) -> bool:
    """The next filled row below row i, past a few block labels, holds figures (row i is a header over data)."""
    labels = 0
    for k in range(i + 1, len(grid)):
        cells = grid[k][1]
        if not _filled(cells):
            continue
        if not _is_label(cells) or labels >= _MAX_LABEL_ROWS:
            return _has_figures(cells)
        labels += 1
    return False


def _columns_of(cells: _Cells) -> set[int]:
    return {c for c, cell in enumerate(cells) if cell is not None}


def _locate_header(grid: _Grid, merges: list[_Merge]) -> tuple[int, int] | None:
    """Return the grid indices of the first and last header rows, or None.

    A header is a row of two or more cells followed (blank rows apart) by a row of two or more cells. Between
    them a few block labels may stand ("KABUPATEN", then the regencies): they are looked past when the row after
    them holds figures and sits under the header's columns, so a title of two cells over a subtitle is still
    not taken for the header.
    """
    for start, (_, cells) in enumerate(grid):
        if _filled(cells) < 2 or _is_note(cells):
            continue
        end = _header_end(grid, merges, start)
        labels = 0
        for i in range(end + 1, len(grid)):
            following = grid[i][1]
            if not _filled(following):
                continue
            if _filled(following) >= 2 and not _is_note(following):
                if _has_figures(cells, years=False) and not _has_figures(following) and _heads_figures(grid, i):
                    break  # a row of figures over a header: the header is the row below (the row above is named)
                if not labels:
                    return start, end
                if _has_figures(following) and _columns_of(following) <= _columns_of(cells):
                    return start, end
                break
            if not _is_label(following) or labels >= _MAX_LABEL_ROWS:
                break
            labels += 1
    return None


_YEAR_RE = re.compile(r"(?:19|20)\d\d\*{0,2}")


def _year_row(grid: _Grid, i: int, label: int) -> bool:
    """The row below the header holds only years (and nothing in the header's first column): a sub-header."""
    if i >= len(grid):
        return False
    cells = grid[i][1]
    filled = [cell for cell in cells if cell is not None]
    return (bool(filled) and (len(cells) <= label or cells[label] is None)
            and all(_YEAR_RE.fullmatch(cell) for cell in filled))


def _fill_year_header(header: list[_Cells]) -> list[_Cells]:
    """Over a row of years, an indicator written once (BPS: in the first of its columns) heads each of them."""
    if len(header) != 2 or not any(cell is not None for cell in header[1]):
        return header
    top, years = list(header[0]), header[1]
    if not all(cell is None or _YEAR_RE.fullmatch(cell) for cell in years):
        return header
    label = next((c for c, cell in enumerate(top) if cell is not None), 0)
    top.extend([None] * (len(years) - len(top)))
    for c in range(label + 1, len(years)):
        if top[c] is None and years[c] is not None:
            top[c] = top[c - 1]
    return [top, list(years)]


def _title_text(rows: list[_Cells]) -> str | None:
    """The title above a table (its last filled row's first cell), e.g. an indicator over a row of years."""
    for cells in reversed(rows):
        first = next((cell for cell in cells if cell is not None), None)
        if first is not None:
            return first
    return None


def _header_end(grid: _Grid, merges: list[_Merge], start: int) -> int:
    """Extend the header over rows covered by its vertical merges, and below horizontal merges
    when the next row leaves the first header column empty (a sub-header, not data)."""
    label = next(c for c, cell in enumerate(grid[start][1]) if cell is not None)
    if _year_row(grid, start + 1, label):
        return start + 1  # "Indikator (ribu jiwa)" over "2022 | 2023 | 2024": a BPS dynamic-table download
    end, grew = start, True
    while grew:
        grew = False
        for r0, c0, r1, c1 in merges:
            if not start <= r0 <= end:
                continue
            reach = r1
            if r1 == r0 and c1 > c0 and r0 + 1 < len(grid):
                below = grid[r0 + 1][1]
                reach = r0 + 1 if len(below) <= label or below[label] is None else r0
            reach = min(reach, start + _MAX_HEADER_ROWS - 1, len(grid) - 1)
            if reach > end:
                end, grew = reach, True
    return end


def _split_rows(grid: _Grid, start: int, end: int) -> tuple[list[int], list[tuple[int, str]]]:
    """Return the grid indices of data rows and the dropped (row number, reason) pairs."""
    dropped = [(num, "title above the header" if _filled(cells) else "blank") for num, cells in grid[:start]]
    body = list(range(end + 1, len(grid)))
    stop = next((i for i in body if _is_note(grid[i][1])), len(grid))
    last_data = max((i for i in body if i < stop and _looks_like_data(grid[i][1])), default=end)
    last_filled = max((i for i in body if _filled(grid[i][1])), default=end)
    kept = []
    for i in body[: last_filled - end]:
        num, cells = grid[i]
        if not _filled(cells):
            dropped.append((num, "blank"))
        elif i > last_data:
            dropped.append((num, "note below the table"))
        elif not kept and all(c is None or _COLUMN_NUMBER_RE.match(c) for c in cells):
            dropped.append((num, "column numbers below the header"))
        else:
            kept.append(i)
    return kept, dropped


def _fill_merges(grid: _Grid, merges: list[_Merge], rows: set[int], start: int) -> dict[int, _Cells]:
    filled = {i: list(grid[i][1]) for i in rows}
    for r0, c0, r1, c1 in merges:
        if r0 < start or r0 >= len(grid) or c0 >= len(grid[r0][1]):
            continue
        value = grid[r0][1][c0]
        for r in rows.intersection(range(r0, r1 + 1)):
            cells = filled[r]
            cells.extend([None] * (c1 + 1 - len(cells)))
            cells[c0:c1 + 1] = [value] * (c1 + 1 - c0)
    return filled


def _column_names(header: list[_Cells], columns: list[int]) -> list[str]:
    names = []
    for c in columns:
        parts: list[str] = []
        for cells in header:
            part = cells[c] if c < len(cells) else None
            if part is not None and (not parts or parts[-1] != part):
                parts.append(part)
        names.append(" ".join(" ".join(parts).split()) or f"column_{c + 1}")
    seen: set[str] = set()
    unique = []
    for label in names:
        candidate, k = label, 2
        while candidate in seen:
            candidate, k = f"{label}_{k}", k + 1
        seen.add(candidate)
        unique.append(candidate)
    return unique


def _make_table(grid: _Grid, merges: list[_Merge], name: str, sheet: str | None,
                encoding: str | None, delimiter: str | None) -> TableRead:
    located = _locate_header(grid, merges)
    if located is None:
        raise InputError(msg("tables_no_table"), file=name)
    start, end = located
    kept, dropped = _split_rows(grid, start, end)
    filled = _fill_merges(grid, merges, set(range(start, end + 1)) | set(kept), start)
    header = _fill_year_header([filled[i] for i in range(start, end + 1)])
    rows = [filled[i] for i in kept]
    width = max(len(cells) for cells in header + rows)
    columns = [c for c in range(width) if any(c < len(cells) and cells[c] is not None for cells in header + rows)]
    records = [[cells[c] if c < len(cells) else None for c in columns] for cells in rows]
    frame = pd.DataFrame(records, columns=_column_names(header, columns), dtype="str")
    return TableRead(frame, name, sheet, grid[start][0], [grid[i][0] for i in kept], dropped, encoding, delimiter,
                     notes=_above_header_notes(grid[:start], grid[start][0]),
                     title=_title_text([cells for _, cells in grid[:start]]))


# --- published units
_SCALES = (("miliar", 1e9), ("milyar", 1e9), ("juta", 1e6), ("million", 1e6), ("millions", 1e6),
           ("ribu", 1e3), ("ribuan", 1e3), ("thousand", 1e3), ("thousands", 1e3), ("000", 1e3))
_MONEY = ("rp", "rp.", "rupiah", "idr")


def published_scale(unit: str) -> tuple[float, str] | None:
    """The factor and base unit of a unit as BPS publishes it, or None when there is no scale word.

    >>> published_scale("ribu jiwa"), published_scale("Rp juta"), published_scale("ribu rupiah")
    ((1000.0, 'jiwa'), (1000000.0, 'Rp'), (1000.0, 'Rp'))
    >>> published_scale("juta"), published_scale("persen") is None
    ((1000000.0, ''), True)
    """
    words = re.sub(r"[()\[\]]", " ", str(unit)).replace("'", " ").split()
    lowered = [w.casefold() for w in words]
    factors = [f for w in lowered for name, f in _SCALES if w == name]
    if len(factors) != 1:
        return None
    rest = [w for w, low in zip(words, lowered) if low not in {n for n, _ in _SCALES}]
    if any(w.casefold() in _MONEY for w in rest):
        return factors[0], "Rp"
    return factors[0], " ".join(rest)


# --- numbers
def parse_number(text: Any) -> float | None:
    """Parse a number written in Indonesian or international style.

    Parameters
    ----------
    text : str, int, float, numpy number or None
        The cell; numbers pass through (NaN gives ``None``).

    Returns
    -------
    float or None
        ``None`` for a missing cell: "", "-", "–", "—", "...", "…", "NA",
        "n/a", "n.a.", "tidak ada data" and "x" (BPS: suppressed).

    Raises
    ------
    ValueError
        If the text is not a number (also "(5)": write -5).

    Notes
    -----
    Accepts a sign, an ``Rp``/``IDR`` prefix, a ``%`` suffix, (non-breaking)
    spaces around the number and an exponent (``1,5E+07``). Separators follow
    the module docstring: ``"221,340"`` -> 221.34, ``"1.500"`` -> 1500.0.

    Examples
    --------
    >>> parse_number("1.234,56"), parse_number("5,78 %"), parse_number("Rp 5.000.000")
    (1234.56, 5.78, 5000000.0)
    """
    if text is None or text is pd.NA:
        return None
    if isinstance(text, (bool, np.bool_)):
        raise ValueError(msg("tables_value_not_number", value=repr(text)))
    if isinstance(text, numbers.Real):
        value = float(text)
        return None if math.isnan(value) else value
    if not isinstance(text, str):
        raise TypeError(msg("tables_number_type", type=type(text).__name__))
    cleaned = " ".join(text.replace("\u2212", "-").split())
    if cleaned.casefold() in _MISSING:
        return None
    match = _NUMBER_RE.fullmatch(re.sub(r"\s*%$", "", cleaned))
    if match is None or (match.group(1) and match.group(2)):
        raise ValueError(msg("tables_value_not_number", value=repr(text)))
    sign, plain, exponent = match.group(1) or match.group(2), _plain_digits(match.group(3), text), match.group(4)
    return float(f"{sign}{plain}" + (f"e{exponent}" if exponent else ""))


def _plain_digits(body: str, text: str) -> str:
    """Turn separated digits such as '1.234,56' into '1234.56'; raise ValueError if malformed."""
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal: str | None = "." if body.rfind(".") > body.rfind(",") else ","
    elif commas == 1 or (dots == 1 and not _THOUSANDS_RE.fullmatch(body)):
        decimal = "," if commas else "."
    else:
        decimal = None  # digits only, or thousands groups: "1.500", "1.234.567", "1,234,567"
    whole, _, fraction = body.rpartition(decimal) if decimal else (body, "", None)
    grouping = next((sep for sep in ".," if sep in whole), None)
    if grouping:
        head, *groups = whole.split(grouping)
        if not _THOUSANDS_RE.fullmatch(head + "".join("." + g for g in groups)):
            raise ValueError(msg("tables_value_bad_thousands", value=repr(text)))
        whole = head + "".join(groups)
    if not re.fullmatch(r"[0-9]*", whole) or (fraction is not None and not re.fullmatch(r"[0-9]+", fraction)):
        raise ValueError(msg("tables_value_not_number", value=repr(text)))
    return (whole or "0") + ("" if fraction is None else "." + fraction)


def to_numeric(table: TableRead, column: str, *, kind: str = "number") -> tuple[pd.Series, list[Problem]]:
    """Parse a column of a table into floats, collecting problems.

    Parameters
    ----------
    table : TableRead
        A table from :func:`read_table`.
    column : str
        Column name in ``table.data``.
    kind : {"number", "rate", "count"}, optional
        ``"rate"``: a percentage, 0 to 100. ``"count"``: whole and >= 0.

    Returns
    -------
    values : pandas.Series
        float64, aligned with ``table.data``; NaN for empty cells and cells with a problem.
    problems : list of Problem
        One per bad cell, with the file name, original row number and column.

    Raises
    ------
    InputError
        If the table has no such column.
    ValueError
        If `kind` is not one of the kinds above.
    """
    if kind not in _KINDS:
        raise ValueError(msg("tables_kind", kinds=", ".join(_KINDS), kind=repr(kind)))
    if column not in table.data.columns:
        names = ", ".join(f"'{c}'" for c in table.data.columns)
        raise InputError(msg("tables_no_column", column=column, columns=names), file=table.name)
    values, todo = plain_numbers(table.data[column])
    problems = []
    if kind != "number":
        fast = np.flatnonzero(~todo & ~np.isnan(values))
        wrong = (values[fast] < 0) if kind == "count" else (values[fast] < 0) | (values[fast] > 100)
        if kind == "count":
            wrong |= values[fast] != np.floor(values[fast])
        todo[fast[wrong]] = True  # checked one by one below, for the message
        values[fast[wrong]] = np.nan
    cells = table.data[column]
    for i in np.flatnonzero(todo):
        raw, row = cells.iloc[i], table.row_numbers[i]
        try:
            value = parse_number(raw)
            message = None if value is None else _kind_problem(value, kind)
        except (TypeError, ValueError):
            value, message = None, msg("tables_not_a_number", value=str(raw).strip())
        if message:
            problems.append(Problem(message, file=table.name, row=row, column=column))
        elif value is not None:
            values[i] = value
    return pd.Series(values, index=table.data.index, name=column, dtype="float64"), problems


_PLAIN_INT = r"^[+-]?[0-9]+$"
_PLAIN_COMMA = r"^[+-]?[0-9]+,[0-9]+$"  # a single comma is decimal
_PLAIN_DOT = r"^[+-]?[0-9]+\.[0-9]+$"
_DOT_THOUSANDS = r"^[+-]?[1-9][0-9]{0,2}\.[0-9]{3}$"  # "1.500": thousands, left to parse_number


def plain_numbers(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The cells that are plain numbers, parsed as array operations, and a mask of the others.

    Returns ``(values, todo)``: float64 values (NaN for empty cells and for the cells in ``todo``) and a
    boolean mask of the non-empty cells that are not plain ("1.500", "Rp 5.000", "-", "abc"), for
    :func:`parse_number` one by one. A plain number is digits with an optional sign and one decimal comma
    or dot (not a dot before exactly three digits, which groups thousands); :func:`parse_number` reads each
    of them to the same value.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(cells)
    if cells.dtype == object or pd.api.types.is_string_dtype(cells.dtype):
        try:
            text = pa.array(cells.astype("string"), type=pa.string(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return np.full(n, np.nan), cells.notna().to_numpy(dtype=bool)
    else:  # numbers already
        values = pd.to_numeric(cells, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        return values, np.zeros(n, dtype=bool)
    match = lambda pattern: np.asarray(pc.fill_null(pc.match_substring_regex(text, pattern), False)  # noqa: E731
                                       .to_numpy(zero_copy_only=False), dtype=bool)
    plain = match(_PLAIN_INT) | match(_PLAIN_COMMA) | (match(_PLAIN_DOT) & ~match(_DOT_THOUSANDS))
    chosen = pc.if_else(pa.array(plain), text, pa.scalar(None, pa.string()))
    values = np.array(pc.cast(pc.replace_substring(chosen, ",", "."), pa.float64()).to_numpy(zero_copy_only=False),
                      dtype="float64")
    filled = np.asarray(text.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    return values, filled & ~plain


def _kind_problem(value: float, kind: str) -> str | None:
    if not math.isfinite(value):
        return msg("tables_not_finite", value=value)
    shown = _number_text(value)
    if kind == "rate" and not 0 <= value <= 100:
        return msg("tables_rate_outside", value=shown)
    if kind == "count" and value < 0:
        return msg("tables_count_negative", value=shown)
    if kind == "count" and not value.is_integer():
        return msg("tables_count_fraction", value=shown)
    return None
