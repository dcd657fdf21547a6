"""Which questions the report form asks, from what is already answered: an anonymous report
asks for no names or contact details (the person's, the reporter's, how the police may make
contact); a witness or third party is asked about themselves; a parent's consent only for a
child (under 18); an organisation's details only when an organisation was targeted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from intake_app.support.i18n import _
from intake_app.ui.form.form_fields import Binder
from intake_app.ui.form.report_sections import SectionBuilder

REPORTER_IDENTIFYING = ("reporter.name", "reporter.phone", "reporter.email")
CONTACT_ROWS = ("contact.phone_ok", "contact.visit_ok", "contact.letter_ok", "contact.email_ok",
                "contact.plain_clothes_officer", "contact.officer_sex", "contact.best_times",
                "contact.through_trusted_person", "contact.trusted_person")  # fmt: skip
ANSWERS = ("_ok", "_officer", "through_trusted_person")  # yes / no / not asked: cleared to None
KEPT_AT_THE_CENTRE = ("police_without_details", "monitoring_only")


def show_what_is_asked(binder: Binder, sections: SectionBuilder) -> None:
    b = sections
    anonymous = b.anonymous.isChecked()
    b.person_group.setVisible(not anonymous)
    b.anonymous_note.setVisible(anonymous)
    b.kept_note.setVisible(b.consent_choice.currentData() in KEPT_AT_THE_CENTRE and not anonymous)
    b.reporter_group.setVisible(b.reporter_type.currentData() in ("witness", "third_party"))
    for path in (*REPORTER_IDENTIFYING, *CONTACT_ROWS):
        binder.set_row_visible(path, not anonymous)
    b.parental.setEnabled(b.under_18.isChecked())
    organisation = b.victim_type.currentData() == "organisation"
    b.organisation_group.setVisible(organisation)
    binder.set_row_visible("person.date_of_birth", not organisation and not anonymous)
    b.person_group.setTitle(
        # Translators: the heading of the person's details when an organisation was targeted.
        _("Who to contact at the organisation") if organisation else _("The person it happened to")
    )


def follow_answers(b: SectionBuilder, update: Callable[[], None]) -> None:
    """Call ``update`` whenever an answer that decides what else is asked changes."""
    for combo in (b.reporter_type, b.consent_choice, b.victim_type):
        combo.currentIndexChanged.connect(lambda _index: update())
    b.under_18.toggled.connect(lambda _checked: update())


class IdentifyingDetails:
    """Takes names and contact details out when a report becomes anonymous, and keeps them on
    screen only (never in the report) to put back if the box is unticked."""

    def __init__(self, binder: Binder) -> None:
        self.binder = binder
        self.hidden: dict[str, Any] = {}

    def _paths(self) -> list[str]:
        person = [p for p in self.binder.fields if p.startswith("person.")]
        return [*person, *REPORTER_IDENTIFYING, *CONTACT_ROWS]

    def take_out(self) -> bool:
        """Clear them; True when a name or contact detail had been typed."""
        values = {p: self.binder.fields[p].get() for p in self._paths()}
        self.hidden = {p: v for p, v in values.items() if v not in ("", None)}
        for path in self._paths():
            field = self.binder.fields[path]
            blocked = field.widget.blockSignals(True)
            field.set(None if path.endswith(ANSWERS) else "")
            field.widget.blockSignals(blocked)
        return any(p.startswith(("person.", "reporter.")) for p in self.hidden)

    def toggled(self, anonymous: bool) -> str:
        """The anonymous box ticked or unticked: take the details out or put them back. Returns
        what to tell the volunteer ("" if nothing)."""
        if not anonymous:
            self.put_back()
            return ""
        if not self.take_out():
            return ""
        # Translators: 'anonymous' names the tick box "The person wants to stay anonymous".
        return _(
            "Names and contact details were taken out, as the report is anonymous. "
            "Untick 'anonymous' to bring them back."
        )

    def put_back(self) -> None:
        for path, value in self.hidden.items():
            self.binder.fields[path].set(value)
        self.hidden = {}


def widget_for(path: str, binder: Binder, sections: SectionBuilder) -> QWidget | None:
    """The control a problem's path is about (``offenders[1].clothing`` included)."""
    head, _bracket, rest = path.partition("[")
    if rest and head in ("offenders", "witnesses"):
        entries = getattr(sections, f"{head[:-1]}_list").entries
        index, _dot, name = rest.partition("].")
        if index.isdigit() and int(index) < len(entries):
            field = entries[int(index)][1].fields.get(name)
            return field.widget if field else None
    field = binder.fields.get(path) or binder.fields.get(head)
    return field.widget if field else None
