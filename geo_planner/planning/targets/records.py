"""A target record: its fields, and the checks every record passes before it is stored.

The same checks serve the Python API, the app's table editor and file imports,
so a record refused in one place is refused everywhere, with the same sentence.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from geo_planner.errors import GeoPlannerError, Problem, ValidationError
from geo_planner.i18n.messages import msg
from geo_planner.planning.targets.registry import (
    INTERVENTIONS,
    normalise_unit_code,
    resolve_intervention,
    resolve_status,
    unit_level,
)
from geo_planner.sources.tables import parse_number

__all__ = ["Target", "FIELDS", "COLUMNS", "YEAR_RANGE", "UnitCheck", "clean_record", "validate_record"]

#: Fields a user writes; the register fills in the others.
FIELDS = ("unit_code", "agency", "intervention", "year", "quantity", "budget_rp", "status", "note")
#: Columns of :meth:`Register.list`, in order.
COLUMNS = ("id", "unit_code", "unit_level", "agency", "intervention", "year", "quantity", "budget_rp", "status",
           "note", "created_by", "created_at", "updated_by", "updated_at", "version")
YEAR_RANGE = (2000, 2100)
_MAX_TEXT = {"agency": 200, "note": 2000}


@dataclass(frozen=True)
class Target:
    """One stored target (a row of the register).

    ``version`` starts at 1 and goes up by one with each change; pass it back as
    ``expected_version`` to :meth:`Register.update` and :meth:`Register.delete`.
    """

    id: int
    unit_code: str
    unit_level: str
    agency: str
    intervention: str
    year: int
    quantity: float
    budget_rp: float | None
    status: str
    note: str | None
    created_by: str
    created_at: str
    updated_by: str
    updated_at: str
    version: int

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Target:
        values = {k: row[k] for k in COLUMNS}
        values["quantity"] = float(values["quantity"])
        values["budget_rp"] = None if values["budget_rp"] is None else float(values["budget_rp"])
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """All columns as a plain dict (JSON-ready)."""
        return asdict(self)


class UnitCheck:
    """Known unit codes, to refuse codes that name no unit.

    A code passes if it is a unit, contains units (a province or regency above
    them), or lies inside a unit of the deepest level known (a village when only
    regencies are loaded: its format is checked, its existence cannot be).

    Parameters
    ----------
    units : DataFrame or collection of str
        Units indexed by Kemendagri code (:func:`geo_planner.units.hierarchy.load_units`),
        or the codes themselves.
    """

    def __init__(self, units: pd.DataFrame | Collection[str]) -> None:
        codes = units.index if isinstance(units, pd.DataFrame) else units
        self.codes = frozenset(str(c) for c in codes)
        self.ancestors = frozenset(".".join(c.split(".")[:k]) for c in self.codes for k in range(1, c.count(".") + 1))
        self.deepest = max((c.count(".") for c in self.codes), default=-1)

    def knows(self, code: str) -> bool:
        if code in self.codes or code in self.ancestors:
            return True
        parts = code.split(".")
        return len(parts) - 1 > self.deepest and ".".join(parts[: self.deepest + 1]) in self.codes


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _number(value: Any, what: str) -> float:
    try:
        number = parse_number(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise ValueError(msg("records_not_a_number", value=value, what=msg(f"records_what_{what}"))) from None
    if number is None:
        raise ValueError(msg("records_number_empty", what=msg(f"records_what_{what}")))
    if not math.isfinite(number):
        raise ValueError(msg("records_not_finite", what=msg(f"records_what_{what}"), number=number))
    return number


def _check_unit(value: Any, units: UnitCheck | None) -> str:
    code = normalise_unit_code(value)
    if units is not None and not units.knows(code):
        raise ValueError(msg("records_unknown_unit", code=code))
    return code


def _check_text(field: str, value: Any, *, required: bool) -> str | None:
    if _missing(value):
        if required:
            raise ValueError(msg("records_text_empty", field=msg(f"records_what_{field}")))
        return None
    text = " ".join(str(value).split())
    if len(text) > _MAX_TEXT[field]:
        raise ValueError(msg("records_text_long", field=msg(f"records_what_{field}"), n=len(text),
                             most=_MAX_TEXT[field]))
    return text


def _check_year(value: Any) -> int:
    year = _number(value, "year")
    low, high = YEAR_RANGE
    if not year.is_integer() or not low <= year <= high:
        raise ValueError(msg("records_bad_year", value=value, low=low, high=high))
    return int(year)


def _check_quantity(value: Any, intervention: str | None) -> float:
    quantity = _number(value, "quantity")
    if quantity < 0:
        raise ValueError(msg("records_quantity_negative", value=value))
    if not quantity.is_integer():
        what = INTERVENTIONS[intervention].unit if intervention in INTERVENTIONS else "item"
        raise ValueError(msg("records_quantity_fraction", value=value, what=what))
    return quantity


def _check_budget(value: Any) -> float | None:
    if _missing(value):
        return None
    budget = _number(value, "budget")
    if budget < 0:
        raise ValueError(msg("records_budget_negative", value=value))
    return budget


def clean_record(raw: Mapping[str, Any], *, units: UnitCheck | None = None,
                 fields: Collection[str] = FIELDS) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Check and tidy the user fields of a record, collecting every problem.

    Parameters
    ----------
    raw : mapping
        Field -> value; numbers may be text in Indonesian or international
        format ("1.500", "Rp 5.000.000"), statuses and interventions may be
        labels. Missing ``status`` means ``"planned"``; ``budget_rp`` and
        ``note`` may be empty.
    units : UnitCheck, optional
        Known units; without it only the format of the code is checked.
    fields : collection of str, optional
        Which fields to check (all by default).

    Returns
    -------
    clean : dict
        The fields that passed, tidied, plus ``unit_level`` when the code passed.
    problems : list of (field, message)
        One per field that failed.
    """
    clean: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    checks = {
        "unit_code": lambda v: _check_unit(v, units),
        "agency": lambda v: _check_text("agency", v, required=True),
        "intervention": resolve_intervention,
        "year": _check_year,
        "quantity": lambda v: _check_quantity(v, clean.get("intervention", raw.get("intervention"))),
        "budget_rp": _check_budget,
        "status": resolve_status,
        "note": lambda v: _check_text("note", v, required=False),
    }
    for field in FIELDS:
        if field not in fields:
            continue
        try:
            clean[field] = checks[field](raw.get(field))
        except ValueError as exc:
            problems.append((field, str(exc)))
    if "unit_code" in clean:
        clean["unit_level"] = unit_level(clean["unit_code"])
    return clean, problems


def validate_record(record: Mapping[str, Any], *, units: pd.DataFrame | Collection[str] | UnitCheck | None = None,
                    partial: bool = False) -> dict[str, Any]:
    """Check a record as :meth:`Register.add` does, raising with every problem at once.

    Parameters
    ----------
    record : mapping
        Field -> value (see :data:`FIELDS`); ``code`` is accepted for ``unit_code``.
    units : DataFrame, collection of str or UnitCheck, optional
        Known units to check the code against.
    partial : bool, optional
        Check only the fields present (for changes to an existing record).

    Returns
    -------
    dict
        The tidied fields (plus ``unit_level``).

    Raises
    ------
    ValidationError
        Listing every problem, each with its field as the column; also for
        unknown fields.

    Examples
    --------
    >>> validate_record({"unit_code": "64.02", "agency": "Dinas PUPR", "intervention": "bedah rumah",
    ...                  "year": 2026, "quantity": "1.500"})["quantity"]
    1500.0
    """
    record = dict(record)
    if "code" in record and "unit_code" not in record:
        record["unit_code"] = record.pop("code")
    unknown = [k for k in record if k not in FIELDS]
    problems = [Problem(msg("records_unknown_field", field=k, fields=", ".join(FIELDS)), column=k)
                for k in unknown]
    check = units if isinstance(units, UnitCheck) or units is None else UnitCheck(units)
    fields = [f for f in FIELDS if f in record] if partial else FIELDS
    clean, found = clean_record(record, units=check, fields=fields)
    problems += [Problem(message, column=field) for field, message in found]
    if problems:
        raise ValidationError(problems)
    return clean


class ConflictError(GeoPlannerError):
    """Someone else changed or deleted the record since it was read."""


class NotFoundError(GeoPlannerError, LookupError):
    """No target has that id."""

