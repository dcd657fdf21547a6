"""The centre's users as a Qt table model: name, role and whether they can still unlock."""

from __future__ import annotations

from intake_app.services.users import User, UserService
from intake_app.ui.models.rows_model import Cell, RowsModel


class UsersModel(RowsModel[User]):
    columns = ("Name", "Role", "State")

    def __init__(self, users: UserService) -> None:
        super().__init__()
        self.users = users
        self.refresh()

    def refresh(self) -> None:
        self.apply(self.users.list())

    def key(self, row: User) -> object:
        return row.id

    def cell(self, row: User, column: int) -> Cell:
        dimmed = not row.active  # a deactivated person's whole row is greyed
        if column == 0:
            return Cell(row.name, dimmed=dimmed)
        if column == 1:
            return Cell(row.role.capitalize(), dimmed=dimmed)
        if row.active:
            return Cell("Active")
        explained = "Deactivated: can no longer unlock the store"
        return Cell("Deactivated", spoken=explained, tip=explained, dimmed=True)

    def name_at(self, row: int) -> str:
        return self.rows[row].name
