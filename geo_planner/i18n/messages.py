"""The library's messages (errors, problems, warnings about a file) in the reader's language.

An error a user can cause is one sentence naming the file, row, column or unit and what to do. It is
written with :func:`msg` from a key of :data:`MESSAGES`, in the language of the current context:

- the command line sets it from ``--lang`` / ``GEO_PLANNER_LANG`` (:func:`use_language`, once per process);
- the app sets it at the start of every script run to the language the planner chose (each Streamlit
  session runs its script in its own thread, whose context is its own);
- elsewhere (a Python session, a notebook) ``GEO_PLANNER_LANG`` decides, else Bahasa Indonesia.

>>> with language("en"):
...     msg("where_row", row=3)
'row 3'
>>> with language("id"):
...     msg("where_row", row=3)
'baris 3'

The texts live beside the rest of the catalogue: the core ones here, those of the readers (sources,
units, layers) in ``messages_input.py``, those of analysis, planning, outputs and the command line in
``messages_planning.py``; all are merged into :data:`geo_planner.i18n.STRINGS`, so tests/test_i18n.py checks
both languages and their placeholders like every other text.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator

from geo_planner.i18n.messages_input import MESSAGES_INPUT
from geo_planner.i18n.messages_planning import MESSAGES_PLANNING

__all__ = ["MESSAGES", "LANG_ENV", "msg", "current_language", "use_language", "language"]

LANG_ENV = "GEO_PLANNER_LANG"

_LANG: contextvars.ContextVar[str | None] = contextvars.ContextVar("geo_planner_lang", default=None)

# key: (Bahasa Indonesia, English). Placeholders use str.format names and must match in both.
MESSAGES: dict[str, tuple[str, str]] = {
    # errors.py: where a problem is, and the head of a list of problems
    "where_file": ("berkas {file}", "file {file}"),
    "where_row": ("baris {row}", "row {row}"),
    "where_column": ("kolom '{column}'", "column '{column}'"),
    "where_unit": ("wilayah {unit}", "unit {unit}"),
    "problems_head": ("{n} masalah ditemukan; perbaiki lalu coba lagi:",
                      "{n} problem(s) found; fix them and try again:"),
    "problems_more": ("... dan {n} lainnya", "... and {n} more"),
}
for _part in (MESSAGES_INPUT, MESSAGES_PLANNING):
    _clash = MESSAGES.keys() & _part.keys()
    if _clash:  # pragma: no cover - caught by the first import in any test
        raise RuntimeError(f"message keys defined twice: {sorted(_clash)}")
    MESSAGES.update(_part)


def current_language() -> str:
    """``"id"`` or ``"en"``: the context's language, else ``GEO_PLANNER_LANG``, else Indonesian."""
    chosen = _LANG.get()
    if chosen in ("id", "en"):
        return chosen
    env = (os.environ.get(LANG_ENV) or "").strip().lower()
    return env if env in ("id", "en") else "id"


def use_language(lang: str) -> None:
    """Messages made from now on in this context (a CLI process, an app script run) are in ``lang``."""
    _LANG.set(lang if lang in ("id", "en") else "id")


@contextlib.contextmanager
def language(lang: str) -> Iterator[None]:
    """Messages made inside the block are in ``lang``."""
    token = _LANG.set(lang if lang in ("id", "en") else "id")
    try:
        yield
    finally:
        _LANG.reset(token)


def msg(key: str, /, **values: object) -> str:
    """The message ``key`` in the current language, formatted with ``values``.

    An unknown key is a programming error (``KeyError``): tests walk every key.
    """
    pair = MESSAGES[key]
    text = pair[1] if current_language() == "en" else pair[0]
    return text.format(**values) if values else text
