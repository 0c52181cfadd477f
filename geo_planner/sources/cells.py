"""Spreadsheet cells that look like formulas, written and read back as the text they are.

Excel, LibreOffice and Google Sheets start a formula at a cell whose text begins
with ``=``, ``+``, ``-`` or ``@`` (and some treat a leading tab or carriage return
the same way). A name, a note or a column header typed that way by a user must
stay text in every file the product writes. The export gate
(:mod:`geo_planner.outputs.gate`) writes such a cell in a CSV with a leading
apostrophe (:func:`quote`); reading an untouched export back
(:mod:`geo_planner.planning.targets.files`) removes exactly that apostrophe
(:func:`unquote`), so the text comes back unchanged. In XLSX the cell is a
string cell instead, and no apostrophe is added.

A text that is a plain number (``-3``, ``-1.234,5``) is a number to a
spreadsheet, never a formula, and is left as it is.

>>> quote("=SUM(A1)"), quote("-3 KK"), quote("-3"), quote("Samarinda")
("'=SUM(A1)", "'-3 KK", '-3', 'Samarinda')
>>> unquote(quote("=SUM(A1)")), unquote(quote("'=x")), unquote("'apostrophe")
('=SUM(A1)', "'=x", "'apostrophe")
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_START", "looks_like_formula", "quote", "unquote"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*")


def looks_like_formula(text: object) -> bool:
    """True for a text a spreadsheet would read as a formula (see :data:`FORMULA_START`)."""
    if not isinstance(text, str) or not text.startswith(FORMULA_START):
        return False
    return _PLAIN_NUMBER.fullmatch(text) is None


def _quoted_before(text: str) -> bool:
    """True when ``text`` is apostrophes followed by a formula-like text (it would lose one on reading)."""
    return text.startswith("'") and looks_like_formula(text.lstrip("'"))


def quote(text: object) -> object:
    """``text`` with a leading apostrophe when a spreadsheet would read it as a formula; other values as given.

    A text that already starts with apostrophes before such a character gets
    one more, so that :func:`unquote` gives back exactly the text written.
    """
    if isinstance(text, str) and (looks_like_formula(text) or _quoted_before(text)):
        return "'" + text
    return text


def unquote(text: object) -> object:
    """The inverse of :func:`quote`: one leading apostrophe removed exactly where :func:`quote` added it."""
    if isinstance(text, str) and _quoted_before(text):
        return text[1:]
    return text
