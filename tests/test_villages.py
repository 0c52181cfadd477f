"""The pinned IDM village files: catalogue, mirror, sha256, cache, provinces not catalogued."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from geo_planner.errors import DataUnavailableError
from geo_planner.sources import villages

# From ../shared/data/villages/SOURCE.md (the "Files" table), not from the module under test.
PINNED = {
    "idm_2024": ("1d09fa3bf59b44cb2f8c23f42817da1f4fba15d5", "data/idm/2024/prov/64.json",
                 "0534d35425e8bfd515295a8f0aa3f566020b26acea69e7fa1716bf8ca31458f3"),
    "idm_2023": ("db732016c823dd1592c8d5f477506412d01380eb", "data/idm/2023/prov/64.json",
                 "195c2ba92c84ca368a12ae778b7ae0040633af370d50f40866fe2691c79952c5"),
    "indicators": ("1f4e0bc8f007197537a0dc7d5f528376f7cdb63d", "data/idm/2024/indikator/64.json",
                   "cd6f7549ab59d4d24634ffe45841412c2e4c336b58700a475c2285e077eb4e80"),
    "dictionary": ("1f4e0bc8f007197537a0dc7d5f528376f7cdb63d", "data/idm/2024/indikator/meta.json",
                   "7b3c825c1afe479d8cf0cf732a5b4edadeaa2263dccd55b8913f6c9f15290c6e"),
}
REPO_NAME = "kristonova/Visualisasi-Indeks-Desa-Membangun--IDM--2024"


@pytest.fixture(scope="module")
def village_mirror() -> Path:
    import os

    path = Path(os.environ.get("GEO_PLANNER_VILLAGES_MIRROR", ""))
    if not path.is_dir():
        pytest.fail("village mirror missing: put ../shared beside the repo or set GEO_PLANNER_VILLAGES_MIRROR")
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_kaltim_is_catalogued_with_the_pinned_files():
    assert villages.catalogued_provinces() == ["64"]
    for kind, (commit, path, digest) in PINNED.items():
        assert villages.catalogue()[(commit, path)] == digest
        assert villages.file_url(kind, "64") == f"https://raw.githubusercontent.com/{REPO_NAME}/{commit}/{path}"


def test_mirror_files_are_read_and_checked(village_mirror):
    files = villages.village_files("64")
    assert sorted(files) == sorted(PINNED)
    for kind, (commit, path, digest) in PINNED.items():
        assert files[kind] == village_mirror / commit / path
        assert sha(files[kind]) == digest


def test_a_mirror_file_with_another_hash_is_refused(village_mirror, tmp_path):
    commit, path, _ = PINNED["idm_2024"]
    copy = tmp_path / "mirror"
    shutil.copytree(village_mirror, copy)
    target = copy / commit / path
    target.chmod(0o644)
    target.write_bytes(target.read_bytes().replace(b'"n":841', b'"n":842', 1))
    with pytest.raises(DataUnavailableError) as err:
        villages.fetch_village_file("idm_2024", "64", mirror=copy)
    assert "does not match the pinned sha256 of data/idm/2024/prov/64.json at commit 1d09fa3" in str(err.value)
    assert "replace it with the file of that commit" in str(err.value)


def test_a_mirror_without_the_file_names_the_layout(tmp_path):
    with pytest.raises(DataUnavailableError, match="one folder per pinned commit"):
        villages.fetch_village_file("idm_2023", "64", mirror=tmp_path)


def test_a_province_not_catalogued_gets_one_sentence():
    with pytest.raises(DataUnavailableError) as err:
        villages.village_files("63")
    text = str(err.value)
    assert text.startswith("IDM village files of province 63 (Kalimantan Selatan) are not in geo-planner's catalogue")
    assert "64 (Kalimantan Timur)" in text and "village_files.sha256" in text and "\n" not in text


def test_a_cached_file_is_used_without_mirror_or_network(village_mirror, tmp_path, monkeypatch):
    """pooch finds the checked file in the cache and does not download it again."""
    monkeypatch.delenv("GEO_PLANNER_VILLAGES_MIRROR", raising=False)
    commit, path, digest = PINNED["indicators"]
    cached = tmp_path / "villages" / commit[:12] / path
    cached.parent.mkdir(parents=True)
    shutil.copyfile(village_mirror / commit / path, cached)
    got = villages.fetch_village_file("indicators", "64", cache=tmp_path)
    assert got == cached and sha(got) == digest


def test_attribution_names_the_publisher_the_portal_and_the_compiler():
    text = villages.attribution("en")
    assert "Kemendes PDTT" in text and "Satu Data Indonesia" in text and REPO_NAME in text
    assert "1d09fa3, db73201, 1f4e0bc" in text
    assert "Kementerian Desa" in villages.attribution("id")
