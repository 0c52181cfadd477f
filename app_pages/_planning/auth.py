"""Sign-in for the shared deployment, the unprotected banner, and who acts on the register.

Three ways the app runs:

- **single-user laptop** (``geo-planner serve``, 127.0.0.1, no ``[auth]`` secrets): no sign-in; changes
  are recorded under ``GEO_PLANNER_USER`` or the login name, as before;
- **shared** (``[auth]`` in ``secrets.toml``): Streamlit's native OpenID Connect sign-in (``st.login``);
  a visitor who is not signed in sees only the sign-in page, and every change is recorded under the
  signed-in identity with the role the register gives it (:meth:`Register.actor`);
- **unprotected** (``geo-planner serve --host ... --unprotected``): no sign-in, and a banner on every page
  says so. An app that listens beyond this computer with neither is refused.
"""

from __future__ import annotations

import getpass
import os
import re

import streamlit as st

from geo_planner.errors import GeoPlannerError
from geo_planner.i18n import t
from geo_planner.planning.targets import ROLES, Actor

__all__ = ["md_text", "md_lines", "auth_configured", "gate", "current_actor", "role_text", "default_who", "users_section"]

LOOPBACK = ("127.0.0.1", "localhost", "::1")
_MD_ALWAYS = re.compile(r"([\\`*\[\]<>#~$|])")  # emphasis, code, links, images, HTML, headings, maths
JOINER = "\u2060"  # an invisible word joiner: keeps a web or e-mail address from being turned into a link
_MD_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")  # _emphasis_, but not snake_case or paths
_MD_LIST = re.compile(r"^(\s*\d*)([-+.)])(?=\s)")  # a list item: "- x", "1. x"


def md_text(text: object) -> str:
    """Text a user or a file supplied, escaped for ``st.markdown``, ``st.error``, ``st.caption``: shown as written.

    Markdown, HTML and Streamlit-directive characters that could make a link, an image, emphasis, a heading,
    maths or a coloured directive are backslash-escaped, bare web addresses and e-mails are kept from
    turning into links, and line breaks become spaces; ordinary text (paths, dates, ``64.02``,
    ``snake_case``) is left as it is. So a name like ``[PUPR](https://x)`` or ``![](https://x/i.png)``
    stays text: no link, no image fetched.
    """
    out = " ".join(str(text).replace("\r", "\n").split("\n"))
    out = _MD_ALWAYS.sub(r"\\\1", out)
    out = _MD_UNDERSCORE.sub(r"\\_", out)
    out = re.sub(r":(?=[A-Za-z])", r"\\:", out)  # :red[...] and :material/...: directives
    out = out.replace("://", f":{JOINER}//").replace("@", f"@{JOINER}")  # GFM links bare addresses after parsing
    out = re.sub(r"(?i)\b(www)\.", rf"\1{JOINER}.", out)
    return _MD_LIST.sub(lambda m: m.group(1) + "\\" + m.group(2) if m.group(1).strip() or m.group(2) in "-+"
                        else m.group(0), out)


def md_lines(text: object) -> str:
    """Like :func:`md_text`, but each line of ``text`` kept on its own line (a message listing its problems):
    every line escaped, a list item's "- " shown as a bullet, hard line breaks between them."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return "  \n".join(("• " + md_text(line[2:])) if line.startswith("- ") else md_text(line) for line in lines)


def auth_configured() -> bool:
    """Is sign-in configured (an ``[auth]`` section in Streamlit's secrets)?"""
    return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)


def unprotected() -> bool:
    return os.environ.get("GEO_PLANNER_UNPROTECTED") == "1"


def _address() -> str | None:
    address = st.get_option("server.address")
    return str(address) if address else None


def gate(lang: str) -> None:
    """Before any page: the sign-in page only (shared and not signed in), the unprotected banner, or a refusal."""
    if auth_configured():
        if not st.user.is_logged_in:
            st.title(t("auth_title", lang))
            st.write(t("auth_intro", lang))
            if st.button(t("auth_login", lang), type="primary", key="auth_login"):
                st.login()
            st.stop()
        who = st.user.get("email") or st.user.get("sub")
        st.sidebar.caption(f"{t('auth_signed_in', lang)} **{md_text(who)}**")
        if st.sidebar.button(t("auth_logout", lang), key="auth_logout"):
            st.logout()
        return
    if unprotected():
        st.error(t("auth_unprotected", lang), icon="🔓")
        return
    address = _address()
    if address is not None and address not in LOOPBACK:
        st.error(t("auth_refused", lang, address=md_text(address)))
        st.stop()


def default_who() -> str:
    """The operator's name on the laptop: ``GEO_PLANNER_USER``, else the login name."""
    env = os.environ.get("GEO_PLANNER_USER")
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):
        return ""


def current_actor(reg) -> Actor | None:
    """The signed-in identity with its role in ``reg``; ``None`` without sign-in (laptop, unprotected)."""
    if not auth_configured() or not st.user.is_logged_in:
        return None
    return reg.actor(subject=st.user.get("sub"), email=st.user.get("email"))


def role_text(actor: Actor, lang: str) -> str:
    """The role as the page says it (``editor Dinas PUPR``)."""
    return t(f"auth_role_{actor.role}", lang, agencies=", ".join(actor.agencies))


def users_section(reg, actor: Actor, lang: str) -> None:
    """Admins: the users of the register and their roles; add, change or remove one."""
    with st.expander(t("tg_users", lang)):
        st.caption(t("tg_users_help", lang))
        users = reg.users()
        st.dataframe(users, hide_index=True, key="tg_users_table")
        c1, c2, c3, c4 = st.columns([3, 1, 3, 1], vertical_alignment="bottom")
        identity = c1.text_input(t("tg_user_identity", lang), key="tg_user_identity")
        role = c2.selectbox(t("tg_user_role", lang), list(ROLES), key="tg_user_role")
        agencies = c3.text_input(t("tg_user_agencies", lang), key="tg_user_agencies")
        if c4.button(t("tg_user_add", lang), key="tg_user_add", disabled=not identity.strip()):
            try:
                user = reg.add_user(identity, role, agencies=agencies.split(";"), by=actor)
            except GeoPlannerError as e:
                st.error(md_text(e))
            else:
                st.success(t("tg_user_saved", lang, who=md_text(user["identity"])))
        if len(users):
            r1, r2 = st.columns([3, 1], vertical_alignment="bottom")
            gone = r1.selectbox(t("tg_user_remove", lang), list(users["identity"]), key="tg_user_gone")
            if r2.button(t("tg_user_remove", lang), key="tg_user_remove_btn"):
                try:
                    reg.remove_user(gone, by=actor)
                except GeoPlannerError as e:
                    st.error(md_text(e))
                else:
                    st.success(t("tg_user_removed", lang, who=md_text(gone)))
