"""The guided report form, typed into and clicked through like a volunteer would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.domain.report_record import ReportQuery
from intake_app.ui.app import IntakeApp
from intake_app.ui.form.report_form import ReportForm
from intake_app.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.screen import Screen


def choose(combo: QComboBox, code: str) -> None:
    combo.setCurrentIndex(combo.findData(code))


def fill_minimal_report(qtbot: QtBot, form: ReportForm) -> None:
    s = form.sections
    choose(s.reporter_type, "victim")
    choose(s.consent_choice, "police_without_details")
    choose(form.binder.fields["referral_to_support"].widget, "no")  # type: ignore[arg-type]
    form.go_to(2)
    qtbot.keyClicks(form.binder.fields["perception"].widget, "They shouted about my turban.")
    qtbot.mouseClick(s.strands.boxes["religion"], Qt.MouseButton.LeftButton)
    choose(s.strands.categories["religion"], "sikh")
    qtbot.mouseClick(s.incidents.boxes["verbal_abuse"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(
        form.binder.fields["description"].widget, "Shouted at outside the Quillfeather gurdwara."
    )
    form.go_to(3)
    when = form.binder.fields["when.start"].widget
    qtbot.keyClicks(when.date, "2026-02-03")  # type: ignore[attr-defined]
    choose(form.binder.fields["where.place_type"].widget, "place_of_worship")  # type: ignore[arg-type]


def test_a_report_typed_in_is_autosaved_found_and_marked_ready(
    qtbot: QtBot, session: Session
) -> None:
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(1)  # New report
    form = window.form
    assert form is not None and form.record is None
    form.autosave.setInterval(50)
    fill_minimal_report(qtbot, form)
    qtbot.waitUntil(lambda: form.record is not None and not form.dirty, timeout=5000)
    assert "Saved" in form.save_state.text()
    form.go_to(7)
    assert "without anything that identifies" in form.review.sharing.text()
    screen = Screen(qtbot)
    links = [b.text() for b in form.review.missing_buttons]
    assert links == ["Go to Review and send › What the police will read"]
    screen.tab_to("I have read it through: it names nobody")  # the words are just above it
    screen.key(Qt.Key.Key_Space)
    assert form.review.ready.isEnabled(), [b.text() for b in form.review.missing_buttons]
    qtbot.mouseClick(form.review.ready, Qt.MouseButton.LeftButton)
    assert form.record.status == "ready"
    window.nav.setCurrentRow(0)
    qtbot.keyClicks(window.search, "quillfeath")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    assert window.model.summary_at(0).status == "ready"
    window.close()


def test_inline_messages_and_missing_items_point_to_their_fields(
    qtbot: QtBot, session: Session
) -> None:
    form = ReportForm(session)
    qtbot.addWidget(form)
    form.show()
    form.go_to(1)
    qtbot.keyClicks(form.binder.fields["person.postcode"].widget, "nowhere")
    form.check()
    error = form.binder.fields["person.postcode"].error
    assert error.isVisibleTo(form) and "UK postcode" in error.text()
    form.go_to(7)
    assert not form.review.ready.isEnabled()
    screen = Screen(qtbot)
    form.activateWindow()
    screen.wait(lambda: QApplication.activeWindow() is form)
    screen.press("Go to What happened and why › Why do they think this happened? (in their words)")
    assert form.section == 2
    assert screen.focused_name() == "Why do they think this happened? (in their words)"
    form.go_to(7)
    screen.tab_to("Go to What happened and why › What happened?")
    screen.key(Qt.Key.Key_Return)  # Return follows a link as Space does
    assert form.section == 2 and screen.focused_name() == "What happened?"


def test_anonymous_hides_and_clears_identifying_fields_but_can_bring_them_back(
    qtbot: QtBot, session: Session
) -> None:
    form = ReportForm(session)
    qtbot.addWidget(form)
    form.show()
    form.go_to(1)
    qtbot.keyClicks(form.binder.fields["person.name"].widget, "Zenobia Quarterfield")
    form.go_to(0)
    qtbot.mouseClick(form.sections.anonymous, Qt.MouseButton.LeftButton)
    assert not form.sections.person_group.isVisibleTo(form)
    assert form.collect()[0].person.name == ""
    qtbot.mouseClick(form.sections.anonymous, Qt.MouseButton.LeftButton)
    assert form.collect()[0].person.name == "Zenobia Quarterfield"


def test_offenders_and_witnesses_repeat(qtbot: QtBot, session: Session) -> None:
    form = ReportForm(session)
    qtbot.addWidget(form)
    form.go_to(4)
    for _ in range(2):
        qtbot.mouseClick(form.sections.offender_list.add_button, Qt.MouseButton.LeftButton)
    first = form.sections.offender_list.entries[0][1]
    qtbot.keyClicks(first.fields["clothing"].widget, "Green parka")
    qtbot.keyClicks(form.binder.fields["offender_count_text"].widget, "2")
    report, _ = form.collect()
    assert report.offender_count == 2
    assert [o.clothing for o in report.offenders] == ["Green parka", ""]
    assert form.save_now()
    reopened = ReportForm(session, session.reports.get(form.record.id))  # type: ignore[union-attr]
    qtbot.addWidget(reopened)
    assert len(reopened.sections.offender_list.entries) == 2


def test_auto_lock_saves_the_draft_and_the_same_user_returns_to_it(
    qtbot: QtBot, data_dir: Path, session: Session
) -> None:
    app = IntakeApp(data_dir, lock_after_ms=60_000)
    app.window = MainWindow(session, app.relock)
    qtbot.addWidget(app.window)
    app.window.show()
    app.window.nav.setCurrentRow(1)
    form = app.window.form
    assert form is not None
    form.go_to(2)
    qtbot.keyClicks(form.binder.fields["perception"].widget, "Typed just before the lock")
    app.inactivity.set_timeout(200)
    app.inactivity.arm()
    qtbot.waitUntil(lambda: not app.window.isVisible(), timeout=5000)
    assert app.window.form is None  # nothing of the report stays on screen
    dialog = app.unlock_dialog
    assert dialog.user_name.text() == "Amina"  # the same user's name, filled in after a lock
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window.isVisible(), timeout=10000)
    restored = app.window.form
    assert restored is not None and restored.section == 2
    assert restored.collect()[0].perception == "Typed just before the lock"
    assert app.window.session is not None
    assert app.window.session.reports.count(ReportQuery(status="draft")) == 1
    app.inactivity.remove()
    app.window.close()


def test_attachments_are_added_with_thumbnails_and_shared_by_choice(
    qtbot: QtBot, tmp_path: Path, session: Session
) -> None:
    from PySide6.QtGui import QColor, QImage

    photo = tmp_path / "door.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    assert image.save(str(photo))
    program = tmp_path / "not-a-photo.jpg"
    program.write_bytes(b"MZ\x90\x00 a program pretending to be a photo")
    form = ReportForm(session)
    qtbot.addWidget(form)
    form.go_to(5)
    box = form.attachments
    box.add_files([photo, program])
    qtbot.waitUntil(lambda: "Added" in box.message.text(), timeout=10000)
    assert box.listing.count() == 1
    assert "not-a-photo.jpg" in box.message.text() and "cannot be attached" in box.message.text()
    assert form.record is not None  # the draft was saved so the file had somewhere to go
    item = box.listing.item(0)
    assert not item.icon().isNull()
    item.setCheckState(Qt.CheckState.Checked)
    stored = session.reports.get(form.record.id).attachments
    assert [a.share_with_police for a in stored] == [True]
    reopened = ReportForm(session, session.reports.get(form.record.id))
    qtbot.addWidget(reopened)
    assert reopened.attachments.listing.count() == 1


def test_a_parents_consent_is_asked_only_for_a_child_also_when_a_draft_is_opened(
    qtbot: QtBot, session: Session
) -> None:
    from tests.conftest import full_report

    draft = session.reports.create_draft(full_report(under_18=False))
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.show()
    window.open_report(session.reports.list()[0])
    screen = Screen(qtbot)
    screen.wait(lambda: window.form is not None and window.form.isVisible())
    parental = screen.find("Does a parent or carer agree?")
    assert not parental.isEnabled()  # it was switched on again as the draft opened
    screen.tab_to("The person is under 18")
    screen.key(Qt.Key.Key_Space)
    assert parental.isEnabled()
    assert draft.reference


def test_words_that_could_name_someone_are_taken_out_of_the_police_copy_by_keyboard(
    qtbot: QtBot, session: Session, tmp_path: Path, force
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(session, lambda: None)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(1)  # New report
    form = window.form
    assert form is not None
    fill_minimal_report(qtbot, form)  # "Shouted at outside the Quillfeather gurdwara."
    form.go_to(7)
    screen = Screen(qtbot)
    view = screen.tab_to("What happened, as the police get it")
    screen.key(Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    for _step in range(3):  # "Quillfeather gurdwara." from the end, a word at a time
        screen.key(
            Qt.Key.Key_Left,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    screen.alt("t")  # Take out the selected words
    assert "[removed]" in view.toPlainText() and "Quillfeather" not in view.toPlainText()  # type: ignore[attr-defined]
    assert screen.sees("Words taken out of the police copy:")
    screen.tab_to("I have read it through: it names nobody")
    screen.key(Qt.Key.Key_Space)
    assert form.review.ready.isEnabled()
    qtbot.mouseClick(form.review.ready, Qt.MouseButton.LeftButton)
    assert form.record is not None and form.record.status == "ready"
    kept = session.reports.get(form.record.id).report
    assert "Quillfeather" in kept.description  # the centre keeps what was said
    identity, _keys, profile = force
    session.exports.import_profile(profile.to_bytes())
    from tests.services.test_export import open_batch

    members = open_batch(session.exports.export(tmp_path).path, identity)
    sent = b"".join(members.values())
    assert b"Quillfeather" not in sent and b"[removed]" in sent
    assert b"police_copy" not in sent  # the centre's note never leaves
    window.close()
