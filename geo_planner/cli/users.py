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

from geo_planner.cli.common import ROLES, lang_of
from geo_planner.errors import InputError
from geo_planner.i18n.cli import tr

__all__ = ["add_cli"]


def open_register(db: str | None):
    from geo_planner.planning.targets.register import open_register as open_

    return open_(db)


def _operator() -> str:
    name = os.environ.get("GEO_PLANNER_USER")
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError, ImportError):
            name = None
    if not name:
        raise InputError(tr("operator_unknown", lang_of()))
    return f"{name} (shell)"


def _cmd_add(args: argparse.Namespace) -> int:
    with open_register(args.db) as register:
        user = register.add_user(args.identity, args.role, agencies=args.agency or (), name=args.name,
                                 by=_operator())
        where = register.url
    lang = lang_of(args)
    agencies = tr("user_of", lang, agencies=", ".join(user["agencies"])) if user["agencies"] else ""
    print(tr("user_now", lang, identity=user["identity"], role=user["role"], agencies=agencies, where=where))
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    with open_register(args.db) as register:
        users = register.users()
        where = register.url
    if users.empty:
        print(tr("no_users", lang_of(args), where=where))
        return 0
    shown = users[["identity", "role", "agencies", "added_by", "added_at"]].fillna("")
    print(shown.to_string(index=False))
    print("\n" + tr("users_in", lang_of(args), n=len(users), where=where))
    return 0


def _cmd_remove(args: argparse.Namespace) -> int:
    with open_register(args.db) as register:
        register.remove_user(args.identity, by=_operator())
        where = register.url
    print(tr("user_removed", lang_of(args), identity=args.identity, where=where))
    return 0


def add_cli(subparsers: Any, lang: str | None = None) -> argparse.ArgumentParser:
    """Register ``users add|list|remove`` on the subparsers of ``geo-planner``.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="geo-planner")
    >>> _ = add_cli(parser.add_subparsers(dest="command", required=True))
    >>> parser.parse_args(["users", "add", "sari@pupr.go.id", "--role", "editor", "--agency", "Dinas PUPR"]).agency
    ['Dinas PUPR']
    """
    lang = lang or lang_of()

    def h(key: str) -> str:
        return tr(key, lang)

    users = subparsers.add_parser("users", help=h("cmd_users"), description=h("cmd_users"))
    sub = users.add_subparsers(dest="users_command", required=True, metavar=h("metavar_action"))

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", metavar="URL", help=h("opt_db"))

    add = sub.add_parser("add", help=h("cmd_users_add"), description=h("cmd_users_add"))
    add.add_argument("identity", help=h("opt_identity"))
    add.add_argument("--role", required=True, choices=ROLES, help=h("opt_role"))
    add.add_argument("--agency", action="append", metavar="NAME", help=h("opt_user_agency"))
    add.add_argument("--name", help=h("opt_name"))
    common(add)
    add.set_defaults(func=_cmd_add)

    lst = sub.add_parser("list", help=h("cmd_users_list"), description=h("cmd_users_list"))
    common(lst)
    lst.set_defaults(func=_cmd_list)

    rm = sub.add_parser("remove", help=h("cmd_users_remove"), description=h("cmd_users_remove"))
    rm.add_argument("identity", help=h("opt_identity_remove"))
    common(rm)
    rm.set_defaults(func=_cmd_remove)
    return users
