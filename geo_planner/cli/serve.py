"""``geo-planner serve``: the browser app, on this computer only unless a shared deployment is set up.

By default the app listens on 127.0.0.1: the single-user laptop, no sign-in.
``--host ADDRESS`` (e.g. ``0.0.0.0`` behind a reverse proxy) serves other
computers and then requires sign-in through the office's identity provider
(Streamlit's ``[auth]`` section in ``secrets.toml``, see the README); without
it the command refuses to start, unless ``--unprotected`` is given, which
shows every visitor a banner saying that anyone on the network may change the
targets.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from geo_planner.cli.common import lang_of
from geo_planner.errors import GeoPlannerError, InputError
from geo_planner.i18n.cli import tr
from geo_planner.i18n.messages import msg

__all__ = ["add_serve_command", "auth_problem", "secrets_files", "LOOPBACK", "serve_command"]

LOOPBACK = ("127.0.0.1", "localhost", "::1")
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


def _app_file() -> Path:
    import geo_planner

    app = Path(geo_planner.__file__).resolve().parents[1] / "app.py"
    if not app.is_file():
        raise GeoPlannerError(msg("serve_no_app", app=app))
    return app


def secrets_files(app: Path, explicit: str | None = None) -> list[Path]:
    """The ``secrets.toml`` files Streamlit reads for ``app`` (or only ``explicit``), in order."""
    if explicit:
        return [Path(explicit).expanduser()]
    return list(dict.fromkeys([Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml",
                               app.parent / ".streamlit" / "secrets.toml"]))


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            raise GeoPlannerError(msg("serve_no_toml")) from None
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(msg("serve_bad_toml", path=path, reason=exc)) from None


def auth_problem(files: list[Path], lang: str = "en") -> str | None:
    """Why sign-in is not configured in ``files`` (``None`` when an ``[auth]`` section is complete), in ``lang``.

    Complete means ``redirect_uri`` and ``cookie_secret``, and ``client_id``,
    ``client_secret`` and ``server_metadata_url`` either in ``[auth]`` itself
    or in one provider section such as ``[auth.kantor]``.
    """
    auth: dict[str, Any] = {}
    for path in files:
        if path.is_file():
            auth.update(_load_toml(path).get("auth", {}))
    if not auth:
        return tr("auth_none", lang, where=tr("auth_or", lang).join(str(p) for p in files))
    missing = [k for k in ("redirect_uri", "cookie_secret") if not auth.get(k)]
    providers = [auth, *(v for v in auth.values() if isinstance(v, dict))]
    if not any(all(p.get(k) for k in _PROVIDER_KEYS) for p in providers):
        missing.append(tr("auth_provider_keys", lang, keys=tr("auth_and", lang).join(_PROVIDER_KEYS)))
    return tr("auth_lacks", lang, missing=", ".join(missing)) if missing else None


def serve_command(args: argparse.Namespace) -> tuple[list[str], dict[str, str]]:
    """The ``streamlit run`` command and environment for these options; refuse an unprotected shared app.

    Raises
    ------
    InputError
        For ``--host`` other than this computer without sign-in configured and
        without ``--unprotected``.
    """
    app = _app_file()
    host = args.host
    env = dict(os.environ)
    env.pop("GEO_PLANNER_UNPROTECTED", None)
    # Streamlit reads .streamlit/config.toml from the working folder only, so what must hold wherever
    # this is run from is given here too: no forced full garbage collection after every run (0.2-0.4 s
    # per rerun, see that file)
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port),
           "--server.address", host, "--runner.postScriptGC", "false"]
    if args.secrets:
        cmd += ["--secrets.files", str(Path(args.secrets).expanduser())]
    if host not in LOOPBACK:
        problem = auth_problem(secrets_files(app, args.secrets), lang_of(args))
        if problem and not args.unprotected:
            raise InputError(tr("serve_refused", lang_of(args), host=host, problem=problem))
        if problem:
            env["GEO_PLANNER_UNPROTECTED"] = "1"
    return cmd, env


def _cmd_serve(args: argparse.Namespace) -> int:
    cmd, env = serve_command(args)
    if env.get("GEO_PLANNER_UNPROTECTED"):
        print(tr("serve_unprotected", lang_of(args), host=args.host), file=sys.stderr)
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 130


def add_serve_command(sub: Any, lang: str | None = None) -> argparse.ArgumentParser:
    """Register ``serve`` on the subparsers of ``geo-planner``.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="geo-planner")
    >>> _ = add_serve_command(parser.add_subparsers(dest="command", required=True))
    >>> parser.parse_args(["serve"]).host
    '127.0.0.1'
    """
    lang = lang or lang_of()
    serve = sub.add_parser("serve", help=tr("cmd_serve", lang), description=tr("cmd_serve", lang))
    serve.add_argument("--port", type=int, default=8501, help=tr("opt_port", lang))
    serve.add_argument("--host", default="127.0.0.1", metavar="ADDRESS", help=tr("opt_host", lang))
    serve.add_argument("--secrets", metavar=tr("metavar_file", lang), help=tr("opt_secrets", lang))
    serve.add_argument("--unprotected", action="store_true", help=tr("opt_unprotected", lang))
    serve.set_defaults(func=_cmd_serve)
    return serve
