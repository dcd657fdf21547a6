"""The form's sections (their titles, the fields each holds) and the frame each page sits in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from intake_app.support.i18n import N_, _


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # English, marked for translation: shown as _(section.title)
    paths: tuple[str, ...]  # field paths whose problems belong to this section


SECTIONS = (
    # Translators: the form's sections, listed down its side.
    Section("consent", N_("Consent and who is reporting"),
            ("reporter_type", "victim_type", "anonymous", "consent", "referral_to_support", "under_18",
             "parental_consent", "adult_at_risk", "shared_with")),
    Section("person", N_("Who it happened to"), ("person", "reporter", "organisation")),
    Section("what", N_("What happened and why"),
            ("perception", "perceived_by", "strands", "incident_types", "description", "exact_words")),
    Section("when_where", N_("When and where"), ("when", "where")),
    Section("offenders", N_("Who did it"), ("offender_count", "offenders")),
    Section("evidence", N_("Witnesses and evidence"), ("witnesses", "evidence", "harm")),
    Section("support", N_("Support and contact needs"),
            ("contact", "interpreter_language", "access_needs", "history")),
    Section("review", N_("Review and send"), ("police_copy",)),
)  # fmt: skip


def section_of(path: str) -> int:
    head = path.split(".")[0].split("[")[0]
    for index, section in enumerate(SECTIONS):
        if path in section.paths or head in section.paths:
            return index
    return 0


def page(*parts: QWidget | QFormLayout, intro: str = "") -> QScrollArea:
    """A section's page; ``intro`` (translated) is a note above its fields."""
    body = QWidget()
    column = QVBoxLayout(body)
    if intro:
        note = QLabel(intro)
        note.setWordWrap(True)
        column.addWidget(note)
    for part in parts:
        if isinstance(part, QFormLayout):
            holder = QWidget()
            holder.setLayout(part)
            column.addWidget(holder)
        else:
            column.addWidget(part)
    column.addStretch(1)
    scroll = FormPage()
    scroll.setWidgetResizable(True)
    scroll.setWidget(body)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not the frame
    return scroll


class FormPage(QScrollArea):
    """A section's page that scrolls to whatever gets the focus in it, however it got there
    (Tab already does; an Alt+letter key or the review's links did not)."""

    def __init__(self) -> None:
        super().__init__()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        body = self.widget()
        if new is not None and body is not None and body.isAncestorOf(new):
            self.ensureWidgetVisible(new, 16, 24)


def group(title: str, form: QFormLayout) -> QGroupBox:
    """A titled box of fields (``title`` translated)."""
    box = QGroupBox(title)
    box.setLayout(form)
    return box


# The choices for the officer a person would prefer: (code, label), the labels translated where
# shown.
OFFICER_SEX = (
    ("no_preference", N_("No preference")),
    ("female", N_("Female officer")),
    ("male", N_("Male officer")),
)


def translated(options: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(code, label) choices with their labels in the language the app speaks."""
    return [(code, _(label)) for code, label in options]


class Choice(NamedTuple):
    code: str
    label: str  # translated
