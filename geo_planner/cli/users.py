"""``geo-planner users add|list|remove``: who may change the shared targets register.

The shell acts as the operator holding the database's credentials (recorded as
``GEO_PLANNER_USER`` or the login name); admins do the same in the app. The
first admin of a new shared register is added here.
"""

from __future__ import annotations

import argparse
import getpass
import os
from typing import Any

from geo_planner.errors import InputError
from geo_planner.planning.targets.access import ROLES
from geo_planner.planning.targets.register import open_register

__all__ = ["add_cli"]


def _operator() -> str:
    name = os.environ.get("GEO_PLANNER_USER")
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError, ImportError):
            name = None
    if not name:
        raise InputError("cannot tell who you are; set GEO_PLANNER_USER to your name (it is logged)")
    return f"{name} (shell)"


def _cmd_add(args: argparse.Namespace) -> int:
    with open_register(args.db) as register:
        user = register.add_user(args.identity, args.role, agencies=args.agency or (), name=args.name,
                                 by=_operator())
        where = register.url
    agencies = f" of {', '.join(user['agencies'])}" if user["agencies"] else ""
    print(f"{user['identity']} is now {user['role']}{agencies} in {where}")
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    with open_register(args.db) as register:
        users = register.users()
        where = register.url
    if users.empty:
        print(f"the register at {where} has no users: it is a single-user register (anyone with access to "
              "the database may change it); add the first admin with geo-planner users add EMAIL --role admin")
        return 0
    shown = users[["identity", "role", "agencies", "added_by", "added_at"]].fillna("")
    print(shown.to_string(index=False))
    print(f"\n{len(users)} user(s) in {where}")
    return 0


def _cmd_remove(args: argparse.Namespace) -> int:
    with open_register(args.db) as register:
        register.remove_user(args.identity, by=_operator())
        where = register.url
    print(f"removed {args.identity} from {where}; their past changes stay in the audit log")
    return 0


def add_cli(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``users add|list|remove`` on the subparsers of ``geo-planner``.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="geo-planner")
    >>> _ = add_cli(parser.add_subparsers(dest="command", required=True))
    >>> parser.parse_args(["users", "add", "sari@pupr.go.id", "--role", "editor", "--agency", "Dinas PUPR"]).agency
    ['Dinas PUPR']
    """
    users = subparsers.add_parser("users", help="who may read and change the shared targets register")
    sub = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", metavar="URL", help="postgresql://user:password@host/db or sqlite:///path "
                       "(default: GEO_PLANNER_DB, else targets.sqlite in the data folder)")

    add = sub.add_parser("add", help="add a user, or change a user's role and agencies")
    add.add_argument("identity", help="the e-mail (or identity-provider subject) the user signs in with")
    add.add_argument("--role", required=True, choices=ROLES,
                     help="viewer: reads; editor: changes its agencies' targets; admin: everything")
    add.add_argument("--agency", action="append", metavar="NAME",
                     help="agency an editor edits for, as written in the targets (e.g. 'Dinas PUPR'); repeatable")
    add.add_argument("--name", help="display name (optional)")
    common(add)
    add.set_defaults(func=_cmd_add)

    lst = sub.add_parser("list", help="print the users and their roles")
    common(lst)
    lst.set_defaults(func=_cmd_list)

    rm = sub.add_parser("remove", help="remove a user")
    rm.add_argument("identity")
    common(rm)
    rm.set_defaults(func=_cmd_remove)
    return users
