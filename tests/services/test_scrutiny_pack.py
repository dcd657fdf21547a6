"""The scrutiny panel's case pack: pdftotext of it finds none of the person's identifying
markers, none of the words a volunteer took out, and no date finer than the month; it holds the
case's history and the panel's questions; only coordinators make one; each case is audited."""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from intake_app.app.session import Session, unlock
from intake_app.domain.police_copy import confirmed, removing
from intake_app.domain.report import (
    ContactPreferences,
    Harm,
    History,
    Offender,
    Organisation,
    Person,
    When,
    Where,
    Witness,
)
from intake_app.services.scrutiny_packs import ACTION
from intake_app.support.errors import IntakeError, InvalidState, NotAllowed
from tests.conftest import VOLUNTEER_PASSPHRASE, full_report
from tests.leaflets.test_leaflets import pdf_text
from tests.scrutiny_world import close_cases, sent_cases
from tests.services.test_subject_access import sent_and_received

MARKERS = (
    "Zenobia Quarterfield", "1984", "29/02", "14 Larkspur Terrace", "LE2 7QX", "0116 496 0777",
    "zenobia.q@example.org", "Thaddeus Ormsgill", "07700 900123", "Barnaby Quillstone",
    "Tigrinya", "guide dog", "Auntie Folasade", "PC Wendell", "AB12 CDE", "Bruised wrist",
    "Quillbury",  # a word the volunteer took out
)  # fmt: skip
FINER_THAN_A_MONTH = re.compile(
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b"
)


def a_case(**changes: Any) -> Any:
    report = full_report(
        consent="police_without_details",
        person=Person(name="Zenobia Quarterfield", date_of_birth="1984-02-29",
                      address="14 Larkspur Terrace", postcode="LE2 7QX", phone="0116 496 0777",
                      email="zenobia.q@example.org"),
        contact=ContactPreferences(through_trusted_person=True, trusted_person="Auntie Folasade"),
        description="They followed me from Quillbury market to the tram.",
        when=When(start="2026-03-14T18:30"),
        where=Where(place_type="street", address="14 Larkspur Terrace", postcode="LE1 5WW"),
        offenders=[Offender(name="Barnaby Quillstone", sex="male", clothing="Orange hivis jacket",
                            vehicle="Red van AB12 CDE")],
        witnesses=[Witness(name="Thaddeus Ormsgill", phone="07700 900123")],
        harm=Harm(injuries="Bruised wrist", medical_help=False),
        history=History(happened_before=True, reported_before=True, reported_to="PC Wendell"),
        interpreter_language="Tigrinya",
        access_needs="Comes with a guide dog",
        **changes,
    )  # fmt: skip
    report.police_copy = removing(report, "Quillbury")
    report.police_copy = confirmed(report)
    return report


def pack_text(session: Session, refs: list[str], tmp_path: Path) -> str:
    pdf = session.scrutiny_packs.make(refs)
    return unicodedata.normalize("NFKC", pdf_text(pdf, tmp_path))


def test_the_pack_names_nobody_and_dates_nothing_finer_than_the_month(
    session: Session, tmp_path: Path, force: Any
) -> None:
    report_id, _other = sent_and_received(session, force)
    session.reports.correct(report_id, a_case())
    reference = session.reports.visible(report_id).reference
    close_cases(session, force, [(report_id, reference)])
    text = pack_text(session, [reference], tmp_path)
    assert [marker for marker in MARKERS if marker in text] == []
    assert FINER_THAN_A_MONTH.findall(text) == []
    assert "Case 1: " + reference in text
    assert "Mar 2026" in text  # when it happened, to the month
    assert "They followed me from [removed] market to the tram." in text  # as checked
    assert "Orange hivis jacket" in text  # what they looked like stays
    assert "Sent to the police in batch 1" in text
    assert "Received by the police (receipt)" in text
    assert "Was the person contacted within the time the force promises?" in text
    assert "Nov 2026" in text or "Prepared" in text


def test_words_nobody_checked_for_names_are_left_out_and_it_says_so(
    session: Session, tmp_path: Path, force: Any
) -> None:
    report = full_report(description="Barnaby from number 14 shouted at me.")  # with contact
    (reference,) = sent_cases(session, force, [report])
    text = pack_text(session, [reference], tmp_path)
    assert "Barnaby" not in text and "number 14" not in text
    assert "The person's own words are left out" in text


def test_an_organisation_keeps_its_kind_not_its_name(
    session: Session, tmp_path: Path, force: Any
) -> None:
    report = a_case(
        victim_type="organisation",
        organisation=Organisation("Wexcombe Gurdwara", "place_of_worship"),
    )
    (reference,) = sent_cases(session, force, [report])
    text = pack_text(session, [reference], tmp_path)
    assert "Wexcombe Gurdwara" not in text
    assert "Place of worship" in text


def test_each_case_is_audited_against_its_report_and_open_cases_and_drafts_are_refused(
    session: Session, tmp_path: Path, force: Any
) -> None:
    first, second = sent_cases(session, force, [a_case(), a_case()])
    ids = [session.reports.visible(ref).id for ref in (first, second)]
    session.scrutiny_packs.make([first, second, first])
    made = [(e.action, e.target, e.detail) for e in session.audit.entries(limit=2)]
    assert sorted(made) == sorted([(ACTION, ids[0], None), (ACTION, ids[1], None)])
    draft = session.reports.create_draft(a_case())
    with pytest.raises(InvalidState, match="cannot go in a case pack"):
        session.scrutiny_packs.make([draft.reference])
    (still_open,) = sent_cases(session, force, [a_case()], closed=False)
    ready = session.reports.create_draft(a_case())  # not even sent
    session.reports.mark_ready(ready.id)
    for open_case in (ready.reference, still_open):
        before = len(session.audit.entries(limit=1000))
        with pytest.raises(InvalidState, match=f"^{open_case} is not closed"):
            session.scrutiny_packs.make([first, open_case])  # the whole pack is refused
        assert len(session.audit.entries(limit=1000)) == before  # and nothing audited
    with pytest.raises(IntakeError, match="at least one case"):
        session.scrutiny_packs.make([])


def test_the_centre_sets_its_own_questions(session: Session, tmp_path: Path, force: Any) -> None:
    session.scrutiny_packs.set_questions(["  Was the Victims' Code met?  ", "", "Any learning?"])
    assert session.scrutiny_packs.questions() == ["Was the Victims' Code met?", "Any learning?"]
    (reference,) = sent_cases(session, force, [a_case()])
    text = pack_text(session, [reference], tmp_path)
    assert "Was the Victims' Code met?" in text and "Any learning?" in text
    assert "What could have been done better" not in text
    with pytest.raises(IntakeError, match="at least one question"):
        session.scrutiny_packs.set_questions(["", "  "])
    with pytest.raises(IntakeError, match="Question 2"):
        session.scrutiny_packs.set_questions(["fine", "x" * 301])
    with pytest.raises(IntakeError, match="at most 30"):
        session.scrutiny_packs.set_questions([f"q{i}" for i in range(31)])


def test_only_a_coordinator_makes_a_pack_or_sets_the_questions(
    session: Session, data_dir: Path
) -> None:
    record = session.reports.create_draft(a_case())
    session.reports.mark_ready(record.id)
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    session.close()
    volunteer = unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE)
    with pytest.raises(NotAllowed, match="Only a coordinator"):
        volunteer.scrutiny_packs.make([record.reference])
    with pytest.raises(NotAllowed, match="Only a coordinator"):
        volunteer.scrutiny_packs.set_questions(["Anything?"])
    volunteer.close()


def test_the_police_s_word_is_in_the_case_s_history_to_the_month(
    session: Session, tmp_path: Path
) -> None:
    from tests.case_update_world import REFERENCE, with_a_sent_report
    from tests.case_update_world import fixture as update_file

    centre = with_a_sent_report(session)
    centre.case_updates.import_file(update_file("good-1.updates"))
    centre.case_updates.import_file(update_file("good-2.updates"))  # closed
    text = pack_text(centre, [REFERENCE], tmp_path)
    assert "Recorded as a crime" in text and "First contact by an officer" in text
    assert "Outcome: No further action" in text and "Closed" in text
    assert "Nov 2026" in text
    assert "LP/2026/0001" not in text  # the crime reference identifies the record
    assert FINER_THAN_A_MONTH.findall(text) == []


def test_each_case_says_whether_the_force_kept_its_promises_to_the_month(
    session: Session, tmp_path: Path, force: Any
) -> None:
    kept, broken = sent_cases(session, force, [a_case()]) + sent_cases(
        session, force, [a_case()], late=40
    )
    text = pack_text(session, [kept, broken], tmp_path)
    case_1, case_2 = text.split("Case 2: ")
    assert "The force's promises" in case_1 and "The force's promises" in case_2
    assert "First contact within 5 working days: kept" in case_1
    assert "An update at least every 28 days: kept" in case_1
    assert "First contact within 5 working days: broken (was due by Nov 2026)" in case_2
    assert "An update at least every 28 days: broken (was due by Dec 2026)" in case_2
    assert FINER_THAN_A_MONTH.findall(text) == []


def _pages_of_words(pdf: bytes, tmp_path: Path) -> list[list[tuple[str, float, float]]]:
    """Each page's words in reading order: (word, top, bottom) in points from the top."""
    path = tmp_path / "pack.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        pages.append(
            [
                (html.unescape(word), float(top), float(bottom))
                for top, bottom, word in re.findall(
                    r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
                    page,
                )
            ]
        )
    return pages


def test_each_case_starts_a_page_and_each_question_stays_on_one_with_room_for_the_answer(
    session: Session, tmp_path: Path, force: Any
) -> None:
    questions = [
        f"Question {n}: was what the force did on this case right, and why?" for n in "ABCDEFGHIJ"
    ]
    session.scrutiny_packs.set_questions(questions)
    refs = sent_cases(session, force, [a_case(), a_case()])
    pages = _pages_of_words(session.scrutiny_packs.make(refs), tmp_path)
    assert len(pages) >= 3
    found = 0
    for words in pages:
        text = [w for w, _top, _bottom in words]
        for question in questions:
            wanted = question.split()
            starts = [i for i in range(len(text)) if text[i : i + len(wanted)] == wanted]
            for start in starts:  # whole on this page; the next words well below it
                found += 1
                end = start + len(wanted) - 1
                _word, _top, bottom = words[end]
                below = words[end + 1][1]  # the next question, a heading or the footer
                assert below - bottom >= 4 * 20, (question, below - bottom)
    assert found == 2 * len(questions)  # none was split between two pages
    assert any([w for w, _t, _b in words[:2]] == ["Case", "2:"] for words in pages)  # a new page
