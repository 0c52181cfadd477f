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
from geo_planner.i18n.messages import msg
from geo_planner.planning.targets import db, migrations
from geo_planner.planning.targets.access import (
    Actor,
    actor_for,
    add_user,
    as_actor,
    list_users,
    remove_user,
)
from geo_planner.planning.targets.records import (
    COLUMNS,
    FIELDS,
    ConflictError,
    NotFoundError,
    Target,
    UnitCheck,
    validate_record,
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
    register = Register(conn, dialect, db.redact(url), dsn=url)
    try:
        register.applied_migrations = migrations.migrate(conn, dialect, register._transaction, register.url)
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

    @property
    def schema_version(self) -> int:
        """The schema version of the database."""
        with self._lock:
            return migrations.current_version(self._conn, self._d)

    # ------------------------------------------------------------------ writes (inside a transaction)
    def _row(self, target_id: int, *, lock: bool = False) -> dict[str, Any] | None:
        rows = self._execute("SELECT * FROM targets WHERE id = ?" + (self._d.for_update if lock else ""),
                             (int(target_id),)).fetchall()
        return dict(rows[0]) if rows else None

    def _lock_rows(self, ids: Iterable[int]) -> None:
        """Lock the rows a save touches, in id order: two saves of the same rows queue, never deadlock."""
        wanted = sorted({int(i) for i in ids})
        if wanted and self._d.name == "postgresql":
            self._execute(f"SELECT id FROM targets WHERE id IN ({', '.join('?' * len(wanted))}) ORDER BY id "
                          "FOR UPDATE", wanted).fetchall()

    def _write_audit(self, target_id: int, action: str, who: str, at: str,
                     before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> None:
        def dump(value: Mapping[str, Any] | None) -> str | None:
            return None if value is None else json.dumps(dict(value), ensure_ascii=False, sort_keys=True)

        p = self._d.json_param
        self._execute(f"INSERT INTO audit_log (target_id, action, who, at, before, after) VALUES (?, ?, ?, ?, {p}, {p})",
                      (target_id, action, who, at, dump(before), dump(after)))

    def _insert(self, clean: Mapping[str, Any], actor: Actor, action: str, *,
                import_key: str | None = None) -> Target | None:
        """Insert a record; ``None`` when its ``import_key`` is already taken (the row is there)."""
        actor.check_write(clean.get("agency"), msg("access_act_add", agency=clean.get("agency")))
        at, who = self.now(), actor.who
        values = {**{f: clean.get(f) for f in FIELDS}, "unit_level": clean["unit_level"], "created_by": who,
                  "created_at": at, "updated_by": who, "updated_at": at, "version": 1}
        names = [*values, "import_key"]
        sql = (f"INSERT INTO targets ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
               "ON CONFLICT (import_key) DO NOTHING RETURNING id")
        rows = self._execute(sql, [*values.values(), import_key]).fetchall()
        if not rows:
            return None
        target = Target.from_row({"id": int(dict(rows[0])["id"]), **values})
        self._write_audit(target.id, action, who, at, None, target.to_dict())
        return target

    def _conflict(self, target_id: int, expected_version: int, row: Mapping[str, Any] | None) -> GeoPlannerError:
        if row is not None:
            return ConflictError(msg("register_changed", id=target_id, who=row["updated_by"], at=row["updated_at"],
                                     now=row["version"], had=expected_version))
        gone = self._execute("SELECT who, at FROM audit_log WHERE target_id = ? AND action = 'delete' "
                             "ORDER BY id DESC LIMIT 1", (int(target_id),)).fetchall()
        if gone:
            who, at = dict(gone[0])["who"], dict(gone[0])["at"]
            return ConflictError(msg("register_deleted", id=target_id, who=who, at=at))
        return NotFoundError(msg("register_no_target", id=target_id))

    def _update(self, target_id: int, changes: Mapping[str, Any], expected_version: int, actor: Actor,
                units: UnitCheck | None) -> Target:
        clean = validate_record(changes, units=units, partial=True)
        before = self._row(target_id, lock=True)
        if before is None or before["version"] != expected_version:
            raise self._conflict(target_id, expected_version, before)
        actor.check_write(before["agency"], msg("access_act_change", id=target_id))
        after = {**before, **clean}
        if all(after[k] == before[k] for k in clean):
            return Target.from_row(before)  # nothing changes: no new version, no audit row
        actor.check_write(after["agency"], msg("access_act_give", id=target_id, agency=after["agency"]))
        after.update(updated_by=actor.who, updated_at=self.now(), version=expected_version + 1)
        names = [*clean, "updated_by", "updated_at"]
        cur = self._execute(f"UPDATE targets SET {', '.join(f'{n} = ?' for n in names)}, version = version + 1 "
                            "WHERE id = ? AND version = ?",
                            [after[n] for n in names] + [int(target_id), int(expected_version)])
        if cur.rowcount != 1:  # changed between our read and our write
            raise self._conflict(target_id, expected_version, self._row(target_id))
        target = Target.from_row(after)
        self._write_audit(int(target_id), "update", actor.who, after["updated_at"], Target.from_row(before).to_dict(),
                          target.to_dict())
        return target

    def _delete(self, target_id: int, expected_version: int, actor: Actor) -> None:
        before = self._row(target_id, lock=True)
        if before is None or before["version"] != expected_version:
            raise self._conflict(target_id, expected_version, before)
        actor.check_write(before["agency"], msg("access_act_delete", id=target_id))
        cur = self._execute("DELETE FROM targets WHERE id = ? AND version = ?", (int(target_id), int(expected_version)))
        if cur.rowcount != 1:
            raise self._conflict(target_id, expected_version, self._row(target_id))
        self._write_audit(int(target_id), "delete", actor.who, self.now(), Target.from_row(before).to_dict(), None)

    # ------------------------------------------------------------------ public writes
    def add(self, record: Mapping[str, Any], *, who: str | Actor, units: _Units = None) -> Target:
        """Add a target.

        Parameters
        ----------
        record : mapping
            ``unit_code`` (Kemendagri), ``agency``, ``intervention`` (id or
            label), ``year``, ``quantity``; optional ``budget_rp``, ``status``
            (default ``"planned"``), ``note``.
        who : str or Actor
            The acting identity (:meth:`actor` of the signed-in user), or the
            operator's name (single-user laptop, shell); recorded in the audit log.
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
        AccessDenied
            If ``who`` may not write targets of the record's agency.
        """
        actor = as_actor(who)
        clean = validate_record(record, units=_units(units))
        return self._atomic(lambda: self._insert(clean, actor, "create"))

    def update(self, target_id: int, changes: Mapping[str, Any], *, expected_version: int, who: str | Actor,
               units: _Units = None) -> Target:
        """Change fields of a target, if nobody changed it since ``expected_version``.

        Parameters
        ----------
        target_id : int
        changes : mapping
            Field -> new value, for any of the fields of :meth:`add`.
        expected_version : int
            The ``version`` of the record as the user last saw it.
        who : str or Actor
            As for :meth:`add`.
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
        AccessDenied
            If ``who`` may not write targets of its agency (before or after).
        """
        actor = as_actor(who)
        return self._atomic(lambda: self._update(int(target_id), changes, int(expected_version), actor,
                                                 _units(units)))

    def delete(self, target_id: int, *, expected_version: int, who: str | Actor) -> None:
        """Delete a target, if nobody changed it since ``expected_version``; the audit log keeps it.

        Raises
        ------
        ConflictError, NotFoundError, AccessDenied
            As for :meth:`update`.
        """
        actor = as_actor(who)
        self._atomic(lambda: self._delete(int(target_id), int(expected_version), actor))

    def apply_edits(self, *, who: str | Actor, added: Iterable[Mapping[str, Any]] = (),
                    changed: Mapping[int, tuple[int, Mapping[str, Any]]] | None = None,
                    deleted: Mapping[int, int] | None = None, units: _Units = None) -> list[Target]:
        """Save a table editor's edits in one transaction: all of them, or none.

        The rows changed or deleted are locked first, in id order, so two saves
        touching the same records in any order wait for each other.

        Parameters
        ----------
        who : str or Actor
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
        ConflictError, NotFoundError, AccessDenied
            For the first changed or deleted record someone else changed, or
            that ``who`` may not write; nothing is saved.
        """
        from geo_planner.errors import Problem, ValidationError

        actor, check = as_actor(who), _units(units)
        clean, problems = [], []
        for i, record in enumerate(added, start=1):
            try:
                clean.append(validate_record(record, units=check))
            except ValidationError as exc:
                problems += [Problem(p.message, row=i, column=p.column) for p in exc.problems]
        if problems:
            raise ValidationError(problems)
        changed, deleted = dict(changed or {}), dict(deleted or {})

        def body() -> list[Target]:
            self._lock_rows([*changed, *deleted])
            out = [self._insert(c, actor, "create") for c in clean]
            out += [self._update(int(i), changed[i][1], int(changed[i][0]), actor, check) for i in sorted(changed)]
            for i in sorted(deleted):
                self._delete(int(i), int(deleted[i]), actor)
            return out

        return self._atomic(body)

    # ------------------------------------------------------------------ users and roles
    def actor(self, *, subject: str | None, email: str | None = None) -> Actor:
        """The signed-in identity with its role here; see :func:`geo_planner.planning.targets.access.actor_for`."""
        return actor_for(self, subject=subject, email=email)

    def users(self) -> pd.DataFrame:
        """The users and their roles; see :func:`geo_planner.planning.targets.access.list_users`."""
        return list_users(self)

    def add_user(self, identity: str, role: str, *, agencies: Iterable[str] = (), name: str | None = None,
                 by: str | Actor) -> dict[str, Any]:
        """Add or change a user; see :func:`geo_planner.planning.targets.access.add_user`."""
        return add_user(self, identity, role, agencies=agencies, name=name, by=by)

    def remove_user(self, identity: str, *, by: str | Actor) -> None:
        """Remove a user; see :func:`geo_planner.planning.targets.access.remove_user`."""
        remove_user(self, identity, by=by)

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
            raise NotFoundError(msg("register_no_target", id=target_id))
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
