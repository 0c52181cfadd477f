"""Settings read from the environment, with documented defaults.

An argument of ``None`` in a public function falls back to these settings.

- ``GEO_PLANNER_CACHE``: folder for downloaded and cleaned boundaries
  (default: the user cache folder, e.g. ``~/.cache/geo-planner``).
- ``GEO_PLANNER_MIRROR``: folder laid out like the upstream boundary
  repository (``db/kab/...``, ``db/kec/...``, ``db/kel/...``), read instead of
  downloading, for offline use.
- ``GEO_PLANNER_VILLAGES_MIRROR``: folder laid out like the upstream village
  (IDM) source, one sub-folder per pinned commit (``<commit>/data/idm/...``),
  read instead of downloading (:mod:`geo_planner.sources.villages`).
- ``GEO_PLANNER_PROVINCE``: default province code (``64``, Kalimantan Timur).
- ``GEO_PLANNER_MAX_UPLOAD_MB``: largest input file accepted (default 50).
- ``GEO_PLANNER_DB``: the targets register's database (``postgresql://...``
  for a shared PostGIS server); default: the embedded SQLite file in
  ``GEO_PLANNER_DATA`` (default ``~/.local/share/geo-planner``).
- ``GEO_PLANNER_USER``: the name recorded as "who" in the register.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_dir", "mirror_dir", "villages_mirror_dir", "default_province", "max_input_bytes"]


def cache_dir() -> Path:
    env = os.environ.get("GEO_PLANNER_CACHE")
    if env:
        return Path(env).expanduser()
    import pooch

    return Path(pooch.os_cache("geo-planner"))


def mirror_dir() -> Path | None:
    env = os.environ.get("GEO_PLANNER_MIRROR")
    return Path(env).expanduser() if env else None


def villages_mirror_dir() -> Path | None:
    env = os.environ.get("GEO_PLANNER_VILLAGES_MIRROR")
    return Path(env).expanduser() if env else None


def default_province() -> str:
    return os.environ.get("GEO_PLANNER_PROVINCE", "64")


def max_input_bytes() -> int:
    return int(float(os.environ.get("GEO_PLANNER_MAX_UPLOAD_MB", "50")) * 1_000_000)
