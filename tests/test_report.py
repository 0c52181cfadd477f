"""The printable A4 report: turned into PNG pages with pdftoppm, its text read with pdftotext.

The expected rank order of the regencies is computed by hand from their figures (kabkota_figures.py).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from kabkota_figures import ORDER

from geo_planner import __version__
from geo_planner.errors import InputError
from geo_planner.outputs.gate import export
from geo_planner.outputs.report import to_pdf

RATE_URL = "https://radarpaser.com/persentase-penduduk-miskin-di-paser-2024-turun"
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="pdftoppm/pdftotext (Debian package poppler-utils) are not installed: apt-get install poppler-utils")


@pytest.fixture(scope="module")
def mahulu(mirror):
    """Desa of Mahakam Ulu (64.11): the synthetic demo, pockets; holds Tiong Bu'u."""
    from geo_planner.pipeline import add_pockets, build_analysis

    return add_pockets(build_analysis("desa", "64", within="64.11", synthetic=True), permutations=99)


def _pages(pdf: Path, tmp_path: Path, dpi: int = 40) -> list[Path]:
    prefix = tmp_path / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True, capture_output=True)
    return sorted(tmp_path.glob(f"{pdf.stem}-*.png"))


def _text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    cmd = ["pdftotext"] + (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    out = subprocess.run([*cmd, str(pdf), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode("utf-8", "replace")
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def _ink(png: Path) -> float:
    from PIL import Image

    with Image.open(png) as im:
        grey = im.convert("L")
        hist = grey.histogram()
    return sum(hist[:200]) / (grey.width * grey.height)


def _colour_share(png: Path, rgb: tuple[int, int, int], tol: int = 30) -> float:
    import numpy as np
    from PIL import Image

    with Image.open(png) as im:
        px = np.asarray(im.convert("RGB"), dtype=int)
    near = (np.abs(px - np.array(rgb)) <= tol).all(axis=2)
    return float(near.mean())


@needs_poppler
def test_report_pages_are_a4_and_not_blank(analysis, tmp_path):
    pdf = to_pdf(analysis, tmp_path / "laporan.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = _pages(pdf, tmp_path)
    n = int(_info(pdf)["Pages"])
    assert len(pages) == n >= 3  # map, top-10 table, then method and sources (the URLs fill two pages)
    from PIL import Image

    for page in pages:
        with Image.open(page) as im:
            assert abs(im.height / im.width - 297 / 210) < 0.01  # A4 portrait
        assert _ink(page) > 0.01, page.name
    assert _colour_share(pages[0], (189, 0, 38)) > 0.01  # the darkest class of the choropleth
    assert _colour_share(pages[0], (192, 0, 0), tol=10) < 0.001  # no SYNTHETIC banner for sourced figures
    assert _info(pdf)["Page size"].startswith("595")


@needs_poppler
def test_report_text_table_method_sources(analysis, tmp_path):
    pdf = to_pdf(analysis, tmp_path / "laporan.pdf", top=5, title="RPKD Kalimantan Timur 2026")
    first = _text(pdf, 1, 1)
    assert "RPKD Kalimantan Timur 2026" in first and "Provinsi Kalimantan Timur" in first
    assert "Kabupaten/kota" in first and "Skor prioritas (0-100)" in first
    table = " ".join(_text(pdf, 2, 2).split())
    assert "5 wilayah prioritas teratas" in table
    codes = ORDER
    positions = [table.index(c) for c in codes[:5]]
    assert positions == sorted(positions) and codes[5] not in table  # rank order, top 5 only
    assert "Kabupaten Kutai Kartanegara" in table and "7,28" in table and "59.000" in table
    assert "Dinas Sosial" in table
    rest = " ".join(_text(pdf, 3).split())
    assert "Metode" in rest and "poverty_rate = 1, poor_population = 1" in rest
    assert RATE_URL in rest and f"geo-planner {__version__}" in rest
    assert "cahyadsn/wilayah_boundaries@" in rest and "SINTETIS" not in rest
    info = _info(pdf)
    assert info["Title"] == "RPKD Kalimantan Timur 2026" and info["Creator"] == f"geo-planner {__version__}"
    assert '"weights": {"poverty_rate": 1.0, "poor_population": 1.0}' in info["Keywords"]


@needs_poppler
def test_report_per_regency_synthetic_and_privacy(mahulu, tmp_path):
    pdf = export(mahulu, tmp_path / "mahulu.pdf", top=len(mahulu.units))
    pages = _pages(pdf, tmp_path)
    n_table = -(-len(mahulu.units) // 26)
    assert len(pages) >= 1 + n_table + 1
    assert all(_ink(p) > 0.005 for p in pages)
    assert all(_colour_share(p, (192, 0, 0), tol=12) > 0.001 for p in pages)  # red SYNTHETIC banner, every page
    text = " ".join(_text(pdf).split())
    assert "Kabupaten Mahakam Ulu (64.11)" in text
    assert "DATA SINTETIS" in text and "PERHATIAN: berisi DATA SINTETIS" in text
    assert "Angka < 5 disembunyikan" in text
    assert "Tiong Bu'u" in text  # apostrophes survive
    assert "Kantong kemiskinan" in text and "[SINTETIS/SYNTHETIC]" in text
    assert _info(pdf)["Subject"].startswith("PERHATIAN")


@needs_poppler
def test_report_in_english(analysis, tmp_path):
    pdf = to_pdf(analysis, tmp_path / "report.pdf", lang="en")
    text = " ".join(_text(pdf).split())
    assert "Poverty reduction priorities" in text and "Top 10 priority units" in text
    assert "Province Kalimantan Timur" in text and "Lead office" in text
    assert re.search(r"Page 1 of \d", text)


def test_report_needs_no_network(analysis, tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("network used while drawing the report")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    pdf = to_pdf(analysis, tmp_path / "offline.pdf")
    assert pdf.stat().st_size > 10_000


def test_report_refuses_bad_arguments(analysis, tmp_path):
    with pytest.raises(InputError, match="unknown language 'fr'"):
        to_pdf(analysis, tmp_path / "x.pdf", lang="fr")
    with pytest.raises(InputError, match="top must be at least 1"):
        to_pdf(analysis, tmp_path / "x.pdf", top=0)
