"""The command line speaks Bahasa Indonesia by default and English with --lang en or GEO_PLANNER_LANG=en.

conftest.py sets GEO_PLANNER_LANG=en for the tests written against English messages; the tests
here unset it to see what a planner sees by default.
"""

from __future__ import annotations

import argparse
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo_planner.cli.commands import build_parser, main
from geo_planner.i18n.cli import CLI_STRINGS, resolve_lang

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def indonesian(monkeypatch):
    monkeypatch.delenv("GEO_PLANNER_LANG", raising=False)


@pytest.fixture
def table(tmp_path) -> Path:
    path = tmp_path / "rtlh.csv"
    path.write_text("nama,rtlh (unit)\nKukar,120\nSamarinda,300\nBerau,40\n", encoding="utf-8")
    return path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _cli(*argv: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "GEO_PLANNER_LANG"}
    environ.update(env)
    environ["PYTHONPATH"] = str(REPO) + os.pathsep + environ.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "geo_planner.cli", *argv], capture_output=True, text=True,
                          env=environ, cwd=REPO, timeout=120)


def _walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command path, action) for every option and argument of every (sub)command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _walk(sub, (*path, name))
        else:
            yield path, action


def _helps(lang: str) -> dict[tuple[str, ...], str | None]:
    return {(*path, action.dest): action.help for path, action in _walk(build_parser(lang))}


def _commands(lang: str) -> dict[tuple[str, ...], str | None]:
    out = {}

    def walk(parser, path):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps = {a.dest: a.help for a in action._choices_actions}
                for name, sub in action.choices.items():
                    out[(*path, name)] = helps.get(name)
                    walk(sub, (*path, name))

    walk(build_parser(lang), ())
    return out


# --------------------------------------------------------------------------- help texts

def test_every_option_of_every_command_has_an_indonesian_and_an_english_help():
    ids, ens = _helps("id"), _helps("en")
    assert ids.keys() == ens.keys() and len(ids) > 100
    missing = [k for k in ids if not ids[k] or not ens[k]]
    assert missing == []
    same = [k for k in ids if ids[k] == ens[k]]
    assert same == []  # every help differs between the languages: none was left untranslated
    assert ids[("validate", "sheet")].startswith("lembar buku kerja")
    assert ens[("validate", "sheet")].startswith("sheet of a workbook")
    assert ids[("help",)] == "tampilkan bantuan ini lalu keluar"
    assert ens[("help",)] == "show this help message and exit"


def test_every_command_has_an_indonesian_and_an_english_help():
    ids, ens = _commands("id"), _commands("en")
    assert ids.keys() == ens.keys()
    assert {("rank",), ("validate",), ("targets", "import"), ("users", "add"), ("data", "fetch")} <= ids.keys()
    assert [k for k in ids if not ids[k] or not ens[k] or ids[k] == ens[k]] == []


def test_the_catalogue_has_both_languages_with_the_same_placeholders():
    fields = string.Formatter()
    for key, (id_text, en_text) in CLI_STRINGS.items():
        assert id_text.strip() and en_text.strip(), key
        names = [{f for _, f, _, _ in fields.parse(text) if f} for text in (id_text, en_text)]
        assert names[0] == names[1], key


def test_help_is_indonesian_by_default():
    proc = _cli("--help")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("penggunaan: geo-planner")
    assert "argumen posisi:" in lines and "opsi:" in lines
    assert "  -h, --help      tampilkan bantuan ini lalu keluar" in lines
    assert re.search(r"^\s+validate\s+periksa tabel angka dan daftar setiap masalahnya$", proc.stdout, re.M)


@pytest.mark.parametrize(("argv", "env"), [(["--help", "--lang", "en"], {}), (["--lang=en", "--help"], {}),
                                           (["--help"], {"GEO_PLANNER_LANG": "en"})])
def test_help_in_english_with_lang_en_or_the_environment(argv, env):
    proc = _cli(*argv, **env)
    assert proc.returncode == 0
    assert proc.stdout.startswith("usage: geo-planner")
    assert re.search(r"^\s+validate\s+check a table of figures and list every problem$", proc.stdout, re.M)


def test_the_system_locale_does_not_switch_to_english():
    proc = _cli("validate", "--help", LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8")
    assert proc.returncode == 0 and proc.stdout.startswith("penggunaan: geo-planner validate")
    assert "lembar buku kerja, menurut nama atau nomor mulai 0" in " ".join(proc.stdout.split())


def test_subcommand_help_in_english():
    proc = _cli("export", "--help", "--lang", "en")
    text = " ".join(proc.stdout.split())
    assert proc.returncode == 0 and "small counts at desa level: suppress (default, empty cells)" in text


# --------------------------------------------------------------------------- messages

def test_usage_errors_in_indonesian(indonesian, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["rank", "--level", "planet"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("penggunaan: geo-planner rank")
    assert "geo-planner rank: kesalahan: argumen --level: pilihan tidak sah: 'planet'" in err


def test_a_missing_file_in_indonesian_and_in_english(indonesian, capsys, tmp_path):
    missing = str(tmp_path / "tidak-ada.csv")
    code, out, err = _run(capsys, "validate", missing)
    assert code == 1 and out == ""
    assert err == f"geo-planner: kesalahan: berkas {missing}: berkas tidak ditemukan; periksa jalurnya\n"
    code, _, err = _run(capsys, "validate", missing, "--lang", "en")
    assert code == 1 and err == f"geo-planner: error: file {missing}: file not found; check the path\n"


def test_validate_summary_in_indonesian(indonesian, capsys, table):
    code, out, err = _run(capsys, "validate", str(table))
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "rtlh.csv (kabkota, provinsi 64)",
        "indikator: rtlh",
        "OK: 0 kesalahan, 0 peringatan, 0 baris tidak cocok, 0 baris total, 3 wilayah tergabung",
    ]


def test_validate_problems_in_indonesian(indonesian, capsys, tmp_path):
    path = tmp_path / "buruk.csv"
    path.write_text("nama,jumlah rtlh\nKukar,100\nBerau,abc\nKab. Xyz,3\nKalimantan Timur,1000\n", encoding="utf-8")
    code, out, _ = _run(capsys, "validate", str(path))
    assert code == 1
    assert "masalah (1):" in out and "  KESALAHAN  baris 3" in out
    assert "baris yang tidak cocok dengan wilayah kabkota mana pun (1, tidak digabung):" in out
    assert "  baris 4 'Kab. Xyz': " in out
    assert "baris total (provinsi atau wilayah induk), dikenali dan tidak digabung: baris 5" in out
    assert out.splitlines()[-1] == ("GAGAL: 1 kesalahan, 0 peringatan, 1 baris tidak cocok, 1 baris total")


def test_wrote_and_warnings_in_indonesian(indonesian, capsys, tmp_path, table):
    out_file = tmp_path / "peringkat.csv"
    code, out, err = _run(capsys, "rank", "--layer", str(table), "--out", str(out_file))
    assert code == 0 and out == f"{out_file} ditulis (10 wilayah berperingkat)\n"
    bad = tmp_path / "xyz.csv"
    bad.write_text("nama,rtlh (unit)\nKukar,120\nKab. Xyz,5\n", encoding="utf-8")
    code, _, err = _run(capsys, "rank", "--layer", str(bad))
    assert code == 0
    assert "geo-planner: peringatan: 1 baris xyz.csv tidak cocok dengan wilayah mana pun: baris 3 'Kab. Xyz': " in err
    assert "--unmatched-out BERKAS.csv" in err


def test_the_environment_sets_messages_and_lang_sets_headers_too(monkeypatch, capsys):
    monkeypatch.setenv("GEO_PLANNER_LANG", "en")
    code, out, _ = _run(capsys, "rank")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[0] == "Peringkat"  # the table keeps the default --lang id
    assert any(line.startswith("weights: poverty_rate=1, poor_population=1; level kabkota") for line in lines)
    monkeypatch.delenv("GEO_PLANNER_LANG")
    code, out, _ = _run(capsys, "rank", "--lang", "en")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[0] == "Rank"
    assert any(line.startswith("weights: poverty_rate=1") for line in lines)
    code, out, _ = _run(capsys, "rank")
    assert any(line.startswith("bobot: poverty_rate=1, poor_population=1; tingkat kabkota, provinsi 64")
               for line in out.splitlines())


def test_targets_messages_in_indonesian(indonesian, capsys, tmp_path):
    db = f"sqlite:///{tmp_path / 'target.sqlite'}"
    code, out, _ = _run(capsys, "targets", "list", "--db", db)
    assert code == 0 and out == f"daftar target di {db} belum berisi target\n"
    code, out, _ = _run(capsys, "targets", "export", str(tmp_path / "o.csv"), "--db", db)
    assert code == 0 and out == f"{tmp_path / 'o.csv'} ditulis (0 target)\n"


def test_an_export_file_keeps_indonesian_headers_under_english_messages(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("GEO_PLANNER_LANG", "en")
    out_file = tmp_path / "p.csv"
    code, out, _ = _run(capsys, "export", "--out", str(out_file))
    assert code == 0 and out == f"wrote {out_file} (10 ranked units)\n"
    header = pd.read_csv(out_file, encoding="utf-8-sig", nrows=0).columns
    assert "Peringkat" in header


# --------------------------------------------------------------------------- the language switch itself

@pytest.mark.parametrize(("argv", "env", "expected"), [
    (["rank"], {}, ("id", ["rank"])),
    (["rank"], {"GEO_PLANNER_LANG": "EN "}, ("en", ["rank"])),
    (["rank"], {"GEO_PLANNER_LANG": "fr"}, ("id", ["rank"])),
    (["--lang", "en", "rank", "--lang", "id"], {"GEO_PLANNER_LANG": "en"}, ("id", ["rank"])),
    (["rank", "--lang=en", "--out", "x.csv"], {}, ("en", ["rank", "--out", "x.csv"])),
    (["rank", "--lang", "fr"], {}, ("id", ["rank", "--lang", "fr"])),  # left for argparse to refuse
    (["validate", "--", "--lang"], {}, ("id", ["validate", "--", "--lang"])),
])
def test_resolve_lang(argv, env, expected):
    assert resolve_lang(argv, env) == expected


def test_an_unknown_language_is_a_usage_error(indonesian, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["rank", "--lang", "fr"])
    assert exc.value.code == 2
    assert "argumen --lang: pilihan tidak sah: 'fr' (pilih dari 'id', 'en')" in capsys.readouterr().err


def test_serve_refuses_an_unprotected_shared_app_in_indonesian(indonesian, capsys, tmp_path):
    code, out, err = _run(capsys, "serve", "--host", "0.0.0.0", "--secrets", str(tmp_path / "secrets.toml"))
    assert code == 1 and out == ""
    assert err.startswith("geo-planner: kesalahan: aplikasi tidak akan dilayani ke komputer lain (0.0.0.0) tanpa "
                          "masuk-akun: tidak ada bagian [auth] di ")
    assert "beri --unprotected" in err
