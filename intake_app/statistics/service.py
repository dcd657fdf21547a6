"""Statistics for coordinators: figures for the screen, safe CSV and PDF exports (audited)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from intake_app.statistics.figures import Figures, Period, compute
from intake_app.statistics.publish import make_safe, to_csv
from intake_app.storage.files import atomic_write, disk_error
from intake_app.users import COORDINATOR

if TYPE_CHECKING:
    from intake_app.session import Session

Format = Literal["csv", "pdf"]


class StatisticsService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def has_reports(self, *, demo: bool) -> bool:
        """Whether any counted report is (or, with ``demo=False``, is not) demo data."""
        found = self.session.db.scalar(
            "SELECT 1 FROM statistics_entries WHERE is_demo = ? LIMIT 1", (int(demo),)
        )
        return bool(found)

    def figures(self, period: Period, *, include_demo: bool = True) -> Figures:
        """Exact counts, for coordinators inside the centre."""
        self.session.require(COORDINATOR)
        return compute(self.session.db, self.session.vocabulary, period, include_demo=include_demo)

    def export(self, figures: Figures, kind: Format, path: Path) -> None:
        """Write the safe figures to ``path`` and record it in the audit log."""
        self.session.require(COORDINATOR)
        safe = make_safe(figures)
        today = self.session.local_now().date()
        name = self.session.centre.name
        if kind == "csv":
            data = to_csv(safe, name, today)
        else:
            from intake_app.statistics.summary_pdf import render_summary

            data = render_summary(safe, name, today)
        try:
            atomic_write(Path(path), data)
        except OSError as exc:
            raise disk_error(exc) from None
        period = f"{figures.period.first}..{figures.period.last}"
        with self.session.db.transaction():
            self.session.audit.append(
                self.session.actor, "statistics.exported", None,
                f"{kind} {period}{' with demo reports' if figures.demo_reports else ''}",
            )  # fmt: skip
