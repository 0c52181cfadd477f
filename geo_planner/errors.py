"""Errors raised by geo-planner.

Every error a user can cause derives from :class:`GeoPlannerError`. Each one
carries *where* the problem is (file, row, column, unit) and says in one
sentence what to do, in the reader's language (:mod:`geo_planner.i18n.messages`). The app shows ``str(error)`` with ``st.error`` and the
CLI prints it to stderr and exits non-zero; neither shows a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geo_planner.i18n.messages import current_language, language, msg

__all__ = [
    "GeoPlannerError",
    "InputError",
    "ValidationError",
    "DataUnavailableError",
    "Problem",
]


@dataclass(frozen=True)
class Problem:
    """One problem found in an input, located as precisely as possible.

    ``row`` is the 1-based row number as a spreadsheet program shows it
    (the header is row 1 in a plain CSV), or ``None`` when the problem
    concerns the whole file or column.
    """

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    unit: str | None = None
    severity: str = "error"  # "error" or "warning"
    # the language the message was written in: where the problem is is said in the same one
    lang: str = field(default_factory=current_language, compare=False, repr=False)

    def where(self) -> str:
        with language(self.lang):
            return self._where()

    def _where(self) -> str:
        parts = []
        if self.file:
            parts.append(msg("where_file", file=self.file))
        if self.row is not None:
            parts.append(msg("where_row", row=self.row))
        if self.column:
            parts.append(msg("where_column", column=self.column))
        if self.unit:
            parts.append(msg("where_unit", unit=self.unit))
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message

    def to_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "unit": self.unit,
            "message": self.message,
        }


class GeoPlannerError(Exception):
    """Base class of every error geo-planner raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        unit: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        self.unit = unit
        self.lang = current_language()  # the message's language: where it is is said in the same one
        super().__init__(str(self))

    def __str__(self) -> str:
        where = Problem("", self.file, self.row, self.column, self.unit, lang=self.lang).where()
        return f"{where}: {self.message}" if where else self.message


class InputError(GeoPlannerError, ValueError):
    """An input file or value cannot be used as it is."""


class DataUnavailableError(GeoPlannerError, OSError):
    """Data the tool needs is neither cached, mirrored nor downloadable."""


class ValidationError(InputError):
    """Several problems found in one input, reported together."""

    def __init__(self, problems: list[Problem], *, file: str | None = None) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        lines = "\n".join(f"- {p}" for p in self.problems[:50])
        more = "" if len(self.problems) <= 50 else "\n- " + msg("problems_more", n=len(self.problems) - 50)
        super().__init__(f"{msg('problems_head', n=len(errors))}\n{lines}{more}", file=file)
