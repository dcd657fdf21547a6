"""The users table's model, on its own over a real store: no view, no window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from intake_app.app.session import Session
from intake_app.ui.models.users_model import UsersModel
from tests.conftest import VOLUNTEER_PASSPHRASE

DISPLAY = Qt.ItemDataRole.DisplayRole
SPOKEN = Qt.ItemDataRole.AccessibleTextRole
HOVER = Qt.ItemDataRole.ToolTipRole
ACROSS = Qt.Orientation.Horizontal


def cells(model: UsersModel, role: Qt.ItemDataRole = DISPLAY) -> list[list[object]]:
    return [
        [model.data(model.index(r, c), role) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_lists_the_centres_users_with_headers(session: Session) -> None:
    model = UsersModel(session.users)
    assert (model.rowCount(), model.columnCount()) == (1, 3)
    assert [model.headerData(c, ACROSS) for c in range(3)] == ["Name", "Role", "State"]
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert cells(model) == [["Amina", "Coordinator", "Active"]]
    assert cells(model, SPOKEN) == [["Amina", "Coordinator", "Active"]]
    assert cells(model, HOVER) == [[None, None, None]]
    assert model.name_at(0) == "Amina"


def test_refresh_shows_a_user_added_and_one_deactivated(session: Session) -> None:
    model = UsersModel(session.users)
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    assert model.rowCount() == 1  # not read again yet
    model.refresh()
    assert cells(model) == [["Amina", "Coordinator", "Active"], ["Thaddeus", "Volunteer", "Active"]]
    session.users.deactivate("Thaddeus")
    model.refresh()
    state = model.index(1, 2)
    assert model.data(state) == "Deactivated"
    assert model.data(state, SPOKEN) == "Deactivated: can no longer unlock the store"
    assert model.data(state, HOVER) == "Deactivated: can no longer unlock the store"
    # The deactivated person's whole row is greyed; an active person's is drawn as usual.
    grey = cells(model, Qt.ItemDataRole.ForegroundRole)
    assert grey[0] == [None, None, None]
    assert all(isinstance(c, QColor) for c in grey[1]) and len({c.name() for c in grey[1]}) == 1


def test_a_row_is_found_again_by_its_user_after_a_refresh(session: Session) -> None:
    session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    model = UsersModel(session.users)
    key = model.key(model.row_at(1))
    session.users.add("Beatrice", "volunteer", VOLUNTEER_PASSPHRASE)  # sorts before Thaddeus
    model.refresh()
    assert model.find(key) == 2 and model.name_at(2) == "Thaddeus"


def test_nothing_is_answered_outside_the_table(session: Session) -> None:
    model = UsersModel(session.users)
    assert model.data(model.index(5, 0)) is None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) is None
    assert model.rowCount(model.index(0, 0)) == 0  # a flat table: no rows under a cell
