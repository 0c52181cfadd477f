"""``geo-planner serve``: this computer only by default; other computers only with sign-in or on purpose."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser_support import free_port

from geo_planner.cli import commands as cli
from geo_planner.cli.serve import auth_problem, serve_command

REPO = Path(__file__).resolve().parents[1]
AUTH = """[auth]
redirect_uri = "https://planner.bappeda.example/oauth2callback"
cookie_secret = "0123456789abcdef0123456789abcdef"
[auth.kantor]
client_id = "geo-planner"
client_secret = "s3cret"
server_metadata_url = "https://login.bappeda.example/realms/kaltim/.well-known/openid-configuration"
"""


def _listening(port: int) -> set[str]:
    """The local addresses listening on ``port`` (from /proc/net/tcp and tcp6), e.g. {"127.0.0.1"}."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                if width == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(address)[::-1]))
                else:
                    raw = b"".join(bytes.fromhex(address[i:i + 8])[::-1] for i in range(0, 32, 8))
                    found.add(socket.inet_ntop(socket.AF_INET6, raw))
    return found


def test_serve_listens_on_this_computer_only_by_default(tmp_path):
    port = free_port()
    env = dict(os.environ, GEO_PLANNER_DATA=str(tmp_path), PYTHONPATH=str(REPO), HOME=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-m", "geo_planner.cli", "serve", "--port", str(port)], cwd=tmp_path,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not _listening(port):
            assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(0.3)
        assert _listening(port) == {"127.0.0.1"}
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(20)


def _args(**kw) -> argparse.Namespace:
    return argparse.Namespace(**{"port": 8501, "host": "127.0.0.1", "secrets": None, "unprotected": False, **kw})


def test_serving_other_computers_needs_sign_in_or_an_explicit_flag(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    code = cli.main(["serve", "--host", "0.0.0.0"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("geo-planner: error: refusing to serve the app to other computers (0.0.0.0) without "
                          "sign-in: no [auth] section in") and "--unprotected" in err
    cmd, env = serve_command(_args(host="0.0.0.0", unprotected=True))
    assert cmd[cmd.index("--server.address") + 1] == "0.0.0.0" and env["GEO_PLANNER_UNPROTECTED"] == "1"
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(AUTH, encoding="utf-8")
    cmd, env = serve_command(_args(host="10.0.0.5", secrets=str(secrets)))
    assert cmd[-2:] == ["--secrets.files", str(secrets)] and "GEO_PLANNER_UNPROTECTED" not in env
    cmd, env = serve_command(_args())
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1" and "GEO_PLANNER_UNPROTECTED" not in env
    # wherever it is started from: no full garbage collection forced after each rerun (as .streamlit/config.toml)
    assert cmd[cmd.index("--runner.postScriptGC") + 1] == "false"


def test_an_incomplete_auth_section_is_named(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_text('[auth]\nredirect_uri = "https://x/oauth2callback"\n', encoding="utf-8")
    assert auth_problem([path]) == ("the [auth] section lacks cookie_secret, client_id and client_secret and "
                                    "server_metadata_url (in [auth] or a provider section)")
    path.write_text(AUTH, encoding="utf-8")
    assert auth_problem([path]) is None
    path.write_text("[auth\n", encoding="utf-8")
    with pytest.raises(Exception, match="is not valid TOML"):
        auth_problem([path])


def test_an_unprotected_app_shows_its_banner_and_a_refused_one_shows_nothing_else(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("GEO_PLANNER_DATA", str(tmp_path))
    monkeypatch.setenv("GEO_PLANNER_UNPROTECTED", "1")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    assert at.error[0].value.startswith("TIDAK TERLINDUNGI: aplikasi ini terbuka untuk jaringan tanpa masuk akun")
    monkeypatch.delenv("GEO_PLANNER_UNPROTECTED")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")  # as `streamlit run app.py --server.address 0.0.0.0`
    try:
        at.run()
    finally:
        config.set_option("server.address", before)
    assert [e.value for e in at.error] == [
        "Aplikasi ini melayani komputer lain (0.0.0.0) tanpa masuk akun. Atur penyedia identitas ([auth] di "
        "secrets.toml, lihat README) atau jalankan geo-planner serve tanpa --host."]
    assert not at.title and not at.dataframe
