"""Who may change what in the register: users, their roles and the agencies they edit for.

A shared register keeps its users in the table ``users``, keyed by the
identity their identity provider vouches for (the e-mail, in lower case, or
the OpenID Connect subject):

- ``viewer``: reads the register;
- ``editor``: also adds, changes and deletes the targets of its agencies (one
  or more, e.g. ``Dinas PUPR``), and only those;
- ``admin`` (Bappeda): every target, and the users and their roles.

Every write of :class:`~geo_planner.planning.targets.Register` takes the acting
:class:`Actor` and checks it here, so the rule holds for the app, the command
line and any script alike. A plain name (``who="budi"``) is the *operator*: the
single-user laptop, or a shell holding the database's own credentials, who may
do everything (the database is then the boundary, as it is for ``psql``).

>>> editor = Actor("sari@pupr.go.id", "editor", ("Dinas PUPR",))
>>> editor.may_write("dinas  pupr"), editor.may_write("Dinas Sosial")
(True, False)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from geo_planner.errors import GeoPlannerError, InputError
from geo_planner.i18n.messages import msg

if TYPE_CHECKING:
    from geo_planner.planning.targets.register import Register

__all__ = ["ROLES", "Actor", "AccessDenied", "agency_key", "identity_key", "actor_for", "add_user", "remove_user",
           "list_users", "as_actor", "USER_COLUMNS"]

ROLES = ("viewer", "editor", "admin")
USER_COLUMNS = ("identity", "role", "agencies", "name", "added_by", "added_at")


class AccessDenied(GeoPlannerError, PermissionError):
    """The acting identity may not do this (its role or its agencies do not allow it)."""


def agency_key(text: object) -> str:
    """An agency name compared case- and space-insensitively (``" Dinas  PUPR"`` -> ``"dinas pupr"``)."""
    return " ".join(str(text or "").split()).casefold()


def identity_key(text: object) -> str:
    """How an identity is stored: an e-mail in lower case, a subject as it is; spaces trimmed."""
    key = " ".join(str(text or "").split())
    return key.casefold() if "@" in key else key


@dataclass(frozen=True)
class Actor:
    """The identity acting on the register, and what it may do.

    Attributes
    ----------
    who : str
        As written in records and audit rows: the signed-in e-mail (or subject),
        or the operator's name.
    role : str
        ``"operator"``, ``"admin"``, ``"editor"``, ``"viewer"`` or ``"none"``
        (signed in, but not a user of this register).
    agencies : tuple of str
        The agencies an editor edits for.
    """

    who: str
    role: str
    agencies: tuple[str, ...] = ()

    @classmethod
    def operator(cls, who: object) -> Actor:
        """The single-user laptop or a shell with the database's credentials: every right."""
        text = " ".join(str(who or "").split())
        if not text:
            raise InputError(msg("access_no_who"))
        return cls(text, "operator")

    @property
    def manages_users(self) -> bool:
        return self.role in ("operator", "admin")

    def may_write(self, agency: object) -> bool:
        """May this identity add, change or delete a target of ``agency``?"""
        if self.role in ("operator", "admin"):
            return True
        return self.role == "editor" and agency_key(agency) in {agency_key(a) for a in self.agencies}

    def describe(self) -> str:
        """``"sari@pupr.go.id (editor of Dinas PUPR)"``, for messages."""
        if self.role == "editor":
            return msg("access_editor_of", who=self.who, agencies=", ".join(self.agencies))
        return f"{self.who} ({self.role})" if self.role != "operator" else self.who

    def check_write(self, agency: object, what: str) -> None:
        """Raise :class:`AccessDenied` unless this identity may write a target of ``agency``.

        ``what`` names the act, e.g. ``"change target 7"``.
        """
        if self.may_write(agency):
            return
        if self.role == "viewer":
            raise AccessDenied(msg("access_viewer", who=self.describe(), what=what))
        if self.role == "none":
            raise AccessDenied(msg("access_not_a_user", who=self.who, what=what))
        raise AccessDenied(msg("access_other_agency", who=self.describe(), what=what,
                               agency=" ".join(str(agency).split())))

    def check_manage_users(self) -> None:
        if not self.manages_users:
            raise AccessDenied(msg("access_manage_users", who=self.describe()))


def as_actor(who: str | Actor) -> Actor:
    """An :class:`Actor` as is; a plain name as the operator."""
    return who if isinstance(who, Actor) else Actor.operator(who)


def _user_row(row: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: row[k] for k in USER_COLUMNS}
    out["agencies"] = tuple(json.loads(row["agencies"] or "[]"))
    return out


def actor_for(register: Register, *, subject: str | None, email: str | None = None) -> Actor:
    """The signed-in identity as an :class:`Actor` of ``register``, its role from the users table.

    Parameters
    ----------
    subject : str
        The identity provider's subject (``sub`` claim).
    email : str, optional
        Its e-mail (``email`` claim); records name it when present.

    Returns
    -------
    Actor
        Role ``"none"`` when neither the e-mail nor the subject is a user.
    """
    keys = [k for k in (identity_key(email) if email else None, identity_key(subject) if subject else None) if k]
    if not keys:
        raise AccessDenied(msg("access_nobody"))
    who = keys[0]
    rows = register._query(f"SELECT * FROM users WHERE identity IN ({', '.join('?' * len(keys))})", keys)
    by_key = {r["identity"]: _user_row(r) for r in rows}
    user = next((by_key[k] for k in reversed(keys) if k in by_key), None)  # the subject first, then the e-mail
    if user is None:
        return Actor(who, "none")
    return Actor(who, user["role"], user["agencies"])


def list_users(register: Register) -> pd.DataFrame:
    """The users, one row each (columns :data:`USER_COLUMNS`; ``agencies`` joined with "; ")."""
    rows = [_user_row(r) for r in register._query("SELECT * FROM users ORDER BY identity")]
    frame = pd.DataFrame.from_records(rows, columns=list(USER_COLUMNS))
    frame["agencies"] = frame["agencies"].map(lambda a: "; ".join(a))
    return frame


def _log(register: Register, identity: str, action: str, who: str, before: Any, after: Any) -> None:
    def dump(value: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=list)

    p = register._d.json_param
    register._execute(f"INSERT INTO users_log (identity, action, who, at, before, after) VALUES (?, ?, ?, ?, {p}, {p})",
                      (identity, action, who, register.now(), dump(before), dump(after)))


def add_user(register: Register, identity: str, role: str, *, agencies: Iterable[str] = (), name: str | None = None,
             by: str | Actor) -> dict[str, Any]:
    """Add a user, or change the role and agencies of one; logged in ``users_log``.

    Raises
    ------
    AccessDenied
        Unless ``by`` is an admin or the operator.
    InputError
        For an unknown role, an editor without agencies, or an empty identity.
    """
    actor = as_actor(by)
    actor.check_manage_users()
    key = identity_key(identity)
    if not key:
        raise InputError(msg("access_no_identity"))
    if role not in ROLES:
        raise InputError(msg("access_unknown_role", role=role, roles=", ".join(ROLES)))
    names = list(dict.fromkeys(" ".join(str(a).split()) for a in agencies if str(a).strip()))
    if role == "editor" and not names:
        raise InputError(msg("access_editor_needs_agency", key=key))
    if role != "editor":
        names = []
    after = {"identity": key, "role": role, "agencies": names, "name": name}

    def body() -> dict[str, Any]:
        old = register._execute("SELECT * FROM users WHERE identity = ?" + register._d.for_update, (key,)).fetchall()
        before = _user_row(old[0]) if old else None
        at = register.now()
        if before:
            register._execute("UPDATE users SET role = ?, agencies = ?, name = ? WHERE identity = ?",
                              (role, json.dumps(names, ensure_ascii=False), name, key))
        else:
            register._execute("INSERT INTO users (identity, role, agencies, name, added_by, added_at) "
                              "VALUES (?, ?, ?, ?, ?, ?)", (key, role, json.dumps(names, ensure_ascii=False), name,
                                                            actor.who, at))
        _log(register, key, "change" if before else "add", actor.who, before, after)
        return after

    return register._atomic(body)


def remove_user(register: Register, identity: str, *, by: str | Actor) -> None:
    """Remove a user (its past changes stay in the audit log under its name).

    Raises
    ------
    AccessDenied
        Unless ``by`` is an admin or the operator, or when an admin would remove itself.
    InputError
        If there is no such user.
    """
    actor = as_actor(by)
    actor.check_manage_users()
    key = identity_key(identity)
    if actor.role == "admin" and key == identity_key(actor.who):
        raise AccessDenied(msg("access_remove_self", who=actor.who))

    def body() -> None:
        old = register._execute("SELECT * FROM users WHERE identity = ?" + register._d.for_update, (key,)).fetchall()
        if not old:
            raise InputError(msg("access_no_user", key=key))
        register._execute("DELETE FROM users WHERE identity = ?", (key,))
        _log(register, key, "remove", actor.who, _user_row(old[0]), None)

    register._atomic(body)
