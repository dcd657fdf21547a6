"""The last section: what will and will not reach the police, what is still missing, and Ready."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from intake_app.report import Report
from intake_app.report_sharing import sharing_summary
from intake_app.ui.report_sections import SECTIONS, section_of


class ReviewPage(QScrollArea):
    def __init__(self, go_to: Callable[[int], None], mark_ready: Callable[[], None]) -> None:
        super().__init__()
        self.go_to = go_to
        body = QWidget()
        self.column = QVBoxLayout(body)
        self.sharing = QLabel()
        self.sharing.setWordWrap(True)
        self.sharing.setAccessibleName("What will be shared")
        self.missing_title = QLabel()
        self.missing_title.setWordWrap(True)
        self.missing_box = QVBoxLayout()
        self.ready = QPushButton("Ready to send")
        self.ready.setAccessibleName("Mark the report ready to send")
        self.ready.clicked.connect(mark_ready)
        self.column.addWidget(self.sharing)
        self.column.addWidget(self.missing_title)
        self.column.addLayout(self.missing_box)
        self.column.addWidget(self.ready)
        self.column.addStretch(1)
        self.setWidgetResizable(True)
        self.setWidget(body)
        self.missing_buttons: list[QLabel] = []

    def show_report(
        self,
        report: Report,
        problems: list[tuple[str, str]],
        labels: dict[str, str],
        *,
        demo: bool = False,
    ) -> None:
        passed, kept, sentence = sharing_summary(report, demo=demo)

        def items(values: list[str]) -> str:
            return "".join(f"<li>{html.escape(v)}</li>" for v in values) or "<li>nothing</li>"

        self.sharing.setText(
            f"<h3>What happens to this report</h3><p>{html.escape(sentence)}</p>"
            f"<p><b>Passed to the police:</b></p><ul>{items(passed)}</ul>"
            f"<p><b>Stays at the centre:</b></p><ul>{items(kept)}</ul>"
        )
        for old in self.missing_buttons:
            self.missing_box.removeWidget(old)
            old.setParent(None)
            old.deleteLater()
        self.missing_buttons = []
        if problems:
            self.missing_title.setText(f"<h3>Still to do before it is ready ({len(problems)})</h3>")
        else:
            self.missing_title.setText("<h3>Everything needed is here.</h3>")
        for path, message in problems:
            section = section_of(path)
            field = labels.get(path.split("[")[0], path).rstrip(":")
            item = QLabel(
                f'• <a href="{section}">{html.escape(SECTIONS[section].title)} › '
                f"{html.escape(field)}</a> — {html.escape(message)}"
            )
            item.setWordWrap(True)
            item.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByKeyboard
                                         | Qt.TextInteractionFlag.LinksAccessibleByMouse)  # fmt: skip
            item.setAccessibleName(f"Go to {field}: {message}")
            item.linkActivated.connect(lambda target: self.go_to(int(target)))
            self.missing_box.addWidget(item)
            self.missing_buttons.append(item)
        self.ready.setEnabled(not problems)
