"""Administrative boundaries: the pinned public source, its cache, its mirror.

Units come from the public repository ``cahyadsn/wilayah_boundaries`` (MIT,
Kemendagri 2025 codes) at a pinned commit. Each file is checked against the
sha256 in ``geo_planner/sources/boundary_files.sha256`` and fetched once with
pooch into the cache (``GEO_PLANNER_CACHE``) or read from a local mirror
(``GEO_PLANNER_MIRROR``, laid out like the upstream). This module only fetches
and checks files; :mod:`geo_planner.units.hierarchy` turns them into units.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources
from pathlib import Path

import pooch

from geo_planner import settings
from geo_planner.errors import DataUnavailableError, InputError
from geo_planner.i18n.messages import msg

__all__ = ["LEVELS", "UPSTREAM_REPO", "UPSTREAM_COMMIT", "PROVINCES", "CODE_DEPTH", "source_files",
           "fetch_source_file", "retrieve_pinned", "check_args", "province_name"]

LEVELS = ("province", "kabkota", "kecamatan", "desa")
UPSTREAM_REPO = "cahyadsn/wilayah_boundaries"
UPSTREAM_COMMIT = "3c5a7960f4d227a38489094d84252bdbb3f978a5"
BASE_URL = f"https://raw.githubusercontent.com/{UPSTREAM_REPO}/{UPSTREAM_COMMIT}/"

CODE_DEPTH = {"kabkota": 2, "kecamatan": 3, "desa": 4}
PROVINCES = {
    "11": "Aceh", "12": "Sumatera Utara", "13": "Sumatera Barat", "14": "Riau", "15": "Jambi",
    "16": "Sumatera Selatan", "17": "Bengkulu", "18": "Lampung", "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau", "31": "DKI Jakarta", "32": "Jawa Barat", "33": "Jawa Tengah",
    "34": "DI Yogyakarta", "35": "Jawa Timur", "36": "Banten", "51": "Bali",
    "52": "Nusa Tenggara Barat", "53": "Nusa Tenggara Timur", "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah", "63": "Kalimantan Selatan", "64": "Kalimantan Timur",
    "65": "Kalimantan Utara", "71": "Sulawesi Utara", "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan", "74": "Sulawesi Tenggara", "75": "Gorontalo", "76": "Sulawesi Barat",
    "81": "Maluku", "82": "Maluku Utara", "91": "Papua", "92": "Papua Barat",
    "93": "Papua Selatan", "94": "Papua Tengah", "95": "Papua Pegunungan", "96": "Papua Barat Daya",
}


def province_name(province: str) -> str:
    """Name of a province by its two-digit code (``'64'`` -> ``'Kalimantan Timur'``)."""
    return PROVINCES.get(str(province), f"Provinsi {province}")


@functools.lru_cache(maxsize=1)
def _registry() -> dict[str, str]:
    text = resources.files("geo_planner").joinpath("sources/boundary_files.sha256").read_text()
    pairs = (line.split() for line in text.splitlines() if line and not line.startswith("#"))
    return {path: sha for path, sha in pairs}


def check_args(province: str, level: str) -> None:
    if level not in LEVELS:
        raise InputError(msg("boundaries_unknown_level", level=level, levels=", ".join(LEVELS)))
    if str(province) not in PROVINCES:
        raise InputError(msg("boundaries_unknown_province", province=province))


def source_files(province: str, level: str) -> list[str]:
    """Upstream paths (relative to the repository root) that make one level.

    The province level is the union of the cleaned kab/kota units, so it
    needs the kab/kota file.
    """
    check_args(province, level)
    registry = _registry()
    if level in ("province", "kabkota"):
        files = [f"db/kab/wilayah_boundaries_kab_{province}.sql"]
    elif level == "kecamatan":
        files = [f"db/kec/wilayah_boundaries_kec_{province}.sql"]
    else:
        prefix = f"db/kel/{province}/wilayah_boundaries_kel_{province}."
        files = sorted(p for p in registry if p.startswith(prefix))
        if not files:
            raise DataUnavailableError(msg("boundaries_no_desa", province=province,
                                           pinned=f"{UPSTREAM_REPO}@{UPSTREAM_COMMIT[:7]}"))
    missing = [f for f in files if f not in registry]
    if missing:
        raise DataUnavailableError(msg("boundaries_not_pinned", file=missing[0]))
    return files


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_source_file(relpath: str, *, mirror: Path | None = None, cache: Path | None = None) -> Path:
    """Return a local, sha256-checked copy of one upstream file.

    Reads from ``mirror`` (or ``GEO_PLANNER_MIRROR``) when set, else downloads
    once into ``cache`` (or ``GEO_PLANNER_CACHE``).

    Raises
    ------
    DataUnavailableError
        No mirror, no network, or a file whose checksum does not match.
    """
    expected = _registry()[relpath]
    mirror = mirror if mirror is not None else settings.mirror_dir()
    if mirror is not None:
        path = Path(mirror) / relpath
        if not path.is_file():
            raise DataUnavailableError(msg("boundaries_mirror_missing", mirror=mirror, file=relpath,
                                           repo=UPSTREAM_REPO))
        if _sha256(path) != expected:
            raise DataUnavailableError(msg("boundaries_mirror_sha", path=path, file=relpath,
                                           commit=UPSTREAM_COMMIT[:7]))
        return path
    cache = cache if cache is not None else settings.cache_dir()
    target = Path(cache) / "upstream" / UPSTREAM_COMMIT[:12] / Path(relpath).parent
    return retrieve_pinned(BASE_URL + relpath, expected, fname=Path(relpath).name, folder=target, name=relpath,
                           advice=msg("boundaries_offline_advice", cache=cache, repo=UPSTREAM_REPO))


def retrieve_pinned(url: str, sha256: str, *, fname: str, folder: Path, name: str, advice: str) -> Path:
    """Download ``url`` once with pooch into ``folder``, checked against ``sha256``; every failure is one
    sentence (a hash mismatch names ``name``, a network failure ends with ``advice``)."""
    try:
        found = pooch.retrieve(url=url, known_hash=f"sha256:{sha256}", fname=fname, path=folder, progressbar=False)
    except ValueError as exc:  # pooch: hash mismatch
        raise DataUnavailableError(msg("boundaries_sha_failed", name=name, error=exc)) from None
    except Exception as exc:  # requests/urllib errors differ by version; report, never trace
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise DataUnavailableError(msg("boundaries_download_failed", url=url, error=type(exc).__name__, advice=advice)
                                   ) from None
    return Path(found)


