"""The agencies' targets register: add, change, delete and list targets, with an audit log.

Every write runs in one transaction together with its audit row, so a failure
half-way leaves the register as it was. Changes are checked against the
record's ``version``: ``UPDATE ... WHERE id = ? AND version = ?`` changes
nothing when someone else saved first, and the caller gets a
:class:`ConflictError` instead of silently overwriting that change.
"""

from __future__ import annotations

import json
import numbers
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import pandas as pd

from geo_planner.errors import GeoPlannerError, InputError
from geo_planner.planning.targets import db
from geo_planner.planning.targets.records import (
    COLUMNS,
    FIELDS,
    ConflictError,
    NotFoundError,
    Target,
    UnitCheck,
    validate_record,
    who_from,
)
from geo_planner.planning.targets.registry import (
    normalise_unit_code,
    resolve_intervention,
    resolve_status,
)

__all__ = ["Register", "open_register", "ConflictError", "NotFoundError"]

_HISTORY_COLUMNS = ("id", "target_id", "action", "who", "at", "before", "after")
_Units = pd.DataFrame | Collection[str] | UnitCheck | None


def _units(units: _Units) -> UnitCheck | None:
    return units if units is None or isinstance(units, UnitCheck) else UnitCheck(units)


def open_register(url: str | None = None) -> Register:
    """Open (and create or upgrade if needed) the targets register.

    Parameters
    ----------
    url : str, optional
        ``postgresql://user:password@host:5432/db`` (shared deployment, PostGIS
        required), ``sqlite:///relative/targets.sqlite``,
        ``sqlite:////absolute/targets.sqlite`` or a file path. Default:
        ``GEO_PLANNER_DB``, else ``targets.sqlite`` in the data folder
        (``GEO_PLANNER_DATA``, else ``~/.local/share/geo-planner``), created on
        first use.

    Returns
    -------
    Register
        Close it with :meth:`Register.close` or use it in a ``with`` block.

    Raises
    ------
    StorageError
        If the database cannot be reached, or PostGIS is missing on PostgreSQL.

    Examples
    --------
    >>> with open_register("sqlite:///targets.sqlite") as reg:   # doctest: +SKIP
    ...     t = reg.add({"unit_code": "64.02", "agency": "Dinas PUPR", "intervention": "rtlh_rehab",
    ...                  "year": 2026, "quantity": 120}, who="budi")
    """
    url = url or db.default_url()
    conn, dialect = db.connect(url)
    register = Register(conn, dialect, db.redact(url))
    try:
        register.applied_migrations = db.migrate(conn, dialect, register._transaction, register.url)
    except BaseException:
        register.close()
        raise
    return register


class Register(db.Connection):
    """An open targets register; make one with :func:`open_register`.

    Attributes
    ----------
    url : str
        Where it is, without the password.
    dialect : str
        ``"sqlite"`` or ``"postgresql"``.
    applied_migrations : list of int
        Schema versions applied when it was opened (empty when up to date).
    """

    # ------------------------------------------------------------------ writes (inside a transaction)
    def _row(self, target_id: int, *, lock: bool = False) -> dict[str, Any] | None:
        rows = self._execute("SELECT * FROM targets WHERE id = ?" + (self._d.for_update if lock else ""),
                             (int(target_id),)).fetchall()
        return dict(rows[0]) if rows else None

    def _write_audit(self, target_id: int, action: str, who: str, at: str,
                     before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> None:
        def dump(value: Mapping[str, Any] | None) -> str | None:
            return None if value is None else json.dumps(dict(value), ensure_ascii=False, sort_keys=True)

        p = self._d.json_param
        self._execute(f"INSERT INTO audit_log (target_id, action, who, at, before, after) VALUES (?, ?, ?, ?, {p}, {p})",
                      (target_id, action, who, at, dump(before), dump(after)))

    def _insert(self, clean: Mapping[str, Any], who: str, action: str) -> Target:
        at = self.now()
        values = {**{f: clean.get(f) for f in FIELDS}, "unit_level": clean["unit_level"], "created_by": who,
                  "created_at": at, "updated_by": who, "updated_at": at, "version": 1}
        names = list(values)
        sql = (f"INSERT INTO targets ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
               "RETURNING id")
        target_id = int(dict(self._execute(sql, values.values()).fetchone())["id"])
        target = Target.from_row({"id": target_id, **values})
        self._write_audit(target_id, action, who, at, None, target.to_dict())
        return target

    def _conflict(self, target_id: int, expected_version: int, row: Mapping[str, Any] | None) -> GeoPlannerError:
        if row is not None:
            return ConflictError(f"target {target_id} was changed by {row['updated_by']} at {row['updated_at']} "
                                 f"(now version {row['version']}, you had version {expected_version}); reload it "
                                 "and apply your change again")
        gone = self._execute("SELECT who, at FROM audit_log WHERE target_id = ? AND action = 'delete' "
                             "ORDER BY id DESC LIMIT 1", (int(target_id),)).fetchall()
        if gone:
            who, at = dict(gone[0])["who"], dict(gone[0])["at"]
            return ConflictError(f"target {target_id} was deleted by {who} at {at}; reload the register")
        return NotFoundError(f"there is no target {target_id} in the register; reload the list of targets")

    def _update(self, target_id: int, changes: Mapping[str, Any], expected_version: int, who: str,
                units: UnitCheck | None) -> Target:
        clean = validate_record(changes, units=units, partial=True)
        before = self._row(target_id, lock=True)
        if before is None or before["version"] != expected_version:
            raise self._conflict(target_id, expected_version, before)
        after = {**before, **clean}
        if all(after[k] == before[k] for k in clean):
            return Target.from_row(before)  # nothing changes: no new version, no audit row
        after.update(updated_by=who, updated_at=self.now(), version=expected_version + 1)
        names = [*clean, "updated_by", "updated_at"]
        cur = self._execute(f"UPDATE targets SET {', '.join(f'{n} = ?' for n in names)}, version = version + 1 "
                            "WHERE id = ? AND version = ?",
                            [after[n] for n in names] + [int(target_id), int(expected_version)])
        if cur.rowcount != 1:  # changed between our read and our write
            raise self._conflict(target_id, expected_version, self._row(target_id))
        target = Target.from_row(after)
        self._write_audit(int(target_id), "update", who, after["updated_at"], Target.from_row(before).to_dict(),
                          target.to_dict())
        return target

    def _delete(self, target_id: int, expected_version: int, who: str) -> None:
        before = self._row(target_id, lock=True)
        if before is None or before["version"] != expected_version:
            raise self._conflict(target_id, expected_version, before)
        cur = self._execute("DELETE FROM targets WHERE id = ? AND version = ?", (int(target_id), int(expected_version)))
        if cur.rowcount != 1:
            raise self._conflict(target_id, expected_version, self._row(target_id))
        self._write_audit(int(target_id), "delete", who, self.now(), Target.from_row(before).to_dict(), None)

    # ------------------------------------------------------------------ public writes
    def add(self, record: Mapping[str, Any], *, who: str, units: _Units = None) -> Target:
        """Add a target.

        Parameters
        ----------
        record : mapping
            ``unit_code`` (Kemendagri), ``agency``, ``intervention`` (id or
            label), ``year``, ``quantity``; optional ``budget_rp``, ``status``
            (default ``"planned"``), ``note``.
        who : str
            Name of the person adding it (audit log).
        units : DataFrame or collection of codes, optional
            Known units; the code must be one of them (or above or below them).

        Returns
        -------
        Target
            The stored record, version 1.

        Raises
        ------
        ValidationError
            Listing every problem of the record.
        """
        who = who_from(who)
        clean = validate_record(record, units=_units(units))
        with self._transaction():
            return self._insert(clean, who, "create")

    def update(self, target_id: int, changes: Mapping[str, Any], *, expected_version: int, who: str,
               units: _Units = None) -> Target:
        """Change fields of a target, if nobody changed it since ``expected_version``.

        Parameters
        ----------
        target_id : int
        changes : mapping
            Field -> new value, for any of the fields of :meth:`add`.
        expected_version : int
            The ``version`` of the record as the user last saw it.
        who : str
        units : DataFrame or collection of codes, optional

        Returns
        -------
        Target
            The record after the change (version + 1; unchanged if nothing differs).

        Raises
        ------
        ConflictError
            If the record was changed or deleted by someone else since; nothing is written.
        NotFoundError
            If there is no such target.
        ValidationError
            If a new value is not valid.
        """
        who = who_from(who)
        with self._transaction():
            return self._update(int(target_id), changes, int(expected_version), who, _units(units))

    def delete(self, target_id: int, *, expected_version: int, who: str) -> None:
        """Delete a target, if nobody changed it since ``expected_version``; the audit log keeps it.

        Raises
        ------
        ConflictError, NotFoundError
            As for :meth:`update`.
        """
        who = who_from(who)
        with self._transaction():
            self._delete(int(target_id), int(expected_version), who)

    def apply_edits(self, *, who: str, added: Iterable[Mapping[str, Any]] = (),
                    changed: Mapping[int, tuple[int, Mapping[str, Any]]] | None = None,
                    deleted: Mapping[int, int] | None = None, units: _Units = None) -> list[Target]:
        """Save a table editor's edits in one transaction: all of them, or none.

        Parameters
        ----------
        who : str
        added : iterable of mapping
            New records, as for :meth:`add`.
        changed : mapping, optional
            Target id -> (expected version, changes).
        deleted : mapping, optional
            Target id -> expected version.
        units : DataFrame or collection of codes, optional

        Returns
        -------
        list of Target
            The added records, then the changed ones.

        Raises
        ------
        ValidationError
            For every invalid added record (rows numbered from 1 in ``row``).
        ConflictError, NotFoundError
            For the first changed or deleted record someone else changed; nothing is saved.
        """
        from geo_planner.errors import Problem, ValidationError

        who, check = who_from(who), _units(units)
        clean, problems = [], []
        for i, record in enumerate(added, start=1):
            try:
                clean.append(validate_record(record, units=check))
            except ValidationError as exc:
                problems += [Problem(p.message, row=i, column=p.column) for p in exc.problems]
        if problems:
            raise ValidationError(problems)
        with self._transaction():
            out = [self._insert(c, who, "create") for c in clean]
            out += [self._update(int(i), ch, int(v), who, check) for i, (v, ch) in (changed or {}).items()]
            for i, v in (deleted or {}).items():
                self._delete(int(i), int(v), who)
        return out

    # ------------------------------------------------------------------ reads
    def get(self, target_id: int) -> Target:
        """The target with this id.

        Raises
        ------
        NotFoundError
            If there is none (never added, or deleted).
        """
        rows = self._query("SELECT * FROM targets WHERE id = ?", (int(target_id),))
        if not rows:
            raise NotFoundError(f"there is no target {target_id} in the register; reload the list of targets")
        return Target.from_row(rows[0])

    def list(self, *, unit: str | None = None, agency: str | None = None, intervention: str | None = None,
             year: int | Iterable[int] | None = None, status: str | Iterable[str] | None = None) -> pd.DataFrame:
        """The targets matching all the filters given, one row each.

        Parameters
        ----------
        unit : str, optional
            A Kemendagri code: that unit and every unit inside it (``"64.02"``
            gives Kutai Kartanegara, its districts and villages).
        agency : str, optional
            Part of the agency name, any case (``"pupr"``).
        intervention : str, optional
            Id or label.
        year : int or iterable of int, optional
        status : str or iterable of str, optional
            Status ids or words (``"selesai"``).

        Returns
        -------
        pandas.DataFrame
            Columns :data:`COLUMNS`, ordered by unit code, intervention, year, id.

        Raises
        ------
        InputError
            If a filter value is not valid.
        """
        where, params = [], []
        try:
            if unit:
                code = normalise_unit_code(unit)
                where.append("(unit_code = ? OR unit_code LIKE ?)")
                params += [code, code + ".%"]
            if intervention:
                where.append("intervention = ?")
                params.append(resolve_intervention(intervention))
            if year is not None:
                years = [int(year)] if isinstance(year, (numbers.Integral, str)) else [int(y) for y in year]
                where.append(f"year IN ({', '.join('?' * len(years))})" if years else "1 = 0")
                params += years
            if status is not None:
                statuses = [resolve_status(status)] if isinstance(status, str) else [resolve_status(s) for s in status]
                where.append(f"status IN ({', '.join('?' * len(statuses))})" if statuses else "1 = 0")
                params += statuses
        except ValueError as exc:
            raise InputError(str(exc)) from None
        sql = "SELECT * FROM targets" + (" WHERE " + " AND ".join(where) if where else "")
        frame = _frame(self._query(sql + " ORDER BY unit_code, intervention, year, id", params))
        if agency:
            frame = frame[frame["agency"].str.casefold().str.contains(agency.strip().casefold(), regex=False)]
        return frame.reset_index(drop=True)

    def history(self, target_id: int | None = None) -> pd.DataFrame:
        """The audit log (of one target, or all), oldest first.

        Returns
        -------
        pandas.DataFrame
            Columns ``id``, ``target_id``, ``action`` (create, update, delete,
            import), ``who``, ``at`` (UTC ISO 8601), ``before`` and ``after``
            (dicts of every column, or ``None``).
        """
        sql, params = "SELECT * FROM audit_log", []
        if target_id is not None:
            sql, params = sql + " WHERE target_id = ?", [int(target_id)]
        rows = self._query(sql + " ORDER BY id", params)
        for row in rows:
            for key in ("before", "after"):
                if isinstance(row[key], str):
                    row[key] = json.loads(row[key])
        return pd.DataFrame.from_records(rows, columns=list(_HISTORY_COLUMNS))

    # ------------------------------------------------------------------ files
    def import_table(self, source: Any, *, who: str, units: pd.DataFrame | None = None, name: str | None = None,
                     sheet: str | int | None = None) -> Any:
        """Import targets from a CSV/XLSX file; see :func:`geo_planner.planning.targets.files.import_table`."""
        from geo_planner.planning.targets.files import import_table

        return import_table(self, source, who=who, units=units, name=name, sheet=sheet)

    def export_rows(self, *, lang: str = "id", units: pd.DataFrame | None = None, **filters: Any) -> pd.DataFrame:
        """The targets as exported; write them through the export gate (see
        :func:`geo_planner.planning.targets.files.export_rows`)."""
        from geo_planner.planning.targets.files import export_rows

        return export_rows(self, lang=lang, units=units, **filters)


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    types = {"id": "int64", "year": "int64", "version": "int64", "quantity": "float64", "budget_rp": "float64"}
    return frame.astype(types)
