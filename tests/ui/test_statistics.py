"""The Statistics screen: figures off the GUI thread, charts or tables, published view, saving."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from intake_app.app.session import Session
from intake_app.ui.pages import statistics_page
from intake_app.ui.pages.statistics_page import StatisticsPage


def _cells(page: StatisticsPage, key: str) -> dict[str, list[str]]:
    table = page.sections[key].table
    return {
        table.item(r, 0).text(): [table.item(r, c).text() for c in (1, 2, 3)]  # type: ignore[union-attr]
        for r in range(table.rowCount())
    }


def test_figures_charts_tables_and_the_published_view(qtbot: QtBot, session: Session) -> None:
    session.demo.generate(200, ready_share=1.0)
    page = StatisticsPage(session)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10000)
    figures = page.figures
    assert figures is not None
    assert page.demo.isVisible() and page.demo.isChecked()  # only demo reports so far
    assert f"{figures.total}</span>" in page.headline.text()
    month = page.sections["month"]
    assert month.stack.currentWidget() is month.chart
    assert (
        "Dec" in month.chart.accessibleDescription() or "Jan" in month.chart.accessibleDescription()
    )
    page.as_tables.setChecked(True)
    assert month.stack.currentWidget() is month.table
    exact = _cells(page, "strand")
    assert sum(int(v[0]) for v in exact.values()) >= figures.total
    page.published.setChecked(True)
    published = _cells(page, "religion")
    assert any(v[0] in ("<5", "*") for v in published.values())  # few religion reports each
    assert "means 1 to 4 reports" in page.headline.text()
    # A new period is counted again.
    page.preset.setCurrentIndex(2)  # last 3 months
    qtbot.waitUntil(lambda: page.figures is not None and len(page.figures.period.months) == 3)


def test_saving_writes_the_safe_file_and_audits_it(
    qtbot: QtBot, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.demo.generate(60, ready_share=1.0)
    page = StatisticsPage(session)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10000)
    target = tmp_path / "figures.csv"
    monkeypatch.setattr(
        statistics_page.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    page.csv_button.click()
    assert target.read_text("utf-8-sig").startswith("Table,Category,")
    assert "Saved figures.csv" in page.status.text()
    assert session.audit.readable()[0].action == "statistics.exported"


def test_a_month_typed_after_the_end_is_refused_plainly(qtbot: QtBot, session: Session) -> None:
    page = StatisticsPage(session)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10000)
    page.last.setDate(page.first.date().addMonths(-2))
    assert "ends before it starts" in page.status.text()
