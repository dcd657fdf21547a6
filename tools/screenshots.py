"""``make screenshots``: PNGs of each screen with demo data, in docs/screenshots/.

Runs on the offscreen platform with a throwaway store; set SCREENSHOT_SCALE=2 to see the app at
double text size, or SCREENSHOT_LAPTOP=1 for the main screens as a 1366×768 laptop at 150 %
shows them (910×512 points drawn at 1.5 pixels each). SCREENSHOT_LANG=ur (pl, ar…) draws them in
that language, in docs/screenshots/ur/.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_SCALE_FACTOR"] = "1.5" if os.environ.get("SCREENSHOT_LAPTOP") == "1" else "1"

import keyring
import minisign
import pyrage
from keyring.backends import fail
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from intake_app.app.session import create_store
from intake_app.domain.force_profile import ForceProfile
from intake_app.storage.kdf import TEST_PARAMS
from intake_app.support import i18n
from intake_app.support.i18n import _
from intake_app.ui.app import register_fonts
from intake_app.ui.dialogs.about_dialog import AboutDialog
from intake_app.ui.dialogs.setup_wizard import SetupWizard
from intake_app.ui.dialogs.unlock_dialog import UnlockDialog
from intake_app.ui.form.report_view import ReportView
from intake_app.ui.language import apply_language
from intake_app.ui.main_window import MainWindow

LANGUAGE = i18n.language(os.environ.get("SCREENSHOT_LANG", "en"))
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
if LANGUAGE is not i18n.ENGLISH:
    OUT = OUT / LANGUAGE.code
PASSPHRASE = "violet kettle harbour seven"


def save(widget: QWidget, name: str, suffix: str) -> None:
    widget.show()
    for _round in range(5):  # layouts settle over several passes
        QApplication.processEvents()
    path = OUT / f"{name}{suffix}.png"
    widget.grab().save(str(path))
    print(path.relative_to(OUT.parent.parent))


LAPTOP = os.environ.get("SCREENSHOT_LAPTOP") == "1"


def wait_for(condition: object) -> None:
    for _round in range(200):
        QApplication.processEvents()
        if callable(condition) and condition():
            return
        time.sleep(0.05)


def main() -> None:
    keyring.set_keyring(fail.Keyring())
    scale = float(os.environ.get("SCREENSHOT_SCALE", "1"))
    suffix = "@laptop-150" if LAPTOP else "" if scale == 1 else f"@{scale:g}x-text"
    app = QApplication(sys.argv[:1])
    register_fonts()  # as the app does: every script shows on a bare machine
    apply_language(LANGUAGE.code)
    font = QFont(app.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    app.setFont(font)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wizard = SetupWizard(Path(tmp) / "wizard")
        wizard.centre_page.centre_name.setText("Riverside Advice Centre")
        wizard.centre_page.centre_code.setText("RIVA")
        save(wizard, "setup-centre", suffix)
        wizard.next()
        wizard.coordinator_page.user_name.setText("Amina")
        wizard.coordinator_page.passphrase.setText("password123")
        save(wizard, "setup-coordinator", suffix)

        session, recovery = create_store(
            Path(tmp) / "store", centre_name="Riverside Advice Centre", centre_code="RIVA",
            user_name="Amina", passphrase=PASSPHRASE, params=TEST_PARAMS,
        )  # fmt: skip
        wizard.coordinator_page.session, wizard.coordinator_page.recovery = session, recovery
        wizard.next()
        save(wizard, "setup-recovery-key", suffix)
        wizard.hide()

        unlock = UnlockDialog(Path(tmp) / "store")
        unlock.user_name.setText("Amina")
        unlock._failed(_("That user name and passphrase did not unlock the store."))
        save(unlock, "unlock", suffix)

        session.demo.generate(300)
        window = MainWindow(session, lambda: None)
        if LAPTOP:
            window.resize(910, 472)  # a 1366×768 screen at 150 %, less the taskbar
        else:
            window.resize(int(1100 * min(scale, 1.6)), int(650 * min(scale, 1.6)))
        save(window, "reports-list", suffix)
        window.nav.setCurrentRow(1)
        form = window.form
        assert form is not None
        form.sections.reporter_type.setCurrentIndex(form.sections.reporter_type.findData("victim"))
        consent = form.sections.consent_choice
        consent.setCurrentIndex(consent.findData("police_without_details"))
        form.binder.fields["person.postcode"].set("LE1 5W")
        form.binder.fields["perception"].set("They shouted about my headscarf as they pushed past.")
        form.sections.strands.set_value([{"strand": "religion", "sub_category": "muslim"}])
        form.sections.offender_list.set_value([{"sex": "male", "clothing": "Grey hoodie"}])
        form.check()
        form.save_now()
        for index, name in enumerate(
            [
                "consent",
                "person",
                "what",
                "when-where",
                "offenders",
                "evidence",
                "support",
                "review",
            ]
        ):
            form.go_to(index)
            save(window, f"form-{index + 1}-{name}", suffix)
        session.users.add("Thaddeus Volunteer", "volunteer", "copper lantern meadow nine")
        window.nav.setCurrentRow(window.nav_targets.index("users"))
        save(window, "users", suffix)
        session.settings.set_centre_contact(
            "12 Mill Lane, Leicester LE1 1AA", "Mon-Fri 10:00-16:00", "0116 496 0000"
        )
        window.nav.setCurrentRow(window.nav_targets.index("settings"))
        save(window, "centre-settings", suffix)
        window.open_leaflets(session.reports.list()[0].reference)
        page = window.leaflets_page
        assert page is not None
        page.language.setCurrentIndex(page.language.findData("ur"))
        page.bilingual.setChecked(True)
        page.preview()
        for _round in range(200):
            QApplication.processEvents()
            if page.pages_row.count():
                break
            time.sleep(0.05)
        save(window, "leaflets", suffix)
        keys = minisign.KeyPair.generate()
        profile = ForceProfile("leicestershire", "Leicestershire Police",
                                       (str(pyrage.x25519.Identity.generate().to_public()),),
                                       keys.public_key.to_base64().decode())  # fmt: skip
        session.exports.import_profile(profile.to_bytes())
        window.nav.setCurrentRow(window.nav_targets.index("export"))
        assert window.export_page is not None
        wait_for(lambda: window.export_page is not None and window.export_page.plan.rowCount() > 0)
        save(window, "send-to-the-police", suffix)
        window.nav.setCurrentRow(window.nav_targets.index("statistics"))
        stats = window.statistics_page
        assert stats is not None
        for _round in range(200):
            QApplication.processEvents()
            if stats.figures is not None:
                break
            time.sleep(0.05)
        save(window, "statistics", suffix)
        stats.published.setChecked(True)
        stats.as_tables.setChecked(True)
        save(window, "statistics-published-tables", suffix)
        window.nav.setCurrentRow(window.nav_targets.index("audit"))
        assert window.audit_page is not None
        window.audit_page.verify()
        save(window, "audit-log", suffix)
        from intake_app.domain.follow_up import FollowUpEntry

        ready = [r for r in session.reports.list() if r.status != "draft"]
        for number, summary in enumerate(ready[:3]):
            session.follow_ups.add(summary.id, FollowUpEntry(
                "note", "Rang back: no answer.", next_action="Ring again about the referral",
                due_on=session.local_now().date() - timedelta(days=number),
            ))  # fmt: skip
        window.nav.setCurrentRow(window.nav_targets.index("due"))
        save(window, "due", suffix)
        about = AboutDialog(window)
        save(about, "about", suffix)
        about.close()
        window.nav.setCurrentRow(0)
        record = session.reports.get(ready[0].id)  # a case: its next actions and timeline
        save(ReportView(record, session), "report-view", suffix)
        window.close()


if __name__ == "__main__":
    main()
