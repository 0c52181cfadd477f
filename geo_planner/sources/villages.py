"""Village figures: Indeks Desa Membangun (IDM) files, pinned, checked, cached or mirrored.

IDM (Kemendes PDTT, published on Satu Data Indonesia, data.go.id) scores every
desa each year. The public repository
``kristonova/Visualisasi-Indeks-Desa-Membangun--IDM--2024`` compiled the
official releases into compact JSON, one file per province; geo-planner reads
those files at pinned commits:

==============  ==========  ===========================================  ======================
file            commit      path                                         holds
==============  ==========  ===========================================  ======================
``idm_2024``    1d09fa3     ``data/idm/2024/prov/<pp>.json``             IDM, IKS, IKE, IKL, status
``idm_2023``    db73201     ``data/idm/2023/prov/<pp>.json``             the same for 2023
``indicators``  1f4e0bc     ``data/idm/2024/indikator/<pp>.json``        50 indicator scores (0-5)
``dictionary``  1f4e0bc     ``data/idm/2024/indikator/meta.json``        indicators, sub-dimensions, agencies
==============  ==========  ===========================================  ======================

Each file is checked against the sha256 in
``geo_planner/sources/village_files.sha256`` and fetched once with pooch into
the cache (``GEO_PLANNER_CACHE``), or read from a mirror
(``GEO_PLANNER_VILLAGES_MIRROR``) laid out like the upstream at each commit:
``<mirror>/<commit>/<path>``. A province is available when its files are in
the catalogue (Kalimantan Timur, ``64``, is); any other province of the
source is a few catalogue lines away. This module only fetches and checks
files; :mod:`geo_planner.layers.idm` turns them into a layer.

>>> paths = village_files("64")            # doctest: +SKIP
>>> sorted(paths)                          # doctest: +SKIP
['dictionary', 'idm_2023', 'idm_2024', 'indicators']
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources
from pathlib import Path

from geo_planner import settings
from geo_planner.errors import DataUnavailableError
from geo_planner.i18n import STRINGS
from geo_planner.i18n.messages import msg
from geo_planner.sources.boundaries import PROVINCES, province_name, retrieve_pinned

__all__ = ["REPOSITORY", "COMMITS", "FILES", "ATTRIBUTION_ID", "ATTRIBUTION_EN", "catalogue", "catalogued_provinces",
           "file_url", "village_files", "fetch_village_file", "attribution", "DATASET_2024"]

REPOSITORY = "kristonova/Visualisasi-Indeks-Desa-Membangun--IDM--2024"
RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"
COMMITS = {
    "idm_2024": "1d09fa3bf59b44cb2f8c23f42817da1f4fba15d5",
    "idm_2023": "db732016c823dd1592c8d5f477506412d01380eb",
    "indicators": "1f4e0bc8f007197537a0dc7d5f528376f7cdb63d",
    "dictionary": "1f4e0bc8f007197537a0dc7d5f528376f7cdb63d",
}
FILES = {
    "idm_2024": "data/idm/2024/prov/{province}.json",
    "idm_2023": "data/idm/2023/prov/{province}.json",
    "indicators": "data/idm/2024/indikator/{province}.json",
    "dictionary": "data/idm/2024/indikator/meta.json",
}
DATASET_2024 = "https://data.go.id/dataset/dataset/data-indeks-desa-membangun-tahun-2024"
ATTRIBUTION_ID, ATTRIBUTION_EN = STRINGS["idm_attribution"]  # .format(repo=..., commits=...)


@functools.lru_cache(maxsize=1)
def catalogue() -> dict[tuple[str, str], str]:
    """``(commit, path) -> sha256`` of every pinned file (``village_files.sha256``)."""
    text = resources.files("geo_planner").joinpath("sources/village_files.sha256").read_text()
    rows = (line.split() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {(commit, path): sha for commit, path, sha in rows}


def _key(kind: str, province: str) -> tuple[str, str]:
    return COMMITS[kind], FILES[kind].format(province=province)


def catalogued_provinces() -> list[str]:
    """Province codes whose IDM files are all in the catalogue (``['64']``)."""
    return [p for p in PROVINCES if all(_key(kind, p) in catalogue() for kind in FILES)]


def file_url(kind: str, province: str) -> str:
    """The upstream address of one file at its pinned commit."""
    commit, path = _key(kind, province)
    return RAW.format(repo=REPOSITORY, commit=commit, path=path)


def attribution(lang: str = "id") -> str:
    """The credit line every screen and export carries (Kemendes PDTT, Satu Data Indonesia, compiler)."""
    commits = ", ".join(dict.fromkeys(c[:7] for c in COMMITS.values()))
    return (ATTRIBUTION_EN if lang == "en" else ATTRIBUTION_ID).format(repo=REPOSITORY, commits=commits)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_province(province: str) -> None:
    if province in catalogued_provinces():
        return
    known = ", ".join(f"{p} ({province_name(p)})" for p in catalogued_provinces())
    raise DataUnavailableError(msg("villages_not_catalogued", province=province, name=province_name(province),
                                   known=known, repo=REPOSITORY))


def fetch_village_file(kind: str, province: str, *, mirror: Path | None = None,
                       cache: Path | None = None) -> Path:
    """A local, sha256-checked copy of one IDM file (``kind`` one of :data:`FILES`).

    Reads ``<mirror>/<commit>/<path>`` when ``mirror`` (or
    ``GEO_PLANNER_VILLAGES_MIRROR``) is set, else downloads once into
    ``cache`` (or ``GEO_PLANNER_CACHE``).

    Raises
    ------
    DataUnavailableError
        A province not in the catalogue, a mirror without the file or with
        another version of it, no network, or a download whose checksum fails.
    """
    _check_province(province)
    commit, path = _key(kind, province)
    expected = catalogue()[(commit, path)]
    mirror = mirror if mirror is not None else settings.villages_mirror_dir()
    if mirror is not None:
        local = Path(mirror) / commit / path
        if not local.is_file():
            raise DataUnavailableError(msg("villages_mirror_missing", mirror=mirror, file=f"{commit}/{path}",
                                           repo=REPOSITORY))
        if _sha256(local) != expected:
            raise DataUnavailableError(msg("villages_mirror_sha", local=local, file=path, commit=commit[:7]))
        return local
    cache = Path(cache) if cache is not None else settings.cache_dir()
    url = file_url(kind, province)
    folder = cache / "villages" / commit[:12] / Path(path).parent
    advice = msg("villages_offline_advice", cache=cache, repo=REPOSITORY)
    return retrieve_pinned(url, expected, fname=Path(path).name, folder=folder, name=path, advice=advice)


def village_files(province: str, *, mirror: Path | None = None, cache: Path | None = None) -> dict[str, Path]:
    """Every IDM file of a province, checked: ``{"idm_2024": Path, "idm_2023": ..., ...}``."""
    return {kind: fetch_village_file(kind, province, mirror=mirror, cache=cache) for kind in FILES}
