"""One language at a time: the string catalogue, the number format, and the app's language switch.

- Catalogue: every key of :data:`geo_planner.i18n.STRINGS` has an Indonesian and an English text with the
  same ``{placeholders}``; an AST scan finds no user-facing string literal outside the catalogue in the
  modules converted to it (see ``CONVERTED`` and the rule in :func:`user_facing_literals`).
- Numbers: :func:`geo_planner.i18n.fmt_number` writes ``1.234,5`` in Indonesian and ``1,234.5`` in English.
- The app (AppTest): switching the language relabels the sidebar on the run the switch triggers, and the
  choices made before (click action, level) are sent to the browser in the new labels, so that the radio
  keeps its choice. The real-browser check of every page is test_browser_i18n.py.
"""

from __future__ import annotations

import ast
import re
import string
import sys
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo_planner.i18n import STRINGS, fmt_number, t

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app.py"


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# --- the catalogue ----------------------------------------------------------------------------------------
def test_every_key_has_both_languages_with_the_same_placeholders():
    bad = []
    for key, pair in STRINGS.items():
        blank = pair == ("", "")  # a deliberate empty cell (e.g. "tg_kind_": no overlap kind) is blank in both
        if not blank and not (isinstance(pair, tuple) and len(pair) == 2
                              and all(isinstance(x, str) and x.strip() for x in pair)):
            bad.append(f"{key}: not an (Indonesian, English) pair of texts")
        elif fields(pair[0]) != fields(pair[1]):
            bad.append(f"{key}: {sorted(fields(pair[0]))} (id) vs {sorted(fields(pair[1]))} (en)")
    assert not bad, bad


def test_t_picks_the_language_and_fills_placeholders():
    assert t("rank_of", "id", rank=3, n=10) == "3 dari 10"
    assert t("rank_of", "en", rank=3, n=10) == "3 of 10"


@pytest.mark.parametrize(("value", "lang", "decimals", "shown"), [
    (1234.5, "id", None, "1.234,5"), (1234.5, "en", None, "1,234.5"),
    (340521, "id", 0, "340.521"), (7.28, "id", 2, "7,28"), (79.64, "en", 2, "79.64"), (1.0, "id", 2, "1,00"),
    (None, "id", None, "–"), (float("nan"), "en", None, "–"),
])
def test_numbers_follow_the_language(value, lang, decimals, shown):
    assert fmt_number(value, lang, decimals) == shown


# --- the app's language switch (AppTest) ------------------------------------------------------------------
@pytest.fixture
def app() -> AppTest:
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    return at


def sidebar_labels(at: AppTest) -> list[str]:
    return [w.label for kind in ("selectbox", "radio", "number_input", "file_uploader") for w in at.sidebar.get(kind)]


def test_switch_applies_on_the_first_run_and_the_click_radio_keeps_its_choice(app):
    app.sidebar.radio(key="click_action").set_value("drill").run()
    assert "Tingkat wilayah" in sidebar_labels(app)
    app.selectbox(key="lang").set_value("en").run()  # one run only
    assert not app.exception
    labels = sidebar_labels(app)
    assert "Level" in labels and "A click on the map or list" in labels and "Tingkat wilayah" not in labels
    assert app.title[0].value == "Poverty priority map"
    radio = app.sidebar.radio(key="click_action")
    assert radio.value == "drill"
    # what the browser is told to show: the kept choice in its English label (without it, the browser keeps
    # the Indonesian label, which matches no English option, and shows no choice)
    assert radio.proto.raw_value == "drills down one level"
    level = app.sidebar.selectbox(key="level")
    assert level.value == "kabkota" and level.proto.raw_value == "Regency/city"
    app.selectbox(key="lang").set_value("id").run()  # and back
    radio = app.sidebar.radio(key="click_action")
    assert radio.value == "drill" and radio.proto.raw_value == "menelusuri ke tingkat di bawahnya"
    assert "Tingkat wilayah" in sidebar_labels(app) and "Level" not in sidebar_labels(app)


# --- no user-facing literal outside the catalogue ---------------------------------------------------------
PACKAGE = REPO / "geo_planner"
CONVERTED = (  # modules whose user-facing texts all come from geo_planner.i18n
    "analysis/national.py", "layers/synthetic.py", "layers/idm.py", "outputs/idm_view.py", "outputs/pockets.py",
    "outputs/report.py", "outputs/tables.py", "outputs/ranked.py", "pipeline.py", "planning/sectors.py",
    "sources/villages.py", "planning/allocate.py", "planning/allocation_tables.py", "planning/goals.py",
    "outputs/mapping.py", "cli/",
)
# modules whose messages (errors, problems, warnings) also come from the catalogue
# (geo_planner/i18n/messages*.py, written with ``msg(key, ...)``): in these, a literal inside a ``raise`` or an
# error/problem constructor is not exempt. One tuple per part of the package, so that each grows on its own.
STRICT_INPUT = (     # sources/, units/, layers/, errors.py
    "sources/tables.py", "sources/userfiles.py", "sources/coordinates.py", "units/codes.py", "units/userunits.py",
    "layers/official.py", "layers/model.py", "sources/boundaries.py", "sources/", "units/",
    "layers/", "errors.py", "settings.py",
)
STRICT_PLANNING = ("analysis/", "planning/", "outputs/", "pipeline.py", "cli/", "__init__.py")
STRICT = STRICT_INPUT + STRICT_PLANNING
PENDING = ()  # modules owned by others while this was written (a folder ends in "/"); the merge lead shrinks it
# literals that read like words but are names, not text for a reader
NAMES = {
    "SINTETIS (geo-planner synthetic generator, seed {seed})",  # the synthetic layer's source name, in every export
    "DejaVu Sans", "lower left",                                 # a font, a matplotlib legend position
    "queen contiguity, islands attached to nearest",             # the provenance's method id of the weights
    "dask engine",                                               # the provenance's engine id
    "rumah tangga",                                              # a unit: Indicator.unit is one for both languages
    "no data",                                                   # the hot-spot class id (the app says it: gi_no_data)
    "Kemendes PDTT (Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi)",  # publisher's name
    "Satu Data Indonesia (data.go.id)",                         # the portal's name
    "Indeks Desa Membangun (IDM)",                              # the index's official name
    "Kalimantan Timur",                                         # the province's name, one for both languages
}
NAMES_INPUT: set[str] = {          # names found in sources/, units/, layers/ (place names, aliases, ...)
    "tidak ada data",                                                    # a cell read as missing (matched)
    "title above the header", "note below the table", "column numbers below the header",  # TableRead.dropped_rows ids
    # units/codes.py: place names and the abbreviations and total words planners write, matched as keys
    "kalimantan timur", "kutai kartanegara", "kutai barat", "kutai timur", "penajam paser utara", "mahakam ulu",
    "kota adm", "kota administrasi", "jumlah total", "kalimantan timur total",
    "kemendagri (no dots)",                                              # a match method id (KeyMatch.method)
    # sources/boundaries.py: the provinces' names, one for both languages
    *__import__("geo_planner.sources.boundaries", fromlist=["PROVINCES"]).PROVINCES.values(),
    "shapely.coverage_clean (GEOS CoverageCleaner), merge_strategy=longest_border",  # the cleaning's method id
    # layers/idm_catalogue.py: the IDM's own dictionary, data of the index kept in that one module: official
    # status, dimension and indicator names with their English glosses, the agencies IDM names and their offices
    *(lambda c: [*c.STATUS.values(), *c.STATUS_EN.values(), *(n for d in c.DIMENSIONS.values() for n in d[:2]),
                 *c.SUBDIMENSIONS_EN.values(), *c.LABELS_EN.values(), *(n for p in c.THEMES.values() for n in p),
                 *c.AGENCY_OFFICES, *c.AGENCY_OFFICES.values()])(
        __import__("geo_planner.layers.idm_catalogue", fromlist=["LABELS_EN"])),
    "rp juta", "rp miliar", "ribu rupiah", "juta rupiah",               # layers/kinds.py: units matched as money
}
NAMES_PLANNING: set[str] = {  # names found in analysis/, planning/, outputs/, cli/
    # planning/targets/registry.py: the interventions' official names and their English names (both are data of
    # the registry: a label in each language and a text matched when planners type it), the offices that carry
    # them out, and the short names and status words planners type (matched, never shown)
    "Dinas PUPR / Perkim", "Dinas Sosial", "Dinas PUPR / PDAM",
    "Rehabilitasi RTLH", "RTLH rehabilitation", "Sambungan sanitasi / jamban sehat",
    "Sanitation connection / improved latrine", "Sambungan rumah air minum", "Drinking-water house connection",
    "Usaha Ekonomi Produktif (UEP)", "Productive business grant (UEP)", "Kelompok Usaha Bersama (KUBE)",
    "Joint business group (KUBE)", "Bantuan WRSE", "WRSE grant (socially and economically vulnerable women)",
    "Kepesertaan PKH", "PKH enrolment", "Kepesertaan BPNT/Sembako", "BPNT/Sembako enrolment",
    "rehab rtlh", "bedah rumah", "rehabilitasi rumah tidak layak huni", "perbaikan rtlh", "jamban sehat",
    "sambungan sanitasi", "air minum", "sambungan air", "sambungan air minum", "sr air minum", "bpnt sembako",
    "sudah didanai", "sedang berjalan", "in progress", "sudah selesai", "dalam pelaksanaan",
    # planning/targets/files.py: the headers of the targets file in both languages (export writes them, import
    # reads either back: a file exchanged between planners keeps its format) and the headers planners write
    "Kode wilayah", "Unit code", "Nama wilayah", "Unit name", "Unit of measure", "Tumpang tindih", "Dibuat oleh",
    "Created by", "Dibuat pada", "Created at", "Diubah oleh", "Updated by", "Diubah pada", "Updated at",
    "kode kemendagri", "kode wilayah kemendagri", "kode unit", "kabupaten kota", "kab kota", "perangkat daerah",
    "instansi pelaksana", "jenis intervensi", "kode intervensi", "intervention id", "tahun anggaran",
    "jumlah target", "pagu anggaran", "nilai anggaran", "status pelaksanaan",
    # planning/targets/db.py, migrations.py: SQLite's own error words (matched), the schema's migration names and
    # the append-only trigger's text (stored in the database with its schema, not written per reader)
    "unable to open", "targets register and audit log", "PostGIS extension (PostgreSQL only)",
    "users and roles, unique import key, append-only audit logs",
    " is append-only: its rows are never changed or deleted",
    r"the (\w+) is append-only: its rows are never changed or deleted",  # db.py: that text, matched
    # analysis/pockets.py: the pocket reason ids (the app says them: reason_underserved) and the texts of esda's
    # and libpysal's warnings, matched to silence them
    "high need, low coverage", "The alternative hypothesis for conditional",
    "The weights matrix is not fully connected",
    "ESRI Shapefile",  # outputs/vector.py: GDAL's driver name
    "Not enough unique values",  # analysis/priority.py: mapclassify's warning, matched to silence it
    "pip install 'geo-planner[dask]'",  # analysis/engine_dask.py: a command, typed as it is
    "roll-up of ",  # analysis/rollup.py: the figures' provenance note, read back by i18n/figures.py (one_language)
    # outputs/plan_tables.py, protected.py: facts of the provenance record (like the weights' method id above)
    "computed from the figures shown after small-count protection", "geo-planner targets register",
    "never exported: only figures aggregated per unit",
}
NAMES |= NAMES_INPUT | NAMES_PLANNING
# literals that are code, not text (SQL, a format's identifiers): a match of any of these is not prose
NOT_PROSE_INPUT: list[re.Pattern] = []
NOT_PROSE_PLANNING: list[re.Pattern] = [  # the targets register's SQL (planning/targets/)
    re.compile(r"^\s*(?:SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE|ALTER TABLE|GRANT|REVOKE|PRAGMA)\b"
               r"|^BEGIN IMMEDIATE$"),                                         # a statement
    re.compile(r"^[\s,()]*(?:ORDER BY|WHERE|FOR UPDATE|FOR EACH (?:ROW|STATEMENT)|ON CONFLICT|BEGIN SELECT RAISE)\b"
               r"|^\.\w+ TO $|^' USING ERRCODE = "),                          # a clause of one
    re.compile(r"^\(?\w+ (?:= \? OR|IN \($)|^, \w+ = \w+ \+ 1 WHERE "),     # a condition, a SET
    re.compile(r"^,\n\s+\w+ (?:TEXT|BIGINT|INTEGER)\b"),                     # the columns of a CREATE TABLE
    re.compile(r"^_\w+(?:\(\) RETURNS trigger LANGUAGE plpgsql| BEFORE (?:UPDATE|TRUNCATE)\b)"),  # a trigger
    re.compile(r"^(?:INTEGER PRIMARY KEY AUTOINCREMENT|BIGSERIAL PRIMARY KEY|CAST\(\? AS jsonb\))$"),  # types
    re.compile(r"^\s*function \w+\([\w, ]*\) \{"),  # JavaScript code (outputs/map_geometry.py's decoder)
]
NOT_PROSE = NOT_PROSE_INPUT + NOT_PROSE_PLANNING
PROSE = re.compile(r"[A-Za-z]{2,}[ ]+[A-Za-z]{2,}")
MESSAGE = re.compile(r"(Error|Exception|Problem|Warning)$")  # constructors of error and problem messages
MESSAGE_NAME = re.compile(r"^(msg|message|advice|why|hint)$")  # a message built before the raise
# markup, not prose: what is left of a literal once these are taken out is what a reader would read
TEMPLATE = re.compile(r"^\s*\{% macro ")                        # a Jinja macro of the map's HTML/JS (code)
MARKUP = re.compile(r"<[^<>]*>|<[^<>]*$"                         # an HTML tag, or one the next literal closes
                    r"|[.#]?[\w-]+(?:[,>][.#]?[\w-]+)*\{[^{}]*:[^{}]*\}"  # a CSS rule: .selector{property:value}
                    r"|\b\d+px (?:solid|dashed|dotted)\b")         # a CSS border value: 1px solid


def user_facing_literals(path: Path, strict: bool = False) -> list[str]:
    """String literals of ``path`` a reader would see, as ``"line: text"``.

    The rule: a literal (or a constant part of an f-string) holding two words in a row is text for a reader,
    except markup (an HTML tag, a CSS rule or border value: see ``MARKUP``; the text between tags still
    counts), a Jinja macro of code (``TEMPLATE``), a docstring, a literal inside a ``raise`` statement or an
    error or problem constructor (``InputError(...)``, ``Problem(...)``, or a ``msg``/``advice`` built for one;
    with ``strict`` these count too: the modules of ``STRICT`` write their messages with ``msg``), the names in
    ``NAMES`` and what a ``NOT_PROSE`` pattern matches (SQL, identifiers).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
        if strict:  # messages too come from the catalogue
            continue
        if isinstance(node, ast.Raise) or (isinstance(node, ast.Call) and MESSAGE.search(ast.unparse(node.func))):
            skip.update(id(n) for n in ast.walk(node))
        if isinstance(node, ast.Assign) and any(isinstance(x, ast.Name) and MESSAGE_NAME.search(x.id)
                                                for x in node.targets):
            skip.update(id(n) for n in ast.walk(node.value))  # msg = "..."; raise InputError(msg)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if (PROSE.search(MARKUP.sub(" ", node.value)) and node.value not in NAMES
                    and not TEMPLATE.match(node.value) and not any(x.search(node.value) for x in NOT_PROSE)):
                found.append(f"{node.lineno}: {node.value[:80]!r}")
    return found


def files_of(module: str) -> list[Path]:
    """The files of a ``CONVERTED``/``PENDING`` entry: one module, or every module of a folder ("cli/")."""
    return [PACKAGE / module] if module.endswith(".py") else sorted((PACKAGE / module).rglob("*.py"))


def test_converted_modules_take_their_texts_from_the_catalogue():
    found = {str(p.relative_to(PACKAGE)): user_facing_literals(p) for m in CONVERTED for p in files_of(m)}
    assert not {m: f for m, f in found.items() if f}, found


def test_strict_modules_take_their_messages_from_the_catalogue_too():
    found = {str(p.relative_to(PACKAGE)): user_facing_literals(p, strict=True) for m in STRICT for p in files_of(m)}
    assert not {m: f for m, f in found.items() if f}, found


APP_FILES = ("app.py", "app_map.py", "app_pages/")  # the app's scripts: every text from the catalogue


def test_the_app_takes_every_text_from_the_catalogue():
    """Spinners, captions, errors: nothing the app shows is written in one language in its scripts."""
    files = [p for f in APP_FILES for p in ([REPO / f] if f.endswith(".py") else sorted((REPO / f).rglob("*.py")))]
    found = {str(p.relative_to(REPO)): user_facing_literals(p, strict=True) for p in files}
    assert not {m: f for m, f in found.items() if f}, found


def test_every_module_of_the_package_is_scanned_strictly():
    """A new module is covered from its first line: every module outside i18n/ is in STRICT."""
    covered = {p for m in STRICT for p in files_of(m)}
    left = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
            if p not in covered and "i18n" not in p.relative_to(PACKAGE).parts]
    assert not left, f"add to STRICT_INPUT or STRICT_PLANNING: {left}"


def test_messages_follow_the_language_of_the_context():
    from geo_planner.errors import InputError, Problem, ValidationError
    from geo_planner.i18n.messages import language

    with language("id"):
        problem = Problem("x", file="data.csv", row=3, column="kode", unit="64.01")
        error = InputError("y", file="a.xlsx", row=2)
        assert str(problem) == "berkas data.csv, baris 3, kolom 'kode', wilayah 64.01: x"
        assert str(ValidationError([problem])).startswith("1 masalah ditemukan; perbaiki lalu coba lagi:\n- berkas")
        assert str(error) == "berkas a.xlsx, baris 2: y"
    with language("en"):  # where a problem is is said in the language its message was written in
        assert str(problem) == "berkas data.csv, baris 3, kolom 'kode', wilayah 64.01: x"
        assert str(error) == "berkas a.xlsx, baris 2: y"
        problem = Problem("x", file="data.csv", row=3, column="kode", unit="64.01")
        assert str(problem) == "file data.csv, row 3, column 'kode', unit 64.01: x"
        assert str(ValidationError([problem])).startswith("1 problem(s) found; fix them and try again:\n- file")


def test_pending_modules_still_have_texts_to_move():
    """A pending module with no literal left belongs in CONVERTED (so that it stays clean)."""
    clean = [m for m in PENDING if not any(user_facing_literals(p) for p in files_of(m))]
    assert not clean, f"move to CONVERTED: {clean}"


def test_markup_is_not_prose_but_the_text_between_tags_is(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("\n".join([
        "A = '<div style=\"font-weight:600;margin-bottom:2px\">'",   # a tag: markup
        "B = '.gp-legend{background:#fff;font-size:11px}'",         # a CSS rule: markup
        "C = '2px solid '",                                          # a CSS border value: markup
        "D = '{% macro script(this, kwargs) %}function dec(s) {}'",  # a Jinja macro of code
        "E = '<b>Skor prioritas</b>'",                               # text between tags: prose
        "F = '</b> <span style=\"color:#666\">poor people reached'", # text after a tag: prose
        "G = 'solid line here'",                                     # words, no CSS value: prose
        "H = 'Klik wilayah .x{color:red}'",                          # words before a CSS rule: prose
    ]) + "\n", encoding="utf-8")
    assert user_facing_literals(module) == ["5: '<b>Skor prioritas</b>'",
                                            "6: '</b> <span style=\"color:#666\">poor people reached'",
                                            "7: 'solid line here'", "8: 'Klik wilayah .x{color:red}'"]


def ranked_key(at: AppTest) -> str:
    """The ranked table's key: keyed by level, drill-down and language (a stale row can select nothing)."""
    return next(d.key for d in at.dataframe if str(d.key).startswith("table:"))


def number_formats(at: AppTest, key: str) -> dict[str, str]:
    """Column -> the number format the browser is told to use (only the columns that have one); ``key`` is a
    widget key or its first part (the ranked table's is ``table:<level>:<within>:<lang>:<n>``)."""
    import json

    frame = next(d for d in at.dataframe if d.key == key or str(d.key).startswith(f"{key}:"))
    columns = json.loads(frame.proto.columns)
    return {c: cfg["type_config"].get("format") for c, cfg in columns.items()
            if cfg.get("type_config", {}).get("type") in ("number", "progress") and cfg["type_config"].get("format")}


def test_tables_show_numbers_the_languages_way_and_blanks_not_none(app):
    formats = number_formats(app, ranked_key(app))
    # the score and the figures in the reader's format (the browser's number locale, which the page sets to
    # the language: see test_browser_i18n), with the decimals the figures have
    assert formats["Skor prioritas"] == "localized"
    assert formats["Persentase penduduk miskin (P0) (%)"] == "localized"
    assert formats["Jumlah penduduk miskin (jiwa)"] == "localized"
    assert app.dataframe(key=ranked_key(app)).proto.placeholder == "–"  # a missing figure is a dash, never "None"
    scripts = [h.proto.body for h in app.get("html") if "Navigator" in h.proto.body]
    assert scripts and '"id-ID"' in scripts[0]
    app.selectbox(key="lang").set_value("en").run()
    scripts = [h.proto.body for h in app.get("html") if "Navigator" in h.proto.body]
    assert scripts and '"en-GB"' in scripts[0] and '"id-ID"' not in scripts[0]
    assert number_formats(app, ranked_key(app))["Priority score"] == "localized"


def test_uploader_texts_are_the_catalogues(app):
    css = " ".join(h.proto.body for h in app.get("html") if "stFileUploader" in h.proto.body)
    assert 'content:"Pilih berkas' in css and 'content:"Hingga 200 MB per berkas' in css
    app.selectbox(key="lang").set_value("en").run()
    css = " ".join(h.proto.body for h in app.get("html") if "stFileUploader" in h.proto.body)
    assert 'content:"Choose a file' in css and 'content:"Up to 200 MB per file' in css


def header_rows(at: AppTest, tmp_path: Path) -> tuple[list[str], list[str]]:
    import csv
    import io

    import openpyxl

    made = at.session_state["gate_downloads"]
    csv_header = next(csv.reader(io.StringIO(made["dl_csv"]().data.decode("utf-8-sig"))))
    path = tmp_path / "list.xlsx"
    path.write_bytes(made["dl_xlsx"]().data)
    xlsx_header = [c.value for c in next(openpyxl.load_workbook(path).worksheets[0].iter_rows())]
    return csv_header, xlsx_header


def test_csv_download_has_the_xlsx_headers_in_the_language(app, tmp_path):
    csv_header, xlsx_header = header_rows(app, tmp_path)
    assert csv_header == xlsx_header
    assert csv_header[:2] == ["Kode", "Nama wilayah"] and "code" not in csv_header
    app.selectbox(key="lang").set_value("en").run()
    csv_header, xlsx_header = header_rows(app, tmp_path)
    assert csv_header == xlsx_header and csv_header[:2] == ["Code", "Name"]


# --- texts inside the figure tables, shown in one language ------------------------------------------------
def test_generated_notes_and_periods_are_shown_in_the_chosen_language():
    from geo_planner.i18n.figures import both, one_language, period_label
    from geo_planner.layers.synthetic import NOTE

    note = f"{NOTE} {both('syn_pocket_seed')}"  # as the synthetic demo writes it into the figure table
    assert one_language(note, "en") == ("SYNTHETIC demo figure, not official statistics. "
                                        "seed of a planted synthetic pocket.")
    assert one_language(note, "id") == ("SINTETIS: angka desa buatan untuk demo, bukan data resmi. "
                                        "Inti kantong kemiskinan sintetis.")
    rolled = "roll-up of sintetis_desa from desa to kecamatan (SINTETIS / synthetic)"  # geo_planner.analysis.rollup
    assert one_language(rolled, "id") == "dijumlahkan dari desa ke kecamatan (layer sintetis_desa) (SINTETIS)"
    assert one_language(rolled, "en") == "rolled up from desa to kecamatan (layer sintetis_desa) (synthetic)"
    assert one_language("BPS release abstract gives 221,34 ribu; converted to persons", "id") == (
        "BPS release abstract gives 221,34 ribu; converted to persons")  # a source's own note: as written
    assert one_language(None, "id") == "" and one_language(float("nan"), "en") == ""
    assert period_label("mid-year projection (assumed)", "id") == "proyeksi pertengahan tahun (diasumsikan)"
    assert period_label("Maret", "en") == "March" and period_label("SK Bupati 2023", "en") == "SK Bupati 2023"
