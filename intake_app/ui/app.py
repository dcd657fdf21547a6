"""Start the desktop app: set up a store the first time, otherwise unlock, then the main window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QDialog

from intake_app.paths import SLOTS_NAME, resolve_data_dir
from intake_app.ui.main_window import MainWindow
from intake_app.ui.setup_wizard import SetupWizard
from intake_app.ui.unlock_dialog import UnlockDialog


class IntakeApp:
    def __init__(self, data_dir: os.PathLike[str] | str | None = None) -> None:
        self.data_dir = resolve_data_dir(data_dir)
        self.window: MainWindow | None = None

    def start(self) -> bool:
        """Show setup or unlock; False if the person cancelled."""
        if not (self.data_dir / SLOTS_NAME).exists():
            wizard = SetupWizard(self.data_dir)
            if wizard.exec() != QDialog.DialogCode.Accepted or wizard.session is None:
                if wizard.session is not None:
                    wizard.session.close()
                return False
            session = wizard.session
        else:
            dialog = UnlockDialog(self.data_dir)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.session is None:
                return False
            session = dialog.session
        self.window = MainWindow(session, self.relock)
        self.window.show()
        return True

    def relock(self) -> None:
        dialog = UnlockDialog(self.data_dir)
        if (
            dialog.exec() == QDialog.DialogCode.Accepted
            and dialog.session is not None
            and self.window
        ):
            self.window.show_session(dialog.session)
            self.window.show()
        else:
            QApplication.quit()


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)
    parser = argparse.ArgumentParser(prog="intake-app", description="The Intake desktop app.")
    parser.add_argument("--data-dir", help="folder holding the store (default: your data folder)")
    args, qt_args = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    qt_app = QApplication([sys.argv[0], *qt_args])
    qt_app.setApplicationName("Intake")
    app = IntakeApp(args.data_dir)
    if not app.start():
        return 0
    return qt_app.exec()


if __name__ == "__main__":
    sys.exit(main())
