"""The shipped catalogues: up to date with the code, nearly complete, with each language's plural
forms, and no translation that changes a placeholder."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from babel.messages.pofile import read_po

from intake_app.support import i18n
from tools import catalogues

# CLDR's plural categories for each language (zero, one, two, few, many, other as they apply).
PLURAL_FORMS = {"ar": 6, "bn": 2, "cy": 6, "gu": 2, "pa": 2, "pl": 3, "ro": 3, "so": 2, "ur": 2}
CODES = sorted(PLURAL_FORMS)


def test_every_language_but_english_has_a_catalogue():
    assert sorted(catalogues.languages()) == CODES
    for code in CODES:
        assert catalogues.po_path(code).exists(), code
        assert catalogues.po_path(code).with_suffix(".mo").exists(), code


def test_the_catalogues_are_up_to_date_with_the_code():
    """Every marked string is in every catalogue, and each .mo is its .po compiled (else: run
    make catalogues)."""
    assert catalogues.main(["--check"]) == 0


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt")
@pytest.mark.parametrize("code", CODES)
def test_each_catalogue_is_at_least_98_percent_translated(code, tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "out.mo"),
         str(catalogues.po_path(code))],
        capture_output=True, text=True, check=False, env={"LC_ALL": "C"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    counts = {kind: 0 for kind in ("translated", "fuzzy", "untranslated")}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        counts[kind] = int(number)
    total = sum(counts.values())
    assert total > 500
    assert counts["translated"] / total >= 0.98, (code, counts)


@pytest.mark.parametrize("code", CODES)
def test_each_catalogue_has_its_languages_plural_forms(code):
    with catalogues.po_path(code).open("rb") as handle:
        catalog = read_po(handle, locale=code)
    assert catalog.num_plurals == PLURAL_FORMS[code]
    plurals = [m for m in catalog if m.id and isinstance(m.id, tuple | list) and m.string]
    assert plurals, "a catalogue with no plural messages translated"
    for message in plurals:
        assert len(message.string) == PLURAL_FORMS[code], message.id
        assert all(form.strip() for form in message.string), message.id


@pytest.mark.parametrize("code", CODES)
def test_no_translation_changes_a_placeholder(code):
    with catalogues.po_path(code).open("rb") as handle:
        catalog = read_po(handle, locale=code)
    wrong = []
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list):
            allowed = i18n.placeholders(message.id[0]) | i18n.placeholders(message.id[1])
            for form in message.string:
                # A form for exactly one may leave out the number ("one report"); nothing else.
                missing = allowed - i18n.placeholders(form)
                if not i18n.fills_safely(form, tuple(message.id)) or len(missing) > 1:
                    wrong.append((message.id[0], form))
        elif i18n.placeholders(message.string) != i18n.placeholders(message.id) or not (
            i18n.fills_safely(message.string, message.id)
        ):
            wrong.append((message.id, message.string))
    assert wrong == []


@pytest.mark.parametrize("code", CODES)
def test_each_catalogue_says_whether_it_is_reviewed(code):
    with catalogues.po_path(code).open("rb") as handle:
        catalog = read_po(handle, locale=code)
    assert "not yet reviewed by a fluent speaker" in catalog.header_comment
    reviewer = i18n.reviewed_by(code)
    assert isinstance(reviewer, str)
