"""The privacy notice in every language: the centre's settings printed (its name, the retention
periods as numbers in the language's own way, the lawful basis chosen), the regulator's address,
no English left in a translation, and a texts file that does not fit its schema refused."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake_app.domain.lawful_basis import LAWFUL_BASES, SPECIAL_CATEGORY_CONDITIONS
from intake_app.leaflets import fonts
from intake_app.leaflets.content import ContentPackError, parse_pack
from intake_app.leaflets.privacy_notice import (
    NoticeFacts,
    available_languages,
    days_text,
    load_texts,
    privacy_dir,
    regulator,
    render_privacy_notice,
)
from intake_app.leaflets.render import CentreDetails
from intake_app.support import i18n

LANGUAGES = ["ar", "bn", "cy", "en", "gu", "pa", "pl", "ro", "so", "ur"]
SCHEMA = privacy_dir() / "privacy-notice.schema.json"
CENTRE = CentreDetails(
    "Riverside Advice Centre",
    "12 Mill Lane, Leicester LE1 1AA",
    "Mon-Fri 10:00-16:00",
    "0116 496 0000",
)
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def notice_text(pdf: bytes, tmp_path: Path) -> str:
    """What pdftotext reads, in single spaces, ligatures ("ﬁ") as their letters."""
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return plain(BIDI_MARKS.sub("", out))


def plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def facts(
    basis: str, special: str, after_ack: int, monitoring: int, force: str = ""
) -> NoticeFacts:
    return NoticeFacts(CENTRE, force, basis, special, after_ack, monitoring, date(2026, 11, 22))


def words(text: str) -> set[str]:
    """A text's words, without punctuation."""
    found = (
        "".join(ch for ch in word if not unicodedata.category(ch).startswith(("P", "S")))
        for word in plain(text).split()
    )
    return {word for word in found if word}


def shown(pdf_text: str, paragraph: str, rtl: bool) -> bool:
    """Whether a paragraph is on the page: word for word, or (right to left, which pdftotext
    does not always put in reading order across lines) every word of it."""
    if not rtl:
        return plain(paragraph) in pdf_text
    return all(word in pdf_text for word in words(paragraph))


def test_the_notice_is_in_every_leaflet_language_and_welsh() -> None:
    assert available_languages() == LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_character_has_a_glyph(language: str) -> None:
    pack = load_texts(language)
    primary, latin = fonts.register(pack.script), fonts.register("latin")
    missing = {
        ch
        for text in every_text(pack.text)
        for ch in text
        if ch != " " and not fonts.covers(primary, ch) and not fonts.covers(latin, ch)
    }
    assert missing == set()


BASES = list(LAWFUL_BASES)
CONDITIONS = list(SPECIAL_CATEGORY_CONDITIONS)


@pytest.mark.parametrize("index", range(len(LANGUAGES)))
def test_the_notice_prints_the_centres_settings_in_the_persons_language(
    index: int, tmp_path: Path
) -> None:
    language = LANGUAGES[index]
    basis, special = BASES[index % len(BASES)], CONDITIONS[index % len(CONDITIONS)]
    after_ack, monitoring = 1095 + index, 40 + index * 7
    pack = load_texts(language)
    pdf = render_privacy_notice(
        [pack], facts(basis, special, after_ack, monitoring, "Leicestershire Police")
    )
    text = notice_text(pdf, tmp_path)
    for days in (after_ack, monitoring):  # as numbers, written the language's way
        assert i18n.number(days, in_language=language).replace("\u00a0", " ") in text
        assert pack.rtl or days_text(pack, days).replace("\u00a0", " ") in text
    assert "Riverside Advice Centre" in text and "0116 496 0000" in text
    assert "ico.org.uk/make-a-complaint" in text and "0303 123 1113" in text
    assert "Leicestershire Police" in text
    assert shown(text, pack[f"basis_{basis}"], pack.rtl)
    assert shown(text, pack[f"special_{special}"], pack.rtl)
    others = [f"basis_{b}" for b in BASES if b != basis]
    others += [f"special_{c}" for c in CONDITIONS if c != special]
    for other in others:  # checked word for word, so only in left-to-right languages
        assert pack.rtl or not shown(text, pack[other], pack.rtl), other
    for key in ("title", "safeguarding", "rights_police", "recipients_monitoring_only"):
        assert shown(text, pack[key], pack.rtl)
    assert "22/11/2026" in text and (pack.reviewed or shown(text, pack["unreviewed"], pack.rtl))
    assert len(pdf) < 400 * 1024


def test_english_beside_the_language_and_large_print(tmp_path: Path) -> None:
    pdf = render_privacy_notice(
        [load_texts("en"), load_texts("pl")],
        facts("consent", "explicit_consent", 365, 30),
        large_print=True,
    )
    text = notice_text(pdf, tmp_path)
    assert "Privacy notice: how we use your information" in text
    assert "Informacja o prywatności" in text
    assert "365 days" in text and "365 dni" in text and "30 days" in text and "30 dni" in text
    assert "The police force we pass reports to" not in text  # no force yet: no line for it
    (tmp_path / "fonts.pdf").write_bytes(pdf)
    listed = subprocess.run(
        ["pdffonts", str(tmp_path / "fonts.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    for row in (line.split() for line in listed if line.strip()):
        assert row[-5] == "yes" and row[-4] == "yes", row  # embedded and subset


@pytest.mark.parametrize(
    ("language", "days", "shown"),
    [
        ("en", 1, "1 day"),
        ("en", 1095, "1,095 days"),
        ("pl", 1, "1 dzień"),
        ("pl", 3, "3 dni"),
        ("pl", 36500, "36\u00a0500 dni"),
        ("ro", 1, "1 zi"),
        ("ro", 19, "19 zile"),
        ("ro", 1095, "1.095 de zile"),
        ("ar", 7, "7 أيام"),
        ("ar", 365, "365 يومًا"),
        ("so", 1, "1 maalin"),
        ("cy", 365, "365 diwrnod"),
    ],
)
def test_days_take_each_languages_plural_and_number_style(
    language: str, days: int, shown: str
) -> None:
    assert days_text(load_texts(language), days) == shown


# Words a translation would hold only if English were left in it. ("data" is the Polish and
# Romanian for a date, so it is a word of theirs too.)
ENGLISH_WORDS = """the and you your to of is are if not can police data keep right rights we our
us with for or by they their will may have has information report reports centre who what how
when where this that be been from about only any time"""
ENGLISH = frozenset(ENGLISH_WORDS.split())
ALSO_THEIRS = {"pl": {"data"}, "ro": {"data"}}
NAMES = ("Information Commissioner's Office", "ICO", "LE1")


def every_text(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in every_text(v)]
    if isinstance(value, list):
        return [t for v in value for t in every_text(v)]
    return []


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_no_english_is_left_in_a_translation(language: str) -> None:
    pack = load_texts(language)
    found = []
    for text in [*every_text(pack.text), pack.name]:
        for name in NAMES:
            text = text.replace(name, " ")
        words = re.findall(
            r"[^\W\d_]+",
            text.replace("{count}", "").replace("{days}", "").replace("{force}", "").lower(),
        )
        found += [w for w in words if w in ENGLISH - ALSO_THEIRS.get(language, set())]
    assert found == []


def test_every_translation_has_the_english_ones_keys_and_placeholders() -> None:
    english = load_texts("en")
    for language in LANGUAGES:
        pack = load_texts(language)
        assert set(pack.text) == set(english.text), language
        assert "{force}" in pack["recipients_force"]
        assert all("{days}" in pack[key] for key in ("keep_sent", "keep_monitoring"))


def test_the_regulator_is_data_with_the_date_it_was_checked() -> None:
    ico = regulator()
    assert (ico.complaints_web, ico.helpline) == ("ico.org.uk/make-a-complaint", "0303 123 1113")
    assert ico.last_checked >= date(2026, 1, 1)


def _polish() -> dict[str, object]:
    document: dict[str, object] = json.loads((privacy_dir() / "pl.json").read_text("utf-8"))
    return document


REQUIRED_KEYS = sorted(_polish()["text"])  # type: ignore[arg-type]


@given(st.sampled_from(REQUIRED_KEYS))
def test_a_texts_file_missing_any_key_is_refused_naming_it(key: str) -> None:
    document = copy.deepcopy(_polish())
    del document["text"][key]  # type: ignore[attr-defined]
    with pytest.raises(ContentPackError, match=rf"pl\.json: field text: '{key}' is a required"):
        parse_pack(json.dumps(document).encode(), "pl.json", schema=SCHEMA)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda t: t.update(keep_sent=t["keep_sent"].replace("{days}", "365")), "text.keep_sent"),
        (lambda t: t.update(recipients_force="Policja"), "text.recipients_force"),
        (lambda t: t.update(days={"one": "{count} dzień"}), "text.days"),
        (lambda t: t.update(days={"other": "dni"}), "text.days.other"),
        (lambda t: t.update(days={"some": "{count}", "other": "{count} dni"}), "text.days"),
        (lambda t: t.update(title="Informacja {name}"), "text.title"),
        (lambda t: t.update(rights=t["rights"][:5]), "text.rights"),
        (lambda t: t.update(extra="Coś"), "text"),
    ],
)
def test_a_texts_file_with_a_placeholder_lost_or_a_form_wrong_is_refused(
    change, field: str
) -> None:  # type: ignore[no-untyped-def]
    document = copy.deepcopy(_polish())
    change(document["text"])
    with pytest.raises(ContentPackError, match=rf"pl\.json: field {re.escape(field)}: "):
        parse_pack(json.dumps(document).encode(), "pl.json", schema=SCHEMA)


def test_a_language_with_no_notice_is_a_clear_message() -> None:
    with pytest.raises(
        ContentPackError, match=r"no privacy notice in 'xx'\. Choose one of: ar, bn, cy"
    ):
        load_texts("xx")
    with pytest.raises(ContentPackError, match=r"no privacy notice in '\.\./en'"):
        load_texts("../en")
