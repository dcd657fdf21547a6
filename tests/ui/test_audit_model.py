"""The audit log's model, on its own over a real store: no view, no window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from intake_app.app.session import Session
from intake_app.services.audit import ACTION_WORDS, AuditEntry
from intake_app.ui.models.audit_model import AuditModel
from tests.conftest import full_report

SPOKEN = Qt.ItemDataRole.AccessibleTextRole


def rows(model: AuditModel, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> list[list[str]]:
    return [
        [model.data(model.index(r, c), role) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_entries_newest_first_in_words_with_names_and_references(session: Session) -> None:
    model = AuditModel(session.audit)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "When (UTC)",
        "Who",
        "What",
        "Which",
    ]
    before = model.rowCount()
    assert before >= 1 and rows(model)[-1][2] == ACTION_WORDS["store.created"]
    record = session.reports.create_draft(full_report())
    model.refresh()
    assert model.rowCount() == before + 1
    when, who, what, which = rows(model)[0]
    assert (who, what, which) == ("Amina", "Created a report", record.reference)
    assert when[2] == "/" and when.endswith(session.audit.readable()[0].at[11:19])  # UK order
    assert all("Zenobia" not in " ".join(row) for row in rows(model))  # never report content


def test_a_screen_reader_hears_every_cell_and_an_empty_record_as_such(session: Session) -> None:
    model = AuditModel(session.audit)
    shown, heard = rows(model), rows(model, SPOKEN)
    for shown_row, heard_row in zip(shown, heard, strict=True):
        assert heard_row[:3] == shown_row[:3]
        assert heard_row[3] == (shown_row[3] or "No record")
    assert "No record" in [row[3] for row in heard]  # setting the store up names no record


def test_an_action_without_words_shows_its_code_rather_than_nothing(session: Session) -> None:
    model = AuditModel(session.audit)
    model.apply([AuditEntry(99, "2026-11-21T12:00:00Z", "Amina", "something.new", None, None)])
    assert rows(model) == [["21/11/2026 12:00:00", "Amina", "something.new", ""]]
