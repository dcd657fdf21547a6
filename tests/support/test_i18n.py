"""The translation machinery: catalogues found, checked as they load, plural rules, the language
asked for by the environment, and the language kept beside the store."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from hypothesis import given
from hypothesis import strategies as st

from intake_app.support import i18n
from intake_app.support.i18n import _, ngettext, pgettext
from intake_app.support.language_preference import machine_language, save_machine_language
from tools.pseudo_locale import _KEEP, is_pseudo, pseudo

ROOT = Path(__file__).resolve().parents[2]


def write_catalogue(folder: Path, code: str, messages: dict[object, object]) -> Path:
    catalog = Catalog(locale=code.split("-")[0], fuzzy=False)
    for key, text in messages.items():
        context = None
        if isinstance(key, tuple) and len(key) == 2 and key[0].startswith("ctx:"):
            context, key = key[0][4:], key[1]
        catalog.add(key, text, context=context)
    path = i18n.catalogue_path(code, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    write_mo(out, catalog)
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture
def speaking():
    yield
    i18n.use("en")


def test_a_catalogue_speaks_and_english_needs_none(tmp_path, speaking):
    write_catalogue(tmp_path, "pl", {"Save": "Zapisz", ("ctx:report status", "Open"): "Otwarte"})
    assert i18n.use("pl", tmp_path).code == "pl"
    assert _("Save") == "Zapisz"
    assert pgettext("report status", "Open") == "Otwarte"
    assert _("Not in the catalogue") == "Not in the catalogue"
    i18n.use("en")
    assert _("Save") == "Save"


def test_polish_and_arabic_plurals_have_their_own_forms(tmp_path, speaking):
    forms = ("{count} raport", "{count} raporty", "{count} raportów")
    write_catalogue(tmp_path, "pl", {("{count} report", "{count} reports"): forms})
    i18n.use("pl", tmp_path)
    said = {n: ngettext("{count} report", "{count} reports", n).format(count=n) for n in (1, 3, 5)}
    assert said == {1: "1 raport", 3: "3 raporty", 5: "5 raportów"}
    arabic = tuple(f"form{i} {{count}}" for i in range(6))
    write_catalogue(tmp_path, "ar", {("{count} report", "{count} reports"): arabic})
    i18n.use("ar", tmp_path)
    chosen = {n: ngettext("{count} report", "{count} reports", n) for n in (0, 1, 2, 3, 11, 100)}
    assert len(set(chosen.values())) == 6  # zero, one, two, few, many, other


@pytest.mark.parametrize(
    "bad",
    [
        "Zapisano {referencja}.",  # a placeholder renamed
        "Zapisano {reference} {extra}.",  # one added
        "Zapisano {reference.",  # braces broken
        "Zapisano } {reference}",
    ],
)
def test_a_translation_that_cannot_be_filled_in_gives_way_to_the_english(tmp_path, speaking, bad):
    write_catalogue(tmp_path, "pl", {"Saved {reference}.": bad, "Save": "Zapisz"})
    i18n.use("pl", tmp_path)
    assert _("Saved {reference}.").format(reference="R1") == "Saved R1."
    assert _("Save") == "Zapisz"  # the rest of the catalogue still speaks


def test_a_plural_form_may_leave_out_the_count_but_not_invent_one(tmp_path, speaking):
    forms_ok = ("jeden raport", "{count} raporty", "{count} raportów")
    forms_bad = ("{ile} raport", "{count} raporty", "{count} raportów")
    write_catalogue(
        tmp_path,
        "pl",
        {
            ("{count} report", "{count} reports"): forms_ok,
            ("{count} file", "{count} files"): forms_bad,
        },
    )
    i18n.use("pl", tmp_path)
    assert ngettext("{count} report", "{count} reports", 1).format(count=1) == "jeden raport"
    assert ngettext("{count} file", "{count} files", 1).format(count=1) == "1 file"


@pytest.mark.parametrize(
    "damage", [b"", b"not a catalogue", b"\xde\x12\x04\x95" + b"\x00" * 3, b"\x95\x04\x12\xde" * 9]
)
def test_a_damaged_or_missing_catalogue_means_english_not_a_crash(tmp_path, speaking, damage):
    path = write_catalogue(tmp_path, "pl", {"Save": "Zapisz"})
    path.write_bytes(damage)
    assert i18n.use("pl", tmp_path).code == "pl"
    assert _("Save") == "Save"
    assert i18n.use("ro", tmp_path / "nowhere").code == "ro"
    assert _("Save") == "Save"


def test_a_truncated_catalogue_means_english(tmp_path, speaking):
    path = write_catalogue(tmp_path, "pl", {"Save": "Zapisz", "Open": "Otwórz"})
    path.write_bytes(path.read_bytes()[:-20])
    i18n.use("pl", tmp_path)
    assert _("Open") in ("Open", "Otwórz")  # never an exception, never another message


@pytest.mark.parametrize(
    ("asked", "code"),
    [
        ("pl", "pl"),
        ("pl_PL.UTF-8", "pl"),
        ("ur-PK", "ur"),
        ("pa_IN", "pa"),
        ("cy_GB", "cy"),
        ("de_DE", "en"),
        ("", "en"),
        ("en-XA", "en-XA"),
    ],
)
def test_language_codes_as_people_and_systems_write_them(asked, code):
    assert i18n.language(asked).code == code


def test_the_environment_asks_in_gettexts_order():
    env = {"LANGUAGE": "de:pl", "LC_ALL": "", "LANG": "ro_RO.UTF-8"}
    assert i18n.from_environment(env) == "pl"
    assert i18n.from_environment({"LANG": "ro_RO.UTF-8"}) == "ro"
    assert i18n.from_environment({"LANG": "C.UTF-8"}) == "en"
    assert i18n.from_environment({}) == "en"


@given(st.text(max_size=60))
def test_any_text_names_a_language_without_failing(text):
    assert i18n.language(text) in (*i18n.LANGUAGES, i18n.PSEUDO)


@given(st.text(max_size=80), st.text(max_size=80))
def test_checking_a_translation_never_fails(translation, english):
    assert i18n.fills_safely(translation, english) in (True, False)


@given(st.text(max_size=120))
def test_the_pseudo_locale_keeps_every_placeholder_and_marks_every_letter(text):
    made = pseudo(text)
    assert i18n.placeholders(made) == i18n.placeholders(text)
    words = _KEEP.sub("", text)  # a placeholder's letters ("{A}") are kept as they are
    if any(c.isascii() and c.isalpha() for c in words):
        assert is_pseudo(made)


def test_the_language_beside_the_store(tmp_path):
    assert machine_language(tmp_path) is None
    assert save_machine_language(tmp_path, "ur_PK")
    assert (tmp_path / "language").read_text() == "ur\n"
    assert machine_language(tmp_path) == "ur"
    for junk in ("klingon", "x" * 4000, "pl\x00rm -rf"):
        (tmp_path / "language").write_text(junk)
        assert machine_language(tmp_path) is None
    (tmp_path / "language").write_bytes(b"\xff\xfe")
    assert machine_language(tmp_path) is None


def test_a_folder_that_cannot_be_written_keeps_the_choice_for_now_only(tmp_path):
    (tmp_path / "a file").write_text("")
    assert save_machine_language(tmp_path / "a file" / "store", "pl") is False


def _modules_using_gettext() -> list[Path]:
    found = []
    for path in sorted((ROOT / "intake_app").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "from intake_app.support.i18n import" in text and " _" in text:
            found.append(path)
    return found


def test_no_module_that_translates_reuses_the_name_of_the_translation_function():
    """``for _ in …`` or ``x, _ = …`` in a module that imports ``_`` makes ``_`` local to the
    function: every translation in it then fails (UnboundLocalError)."""
    offenders = []
    for path in _modules_using_gettext():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports_it = any(
            isinstance(node, ast.ImportFrom)
            and node.module == "intake_app.support.i18n"
            and any(alias.name == "_" and alias.asname is None for alias in node.names)
            for node in ast.walk(tree)
        )
        if not imports_it:
            continue
        for node in ast.walk(tree):
            stored = (
                isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store)
            )
            argument = isinstance(node, ast.arg) and node.arg == "_"
            if stored or argument:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_in_a_right_to_left_language_left_to_right_data_stays_whole(tmp_path, speaking):
    """A reference or a phone number inside Urdu or Arabic is shown as written, not with its
    groups reversed by the bidi algorithm: each placeholder and each grouped number is isolated."""
    write_catalogue(
        tmp_path,
        "ur",
        {"Report {reference}": "رپورٹ {reference}", "e.g. +48 512 345 678": "مثلاً +48 512 345 678"},
    )
    i18n.use("ur", tmp_path)
    assert _("Report {reference}").format(reference="RIVA-2026-00001-A") == (
        "رپورٹ \u2068RIVA-2026-00001-A\u2069"
    )
    assert _("e.g. +48 512 345 678") == "مثلاً \u2066+48 512 345 678\u2069"
    # Starting with a Latin word, the sentence is still laid out right to left.
    assert i18n.isolated("Intake بند کریں؟") == "\u200fIntake بند کریں؟"
    write_catalogue(tmp_path, "pl", {"Report {reference}": "Zgłoszenie {reference}"})
    i18n.use("pl", tmp_path)
    assert _("Report {reference}").format(reference="R-1") == "Zgłoszenie R-1"  # nothing added


@given(st.text(alphabet=st.characters(exclude_characters="\u2066\u2068\u2069\u200f"), max_size=80))
def test_isolating_never_changes_what_a_translation_holds(text):
    made = i18n.isolated(text)
    for mark in "\u2066\u2068\u2069":
        made = made.replace(mark, "")
    assert made.removeprefix("\u200f") == text.removeprefix("\u200f") or made == text
    assert i18n.placeholders(made) == i18n.placeholders(text)
