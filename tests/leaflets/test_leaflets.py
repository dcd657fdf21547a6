"""Leaflets in every language: shaped, in reading order, fonts embedded, nothing personal leaked."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from intake_app.app.session import Session, unlock
from intake_app.domain.force_profile import ForceProfile, Helpline
from intake_app.leaflets import fonts
from intake_app.leaflets.contacts import load_force, national_support, stale
from intake_app.leaflets.content import ContentPackError, available_languages, load_pack, parse_pack
from intake_app.leaflets.render import CentreDetails, Personal, Sizes, render_leaflet
from intake_app.leaflets.typeset import Style, display_order, runs, wrap
from intake_app.services.leaflets import LeafletRequest
from intake_app.support import i18n
from tests.conftest import PASSPHRASE, full_report

LANGUAGES = ["en", "ur", "pa", "gu", "pl", "ro", "ar", "bn", "so", "cy"]
CENTRE = CentreDetails(
    "Riverside Advice Centre",
    "12 Mill Lane, Leicester LE1 1AA",
    "Mon-Fri 10:00-16:00",
    "0116 496 0000",
)
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(BIDI_MARKS.sub("", out).split())


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def test_all_ten_languages_are_there_welsh_too() -> None:
    assert sorted(LANGUAGES) == available_languages()
    assert sorted(LANGUAGES) == sorted(lang.code for lang in i18n.LANGUAGES)  # the app's own


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_character_of_every_pack_has_a_glyph(language: str) -> None:
    pack = load_pack(language)
    primary = fonts.register(pack.script)
    latin = fonts.register("latin")
    texts = (
        [v for v in pack.text.values() if isinstance(v, str)]
        + list(pack["rights"])
        + list(pack["notes"].values())
        + list(pack["interval_days"].values())
        + [pack.name]
    )
    missing = {
        ch
        for text in texts
        for ch in text
        if ch not in " " and not fonts.covers(primary, ch) and not fonts.covers(latin, ch)
    }
    assert missing == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_personalised_leaflet_reads_in_order_with_the_reference(
    language: str, tmp_path: Path
) -> None:
    pack = load_pack(language)
    personal = Personal("RIVA-2026-00042-7", date(2026, 11, 21), "police_without_details")
    pdf = render_leaflet(
        [pack],
        centre=CENTRE,
        force=load_force("leicestershire"),
        support=national_support(),
        personal=personal,
    )
    text = pdf_text(pdf, tmp_path)
    assert "RIVA-2026-00042-7" in text
    assert "21/11/2026" in text  # the day it was given, the UK way
    title_words = pack["title"].split(":")[0].split()[:3]
    assert " ".join(title_words) in text  # in logical order, right-to-left ones included
    assert " ".join(pack["report_title"].split()[:2]) in text
    assert "0800 555 111" in text or "0800555111" not in text
    for row in pdf_fonts(pdf, tmp_path):
        assert row[-5] == "yes" and row[-4] == "yes", row  # embedded and subset
    assert len(pdf) < 400 * 1024


def test_right_to_left_line_keeps_numbers_and_addresses_left_to_right() -> None:
    style = Style("arabic", 10, rtl=True)
    (line,) = wrap(
        "عبر الإنترنت من خلال True Vision: report-it.org.uk. اتصل بالرقم 999.", style, 2000
    )
    shown = [piece.text for piece, _ in display_order(line, True)]
    assert shown.index("True") < shown.index("Vision") < shown.index("report-it.org.uk")
    assert shown[0] == "." and shown[1] == "999"  # the full stop ends the sentence, on the left
    assert shown[-1] == "عبر"  # the first word is on the right


def test_words_are_cut_where_scripts_or_directions_meet() -> None:
    assert runs("18001\u00a0101۔") == ["18001\u00a0101", "۔"]
    assert runs("(999)") == ["(", "999", ")"]
    assert runs("2026-11-21") == ["2026-11-21"]


def test_bilingual_and_large_print(tmp_path: Path) -> None:
    assert Sizes.for_print(True).body >= 16
    pdf = render_leaflet([load_pack("en"), load_pack("ur")], centre=CENTRE, force=None,
                         support=national_support(), large_print=True)  # fmt: skip
    text = pdf_text(pdf, tmp_path)
    assert "Hate crime: information for you" in text
    assert "نفرت پر مبنی" in text


def test_blank_leaflet_has_no_reference_and_every_next_step(tmp_path: Path) -> None:
    pack = load_pack("en")
    text = pdf_text(
        render_leaflet([pack], centre=CENTRE, force=None, support=national_support()), tmp_path
    )
    assert "Your reference number" not in text
    for key in ("next_police_with_contact", "next_police_without_details", "next_monitoring_only",
                "next_no_contact", "next_safeguarding", "next_emergency"):  # fmt: skip
        assert pack[key][:40] in text


def test_malformed_pack_is_refused_with_its_file_and_field() -> None:
    document = json.loads(Path("resources/leaflets/pl.json").read_text("utf-8"))
    document["text"]["rights"] = document["text"]["rights"][:11]
    with pytest.raises(ContentPackError, match=r"pl\.json: field text\.rights"):
        parse_pack(json.dumps(document).encode(), "pl.json")
    document = json.loads(Path("resources/leaflets/pl.json").read_text("utf-8"))
    del document["text"]["what_body"]
    with pytest.raises(ContentPackError, match=r"pl\.json: .*what_body"):
        parse_pack(json.dumps(document).encode(), "pl.json")
    with pytest.raises(ContentPackError, match=r"ro\.json: not valid UTF-8 JSON"):
        parse_pack(b"{ nope", "ro.json")


def test_old_phone_numbers_are_flagged() -> None:
    lines = (
        Helpline("A", "0800 000 000", "", date(2020, 1, 1)),
        Helpline("B", "0800 000 001", "", date(2026, 10, 1)),
    )
    assert [h.name for h in stale(lines, date(2026, 11, 21), 365)] == ["A"]


def test_a_number_checked_today_is_fresh_and_one_never_checked_is_not() -> None:
    lines = (
        Helpline("Today", "0800 000 002", "", date(2026, 11, 21)),
        Helpline("Never", "0800 000 003", "", None),
    )
    assert [h.name for h in stale(lines, date(2026, 11, 21), 365)] == ["Never"]


def test_the_leaflets_and_the_export_read_one_force_profile_type() -> None:
    bundled = load_force("leicestershire")
    assert isinstance(bundled, ForceProfile) and not bundled.age_recipients
    assert bundled.contacts and all(isinstance(h, Helpline) for h in bundled.contacts)
    imported = ForceProfile(
        "leicestershire",
        "Leicestershire Police",
        helplines=(
            {"name": "Victim First", "phone": "0800 953 95 95", "last_checked": "2026-01-05"},
            {"name": "No number"},
            {"name": "Undated", "phone": "0116 496 0001"},
        ),
    )
    assert [(h.name, h.last_checked) for h in imported.contacts] == [
        ("Victim First", date(2026, 1, 5)),
        ("Undated", None),
    ]
    assert imported.to_json()["helplines"][1] == {"name": "No number"}  # the fingerprint's input


def test_service_prints_nothing_of_the_report_but_its_reference(
    session: Session, tmp_path: Path
) -> None:
    session.settings.set_centre_contact(
        "12 Mill Lane, Leicester", "Mon-Fri 10:00-16:00", "0116 496 0000"
    )
    record = session.reports.create_draft(full_report())
    request = LeafletRequest("pl", bilingual=True, reference=record.reference)
    leaflet = session.leaflets.make(request)
    text = pdf_text(leaflet.pdf, tmp_path)
    assert record.reference in text and "12 Mill Lane, Leicester" in text
    for secret in (
        "Zenobia",
        "Quarterfield",
        "Larkspur",
        "LE2 7QX",
        "Wexcombe",
        "hijab",
        "0116 496 0777",
    ):
        assert secret not in text
    assert "Ktoś z policji powinien się z Tobą skontaktować" in text  # what happens next
    assert leaflet.unreviewed == ["Polish"]
    session.leaflets.record(leaflet, request, "saved")
    entry = session.audit.entries(limit=1)[0]
    assert (entry.action, entry.target, entry.detail) == ("leaflet.saved", record.id, "pl+en")


def test_unknown_language_is_a_clear_message(session: Session) -> None:
    with pytest.raises(Exception, match="no leaflet in 'xx'"):
        session.leaflets.make(LeafletRequest("xx"))


def test_a_centre_replaces_text_and_numbers_without_code(session: Session, tmp_path: Path) -> None:
    data_dir = session.data_dir
    folder = data_dir / "leaflet-texts"
    folder.mkdir()
    document = json.loads(Path("resources/leaflets/en.json").read_text("utf-8"))
    document["text"]["title"] = "Hate crime: help from Riverside"
    (folder / "en.json").write_text(json.dumps(document), "utf-8")
    with session.db.transaction():
        session.db.execute("UPDATE store_meta SET value = 'west-mercia' WHERE key = 'force_code'")
    session.close()  # the centre's force is read when the store is unlocked
    session = unlock(data_dir, "Amina", PASSPHRASE)
    (folder / "force-west-mercia.json").write_text(json.dumps({
        "force_code": "west-mercia", "force_name": "West Mercia Police", "hate_crime_web": "https://example.org/hate",
        "helplines": [{"name": "Local Hate Line", "phone": "0800 111 2222", "last_checked": "2026-11-01"}],
    }), "utf-8")  # fmt: skip
    text = pdf_text(session.leaflets.make(LeafletRequest("en")).pdf, tmp_path)
    assert "Hate crime: help from Riverside" in text
    assert "Local Hate Line: 0800 111 2222" in text
    assert "example.org/hate" in text
    session.settings.set_phone_check_days(3650)
    assert [h.name for h in session.leaflets.stale_numbers()] == ["Tell MAMA"]
    session.settings.set_phone_check_days(30)
    assert "Victim Support" in [h.name for h in session.leaflets.stale_numbers()]
    session.close()
