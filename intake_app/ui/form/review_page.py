"""The last section: what will and will not reach the police, what is still missing, and Ready."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain.report import PoliceCopy, Report
from intake_app.domain.report_sharing import sharing_summary
from intake_app.support.i18n import N_, _, ngettext
from intake_app.ui.form.form_pages import SECTIONS, section_of
from intake_app.ui.form.police_copy_box import PoliceCopyBox

HAND_OVER = N_(
    "Ready to send hands the report to the centre, sealed so that only a coordinator can open "
    "it: you will not be able to open it again. Print the person's copy first if they want one "
    "(the leaflet can still be printed after)."
)


class ReviewPage(QScrollArea):
    def __init__(
        self,
        go_to_field: Callable[[str], None],
        mark_ready: Callable[[], None],
        on_police_copy: Callable[[PoliceCopy], None],
    ) -> None:
        super().__init__()
        self.go_to_field = go_to_field
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the links and the button
        body = QWidget()
        self.column = QVBoxLayout(body)
        self.sharing = QLabel()
        self.sharing.setWordWrap(True)
        self.police = PoliceCopyBox(on_police_copy)
        self.missing_title = QLabel()
        self.missing_title.setWordWrap(True)
        self.missing_box = QVBoxLayout()
        self.ready = QPushButton(_("&Ready to send"))
        self.ready.clicked.connect(mark_ready)
        self.hand_over_note = QLabel(_(HAND_OVER))
        self.hand_over_note.setWordWrap(True)
        self.hand_over_note.hide()  # shown for a volunteer working in their workspace
        self.confirming = False
        self.column.addWidget(self.sharing)
        self.column.addWidget(self.police)
        self.column.addWidget(self.missing_title)
        self.column.addLayout(self.missing_box)
        self.column.addWidget(self.hand_over_note)
        self.column.addWidget(self.ready)
        self.column.addStretch(1)
        self.setWidgetResizable(True)
        self.setWidget(body)
        self.missing_buttons: list[QCommandLinkButton] = []
        self._shown: list[tuple[str, str]] | None = None

    def show_state(self, status: str, *, hands_over: bool) -> None:
        """Ready only for a draft; a volunteer is told before that it leaves their workspace."""
        self.ready.setVisible(status == "draft")
        self.hand_over_note.setVisible(hands_over and status == "draft")

    def ask_to_confirm(self) -> None:
        """Handing over cannot be undone: the button asks again, in words, before it does."""
        self.confirming = True
        question = html.escape(_("Hand it over now?"))
        explanation = html.escape(
            _(
                "Once it has gone you cannot open it again; only a coordinator can. Press the "
                "button again to hand it over, or change anything to think again."
            )
        )
        self.hand_over_note.setText(f"<b>{question}</b> {explanation}")
        # Translators: the Ready button's text once pressed, asking to press again to confirm.
        self.ready.setText(_("Yes, hand it &over to the centre now"))
        self.ready.setFocus()
        self.ensureWidgetVisible(self.hand_over_note)  # the question, even at large text
        self.ensureWidgetVisible(self.ready)

    def stop_confirming(self) -> None:
        if self.confirming:
            self.confirming = False
            self.hand_over_note.setText(_(HAND_OVER))
            self.ready.setText(_("&Ready to send"))

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
            # Translators: in a list of what goes to the police, or stays at the centre.
            nothing = _("nothing")
            return (
                "".join(f"<li>{html.escape(_(v))}</li>" for v in values)
                or f"<li>{html.escape(nothing)}</li>"
            )

        heading = html.escape(_("What happens to this report"))
        to_police = html.escape(_("Passed to the police:"))
        at_centre = html.escape(_("Stays at the centre:"))
        self.sharing.setText(
            f"<h3>{heading}</h3><p>{html.escape(_(sentence))}</p>"
            f"<p><b>{to_police}</b></p><ul>{items(passed)}</ul>"
            f"<p><b>{at_centre}</b></p><ul>{items(kept)}</ul>"
        )
        self.police.show_report(report)
        self.ready.setEnabled(not problems)
        if problems == self._shown:
            return  # the same list: keep the buttons (and the focus on one of them)
        self._shown = list(problems)
        for old in self.missing_buttons:
            self.missing_box.removeWidget(old)
            old.setParent(None)
            old.deleteLater()
        self.missing_buttons = []
        if problems:
            # Translators: a heading; {count} is how many things are still to do.
            title = ngettext(
                "Still to do before it is ready ({count})",
                "Still to do before it is ready ({count})",
                len(problems),
            ).format(count=len(problems))
        else:
            title = _("Everything needed is here.")
        self.missing_title.setText(f"<h3>{html.escape(title)}</h3>")
        for path, message in problems:
            section = _(SECTIONS[section_of(path)].title)
            field = labels.get(path.split("[")[0], path).rstrip(":")
            # Translators: a link to a field that still needs something: "Go to The person ›
            # Date of birth"; {section} is a section of the form, {field} a field's label.
            text = _("Go to {section} › {field}").format(section=section, field=field)
            link = QCommandLinkButton(text, message)
            link.setAccessibleDescription(message)
            link.setAutoDefault(True)  # Return follows the link too, not only Space
            link.clicked.connect(lambda _checked=False, p=path: self.go_to_field(p))
            self.missing_box.addWidget(link)
            self.missing_buttons.append(link)
