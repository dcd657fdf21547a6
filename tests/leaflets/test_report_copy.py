"""The copy of a report for the person: what was recorded in plain words, who gets what, in any
script; only for those who may open the report; audited without content."""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_app.app.session import Session, unlock
from intake_app.domain.report import History, Offender, Person, Report, Witness
from intake_app.domain.report_record import AttachmentInfo, ReportRecord
from intake_app.domain.vocabulary import load as load_vocabulary
from intake_app.leaflets import fonts
from intake_app.leaflets.copy_wording import CONSENT
from intake_app.leaflets.render import CentreDetails
from intake_app.leaflets.report_copy import copy_content
from intake_app.leaflets.report_copy_pdf import line_width, render_report_copy
from intake_app.leaflets.typeset import Style, display_order, has_rtl, wrap
from intake_app.support.errors import InvalidState, NotAllowed
from tests.conftest import VOLUNTEER_PASSPHRASE, full_report
from tests.leaflets.test_leaflets import pdf_fonts, pdf_text

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
URDU_NAME = "محمد علی ٹوانہ"
GURMUKHI_NAME = "ਹਰਪ੍ਰੀਤ ਕੌਰ"


def copy_text(pdf: bytes, tmp_path: Path) -> str:
    """The words of the copy, ligatures (the "ffi" of "officer") spelt out."""
    return unicodedata.normalize("NFKC", pdf_text(pdf, tmp_path))


def set_status(session: Session, report_id: str, status: str) -> None:
    with session.db.transaction():
        session.db.execute("UPDATE reports SET status = ? WHERE id = ?", (status, report_id))


def test_copy_shows_the_reference_the_centre_and_what_was_recorded(
    session: Session, tmp_path: Path
) -> None:
    session.settings.set_centre_contact("12 Mill Lane, Leicester", "", "0116 496 0000")
    record = session.reports.create_draft(full_report())
    text = copy_text(session.leaflets.report_copy(record.reference, "saved"), tmp_path)
    assert record.reference in text
    assert "Riverside Advice Centre" in text and "12 Mill Lane, Leicester" in text
    assert f"Date taken {date.today().day} " in text
    for heading in (
        "Where your report is now",
        "Who gets what",
        "About you",
        "What happened",
        "Why you think it happened",
        "When and where",
        "Who did it",
        "Witnesses and evidence",
        "Injuries, loss or damage",
        "Support",
        "How the police may contact you",
    ):
        assert heading in text, heading
    assert "Has it happened before" not in text  # nothing was recorded about it
    for said in (
        "Zenobia Quarterfield",
        "Two men followed Zenobia from the Wexcombe tram stop shouting slurs.",
        "Because of my hijab",
        "Religion or belief (Muslim), Race or ethnicity",
        "Verbal abuse, Threats",
        "14 March 2026 at 18:30",
        "Tram line 4",
        "Orange hivis jacket",
        "Thaddeus Ormsgill",
        "Bruised wrist",
        "A female officer",
    ):
        assert said in text, said
    assert "Not finished: the centre is still writing your report down." in text
    assert "Keep this copy somewhere safe. It holds personal details." in text
    assert f"Reference {record.reference} · page 1 of " in text


def test_only_sections_with_something_in_them_are_shown(session: Session, tmp_path: Path) -> None:
    report = Report(consent="monitoring_only", description="Someone spat at the door.")
    record = session.reports.create_draft(report)
    text = copy_text(session.leaflets.report_copy(record.id, "printed"), tmp_path)
    assert "What happened" in text and "Someone spat at the door." in text
    for heading in (
        "About you",
        "Why you think it happened",
        "When and where",
        "Who did it",
        "Witnesses and evidence",
        "Injuries, loss or damage",
        "Has it happened before",
        "Support",
        "How the police may contact you",
        "How you would like to be contacted",
    ):
        assert heading not in text, heading


@pytest.mark.parametrize(
    ("consent", "to_police", "kept", "status"),
    [
        (
            "police_with_contact",
            "Your name, date of birth, address, phone and email",
            "Photos or documents not marked to share",
            "Ready to send: the centre will pass it to the police in its next batch.",
        ),
        (
            "police_without_details",
            "What happened and when",
            "Your name, date of birth, address, phone and email",
            "Ready to send: the centre will pass it to the police in its next batch.",
        ),
        (
            "monitoring_only",
            None,
            "The whole report",
            "Finished: the centre keeps it. It is not sent to the police.",
        ),
    ],
)
def test_each_consent_says_who_gets_what(
    session: Session, tmp_path: Path, consent: str, to_police: str | None, kept: str, status: str
) -> None:
    record = session.reports.create_draft(full_report(consent=consent))
    session.reports.mark_ready(record.id)
    text = copy_text(session.leaflets.report_copy(record.reference, "saved"), tmp_path)
    assert " ".join(CONSENT[consent].split()) in text
    police, _, centre = text.partition("What stays at the centre")
    if to_police is None:
        assert "What the police get" not in text
    else:
        assert to_police in police.partition("What the police get")[2]
    assert kept in centre.partition("About you")[0]
    assert status in text
    contact = "How the police may contact you"
    assert (contact in text) == (consent == "police_with_contact")


@pytest.mark.parametrize(
    ("status", "said"),
    [
        ("exported", "Sent: the centre has passed it to the police."),
        ("acknowledged", "Received: the police have confirmed that they have your report."),
    ],
)
def test_status_after_sending_is_explained(
    session: Session, tmp_path: Path, status: str, said: str
) -> None:
    record = session.reports.create_draft(full_report())
    set_status(session, record.id, status)
    assert said in copy_text(session.leaflets.report_copy(record.id, "saved"), tmp_path)


def test_a_witness_reads_about_the_person_it_happened_to(session: Session, tmp_path: Path) -> None:
    report = full_report(consent="police_without_details", reporter_type="witness")
    report.reporter.name = "Oluwaseun Brightwater"
    record = session.reports.create_draft(report)
    text = copy_text(session.leaflets.report_copy(record.id, "saved"), tmp_path)
    assert "without anything that identifies the person" in text  # report_sharing's sentence
    assert "The person's name, date of birth, address, phone and email" in text
    assert "About the person reporting" in text and "Oluwaseun Brightwater" in text
    assert "The person it happened to" in text and "About you" not in text


def test_attachments_are_counted_never_shown(session: Session, tmp_path: Path) -> None:
    record = session.reports.create_draft(full_report())
    session.attachments.add(record.id, PNG, "Photo of the smashed door", share_with_police=True)
    session.attachments.add(record.id, PNG, "Screenshot of the message")
    text = copy_text(session.leaflets.report_copy(record.id, "saved"), tmp_path)
    assert "2 photos or documents were added; 1 is shared with the police." in text
    assert "smashed door" not in text and "Screenshot of the message" not in text
    kept = session.reports.create_draft(full_report(consent="monitoring_only"))
    session.attachments.add(kept.id, PNG, "Photo")
    text = copy_text(session.leaflets.report_copy(kept.id, "saved"), tmp_path)
    assert "1 photo or document was added; it stays at the centre." in text


def test_names_in_any_script_are_shaped_embedded_and_read_back(
    session: Session, tmp_path: Path
) -> None:
    report = full_report(
        person=Person(name=URDU_NAME, address="ul. Zażółć Gęślą 5, Łódź"),
        witnesses=[Witness(name=GURMUKHI_NAME, notes="ਉਸਨੇ ਸਭ ਕੁਝ ਦੇਖਿਆ")],
        offenders=[Offender(name="রহিম উদ্দিন", clothing="ભૂરા રંગનું જેકેટ")],
        description="قالوا كلاماً عنصرياً أمام المسجد\nThey shouted at us, ਹਰਪ੍ਰੀਤ and me.",
    )
    record = session.reports.create_draft(report)
    pdf = session.leaflets.report_copy(record.id, "saved")
    text = copy_text(pdf, tmp_path)
    for said in (
        URDU_NAME,
        GURMUKHI_NAME,
        "ਉਸਨੇ ਸਭ ਕੁਝ ਦੇਖਿਆ",
        "ul. Zażółć Gęślą 5, Łódź",
        "রহিম উদ্দিন",
        "ભૂરા રંગનું જેકેટ",
        "كلاماً عنصرياً",
        "They shouted at us, ਹਰਪ੍ਰੀਤ and me.",
    ):
        assert unicodedata.normalize("NFKC", said) in text, said
    embedded = {row[0].split("+")[-1]: row for row in pdf_fonts(pdf, tmp_path)}
    for font in (
        "NotoNastaliqUrdu-Regular",
        "NotoSansGurmukhi-Regular",
        "NotoSansBengali-Regular",
        "NotoSansGujarati-Regular",
        "NotoNaskhArabic-Regular",
        "NotoSans-Regular",
        "NotoSans-Bold",
    ):
        assert font in embedded, font
    for row in embedded.values():
        assert row[-5] == "yes" and row[-4] == "yes", row  # embedded and subset


def test_each_paragraph_is_set_in_its_own_script() -> None:
    assert fonts.script_of(URDU_NAME) == "nastaliq"
    assert fonts.script_of("محمد") == "arabic"
    assert fonts.script_of(f"Harpreet {GURMUKHI_NAME}") == "gurmukhi"
    assert fonts.script_of("Zażółć gęślą jaźń") == "latin"
    assert fonts.script_of("") == "latin"


def test_a_word_too_long_for_the_line_is_cut_to_fit() -> None:
    style = Style("latin", 10)
    long_word = "https://example.org/" + "a-very-long-path/" * 20
    assert len(wrap(long_word, style, 200)) == 1  # the leaflets keep words whole
    lines = wrap(long_word, style, 200, break_long_words=True)
    assert len(lines) > 1
    assert all(line_width(line, style) <= 200 for line in lines)
    assert "".join(p.text for line in lines for word in line for p in word) == long_word


def test_brackets_in_right_to_left_text_face_the_right_way() -> None:
    style = Style("nastaliq", 10, rtl=True)

    def shown(text: str) -> list[str]:
        (line,) = wrap(text, style, 2000)
        return [piece.shaped for piece, _ in display_order(line, True) if not has_rtl(piece.text)]

    assert shown("وہ (2026) میں آئے") == ["(", "2026", ")"]
    assert shown("فون (0116 پر") == ["0116", ")"]  # a lone opening bracket, turned round


def test_only_those_who_may_open_the_report_may_copy_it(data_dir: Path, session: Session) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    coordinators = session.reports.create_draft(full_report())
    session.close()
    thaddeus = unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
    try:
        with pytest.raises(NotAllowed):
            thaddeus.leaflets.report_copy(coordinators.reference, "printed")
        own = thaddeus.reports.create_draft(full_report())
        assert thaddeus.leaflets.report_copy(own.reference, "printed").startswith(b"%PDF-")
        thaddeus.reports.mark_ready(own.id)
        with pytest.raises(NotAllowed):  # handed over: no longer theirs to see
            thaddeus.leaflets.report_copy(own.reference, "printed")
        actions = [e.action for e in thaddeus.audit.entries(limit=50)]
        assert actions.count("report.copy_made") == 1
    finally:
        thaddeus.close()


def test_the_copy_is_audited_without_content(session: Session) -> None:
    record = session.reports.create_draft(full_report())
    session.leaflets.report_copy(record.reference, "printed")
    session.leaflets.report_copy(record.reference, "saved")
    entries = [(e.action, e.detail) for e in session.audit.entries(limit=4, target=record.id)]
    assert entries == [
        ("report.copy_made", "saved"),
        ("report.viewed", None),
        ("report.copy_made", "printed"),
        ("report.viewed", None),
    ]
    dump = repr(session.db.all("SELECT * FROM audit_log"))
    for secret in ("Zenobia", "Wexcombe", "hijab", "LE2 7QX", record.reference):
        assert secret not in dump
    assert session.audit.verify().ok
    with pytest.raises(ValueError):
        session.leaflets.report_copy(record.id, "emailed")


def test_no_copy_of_an_erased_report(session: Session) -> None:
    record = session.reports.create_draft(full_report())
    session.reports.withdraw(record.id)
    with pytest.raises(InvalidState, match="erased"):
        session.leaflets.report_copy(record.id, "saved")
    assert "report.copy_made" not in [e.action for e in session.audit.entries(limit=10)]


@pytest.mark.parametrize(
    "typed",
    [
        "\u0378 not yet a character",
        "\u2066isolated\u2069 \u202eoverridden\u202c",
        "nul\x00 bell\x07 tab\tend",
        "\u0301 a mark with nothing before it",
        "😀👍🏽 家族 ไทย",
        "تھے (0116 " + "ا" * 400,
    ],
)
def test_text_no_font_or_unicode_version_knows_still_prints(typed: str, tmp_path: Path) -> None:
    report = Report(description=typed, person=Person(name=typed))
    record = ReportRecord("id", "RIVA-2026-00001-9", "draft", "u", "", "", False, report)
    content = copy_content(
        record, load_vocabulary(), CentreDetails("C"), taken_on=date.today(), made_on=date.today()
    )
    assert "What happened" in copy_text(render_report_copy(content), tmp_path)


def _fill_text(value: object, texts: st.DataObject) -> None:
    """Every text field of a report (and its parts) set to something drawn."""
    for field in dataclasses.fields(value):  # type: ignore[arg-type]
        current = getattr(value, field.name)
        if isinstance(current, str):
            setattr(value, field.name, texts.draw(TEXT, label=field.name))
        elif dataclasses.is_dataclass(current):
            _fill_text(current, texts)


TEXT = st.one_of(
    st.just(""),
    st.text(max_size=60),
    st.text(min_size=1, max_size=30).map(lambda t: (t + " ") * 40),  # long: over lines and pages
    st.text(min_size=1, max_size=8).map(lambda t: t * 150),  # one word wider than the page
)


@pytest.mark.slow
@pytest.mark.coverage_paused  # typesetting each character: 3.5 times slower under coverage
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), status=st.sampled_from(["draft", "ready", "exported", "acknowledged"]))
def test_any_text_in_any_field_makes_a_copy(data: st.DataObject, status: str) -> None:
    report = Report(offenders=[Offender()], witnesses=[Witness()], history=History())
    _fill_text(report, data)
    for offender in report.offenders:
        _fill_text(offender, data)
    for witness in report.witnesses:
        _fill_text(witness, data)
    record = ReportRecord("id", "RIVA-2026-00001-9", status, "u", "2026-03-14T18:30:00Z", "",
                          False, report, [AttachmentInfo("a", "x", "image/png", 1, True, "")])  # fmt: skip
    centre = CentreDetails(data.draw(st.text(min_size=1, max_size=120), label="centre"))
    content = copy_content(
        record, load_vocabulary(), centre, taken_on=date(2026, 3, 14), made_on=date(2026, 3, 15)
    )
    assert render_report_copy(content).startswith(b"%PDF-")


@pytest.mark.parametrize("code", ["pl", "ur", "cy"])
def test_the_copy_speaks_the_persons_language_and_keeps_their_words(
    session: Session, tmp_path: Path, code: str
) -> None:
    """The labels, the sentences and the vocabulary in the person's language; what they said
    as they said it; nothing of the English wording left but names and numbers."""
    from intake_app.support import i18n

    record = session.reports.create_draft(full_report())
    text = copy_text(session.leaflets.report_copy(record.id, "saved", code), tmp_path)
    spoken = i18n.load(code)
    for english in ("A copy of your report", "What happened", "Your reference number"):
        translated = spoken.gettext(english)
        assert translated != english
        assert unicodedata.normalize("NFKC", translated) in text or code == "ur"
    assert spoken.pgettext("vocabulary", "Verbal abuse") != "Verbal abuse"
    assert "Two men followed Zenobia" in text  # the person's own words, untouched
    assert record.reference in text
    for english in ("A copy of your report", "Verbal abuse", "What happened"):
        assert english not in text


def test_an_organisation_s_copy_names_it_first_then_who_to_contact_there(tmp_path: Path) -> None:
    from intake_app.domain.report import ContactPreferences, Organisation

    report = full_report(
        reporter_type="third_party",
        victim_type="organisation",
        organisation=Organisation("Wexcombe Gurdwara", "place_of_worship"),
        contact=ContactPreferences(through_trusted_person=True, trusted_person="The secretary"),
    )
    record = ReportRecord("id", "RIVA-2026-00001-9", "ready", "u", "", "", False, report)
    content = copy_content(
        record, load_vocabulary(), CentreDetails("C"), taken_on=date.today(), made_on=date.today()
    )
    text = unicodedata.normalize("NFKC", copy_text(render_report_copy(content), tmp_path))
    assert "Who or what was targeted" in text and "An organisation or a building" in text
    assert "Name of the organisation" in text and "Wexcombe Gurdwara" in text
    assert "Place of worship" in text
    assert "Who to contact at the organisation" in text and "Zenobia Quarterfield" in text
    assert text.index("Wexcombe Gurdwara") < text.index("Zenobia Quarterfield")
    assert "Who they are, and how to reach them" in text and "The secretary" in text
    # What the police get says the organisation goes with its name.
    assert "the organisation's name and what kind of organisation it is".capitalize() in text
