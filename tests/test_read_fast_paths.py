"""The shortcuts of the large-file paths give what the plain operations give (issue 12).

The CSV reader's head-only decoding, trim and empty-cell nulls; the map classes computed later
(:meth:`geo_planner.pipeline.Analysis.with_classes`) equal to those computed at once.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from geo_planner.sources import tables


@pytest.mark.parametrize("data", [
    b"a,b\n1,2\n",
    b"sep=;\r\na;b\n1;2\n",
    b"\xef\xbb\xbfsep=;\na;b\n1;2\n",
    b"\xef\xbb\xbfnama,nilai\n" + "Désa Ñ,1\n".encode() * 40_000,
    "nama,nilai\n".encode() + "Désa Ñ,1\n".encode() * 200_000,  # several pieces of 1 MB, characters cut across
    b"nama,nilai\n" + b"a,1\n" * 400_000 + b"caf\xe9,2\n",  # not UTF-8 only near the end: cp1252
    b"nama,nilai\n" + b"a,1\n" * 300_000 + b"\xe2\x82",  # a character cut at the very end
    "\ufeffa,b\n1,2\n".encode("utf-16"),
    b"x" * 70_000 + b"\na,b\n",  # a first line longer than the head
])
def test_decode_head_is_the_head_of_decode(data):
    full, encoding = tables._decode(data)
    head, got = tables._decode_head(data)
    assert got == encoding
    assert full.startswith(head)
    assert len(head) >= min(len(full), tables._HEAD_CHARS)


@pytest.mark.parametrize("cells", [["a", "b c", "1.5"], ["a ", " b"], ["x\u00a0"], ["\u00e9t\u00e9"], ["", None, "q"],
                                   [], ["\tq"], ["a\r"], ["\u3000z"]])
@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_trim_and_nulls_as_pyarrow(cells, kind):
    col = pa.chunked_array([pa.array(cells, kind), pa.array(["ok", " "], kind)])
    trimmed = tables.trim_whitespace(col)
    assert trimmed.equals(pc.utf8_trim_whitespace(col))
    arr = trimmed.combine_chunks()
    expected = pc.if_else(pc.equal(arr, ""), pa.scalar(None, kind), arr)
    got = tables._empty_as_null(arr)
    got.validate(full=True)
    assert got.equals(expected)


def test_note_candidates_as_the_prefilter():
    cells = ["Sumber: BPS", "1", "k", "ket. x", "*) catatan", "\u00b9 angka", "\u017fumber: y", "", None, "CATATAN:"]
    first = pc.coalesce(pa.array(cells, pa.large_string()))
    expected = pc.fill_null(pc.match_substring_regex(first, tables._NOTE_PREFILTER), False)
    assert np.array_equal(tables._note_candidates(first), expected.to_numpy(zero_copy_only=False))


@pytest.mark.parametrize("scheme,k", [("quantiles", 5), ("equal_interval", 4)])
def test_classes_later_are_the_classes_at_once(kabkota, scheme, k):
    import pandas as pd

    from geo_planner.outputs.protected import protect_analysis
    from geo_planner.pipeline import analyse, load_layers

    layers = load_layers(kabkota, level="kabkota", province="64")
    at_once = analyse(kabkota, layers, level="kabkota", province="64", scheme=scheme, k=k)
    later = analyse(kabkota, layers, level="kabkota", province="64", scheme=scheme, k=k, classes=False)
    assert "priority_class" not in later.units.columns and later.bins == []
    assert later.ranked().equals(at_once.ranked())
    added = later.with_classes()
    pd.testing.assert_series_equal(added.units["priority_class"], at_once.units["priority_class"])
    assert added.bins == at_once.bins and added.with_classes() is added
    assert "priority_class" not in later.units.columns  # the analysis given is not changed
    hide = {"threshold": 100_000, "levels": ("kabkota",)}  # counts below 100,000 hidden: rescored, still no classes
    protected = protect_analysis(later, **hide)
    assert "priority_class" not in protected.units.columns
    expected = protect_analysis(at_once, **hide)
    pd.testing.assert_series_equal(protected.with_classes().units["priority_class"], expected.units["priority_class"])
    assert protected.with_classes().bins == expected.bins


def test_rank_does_not_load_mapclassify(tmp_path):
    import subprocess
    import sys

    from geo_planner.pipeline import build_analysis  # noqa: F401  (the mirror settings are in the environment)

    out = tmp_path / "rank.csv"
    code = ("import sys; from geo_planner.cli import main; main(['rank', '--level', 'kabkota', '--out', sys.argv[1]]); "
            "print(sorted(m for m in ('mapclassify', 'scipy', 'sklearn', 'matplotlib') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"
    assert out.is_file()


def _numbers_plainly(cells):
    """spatial._numbers as it was written before the shortcuts: strip, match, replace, cast, the rest one by one."""
    import pandas as pd

    from geo_planner.sources.tables import parse_number

    s = cells.astype("string").str.strip().reset_index(drop=True)
    text = pa.array(s, type=pa.string(), from_pandas=True)
    plain = pc.fill_null(pc.match_substring_regex(text, r"^[+-]?[0-9]+(?:,[0-9]+)?$"), False)
    chosen = pc.replace_substring(pc.if_else(plain, text, pa.scalar(None, pa.string())), ",", ".")
    values = np.array(pc.cast(chosen, pa.float64()).to_numpy(zero_copy_only=False), dtype="float64")
    plain = np.asarray(plain.to_numpy(zero_copy_only=False), dtype=bool)
    bad = np.zeros(len(s), dtype=bool)
    for i in np.flatnonzero(~plain & s.notna().to_numpy()):
        try:
            v = parse_number(s.iloc[i])
            values[i] = np.nan if v is None else v
        except ValueError:
            bad[i] = True
    assert isinstance(s, pd.Series)
    return values, bad


@pytest.mark.parametrize("dtype", [object, "pyarrow_nan", "python"])
def test_numbers_as_plainly(dtype):
    import pandas as pd

    from geo_planner.analysis.spatial import _numbers

    dtype = {"pyarrow_nan": pd.StringDtype("pyarrow", na_value=np.nan), "python": pd.StringDtype("python")}.get(
        dtype, dtype)
    pool = np.array(["1", "-2", "3,5", "4.5", "1.000", " 7 ", "", None, "x", "-", "abc", "1e5", "117.15", "+3",
                     "1,2,3", "5.", ".5", "Rp 5.000", "12,50%", "\u00a05", "8\x1c", " \t", "\u3000 9", "12", "007"],
                    dtype=object)
    rng = np.random.default_rng(12)
    samples = [pool[rng.integers(0, len(pool), rng.integers(0, 12))] for _ in range(300)]
    samples += [np.array(["1", "22", "333"], dtype=object), np.array(["4", "5,5"], dtype=object)]  # digits, commas
    for cells in samples:
        cells = pd.Series(cells, dtype=dtype)
        got, expected = _numbers(cells), _numbers_plainly(cells)
        assert np.array_equal(got[0], expected[0], equal_nan=True) and np.array_equal(got[1], expected[1]), cells
