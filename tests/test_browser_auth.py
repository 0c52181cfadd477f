"""The shared deployment in a real browser: sign-in through an OpenID Connect provider, roles, hostile text.

A real OpenID Connect provider runs on loopback (``oidc-provider-mock``, no internet), the app runs with an
``[auth]`` section in its secrets pointing at it, and the register is a throw-away schema on the real
PostgreSQL server. Chromium (Playwright) signs in as three people the register knows: an editor of Dinas
PUPR, a viewer and a Bappeda admin. Requests beyond loopback are aborted and recorded; the provider's own
sign-in page asks for one stylesheet from a CDN, the only request allowed to be blocked.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.browser

from browser_support import (  # noqa: E402
    CHROMIUM,
    edit_first_quantity,
    free_port,
    idle,
    offline_page,
    screenshot,
    streamlit_server,
)
from pg_support import pg_schema  # noqa: E402

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium package)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is missing")
if importlib.util.find_spec("oidc_provider_mock") is None:  # run as its own process, never imported here
    if os.environ.get("CI"):
        pytest.fail("oidc-provider-mock is missing in CI: pip install -e '.[test]'", pytrace=False)
    pytest.skip("pip install oidc-provider-mock (the test extra)", allow_module_level=True)

EDITOR, VIEWER, ADMIN = "sari@pupr.go.id", "vina@bappeda.go.id", "admin@bappeda.go.id"
PROVIDER_CSS = "https://cdn.jsdelivr.net/npm/@picocss/pico@2/css/pico.min.css"  # the mock's sign-in page
HOSTILE = "[klik di sini](http://evil.example/phish) ![pelacak](http://evil.example/track.png) **Kepala**"
NAV = '[data-testid="stTopNav"]'
JOINER = "\u2060"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """The OpenID Connect provider, its own process on a loopback port (``python -m oidc_provider_mock``)."""
    port = free_port()
    claims = [json.dumps({"sub": f"sub-{email.split('@')[0]}", "email": email, "name": email.split("@")[0]})
              for email in (EDITOR, VIEWER, ADMIN)]
    cmd = [sys.executable, "-W", "ignore", "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port),
           *(arg for c in claims for arg in ("--user-claims", c))]
    log = (tmp_path_factory.mktemp("oidc") / "provider.log").open("wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2) as r:
                    assert json.load(r)["issuer"].startswith("http://127.0.0.1")
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the OpenID Connect provider did not start: {cmd}")
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()


@pytest.fixture(scope="module")
def register_url():
    """A PostgreSQL register with a Dinas Sosial and a Dinas PUPR target and three users."""
    from geo_planner.planning.targets import open_register

    with pg_schema("auth") as url:
        with open_register(url) as reg:
            for agency, quantity in (("Dinas Sosial", 80), ("Dinas PUPR", 100)):
                reg.add({"unit_code": "64.72", "agency": agency, "intervention": "rtlh_rehab", "year": 2026,
                         "quantity": quantity}, who="ani")
            reg.add_user(ADMIN, "admin", by="setup")
            reg.add_user(EDITOR, "editor", agencies=["Dinas PUPR"], by="setup")
            reg.add_user(VIEWER, "viewer", by="setup")
        yield url


@pytest.fixture(scope="module")
def server(tmp_path_factory, provider, register_url):
    folder = tmp_path_factory.mktemp("streamlit_auth")
    port = free_port()
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{secrets.token_hex(24)}"
client_id = "geo-planner"
client_secret = "{secrets.token_hex(12)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""", encoding="utf-8")
    env = dict(os.environ, GEO_PLANNER_DB=register_url, GEO_PLANNER_DATA=str(folder / "data"))
    env.pop("GEO_PLANNER_USER", None)
    with streamlit_server(folder, env, port=port, args=["--secrets.files", str(secrets_file)]) as url:
        yield url


def sign_in(page, server: str, email: str) -> None:
    """Sign in as ``email`` through the provider's page, as a person would."""
    page.goto(server)
    page.get_by_role("button", name="Masuk dengan akun kantor").click()
    page.get_by_role("button", name=f"sub-{email.split('@')[0]}", exact=True).click()
    page.get_by_text("Masuk sebagai", exact=False).wait_for(timeout=60_000)
    page.locator(f"{NAV} a").filter(has_text="Target instansi").click()
    page.get_by_text("Daftar target", exact=True).wait_for(timeout=60_000)
    idle(page)


def text_of(locator) -> str:
    return locator.inner_text().replace(JOINER, "")


def only_css_blocked(blocked: list[str]) -> None:
    assert set(blocked) <= {PROVIDER_CSS}, blocked


def test_a_visitor_who_is_not_signed_in_sees_only_the_sign_in(server, browser, tmp_path):
    page, blocked = offline_page(browser)
    for address in (server, f"{server}/Target_instansi", f"{server}/Alokasi_anggaran"):
        page.goto(address)
        page.get_by_role("heading", name="Masuk ke geo-planner").wait_for(timeout=60_000)
        idle(page)
        assert page.get_by_role("button", name="Masuk dengan akun kantor").count() == 1
        assert page.locator(NAV).count() == 0                         # no navigation to any page
        assert page.locator('[data-testid="stDataFrame"]').count() == 0
        assert page.get_by_text("Daftar target").count() == 0
    screenshot(page, tmp_path / "sign_in.png", "screenshot_sign_in.png", max_height=1000)
    assert not blocked, blocked
    page.close()


def test_an_editor_changes_its_agencys_target_and_only_that(server, browser, register_url, tmp_path):
    from geo_planner.planning.targets import open_register

    with open_register(register_url) as reg:
        frame = reg.list()
    pupr = int(frame.loc[frame["agency"] == "Dinas PUPR", "id"].iloc[0])
    sosial = int(frame.loc[frame["agency"] == "Dinas Sosial", "id"].iloc[0])
    page, blocked = offline_page(browser)
    sign_in(page, server, EDITOR)
    grids = page.locator('[data-testid="stDataFrame"]')
    editable = grids.first
    assert editable.locator('[data-testid="glide-cell-4-0"]').inner_text() == "Dinas PUPR"
    assert editable.locator('[data-testid="glide-cell-4-1"]').count() == 0   # one row: PUPR's only
    page.get_by_text("Target instansi lain (hanya dibaca)", exact=True).wait_for()
    others = grids.nth(1)                                                      # read only: no row-marker column
    assert others.locator('[data-testid="glide-cell-3-0"]').inner_text() == "Dinas Sosial"
    assert others.locator('[data-testid="glide-cell-4-0"]').inner_text() == "Rehabilitasi RTLH"
    assert "editor Dinas PUPR" in text_of(page.locator('[data-testid="stMain"]'))
    assert page.get_by_label("Nama Anda (dicatat pada setiap perubahan)").count() == 0  # no typed name

    edit_first_quantity(page, "777", playwright_api.TimeoutError)
    page.get_by_role("button", name="Simpan", exact=True).click()
    done = page.locator('[data-testid="stAlertContentSuccess"]', has_text="Tersimpan oleh")
    done.wait_for(timeout=30_000)
    assert text_of(done).splitlines()[-1] == f"Tersimpan oleh {EDITOR}: 0 ditambah, 1 diubah, 0 dihapus."
    with open_register(register_url) as reg:
        saved, other = reg.get(pupr), reg.get(sosial)
        log = reg.history(pupr)
    assert (saved.quantity, saved.updated_by) == (777.0, EDITOR)
    assert (log["action"].iloc[-1], log["who"].iloc[-1]) == ("update", EDITOR)   # the signed-in identity
    assert (other.quantity, other.version, other.updated_by) == (80.0, 1, "ani")  # Dinas Sosial's untouched
    screenshot(page, tmp_path / "editor.png", "screenshot_editor.png", max_height=1400)

    # someone whose name is Markdown changes the record meanwhile: the conflict names them as plain text
    edit_first_quantity(page, "555", playwright_api.TimeoutError)
    with open_register(register_url) as reg:
        reg.update(pupr, {"quantity": 300}, expected_version=saved.version, who=HOSTILE)
    page.get_by_role("button", name="Simpan", exact=True).click()
    alert = page.locator('[data-testid="stAlertContentError"]', has_text="Konflik")
    alert.wait_for(timeout=30_000)
    assert f"target {pupr} diubah oleh {HOSTILE} pada" in text_of(alert)  # the app's language
    assert alert.locator("a").count() == 0 and alert.locator("img").count() == 0
    assert alert.locator("strong").count() == 0
    page.wait_for_timeout(500)
    screenshot(page, tmp_path / "conflict.png", "screenshot_conflict_hostile.png", max_height=1400)
    assert not [u for u in blocked if "evil.example" in u], blocked   # no image fetched, nothing followed
    only_css_blocked(blocked)
    page.close()


def test_a_viewer_reads_but_cannot_save(server, browser, register_url):
    page, blocked = offline_page(browser)
    sign_in(page, server, VIEWER)
    page.get_by_text("Anda dapat membaca register ini tetapi tidak mengubahnya", exact=False).first.wait_for()
    assert page.get_by_role("button", name="Simpan", exact=True).count() == 0
    assert page.get_by_role("button", name="Impor", exact=True).is_disabled()
    grid = page.locator('[data-testid="stDataFrame"]').first
    assert {grid.locator(f'[data-testid="glide-cell-3-{r}"]').inner_text() for r in (0, 1)} == {"Dinas PUPR",
                                                                                                 "Dinas Sosial"}
    only_css_blocked(blocked)
    page.close()


def test_an_admin_changes_any_agencys_target(server, browser, register_url, tmp_path):
    from geo_planner.planning.targets import open_register

    page, blocked = offline_page(browser)
    sign_in(page, server, ADMIN)
    grid = page.locator('[data-testid="stDataFrame"]').first
    assert grid.locator('[data-testid="glide-cell-4-0"]').inner_text() == "Dinas Sosial"  # all rows editable
    page.get_by_text("Pengguna dan peran", exact=True).wait_for()
    edit_first_quantity(page, "90", playwright_api.TimeoutError)
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.locator('[data-testid="stAlertContentSuccess"]', has_text="Tersimpan oleh").wait_for(timeout=30_000)
    with open_register(register_url) as reg:
        frame = reg.list()
        sosial = frame[frame["agency"] == "Dinas Sosial"].iloc[0]
        assert (sosial["quantity"], sosial["updated_by"]) == (90.0, ADMIN)
        assert reg.history(int(sosial["id"]))["who"].iloc[-1] == ADMIN
    screenshot(page, tmp_path / "admin.png", "screenshot_admin.png", max_height=1600)
    only_css_blocked(blocked)
    page.close()

