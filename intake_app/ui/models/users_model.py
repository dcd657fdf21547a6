"""The centre's users as a Qt table model: name, role and whether they can still unlock."""

from __future__ import annotations

from intake_app.domain.accounts import CASEWORKER, COORDINATOR, VOLUNTEER
from intake_app.services.users import User, UserService
from intake_app.support.i18n import N_, _, pgettext
from intake_app.ui.models.rows_model import Cell, RowsModel


def role_label(role: str) -> str:
    """A user's role as a person reads it (the code itself, capitalised, if it is new)."""
    labels = {
        COORDINATOR: pgettext("user role", "Coordinator"),
        VOLUNTEER: pgettext("user role", "Volunteer"),
        CASEWORKER: pgettext("user role", "Caseworker"),
    }
    return labels.get(role, role.capitalize())


class UsersModel(RowsModel[User]):
    columns = (
        "Name",  # translated in ``header``, with its context
        # Translators: a column header: a user's role (coordinator or volunteer).
        N_("Role"),
        # Translators: a column header: whether a user is active or deactivated.
        N_("State"),
    )

    def __init__(self, users: UserService) -> None:
        super().__init__()
        self.users = users
        self.refresh()

    def refresh(self) -> None:
        self.apply(self.users.list())

    def key(self, row: User) -> object:
        return row.id

    def header(self, section: int) -> str:
        if section == 0:
            # Translators: a column header: the user's name (a person's name).
            return pgettext("person", "Name")
        return super().header(section)

    def cell(self, row: User, column: int) -> Cell:
        dimmed = not row.active  # a deactivated person's whole row is greyed
        if column == 0:
            return Cell(row.name, dimmed=dimmed)
        if column == 1:
            return Cell(role_label(row.role), dimmed=dimmed)
        if row.active:
            return Cell(pgettext("user state", "Active"))
        explained = _("Deactivated: can no longer unlock the store")
        return Cell(
            pgettext("user state", "Deactivated"), spoken=explained, tip=explained, dimmed=True
        )

    def name_at(self, row: int) -> str:
        return self.rows[row].name
